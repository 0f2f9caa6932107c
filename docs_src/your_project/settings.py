"""
What "Use it in your project" adds at the end of a project's settings.py,
beside step 3's sections that it includes too. Each section is one block of
the page; tests/recipe/test_recipe.py appends them to a fresh startproject.
"""

# --8<-- [start:apps]
# A list, even where your settings wrote a tuple.
INSTALLED_APPS = [
    *INSTALLED_APPS,
    # django-oauth-toolkit: the provider's models, views and admin. A project
    # that uses DOT already has it.
    *(["oauth2_provider"] if "oauth2_provider" not in INSTALLED_APPS else []),
    # The folder you copied: token login, its checks, templates and commands.
    "tokenauth",
]
# --8<-- [end:apps]

# --8<-- [start:middleware]
# DOT's own token middleware, if your project followed DOT's tutorial: it logs
# tokens in for every view, the admin included, before any view is known.
# BearerTokenMiddleware replaces it.
MIDDLEWARE = [
    name
    for name in MIDDLEWARE
    if name != "oauth2_provider.middleware.OAuth2TokenMiddleware"
]
# Right after AuthenticationMiddleware, so before LoginRequiredMiddleware if you
# use it: a user logged in by session keeps the request, and only an anonymous
# request has its Bearer token looked up.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "tokenauth.middleware.BearerTokenMiddleware",
)
# --8<-- [end:middleware]

# --8<-- [start:merge]
# A project that already has OAUTH2_PROVIDER keeps it, with what tokenauth needs
# added. DOT offers these two scopes when a project never set SCOPES.
scopes_before = OAUTH2_PROVIDER.get(
    "SCOPES", {"read": "Reading scope", "write": "Writing scope"}
)
OAUTH2_PROVIDER = {
    # A cheaper token query; a validator of your own, below, keeps its place.
    "OAUTH2_VALIDATOR_CLASS": "tokenauth.validators.BearerTokenValidator",
    # DOT's endpoints answer a stray "%" in a query string; yours, if any, wins.
    "OAUTH2_BACKEND_CLASS": "tokenauth.oauth2_backends.ProviderCore",
    **OAUTH2_PROVIDER,
    "SCOPES": {**scopes_before, "login": "Use this site's pages as you"},
    # A client that asks for no scope gets what it got before, never `login`.
    "DEFAULT_SCOPES": OAUTH2_PROVIDER.get("DEFAULT_SCOPES", list(scopes_before)),
}
# --8<-- [end:merge]

# --8<-- [start:drf]
REST_FRAMEWORK = {
    # Your other DRF settings, if your settings have REST_FRAMEWORK already:
    # replaced, a default such as IsAuthenticated would open your API views.
    **globals().get("REST_FRAMEWORK", {}),
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token login that BearerTokenMiddleware made; no CSRF check needed.
        "tokenauth.drf.BearerTokenAuthentication",
        # People in a browser: the session, with DRF's CSRF check.
        "rest_framework.authentication.SessionAuthentication",
    ],
}
# --8<-- [end:drf]
