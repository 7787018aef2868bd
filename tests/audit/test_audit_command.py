"""`signaalwijzer audit verify|show`: what an operator sees."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.audit.helpers import tampered


def audit(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("audit", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_verify_of_an_intact_log_names_the_count_and_the_last_hash(record):
    entries = record(3)

    out, err = audit("verify")

    assert out == f"Auditlog in orde: 3 regels, laatste hash {entries[-1].entry_hash} (positie 3).\n"
    assert err == ""


def test_verify_of_an_empty_log_is_fine(db):
    out, _ = audit("verify")

    assert out.startswith("Auditlog in orde: 0 regels")


def test_verify_names_every_problem_by_position_and_exits_non_zero(record):
    record(8)
    tampered("UPDATE audit_auditentry SET action = 'case.export' WHERE position = 2")
    tampered("DELETE FROM audit_auditentry WHERE position IN (5, 6)")
    err = StringIO()

    with pytest.raises(
        CommandError, match=r"Auditlog beschadigd: 2 problemen in 6 regels \(posities: 2, 5–6\)"
    ):
        call_command("audit", "verify", stdout=StringIO(), stderr=err)

    assert err.getvalue().splitlines() == [
        "positie 2: gewijzigd (de inhoud past niet meer bij de hash)",
        "posities 5–6: verwijderd (2 regels ontbreken)",
    ]


def test_verify_as_json(record):
    record(4)
    tampered("DELETE FROM audit_auditentry WHERE position = 3")
    out = StringIO()

    with pytest.raises(CommandError, match="1 probleem"):
        call_command("audit", "verify", "--json", stdout=out, stderr=StringIO())

    report = json.loads(out.getvalue())
    assert report["ok"] is False
    assert report["rows"] == 3
    assert [(p["kind"], p["position"], p["through"]) for p in report["problems"]] == [("deleted", 3, 3)]


def test_verify_prints_progress_to_stderr_on_large_logs(record):
    record(5)

    out, err = audit("verify", "--batch-size", "2", "--progress-every", "2")

    assert err.splitlines() == [
        "… 2 van 5 regels gecontroleerd",
        "… 4 van 5 regels gecontroleerd",
        "… 5 van 5 regels gecontroleerd",
    ]
    assert out.startswith("Auditlog in orde: 5 regels")


def test_verify_checks_an_externally_kept_anchor(record):
    entries = record(3)
    anchor = f"3:{entries[-1].entry_hash}"
    audit("verify", "--anchor", anchor)

    tampered("DELETE FROM audit_auditentry WHERE position = 3")
    with pytest.raises(CommandError, match=r"posities: 3\)"):
        call_command("audit", "verify", "--anchor", anchor, stdout=StringIO(), stderr=StringIO())


def test_a_malformed_anchor_is_refused(db):
    with pytest.raises(CommandError, match="POSITIE:HASH"):
        call_command("audit", "verify", "--anchor", "3:abc")


def test_show_prints_one_objects_entries_newest_first(record):
    record(2)
    record(2, action="case.update")

    out, _ = audit("show", "--object-type", "case", "--object-id", "1")

    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["#3", "#1"]
    assert "case.update" in lines[0] and "p.devries (Wijkteam Noord)" in lines[0]


def test_show_as_json_and_for_an_object_without_entries(record):
    record(1, detail={"step": 1})

    out, _ = audit("show", "--object-type", "case", "--object-id", "1", "--json")
    empty, _ = audit("show", "--object-type", "case", "--object-id", "404")

    assert json.loads(out)["detail"] == {"step": 1}
    assert empty == "Geen auditregels voor case 404.\n"
