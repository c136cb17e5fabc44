"""Who the parties of an event are when the clause alone does not say: the speaker of a
judgement (يمثل انتهاكا), a subject dropped because it was named before (ودعا …، ونفى أن بلاده …),
the pronoun of a complement clause (قالت إنها ستدافع), the receiving subject of an inverse verb
(تسلمت مصر غواصة ألمانية), and the word classes these rules look for (data/coder_words.tsv)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import itemgetter

from marsad.arabic.normalize import normalize_text
from marsad.arabic.tokenize import Token
from marsad.code.lexicon import Trigger
from marsad.doc import Doc, Mention, Quote, Sentence
from marsad.recognize.groups import feminine_group
from marsad.resources import read_tsv

# Sectors a state's own government acts on at home (arrests of its opposition, protests of its
# people): for these a recipient of the actor's own state is a real other side.
DOMESTIC_SECTORS = frozenset({"OPP", "CVL", "REB", "MED", "JUD", "LEG", "POL"})
_FEMININE_VIA = frozenset({"name", "capital"})
# A story's earlier event, as the trigger that made it and its parties.
Past = tuple[Trigger | None, list[Mention], list[Mention]]
_HISTORY = 40  # events of a story remembered for the parties later sentences leave unsaid


@lru_cache(maxsize=1)
def _word_classes() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for category, word in read_tsv("coder_words.tsv"):
        value = word.strip() if category == "masculine_state" else normalize_text(word.strip())
        out.setdefault(category, set()).add(value)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=64)
def words(category: str) -> frozenset[str]:
    return _word_classes().get(category, frozenset())


def bare_word(text: str) -> str:
    """A word without the و or ف joined to it (وقانون → قانون); short words keep theirs (وفد)."""
    return text[1:] if text[:1] in ("و", "ف") and len(text) > 3 else text


@dataclass(slots=True)
class Discourse:
    """What a document's earlier sentences leave for the next: per story, the parties of the last
    event coded (a dropped subject at the start of a sentence is usually that actor)."""

    actors: dict[int, list[Mention]] = field(default_factory=dict)
    recipients: dict[int, list[Mention]] = field(default_factory=dict)
    history: dict[int, list[Past]] = field(default_factory=dict)

    def remember(self, story: int, actors: list[Mention], recipients: list[Mention],
                 trigger: Trigger | None = None) -> None:
        if actors:
            self.actors[story] = actors
            self.recipients[story] = recipients
            past = self.history.setdefault(story, [])
            past.append((trigger, actors, recipients))
            del past[:-_HISTORY]


def verb_gender(token: Token, prefix: str, trig: Trigger) -> str:
    """'m' or 'f' for a 3rd person singular verb form (دعا / دعت، يطالب / تطالب), else ''."""
    if trig.kind != "verb":
        return ""
    stem = token.text[len(prefix):]
    past = trig.lemma
    if stem == past:
        return "m"
    if stem == past + "ت" or (past.endswith(("ي", "ا")) and stem == past[:-1] + "ت"):
        return "f"
    if len(stem) > 3 and stem[0] == "ي" and not stem.endswith(("ان", "ون", "وا")):
        return "m"
    return ""


def feminine_state(m: Mention) -> bool:
    """States and capitals take a feminine verb (أعلنت قطر، قالت واشنطن), but for a few states."""
    if m.via == "group":
        return feminine_group(m)
    if m.kind == "ORG" and m.via == "body":
        return _feminine_head(m.text)  # الحكومة الروسية، السلطات المغربية، القوات الأمريكية
    return m.kind in ("GPE", "LOC") and m.via in _FEMININE_VIA and m.code not in words("masculine_state")


@lru_cache(maxsize=4096)
def _feminine_head(text: str) -> bool:
    """A body named by a feminine noun (حكومة) or a plural of things (السلطات، القوات)."""
    head = normalize_text(text).split()[:1]
    return bool(head) and head[0].endswith(("ه", "ات"))


def speaker_at(doc: Doc, sent: Sentence, pos: int) -> Mention | None:
    """The coded mention of whoever says the words at raw offset pos: the speaker of a quote whose
    verb is in this sentence or whose content covers pos."""
    for q in _quotes_of(doc, sent):
        if q.code and (q.start <= pos < q.end or sent.start <= q.verb_start < sent.end):
            return _mention_at(doc, q)
    return None


def quoted_speaker(doc: Doc, sent: Sentence, pos: int) -> Mention | None:
    """The speaker of the quoted words (in quotation marks) that raw offset pos stands in."""
    for q in _quotes_of(doc, sent):
        if q.code and q.direct and q.start <= pos < q.end:
            return _mention_at(doc, q)
    return None


def _quotes_of(doc: Doc, sent: Sentence) -> list[Quote]:
    return [q for q in doc.quotes if (q.start < sent.end and sent.start < q.end)
            or sent.start <= q.verb_start < sent.end]


def _mention_at(doc: Doc, q: Quote) -> Mention:
    found = next((m for m in doc.mentions if m.start == q.speaker_start and m.code), None)
    if found is not None:
        return found
    return Mention(q.speaker_start, q.speaker_end, text=q.speaker, kind="PERS", code=q.code, via="quote")


def self_references(doc: Doc, tokens: list[Token], mentions: list[Mention], speaker: Mention | None) -> list[Mention]:
    """بلاده، حكومتها: the speaker's state (or that of the first state named before the word)."""
    if _self_forms().isdisjoint(map(itemgetter(2), tokens)):
        return []  # most sentences hold no بلاده، حكومتها
    selves = words("self")
    out: list[Mention] = []
    norm = doc.norm
    for t in tokens:
        stem = t.text[1:] if t.text[:1] in ("و", "ف", "ل", "ب") and t.text[1:] in selves else t.text
        if stem not in selves:
            continue
        start = norm.raw_start(t.end - len(stem))
        before = [m for m in mentions if m.end <= start and m.code and m.kind != "ORG"]
        ref = speaker if speaker is not None else (before[0] if before else None)
        if ref is not None:
            out.append(Mention(start, norm.raw_end(t.end), text=doc.text[start:norm.raw_end(t.end)], kind="GPE",
                               code=ref.code, sector="GOV", via="self"))
    return out


@lru_cache(maxsize=1)
def _self_forms() -> frozenset[str]:
    """The self words with and without a one-letter proclitic (وبلاده، لحكومتها)."""
    selves = words("self")
    return selves | frozenset(c + w for w in selves for c in ("و", "ف", "ل", "ب"))


def governed_clause(tokens: list[Token], clause: int) -> bool:
    """The clause opens with a pronoun complementizer (… إنها ستدافع): its subject is the governor's."""
    return clause > 0 and tokens[clause - 1].text in words("complement")


def after_relative(tokens: list[Token], start: int) -> bool:
    """A verb right after الذي/التي (allowing one particle): its subject is the noun before them."""
    k = start - 1
    if k >= 0 and tokens[k].text in ("قد", "لم", "لا", "لن"):
        k -= 1
    return k >= 0 and tokens[k].text in words("relative")


def as_domestic(m: Mention, sector: str) -> Mention:
    return replace(m, sector=sector)
