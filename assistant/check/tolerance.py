"""How far a qualified figure reaches: the interval of true values it allows."""

from __future__ import annotations

import math
from dataclasses import dataclass

from assistant.core.models import Qualifier


@dataclass(frozen=True)
class Tolerances:
    """Named settings for how far figures may differ and still agree (README: Tolerances)."""

    # "about N" reaches one rounding step of N ("about 72,000" holds 72,842; "about 6,040"
    # does not hold 5,640)...
    approx_steps: float = 1.0
    # ...but never more than this share of N ("about 40,000" does not hold 49,050).
    approx_max_relative: float = 0.10
    # Delta checks: a window count may differ from the rise of a running total by this
    # share of the rise (on top of what its qualifiers allow).
    delta_relative: float = 0.10
    # Reports this close in time speak of the same moment (snapshots, running totals).
    same_time_hours: float = 12.0
    # Two windows whose starts and ends are this close are the same window ("on Friday" in
    # two reports published a few hours apart).
    same_window_hours: float = 3.0
    # Delta checks: a window matches the gap between two running totals this loosely.
    delta_slack_hours: float = 6.0
    # Two figures for one running total this close in time are two answers to one question
    # (further apart, a higher one is simply a later count).
    same_moment_hours: float = 1.0
    # Running totals of one series count from the same start if their starts are this close.
    same_start_days: float = 3.0
    # Slack when testing that one period lies inside another.
    nesting_slack_hours: float = 1.0
    # A running total with no stated start that no report gave for this long is another
    # event's: figures further apart are not one series.
    series_gap_days: float = 10.0
    # Two figures this many times apart count different things: no conflict is raised.
    max_disagreement_ratio: float = 10.0


DEFAULT = Tolerances()


def rounding_step(value: float) -> float:
    """The power of ten a figure is given to: 4900 -> 100, 6040 -> 10, 0.5 -> 0.1."""
    if value == 0:
        return 1.0
    if not float(value).is_integer():
        decimals = len(repr(float(value)).split(".")[1].rstrip("0")) or 1
        return 10.0 ** (-decimals)
    v = int(abs(value))
    step = 1
    while v % (step * 10) == 0 and step * 10 <= v:
        step *= 10
    return float(step)


def bounds(value: float, qualifier: Qualifier, tol: Tolerances = DEFAULT) -> tuple[float, float]:
    """The [low, high] interval a qualified figure allows (inf for an open end)."""
    if qualifier == Qualifier.APPROX:
        reach = min(rounding_step(value) * tol.approx_steps, abs(value) * tol.approx_max_relative)
        return value - reach, value + reach
    if qualifier in (Qualifier.AT_LEAST, Qualifier.MORE_THAN):
        return value, math.inf
    if qualifier in (Qualifier.AT_MOST, Qualifier.LESS_THAN):
        return 0.0, value
    return value, value
