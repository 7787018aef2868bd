"""What every dossier page shares: the login and permission check, the read audit, error summaries."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from signaalwijzer.accounts.roles import AANDACHTSFUNCTIONARIS, PROFESSIONAL
from signaalwijzer.cases import selectors, services
from signaalwijzer.cases.models import Case, Status
from signaalwijzer.public import selectors as public_selectors

PAGE_SIZE = 50
# The changes shown after a conflict: those since the version the form was opened on, at most this many.
CONFLICT_CHANGES_MAX = 20
PSEUDONYMISED = "pseudoniem"
# Whom to ask for expert advice (meldcode step 2), in this order. Their numbers come from the knowledge
# base's routes and the coordinator's from the deployment settings: a number lives in one place.
EXPERT_ROUTES = ("veilig_thuis", "comensha", "zorgcoordinator")


def language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def expert_routes() -> dict[str, dict]:
    """The contact facts of the experts, by route id, in the order of EXPERT_ROUTES."""
    kb = public_selectors.kb()
    found = {
        route: public_selectors.route_facts(kb, route, language=language(), deployment=settings.SIGNAALWIJZER)
        for route in EXPERT_ROUTES
    }
    return {route: facts for route, facts in found.items() if facts is not None}


def may_make_dossiers(user) -> bool:
    """Dossiers are for frontline professionals and aandachtsfunctionarissen (issue 3 §1); a
    beleidsmedewerker sees aggregates only."""
    return bool(user.is_authenticated and user.has_any_role(PROFESSIONAL, AANDACHTSFUNCTIONARIS))


def error_summary(form, anchors: dict[str, str]) -> list[tuple[str, str]]:
    """(anchor, message) for every error, in the order of the fields on the page."""
    out = []
    for name in form.fields:
        for message in form.errors.get(name, []):
            out.append((anchors.get(name, f"id_{name}"), message))
    for message in form.non_field_errors():
        out.append(("", message))
    return out


def input_errors(form, error: services.CaseInputError, field_names: dict[str, str] | None = None) -> None:
    """A service's errors next to the fields they name; anything else above the form."""
    names = field_names or {}
    for key, message in error.errors.items():
        target = names.get(key, key)
        if target in form.fields and target != "version":
            form.add_error(target, message)
        else:
            form.add_error(None, message)


def case_or_404(request: HttpRequest, pk: int) -> Case:
    case = selectors.case_for_user(request.user, pk)
    if case is None:
        # Audited before answering; the entry commits on its own (services.case_access_refused).
        services.case_access_refused(case_id=pk, actor=request.user, request=request)
        raise Http404(_("Dit dossier bestaat niet, of je mag het niet zien."))
    return case


def case_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required, never cached, and the dossier looked up through the permission selector."""

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args, **kwargs) -> HttpResponse:
        case = case_or_404(request, pk)
        try:
            return view(request, case, *args, **kwargs)
        except services.CasePermissionError:
            raise PermissionDenied(_("Dit mag alleen de eigenaar van het dossier.")) from None

    return login_required(never_cache(wrapper))


def read_recorded(request: HttpRequest, case: Case, what: str = "view") -> None:
    services.case_read_record(case=case, actor=request.user, what=what, request=request)


def page_context(request: HttpRequest, case: Case, *, progress=None, **extra) -> dict[str, Any]:
    progress = progress or selectors.case_progress(case)
    return {
        "case": case,
        "progress": progress,
        "is_owner": case.owner_id == request.user.pk,
        "closed": case.status == Status.CLOSED,
        **extra,
    }
