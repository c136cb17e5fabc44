"""`marsad serve`: the HTTP API and web UI over a store, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import ipaddress

import click


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--db", "db", envvar="MARSAD_DB", default="marsad.db", show_default=True,
              help="SQLite store file, or a postgresql:// URL (env MARSAD_DB).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the store to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--query-seconds", default=5.0, show_default=True, type=click.FloatRange(0.1, 600),
              help="Time budget of one request's queries.")
def serve(db: str, host: str = "127.0.0.1", port: int = 8000, query_seconds: float = 5.0) -> None:
    """Serve the HTTP API (OpenAPI at /docs) and the web UI, read-only, over the store."""
    import uvicorn

    from marsad.api import create_app
    from marsad.store import StoreError, describe

    try:
        app = create_app(db, readonly=True, query_seconds=query_seconds)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    if not _is_loopback(host):
        click.echo(f"warning: listening on {host} makes the store readable from the network", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"marsad: serving {describe(db)} at http://{shown}:{port}/  (API docs: http://{shown}:{port}/docs; "
               "Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
