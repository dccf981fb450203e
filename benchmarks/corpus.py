"""A news corpus of any size from the project's own sample texts.

Sentences of the gold set's articles are recombined into new articles, and
every entity mention is swapped for another entity of the same kind (from
the gazetteers, or made up from their first names and surnames, so that new
names keep turning up as in real news); sums of money change too. The
generator streams: document i depends only on the seed and i, so a 1k
corpus is the first thousandth of a 1M one.

    python -m benchmarks.corpus 1000 /tmp/corpus
"""
from __future__ import annotations

import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

DATA = Path(__file__).resolve().parent.parent / "data"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'‘“])")
_MONEY = re.compile(r"([£$€])\d+(?:\.\d+)?")
_FIRM_WORDS = ["Systems", "Analytics", "Technologies", "Holdings", "Partners", "Labs", "Dynamics", "Group"]
_AGENCY_FORMS = ["{} County Council", "{} Police", "Department of {}", "{} Health Board", "Ministry of {}"]


@dataclass(frozen=True)
class Slot:
    """An entity mention in a template sentence: which entity of which article, and which form."""

    article: int
    entity: int
    label: str
    short: bool


@dataclass
class Pools:
    people: list[str]
    companies: list[str]
    agencies: list[str]
    first_names: list[str]
    surnames: list[str]
    places: list[str]

    def name(self, label: str, rng: random.Random) -> str:
        """A known name, or (half the time) a new one made from known parts."""
        if label == "Person":
            if rng.random() < 0.5:
                return rng.choice(self.people)
            return f"{rng.choice(self.first_names)} {rng.choice(self.surnames)}"
        if label == "Company":
            if rng.random() < 0.5:
                return rng.choice(self.companies)
            return f"{rng.choice(self.surnames)} {rng.choice(_FIRM_WORDS)}"
        if rng.random() < 0.6:
            return rng.choice(self.agencies)
        return rng.choice(_AGENCY_FORMS).format(rng.choice(self.places))


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_pools(data: Path = DATA) -> Pools:
    gold = _jsonl(data / "gold" / "sample.jsonl")
    people = sorted({e["name"] for e in _jsonl(data / "gazetteers" / "people.jsonl")} |
                    {e["name"] for g in gold for e in g["entities"] if e["type"] == "Person"})
    companies = sorted({e["name"] for e in _jsonl(data / "gazetteers" / "companies.jsonl")} |
                       {e["name"] for g in gold for e in g["entities"] if e["type"] == "Company"})
    agencies = sorted({e["name"] for e in _jsonl(data / "gazetteers" / "agencies.jsonl")} |
                      {e["name"] for g in gold for e in g["entities"] if e["type"] == "Agency"})
    two = [p.split() for p in people if len(p.split()) == 2]
    places = sorted({w for a in agencies for w in a.split() if w[:1].isupper() and len(w) > 3
                     and w not in ("Department", "Ministry", "Office", "Police", "Council", "Service")})
    return Pools(people, companies, agencies, sorted({f for f, _ in two}), sorted({s for _, s in two}), places)


def _forms(entity: dict) -> list[tuple[str, bool]]:
    """(form, short) of an entity, longest first; a person's surname is a short form."""
    forms = {entity["name"]: False}
    for alias in entity.get("aliases", []):
        forms.setdefault(alias, entity["type"] == "Person" and " " not in alias)
    if entity["type"] == "Person" and " " in entity["name"]:
        forms.setdefault(entity["name"].split()[-1], True)
    return sorted(forms.items(), key=lambda f: -len(f[0]))


def templates(data: Path = DATA) -> tuple[list[list], list[list[list]]]:
    """Headlines and the paragraphs of sentences of every gold article, mentions as slots."""
    headlines, bodies = [], []
    for number, article in enumerate(_jsonl(data / "gold" / "sample.jsonl")):
        forms = [(form, Slot(number, index, entity["type"], short))
                 for index, entity in enumerate(article["entities"]) for form, short in _forms(entity)]
        forms.sort(key=lambda f: -len(f[0]))
        pattern = re.compile("|".join(r"\b" + re.escape(f) + r"\b" for f, _ in forms)) if forms else None
        slots = dict(forms)

        def split(sentence: str) -> list:
            if pattern is None:
                return [sentence]
            parts, last = [], 0
            for m in pattern.finditer(sentence):
                parts += [sentence[last:m.start()], slots[m.group(0)]]
                last = m.end()
            return parts + [sentence[last:]]

        lines = [line for line in article["text"].splitlines() if line.strip()]
        headlines.append(split(lines[0]))
        bodies.append([[split(s) for s in _SENTENCE_END.split(line)] for line in lines[1:]])
    return headlines, bodies


class Generator:
    def __init__(self, seed: int = 11, data: Path = DATA) -> None:
        self.seed = seed
        self.pools = load_pools(data)
        self.headlines, self.bodies = templates(data)

    def document(self, i: int) -> str:
        rng = random.Random(self.seed * 7_919_993 + i)
        names: dict[tuple[int, int], str] = {}

        def render(parts: list) -> str:
            out = []
            for part in parts:
                if isinstance(part, str):
                    out.append(_MONEY.sub(lambda m: m.group(1) + str(rng.randrange(2, 950)), part))
                    continue
                name = names.setdefault((part.article, part.entity), self.pools.name(part.label, rng))
                out.append(name.split()[-1] if part.short and part.label == "Person" else name)
            return "".join(out)

        lead = rng.randrange(len(self.bodies))
        paragraphs = [render(self.headlines[lead])]
        # The lead article's opening, then paragraphs from others: 250-550 words in all.
        sources = [lead] + [rng.randrange(len(self.bodies)) for _ in range(6)]
        words, target = 0, rng.randrange(250, 550)
        for number, article in enumerate(sources):
            if words >= target:
                break
            paragraph = self.bodies[article][0 if number == 0 else rng.randrange(len(self.bodies[article]))]
            if number and rng.random() < 0.5 and len(paragraph) > 1:  # recombine: a few of its sentences
                paragraph = paragraph[:rng.randrange(1, len(paragraph)) + 1]
            text = " ".join(render(sentence) for sentence in paragraph)
            paragraphs.append(text)
            words += len(text.split())
        return "\n".join(paragraphs) + "\n"

    def documents(self, n: int) -> Iterator[tuple[str, str]]:
        for i in range(n):
            yield f"news-{i:07d}", self.document(i)


def write(n: int, folder: str | Path, seed: int = 11) -> int:
    """Write ``n`` documents as .txt files into ``folder``; returns the number of words."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for doc_id, text in Generator(seed).documents(n):
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def count_words(folder: str | Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in Path(folder).glob("*.txt"))


if __name__ == "__main__":
    total = write(int(sys.argv[1]), sys.argv[2])
    print(f"wrote {sys.argv[1]} documents, {total} words, to {sys.argv[2]}", file=sys.stderr)
