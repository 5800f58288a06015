"""A dataset the workers read themselves: JSON-lines or Parquet files cut into partitions.

With ``tadmor run --cluster ADDR --dataset PATH...`` the main process only lists the
partitions (for JSON lines it reads the files once to find line boundaries, without
decoding them; for Parquet it reads the row counts); each worker reads its own partition
from a path all workers can read (a shared or mounted file system), removes duplicates
within it and analyses it. Documents that other partitions or earlier runs stored already
are left out by the main process when it writes.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tadmor.errors import TadmorError
from tadmor.ingest import dedup_documents
from tadmor.ingest.readers import document_from_mapping, read_jsonl_lines
from tadmor.model import Document, Rejected
from tadmor.scale.work import Chunk, ChunkResult, analyse_chunk, analyzer_for
from tadmor.settings import Settings

SUFFIXES = (".jsonl", ".parquet")


@dataclass(frozen=True, slots=True)
class Partition:
    """Rows ``[start, stop)`` of one file: bytes of a JSON-lines file (starting at line
    ``first_line``), or row numbers of a Parquet file."""

    index: int
    path: str
    kind: str  # "jsonl" or "parquet"
    start: int
    stop: int
    first_line: int = 1

    @property
    def origin(self) -> str:
        return f"{self.path}[{self.start}:{self.stop}]"


def dataset_files(paths: Sequence[Path | str]) -> list[Path]:
    """The .jsonl and .parquet files of ``paths`` (folders searched recursively, sorted)."""
    files: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.suffix in SUFFIXES and f.is_file()))
        elif p.is_file() and p.suffix in SUFFIXES:
            files.append(p)
        else:
            raise TadmorError(
                "E120", f"{p}: not a .jsonl or .parquet file or a folder of them (--dataset)"
            )
    return files


def partitions(paths: Sequence[Path | str], *, settings: Settings) -> Iterator[Partition]:
    """The partitions of a dataset, about ``settings.chunk_size`` records each."""
    index = 0
    for f in dataset_files(paths):
        cuts = _jsonl_cuts(f, settings.chunk_size) if f.suffix == ".jsonl" else None
        if cuts is not None:
            for (start, line), (stop, _) in itertools.pairwise(cuts):
                yield Partition(index, str(f), "jsonl", start, stop, line)
                index += 1
        else:
            rows = _parquet_rows(f)
            for start in range(0, rows, settings.chunk_size):
                stop = min(rows, start + settings.chunk_size)
                yield Partition(index, str(f), "parquet", start, stop)
                index += 1


def _jsonl_cuts(path: Path, size: int) -> list[tuple[int, int]]:
    """(byte offset, line number) of every ``size``-th line, and of the file's end."""
    cuts = [(0, 1)]
    offset = 0
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            offset += len(raw)
            if lineno % size == 0:
                cuts.append((offset, lineno + 1))
    if cuts[-1][0] != offset:
        cuts.append((offset, -1))
    return cuts


def _parquet_rows(path: Path) -> int:
    import duckdb

    with duckdb.connect() as conn:
        row = conn.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()
    return int(row[0]) if row else 0


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def read_partition(part: Partition, *, settings: Settings) -> Iterator[Document | Rejected]:
    """The documents (or rejections) of one partition."""
    if part.kind == "jsonl":
        with open(part.path, "rb") as fh:
            fh.seek(part.start)
            data = fh.read(part.stop - part.start)
        yield from read_jsonl_lines(
            data.splitlines(keepends=True),
            name=part.path,
            settings=settings,
            first_line=part.first_line,
        )
        return
    import duckdb

    with duckdb.connect() as conn:
        cur = conn.execute(
            "SELECT * FROM read_parquet(?, file_row_number = true) "
            "WHERE file_row_number >= ? AND file_row_number < ? ORDER BY file_row_number",
            [part.path, part.start, part.stop],
        )
        names = [d[0] for d in cur.description]
        rows = cur.fetchall()
    for row in rows:
        record = {n: _plain(v) for n, v in zip(names, row, strict=True)}
        number = record.pop("file_row_number")
        yield document_from_mapping(record, origin=f"{part.path}#{number}", settings=settings)


def analyse_partition(settings: Settings, part: Partition) -> ChunkResult:
    """Read and analyse one partition (what a worker runs)."""
    rejected: list[Rejected] = []
    docs: list[Document] = []
    try:
        items = list(read_partition(part, settings=settings))
    except Exception as exc:  # OSError, or duckdb's error for a file that is not Parquet
        items = [Rejected(part.origin, "E109", f"{part.origin}: unreadable ({exc})")]
    for item in dedup_documents(items, threshold=settings.near_duplicate_threshold):
        if isinstance(item, Rejected):
            rejected.append(item)
        else:
            docs.append(item)
    res = analyse_chunk(analyzer_for(settings), Chunk(part.index, tuple(docs)))
    return dataclasses.replace(res, rejected=(*rejected, *res.rejected))


def lost_partition(part: Partition, reason: str) -> ChunkResult:
    """The result of a partition that could not be analysed (its worker kept dying)."""
    return ChunkResult(
        index=part.index,
        analysed=(),
        rejected=(Rejected(part.origin, "E191", f"{part.origin}: analysis lost: {reason}"),),
        parsed_documents=0,
        text_chars=0,
        parsed_chars=0,
        cpu_seconds=0.0,
    )
