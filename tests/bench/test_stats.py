"""The bench's arithmetic: percentiles, medians with their spread, the least-squares slope."""

import pytest

from migration_steps.bench.stats import least_squares_slope, percentile, summary


def test_percentile_interpolates_between_ranks() -> None:
    values = [4.0, 1.0, 3.0, 2.0, 5.0]
    assert percentile(values, 0.5) == 3.0
    assert percentile(values, 0.0) == 1.0
    assert percentile(values, 1.0) == 5.0
    assert percentile(values, 0.99) == pytest.approx(4.96)


def test_summary_reports_the_median_and_the_range_around_it() -> None:
    assert summary([10.0, 30.0, 20.0]) == {
        "median": 20.0,
        "min": 10.0,
        "max": 30.0,
        "repeats": 3,
        "spread": 1.0,
    }


def test_slope_of_points_on_a_line_is_exact() -> None:
    slope, intercept = least_squares_slope([10, 100, 1000], [1020.0, 1200.0, 3000.0])
    assert slope == pytest.approx(2.0)
    assert intercept == pytest.approx(1000.0)


def test_slope_needs_two_distinct_lengths() -> None:
    with pytest.raises(ValueError):
        least_squares_slope([10], [1.0])
    with pytest.raises(ValueError):
        least_squares_slope([10, 10], [1.0, 2.0])
