"""Small python-docx toolkit that writes the official look of the built-in templates.

Used only by :mod:`inspections.documents.build_templates`.  Everything written here is
plain Word formatting (styles, tables, tab stops, a footer), so administrators can edit
the generated templates in Word; docxtpl (Jinja) tags are written as ordinary text,
one tag never split over several runs.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"
FONT_SIZE = 12
TEXT_WIDTH = 16.5  # cm: A4 (21 cm) minus 3 cm left and 1.5 cm right margins
INDENT = 1.25  # cm: first-line indent of body paragraphs
FIXED_TIME = dt.datetime(2026, 1, 1, 0, 0, 0)

J = WD_ALIGN_PARAGRAPH.JUSTIFY
C = WD_ALIGN_PARAGRAPH.CENTER
L = WD_ALIGN_PARAGRAPH.LEFT
R = WD_ALIGN_PARAGRAPH.RIGHT

# A run is "text" or ("text", "b" | "i" | "bi" | "").
Run = str | tuple[str, str]

# Child order required by the WordprocessingML schema (Word refuses files that break it).
_ORDER = {
    qn("w:pPr"): [qn(t) for t in (
        "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
        "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
        "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
        "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
        "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
        "w:pPrChange")],
    qn("w:rPr"): [qn(t) for t in (
        "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
        "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
        "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
        "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
        "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
        "w:eastAsianLayout", "w:specVanish", "w:oMath")],
}


def _normalise_order(root) -> None:
    """Sort the children of every pPr / rPr under ``root`` into schema order."""
    for tag, order in _ORDER.items():
        rank = {name: i for i, name in enumerate(order)}
        for element in root.iter(tag):
            children = list(element)
            ordered = sorted(children, key=lambda c: rank.get(c.tag, len(order)))
            if ordered != children:
                for child in children:
                    element.remove(child)
                for child in ordered:
                    element.append(child)


def _set_fonts(rpr, lang: str, size: int) -> None:
    """Explicit Times New Roman for every script (Kazakh letters included) and language."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(size * 2))
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr.append(lang_el)
    for attr in list(lang_el.attrib):
        del lang_el.attrib[attr]
    lang_el.set(qn("w:val"), {"kk": "kk-KZ", "ru": "ru-RU"}[lang])


class Doc:
    """One template being built."""

    def __init__(self, lang: str, title: str) -> None:
        self.lang = lang
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
        section.header_distance, section.footer_distance = Cm(1.25), Cm(1)
        styles = self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_fonts(rpr_default, lang, FONT_SIZE)
        spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
        if spacing is not None:
            for key, val in (("w:after", "0"), ("w:line", "240"), ("w:lineRule", "auto")):
                spacing.set(qn(key), val)
        for name in ("Normal", "Footer", "Header"):
            style = styles[name]
            _set_fonts(style.element.get_or_add_rPr(), lang, FONT_SIZE)
            fmt = style.paragraph_format
            fmt.space_before = fmt.space_after = Pt(0)
            fmt.line_spacing = 1.0
        props = self.doc.core_properties
        props.title = title
        props.author = props.last_modified_by = "Бақылау"
        props.subject = props.keywords = props.comments = props.category = ""
        props.language = {"kk": "kk-KZ", "ru": "ru-RU"}[lang]
        props.created = props.modified = FIXED_TIME
        props.last_printed = FIXED_TIME
        props.revision = 1

    # -- paragraphs ---------------------------------------------------------
    def p(self, *runs: Run, align=J, indent: float | None = INDENT, left: float = 0,
          before: float = 0, after: float = 3, size: int | None = None,
          keep: bool = False, container=None):
        """A paragraph of runs; first-line ``indent`` and ``left`` indent in cm."""
        target = container if container is not None else self.doc
        par = target.add_paragraph()
        fmt = par.paragraph_format
        par.alignment = align
        fmt.first_line_indent = Cm(indent) if indent else None
        fmt.left_indent = Cm(left) if left else None
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.keep_with_next = keep or None
        for run in runs:
            text, style = (run, "") if isinstance(run, str) else run
            r = par.add_run(text)
            r.bold = True if "b" in style else None
            r.italic = True if "i" in style else None
            if size:
                r.font.size = Pt(size)
        return par

    def tag(self, statement: str, container=None) -> None:
        """A paragraph holding only a docxtpl paragraph tag, e.g. ``{%p if x %}``."""
        self.p(statement, indent=None, after=0, container=container)

    def field(self, number: str, label: str, *value: Run, keep: bool = False) -> None:
        """A numbered element of the document: ``1) Label: value``."""
        runs: list[Run] = [(f"{number} {label}", "b")]
        if value:
            runs.append(" ")
            runs.extend(value)
        self.p(*runs, keep=keep)

    def item(self, *runs: Run, after: float = 1) -> None:
        """An indented line of a list (an inspector, a ground, a right …)."""
        self.p(*runs, indent=None, left=INDENT, after=after)

    def note(self, *runs: Run) -> None:
        """A smaller explanatory paragraph citing the law."""
        self.p(*runs, size=11, before=2, after=4)

    def blank_line(self, label: str, caption: str, after: float = 4) -> None:
        """A line to be completed by hand (receipt marks, resolutions)."""
        self.p((label, "b"), indent=None, before=4, after=0, keep=True)
        self.p("_" * 62, indent=None, after=0, keep=True)
        self.p((caption, "i"), indent=None, size=9, after=after, align=C)

    # -- blocks of the official look ---------------------------------------
    def authority_header(self) -> None:
        """The issuing body, centred and bold, with a rule under it."""
        par = self.p(("{{ authority_name }}", "b"), align=C, indent=None, after=6)
        ppr = par._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, val in (("w:val", "thickThinSmallGap"), ("w:sz", "18"),
                         ("w:space", "4"), ("w:color", "auto")):
            bottom.set(qn(key), val)
        borders.append(bottom)
        ppr.append(borders)

    def title(self, text: str) -> None:
        self.p((text, "b"), align=C, indent=None, before=10, after=6, size=13, keep=True)

    def number_line(self) -> None:
        """``№ …`` on the left, the date on the right (tab stop at the right margin)."""
        par = self.p("№ {{ doc_number }}\t{{ doc_date }}", indent=None, align=L, after=0)
        par.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)

    def place_line(self) -> None:
        self.p("{{ place }}", indent=None, align=L, after=10)

    def heading(self, text: str) -> None:
        self.p((text, "b"), indent=None, before=6, after=3, keep=True)

    def right_block(self, *lines: Run, before: float = 0, size: int | None = None) -> None:
        """Lines set as a block at the right (address block, copy mark)."""
        for i, line in enumerate(lines):
            self.p(line, indent=None, left=9.5, align=L, after=0, size=size,
                   before=before if i == 0 else 0)

    # -- tables -------------------------------------------------------------
    def _table(self, rows: int, widths: list[float], borders: bool):
        table = self.doc.add_table(rows=rows, cols=len(widths))
        if borders:
            table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for col, width in zip(table.columns, widths, strict=True):
            col.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
        return table

    @staticmethod
    def _cell(cell, content, align=L, size: int | None = None,
              valign=WD_CELL_VERTICAL_ALIGNMENT.TOP) -> None:
        """Fill a cell: ``content`` is a run, or a list of paragraphs (each a list of runs)."""
        paragraphs = content if isinstance(content, list) else [[content]]
        cell.vertical_alignment = valign
        first = cell.paragraphs[0]
        for i, runs in enumerate(paragraphs):
            par = first if i == 0 else cell.add_paragraph()
            par.alignment = align
            for run in runs:
                text, style = (run, "") if isinstance(run, str) else run
                r = par.add_run(text)
                r.bold = True if "b" in style else None
                r.italic = True if "i" in style else None
                if size:
                    r.font.size = Pt(size)

    def grid(self, headers: list[str], widths: list[float], loop: str, cells: list,
             aligns: list | None = None, size: int = 11, static_rows: list | None = None,
             after: float = 6) -> None:
        """A bordered table: a repeated bold header row, optional static rows, then a
        docxtpl row loop (``{%tr for … %}`` … ``{%tr endfor %}``) over ``cells``."""
        aligns = aligns or [L] * len(widths)
        static_rows = static_rows or []
        table = self._table(1 + len(static_rows) + 3, widths, borders=True)
        header = table.rows[0]
        tr_pr = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        tr_pr.append(repeat)
        for cell, text in zip(header.cells, headers, strict=True):
            self._cell(cell, (text, "b"), align=C, size=size,
                       valign=WD_CELL_VERTICAL_ALIGNMENT.CENTER)
        for row, contents in zip(table.rows[1:1 + len(static_rows)], static_rows, strict=True):
            for cell, content, align in zip(row.cells, contents, aligns, strict=True):
                self._cell(cell, content, align=align, size=size)
        base = 1 + len(static_rows)
        self._cell(table.rows[base].cells[0], f"{{%tr {loop} %}}", size=size)
        for cell, content, align in zip(table.rows[base + 1].cells, cells, aligns,
                                        strict=True):
            self._cell(cell, content, align=align, size=size)
        self._cell(table.rows[base + 2].cells[0], "{%tr endfor %}", size=size)
        self.p("", indent=None, after=after)

    def signatures(self, rows: list[tuple], before: float = 6) -> None:
        """A borderless signature block: position | ________ | name.

        ``rows`` entries: ``(position, name)`` or ``("for x in xs", position, name)``
        for a docxtpl row loop.
        """
        count = sum(3 if len(r) == 3 else 1 for r in rows)
        widths = [7.0, 3.3, 6.2]
        self.p("", indent=None, after=0, before=before)
        table = self._table(count, widths, borders=False)
        i = 0
        for entry in rows:
            if len(entry) == 3:
                self._cell(table.rows[i].cells[0], f"{{%tr {entry[0]} %}}")
                i += 1
            position, name = entry[-2], entry[-1]
            cells = table.rows[i].cells
            self._cell(cells[0], position)
            self._cell(cells[1], [["____________"]], align=C,
                       valign=WD_CELL_VERTICAL_ALIGNMENT.BOTTOM)
            self._cell(cells[2], name, align=R, valign=WD_CELL_VERTICAL_ALIGNMENT.BOTTOM)
            for cell in cells:
                cell.paragraphs[-1].paragraph_format.space_after = Pt(10)
            i += 1
            if len(entry) == 3:
                self._cell(table.rows[i].cells[0], "{%tr endfor %}")
                i += 1

    # -- footer ---------------------------------------------------------------
    def footer(self, text: str, qr: str | None = None) -> None:
        """Verification line (beside the ``qr`` tag, if given) and page number at the foot
        of every page."""
        foot = self.doc.sections[0].footer
        par = foot.paragraphs[0]
        par.alignment = L
        par.paragraph_format.space_after = Pt(0)
        top = OxmlElement("w:pBdr")
        line = OxmlElement("w:top")
        for key, val in (("w:val", "single"), ("w:sz", "4"), ("w:space", "2"),
                         ("w:color", "auto")):
            line.set(qn(key), val)
        top.append(line)
        par._p.get_or_add_pPr().append(top)
        if qr is None:
            run = par.add_run(text)
            run.font.size = Pt(9)
        else:
            # A borderless row under the rule: the QR code, then the verification text.
            table = foot.add_table(rows=1, cols=2, width=Cm(TEXT_WIDTH))
            table.autofit = False
            for col, cell, width in zip(table.columns, table.rows[0].cells,
                                        (2.4, TEXT_WIDTH - 2.4), strict=True):
                col.width = cell.width = Cm(width)
            self._cell(table.rows[0].cells[0], qr, size=9)
            self._cell(table.rows[0].cells[1], text, size=9,
                       valign=WD_CELL_VERTICAL_ALIGNMENT.CENTER)
        num = foot.add_paragraph()
        num.alignment = R
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), "18")
        rpr.append(sz)
        r.append(rpr)
        t = OxmlElement("w:t")
        t.text = "1"
        r.append(t)
        field.append(r)
        num._p.append(field)

    # -- output ---------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The DOCX, byte-for-byte reproducible (fixed zip timestamps and order)."""
        _normalise_order(self.doc.element)
        _normalise_order(self.doc.styles.element)
        for section in self.doc.sections:
            _normalise_order(section.footer._element)
        raw = io.BytesIO()
        self.doc.save(raw)
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
                zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
                fixed.compress_type = zipfile.ZIP_DEFLATED
                fixed.external_attr = 0o644 << 16
                dst.writestr(fixed, src.read(info.filename))
        return out.getvalue()
