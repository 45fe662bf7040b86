"""`make soak`: 8 signed-in users for 10 minutes against gunicorn at scale 100.

Each user walks the pages of `benchmarks.pages` (the exports and downloads left out) one after
another without pause. Passes with zero errors; the workers' memory is read at the start (after
one warm-up walk), every minute and at the end: a worker still growing by more than 5 MiB in the
soak's second half fails it. SOAK_SECONDS, SOAK_USERS and SOAK_SCALE change the defaults;
the database is the benchmark's (generated first if it holds no load data).
"""

import json
import os
import secrets
import subprocess  # nosec B404 # runs the project's own commands
import sys
import threading
import time
from pathlib import Path

import psycopg

from .run import BASE_DIR, ensure_database, manage, portal_env, setting

SECONDS = float(os.environ.get("SOAK_SECONDS", "600"))
USERS = int(os.environ.get("SOAK_USERS", "8"))
LEFT_OUT = ("summary",)
SAMPLE_SECONDS = 60
# A worker whose memory still grows by more than this in the soak's second half fails it.
MAX_LATE_GROWTH_MIB = float(os.environ.get("SOAK_MAX_LATE_GROWTH_MIB", "5"))


def has_load_data(database_url: str) -> bool:
    with psycopg.connect(database_url) as connection:
        return bool(
            connection.execute("SELECT EXISTS (SELECT 1 FROM partnerships_partnership)").fetchone()[0]
        )


def main() -> None:
    scale = setting("SOAK_SCALE", "100")
    server = setting("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    name = f"{setting('BENCH_DATABASE_PREFIX', 'hi_bench')}{scale.replace('.', '_')}"
    env = portal_env(f"{server}/{name}")
    ensure_database(server, name)
    manage(env, "migrate", "--no-input", "-v0")
    if not has_load_data(env["DATABASE_URL"]):
        manage(env, "generate_load_data", "--scale", scale, "--replace")
    completed = subprocess.run([sys.executable, "-m", "benchmarks.soak", "--drive"], cwd=BASE_DIR, env=env)  # nosec
    sys.exit(completed.returncode)


class User(threading.Thread):
    def __init__(self, port: int, password: str, paths: list[str], until: float, offset: int) -> None:
        super().__init__(daemon=True)
        from .client import Client

        self.client = Client("127.0.0.1", port)
        self.password = password
        self.paths = paths[offset:] + paths[:offset]
        self.until = until
        self.latencies: list[float] = []
        self.failures: list[str] = []

    def run(self) -> None:
        from .measure import USERNAME

        self.client.sign_in(USERNAME, self.password)
        while time.monotonic() < self.until:
            for path in self.paths:
                if time.monotonic() >= self.until:
                    break
                succeeded, seconds = self.client.timed_get(path)
                self.latencies.append(seconds)
                if not succeeded:
                    self.failures.append(path)
        self.client.close()


def drive() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helsinki_intl.settings")
    django.setup()
    from .client import Client
    from .measure import USERNAME, bench_user, stop_cleanly_when_terminated
    from .memory import children, status_kib
    from .pages import all_pages
    from .server import Gunicorn
    from .stats import Timings

    stop_cleanly_when_terminated()
    password = secrets.token_urlsafe(16)
    bench_user(password)
    paths = [page.path for page in all_pages() if page.kind not in LEFT_OUT]
    with Gunicorn(dict(os.environ), log_path=Path("/dev/null")) as server:
        warmup = Client("127.0.0.1", server.port)
        warmup.sign_in(USERNAME, password)
        for path in paths:
            warmup.timed_get(path)
        warmup.close()
        workers = children(server.pid)
        memory_start = {pid: status_kib(pid) for pid in workers}
        print(f"Soak: {USERS} users for {SECONDS:.0f} s over {len(paths)} pages", flush=True)
        started = time.monotonic()
        users = [
            User(server.port, password, paths, started + SECONDS, offset=index * len(paths) // USERS)
            for index in range(USERS)
        ]
        for user in users:
            user.start()
        memory_samples = [memory_start]
        while any(user.is_alive() for user in users):
            time.sleep(min(SAMPLE_SECONDS, max(0.1, started + SECONDS - time.monotonic())))
            memory_samples.append({pid: status_kib(pid) for pid in children(server.pid)})
        elapsed = time.monotonic() - started
        memory_end = memory_samples[-1]
    latencies = [seconds for user in users for seconds in user.latencies]
    failures = [path for user in users for path in user.failures]
    timings = Timings.of(latencies, errors=0, elapsed=elapsed)
    result = {
        "users": USERS,
        "seconds": elapsed,
        "requests": len(latencies),
        "errors": len(failures),
        "failed_paths": sorted(set(failures))[:20],
        "median": timings.median,
        "p95": timings.p95,
        "requests_per_second": timings.requests_per_second,
        "worker_rss_kib_start": memory_start,
        "worker_rss_kib_end": memory_end,
        "worker_rss_kib_every_minute": memory_samples,
        "worker_growth_second_half_mib": late_growth_mib(memory_samples),
        "workers_restarted": sorted(memory_start) != sorted(memory_end),
    }
    print(json.dumps(result, indent=2))
    growing = any(growth > MAX_LATE_GROWTH_MIB for growth in result["worker_growth_second_half_mib"].values())
    sys.exit(1 if failures or result["workers_restarted"] or growing else 0)


def late_growth_mib(samples: list[dict[int, int]]) -> dict[int, float]:
    """Each worker's memory growth over the soak's second half, in MiB.

    The first minutes fill caches (templates, translations, compiled queries); a leak keeps
    growing after them.
    """
    middle, end = samples[len(samples) // 2], samples[-1]
    return {pid: round((end[pid] - middle[pid]) / 1024, 1) for pid in end if pid in middle}


if __name__ == "__main__":
    drive() if "--drive" in sys.argv[1:] else main()
