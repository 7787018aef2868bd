"""One settings module, read from the environment; safe for production by default.

Every variable read here is listed in the README's configuration table. `make run` sets
SIGNAALWIJZER_DEBUG=true for local use; anything else runs with DEBUG off.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from signaalwijzer.config.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Where runtime files (the SQLite database, collected static files) go; outside the package.
VAR_DIR = Path(env_str("SIGNAALWIJZER_VAR_DIR", str(Path.cwd() / "var")))

DEBUG = env_bool("SIGNAALWIJZER_DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set SIGNAALWIJZER_DEBUG=true for local development only."
        )
    SECRET_KEY = "insecure-development-key-only-for-make-run"  # noqa: S105  (DEBUG only)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # django.contrib.admin, with /beheer/'s own site as the default (accounts/admin_site.py).
    "signaalwijzer.accounts.apps.BeheerAdminConfig",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "signaalwijzer.accounts",
    "signaalwijzer.audit",
    "signaalwijzer.cases",
    "signaalwijzer.hub",
    "signaalwijzer.public",
    "signaalwijzer.api",
    "signaalwijzer.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses HTML; Django adds random padding to each response (BREACH mitigation, Django 4.2+).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "signaalwijzer.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "signaalwijzer.config.urls"
WSGI_APPLICATION = "signaalwijzer.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "signaalwijzer.public.context_processors.deployment",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'signaalwijzer.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; the busy timeout waits instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        # optimize=0x10002 at open: re-analyse tables whose statistics are stale (cheap when they are
        # fresh), as SQLite advises; without statistics the dossier lists pick the wrong index.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA optimize=0x10002;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short OLTP queries: PostgreSQL's JIT compiler cost more than 100 ms on the dossier lists (bench).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Dutch first; English complete.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Security headers. HTTPS settings default on outside DEBUG; a TLS-terminating proxy sets X-Forwarded-Proto.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SIGNAALWIJZER_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SIGNAALWIJZER_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SIGNAALWIJZER_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
if env_bool("SIGNAALWIJZER_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline scripts and no external requests: everything comes from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    # Errors as {"errors": [{"field", "reason"}]} (ADR 0005).
    "EXCEPTION_HANDLER": "signaalwijzer.api.exceptions.api_exception_handler",
    # Requests per client address to the anonymous API; an empty value switches the limit off.
    "DEFAULT_THROTTLE_CLASSES": ["signaalwijzer.api.throttling.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("SIGNAALWIJZER_API_RATE", "120/min") or None},
    # The client address is REMOTE_ADDR, or the proxy's X-Forwarded-For entry: never a header a client can
    # set itself to escape the limit.
    "NUM_PROXIES": 1 if env_bool("SIGNAALWIJZER_BEHIND_PROXY", False) else 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Signaalwijzer API",
    "DESCRIPTION": "Signalen van mensenhandel wegen, en de kennisbank lezen.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "OAS_VERSION": "3.0.3",
    # One name per vocabulary, used by several fields of the API (api/serializers.py).
    "ENUM_NAME_OVERRIDES": {
        "DimensionEnum": "signaalwijzer.knowledge.schema.Dimension",
        "ElementEnum": "signaalwijzer.knowledge.schema.Element",
        "StrengthEnum": "signaalwijzer.knowledge.schema.Strength",
        "KindEnum": "signaalwijzer.knowledge.schema.Kind",
        "OutcomeEnum": "signaalwijzer.knowledge.loader.OUTCOMES",
    },
}

# The deployment: one municipality or region per instance.
SIGNAALWIJZER = {
    "MUNICIPALITY": env_str("SIGNAALWIJZER_MUNICIPALITY", "Gemeente Voorbeeld"),
    "COORDINATOR_NAME": env_str("SIGNAALWIJZER_COORDINATOR_NAME", "Zorgcoördinator mensenhandel"),
    "COORDINATOR_ORGANISATION": env_str("SIGNAALWIJZER_COORDINATOR_ORGANISATION", ""),
    "COORDINATOR_PHONE": env_str("SIGNAALWIJZER_COORDINATOR_PHONE", ""),
    "COORDINATOR_EMAIL": env_str("SIGNAALWIJZER_COORDINATOR_EMAIL", ""),
}

# --- Dossiers (cases/) ----------------------------------------------------------------------------------------
# Keys for the encrypted client fields: comma-separated Fernet keys, the first encrypts, all decrypt.
# Rotation: put a new key first, run `signaalwijzer keys rotate`, then drop the old key (README).
FIELD_ENCRYPTION_KEYS = env_list("SIGNAALWIJZER_FIELD_KEYS", [])
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SIGNAALWIJZER_FIELD_KEYS is not set. Generate a key with "
            "'signaalwijzer keys generate' (or python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())') and keep it out of the database backups."
        )
    # make run only: a fixed development key, so the demo data stays readable between runs.
    FIELD_ENCRYPTION_KEYS = ["ZGV2ZWxvcG1lbnQta2V5LW9ubHktZm9yLW1ha2UtcnU="]
# A dossier weighed `vermoeden` without an expert consultation is flagged after this many working days.
CASE_EXPERT_DEADLINE_WORKING_DAYS = env_int("SIGNAALWIJZER_EXPERT_DEADLINE_DAYS", 5)
# Closed dossiers are deleted by `signaalwijzer retention apply` this many days after closing.
CASE_RETENTION_DAYS = env_int("SIGNAALWIJZER_RETENTION_DAYS", 5 * 365)

# --- Signalenhub (hub/, linkage/) ---------------------------------------------------------------------------
# The secret for the keyed hashes (HMAC-SHA256) that signals are matched on. Changing it means every stored key
# must be recomputed (`signaalwijzer signals rekey`), so keep it as safe as the field keys, and apart from them.
HUB_LINK_KEY = env_str("SIGNAALWIJZER_LINK_KEY", "")
if not HUB_LINK_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SIGNAALWIJZER_LINK_KEY is not set. Generate one with "
            "python -c 'import secrets; print(secrets.token_urlsafe(32))' and keep it out of the database backups."
        )
    HUB_LINK_KEY = "development-link-key-only-for-make-run"
# A cluster whose combined weighing is `vermoeden` is flagged in the inbox when no action followed in this many days.
HUB_ACTION_DAYS = env_int("SIGNAALWIJZER_HUB_ACTION_DAYS", 5)

# --- Accounts and login (accounts/) -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "public:home"

# Argon2 for every new password; PBKDF2 still reads older hashes (upgraded at the next login).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out username and address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sessions end after SIGNAALWIJZER_SESSION_MINUTES without a request, and when the browser closes.
SESSION_COOKIE_AGE = env_int("SIGNAALWIJZER_SESSION_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Lock-out after repeated wrong passwords, per combination of username and address: someone guessing
# is stopped at their own address, and cannot lock a colleague out of the colleague's.
AXES_FAILURE_LIMIT = env_int("SIGNAALWIJZER_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGNAALWIJZER_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "signaalwijzer.accounts.views.lockout"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
# The client address: REMOTE_ADDR, or behind our proxy the hop it appended; never a header the client
# can set itself to escape the lock-out. The same rule as the audit log and the API throttle.
AXES_CLIENT_IP_CALLABLE = "signaalwijzer.audit.services.client_address"

# Two-factor (TOTP, django-otp): the name the authenticator app shows next to the code.
OTP_TOTP_ISSUER = "Signaalwijzer " + SIGNAALWIJZER["MUNICIPALITY"]

# Optional login through an organisation's identity provider (OpenID Connect); off by default.
SIGNAALWIJZER_OIDC_ENABLED = env_bool("SIGNAALWIJZER_OIDC_ENABLED", False)
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email"
# People are matched to accounts a beheerder made, by e-mail address (accounts/oidc.py).
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL_FAILURE = "/inloggen/?oidc=mislukt"
if SIGNAALWIJZER_OIDC_ENABLED:
    _oidc_required = {
        "OIDC_RP_CLIENT_ID": OIDC_RP_CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
        "OIDC_OP_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
        "OIDC_OP_USER_ENDPOINT": OIDC_OP_USER_ENDPOINT,
    }
    if OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")):
        _oidc_required["OIDC_OP_JWKS_ENDPOINT"] = OIDC_OP_JWKS_ENDPOINT
    _oidc_missing = [name for name, value in _oidc_required.items() if not value]
    if _oidc_missing:
        raise ImproperlyConfigured(
            "SIGNAALWIJZER_OIDC_ENABLED=true needs " + ", ".join(_oidc_missing) + " (see the README)."
        )
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("signaalwijzer.accounts.oidc.OIDCBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SIGNAALWIJZER_LOG_LEVEL", "WARNING")},
}
