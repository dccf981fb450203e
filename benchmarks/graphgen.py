"""Synthetic extraction records for a graph of a chosen number of relationships.

Documents name a few people, firms and agencies drawn with a skew (a few
hubs, a long tail, as in news), and link them with every relationship type
of the schema, contracts included; entities recur across documents, so
loads merge as they do on real extractions. Deterministic for a seed.

    python -m benchmarks.graphgen 100000 records.jsonl
"""
from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Iterator

_SYLLABLES = ["ka", "lo", "mi", "ra", "ne", "to", "vi", "sa", "du", "re", "an", "el", "or", "is", "ul", "be",
              "co", "fa", "gi", "ho", "ju", "ma", "no", "pe", "qui", "ro", "su", "te", "va", "we", "xi", "zo"]
_FIRM_WORDS = ["Systems", "Analytics", "Technologies", "Holdings", "Partners", "Labs", "Dynamics", "Capital",
               "Security", "Data", "Defence", "Health"]
_AGENCY_FORMS = ["Department of {}", "{} Police", "{} Council", "Ministry of {}", "{} Health Service",
                 "{} Border Agency", "Office of {}", "{} Army"]
_STATUSES = ["proposed", "awarded", "active", "blocked", "cancelled", "ended"]
_CLIENT_STATUSES = {"awarded", "active", "ended"}


def _word(i: int, syllables: int) -> str:
    parts = []
    for _ in range(syllables):
        parts.append(_SYLLABLES[i % len(_SYLLABLES)])
        i //= len(_SYLLABLES)
    return "".join(parts).capitalize()


def person(i: int) -> str:
    return f"{_word(i, 2)} {_word(i // 1024 + 7, 3)}"


def company(i: int) -> str:
    return f"{_word(i * 7 + 3, 4)} {_FIRM_WORDS[i % len(_FIRM_WORDS)]}"


def agency(i: int) -> str:
    return _AGENCY_FORMS[i % len(_AGENCY_FORMS)].format(_word(i * 13 + 5, 3))


class Universe:
    """How many entities of each kind a graph of ``relationships`` links draws from."""

    def __init__(self, relationships: int) -> None:
        self.people = max(20, relationships // 6)
        self.companies = max(20, relationships // 8)
        self.agencies = max(10, relationships // 60)
        self.documents = max(1, relationships // 9)


def _pick(rng: random.Random, n: int, skew: float) -> int:
    return min(n - 1, int(n * rng.random() ** skew))


def _evidence(doc: str, sentence: str, rng: random.Random) -> list[dict]:
    start = rng.randrange(0, 2000)
    return [{"doc": doc, "sentence": sentence, "start": start, "end": start + len(sentence),
             "extractor": "bench", "confidence": round(rng.choice([0.6, 0.75, 0.85, 0.9]), 2)}]


def records(relationships: int, seed: int = 7) -> Iterator[dict]:
    """About ``relationships`` distinct relationships once merged, as extraction records."""
    universe = Universe(relationships)
    for d in range(universe.documents):
        rng = random.Random(seed * 1_000_003 + d)
        doc = f"bench-{d:07d}"
        p = [person(_pick(rng, universe.people, 1.6)) for _ in range(2)]
        c = [company(_pick(rng, universe.companies, 1.8)) for _ in range(3)]
        a = [agency(_pick(rng, universe.agencies, 2.2)) for _ in range(2)]
        if len(set(p)) < 2 or len(set(c)) < 3 or len(set(a)) < 2:
            continue
        entities = [{"type": "Person", "name": n, "aliases": [n.split()[-1]]} for n in p]
        entities += [{"type": "Company", "name": n, "aliases": [f"{n} Inc."] if rng.random() < 0.3 else []} for n in c]
        entities += [{"type": "Agency", "name": n, "aliases": []} for n in a]
        relations = []

        def rel(type_: str, source: str, target: str, verb: str) -> None:
            relations.append({"type": type_, "source": source, "target": target,
                              "evidence": _evidence(doc, f"{source} {verb} {target}.", rng)})

        rel("FOUNDED", p[0], c[0], "founded")
        rel("LEADS", p[1], c[1] if rng.random() < 0.7 else a[0], "leads")
        rel("WORKS_FOR", p[1], a[1], "advises")
        rel("INVESTED_IN", c[2], c[0], "invested in")
        rel("OWNS", c[1], c[2], "owns")
        rel("SUPPLIES", c[0], a[0], "supplies")
        status = rng.choice(_STATUSES)
        value = rng.choice([None, rng.randrange(1, 900) * 1_000_000])
        sentence = f"{a[1]} signed a contract with {c[1]}."
        contract = {"buyer": a[1], "supplier": c[1], "status": status,
                    "blocked_by": [p[0]] if status == "blocked" else [], "value": value,
                    "currency": "GBP" if value else None, "evidence": _evidence(doc, sentence, rng)}
        if status in _CLIENT_STATUSES:
            rel("SUPPLIES", c[1], a[1], "serves")
        yield {"id": doc, "entities": entities, "relations": relations, "contracts": [contract],
               "meta": {"sha256": hashlib.sha256(doc.encode()).hexdigest(), "source": "benchmarks.graphgen"}}


def query_params(relationships: int, count: int = 50, seed: int = 7) -> dict[str, list]:
    """Parameters for the named queries: founders, and (founder, agency) pairs two links apart."""
    founders, pairs = [], []
    for record in records(relationships, seed):
        founded = next(r for r in record["relations"] if r["type"] == "FOUNDED")
        supplies = next(r for r in record["relations"] if r["type"] == "SUPPLIES")
        founders.append(founded["source"])
        pairs.append([founded["source"], supplies["target"]])
        if len(pairs) >= count:
            break
    return {"founders": founders, "pairs": pairs}


def write(relationships: int, path: str | Path, seed: int = 7) -> int:
    count = 0
    with open(path, "w", encoding="utf-8") as fh:
        for record in records(relationships, seed):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


if __name__ == "__main__":
    n = write(int(sys.argv[1]), sys.argv[2])
    print(f"wrote {n} records to {sys.argv[2]}", file=sys.stderr)
