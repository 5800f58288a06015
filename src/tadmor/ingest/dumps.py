"""JSON Lines and CSV dumps: one record per line (JSON) or row (CSV), each its own failure domain.

Encodings: UTF-8 (BOM or not; a line that is not UTF-8 falls back to cp1252 / latin-1, flagged),
UTF-16 and UTF-32 with or without a byte-order mark. CSV: the delimiter (comma, semicolon, tab
or bar) is chosen by the header, line endings may be LF, CRLF or CR. A record or line over the
limits (Settings: max_file_bytes, max_json_depth, max_number_digits) is rejected with a code,
the file and line, and the rest of the file is read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, AnyStr, Generic

from tadmor.ingest.records import HTML_KEYS, KNOWN_KEYS, TEXT_KEYS, record_to_document
from tadmor.ingest.textfix import SNIFF, decode_bytes, detect_wide_encoding, looks_binary
from tadmor.model import Document, Rejected
from tadmor.settings import Settings

__all__ = [
    "JsonLimitError",
    "load_json",
    "read_csv",
    "read_jsonl",
    "read_jsonl_lines",
    "wide_encoding_of",
]


class JsonLimitError(Exception):
    """A JSON text over a limit of Settings (E110 nesting, E111 number size)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")


def _json_depth(text: str, limit: int) -> int:
    opened = text.count("[") + text.count("{")
    if opened <= limit:
        return opened  # cannot nest deeper than it opens
    depth = deepest = 0
    for m in _BRACKETS.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if m.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def load_json(text: str, settings: Settings) -> object:
    """``json.loads`` within the limits; raises JsonLimitError or json.JSONDecodeError."""
    depth = _json_depth(text, settings.max_json_depth)
    if depth > settings.max_json_depth:
        raise JsonLimitError(
            "E110",
            f"JSON nested {depth} levels deep, more than max_json_depth={settings.max_json_depth}",
        )

    def parse_int(digits: str) -> int:
        n = len(digits.lstrip("-"))
        if n > settings.max_number_digits:
            raise JsonLimitError(
                "E111",
                f"a number of {n:,} digits, more than max_number_digits="
                f"{settings.max_number_digits}",
            )
        return int(digits)

    try:
        return json.loads(text, parse_int=parse_int)
    except RecursionError as exc:
        raise JsonLimitError("E110", "JSON nested too deeply to read") from exc


class _Lines(Generic[AnyStr]):
    """The lines of ``fh``; a line longer than ``limit`` is skipped (never held in memory
    whole) and its number kept in ``skipped``. ``lineno``: the last line read or skipped."""

    def __init__(self, fh: IO[AnyStr], limit: int) -> None:
        self._fh: IO[AnyStr] = fh
        self._limit = limit
        self.lineno = 0
        self.skipped: list[int] = []

    def __iter__(self) -> Iterator[AnyStr]:
        return self

    def __next__(self) -> AnyStr:
        while True:
            line: AnyStr = self._fh.readline(self._limit + 1)
            if not line:
                raise StopIteration
            self.lineno += 1
            if len(line) <= self._limit or line[-1:] in ("\n", "\r", b"\n", b"\r"):
                return line
            while True:
                rest = self._fh.readline(1 << 20)
                if not rest or rest[-1:] in ("\n", "\r", b"\n", b"\r"):
                    break
            self.skipped.append(self.lineno)

    def take_skipped(self) -> list[int]:
        out, self.skipped = self.skipped, []
        return out


def wide_encoding_of(path: Path) -> tuple[str, int] | None:
    with path.open("rb") as fh:
        return detect_wide_encoding(fh.read(4 * SNIFF))


def _too_long(origin: str, settings: Settings) -> Rejected:
    return Rejected(
        origin,
        "E104",
        f"{origin}: record longer than max_file_bytes={settings.max_file_bytes:,} "
        "(skipped without reading it whole)",
    )


def _failed(origin: str, exc: Exception) -> Rejected:
    return Rejected(
        origin, "E114", f"{origin}: could not be read ({type(exc).__name__}: {str(exc)[:200]})"
    )


_TOO_LONG = object()  # a line over max_file_bytes, skipped


def read_jsonl(
    path: Path, *, name: str, settings: Settings, flags: Sequence[str] = ()
) -> Iterator[Document | Rejected]:
    """The records of a JSON Lines file (any encoding :func:`wide_encoding_of` finds)."""
    limit = settings.max_file_bytes
    wide = wide_encoding_of(path)
    with path.open("rb") as raw_fh:
        if wide is not None and wide[0] != "utf-8":
            text_lines = _Lines(io.TextIOWrapper(raw_fh, encoding=wide[0], errors="replace"), limit)
            family = (f"decoded:{wide[0][:6]}",)
            numbered: Iterator[tuple[int, object, tuple[str, ...]]] = (
                (n, line.lstrip("\ufeff") if isinstance(line, str) else line, family)
                for n, line in _numbered(text_lines)
            )
        else:
            numbered = (
                _decoded_line(n, line) if isinstance(line, bytes) else (n, line, ())
                for n, line in _numbered(_Lines(raw_fh, limit))
            )
        yield from _jsonl_records(numbered, name=name, settings=settings, flags=flags, empty=True)


def read_jsonl_lines(
    lines: Iterable[bytes],
    *,
    name: str,
    settings: Settings,
    first_line: int = 1,
    flags: Sequence[str] = (),
) -> Iterator[Document | Rejected]:
    """Documents of JSON lines read from any byte stream (a file, standard input, a slice of
    a dataset), each record's origin ``name:line``. Lines are numbered from ``first_line``."""
    limit = settings.max_file_bytes
    numbered = (
        (n, _TOO_LONG, ()) if len(raw) > limit else _decoded_line(n, raw)
        for n, raw in enumerate(lines, start=first_line)
    )
    yield from _jsonl_records(
        numbered, name=name, settings=settings, flags=flags, empty=first_line == 1
    )


def _numbered(lines: _Lines[AnyStr]) -> Iterator[tuple[int, object]]:
    """(line number, line) pairs, a skipped over-long line as ``_TOO_LONG``."""
    for line in lines:
        for n in lines.take_skipped():
            yield n, _TOO_LONG
        yield lines.lineno, line
    for n in lines.take_skipped():
        yield n, _TOO_LONG


def _decoded_line(n: int, raw: bytes) -> tuple[int, object, tuple[str, ...]]:
    decoded = decode_bytes(raw)
    if decoded is None:
        return n, None, ()
    return n, decoded.text, decoded.flags


def _jsonl_records(
    numbered: Iterable[tuple[int, object, tuple[str, ...]]],
    *,
    name: str,
    settings: Settings,
    flags: Sequence[str],
    empty: bool,
) -> Iterator[Document | Rejected]:
    seen_any = False
    for lineno, text, line_flags in numbered:
        origin = f"{name}:{lineno}"
        if text is _TOO_LONG:
            seen_any = True
            yield _too_long(origin, settings)
            continue
        if text is None:
            seen_any = True
            yield Rejected(origin, "E105", f"{origin}: malformed JSON line (binary data)")
            continue
        if not isinstance(text, str) or not text.strip():
            continue
        seen_any = True
        try:
            yield _jsonl_record(text, origin, settings, (*flags, *line_flags))
        except Exception as exc:  # one record's failure is that record's, whatever it is
            yield _failed(origin, exc)
    if not seen_any and empty:
        yield Rejected(name, "E101", f"{name}: empty file (only blank lines)")


def _jsonl_record(
    text: str, origin: str, settings: Settings, flags: Sequence[str]
) -> Document | Rejected:
    try:
        obj = load_json(text, settings)
    except JsonLimitError as exc:
        return Rejected(origin, exc.code, f"{origin}: {exc.message}")
    except json.JSONDecodeError as exc:
        return Rejected(
            origin, "E105", f"{origin}: malformed JSON line ({exc.msg}, column {exc.colno})"
        )
    if not isinstance(obj, dict):
        return Rejected(
            origin, "E105", f"{origin}: JSON line is a {type(obj).__name__}, not an object"
        )
    return record_to_document(obj, origin=origin, settings=settings, flags=tuple(flags))


# --- CSV ------------------------------------------------------------------------------------

_DELIMITERS = (",", ";", "\t", "|")


def _header_line(head: str) -> str:
    head = head.lstrip("\ufeff")
    return re.split(r"\r\n|\r|\n", head, maxsplit=1)[0]


def _pick_delimiter(header: str) -> str:
    """The delimiter whose split of the header names the most known columns (comma on ties)."""
    best, best_score = ",", -1
    for delim in _DELIMITERS:
        try:
            cols = next(csv.reader([header], delimiter=delim), [])
        except csv.Error:
            continue
        score = sum(1 for c in cols if c.strip().lower().lstrip("\ufeff") in KNOWN_KEYS)
        if score > best_score:
            best, best_score = delim, score
    return best


def _fix_cell(cell: str, flags: list[str]) -> str:
    """A cell decoded with surrogateescape: its undecodable bytes decoded as cp1252 / latin-1."""
    try:
        cell.encode("utf-8")
        return cell
    except UnicodeEncodeError:
        pass
    raw = cell.encode("utf-8", "surrogateescape")
    decoded = decode_bytes(raw)
    if decoded is None:
        flags.append("decoded:latin-1")
        return raw.decode("latin-1")
    flags.extend(decoded.flags)
    return decoded.text


def _duplicates(columns: list[str]) -> str | None:
    seen: dict[str, int] = {}
    for i, c in enumerate(columns, start=1):
        if c in KNOWN_KEYS and c in seen:
            return f"columns {seen[c]} and {i} are both {c!r} (names are case-insensitive)"
        seen.setdefault(c, i)
    return None


def read_csv(
    path: Path, *, name: str, settings: Settings, flags: Sequence[str] = ()
) -> Iterator[Document | Rejected]:
    limit = settings.max_file_bytes
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)  # articles are longer than csv's 128 KB default
    with path.open("rb") as raw_fh:
        head = raw_fh.read(8 * SNIFF)
        wide = detect_wide_encoding(head)
        encoding, bom = wide if wide is not None else ("utf-8", 0)
        if wide is None and looks_binary(head):
            yield Rejected(name, "E102", f"{name}: binary file, not a CSV dump")
            return
        header_text = _header_line(head[bom:].decode(encoding, errors="replace"))
        delimiter = _pick_delimiter(header_text)
        raw_fh.seek(bom)
        errors = "surrogateescape" if encoding == "utf-8" else "replace"
        text_fh = io.TextIOWrapper(raw_fh, encoding=encoding, errors=errors, newline="")
        file_flags = [*flags] + ([f"decoded:{encoding[:6]}"] if encoding != "utf-8" else [])
        lines = _Lines(text_fh, limit)
        reader = csv.reader(lines, delimiter=delimiter)
        yield from _csv_rows(reader, lines, name, settings, file_flags)


def _csv_rows(
    reader: Iterator[list[str]],
    lines: _Lines[str],
    name: str,
    settings: Settings,
    flags: list[str],
) -> Iterator[Document | Rejected]:
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield Rejected(f"{name}:1", "E105", f"{name}:1: malformed CSV header ({exc})")
        return
    if header is None or not any(h.strip() for h in header):
        yield Rejected(name, "E101", f"{name}: empty CSV file (a header row is required)")
        return
    columns = [h.strip().lower().lstrip("\ufeff") for h in header]
    if not any(c in (*TEXT_KEYS, *HTML_KEYS) for c in columns):
        shown = ", ".join(repr(c) for c in columns[:6]) + (", ..." if len(columns) > 6 else "")
        yield Rejected(
            name,
            "E108",
            f"{name}: CSV header has no text column (found {shown}; expected one of text, "
            "content, body, html, separated by commas, semicolons, tabs or bars)",
        )
        return
    if (dup := _duplicates(columns)) is not None:
        yield Rejected(name, "E116", f"{name}: ambiguous CSV header: {dup}; rename or drop one")
        return
    n_records = 0
    while True:
        start = lines.lineno + 1
        try:
            row: list[str] | None = next(reader)
        except StopIteration:
            row = None
        except csv.Error as exc:
            n_records += 1
            origin = f"{name}:{start}"
            yield Rejected(origin, "E105", f"{origin}: malformed CSV record ({exc})")
            if lines.lineno < start:
                break  # no progress: stop rather than loop
            continue
        for n in lines.take_skipped():
            n_records += 1
            yield _too_long(f"{name}:{n}", settings)
            start = max(start, n + 1)
        if row is None:
            break
        if not any(cell.strip() for cell in row):
            continue
        n_records += 1
        origin = f"{name}:{start}"
        row_flags = list(flags)
        try:
            cells = [_fix_cell(c, row_flags) for c in row]
            record = dict(zip(columns, cells, strict=False))
            yield record_to_document(
                record, origin=origin, settings=settings, flags=tuple(dict.fromkeys(row_flags))
            )
        except Exception as exc:  # one record's failure is that record's, whatever it is
            yield _failed(origin, exc)
    if n_records == 0:
        yield Rejected(name, "E101", f"{name}: CSV file with a header but no records")
