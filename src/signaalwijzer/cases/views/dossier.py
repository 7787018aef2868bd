"""A dossier's home page, reopening, sharing, and the report as a print page and a PDF."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from signaalwijzer.accounts.selectors import users_in_organisation
from signaalwijzer.cases import report, selectors, services
from signaalwijzer.cases.forms import ReasonForm, ShareForm
from signaalwijzer.cases.models import Case, EntryKind, Minor, Status, Step
from signaalwijzer.cases.pdf import case_pdf as case_pdf_bytes
from signaalwijzer.cases.views.common import (
    PSEUDONYMISED,
    case_page,
    error_summary,
    expert_routes,
    input_errors,
    language,
    page_context,
    read_recorded,
)
from signaalwijzer.cases.views.steps import changes_since, form_after_conflict, signals_read_url
from signaalwijzer.public import selectors as public_selectors

# --- The dossier's home page ---------------------------------------------------------------------------------

STEP_URLS = {
    Step.SIGNALS: "cases:signals",
    Step.CONSULT: "cases:consultation",
    Step.CONVERSATION: "cases:conversation",
    Step.WEIGH: "cases:weighing",
    Step.DECIDE: "cases:decision",
}


def _steps_nav(case: Case, progress) -> list[dict[str, Any]]:
    """The five steps for the navigation: done, current or to do, in words (never colour alone)."""
    out = []
    for step in progress.steps:
        state = "done" if step.done else ("current" if step.step == progress.current_step else "todo")
        out.append(
            {
                "number": step.step,
                "title": step.title,
                "state": state,
                "state_word": {"done": _("klaar"), "current": _("hier ben je nu"), "todo": _("nog te doen")}[
                    state
                ],
                "missing": step.missing,
                "url": reverse(STEP_URLS[Step(step.step)], kwargs={"pk": case.pk}),
            }
        )
    return out


def _weighing_view(case: Case, kb) -> dict[str, Any]:
    """The engine's outcome for the ticked signals, worded as on the screening result page."""
    from signaalwijzer.screening.engine import UnknownIdsError, screening_evaluate

    try:
        result = screening_evaluate(
            indicators=case.indicators,
            role=case.observer_role,
            minor=case.minor == Minor.YES,
            kb=kb,
            coordinator=settings.SIGNAALWIJZER,
        )
    except UnknownIdsError:
        return {"explanation": [], "acute_routes": []}
    view = public_selectors.result_view(kb, result, language=language(), deployment=settings.SIGNAALWIJZER)
    return {
        "explanation": view["explanation"],
        "warnings": view["warnings"],
        "acute_routes": view["acute_routes"],
    }


@case_page
@require_GET
def case_detail(request: HttpRequest, case: Case) -> HttpResponse:
    kb = public_selectors.kb()
    read_recorded(request, case)
    entries = list(selectors.case_history(case))
    users = report.users_of(entries)
    history = [report.entry_view(e, kb=kb, case=case, users=users) for e in reversed(entries)]
    progress = selectors.case_progress(case)
    stuck = selectors.case_is_stuck(case)
    latest = {}
    for item in history:
        latest.setdefault(item["kind"], item)
    shares = selectors.case_shares(case)
    context = {
        **page_context(request, case, progress=progress),
        "steps": _steps_nav(case, progress),
        "current_step": progress.current_step,
        "stuck": stuck,
        "deadline": report.deadline_view(case, stuck=stuck),
        "outcome_word": public_selectors.OUTCOME_WORDS.get(case.outcome, case.outcome),
        "outcome_lead": public_selectors.OUTCOME_LEAD.get(case.outcome, ""),
        "signals": report.signals_view(kb, case.indicators, minor=case.minor == Minor.YES),
        "weighing": _weighing_view(case, kb),
        "latest_weighing": latest.get(EntryKind.WEIGHING),
        "latest_decision": latest.get(EntryKind.DECISION),
        "client": report.client_view(case, pseudonymised=False),
        "has_client": any(
            (
                case.client_name,
                case.client_birth_date,
                case.client_bsn,
                case.client_phone,
                case.client_email,
                case.client_address,
            )
        ),
        "shares": shares,
        "history": history,
        "signals_read_url": signals_read_url(case) if EntryKind.OBSERVATION in latest else "",
        "role": kb.roles.get(case.observer_role),
        "experts": expert_routes(),
    }
    return render(request, "cases/detail.html", context)


@case_page
@require_http_methods(["GET", "POST"])
def case_reopen(request: HttpRequest, case: Case) -> HttpResponse:
    if case.status != Status.CLOSED:
        messages.info(request, _("Dit dossier is al open."))
        return redirect("cases:detail", pk=case.pk)
    status = 200
    conflict = None
    if request.method == "POST":
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                services.case_reopen(
                    case=case,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except services.CaseConflictError:
                case = selectors.case_for_user(request.user, case.pk) or case
                conflict = changes_since(case, form.cleaned_data["version"], public_selectors.kb())
                form = form_after_conflict(request, case, ReasonForm)
                status = 409
            except services.CaseInputError as error:
                input_errors(form, error)
            else:
                messages.success(request, _("Het dossier is weer open."))
                return redirect("cases:detail", pk=case.pk)
    else:
        form = ReasonForm(initial={"version": case.version})
    read_recorded(request, case)
    context = {
        **page_context(request, case),
        "form": form,
        "conflict": conflict,
        "errors": error_summary(form, {}) if form.is_bound and conflict is None else [],
    }
    return render(request, "cases/reopen.html", context, status=status)


# --- Sharing -------------------------------------------------------------------------------------------------


@case_page
@require_http_methods(["GET", "POST"])
def case_share(request: HttpRequest, case: Case) -> HttpResponse:
    user = request.user
    shares = selectors.case_shares(case)
    shared_ids = {s.user_id for s in shares}
    is_owner = case.owner_id == user.pk
    colleagues = users_in_organisation(case.organisation).exclude(pk__in=[case.owner_id, *shared_ids])
    form = ShareForm(colleagues=colleagues)
    if request.method == "POST":
        action = request.POST.get("actie", "delen")
        if action == "stoppen":
            other = next((s.user for s in shares if str(s.user_id) == request.POST.get("gebruiker")), None)
            if other is None:
                return HttpResponseBadRequest(_("Dit dossier is niet met deze persoon gedeeld."))
            services.case_unshare(case=case, actor=user, user=other, request=request)
            if other.pk == user.pk:
                messages.success(request, _("Je hebt jezelf van dit dossier gehaald."))
                return redirect("cases:list")
            messages.success(
                request, _("%(name)s kan dit dossier niet meer zien.") % {"name": report._person(other)}
            )
            return redirect("cases:share", pk=case.pk)
        if not is_owner:
            raise PermissionDenied(_("Alleen de eigenaar kan een dossier delen."))
        form = ShareForm(request.POST, colleagues=colleagues)
        if form.is_valid():
            try:
                services.case_share(case=case, actor=user, user=form.cleaned_data["user"], request=request)
            except services.CaseClosedError:
                form.add_error(None, _("Dit dossier is gesloten. Heropen het eerst als je het wilt delen."))
            except services.CaseInputError as error:
                input_errors(form, error, {"user": "collega"})
            else:
                other = form.cleaned_data["user"]
                messages.success(request, _("Gedeeld met %(name)s.") % {"name": report._person(other)})
                return redirect("cases:share", pk=case.pk)
    read_recorded(request, case)
    context = {
        **page_context(request, case),
        "form": form,
        "shares": shares,
        "errors": error_summary(form, {}) if form.is_bound else [],
    }
    return render(request, "cases/share.html", context)


# --- Print and PDF -------------------------------------------------------------------------------------------


@case_page
@require_GET
def case_print(request: HttpRequest, case: Case) -> HttpResponse:
    pseudonymised = request.GET.get("variant") == PSEUDONYMISED
    # The read is audited as "print" for both variants; the PDF has its own pseudonymised action.
    read_recorded(request, case, "print")
    data = report.case_report_data(case, pseudonymised=pseudonymised)
    return render(request, "cases/print.html", {"case": case, "report": data, "pseudonymised": pseudonymised})


@case_page
@require_GET
def case_pdf(request: HttpRequest, case: Case) -> HttpResponse:
    pseudonymised = request.GET.get("variant") == PSEUDONYMISED
    read_recorded(request, case, "pdf_pseudonymised" if pseudonymised else "pdf")
    data = report.case_report_data(case, pseudonymised=pseudonymised)
    content = case_pdf_bytes(data)
    name = f"dossier-{case.reference}{'-pseudoniem' if pseudonymised else ''}.pdf"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
