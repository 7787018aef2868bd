"""The one write path of dossiers. Import from here: `from signaalwijzer.cases.services import X`.

Every write: keyword-only arguments, `@transaction.atomic`, validates before writing (raises
`CaseInputError` naming the field), checks `expected_version` against `case.version` with a conditional
UPDATE (raises `CaseConflictError`, nothing written), appends exactly one `CaseEntry` (never updates
one), recomputes the denormalised facts on `Case` (outcome, acute, step, deadline fields), bumps
`version`, and writes one audit entry (`audit.services.audit_record`, action `case.<verb>`, object
`case`/<pk>, detail without personal data) in the same transaction, last, because it takes the chain lock.

Sharing does not take or bump a version: it changes who may see the dossier, not what is in it, and must
not make a colleague's open form stale.

The rooms: lifecycle.py (create, client details, close, reopen), steps.py (the five meldcode steps),
sharing.py, reads.py (audited reads and refusals), common.py (access, version check, entry, audit).
Retention and key rotation live in cases/maintenance.py (run by management commands), the client checks
in cases/client.py; both are named here too, as part of this contract.
"""

from signaalwijzer.cases.checks import LABEL_MAX, NAME_MAX, TEXT_MAX
from signaalwijzer.cases.client import (
    CLIENT_FIELDS,
    ClientDetails,
    client_details_checked,
    client_details_of,
    phone_display,
)
from signaalwijzer.cases.errors import (
    CaseClosedError,
    CaseConflictError,
    CaseInputError,
    CasePermissionError,
)
from signaalwijzer.cases.maintenance import RetentionItem, case_fields_rotate, cases_retention_apply
from signaalwijzer.cases.services.lifecycle import case_client_update, case_close, case_create, case_reopen
from signaalwijzer.cases.services.reads import READS, case_access_refused, case_read_record
from signaalwijzer.cases.services.sharing import case_share, case_unshare
from signaalwijzer.cases.services.steps import (
    case_consultation_add,
    case_conversation_record,
    case_decision_record,
    case_observation_add,
    case_signals_update,
    case_weighing_record,
)

__all__ = [
    "CLIENT_FIELDS",
    "LABEL_MAX",
    "NAME_MAX",
    "READS",
    "TEXT_MAX",
    "CaseClosedError",
    "CaseConflictError",
    "CaseInputError",
    "CasePermissionError",
    "ClientDetails",
    "RetentionItem",
    "case_access_refused",
    "case_client_update",
    "case_close",
    "case_consultation_add",
    "case_conversation_record",
    "case_create",
    "case_decision_record",
    "case_fields_rotate",
    "case_observation_add",
    "case_read_record",
    "case_reopen",
    "case_share",
    "case_signals_update",
    "case_unshare",
    "case_weighing_record",
    "cases_retention_apply",
    "client_details_checked",
    "client_details_of",
    "phone_display",
]
