"""Settings for the test suite: production settings with a throwaway key and test-friendly storage."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-never-used-outside-the-test-suite")  # noqa: S105
os.environ.setdefault("SIGNAALWIJZER_SECURE_COOKIES", "false")
# Two throwaway keys: the first encrypts, the second shows that old keys still decrypt.
os.environ.setdefault(
    "SIGNAALWIJZER_FIELD_KEYS",
    "dGVzdC1vbmx5LWtleS1udW1iZXItb25lLTMyYnl0ZXM=,dGVzdC1vbmx5LWtleS1udW1iZXItdHdvLTMyYnl0ZXM=",
)
os.environ.setdefault("SIGNAALWIJZER_LINK_KEY", "test-only-link-key")

from signaalwijzer.config.settings import *  # noqa: E402,F403
from signaalwijzer.config.settings import STORAGES  # noqa: E402

# No collectstatic in tests: serve static files from the apps, without the manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
