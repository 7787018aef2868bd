"""Retention (issue 3 §3): `signaalwijzer retention apply` deletes dossiers closed longer than the term,
with a deletion-log entry and an audit entry each; without --apply it is a dry run that writes nothing."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.audit.selectors import audit_chain_verify
from signaalwijzer.cases import services
from signaalwijzer.cases.models import Case, CaseDeletion, CaseEntry, CaseShare
from tests.accounts import factories as accounts
from tests.cases import factories

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("retention", "apply", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def closed_days_ago(days: int, **kwargs) -> Case:
    case = factories.closed(factories.observation(factories.case(**kwargs)))
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - dt.timedelta(days=days))
    return case


@pytest.fixture
def dossiers(settings):
    settings.CASE_RETENTION_DAYS = 30
    old = closed_days_ago(31)
    recent = closed_days_ago(29)
    open_case = factories.case()
    return old, recent, open_case


def test_the_dry_run_lists_what_would_go_and_writes_nothing(dossiers):
    old, _recent, _open = dossiers
    audits = AuditEntry.objects.count()
    output = run()
    assert f"D-{old.pk:06d}" in output
    assert "Proefdraai: 1 dossier langer dan 30 dagen gesloten" in output
    assert "Er is niets verwijderd" in output
    assert Case.objects.count() == 3
    assert not CaseDeletion.objects.exists()
    assert AuditEntry.objects.count() == audits


def test_apply_deletes_with_a_deletion_log_and_an_audit_entry(dossiers):
    old, recent, open_case = dossiers
    output = run("--apply")
    assert "1 dossier verwijderd (bewaartermijn 30 dagen)" in output
    assert set(Case.objects.values_list("pk", flat=True)) == {recent.pk, open_case.pk}
    assert not CaseEntry.objects.filter(case_id=old.pk).exists()
    deletion = CaseDeletion.objects.get()
    assert (deletion.case_id_deleted, deletion.organisation_name) == (old.pk, old.organisation.name)
    assert "30 dagen" in deletion.reason
    entry = AuditEntry.objects.get(action="case.retention_delete")
    assert (entry.object_id, entry.actor_id, entry.detail["retention_days"]) == (str(old.pk), None, 30)
    assert audit_chain_verify().ok
    assert "Geen dossiers langer dan 30 dagen gesloten" in run("--apply")  # nothing left: still exit 0


def test_shares_go_with_the_dossier(settings):
    settings.CASE_RETENTION_DAYS = 10
    owner = accounts.user()
    case = factories.case(owner=owner)
    services.case_share(case=case, actor=owner, user=accounts.user())
    factories.closed(case)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - dt.timedelta(days=11))
    run("--apply")
    assert not CaseShare.objects.exists()


def test_a_reopened_dossier_is_kept(settings):
    settings.CASE_RETENTION_DAYS = 10
    case = closed_days_ago(11)
    case.refresh_from_db()
    services.case_reopen(case=case, actor=case.owner, expected_version=case.version, reason="Nieuwe zorgen.")
    assert json.loads(run("--apply", "--json"))["count"] == 0
    assert Case.objects.filter(pk=case.pk).exists()


def test_json_output_names_each_dossier(dossiers):
    old, *_ = dossiers
    report = json.loads(run("--json"))
    assert report["applied"] is False
    assert report["retention_days"] == 30
    assert [c["case_id"] for c in report["cases"]] == [old.pk]
    assert report["cases"][0]["reference"] == f"D-{old.pk:06d}"
