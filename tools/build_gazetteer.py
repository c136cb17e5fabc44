"""Build marsad's gazetteer data files from babel/pycountry and the curated lists.

Inputs: CLDR Arabic country names (babel), ISO codes (pycountry) and the curated lists in
tools/curated/ (countries.tsv, organisations.tsv, people.tsv,
notable_people.tsv). Outputs, in marsad/data/:
  gazetteer.tsv  entity, kind, code, sector, via, names (|-separated, as written)
  offices.tsv    person, country, sector, office, title_ar, start, end
Run: python tools/build_gazetteer.py   (needs babel and pycountry, which `make dev` installs)
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pycountry
from babel import Locale

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
CURATED = ROOT / "tools" / "curated"
OUT = ROOT / "marsad" / "data"


def read(name: str) -> list[dict[str, str]]:
    with (CURATED / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def unique(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        seen.setdefault(v, None)
    return list(seen)


def country_rows() -> list[list[str]]:
    cldr = Locale("ar").territories
    rows: list[list[str]] = []
    for rec in read("countries.tsv"):
        iso3 = rec["iso3"].strip()
        country = pycountry.countries.get(alpha_3=iso3)
        names = split(rec["names"])
        if country is not None and country.alpha_2 in cldr:
            names.append(cldr[country.alpha_2])
        names = unique(names)
        if not names:
            print(f"countries.tsv: {iso3} has no name", file=sys.stderr)
            continue
        rows.append([iso3, "GPE", iso3, "GOV", "name", "|".join(names)])
        if split(rec["adjectives"]):
            rows.append([iso3, "GPE", iso3, "", "adjective", "|".join(unique(split(rec["adjectives"])))])
        if split(rec["capitals"]):
            rows.append([iso3, "LOC", iso3, "GOV", "capital", "|".join(unique(split(rec["capitals"])))])
        if split(rec["seats"]):
            rows.append([iso3, "ORG", iso3, "GOV", "seat", "|".join(unique(split(rec["seats"])))])
    return rows


# Bodies and agencies of the UN system are coded UN as actors (the entity keeps their own code).
UN_FAMILY = {"UNSC", "UNGA", "UNHCR", "UNICEF", "UNRWA", "OCHA", "WFP", "UNDP", "UNESCO", "UNFPA", "UNIFIL",
             "UNHRC", "OHCHR", "UNSG", "UNAMI", "UNSMIL", "UNMISS", "MONUSCO", "UNDOF", "UNTSO", "UNOPS",
             "UNEP", "UNODC", "UNAMA", "UNCTAD", "UNIDO", "FAO", "ILO", "IFAD", "UNWOMEN", "UNAIDS", "UNMAS", "UNSCOL"}


def organisation_rows() -> list[list[str]]:
    rows = []
    for rec in read("organisations.tsv"):
        code = rec["code"].strip()
        kind = "ORG"
        entity = code if rec["kind"] in ("IGO", "NGO") else f"{code}:{split(rec['names'])[0]}"
        actor_code = "UN" if code in UN_FAMILY else code
        rows.append([entity, kind, actor_code, rec["sector"].strip(), "org", "|".join(unique(split(rec["names"])))])
    return rows


def people_rows() -> tuple[list[list[str]], list[list[str]]]:
    names: dict[str, list[str]] = {}
    first: dict[str, dict[str, str]] = {}
    offices: list[list[str]] = []
    if not (CURATED / "people.tsv").exists():
        print("tools/curated/people.tsv is missing: no people in the gazetteer", file=sys.stderr)
        return [], offices
    for rec in read("people.tsv"):
        pid = rec["id"].strip()
        names.setdefault(pid, []).extend(split(rec["names"]))
        first.setdefault(pid, rec)
        offices.append([pid, rec["country"], rec["sector"], rec["office"], rec["title_ar"],
                        rec["start"], rec["end"]])
    rows = [[pid, "PERS", first[pid]["country"], first[pid]["sector"], "person", "|".join(unique(n))]
            for pid, n in names.items()]
    return rows, offices


_FIELD_SECTOR = {"politics": "GOV", "business": "BUS", "religion": "REL", "sport": "CVL", "culture": "CVL",
                 "science": "CVL"}


def _key(name: str) -> str:
    from marsad.arabic.normalize import normalize_text

    return " ".join(normalize_text(name).split())


def notable_rows(known: list[list[str]]) -> list[list[str]]:
    """People with no tracked office (tools/curated/notable_people.tsv), less the names people.tsv has."""
    seen = {_key(n) for row in known for n in row[5].split("|")}
    rows: list[list[str]] = []
    with (CURATED / "notable_people.tsv").open(encoding="utf-8") as fh:
        lines = [x for x in fh if not x.startswith("#")]
    for rec in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        names = [n for n in unique(split(rec["names"])) if _key(n) not in seen]
        if not names:
            continue
        seen.update(_key(n) for n in names)
        sector = _FIELD_SECTOR.get(rec["field"].strip(), "CVL")
        rows.append([f"notable:{names[0]}", "PERS", rec["country"].strip(), sector, "person", "|".join(names)])
    return rows


def write(name: str, header: list[str], rows: list[list[str]]) -> None:
    with (OUT / name).open("w", encoding="utf-8", newline="") as fh:
        fh.write("# generated by tools/build_gazetteer.py from tools/curated and babel/pycountry; do not edit\n")
        fh.write("\t".join(header) + "\n")
        for row in rows:
            fh.write("\t".join(c.replace("\t", " ") for c in row) + "\n")


def given_names() -> list[list[str]]:
    return [[r["name"].strip(), r["gender"], r["origin"], r["note"]] for r in read("given_names.tsv")]


def main() -> None:
    write("given_names.tsv", ["name", "gender", "origin", "note"], given_names())
    people, offices = people_rows()
    gaz = country_rows() + organisation_rows() + people
    gaz += notable_rows(gaz)
    write("gazetteer.tsv", ["entity", "kind", "code", "sector", "via", "names"], gaz)
    write("offices.tsv", ["person", "country", "sector", "office", "title_ar", "start", "end"], offices)
    print(f"gazetteer.tsv: {len(gaz)} rows; offices.tsv: {len(offices)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
