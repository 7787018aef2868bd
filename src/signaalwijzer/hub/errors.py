"""What the hub's services raise. Views, the API and the import command turn them into messages."""

from __future__ import annotations

Problem = tuple[str, str]  # (field path such as "person.bsn" or "indicators[2]", reason in plain Dutch)


class SignalInvalid(ValueError):
    """A signal that cannot be stored; `.problems` names every field at fault and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(f"{field}: {reason}" for field, reason in self.problems))


class SignalForbidden(PermissionError):
    """The caller may not write a signal for this source (another organisation's), or may not share at all."""

    def __init__(self, field: str, reason: str):
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class ImportRejected(ValueError):
    """A file with bad lines, imported all-or-nothing: nothing was written. `.rejected` lists every bad line."""

    def __init__(self, rejected: list[tuple[int, list[Problem]]], lines: int):
        self.rejected = rejected
        self.lines = lines
        super().__init__(f"{len(rejected)} of {lines} lines rejected")
