"""/beheer/: organisations, accounts and roles, for verified beheerders only."""

from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalwijzer.accounts.models import Organisation, User
from signaalwijzer.accounts.roles import AANDACHTSFUNCTIONARIS, PROFESSIONAL, ZORGCOORDINATOR
from signaalwijzer.audit.models import AuditEntry
from tests.accounts import factories
from tests.accounts.conftest import full_login


def _verified_beheerder(client, beheerder):
    device = factories.totp_device(beheerder)
    full_login(client, beheerder, device)
    return device


def test_anonymous_visitors_are_sent_to_our_login(client, db):
    response = client.get("/beheer/", follow=True)
    assert response.redirect_chain[-1][0] == "/inloggen/?next=/beheer/"


def test_a_verified_beheerder_manages_users(client, beheerder, professional):
    _verified_beheerder(client, beheerder)
    assert client.get("/beheer/").status_code == 200
    listing = client.get("/beheer/accounts/user/")
    assert listing.status_code == 200
    assert "prof.test" in listing.content.decode()
    assert client.get("/beheer/accounts/organisation/").status_code == 200


def test_a_professional_does_not_get_in(client, professional):
    client.force_login(professional)
    assert client.get("/beheer/").status_code in (302, 403)
    assert client.get("/beheer/accounts/user/").status_code in (302, 403)
    response = client.get("/beheer/login/")
    assert response.status_code == 403


@override_settings(DEBUG=False)
def test_staff_without_a_verified_session_is_sent_to_the_second_step(client, db):
    # A superuser made with createsuperuser has no beheerder role: the admin itself asks for 2FA.
    admin = User.objects.create_superuser("opzet", password=factories.PASSWORD)
    client.force_login(admin)
    response = client.get("/beheer/", follow=True)
    assert response.redirect_chain[-1][0] == "/account/tweestapsverificatie/?next=/beheer/"


def test_a_beheerder_gives_roles_through_the_admin(client, beheerder, professional):
    _verified_beheerder(client, beheerder)
    page = client.get(f"/beheer/accounts/user/{professional.pk}/change/")
    assert page.status_code == 200
    data = {
        "username": professional.username,
        "first_name": professional.first_name,
        "last_name": professional.last_name,
        "email": professional.email,
        "organisation": professional.organisation_id,
        "roles": [PROFESSIONAL, AANDACHTSFUNCTIONARIS],
        "is_active": "on",
    }
    response = client.post(f"/beheer/accounts/user/{professional.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.get(pk=professional.pk).roles == {PROFESSIONAL, AANDACHTSFUNCTIONARIS}
    entry = AuditEntry.objects.filter(action="user.roles_set").last()
    assert entry.actor_username == "beheer.test"


def test_a_beheerder_adds_an_account_with_an_organisation_and_roles(client, beheerder, wijkteam):
    _verified_beheerder(client, beheerder)
    data = {
        "username": "nieuw.test",
        "first_name": "Nieuwe",
        "last_name": "Proefpersoon",
        "email": "nieuw.test@example.org",
        "organisation": wijkteam.pk,
        "roles": [ZORGCOORDINATOR],
        "usable_password": "true",
        "password1": "een-lang-nieuw-wachtwoord-42",
        "password2": "een-lang-nieuw-wachtwoord-42",
    }
    response = client.post("/beheer/accounts/user/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = User.objects.get(username="nieuw.test")
    assert created.organisation == wijkteam
    assert created.roles == {ZORGCOORDINATOR}
    assert created.check_password("een-lang-nieuw-wachtwoord-42")
    assert AuditEntry.objects.filter(action="user.create", object_id=str(created.pk)).exists()


def test_an_account_without_an_organisation_is_refused_in_the_admin(client, beheerder):
    _verified_beheerder(client, beheerder)
    data = {"username": "zonder.org", "usable_password": "false", "roles": [PROFESSIONAL]}
    response = client.post("/beheer/accounts/user/add/", data)
    assert response.status_code == 200
    assert "Kies de organisatie van deze gebruiker." in response.content.decode()
    assert not User.objects.filter(username="zonder.org").exists()


def test_a_beheerder_adds_an_organisation(client, beheerder):
    _verified_beheerder(client, beheerder)
    response = client.post(
        "/beheer/accounts/organisation/add/",
        {"name": "Schuldhulp Proefstad", "type": "schuldhulp", "region": ""},
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Schuldhulp Proefstad", type="schuldhulp").exists()


def test_a_beheerder_resets_two_factor_for_a_lost_phone(client, beheerder, zorgcoordinator):
    _verified_beheerder(client, beheerder)
    factories.totp_device(zorgcoordinator)
    response = client.post(
        "/beheer/accounts/user/", {"action": "two_factor_reset", "_selected_action": [zorgcoordinator.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=zorgcoordinator).exists()


def test_a_beheerder_cannot_change_a_superuser(client, beheerder):
    _verified_beheerder(client, beheerder)
    admin = User.objects.create_superuser("opzet", password=factories.PASSWORD)
    response = client.post(f"/beheer/accounts/user/{admin.pk}/password/", {})
    assert response.status_code == 403
