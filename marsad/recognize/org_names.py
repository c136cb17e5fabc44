"""Organisation names the gazetteer does not know, from the nouns that head them (حزب، مجلس،
منظمة، شركة …): a head, then definite words, clitic ل+ال words, known names and — after an
indefinite head — a proper name in construct (معهد X، شركة X Y)."""

from __future__ import annotations

from marsad.arabic.tokenize import Token
from marsad.recognize.names import (
    NameLexicon,
    NameSpan,
    _free,
    _gap_is_space,
    _head,
    _name_like,
    _plain_start,
    _strip,
)

_MAX_ORG_TOKENS = 5


def _starts_name(token: Token, taken: list[tuple[int, int]]) -> bool:
    """A known name of more than one word begins at the token."""
    return any(token.start <= s < token.end < e for s, e in taken)


def org_at(text: str, tokens: list[Token], i: int, taken: list[tuple[int, int]],
            lex: NameLexicon) -> NameSpan | None:
    prefix, stem = _strip(tokens[i].text)
    head = stem if stem in lex.org_heads else stem[2:] if stem.startswith("ال") and stem[2:] in lex.org_heads else ""
    if not head or not _free(tokens, i, taken):
        return None
    j = i + 1
    while j < len(tokens) and j - i < _MAX_ORG_TOKENS and _gap_is_space(text, tokens[j - 1], tokens[j]):
        word = tokens[j].text
        if word in lex.function_words or (word.startswith("و") and j > i + 1) or _strip(word)[1] in lex.titles \
                or (not word.isalpha() and any(c.isdigit() for c in word)):
            break  # التحالف 200000 جندي، مؤسسة الشيخ X: a number or a title ends the name
        if not (word.startswith(("ال", "لل")) or not word.isalpha() or word.isascii() or not _free(tokens, j, taken)
                or _proper(tokens, i, j, stem, lex)):
            break
        if j > i + 2 and _starts_name(tokens[j], taken) and _free(tokens, j - 1, taken):
            break  # بنك فرنسا المركزي جان كلود تريشيه: a known name after the organisation's adjective
        if j == i + 1 and stem.startswith("ال") and _starts_name(tokens[j], taken):
            break  # وتوعدت الكتائب القوات الأمريكية: a definite head is not in construct with a name
        if j > i + 1 and not _free(tokens, j - 1, taken) and not _free(tokens, j, taken) and \
                not any(s <= tokens[j - 1].start and tokens[j].end <= e for s, e in taken):
            break  # شركة إنرون الأمريكية: the nationality after a known name is not part of it
        j += 1
    if j == i + 1 or (j == i + 2 and _describes(tokens[i + 1], taken, stem.startswith("ال"))):
        return None
    return NameSpan(tokens[i].start + len(prefix), tokens[j - 1].end, "ORG", lex.org_heads[head])


def _proper(tokens: list[Token], i: int, j: int, stem: str, lex: NameLexicon) -> bool:
    """The word at j is a proper name in construct with the indefinite head at i (جامعة جورجتاون،
    شركة آرثر أندرسون): right after the head, or after another such word."""
    near = j == i + 1 or (j == i + 2 and not tokens[j - 1].text.startswith("ال"))
    word = tokens[j].text
    return near and not stem.startswith("ال") and (_proper_in_construct(word, lex) or _head(word)[2])


def _proper_in_construct(word: str, lex: NameLexicon) -> bool:
    """An indefinite proper name after an indefinite head (معهد رويان، شركة أنفرايرو): not a common,
    feminine, plural, verbal or nisba word (شركة كبيرة، لجنة خاصة، جامعة عربية)."""
    return (len(word) >= 3 and word.isalpha() and _name_like(word, lex) and _plain_start(word, lex)
            and not word.endswith(("ي", "يه", "ين", "ون", "ا"))
            and not word.startswith(("و", "لل", "بال", "فال", "كال"))
            and not (word[0] in "لبفك" and (word[1:] in lex.common or not _plain_start(word[1:], lex))))


_PLAIN_ADJECTIVES = frozenset({"الاخري", "الاخر", "السابق", "السابقه", "الجديد", "الجديده", "العملاق", "العملاقه",
                               "الكبري", "الكبير", "الكبيره", "الرسمي", "الرسميه", "المذكور", "المذكوره",
                               "المعني", "المعنيه", "نفسها", "نفسه", "ذاتها", "ذاته", "المحليه", "المحلي"})


def _describes(token: Token, taken: list[tuple[int, int]], definite: bool) -> bool:
    """الصحيفة البريطانية، الشركة العملاقة، صحيفة بريطانية، شركة للمقاولات: a head and one adjective
    — a nationality (a span already found on that word alone) or a plain one — or, after an
    indefinite head, one word with ل + ال describe an organisation, not name it."""
    if not definite and token.text.startswith("لل"):
        return True
    if not definite and not token.text.endswith(("ي", "يه")):
        return False  # مؤسسة جيتس، جامعة جورجتاون: a name after an indefinite head
    return (definite and token.text in _PLAIN_ADJECTIVES) or any(s == token.start and e == token.end for s, e in taken)
