"""Every dossier page stays under 100 KB transferred, with its CSS and JS (as tests/public/test_page_weight.py).

Measured on a dossier with everything in it: all five steps, client details, a long history.
"""

from __future__ import annotations

import pytest

from tests.cases import factories
from tests.public.test_page_weight import BUDGET, transferred

pytestmark = pytest.mark.django_db

PAGES = [
    "/dossiers/",
    "/dossiers/nieuw/",
    "/dossiers/vastgelopen/",
    "/dossiers/{pk}/",
    "/dossiers/{pk}/signalen/",
    # The signals step with the suggestions read from all 30 observations, highlighted in each text.
    "/dossiers/{pk}/signalen/?lees=waarnemingen",
    "/dossiers/{pk}/waarneming/",
    "/dossiers/{pk}/overleg/",
    "/dossiers/{pk}/gesprek/",
    "/dossiers/{pk}/afweging/",
    "/dossiers/{pk}/besluit/",
    "/dossiers/{pk}/client/",
    "/dossiers/{pk}/delen/",
    "/dossiers/{pk}/sluiten/",
    "/dossiers/{pk}/afdrukken/",
    "/dossiers/{pk}/afdrukken/?variant=pseudoniem",
]


@pytest.fixture
def full_case(professional):
    case = factories.client(factories.case_at_step(6, owner=professional))
    for number in range(30):
        case = factories.observation(
            case, text=f"Waarneming {number}: " + "Ze zei dat haar baas haar paspoort heeft. " * 10
        )
    for _ in range(10):
        factories.case(owner=professional, indicators=factories.VERMOEDEN)
    return case


@pytest.mark.parametrize("path", PAGES)
def test_dossier_page_is_under_budget(logged_in, full_case, path):
    url = path.format(pk=full_case.pk)
    total, assets = transferred(logged_in, url)
    assert total < BUDGET, f"{url}: {total / 1024:.1f} KB with {assets}"
    assert "cases/css/cases.css" in assets
