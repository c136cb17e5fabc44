"""The API over a store built from the demo stories that ship with marsad (what `make demo` serves)."""

import warnings

import pytest
from click.testing import CliRunner

with warnings.catch_warnings():  # newer Starlette prefers httpx2 for its test client; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from marsad.api import create_app
from marsad.cli import main
from marsad.resources import data_path


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    result = CliRunner().invoke(main, ["ingest", str(data_path("demo")), "--db", db, "--workers", "1"])
    assert "ingested 18 documents" in result.stderr
    return TestClient(create_app(db))


def test_demo_store_answers_the_api(client):
    events = client.get("/api/events", params={"limit": 200}).json()
    kinds = {e["event"] for e in events["items"]}
    assert {"SUPPORT", "CONSULT", "ASSAULT", "ACCUSE", "REQUEST"} <= kinds
    hits = client.get("/api/search", params={"q": "الامم المتحدة"}).json()
    assert hits["items"], hits
    assert client.get("/api/agreements").json()["items"]
    timeline = client.get("/api/timeline", params={"by": "week"}).json()
    assert timeline


def test_demo_pages_render(client):
    for url in ("/", "/events", "/timeline", "/graph", "/agreements", "/actors"):
        page = client.get(url)
        assert page.status_code == 200 and 'dir="rtl"' in page.text
