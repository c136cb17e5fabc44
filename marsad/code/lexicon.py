"""The trigger lexicon (data/triggers.tsv): lemmas expanded into the surface forms they take.

Verbs are listed by their perfect and imperfect 3rd person masculine singular; their other
persons, numbers and the jussive are generated here, and proclitics (و ف س ل …) are handled
by the matcher, so the data file lists lemmas, not every form.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from marsad.arabic.normalize import normalize_text
from marsad.resources import read_tsv

NO_EVENT_ALONE = "-"  # alone=-: the trigger gives no event without another side


@dataclass(frozen=True, slots=True)
class Trigger:
    event: str
    mode: str
    kind: str  # verb, noun, phrase
    lemma: str
    objects: tuple[tuple[str, ...], ...] = ()  # one of these must follow within the window
    negatives: tuple[tuple[str, ...], ...] = ()  # none of these may follow closely
    aux: str = ""
    inverse: bool = False  # roles=inverse: the subject receives (تسلمت مصر غواصة من ألمانيا)
    speaker: bool = False  # by=speaker: a judgement whose actor is who says it (يمثل انتهاكا)
    joint: str = ""  # with=TYPE: the event becomes TYPE when its other side comes with مع
    between_states: str = ""  # states=TYPE: the event becomes TYPE when one government does it to another
    alone: str = ""  # alone=TYPE: the event becomes TYPE when it has no other side (a missile launched at
    # nothing); alone=- : no event without one (يجب أن is a demand only when made of someone)
    stem: str = ""  # the imperfect without its person prefix (يطالب → طالب), for the 1st person
    person: bool = False  # actor=person: the verb's subject must be someone, not a thing (وصلت الجثامين)


def first_person(trig: Trigger, form: str) -> bool:
    """نطالب، سنحمل، طالبنا: the speaker is the subject, a mention after the verb its object."""
    if trig.kind != "verb":
        return False
    form = form[1:] if form[:2] == "سن" else form
    if trig.stem and form[1:] == trig.stem and form[:1] == "ن":
        return True
    return form == trig.lemma + "نا"


def _words(text: str) -> tuple[str, ...]:
    return tuple(normalize_text(text).split())


def past_forms(past: str) -> set[str]:
    p = normalize_text(past)
    forms = {p, p + "ت", p + "ا", p + "تا", p + "وا", p + "ن", p + "نا"}
    if p.endswith(("ي", "ا")) and len(p) > 2:  # weak final: التقى → التقت، التقيا، التقوا
        stem = p[:-1]
        forms |= {stem + "ت", stem + "يا", stem + "وا", stem + "تا", stem + "ينا"}
    return forms


def present_forms(present: str) -> set[str]:
    s = normalize_text(present)
    if s.startswith("ي"):
        s = s[1:]
    forms: set[str] = set()
    for prefix in ("ي", "ت", "ن", "ا"):
        forms |= {prefix + s}
    forms |= {"ي" + s + "ان", "ت" + s + "ان", "ي" + s + "ون", "ت" + s + "ون",
              "ي" + s + "وا", "ت" + s + "وا", "ي" + s + "ن", "ت" + s + "ين"}
    if s.endswith(("ي", "و", "ا")) and len(s) > 2:  # weak final: يلتقي → يلتقون
        stem = s[:-1]
        forms |= {"ي" + stem + "ون", "ت" + stem + "ون", "ي" + stem + "وا", "ت" + stem + "وا",
                  "ي" + stem + "يان", "ت" + stem + "يان", "ي" + stem + "وان"}
    return forms


@dataclass(frozen=True, slots=True)
class Lexicon:
    # first word → list of (all words of the form, trigger, nominal); nominal forms are verbal
    # nouns and noun phrases, whose actor is a genitive or adjective next to them
    index: dict[str, tuple[tuple[tuple[str, ...], Trigger, bool], ...]]
    size: int


@dataclass(frozen=True, slots=True)
class _Context:
    objects: tuple[tuple[str, ...], ...] = ()
    negatives: tuple[tuple[str, ...], ...] = ()
    flags: tuple[tuple[str, str], ...] = ()  # roles=inverse, by=speaker, with=COOPERATE, states=SANCTION, alone=…

    def flag(self, key: str) -> str:
        return next((v for k, v in self.flags if k == key), "")


def _parse_context(context: str) -> _Context:
    objects: list[tuple[str, ...]] = []
    negatives: list[tuple[str, ...]] = []
    flags: list[tuple[str, str]] = []
    for part in context.split(","):
        key, _, value = part.strip().partition("=")
        items = [_words(v) for v in value.split("/") if v.strip()]
        if key.strip() == "obj":
            objects += items
        elif key.strip() == "not":
            negatives += items
        elif key.strip() in ("roles", "by", "with", "actor", "states", "alone"):
            flags.append((key.strip(), value.strip()))
    return _Context(tuple(objects), tuple(negatives), tuple(flags))


def _present_stem(present: str) -> str:
    s = normalize_text(present)
    return s[1:] if s.startswith("ي") else ""


def _looks_verbal(form: str) -> bool:
    """Irregular conjugations listed beside the verbal nouns (دعت، التقيا، ألغوا)."""
    return form.endswith(("وا", "تا", "يا")) or (form.endswith("ت") and not form.endswith("ات"))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    index: dict[str, list[tuple[tuple[str, ...], Trigger, bool]]] = {}
    size = 0
    for cols in read_tsv("triggers.tsv"):
        cols = cols + [""] * (9 - len(cols))
        event, mode, kind, past, present, forms, context, aux, _notes = cols[:9]
        ctx = _parse_context(context)
        lemma = past or (forms.split("|")[0] if forms else "")
        verbal: set[str] = set()
        if kind == "verb":
            if past:
                verbal |= past_forms(past)
            if present:
                verbal |= present_forms(present)
        listed = {normalize_text(f.strip()) for f in forms.split("|") if f.strip()}
        verbal |= {f for f in listed if f[:1] == "س" and f[1:] in verbal}  # سنحمل: the future of a listed verb
        trig = Trigger(event, mode, kind, normalize_text(lemma), ctx.objects, ctx.negatives, aux,
                       inverse=ctx.flag("roles") == "inverse", speaker=ctx.flag("by") == "speaker",
                       joint=ctx.flag("with"), between_states=ctx.flag("states"), alone=ctx.flag("alone"),
                       stem=_present_stem(present),
                       person=ctx.flag("actor") == "person")
        for form in sorted(verbal | listed):
            words = tuple(form.split())
            if not words:
                continue
            nominal = kind == "noun" or (form not in verbal and kind == "verb" and len(words) == 1
                                         and not _looks_verbal(form))
            index.setdefault(words[0], []).append((words, trig, nominal))
            size += 1
            if form in verbal and form in listed and len(words) == 1 and not _looks_verbal(form):
                # قصف is a verb, and after ب a verbal noun: اتهمه بقصف، هدد بقصف
                index.setdefault("ب" + form, []).append((("ب" + form,), trig, True))
                size += 1
    frozen = {k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in index.items()}
    return Lexicon(frozen, size)
