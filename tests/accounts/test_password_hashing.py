"""Passwords are hashed with argon2 in production; older PBKDF2 hashes still work and get upgraded."""

from django.contrib.auth.hashers import check_password, get_hasher, identify_hasher, make_password
from django.test import override_settings

from signaalwijzer.config import settings as production


def test_argon2_is_the_first_hasher_in_the_production_settings():
    # The test settings swap in MD5 for speed; the production module is what a deployment runs.
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in production.PASSWORD_HASHERS


@override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS)
def test_new_passwords_are_argon2_hashes():
    encoded = make_password("een-lang-proefwachtwoord")
    assert encoded.startswith("argon2$argon2id$")
    assert identify_hasher(encoded).algorithm == "argon2"
    assert check_password("een-lang-proefwachtwoord", encoded)
    assert not check_password("iets-anders", encoded)


@override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS)
def test_pbkdf2_hashes_still_verify_and_are_marked_for_upgrade():
    encoded = make_password("een-lang-proefwachtwoord", hasher="pbkdf2_sha256")
    assert check_password("een-lang-proefwachtwoord", encoded)
    assert get_hasher("default").algorithm == "argon2"
    assert identify_hasher(encoded).algorithm != get_hasher("default").algorithm
