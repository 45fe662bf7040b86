"""The load driver: a plain HTTP/1.1 client with a kept-alive connection and a session cookie.

It signs in through the portal's sign-in form, as a person does, and times requests from the
first byte sent to the last byte read. A response other than 200 counts as an error.
"""

import http.client
import re
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from .stats import Timings

_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
READ_SIZE = 64 * 1024


class SignInFailed(RuntimeError):
    pass


@dataclass
class Download:
    """A response read to its end: status, bytes, and when its first and last byte came."""

    status: int
    size: int
    first_byte: float
    total: float


@dataclass
class Client:
    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 120

    def __post_init__(self) -> None:
        self._connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def close(self) -> None:
        self._connection.close()

    def _headers(self, extra: dict | None = None) -> dict[str, str]:
        headers = {"Accept-Language": "fi", "User-Agent": "portal-benchmark"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        headers.update(extra or {})
        return headers

    def _keep_cookies(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        """(status, body, response) of one request; reconnects once if the server closed the line."""
        for attempt in (1, 2):
            try:
                self._connection.request(method, path, body=body, headers=self._headers(headers))
                response = self._connection.getresponse()
                content = response.read()
                self._keep_cookies(response)
                return response.status, content, response
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self._connection.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def sign_in(self, username: str, password: str) -> None:
        status, page, _ = self.request("GET", "/login/")
        token = _CSRF_INPUT.search(page)
        if status != 200 or token is None:
            raise SignInFailed(f"The sign-in page answered {status} without a form")
        form = urlencode(
            {"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": password}
        ).encode()
        status, _, response = self.request(
            "POST", "/login/", body=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302 or response.getheader("Location", "").rstrip("/").endswith("login"):
            raise SignInFailed(f"Signing in as {username} answered {status}")

    def timed_get(self, path: str) -> tuple[bool, float]:
        """(succeeded, seconds) of one GET read to its end."""
        started = time.perf_counter()
        try:
            status, _, _ = self.request("GET", path)
        except (OSError, http.client.HTTPException):
            return False, time.perf_counter() - started
        return status == 200, time.perf_counter() - started

    def measure(self, path: str, *, warmup: int, requests: int) -> Timings:
        """`warmup` untimed requests, then `requests` timed ones, one after another."""
        for _ in range(warmup):
            self.timed_get(path)
        latencies, errors = [], 0
        started = time.perf_counter()
        for _ in range(requests):
            succeeded, seconds = self.timed_get(path)
            if succeeded:
                latencies.append(seconds)
            else:
                errors += 1
        return Timings.of(latencies, errors=errors, elapsed=time.perf_counter() - started)

    def download(self, path: str) -> Download:
        """A GET read in chunks, timing its first byte of body and its end."""
        started = time.perf_counter()
        self._connection.request("GET", path, headers=self._headers())
        response = self._connection.getresponse()
        first_byte = None
        size = 0
        while chunk := response.read1(READ_SIZE):
            if first_byte is None:
                first_byte = time.perf_counter() - started
            size += len(chunk)
        total = time.perf_counter() - started
        return Download(response.status, size, first_byte if first_byte is not None else total, total)
