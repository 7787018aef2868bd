"""'Mijn gedeelde signalen': a partner sees only its own organisation's signals, with a status; selectors."""

from __future__ import annotations

import re

import pytest

from signaalwijzer.accounts.roles import BEHEERDER, BELEIDSMEDEWERKER, PROFESSIONAL, ZORGCOORDINATOR
from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.hub import services
from signaalwijzer.hub.models import Signal, SignalStatus, Via
from signaalwijzer.hub.selectors import signals_visible_to, sources_of
from tests.accounts import factories as accounts
from tests.hub import ingest_helpers as h

pytestmark = pytest.mark.django_db
LIST = "/mijn-signalen/"


@pytest.fixture
def world():
    wijkteam = h.source("wijkteam-noord", name="Wijkteam Noord")
    politie = h.source("politie-basisteam", name="Politie Basisteam")
    own = [
        services.signal_ingest(
            data=h.person_line("wijkteam-noord", f"w:{n}", n), source=wijkteam, via=Via.IMPORT
        )[0]
        for n in range(1, 4)
    ]
    other = services.signal_ingest(
        data=h.person_line("politie-basisteam", "p:1", 1), source=politie, via=Via.IMPORT
    )[0]
    return wijkteam, politie, own, other


def test_a_partner_sees_only_its_own_signals_with_their_status(client, world):
    wijkteam, _politie, own, other = world
    Signal.objects.filter(pk=own[0].pk).update(status=SignalStatus.ESCALATED)
    user = accounts.user(roles=(PROFESSIONAL,), organisation_=wijkteam.organisation)
    client.force_login(user)
    page = client.get(LIST).content.decode()
    for signal in own:
        assert f"/mijn-signalen/{signal.pk}/" in page
    assert "p:1" not in page and f"/mijn-signalen/{other.pk}/" not in page
    assert "Besproken in casusoverleg" in page
    assert "Proef1" not in page  # no identifiers on the list
    assert client.get(f"/mijn-signalen/{other.pk}/").status_code == 404
    assert AuditEntry.objects.filter(action="hub.signal_access_denied", object_id=str(other.pk)).exists()
    detail = client.get(f"/mijn-signalen/{own[0].pk}/").content.decode()
    assert "Besproken in casusoverleg" in detail and h.bsn(1) not in detail and "Proef1" not in detail
    assert AuditEntry.objects.filter(action="hub.signal_view", object_id=str(own[0].pk)).exists()


def test_the_list_is_paginated(client, world):
    wijkteam = world[0]
    for n in range(10, 40):
        services.signal_ingest(data=h.line("wijkteam-noord", f"w:{n}"), source=wijkteam, via=Via.IMPORT)
    client.force_login(accounts.user(roles=(PROFESSIONAL,), organisation_=wijkteam.organisation))
    first = client.get(LIST).content.decode()
    assert len(re.findall(r'href="/mijn-signalen/\d+/"', first)) == 25
    assert "?pagina=2" in first
    second = client.get(LIST + "?pagina=2").content.decode()
    assert len(re.findall(r'href="/mijn-signalen/\d+/"', second)) == 8


def test_signals_visible_to_per_role(world):
    wijkteam, politie, own, other = world
    everyone = set(Signal.objects.values_list("pk", flat=True))
    partner = accounts.user(roles=(PROFESSIONAL,), organisation_=wijkteam.organisation)
    assert set(signals_visible_to(partner).values_list("pk", flat=True)) == {s.pk for s in own}
    coordinator = accounts.user(roles=(ZORGCOORDINATOR,))
    assert set(signals_visible_to(coordinator).values_list("pk", flat=True)) == everyone
    # A beleidsmedewerker sees none, even in an organisation that delivers signals.
    policy = accounts.user(roles=(BELEIDSMEDEWERKER,), organisation_=politie.organisation)
    assert not signals_visible_to(policy).exists()
    beheerder = accounts.user(roles=(BEHEERDER,), organisation_=politie.organisation)
    assert set(signals_visible_to(beheerder).values_list("pk", flat=True)) == {other.pk}
    assert list(sources_of(wijkteam.organisation)) == [wijkteam]


def test_a_beleidsmedewerker_sees_an_empty_list(client, world):
    politie = world[1]
    client.force_login(accounts.user(roles=(BELEIDSMEDEWERKER,), organisation_=politie.organisation))
    page = client.get(LIST).content.decode()
    assert "p:1" not in page and "nog geen signalen" in page
