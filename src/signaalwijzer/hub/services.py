"""The one write path of the Signalenhub: signals in (web, API, file), links, decisions, partner tokens.

Every function: keyword-only arguments, `@transaction.atomic`, checks before it writes (raises
`SignalInvalid` naming every field at fault, or `SignalForbidden`), and one audit entry in the same
transaction (`hub.<verb>`, no identifying detail). A file import writes one audit entry for the whole file,
not one per line: the log records who imported what, the signals themselves are in the hub.

Stored per signal (ADR 0011): the note and the normalised identifiers encrypted, the keyed hashes of the
linkage core (`keys`), one `SignalToken` per blocking token, and the SHA-256 of the canonical input line
(`content_hash`) so that delivering the same line again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from signaalwijzer import linkage
from signaalwijzer.accounts.models import Organisation, OrganisationType, User
from signaalwijzer.accounts.roles import ZORGCOORDINATOR
from signaalwijzer.accounts.services import organisation_create
from signaalwijzer.audit.services import audit_record
from signaalwijzer.cases.models import Case
from signaalwijzer.cases.selectors import case_for_user
from signaalwijzer.hub import linking
from signaalwijzer.hub.bulk import rows_insert, values_insert
from signaalwijzer.hub.errors import ImportRejected, Problem, SignalForbidden, SignalInvalid
from signaalwijzer.hub.interchange import CheckedSignal, signal_checked
from signaalwijzer.hub.linking import RelinkReport, cluster_refresh  # noqa: F401  (part of this contract)
from signaalwijzer.hub.models import (
    ActionKind,
    Cluster,
    ClusterAction,
    DecisionKind,
    Level,
    LinkDecision,
    PartnerToken,
    Signal,
    SignalToken,
    Source,
    Via,
)
from signaalwijzer.hub.selectors import may_share, sources_of, token_digest

# A file with more changed signals than this is linked with one full batch link, not line by line:
# both give the same clusters (tests/hub/test_linking*), the batch is faster for many.
IMPORT_BATCH_LINK_FROM = 200
WRITE_BATCH = 1000
TOKEN_PREFIX = "swp_"  # noqa: S105  (marks partner tokens, so a leaked one is recognisable)


def _secret() -> bytes:
    return settings.HUB_LINK_KEY.encode("utf-8")


# --- one signal --------------------------------------------------------------------------------------------


@transaction.atomic
def signal_ingest(
    *,
    data: dict,
    source: Source,
    via: str,
    actor: User | None = None,
    case: Case | None = None,
    request: HttpRequest | None = None,
) -> tuple[Signal, str]:
    """Store one signal in the interchange format for `source`, link it, and return (signal, result).

    result is "created", "updated" (same source and id, other content; linked again) or "unchanged"
    (the same line again: nothing written). Raises SignalInvalid with every problem.
    """
    if via not in Via.values:
        raise ValueError(f"via must be one of {Via.values}")
    checked, problems = signal_checked(data)
    if isinstance(data, Mapping) and data.get("source") not in (None, source.slug):
        problems.append(("source", _("hoort niet bij deze bron ('%(source)s')") % {"source": source.slug}))
    if problems or checked is None:
        raise SignalInvalid(problems)
    existing = (
        Signal.objects.select_for_update().filter(source=source, external_id=checked.external_id).first()
    )
    if existing is not None and existing.content_hash == checked.content_hash:
        return existing, "unchanged"
    keys = linkage.signal_keys(checked.normalised, _secret())
    keys_json = keys.to_json()
    signal = existing or Signal(source=source, external_id=checked.external_id, via=via)
    old_keys = existing.keys if existing is not None else None
    _fields_set(signal, checked, keys_json)
    if existing is None:
        signal.shared_by = actor if actor is not None and actor.pk else None
    if case is not None:
        signal.case = case
    if existing is None:
        try:
            with transaction.atomic():
                signal.save(force_insert=True)
        except IntegrityError:
            # The same signal delivered twice at the same moment: the other delivery stored it first, so this
            # one is an update of it, or the same.
            return signal_ingest(data=data, source=source, via=via, actor=actor, case=case, request=request)
    else:
        signal.save(update_fields=[*CONTENT_FIELDS, "case", "updated_at"])
    result = "created" if existing is None else "updated"
    if old_keys != keys_json:
        SignalToken.objects.filter(signal=signal).delete()
        SignalToken.objects.bulk_create(
            [SignalToken(signal=signal, token=t) for t in sorted(set(keys.tokens))]
        )
        linking.signal_link(
            signal, old_tokens=linkage.SignalKeys.from_json(old_keys).tokens if old_keys else ()
        )
    signal.refresh_from_db(fields=["person_cluster", "network_cluster"])
    # Indicators or dates may have changed without a change of cluster: the combined facts still change.
    for cluster in (signal.person_cluster, signal.network_cluster):
        if cluster is not None:
            cluster_refresh(cluster)
    audit_record(
        action=f"hub.signal_{'create' if result == 'created' else 'update'}",
        object_type="hub.signal",
        object_id=signal.pk,
        actor=actor,
        request=request,
        detail={"source": source.slug, "via": via, "indicators": len(checked.indicators)},
    )
    return signal, result


CONTENT_FIELDS = (
    "observed_on",
    "forms",
    "indicators",
    "minor",
    "outcome",
    "note",
    "identifiers",
    "keys",
    "content_hash",
)


def _fields_set(signal: Signal, checked: CheckedSignal, keys_json: dict) -> None:
    signal.observed_on = checked.observed_on
    signal.forms = checked.forms
    signal.indicators = checked.indicators
    signal.minor = checked.minor
    signal.outcome = linking.weighing(frozenset(checked.indicators), checked.minor)[0]
    signal.note = checked.note
    signal.identifiers = json.dumps(checked.normalised.to_dict(), ensure_ascii=False, sort_keys=True)
    signal.keys = keys_json
    signal.content_hash = checked.content_hash


# --- sharing from the web ----------------------------------------------------------------------------------


@transaction.atomic
def source_for_organisation(organisation: Organisation) -> Source:
    """The organisation's source for signals shared on the web: its first one, or a new one."""
    found = sources_of(organisation).order_by("pk").first()
    if found is not None:
        return found
    base = slugify(organisation.name)[:56] or f"organisatie-{organisation.pk}"
    slug, n = base, 1
    while Source.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return _source_add(slug, organisation)


def _source_add(slug: str, organisation: Organisation) -> Source:
    source = Source.objects.create(slug=slug, organisation=organisation)
    audit_record(
        action="hub.source_create",
        object_type="hub.source",
        object_id=source.pk,
        detail={"slug": slug, "organisation": organisation.pk},
    )
    return source


@transaction.atomic
def signal_share(
    *, user: User, data: dict, case: Case | None = None, request: HttpRequest | None = None
) -> Signal:
    """A professional shares a signal with the zorgcoördinator, from a screening or a dossier.

    `data` is the interchange format without `id` and `source`: the hub gives the signal an id and uses
    the source of the user's organisation. Empty values are left out. A dossier must be one the user may
    see; the signal points to it (its owner sees that it was shared).
    """
    if not may_share(user):
        raise SignalForbidden(
            "user",
            _("Alleen een professional of aandachtsfunctionaris van een organisatie kan signalen delen."),
        )
    if case is not None and case_for_user(user, case.pk) is None:
        raise SignalForbidden("case", _("Dit dossier bestaat niet, of je mag het niet zien."))
    source = source_for_organisation(user.organisation)
    line = {"id": f"web-{uuid.uuid4().hex[:16]}", "source": source.slug, **_without_empty(data)}
    signal, _result = signal_ingest(
        data=line, source=source, via=Via.WEB, actor=user, case=case, request=request
    )
    return signal


def _without_empty(value: Any) -> Any:
    if isinstance(value, Mapping):
        kept = {k: _without_empty(v) for k, v in value.items() if k not in ("id", "source")}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        items = [_without_empty(v) for v in value]
        return [v for v in items if v not in (None, "", [], {})]
    if isinstance(value, str):
        return value.strip()
    return value


# --- a file ------------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    lines: int = 0  # non-empty lines read
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, list[Problem]]] = field(default_factory=list)
    sources_created: list[str] = field(default_factory=list)
    linked: str = ""  # "batch", "incremental" or "" (nothing changed)
    seconds: float = 0.0

    def summary(self) -> str:
        text = (
            f"{self.lines} regels: {self.created} nieuw, {self.updated} bijgewerkt, "
            f"{self.unchanged} ongewijzigd, {len(self.rejected)} afgewezen"
        )
        if self.sources_created:
            text += f"; nieuwe bronnen: {', '.join(self.sources_created)}"
        rate = self.lines / self.seconds if self.seconds else 0
        return f"{text} ({self.seconds:.1f} s, {rate:.0f} regels/s)"


Progress = Callable[[str, int, int], None]


def signals_import(
    *,
    path,
    create_sources: bool = False,
    skip_invalid: bool = False,
    rejected_path=None,
    progress: Progress | None = None,
    actor: User | None = None,
) -> ImportReport:
    """Import a JSON Lines file of signals.

    All-or-nothing by default: every line is checked, and if any is bad, `ImportRejected` lists every bad
    line (number, field, reason) and nothing is written. With `skip_invalid` the good lines are imported
    and the bad ones written to `rejected_path` (one JSON object per line: line, errors, input). A source
    the hub does not know is refused, unless `create_sources` (a new organisation of type "overig" and its
    source). Re-importing a file changes nothing; a changed line updates its signal, which is linked again.
    `progress(stage, done, total)` reports bytes read ("read") and linking.
    """
    started = time.perf_counter()
    path = Path(path)
    report = ImportReport()
    try:
        with transaction.atomic():
            _import_run(path, report, create_sources, skip_invalid, progress, actor)
            if report.rejected and not skip_invalid:
                # Leaving the block with an exception rolls back every batch written so far.
                raise ImportRejected(report.rejected, report.lines)
    finally:
        report.seconds = time.perf_counter() - started
    if skip_invalid and rejected_path is not None:
        _rejected_write(Path(rejected_path), path, report.rejected)
    return report


def _import_run(
    path: Path,
    report: ImportReport,
    create_sources: bool,
    skip_invalid: bool,
    progress: Progress | None,
    actor: User | None,
) -> None:
    sources = {source.slug: source for source in Source.objects.select_related("organisation")}
    seen: dict[tuple[str, str], int] = {}
    pending: list[CheckedSignal] = []
    changed: list[int] = []
    old_tokens: dict[int, tuple[str, ...]] = {}
    updated_same_keys: list[int] = []
    digest = hashlib.sha256()
    total = path.stat().st_size

    def source_known(slug: str) -> bool:
        return slug in sources or create_sources

    def flush() -> None:
        if pending and (skip_invalid or not report.rejected):
            _batch_write(pending, sources, report, changed, old_tokens, updated_same_keys)
        pending.clear()

    for number, raw, done in _lines(path):
        digest.update(raw)
        if progress and (number % 1000 == 0 or done == total):
            progress("read", done, total)
        text = raw.decode("utf-8-sig" if number == 1 else "utf-8", errors="replace").strip()
        if not text:
            continue
        report.lines += 1
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            report.rejected.append(
                (
                    number,
                    [
                        (
                            "",
                            _("geen geldige JSON: %(why)s (teken %(col)s)")
                            % {"why": error.msg, "col": error.colno},
                        )
                    ],
                )
            )
            continue
        checked, problems = signal_checked(data, source_known=source_known)
        if checked is not None:
            key = (checked.source, checked.external_id)
            if key in seen:
                problems = [("id", _("komt al voor op regel %(n)s") % {"n": seen[key]})]
            else:
                seen[key] = number
        if problems:
            report.rejected.append((number, problems))
            continue
        pending.append(checked)
        if len(pending) >= WRITE_BATCH:
            flush()
    if progress:
        progress("read", total, total)
    flush()
    if report.rejected and not skip_invalid:
        return
    if create_sources:
        report.sources_created = sorted(s.slug for s in sources.values() if getattr(s, "_created", False))
    if len(changed) >= IMPORT_BATCH_LINK_FROM:
        linking.signals_relink_all(progress=progress)
        report.linked = "batch"
    elif changed:
        linking.signals_link(changed, old_tokens=old_tokens, progress=progress)
        report.linked = "incremental"
    if updated_same_keys:
        pks: set[int] = set()
        for start in range(0, len(updated_same_keys), WRITE_BATCH):
            chunk = updated_same_keys[start : start + WRITE_BATCH]
            for person, network in Signal.objects.filter(pk__in=chunk).values_list(
                "person_cluster_id", "network_cluster_id"
            ):
                pks.update(x for x in (person, network) if x is not None)
        linking.clusters_refresh(pks)
    if report.created or report.updated:
        audit_record(
            action="hub.signals_import",
            object_type="hub.import",
            object_id=digest.hexdigest()[:32],
            actor=actor,
            detail={
                "lines": report.lines,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected": len(report.rejected),
                "sources_created": len(report.sources_created),
            },
        )


def _lines(path: Path) -> Iterator[tuple[int, bytes, int]]:
    """(line number from 1, raw line, bytes read so far), streamed."""
    done = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            done += len(raw)
            yield number, raw, done


def _source_created(slug: str) -> Source:
    """--create-sources: a source unknown to the hub, with an organisation of that name (type "overig")."""
    organisation = Organisation.objects.filter(name__iexact=slug).first() or organisation_create(
        name=slug, type=OrganisationType.OVERIG
    )
    source = _source_add(slug, organisation)
    source._created = True
    return source


def _batch_write(
    batch: list[CheckedSignal],
    sources: dict[str, Source],
    report: ImportReport,
    changed: list[int],
    old_tokens: dict[int, tuple[str, ...]],
    updated_same_keys: list[int],
) -> None:
    for slug in {c.source for c in batch} - set(sources):
        sources[slug] = _source_created(slug)
    existing: dict[tuple[int, str], Signal] = {}
    by_source: dict[int, list[str]] = {}
    for c in batch:
        by_source.setdefault(sources[c.source].pk, []).append(c.external_id)
    for source_id, ids in by_source.items():
        for signal in Signal.objects.filter(source_id=source_id, external_id__in=ids).only(
            "pk", "source_id", "external_id", "content_hash", "keys"
        ):
            existing[(source_id, signal.external_id)] = signal
    secret = _secret()
    new: list[tuple[Signal, tuple[str, ...]]] = []
    # (signal, its new tokens), or (signal, None) when its keys did not change: no new link needed.
    updates: list[tuple[Signal, tuple[str, ...] | None]] = []
    for c in batch:
        source = sources[c.source]
        signal = existing.get((source.pk, c.external_id))
        if signal is not None and signal.content_hash == c.content_hash:
            report.unchanged += 1
            continue
        keys = linkage.signal_keys(c.normalised, secret)
        keys_json = keys.to_json()
        if signal is None:
            signal = Signal(source=source, external_id=c.external_id, via=Via.IMPORT)
            _fields_set(signal, c, keys_json)
            new.append((signal, keys.tokens))
        else:
            same_keys = signal.keys == keys_json
            if same_keys:
                updated_same_keys.append(signal.pk)
            elif signal.keys:
                old_tokens[signal.pk] = linkage.SignalKeys.from_json(signal.keys).tokens
            _fields_set(signal, c, keys_json)
            updates.append((signal, None if same_keys else keys.tokens))
    now = timezone.now()
    if new:
        rows = [signal for signal, _t in new]
        for row in rows:
            row.received_at = row.updated_at = now
        rows_insert(Signal, rows)
        pk_of: dict[tuple[int, str], int] = {}
        for source_id, ids in _by_source(rows).items():
            found = Signal.objects.filter(source_id=source_id, external_id__in=ids).values_list(
                "pk", "external_id"
            )
            pk_of.update(((source_id, external_id), pk) for pk, external_id in found)
        for row in rows:
            row.pk = pk_of[(row.source_id, row.external_id)]
        report.created += len(rows)
    if updates:
        rows = [signal for signal, _t in updates]
        for row in rows:
            row.updated_at = now
        Signal.objects.bulk_update(rows, [*CONTENT_FIELDS, "updated_at"], batch_size=WRITE_BATCH)
        report.updated += len(rows)
        relinked = [signal.pk for signal, tokens in updates if tokens is not None]
        SignalToken.objects.filter(signal_id__in=relinked).delete()
    tokens_insert(
        (signal.pk, token)
        for signal, signal_tokens in (*new, *updates)
        for token in sorted(set(signal_tokens or ()))
    )
    changed.extend(signal.pk for signal, _t in new)
    changed.extend(signal.pk for signal, signal_tokens in updates if signal_tokens is not None)


def _by_source(rows) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for row in rows:
        out.setdefault(row.source_id, []).append(row.external_id)
    return out


def tokens_insert(pairs) -> None:
    """(signal pk, token) rows, many per statement: the ORM's bulk_create costs more than the rest of a line."""
    values_insert(SignalToken._meta.db_table, ("signal_id", "token"), list(pairs))


def _rejected_write(out: Path, path: Path, rejected: list[tuple[int, list[Problem]]]) -> None:
    wanted = {number: problems for number, problems in rejected}
    with out.open("w", encoding="utf-8") as handle:
        for number, raw, _done in _lines(path):
            if number in wanted:
                handle.write(
                    json.dumps(
                        {
                            "line": number,
                            "errors": [{"field": f, "reason": r} for f, r in wanted[number]],
                            "input": raw.decode("utf-8", errors="replace").rstrip("\r\n"),
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )


# --- linking -----------------------------------------------------------------------------------------------


@transaction.atomic
def signals_relink(*, progress: Progress | None = None, actor: User | None = None) -> RelinkReport:
    """Link every stored signal again (`linkage.batch_link`), with the coordinator's decisions."""
    report = linking.signals_relink_all(progress=progress)
    audit_record(
        action="hub.signals_relink",
        object_type="hub.cluster",
        object_id="all",
        actor=actor,
        detail={"signals": report.signals, "moved": report.moved, "merged": report.merged},
    )
    return report


@transaction.atomic
def link_decide(
    *,
    user: User,
    level: str,
    signal_a: Signal,
    signal_b: Signal,
    decision: str,
    request: HttpRequest | None = None,
) -> None:
    """The coordinator confirms or splits the link between two signals at one level.

    Replaces an earlier decision on the pair, links both signals' clusters again, and appends a
    CONFIRM_LINK or SPLIT_LINK action to the cluster(s) they are in afterwards. A split does not separate
    two signals still connected through a third (ADR 0011); the cluster page shows what connects them.
    """
    if not (user.is_active and user.has_role(ZORGCOORDINATOR)):
        raise SignalForbidden("user", _("Alleen de zorgcoördinator beslist over koppelingen."))
    problems: list[Problem] = []
    if level not in Level.values:
        problems.append(("level", _("kies persoon of netwerk")))
    if decision not in DecisionKind.values:
        problems.append(("decision", _("kies bevestigen of splitsen")))
    if signal_a.pk == signal_b.pk:
        problems.append(("signal_b", _("kies twee verschillende signalen")))
    if problems:
        raise SignalInvalid(problems)
    first, second = sorted((signal_a, signal_b), key=lambda s: s.pk)
    LinkDecision.objects.update_or_create(
        level=level,
        signal_a=first,
        signal_b=second,
        defaults={"decision": decision, "decided_by": user},
    )
    linking.decision_relink(first, second)
    fk = linking.FK[level]
    clusters = set(Signal.objects.filter(pk__in=(first.pk, second.pk)).values_list(fk, flat=True)) - {None}
    kind = ActionKind.CONFIRM_LINK if decision == DecisionKind.CONFIRMED else ActionKind.SPLIT_LINK
    now = timezone.now()
    for cluster_pk in sorted(clusters):
        ClusterAction.objects.create(
            cluster_id=cluster_pk, kind=kind, actor=user, text=f"{first.external_id} – {second.external_id}"
        )
    Cluster.objects.filter(pk__in=clusters).update(last_action_at=now)
    audit_record(
        action="hub.link_decide",
        object_type="hub.signal",
        object_id=first.pk,
        actor=user,
        request=request,
        detail={"level": level, "decision": decision, "other": second.pk, "clusters": sorted(clusters)},
    )


# --- partner tokens ----------------------------------------------------------------------------------------


@transaction.atomic
def partner_token_create(
    *, organisation: Organisation, name: str, actor: User | None = None
) -> tuple[PartnerToken, str]:
    """A new API token for a partner organisation. The token itself is returned once and never stored."""
    name = (name or "").strip()
    if not name:
        raise SignalInvalid([("name", _("geef de sleutel een omschrijving, bijvoorbeeld het systeem"))])
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PartnerToken.objects.create(
        organisation=organisation, name=name[:100], prefix=raw[:12], digest=token_digest(raw)
    )
    audit_record(
        action="hub.token_create",
        object_type="hub.partner_token",
        object_id=token.pk,
        actor=actor,
        detail={"organisation": organisation.pk, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def partner_token_revoke(*, prefix: str, actor: User | None = None) -> PartnerToken:
    """Revoke the one active token whose value starts with `prefix` (at least 8 characters)."""
    prefix = (prefix or "").strip()
    if len(prefix) < 8:
        raise SignalInvalid([("prefix", _("geef minstens de eerste 8 tekens van de sleutel"))])
    short = prefix[:12]
    matches = [
        t
        for t in PartnerToken.objects.filter(prefix__startswith=short, revoked_at__isnull=True)
        if t.prefix.startswith(short)
    ]
    if not matches:
        raise SignalInvalid([("prefix", _("geen actieve sleutel begint met '%(p)s'") % {"p": prefix})])
    if len(matches) > 1:
        raise SignalInvalid([("prefix", _("meer dan één sleutel begint zo; geef meer tekens"))])
    token = matches[0]
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        action="hub.token_revoke",
        object_type="hub.partner_token",
        object_id=token.pk,
        actor=actor,
        detail={"organisation": token.organisation_id, "prefix": token.prefix},
    )
    return token


def partner_token_used(token: PartnerToken) -> None:
    """Note when a token was last used (at most once a minute, to keep API writes light)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        PartnerToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
