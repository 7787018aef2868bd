"""POST /api/v1/signals and GET /api/v1/signals/<id>: partner tokens, scopes, results, errors."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from signaalwijzer.hub import services
from signaalwijzer.hub.models import PartnerToken, Signal
from tests.hub import ingest_helpers as h

pytestmark = pytest.mark.django_db
URL = "/api/v1/signals"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def wijkteam():
    return h.source("wijkteam-noord")


@pytest.fixture
def politie():
    return h.source("politie-basisteam")


@pytest.fixture
def token(wijkteam) -> str:
    _token, raw = services.partner_token_create(organisation=wijkteam.organisation, name="Wijkteamsysteem")
    return raw


def post(body, token: str | None = None, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = body if isinstance(body, str) else json.dumps(body)
    return Client().post(URL, data, content_type="application/json", **headers, **extra)


def get(path: str, token: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().get(path, **headers)


def test_a_partner_delivers_a_signal_and_again_and_changed(token):
    line = h.person_line("wijkteam-noord", "wijkteam-noord:4411", 1)
    first = post(line, token)
    assert first.status_code == 201, first.content
    assert first.json() == {"id": "wijkteam-noord:4411", "status": "ontvangen", "result": "created"}
    again = post(line, token)
    assert (again.status_code, again.json()["result"]) == (200, "unchanged")
    changed = post({**line, "note": "Nieuwe waarneming."}, token)
    assert (changed.status_code, changed.json()["result"]) == (200, "updated")
    assert Signal.objects.get().via == "api"
    assert PartnerToken.objects.get().last_used_at is not None


def test_without_a_token_401_and_nothing_written(wijkteam):
    response = post(h.line("wijkteam-noord", "x:1"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert set(response.json()) == {"errors"}
    assert Signal.objects.count() == 0


def test_an_unknown_or_revoked_token_is_401(token):
    assert post(h.line("wijkteam-noord", "x:1"), "swp_verzonnen-sleutel").status_code == 401
    services.partner_token_revoke(prefix=token[:12])
    response = post(h.line("wijkteam-noord", "x:1"), token)
    assert response.status_code == 401
    assert "revoked" in response.json()["errors"][0]["reason"]
    assert Signal.objects.count() == 0


def test_another_organisations_source_is_403_with_a_clear_error(token, politie):
    response = post(h.line("politie-basisteam", "p:1"), token)
    assert response.status_code == 403
    error = response.json()["errors"][0]
    assert error["field"] == "source"
    assert "another organisation" in error["reason"] and "wijkteam-noord" in error["reason"]
    assert Signal.objects.count() == 0


def test_bad_input_is_400_with_every_field_named(token):
    line = h.person_line(
        "wijkteam-noord", "w:1", 1, indicators=["onzin"], observed_on="2026-13-01", extra_field=True
    )
    response = post(line, token)
    assert response.status_code == 400
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields == ["extra_field"]  # the shape first: a misspelt field hides nothing else
    del line["extra_field"]
    response = post(line, token)
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"indicators[0]", "observed_on"}
    bad_bsn = h.person_line("wijkteam-noord", "w:2", 2)
    bad_bsn["person"]["bsn"] = h.bad_bsn()
    assert [e["field"] for e in post(bad_bsn, token).json()["errors"]] == ["person.bsn"]
    assert post("{niet json", token).status_code == 400
    assert post([1, 2], token).json()["errors"][0]["field"] == "body"
    assert Signal.objects.count() == 0


def test_an_unknown_source_is_400(token):
    response = post(h.line("bestaat-niet", "x:1"), token)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "source"


def test_a_partner_reads_the_status_of_its_own_signal_only(token, politie):
    post(h.line("wijkteam-noord", "wijkteam-noord:7/a"), token)
    response = get(f"{URL}/wijkteam-noord:7/a", token)
    assert response.status_code == 200
    assert response.json()["status"] == "ontvangen" and response.json()["source"] == "wijkteam-noord"
    services.signal_ingest(data=h.line("politie-basisteam", "p:9"), source=politie, via="import")
    assert get(f"{URL}/p:9", token).status_code == 404
    assert get(f"{URL}/wijkteam-noord:7/a").status_code == 401


def test_the_openapi_schema_describes_the_signal_endpoints():
    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    post_op = schema["paths"]["/api/v1/signals"]["post"]
    assert {"200", "201", "400", "401", "403"} <= set(post_op["responses"])
    assert post_op["security"] == [{"partnerToken": []}]
    assert schema["components"]["securitySchemes"]["partnerToken"]["scheme"] == "bearer"


def test_error_reasons_are_english_like_the_rest_of_the_api(token):
    bad = h.person_line("wijkteam-noord", "w:9", 9, observed_at="2026-10-03")
    errors = post(bad, token).json()["errors"]
    assert errors == [{"field": "observed_at", "reason": "unknown field; did you mean 'observed_on'?"}]
    del bad["observed_at"]
    bad["person"]["bsn"] = h.bad_bsn()
    (error,) = post(bad, token).json()["errors"]
    assert error["field"] == "person.bsn" and error["reason"].startswith("This BSN is not right")


def test_each_token_has_its_own_rate_limit(token, wijkteam, settings):
    settings.HUB_API_RATE = "2/min"
    _other, other_raw = services.partner_token_create(
        organisation=wijkteam.organisation, name="Tweede systeem"
    )
    assert [post(h.line("wijkteam-noord", f"t:{n}"), token).status_code for n in range(3)] == [201, 201, 429]
    assert post(h.line("wijkteam-noord", "t:9"), other_raw).status_code == 201
