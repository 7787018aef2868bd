"""Optional login through an organisation's identity provider (OpenID Connect), off by default.

Switched on with SIGNAALWIJZER_OIDC_ENABLED=true (settings.py). The provider only proves who someone
is: the account, its organisation and its roles are made by a beheerder in Signaalwijzer. A person is
matched to an existing, active account by e-mail address; nobody is ever created here.
"""

from __future__ import annotations

import logging

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

logger = logging.getLogger(__name__)


class OIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict) -> bool:
        email = (claims.get("email") or "").strip()
        # A provider that says the address is unverified has not proven it belongs to this person.
        return bool(email) and claims.get("email_verified", True) is not False

    def filter_users_by_claims(self, claims: dict):
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims: dict):
        # Accounts and roles come from a beheerder, never from a first login (OIDC_CREATE_USER is off too).
        logger.info("OIDC login refused: no active account with that e-mail address")
        return None

    def update_user(self, user, claims: dict):
        return user
