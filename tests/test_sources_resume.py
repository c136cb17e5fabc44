"""An ingest killed mid-way leaves a consistent store; running it again completes it and adds nothing twice."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def test_kill_during_ingest_then_resume(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    total = 240
    for i in range(total):  # distinct pages: the store keeps one copy of identical text
        (pages / f"p{i:03d}.html").write_text(html.replace("اتفاقا جديدا", f"اتفاقا جديدا رقم {i}"),
                                              encoding="utf-8")
    db = tmp_path / "m.db"
    cmd = [sys.executable, "-m", "marsad", "ingest", str(pages), "--db", str(db), "--batch", "10"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 120
    while proc.poll() is None and _count(db) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _count(db)
    assert partial >= 20
    with sqlite3.connect(db) as conn:  # consistent: every stored document has its stories
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orphans = conn.execute("SELECT count(*) FROM documents d WHERE NOT EXISTS "
                               "(SELECT 1 FROM stories s WHERE s.document_id = d.id)").fetchone()[0]
        assert orphans == 0
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _count(db) == total
    assert f"{partial} already stored" in done.stderr
