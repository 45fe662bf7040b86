import pytest

from benchmarks.report import api_csv_table, derive, misses, transfer_table


def _page(key, kind, p95, *, model="", queries=8, errors=0):
    return {"key": key, "kind": kind, "model": model, "p95": p95, "queries": queries, "errors": errors}


def _results():
    def scale(list_p95, admin_p95, queries):
        return {
            "pages": [
                _page("floor (B0)", "floor", 0.01),
                _page("dashboard", "dashboard", 0.25),
                _page("memberships: list", "list", list_p95, model="networks.membership", queries=queries),
                _page("memberships: admin", "admin", admin_p95, model="networks.membership"),
            ],
            "export": {"seconds": 2.0, "copy_seconds": 0.4},
        }

    return {"scales": {"1": scale(0.1, 0.2, 8), "100": scale(0.2, 0.25, 12)}}


def test_derive_gives_each_page_its_ratios():
    results = derive(_results())
    small = {page["key"]: page for page in results["scales"]["1"]["pages"]}
    large = {page["key"]: page for page in results["scales"]["100"]["pages"]}
    assert large["memberships: list"]["to_floor"] == pytest.approx(20)
    assert large["memberships: list"]["to_admin"] == pytest.approx(0.8)
    assert large["memberships: list"]["scaling"] == pytest.approx(2)
    assert small["memberships: list"]["scaling"] is None
    assert large["dashboard"]["to_admin"] is None
    assert results["scales"]["100"]["export"]["to_copy"] == pytest.approx(5)


def test_misses_name_each_goal_a_page_fails():
    large = {page["key"]: page for page in derive(_results())["scales"]["100"]["pages"]}
    assert misses(large["memberships: list"]) == ["queries", "B0", "admin", "scaling"]
    # The dashboard may take 20 times the floor (it is 25 here) but is not held to an admin page.
    assert misses(large["dashboard"]) == ["B0"]
    assert misses(large["floor (B0)"]) == []


def test_an_export_measured_alone_at_its_own_scale_is_reported_after_the_others():
    results = _results()
    export = {"rows": 50_100, "seconds": 1.5, "copy_seconds": 0.5, "first_byte_seconds": 0.01}
    export |= {"memory_growth_kib": 2048, "peak_rss_kib": 110_000, "xlsx_seconds": 7.0}
    for scale in results["scales"].values():
        scale["export"] |= {key: value for key, value in export.items() if key not in scale["export"]}
    results["export_only"] = {"167": {"scale": 167.0, "export": export}}

    derived = derive(results)

    assert derived["export_only"]["167"]["export"]["to_copy"] == pytest.approx(3)
    rows = transfer_table(derived)[2:]
    assert [row.split("|")[1].strip() for row in rows] == ["1", "100", "167"]
    assert "| 50100 | 1.50 | 0.500 | 3.0 |" in rows[2]


def test_an_api_page_is_held_to_five_times_b0_and_its_csv_to_three_times_copy():
    results = _results()
    for scale in results["scales"].values():
        scale["pages"].append(
            _page("api networks/memberships: 100 rows", "api", 0.06, model="networks.membership")
        )
        scale["export"] |= {
            "rows": 30_000,
            "api_csv": {"status": [200, 200], "seconds": 1.6, "memory_growth_kib": 20_480},
        }

    derived = derive(results)

    large = {page["key"]: page for page in derived["scales"]["100"]["pages"]}
    assert misses(large["api networks/memberships: 100 rows"]) == ["B0"]  # 6 times the floor
    assert derived["scales"]["100"]["export"]["api_csv"]["to_copy"] == pytest.approx(4)
    rows = api_csv_table(derived)[2:]
    assert [row.split("|")[1].strip() for row in rows] == ["1", "100"]
    assert rows[1].endswith("| 4.0 | 20.0 | COPY, memory |")
