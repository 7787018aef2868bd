"""The demo municipality of `signaalwijzer demo load`, and the codes of `signaalwijzer demo code`.

The data is `demo_data.yaml`, checked by the schema below when it is read. Everything is made through
the services (accounts.services, cases.services), so the demo is what the app itself would have made,
audit log included. One thing the services cannot do is the past: they stamp "now", and a demo that
shows a stuck dossier needs a dossier that became `vermoeden` two weeks ago. So after the service calls
of a dossier, `_dossier_backdated` moves its dates and those of its entries to the days of the story
with a queryset update. Demo only; the audit log keeps the real moment of loading.

Loading is all or nothing (one transaction), and loading twice changes nothing: when every demo account
exists already the demo "staat er al" and only the table of accounts is returned again.
"""

from __future__ import annotations

import base64
import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from signaalwijzer.accounts import services as account_services
from signaalwijzer.accounts.models import Organisation, OrganisationType, User
from signaalwijzer.accounts.roles import ALL_ROLES, ROLES_REQUIRING_TWO_FACTOR, Role
from signaalwijzer.cases import selectors as case_selectors
from signaalwijzer.cases import services as case_services
from signaalwijzer.cases.models import (
    Case,
    CaseEntry,
    ConsultedWith,
    Decision,
    Minor,
    NotHeldReason,
    Outcome,
    Status,
)

DATA_FILE = Path(__file__).with_name("demo_data.yaml")

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
DaysAgo = Annotated[int, Field(ge=0, le=3650)]
# A TOTP secret as an authenticator app takes it: base32, 32 characters (20 bytes, like django-otp's own).
Base32Secret = Annotated[str, StringConstraints(pattern=r"^[A-Z2-7]{32}$")]


class DemoError(Exception):
    """The demo cannot do what was asked; the message says why, in plain Dutch."""


# --- The shape of demo_data.yaml ---------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class DemoOrganisation(_Strict):
    key: NonEmpty
    name: NonEmpty | None  # None: the municipality of this deployment
    type: Literal[tuple(OrganisationType.values)]  # type: ignore[valid-type]


class DemoUser(_Strict):
    username: NonEmpty
    first_name: NonEmpty
    last_name: NonEmpty
    organisation: NonEmpty
    roles: list[Literal[tuple(sorted(ALL_ROLES))]]  # type: ignore[valid-type]
    totp_secret: Base32Secret | None = None

    @model_validator(mode="after")
    def _second_factor_where_required(self) -> DemoUser:
        needs = bool(set(self.roles) & ROLES_REQUIRING_TWO_FACTOR)
        if needs and not self.totp_secret:
            raise ValueError(f"{self.username}: this role requires two-factor; give a totp_secret")
        return self


class DemoClient(_Strict):
    name: str = ""
    age: Annotated[int, Field(ge=0, le=110)] | None = None
    bsn: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


class DemoStart(_Strict):
    days_ago: DaysAgo
    observer_role: NonEmpty
    minor: Literal[tuple(Minor.values)]  # type: ignore[valid-type]
    indicators: list[NonEmpty] = []


class SignalsStep(_Strict):
    days_ago: DaysAgo
    minor: Literal[tuple(Minor.values)]  # type: ignore[valid-type]
    indicators: list[NonEmpty]


class ObservationStep(_Strict):
    days_ago: DaysAgo
    text: NonEmpty


class ConsultationStep(_Strict):
    days_ago: DaysAgo
    consulted_with: Literal[tuple(ConsultedWith.values)] = Field(alias="with")  # type: ignore[valid-type]
    name: str = ""
    advice: NonEmpty


class ConversationStep(_Strict):
    days_ago: DaysAgo
    held: bool
    text: NonEmpty
    reason_not_held: Literal[("", *NotHeldReason.values)] = ""  # type: ignore[valid-type]


class WeighingStep(_Strict):
    days_ago: DaysAgo
    answers: dict[Literal["q1", "q2", "q3", "q4", "q5"], bool | None]
    text: NonEmpty


class DecisionStep(_Strict):
    days_ago: DaysAgo
    decision: Literal[tuple(Decision.values)]  # type: ignore[valid-type]
    text: NonEmpty
    route: str = ""


class ShareStep(_Strict):
    days_ago: DaysAgo
    with_user: NonEmpty = Field(alias="with")


class CloseStep(_Strict):
    days_ago: DaysAgo
    reason: NonEmpty


class DemoStep(_Strict):
    """Exactly one of these, named by its key in the YAML."""

    signals: SignalsStep | None = None
    observation: ObservationStep | None = None
    consultation: ConsultationStep | None = None
    conversation: ConversationStep | None = None
    weighing: WeighingStep | None = None
    decision: DecisionStep | None = None
    share: ShareStep | None = None
    close: CloseStep | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> DemoStep:
        given = [name for name in type(self).model_fields if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"a step has exactly one of {', '.join(type(self).model_fields)}; got {given}")
        return self

    @property
    def kind(self) -> str:
        return next(name for name in type(self).model_fields if getattr(self, name) is not None)

    @property
    def action(self) -> Any:
        return getattr(self, self.kind)


class DemoCase(_Strict):
    owner: NonEmpty
    label: NonEmpty
    start: DemoStart
    client: DemoClient = DemoClient()
    steps: list[DemoStep] = []

    @model_validator(mode="after")
    def _story_in_order(self) -> DemoCase:
        days = [self.start.days_ago, *(step.action.days_ago for step in self.steps)]
        if days != sorted(days, reverse=True):
            raise ValueError(f"{self.label!r}: days_ago must not grow from one step to the next: {days}")
        known = self.client.age is not None and self.start.minor != Minor.UNKNOWN
        if known and (self.client.age < 18) != (self.start.minor == Minor.YES):
            raise ValueError(f"{self.label!r}: age {self.client.age} and minor {self.start.minor!r} disagree")
        return self


class DemoData(_Strict):
    password: Annotated[str, StringConstraints(min_length=12)]
    organisations: list[DemoOrganisation]
    users: list[DemoUser]
    cases: list[DemoCase]

    @model_validator(mode="after")
    def _references_resolve(self) -> DemoData:
        problems = []
        keys = [org.key for org in self.organisations]
        usernames = [user.username for user in self.users]
        for what, values in (("organisation key", keys), ("username", usernames)):
            doubles = sorted({value for value in values if values.count(value) > 1})
            if doubles:
                problems.append(f"{what} used twice: {', '.join(doubles)}")
        for user in self.users:
            if user.organisation not in keys:
                problems.append(f"user {user.username}: unknown organisation {user.organisation!r}")
        for case in self.cases:
            if case.owner not in usernames:
                problems.append(f"case {case.label!r}: unknown owner {case.owner!r}")
            for step in case.steps:
                if step.share and step.share.with_user not in usernames:
                    problems.append(f"case {case.label!r}: shared with unknown user {step.share.with_user!r}")
        if problems:
            raise ValueError("; ".join(problems))
        return self


def demo_data(path: Path = DATA_FILE) -> DemoData:
    """The demo data, checked; a DemoError lists every problem with its place in the file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return DemoData.model_validate(raw)
    except (OSError, yaml.YAMLError) as error:
        raise DemoError(f"{path}: kan niet gelezen worden ({error})") from None
    except ValidationError as error:
        problems = [
            f"{'.'.join(str(part) for part in problem['loc']) or '(bestand)'}: {problem['msg']}"
            for problem in error.errors()
        ]
        raise DemoError(f"{path}: " + "; ".join(problems)) from None


# --- Accounts ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    username: str
    roles: str  # Dutch role names, comma-separated
    organisation: str
    password: str
    totp_secret: str  # empty when the role needs no second factor


@dataclass(frozen=True)
class DemoLoadResult:
    created: bool  # False: the demo was there already and nothing was written
    accounts: list[DemoAccount]
    cases: int
    stuck: int


def _organisation_name(org: DemoOrganisation) -> str:
    return org.name or settings.SIGNAALWIJZER["MUNICIPALITY"]


def demo_accounts(data: DemoData) -> list[DemoAccount]:
    """The table `demo load` prints and the README lists."""
    names = {org.key: _organisation_name(org) for org in data.organisations}
    labels = dict(Role.choices)
    return [
        DemoAccount(
            username=user.username,
            roles=", ".join(str(labels[role]) for role in user.roles),
            organisation=names[user.organisation],
            password=data.password,
            totp_secret=user.totp_secret or "",
        )
        for user in data.users
    ]


def _totp_key_hex(secret: str) -> str:
    """django-otp stores the key as hex; authenticator apps take base32."""
    return base64.b32decode(secret).hex()


def _totp(device: TOTPDevice, at: float) -> TOTP:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at
    return totp


# --- Loading ----------------------------------------------------------------------------------------------


def demo_is_loaded(data: DemoData) -> bool:
    """True when every demo account exists; DemoError when only some do (not a database to load into)."""
    usernames = [user.username for user in data.users]
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    if existing and len(existing) < len(usernames):
        raise DemoError(
            "Een deel van de demogebruikers bestaat al in deze database ("
            + ", ".join(sorted(existing))
            + "), maar niet allemaal. Laad de demo in een lege database, bijvoorbeeld met een eigen "
            "SIGNAALWIJZER_VAR_DIR."
        )
    return bool(existing)


def demo_load(*, data: DemoData | None = None, today: dt.date | None = None) -> DemoLoadResult:
    """Make the demo municipality, or report that it is there already (then nothing is written)."""
    data = data or demo_data()
    if demo_is_loaded(data):
        # A demo loaded before the Signalenhub existed gets its partner signals now; else nothing changes.
        _demo_signals_made(data, today or timezone.localdate())
        return DemoLoadResult(
            created=False, accounts=demo_accounts(data), cases=_case_count(data), stuck=_stuck_count(data)
        )
    _demo_written(data, today or timezone.localdate())
    return DemoLoadResult(
        created=True, accounts=demo_accounts(data), cases=_case_count(data), stuck=_stuck_count(data)
    )


@transaction.atomic
def _demo_written(data: DemoData, today: dt.date) -> None:
    organisations = {org.key: _organisation_made(org) for org in data.organisations}
    users = {user.username: _user_made(user, organisations, data.password) for user in data.users}
    for case in data.cases:
        _case_made(case, users, today)
    _demo_signals_made(data, today, organisations)


def _demo_signals_made(data: DemoData, today: dt.date, organisations: dict | None = None) -> int:
    """The Signalenhub's demo: partner sources and signals (hub/demo_signals.py); idempotent."""
    from signaalwijzer.hub.demo_signals import DemoSignalsError, demo_signals_load

    if organisations is None:
        organisations = {
            org.key: found
            for org in data.organisations
            if (found := Organisation.objects.filter(name__iexact=_organisation_name(org)).first())
        }
    try:
        return demo_signals_load(organisations=organisations, today=today)
    except DemoSignalsError as error:
        raise DemoError(str(error)) from None


def _organisation_made(org: DemoOrganisation) -> Organisation:
    name = _organisation_name(org)
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    return account_services.organisation_create(
        name=name, type=org.type, region=settings.SIGNAALWIJZER["MUNICIPALITY"]
    )


def _user_made(user: DemoUser, organisations: dict[str, Organisation], password: str) -> User:
    made = account_services.user_create(
        username=user.username,
        organisation=organisations[user.organisation],
        password=password,
        first_name=user.first_name,
        last_name=user.last_name,
        email=f"{user.username}@example.org",
        roles=user.roles,
    )
    if user.totp_secret:
        # Through the service, as if the user scanned the secret and typed the code their app showed.
        device = TOTPDevice(user=made, key=_totp_key_hex(user.totp_secret))
        token = f"{_totp(device, time.time()).token():06d}"
        if account_services.totp_device_confirm(user=made, key=device.key, token=token) is None:
            raise DemoError(f"{user.username}: de demo-authenticator kon niet worden bevestigd")
    return made


# --- Dossiers ---------------------------------------------------------------------------------------------


@dataclass
class _Moment:
    """One service call of a dossier's story: when it 'happened', and what it wrote."""

    at: dt.datetime
    entry_ids: list[int]
    changed: set[str]


# expert_consulted_at needs no moving: the service takes it from the date of the consultation.
_DATED_FIELDS = ("vermoeden_since", "closed_at")


def _moment(today: dt.date, days_ago: int, order: int) -> dt.datetime:
    day = today - dt.timedelta(days=days_ago)
    # Office hours, a few minutes apart, in the order of the story.
    naive = dt.datetime.combine(day, dt.time(9, 0)) + dt.timedelta(minutes=7 * order)
    return timezone.make_aware(naive)


def _birth_date(today: dt.date, age: int) -> dt.date:
    # `age` years and about four months ago: a birthday that is not today.
    try:
        date = today.replace(year=today.year - age)
    except ValueError:  # 29 February
        date = today.replace(year=today.year - age, day=28)
    return date - dt.timedelta(days=123)


def _case_made(story: DemoCase, users: dict[str, User], today: dt.date) -> Case:
    owner = users[story.owner]
    moments: list[_Moment] = []
    last_entry = CaseEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    snapshot: dict[str, Any] = {}

    def record(days_ago: int, case: Case) -> Case:
        nonlocal last_entry, snapshot
        new = list(CaseEntry.objects.filter(case=case, pk__gt=last_entry).values_list("pk", flat=True))
        last_entry = max([last_entry, *new])
        fields = {name: getattr(case, name) for name in _DATED_FIELDS}
        changed = {
            name for name, value in fields.items() if value is not None and value != snapshot.get(name)
        }
        snapshot = fields
        moments.append(_Moment(_moment(today, days_ago, len(moments)), new, changed))
        return case

    start = story.start
    case = case_services.case_create(
        owner=owner,
        observer_role=start.observer_role,
        minor=start.minor,
        indicators=start.indicators,
        label=story.label,
    )
    record(start.days_ago, case)

    client = story.client
    if client != DemoClient():
        details = case_services.ClientDetails(
            label=story.label,
            name=client.name,
            birth_date=_birth_date(today, client.age) if client.age is not None else None,
            bsn=client.bsn,
            phone=client.phone,
            email=client.email,
            address=client.address,
        )
        case = case_services.case_client_update(
            case=case, actor=owner, expected_version=case.version, details=details
        )
        record(start.days_ago, case)

    for step in story.steps:
        case = _step_done(case, owner, step, users, today)
        case.refresh_from_db()
        record(step.action.days_ago, case)

    _dossier_backdated(case, moments)
    return case


def _step_done(case: Case, owner: User, step: DemoStep, users: dict[str, User], today: dt.date) -> Case:
    action = step.action
    on = today - dt.timedelta(days=action.days_ago)
    common = {"case": case, "actor": owner, "expected_version": case.version}
    match step.kind:
        case "signals":
            return case_services.case_signals_update(
                **common, indicators=action.indicators, minor=action.minor
            )
        case "observation":
            return case_services.case_observation_add(**common, observed_on=on, text=action.text)
        case "consultation":
            return case_services.case_consultation_add(
                **common,
                consulted_with=action.consulted_with,
                consulted_on=on,
                advice=action.advice,
                consulted_name=action.name,
            )
        case "conversation":
            return case_services.case_conversation_record(
                **common,
                held=action.held,
                held_on=on if action.held else None,
                text=action.text,
                reason_not_held=action.reason_not_held,
            )
        case "weighing":
            answers = {f"q{n}": action.answers.get(f"q{n}") for n in range(1, 6)}
            return case_services.case_weighing_record(**common, answers=answers, text=action.text)
        case "decision":
            return case_services.case_decision_record(
                **common, decision=action.decision, text=action.text, route=action.route
            )
        case "share":
            case_services.case_share(case=case, actor=owner, user=users[action.with_user])
            return case
        case "close":
            return case_services.case_close(**common, reason=action.reason)
    raise AssertionError(step.kind)  # pragma: no cover  (DemoStep allows no other kind)


def _dossier_backdated(case: Case, moments: list[_Moment]) -> None:
    """Demo only: the dates of the story instead of the moment of loading (see the module docstring)."""
    for moment in moments:
        if moment.entry_ids:
            CaseEntry.objects.filter(pk__in=moment.entry_ids).update(created_at=moment.at)
    dates: dict[str, Any] = {"created_at": moments[0].at, "updated_at": moments[-1].at}
    for name in _DATED_FIELDS:
        if getattr(case, name) is not None:
            dates[name] = next(m.at for m in reversed(moments) if name in m.changed)
    if case.expert_due_on is not None and "vermoeden_since" in dates:
        dates["expert_due_on"] = case_selectors.working_days_after(
            timezone.localdate(dates["vermoeden_since"]), settings.CASE_EXPERT_DEADLINE_WORKING_DAYS
        )
    Case.objects.filter(pk=case.pk).update(**dates)


def _demo_cases(data: DemoData):
    return Case.objects.filter(owner__username__in=[user.username for user in data.users])


def _case_count(data: DemoData) -> int:
    return _demo_cases(data).count()


def _stuck_count(data: DemoData) -> int:
    return (
        _demo_cases(data)
        .filter(
            status=Status.OPEN,
            outcome=Outcome.VERMOEDEN,
            expert_consulted_at__isnull=True,
            expert_due_on__lt=timezone.localdate(),
        )
        .count()
    )


# --- Two-factor codes for demo accounts --------------------------------------------------------------------


@dataclass(frozen=True)
class DemoCode:
    code: str
    seconds_left: int  # until the app shows the next code


def demo_code(username: str, *, data: DemoData | None = None, now: float | None = None) -> DemoCode:
    """The code the demo user's authenticator app shows now. Only for a demo account whose device still has
    the demo secret from demo_data.yaml: a real user's second factor is never printed."""
    data = data or demo_data()
    user = next((user for user in data.users if user.username == username), None)
    if user is None or not user.totp_secret:
        with_secret = ", ".join(u.username for u in data.users if u.totp_secret)
        raise DemoError(f"{username!r} is geen demogebruiker met tweestapsverificatie (wel: {with_secret}).")
    key = _totp_key_hex(user.totp_secret)
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True, key=key).first()
    if device is None:
        raise DemoError(
            f"{username} heeft geen authenticator met de demosleutel (is de demo geladen? "
            "signaalwijzer demo load)."
        )
    now = time.time() if now is None else now
    totp = _totp(device, now)
    seconds_left = device.step - int(now - device.t0) % device.step
    if totp.t() <= device.last_t:
        # This code was used already (django-otp refuses a code twice); the next one is accepted now too,
        # as the device allows one step of tolerance.
        totp = _totp(device, now + device.step)
        seconds_left += device.step
    return DemoCode(code=f"{totp.token():0{device.digits}d}", seconds_left=seconds_left)
