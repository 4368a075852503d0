"""How far a qualified figure reaches: the interval of true values it allows."""

from __future__ import annotations

import math
from dataclasses import dataclass

from assistant.models import Qualifier


@dataclass(frozen=True)
class Tolerances:
    """Named settings for how qualifiers widen a figure (documented in the README)."""

    # "about 500" is given to the hundred: it holds anything within half that step...
    approx_step_fraction: float = 0.5
    # ...and never less than this share of the figure ("about 6,040" still allows ±5%).
    approx_min_relative: float = 0.05
    # An exact figure from a wire is still a reported count: allow this relative slack.
    exact_relative: float = 0.0
    # Delta checks: a window count may differ from the rise of a running total by this much.
    delta_relative: float = 0.1


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
    """The [low, high] interval a qualified figure allows (inf for open ends)."""
    if qualifier == Qualifier.APPROX:
        reach = max(
            rounding_step(value) * tol.approx_step_fraction, abs(value) * tol.approx_min_relative
        )
        return value - reach, value + reach
    if qualifier == Qualifier.AT_LEAST:
        return value, math.inf
    if qualifier == Qualifier.MORE_THAN:
        return value, math.inf
    if qualifier == Qualifier.AT_MOST:
        return 0.0, value
    if qualifier == Qualifier.LESS_THAN:
        return 0.0, value
    slack = abs(value) * tol.exact_relative
    return value - slack, value + slack
