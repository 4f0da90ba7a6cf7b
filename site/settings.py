"""Multaqa settings: one module, every deployment choice read from the environment.

The defaults run the demo on one machine with no services: SQLite, an in-process cache,
emails printed to the console, media on local disk. Production sets the variables
documented in the README.
"""

import json
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from csp.constants import NONCE

import arabic_months

BASE_DIR = Path(__file__).resolve().parent.parent
SITE_DIR = BASE_DIR / "site"
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
if os.environ.get("PYTEST_XDIST_WORKER"):
    # The test suite run in several processes (pytest -n): each keeps its own database file,
    # media and page cache, as separate machines would.
    VAR_DIR = VAR_DIR / os.environ["PYTEST_XDIST_WORKER"]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def _local_secret_key():
    """A key generated once per checkout and kept out of version control."""
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "home",
    "events",
    "events.registrations",
    "events.attendance",
    "events.reporting",
    "events.evaluation",
    "network",
    "api",
    "webhooks",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "django_countries",
    "csp",
    # The API (api/): its documentation page is drawn from its own static files.
    "ninja",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Its filters are used by allauth's list of passkeys.
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, leaving the API's "not found" as it is (home/language.py).
    "home.language.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The audit log's entries are worded for the request's user (events/audit.py).
    "events.audit.ReaderMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content Security Policy, Permissions-Policy and no-store for signed-in visitors (after
    # the authentication middleware, whose visitor it asks about).
    "core.security.SecurityHeadersMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff sign in with a second factor (home/second_factor.py).
    "home.second_factor.SecondFactorMiddleware",
    # After the language is known, so that its pages are in the visitor's language; before
    # the redirects, so that no redirect is looked up for an address it refuses.
    "home.middleware.UnusableAddressMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that every middleware above sees cached answers too (core/pagecache.py).
    "core.pagecache.PageCacheMiddleware",
    # Creating pages under one parent one request at a time; it calls the admin's add view
    # itself, so no middleware's own view step may come after it.
    "home.middleware.SerialPageCreationMiddleware",
]

ROOT_URLCONF = "urls"
WSGI_APPLICATION = "wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.site_chrome",
            ],
        },
    },
]

# Database: SQLite by default. WAL lets readers and one writer work at once; IMMEDIATE
# transactions take the write lock at BEGIN, so concurrent writers queue (for up to the
# busy timeout) instead of failing with "database is locked" half-way through.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'multaqa.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests use a file beside the database (not an in-memory one) so that threads and
    # processes in concurrency tests share it.
    _db_path = Path(DATABASES["default"]["NAME"])
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(_db_path.with_name(f"test-{_db_path.name}"))
    _db_path.parent.mkdir(parents=True, exist_ok=True)

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Waiting for a row lock (an event's seats while many register at once) ends after this
    # long with a clear "busy, try again" instead of a hung request.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _lock_timeout = os.environ.get("DATABASE_LOCK_TIMEOUT", "3s")
    _options["options"] = f"{_options.get('options', '')} -c lock_timeout={_lock_timeout}".strip()

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_PREPARED_STATEMENTS", True):
    # The server binds the parameters, and a statement a connection runs again and again is
    # parsed and planned once (psycopg prepares it on its fifth run): the registration path
    # spends less time in PostgreSQL. Turn off behind a connection pooler that cannot keep
    # prepared statements (PgBouncer in transaction mode before 1.21).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: in-process by default; Redis (shared by every app process) when configured.
_redis_url = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL", "")
if _redis_url.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            # Django's, keeping its Redis clients (core/cache.py).
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "multaqa"),
        }
    }
    # Sessions are read from the shared cache and written through to the database, so a
    # signed-in request does not query the session table.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": f"{CACHES['default']['KEY_PREFIX']}-pages"}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Public pages are shared by every process of the machine (gunicorn's workers), so a
        # change made in one is seen by all at once (core/pagecache.py).
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "pages"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
# Anonymous visitors' public pages are kept this long at most; 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Django's and allauth's, reading the signed-in account with a compiled query (home/auth_backends.py).
AUTHENTICATION_BACKENDS = [
    "home.auth_backends.ModelBackend",
    "home.auth_backends.AuthenticationBackend",
]

# Languages: Arabic first (right to left), English second; both prefixed in URLs.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Arabic month names: "levantine" (كانون الثاني، شباط، آذار…, as said in Iraq) or "egyptian"
# (يناير، فبراير، مارس…). Their small catalogue comes first, so every date on the site follows it.
ARABIC_MONTH_NAMES = arabic_months.choice(os.environ.get("ARABIC_MONTH_NAMES"))
LOCALE_PATHS = arabic_months.locale_paths(ARABIC_MONTH_NAMES, SITE_DIR / "locale")
# core/ (shared by every app, not an app itself) keeps its few messages in a catalogue of its own.
LOCALE_PATHS.append(BASE_DIR / "core" / "locale")
USE_I18N = True
# Arabic numbers with a decimal point (12.5), not Django's Arabic comma: core/formats/ar.
FORMAT_MODULE_PATH = ["core.formats"]
USE_TZ = True
TIME_ZONE = "Asia/Baghdad"

# Static files and media.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# The site serves its own media unless a web server or object storage does it.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

STORAGES = {
    "default": {"BACKEND": "core.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Where pictures and documents are fetched from besides the site itself (the Content Security
# Policy's img-src and media-src): the object storage's addresses.
MEDIA_ORIGINS = []
if os.environ.get("MEDIA_S3_BUCKET"):
    # S3-compatible media storage (django-storages), shared by every app server. Credentials
    # come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the machine's role). The bucket
    # stays private: objects get no public ACL, and every address the site gives out is signed
    # and expires (querystring auth), so an import's spreadsheet waiting for its confirmation,
    # or a backup, can never be read by its name. Two uploads of "photo.jpg" keep both files.
    _bucket = os.environ["MEDIA_S3_BUCKET"]
    _endpoint = os.environ.get("MEDIA_S3_ENDPOINT_URL") or None
    _region = os.environ.get("MEDIA_S3_REGION") or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": _endpoint,
            "region_name": _region,
            "location": os.environ.get("MEDIA_S3_PREFIX", ""),
            "addressing_style": os.environ.get("MEDIA_S3_ADDRESSING_STYLE") or None,
            # Signature version 4: the older one, which boto3 may otherwise choose for a
            # signed address, is refused by most regions and providers.
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("MEDIA_S3_URL_SECONDS", "3600")),
            "file_overwrite": False,
        },
    }
    if _endpoint:
        _parts = urlsplit(_endpoint)
        MEDIA_ORIGINS = [f"{_parts.scheme}://{_parts.netloc}", f"{_parts.scheme}://{_bucket}.{_parts.netloc}"]
    else:
        MEDIA_ORIGINS = [f"https://{_bucket}.s3.amazonaws.com"]
        if _region:
            MEDIA_ORIGINS.append(f"https://{_bucket}.s3.{_region}.amazonaws.com")
    SERVE_MEDIA = False
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)

# Email: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Multaqa <noreply@multaqa.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: run inline by default; a database-backed worker in production.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

# Organisers' webhooks go only to public internet addresses (webhooks/addresses.py); True lets
# them reach this machine and private networks, for tests and development (docs/webhooks.md).
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)

# Accounts (django-allauth): email is the login, and it must be verified.
SITE_ID = 1
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "home.accounts.AccountAdapter"
# Sign-up turns bots away with a field people never see and the time the form was shown.
ACCOUNT_FORMS = {"signup": "home.accounts.SignupForm"}
SIGNUP_BOT_CHECK = env_bool("SIGNUP_BOT_CHECK", True)
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# A second factor (authenticator app codes or a passkey, with recovery codes) for everyone,
# required of anyone with a role that shows other people's personal data (home/second_factor.py).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Multaqa"
# Passkeys need HTTPS, except on the demo's own machine.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not env_bool("SECURE_SSL", False)
STAFF_SECOND_FACTOR = env_bool("STAFF_SECOND_FACTOR", True)
# How often one address ("ip") or one account ("user") may do a thing (core/limits.py),
# counted in the shared cache; signing in, sign-up, resets and codes are allauth's above.
RATE_LIMITS = {
    # Registering for an event (each try, accepted or not).
    # (A venue's or a university's visitors may share one address when registration opens.)
    "register": "300/10m/ip,10/10m/user",
    # A ticket scanned or typed, a person checked in from the search, a queue sent: one desk
    # at a rush scans a few a minute; a venue's desks may share one address.
    "desk_lookup": "300/m/user,3000/m/ip",
    # The desk's name search (it searches as the name is typed).
    "desk_search": "120/m/user,1000/m/ip",
    # A certificate's public verification page, and the form that asks for its code.
    "certificate_verify": "30/m/ip",
    # Calls to the staff API with a personal token (api/staff.py), refused ones too.
    "api": "600/m/user,1200/m/ip",
}
# A JSON object in RATE_LIMITS changes some of them ("" lifts one): '{"register": "60/10m/ip"}'.
RATE_LIMITS.update(json.loads(os.environ.get("RATE_LIMITS") or "{}"))
# Behind a reverse proxy or a load balancer every request comes from its address: the visitor's
# is read from the X-Forwarded-For entry that many proxies from the end (each proxy adds one),
# or from one header a proxy sets (X-Real-IP), for these limits and allauth's. Without either,
# all visitors would share one allowance.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT") or 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER") or None
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"

# Wagtail.
WAGTAIL_SITE_NAME = "Multaqa"
# No avatars from a third party: an admin user's email hash would go to gravatar.com on every page.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
# Search: Wagtail's database backend, or OpenSearch / Elasticsearch for a large site through
# SEARCH_URL, whose scheme names the server (its Python client installed beside the site):
# opensearch3+https://user:password@search.internal:9200 (several addresses comma-separated).
SEARCH_ENGINES = {
    "opensearch": "wagtail.search.backends.opensearch3",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
    "elasticsearch": "wagtail.search.backends.elasticsearch9",
    "elasticsearch7": "wagtail.search.backends.elasticsearch7",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
}


def search_backend(value):
    if not value:
        return {"BACKEND": "wagtail.search.backends.database"}
    urls = [urlsplit(url.strip()) for url in value.split(",") if url.strip()]
    engines = {url.scheme.partition("+")[0] for url in urls}
    transports = {url.scheme.partition("+")[2] or "http" for url in urls}
    if len(engines) != 1 or not engines <= SEARCH_ENGINES.keys() or not transports <= {"http", "https"}:
        raise ValueError(f"SEARCH_URL: use one of {', '.join(SEARCH_ENGINES)}, e.g. opensearch3+https://host:9200")
    return {
        "BACKEND": SEARCH_ENGINES[engines.pop()],
        "URLS": [urlunsplit((url.scheme.partition("+")[2] or "http", url.netloc, url.path, "", "")) for url in urls],
        "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "multaqa_"),
        "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", "10")),
    }


WAGTAILSEARCH_BACKENDS = {"default": search_backend(os.environ.get("SEARCH_URL", "").strip())}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "svg"]
# Uploads (network/uploads.py checks every one). An image larger than this or of more pixels
# is refused: a PNG of a few kilobytes can hold 10,000 × 10,000 pixels, gigabytes once opened.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("IMAGE_MAX_UPLOAD_MB", "10")) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("IMAGE_MAX_MEGAPIXELS", "50")) * 1_000_000
# The image library's form adds the SVG check (network/images.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "network.images.ImageForm"
# A spreadsheet imported into the directory or an event, and what an XLSX file may unpack to.
SPREADSHEET_MAX_UPLOAD_SIZE = int(os.environ.get("SPREADSHEET_MAX_UPLOAD_MB", "20")) * 1024 * 1024
SPREADSHEET_MAX_UNPACKED_SIZE = int(os.environ.get("SPREADSHEET_MAX_UNPACKED_MB", "100")) * 1024 * 1024
WAGTAIL_PERMISSION_POLICY_CACHE = False
# The admin's sign-in counts failures against ACCOUNT_RATE_LIMITS["login_failed"], like the site's.
WAGTAILADMIN_USER_LOGIN_FORM = "home.accounts.AdminLoginForm"

# Security headers that hold behind any proxy; HTTPS ones switch on with SECURE_SSL=1.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page is shown in another site's frame; Wagtail's previews set SAMEORIGIN on their own.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The CSRF cookie stays readable by script: the desk, whose page may come from its offline
# copy, reads the current token from it.
CSRF_COOKIE_SAMESITE = "Lax"
# A form sent without its token gets the site's page, in the visitor's language.
CSRF_FAILURE_VIEW = "home.views.csrf_failure"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
# No call home from the admin (the update check asks a server abroad on every dashboard).
WAGTAIL_ENABLE_UPDATE_CHECK = False
if env_bool("SECURE_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # A load balancer's health check may come over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Content Security Policy (django-csp, through core.security): the public site and the desk
# run no inline script or style attribute; the admin's policy allows Wagtail's inline
# scripts but still loads nothing from elsewhere.
_CSP_COMMON = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:", *MEDIA_ORIGINS],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "media-src": ["'self'", "blob:", *MEDIA_ORIGINS],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "upgrade-insecure-requests": env_bool("SECURE_SSL", False),
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "frame-src": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
