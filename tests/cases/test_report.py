"""The report: one data structure for the print page and the PDF, and its pseudonymised variant.

The pseudonymised variant must not contain anything that identifies the client: not in the fields, not in
the free text (as far as patterns reach), not in the PDF's text. Every check is made against the real
dossier, and proved to bite by the same check on the variant with everything in it.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from signaalwijzer.cases import pdf as report_pdf
from signaalwijzer.cases import pseudonymise, report, services
from tests.cases import factories
from tests.cases.helpers import audit_actions, text
from tests.cases.pdftext import pdf_text

pytestmark = pytest.mark.django_db

# Everything in factories.CLIENT, and how a professional might type it in a note.
IDENTIFYING = [
    "Vera",
    "Voorbeeld",
    "111222333",
    "111 222 333",
    "06-12345678",
    "+31 6 12345678",
    "0612345678",
    "vera.voorbeeld@example.org",
    "Proefstraat",
    "1234 AB",
    "1234AB",
    "Voorbeeldstad",
    "17-03-2008",
    "NL91ABNA0417164300",
    "Proef V.",  # the working title
]
# People who worked on the dossier: left out of the pseudonymised variant too.
STAFF = ["Pim Proef", "Cor Collega"]
NOTE = (
    "Gesprek met Vera Voorbeeld (Vera, mevrouw Voorbeeld; ‘Vera’s baas’) op de Proefstraat. Ze gaf "
    "BSN 111 222 333 en ook 111222333, belt vanaf 06-12345678 of +31 6 12345678 of 0612345678, mailt "
    "vanaf vera.voorbeeld@example.org. Ze woont in 1234 AB Voorbeeldstad (1234AB), geboren 17-03-2008. "
    "Loon gaat naar NL91ABNA0417164300. In 2026 en daarna gaat het beter, zegt ze; de baas houdt 300 euro in."
)


@pytest.fixture
def full_case(professional, colleague):
    case = factories.client(factories.case(owner=professional, indicators=factories.VERMOEDEN))
    services.case_share(case=case, actor=professional, user=colleague)
    case = factories.observation(case, actor=colleague, text=NOTE)
    case = factories.consultation(case, advice=f"Advies over Vera: bel {'06 12345678'}.")
    case.refresh_from_db()
    return case


def _contains(haystack: str, value: str) -> bool:
    """`value` as a word (or words) in `haystack`, any case: "Voorbeeld" is a name, "bijvoorbeeld" is not."""
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", haystack, re.IGNORECASE) is not None


def _everything(data) -> str:
    """Every string in the report, as one text."""
    out = []

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif value is not None:
            out.append(str(value))

    walk(data)
    return "\n".join(out)


def test_the_full_report_has_everything(full_case):
    data = report.case_report_data(full_case, pseudonymised=False)
    everything = _everything(data)
    for value in (
        "Vera Voorbeeld",
        "111222333",
        "06 12345678",
        "vera.voorbeeld@example.org",
        "Proef V.",
        "Pim Proef",
    ):
        assert value in everything
    assert NOTE in everything
    assert data["notice"] == ""
    assert [step["step"] for step in data["progress"]["steps"]] == [1, 2, 3, 4, 5]
    assert data["outcome"]["value"] == "vermoeden"
    assert (
        data["signals"][0]["title"] == "Moet van iemand anders stelen, dealen of andere strafbare dingen doen"
    )
    # Oldest first: the story as it happened.
    assert [e["kind"] for e in data["history"]][:2] == ["created", "client"]


def test_the_pseudonymised_report_has_nothing_identifying(full_case):
    data = report.case_report_data(full_case, pseudonymised=True)
    everything = _everything(data)
    for value in IDENTIFYING + STAFF:
        assert not _contains(everything, value), value
    assert "[weggelaten]" in everything
    assert data["heading"] == full_case.reference
    assert data["client"] == [{"label": "Leeftijd", "value": pseudonymise.age_band("2008-03-17", "onbekend")}]
    # What is not identifying stays: the substance of the note, numbers that are not a BSN or a phone.
    assert "In 2026 en daarna gaat het beter" in everything
    assert "300 euro" in everything
    assert "Moet van iemand anders stelen" in everything
    assert "de eigenaar" in everything and "een collega" in everything


def test_the_pseudonymised_report_says_what_was_left_out_and_asks_to_check(full_case):
    notice = report.case_report_data(full_case, pseudonymised=True)["notice"]
    assert "Weggelaten: naam, geboortedatum" in notice
    assert "Lees de vrije tekst zelf na voordat je dit deelt" in notice


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Vera Voorbeeld kwam langs.", "[weggelaten] kwam langs."),
        ("VERA kwam, en vera ook.", "[weggelaten] kwam, en [weggelaten] ook."),
        ("Vera's moeder", "[weggelaten] moeder"),
        ("Vera’s moeder", "[weggelaten] moeder"),
        ("Vèra belde", "[weggelaten] belde"),  # accents do not hide a name
        ("De Veranda van de buren", "De Veranda van de buren"),  # a name inside a word is not the name
        ("van der Voorbeeld", "van der [weggelaten]"),
        ("bel 06 12345678.", "bel [weggelaten]."),
        ("bel 020-1234567 of (020) 123 4567", "bel [weggelaten] of [weggelaten]"),
        ("bel +31 20 123 4567", "bel [weggelaten]"),
        ("BSN 123456782, ook 1234.56.782", "BSN [weggelaten], ook [weggelaten]"),
        ("postcode 9999 ZZ en 9999zz", "postcode [weggelaten] en [weggelaten]"),
        ("in 2026 en daarna", "in 2026 en daarna"),
        ("mail proef@example.org!", "mail [weggelaten]!"),
        ("rekening NL91 ABNA 0417 1643 00", "rekening [weggelaten]"),
        ("Veilig Thuis 0800-2000 is gebeld", "Veilig Thuis 0800-2000 is gebeld"),
        ("op 20-11-2026 om 10.30 uur", "op 20-11-2026 om 10.30 uur"),
    ],
)
def test_free_text_is_scrubbed(professional, written, expected):
    case = factories.client(factories.case(owner=professional))
    assert pseudonymise.Pseudonymiser(case)(written) == expected


def test_name_parts_skip_particles_and_initials():
    assert pseudonymise.name_terms("Vera van der Voorbeeld-Proef") == [
        "Vera van der Voorbeeld-Proef",
        "Voorbeeld",
        "Proef",
        "Vera",
    ]
    assert pseudonymise.name_terms("J. de Vries") == ["J. de Vries", "Vries"]
    assert pseudonymise.name_terms("  ") == []


@pytest.mark.parametrize(
    ("born", "minor", "expected"),
    [
        ("2016-01-01", "onbekend", "jonger dan 12, minderjarig"),
        ("2010-11-30", "onbekend", "12 tot 16 jaar, minderjarig"),  # 16 tomorrow
        ("2010-11-29", "onbekend", "16 tot 18 jaar, minderjarig"),
        ("2008-11-29", "ja", "18 tot 23 jaar, volwassen"),  # the birthday itself: 18
        ("1960-01-01", "nee", "50 jaar of ouder, volwassen"),
        ("", "ja", "jonger dan 18"),
        ("", "nee", "18 of ouder"),
        ("", "onbekend", "onbekend"),
    ],
)
def test_the_age_band_replaces_the_birth_date(born, minor, expected):
    assert pseudonymise.age_band(born, minor, today=dt.date(2026, 11, 29)) == expected


def test_the_pdf_is_a_pdf_with_the_dossier_in_it(full_case):
    data = report.case_report_data(full_case, pseudonymised=False)
    pdf = report_pdf.case_pdf(data, compress=False)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    content = pdf_text(pdf)
    assert "Vera Voorbeeld" in content
    assert "cliënt" in content.lower()  # Dutch characters survive in the embedded font
    assert full_case.reference in content


def test_the_pseudonymised_pdf_has_no_client_details_in_its_text(full_case):
    data = report.case_report_data(full_case, pseudonymised=True)
    for unicode in (None, False):  # the embedded font, and the core-font fallback
        content = pdf_text(report_pdf.case_pdf(data, unicode=unicode, compress=False))
        assert full_case.reference in content
        assert "[weggelaten]" in content
        for value in IDENTIFYING:
            # Lines may wrap between words: check every word of a value on its own too.
            for word in {value, *value.split()}:
                if len(word) >= 4 and not word.isdigit():
                    assert not _contains(content, word), (unicode, word)
        for name in STAFF:
            assert not _contains(content, name), (unicode, name)
        for number in ("111222333", "12345678", "0417164300"):
            assert number not in content.replace(" ", ""), (unicode, number)


def test_the_core_font_fallback_keeps_dutch_letters_and_simplifies_the_rest():
    assert report_pdf.latin1("‘Zoë’ – café … €5 ő") == "'Zoë' - café ... EUR5 o"
    assert report_pdf.latin1("木") == "?"


def test_the_pdf_is_made_without_a_system_font_too(full_case, monkeypatch):
    monkeypatch.setattr(report_pdf, "FONT_CANDIDATES", [("/nope/regular.ttf", "/nope/bold.ttf")])
    report_pdf.unicode_font.cache_clear()
    try:
        pdf = report_pdf.case_pdf(report.case_report_data(full_case, pseudonymised=False), compress=False)
    finally:
        report_pdf.unicode_font.cache_clear()
    assert "Vera Voorbeeld" in pdf_text(pdf)
    assert b"/BaseFont /Helvetica" in pdf


# --- The views -----------------------------------------------------------------------------------------------


def test_the_print_page_is_the_report_and_is_audited(logged_in, full_case):
    response = logged_in.get(f"/dossiers/{full_case.pk}/afdrukken/")
    assert response.status_code == 200
    page = text(response)
    assert "Vera Voorbeeld" in page and "111222333" in page
    assert audit_actions(full_case.pk)[-1] == "case.print"


def test_the_pseudonymised_print_page_leaves_the_client_out(logged_in, full_case):
    page = text(logged_in.get(f"/dossiers/{full_case.pk}/afdrukken/?variant=pseudoniem"))
    main = page[page.index("<main") : page.index("</main>")]
    for value in IDENTIFYING + STAFF:
        assert not _contains(main, value), value
    assert "Versie zonder herkenbare gegevens" in main
    assert audit_actions(full_case.pk)[-1] == "case.print"


def test_the_pdf_download_is_audited_per_variant(logged_in, full_case):
    response = logged_in.get(f"/dossiers/{full_case.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="dossier-{full_case.reference}.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert audit_actions(full_case.pk)[-1] == "case.pdf"
    response = logged_in.get(f"/dossiers/{full_case.pk}/pdf/?variant=pseudoniem")
    assert response["Content-Disposition"].endswith('-pseudoniem.pdf"')
    assert audit_actions(full_case.pk)[-1] == "case.pdf_pseudonymised"


def test_the_report_of_a_closed_dossier_says_so(professional):
    case = factories.closed(factories.case(owner=professional))
    data = report.case_report_data(case, pseudonymised=False)
    facts = {f["label"]: f["value"] for f in data["facts"]}
    assert facts["Status"] == "Gesloten"
    assert "Gesloten op" in facts
    assert data["history"][-1]["text"] == "Hulp loopt, geen zorgen meer."
    assert timezone.localdate().year >= 2026
