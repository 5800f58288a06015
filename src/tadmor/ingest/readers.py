"""Read input files and folders into :class:`~tadmor.model.Document` records.

Supported: ``.txt``/``.md`` (plain text), ``.html``/``.htm`` (article body by trafilatura,
publication date by htmldate), ``.jsonl``/``.ndjson`` and ``.csv`` dumps of records. A
``metadata.jsonl`` sidecar in a folder gives the title/url/source/publication date of the
plain files beside it. Bad input becomes a :class:`~tadmor.model.Rejected` with a stable code
and a reason naming its origin; the rest of the batch goes on.

Codes: E101 empty, E102 binary, E103 too short after cleaning, E104 too large, E105 malformed
JSON/CSV line, E106 unsupported file, E107 HTML without an article, E108 record without text,
E109 unreadable file.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tadmor.ingest.boilerplate import clean_text
from tadmor.ingest.pubdate import date_from_html, date_from_text, date_from_url, parse_date
from tadmor.model import DateSource, Document, Rejected
from tadmor.settings import Settings

__all__ = [
    "MAX_FILE_BYTES",
    "SIDECAR_NAME",
    "Decoded",
    "decode_bytes",
    "document_from_record",
    "read_inputs",
]

MAX_FILE_BYTES = 50 * 1024 * 1024
SIDECAR_NAME = "metadata.jsonl"

_PLAIN = frozenset({".txt", ".md"})
_HTML = frozenset({".html", ".htm"})
_JSONL = frozenset({".jsonl", ".ndjson"})
_CSV = frozenset({".csv"})
_SUPPORTED = ".txt, .md, .html, .htm, .jsonl, .ndjson, .csv"
# files a dataset folder carries about itself; read only when named explicitly
_FOLDER_DOCS = re.compile(r"^(?:readme|license|licence|changelog|copying|notice)(?:\.\w+)?$", re.I)

_TEXT_KEYS = ("text", "content", "body", "article", "maintext")
_HTML_KEYS = ("html", "raw_html")
_DATE_KEYS = ("published", "date", "publication_date", "published_at", "pubdate", "date_published")
_TITLE_KEYS = ("title", "headline")
_URL_KEYS = ("url", "link")
_SOURCE_KEYS = ("source", "publisher", "outlet", "source_name", "site", "sitename")
_LANGUAGE_KEYS = ("language", "lang")

_SNIFF = 8192
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13)) + b"\x7f"
_ASCII = bytes(range(128))


# --- decoding -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    flags: tuple[str, ...] = ()


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    sample = data[: 4 * _SNIFF]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls / len(sample) > 0.05


def decode_bytes(data: bytes) -> Decoded | None:
    """Decode file bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else cp1252 / latin-1.

    Returns None for binary data (NUL bytes, control characters, or mostly undecodable).
    A fallback decoding is recorded as a flag (``decoded:cp1252``).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), ("decoded:utf-16",))
        except UnicodeDecodeError:
            return None
    if _looks_binary(data):
        return None
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    sample = data[: 4 * _SNIFF]
    high = len(sample.translate(None, _ASCII))  # bytes >= 0x80
    if high / len(sample) > 0.3:
        return None  # mostly undecodable: not text in a Western single-byte encoding either
    try:
        return Decoded(data.decode("cp1252"), ("decoded:cp1252",))
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), ("decoded:latin-1",))


# --- records -> documents -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Extracted:
    text: str
    title: str | None
    sitename: str | None
    url: str | None


def _extract_html(html: str, url: str | None) -> _Extracted | None:
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a third-party parser on untrusted markup: any failure means no article
        return None
    if result is None:
        return None
    text = getattr(result, "text", None)
    if not isinstance(text, str) or not text.strip():
        return None
    # trafilatura writes one block per line: make each a paragraph
    body = "\n\n".join(line for line in text.split("\n") if line.strip())

    def _str(name: str) -> str | None:
        value = getattr(result, name, None)
        return value.strip() or None if isinstance(value, str) else None

    return _Extracted(body, _str("title"), _str("sitename"), _str("url"))


def document_from_record(
    *,
    text: str,
    origin: str,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    published: str | date | None = None,
    html: bool = False,
    settings: Settings,
    language: str | None = None,
    flags: Sequence[str] = (),
) -> Document | Rejected:
    """Build a Document from one article (plain text, or HTML when ``html``), or reject it.

    The publication date comes from ``published`` (METADATA), else the page's own date for
    HTML (HTML), else a date in the URL (URL), else an estimate from the body (TEXT, flagged
    "date_estimated": the latest full date the text names, a not-before bound); otherwise
    the document is flagged "undated".
    """
    out_flags = list(flags)
    if not text.strip():
        return Rejected(origin, "E101", f"{origin}: empty document (no text, or only whitespace)")
    html_date: date | None = None
    body = text
    if html:
        if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
            return Rejected(origin, "E104", f"{origin}: HTML larger than 50 MB")
        extracted = _extract_html(text, url)
        if extracted is None:
            return Rejected(
                origin, "E107", f"{origin}: no article text could be extracted from the HTML"
            )
        body = extracted.text
        if len(body.strip()) < settings.min_doc_chars:
            return Rejected(
                origin,
                "E107",
                f"{origin}: no article in the HTML (only {len(body.strip())} characters of text)",
            )
        title = title or extracted.title
        source = source or extracted.sitename
        url = url or extracted.url
        if parse_date(published) is None:
            html_date = date_from_html(text)
    if len(body) > settings.max_doc_chars:
        return Rejected(
            origin,
            "E104",
            f"{origin}: {len(body):,} characters, "
            f"more than max_doc_chars={settings.max_doc_chars:,}",
        )
    cleaned = clean_text(body)
    if len(cleaned) < settings.min_doc_chars:
        return Rejected(
            origin,
            "E103",
            f"{origin}: only {len(cleaned)} characters after boilerplate removal "
            f"(min_doc_chars={settings.min_doc_chars})",
        )
    pub = parse_date(published)
    if published is not None and pub is None and str(published).strip():
        out_flags.append("unparsed_date")
    if pub is not None:
        source_of_date = DateSource.METADATA
    elif html_date is not None:
        pub, source_of_date = html_date, DateSource.HTML
    elif (url_date := date_from_url(url)) is not None:
        pub, source_of_date = url_date, DateSource.URL
    elif (text_date := date_from_text(cleaned)) is not None:
        # a not-before bound: the latest full date the body names (see date_from_text)
        pub, source_of_date = text_date, DateSource.TEXT
        out_flags.append("date_estimated")
    else:
        source_of_date = DateSource.NONE
        out_flags.append("undated")
    return Document(
        doc_id=Document.make_id(cleaned),
        text=cleaned,
        origin=origin,
        title=_clean_field(title),
        url=_clean_field(url),
        source=_clean_field(source),
        published=pub,
        date_source=source_of_date,
        language=(language or "en").strip() or "en",
        flags=tuple(dict.fromkeys(out_flags)),
    )


def _clean_field(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _first_str(record: Mapping[str, Any], keys: Iterable[str]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
    return None


def _record_to_document(
    record: Mapping[str, Any], *, origin: str, settings: Settings, flags: Sequence[str] = ()
) -> Document | Rejected:
    record = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
    text = next(
        (record[k] for k in _TEXT_KEYS if isinstance(record.get(k), str) and record[k].strip()),
        None,
    )
    is_html = False
    if text is None:
        text = next(
            (record[k] for k in _HTML_KEYS if isinstance(record.get(k), str) and record[k].strip()),
            None,
        )
        is_html = text is not None
    if text is None:
        present = [k for k in (*_TEXT_KEYS, *_HTML_KEYS) if k in record]
        detail = f"field {present[0]!r} is empty or not a string" if present else "no text field"
        return Rejected(
            origin,
            "E108",
            f"{origin}: record without text ({detail}; expected one of text, content, body, html)",
        )
    return document_from_record(
        text=text,
        origin=origin,
        title=_first_str(record, _TITLE_KEYS),
        url=_first_str(record, _URL_KEYS),
        source=_first_str(record, _SOURCE_KEYS),
        published=_first_str(record, _DATE_KEYS),
        html=is_html,
        settings=settings,
        language=_first_str(record, _LANGUAGE_KEYS),
        flags=flags,
    )


# --- dumps ----------------------------------------------------------------------------------


def _sniff_binary(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(_SNIFF)
    return _looks_binary(head)


def _read_jsonl(path: Path, *, settings: Settings) -> Iterator[Document | Rejected]:
    with path.open("rb") as fh:
        yield from read_jsonl_lines(fh, name=str(path), settings=settings)


def read_jsonl_lines(
    lines: Iterable[bytes], *, name: str, settings: Settings, first_line: int = 1
) -> Iterator[Document | Rejected]:
    """Documents of JSON lines read from any byte stream (a file, standard input, a slice of
    a dataset), each record's origin ``name:line``. Lines are numbered from ``first_line``."""
    seen_any = False
    for lineno, raw in enumerate(lines, start=first_line):
        origin = f"{name}:{lineno}"
        if not raw.strip():
            continue
        seen_any = True
        if len(raw) > MAX_FILE_BYTES:
            yield Rejected(origin, "E104", f"{origin}: record larger than 50 MB")
            continue
        decoded = decode_bytes(raw)
        if decoded is None:
            yield Rejected(origin, "E105", f"{origin}: malformed JSON line (binary data)")
            continue
        try:
            obj = json.loads(decoded.text)
        except json.JSONDecodeError as exc:
            yield Rejected(
                origin, "E105", f"{origin}: malformed JSON line ({exc.msg}, column {exc.colno})"
            )
            continue
        if not isinstance(obj, dict):
            yield Rejected(
                origin, "E105", f"{origin}: JSON line is a {type(obj).__name__}, not an object"
            )
            continue
        yield _record_to_document(obj, origin=origin, settings=settings, flags=decoded.flags)
    if not seen_any and first_line == 1:
        yield Rejected(name, "E101", f"{name}: empty file (only blank lines)")


def document_from_mapping(
    record: Mapping[str, Any], *, origin: str, settings: Settings
) -> Document | Rejected:
    """A Document from one record of a dump (a JSON object, a Parquet row): its text from
    ``text``/``content``/``body`` (or ``html``), with title, url, source and date fields."""
    return _record_to_document(record, origin=origin, settings=settings)


class _LineDecoder:
    """Feeds csv.reader decoded lines and remembers which needed a fallback encoding."""

    def __init__(self, fh: Iterable[bytes]) -> None:
        self._fh = fh
        self.flags: list[str] = []

    def __iter__(self) -> Iterator[str]:
        for raw in self._fh:
            decoded = decode_bytes(raw)
            if decoded is None:
                decoded = Decoded(raw.decode("latin-1"), ("decoded:latin-1",))
            self.flags.extend(decoded.flags)
            yield decoded.text


def _read_csv(path: Path, *, settings: Settings) -> Iterator[Document | Rejected]:
    limit = max(settings.max_doc_chars * 4, 1 << 20)
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)  # articles are longer than csv's 128 KB default
    with path.open("rb") as fh:
        lines = _LineDecoder(fh)
        reader = csv.reader(lines)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            yield Rejected(f"{path}:1", "E105", f"{path}:1: malformed CSV header ({exc})")
            return
        if header is None or not any(h.strip() for h in header):
            yield Rejected(str(path), "E101", f"{path}: empty CSV file (a header row is required)")
            return
        columns = [h.strip().lower() for h in header]
        if not any(c in (*_TEXT_KEYS, *_HTML_KEYS) for c in columns):
            yield Rejected(
                str(path),
                "E108",
                f"{path}: CSV header has no text column "
                "(expected one of text, content, body, html)",
            )
            return
        consumed = reader.line_num
        while True:
            start = consumed + 1
            lines.flags.clear()
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                origin = f"{path}:{start}"
                yield Rejected(origin, "E105", f"{origin}: malformed CSV record ({exc})")
                if reader.line_num == consumed:
                    return  # no progress: stop rather than loop
                consumed = reader.line_num
                continue
            consumed = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            origin = f"{path}:{start}"
            record = dict(zip(columns, row, strict=False))
            yield _record_to_document(
                record, origin=origin, settings=settings, flags=tuple(dict.fromkeys(lines.flags))
            )


# --- sidecar metadata -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Meta:
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class _Sidecar:
    entries: Mapping[str, _Meta]
    problems: tuple[Rejected, ...]


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _load_sidecar(folder: Path) -> _Sidecar:
    sidecar = folder / SIDECAR_NAME
    if not sidecar.is_file():
        return _Sidecar({}, ())
    entries: dict[str, _Meta] = {}
    problems: list[Rejected] = []
    try:
        raw_lines = sidecar.read_bytes().splitlines()
    except OSError as exc:
        return _Sidecar(
            {}, (Rejected(str(sidecar), "E109", f"{sidecar}: unreadable ({exc.strerror or exc})"),)
        )
    for lineno, raw in enumerate(raw_lines, start=1):
        origin = f"{sidecar}:{lineno}"
        if not raw.strip():
            continue
        decoded = decode_bytes(raw)
        try:
            obj = json.loads(decoded.text) if decoded is not None else None
        except json.JSONDecodeError:
            obj = None
        if not isinstance(obj, dict) or not isinstance(obj.get("file"), str):
            problems.append(
                Rejected(
                    origin,
                    "E105",
                    f"{origin}: malformed metadata line (need a JSON object with 'file')",
                )
            )
            continue
        entries[_key(folder / obj["file"])] = _Meta(
            title=_first_str(obj, _TITLE_KEYS),
            url=_first_str(obj, _URL_KEYS),
            source=_first_str(obj, _SOURCE_KEYS),
            published=_first_str(obj, _DATE_KEYS),
            language=_first_str(obj, _LANGUAGE_KEYS),
        )
    return _Sidecar(entries, tuple(problems))


# --- files and folders ----------------------------------------------------------------------


class _Reader:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._sidecars: dict[str, _Sidecar] = {}

    def _meta_for(self, path: Path) -> tuple[_Meta, tuple[Rejected, ...]]:
        folder = _key(path.parent)
        problems: tuple[Rejected, ...] = ()
        if folder not in self._sidecars:
            self._sidecars[folder] = _load_sidecar(path.parent)
            problems = self._sidecars[folder].problems
        return self._sidecars[folder].entries.get(_key(path), _Meta()), problems

    def read_file(self, path: Path) -> Iterator[Document | Rejected]:
        origin = str(path)
        ext = path.suffix.lower()
        if ext not in _PLAIN | _HTML | _JSONL | _CSV:
            shown = ext or "no extension"
            yield Rejected(
                origin, "E106", f"{origin}: unsupported file type ({shown}); expected {_SUPPORTED}"
            )
            return
        try:
            if not path.is_file():
                yield Rejected(origin, "E109", f"{origin}: not a regular file")
                return
            size = path.stat().st_size
            if ext in _JSONL | _CSV:
                if size == 0:
                    yield Rejected(origin, "E101", f"{origin}: empty file")
                    return
                if _sniff_binary(path):
                    yield Rejected(origin, "E102", f"{origin}: binary file, not a text dump")
                    return
                reader = _read_jsonl if ext in _JSONL else _read_csv
                yield from reader(path, settings=self.settings)
                return
            meta, problems = self._meta_for(path)
            yield from problems
            if size > MAX_FILE_BYTES:
                yield Rejected(
                    origin, "E104", f"{origin}: {size:,} bytes, more than the 50 MB limit"
                )
                return
            data = path.read_bytes()
        except OSError as exc:
            yield Rejected(origin, "E109", f"{origin}: unreadable ({exc.strerror or exc})")
            return
        if not data.strip():
            yield Rejected(origin, "E101", f"{origin}: empty file (no text, or only whitespace)")
            return
        decoded = decode_bytes(data)
        if decoded is None:
            yield Rejected(
                origin, "E102", f"{origin}: binary file (NUL or control bytes), not text"
            )
            return
        yield document_from_record(
            text=decoded.text,
            origin=origin,
            title=meta.title,
            url=meta.url,
            source=meta.source,
            published=meta.published,
            html=ext in _HTML,
            settings=self.settings,
            language=meta.language,
            flags=decoded.flags,
        )

    def read_folder(self, root: Path) -> Iterator[Document | Rejected]:
        errors: list[OSError] = []
        found: list[Path] = []
        for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            found.extend(Path(dirpath) / f for f in filenames if not f.startswith("."))
        for err in errors:
            where = str(err.filename or root)
            yield Rejected(where, "E109", f"{where}: unreadable folder ({err.strerror or err})")
        for path in sorted(found, key=lambda p: p.relative_to(root).parts):
            if path.name == SIDECAR_NAME:
                continue  # metadata about the files beside it, not a document
            if _FOLDER_DOCS.match(path.name):
                continue  # a folder's README/LICENSE documents the folder; name it to read it
            yield from self.read_file(path)


def read_inputs(
    paths: Sequence[Path | str], *, settings: Settings
) -> Iterator[Document | Rejected]:
    """Read files and folders (recursively, in sorted order) into Documents or Rejected records.

    A file named ``metadata.jsonl`` in a folder is the metadata sidecar of the files beside it,
    never a document.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    reader = _Reader(settings)
    for item in paths:
        path = Path(item)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:
            yield Rejected(str(path), "E109", f"{path}: unreadable ({exc.strerror or exc})")
            continue
        if is_dir:
            yield from reader.read_folder(path)
        elif not exists:
            yield Rejected(str(path), "E109", f"{path}: no such file or folder")
        elif path.name == SIDECAR_NAME:
            continue  # a sidecar named on its own: it describes other files
        else:
            yield from reader.read_file(path)
