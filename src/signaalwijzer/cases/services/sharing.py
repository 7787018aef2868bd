"""Who may see a dossier besides its owner. Sharing takes no version and bumps none: it changes who may
see the dossier, not what is in it, and must not make a colleague's open form stale."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from signaalwijzer.accounts.models import User
from signaalwijzer.cases.checks import raise_if
from signaalwijzer.cases.errors import CaseInputError, CasePermissionError
from signaalwijzer.cases.models import Case, CaseShare, EntryKind
from signaalwijzer.cases.services.common import case_audit, entry_append, open_required


@transaction.atomic
def case_share(*, case: Case, actor: User, user: User, request: HttpRequest | None = None) -> CaseShare:
    """The owner shares the dossier with one colleague (same deployment, active account).

    A share gives reading and writing. Only the owner shares (CasePermissionError); not with themselves,
    an inactive account, or someone it is already shared with (CaseInputError on "user").
    """
    if actor.pk != case.owner_id:
        raise CasePermissionError("only the owner shares a dossier")
    open_required(case)
    errors = {}
    if user.pk == case.owner_id:
        errors["user"] = _("Dit is je eigen dossier: je hoeft het niet met jezelf te delen.")
    elif not user.is_active:
        errors["user"] = _("Dit account is niet actief. Kies een collega met een actief account.")
    elif CaseShare.objects.filter(case=case, user=user).exists():
        errors["user"] = _("Je deelt dit dossier al met deze persoon.")
    raise_if(errors)
    share = CaseShare.objects.create(case=case, user=user, created_by=actor)
    entry_append(case, actor=actor, kind=EntryKind.SHARED, step=None, data={"user_id": user.pk})
    case_audit("case.share", case, actor, request, {"user_id": user.pk})
    return share


@transaction.atomic
def case_unshare(*, case: Case, actor: User, user: User, request: HttpRequest | None = None) -> None:
    """Stop sharing: by the owner, or by the colleague themselves. Allowed on a closed dossier too:
    taking access away is always possible."""
    if actor.pk not in (case.owner_id, user.pk):
        raise CasePermissionError("only the owner, or the person it is shared with, stops sharing")
    deleted, _rows = CaseShare.objects.filter(case=case, user=user).delete()
    if not deleted:
        raise CaseInputError({"user": _("Dit dossier is niet met deze persoon gedeeld.")})
    entry_append(case, actor=actor, kind=EntryKind.UNSHARED, step=None, data={"user_id": user.pk})
    case_audit("case.unshare", case, actor, request, {"user_id": user.pk})
