"""The dossier pages: the list, the stuck overview, a dossier's home page, one page per step, print and PDF.

Every page needs a login and finds its dossier through `selectors.case_for_user`, which filters in SQL. A
dossier one may not see answers 404, and the attempt is audited first (`services.case_access_refused`
commits on its own: ATOMIC_REQUESTS is off, so the 404 rolls nothing back). Every page that shows a
dossier audits the read; every change goes through one service, which audits the write.

A form states the version of the dossier it was opened on. When someone else saved in between, the
service refuses (`CaseConflictError`): the page answers 409 with what was typed, the changes made in the
meantime, and the current version, so that saving again is one click.
"""

from signaalwijzer.cases.views.common import PAGE_SIZE, may_make_dossiers
from signaalwijzer.cases.views.dossier import case_detail, case_pdf, case_print, case_reopen, case_share
from signaalwijzer.cases.views.lists import case_create, case_list, case_stuck
from signaalwijzer.cases.views.steps import (
    case_client,
    case_close,
    case_consultation,
    case_conversation,
    case_decision,
    case_observation,
    case_signals,
    case_weighing,
)

__all__ = [
    "PAGE_SIZE",
    "case_client",
    "case_close",
    "case_consultation",
    "case_conversation",
    "case_create",
    "case_decision",
    "case_detail",
    "case_list",
    "case_observation",
    "case_pdf",
    "case_print",
    "case_reopen",
    "case_share",
    "case_signals",
    "case_stuck",
    "case_weighing",
    "may_make_dossiers",
]
