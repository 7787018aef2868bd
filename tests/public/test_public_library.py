"""The indicator library: search and filters through the knowledge query, with and without htmx."""

from __future__ import annotations

import re

from django.urls import reverse

from signaalwijzer.knowledge.query import indicators_filter

LIBRARY = reverse("public:indicators")


def listed_ids(html: str) -> list[str]:
    return re.findall(r'<h2 class="h3"><a href="/signalen/([a-z0-9_]+)/">', html)


def test_library_lists_everything_with_a_count(kb, nl):
    html = nl.get(LIBRARY).content.decode()
    assert listed_ids(html) == [i.id for i in indicators_filter(kb)]
    assert f"{len(kb.indicators)} signalen gevonden" in html
    assert 'id="aantal" class="result-count" aria-live="polite"' in html


def test_library_filters_by_form_role_domain_and_kind(kb, nl):
    cases = [
        ({"vorm": "arbeid"}, {"form": "arbeid"}),
        ({"rol": "school"}, {"role": "school"}),
        ({"leefgebied": "geld"}, {"domain": "geld"}),
        ({"soort": "vulnerability"}, {"kind": "vulnerability"}),
        ({"vorm": "seksueel", "soort": "indicator"}, {"form": "seksueel", "kind": "indicator"}),
    ]
    for params, query in cases:
        html = nl.get(LIBRARY, params).content.decode()
        assert listed_ids(html) == [i.id for i in indicators_filter(kb, **query)], params


def test_library_search_uses_the_knowledge_query(kb, nl):
    word = kb.indicators["documents_withheld"].title.nl.split()[-1]
    html = nl.get(LIBRARY, {"q": word}).content.decode()
    ids = listed_ids(html)
    assert "documents_withheld" in ids
    assert ids == [i.id for i in indicators_filter(kb, q=word)]
    assert f'value="{word}"' in html


def test_library_ignores_unknown_filter_values(kb, nl):
    html = nl.get(LIBRARY, {"vorm": "nonsense", "soort": "x"}).content.decode()
    assert len(listed_ids(html)) == len(kb.indicators)


def test_library_with_no_match_says_so(nl):
    html = nl.get(LIBRARY, {"q": "zzzqqqxxx"}).content.decode()
    assert "0 signalen gevonden" in html
    assert "Geen signalen gevonden." in html


def test_htmx_request_gets_only_the_list_and_the_count(kb, nl):
    response = nl.get(LIBRARY, {"vorm": "arbeid"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert listed_ids(html) == [i.id for i in indicators_filter(kb, form="arbeid")]
    assert 'hx-swap-oob="innerHTML:#aantal"' in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(nl):
    response = nl.get(LIBRARY, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.content.decode()


def test_library_form_works_without_javascript_and_with_htmx(nl):
    html = nl.get(LIBRARY).content.decode()
    assert f'method="get" action="{LIBRARY}"' in html
    assert f'hx-get="{LIBRARY}"' in html
    assert 'hx-target="#resultaten"' in html
    assert 'hx-push-url="true"' in html
    assert "input changed delay:300ms from:#q" in html
    for name in ("q", "vorm", "rol", "leefgebied", "soort"):
        assert f'name="{name}" id="{name}"' in html
        assert f'<label for="{name}"' in html
    assert '"includeIndicatorStyles": false' in html
