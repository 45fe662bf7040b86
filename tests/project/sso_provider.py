"""The real test provider (tests/sso_provider, django-oidc-provider) served by gunicorn on loopback."""

import contextlib
import json
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .processes import BIN, PROJECT, serving, wait_for_http

CLIENT_ID = "international-portal"
PASSWORD = "a-provider-password"  # nosec B105 # the test provider's users' password
# The provider's people: Aino of the Culture and Leisure Division in international affairs, and
# Eero, whose groups name no unit of the portal.
USERS = [
    {
        "username": "aino",
        "password": PASSWORD,
        "first_name": "Aino",
        "last_name": "Virtanen",
        "email": "aino.virtanen@example.fi",
        "groups": ["unit:kuva", "helsinki-intl-affairs"],
    },
    {
        "username": "eero",
        "password": PASSWORD,
        "first_name": "Eero",
        "last_name": "Laine",
        "email": "eero.laine@example.fi",
        "groups": ["all-staff"],
    },
]


@dataclass
class RealProvider:
    base: str
    client_secret: str
    env: dict[str, str]

    @property
    def issuer(self) -> str:
        return f"{self.base}/openid"

    def seed(self, command: str, **options) -> str:
        """Runs tests/sso_provider/seed.py's command against the running provider's database."""
        result = subprocess.run(
            [sys.executable, "-m", "tests.sso_provider.seed", command, json.dumps(options)],
            cwd=PROJECT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def register(self, portal: str) -> None:
        """Registers the portal at `portal` (its base URL) as the client's redirect addresses."""
        self.seed(
            "client",
            client_id=CLIENT_ID,
            redirect_uris=[f"{portal}/oidc/callback/"],
            post_logout_redirect_uris=[f"{portal}/signed-out/"],
        )


@contextlib.contextmanager
def real_provider(directory: Path, portal: str):
    """The provider, set up with the portal's client (registered for the portal at `portal`)
    and USERS, until the block ends."""
    client_secret = secrets.token_urlsafe(32)
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "OIDC_"))},
        "DJANGO_SETTINGS_MODULE": "tests.sso_provider.settings",
        "PROVIDER_DATABASE": str(directory / "provider.sqlite3"),
        "PROVIDER_SECRET_KEY": secrets.token_urlsafe(32),
    }
    provider = RealProvider(base="", client_secret=client_secret, env=env)
    provider.seed("setup", client_id=CLIENT_ID, client_secret=client_secret, users=USERS)
    provider.register(portal)

    def command_on(port: int) -> list[str]:
        bind = ["--bind", f"127.0.0.1:{port}", "--threads", "4"]
        return [str(BIN / "gunicorn"), "tests.sso_provider.wsgi:application", *bind]

    log = directory / "provider.log"
    with serving(command_on, env, log, ready="Listening at: http://127.0.0.1:{port}") as (process, port):
        provider.base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{provider.issuer}/.well-known/openid-configuration", process, log)
        yield provider
