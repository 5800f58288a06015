"""`tadmor run`: read, analyse, store, resolve."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from tadmor.cli._common import (
    ActorsOpt,
    SourceFocusOpt,
    StoreOpt,
    _fail,
    _opened,
    _settings,
    app,
    err,
    out,
)
from tadmor.errors import TadmorError

if TYPE_CHECKING:
    from tadmor.model import Rejected


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .txt .html .jsonl .csv")],
    store: StoreOpt = "tadmor.duckdb",
    actors: ActorsOpt = None,
    reprocess: Annotated[bool, typer.Option(help="Re-analyse documents already stored.")] = False,
    source_focus: SourceFocusOpt = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Read reports, code events, merge them across sources and rebuild the control timeline."""
    from tadmor.pipeline import RunOptions
    from tadmor.pipeline import run as run_pipeline

    try:
        settings = _settings(store, actors, source_focus=source_focus)
    except TadmorError as exc:
        raise _fail(exc) from exc

    def on_rejected(r: Rejected) -> None:
        err.print(f"skipped {r.origin}: [{r.code}] {r.reason}", markup=False, highlight=False)

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
    with _opened(settings.store) as st, progress as bar:
        task = bar.add_task("analysing documents", total=None)
        report = run_pipeline(
            paths,
            settings=settings,
            store=st,
            options=RunOptions(
                reprocess=reprocess,
                progress=lambda n: bar.advance(task, n),
                on_rejected=on_rejected,
            ),
        )
    out.print(
        f"documents analysed: {report.documents}  skipped: {len(report.rejected)}  "
        f"event mentions: {report.event_mentions}\n"
        f"store {settings.store}: events {report.events}  claims {report.claims}  "
        f"control periods {report.control_periods}"
    )
    if report.rejected:
        raise typer.Exit(code=2)

