"""The REST API, version 1: anonymous screening and the knowledge base, read-only.

Each view validates its input with a serializer, calls one core function and renders; nothing is stored.
Error reasons are in English (they are for the developers of partner systems); the content follows the
`language` parameter.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from signaalwijzer.api import selectors
from signaalwijzer.api.exceptions import UnknownEntry
from signaalwijzer.api.serializers import (
    AnalysisRequestSerializer,
    AnalysisResultSerializer,
    DomainSerializer,
    ErrorResponseSerializer,
    FormSerializer,
    IndicatorFilterSerializer,
    IndicatorSerializer,
    LanguageQuerySerializer,
    NoQuerySerializer,
    RoleDetailSerializer,
    RoleSerializer,
    RouteSerializer,
    ScreeningRequestSerializer,
    ScreeningResultSerializer,
    SourceSerializer,
    StrictSerializer,
)
from signaalwijzer.knowledge import knowledge_base
from signaalwijzer.knowledge.query import indicators_filter
from signaalwijzer.notes import note_analyse
from signaalwijzer.screening.engine import UnknownIdsError, screening_evaluate

ERRORS = {400: ErrorResponseSerializer, 429: ErrorResponseSerializer}
NOT_FOUND = {**ERRORS, 404: ErrorResponseSerializer}


class ApiView(APIView):
    def dispatch(self, request, *args, **kwargs):
        # Error reasons in one language whatever Accept-Language says, so clients can rely on them.
        with translation.override("en"):
            return super().dispatch(request, *args, **kwargs)

    def query(self, request: Request, serializer_class: type[StrictSerializer], **context) -> dict:
        """The validated query parameters; unknown ones are rejected, so a typo (`?rol=`) is not ignored."""
        query = serializer_class(data=request.query_params, context=context)
        query.is_valid(raise_exception=True)
        return dict(query.validated_data)

    def language(self, request: Request) -> str:
        return self.query(request, LanguageQuerySerializer)["language"]


class ScreeningView(ApiView):
    @extend_schema(
        operation_id="screening_evaluate",
        summary="Weigh what was seen",
        description="Anonymous: nothing is stored. The response is the JSON of `signaalwijzer screen --json`.",
        request=ScreeningRequestSerializer,
        responses={200: ScreeningResultSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        self.query(request, NoQuerySerializer)  # `language` belongs in the body
        serializer = ScreeningRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        kb = knowledge_base()
        try:
            result = screening_evaluate(
                indicators=data["indicators"],
                role=data["role"],
                minor=data["minor"],
                kb=kb,
                coordinator=settings.SIGNAALWIJZER,
            )
        except UnknownIdsError as exc:
            raise drf_serializers.ValidationError(
                _unknown_ids_errors(exc, indicators=data["indicators"], roles=list(kb.roles))
            ) from None
        return Response(result.as_dict(data["language"]))


class AnalysisView(ApiView):
    @extend_schema(
        operation_id="analysis_create",
        summary="Suggest signals from a note, and weigh them",
        description="Anonymous: nothing is stored. Suggestions quote the words they come from (character "
        "offsets into `text`). The response is the JSON of `signaalwijzer analyse --json`.",
        request=AnalysisRequestSerializer,
        responses={200: AnalysisResultSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        self.query(request, NoQuerySerializer)
        serializer = AnalysisRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        kb = knowledge_base()
        role = data.get("role")
        if role is not None and role not in kb.roles:
            raise drf_serializers.ValidationError(
                {"role": [f"unknown role '{role}'; valid roles: {', '.join(kb.roles)}"]}
            )
        analysis = note_analyse(data["text"], role=role, kb=kb, coordinator=settings.SIGNAALWIJZER)
        return Response(analysis.as_dict(data["language"], kb))


def _unknown_ids_errors(exc: UnknownIdsError, *, indicators: list[str], roles: list[str]) -> dict:
    """The engine's unknown ids, each at its position in the request."""
    unknown = set(exc.indicators)
    errors: dict = {}
    positions = {n: [f"unknown indicator id '{ind}'"] for n, ind in enumerate(indicators) if ind in unknown}
    if positions:
        errors["indicators"] = positions
    if exc.role is not None:
        errors["role"] = [f"unknown role '{exc.role}'; valid roles: {', '.join(roles)}"]
    return errors or {"body": [str(exc)]}


class IndicatorListView(ApiView):
    @extend_schema(
        operation_id="indicators_list",
        summary="Signals and vulnerability factors",
        description="Filtered and searched as on the web pages; ordered by life domain, then title.",
        parameters=[IndicatorFilterSerializer],
        responses={200: IndicatorSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        kb = knowledge_base()
        params = self.query(request, IndicatorFilterSerializer, kb=kb)
        language = params.pop("language")
        found = indicators_filter(kb, **params)
        return Response([selectors.indicator_data(ind, language) for ind in found])


_ID = OpenApiParameter("id", str, OpenApiParameter.PATH)


class IndicatorDetailView(ApiView):
    @extend_schema(
        operation_id="indicators_retrieve",
        summary="One signal or vulnerability factor",
        parameters=[_ID, LanguageQuerySerializer],
        responses={200: IndicatorSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, id: str) -> Response:
        language = self.language(request)
        indicator = knowledge_base().indicators.get(id)
        if indicator is None:
            raise UnknownEntry(field="id", reason=f"unknown indicator id '{id}'")
        return Response(selectors.indicator_data(indicator, language))


class FormListView(ApiView):
    @extend_schema(
        operation_id="forms_list",
        summary="Forms of exploitation",
        parameters=[LanguageQuerySerializer],
        responses={200: FormSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        language = self.language(request)
        return Response([selectors.form_data(form, language) for form in knowledge_base().forms.values()])


class DomainListView(ApiView):
    @extend_schema(
        operation_id="domains_list",
        summary="Life domains (how the checklist is grouped)",
        parameters=[LanguageQuerySerializer],
        responses={200: DomainSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        language = self.language(request)
        domains = sorted(knowledge_base().domains.values(), key=lambda domain: domain.order)
        return Response([selectors.domain_data(domain, language) for domain in domains])


class RoleListView(ApiView):
    @extend_schema(
        operation_id="roles_list",
        summary="Roles of professionals",
        parameters=[LanguageQuerySerializer],
        responses={200: RoleSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        language = self.language(request)
        return Response([selectors.role_data(role, language) for role in knowledge_base().roles.values()])


class RoleDetailView(ApiView):
    @extend_schema(
        operation_id="roles_retrieve",
        summary="One role with its guide",
        description="What you may see, what you may and must do, next steps per outcome, and whom to call.",
        parameters=[_ID, LanguageQuerySerializer],
        responses={200: RoleDetailSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, id: str) -> Response:
        language = self.language(request)
        kb = knowledge_base()
        role = kb.roles.get(id)
        if role is None:
            raise UnknownEntry(field="id", reason=f"unknown role '{id}'; valid roles: {', '.join(kb.roles)}")
        return Response(
            selectors.role_detail_data(
                kb, role, kb.guides[id], coordinator=settings.SIGNAALWIJZER, language=language
            )
        )


class RouteListView(ApiView):
    @extend_schema(
        operation_id="routes_list",
        summary="Where to go: reporting and advice routes with contact facts",
        parameters=[LanguageQuerySerializer],
        responses={200: RouteSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        language = self.language(request)
        return Response(
            [
                selectors.route_data(route, coordinator=settings.SIGNAALWIJZER, language=language)
                for route in knowledge_base().routes.values()
            ]
        )


class SourceListView(ApiView):
    @extend_schema(
        operation_id="sources_list",
        summary="Public sources behind the content",
        responses={200: SourceSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        self.query(request, NoQuerySerializer)
        return Response([selectors.source_data(source) for source in knowledge_base().sources.values()])


@extend_schema(exclude=True)
class NotFoundView(ApiView):
    """Any other path under /api/v1/: a 404 in the API's error shape instead of an HTML page."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise UnknownEntry(field=None, reason=f"no such endpoint: {request.path}")
