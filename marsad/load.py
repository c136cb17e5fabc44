"""`marsad load`: the documents of a batch run's Parquet output into the store.

Each document is rebuilt losslessly from its JSON (``DIR/documents/``) and stored through the
store's own ``add`` — the same call `marsad ingest` makes — in the order the batch run read them
(its manifest's shard order, then file order), so the store equals one made by ingesting the same
files: same documents, stories, events, duplicates, clusters and corroborated events. Documents
a stage failed on, and records that could not be read, go to the store's ingest errors.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import click


def _open_store(db: str) -> Any:
    from marsad.store import open_store

    return open_store(db)


def load_dir(parquet_dir: str, db: str, batch: int = 1000,
             progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Add every document of a batch output folder to the store at ``db``; returns counts."""
    import pyarrow.parquet as pq

    from marsad.batch import schema
    from marsad.batch.outdir import MANIFEST, OutDir
    from marsad.doc import Doc, DocError
    from marsad.writer import Writer

    out = OutDir(parquet_dir)
    if not out.exists("documents"):
        raise FileNotFoundError(f"{parquet_dir}: no documents/ folder (is it the --out folder of `marsad batch`?)")
    manifest = out.read_json(MANIFEST) if out.exists(MANIFEST) else []
    position = {e["shard"]: i for i, e in enumerate(manifest)}
    files = out.files("documents", suffix=".parquet")
    shard_of = {f: f.rsplit("/", 1)[-1].removesuffix(".parquet") for f in files}
    files.sort(key=lambda f: (position.get(shard_of[f], len(position)), shard_of[f]))
    store = _open_store(db)
    try:
        with Writer(store, batch) as writer:
            for f in files:
                shard = shard_of[f]
                if out.exists("errors", f"{shard}.parquet"):
                    errors = out.read_table("errors", f"{shard}.parquet", schema=schema.ERRORS)
                    for e in errors.to_pylist():
                        if e["stage"] == "source":
                            writer.reject(e["location"], "source", e["message"])
                pf = pq.ParquetFile(f, filesystem=out.fs)
                for rb in pf.iter_batches(batch_size=256, columns=["doc_index", "failed", "errors", "doc_json"]):
                    for row in sorted(rb.to_pylist(), key=lambda r: r["doc_index"]):
                        doc = Doc.from_json(row["doc_json"])
                        if row["failed"] and not doc.errors:  # failures recorded beside the document
                            doc.errors = [DocError(e["stage"], e["message"]) for e in json.loads(row["errors"])]
                        writer.add(doc)
                if progress is not None:
                    progress(shard)
    finally:
        store.close()
    return writer.stats


@click.command()
@click.argument("parquet_dir")
@click.option("--db", "db", envvar="MARSAD_DB", default="marsad.db", show_default=True,
              help="Store: a SQLite file, or a postgresql:// URL (env MARSAD_DB).")
@click.option("--batch", default=1000, show_default=True, help="Documents per transaction.")
def load(parquet_dir: str, db: str, batch: int) -> None:
    """Load the output of `marsad batch` (its --out folder) into the store, as `ingest` would."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise click.ClickException("marsad load needs pyarrow: pip install 'marsad[ray]'") from None
    started = time.perf_counter()
    try:
        stats = load_dir(parquet_dir, db, batch)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        click.echo("interrupted: the last unfinished batch was rolled back; the store is consistent", err=True)
        raise SystemExit(130) from None
    try:
        from marsad.store import describe

        name = describe(db)
    except ImportError:
        name = db
    click.echo(f"loaded {stats['documents']} documents ({stats['stories']} stories, {stats['events']} events) "
               f"into {name} in {time.perf_counter() - started:.1f}s; {stats['duplicates']} already stored, "
               f"{stats['skipped']} skipped", err=True)
