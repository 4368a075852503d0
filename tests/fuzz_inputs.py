"""Hostile input files for the fuzz test and the soak script (issue 11, point 1).

`write_corpus(folder, count, seed)` writes `count` files of every kind an unattended desk
may be handed: random binary, truncated and invalid UTF-8, UTF-16 with and without a BOM,
latin-1, empty files, deeply nested and script-laden HTML, JSON of the wrong types, JSON
Lines with bad lines and re-used ids, XML with entities, control and bidi characters, odd
numbers and dates. `write_big(folder, ...)` adds the large ones (a very long line, a large
file). Seeded: the same seed writes the same files.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

EXTENSIONS = (".txt", ".md", ".html", ".json", ".jsonl", ".xml", ".rss", ".dat", "")
HOSTILE = (
    "\x1b[31m",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b]8;;https://evil.example/\x1b\\",
    "\x1b[2J",
    "\x9b0m",
    "\u202e",
    "\u2066",
    "\u200f",
    "\u200b",
    "\ufeff",
    "\x00",
    "\r",
    "[/red]",
    "[link=https://evil.example/]x[/link]",
    "\ud800",
)
SENTENCES = (
    "At least {n} people were killed in Aleppo on Friday, officials said.",
    "Le bilan s'élève à {n} morts, selon le ministère de la Santé.",
    "قتل {n} شخصا في حلب يوم الجمعة",
    "Depremde {n} kişi hayatını kaybetti, AFAD açıkladı.",
    "The toll rose to 1\u200b{n} dead and " + "9" * 400 + " were said to be missing.",
    "A value of 1.7976931348623157e+308 and 99999999999999999999999 people.",
)


def _text(rng: random.Random, size: int = 400) -> str:
    """Wire-like text with hostile characters spliced in."""
    out: list[str] = []
    while sum(map(len, out)) < size:
        out.append(rng.choice(SENTENCES).format(n=rng.randint(0, 10**6)))
        if rng.random() < 0.5:
            out.append(rng.choice(HOSTILE))
    return " ".join(out)


def _safe(text: str) -> str:
    """Text that can be encoded (lone surrogates replaced)."""
    return text.encode("utf-8", "replace").decode("utf-8")


def _binary(rng: random.Random) -> bytes:
    return rng.randbytes(rng.randint(1, 4096))


def _truncated_utf8(rng: random.Random) -> bytes:
    data = _safe("Titre é\n" + _text(rng)).encode("utf-8")
    cut = data[: rng.randint(1, len(data))]
    return cut + bytes([0xC3]) if rng.random() < 0.5 else cut


def _invalid_utf8(rng: random.Random) -> bytes:
    data = bytearray(_safe("Title\n" + _text(rng)).encode("utf-8"))
    for _ in range(rng.randint(1, 10)):
        data.insert(rng.randrange(len(data)), rng.choice([0xFF, 0xFE, 0xC0, 0x80, 0xED]))
    return bytes(data)


def _utf16(rng: random.Random) -> bytes:
    text = _safe("Title\n" + _text(rng))
    if rng.random() < 0.3:
        text = json.dumps({"id": "u16", "title": "t", "body": text})
    codec = rng.choice(["utf-16", "utf-16-le", "utf-16-be"])  # "utf-16" writes a BOM
    return text.encode(codec, "replace")


def _latin1(rng: random.Random) -> bytes:
    return ("Titre\nLe bilan s'élève à 45 morts à Alep, précise le ministère. ¡Ñ¿ " * 3).encode(
        "latin-1"
    )


def _empty(rng: random.Random) -> bytes:
    return rng.choice([b"", b" ", b"\n\n", b"\xef\xbb\xbf", b"{}", b"[]", b"<html></html>"])


def _nested_html(rng: random.Random) -> bytes:
    depth = rng.randint(100, 3000)
    tag = rng.choice(["div", "span", "p", "li", "td", "b"])
    closing = f"</{tag}>" * depth if rng.random() < 0.5 else ""  # unclosed half the time
    body = f"<p>{_text(rng, 200)}</p>"
    return f"<html><body>{f'<{tag}>' * depth}{body}{closing}</body></html>".encode(
        "utf-8", "replace"
    )


def _script_html(rng: random.Random) -> bytes:
    script = "<script>document.write('42 people killed'); alert(1)</script>" * rng.randint(1, 50)
    parts = [
        "<html><head><title>",
        _text(rng, 60),
        "</title><style>p{color:red}</style>",
        script,
        "</head><body onload='alert(1)'><article><h1>T</h1><p>",
        _text(rng),
        "</p><iframe src='javascript:alert(1)'></iframe><img src=x onerror=alert(1)>",
        script,
        "<p>" * rng.randint(0, 50),
        "</article><!-- unterminated comment",
    ]
    return "".join(parts).encode("utf-8", "replace")


_WRONG = [None, 1, 1.5, True, [], {}, ["a"], {"x": 1}, "", " ", "x" * 10_000, -1, 1e308]


def _json_wrong(rng: random.Random) -> bytes:
    wire: dict[str, object] = {
        "id": "j",
        "title": "t",
        "body": _text(rng),
        "published": "2024-01-05T00:00:00Z",
    }
    for key in rng.sample(["id", "title", "body", "published", "language", "outlet", "url"], 2):
        wire[key] = rng.choice(_WRONG)
    shape = rng.random()
    if shape < 0.1:
        return json.dumps([wire]).encode()
    if shape < 0.2:
        return ("[" * 50_000 + "]" * 50_000).encode()  # deeper than json.loads recurses
    if shape < 0.3:
        return json.dumps(wire).encode()[: rng.randint(1, 40)]
    return _safe(json.dumps(wire, ensure_ascii=rng.random() < 0.5)).encode("utf-8", "replace")


def _jsonl_bad(rng: random.Random) -> bytes:
    lines: list[str] = []
    for i in range(rng.randint(1, 20)):
        roll = rng.random()
        wire: dict[str, object] = {"id": f"l{i % 4}", "title": "t", "body": _text(rng, 120)}
        if roll < 0.1:
            lines.append("{not json")
        elif roll < 0.2:
            lines.append(json.dumps(rng.choice(_WRONG)))
        elif roll < 0.3:
            wire["body"] = rng.choice(_WRONG)
            lines.append(json.dumps(wire))
        elif roll < 0.4:
            lines.append("")
        elif roll < 0.5:
            wire["published"] = rng.choice(["0001-01-01", "9999-12-31T23:59:59", "yesterday", ""])
            lines.append(json.dumps(wire))
        else:
            lines.append(json.dumps(wire, ensure_ascii=False))  # ids repeat: a re-issue
    return _safe("\n".join(lines)).encode("utf-8", "replace")


def _xml(rng: random.Random) -> bytes:
    item = f"<item><title>T</title><description>{_text(rng, 150)}</description></item>"
    kinds = [
        f"<rss><channel>{item * rng.randint(0, 5)}</channel></rss>",
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>',
        f"<rss><channel>{item}",  # truncated
        "<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>x</id></entry></feed>",
        "<newsItem><contentSet><inlineXML><p>" + _text(rng, 100) + "</p></inlineXML>",
    ]
    text = _safe(rng.choice(kinds)).replace("&", "&amp;") if rng.random() < 0.2 else None
    return (text or _safe(rng.choice(kinds))).encode("utf-8", "replace")


def _controls(rng: random.Random) -> bytes:
    wire = {
        "id": "c" + rng.choice(HOSTILE) + str(rng.randint(0, 99)),
        "outlet": "[link=https://evil.example/]Reuters[/link]" + rng.choice(HOSTILE),
        "title": "A\u202eevil " + rng.choice(HOSTILE),
        "language": rng.choice(["en", "ar", "fr", "tr", "xx", "\u202e"]),
        "published": "2024-01-05T00:00:00Z",
        "body": _text(rng) + "".join(rng.choice(HOSTILE) for _ in range(20)),
    }
    return _safe(json.dumps(wire, ensure_ascii=rng.random() < 0.5)).encode("utf-8", "replace")


def _odd_text(rng: random.Random) -> bytes:
    body = "".join(
        chr(rng.choice([rng.randint(0, 0x7F), rng.randint(0x80, 0x2FFF)])) for _ in range(500)
    )
    return _safe("T\n" + body + " On Friday 12 people were killed.").encode("utf-8", "replace")


MAKERS: tuple[Callable[[random.Random], bytes], ...] = (
    _binary,
    _truncated_utf8,
    _invalid_utf8,
    _utf16,
    _latin1,
    _empty,
    _nested_html,
    _script_html,
    _json_wrong,
    _jsonl_bad,
    _xml,
    _controls,
    _odd_text,
)
_NATURAL = {
    "_nested_html": ".html",
    "_script_html": ".html",
    "_json_wrong": ".json",
    "_jsonl_bad": ".jsonl",
    "_xml": ".xml",
    "_controls": ".json",
}


def write_corpus(folder: Path, count: int, seed: int = 11) -> list[Path]:
    """Write `count` hostile files into folder; mostly with the extension their content
    suggests, sometimes with another one."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for i in range(count):
        maker = MAKERS[i % len(MAKERS)]
        natural = _NATURAL.get(maker.__name__)
        ext = natural if natural and rng.random() < 0.8 else rng.choice(EXTENSIONS)
        path = folder / f"f{i:05d}{maker.__name__}{ext}"
        path.write_bytes(maker(rng))
        paths.append(path)
    return paths


def write_long_line(path: Path, size: int, seed: int = 11) -> Path:
    """One line of `size` bytes of wire text (a figure every 200 characters or so)."""
    rng = random.Random(seed)
    words = ("the", "officials", "said", "town", "in", "and", "of", "people", "were", "killed")
    out: list[str] = ["Title\n"]
    total = 6
    while total < size:
        chunk = " ".join(rng.choice(words) for _ in range(30)) + f" {rng.randint(2, 9000)} "
        out.append(chunk)
        total += len(chunk)
    path.write_text("".join(out)[:size], encoding="utf-8")
    return path


def write_big_jsonl(path: Path, size: int, seed: int = 11) -> Path:
    """A JSON Lines file of about `size` bytes of ordinary wires."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        written, i = 0, 0
        while written < size:
            wire = {
                "id": f"big{i}",
                "title": "t",
                "published": "2024-01-05T00:00:00Z",
                "language": "en",
                "body": _safe(_text(rng, 2000)),
            }
            line = json.dumps(wire) + "\n"
            out.write(line)
            written += len(line)
            i += 1
    return path
