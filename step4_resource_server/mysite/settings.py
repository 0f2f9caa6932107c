"""
Settings for the tutorial project.

The same project package, ``mysite``, is used in every step of the tutorial, so
that comparing two steps shows exactly what the later one adds.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Development only. In production, read a long random key from the environment.
SECRET_KEY = "django-insecure-tutorial-key-do-not-use-in-production"

DEBUG = True

ALLOWED_HOSTS = []

# --8<-- [start:production]
# As production runs, and as scripts/topology.py runs both servers: the key
# from the environment, no debug pages, and only the host names served.
if os.environ.get("DJANGO_SECRET_KEY"):
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
    DEBUG = False
    ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1").split()
    # Warnings and errors to stderr, which gunicorn's log keeps: without DEBUG,
    # Django's own logging only mails them to ADMINS.
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"stderr": {"class": "logging.StreamHandler"}},
        "root": {"handlers": ["stderr"], "level": "WARNING"},
        # Django warns of every 4xx answer; a refused token is no news.
        "loggers": {"django.request": {"level": "ERROR"}},
    }
# --8<-- [end:production]

# --8<-- [start:installed-apps]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # django-oauth-toolkit: the models, views and admin of the provider.
    "oauth2_provider",
    # This project's command-line helpers (manage.py registerapp).
    "provider",
    # Bearer-token login for ordinary views: its middleware, backend and checks.
    "tokenauth",
]
# --8<-- [end:installed-apps]

# --8<-- [start:middleware]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After AuthenticationMiddleware: a user logged in by session keeps the
    # request, and only an anonymous request has its Bearer token looked up.
    "tokenauth.middleware.BearerTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# --8<-- [end:middleware]

# --8<-- [start:backends]
AUTHENTICATION_BACKENDS = [
    # Turns the request's Bearer token into its user, for the middleware above.
    "tokenauth.backends.BearerTokenBackend",
    # Django's own backend checks passwords: the admin and the login page need it.
    "django.contrib.auth.backends.ModelBackend",
]
# --8<-- [end:backends]

ROOT_URLCONF = "mysite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "mysite.wsgi.application"

# --8<-- [start:databases]
# PostgreSQL where the environment names a database: libpq reads PGDATABASE,
# and PGHOST, PGPORT and PGUSER beside it. SQLite in this folder otherwise.
if os.environ.get("PGDATABASE"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ["PGDATABASE"],
            # Each worker keeps its connection: a new one costs more than a
            # request with a token.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
        }
    }
# --8<-- [end:databases]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --8<-- [start:error-reports]
# Error pages and reports hide the variables that hold a token, even with DEBUG on.
DEFAULT_EXCEPTION_REPORTER_FILTER = "tokenauth.debug.TokenReporterFilter"
# --8<-- [end:error-reports]

# --8<-- [start:login]
# Where login_required, and DOT's authorize view, send a visitor who is not
# logged in. The "login" URL comes from django.contrib.auth.urls (see urls.py).
LOGIN_URL = "login"
# Where the login page goes next when it was not given a ?next= address.
LOGIN_REDIRECT_URL = "oauth2_provider:list"
# --8<-- [end:login]

# --8<-- [start:oauth2-provider]
OAUTH2_PROVIDER = {
    # The scopes a client may ask for, with the text shown on the consent page.
    "SCOPES": {
        "read": "Read your data",
        "write": "Change your data",
        # BearerTokenBackend logs a token's user in only with this scope.
        "login": "Use this site's pages as you",
    },
    # What a client that asks for no scope gets. DOT's default is every scope;
    # `login` must be asked for, and approved by a person.
    "DEFAULT_SCOPES": ["read"],
    # DOT 3 already requires PKCE for the authorization code flow; say so here
    # so that nobody turns it off by accident.
    "PKCE_REQUIRED": True,
    # DOT's bridge to oauthlib, made to answer a stray "%" in a query string.
    "OAUTH2_BACKEND_CLASS": "tokenauth.oauth2_backends.ProviderCore",
    # DOT's validator, with a cheaper query for the token of each request.
    "OAUTH2_VALIDATOR_CLASS": "tokenauth.validators.BearerTokenValidator",
}
# --8<-- [end:oauth2-provider]
