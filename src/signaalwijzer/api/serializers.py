"""Serializers: validation of what comes in, and the declared shape of what goes out (OpenAPI schema).

Input is strict: JSON types are not coerced ("true" is not a boolean, 5 is not a string) and unknown
fields are rejected by name, so a typo in a partner system's request fails loudly instead of being
ignored. Knowledge-base ids are checked by the core (the engine raises UnknownIdsError), not
duplicated here; only the filters of GET /indicators are checked against the knowledge base here, as
`indicators_filter` silently finds nothing for an unknown value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers
from rest_framework.fields import empty

from signaalwijzer.knowledge.loader import OUTCOMES, KnowledgeBase
from signaalwijzer.knowledge.schema import (
    AppliesTo,
    Confidence,
    Dimension,
    Element,
    Kind,
    Strength,
)
from signaalwijzer.notes import MAX_TEXT

LANGUAGES = ("nl", "en")
# More than any knowledge base will hold; bounds the work one request can cause.
MAX_INDICATORS = 200


class StrictCharField(serializers.CharField):
    default_error_messages = {"invalid": "must be a string"}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": "must be true or false"}

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictSerializer(serializers.Serializer):
    """Rejects anything that is not an object, and every field it does not know, by name."""

    unknown_what = "field"

    def run_validation(self, data: Any = empty) -> Any:
        if data is None:
            # JSON `null` as the whole body; DRF would say "No data provided".
            raise serializers.ValidationError({"body": ["expected a JSON object"]})
        return super().run_validation(data)

    def to_internal_value(self, data: Any) -> dict:
        if not isinstance(data, Mapping):
            raise serializers.ValidationError({"body": ["expected a JSON object"]})
        errors: dict[str, Any] = {}
        value: dict = {}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            errors.update(exc.detail)
        allowed = (
            f"allowed: {', '.join(self.fields)}"
            if self.fields
            else f"this endpoint takes no {self.unknown_what}s"
        )
        for name in data:
            if name not in self.fields:
                errors[name] = [f"unknown {self.unknown_what}; {allowed}"]
        if errors:
            raise serializers.ValidationError(errors)
        return value


def _language_field() -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=LANGUAGES,
        default="nl",
        help_text="Language of the texts in the response: Dutch (default) or English.",
        error_messages={"invalid_choice": "unknown language '{input}'; must be one of: nl, en"},
    )


# --- input ------------------------------------------------------------------------------------------


class ScreeningRequestSerializer(StrictSerializer):
    role = StrictCharField(max_length=60, help_text="Role id of the professional, see /api/v1/roles.")
    minor = StrictBooleanField(default=False, help_text="The person is under 18.")
    indicators = serializers.ListField(
        child=StrictCharField(max_length=60),
        allow_empty=False,
        max_length=MAX_INDICATORS,
        help_text="Ids of what was seen (signals and vulnerability factors), see /api/v1/indicators.",
        error_messages={
            "empty": "give at least one indicator id",
            "not_a_list": "must be a list of indicator ids",
            "max_length": f"at most {MAX_INDICATORS} indicator ids",
        },
    )
    language = _language_field()


class AnalysisRequestSerializer(StrictSerializer):
    text = StrictCharField(
        max_length=MAX_TEXT,
        trim_whitespace=False,
        help_text=f"The note, in Dutch or English; at most {MAX_TEXT} characters. Evidence offsets point into it.",
        error_messages={
            "blank": "the note is empty",
            "max_length": f"the note is longer than {MAX_TEXT} characters",
        },
    )
    role = StrictCharField(
        max_length=60,
        required=False,
        help_text="Role id of the professional, see /api/v1/roles; without it the weighing uses wijkteam.",
    )
    language = _language_field()

    def validate_text(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("the note is empty")
        return value


class QuerySerializer(StrictSerializer):
    unknown_what = "query parameter"


class NoQuerySerializer(QuerySerializer):
    """For endpoints without query parameters: any parameter is an error."""


class LanguageQuerySerializer(QuerySerializer):
    language = _language_field()


class IndicatorFilterSerializer(QuerySerializer):
    """Query parameters of GET /indicators; an empty value means no filter."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        default="",
        help_text="Words that must all occur in id, title, description or keywords (either language).",
    )
    form = serializers.CharField(required=False, allow_blank=True, default="", help_text="Form id.")
    domain = serializers.CharField(required=False, allow_blank=True, default="", help_text="Domain id.")
    role = serializers.CharField(required=False, allow_blank=True, default="", help_text="Role id.")
    kind = serializers.ChoiceField(
        choices=[kind.value for kind in Kind],
        required=False,
        allow_blank=True,
        default="",
        help_text="Signals (indicator) or vulnerability factors (vulnerability).",
        error_messages={"invalid_choice": "unknown kind '{input}'; must be one of: indicator, vulnerability"},
    )
    language = _language_field()

    def _known(self, what: str, value: str, known: Mapping[str, Any]) -> str:
        if value and value not in known:
            raise serializers.ValidationError(f"unknown {what} '{value}'; valid {what}s: {', '.join(known)}")
        return value

    @property
    def kb(self) -> KnowledgeBase:
        return self.context["kb"]

    def validate_form(self, value: str) -> str:
        return self._known("form", value, self.kb.forms)

    def validate_domain(self, value: str) -> str:
        return self._known("domain", value, self.kb.domains)

    def validate_role(self, value: str) -> str:
        return self._known("role", value, self.kb.roles)


# --- output (declared for the schema; the data comes from the core) -----------------------------------


def _strengths() -> serializers.DictField:
    return serializers.DictField(
        child=serializers.ChoiceField(choices=[s.value for s in Strength]),
        help_text="Form id -> strength (ILO–EC 2009).",
    )


class ErrorSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True,
        help_text="Where the problem is: a body field (`indicators[2]`, zero-based), a query or path "
        "parameter, `body` for the request as a whole, or null.",
    )
    reason = serializers.CharField()


class ErrorResponseSerializer(serializers.Serializer):
    errors = ErrorSerializer(many=True)


class IndicatorSerializer(serializers.Serializer):
    id = serializers.CharField()
    kind = serializers.ChoiceField(choices=[kind.value for kind in Kind])
    title = serializers.CharField()
    description = serializers.CharField()
    domain = serializers.CharField()
    forms = _strengths()
    forms_minor = _strengths()
    dimension = serializers.ChoiceField(choices=[d.value for d in Dimension])
    elements = serializers.ListField(child=serializers.ChoiceField(choices=[e.value for e in Element]))
    applies_to = serializers.ChoiceField(choices=[a.value for a in AppliesTo])
    roles = serializers.ListField(child=serializers.CharField())
    questions = serializers.ListField(child=serializers.CharField())
    acute = serializers.BooleanField(help_text="Violence or threats now: call 112 / Veilig Thuis first.")
    red_flag = serializers.BooleanField(help_text="Decisive on its own.")
    sources = serializers.ListField(child=serializers.CharField())


class FormSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    examples = serializers.CharField()
    sources = serializers.ListField(child=serializers.CharField())


class DomainSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    order = serializers.IntegerField()


class RoleSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    meldcode = serializers.BooleanField(help_text="The role's organisation works under the meldcode.")


class ContactSerializer(serializers.Serializer):
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    hours = serializers.CharField(allow_null=True)
    organisation = serializers.CharField(allow_blank=True)


class RouteSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    when = serializers.CharField()
    what_happens = serializers.CharField()
    contact = ContactSerializer()
    anonymous_possible = serializers.BooleanField()
    acute = serializers.BooleanField()
    from_configuration = serializers.BooleanField(
        help_text="The contact comes from this deployment's configuration (the regional zorgcoördinator)."
    )
    sources = serializers.ListField(child=serializers.CharField())


class GuideSectionSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField()


class IndicatorRefSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()


class GuideStepSerializer(serializers.Serializer):
    text = serializers.CharField()
    outcomes = serializers.ListField(child=serializers.ChoiceField(choices=OUTCOMES))
    meldcode_step = serializers.IntegerField(allow_null=True)
    routes = serializers.ListField(child=serializers.CharField(), help_text="Route ids.")
    minor = serializers.BooleanField(allow_null=True, help_text="Only for minors, only for adults, or null.")


class RoleDetailSerializer(RoleSerializer):
    summary = serializers.CharField()
    sections = GuideSectionSerializer(many=True)
    typical_indicators = IndicatorRefSerializer(many=True)
    next_steps = GuideStepSerializer(many=True)
    routes = RouteSerializer(many=True)
    sources = serializers.ListField(child=serializers.CharField())


class SourceSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    publisher = serializers.CharField()
    url = serializers.CharField()
    confidence = serializers.ChoiceField(choices=[c.value for c in Confidence])
    note = serializers.CharField(allow_blank=True)


# The shape of ScreeningResult.as_dict() (screening/result.py), the same JSON as `screen --json`.


class ScreeningRouteSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    when = serializers.CharField()
    acute = serializers.BooleanField()


class ScreeningStepSerializer(serializers.Serializer):
    text = serializers.CharField()
    meldcode_step = serializers.IntegerField(allow_null=True)
    routes = ScreeningRouteSerializer(many=True)


class ScreeningQuestionSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    question = serializers.CharField()
    why = serializers.CharField()


class ScreeningSignalSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=[kind.value for kind in Kind])
    strongest = serializers.ChoiceField(choices=[s.value for s in Strength])
    forms = _strengths()
    dimension = serializers.ChoiceField(choices=[d.value for d in Dimension])
    elements = serializers.ListField(child=serializers.ChoiceField(choices=[e.value for e in Element]))
    acute = serializers.BooleanField()
    red_flag = serializers.BooleanField()


class ScreeningFormPictureSerializer(serializers.Serializer):
    form = serializers.CharField()
    title = serializers.CharField()
    positive_dimensions = serializers.ListField(
        child=serializers.ChoiceField(choices=[d.value for d in Dimension])
    )
    elements = serializers.ListField(child=serializers.ChoiceField(choices=[e.value for e in Element]))
    positive = serializers.BooleanField()
    structure_visible = serializers.BooleanField()


class ScreeningResultSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=OUTCOMES)
    role = serializers.CharField()
    minor = serializers.BooleanField()
    acute = serializers.BooleanField(help_text="Danger now: the acute routes (112, Veilig Thuis) come first.")
    forms = serializers.ListField(child=serializers.CharField(), help_text="Ids of the positive forms.")
    elements = serializers.ListField(child=serializers.ChoiceField(choices=[e.value for e in Element]))
    form_pictures = ScreeningFormPictureSerializer(many=True)
    signals = ScreeningSignalSerializer(many=True)
    explanation = serializers.ListField(child=serializers.CharField())
    next_questions = ScreeningQuestionSerializer(many=True)
    next_steps = ScreeningStepSerializer(many=True)
    meldcode_step = serializers.IntegerField(allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField())


# The shape of NoteAnalysis.as_dict() (notes/analyse.py), the same JSON as `analyse --json`.


class SuggestionSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Indicator id, see /api/v1/indicators.")
    confidence = serializers.FloatField(help_text="0..1: how sure the analysis is of this suggestion.")
    evidence = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        help_text="[start, end] character offsets into the text: text[start:end] is the quoted words.",
    )
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=[kind.value for kind in Kind])
    quotes = serializers.ListField(
        child=serializers.CharField(), help_text="The words of each evidence span."
    )


class MinorEvidenceSerializer(serializers.Serializer):
    value = serializers.BooleanField(allow_null=True)
    evidence = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2)
    )
    reasons = serializers.ListField(child=serializers.CharField())


class AnalysisResultSerializer(serializers.Serializer):
    role = serializers.CharField(allow_null=True, help_text="The role asked for, or null.")
    minor = serializers.BooleanField(
        allow_null=True, help_text="Probably younger than 18 (true), 18 or older (false), or unknown (null)."
    )
    minor_evidence = MinorEvidenceSerializer()
    indicators = SuggestionSerializer(many=True, help_text="Suggested indicators, in the order of the text.")
    forms = serializers.ListField(
        child=serializers.CharField(), help_text="Forms of exploitation the note is about."
    )
    outcome = serializers.ChoiceField(choices=OUTCOMES)
    outcome_capped = serializers.BooleanField(
        help_text="True when the outcome is zorgelijk instead of the weighing's vermoeden because the writer "
        "concludes there are no signs."
    )
    all_clear = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        help_text="Spans where the writer concludes there are no signs.",
    )
    weighing = ScreeningResultSerializer(help_text="The weighing of the suggested indicators.")
