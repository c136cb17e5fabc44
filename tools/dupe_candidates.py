"""Candidate article pairs from SaudiNewsNet for labeling near-duplicates (issue: dupes gold).

Writes, OUTSIDE the repository, a JSONL file of candidate pairs with both texts, for a person to
read and label; only the URLs and labels go into the repository (tests/data/saudinewsnet_dupe_pairs.tsv).
Usage: python tools/dupe_candidates.py ../shared/corpora/saudinewsnet/dataset /tmp/dupe_candidates.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marsad.doc import Doc
from marsad.link.minhash import band_keys, signature, similarity, words
from marsad.sources import iter_inputs


def main(corpus: str, out: str) -> None:
    docs = [d for d in iter_inputs([corpus]) if isinstance(d, Doc) and d.meta.get("url")]
    seen_urls: set[str] = set()
    unique = []
    for d in docs:
        if d.meta["url"] not in seen_urls:
            seen_urls.add(d.meta["url"])
            unique.append(d)
    sigs = [signature(d.meta.get("title", "") + "\n" + d.text) for d in unique]
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, sig in enumerate(sigs):
        for b, k in enumerate(band_keys(sig)):
            buckets[(b, k)].append(i)
    pairs: dict[tuple[int, int], float] = {}
    for members in buckets.values():
        if len(members) > 50:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = members[x], members[y]
                if (a, b) not in pairs:
                    pairs[(a, b)] = similarity(sigs[a], sigs[b])
    # hard negatives: same topic (shared rare title words), low text similarity
    by_word: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(unique):
        for w in set(words(d.meta.get("title", ""))):
            if len(w) >= 5:
                by_word[w].append(i)
    rng = random.Random(7)
    topical: dict[tuple[int, int], float] = {}
    for members in by_word.values():
        if 2 <= len(members) <= 40:
            for _ in range(3):
                a, b = sorted(rng.sample(members, 2))
                sim = similarity(sigs[a], sigs[b])
                if sim < 0.35:
                    topical[(a, b)] = sim
    high = [p for p, s in pairs.items() if s >= 0.3]
    rng.shuffle(high)
    low = list(topical)
    rng.shuffle(low)
    chosen = [(p, pairs[p]) for p in high[:400]] + [(p, topical[p]) for p in low[:400]]
    with open(out, "w", encoding="utf-8") as fh:
        for (a, b), sim in chosen:
            da, db = unique[a], unique[b]
            fh.write(json.dumps({"url_a": da.meta["url"], "url_b": db.meta["url"], "sim": round(sim, 3),
                                 "source_a": da.meta.get("source", ""), "source_b": db.meta.get("source", ""),
                                 "title_a": da.meta.get("title", ""), "title_b": db.meta.get("title", ""),
                                 "text_a": da.text[:1500], "text_b": db.text[:1500]}, ensure_ascii=False) + "\n")
    print(f"{len(unique)} articles, {len(pairs)} LSH pairs, wrote {len(chosen)} candidates to {out}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
