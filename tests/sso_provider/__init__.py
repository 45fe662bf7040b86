"""A real OpenID Connect provider for the single sign-on tests: django-oidc-provider in a Django
project of its own, served by gunicorn on loopback (see `tests.project.sso_provider`).

It has a sign-in form and a consent page, RS256 keys kept in its database (rotated by `seed.py`),
a `groups` scope that releases the user's groups, and RP-initiated logout.
"""
