"""JSON and JSON-lines inputs: one wire object a file, or one a line."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from assistant.core.errors import InputError
from assistant.core.models import MetaValue, Report
from assistant.io.ids import BadId, id_problem
from assistant.io.source import (
    LANGUAGE_TAG,
    Options,
    Problem,
    Source,
    build_report,
    normalise_text,
    parse_datetime,
    quote,
)


def _json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


class Wire(BaseModel):
    """One wire object as it appears in .json and .jsonl inputs."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    language: str | None = None
    title: str | None = None
    body: str
    url: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _iso_datetime(cls, value: object) -> datetime | None:
        # Lax pydantic would take a bare number as a Unix time; wires say ISO 8601.
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError(f"must be an ISO 8601 string, not {_json_type(value)}")
        parsed = parse_datetime(value)
        if parsed is None:
            raise ValueError(f"is not an ISO 8601 date-time: {quote(value)}")
        return parsed

    @field_validator("language")
    @classmethod
    def _language_tag(cls, value: str | None) -> str | None:
        if value is not None and not LANGUAGE_TAG.fullmatch(value):
            raise ValueError(f"is not a BCP 47 language tag: {quote(value)}")
        return value

    @field_validator("id", "body")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("is empty")
        return value

    @field_validator("id")
    @classmethod
    def _usable_id(cls, value: str | None) -> str | None:
        # An id is data, never a path (assistant/io/ids.py): only its size and characters count.
        why = id_problem(value) if value is not None else None
        if why is not None:
            raise ValueError(why)
        return value

    @field_validator("id", "outlet", "title", "body", "url")
    @classmethod
    def _encodable(cls, value: str | None) -> str | None:
        # JSON may escape half a surrogate pair ("\ud800"), which no UTF-8 store accepts.
        if value is not None:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("contains an unpaired surrogate escape") from None
        return value


def _validation_message(error: ValidationError, data: dict[str, Any]) -> str:
    """Every problem pydantic found in a wire object, on one line."""
    parts = []
    known = list(Wire.model_fields)
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else "?"
        kind = item["type"]
        if kind == "missing":
            parts.append(f"missing field '{name}'")
        elif kind == "extra_forbidden":
            guess = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean '{guess[0]}'?)" if guess else ""
            parts.append(f"unknown field {quote(name)}{hint}")
        elif kind == "string_type":
            parts.append(f"field '{name}' must be a string, not {_json_type(data.get(name))}")
        elif kind == "value_error":
            message = str(item["msg"]).removeprefix("Value error, ")
            parts.append(f"field '{name}' {message}")
        else:
            parts.append(f"field '{name}': {item['msg']}")
    # A misspelt field explains the missing one, so it comes first.
    return "; ".join(sorted(parts, key=lambda part: not part.startswith("unknown")))


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object hook: a repeated key would silently drop one of two bodies."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise Problem(f"duplicate field {quote(key)}")
        seen[key] = value
    return seen


def _load_json(text: str, line: int | None = None) -> Any:
    """Decode JSON text, turning every failure into a one-line problem."""
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as e:
        where = line if line is not None else e.lineno
        raise Problem(f"invalid JSON: {e.msg} (column {e.colno})", where) from None
    except RecursionError:
        raise Problem("invalid JSON: nested too deeply", line) from None
    except Problem as e:
        e.line = line
        raise


def _meta_value(value: Any) -> MetaValue:
    # Scalars as they are; a nested object or array as its JSON text, so it survives.
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _wire(data: Any) -> tuple[Wire, dict[str, MetaValue]]:
    """Validate one decoded JSON value as a wire; fields it does not know become metadata."""
    if not isinstance(data, dict):
        raise Problem(f"expected a wire object, got a JSON {_json_type(data)}")
    known = {k: v for k, v in data.items() if k in Wire.model_fields}
    extras = {k: _meta_value(v) for k, v in data.items() if k not in Wire.model_fields}
    try:
        return Wire.model_validate(known), extras
    except ValidationError:
        pass
    # Invalid anyway: validate everything, so a misspelt field ("bodyy") is named
    # beside the field it was meant to be.
    try:
        Wire.model_validate(data)
    except ValidationError as e:
        raise Problem(_validation_message(e, data)) from None
    raise Problem("invalid wire object")  # unreachable: extras cannot fix a bad wire


def _wire_report(
    wire: Wire,
    source: Source,
    options: Options,
    line: int | None = None,
    extras: dict[str, MetaValue] | None = None,
) -> Report:
    """A Report from a validated wire (line given for JSON-lines inputs)."""
    meta = dict(extras or {})
    if wire.url:
        meta["url"] = wire.url
    body = normalise_text(wire.body)
    default_id = f"{source.stem}-L{line}" if line is not None else None
    return build_report(
        source=source,
        options=options,
        body=body,
        title=normalise_text(wire.title or "").strip(),
        report_id=wire.id or default_id,
        outlet=wire.outlet,
        published=wire.published,
        language=wire.language,
        origin=f"{source.origin}:{line}" if line is not None else source.origin,
        meta=meta,
    )


def _warn_extras(names: Sequence[str], source: Source, options: Options) -> None:
    if names:
        shown = ", ".join(quote(n) for n in names[:8]) + (", ..." if len(names) > 8 else "")
        options.warning(f"{source.origin}: unknown fields kept as metadata: {shown}")


def read_json(text: str, source: Source, options: Options) -> Iterator[Report | InputError]:
    """One wire object per file."""
    wire, extras = _wire(_load_json(text))
    _warn_extras(list(extras), source, options)
    yield _wire_report(wire, source, options, extras=extras)


def read_jsonl(text: str, source: Source, options: Options) -> Iterator[Report | InputError]:
    """One wire object per line; a bad line is reported and the rest still read."""
    found = False
    # Extra fields are usually the same on every line of a feed: one warning a file.
    extra_names: dict[str, None] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        found = True
        item: Report | InputError
        try:
            wire, extras = _wire(_load_json(line, number))
            extra_names.update(dict.fromkeys(extras))
            item = _wire_report(wire, source, options, number, extras)
        except Problem as e:
            item = InputError(source.origin, e.message, line=number)
        except BadId as e:  # an id made from the file name
            item = InputError(source.origin, str(e), line=number)
        except Exception as e:  # a line must never take the others down with it
            item = InputError(source.origin, f"unexpected error: {type(e).__name__}: {e}", number)
        yield item
    _warn_extras(list(extra_names), source, options)
    if not found:
        yield InputError(source.origin, "empty file (only whitespace)")


def looks_like_json_lines(text: str) -> bool:
    """Whether '{'-led text is JSON lines rather than one (pretty-printed) JSON document."""
    first = next(line.strip() for line in text.split("\n") if line.strip())
    if first.startswith("{") and first.endswith("}"):
        return True
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return False
    return True
