"""Where a verb's subject stands when the mention after it may be its object: a verb right after
a relative pronoun has the noun before it as subject unless it carries the object as a pronoun
(الغارات التي تستهدف مناطق المسلحين / العقوبات التي تفرضها السعودية); a verb followed by a
resumptive فيه (أصدر بيانا اتهم فيه الجيش) has its clause's subject; a state's adjective after a
border or area noun (على الحدود السورية العراقية) names a place, not a participant."""

from __future__ import annotations

from marsad.arabic.tokenize import Token
from marsad.code.clauses import Hit, Slot
from marsad.code.lexicon import lexicon
from marsad.code.roles import after_relative, words

_ADJECTIVE = "adjective"
_RESUMPTIVE_PREPS = ("في", "علي", "من", "ل", "ب", "الي", "عن")
_RESUMPTIVE_PRONOUNS = ("ه", "ها", "هم", "هما")
_RESUMPTIVES = frozenset(p + s for p in _RESUMPTIVE_PREPS for s in _RESUMPTIVE_PRONOUNS)  # فيه، عليها، لهم
_RESUMPTIVE_WINDOW = 4
_WEAK_RULES = frozenset({"clause", "speaker", ""})  # the actor was not found next to the verb

_NISBA = ("يه", "ي", "يين", "يون")  # adjective endings (البحرية، الأمني، الإيرانيين)


def relative_antecedent(tokens: list[Token], hit: Hit, slots: list[Slot]) -> Slot | None:
    """The last mention right before the relative pronoun that introduces the verb."""
    if not after_relative(tokens, hit.start):
        return None
    rel = hit.start - 1 if tokens[hit.start - 1].text in words("relative") else hit.start - 2
    antecedent = [s for s in slots if rel - 3 <= s.last < rel]
    return antecedent[-1] if antecedent else None


def antecedent_is_subject(tokens: list[Token], hit: Hit) -> bool:
    """A relative verb with no object pronoun and no resumptive pronoun after it has the relative's
    antecedent as its subject (التي تستهدف مناطق المسلحين); one with them has its subject after it
    (التي تفرضها السعودية، التي فرضت الولايات المتحدة عليها)."""
    if hit.nominal or not after_relative(tokens, hit.start):
        return False
    if tokens[hit.start].text[len(hit.prefix):] not in lexicon().index:
        return False  # تفرضها: the pronoun is the antecedent, the subject follows
    return not any(_resumptive(t.text) for t in tokens[hit.end:hit.end + _RESUMPTIVE_WINDOW])


def _resumptive(text: str) -> bool:
    return text in _RESUMPTIVES


def pronoun_between(tokens: list[Token], start: int, stop: int) -> bool:
    """A preposition with a pronoun in tokens[start:stop] (فرض حصارا عليها): the side it names was
    named before, so a state adjective after it belongs to something else."""
    return any(_resumptive(t.text) for t in tokens[start:stop])


def resumptive_follows(tokens: list[Token], hit: Hit) -> bool:
    """أصدر بيانا اتهم فيه الجيش الأمريكي: the verb of a relative clause on an indefinite noun, its
    subject that of the clause before; the mention after فيه is its object."""
    return not hit.nominal and hit.end < len(tokens) and tokens[hit.end].text in words("resumptive")


def place_adjectives(tokens: list[Token], slots: list[Slot]) -> set[int]:
    """Indexes of the slots that are state adjectives of a border or area noun (الحدود السورية
    العراقية، داخل التراب الفرنسي): a place, not a participant."""
    area = words("area")
    out: set[int] = set()
    by_tok = {s.tok: k for k, s in enumerate(slots)}
    for k, s in enumerate(slots):
        if s.mention.via != _ADJECTIVE or s.tok == 0:
            continue
        prev = s.tok - 1
        while prev in by_tok and slots[by_tok[prev]].mention.via == _ADJECTIVE:
            prev -= 1  # الحدود السورية العراقية: adjectives in a row
        if prev >= 0 and _bare(tokens[prev].text) in area:
            out.add(k)
    return out


def _bare(text: str) -> str:
    return text[1:] if text[:1] in ("و", "ف", "ب", "ل") and text[1:3] == "ال" else text


def thing_subject(tokens: list[Token], hit: Hit, slots: list[Slot], rule: str) -> bool:
    """A verb whose subject must be someone (actor=person) standing right after a definite noun that
    names no one (إن جثامين القتلى وصلت): that noun is its subject, so the event has no actor."""
    if not hit.trigger.person or hit.nominal or rule not in _WEAK_RULES or hit.start == 0:
        return False
    k = hit.start - 1
    word = tokens[k].text
    if any(s.tok <= k <= s.last for s in slots) or word in words("relative"):
        return False
    return word.startswith(("ال", "وال")) and len(word) > 4 and word.isalpha()


def unnamed_subject(tokens: list[Token], start: int, stop: int, slots: list[Slot]) -> bool:
    """A definite noun that names no one between a verb and a mention (وتوعدت الكتائب القوات
    الأمريكية) is the verb's subject, so the mention after it is its object — not the head a mention
    starting with an adjective qualifies (القوات البحرية الإيرانية)."""
    qualified = stop < len(tokens) and tokens[stop].text.endswith(_NISBA)
    for k in range(start, stop - 1 if qualified else stop):
        word = tokens[k].text
        if any(s.tok <= k <= s.last for s in slots) or word in words("time_noun") or word in words("relative") \
                or word in words("office") or _named_by_next(k, slots):
            continue
        if word.startswith(("ال", "وال")) and len(word) > 4 and word.isalpha():
            return True
    return False


def criticised_owner(tokens: list[Token], hit: Hit, slot: Slot, slots: list[Slot]) -> bool:
    """The genitive of a criticising verb's object noun (يستنكر تلويح واشنطن، استنكر الرئيس ترامب تلويح
    واشنطن) is whom the criticism is aimed at, even on the critic's own side: the noun stands right
    after the verb or right after its subject."""
    head = slot.tok - 1
    if hit.trigger.event != "ACCUSE" or hit.nominal or slot.prep or head < hit.end:
        return False
    word = tokens[head].text
    if word.startswith(("ال", "وال")) or not word.isalpha() or any(s.tok <= head <= s.last for s in slots):
        return False
    return head == hit.end or any(s.last == head - 1 for s in slots)


def _named_by_next(k: int, slots: list[Slot]) -> bool:
    """الرئيس باراك أوباما، المرشد الإيراني: a title before a name, a noun its state's adjective names."""
    return any(s.tok == k + 1 and (s.mention.kind == "PERS" or s.mention.via == "adjective") for s in slots)
