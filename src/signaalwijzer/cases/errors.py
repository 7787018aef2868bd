"""What the dossier services raise. Import them from `services` (they are named there too)."""

from __future__ import annotations

from collections.abc import Mapping


class CaseInputError(ValueError):
    """Bad input for one field. `errors` maps field name to a plain-Dutch reason (shown next to the field)."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {reason}" for field, reason in self.errors.items()))


class CaseConflictError(RuntimeError):
    """Someone else saved the dossier after this form was opened (optimistic locking)."""


class CaseClosedError(RuntimeError):
    """The dossier is closed; reopen it first."""


class CasePermissionError(PermissionError):
    """The actor may not do this to this dossier (not theirs to share, or no access at all)."""
