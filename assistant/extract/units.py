"""What the units the packs name are: people and which groups of them, areas, vehicles.

The packs map words to units ("امرأة" -> women); this module knows what a unit is, the same
in every language: a group of people is its own quantity, and a part of any larger group
of people (women among the dead, medics among the civilians).
"""

from __future__ import annotations

# Groups of people a text may count. `people` counts people without naming a group.
PERSON_GROUPS = frozenset(
    """people children women civilians fighters soldiers police medics rescuers journalists
    migrants refugees relatives crew workers miners fishermen passengers pupils patients
    pilgrims prisoners hostages protesters tourists personnel bodies""".split()
) | {"aid workers"}
# Wholes that may hold parts of another group: a toll of people holds its women and
# children; civilians hold them too, and the medics and journalists among them.
_CIVILIAN_PARTS = frozenset(
    """children women medics aid workers rescuers journalists workers pupils patients
    passengers pilgrims fishermen miners relatives tourists protesters""".split()
) | {"aid workers"}
CONTAINS: dict[str, frozenset[str]] = {
    "people": PERSON_GROUPS,
    "bodies": PERSON_GROUPS,
    "civilians": _CIVILIAN_PARTS | {"civilians"},
    "migrants": frozenset({"children", "women", "migrants"}),
    "refugees": frozenset({"children", "women", "refugees"}),
    "passengers": frozenset({"children", "women", "passengers"}),
    "workers": frozenset({"women", "workers", "children"}),
    "soldiers": frozenset({"soldiers"}),
    "fighters": frozenset({"fighters", "children"}),
}
AREA_UNITS = frozenset({"km2", "m2", "hectares"})
# Measures, not tallies: a magnitude, a distance, a sum, a flow is what it is when said
# (litres handed out, tonnes delivered and hectares burned add up: they are tallies).
MEASURE_UNITS = frozenset(
    """magnitude km miles mm inches metres km/h mph cusecs percent money
    category""".split()
) | {"nautical miles", "cubic metres"}
VEHICLE_UNITS = frozenset({"trucks", "buses", "vehicles"})


def is_people(unit: str) -> bool:
    """A count of people (of any group)."""
    return unit in PERSON_GROUPS


def may_contain(whole: str, part: str) -> bool:
    """Whether a count of `part` can be a part of a count of `whole`."""
    return part == whole or part in CONTAINS.get(whole, frozenset())
