"""The command-line options of polite fetching, shared by the commands that fetch (`watch`,
`ingest`, `extract`): the command gets a ready :class:`~marsad.sources.fetch.Fetcher`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from marsad.sources.fetch import Fetcher

_OPTIONS = (
    click.option("--allow-private", is_flag=True, help="Allow requests to private and loopback addresses."),
    click.option("--delay", default=2.0, show_default=True, type=click.FloatRange(min=0),
                 help="Least seconds between two requests to one host (robots.txt Crawl-delay may ask for more)."),
    click.option("--timeout", default=20.0, show_default=True, type=click.FloatRange(min=0.1),
                 help="Seconds to wait for a server."),
    click.option("--max-mb", default=10.0, show_default=True, type=click.FloatRange(min=0.01),
                 help="Largest response read, in MB."),
    click.option("--retries", default=3, show_default=True, type=click.IntRange(min=0),
                 help="Retries of a request that timed out or got 429/5xx, with exponential backoff."),
)


def fetch_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the fetching options to a click command, which receives them as ``fetcher`` (a Fetcher
    that makes no connection until it is used; the command closes it)."""

    @functools.wraps(command)
    def with_fetcher(*args: Any, allow_private: bool, delay: float, timeout: float, max_mb: float, retries: int,
                     **kwargs: Any) -> Any:
        fetcher = Fetcher(allow_private=allow_private, delay=delay, timeout=timeout, max_bytes=int(max_mb * 1e6),
                          retries=retries)
        return command(*args, fetcher=fetcher, **kwargs)

    for option in reversed(_OPTIONS):
        with_fetcher = option(with_fetcher)
    return with_fetcher
