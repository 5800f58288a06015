"""Shared pieces of the command line: the Typer apps, common options, error edges.

Library errors (TadmorError) become messages and exit codes here, and only here.
Exit codes: 0 success; 1 error; 2 the run finished but some inputs were skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from tadmor.errors import TadmorError
from tadmor.settings import LIMITS, Settings, parse_limits

if TYPE_CHECKING:
    from tadmor.store import Store

app = typer.Typer(
    help="Tadmor: news reports about armed conflict in; sourced ACLED-style events, "
    "a control timeline and a cited briefing out. Offline.",
    no_args_is_help=True,
    add_completion=False,
)
eval_app = typer.Typer(help="Score Tadmor against gold data.", no_args_is_help=True)
gazetteer_app = typer.Typer(help="Manage the offline gazetteer index.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(gazetteer_app, name="gazetteer")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

StoreOpt = Annotated[
    str,
    typer.Option(
        "--store", "-s", help="DuckDB file (or postgresql:// URL).", envvar="TADMOR_STORE"
    ),
]
ActorsOpt = Annotated[
    list[Path] | None,
    typer.Option("--actors", help="Extra actor dictionary (YAML); may be repeated."),
]


class EventFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    csv = "csv"
    acled = "acled"
    acled_legacy = "acled-legacy"
    json = "json"
    geojson = "geojson"
    parquet = "parquet"


def _version(value: bool) -> None:
    if value:
        from tadmor.store.export import tadmor_version

        out.print(f"tadmor {tadmor_version()}", highlight=False)
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Tadmor: news reports about armed conflict in; sourced ACLED-style events, a control
    timeline and a cited briefing out. Offline."""


def _settings(
    store: str,
    actors: list[Path] | None = None,
    *,
    source_focus: bool = True,
    limits: list[str] | None = None,
) -> Settings:
    return Settings.create(
        store=store,
        actor_files=tuple(actors or ()),
        source_focus=source_focus,
        **parse_limits(limits or ()),
    )


LimitOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--limit",
        help="Raise a limit on hostile input, NAME=VALUE (may be repeated or comma-separated): "
        + ", ".join(LIMITS)
        + ". README: Bad input.",
        envvar="TADMOR_LIMITS",
    ),
]


SourceFocusOpt = Annotated[
    bool,
    typer.Option(
        help="Learn each source's provinces from its other reports: a local paper's bare "
        '"Paris" is then its own town. Off for feeds whose source is an aggregator.'
    ),
]


def _fail(exc: TadmorError) -> typer.Exit:
    from rich.markup import escape

    from tadmor.cli._safe import safe

    err.print(f"[red]error[/red] {escape(safe(exc))}")
    return typer.Exit(code=1)


@contextmanager
def _opened(path: str, *, must_exist: bool = False) -> Iterator[Store]:
    """Open a store for one command; library errors become CLI errors here, and only here.

    Read commands pass ``must_exist``: a store that does not exist is then an error that
    names the path, instead of a new empty store."""
    from tadmor.store import open_store

    try:
        st = open_store(path, must_exist=must_exist)
    except TadmorError as exc:
        raise _fail(exc) from exc
    try:
        yield st
    except TadmorError as exc:
        raise _fail(exc) from exc
    finally:
        st.close()


def _date(s: str | None) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat(s)
    except ValueError as exc:
        raise typer.BadParameter(f"{s!r} is not a YYYY-MM-DD date") from exc

