"""The dossier report as a PDF (fpdf2), from the same data structure as the print page (report.py).

Font: fpdf2 ships no TrueType fonts. We embed DejaVu Sans (or Liberation Sans) when the machine has it, so
every character of the dossier prints as typed (ë, é, ‘’, and anything else people type); without either
font, the core font Helvetica is used and the text is reduced to Latin-1 first (ë and é stay, curly quotes
and dashes become plain ones, other accents are dropped, anything else becomes "?"), so a PDF is always
produced. `unicode=False` forces the core font; tests use it, with `compress=False`, to read the text back.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

FONT_CANDIDATES = [
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    ("/Library/Fonts/Arial Unicode.ttf", "/Library/Fonts/Arial Unicode.ttf"),
]
# What Latin-1 lacks but Dutch text often has.
LATIN1_REPLACEMENTS = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": ",",
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "€": "EUR",
        "•": "-",
        "→": "->",
        "✓": "v",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)


@cache
def unicode_font() -> tuple[str, str] | None:
    """Regular and bold TrueType files of a font with the characters Dutch text needs, if installed."""
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            return regular, bold
    return None


def latin1(text: str) -> str:
    """Text the PDF core fonts can print: Latin-1, with quotes and dashes made plain and accents dropped
    from letters Latin-1 does not have."""
    text = str(text).translate(LATIN1_REPLACEMENTS)
    out = []
    for char in text:
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            out.append(base if base and base.encode("latin-1", "ignore").decode("latin-1") == base else "?")
    return "".join(out)


def _language() -> str:
    return get_language() or "nl"


def case_pdf(data: dict[str, Any], *, unicode: bool | None = None, compress: bool = True) -> bytes:
    """The report as a PDF (A4). `unicode=False` forces the core font (tests read its text stream)."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    font = unicode_font() if unicode is not False else None
    clean = (lambda s: str(s)) if font else latin1
    family = "Report" if font else "helvetica"

    class ReportPDF(FPDF):
        def footer(self):
            self.set_y(-15)
            self.set_font(family, "", 8)
            self.set_text_color(80, 80, 80)
            line = _("%(title)s · vertrouwelijk · pagina %(page)s van {nb}") % {
                "title": data["title"],
                "page": self.page_no(),
            }
            self.cell(0, 6, clean(line), align="C")

    pdf = ReportPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_title(clean(data["title"]))
    pdf.set_creator("Signaalwijzer")
    pdf.set_lang(_language())
    if font:
        pdf.add_font(family, "", font[0])
        pdf.add_font(family, "B", font[1])
    pdf.alias_nb_pages()
    pdf.add_page()

    def write(text: str, *, size: float = 10, bold: bool = False, gap: float = 1.5, indent: float = 0):
        if not text:
            return
        pdf.set_font(family, "B" if bold else "", size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(0, size * 0.5, clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        pdf.ln(gap)

    def heading(text: str, size: float = 13):
        pdf.ln(2)
        write(text, size=size, bold=True, gap=1)

    def facts(rows: list[dict[str, str]], indent: float = 0):
        for row in rows:
            write(f"{row['label']}: {row['value']}", indent=indent, gap=0.5)
        pdf.ln(1)

    write(data["heading"], size=17, bold=True, gap=1)
    write(_("Gemaakt op %(moment)s met Signaalwijzer.") % {"moment": data["made_at"]}, size=9)
    if data["notice"]:
        pdf.set_draw_color(0, 0, 0)
        write(_("Versie zonder herkenbare gegevens"), size=11, bold=True, gap=0.5)
        write(data["notice"], size=9)
    facts(data["facts"])

    heading(_("Waar het dossier staat"))
    for step in data["progress"]["steps"]:
        state = (
            _("klaar")
            if step["done"]
            else (_("nu") if step["step"] == data["progress"]["current"] else _("nog te doen"))
        )
        write(f"{_('Stap')} {step['step']}: {step['title']} ({state})", gap=0.3)
        for missing in step["missing"]:
            write(f"- {missing}", indent=6, size=9, gap=0.3)
    if data["deadline"]:
        write(data["deadline"]["text"], bold=data["deadline"]["state"] == "overdue")

    heading(_("Uitkomst van de weging"))
    write(data["outcome"]["word"], bold=True, gap=0.5)
    write(data["outcome"]["lead"])
    if data["acute"]:
        write(_("Er is een signaal van direct gevaar aangevinkt. Bij direct gevaar: bel 112."), bold=True)
    if data["signals"]:
        write(_("Aangevinkte signalen:"), bold=True, gap=0.5)
        for signal in data["signals"]:
            write(f"- {signal['title']} ({signal['label']})", indent=3, gap=0.3)
    else:
        write(_("Nog geen signalen aangevinkt."))

    heading(_("Cliënt"))
    facts(data["client"])

    heading(_("Geschiedenis"))
    for entry in data["history"]:
        title = f"{entry['when']} · {entry['kind_label']}"
        if entry["step"]:
            title += f" · {_('stap')} {entry['step']}"
        write(title, bold=True, size=10, gap=0.3)
        write(f"{_('Door')}: {entry['author']}", size=9, gap=0.3)
        facts(entry["facts"], indent=3)
        if entry["text"]:
            write(f"{entry['text_label']}:", size=9, bold=True, indent=3, gap=0.3)
            write(entry["text"], size=10, indent=3, gap=2)
    return bytes(pdf.output())
