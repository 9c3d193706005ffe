"""Configuration defaults (overridden by ``instance/config.py``, then the environment)."""

import secrets

SECRET_KEY = None  # set in instance/config.py or $SECRET_KEY; a random one is made otherwise
SQLALCHEMY_DATABASE_URI = None  # filled in by create_app: SQLite under instance/
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
BABEL_DEFAULT_LOCALE = "kk"
BABEL_DEFAULT_TIMEZONE = "Asia/Almaty"
LANGUAGES = ("kk", "ru", "en")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"
WTF_CSRF_TIME_LIMIT = 8 * 3600  # a CSRF token lives as long as an idle session
SESSION_IDLE_MINUTES = 480  # sessions end after 8 hours without a request
PERMANENT_SESSION_LIFETIME = 8 * 3600  # and the signed cookie is refused after that
UPLOAD_MAX_MB = 25
MAX_CONTENT_LENGTH = None  # computed from UPLOAD_MAX_MB
CLOCK_NOW = None  # pin the clock (ISO date-time, Asia/Almaty) for tests and the demo
PUBLIC_BASE_URL = "http://127.0.0.1:5000"
AUTHORITY_NAME_KK = (
    "Қазақстан Республикасы Жасанды интеллект және цифрлық даму министрлігінің "
    "Ақпараттық қауіпсіздік комитеті"
)
AUTHORITY_NAME_RU = (
    "Комитет по информационной безопасности Министерства искусственного интеллекта "
    "и цифрового развития Республики Казахстан"
)
PLACE_KK = "Астана қаласы"
PLACE_RU = "город Астана"
# R10.2 copy-1 package: also hold the PDF/A-2b copies of the act (needs LibreOffice).
COPY1_INCLUDE_PDFA = False
# Email of notifications over SMTP; without MAIL_SERVER no email is sent (in-app only).
MAIL_SERVER = None
MAIL_PORT = 25
MAIL_USERNAME = None
MAIL_PASSWORD = None
MAIL_USE_TLS = False
MAIL_FROM = "bakylau@localhost"
# Operations (inspections/ops.py): log level and format (json | text), trusted reverse proxies.
LOG_LEVEL = "INFO"
LOG_FORMAT = "json"
TRUSTED_PROXIES = 0
# Uploaded files: "local" (UPLOAD_FOLDER on this server) or "database" (shared by several
# application servers on one PostgreSQL), see inspections/storage.py.
STORAGE_URL = "local"
# Production (BAKYLAU_ENV=production, set by scripts/serve and deploy/): SECRET_KEY required,
# secure cookies.  SECRET_KEY_FROM_DEMO marks the key `flask demo` wrote to instance/config.py.
PRODUCTION = False
SECRET_KEY_FROM_DEMO = False
PLACEHOLDER_SECRET_KEYS = frozenset({"change-me-to-a-long-random-string", "test-secret", "dev"})


class ConfigurationError(RuntimeError):
    """The configuration cannot be used (the app refuses to start)."""

# Electronic digital signatures (issue 16)
ESIGN_TRUSTED_ROOTS = None  # PEM bundle or directory of the NCC's root and intermediate certs
ESIGN_VERIFY_URL = None  # NCANode v3 verification service for GOST signatures
ESIGN_REQUIRED = ()  # document codes whose step needs all their signatures first
AUTHORITY_BIN = ""  # BIN of the authorised body (its officials' organisation keys)

# The audit log's HMAC key (issue "Integrity"): $AUDIT_KEY, else the file AUDIT_KEY_FILE
# (default instance/audit.key, made with a random key on first start, mode 0600).  It is
# never stored in the database and never part of a database backup: keep a copy apart.
AUDIT_KEY = None
AUDIT_KEY_FILE = None
# Append-only file of audit checkpoints (default instance/audit-anchor.jsonl).
AUDIT_ANCHOR_FILE = None

_TRUE = {"1", "true", "yes", "on"}


def apply_environment(config, environ) -> None:
    """Environment variables win over files."""
    if environ.get("BAKYLAU_ENV", "").lower() == "production":
        config["PRODUCTION"] = True
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True
    if environ.get("SECRET_KEY"):
        config["SECRET_KEY"] = environ["SECRET_KEY"]
        config["SECRET_KEY_FROM_DEMO"] = False
    if environ.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = environ["DATABASE_URL"]
    if environ.get("SESSION_COOKIE_SECURE"):
        secure = environ["SESSION_COOKIE_SECURE"].lower() in _TRUE
        config["SESSION_COOKIE_SECURE"] = secure
        config["REMEMBER_COOKIE_SECURE"] = secure
    for key in ("AUDIT_KEY", "AUDIT_KEY_FILE", "AUDIT_ANCHOR_FILE"):
        if environ.get(key):
            config[key] = environ[key]
    if environ.get("PREFERRED_URL_SCHEME"):
        config["PREFERRED_URL_SCHEME"] = environ["PREFERRED_URL_SCHEME"]
    if environ.get("SESSION_IDLE_MINUTES"):
        minutes = int(environ["SESSION_IDLE_MINUTES"])
        config["SESSION_IDLE_MINUTES"] = minutes
        config["PERMANENT_SESSION_LIFETIME"] = minutes * 60
    if environ.get("UPLOAD_MAX_MB"):
        config["UPLOAD_MAX_MB"] = int(environ["UPLOAD_MAX_MB"])
    if environ.get("PUBLIC_BASE_URL"):
        config["PUBLIC_BASE_URL"] = environ["PUBLIC_BASE_URL"]
    for key in ("MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_FROM"):
        if environ.get(key):
            config[key] = environ[key]
    for key in ("ESIGN_TRUSTED_ROOTS", "ESIGN_VERIFY_URL", "AUTHORITY_BIN"):
        if environ.get(key):
            config[key] = environ[key]
    if environ.get("ESIGN_REQUIRED") is not None:
        config["ESIGN_REQUIRED"] = tuple(
            c.strip() for c in environ["ESIGN_REQUIRED"].split(",") if c.strip())
    if environ.get("MAIL_PORT"):
        config["MAIL_PORT"] = int(environ["MAIL_PORT"])
    for key in ("LOG_LEVEL", "LOG_FORMAT", "STORAGE_URL"):
        if environ.get(key):
            config[key] = environ[key]
    if environ.get("TRUSTED_PROXIES"):
        config["TRUSTED_PROXIES"] = int(environ["TRUSTED_PROXIES"])
    if environ.get("COPY1_INCLUDE_PDFA"):
        config["COPY1_INCLUDE_PDFA"] = environ["COPY1_INCLUDE_PDFA"].lower() in _TRUE
    if environ.get("MAIL_USE_TLS"):
        config["MAIL_USE_TLS"] = environ["MAIL_USE_TLS"].lower() in _TRUE


def check(config) -> None:
    if config.get("PRODUCTION") and not config.get("DEBUG"):
        key = config.get("SECRET_KEY") or ""
        if not key:
            raise ConfigurationError("SECRET_KEY is required in production "
                                     "(environment or instance/config.py)")
        if config.get("SECRET_KEY_FROM_DEMO") or key in PLACEHOLDER_SECRET_KEYS or len(key) < 32:
            raise ConfigurationError("SECRET_KEY is the demo's, a placeholder or shorter than "
                                     "32 characters: set a long random one for production")
    if config.get("PREFERRED_URL_SCHEME") == "https":
        # production behind HTTPS: cookies never travel in clear; HSTS (inspections.web)
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = secrets.token_hex(32)
    uri = config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql://"):
        config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri[len("postgresql://"):]
    if not config.get("MAX_CONTENT_LENGTH"):
        config["MAX_CONTENT_LENGTH"] = (int(config["UPLOAD_MAX_MB"]) + 1) * 1024 * 1024


def load_audit_key(config, instance_path: str) -> None:
    """AUDIT_KEY from the configuration, else from AUDIT_KEY_FILE (created with a random key
    when missing, readable by the owner only)."""
    import os

    if not config.get("AUDIT_ANCHOR_FILE"):
        config["AUDIT_ANCHOR_FILE"] = os.path.join(instance_path, "audit-anchor.jsonl")
    if config.get("AUDIT_KEY"):
        return
    path = config.get("AUDIT_KEY_FILE") or os.path.join(instance_path, "audit.key")
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32) + "\n")
    with open(path, encoding="utf-8") as f:
        config["AUDIT_KEY"] = f.read().strip()
