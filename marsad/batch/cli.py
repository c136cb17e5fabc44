"""`marsad batch`: the pipeline over web-archive shards on Ray, into partitioned Parquet."""

from __future__ import annotations

import json

import click


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, help="Output folder (local, shared, or an s3://… / gs://… URI).")
@click.option("--workers", type=int, default=None,
              help="Parallel workers (default: every core locally, every CPU of the cluster).")
@click.option("--local", is_flag=True, help="Start a local Ray instance even when RAY_ADDRESS names a cluster.")
@click.option("--address", default=None, help="Ray cluster address (default: $RAY_ADDRESS, else local).")
@click.option("--no-link", is_flag=True, help="Skip the corpus-wide duplicate and corroboration stages.")
@click.option("--json", "as_json", is_flag=True, help="Print the run's summary as JSON on stdout.")
def batch(inputs: tuple[str, ...], out: str, workers: int | None, local: bool, address: str | None,
          no_link: bool, as_json: bool) -> None:
    """Run the pipeline over WARC/WET shards (paths, folders, globs, or URLs through fsspec) on Ray.

    Writes stories, mentions, events and figures as Parquet partitioned by month under OUT
    (OUT/stories/month=2024-12/…, undated rows under month=undated), every document's JSON under
    OUT/documents/ for `marsad load`, then links duplicates, clusters and corroborated events
    across the whole corpus (OUT/links/). Finished shards are recorded in OUT/_done/ and skipped
    when the command is run again.
    """
    try:
        import pyarrow  # noqa: F401
        import ray  # noqa: F401
    except ImportError:
        raise click.ClickException("marsad batch needs Ray and pyarrow: pip install 'marsad[ray]'") from None
    from marsad.batch.job import run_batch

    if workers is not None and workers < 1:
        raise click.BadParameter("must be 1 or more", param_hint="--workers")

    def say(msg: str) -> None:
        click.echo(msg, err=True)

    result = run_batch(inputs, out, workers=workers, address=address, local=local, link=not no_link, progress=say)
    for m in result.missing:
        say(f"skipped {m}: no such file, folder or glob match")
    say(f"{result.processed} shards processed, {result.skipped} already done: {result.documents} documents "
        f"({result.failed} failed, {result.source_errors} unreadable records), {result.stories} stories, "
        f"{result.events} events in {result.extract_seconds:.1f}s with {result.workers} workers")
    if result.link is not None:
        lk = result.link
        say(f"linked {lk.stories} stories and {lk.events} events in {result.link_seconds:.1f}s: {lk.repeats} repeated "
            f"documents' stories, {lk.duplicates} duplicates, {lk.clusters} clusters, {lk.event_groups} events "
            f"after corroboration")
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    if result.failed_shards:
        raise click.ClickException(f"{len(result.failed_shards)} shard(s) failed; run the command again to retry "
                                   "them")
    if result.missing and not result.shards:
        raise SystemExit(1)
