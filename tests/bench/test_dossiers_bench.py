"""bench/dossiers.py fills the database as it says (a smoke test with a tiny count; no timing here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.db import connection

from signaalwijzer.accounts.models import User
from signaalwijzer.cases import selectors
from signaalwijzer.cases.models import Case, CaseEntry, CaseShare

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import dossiers  # noqa: E402

pytestmark = pytest.mark.django_db


def test_populated_makes_dossiers_that_the_selectors_and_the_field_encryption_read():
    population = dossiers.populated(200)

    assert Case.objects.count() == population.cases == 200
    assert CaseEntry.objects.filter(kind="created").count() == 200
    assert CaseShare.objects.count() == population.shares > 0
    af = User.objects.get(pk=population.af_id)
    assert population.af_org_cases == selectors.cases_visible_to(af).count() >= 200 // dossiers.ORGANISATIONS
    professional = User.objects.get(pk=population.professional_id)
    assert population.professional_cases == len(population.visible[professional.pk]) > 0
    # Written through the model field: the label reads back as text, the raw column holds a token.
    case = Case.objects.first()
    assert case.label.startswith("Proefdossier")
    with connection.cursor() as cursor:
        cursor.execute("SELECT label FROM cases_case WHERE id = %s", [case.pk])
        (token,) = cursor.fetchone()
    assert token.startswith("gAAAAA") and "Proefdossier" not in token
    # Our own dates, not the moment of loading.
    assert len(set(Case.objects.values_list("created_at", flat=True))) > 100


def test_a_session_made_by_the_bench_logs_the_user_in(client):
    population = dossiers.populated(40)
    client.cookies["sessionid"] = dossiers.session_cookie(population.af_id)

    response = client.get("/dossiers/")

    assert response.status_code == 200
    assert response.wsgi_request.user.pk == population.af_id
