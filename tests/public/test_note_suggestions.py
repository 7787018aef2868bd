"""The checklist reads a pasted note without JavaScript: suggestions pre-ticked, words marked, nothing stored."""

from __future__ import annotations

import gzip
import re

import pytest

from tests.public.test_page_weight import BUDGET, transferred

CHECKLIST = "/signaalwijzer/checklist/"
RESULT = "/signaalwijzer/resultaat/"
NOTE = (
    "Meneer werkt 12 uur per dag in de kas. Zijn paspoort ligt 'veilig' bij de baas.\n"
    "Hij heeft geen schulden."
)


def _zoek(client, **fields):
    data = {"rol": "wijkteam", "minderjarig": "", "notitie": NOTE, "actie": "zoek", **fields}
    return client.post(CHECKLIST, data)


def _checked(html: str) -> set[str]:
    return set(re.findall(r'name="signaal" value="([a-z_]+)"[^>]*checked', html))


def test_search_ticks_the_suggestions_and_marks_the_words(nl):
    response = _zoek(nl)

    assert response.status_code == 200
    html = response.content.decode()
    ticked = _checked(html)
    assert {"documents_withheld", "works_excessive_hours"} <= ticked
    assert "debts" not in ticked  # "geen schulden"
    assert "<mark>12 uur per dag</mark>" in html
    assert "Voorgesteld uit je tekst:" in html
    assert "‘12 uur per dag’" in html
    # The note stays in the box, so it can be changed and searched again.
    assert "Zijn paspoort ligt &#x27;veilig&#x27; bij de baas." in html
    assert 'id="uit-je-tekst"' in html


def test_search_keeps_what_was_ticked_and_chosen(nl):
    response = _zoek(nl, signaal=["lvb"], minderjarig="nee")

    html = response.content.decode()
    assert "lvb" in _checked(html)
    assert re.search(r'value="nee" id="minderjarig-nee"[^>]*checked', html)
    assert re.search(r'<option value="wijkteam" selected>', html)


def test_an_age_in_the_note_answers_the_minor_question_when_it_was_open(nl):
    response = _zoek(nl, notitie="Meisje (14) wordt na school opgehaald door oudere jongens.")

    html = response.content.decode()
    assert re.search(r'value="ja" id="minderjarig-ja"[^>]*checked', html)
    assert "minor" in _checked(html)


def test_the_professional_unticks_a_suggestion_and_the_result_uses_only_what_is_ticked(nl):
    suggested = _checked(_zoek(nl).content.decode())
    kept = sorted(suggested - {"documents_withheld"})

    response = nl.post(RESULT, {"rol": "wijkteam", "minderjarig": "nee", "signaal": kept, "notitie": NOTE})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Heeft het eigen paspoort of ID-bewijs niet zelf" not in html
    assert "Werkt heel lange dagen" in html


def test_a_note_without_signals_says_so(nl):
    html = _zoek(nl, notitie="Mw. kwam een nieuwe rijbewijs aanvragen.").content.decode()

    assert "We vonden geen signalen in je tekst" in html
    assert not _checked(html)


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("", "Plak of typ eerst je notitie in het tekstvak."),
        ("   \n  ", "Plak of typ eerst je notitie in het tekstvak."),
        ("x" * 20_001, "Je notitie is te lang: maximaal 20000 tekens, nu 20001."),
    ],
)
def test_a_missing_or_too_long_note_is_named_in_the_error_summary(nl, note, message):
    response = _zoek(nl, notitie=note)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_notitie"' in html
    assert message in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="notitie-hint notitie-fout"' in html


def test_english_page_reads_an_english_note(en):
    html = _zoek(en, notitie="The boss keeps his passport and he works 14 hours a day.").content.decode()

    assert {"documents_withheld", "works_excessive_hours"} <= _checked(html)


def test_the_search_stores_nothing(nl):
    # No `db` fixture: pytest-django makes any database access in this test an error.
    response = _zoek(nl)

    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_the_page_with_suggestions_stays_under_budget(client):
    response = client.post(
        CHECKLIST,
        {"rol": "wijkteam", "notitie": NOTE * 20, "actie": "zoek"},
        HTTP_ACCEPT_ENCODING="gzip",
    )
    assert response.status_code == 200
    assert response.get("Content-Encoding") == "gzip"
    assert len(response.content) < BUDGET
    assert len(gzip.decompress(response.content)) < 2 * BUDGET
    total, _ = transferred(client, "/signaalwijzer/checklist/?rol=wijkteam&minderjarig=nee")
    assert total < BUDGET
