"""The phone numbers of the experts on the dossier pages come from the knowledge base's routes, and the
zorgcoördinator's from the deployment settings: a number lives in one place (routes.yaml, settings)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from signaalwijzer.cases.models import Case
from signaalwijzer.public import selectors as public_selectors
from tests.cases import factories
from tests.cases.helpers import text

pytestmark = pytest.mark.django_db

PAGES = ("stuck", "detail", "overleg", "afweging")


@pytest.fixture
def overdue(professional):
    case = factories.case(owner=professional, indicators=factories.VERMOEDEN)
    Case.objects.filter(pk=case.pk).update(expert_due_on=timezone.localdate() - dt.timedelta(days=3))
    return case


def _pages(client, case) -> dict[str, str]:
    paths = {
        "stuck": "/dossiers/vastgelopen/",
        "detail": f"/dossiers/{case.pk}/",
        "overleg": f"/dossiers/{case.pk}/overleg/",
        "afweging": f"/dossiers/{case.pk}/afweging/",
    }
    return {name: text(client.get(path)) for name, path in paths.items()}


def test_the_numbers_are_those_of_the_routes(logged_in, overdue):
    kb = public_selectors.kb()
    veilig_thuis = kb.routes["veilig_thuis"].contact.phone
    comensha = kb.routes["comensha"].contact.phone
    pages = _pages(logged_in, overdue)
    for name in PAGES:
        assert veilig_thuis in pages[name], name
    for name in ("stuck", "detail", "overleg"):
        assert f'<a class="tel" href="tel:0334481186">{comensha}</a>' in pages[name], name
        # No coordinator configured: the page says where to ask.
        assert "vraag je gemeente wie dit in jouw regio is." in pages[name], name


@override_settings(
    SIGNAALWIJZER={
        "MUNICIPALITY": "Gemeente Proefstad",
        "COORDINATOR_NAME": "Zorgcoördinator Proefstad",
        "COORDINATOR_ORGANISATION": "",
        "COORDINATOR_PHONE": "010-123 45 67",
        "COORDINATOR_EMAIL": "",
    }
)
def test_the_configured_coordinator_is_shown(logged_in, overdue):
    pages = _pages(logged_in, overdue)
    for name in ("stuck", "detail", "overleg"):
        assert (
            'Zorgcoördinator Proefstad:\n    <a class="tel" href="tel:0101234567">010-123 45 67</a>'
            in pages[name]
        )
        assert "vraag je gemeente wie dit in jouw regio is." not in pages[name]


def test_a_changed_route_changes_every_page(logged_in, overdue, monkeypatch):
    """No template keeps a number of its own: change the route and the old number is gone everywhere."""
    kb = public_selectors.kb()
    routes = dict(kb.routes)
    for route_id, phone in (("veilig_thuis", "0800-1111"), ("comensha", "033-000 00 00")):
        route = routes[route_id]
        routes[route_id] = route.model_copy(
            update={"contact": route.contact.model_copy(update={"phone": phone})}
        )
    changed = dataclasses.replace(kb, routes=routes)
    monkeypatch.setattr(public_selectors, "kb", lambda: changed)
    pages = _pages(logged_in, overdue)
    for name in PAGES:
        assert "0800-2000" not in pages[name], name
        assert "033-448 11 86" not in pages[name], name
        assert "0800-1111" in pages[name], name


def test_in_english_the_sentences_are_translated_with_the_same_numbers(logged_in, overdue):
    page = text(logged_in.get(f"/dossiers/{overdue.pk}/afweging/", HTTP_ACCEPT_LANGUAGE="en"))
    assert (
        "Answer the questions in order. In doubt? Then always ask Veilig Thuis (0800-2000) for advice."
        in page
    )
    page = text(logged_in.get(f"/dossiers/{overdue.pk}/overleg/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "also ask an expert: Veilig Thuis (anonymous too), CoMensha or the care coordinator" in page
    assert '<a class="tel" href="tel:0334481186">033-448 11 86</a>' in page
