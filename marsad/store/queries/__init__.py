"""Read queries for the HTTP API and the web UI: filters, keyset pagination, aggregates.

Every function takes a store (SQLite or PostgreSQL) or its connection, builds its SQL from fixed
fragments and passes user values as parameters only, and bounds its work with a LIMIT; the API
adds a time budget through :func:`set_deadline`. Nothing here writes. The SQL is shared by both
engines; what differs (full-text search, column lists) goes through :mod:`marsad.store.dialect`.
"""

from __future__ import annotations

from marsad.store.queries.actor_pages import (
    actor_name,
    actor_profile,
    actor_quotes,
    actors,
    graph,
)
from marsad.store.queries.agreements import (
    agreement_status,
    list_agreements,
)
from marsad.store.queries.common import (
    AUX_VALUES,
    EVENT_TYPES,
    MAX_LIMIT,
    QUAD_ALIASES,
    QUAD_OF,
    QUAD_ORDER,
    QUADS,
    Conn,
    Page,
    QueryError,
    check_code,
    check_date,
    columns,
    decode_cursor,
    encode_cursor,
    install_budget,
    is_cooperation,
    parse_dyad,
    quad_types,
    set_deadline,
)
from marsad.store.queries.events import (
    EXPORT_COLUMNS,
    EventFilter,
    flat_event,
    iter_events,
    list_events,
)
from marsad.store.queries.figures import (
    list_figures,
)
from marsad.store.queries.fulltext import (
    match_spans,
    query_terms,
    search,
    snippet,
)
from marsad.store.queries.stories import (
    cluster_detail,
    cluster_of,
    duplicates,
    list_clusters,
    list_stories,
    overview,
    sources,
    story_detail,
)
from marsad.store.queries.timelines import (
    timeline,
)

__all__ = [
    "AUX_VALUES",
    "EVENT_TYPES",
    "EXPORT_COLUMNS",
    "MAX_LIMIT",
    "QUADS",
    "QUAD_ALIASES",
    "QUAD_OF",
    "QUAD_ORDER",
    "Conn",
    "EventFilter",
    "Page",
    "QueryError",
    "actor_name",
    "actor_profile",
    "actor_quotes",
    "actors",
    "agreement_status",
    "check_code",
    "check_date",
    "cluster_detail",
    "cluster_of",
    "columns",
    "decode_cursor",
    "duplicates",
    "encode_cursor",
    "flat_event",
    "graph",
    "install_budget",
    "is_cooperation",
    "iter_events",
    "list_agreements",
    "list_clusters",
    "list_events",
    "list_figures",
    "list_stories",
    "match_spans",
    "overview",
    "parse_dyad",
    "quad_types",
    "query_terms",
    "search",
    "set_deadline",
    "snippet",
    "sources",
    "story_detail",
    "timeline",
]
