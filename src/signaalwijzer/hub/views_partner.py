"""The partner's pages: share a signal with the zorgcoördinator, and 'Mijn gedeelde signalen' (issue 5 §1).

A partner sees what their own organisation shared and what the coordinator did with it, as a status only;
never another organisation's signals, never identifiers on a list. Views validate, call one service or
selector, and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from signaalwijzer.audit.services import audit_record
from signaalwijzer.cases import services as case_services
from signaalwijzer.cases.models import Case, Minor
from signaalwijzer.cases.selectors import case_for_user
from signaalwijzer.hub import services
from signaalwijzer.hub.errors import SignalForbidden, SignalInvalid
from signaalwijzer.hub.forms import ShareForm
from signaalwijzer.hub.models import Signal
from signaalwijzer.hub.selectors import may_share, signals_of_organisation
from signaalwijzer.knowledge import knowledge_base

PAGE_SIZE = 25
MINOR_ID = "minor"
# What a partner may see of the identifiers they shared: which kinds, never the values. The kinds come from
# the blocking tokens' names ("phone:<hash>"), so nothing needs decrypting for this.
IDENTIFIER_WORDS = {
    "bsn": gettext_lazy("BSN"),
    "name": gettext_lazy("naam"),
    "birth_date": gettext_lazy("geboortedatum"),
    "phone": gettext_lazy("telefoonnummer"),
    "contact_phone": gettext_lazy("telefoonnummer van een contactpersoon"),
    "email": gettext_lazy("e-mailadres"),
    "iban": gettext_lazy("rekeningnummer"),
    "address": gettext_lazy("adres"),
    "employer": gettext_lazy("werkgever"),
    "kvk": gettext_lazy("werkgever"),
    "vehicle": gettext_lazy("kenteken"),
    "plate": gettext_lazy("kenteken"),
}


def _language() -> str:
    return (get_language() or "nl")[:2]


def _error_summary(form) -> list[tuple[str, str]]:
    out = []
    for name in form.fields:
        for message in form.errors.get(name, []):
            out.append((f"id_{name}", message))
    for message in form.non_field_errors():
        out.append(("", message))
    return out


def _case_or_404(request: HttpRequest, pk) -> Case:
    case = case_for_user(request.user, pk)
    if case is None:
        case_services.case_access_refused(
            case_id=pk if str(pk).isdigit() else 0, actor=request.user, request=request
        )
        raise Http404(_("Dit dossier bestaat niet, of je mag het niet zien."))
    return case


def _choices(language: str) -> tuple[list, list]:
    kb = knowledge_base()
    indicators = [(i.id, i.title.get(language)) for i in kb.indicators.values()]
    forms = [(f.id, f.title.get(language)) for f in kb.forms.values()]
    return indicators, forms


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def signal_share(request: HttpRequest) -> HttpResponse:
    """GET (optionally ?dossier=pk) or POST with stap=start (from a result): the form, pre-filled.
    POST without stap=start: share."""
    if not may_share(request.user):
        raise PermissionDenied(
            _("Alleen professionals en aandachtsfunctionarissen van een organisatie delen signalen.")
        )
    language = _language()
    indicator_choices, form_choices = _choices(language)
    titles = dict(indicator_choices)
    case = None
    source = request.POST if request.method == "POST" else request.GET
    if source.get("dossier"):
        case = _case_or_404(request, source.get("dossier"))
    starting = request.method == "GET" or request.POST.get("stap") == "start"
    if starting:
        initial = _initial_from(request, case)
        form = ShareForm(initial=initial, indicator_choices=indicator_choices, form_choices=form_choices)
        offered = list(initial.get("indicators", []))
    else:
        form = ShareForm(request.POST, indicator_choices=indicator_choices, form_choices=form_choices)
        offered = request.POST.getlist("indicators")
        if form.is_valid():
            try:
                signal = services.signal_share(
                    user=request.user, data=form.interchange_data(), case=case, request=request
                )
            except SignalInvalid as error:
                form.problems_add(error.problems)
            except SignalForbidden as error:
                raise PermissionDenied(error.reason) from None
            else:
                messages.success(
                    request,
                    _("Je signaal is gedeeld met de zorgcoördinator. Hieronder zie je wat er mee gebeurt."),
                )
                return redirect("hub:partner_signal", pk=signal.pk)
    checked = set(form["indicators"].value() or [])
    context = {
        "form": form,
        "case": case,
        "errors": _error_summary(form) if form.is_bound else [],
        "offered": [(i, titles.get(i, i), i in checked) for i in dict.fromkeys(offered) if i in titles],
        "form_choices": form_choices,
        "forms_checked": set(form["forms_"].value() or []),
    }
    return render(request, "hub/partner/share.html", context)


def _initial_from(request: HttpRequest, case: Case | None) -> dict:
    """Pre-fill from the posted result (its ticked signals, the age answer) or from the dossier."""
    if case is not None:
        # The dossier's client details are read to pre-fill the form: recorded like opening the dossier.
        case_services.case_read_record(case=case, actor=request.user, what="view", request=request)
        indicators = list(case.indicators)
        if case.minor == Minor.YES and MINOR_ID not in indicators:
            indicators.append(MINOR_ID)
        return {
            "stap": "",
            "dossier": case.pk,
            "indicators": indicators,
            "name": case.client_name,
            "birth_date": case.client_birth_date or None,
            "bsn": case.client_bsn,
            "phone": case.client_phone,
            "email": case.client_email,
        }
    indicators = request.POST.getlist("signaal") if request.method == "POST" else []
    if request.POST.get("minderjarig") == "ja" and MINOR_ID not in indicators:
        indicators.append(MINOR_ID)
    return {"stap": "", "indicators": indicators, "forms_": request.POST.getlist("vorm")}


@login_required
@never_cache
@require_GET
def partner_signals(request: HttpRequest) -> HttpResponse:
    """'Mijn gedeelde signalen': the signals of the user's organisation, newest first, with their status."""
    try:
        number = max(1, min(int(request.GET.get("pagina", "1")), 10_000))
    except ValueError:
        number = 1
    start = (number - 1) * PAGE_SIZE
    rows = list(
        signals_of_organisation(request.user)
        .select_related("source", "shared_by")
        .only(
            "pk",
            "external_id",
            "received_at",
            "observed_on",
            "outcome",
            "status",
            "via",
            "source__slug",
            "shared_by__first_name",
            "shared_by__last_name",
            "shared_by__username",
        )
        .order_by("-received_at", "-pk")[start : start + PAGE_SIZE + 1]
    )
    context = {
        "rows": rows[:PAGE_SIZE],
        "page": number,
        "has_next": len(rows) > PAGE_SIZE,
        "may_share": may_share(request.user),
    }
    return render(request, "hub/partner/list.html", context)


@login_required
@never_cache
@require_GET
def partner_signal(request: HttpRequest, pk: int) -> HttpResponse:
    signal = (
        signals_of_organisation(request.user)
        .select_related("source", "shared_by")
        .defer("identifiers", "keys")
        .filter(pk=pk)
        .first()
    )
    if signal is None:
        audit_record(
            action="hub.signal_access_denied", object_type="hub.signal", object_id=pk, request=request
        )
        raise Http404(_("Dit signaal bestaat niet, of het is niet van jouw organisatie."))
    audit_record(action="hub.signal_view", object_type="hub.signal", object_id=signal.pk, request=request)
    language = _language()
    kb = knowledge_base()
    context = {
        "signal": signal,
        "indicators": [kb.indicators[i].title.get(language) for i in signal.indicators if i in kb.indicators],
        "forms": [kb.forms[f].title.get(language) for f in signal.forms if f in kb.forms],
        "given": _kinds_given(signal),
        "case_visible": signal.case_id is not None
        and case_for_user(request.user, signal.case_id) is not None,
    }
    return render(request, "hub/partner/detail.html", context)


def _kinds_given(signal: Signal) -> list[str]:
    """Which kinds of identifiers the signal holds, in words, from its token names."""
    words: list[str] = []
    for token in signal.tokens.values_list("token", flat=True):
        kind = token.split(":", 1)[0]
        word = next((str(w) for k, w in IDENTIFIER_WORDS.items() if kind.startswith(k)), None)
        if word and word not in words:
            words.append(word)
    return words
