"""Bytes to text for web pages and text files: BOM, declared charset, then the bytes themselves.

Declarations lie: Arabic pages saved as windows-1256 often keep ``<meta charset="utf-8">``, and
servers send ``charset=iso-8859-1`` for anything. The bytes decide: valid UTF-8 with multi-byte
sequences is UTF-8 whatever the page says; a declared Arabic code page is believed; anything
else goes to charset-normalizer. A page that is UTF-8 but for a few stray bytes stays UTF-8
(those bytes become U+FFFD) rather than turning the whole page into mojibake.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

log = logging.getLogger(__name__)

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_ARABIC_PAGES = {"cp1256", "iso8859-6", "cp864", "cp720", "mac-arabic"}
# Stray bytes a UTF-8 page may have, per well-formed non-ASCII character, and still be UTF-8.
_STRAY_BYTES = 0.01
_ARABIC_LETTER_RE = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
_LETTER_RE = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # Python codec name
    how: str  # bom, utf-8, declared, detected, utf-8-lossy


def codec_name(label: str | None) -> str | None:
    """The Python codec for a charset label ('windows-1256' → 'cp1256'), None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in ("x-user-defined", "none", "unknown"):
        return None
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag of its first 4 KB."""
    m = _META_CHARSET_RE.search(data[:4096])
    return codec_name(m.group(1).decode("ascii", "replace")) if m else None


def decode_bytes(data: bytes, declared: str | None = None, html: bool = False) -> Decoded | None:
    """Decode data; ``declared`` is a charset from outside (HTTP header), ``html`` adds the page's own
    <meta charset>. None when no encoding gives readable text."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(name), name, "bom")
            except UnicodeDecodeError:
                break
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    claims = [c for c in (codec_name(declared), declared_charset(data) if html else None) if c]
    for claim in claims:
        if claim in _ARABIC_PAGES:
            try:
                return Decoded(data.decode(claim), claim, "declared")
            except UnicodeDecodeError:
                continue
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    good = sum(1 for ch in lossy if ch > "\x7f") - bad
    if good > 0 and bad <= good * _STRAY_BYTES:
        return Decoded(lossy, "utf-8", "utf-8-lossy")
    detected = _detect(data)
    if detected is not None:
        return detected
    for claim in claims:
        if claim != "utf-8":
            try:
                return Decoded(data.decode(claim), claim, "declared")
            except UnicodeDecodeError:
                continue
    return None


def _detect(data: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        return None
    name = codec_name(best.encoding) or best.encoding
    # A single-byte Latin code page "fits" Arabic windows-1256 bytes too (as mojibake); when the
    # bytes read as Arabic in windows-1256, that is the better reading.
    if name not in _ARABIC_PAGES:
        arabic = _arabic_share(data.decode("cp1256", errors="replace"))
        if arabic > 0.5 and _arabic_share(data.decode(name, errors="replace")) < 0.1:
            name = "cp1256"
    try:
        text = data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None
    log.debug("detected encoding %s", name)
    return Decoded(text, name, "detected")


def _arabic_share(text: str) -> float:
    letters = len(_LETTER_RE.findall(text))
    return len(_ARABIC_LETTER_RE.findall(text)) / letters if letters else 0.0


def arabic_share(text: str) -> float:
    """Share of Arabic-script letters among the letters of text."""
    return _arabic_share(text)
