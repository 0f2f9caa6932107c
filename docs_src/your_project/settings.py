"""
What "Use it in your project" adds at the end of a project's settings.py,
beside step 3's sections that it includes too. Each section is one block of
the page; tests/recipe/test_recipe.py appends them to a fresh startproject.
"""

# --8<-- [start:apps]
INSTALLED_APPS += [
    # django-oauth-toolkit: the provider's models, views and admin.
    "oauth2_provider",
    # The folder you copied: token login, its checks, templates and commands.
    "tokenauth",
]
# --8<-- [end:apps]

# --8<-- [start:middleware]
# Right after AuthenticationMiddleware: a user logged in by session keeps the
# request, and only an anonymous request has its Bearer token looked up.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "tokenauth.middleware.BearerTokenMiddleware",
)
# --8<-- [end:middleware]
