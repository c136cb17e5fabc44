"""The web UI: server-rendered, right-to-left Arabic pages (English on request), no build step."""

from __future__ import annotations

import json
import time
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from marsad.api.routes import Cursor, DateFrom, DateTo, EventSort, FilterDep
from marsad.store import queries as Q
from marsad.web.charts import bar_rows, graph_chart, timeline_chart
from marsad.web.markup import Mark, highlight, mark_segment

WEB_DIR = Path(__file__).resolve().parent
router = APIRouter(include_in_schema=False)
LANGS = ("ar", "en")


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, str]]:
    with (WEB_DIR / "labels.json").open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def env() -> Environment:
    e = Environment(loader=FileSystemLoader(WEB_DIR / "templates"), autoescape=True, undefined=StrictUndefined,
                    trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    e.globals.update(quads=Q.QUAD_ORDER, event_types=Q.EVENT_TYPES, quad_of=Q.QUAD_OF, aux_values=Q.AUX_VALUES,
                     safe_url=safe_url)
    return e


def safe_url(url: str) -> str:
    """A link target for a URL taken from a scraped page: http(s) only, else nothing."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return ""
    return url.strip() if scheme in ("http", "https") else ""


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang") or "ar"
    return lang if lang in LANGS else "ar"


def page(request: Request, template: str, http_status: int = 200, **context: Any) -> HTMLResponse:
    started = time.perf_counter()
    lang = _lang(request)
    words = labels()[lang]

    def t(key: str) -> str:
        return words.get(key, key)

    def url(path: str, **params: Any) -> str:
        clean = {k: v for k, v in params.items() if v not in (None, "", False, [])}
        return path + ("?" + urlencode(clean, doseq=True) if clean else "")

    def here(**changes: Any) -> str:
        params = dict(request.query_params.multi_items())
        params.pop("lang", None)
        params.update(changes)
        return url(request.url.path, **params)

    other = "en" if lang == "ar" else "ar"
    html = env().get_template(template).render(
        request=request, lang=lang, dir="rtl" if lang == "ar" else "ltr", t=t, url=url, here=here,
        switch_url=here(lang=other), path=request.url.path, **context)
    response = HTMLResponse(html, status_code=http_status)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    response.headers["Server-Timing"] = f"render;dur={(time.perf_counter() - started) * 1000:.1f}"
    return response


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return page(request, "error.html", http_status=status, status_code=status, message=message)


def _store(request: Request) -> Any:
    return request.app.state.pool.store()


# -- search ---------------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, q: Annotated[str, Query(max_length=500)] = "", date_from: DateFrom = "",
                date_to: DateTo = "", source: Annotated[str, Query(max_length=200)] = "",
                sort: Annotated[str, Query(pattern="^(relevance|date|-date)$")] = "relevance",
                cursor: Cursor = None) -> HTMLResponse:
    with _store(request) as store:
        srcs = Q.sources(store, 100)
        info = Q.overview(store)
        result = latest = None
        hits: list[dict[str, Any]] = []
        if q.strip():
            result = Q.search(store, q, date_from, date_to, source, sort, 20, cursor)
            for h in result.items:
                hits.append({**h, "title_html": highlight(h["title"], h["title_spans"]),
                             "snippet_html": highlight(h["snippet"], h["snippet_spans"])})
        else:
            latest = Q.list_stories(store, date_from, date_to, source, "-date", 20, cursor)
    return page(request, "search.html", q=q, date_from=date_from, date_to=date_to, source=source, sort=sort,
                sources=srcs, info=info, result=result, hits=hits, latest=latest)


# -- story ----------------------------------------------------------------------------------------
@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: int) -> HTMLResponse:
    with _store(request) as store:
        story = Q.story_detail(store, story_id)
    if story is None:
        raise HTTPException(404, f"no story with id {story_id}")
    lang = _lang(request)
    marks: list[Mark] = []
    for m in story["mentions"]:
        title = " · ".join(x for x in (m["kind"], m["code"], m["sector"]) if x)
        attrs = {"title": title}
        if m["code"]:
            attrs["data-code"] = m["code"]
        marks.append(Mark(m["start"], m["end"], ("mention", f"k-{m['kind'].lower()}"), attrs))
    for k, ev in enumerate(story["events"]):
        s, e = ev["trigger_span"]
        marks.append(Mark(s, e, ("trigger", f"q-{ev['quad']}"),
                          {"data-event": str(k), "title": f"{ev['event']} {ev['mode']}".strip()}))
    segments = []
    title_html = None
    for seg in story["segments"]:
        html = mark_segment(seg["text"], seg["start"], story["sentences"], marks)
        if seg["role"] == "title" and title_html is None:
            title_html = html
        segments.append({"role": seg["role"], "html": html})
    for ev in story["events"]:
        ev["actor_names"] = [(p["code"], Q.actor_name(p["code"], lang), p["text"]) for p in ev["actor"]]
        ev["recipient_names"] = [(p["code"], Q.actor_name(p["code"], lang), p["text"]) for p in ev["recipient"]]
    return page(request, "story.html", story=story, segments=segments, title_html=title_html,
                link=safe_url(story["url"]))


# -- events ---------------------------------------------------------------------------------------
@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, flt: FilterDep, sort: EventSort = "-date", cursor: Cursor = None,
                limit: Annotated[int, Query(ge=1, le=Q.MAX_LIMIT)] = 50) -> HTMLResponse:
    with _store(request) as store:
        result = Q.list_events(store, flt, sort, limit, cursor)
    params = {k: v for k, v in request.query_params.multi_items() if k not in ("cursor", "lang", "limit")}
    return page(request, "events.html", flt=flt, sort=sort, result=result,
                export_query=urlencode([(k, v) for k, v in params.items() if v]))


# -- timeline -------------------------------------------------------------------------------------
@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, flt: FilterDep,
                  by: Annotated[str, Query(pattern="^(day|week|month)$")] = "week") -> HTMLResponse:
    with _store(request) as store:
        data = Q.timeline(store, flt, by, max_buckets=400)
    return page(request, "timeline.html", flt=flt, by=by, data=data, chart=timeline_chart(data))


# -- actors ---------------------------------------------------------------------------------------
@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, q: Annotated[str, Query(max_length=100)] = "", cursor: Cursor = None
                ) -> HTMLResponse:
    offset = int(Q.decode_cursor(cursor, 2)[0]) if cursor else 0
    with _store(request) as store:
        result = Q.actors(store, q, 100, max(0, offset), _lang(request))
    return page(request, "actors.html", q=q, result=result, rows=bar_rows(result.items, "events", 160))


@router.get("/actors/{code}", response_class=HTMLResponse)
def actor_page(request: Request, code: str,
               by: Annotated[str, Query(pattern="^(day|week|month)$")] = "week") -> HTMLResponse:
    with _store(request) as store:
        profile = Q.actor_profile(store, code, by, _lang(request))
    if profile is None:
        raise HTTPException(404, f"no actor with code {code.upper()} in this store")
    return page(request, "actor.html", a=profile, by=by, chart=timeline_chart(profile["timeline"], height=220),
                partners=bar_rows(profile["counterparts"], "events", 160),
                mix=bar_rows(profile["event_mix"], "count", 160))


# -- graph ----------------------------------------------------------------------------------------
@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request, flt: FilterDep, max_nodes: Annotated[int, Query(ge=2, le=80)] = 20,
               min_events: Annotated[int, Query(ge=1, le=100000)] = 1,
               max_edges: Annotated[int, Query(ge=1, le=1000)] = 60) -> HTMLResponse:
    with _store(request) as store:
        data = Q.graph(store, flt, max_nodes, min_events, max_edges)
    return page(request, "graph.html", flt=flt, max_nodes=max_nodes, min_events=min_events, max_edges=max_edges,
                chart={**graph_chart(data, _lang(request)), "hidden_edges": data["hidden_edges"]})


# -- agreements -----------------------------------------------------------------------------------
@router.get("/agreements", response_class=HTMLResponse)
def agreements_page(request: Request, party: Annotated[str, Query(max_length=24)] = "",
                    status: Annotated[str, Query(pattern="^(|in_force|ratified|signed|mentioned)$")] = "",
                    cursor: Cursor = None) -> HTMLResponse:
    with _store(request) as store:
        result = Q.list_agreements(store, party, "", status, 50, cursor)
    return page(request, "agreements.html", party=party, status=status, result=result)


# -- API documentation (served here, no CDN) ------------------------------------------------------
@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    endpoints = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "description": p.get("description", ""),
                       "type": _schema_type(p.get("schema", {}))} for p in op.get("parameters", [])]
            endpoints.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                              "description": op.get("description", ""), "params": params})
    return page(request, "docs.html", spec=spec, endpoints=endpoints,
                description=Markup("<br>").join(spec.get("info", {}).get("description", "").split("\n\n")))


def _schema_type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_schema_type(s) for s in schema["anyOf"])
    kind = schema.get("type", "")
    if kind == "array":
        return f"{_schema_type(schema.get('items', {}))}[]"
    extra = []
    for key in ("minimum", "maximum", "pattern", "maxLength"):
        if key in schema:
            extra.append(f"{key}={schema[key]}")
    if "default" in schema and schema["default"] not in ("", None, []):
        extra.append(f"default={schema['default']}")
    return kind + (f" ({', '.join(extra)})" if extra else "")


__all__ = ["render_error", "router"]
