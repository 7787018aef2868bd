"""Accounts: organisations, users with roles, and how they log in (password, lock-out, TOTP, OIDC)."""
