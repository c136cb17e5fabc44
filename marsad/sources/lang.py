"""Offline language identification: the script decides most cases, lingua the close calls.

Arabic, Persian and Urdu share a script; Persian and Urdu have letters of their own (پ چ ژ گ ک ی,
ٹ ڈ ڑ ں ے ہ). Text in Arabic script with hardly any of them is Arabic without asking a model;
otherwise lingua, restricted to the languages of that script, decides. Latin-script text goes to
lingua restricted to a few European languages and Turkish. Models ship inside the lingua wheel
(nothing is downloaded) and load lazily, once per process, in low-accuracy mode (trigrams only),
which is reliable on documents and keeps ingest memory small.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

SAMPLE_CHARS = 4000
_NON_ARABIC_RE = re.compile("[پچژگکیٹڈڑںےہۀھ]")
# runs, not single letters: counting letters as run lengths is three times faster than one match each
_ARABIC_SCRIPT_RE = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f"
                               r"\ufb50-\ufdff\ufe70-\ufefc]+")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Arabic text carries a few of those letters (names, Gulf and Iraqi spellings, typing habits).
_NON_ARABIC_SHARE = 0.01
_SCRIPT_LANG = {"HEBREW": "he", "CYRILLIC": "ru", "GREEK": "el", "DEVANAGARI": "hi", "HANGUL": "ko",
                "HIRAGANA": "ja", "KATAKANA": "ja", "CJK": "zh", "ARMENIAN": "hy", "GEORGIAN": "ka",
                "THAI": "th", "ETHIOPIC": "am"}
_ARABIC_SCRIPT = ("ar", "fa", "ur")
_LATIN_SCRIPT = ("en", "fr", "es", "de", "it", "tr", "id")


def _script(ch: str) -> str:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return ""
    return name.split(" ", 1)[0]


def detect_lang(text: str) -> str:
    """ISO 639-1 code of the main language of text, or "" when it has too few letters to tell."""
    sample = text[:SAMPLE_CHARS]
    arabic = sum(map(len, _ARABIC_SCRIPT_RE.findall(sample)))
    latin = len(_LATIN_RE.findall(sample))
    if arabic >= 3 and arabic >= latin:
        if len(_NON_ARABIC_RE.findall(sample)) <= arabic * _NON_ARABIC_SHARE:
            return "ar"
        return _lingua(sample, _ARABIC_SCRIPT) or "fa"
    scripts: Counter[str] = Counter(_script(ch) for ch in sample if ch.isalpha() and not _LATIN_RE.match(ch))
    scripts["LATIN"] = latin
    if sum(scripts.values()) < 3:
        return ""
    script = scripts.most_common(1)[0][0]
    if script == "LATIN":
        return _lingua(sample, _LATIN_SCRIPT) or "en"
    return _SCRIPT_LANG.get(script, "")


def _lingua(text: str, codes: tuple[str, ...]) -> str:
    found = _detector(codes).detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found is not None else ""


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    log.debug("loading lingua models for %s", ", ".join(codes))
    # low-accuracy mode keeps trigram models only: ~30 MB instead of ~270 MB, and documents (not
    # single words) are what marsad identifies
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()
