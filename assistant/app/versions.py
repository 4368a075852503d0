"""Corrected re-issues: a wire whose id is stored with another text is kept as a new version.

The wire's own id stays with its first text; a correction is stored as `<id>~v2`, the next
as `<id>~v3`, each with its own claims and checks, and `meta` names the id and the version.
"""

from __future__ import annotations

from assistant.core.models import Flag, Report

# Joins a wire's id and the version number of a corrected re-issue: "a1~v2".
VERSION_MARK = "~v"


def version_id(report_id: str, version: int) -> str:
    """The id a corrected re-issue is stored under: `<id>~v<version>` (version 2 and up)."""
    return f"{report_id}{VERSION_MARK}{version}"


def as_version(report: Report, new_id: str, version: int) -> Report:
    """The re-issued report under its version id; the wire's own id kept in `meta`."""
    meta = {**report.meta, "version_of": report.id, "version": version}
    return report.model_copy(update={"id": new_id, "meta": meta})


def wire_of(report_id: str) -> str:
    """The wire's own id of a report id: `a1~v2` -> `a1` (input ids never end in `~v<n>`)."""
    head, mark, tail = report_id.rpartition(VERSION_MARK)
    return head if mark and head and tail.isascii() and tail.isdigit() else report_id


def next_version_id(report_id: str) -> str:
    """The id the next correction of this report would be stored under."""
    wire = wire_of(report_id)
    version = 1 if wire == report_id else int(report_id.rpartition(VERSION_MARK)[2])
    return version_id(wire, version + 1)


def is_version_id(report_id: str) -> bool:
    """Whether an id has the form a corrected re-issue is stored under (reserved)."""
    return wire_of(report_id) != report_id


def between_versions(flag: Flag) -> bool:
    """Whether a flag pits two versions of one wire against each other."""
    reports = {c.report for c in flag.claims}
    return len({wire_of(r) for r in reports}) < len(reports)


def reissue_note(report: Report) -> str:
    """What a desk is told about a corrected re-issue, on stderr and in the outcome log."""
    return (
        f"id {report.meta.get('version_of')!r} is already stored with a different text: "
        f"a corrected re-issue, stored as {report.id!r} with its own claims and checks"
    )
