"""The FastAPI app: the read and write API under ``/api``, the web UI at ``/``.

Every asset of the UI is in the package (``tadmor/api/static``): it works offline, and its
Content-Security-Policy lets a page load nothing from anywhere else.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from tadmor.api.schemas import InfoOut
from tadmor.api.state import ApiConfig, ApiState
from tadmor.errors import TadmorError
from tadmor.settings import Settings
from tadmor.store import Store

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
_DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


class _SecurityHeaders:
    """Adds the CSP and related headers to every response (pure ASGI, cheap)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                csp = _DOCS_CSP if path.startswith(("/docs", "/redoc")) else CSP
                headers += [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tadmor")
    except PackageNotFoundError:
        return "unknown"


def _static_dir() -> str:
    return str(resources.files("tadmor.api") / "static")


@lru_cache(maxsize=1)
def _basemap() -> bytes:
    """Country outlines (Natural Earth 1:110m, shipped with the report) as GeoJSON."""
    import json

    from tadmor.report.mapsvg import load_outlines

    features = [
        {
            "type": "Feature",
            "properties": {"name": c.name},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [[[[x, y] for x, y in ring]] for ring in c.rings],
            },
        }
        for c in load_outlines()
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode("ascii")


def create_app(settings: Settings, store: Store, config: ApiConfig | None = None) -> FastAPI:
    """The app over ``store``. ``config`` defaults to :meth:`ApiConfig.from_env` (the write
    token from ``TADMOR_API_TOKEN``; without one the app is read-only)."""
    from tadmor.api import reads, writes

    app = FastAPI(
        title="Tadmor",
        version=_version(),
        description="Sourced, geocoded conflict events in ACLED's schema: every field points "
        "at the words that justify it. Writes need the API token.",
        docs_url=None,  # served below from the package's own copy of Swagger UI
        redoc_url=None,
    )
    app.state.tadmor = ApiState(
        settings=settings, store=store, config=config or ApiConfig.from_env()
    )

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "body"
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return JSONResponse({"detail": "; ".join(parts) or "bad request"}, status_code=422)

    @app.exception_handler(TadmorError)
    async def _tadmor_error(request: Request, exc: TadmorError) -> JSONResponse:
        return JSONResponse({"detail": str(exc), "code": exc.code}, status_code=500)

    app.include_router(reads.router)
    app.include_router(writes.router)

    @app.get("/api/basemap", include_in_schema=False)
    def basemap() -> Response:
        return Response(_basemap(), media_type="application/geo+json")

    @app.get("/api/info", tags=["read"], response_model=InfoOut)
    def info() -> InfoOut:
        """The version, whether this server accepts writes, and how many events it serves."""
        state: ApiState = app.state.tadmor
        return InfoOut(
            version=_version(),
            writable=state.config.token is not None,
            max_upload_bytes=state.config.max_upload_bytes,
            events=len(state.index()),
        )

    static = _static_dir()

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        from fastapi.openapi.docs import get_swagger_ui_html

        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Tadmor API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
        )

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(f"{static}/index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=static), name="static")
    app.add_middleware(_SecurityHeaders)
    return app
