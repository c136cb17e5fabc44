"""Geometry of the SVG charts, computed on the server; templates only draw what this returns."""

from __future__ import annotations

import math
from typing import Any

from marsad.store.queries import QUAD_ORDER


def _ticks(value: int, most: int = 5) -> list[int]:
    """Round, evenly spaced integer ticks from 0 to at least ``value``."""
    value = max(value, 1)
    magnitude = 10 ** max(0, int(math.log10(value)) - 1)
    step = magnitude
    while True:
        for factor in (1, 2, 5):
            if math.ceil(value / (step * factor)) <= most:
                step *= factor
                top = math.ceil(value / step) * step
                return list(range(0, top + 1, step))
        step *= 10


def timeline_chart(data: dict[str, Any], width: int = 960, height: int = 280) -> dict[str, Any]:
    """Stacked bars, one per bucket, time running left to right; quads from the bottom up."""
    buckets = data.get("buckets", [])
    left, right, top, bottom = 44, 12, 12, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = _ticks(max((b["total"] for b in buckets), default=0))
    top_value = ticks[-1]
    n = max(len(buckets), 1)
    slot = plot_w / n
    bar_w = max(1.0, slot * 0.8)
    bars = []
    for i, b in enumerate(buckets):
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h
        for q in QUAD_ORDER:
            count = b.get(q, 0)
            if not count:
                continue
            h = plot_h * count / top_value
            y -= h
            bars.append({"x": round(x, 2), "y": round(y, 2), "w": round(bar_w, 2), "h": round(h, 2), "quad": q,
                         "count": count, "date": b["date"]})
    every = max(1, math.ceil(len(buckets) / 10))
    xlabels = [{"x": round(left + i * slot + slot / 2, 2), "text": b["date"]}
               for i, b in enumerate(buckets) if i % every == 0]
    yticks = [{"y": round(top + plot_h - plot_h * v / top_value, 2), "value": v} for v in ticks]
    return {"width": width, "height": height, "bars": bars, "xlabels": xlabels, "yticks": yticks,
            "left": left, "right": width - right, "top": top, "base": top + plot_h, "empty": not buckets}


def graph_chart(data: dict[str, Any], lang: str = "ar", size: int = 720) -> dict[str, Any]:
    """A circular layout: nodes evenly on a circle, busiest first, edges as straight lines whose
    width grows with the number of events and whose colour follows the cooperation share."""
    nodes = data.get("nodes", [])
    edges = data.get("edges", [])
    cx = cy = size / 2
    radius = size / 2 - 90
    max_events = max((n["events"] for n in nodes), default=1) or 1
    pos: dict[str, tuple[float, float]] = {}
    out_nodes = []
    for i, n in enumerate(nodes):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(nodes), 1)
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        pos[n["code"]] = (x, y)
        lx, ly = cx + (radius + 22) * math.cos(angle), cy + (radius + 22) * math.sin(angle)
        anchor = "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")
        out_nodes.append({"code": n["code"], "name": n["name_en"] if lang == "en" else n["name_ar"],
                          "events": n["events"], "x": round(x, 1), "y": round(y, 1),
                          "r": round(5 + 13 * math.sqrt(n["events"] / max_events), 1),
                          "lx": round(lx, 1), "ly": round(ly, 1), "anchor": anchor})
    max_edge = max((e["events"] for e in edges), default=1) or 1
    out_edges = []
    for e in sorted(edges, key=lambda e: e["events"]):
        if e["source"] not in pos or e["target"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        share = e["cooperation"] / e["events"] if e["events"] else 0.5
        kind = "coop" if share >= 0.6 else "conflict" if share <= 0.4 else "mixed"
        out_edges.append({**e, "x1": round(x1, 1), "y1": round(y1, 1), "x2": round(x2, 1), "y2": round(y2, 1),
                          "w": round(1 + 9 * e["events"] / max_edge, 1), "kind": kind})
    return {"size": size, "nodes": out_nodes, "edges": out_edges, "empty": not out_nodes}


def bar_rows(rows: list[dict[str, Any]], key: str, width: int = 240) -> list[dict[str, Any]]:
    """Rows with a bar width (pixels) proportional to ``row[key]``."""
    top = max((r[key] for r in rows), default=0) or 1
    return [{**r, "bar": max(1, round(width * r[key] / top))} for r in rows]
