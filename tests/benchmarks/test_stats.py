import pytest

from benchmarks.stats import Timings, percentile, ratio


def test_percentile_interpolates_between_ranks():
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(values, 0.5) == 3.0
    assert percentile(values, 0.95) == pytest.approx(4.8)
    assert percentile(values, 0) == 1.0
    assert percentile(values, 1) == 5.0


def test_percentile_of_one_value_is_that_value():
    assert percentile([0.25], 0.95) == 0.25


@pytest.mark.parametrize(("values", "fraction"), [([], 0.5), ([1.0], 1.5), ([1.0], -0.1)])
def test_percentile_refuses_what_has_none(values, fraction):
    with pytest.raises(ValueError):
        percentile(values, fraction)


def test_ratio_to_a_floor():
    assert ratio(0.3, 0.02) == pytest.approx(15)
    assert ratio(None, 0.02) is None
    assert ratio(0.3, None) is None
    assert ratio(0.3, 0) is None


def test_timings_count_errors_and_rate_over_the_wall_time():
    timings = Timings.of([0.1, 0.2, 0.3, 0.4], errors=1, elapsed=2.0)
    assert timings.requests == 5
    assert timings.errors == 1
    assert timings.median == pytest.approx(0.25)
    assert timings.requests_per_second == pytest.approx(2.0)


def test_timings_of_only_errors_have_no_latency():
    timings = Timings.of([], errors=3)
    assert (timings.requests, timings.errors, timings.median, timings.p95) == (3, 3, None, None)
