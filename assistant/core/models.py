"""The domain model: reports, claims and flags, shared by every layer."""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer, model_validator


class Qualifier(StrEnum):
    """How a figure bounds the true value (the corpus vocabulary)."""

    EXACT = "exact"
    APPROX = "approx"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    LESS_THAN = "less_than"


class Scope(StrEnum):
    """Whether a count covers a stated period, a running total or a state at one time."""

    WINDOW = "window"
    CUMULATIVE = "cumulative"
    SNAPSHOT = "snapshot"


class Metric(StrEnum):
    """What kind of quantity a claim measures (the corpus vocabulary)."""

    DISPLACED = "displaced"
    KILLED = "killed"
    INJURED = "injured"
    DETAINED = "detained"
    SURRENDERED = "surrendered"
    AREA_HELD = "area_held"
    CAMP_POPULATION = "camp_population"
    VEHICLES = "vehicles"
    MISSING = "missing"
    OTHER = "other"


# The period of a count whose scope the text does not state: such a count is shown as a
# tally so far, but the checks never put it in a running-total series.
UNSTATED_PERIOD = "not stated"
# A count since an event the text names but the rules could neither date nor quote (a pack
# without `quote_event`): which event is unknown, so no two such starts are known to match.
UNNAMED_EVENT_PERIOD = "since a stated event"

PublishedFrom = Literal["file", "option", "mtime", "now", "unknown"]
MetaValue = str | int | float | bool | None


class Report(BaseModel):
    """One wire or article as read from an input, body kept verbatim."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="The wire's own id, or a content hash when it has none.")
    outlet: str | None = None
    published: datetime | None = None
    published_from: PublishedFrom = Field(
        "unknown", description="Where the publish time came from: the file, --published, mtime."
    )
    language: str = Field(description="BCP 47 code: ar, en, fr, tr, ...")
    language_detected: bool = False
    title: str = ""
    body: str
    origin: str = Field("", description="Where the report came from: path[:line] or '-'.")
    # Fields a feed carries beyond the wire schema (url, url_hash, provider, ...): kept for
    # exports, never part of what the report says, so not in its content hash.
    meta: dict[str, MetaValue] = Field(default_factory=dict)

    def __hash__(self) -> int:
        # `meta` is a dict, which pydantic's frozen hash cannot take; what the report
        # says and where it came from identify it.
        return hash((self.id, self.content_hash, self.published, self.origin))

    @property
    def content_hash(self) -> str:
        """A stable hash of what the report says, for idempotent storage."""
        h = hashlib.sha256()
        for part in (self.outlet or "", self.title, self.body):
            h.update(part.encode("utf-8"))
            h.update(b"\x1f")
        return h.hexdigest()


class Claim(BaseModel):
    """One numeric claim, anchored to an exact quote of its report's body."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="'<report>-c<n>' in order of appearance.")
    report: str = Field(description="The id of the report the claim comes from.")
    quote: str = Field(description="Exact substring of the report body holding number and noun.")
    span: tuple[int, int] = Field(description="[start, end) of the quote in the body.")
    number_text: str = Field(description="The number exactly as written.")
    value: int | float
    low: int | float | None = Field(None, description="Lower bound the qualifier allows.")
    high: int | float | None = Field(None, description="Upper bound the qualifier allows.")
    qualifier: Qualifier = Qualifier.EXACT
    unit: str = "people"
    metric: Metric = Metric.OTHER
    counts: str = Field("", description="What is counted, a short English phrase.")
    scope: Scope = Scope.SNAPSHOT
    period: str = Field("as of publication", description="The period as stated, in English.")
    period_start: datetime | None = None
    period_end: datetime | None = None
    location: str | None = None
    location_sure: bool = Field(
        True,
        description="False when no sentence or headline says where: the place is the one the "
        "report names most among several, and the figure is never compared with another "
        "report's as if it were that place's.",
    )
    source: str | None = Field(None, description="Canonical English name, None = outlet's voice.")
    source_text: str | None = Field(None, description="The source as written in the report.")
    part_of: str | None = Field(None, description="Id of the claim this one is a part of.")
    complete_breakdown: bool = Field(
        False, description="A part of a breakdown the report presents as complete ('namely')."
    )
    projection: bool = Field(
        False,
        description="A forecast, feared or possible figure ('could exceed', 'feared dead'): "
        "never a running total, never in a conflict.",
    )
    extractor: str = "rules"

    @field_serializer("value", "low", "high")
    def _whole_as_int(self, v: int | float | None) -> int | float | None:
        # 4900.0 reads as a float in JSON; fact-checkers and scorers expect 4900.
        if isinstance(v, float) and v.is_integer():
            return int(v)
        return v


class FlagKind(StrEnum):
    """The kinds of numeric inconsistency the checks raise."""

    CONFLICT = "conflict"
    CUMULATIVE_DECREASE = "cumulative_decrease"
    DELTA_MISMATCH = "delta_mismatch"
    PART_EXCEEDS_WHOLE = "part_exceeds_whole"
    SUM_MISMATCH = "sum_mismatch"
    SOURCE_DISAGREEMENT = "source_disagreement"


Severity = Literal["error", "warning", "info"]


class FlagClaim(BaseModel):
    """A claim as shown inside a flag: enough to judge it without the store."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    report: str
    id: str
    value: int | float
    qualifier: Qualifier = Qualifier.EXACT
    quote: str
    source: str | None = None
    published: datetime | None = None

    @field_serializer("value")
    def _whole_as_int(self, v: int | float) -> int | float:
        return int(v) if isinstance(v, float) and v.is_integer() else v


class Flag(BaseModel):
    """One numeric inconsistency between claims, explained in one sentence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="Stable hash of kind and claim ids: a flag is raised once.")
    kind: FlagKind
    claims: list[FlagClaim]
    explanation: str
    severity: Severity = "error"

    @staticmethod
    def make_id(kind: FlagKind, claim_ids: list[str]) -> str:
        """The same kind over the same claims is the same flag, whatever the order."""
        key = kind.value + "|" + "|".join(sorted(claim_ids))
        return "f-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


class Decision(StrEnum):
    """A reviewer's verdict: flags are confirmed or dismissed, claims verified or disputed."""

    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    VERIFIED = "verified"
    DISPUTED = "disputed"


TargetKind = Literal["flag", "claim"]

# Which decisions apply to which kind of target.
DECISIONS: dict[TargetKind, tuple[Decision, ...]] = {
    "flag": (Decision.CONFIRMED, Decision.DISMISSED),
    "claim": (Decision.VERIFIED, Decision.DISPUTED),
}


class Review(BaseModel):
    """One reviewer's decision on a flag or a claim; every decision is kept."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    target: str = Field(description="A flag id ('f-...') or a claim id ('<report>-c<n>').")
    target_kind: TargetKind
    decision: Decision
    note: str = ""
    reviewer: str = Field(min_length=1)
    at: datetime = Field(description="When the decision was made (timezone-aware).")

    @model_validator(mode="after")
    def _decision_fits_target(self) -> Review:
        if self.decision not in DECISIONS[self.target_kind]:
            allowed = " or ".join(DECISIONS[self.target_kind])
            raise ValueError(f"a {self.target_kind} is {allowed}, not {self.decision.value}")
        if not self.target.strip():
            raise ValueError("the review has no target")
        if self.at.tzinfo is None:
            # A naive time is ambiguous across desks; wires and the store speak UTC.
            raise ValueError("the review time needs a timezone")
        return self

    @property
    def id(self) -> str:
        """The same reviewer deciding on the same target at the same moment is one record."""
        key = f"{self.target}|{self.at.isoformat()}|{self.reviewer}"
        return "r-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def target_kind_of(target: str) -> TargetKind:
    """A flag id starts with 'f-'; anything else names a claim."""
    return "flag" if target.startswith("f-") else "claim"


# Claim ids: '<report>-c<n>', n counting from 1 in order of appearance. The report id may
# itself hold '-c' ('sitrep-c2-b'): the number is what follows the last one.
_CLAIM_MARK = "-c"


def claim_id(report: str, n: int) -> str:
    """The id of a report's n-th claim (from 1)."""
    return f"{report}{_CLAIM_MARK}{n}"


def parse_claim_id(cid: str) -> tuple[str, int]:
    """'<report>-c<n>' -> (report, n); ValueError when it is no claim id."""
    report, mark, n = cid.rpartition(_CLAIM_MARK)
    if not mark or not report or not n.isascii() or not n.isdigit() or int(n) < 1:
        raise ValueError(f"not a claim id ('<report>-c<n>'): {cid!r}")
    return report, int(n)
