"""The FastAPI application: JSON API under /api, web pages at /, static files under /static."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad.api.pool import StorePool
from marsad.store.queries import QueryError

log = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_DIR = WEB_DIR / "static"

# Everything a page loads comes from this server: no CDN, no inline script, no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                                " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
                                " frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}

_STATUS_NAMES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 422: "invalid_parameter",
                 500: "internal_error", 503: "query_timeout"}

DESCRIPTION = """\
marsad codes Arabic news into political events (PLOVER types), each tied to the sentence that
states it. All endpoints are read-only. Lists are paged with an opaque `cursor`: pass back the
`next_cursor` of a page to get the next one (`null` at the end). Errors are JSON objects
`{"error": ..., "message": ..., "status": ...}`. Quad classes: verbal_cooperation (AGREE, CONSULT,
SUPPORT, CONCEDE), material_cooperation (COOPERATE, AID, RETREAT), verbal_conflict (REQUEST,
ACCUSE, REJECT, THREATEN), material_conflict (PROTEST, MOBILIZE, SANCTION, COERCE, ASSAULT).
"""


def error_json(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": _STATUS_NAMES.get(status, "error"), "message": message, "status": status,
                         **extra}, status_code=status)


def _wants_html(request: Request) -> bool:
    """Pages answer errors with a page; /api, /openapi.json and /static answer with JSON."""
    path = request.url.path
    if path.startswith(("/api/", "/static/")) or path in ("/api", "/openapi.json"):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "*/*" in accept or not accept


def create_app(db_path: str, readonly: bool = True, query_seconds: float = 5.0) -> FastAPI:
    """The marsad HTTP API and web UI over the store at ``db_path``.

    Read-only by default: the connections refuse writes (``PRAGMA query_only``). Every request's
    statements share a time budget of ``query_seconds``; a query that runs longer is interrupted
    and answered with 503.
    """
    pool = StorePool(str(db_path), readonly=readonly, query_seconds=query_seconds)

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        yield
        pool.close()

    app = FastAPI(title="marsad", version=_version(), description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.pool = pool
    app.state.readonly = readonly

    from marsad.api.routes import router as api_router
    from marsad.web.views import render_error
    from marsad.web.views import router as web_router

    app.include_router(api_router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.middleware("http")
    async def headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    def _error(request: Request, status: int, message: str, **extra: Any) -> Response:
        if _wants_html(request):
            return render_error(request, status, message)
        return error_json(status, message, **extra)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or endpoint: {request.url.path}"
        return _error(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        details = [{"parameter": ".".join(str(p) for p in e.get("loc", ())[1:]) or str(e.get("loc", "")),
                    "problem": e.get("msg", "")} for e in exc.errors()]
        message = "; ".join(f"{d['parameter']}: {d['problem']}" for d in details) or "invalid request"
        return _error(request, 422, message, details=details)

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> Response:
        return _error(request, 422, str(exc))

    @app.exception_handler(sqlite3.OperationalError)
    async def sqlite_error(request: Request, exc: sqlite3.OperationalError) -> Response:
        if "interrupted" in str(exc):
            return _error(request, 503, f"the query took longer than {query_seconds:g} s; narrow the filters")
        log.exception("store error on %s", request.url.path)
        return _error(request, 500, "store error")

    return app


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("marsad")
    except Exception:  # noqa: BLE001 - not installed: a source checkout
        return "0"

