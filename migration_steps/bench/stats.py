"""Medians, percentiles, spread and a least-squares slope: the only arithmetic the bench does."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any


def percentile(values: Sequence[float], fraction: float) -> float:
    """The `fraction` quantile (0..1) by linear interpolation between the closest ranks."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(values: Sequence[float], digits: int = 1) -> dict[str, Any]:
    """Median of the repeats with their range: `spread` is (max - min) / median."""
    median = statistics.median(values)
    low, high = min(values), max(values)
    return {
        "median": round(median, digits),
        "min": round(low, digits),
        "max": round(high, digits),
        "repeats": len(values),
        "spread": round((high - low) / median, 3) if median else None,
    }


def least_squares_slope(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Slope and intercept of the line that best fits the points (ordinary least squares)."""
    if len(xs) != len(ys) or len(xs) < 2:
        raise ValueError("need at least two points")
    mean_x = statistics.fmean(xs)
    mean_y = statistics.fmean(ys)
    spread_x = sum((x - mean_x) ** 2 for x in xs)
    if spread_x == 0:
        raise ValueError("all x are equal")
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread_x
    return slope, mean_y - slope * mean_x
