"""POST /api/v1/signals and GET /api/v1/signals/<id>: partner systems deliver signals (issue 5 §1).

Authenticated with a partner token (`Authorization: Bearer swp_…`, made by `signaalwijzer signals token
create`); only a SHA-256 digest of it is stored. A token belongs to one organisation and may only write
and read signals of that organisation's sources. Errors in the API's one shape (api/exceptions.py), reasons
in English like the rest of the API (the checks of the format come from the hub's catalogue); the body is the interchange format (docs/signals-format.md), checked
by the same code as the web and the file import.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from signaalwijzer.api.exceptions import UnknownEntry
from signaalwijzer.api.serializers import ErrorResponseSerializer, NoQuerySerializer, QuerySerializer
from signaalwijzer.api.throttling import AnonymousRateThrottle
from signaalwijzer.api.views import ApiView
from signaalwijzer.hub import services
from signaalwijzer.hub.errors import SignalInvalid
from signaalwijzer.hub.interchange import signal_checked
from signaalwijzer.hub.models import PartnerToken, SignalStatus, Source, Via
from signaalwijzer.hub.selectors import partner_token_for, signal_of_organisation, sources_of

# Requests per partner token; a partner system delivering a backlog should use the file import instead.
PARTNER_RATE = "600/min"


@dataclass(frozen=True)
class PartnerClient:
    """The caller of the partner API: an organisation, through one of its tokens (request.user)."""

    token: PartnerToken
    is_authenticated: bool = True
    pk: None = None  # not a user: the audit log records the token instead

    @property
    def organisation(self):
        return self.token.organisation

    def get_username(self) -> str:
        return f"partner-token:{self.token.prefix}"


class PartnerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("give the token after 'Bearer ', without spaces")
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("unknown or revoked token") from None
        token = partner_token_for(raw)
        if token is None:
            raise exceptions.AuthenticationFailed("unknown or revoked token")
        services.partner_token_used(token)
        return PartnerClient(token), token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) without a valid token.
        return 'Bearer realm="signaalwijzer"'


class PartnerTokenScheme(OpenApiAuthenticationExtension):
    target_class = PartnerTokenAuthentication
    name = "partnerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A partner token (`signaalwijzer signals token create`), scoped to the sources "
            "of one organisation.",
        }


class IsPartner(BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.user, PartnerClient)


class PartnerRateThrottle(SimpleRateThrottle):
    scope = "partner"

    def get_rate(self) -> str | None:
        return getattr(settings, "HUB_API_RATE", PARTNER_RATE)

    def get_cache_key(self, request, view) -> str | None:
        if isinstance(request.user, PartnerClient):
            return self.cache_format % {"scope": self.scope, "ident": request.user.token.pk}
        return None


class SourceForbidden(exceptions.PermissionDenied):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.field = "source"


# --- the shapes, for the OpenAPI schema (the body itself is checked against docs/signals.schema.json) --------


def _text(help_text: str = "") -> serializers.CharField:
    return serializers.CharField(required=False, allow_null=True, max_length=200, help_text=help_text)


class PersonSerializer(serializers.Serializer):
    name = _text('The whole name in one field, any order: "Berg, van den, J.".')
    given_names = _text()
    initials = _text()
    prefix = _text("Tussenvoegsel: van, van den, de.")
    surname = _text()
    birth_date = _text("1990-05-01, 01-05-1990 or 1-5-1990.")
    bsn = _text("Burgerservicenummer; checked with the elfproef.")
    phone = _text("Any format: 06-12345678, +31 6 1234 5678.")
    email = _text()
    iban = _text("Checked with its check digits.")
    nationality = _text()


class AddressSerializer(serializers.Serializer):
    street = _text()
    postcode = _text("1234 AB, 1234ab.")
    house_number = _text("12, or the number 12.")
    house_number_suffix = _text()
    city = _text()


class EmployerSerializer(serializers.Serializer):
    name = _text()
    kvk = _text("KvK number, 8 digits.")


class ContactSerializer(serializers.Serializer):
    role = _text("handler, werkgever, verhuurder, ...")
    name = _text()
    phone = _text()
    email = _text()
    iban = _text()
    vehicle_plate = _text()


class SignalRequestSerializer(serializers.Serializer):
    id = serializers.CharField(
        max_length=200, help_text="Your id of this signal; the same id again updates it."
    )
    source = serializers.CharField(max_length=64, help_text="Code of one of your organisation's sources.")
    observed_on = _text("When it was seen: 2026-10-03 or 03-10-2026.")
    forms = serializers.ListField(child=serializers.CharField(), required=False, allow_null=True)
    indicators = serializers.ListField(
        child=serializers.CharField(), required=False, allow_null=True, help_text="See /api/v1/indicators."
    )
    note = serializers.CharField(required=False, allow_null=True, max_length=4000)
    person = PersonSerializer(required=False, allow_null=True)
    address = AddressSerializer(required=False, allow_null=True)
    employer = EmployerSerializer(required=False, allow_null=True)
    vehicle_plate = _text()
    contacts = ContactSerializer(many=True, required=False, allow_null=True)


class SignalResultSerializer(serializers.Serializer):
    id = serializers.CharField()
    status = serializers.ChoiceField(
        choices=SignalStatus.values, help_text="What the zorgcoördinator did with it (status only)."
    )
    result = serializers.ChoiceField(
        choices=["created", "updated", "unchanged"],
        help_text="unchanged: the same signal was delivered before; nothing was written.",
    )


class SignalStatusSerializer(serializers.Serializer):
    id = serializers.CharField()
    source = serializers.CharField()
    status = serializers.ChoiceField(choices=SignalStatus.values)
    received_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class SignalQuerySerializer(QuerySerializer):
    source = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="Only when two of your sources use this id."
    )


ERRORS = {code: ErrorResponseSerializer for code in (400, 401, 403, 429)}


class PartnerApiView(ApiView):
    authentication_classes = [PartnerTokenAuthentication]
    permission_classes = [IsPartner]
    throttle_classes = [AnonymousRateThrottle, PartnerRateThrottle]


class SignalCreateView(PartnerApiView):
    @extend_schema(
        operation_id="signals_create",
        summary="Deliver one signal to the Signalenhub",
        description="The interchange format (docs/signals-format.md). 201 when new, 200 when it updated "
        "the signal with this id and source, 200 with result `unchanged` when it was the same. A token "
        "may only write signals of its own organisation's sources (403 otherwise).",
        request=SignalRequestSerializer,
        responses={201: SignalResultSerializer, 200: SignalResultSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        self.query(request, NoQuerySerializer)
        data = request.data
        if not isinstance(data, dict):
            raise serializers.ValidationError({"body": ["expected a JSON object"]})
        organisation = request.user.organisation
        slug = data.get("source")
        source = Source.objects.filter(slug=slug).first() if isinstance(slug, str) else None
        if source is not None and source.organisation_id != organisation.pk:
            own = ", ".join(sources_of(organisation).values_list("slug", flat=True)) or "-"
            raise SourceForbidden(
                f"source '{slug}' belongs to another organisation; this token may write: {own}"
            )
        if source is None:
            _checked, problems = signal_checked(data, source_known=lambda _slug: False)
            raise serializers.ValidationError(_problems_detail(problems))
        try:
            signal, result = services.signal_ingest(
                data=data, source=source, via=Via.API, request=request._request
            )
        except SignalInvalid as error:
            raise serializers.ValidationError(_problems_detail(error.problems)) from None
        return Response(
            {"id": signal.external_id, "status": signal.status, "result": result},
            status=status.HTTP_201_CREATED if result == "created" else status.HTTP_200_OK,
        )


class SignalDetailView(PartnerApiView):
    @extend_schema(
        operation_id="signals_retrieve",
        summary="The status of one of your signals",
        parameters=[OpenApiParameter("id", str, OpenApiParameter.PATH), SignalQuerySerializer],
        responses={200: SignalStatusSerializer, 404: ErrorResponseSerializer, **ERRORS},
    )
    def get(self, request: Request, id: str) -> Response:
        source = self.query(request, SignalQuerySerializer)["source"]
        found = signal_of_organisation(request.user.organisation.pk, id, source or None)
        if not found:
            raise UnknownEntry(field="id", reason="no signal of your organisation has this id")
        if len(found) > 1:
            raise serializers.ValidationError(
                {"source": ["two of your sources use this id; add ?source=<code>"]}
            )
        signal = found[0]
        return Response(
            {
                "id": signal.external_id,
                "source": signal.source.slug,
                "status": signal.status,
                "received_at": signal.received_at,
                "updated_at": signal.updated_at,
            }
        )


def _problems_detail(problems) -> dict[str, list[str]]:
    detail: dict[str, list[str]] = {}
    for field, reason in problems:
        detail.setdefault(field or "body", []).append(reason)
    return detail
