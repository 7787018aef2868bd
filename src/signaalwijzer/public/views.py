"""The public pages: home, the three-step Signaalwijzer, role guides, the indicator library, routes.

Views validate input, call one function of the core and render. Nothing a visitor enters is stored: the
screening pages use no session and no database.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from signaalwijzer.knowledge.loader import OUTCOMES
from signaalwijzer.knowledge.schema import Kind
from signaalwijzer.notes import note_suggest
from signaalwijzer.public import selectors
from signaalwijzer.public.forms import ChecklistForm, NoteForm, ScreeningStartForm
from signaalwijzer.screening.engine import UnknownIdsError, screening_evaluate

MAX_QUERY = 100


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _error_summary(form, anchors: dict[str, str]) -> list[tuple[str, str]]:
    """(anchor, message) for every error, in the order of the fields on the page."""
    out = []
    for name in form.fields:
        for message in form.errors.get(name, []):
            out.append((anchors.get(name, ""), message))
    for message in form.non_field_errors():
        out.append(("", message))
    return out


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html")


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    kb = selectors.kb()
    return render(
        request, "public/about.html", {"sources": list(kb.sources.values()), "forms": kb.forms.values()}
    )


# --- Signaalwijzer: role -> checklist -> result -------------------------------------------------------------


def _start_page(request: HttpRequest, form: ScreeningStartForm, *, status: int = 200) -> HttpResponse:
    kb = selectors.kb()
    roles = [(role, form["rol"].value() == role.id) for role in kb.roles.values()]
    context = {
        "form": form,
        "roles": roles,
        "minor_choices": selectors.MINOR_CHOICES,
        "minor_value": form["minderjarig"].value() or "",
        "errors": _error_summary(form, {"rol": f"rol-{next(iter(kb.roles), '')}"}) if form.is_bound else [],
    }
    return render(request, "public/screening_start.html", context, status=status)


@require_GET
def screening_start(request: HttpRequest) -> HttpResponse:
    kb = selectors.kb()
    initial = {"rol": request.GET.get("rol", ""), "minderjarig": request.GET.get("minderjarig", "")}
    return _start_page(request, ScreeningStartForm(initial=initial, kb=kb, language=_language()))


def _checklist_page(
    request: HttpRequest,
    form: ChecklistForm,
    *,
    status: int = 200,
    note_form: NoteForm | None = None,
    reading=None,
) -> HttpResponse:
    kb = selectors.kb()
    minor = form["minderjarig"].value() or ""
    groups = selectors.checklist_groups(kb, minor=minor)
    first_box = groups[0].items[0].id if groups and groups[0].items else ""
    role_id = form["rol"].value() or ""
    errors = (
        _error_summary(form, {"rol": "id_rol", "minderjarig": "minderjarig-ja", "signaal": f"s-{first_box}"})
        if form.is_bound
        else []
    )
    if note_form is not None and note_form.is_bound and not note_form.is_valid():
        errors += _error_summary(note_form, {"notitie": "id_notitie"})
    suggestions = selectors.note_suggestions(kb, reading) if reading is not None else []
    context = {
        "form": form,
        "groups": groups,
        "ticked": form.ticked(),
        "role": kb.roles.get(role_id),
        "role_value": role_id,
        "role_choices": selectors.role_choices(kb, _language()),
        "minor_value": minor,
        "minor_choices": selectors.MINOR_CHOICES,
        "errors": errors,
        "note_form": note_form or NoteForm(),
        "note_text": (note_form["notitie"].value() or "") if note_form is not None else "",
        "note_read": reading is not None,
        "note_suggestions": suggestions,
        "suggested_quotes": {s.id: s.quotes for s in suggestions},
        "note_segments": (
            selectors.note_segments(reading.text, [span for s in reading.suggestions for span in s.evidence])
            if reading is not None
            else []
        ),
    }
    return render(request, "public/screening_checklist.html", context, status=status)


def _note_suggestions_page(request: HttpRequest, kb, language: str) -> HttpResponse:
    """ "Zoek signalen in mijn tekst": the checklist again, with what the note suggests ticked.

    Nothing is stored: the note is read, the suggestions are ticked in the re-rendered page next to what
    was ticked already, and the professional confirms or unticks each before asking for the result.
    """
    ticked = [i for i in request.POST.getlist("signaal") if i in kb.indicators]
    minor = request.POST.get("minderjarig", "")
    note_form = NoteForm(request.POST)
    reading = None
    if note_form.is_valid():
        reading = note_suggest(note_form.cleaned_data["notitie"], kb=kb)
        ticked = list(dict.fromkeys(ticked + [s.id for s in reading.suggestions]))
        if minor not in (selectors.MINOR_YES, selectors.MINOR_NO) and reading.minor.value is not None:
            # An age in the note answers the question, unless the professional already did.
            minor = selectors.MINOR_YES if reading.minor.value else selectors.MINOR_NO
    initial = {"rol": request.POST.get("rol", ""), "minderjarig": minor, "signaal": ticked}
    return _checklist_page(
        request,
        ChecklistForm(initial=initial, kb=kb, language=language),
        note_form=note_form,
        reading=reading,
    )


@require_http_methods(["GET", "POST"])
def screening_checklist(request: HttpRequest) -> HttpResponse:
    kb = selectors.kb()
    language = _language()
    if request.method == "POST" and request.POST.get("actie") == "zoek":
        return _note_suggestions_page(request, kb, language)
    if request.method == "POST":
        # Back from the result page ("Signalen aanpassen"): the ticked ids come in the body, never the URL.
        initial = {
            "rol": request.POST.get("rol", ""),
            "minderjarig": request.POST.get("minderjarig", ""),
            "signaal": [i for i in request.POST.getlist("signaal") if i in kb.indicators],
        }
        return _checklist_page(request, ChecklistForm(initial=initial, kb=kb, language=language))
    if "rol" not in request.GET:
        # Arrived without the start form (e.g. after switching language): begin at step 1, without errors.
        initial = {"minderjarig": request.GET.get("minderjarig", "")}
        return _start_page(request, ScreeningStartForm(initial=initial, kb=kb, language=language))
    start = ScreeningStartForm(request.GET, kb=kb, language=language)
    if not start.is_valid():
        return _start_page(request, start)
    initial = {"rol": start.cleaned_data["rol"], "minderjarig": start.cleaned_data["minderjarig"]}
    return _checklist_page(request, ChecklistForm(initial=initial, kb=kb, language=language))


@require_http_methods(["GET", "POST"])
def screening_result(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        # A result is only ever the answer to a posted checklist; nothing is kept to show again.
        return redirect("public:screening_start")
    kb = selectors.kb()
    form = ChecklistForm(request.POST, kb=kb, language=_language())
    if not form.is_valid():
        # Keep a pasted note on the page, so nothing typed is lost (it is still not stored).
        note = NoteForm(initial={"notitie": request.POST.get("notitie", "")})
        return _checklist_page(request, form, note_form=note)
    minor_answer = form.cleaned_data["minderjarig"]
    try:
        result = screening_evaluate(
            indicators=form.cleaned_data["signaal"],
            role=form.cleaned_data["rol"],
            minor=selectors.minor_flag(minor_answer),
            kb=kb,
            coordinator=settings.SIGNAALWIJZER,
        )
    except UnknownIdsError as exc:
        if getattr(exc, "role", None):
            form.add_error("rol", _("Deze rol kennen we niet. Kies je rol uit de lijst."))
        if getattr(exc, "indicators", None):
            form.add_error(
                "signaal", _("Deze signalen kennen we niet: %(ids)s.") % {"ids": ", ".join(exc.indicators)}
            )
        return _checklist_page(request, form)
    return render(request, "public/screening_result.html", _result_context(kb, form, result, minor_answer))


def _result_context(kb, form: ChecklistForm, result, minor_answer: str) -> dict:
    return {
        **selectors.result_view(kb, result, language=_language(), deployment=settings.SIGNAALWIJZER),
        "result": result,
        "role": kb.roles.get(result.role),
        "minor_answer": minor_answer,
        "minor_unknown": minor_answer == selectors.MINOR_UNKNOWN,
        "ticked": form.cleaned_data["signaal"],
        "role_value": form.cleaned_data["rol"],
    }


# --- Role guides ---------------------------------------------------------------------------------------------


@require_GET
def roles(request: HttpRequest) -> HttpResponse:
    return render(request, "public/roles.html", {"roles": selectors.roles_list(selectors.kb())})


@require_GET
def role_guide(request: HttpRequest, role: str) -> HttpResponse:
    kb = selectors.kb()
    found = kb.roles.get(role)
    guide = kb.guides.get(role)
    if found is None or guide is None:
        raise Http404(_("Deze rol kennen we niet."))
    steps_by_outcome = [(o, [s for s in guide.next_steps if o in s.outcomes]) for o in reversed(OUTCOMES)]
    context = {
        "role": found,
        "guide": guide,
        "typical": [kb.indicators[i] for i in guide.typical_indicators if i in kb.indicators],
        "steps_by_outcome": steps_by_outcome,
        "routes_by_id": kb.routes,
        "routes": [kb.routes[r] for r in guide.routes if r in kb.routes],
        "sources": [kb.sources[s] for s in guide.sources if s in kb.sources],
    }
    return render(request, "public/role_guide.html", context)


# --- Indicator library ---------------------------------------------------------------------------------------


def _choice(value: str, allowed) -> str:
    return value if value in allowed else ""


@require_GET
def indicators(request: HttpRequest) -> HttpResponse:
    kb = selectors.kb()
    language = _language()
    params = {
        "q": request.GET.get("q", "").strip()[:MAX_QUERY],
        "form": _choice(request.GET.get("vorm", ""), kb.forms),
        "role": _choice(request.GET.get("rol", ""), kb.roles),
        "domain": _choice(request.GET.get("leefgebied", ""), kb.domains),
        "kind": _choice(request.GET.get("soort", ""), {k.value for k in Kind}),
    }
    found = selectors.library_search(kb, **params)
    context = {
        "found": found,
        "count": len(found),
        "params": params,
        "domains_by_id": kb.domains,
        "form_choices": [(f.id, f.title.get(language)) for f in kb.forms.values()],
        "role_choices": selectors.role_choices(kb, language),
        "domain_choices": [
            (d.id, d.title.get(language)) for d in sorted(kb.domains.values(), key=lambda d: d.order)
        ],
        "kind_choices": [(k.value, selectors.KIND_WORDS[k.value]) for k in Kind],
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        response = render(request, "public/_indicator_results.html", {**context, "oob": True})
    else:
        response = render(request, "public/indicators.html", context)
    # The same URL answers with a fragment or a page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def indicator(request: HttpRequest, indicator_id: str) -> HttpResponse:
    kb = selectors.kb()
    found = kb.indicators.get(indicator_id)
    if found is None:
        raise Http404(_("Dit signaal kennen we niet."))
    context = {
        "indicator": found,
        "domain": kb.domains.get(found.domain),
        "forms": selectors.indicator_forms(kb, found),
        "roles": [kb.roles[r] for r in found.roles if r in kb.roles],
        "sources": [kb.sources[s] for s in found.sources if s in kb.sources],
    }
    return render(request, "public/indicator.html", context)


# --- Routes --------------------------------------------------------------------------------------------------


@require_GET
def routes(request: HttpRequest) -> HttpResponse:
    return render(request, "public/routes.html", {"routes": selectors.routes_ordered(selectors.kb())})
