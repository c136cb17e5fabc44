"""Sign stored stories again when the MinHash scheme changes (schema migration 8).

A story's signature and LSH band keys are recomputed from its stored text, with the words that
ingest reads (:func:`marsad.link.minhash.words`: the stored text is the story's raw text, and
normalization is per character), so duplicates are found across the change as within one scheme.
Identities do not depend on the scheme and are kept.
"""

from __future__ import annotations

from typing import Any

from marsad.link.minhash import band_keys, signature, to_blob
from marsad.store.dialect import dialect_of

BATCH = 500  # stories read, signed and written at a time


def resign_stories(conn: Any) -> int:
    """Recompute the signature and band keys of every signed story on this connection (inside the
    caller's transaction); returns how many stories were signed."""
    dialect = dialect_of(conn)
    conn.execute("DELETE FROM story_bands")
    done, last = 0, 0
    while True:
        rows = conn.execute(
            "SELECT g.story_id, s.text FROM story_signatures g JOIN stories s ON s.id = g.story_id"
            " WHERE g.story_id > ? ORDER BY g.story_id LIMIT ?", (last, BATCH)).fetchall()
        if not rows:
            return done
        sigs = [(int(r[0]), signature(r[1])) for r in rows]
        conn.executemany("UPDATE story_signatures SET signature = ? WHERE story_id = ?",
                         [(to_blob(sig), sid) for sid, sig in sigs])
        dialect.insert_many(conn, "INSERT INTO story_bands(band, key, story_id) VALUES (?, ?, ?)",
                            [(b, k, sid) for sid, sig in sigs for b, k in enumerate(band_keys(sig))])
        done += len(rows)
        last = sigs[-1][0]
