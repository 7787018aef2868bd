"""One page per step form. A form states the version it was opened on; a stale save answers 409 with what
was typed, the changes made in the meantime and the current version, so saving again is one click."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from signaalwijzer.cases import meldcode, report, selectors, services
from signaalwijzer.cases.forms import (
    QUESTION_IDS,
    WEIGHING_QUESTIONS,
    ClientForm,
    ConsultationForm,
    ConversationForm,
    DecisionForm,
    ObservationForm,
    ReasonForm,
    SignalsForm,
    WeighingForm,
)
from signaalwijzer.cases.models import Case, ConsultedWith, EntryKind, Minor, Status
from signaalwijzer.cases.views import reading
from signaalwijzer.cases.views.common import (
    CONFLICT_CHANGES_MAX,
    case_page,
    error_summary,
    expert_routes,
    input_errors,
    language,
    page_context,
    read_recorded,
)
from signaalwijzer.public import selectors as public_selectors

# --- Step pages ----------------------------------------------------------------------------------------------


@dataclass
class StepPage:
    """One form page of a dossier: what it shows, which form, and which service saves it."""

    template: str
    form_class: type
    # The cases.services write that saves it; called with case, actor, expected_version and request, and
    # the other arguments made by `arguments` from the form's cleaned data.
    service: Callable[..., Any]
    arguments: Callable[[dict], dict] = lambda data: {}
    initial: Callable[[Case], dict] = lambda case: {}
    form_kwargs: Callable[[], dict] = dict
    context: Callable[[HttpRequest, Case, Any], dict] = lambda request, case, form: {}
    anchors: dict[str, str] = field(default_factory=dict)
    service_fields: dict[str, str] = field(default_factory=dict)
    done_message: Any = ""  # a lazy translation
    anchor: str = ""  # where on the dossier page to land after saving
    # Where to go after saving instead of the dossier page (e.g. "save, then find signals"); None: there.
    next_url: Callable[[HttpRequest, Case], str | None] = lambda request, case: None
    # A page that is shown filled in without saving anything (e.g. the signals read from the
    # observations): (form, extra context), or None for the normal page.
    preview: Callable[[HttpRequest, Case], tuple[Any, dict] | None] = lambda request, case: None


def same_names(*names: str) -> Callable[[dict], dict]:
    """`arguments` for a form whose fields have the names of the service's arguments."""
    return lambda data: {name: data[name] for name in names}


def form_after_conflict(request: HttpRequest, case: Case, form_class: type, **form_kwargs) -> Any:
    """The form as it was typed, on the current version, so that saving again works."""
    data = request.POST.copy()
    data["version"] = str(case.version)
    form = form_class(data, **form_kwargs)
    form.is_valid()
    return form


def changes_since(case: Case, version: int | None, kb) -> list[dict[str, Any]]:
    """What was saved after `version`: every write appends one entry and bumps the version by one."""
    entries = list(selectors.case_history(case))
    count = (
        CONFLICT_CHANGES_MAX if version is None else max(1, min(case.version - version, CONFLICT_CHANGES_MAX))
    )
    recent = entries[-count:]
    users = report.users_of(recent)
    return [report.entry_view(e, kb=kb, case=case, users=users) for e in reversed(recent)]


def _step_view(request: HttpRequest, case: Case, page: StepPage) -> HttpResponse:
    if case.status == Status.CLOSED:
        messages.info(request, _("Dit dossier is gesloten. Heropen het als je iets wilt toevoegen."))
        return redirect("cases:detail", pk=case.pk)
    kb = public_selectors.kb()
    status = 200
    conflict: list[dict[str, Any]] | None = None
    extra: dict[str, Any] = {}
    preview = page.preview(request, case)
    if preview is not None:
        form, extra = preview
    elif request.method == "POST":
        form = page.form_class(request.POST, **page.form_kwargs())
        if form.is_valid():
            try:
                page.service(
                    case=case,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    request=request,
                    **page.arguments(form.cleaned_data),
                )
            except services.CaseConflictError:
                fresh = selectors.case_for_user(request.user, case.pk)
                if fresh is None:
                    raise Http404(_("Dit dossier bestaat niet meer, of je mag het niet meer zien.")) from None
                conflict = changes_since(fresh, form.cleaned_data["version"], kb)
                case = fresh
                form = form_after_conflict(request, case, page.form_class, **page.form_kwargs())
                status = 409
            except services.CaseClosedError:
                form.add_error(
                    None, _("Dit dossier is net gesloten. Heropen het eerst; je tekst staat er nog.")
                )
                status = 409
            except services.CaseInputError as error:
                input_errors(form, error, page.service_fields)
            else:
                if page.done_message:
                    messages.success(request, str(page.done_message))
                return redirect(
                    page.next_url(request, case)
                    or reverse("cases:detail", kwargs={"pk": case.pk})
                    + (f"#{page.anchor}" if page.anchor else "")
                )
    else:
        form = page.form_class(initial={"version": case.version, **page.initial(case)}, **page.form_kwargs())
    read_recorded(request, case)
    errors = error_summary(form, page.anchors) if form.is_bound and conflict is None else []
    context = {
        **page_context(request, case),
        "form": form,
        "errors": errors,
        "conflict": conflict,
        **page.context(request, case, form),
        **extra,
    }
    return render(request, page.template, context, status=status)


# Step 1: signals and observations.


def _signals_context(request, case, form) -> dict:
    kb = public_selectors.kb()
    minor = form["minderjarig"].value() or ""
    groups = public_selectors.checklist_groups(kb, minor=minor)
    return {
        "groups": groups,
        "ticked": form.ticked(),
        "minor_value": minor,
        "minor_choices": Minor.choices,
        "step_number": 1,
        "has_observations": selectors.case_has_entry(case, kind=EntryKind.OBSERVATION),
        "read_action": reading.READ_ACTION,
    }


SIGNALS_PAGE = StepPage(
    done_message=gettext_lazy("De signalen zijn opgeslagen en opnieuw gewogen."),
    template="cases/step_signals.html",
    form_class=SignalsForm,
    form_kwargs=lambda: {"kb": public_selectors.kb()},
    initial=lambda case: {"signaal": list(case.indicators), "minderjarig": case.minor},
    service=services.case_signals_update,
    arguments=lambda data: {"indicators": data["signaal"], "minor": data["minderjarig"]},
    context=_signals_context,
    preview=reading.signals_preview,
    anchors={"minderjarig": "id_minderjarig_0", "signaal": "signalenlijst"},
    service_fields={"indicators": "signaal", "minor": "minderjarig"},
    anchor="uitkomst",
)


def signals_read_url(case: Case) -> str:
    """The signals step with the suggestions from the observations, landing on them."""
    return (
        reverse("cases:signals", kwargs={"pk": case.pk})
        + f"?{reading.READ_PARAMETER}={reading.READ_VALUE}#uit-je-waarnemingen"
    )


OBSERVATION_PAGE = StepPage(
    done_message=gettext_lazy("De waarneming is opgeslagen."),
    template="cases/step_observation.html",
    form_class=ObservationForm,
    initial=lambda case: {"observed_on": timezone.localdate()},
    service=services.case_observation_add,
    arguments=same_names("observed_on", "text"),
    context=lambda request, case, form: {"step_number": 1},
    anchor="geschiedenis",
    next_url=lambda request, case: (
        signals_read_url(case) if request.POST.get("daarna") == "signalen" else None
    ),
)

CONSULTATION_PAGE = StepPage(
    done_message=gettext_lazy("Het overleg is opgeslagen."),
    template="cases/step_consultation.html",
    form_class=ConsultationForm,
    initial=lambda case: {"consulted_on": timezone.localdate()},
    service=services.case_consultation_add,
    arguments=same_names("consulted_with", "consulted_on", "advice", "consulted_name"),
    context=lambda request, case, form: {
        "step_number": 2,
        "consulted_choices": ConsultedWith.choices,
        "experts": expert_routes(),
    },
    anchors={"consulted_with": "id_consulted_with_0"},
    anchor="stappen",
)

CONVERSATION_PAGE = StepPage(
    done_message=gettext_lazy("Het gesprek is opgeslagen."),
    template="cases/step_conversation.html",
    form_class=ConversationForm,
    initial=lambda case: {"held_on": timezone.localdate()},
    service=services.case_conversation_record,
    arguments=lambda data: {
        "held": data["held"] == "ja",
        "held_on": data["held_on"],
        "text": data["text"],
        "reason_not_held": data["reason_not_held"] or "",
    },
    context=lambda request, case, form: {"step_number": 3},
    anchors={"held": "id_held_0", "reason_not_held": "id_reason_not_held_0"},
    anchor="stappen",
)


def _weighing_initial(case: Case) -> dict:
    """The last weighing's answers, so weighing again starts from there."""
    last = selectors.case_last_entry(case, kind=EntryKind.WEIGHING)
    if last is None:
        return {}
    answers = (last.data or {}).get("answers") or {}
    return {q: {True: "ja", False: "nee"}.get(answers.get(q), "") for q in QUESTION_IDS}


WEIGHING_PAGE = StepPage(
    done_message=gettext_lazy("De afweging is opgeslagen."),
    template="cases/step_weighing.html",
    form_class=WeighingForm,
    initial=_weighing_initial,
    service=services.case_weighing_record,
    arguments=same_names("answers", "text"),
    context=lambda request, case, form: {
        "step_number": 4,
        "questions": [(form[q], hint) for q, _label, hint in WEIGHING_QUESTIONS],
        "experts": expert_routes(),
    },
    anchors={q: f"id_{q}_0" for q in QUESTION_IDS},
    anchor="stappen",
)


def _route_choices() -> list[tuple[str, str]]:
    kb = public_selectors.kb()
    return [(r.id, r.name.get(language())) for r in public_selectors.routes_ordered(kb)]


def _last_conclusion(case: Case) -> str:
    """The conclusion of the last weighing (meldcode.weighing_conclusion), or "" before any."""
    last = selectors.case_last_entry(case, kind=EntryKind.WEIGHING)
    return (last.data or {}).get("conclusion", "") if last else ""


def _decision_context(request, case, form) -> dict:
    kb = public_selectors.kb()
    routes = [
        public_selectors.route_facts(kb, r.id, language=language(), deployment=settings.SIGNAALWIJZER)
        for r in public_selectors.routes_ordered(kb)
    ]
    conclusion = _last_conclusion(case)
    return {
        "step_number": 5,
        "routes": routes,
        "route_value": form["route"].value() or "",
        "conclusion": report.CONCLUSION_WORDS.get(conclusion, ""),
    }


def _decision_initial(case: Case) -> dict:
    conclusion = _last_conclusion(case)
    decision = meldcode.CONCLUSION_DECISION.get(conclusion, "")
    return {"decision": decision, "route": "veilig_thuis" if decision in ("melden", "melden_en_hulp") else ""}


DECISION_PAGE = StepPage(
    done_message=gettext_lazy("Het besluit is opgeslagen."),
    template="cases/step_decision.html",
    form_class=DecisionForm,
    form_kwargs=lambda: {"route_choices": _route_choices()},
    initial=_decision_initial,
    service=services.case_decision_record,
    arguments=lambda data: {"decision": data["decision"], "text": data["text"], "route": data["route"] or ""},
    context=_decision_context,
    anchors={"decision": "id_decision_0", "route": "id_route_geen"},
    anchor="stappen",
)


def _client_initial(case: Case) -> dict:
    details = services.client_details_of(case)
    return {
        "label": details.label,
        "name": details.name,
        "birth_date": details.birth_date,
        "bsn": details.bsn,
        "phone": services.phone_display(details.phone),
        "email": details.email,
        "address": details.address,
    }


CLIENT_PAGE = StepPage(
    done_message=gettext_lazy("De gegevens van de cliënt zijn opgeslagen."),
    template="cases/client.html",
    form_class=ClientForm,
    initial=_client_initial,
    service=services.case_client_update,
    # The form's fields carry the names of ClientDetails.
    arguments=lambda data: {
        "details": services.ClientDetails(**{f.name: data[f.name] for f in fields(services.ClientDetails)})
    },
    anchor="client",
)

CLOSE_PAGE = StepPage(
    done_message=gettext_lazy("Het dossier is gesloten."),
    template="cases/close.html",
    form_class=ReasonForm,
    service=services.case_close,
    arguments=same_names("reason"),
)


def _view_for(page: StepPage):
    @case_page
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, case: Case) -> HttpResponse:
        return _step_view(request, case, page)

    return view


case_signals = _view_for(SIGNALS_PAGE)
case_observation = _view_for(OBSERVATION_PAGE)
case_consultation = _view_for(CONSULTATION_PAGE)
case_conversation = _view_for(CONVERSATION_PAGE)
case_weighing = _view_for(WEIGHING_PAGE)
case_decision = _view_for(DECISION_PAGE)
case_client = _view_for(CLIENT_PAGE)
case_close = _view_for(CLOSE_PAGE)
