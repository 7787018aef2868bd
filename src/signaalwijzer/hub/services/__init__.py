"""The one write path of the Signalenhub: signals in (web, API, file), links, decisions, partner tokens.

Every function: keyword-only arguments, `@transaction.atomic`, checks before it writes (raises
`SignalInvalid` naming every field at fault, or `SignalForbidden`), and one audit entry in the same
transaction (`hub.<verb>`, no identifying detail). A file import writes one audit entry for the whole file,
not one per line: the log records who imported what, the signals themselves are in the hub.

Stored per signal (ADR 0011): the note and the normalised identifiers encrypted, the keyed hashes of the
linkage core (`keys`), one `SignalToken` per blocking token (and how many signals hold it, `TokenCount`: see
hub/token_index.py), and the SHA-256 of the canonical input line (`content_hash`) so that delivering the same
line again changes nothing.

Split by sub-domain: `ingest` (one signal), `sharing` (from the web), `imports` (a file), `decisions`
(relinking and the coordinator's link decisions), `tokens` (partner API tokens) and `common`. Every public
name is re-exported here, so `from signaalwijzer.hub import services; services.X` keeps working.
"""

from signaalwijzer.hub.linking import RelinkReport, cluster_refresh
from signaalwijzer.hub.services import common, decisions, imports, ingest, sharing, tokens
from signaalwijzer.hub.services.common import Progress
from signaalwijzer.hub.services.decisions import link_decide, signals_relink
from signaalwijzer.hub.services.imports import (
    IMPORT_BATCH_LINK_FROM,
    WRITE_BATCH,
    ImportReport,
    signals_import,
)
from signaalwijzer.hub.services.ingest import CONTENT_FIELDS, signal_ingest
from signaalwijzer.hub.services.sharing import signal_share, source_for_organisation
from signaalwijzer.hub.services.tokens import (
    TOKEN_PREFIX,
    partner_token_create,
    partner_token_revoke,
    partner_token_used,
)

__all__ = [
    "CONTENT_FIELDS",
    "IMPORT_BATCH_LINK_FROM",
    "TOKEN_PREFIX",
    "WRITE_BATCH",
    "ImportReport",
    "Progress",
    "RelinkReport",
    "cluster_refresh",
    "common",
    "decisions",
    "imports",
    "ingest",
    "link_decide",
    "partner_token_create",
    "partner_token_revoke",
    "partner_token_used",
    "sharing",
    "signal_ingest",
    "signal_share",
    "signals_import",
    "signals_relink",
    "source_for_organisation",
    "tokens",
]
