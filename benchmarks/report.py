"""The benchmark's results: ratios to the floors, the goals they are held to, and the table."""

from .stats import ratio

# The goals of the performance issue, at the largest scale.
MAX_QUERIES = 10
MAX_LIST_TO_FLOOR = 15
MAX_DASHBOARD_TO_FLOOR = 20
MAX_TO_ADMIN = 0.6
MAX_SCALING = 1.3
MAX_EXPORT_TO_COPY = 4
MAX_EXPORT_FIRST_BYTE = 1.0
MAX_EXPORT_GROWTH_KIB = 10 * 1024
MAX_IMPORT_TO_BULK_CREATE = 3
# The API's goals: a page of 100 rows within 5 times B0; the whole list as CSV within 3 times COPY.
MAX_API_TO_FLOOR = 5
MAX_API_CSV_TO_COPY = 3

HELD_TO_FLOOR = {"list", "filter", "sort", "last page", "detail", "history", "dashboard", "api"}
HELD_TO_ADMIN = {"list", "filter", "sort", "last page", "detail", "history"}


def _floor_p95(scale_results: dict) -> float | None:
    return next((page["p95"] for page in scale_results["pages"] if page["kind"] == "floor"), None)


def derive(results: dict) -> dict:
    """Adds to each page its ratios: to B0, to its model's admin changelist, and largest to smallest scale."""
    scales = sorted(results["scales"], key=float)
    smallest = {page["key"]: page for page in results["scales"][scales[0]]["pages"]}
    for scale in scales:
        scale_results = results["scales"][scale]
        floor = _floor_p95(scale_results)
        admin = {page["model"]: page["p95"] for page in scale_results["pages"] if page["kind"] == "admin"}
        for page in scale_results["pages"]:
            page["to_floor"] = ratio(page["p95"], floor)
            page["to_admin"] = (
                ratio(page["p95"], admin.get(page["model"])) if page["kind"] in HELD_TO_ADMIN else None
            )
            small = smallest.get(page["key"])
            page["scaling"] = ratio(page["p95"], small["p95"]) if small and scale != scales[0] else None
        imported = scale_results.get("import")
        if imported:
            imported["to_bulk_create"] = ratio(imported["import_seconds"], imported["bulk_create_seconds"])
    for scale_results in exports_by_scale(results).values():
        export = scale_results["export"]
        export["to_copy"] = ratio(export["seconds"], export["copy_seconds"])
        if "api_csv" in export:
            export["api_csv"]["to_copy"] = ratio(export["api_csv"]["seconds"], export["copy_seconds"])
    return results


def exports_by_scale(results: dict) -> dict[str, dict]:
    """Every scale whose export was measured, with or without its pages, smallest first."""
    measured = {**results["scales"], **results.get("export_only", {})}
    return {scale: measured[scale] for scale in sorted(measured, key=float) if measured[scale].get("export")}


def misses(page: dict) -> list[str]:
    """The goals a page (at the largest scale) does not meet."""
    found = []
    if page["errors"]:
        found.append("errors")
    if page["queries"] < 0 or page["queries"] > MAX_QUERIES:
        found.append("queries")
    limit = {"dashboard": MAX_DASHBOARD_TO_FLOOR, "api": MAX_API_TO_FLOOR}.get(
        page["kind"], MAX_LIST_TO_FLOOR
    )
    if page["kind"] in HELD_TO_FLOOR and page["to_floor"] is not None and page["to_floor"] > limit:
        found.append("B0")
    if page["to_admin"] is not None and page["to_admin"] > MAX_TO_ADMIN:
        found.append("admin")
    if page["scaling"] is not None and page["scaling"] > MAX_SCALING:
        found.append("scaling")
    return found


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f}"


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def page_table(results: dict) -> list[str]:
    scales = sorted(results["scales"], key=float)
    small, large = scales[0], scales[-1]
    small_pages = {page["key"]: page for page in results["scales"][small]["pages"]}
    lines = [
        f"| page | p95 ms @{small} | median ms @{large} | p95 ms @{large} | req/s | x B0 | x admin "
        f"| x scale | queries @{small}/@{large} | errors | misses |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in results["scales"][large]["pages"]:
        before = small_pages.get(page["key"], {})
        rps = page["requests_per_second"]
        lines.append(
            f"| {page['key']} | {_ms(before.get('p95'))} | {_ms(page['median'])} | {_ms(page['p95'])} "
            f"| {'-' if rps is None else f'{rps:.1f}'} | {_x(page['to_floor'])} | {_x(page['to_admin'])} "
            f"| {_x(page['scaling'])} | {before.get('queries', '-')}/{page['queries']} | {page['errors']} "
            f"| {', '.join(misses(page))} |"
        )
    return lines


def transfer_table(results: dict) -> list[str]:
    lines = [
        "| scale | CSV export rows | export s | COPY s | x COPY | first byte s | worker growth MB "
        "| worker peak MB | XLSX s | import rows | import s | bulk_create s | x bulk_create "
        "| import growth MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scale, scale_results in exports_by_scale(results).items():
        export = scale_results["export"]
        imported = scale_results.get("import")
        import_cells = (
            f"{imported['rows']} | {imported['import_seconds']:.1f} | {imported['bulk_create_seconds']:.2f} "
            f"| {_x(imported['to_bulk_create'])} | {imported['import_memory_growth_kib'] / 1024:.0f}"
            if imported
            else "- | - | - | - | -"
        )
        lines.append(
            f"| {scale} | {export['rows']} | {export['seconds']:.2f} | {export['copy_seconds']:.3f} "
            f"| {_x(export['to_copy'])} | {export['first_byte_seconds']:.2f} "
            f"| {export['memory_growth_kib'] / 1024:.1f} | {export['peak_rss_kib'] / 1024:.0f} "
            f"| {export['xlsx_seconds']:.1f} | {import_cells} |"
        )
    return lines


def api_csv_table(results: dict) -> list[str]:
    """The whole list as CSV from the API, against the same COPY as the portal's export."""
    lines = [
        "| scale | API CSV rows | API CSV s | COPY s | x COPY | worker growth MB | misses |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for scale, scale_results in exports_by_scale(results).items():
        export = scale_results["export"]
        api = export.get("api_csv")
        if not api:
            continue
        missed = [
            goal
            for goal, failed in (
                ("errors", any(status != 200 for status in api["status"])),
                ("COPY", api["to_copy"] is not None and api["to_copy"] > MAX_API_CSV_TO_COPY),
                ("memory", api["memory_growth_kib"] > MAX_EXPORT_GROWTH_KIB),
            )
            if failed
        ]
        lines.append(
            f"| {scale} | {export['rows']} | {api['seconds']:.2f} | {export['copy_seconds']:.3f} "
            f"| {_x(api['to_copy'])} | {api['memory_growth_kib'] / 1024:.1f} | {', '.join(missed)} |"
        )
    return lines


def notification_table(results: dict) -> list[str]:
    lines = [
        "| scale | followers | dispatch queries | dispatch s | digests | record queries | record s "
        "| send s | per digest ms |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scale, scale_results in results["scales"].items():
        figures = scale_results.get("notifications")
        if not figures:
            continue
        followers = " / ".join(str(count) for count in figures["followers"])
        queries = " / ".join(str(count) for count in figures["dispatch_queries"])
        seconds = " / ".join(f"{value:.3f}" for value in figures["dispatch_seconds"])
        per_digest = 1000 * figures["send_seconds"] / max(figures["sent"], 1)
        lines.append(
            f"| {scale} | {followers} | {queries} | {seconds} | {figures['digest_people']} "
            f"| {figures['record_digests_queries']} | {figures['record_digests_seconds']:.2f} "
            f"| {figures['send_seconds']:.1f} | {per_digest:.1f} |"
        )
    return lines
