"""The HTTP API (FastAPI, OpenAPI at /docs) and the web UI served with it."""

from marsad.api.app import create_app

__all__ = ["create_app"]
