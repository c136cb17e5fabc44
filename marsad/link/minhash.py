"""Text fingerprints: an exact fingerprint of the normalized words, and a MinHash signature over
word shingles whose LSH bands are stored beside the stories, so a new story is checked against the
whole store with a few indexed lookups and no index is ever rebuilt."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash

from marsad.arabic.normalize import normalize_text

NUM_PERM = 256
BANDS = 64
ROWS = NUM_PERM // BANDS
SHINGLE = 3
# Arabic words and numbers: Latin tokens on Arabic news pages are markup, widgets and bylines
_WORD_RE = re.compile(r"[\u0621-\u064a0-9]+")


def words(text: str, normalized: bool = False) -> list[str]:
    """Normalized Arabic words: diacritics, alef forms, taa marbuta and punctuation do not matter.
    ``normalized``: the text is normalized already (a slice of a document's normalized text)."""
    return _WORD_RE.findall(text if normalized else normalize_text(text))


def fingerprint(text: str) -> str:
    return fingerprint_of(words(text))


def fingerprint_of(ws: list[str]) -> str:
    return hashlib.sha1(" ".join(ws).encode("utf-8")).hexdigest()


def signature(text: str) -> np.ndarray:
    return signature_of(words(text))


@lru_cache(maxsize=1)
def _template() -> tuple[Any, str]:
    """The MinHash permutations for NUM_PERM and seed 1 and their scheme, drawn once (drawing them
    costs more than hashing a whole article)."""
    m = MinHash(num_perm=NUM_PERM, seed=1)
    return m.permutations, m.scheme


def signature_of(ws: list[str]) -> np.ndarray:
    shingles = {" ".join(ws[i:i + SHINGLE]).encode("utf-8") for i in range(max(1, len(ws) - SHINGLE + 1))}
    permutations, scheme = _template()
    m = MinHash(num_perm=NUM_PERM, seed=1, permutations=permutations, scheme=scheme)
    m.update_batch(list(shingles))
    return m.hashvalues.astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One 63-bit key per band of ROWS hash values; equal keys make candidate pairs."""
    keys = []
    for b in range(BANDS):
        digest = hashlib.blake2b(sig[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big") >> 1)
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return float(np.count_nonzero(a == b)) / len(a)


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4")
