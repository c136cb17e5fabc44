"""Text fingerprints: an exact fingerprint of the normalized words, and a MinHash signature over
word shingles whose LSH bands are stored beside the stories, so a new story is checked against the
whole store with a few indexed lookups and no index is ever rebuilt."""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

from marsad.arabic.normalize import normalize_text

NUM_PERM = 256
BANDS = 64
ROWS = NUM_PERM // BANDS
SHINGLE = 3
# Arabic words and numbers: Latin tokens on Arabic news pages are markup, widgets and bylines
_WORD_RE = re.compile(r"[\u0621-\u064a0-9]+")


def words(text: str) -> list[str]:
    """Normalized Arabic words: diacritics, alef forms, taa marbuta and punctuation do not matter."""
    return _WORD_RE.findall(normalize_text(text))


def fingerprint(text: str) -> str:
    return hashlib.sha1(" ".join(words(text)).encode("utf-8")).hexdigest()


def signature(text: str) -> np.ndarray:
    w = words(text)
    shingles = {" ".join(w[i:i + SHINGLE]).encode("utf-8") for i in range(max(1, len(w) - SHINGLE + 1))}
    m = MinHash(num_perm=NUM_PERM, seed=1)
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
