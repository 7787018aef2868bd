"""The dossier list, the overview of stuck dossiers, and a new dossier (empty or from a screening)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from signaalwijzer.accounts.roles import AANDACHTSFUNCTIONARIS
from signaalwijzer.cases import report, selectors, services
from signaalwijzer.cases.forms import CaseCreateForm
from signaalwijzer.cases.models import Case, Minor, Outcome, Status
from signaalwijzer.cases.views.common import (
    PAGE_SIZE,
    error_summary,
    expert_routes,
    input_errors,
    language,
    may_make_dossiers,
)
from signaalwijzer.public import selectors as public_selectors

# --- List, new, stuck ----------------------------------------------------------------------------------------


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("pagina", "1")), 10_000))
    except ValueError:
        return 1


def _paged(queryset, request: HttpRequest) -> tuple[list, int, bool]:
    """One page without counting every row: fetch one extra to know whether there is a next page."""
    number = _page_number(request)
    start = (number - 1) * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], number, len(rows) > PAGE_SIZE


STATUS_FILTERS = {"open": Status.OPEN, "gesloten": Status.CLOSED}
# A list needs none of the client's details: not loading them saves decrypting seven fields a row.
CLIENT_FIELDS = (
    "client_name",
    "client_birth_date",
    "client_bsn",
    "client_phone",
    "client_email",
    "client_address",
)


def _list_rows(cases: list[Case], user, today) -> list[dict[str, Any]]:
    """The rows of a dossier list as plain strings: the list is the busiest dossier page (100,000 rows in
    bench/dossiers.py), and a template that only prints is several times faster than one that looks up."""
    base = reverse("cases:list")
    outcome_words = dict(Outcome.choices)
    you = _("jij")
    all_done = _("alle stappen klaar")
    rows = []
    for case in cases:
        owner = case.owner
        due = case.expert_due_on
        rows.append(
            {
                "url": f"{base}{case.pk}/",
                "reference": case.reference,
                "label": case.label,
                "stuck": selectors.case_is_stuck(case, today=today),
                "closed": case.status == Status.CLOSED,
                "step": all_done if case.step > 5 else _("stap %(n)s") % {"n": case.step},
                "outcome": outcome_words.get(case.outcome, case.outcome),
                "owner": you if case.owner_id == user.pk else (owner.get_full_name() or owner.get_username()),
                "updated": date_format(timezone.localtime(case.updated_at), "j M Y"),
                "updated_iso": case.updated_at.isoformat(),
                "due": date_format(due, "j F Y") if due else "",
                "days_late": (today - due).days if due else 0,
            }
        )
    return rows


@login_required
@never_cache
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    status = request.GET.get("status", "open")
    if status not in (*STATUS_FILTERS, "alle"):
        status = "open"
    cases = selectors.cases_visible_to(user).select_related("owner").defer(*CLIENT_FIELDS)
    if status in STATUS_FILTERS:
        cases = cases.filter(status=STATUS_FILTERS[status])
    rows, number, has_next = _paged(cases.order_by("-updated_at", "-pk"), request)
    today = timezone.localdate()
    context = {
        "rows": _list_rows(rows, user, today),
        "page": number,
        "has_next": has_next,
        "status": status,
        "may_make": may_make_dossiers(user),
        "is_aandachtsfunctionaris": user.has_role(AANDACHTSFUNCTIONARIS),
        "stuck_count": selectors.cases_stuck(user, today=today).count(),
    }
    return render(request, "cases/list.html", context)


@login_required
@never_cache
@require_GET
def case_stuck(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    cases = selectors.cases_stuck(user, today=today).select_related("owner").defer(*CLIENT_FIELDS)
    rows, number, has_next = _paged(cases.order_by("expert_due_on", "pk"), request)
    context = {
        "rows": _list_rows(rows, user, today),
        "page": number,
        "has_next": has_next,
        "is_aandachtsfunctionaris": user.has_role(AANDACHTSFUNCTIONARIS),
        "organisation": user.organisation,
        "experts": expert_routes(),
    }
    return render(request, "cases/stuck.html", context)


def _create_page(request: HttpRequest, form: CaseCreateForm, *, status: int = 200) -> HttpResponse:
    kb = public_selectors.kb()
    ticked = form.ticked()
    context = {
        "form": form,
        "role_choices": public_selectors.role_choices(kb, language()),
        "role_value": form["rol"].value() or "",
        "minor_value": form["minderjarig"].value() or "",
        "minor_choices": Minor.choices,
        "ticked": [i for i in ticked if i in kb.indicators],
        "ticked_titles": [report.indicator_title(kb, i) for i in ticked if i in kb.indicators],
        "errors": error_summary(
            form,
            {"werktitel": "id_werktitel", "rol": "id_rol", "minderjarig": "id_minderjarig_0", "signaal": ""},
        )
        if form.is_bound
        else [],
    }
    return render(request, "cases/create.html", context, status=status)


# A wijkteam's professional is most likely in the wijkteam role of the knowledge base, and so on.
ORGANISATION_ROLE = {
    "wijkteam": "wijkteam",
    "politie": "wijkagent",
    "onderwijs": "school",
    "zorg": "medisch",
    "jeugdzorg": "jeugdzorg_ggz",
    "ggz": "jeugdzorg_ggz",
    "schuldhulp": "schuldhulp",
    "gemeente": "burgerzaken",
    "woningcorporatie": "woningcorporatie",
    "arbeidsinspectie": "arbeidsinspectie",
}


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    """GET: the form for an empty dossier. POST: that form, or the screening result's "Maak een dossier"."""
    user = request.user
    if not may_make_dossiers(user):
        return render(request, "cases/no_dossiers.html", status=403)
    kb = public_selectors.kb()
    choices = public_selectors.role_choices(kb, language())
    if request.method == "GET":
        organisation_type = getattr(user.organisation, "type", "")
        initial = {"rol": ORGANISATION_ROLE.get(organisation_type, ""), "minderjarig": Minor.UNKNOWN}
        return _create_page(request, CaseCreateForm(initial=initial, kb=kb, role_choices=choices))
    form = CaseCreateForm(request.POST, kb=kb, role_choices=choices)
    if not form.is_valid():
        return _create_page(request, form)
    data = form.cleaned_data
    try:
        case = services.case_create(
            owner=user,
            observer_role=data["rol"],
            minor=data["minderjarig"],
            indicators=data["signaal"],
            label=data["werktitel"],
            request=request,
        )
    except services.CaseInputError as error:
        input_errors(
            form,
            error,
            {"observer_role": "rol", "minor": "minderjarig", "indicators": "signaal", "label": "werktitel"},
        )
        return _create_page(request, form)
    messages.success(
        request, _("Het dossier is gemaakt. Je bent bij stap %(step)s.") % {"step": min(case.step, 5)}
    )
    return redirect("cases:detail", pk=case.pk)
