#!/usr/bin/env python3
"""Validate the marsad demo data: JSON parses, record fields, gold offsets and fields.

Usage: python3 validate_demo.py [--against DIR ...]
  --against DIR  also check that no 7-word run of the demo texts occurs in any file under DIR
"""
import collections
import difflib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# the texts ship inside the package (marsad demo reads them); the gold stays here
DATA = os.path.join(HERE, "..", "marsad", "data", "demo")
TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"}
AUX = {"", "future", "negated", "historical", "hypothetical"}
MODES = {"", "assist", "change", "yield", "meet"}
SECTORS = {"GOV", "MIL", "REB", "OPP", "CVL", "BUS", "MED", "JUD", "LEG", "POL", "REL", "NGO", ""}
GOLD_KEYS = ["doc", "sent", "event", "mode", "actor", "recipient", "date", "loc", "trigger", "aux", "text"]
MANDATED = "Go to accessibility shortcutsشارك هذا المقال"
REC_KEYS = ["title", "content", "date", "url", "source", "author"]

errors, warnings = [], []


def err(msg):
    errors.append(msg)


def check_record(where, r):
    if list(r) != REC_KEYS:
        err(f"{where}: keys {list(r)}")
    if not re.fullmatch(r"20(19|2[0-5])-\d\d-\d\d \d\d:\d\d:\d\d", r["date"]):
        err(f"{where}: bad date {r['date']!r}")
    if not re.fullmatch(r"https://example\.org/\S+", r["url"]):
        err(f"{where}: bad url {r['url']!r}")
    if not re.fullmatch(r"[a-z]+(-[a-z]+)*", r["source"]):
        err(f"{where}: bad source slug {r['source']!r}")


def main(argv):
    docs = {}
    pages = sorted(os.listdir(os.path.join(DATA, "pages")))
    for name in pages:
        with open(os.path.join(DATA, "pages", name), encoding="utf-8") as f:
            text = f.read()
        docs[name] = text
        lines = text.split("\n")
        if not re.search(r"\d", lines[1]):
            err(f"{name}: line 2 is not a publication line")
        if not lines[-2].startswith("المصدر: "):
            err(f"{name}: last line is not a source line")
        for need in ("Related", "Go to accessibility shortcutsشارك هذا المقال", "كلمات دلالية: "):
            if need not in text:
                err(f"{name}: missing chrome {need!r}")
    glued = [n for n in pages if "\nإقرأ أيضاً:\n" in docs[n]]

    agency = []
    with open(os.path.join(DATA, "records", "agency.jsonl"), encoding="utf-8") as f:
        for i, line in enumerate(f):
            r = json.loads(line)
            check_record(f"agency.jsonl#{i}", r)
            agency.append(r)
            docs[f"agency.jsonl#{i}"] = r["content"]
    with open(os.path.join(DATA, "records", "wire.json"), encoding="utf-8") as f:
        wire = json.load(f)
    for i, r in enumerate(wire):
        check_record(f"wire.json#{i}", r)
        docs[f"wire.json#{i}"] = r["content"]

    # near-copies between the two record files
    copies = []
    for i, a in enumerate(agency):
        for j, w in enumerate(wire):
            ratio = difflib.SequenceMatcher(None, a["content"], w["content"]).ratio()
            if ratio > 0.6:
                copies.append((i, j, round(ratio, 2), a["title"] != w["title"]))

    gold = []
    with open(os.path.join(HERE, "gold.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            g = json.loads(line)
            gold.append(g)
            where = f"gold.jsonl:{n}"
            if list(g) != GOLD_KEYS:
                err(f"{where}: keys {list(g)}")
                continue
            if g["doc"] not in docs:
                err(f"{where}: unknown doc {g['doc']}")
                continue
            text = docs[g["doc"]]
            s, e = g["sent"]
            if text[s:e] != g["text"]:
                err(f"{where}: offsets {s},{e} do not give the sentence")
            if g["event"] not in TYPES:
                err(f"{where}: type {g['event']}")
            if g["aux"] not in AUX or g["mode"] not in MODES:
                err(f"{where}: aux/mode {g['aux']!r}/{g['mode']!r}")
            if g["trigger"] not in g["text"]:
                err(f"{where}: trigger {g['trigger']!r} not in sentence")
            if g["date"] and not re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", g["date"]):
                err(f"{where}: date {g['date']!r}")
            if not g["actor"]:
                err(f"{where}: no actor")
            for a in g["actor"] + g["recipient"]:
                if set(a) != {"code", "sector", "text"} or not re.fullmatch(r"[A-Z]{2,5}", a["code"]):
                    err(f"{where}: bad participant {a}")
                if a["sector"] not in SECTORS:
                    err(f"{where}: sector {a['sector']!r}")
                if a["text"] and a["text"] not in g["text"]:
                    warnings.append(f"{where}: participant text {a['text']!r} not in sentence")
            if set(g["loc"]) != {"text", "country"}:
                err(f"{where}: loc {g['loc']}")
            elif g["loc"]["text"] and g["loc"]["text"] not in text:
                err(f"{where}: loc text {g['loc']['text']!r} not in document")

    # originality: no 7-word run shared with any file under --against dirs
    against = [argv[i + 1] for i, a in enumerate(argv) if a == "--against"]
    shared_hits = 0
    if against:
        def shingles(t, n=7):
            t = t.replace(MANDATED, " | ")  # chrome string prescribed by the brief
            w = re.findall(r"\w+", t)
            return {" ".join(w[i:i + n]) for i in range(len(w) - n + 1)}
        mine = set()
        for d, t in docs.items():
            mine |= shingles(t)
        for root in against:
            for dp, _, fs in os.walk(root):
                for fn in fs:
                    try:
                        with open(os.path.join(dp, fn), encoding="utf-8", errors="ignore") as f:
                            hit = mine & shingles(f.read())
                    except OSError:
                        continue
                    if hit:
                        shared_hits += len(hit)
                        err(f"text shared with {os.path.join(dp, fn)}: {sorted(hit)[:3]}")

    stories = sum(1 + docs[n].count("\nإقرأ أيضاً:\n") for n in pages) + len(agency) + len(wire)
    by_type = collections.Counter(g["event"] for g in gold)
    by_aux = collections.Counter(g["aux"] or "(none)" for g in gold)
    print(f"pages: {len(pages)} (two-story pages: {', '.join(glued)})")
    print(f"records: agency.jsonl {len(agency)}, wire.json {len(wire)}; near-copies (agency#, wire#, ratio, retitled): {copies}")
    print(f"stories: {stories} (distinct: {stories - len(copies)})")
    print(f"gold events: {len(gold)} in {len({g['doc'] for g in gold})} documents")
    print("by type: " + ", ".join(f"{t} {c}" for t, c in sorted(by_type.items())))
    print("by aux: " + ", ".join(f"{t} {c}" for t, c in sorted(by_aux.items())))
    if against:
        print(f"shared 7-word runs with {against}: {shared_hits}")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
