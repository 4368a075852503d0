"""Rich text for the UI: a report body with its numbers marked, values, times, decisions."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from assistant.app.tui.desk import Status
from assistant.app.tui.safe import clean, literal
from assistant.core.models import Claim, Decision, FlagClaim, Qualifier, Review
from assistant.io.output import fmt_value

# Every status differs by more than colour (reverse, underline, italic), so the
# marks stay apart in monochrome (NO_COLOR) and for colour-blind readers.
STATUS_STYLE = {
    Status.FLAGGED: "bold reverse red",
    Status.CONSISTENT: "bold underline green",
    Status.ALONE: "bold italic yellow",
    Status.PENDING: "bold",
    Status.UNCHECKED: "bold",
}
STATUS_MARK = {
    Status.FLAGGED: "✗",
    Status.CONSISTENT: "✓",
    Status.ALONE: "○",
    Status.PENDING: "…",
    Status.UNCHECKED: "·",
}
DECISION_STYLE = {
    Decision.CONFIRMED: "bold red",
    Decision.DISMISSED: "dim",
    Decision.VERIFIED: "bold green",
    Decision.DISPUTED: "bold magenta",
}
SELECTED_QUOTE = "underline"
BOILERPLATE = "dim italic"

_SIGN = {
    Qualifier.EXACT: "",
    Qualifier.APPROX: "~",
    Qualifier.AT_LEAST: "≥",
    Qualifier.MORE_THAN: ">",
    Qualifier.AT_MOST: "≤",
    Qualifier.LESS_THAN: "<",
}


def value_text(claim: Claim | FlagClaim) -> str:
    """'~4,900', '>2,100': the value with its qualifier."""
    return _SIGN[claim.qualifier] + fmt_value(float(claim.value))


def when(moment: datetime | None, *, seconds: bool = False) -> str:
    """A publish time as the wire gave it, to the minute: '2019-02-22 21:30'."""
    if moment is None:
        return "—"
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def number_span(body: str, claim: Claim) -> tuple[int, int]:
    """Where the number itself sits in the body (the quote when it cannot be found)."""
    start, end = claim.span
    at = body.find(claim.number_text, start, end) if claim.number_text else -1
    if at < 0:
        return start, end
    return at, at + len(claim.number_text)


def status_legend() -> Text:
    """One line saying what each mark means."""
    out = Text(end="")
    for status in (Status.FLAGGED, Status.CONSISTENT, Status.ALONE, Status.UNCHECKED):
        if out:
            out.append("  ")
        out.append(f"{STATUS_MARK[status]} 123", STATUS_STYLE[status])
        out.append(f" {status.value}")
    out.append("  ")
    out.append("boilerplate", BOILERPLATE)
    return out


def report_body(
    body: str,
    claims: list[Claim],
    status: dict[str, Status],
    boilerplate: list[tuple[int, int]],
    selected: str | None = None,
) -> Text:
    """The body as written (logical order, controls made visible), numbers marked by status."""
    text = Text(clean(body), end="")
    for start, end in boilerplate:
        text.stylize(BOILERPLATE, start, end)
    for claim in claims:
        if claim.id == selected:
            text.stylize(SELECTED_QUOTE, *claim.span)
        start, end = number_span(body, claim)
        text.stylize(STATUS_STYLE[status.get(claim.id, Status.PENDING)], start, end)
    return text


def decision_text(review: Review | None) -> Text:
    """'dismissed by ana', styled; empty when undecided."""
    if review is None:
        return Text("", end="")
    out = Text(review.decision.value, DECISION_STYLE[review.decision], end="")
    out.append(" by ")
    out.append_text(literal(review.reviewer))
    return out


def status_cell(status: Status) -> Text:
    """The mark and name of a status, for a table cell."""
    return Text(f"{STATUS_MARK[status]} {status.value}", STATUS_STYLE[status], end="")
