"""One scale's measurements, in a process whose environment names that scale's database.

    python -m benchmarks.measure <scale> <output.json> [--import | --export-only]

Counts each page's queries with Django's test client, then starts gunicorn and drives it over
loopback: the pages, the CSV export against COPY, and the import against bulk_create.
"""

import json
import os
import secrets
import signal
import statistics
import sys
import time
from pathlib import Path

import django

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
EXPORT_RUNS = int(os.environ.get("BENCH_EXPORT_RUNS", "2"))
IMPORT_RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", "3"))
EXPORT_LIST = "partnerships:partnership-list"
"""The longest list: its CSV export is the one measured against COPY."""
USERNAME = "benchmark"


def stop_cleanly_when_terminated() -> None:
    """SIGTERM unwinds like an exception, so that the gunicorn this process started stops too."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("Terminated"))


def bench_user(password: str):
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username=USERNAME, defaults={"first_name": "Bench", "last_name": "Mark", "email": "bench@example.com"}
    )
    user.is_staff = user.is_superuser = user.is_active = True
    user.set_password(password)
    user.save()
    return user


def count_queries(user, pages) -> dict[str, int]:
    """Queries per page (the session and the user included), with the test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT_LANGUAGE="fi")
    client.force_login(user)
    counts = {}
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
            if response.streaming:
                b"".join(response.streaming_content)
        counts[page.key] = len(queries) if response.status_code == 200 else -response.status_code
    return counts


def export_queryset():
    from django.urls import resolve, reverse

    from helsinki_intl.records.export.columns import list_exports

    view_class = resolve(reverse(EXPORT_LIST)).func.view_class
    model = view_class.model
    filterset = view_class.filterset_class(data={}, queryset=model.objects.for_list())
    export = list_exports.export(list_exports.name_for_model(model), filterset.qs, personal_data=True)
    return export.resource.prepare(export.queryset)


def measure_export(client, server_pid: int) -> dict:
    from django.urls import reverse

    from .floors import copy_csv
    from .memory import PeakSampler, children

    path = f"{reverse(EXPORT_LIST)}?export=csv"
    client.download(f"{reverse(EXPORT_LIST)}?export=csv&q=zzzz-no-such-row")  # warm the code path
    runs = []
    for _ in range(EXPORT_RUNS):
        with PeakSampler(children(server_pid)) as sampler:
            download = client.download(path)
        runs.append((download, sampler.growth_kib(), sampler.peak()))
    copies = [copy_csv(export_queryset()) for _ in range(EXPORT_RUNS)]
    api_path = f"{api_list_path()}?format=csv"
    client.download(api_path)  # warm the code path
    api_runs = []
    for _ in range(EXPORT_RUNS):
        with PeakSampler(children(server_pid)) as sampler:
            download = client.download(api_path)
        api_runs.append((download, sampler.growth_kib()))
    started = time.perf_counter()
    xlsx = client.download(f"{reverse(EXPORT_LIST)}?export=xlsx")
    xlsx_seconds = time.perf_counter() - started
    return {
        "path": path,
        "rows": copies[0][2],
        "status": [download.status for download, _, _ in runs],
        "bytes": runs[0][0].size,
        "seconds": statistics.median(download.total for download, _, _ in runs),
        "first_byte_seconds": statistics.median(download.first_byte for download, _, _ in runs),
        "memory_growth_kib": max(growth for _, growth, _ in runs),
        "peak_rss_kib": max(peak for _, _, peak in runs),
        "copy_seconds": statistics.median(seconds for seconds, _, _ in copies),
        "copy_bytes": copies[0][1],
        "xlsx_seconds": xlsx_seconds,
        "xlsx_status": xlsx.status,
        "api_csv": {
            "path": api_path,
            "status": [download.status for download, _ in api_runs],
            "bytes": api_runs[0][0].size,
            "seconds": statistics.median(download.total for download, _ in api_runs),
            "memory_growth_kib": max(growth for _, growth in api_runs),
        },
    }


def api_list_path() -> str:
    """The API's path of the list whose export is measured: the whole list as CSV from one URL."""
    from django.urls import resolve, reverse

    from helsinki_intl.api.endpoints import endpoints

    view_class = resolve(reverse(EXPORT_LIST)).func.view_class
    endpoint = next(endpoint for endpoint in endpoints() if endpoint.list_view is view_class)
    return f"/api/v1/{endpoint.path}/"


def main(scale: str, output: Path, *, with_import: bool, export_only: bool = False) -> None:
    stop_cleanly_when_terminated()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helsinki_intl.settings")
    django.setup()
    from django.conf import settings

    from .client import Client
    from .floors import ImportRows, measure_import
    from .notifications import measure_notifications
    from .pages import all_pages
    from .server import WORKERS, Gunicorn

    if not settings.BENCHMARK_MODE or settings.DEBUG:
        sys.exit("The benchmark runs with BENCHMARK_MODE on and DEBUG off.")
    password = secrets.token_urlsafe(16)
    user = bench_user(password)
    if export_only:
        with Gunicorn(dict(os.environ), log_path=output.with_suffix(".gunicorn.log")) as server:
            client = Client("127.0.0.1", server.port)
            client.sign_in(USERNAME, password)
            print(f"  scale {scale}: CSV export against COPY", flush=True)
            results = {"scale": float(scale), "export": measure_export(client, server.pid)}
            client.close()
        output.write_text(json.dumps(results, indent=2))
        return
    pages = all_pages()
    print(f"  scale {scale}: {len(pages)} pages; counting queries", flush=True)
    queries = count_queries(user, pages)
    # B0 is timed first and again last; the lower p95 is the floor, so that a burst of other
    # work on the machine while it is timed does not lower every page's ratio.
    results = {"scale": float(scale), "workers": WORKERS, "requests_per_page": REQUESTS, "warmup": WARMUP}
    log_path = output.with_suffix(".gunicorn.log")
    with Gunicorn(dict(os.environ), log_path=log_path) as server:
        client = Client("127.0.0.1", server.port)
        client.sign_in(USERNAME, password)
        print(f"  scale {scale}: timing pages ({WARMUP} warm-up + {REQUESTS} requests each)", flush=True)
        results["pages"] = []
        for page in pages:
            # Each worker answers a few requests before the first page is timed.
            warmup = WARMUP + (2 * WORKERS if page is pages[0] else 0)
            timings = client.measure(page.path, warmup=warmup, requests=REQUESTS)
            results["pages"].append({**page.as_dict(), **timings.as_dict(), "queries": queries[page.key]})
        floor = results["pages"][0]
        again = client.measure(floor["path"], warmup=WARMUP, requests=REQUESTS)
        floor["p95_first_and_last"] = [floor["p95"], again.p95]
        if again.p95 is not None and (floor["p95"] is None or again.p95 < floor["p95"]):
            floor.update(again.as_dict())
        print(f"  scale {scale}: CSV export against COPY", flush=True)
        results["export"] = measure_export(client, server.pid)
        client.close()
    if with_import:
        print(f"  scale {scale}: import against bulk_create", flush=True)
        results["import"] = measure_import(user, ImportRows.make(), runs=IMPORT_RUNS).__dict__
        print(f"  scale {scale}: notifications: 1,000 followers, 10,000 digests", flush=True)
        results["notifications"] = measure_notifications().__dict__
    output.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main(
        sys.argv[1],
        Path(sys.argv[2]),
        with_import="--import" in sys.argv[3:],
        export_only="--export-only" in sys.argv[3:],
    )
