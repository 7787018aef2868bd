"""Audit-log fixtures: synthetic actors that look like users to audit_record, without the accounts app."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.audit.services import audit_record


@dataclass
class Organisation:
    name: str


@dataclass
class StandInUser:
    pk: int | None
    username: str
    organisation: Organisation | None = None
    is_authenticated: bool = True

    def get_username(self) -> str:
        return self.username


@pytest.fixture
def actor() -> StandInUser:
    return StandInUser(pk=7, username="p.devries", organisation=Organisation("Wijkteam Noord"))


@pytest.fixture
def record(db, actor):
    """record(n) appends n entries on case 1..n and returns them in position order."""

    def make(count: int = 1, **kwargs) -> list[AuditEntry]:
        return [
            audit_record(
                **{
                    "action": "case.view",
                    "object_type": "case",
                    "object_id": str(index + 1),
                    "actor": actor,
                    **kwargs,
                }
            )
            for index in range(count)
        ]

    return make
