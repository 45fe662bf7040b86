"""Sets the test provider up and changes it as a test needs: `python -m tests.sso_provider.seed
<command> '<json>'` with the provider's environment.

- `setup {"client_id", "client_secret", "redirect_uris", "post_logout_redirect_uris", "users"}`:
  the database, one signing key, the portal's client (consent asked each time) and the users
  (`username`, `password`, `first_name`, `last_name`, `email`, `groups`).
- `client {"client_id", ...}`: changes the client (`jwt_alg`, `redirect_uris`, ...).
- `rotate_key {}`: a new signing key replaces the old; prints its key id.
"""

import json
import sys

import django


def setup(options: dict) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rotate_key({})
    client(options)
    for person in options.get("users", []):
        add_user(person)


def add_user(person: dict) -> None:
    from django.contrib.auth.models import Group, User

    groups = [Group.objects.get_or_create(name=name)[0] for name in person.pop("groups", [])]
    password = person.pop("password")
    user, _ = User.objects.update_or_create(username=person.pop("username"), defaults=person)
    user.set_password(password)
    user.save()
    user.groups.set(groups)


def client(options: dict) -> None:
    from oidc_provider.models import Client, ResponseType

    portal, _ = Client.objects.get_or_create(client_id=options["client_id"], defaults={"name": "Portal"})
    portal.client_type = "confidential"
    portal.require_consent = True
    portal.reuse_consent = False
    portal.scope = ["openid", "profile", "email", "groups"]
    for field in ("client_secret", "jwt_alg", "redirect_uris", "post_logout_redirect_uris"):
        if field in options:
            setattr(portal, field, options[field])
    portal.save()
    portal.response_types.set([ResponseType.objects.get(value="code")])


def rotate_key(options: dict) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from oidc_provider.models import RSAKey

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.TraditionalOpenSSL,
        encryption_algorithm=serialization.NoEncryption(),
    ).decode()
    RSAKey.objects.all().delete()
    print(RSAKey.objects.create(key=pem).kid)


COMMANDS = {"setup": setup, "client": client, "rotate_key": rotate_key, "add_user": add_user}

if __name__ == "__main__":
    django.setup()
    COMMANDS[sys.argv[1]](json.loads(sys.argv[2]))
