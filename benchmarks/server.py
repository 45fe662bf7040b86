"""The portal under gunicorn on a loopback port, with production settings (DEBUG off)."""

import os
import socket
import subprocess  # nosec B404 # starts the project's own gunicorn
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
WORKERS = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """with Gunicorn(env) as server: server.port, server.pid (the master; workers are its children)."""

    def __init__(self, env: dict[str, str], *, workers: int = WORKERS, log_path: Path | None = None) -> None:
        self.env = env
        self.workers = workers
        self.port = free_port()
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError("gunicorn has not been started")
        return self.process.pid

    def __enter__(self) -> "Gunicorn":
        # Kept open while the server runs; closed when it stops.
        self._log = log = open(self.log_path or os.devnull, "ab")
        self.process = subprocess.Popen(  # nosec B603 # fixed arguments, no shell
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "helsinki_intl.wsgi",
                f"--workers={self.workers}",
                f"--bind=127.0.0.1:{self.port}",
                "--timeout=300",
                "--graceful-timeout=5",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_until_up()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start (exit {self.process.returncode})")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5):  # nosec B310
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
