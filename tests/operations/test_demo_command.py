"""`signaalwijzer demo load|code`: the demo municipality that `make run` loads."""

from __future__ import annotations

import base64
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from stdnum.nl import bsn

from signaalwijzer.accounts.models import Organisation, User
from signaalwijzer.accounts.roles import ALL_ROLES, ROLES_REQUIRING_TWO_FACTOR
from signaalwijzer.accounts.services import totp_token_matches
from signaalwijzer.audit.models import AuditEntry
from signaalwijzer.cases import selectors
from signaalwijzer.cases.models import Case, CaseEntry, CaseShare, Minor, Status
from signaalwijzer.operations.demo import DATA_FILE, DemoError, demo_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    return settings


def demo(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("demo", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_load_makes_an_account_for_every_role_with_the_printed_password(debug):
    data = demo_data()

    out, _err = demo("load")

    usernames = [user.username for user in data.users]
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    assert len(users) == len(data.users)
    assert set().union(*(user.roles for user in users.values())) == ALL_ROLES
    for user in users.values():
        assert user.check_password(data.password), user.username
        assert re.search(rf"^{re.escape(user.username)}\s.*{re.escape(data.password)}", out, re.MULTILINE)
    assert users["beheerder"].is_staff
    assert not users["wijkteam"].is_staff
    assert Organisation.objects.filter(name=debug.SIGNAALWIJZER["MUNICIPALITY"]).exists()
    assert Organisation.objects.values("type").distinct().count() >= 9


def test_accounts_that_need_two_factor_get_the_printed_demo_secret(debug):
    out, _err = demo("load")

    needing = User.objects.filter(role_assignments__role__in=ROLES_REQUIRING_TWO_FACTOR).distinct()
    assert needing.count() >= 2
    for user in needing:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        secret = next(u.totp_secret for u in demo_data().users if u.username == user.username)
        assert device.key == base64.b32decode(secret).hex()
        assert " ".join(secret[i : i + 4] for i in range(0, 32, 4)) in out
    assert "signaalwijzer demo code" in out


def test_load_makes_dossiers_in_every_step_stuck_shared_minors_and_adults(debug):
    demo("load")

    cases = Case.objects.all()
    assert {case.step for case in cases if case.status == Status.OPEN} == {1, 2, 3, 4, 5, 6}
    assert cases.filter(status=Status.CLOSED).exists()
    assert {Minor.YES, Minor.NO} <= set(cases.values_list("minor", flat=True))
    assert CaseShare.objects.exists()
    af = User.objects.get(username="af.wijkteam")
    stuck = list(selectors.cases_stuck(af))
    assert stuck and all(case.organisation_id == af.organisation_id for case in stuck)
    # The story happened in the past: entries and dossiers carry the days of the story, in order.
    for case in cases:
        stamps = list(CaseEntry.objects.filter(case=case).order_by("pk").values_list("created_at", flat=True))
        assert stamps == sorted(stamps)
        assert case.created_at == stamps[0]
    # Identifying details are synthetic and valid: BSNs from the 9999 test range pass the elfproef.
    numbers = [case.client_bsn for case in cases if case.client_bsn]
    assert numbers and all(number.startswith("9999") and bsn.is_valid(number) for number in numbers)


def test_loading_twice_changes_nothing(debug):
    demo("load")
    models = (User, Organisation, Case, CaseEntry, AuditEntry, TOTPDevice)
    counts = [model.objects.count() for model in models]

    out, _err = demo("load")

    assert "De demo staat er al" in out
    assert "Signaalwijzer-demo-2026" in out  # the table is printed again
    assert [model.objects.count() for model in models] == counts


def test_load_refuses_when_debug_is_off_and_writes_nothing(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG staat uit"):
        demo("load")

    assert not User.objects.exists()


def test_force_loads_with_debug_off(settings):
    settings.DEBUG = False

    out, _err = demo("load", "--force")

    assert "Demo geladen" in out
    assert User.objects.filter(username="beheerder").exists()


def test_a_database_with_only_some_demo_accounts_is_refused(debug):
    from tests.accounts import factories

    factories.user(username="wijkteam")

    with pytest.raises(CommandError, match="wijkteam"):
        demo("load")
    assert not Case.objects.exists()


def test_code_prints_six_digits_that_the_device_accepts(debug):
    demo("load")

    out, err = demo("code", "beheerder")

    code = out.strip()
    assert re.fullmatch(r"\d{6}", code)
    assert "seconden" in err
    device = TOTPDevice.objects.get(user__username="beheerder")
    assert totp_token_matches(device, code)


def test_code_refuses_when_debug_is_off(debug):
    demo("load")
    debug.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG staat uit"):
        demo("code", "beheerder")


def test_code_is_only_for_demo_accounts_with_the_demo_secret(debug):
    demo("load")

    with pytest.raises(CommandError, match="geen demogebruiker met tweestapsverificatie"):
        demo("code", "wijkteam")
    # A beheerder who set up their own app: their codes are never printed.
    device = TOTPDevice.objects.get(user__username="beheerder")
    TOTPDevice.objects.filter(pk=device.pk).update(key="00" * 20)
    with pytest.raises(CommandError, match="demosleutel"):
        demo("code", "beheerder")


def test_code_before_loading_says_to_load_first(debug):
    with pytest.raises(CommandError, match="demo load"):
        demo("code", "zorgcoordinator")


def test_broken_demo_data_names_the_place(tmp_path: Path):
    text = DATA_FILE.read_text(encoding="utf-8").replace("owner: wijkteam2", "owner: niemand", 1)
    path = tmp_path / "demo_data.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(DemoError, match="unknown owner 'niemand'"):
        demo_data(path)
