"""Quotes: who said what. A speech verb (قال، أكد، أضاف …) with its speaker and the content it
introduces — the words in quotation marks, or the reported clause after إن/أن or a colon."""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter

from marsad.arabic.normalize import normalize_text
from marsad.arabic.tokenize import Token
from marsad.code.lexicon import past_forms, present_forms
from marsad.doc import Doc, Mention, Quote, Sentence
from marsad.resources import read_tsv

_QUOTED_RE = re.compile(r"[\"“«](.+?)[\"”»]")
_COMPLEMENTIZERS = frozenset({"ان", "انه", "انها", "انهم", "بان", "بانه", "بانها"})
_SPEAKER_WINDOW = 4  # tokens between the verb and its speaker


@lru_cache(maxsize=1)
def speech_forms() -> frozenset[str]:
    forms: set[str] = set()
    for past, present in read_tsv("speech_verbs.tsv"):
        forms |= past_forms(past) | present_forms(present)
    return frozenset(forms)


@lru_cache(maxsize=1)
def _speech_surface() -> frozenset[str]:
    """Every written form of a speech verb, with the clitics it may carry (وقال، فأكد، سيقول)."""
    return frozenset(p + f for f in speech_forms() for p in ("", "و", "ف", "س", "وس") if len(f) >= 2)


def _is_speech_verb(word: str) -> bool:
    return word in _speech_surface()


def find_quotes(doc: Doc) -> list[Quote]:
    quotes: list[Quote] = []
    last_speaker: dict[int, Quote] = {}
    for sent in doc.sentences:
        quote = _quote_in(doc, sent, last_speaker.get(sent.story))
        if quote is not None:
            quotes.append(quote)
            if quote.speaker:
                last_speaker[sent.story] = quote
    return quotes


def _quote_in(doc: Doc, sent: Sentence, previous: Quote | None) -> Quote | None:
    norm = doc.norm
    tokens = doc.tokens(sent.start, sent.end)
    surface = _speech_surface()
    if surface.isdisjoint(map(itemgetter(2), tokens)):
        return None  # most sentences report no speech: one set test over their word forms
    verb_at = next(k for k, t in enumerate(tokens) if t.text in surface)
    verb = tokens[verb_at]
    v_start, v_end = norm.raw_start(verb.start), norm.raw_end(verb.end)
    mentions = [m for m in doc.mentions if sent.start <= m.start and m.end <= sent.end and m.via != "adjective"]
    speaker = _speaker(doc, mentions, v_end, v_start, tokens, verb_at)
    content = _content(doc, sent, tokens, verb_at, v_end)
    if content is None:
        return None
    q = Quote(content[0], content[1], verb=doc.text[v_start:v_end], verb_start=v_start, verb_end=v_end,
              direct=content[2], story=sent.story)
    if speaker is not None:
        q.speaker, q.speaker_start, q.speaker_end, q.code = speaker.text, speaker.start, speaker.end, speaker.code
    elif previous is not None:  # وأضاف: "…" — the speaker of the story's previous quote
        q.speaker, q.speaker_start, q.speaker_end, q.code = (previous.speaker, previous.speaker_start,
                                                              previous.speaker_end, previous.code)
    return q


def _speaker(doc: Doc, mentions: list[Mention], v_end: int, v_start: int, tokens: list[Token],
             verb_at: int) -> Mention | None:
    norm = doc.norm
    limit = tokens[min(verb_at + _SPEAKER_WINDOW, len(tokens) - 1)].end
    after = [m for m in mentions if v_end <= m.start and norm.norm_index(m.start) <= limit]
    for m in after:
        between = normalize_text(doc.text[v_end:m.start]).split()
        if not any(w in _COMPLEMENTIZERS for w in between):
            return m
    before = [m for m in mentions if m.end <= v_start]
    return before[-1] if before else None


def _content(doc: Doc, sent: Sentence, tokens: list[Token], verb_at: int, v_end: int) -> tuple[int, int, bool] | None:
    text = doc.text
    m = _QUOTED_RE.search(text, v_end, sent.end)
    if m:
        return m.start(1), m.end(1), True
    norm = doc.norm
    for k in range(verb_at + 1, len(tokens)):
        if tokens[k].text in _COMPLEMENTIZERS:
            start = norm.raw_end(tokens[k].end)
            end = sent.end
            while start < end and text[start] in " ،,":
                start += 1
            while end > start and text[end - 1] in ".!؟? ":
                end -= 1
            if end - start >= 5:
                return start, end, False
    colon = text.find(":", v_end, sent.end)
    if colon >= 0 and sent.end - colon > 5:
        return colon + 1 + (text[colon + 1] == " "), sent.end, False
    return None
