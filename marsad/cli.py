"""The `marsad` command."""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.table import Table

from marsad.doc import Doc
from marsad.progress import RunProgress
from marsad.records import event_record

if TYPE_CHECKING:
    from marsad.sources.fetch import Fetcher
    from marsad.store.rows import Prepared
from marsad.fetch_options import fetch_options
from marsad.sources import SourceError, iter_inputs

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)
DB_OPTION = click.option("--db", "db", envvar="MARSAD_DB", default="marsad.db", show_default=True,
                         help="SQLite store file, or a postgresql:// URL (env MARSAD_DB).")
FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
                             show_default=True)


@click.group()
@click.version_option(package_name="marsad")
@click.option("-v", "--verbose", is_flag=True, help="Log what the stages do.")
def main(verbose: bool) -> None:
    """marsad: Arabic news in, coded international events out, each with its evidence."""
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR,
                        format="%(levelname)s %(name)s: %(message)s")


def _process(paths: Iterable[str], workers: int = 1) -> Iterator[Doc | SourceError]:
    from marsad.parallel import process

    return process(iter_inputs(paths), workers)


def _inputs(paths: Iterable[str], fetcher: Fetcher) -> Iterator[Doc | SourceError]:
    """Documents of files, folders, globs, stdin, and of http(s) URLs fetched politely."""
    from marsad.sources.remote import read_inputs

    return read_inputs(paths, fetcher)


def _report(item: SourceError | Doc | Prepared) -> None:
    if isinstance(item, SourceError):
        err.print(f"[yellow]skipped[/] {item.location}: {item.reason}", highlight=False)
    else:
        for e in item.errors:
            err.print(f"[yellow]error[/] {e.location or item.id} (stage {e.stage}): {e.message}", highlight=False)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@fetch_options
def extract(paths: tuple[str, ...], fmt: str, fetcher: Fetcher) -> None:
    """Run the pipeline on files (no store) and print one event per line.

    PATHS may be .txt pages, .html pages, .json/.jsonl records, .zip of JSON, web archives
    (.warc, .warc.gz, .wet), RSS/Atom feed files, folders, globs, - for stdin, or http(s) URLs
    of any of these (fetched politely: robots.txt, a pace per host, retries, a size cap).
    """
    from marsad.parallel import process

    with fetcher:
        _extract(process(_inputs(paths, fetcher)), fmt)


def _extract(items: Iterable[Doc | SourceError], fmt: str) -> None:
    rows: list[dict[str, Any]] = []
    failures = read = 0
    for item in items:
        read += isinstance(item, Doc)
        if isinstance(item, SourceError) or item.errors:
            failures += 1
            _report(item)
            if isinstance(item, SourceError):
                continue
        for ev in item.events:
            rec = event_record(item, ev)
            if fmt == "jsonl":
                click.echo(json.dumps(rec, ensure_ascii=False))
            else:
                rows.append(rec)
    if fmt == "table":
        _event_table(rows)
    if failures:
        err.print(f"{failures} input(s) skipped or failed; see the messages above")
        if not read:
            raise SystemExit(1)  # nothing could be read at all


@main.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--batch", default=1000, show_default=True,
              help="Documents per transaction (an interrupted ingest loses at most this many; run again, it goes on).")
@click.option("--workers", type=int, default=None, help="Processes running the pipeline (default: every core).")
@fetch_options
def ingest(paths: tuple[str, ...], db: str, batch: int, workers: int | None, fetcher: Fetcher) -> None:
    """Process inputs and add them to the store; the same content is stored once (and text the
    store holds already is not processed again, so an interrupted ingest resumes quickly).

    PATHS are what `extract` reads: files, folders, globs, - for stdin, or http(s) URLs.
    The pipeline runs on every core; one writer stores the results in input order.
    """
    from marsad.parallel import Stored, default_workers, process_for_store
    from marsad.store import StoreError, describe, open_store
    from marsad.writer import Writer

    started = time.perf_counter()
    try:
        store = open_store(db)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    writer = Writer(store, batch)
    try:
        with RunProgress(err) as progress, writer, fetcher:
            for item in process_for_store(_inputs(paths, fetcher),
                                          workers if workers is not None else default_workers(), store.holds):
                if isinstance(item, SourceError):
                    _report(item)
                    writer.reject(item.location, "source", item.reason)
                else:
                    if not isinstance(item, Stored) and item.errors:
                        _report(item)
                    writer.add(item)
                progress.advance(_shown(writer.stats))
    except KeyboardInterrupt:
        err.print("[red]interrupted[/]: the last unfinished batch was rolled back; the store is consistent")
        raise SystemExit(130) from None
    finally:
        store.close()
    stats = writer.stats
    seconds = time.perf_counter() - started
    err.print(f"ingested {stats['documents']} documents ({stats['stories']} stories, {stats['events']} events) "
              f"into {describe(db)} in {seconds:.1f}s ({progress.done / max(seconds, 1e-9):,.1f} inputs/s); "
              f"{stats['duplicates']} already stored, "
              f"{stats['skipped']} skipped",
              highlight=False)
    if stats["skipped"] and not stats["documents"] and not stats["duplicates"]:
        raise SystemExit(1)  # nothing could be read at all


def _shown(stats: dict[str, int]) -> dict[str, int]:
    return {"stored": stats["documents"], "already stored": stats["duplicates"], "skipped": stats["skipped"]}


def _open(db: str) -> Any:
    from marsad.store import StoreError, open_store

    try:
        return open_store(db, readonly=True)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def _emit(rows: list[dict[str, Any]], fmt: str, columns: list[str]) -> None:
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_flat(r.get(c, "")) for c in columns])
    else:
        table = Table(*columns, show_lines=False)
        for r in rows:
            table.add_row(*[_flat(r.get(c, ""))[:80] for c in columns])
        out.print(table)


def _flat(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(_flat(v) for v in value)
    if isinstance(value, dict):
        return value.get("code") or value.get("country") or value.get("text") or ""
    return str(value)


def _event_table(rows: list[dict[str, Any]]) -> None:
    _emit(rows, "table", ["doc", "event", "actor", "recipient", "date", "loc", "aux", "trigger"])


@main.command()
@DB_OPTION
@FORMAT_OPTION
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0)
def stories(db: str, fmt: str, limit: int, offset: int) -> None:
    """List stored stories in document order."""
    with _open(db) as store:
        rows = list(store.stories(limit=limit, offset=offset))
    _emit(rows, fmt, ["id", "doc", "title", "date", "source", "url", "duplicate_of", "cluster", "start", "end"]
          if fmt != "jsonl" else [])


@main.command()
@DB_OPTION
@FORMAT_OPTION
@click.option("--type", "event_type", default="", help="PLOVER type, e.g. CONSULT.")
@click.option("--actor", default="", help="Actor code, e.g. RUS.")
@click.option("--recipient", default="", help="Recipient code.")
@click.option("--reports", is_flag=True, help="Every report of an event, not one row per event.")
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0)
def events(db: str, fmt: str, event_type: str, actor: str, recipient: str, reports: bool, limit: int,
           offset: int) -> None:
    """List stored events, one per happening with its number of reports and distinct sources
    (jsonl gives the same objects as `marsad extract`)."""
    with _open(db) as store:
        rows = list(store.events(event_type, actor, recipient, limit=limit, offset=offset, reports=reports))
    if fmt == "jsonl":
        for r in rows:
            r.pop("id", None)
            r.pop("story_id", None)
    _emit(rows, fmt, ["story_id", "event", "actor", "recipient", "date", "loc", "aux", "reports", "sources",
                      "trigger", "text"])


@main.command()
@DB_OPTION
@FORMAT_OPTION
@click.option("--min-outlets", default=1, show_default=True, help="Only clusters reported by this many outlets.")
@click.option("--limit", default=50, show_default=True)
def clusters(db: str, fmt: str, min_outlets: int, limit: int) -> None:
    """Story clusters: the stories about one happening, across outlets and days."""
    with _open(db) as store:
        rows = store.clusters(min_outlets=min_outlets, limit=limit)
    _emit(rows, fmt, ["id", "title", "first_seen", "last_seen", "stories", "outlets"])


@main.command()
@DB_OPTION
@FORMAT_OPTION
@click.option("--limit", default=50, show_default=True)
def dupes(db: str, fmt: str, limit: int) -> None:
    """Stories that duplicate an earlier one (syndicated or recrawled copies), with their original."""
    with _open(db) as store:
        rows = store.duplicates(limit=limit)
    _emit(rows, fmt, ["id", "source", "title", "duplicate_of", "original_source", "similarity"])


@main.command()
@DB_OPTION
@FORMAT_OPTION
@click.option("--party", default="", help="Only agreements with this party code, e.g. IRN.")
@click.option("--limit", default=50, show_default=True)
def agreements(db: str, fmt: str, party: str, limit: int) -> None:
    """The agreements register: treaties, accords and memoranda with parties, dates and term."""
    with _open(db) as store:
        rows = list(store.agreements(party, limit=limit))
    _emit(rows, fmt, ["story_id", "name", "kind", "parties", "signed", "ratified", "in_force", "term"])


@main.command(name="figures")
@DB_OPTION
@FORMAT_OPTION
@click.option("--measure", default="", help="What is measured, e.g. trade, killed, aid.")
@click.option("--party", default="", help="Only figures about this actor code.")
@click.option("--limit", default=50, show_default=True)
def figures_cmd(db: str, fmt: str, measure: str, party: str, limit: int) -> None:
    """Figures stated as facts: value, unit, currency, what they measure, direction, period, parties."""
    with _open(db) as store:
        rows = store.figures(measure, party, limit=limit)
    _emit(rows, fmt, ["story_id", "text", "value", "unit", "currency", "measure", "direction", "period", "parties"])


@main.command()
@click.argument("query")
@DB_OPTION
@FORMAT_OPTION
@click.option("--limit", default=20, show_default=True)
def search(query: str, db: str, fmt: str, limit: int) -> None:
    """Full-text search over stories: diacritics, alef forms and proclitics do not matter.
    Use "quoted phrases", OR, and -word to exclude."""
    with _open(db) as store:
        rows = store.search(query, limit=limit)
    if not rows and fmt == "table":
        err.print("no story matches")
    _emit(rows, fmt, ["id", "doc", "title", "date", "source"])


@main.command()
@click.argument("story_id", type=int)
@DB_OPTION
def show(story_id: int, db: str) -> None:
    """Show a stored story with its mentions and event triggers marked, and its events."""
    from marsad.render import render_story

    with _open(db) as store:
        found = store.story(story_id)
    if found is None:
        raise click.ClickException(f"no story with id {story_id}")
    doc, index = found
    render_story(out, doc, index)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--ref", required=True, help="Reference date YYYY-MM-DD for relative expressions.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
def timex(path: str, ref: str, fmt: str) -> None:
    """Time expressions of a text file, normalized against a reference date."""
    from marsad.arabic.dates import find_timexes

    try:
        ref_date = dt.date.fromisoformat(ref)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--ref") from None
    text = Path(path).read_bytes().decode("utf-8")
    rows = []
    for t in find_timexes(text, ref_date):
        row: dict[str, Any] = {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
        if t.mod:
            row["mod"] = t.mod
        if t.start_value or t.end_value:
            row["range"] = [t.start_value, t.end_value]
        rows.append(row)
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
    else:
        _emit(rows, "table", ["start", "end", "text", "type", "value"])


@main.command(name="tag-conll")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def tag_conll(path: str) -> None:
    """Tag a CoNLL file (token in column 1, blank line between sentences): token<TAB>IOB2 tag."""
    from marsad.recognize.names import NameMemory
    from marsad.recognize.ner import read_conll, tag_tokens

    memory = NameMemory()
    with open(path, encoding="utf-8") as fh:
        for sent in read_conll(fh):
            for token, tag in zip(sent.tokens, tag_tokens(sent.tokens, memory), strict=True):
                click.echo(f"{token}\t{tag}")
            click.echo("")


@main.group(name="eval")
def eval_group() -> None:
    """Score marsad against gold data."""


@eval_group.command(name="events")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--docs", required=True, type=click.Path(exists=True, file_okay=False),
              help="Folder holding the documents the gold refers to.")
@click.option("--show", "show_errors", is_flag=True, help="List misses, false events and wrong arguments.")
def eval_events(gold: str, docs: str, show_errors: bool) -> None:
    """Precision, recall and F1 of events (type only, and type + actor + recipient)."""
    from marsad.evaluate import GoldFormatError, read_jsonl, score_events

    try:
        gold_rows = read_jsonl(gold)
    except GoldFormatError as exc:
        raise click.ClickException(str(exc)) from None
    if any("doc" not in g or "event" not in g for g in gold_rows):
        raise click.ClickException(f"{gold}: every gold line needs \"doc\" and \"event\" (see EVENTS-GUIDE)")
    files = sorted({g["doc"].split("#")[0] for g in gold_rows})
    found = {p.name: p for p in sorted(Path(docs).rglob("*")) if p.name in files}
    for f in files:
        if f not in found:
            err.print(f"[yellow]missing[/] {f}: not under {docs}", highlight=False)
    paths = [str(found[f]) for f in files if f in found]
    preds: list[dict[str, Any]] = []
    for item in _process(paths):
        if isinstance(item, SourceError):
            _report(item)
            continue
        preds.extend(event_record(item, ev) for ev in item.events)
    s = score_events(preds, gold_rows)
    table = Table("type", "gold", "pred", "correct", "P", "R", "F1")
    for name in sorted(s.per_type):
        t = s.per_type[name]
        table.add_row(name, str(t.n_gold), str(t.n_pred), str(t.tp), f"{t.precision:.2f}", f"{t.recall:.2f}",
                      f"{t.f1:.2f}")
    out.print(table)
    if show_errors:
        _print_errors(s)
    click.echo(f"documents: {len(files)}  gold events: {s.type_only.n_gold}  predicted: {s.type_only.n_pred}")
    click.echo(f"type only:        P={s.type_only.precision:.3f} R={s.type_only.recall:.3f} F1={s.type_only.f1:.3f}")
    click.echo(f"type+actor+recip: P={s.full.precision:.3f} R={s.full.recall:.3f} F1={s.full.f1:.3f}  "
               f"date acc={s.date_accuracy:.3f} loc acc={s.loc_accuracy:.3f} (on {s.matched} matched)")


@eval_group.command(name="timex")
@click.argument("gold", type=click.Path(exists=True))
@click.option("--wojood", is_flag=True, help="GOLD is a Wojood CoNLL file or folder: score its DATE spans.")
def eval_timex(gold: str, wojood: bool) -> None:
    """Time-expression detection (exact and overlap P/R/F1) and value accuracy against gold JSONL
    ({"text", "ref", "timexes": [{"start", "end", "type", "value"}]} a line) or Wojood DATE spans."""
    from marsad.evaluate import GoldFormatError
    from marsad.evaluate_timex import format_scores, score_file, score_wojood

    try:
        click.echo(format_scores(score_wojood(gold) if wojood else score_file(gold)))
    except GoldFormatError as exc:
        raise click.ClickException(f"{exc} (a Wojood CoNLL file? add --wojood)") from None


@eval_group.command(name="ner")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
def eval_ner(gold: str) -> None:
    """Entity-level precision, recall and F1 for PERS, LOC, ORG against a CoNLL gold file."""
    from marsad.evaluate_ner import score_ner

    with open(gold, encoding="utf-8") as fh:
        scores = score_ner(fh)
    table = Table("type", "gold", "pred", "correct", "P", "R", "F1")
    for name, t in scores.items():
        table.add_row("micro" if name == "ALL" else name, str(t.n_gold), str(t.n_pred), str(t.tp),
                      f"{t.precision:.3f}", f"{t.recall:.3f}", f"{t.f1:.3f}")
    out.print(table)
    micro = scores["ALL"]
    click.echo(f"micro PERS+LOC+ORG: P={micro.precision:.3f} R={micro.recall:.3f} F1={micro.f1:.3f}")


@eval_group.command(name="dupes")
@click.argument("pairs", type=click.Path(exists=True, dir_okay=False))
@click.option("--corpus", required=True, help="Where the articles of the pairs are (files, folders, globs).")
def eval_dupes(pairs: str, corpus: str) -> None:
    """Precision and recall of near-duplicate detection on labeled pairs (url_a, url_b, label)."""
    from marsad.doc import Doc
    from marsad.evaluate import GoldFormatError
    from marsad.evaluate_dupes import read_pairs, report_lines, score_dupes

    try:
        labeled = read_pairs(pairs)
    except GoldFormatError as exc:
        raise click.ClickException(str(exc)) from None
    s = score_dupes(labeled, (d for d in iter_inputs([corpus]) if isinstance(d, Doc)))
    for line in report_lines(s):
        click.echo(line)


def _print_errors(s: Any) -> None:
    def brief(r: dict[str, Any]) -> str:
        codes = lambda ps: ",".join(p.get("code", "") for p in ps) or "-"  # noqa: E731
        return (f"{r['doc']} {r['sent']} {r['event']} {codes(r['actor'])}->{codes(r['recipient'])} "
                f"date={r.get('date', '')} trig={r.get('trigger', '')!r}")

    for g in s.misses:
        out.print(f"[red]MISS[/]  {brief(g)}\n       {g.get('text', '')[:160]}", highlight=False)
    for p in s.false:
        out.print(f"[yellow]FALSE[/] {brief(p)} rule={p.get('rule', '')}\n       {p.get('text', '')[:160]}",
                  highlight=False)
    for p, g in s.wrong_args:
        out.print(f"[blue]ARGS[/]  pred {brief(p)}\n       gold {brief(g)}", highlight=False)


def _register_shells() -> None:
    from marsad.batch.cli import batch
    from marsad.load import load
    from marsad.serve import serve
    from marsad.watch import watch

    for command in (watch, serve, batch, load):
        main.add_command(command)


_register_shells()


@main.command()
@DB_OPTION
def demo(db: str) -> None:
    """Ingest the demo stories shipped with marsad and show what came out."""
    from marsad.resources import data_path

    folder = data_path("demo")
    ctx = click.get_current_context()
    ctx.invoke(ingest, paths=(str(folder),), db=db, batch=1000, workers=1)
    with _open(db) as store:
        counts = store.counts()
        rows = list(store.events(limit=15))
    out.rule("marsad demo")
    out.print(f"store: {db} — {counts['documents']} documents, {counts['stories']} stories, "
              f"{counts['mentions']} mentions, {counts['events']} events", highlight=False)
    _event_table(rows)
    out.print("\nLook further with:\n"
              f"  marsad stories --db {db}\n"
              f"  marsad events --db {db} --type CONSULT\n"
              f"  marsad search 'الامم المتحدة' --db {db}\n"
              f"  marsad show 1 --db {db}", highlight=False)
