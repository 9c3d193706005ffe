/* Issue 13: search-as-you-type for the subject pickers (see templates/_subject_picker.html).
   Without JavaScript the search field is a plain GET form; this only makes it live. */
(function () {
  "use strict";
  function refill(select, rows, live) {
    var current = select.value;
    var keep = Array.prototype.filter.call(select.options, function (o) {
      return o.value === "0" || o.value === current;
    });
    while (select.options.length) { select.remove(0); }
    keep.forEach(function (o) { select.add(o); });
    rows.forEach(function (row) {
      if (String(row.id) === current) { return; }
      var o = document.createElement("option");
      o.value = String(row.id);
      o.textContent = row.name + " — " + row.bin;
      select.add(o);
    });
    select.value = current;
    if (live) { live.textContent = String(rows.length); }
  }
  document.querySelectorAll("input[data-subject-search]").forEach(function (input) {
    var select = document.getElementById(input.dataset.target);
    var live = document.getElementById(input.dataset.target + "-live");
    var timer = null;
    var last = input.value.trim();
    if (!select) { return; }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var q = input.value.trim();
        if (q === last) { return; }
        last = q;
        var url = input.dataset.subjectSearch;
        url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q);
        window.fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (rows) { if (q === last) { refill(select, rows, live); } })
          .catch(function () { /* the plain search form still works */ });
      }, 200);
    });
  });
})();
