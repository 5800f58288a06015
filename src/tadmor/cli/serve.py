"""`tadmor serve`: the web app and API over a store."""

from __future__ import annotations

from typing import Annotated

import typer

from tadmor.cli._common import StoreOpt, _fail, app, err
from tadmor.errors import TadmorError


@app.command()
def serve(
    store: StoreOpt = "tadmor.duckdb",
    host: Annotated[str, typer.Option(help="Address to listen on (local only by default).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    max_upload_mb: Annotated[
        float, typer.Option(help="Largest document upload accepted, in MB.")
    ] = 5.0,
) -> None:
    """Serve the web app (map, table, event pages, review queue) and the API (/docs).

    Writes (uploads, corrections) need TADMOR_API_TOKEN set; without it the server is
    read-only.
    """
    try:
        import uvicorn

        from tadmor.api import ApiConfig, create_app
    except ImportError as exc:
        err.print(
            f"[red]error[/red] the web app needs its extra: pip install 'tadmor[serve]' ({exc})"
        )
        raise typer.Exit(code=1) from exc
    from tadmor.settings import Settings
    from tadmor.store import open_store

    try:
        settings = Settings.create(store=store)
        st = open_store(store, must_exist=True)
    except TadmorError as exc:
        raise _fail(exc) from exc
    config = ApiConfig.from_env(max_upload_bytes=int(max_upload_mb * 1_000_000))
    mode = "read-write (token set)" if config.token else "read-only (no TADMOR_API_TOKEN)"
    try:
        app_ = create_app(settings, st, config)
        err.print("reading the events…")
        n = len(app_.state.tadmor.index())
        err.print(
            f"Tadmor on http://{host}:{port}/ ({n:,} events)  API docs http://{host}:{port}/docs"
            f"  {mode}"
        )
        uvicorn.run(app_, host=host, port=port, log_level="warning")
    except TadmorError as exc:
        raise _fail(exc) from exc
    finally:
        st.close()
