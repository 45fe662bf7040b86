"""Start the production processes (gunicorn, Celery worker and beat) by hand, as docker-compose does."""

import contextlib
import errno
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

BIN = Path(sys.executable).parent
PROJECT = Path(__file__).resolve().parents[2]


T = TypeVar("T")

ADDRESS_IN_USE = "Address already in use"
"""What a server (gunicorn, redis-server) writes when it cannot bind its port."""


def free_port() -> int:
    """A port free a moment ago; another process may take it before a server binds it, so a
    server is started with `on_a_free_port` or `serving`, which try another when it has."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def on_a_free_port(start: Callable[[int], T], attempts: int = 5) -> T:
    """`start(port)` on a free port, and again on another while `start` raises EADDRINUSE."""
    for _ in range(attempts - 1):
        try:
            return start(free_port())
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
    return start(free_port())


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production process: DEBUG off, a secret key, this machine's services."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    env.update(
        SECRET_KEY="a-production-like-secret-key-for-the-process-tests-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
    )
    env.update(overrides)
    return env


def start_process(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as output:
        return subprocess.Popen(command, cwd=PROJECT, env=env, stdout=output, stderr=subprocess.STDOUT)


def stop_process(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def running(command: list[str], env: dict[str, str], log: Path):
    process = start_process(command, env, log)
    try:
        yield process
    finally:
        stop_process(process)


def start_server(command: list[str], env: dict[str, str], log: Path, ready: str) -> subprocess.Popen:
    """The server process, once `ready` is in its log; OSError EADDRINUSE if its port is taken."""
    process = start_process(command, env, log)
    try:
        wait_for_bind(ready, process, log)
    except BaseException:
        stop_process(process)
        raise
    return process


@contextlib.contextmanager
def serving(command_on: Callable[[int], list[str]], env: dict[str, str], log: Path, ready: str):
    """Runs the server `command_on(port)` on a free port until the block ends: (process, port).

    `ready` (formatted with the port) is what the server logs once it has bound the port. If it
    logs that the address is in use instead, another process took the port after `free_port`
    found it free, and the server is started again on another port.
    """
    process, port = on_a_free_port(
        lambda port: (start_server(command_on(port), env, log, ready.format(port=port)), port)
    )
    try:
        yield process, port
    finally:
        stop_process(process)


@contextlib.contextmanager
def gunicorn(env: dict[str, str], log: Path, *options: str):
    """gunicorn serving the portal on a free port of loopback until the block ends: its base URL."""

    def command_on(port: int) -> list[str]:
        bind = ["--bind", f"127.0.0.1:{port}"]
        config = ["--config", "gunicorn.conf.py"]
        return [str(BIN / "gunicorn"), *config, "helsinki_intl.wsgi:application", *bind, *options]

    with serving(command_on, env, log, ready="Listening at: http://127.0.0.1:{port}") as (process, port):
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/healthz", process, log)
        yield base


def wait_for_bind(ready: str, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if ready in text:
            return
        if ADDRESS_IN_USE in text:
            raise OSError(errno.EADDRINUSE, f"{ADDRESS_IN_USE}:\n{text}")
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise AssertionError(f"«{ready}» did not appear in {seconds} s:\n{log.read_text(errors='replace')}")


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 5):
    """(status, body) of a GET, without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for_http(url: str, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the process ended early:\n{log.read_text()}")
        try:
            get(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url} in {seconds} s:\n{log.read_text()}")


def wait_for_output(text: str, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            break
        time.sleep(0.2)
    raise AssertionError(f"«{text}» did not appear in {seconds} s:\n{log.read_text(errors='replace')}")
