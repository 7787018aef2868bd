"""The five meldcode steps through the services: each appends one entry, recomputes the facts, audits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.cases import selectors, services
from signaalwijzer.cases.models import CaseEntry, Decision, EntryKind, Outcome, Status
from tests.accounts import factories as accounts
from tests.cases import factories

pytestmark = pytest.mark.django_db


def actions(case):
    return list(
        AuditEntry.objects.filter(object_type="case", object_id=str(case.pk))
        .order_by("position")
        .values_list("action", flat=True)
    )


def test_a_dossier_from_a_screening_carries_its_signals_and_outcome_over():
    owner = accounts.user()
    case = services.case_create(
        owner=owner, observer_role="wijkteam", minor="nee", indicators=["forced_to_commit_crimes"]
    )
    case.refresh_from_db()
    assert case.organisation == owner.organisation
    assert case.indicators == ["forced_to_commit_crimes"]
    assert case.outcome == Outcome.VERMOEDEN
    assert case.step == 2  # signals mapped
    assert case.version == 1
    assert [e.kind for e in case.entries.all()] == [EntryKind.CREATED]
    assert actions(case) == ["case.create"]


def test_an_empty_dossier_starts_in_step_1_with_no_deadline():
    case = factories.case()
    assert (case.step, case.outcome, case.expert_due_on) == (1, Outcome.GEEN, None)


def test_the_whole_flow_moves_the_step_and_keeps_every_entry():
    case = factories.case(indicators=factories.ZORGELIJK)
    assert case.outcome == Outcome.ZORGELIJK
    case = factories.observation(case)
    case = factories.consultation(case)
    assert case.step == 3
    case = factories.conversation(case, held=False)
    assert case.step == 4
    case = factories.weighing(case, answers=factories.ANSWERS_MELDEN)
    case = factories.decision(case, decision=Decision.REPORT, route="veilig_thuis")
    case.refresh_from_db()
    assert case.step == 6
    assert case.version == 6
    kinds = list(case.entries.values_list("kind", flat=True))
    assert kinds == ["created", "observation", "consultation", "conversation", "weighing", "decision"]
    weighing = case.entries.get(kind=EntryKind.WEIGHING)
    assert weighing.data["conclusion"] == "melden"
    assert weighing.data["answers"] == factories.ANSWERS_MELDEN
    assert actions(case) == [
        "case.create",
        "case.observation",
        "case.consultation",
        "case.conversation",
        "case.weighing",
        "case.decision",
    ]


def test_changing_the_signals_redoes_the_weighing_and_appends_to_the_history():
    case = factories.case(indicators=factories.ZORGELIJK)
    case = services.case_signals_update(
        case=case,
        actor=case.owner,
        expected_version=case.version,
        indicators=[*factories.ZORGELIJK, *factories.VERMOEDEN],
        minor="nee",
    )
    assert case.outcome == Outcome.VERMOEDEN
    entry = case.entries.get(kind=EntryKind.SIGNALS)
    assert entry.data["added"] == list(factories.VERMOEDEN)
    assert entry.data["outcome"] == "vermoeden"
    case = services.case_signals_update(
        case=case, actor=case.owner, expected_version=case.version, indicators=[], minor="nee"
    )
    case.refresh_from_db()
    assert (case.outcome, case.step, case.vermoeden_since) == (Outcome.GEEN, 1, None)
    assert case.entries.filter(kind=EntryKind.SIGNALS).count() == 2  # never edited, always appended


def test_an_acute_signal_marks_the_dossier_acute():
    from signaalwijzer.knowledge import knowledge_base

    acute = next(i.id for i in knowledge_base().indicators.values() if i.acute)
    case = factories.case(indicators=[acute])
    assert case.acute is True


def test_an_expert_consultation_sets_the_consulted_date_and_a_colleague_does_not():
    case = factories.case(indicators=factories.VERMOEDEN)
    case = factories.consultation(case)
    assert case.expert_consulted_at is None
    day = timezone.localdate() - dt.timedelta(days=2)
    case = factories.consultation(case, with_="veilig_thuis", on=day)
    case.refresh_from_db()
    assert timezone.localtime(case.expert_consulted_at).date() == day
    first = case.expert_consulted_at
    case = factories.consultation(case, with_="comensha")
    case.refresh_from_db()
    assert case.expert_consulted_at == first  # the first expert advice counts


def test_the_consulted_persons_name_is_kept_with_the_consultation():
    case = factories.case()
    services.case_consultation_add(
        case=case,
        actor=case.owner,
        expected_version=case.version,
        consulted_with="zorgcoordinator",
        consulted_on=timezone.localdate(),
        advice="Bel de zorgcoördinator terug.",
        consulted_name="Mw. Proef",
    )
    entry = case.entries.get(kind=EntryKind.CONSULTATION)
    assert (entry.consulted_name, entry.text, entry.data["with"]) == (
        "Mw. Proef",
        "Bel de zorgcoördinator terug.",
        "zorgcoordinator",
    )


def test_a_closed_dossier_refuses_writes_until_it_is_reopened():
    case = factories.closed(factories.case())
    assert (case.status, case.closed_at is not None) == (Status.CLOSED, True)
    with pytest.raises(services.CaseClosedError):
        factories.observation(case)
    with pytest.raises(services.CaseClosedError):
        services.case_share(case=case, actor=case.owner, user=accounts.user())
    case = services.case_reopen(
        case=case, actor=case.owner, expected_version=case.version, reason="Nieuwe signalen."
    )
    assert (case.status, case.closed_at) == (Status.OPEN, None)
    factories.observation(case)
    assert actions(case)[-3:] == ["case.close", "case.reopen", "case.observation"]


def test_reopening_an_open_dossier_is_refused():
    case = factories.case()
    with pytest.raises(services.CaseInputError) as error:
        services.case_reopen(case=case, actor=case.owner, expected_version=case.version, reason="x")
    assert "status" in error.value.errors


def test_reads_are_audited_with_what_was_read():
    case = factories.case()
    for what in ("view", "print", "pdf", "pdf_pseudonymised"):
        services.case_read_record(case=case, actor=case.owner, what=what)
    assert actions(case)[1:] == ["case.view", "case.print", "case.pdf", "case.pdf_pseudonymised"]
    with pytest.raises(ValueError):
        services.case_read_record(case=case, actor=case.owner, what="export")


def test_no_audit_detail_holds_typed_text_or_client_details():
    factories.client(factories.observation(factories.case(indicators=factories.VERMOEDEN)))
    details = " ".join(str(d) for d in AuditEntry.objects.values_list("detail", flat=True))
    for secret in ("Vera", "111222333", "blauwe plekken", "Proefstraat", "612345678"):
        assert secret not in details
    assert AuditEntry.objects.get(action="case.client").detail == {
        "fields": ["address", "birth_date", "bsn", "email", "label", "name", "phone"]
    }


def test_history_is_oldest_first_with_authors():
    case = factories.observation(factories.case())
    history = list(selectors.case_history(case))
    assert [e.kind for e in history] == ["created", "observation"]
    assert history[1].author == case.owner


def test_progress_says_what_is_missing_in_plain_dutch():
    case = factories.case(indicators=factories.VERMOEDEN)
    progress = selectors.case_progress(case)
    assert progress.current_step == 2
    step1, step2 = progress.steps[:2]
    assert (step1.done, step1.missing) == (True, [])
    assert not step2.done
    assert step2.missing[0].startswith("Nog geen overleg vastgelegd.")
    assert "Veilig Thuis" in step2.missing[0]
    assert [s.step for s in progress.steps] == [1, 2, 3, 4, 5]


def test_progress_counts_a_step_done_out_of_order_but_the_current_step_is_the_first_open_one():
    case = factories.weighing(factories.case())
    progress = selectors.case_progress(case)
    assert progress.current_step == 1
    assert [s.done for s in progress.steps] == [False, False, False, True, False]
    assert case.step == 1


def test_every_entry_is_only_ever_added():
    case = factories.case_at_step(6)
    ids = list(CaseEntry.objects.filter(case=case).order_by("pk").values_list("pk", "kind"))
    case = factories.observation(case)
    assert list(CaseEntry.objects.filter(case=case).order_by("pk").values_list("pk", "kind"))[:-1] == ids
