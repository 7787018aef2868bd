"""A JSON Lines file of signals, imported all-or-nothing (or skipping bad lines), in batches."""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signaalwijzer import linkage
from signaalwijzer.accounts.models import Organisation, OrganisationType, User
from signaalwijzer.accounts.services import organisation_create
from signaalwijzer.audit.services import audit_record
from signaalwijzer.hub import linking, token_index
from signaalwijzer.hub.bulk import rows_insert
from signaalwijzer.hub.errors import ImportRejected, Problem
from signaalwijzer.hub.interchange import CheckedSignal, signal_checked
from signaalwijzer.hub.models import (
    Signal,
    Source,
    Via,
)
from signaalwijzer.hub.services.common import Progress, _secret
from signaalwijzer.hub.services.ingest import CONTENT_FIELDS, _fields_set
from signaalwijzer.hub.services.sharing import _source_add

# A file with more changed signals than this is linked with one full batch link, not line by line:
# both give the same clusters (tests/hub/test_linking*), the batch is faster for many.
IMPORT_BATCH_LINK_FROM = 200
WRITE_BATCH = 1000


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


def signals_import(
    *,
    path,
    create_sources: bool = False,
    skip_invalid: bool = False,
    rejected_path=None,
    progress: Progress | None = None,
    actor: User | None = None,
    workers: int = 1,
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
            _import_run(path, report, create_sources, skip_invalid, progress, actor, workers)
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
    workers: int,
) -> None:
    sources = {source.slug: source for source in Source.objects.select_related("organisation")}
    seen: dict[tuple[str, str], int] = {}
    pending: list[CheckedSignal] = []
    changed: list[int] = []
    old_tokens: dict[int, tuple[str, ...]] = {}
    updated_same_keys: list[int] = []
    # The token counts' change, applied under the link lock when the import links: holding count rows from the
    # first batch on would make every arrival that shares a token wait for the whole import. Kept only while
    # the import stays small enough to be linked incrementally; a larger one is counted again by the full link.
    count_delta: Counter[str] = Counter()
    digest = hashlib.sha256()
    total = path.stat().st_size

    def source_known(slug: str) -> bool:
        return slug in sources or create_sources

    def flush() -> None:
        if pending and (skip_invalid or not report.rejected):
            delta = _batch_write(pending, sources, report, changed, old_tokens, updated_same_keys)
            if len(changed) < IMPORT_BATCH_LINK_FROM:
                count_delta.update(delta)
            else:
                count_delta.clear()
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
        linking.signals_relink_all(progress=progress, workers=workers)  # counts every token again
        report.linked = "batch"
    elif changed:
        linking.token_counts_change(count_delta)
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
) -> Counter[str]:
    """Write one batch of signals and their token rows; returns the change of the token counts."""
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
    delta: Counter[str] = Counter()
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
        delta.subtract(token_index.tokens_remove(relinked))
    pairs = [
        (signal.pk, token)
        for signal, signal_tokens in (*new, *updates)
        for token in sorted(set(signal_tokens or ()))
    ]
    token_index.tokens_add(pairs)
    delta.update(token for _pk, token in pairs)
    changed.extend(signal.pk for signal, _t in new)
    changed.extend(signal.pk for signal, signal_tokens in updates if signal_tokens is not None)
    return delta


def _by_source(rows) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for row in rows:
        out.setdefault(row.source_id, []).append(row.external_id)
    return out


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
