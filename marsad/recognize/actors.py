"""Actor and place mentions: gazetteer names, role phrases (الرئيس الروسي، رئيسا روسيا وبيلاروس),
counterparts (نظيره الإيراني) and titles resolved to office holders by the story's date."""

from __future__ import annotations

from functools import lru_cache

from marsad.arabic.normalize import normalize_text
from marsad.doc import Doc, Mention, Segment
from marsad.recognize.gazetteer import (
    VOWEL_MARKS,
    Entry,
    Match,
    Matcher,
    codes_by_vocalization,
    entity_names,
    office_holder,
    role_names,
)
from marsad.recognize.known_groups import known_group
from marsad.recognize.names import NameMemory, find_names, name_lexicon, remember
from marsad.resources import read_tsv, word_list

_VIA_RANK = {"person": 0, "org": 1, "name": 2, "seat": 3, "capital": 4, "region": 5, "city": 6, "adjective": 7}
_MAX_GAP = 2  # characters between a role word and the country that qualifies it (a space)


def _best(entries: tuple[Entry, ...], known: frozenset[str] = frozenset()) -> Entry:
    """The reading of an ambiguous name: one whose state the story names elsewhere, else by kind."""
    return min(entries, key=lambda e: (e.code not in known, _VIA_RANK.get(e.via, 9)))


def _vocalized(doc: Doc, m: Match) -> tuple[Entry, ...]:
    """The readings of an ambiguous name that the marks written on it allow (عَمّان is the capital
    of Jordan, عُمان the state); all of them when it is written without marks."""
    if len({e.code for e in m.entries}) < 2:
        return m.entries
    norm = doc.norm
    start, end = norm.raw_start(m.start), norm.raw_end(m.end)
    while end < len(doc.text) and doc.text[end] in VOWEL_MARKS:
        end += 1
    codes = codes_by_vocalization(norm.text[m.start:m.end], doc.text[start:end])
    return tuple(e for e in m.entries if e.code in codes) or m.entries


def _place_heads() -> frozenset[str]:
    return word_list("place_heads.tsv")


_BIG_CITY = 500_000


def _supported(nt: str, m: Match, known: frozenset[str]) -> bool:
    """Town names are often common words (الإطار، جديدة): a town counts when a place noun comes
    right before it, or when the story names its country; a big city counts unless its name is
    a common word."""
    if any(e.via != "city" for e in m.entries):
        return True
    if m.prefix.endswith("ك"):
        return False  # كبيرا is a word (largely), not ك + بيرا
    return any(_town_counts(nt, m, e, known) for e in m.entries)


def _town_counts(nt: str, m: Match, e: Entry, known: frozenset[str]) -> bool:
    """Whether a town reading of a name holds here (see _supported)."""
    before = nt[max(0, m.start - len(m.prefix) - 12):m.start - len(m.prefix)].split()
    if before and before[-1] in _place_heads():
        return True
    return not e.support and (e.population >= _BIG_CITY or e.code in known)


def _readings(nt: str, m: Match, known: frozenset[str]) -> Match:
    """The match without the town readings that do not hold here, when it has others: الهندية after
    القوات البحرية is the Indian adjective, not the Iraqi town, which needs a place noun before it."""
    if len(m.entries) < 2 or all(e.via != "city" for e in m.entries):
        return m
    kept = tuple(e for e in m.entries if e.via != "city" or _town_counts(nt, m, e, known))
    return m._replace(entries=kept) if kept and len(kept) < len(m.entries) else m


def _word_not_person(nt: str, m: Match) -> bool:
    """A one-word alias of a person that reads as a word here: a nisba after a definite noun
    (العصر الذهبي، الأسد الذهبي) or a particle before a definite noun (لولا الدعم)."""
    if m.prefix or any(e.kind != "PERS" for e in m.entries):
        return False
    word = nt[m.start:m.end]
    if " " in word:
        return False
    lex = name_lexicon()
    before = nt[max(0, m.start - 20):m.start].split()
    after = nt[m.end:m.end + 20].split()
    noun = before[-1] if before else ""
    if word.startswith("ال") and word.endswith("ي") and noun.startswith("ال") and noun not in lex.titles and \
            noun not in lex.person_nouns and not noun.endswith(("ي", "يه")):
        return True
    return word in lex.function_words and bool(after) and after[0].startswith("ال")


def _story_codes(matches: list[Match]) -> frozenset[str]:
    return frozenset(m.entries[0].code for m in matches if len({e.code for e in m.entries}) == 1)


def recognize_actors(doc: Doc, memory: NameMemory | None = None) -> list[Mention]:
    """Mentions of people, states, places and organisations in every story segment."""
    memory = memory if memory is not None else NameMemory()
    norm = doc.norm
    nt = norm.text
    matcher = _segment_matcher()
    mentions: list[Mention] = []
    for story in (s for s in doc.stories if s.lang == "ar"):
        date = story.date
        first = len(mentions)
        people: dict[str, Mention] = {}  # last word of a person named in the story → that mention
        for seg in story.segments:
            ns, ne = norm.norm_index(seg.start), norm.norm_index(seg.end)
            found_ents, roles, refs = matcher.find_each(nt, ns, ne)
            known = _story_codes([m for m in found_ents if any(e.via != "city" for e in m.entries)])
            ents = [_readings(nt, m, known) for m in found_ents
                    if _supported(nt, m, known) and not _word_not_person(nt, m)]
            used: set[int] = set()
            found: list[Mention] = []
            pairs: list[Match] = []
            anaphors: list[Match] = []
            for role in roles:
                qualified = _role_mentions(doc, role, ents, used, date)
                found.extend(qualified)
                r = role.entries[0]
                if qualified:
                    continue
                if r.count == 2 and r.via != "title":
                    pairs.append(role)
                elif r.count == 1 and r.entity.startswith("ال") and not _followed_by_name(nt, role, ents):
                    anaphors.append(role)
            for i, m in enumerate(ents):
                if i in used:
                    continue
                e = _best(_vocalized(doc, m), known)
                found.append(_mention(doc, m.start, m.end, e.kind, e.code, e.sector, e.entity, e.via))
            for role in pairs:
                found.extend(_pair_reference(doc, role, [m for m in mentions + found if m.start >= story.start]))
            for role in anaphors:
                found.extend(_anaphor(doc, role, [m for m in mentions + found if m.start >= story.start]))
            groups = _group_references(doc, refs, [m for m in mentions + found if m.start >= story.start],
                                       story.segments, date) if refs else []
            if groups:  # الدول الأربع is a group, not the pair reference البلدان inside it
                found = [m for m in found if m.via != "pair" or not any(g.start <= m.start < g.end for g in groups)]
                found.extend(groups)
            found.extend(_unknown_names(doc, ns, ne, found, memory))
            found = _drop_adjectives_in_names(found)
            _remember_surnames(doc, found, memory)
            _link_people(found, people)
            mentions.extend(found)
        _unsupported_surnames(mentions[first:])
    mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions


def _unsupported_surnames(story: list[Mention]) -> None:
    """A known person named by one word that is also an Arabic given name or family name (زيدان،
    مشعل، عرفات، المالكي، المرزوقي) whose state the story names nowhere else is most often someone
    else (المهندس زيدان، صعيد عرفات): the mention keeps its kind but loses the known person's code and
    identity. A foreign surname (لافروف، ماكرون) needs no support."""
    for m in story:
        if m.kind != "PERS" or m.via != "person" or not m.code or " " in m.text.strip() \
                or not _common_arabic_name(m.text.strip()):
            continue
        if not any(o.code == m.code and o is not m and (o.kind != "PERS" or " " in o.text.strip()) for o in story):
            m.code, m.sector, m.entity = "", "", ""


def _common_arabic_name(word: str) -> bool:
    """A given name (عرفات، عباس) or a family name shaped as a definite nisba (المالكي)."""
    norm = normalize_text(word)
    return norm in name_lexicon().given or (norm.startswith("ال") and norm.endswith("ي") and len(norm) >= 5)


def _drop_adjectives_in_names(found: list[Mention]) -> list[Mention]:
    """علي السويدي: a nationality adjective read as a family name is no longer an adjective."""
    names = [(m.start, m.end) for m in found if m.kind == "PERS" and m.via == "unknown"]
    if not names:
        return found
    return [m for m in found if m.via != "adjective" or not any(s <= m.start and m.end <= e for s, e in names)]


def _last_word(text: str) -> str:
    words = normalize_text(text).split()
    last = words[-1] if words else ""
    return last[1:] if last[:1] in "وبلف" and len(last) > 4 and last[1:2] != "ا" else last


def _link_people(found: list[Mention], people: dict[str, Mention]) -> None:
    """A person named earlier in the story in full (وزير الدفاع الإيراني حسين دهقان) lends its code,
    sector and identity to a later mention of the last name alone (وقال دهقان)."""
    for m in sorted(found, key=lambda m: m.start):
        if m.kind != "PERS" or m.via not in ("person", "unknown"):
            continue
        key = _last_word(m.text)
        earlier = people.get(key)
        if earlier is not None and not m.code and earlier.code and " " not in m.text.strip():
            m.code, m.sector, m.entity = earlier.code, earlier.sector, earlier.entity
        elif m.code and (" " in m.text.strip() or key not in people):
            people[key] = m


def _role_near(doc: Doc, found: list[Mention], start: int, end: int) -> Mention | None:
    """The role phrase right before a name (الرئيسة الفلبينية X), or one that follows it after a comma
    within a few words (X، أحد أبرز مستشاري المرشد الإيراني)."""
    norm = doc.norm
    for m in sorted(found, key=lambda m: m.start):
        if m.via not in ("title", "counterpart", "adjective"):
            continue
        m_end, m_start = norm.norm_index(m.end - 1) + 1, norm.norm_index(m.start)
        if 0 <= start - m_end <= 2 and m.via != "adjective":
            return m
        gap = norm.text[end:m_start]
        if 0 < len(gap) <= 40 and gap.lstrip().startswith(("،", ",")) and len(gap.split()) <= 5 \
                and not any(c in gap for c in ".؛:\n"):
            return m
    return None


def _unknown_names(doc: Doc, ns: int, ne: int, found: list[Mention], memory: NameMemory) -> list[Mention]:
    """People and organisations the gazetteer lacks; a person right after a role phrase
    (الرئيسة الفلبينية غلوريا أرويو) takes the role's state and sector."""
    norm = doc.norm
    taken = [(norm.norm_index(m.start), norm.norm_index(m.end - 1) + 1) for m in found]
    cues = frozenset(norm.norm_index(m.end - 1) + 1 for m in found if m.via == "adjective")
    out: list[Mention] = []
    # the segment's tokens are its sentences' (tokenized once for every stage); a text without
    # sentences (tag-conll's) is tokenized here
    tokens = [t for s in doc.sentences if ns <= norm.norm_index(s.start) < ne for t in doc.tokens(s.start, s.end)]
    for name in find_names(norm.text, ns, ne, taken, memory, cues, tokens or None):
        code, sector, entity = "", name.sector, ""
        if name.kind == "PERS":
            role = _role_near(doc, found, name.start, name.end)
            if role is not None:
                before = norm.norm_index(role.start) < name.start
                code, sector, entity = role.code, role.sector, role.entity if before else ""
                if role.via == "adjective":  # X، أحد مستشاري المرشد الإيراني: the state only
                    sector, entity = "", ""
        out.append(_mention(doc, name.start, name.end, name.kind, code, sector, entity, "unknown"))
    return out


@lru_cache(maxsize=1)
def _segment_matcher() -> Matcher:
    """Gazetteer names, role phrases and group references, each segment scanned once for the three."""
    return Matcher(entity_names(), role_names(), _group_names())


def _group_names() -> dict[str, list[Entry]]:
    names: dict[str, list[Entry]] = {}
    for phrase, count in read_tsv("group_refs.tsv"):
        key = " ".join(normalize_text(phrase).split())
        names.setdefault(key, []).append(Entry(phrase, "ROLE", "", "GOV", "group", count=int(count)))
    return names


_GROUP_GLUE = frozenset({"و", "،", ",", "، و", ", و"})


def _coordinated_groups(doc: Doc, earlier: list[Mention]) -> list[list[Mention]]:
    """Runs of states joined by و or a comma (السعودية والإمارات والبحرين ومصر), in text order."""
    states = sorted((m for m in earlier if m.kind in ("GPE", "LOC") and m.via in ("name", "capital")),
                    key=lambda m: m.start)
    groups: list[list[Mention]] = []
    for m in states:
        if groups and doc.text[groups[-1][-1].end:m.start].strip() in _GROUP_GLUE \
                and m.code not in {g.code for g in groups[-1]}:
            groups[-1].append(m)
        else:
            groups.append([m])
    return [g for g in groups if len(g) >= 2]


def _group_references(doc: Doc, refs: list[Match], earlier: list[Mention], segments: list[Segment],
                      date: str = "") -> list[Mention]:
    """الدول الأربع، الدول المقاطعة، تلك الدول (refs: what the segment matcher found of group_refs.tsv):
    every state of the group named before — or, when the lead names the group before listing it, the
    first such group named after."""
    out: list[Mention] = []
    whole = [m for m in recognize_states(doc, segments)]
    for ref in refs:
        start = doc.norm.raw_start(ref.start)
        count = ref.entries[0].count
        before = [g for g in _coordinated_groups(doc, [m for m in earlier if m.end <= start])
                  if count == 0 or len(g) == count]
        after = [g for g in _coordinated_groups(doc, [m for m in whole if m.start > start])
                 if count == 0 or len(g) == count]
        group = before[-1] if before else after[0] if after else []
        codes = [m.code for m in group] or list(known_group(doc.norm.text[ref.start:ref.end], date,
                                                            frozenset(m.code for m in whole)))
        out.extend(_mention(doc, ref.start, ref.end, "GPE", code, "GOV", "", "pair") for code in codes)
    return out


def recognize_states(doc: Doc, segments: list[Segment]) -> list[Mention]:
    """State names and capitals of the given segments (a light pass used to look ahead)."""
    norm = doc.norm
    out: list[Mention] = []
    for seg in segments:
        for m in _segment_matcher().find(norm.text, norm.norm_index(seg.start), norm.norm_index(seg.end)):
            e = _best(m.entries)
            if e.via in ("name", "capital"):
                out.append(_mention(doc, m.start, m.end, e.kind, e.code, e.sector, e.entity, e.via))
    return out


def _remember_surnames(doc: Doc, found: list[Mention], memory: NameMemory) -> None:
    for m in found:
        if m.kind == "PERS" and m.via in ("person", "unknown"):
            words = normalize_text(m.text).split()
            if len(words) >= 2:
                remember(memory, words[-1])


def _followed_by_name(nt: str, role: Match, ents: list[Match]) -> bool:
    """الرئيس بوتين: the role is an apposition of the name that follows, not an anaphor."""
    return any(0 <= m.start - len(m.prefix) - role.end <= 2 and _best(m.entries).kind == "PERS" for m in ents)


def _anaphor(doc: Doc, role: Match, earlier: list[Mention]) -> list[Mention]:
    """الوزارة، الوزير، الحكومة: the latest earlier mention of the story with the same head noun;
    المملكة، الجمهورية: the latest state named with it (المملكة العربية السعودية)."""
    start = doc.norm.raw_start(role.start)
    head = role.entries[0].entity.removeprefix("ال")
    head_norm = normalize_text(head)
    for m in sorted((m for m in earlier if m.end <= start), key=lambda m: -m.start):
        if (m.via in ("title", "body", "anaphor") or (m.kind == "GPE" and m.via == "name")) \
                and head_norm in normalize_text(m.text):
            r = role.entries[0]
            return [_mention(doc, role.start, role.end, m.kind, m.code, r.sector or m.sector, m.entity, "anaphor")]
    return []


def _pair_reference(doc: Doc, role: Match, earlier: list[Mention]) -> list[Mention]:
    """البلدين، الدولتين، الجانبين: the last two distinct states mentioned before them."""
    norm = doc.norm
    start = norm.raw_start(role.start)
    weight: dict[str, float] = {}
    for m in earlier:
        if m.end > start or m.via in ("adjective", "capital") or not (len(m.code) == 3 and m.code.isupper()):
            continue
        # how often a state is named, recent mentions breaking ties
        weight[m.code] = weight.get(m.code, 0.0) + 1.0 + m.start / (start + 1) / 100
    codes = sorted(weight, key=lambda c: -weight[c])[:2]
    if len(codes) < 2:
        return []
    r = role.entries[0]
    return [_mention(doc, role.start, role.end, "GPE", code, r.sector, "", "pair") for code in reversed(codes)]


def _role_mentions(doc: Doc, role: Match, ents: list[Match], used: set[int], date: str) -> list[Mention]:
    """A role word qualified by the country right after it, and for duals the coordinated one."""
    nt = doc.norm.text
    r = role.entries[0]
    out: list[Mention] = []
    for i, m in enumerate(ents):
        if m.start < role.end:
            continue
        gap = nt[role.end:m.start - len(m.prefix)]
        if len(gap) > _MAX_GAP or gap.strip() or m.prefix not in ("", "ال"):
            break
        e = _best(m.entries)
        if e.kind not in ("GPE", "LOC") and e.via != "seat":
            break
        if r.entity.startswith("ال") and e.via != "adjective":
            break  # a definite role takes an adjective (الوزارة العراقية), never a genitive name
        holder = office_holder(e.code, r.office, date) if r.via == "title" else ""
        kind = "PERS" if r.via in ("title", "counterpart") else "ORG"
        out.append(_mention(doc, role.start, m.end, kind, e.code,
                            r.sector, holder, r.via, count=1))
        used.add(i)
        if r.count == 2 and i + 1 < len(ents):
            nxt = ents[i + 1]
            between = nt[m.end:nxt.start - len(nxt.prefix)]
            if between.strip() in ("", "،", ",") and nxt.prefix.startswith("و") and len(between) <= 3:
                e2 = _best(nxt.entries)
                if e2.kind in ("GPE", "LOC"):
                    holder2 = office_holder(e2.code, r.office, date) if r.via == "title" else ""
                    out.append(_mention(doc, nxt.start, nxt.end, kind, e2.code, r.sector, holder2, r.via))
                    used.add(i + 1)
        break
    return out


def _mention(doc: Doc, ns: int, ne: int, kind: str, code: str, sector: str, entity: str, via: str,
             count: int = 1) -> Mention:
    norm = doc.norm
    s, e = norm.raw_start(ns), norm.raw_end(ne)
    return Mention(s, e, text=doc.text[s:e], kind=kind, code=code, sector=sector, entity=entity,
                   via=via, count=count)
