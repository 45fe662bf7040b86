"""An upload kept between its dry run and the confirmation, as a temporary file.

The file is named by a random token that only the uploader's session holds, and files older
than PENDING_SECONDS are removed whenever another is kept.
"""

import re
import secrets
import tempfile
import time
from pathlib import Path

PENDING_SECONDS = 60 * 60
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _directory() -> Path:
    directory = Path(tempfile.gettempdir()) / "helsinki-intl-imports"
    directory.mkdir(mode=0o700, exist_ok=True)
    return directory


def keep(data: bytes) -> str:
    """Store `data` and return the token that names it."""
    _remove_expired()
    token = secrets.token_urlsafe(24)
    (_directory() / token).write_bytes(data)
    return token


def take(token: str) -> bytes | None:
    """The stored upload, or None when it is unknown or has expired; it is removed either way."""
    if not TOKEN.match(token or ""):
        return None
    path = _directory() / token
    try:
        fresh = time.time() - path.stat().st_mtime < PENDING_SECONDS
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    path.unlink(missing_ok=True)
    return data if fresh else None


def _remove_expired() -> None:
    limit = time.time() - PENDING_SECONDS
    for path in _directory().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue
