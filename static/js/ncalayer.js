/* Signing through NCALayer (issue 16). Vendored, no CDN.
 *
 * NCALayer, the National Certification Centre's signing application, listens on the
 * signer's own computer at wss://127.0.0.1:13579. We fetch the exact stored bytes of the
 * issued DOCX, ask NCALayer for a detached CMS (CAdES) over them with the signing key
 * ("SIGNATURE"), put the base64 CMS into the form and submit it: the server verifies it.
 *
 * Protocol (module kz.gov.pki.knca.commonUtils):
 *   -> {"module": "kz.gov.pki.knca.commonUtils", "method": "createCAdESFromBase64",
 *       "args": ["PKCS12", "SIGNATURE", "<base64 data>", false]}     (false = detached)
 *   <- {"code": "200", "responseObject": "<base64 CMS>"}   or {"code": "500", "message": …}
 * On connecting NCALayer may first send {"result": {"version": "…"}}; it is skipped.
 * Answers of the newer "basics" module ({"status": true, "body": {"result": ["…"]}}) are
 * understood too. */
(function () {
  "use strict";
  var form = document.getElementById("sign-form");
  if (!form) { return; }
  var button = document.getElementById("ncalayer-sign");
  var status = document.getElementById("ncalayer-status");
  var url = form.getAttribute("data-ncalayer");

  function say(key, cls) {
    status.hidden = false;
    status.className = "alert " + (cls || "alert-info");
    status.textContent = status.getAttribute("data-" + key) || key;
  }

  function toBase64(buffer) {
    var bytes = new Uint8Array(buffer), chunks = [], step = 0x8000;
    for (var i = 0; i < bytes.length; i += step) {
      chunks.push(String.fromCharCode.apply(null, bytes.subarray(i, i + step)));
    }
    return window.btoa(chunks.join(""));
  }

  function cmsFrom(answer) {
    if (answer.responseObject) { return answer.responseObject; }
    if (answer.body && answer.body.result) {
      var r = answer.body.result;
      return Array.isArray(r) ? r[0] : r;
    }
    return null;
  }

  function sign() {
    button.disabled = true;
    say("connecting");
    var socket;
    try { socket = new WebSocket(url); } catch (e) { say("missing", "alert-warning"); return; }
    var opened = false;
    socket.onerror = function () { if (!opened) { say("missing", "alert-warning"); } };
    socket.onclose = function () { button.disabled = false; if (!opened) { say("missing", "alert-warning"); } };
    socket.onopen = function () {
      opened = true;
      say("signing");
      fetch(form.getAttribute("data-document"), {credentials: "same-origin"})
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.arrayBuffer(); })
        .then(function (buffer) {
          socket.send(JSON.stringify({
            module: "kz.gov.pki.knca.commonUtils", method: "createCAdESFromBase64",
            args: ["PKCS12", "SIGNATURE", toBase64(buffer), false]
          }));
        })
        .catch(function () { say("missing", "alert-warning"); socket.close(); });
    };
    socket.onmessage = function (event) {
      var answer;
      try { answer = JSON.parse(event.data); } catch (e) { return; }
      if (answer.result && answer.result.version) { return; }  // greeting
      var cms = cmsFrom(answer);
      socket.close();
      if (!cms) { say("cancelled", "alert-warning"); return; }
      form.querySelector("input[name=cms]").value = cms;
      form.submit();
    };
  }

  button.hidden = false;
  button.addEventListener("click", sign);
})();
