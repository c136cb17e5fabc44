"""JSON endpoints under /api (OpenAPI at /openapi.json, browsable at /docs)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from marsad.api.pool import StorePool
from marsad.store import Store
from marsad.store import queries as Q

router = APIRouter(prefix="/api")

Limit = Annotated[int, Query(ge=1, le=Q.MAX_LIMIT, description=f"Items per page (at most {Q.MAX_LIMIT}).")]
Cursor = Annotated[str | None, Query(max_length=400, description="`next_cursor` of the previous page.")]
DateFrom = Annotated[str, Query(max_length=10, pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$",
                                description="Earliest date, YYYY[-MM[-DD]].")]
DateTo = Annotated[str, Query(max_length=10, pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$",
                              description="Latest date, YYYY[-MM[-DD]].")]
Code = Annotated[str, Query(max_length=24, pattern=r"^[A-Za-z0-9_.\-]*$")]
Lang = Annotated[str, Query(pattern="^(ar|en)$", description="Language of actor names.")]


def get_store(request: Request) -> Iterator[Store]:
    pool: StorePool = request.app.state.pool
    with pool.store() as store:
        yield store


StoreDep = Annotated[Store, Depends(get_store)]


def event_filter(
    type: Annotated[list[str], Query(description="PLOVER type(s), repeat or comma-separate: CONSULT,AGREE.",
                                     max_length=20)] = [],  # noqa: B006 - FastAPI reads the default
    quad: Annotated[str, Query(max_length=24, description="Quad class: verbal_cooperation, material_cooperation,"
                                                         " verbal_conflict, material_conflict (or 1-4, "
                                                         "cooperation, conflict).")] = "",
    actor: Annotated[str, Query(max_length=24, description="Actor code, e.g. RUS.")] = "",
    recipient: Annotated[str, Query(max_length=24, description="Recipient code, e.g. IRN.")] = "",
    dyad: Annotated[str, Query(max_length=50, description="Two codes, e.g. RUS-IRN: events between them.")] = "",
    directed: Annotated[bool, Query(description="With dyad: only first code → second code.")] = False,
    country: Annotated[str, Query(max_length=24, description="Code as actor, recipient or location.")] = "",
    party: Annotated[str, Query(max_length=24, description="Code as actor or recipient.")] = "",
    date_from: DateFrom = "",
    date_to: DateTo = "",
    aux: Annotated[str, Query(description="asserted, future, negated, historical or hypothetical.",
                              max_length=16)] = "",
    min_sources: Annotated[str, Query(pattern=r"^\d{0,4}$", description="Reported by at least this many"
                                                                    " outlets (a number; empty means any).")] = "",
    story_id: Annotated[int | None, Query(ge=1)] = None,
    all_reports: Annotated[bool, Query(description="List every report of a happening, not just its first"
                                                   " (where the store links reports).")] = False,
) -> Q.EventFilter:
    types = tuple(t for item in type for t in item.split(",") if t.strip())
    return Q.EventFilter(types=types, quad=quad, actor=actor, recipient=recipient, dyad=dyad, directed=directed,
                         country=country, party=party, date_from=date_from, date_to=date_to, aux=aux,
                         min_sources=int(min_sources or 0), story_id=story_id, unique=not all_reports)


FilterDep = Annotated[Q.EventFilter, Depends(event_filter)]
EventSort = Annotated[str, Query(pattern="^-?(date|id|type)$", description="date, -date, id, -id, type, -type.")]


def _page(page: Q.Page, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"items": page.items, "next_cursor": page.next_cursor, "count": len(page.items)}
    if page.total is not None:
        body["total"] = page.total
    body.update(page.extra)
    body.update(extra)
    return JSONResponse(body)


@router.get("", summary="What this server holds")
def overview(request: Request, store: StoreDep) -> JSONResponse:
    return JSONResponse({**Q.overview(store), "readonly": request.app.state.readonly,
                         "endpoints": ["/api/stories", "/api/stories/{id}", "/api/events", "/api/events.csv",
                                       "/api/events.jsonl", "/api/actors", "/api/actors/{code}", "/api/graph",
                                       "/api/agreements", "/api/figures", "/api/clusters", "/api/search",
                                       "/api/timeline", "/api/sources"]})


@router.get("/stories", summary="Stories, newest first, with date and source filters")
def stories(store: StoreDep, date_from: DateFrom = "", date_to: DateTo = "",
            source: Annotated[str, Query(max_length=200)] = "",
            sort: Annotated[str, Query(pattern="^-?(date|id)$")] = "-date",
            limit: Limit = 50, cursor: Cursor = None) -> JSONResponse:
    return _page(Q.list_stories(store, date_from, date_to, source, sort, limit, cursor))


@router.get("/stories/{story_id}", summary="One story: text, mentions, events, quotes, agreements, provenance")
def story(store: StoreDep, story_id: Annotated[int, Path(ge=1, le=2**62)]) -> JSONResponse:
    found = Q.story_detail(store, story_id)
    if found is None:
        raise HTTPException(404, f"no story with id {story_id}")
    return JSONResponse(found)


@router.get("/sources", summary="Sources with their number of stories")
def sources(store: StoreDep) -> JSONResponse:
    return JSONResponse({"items": Q.sources(store)})


@router.get("/events", summary="Events with filters, sorting and cursor pagination")
def events(store: StoreDep, flt: FilterDep, sort: EventSort = "-date", limit: Limit = 50,
           cursor: Cursor = None) -> JSONResponse:
    return _page(Q.list_events(store, flt, sort, limit, cursor))


def _export(request: Request, store: Store, flt: Q.EventFilter, sort: str, max_rows: int, fmt: str
            ) -> StreamingResponse:
    flt.where(store.conn)  # bad filters answer 422 here, before the stream starts
    pool: StorePool = request.app.state.pool

    def rows() -> Iterator[str]:
        own = pool.acquire()  # a connection of its own: the stream outlives the request's
        try:
            buf = io.StringIO()
            writer = csv.writer(buf)
            if fmt == "csv":
                writer.writerow(Q.EXPORT_COLUMNS)
            n = 0
            for rec in Q.iter_events(own, flt, sort, max_rows, step_seconds=pool.query_seconds):
                if fmt == "csv":
                    writer.writerow(Q.flat_event(rec))
                else:
                    buf.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
                if n % 500 == 0:
                    yield buf.getvalue()
                    buf.seek(0)
                    buf.truncate()
            yield buf.getvalue()
        finally:
            pool.release(own)

    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    return StreamingResponse(rows(), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="marsad-events.{fmt}"'})


MaxRows = Annotated[int, Query(ge=1, le=1_000_000, description="Stop after this many events.")]


@router.get("/events.csv", summary="All matching events as CSV, streamed")
def events_csv(request: Request, store: StoreDep, flt: FilterDep, sort: EventSort = "id",
               max_rows: MaxRows = 1_000_000) -> StreamingResponse:
    return _export(request, store, flt, sort, max_rows, "csv")


@router.get("/events.jsonl", summary="All matching events as JSON lines, streamed")
def events_jsonl(request: Request, store: StoreDep, flt: FilterDep, sort: EventSort = "id",
                 max_rows: MaxRows = 1_000_000) -> StreamingResponse:
    return _export(request, store, flt, sort, max_rows, "jsonl")


@router.get("/timeline", summary="Event counts per day, week or month, stacked by quad class")
def timeline(store: StoreDep, flt: FilterDep,
             by: Annotated[str, Query(pattern="^(day|week|month)$")] = "week") -> JSONResponse:
    return JSONResponse(Q.timeline(store, flt, by))


@router.get("/actors", summary="Actors with their numbers of events and mentions")
def actors(store: StoreDep, q: Annotated[str, Query(max_length=100, description="Code or name contains.")] = "",
           limit: Limit = 50, cursor: Cursor = None, lang: Lang = "ar") -> JSONResponse:
    offset = 0
    if cursor:
        offset = int(Q.decode_cursor(cursor, 2)[0])
        if not 0 <= offset <= 1_000_000:
            raise Q.QueryError("cursor is not one this server issued")
    return _page(Q.actors(store, q, limit, offset, lang))


@router.get("/actors/{code}", summary="One actor: counterparts, event mix, timeline, quotes")
def actor(store: StoreDep, code: Annotated[str, Path(max_length=24, pattern=r"^[A-Za-z0-9_.\-]+$")],
          by: Annotated[str, Query(pattern="^(day|week|month)$")] = "week", lang: Lang = "ar") -> JSONResponse:
    found = Q.actor_profile(store, code, by, lang)
    if found is None:
        raise HTTPException(404, f"no actor with code {code.upper()} in this store")
    return JSONResponse(found)


@router.get("/graph", summary="Relations between actors: nodes, and edges weighted by events")
def graph(store: StoreDep, flt: FilterDep, max_nodes: Annotated[int, Query(ge=2, le=200)] = 30,
          min_events: Annotated[int, Query(ge=1, le=100000)] = 1,
          max_edges: Annotated[int, Query(ge=1, le=5000)] = 500) -> JSONResponse:
    return JSONResponse(Q.graph(store, flt, max_nodes, min_events, max_edges))


@router.get("/agreements", summary="The agreements register: parties, dates, status, linked events")
def agreements(store: StoreDep, party: Code = "", kind: Annotated[str, Query(max_length=40)] = "",
               status: Annotated[str, Query(pattern="^(|in_force|ratified|signed|mentioned)$")] = "",
               limit: Limit = 50, cursor: Cursor = None) -> JSONResponse:
    return _page(Q.list_agreements(store, party, kind, status, limit, cursor))


@router.get("/figures", summary="Figures stated as facts: values, units, what they measure, parties")
def figures(store: StoreDep, measure: Annotated[str, Query(max_length=40)] = "",
            unit: Annotated[str, Query(max_length=40)] = "", party: Code = "",
            story_id: Annotated[int | None, Query(ge=1)] = None, limit: Limit = 50,
            cursor: Cursor = None) -> JSONResponse:
    return _page(Q.list_figures(store, measure, party, unit, story_id, limit, cursor))


@router.get("/clusters", summary="Story clusters: the same news across outlets, largest first")
def clusters(store: StoreDep, min_outlets: Annotated[int, Query(ge=1, le=1000)] = 1,
             min_stories: Annotated[int, Query(ge=1, le=100000)] = 2, limit: Limit = 50,
             cursor: Cursor = None) -> JSONResponse:
    return _page(Q.list_clusters(store, min_outlets, min_stories, limit, cursor))


@router.get("/clusters/{cluster_id}", summary="One story cluster with its stories")
def cluster(store: StoreDep, cluster_id: Annotated[int, Path(ge=1, le=2**62)]) -> JSONResponse:
    found = Q.cluster_detail(store, cluster_id)
    if found is None:
        raise HTTPException(404, f"no cluster with id {cluster_id}")
    return JSONResponse(found)


@router.get("/search", summary="Full-text search over stories (Arabic-aware)",
            description='Diacritics, alef/hamza forms, taa marbuta and proclitics do not matter. Use "quoted'
                        ' phrases", OR between terms, and -word to exclude. Query syntax is never passed to SQL.')
def search(store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=500)],
           date_from: DateFrom = "", date_to: DateTo = "", source: Annotated[str, Query(max_length=200)] = "",
           sort: Annotated[str, Query(pattern="^(relevance|date|-date)$")] = "relevance",
           limit: Annotated[int, Query(ge=1, le=100)] = 20, cursor: Cursor = None) -> JSONResponse:
    return _page(Q.search(store, q, date_from, date_to, source, sort, limit, cursor), query=q)
