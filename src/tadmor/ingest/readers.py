"""Read input files and folders into :class:`~tadmor.model.Document` records.

Supported: ``.txt``/``.md`` (plain text), ``.html``/``.htm`` (article body by trafilatura,
publication date by htmldate), ``.jsonl``/``.ndjson`` and ``.csv`` dumps of records
(tadmor.ingest.dumps). A ``metadata.jsonl`` sidecar in a folder gives the title/url/source/
publication date of the plain files beside it. Every file and every record is its own failure
domain: bad input becomes a :class:`~tadmor.model.Rejected` with a stable code and a reason
naming its origin (file, and line for dumps), whatever goes wrong; the rest of the batch goes on.

Codes: E101 empty, E102 binary, E103 too short after cleaning, E104 too large (limits in
Settings), E105 malformed JSON/CSV line, E106 unsupported file, E107 HTML without an article,
E108 record without text, E109 unreadable file (also symbolic-link loops and non-regular files),
E110 JSON nested too deeply, E111 number too long, E112 line too long, E113 over the time
budget, E114 a reader failed on this input, E115 skipped on purpose (hidden files and folders,
a folder's README/LICENSE/NOTICE/CHANGELOG/COPYING: name the file to read it), E116 ambiguous
CSV header (duplicate columns).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tadmor.ingest.dumps import JsonLimitError, load_json, read_csv, read_jsonl, read_jsonl_lines
from tadmor.ingest.records import (
    DATE_KEYS,
    LANGUAGE_KEYS,
    SOURCE_KEYS,
    TITLE_KEYS,
    URL_KEYS,
    document_from_record,
    first_str,
    record_to_document,
)
from tadmor.ingest.textfix import (
    Decoded,
    decode_bytes,
    detect_wide_encoding,
    display_path,
    looks_binary,
    path_flags,
)
from tadmor.model import Document, Rejected
from tadmor.settings import Settings

__all__ = [
    "MAX_FILE_BYTES",
    "SIDECAR_NAME",
    "Decoded",
    "decode_bytes",
    "document_from_mapping",
    "document_from_record",
    "read_inputs",
    "read_jsonl_lines",
]

MAX_FILE_BYTES = Settings().max_file_bytes  # the default of Settings.max_file_bytes
SIDECAR_NAME = "metadata.jsonl"

_PLAIN = frozenset({".txt", ".md"})
_HTML = frozenset({".html", ".htm"})
_JSONL = frozenset({".jsonl", ".ndjson"})
_CSV = frozenset({".csv"})
_SUPPORTED = ".txt, .md, .html, .htm, .jsonl, .ndjson, .csv"
# files a dataset folder carries about itself; read only when named explicitly
_FOLDER_DOCS = re.compile(r"^(?:readme|license|licence|changelog|copying|notice)(?:\.\w+)?$", re.I)


def document_from_mapping(
    record: Mapping[str, Any], *, origin: str, settings: Settings
) -> Document | Rejected:
    """A Document from one record of a dump (a JSON object, a Parquet row): its text from
    ``text``/``content``/``body`` (or ``html``), with title, url, source and date fields.
    Whatever fails for this record is its Rejected (E114)."""
    try:
        return record_to_document(record, origin=origin, settings=settings)
    except Exception as exc:  # one record's failure is that record's, whatever it is
        return Rejected(
            origin, "E114", f"{origin}: could not be read ({type(exc).__name__}: {str(exc)[:200]})"
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


def _sidecar_lines(data: bytes) -> list[str | None]:
    wide = detect_wide_encoding(data[:32768])
    if wide is not None:
        return list(data[wide[1] :].decode(wide[0], errors="replace").splitlines())
    return [None if (d := decode_bytes(raw)) is None else d.text for raw in data.splitlines()]


def _load_sidecar(folder: Path, settings: Settings) -> _Sidecar:
    sidecar = folder / SIDECAR_NAME
    shown = display_path(sidecar)
    if not sidecar.is_file():
        return _Sidecar({}, ())
    entries: dict[str, _Meta] = {}
    problems: list[Rejected] = []
    try:
        if sidecar.stat().st_size > settings.max_file_bytes:
            return _Sidecar(
                {},
                (
                    Rejected(
                        shown,
                        "E104",
                        f"{shown}: larger than max_file_bytes={settings.max_file_bytes:,}",
                    ),
                ),
            )
        raw_lines = _sidecar_lines(sidecar.read_bytes())
    except OSError as exc:
        return _Sidecar(
            {}, (Rejected(shown, "E109", f"{shown}: unreadable ({exc.strerror or exc})"),)
        )
    for lineno, line in enumerate(raw_lines, start=1):
        origin = f"{shown}:{lineno}"
        if line is not None and not line.strip():
            continue
        try:
            obj = load_json(line, settings) if line is not None else None
        except JsonLimitError as exc:
            problems.append(Rejected(origin, exc.code, f"{origin}: {exc.message}"))
            continue
        except ValueError:
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
        try:
            key = _key(folder / obj["file"])
        except ValueError:  # a NUL in the name
            problems.append(Rejected(origin, "E105", f"{origin}: invalid file name"))
            continue
        entries[key] = _Meta(
            title=first_str(obj, TITLE_KEYS),
            url=first_str(obj, URL_KEYS),
            source=first_str(obj, SOURCE_KEYS),
            published=first_str(obj, DATE_KEYS),
            language=first_str(obj, LANGUAGE_KEYS),
        )
    return _Sidecar(entries, tuple(problems))


# --- files and folders ----------------------------------------------------------------------


def _skipped(path: Path, why: str) -> Rejected:
    shown = display_path(path)
    return Rejected(shown, "E115", f"{shown}: skipped on purpose ({why}; name it to read it)")


class _Reader:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._sidecars: dict[str, _Sidecar] = {}

    def _meta_for(self, path: Path) -> tuple[_Meta, tuple[Rejected, ...]]:
        folder = _key(path.parent)
        problems: tuple[Rejected, ...] = ()
        if folder not in self._sidecars:
            self._sidecars[folder] = _load_sidecar(path.parent, self.settings)
            problems = self._sidecars[folder].problems
        return self._sidecars[folder].entries.get(_key(path), _Meta()), problems

    def read_file(self, path: Path) -> Iterator[Document | Rejected]:
        """One file's Documents and Rejected records; whatever fails is a Rejected (E114)."""
        origin = display_path(path)
        try:
            yield from self._read_file(path, origin)
        except Exception as exc:  # a reader's failure on one file is that file's
            yield Rejected(
                origin,
                "E114",
                f"{origin}: could not be read ({type(exc).__name__}: {str(exc)[:200]})",
            )

    def _read_file(self, path: Path, origin: str) -> Iterator[Document | Rejected]:
        ext = path.suffix.lower()
        flags = path_flags(path)
        if ext not in _PLAIN | _HTML | _JSONL | _CSV:
            shown = display_path(ext) if ext else "no extension"
            yield Rejected(
                origin, "E106", f"{origin}: unsupported file type ({shown}); expected {_SUPPORTED}"
            )
            return
        settings = self.settings
        try:
            if not path.is_file():
                why = "a symbolic link that does not resolve (a loop or a missing target)"
                if not path.is_symlink():
                    why = "not a regular file"
                yield Rejected(origin, "E109", f"{origin}: {why}")
                return
            size = path.stat().st_size
            if size == 0:
                yield Rejected(origin, "E101", f"{origin}: empty file")
                return
            if ext in _JSONL | _CSV:
                if ext in _JSONL:
                    with path.open("rb") as fh:
                        head = fh.read(32768)
                    if detect_wide_encoding(head) is None and looks_binary(head):
                        yield Rejected(origin, "E102", f"{origin}: binary file, not a text dump")
                        return
                    yield from read_jsonl(path, name=origin, settings=settings, flags=flags)
                else:
                    yield from read_csv(path, name=origin, settings=settings, flags=flags)
                return
            meta, problems = self._meta_for(path)
            yield from problems
            if size > settings.max_file_bytes:
                yield Rejected(
                    origin,
                    "E104",
                    f"{origin}: {size:,} bytes, more than max_file_bytes="
                    f"{settings.max_file_bytes:,}",
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
            settings=settings,
            language=meta.language,
            flags=(*flags, *decoded.flags),
        )

    def read_folder(self, root: Path) -> Iterator[Document | Rejected]:
        errors: list[OSError] = []
        found: list[Path] = []
        hidden: list[Path] = []  # hidden folders (hidden files are in found)
        links: list[Path] = []  # symbolic links to folders: not followed (no loops)
        for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
            hidden.extend(Path(dirpath) / d for d in dirnames if d.startswith("."))
            links.extend(
                Path(dirpath) / d
                for d in dirnames
                if not d.startswith(".") and os.path.islink(os.path.join(dirpath, d))
            )
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            found.extend(Path(dirpath) / f for f in filenames)
        for err in errors:
            where = display_path(err.filename or root)
            yield Rejected(where, "E109", f"{where}: unreadable folder ({err.strerror or err})")
        for path in sorted([*found, *hidden, *links], key=lambda p: p.relative_to(root).parts):
            if path in links:
                yield _skipped(path, "a symbolic link to a folder, not followed")
            elif path.name == SIDECAR_NAME:
                continue  # metadata about the files beside it, not a document
            elif path.name.startswith("."):
                yield _skipped(path, "a hidden " + ("folder" if path in hidden else "file"))
            elif _FOLDER_DOCS.match(path.name):
                yield _skipped(path, "a folder's README/LICENSE/NOTICE documents the folder")
            else:
                yield from self.read_file(path)


def read_inputs(
    paths: Sequence[Path | str], *, settings: Settings
) -> Iterator[Document | Rejected]:
    """Read files and folders (recursively, in sorted order) into Documents or Rejected records.

    A file named ``metadata.jsonl`` in a folder is the metadata sidecar of the files beside it,
    never a document. Files and folders whose names start with a dot, and a folder's README,
    LICENSE, NOTICE, CHANGELOG and COPYING files, are skipped and named (E115); a file named
    on the command line is always read.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    reader = _Reader(settings)
    for item in paths:
        path = Path(item)
        shown = display_path(path)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
            dangling = not exists and path.is_symlink()
        except OSError as exc:
            yield Rejected(shown, "E109", f"{shown}: unreadable ({exc.strerror or exc})")
            continue
        if is_dir:
            try:
                yield from reader.read_folder(path)
            except Exception as exc:  # a failure walking one folder is that folder's
                yield Rejected(
                    shown, "E114", f"{shown}: could not be read ({type(exc).__name__}: {exc})"
                )
        elif dangling:
            yield Rejected(
                shown,
                "E109",
                f"{shown}: a symbolic link that does not resolve (a loop or a missing target)",
            )
        elif not exists:
            yield Rejected(shown, "E109", f"{shown}: no such file or folder")
        elif path.name == SIDECAR_NAME:
            continue  # a sidecar named on its own: it describes other files
        else:
            yield from reader.read_file(path)
