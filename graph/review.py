"""Likely duplicate entities, scored from their names and shared neighbours, for review.

Pairs are only ever compared within blocks (surname and first letter, a
distinctive word, an acronym, an abbreviation), so a graph of 10,000 entities
is scored in seconds. The word lists live in ``data/lexicon/review.toml``.
"""
from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import combinations
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .names import company_key, normalize

ENTITY_LABELS = ("Person", "Company", "Agency")
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# A block holding more entities than this says nothing about any two of them
# (a surname shared by hundreds, a word like "health"); skipping it keeps the
# work near linear.
MAX_BLOCK = 400
# Shared neighbours only count for names that could be the same: two agencies
# both buying from Palantir are not one agency.
NEIGHBOUR_GATE = 0.4
NEIGHBOUR_WEIGHT = 0.6
# Two nodes linked to each other (a parent OWNS its subsidiary) are most likely two things.
LINKED_PENALTY = 0.25
EVIDENCE_PER_SIDE = 3


class ReviewError(ValueError):
    """Bad arguments or word lists; the message says what is allowed."""


@dataclass
class Candidate:
    """Two nodes of one label that may name the same entity."""

    a: str
    b: str  # node keys, a < b
    label: str
    score: float  # 0..1
    reasons: list[str]
    a_name: str
    b_name: str
    a_evidence: list[dict] = field(default_factory=list)
    b_evidence: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Words:
    nick_groups: dict[str, frozenset[int]]  # given name -> ids of its groups
    titles: frozenset[str]
    suffixes: frozenset[str]
    stopwords: frozenset[str]
    generic: frozenset[str]
    qualifiers: frozenset[str]


@cache
def load_words(path: str | None = None) -> Words:
    """Read data/lexicon/review.toml (or NEWSGRAPH_DATA's) once per process."""
    file = Path(path) if path else Path(os.environ.get("NEWSGRAPH_DATA", DEFAULT_DATA_DIR)) / "lexicon" / "review.toml"
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        groups: dict[str, set[int]] = defaultdict(set)
        for gid, group in enumerate(data["given_names"]["groups"]):
            for name in group:
                groups[fold(name)].add(gid)
        return Words(
            nick_groups={name: frozenset(ids) for name, ids in groups.items()},
            titles=frozenset(map(fold, data["person"]["titles"])),
            suffixes=frozenset(map(fold, data["person"]["suffixes"])),
            stopwords=frozenset(map(fold, data["org"]["stopwords"])),
            generic=frozenset(map(fold, data["org"]["generic"])),
            qualifiers=frozenset(map(fold, data["org"]["qualifiers"])),
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise ReviewError(f"cannot read review word lists {file}: {exc}") from None


def fold(text: str) -> str:
    """Lower case without accents: "Agnès" and "Agnes" are one spelling here."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_POSSESSIVE_S = re.compile(r"['’]s\b")
_INNER_PUNCT = re.compile(r"(?<=\w)['’‐‑–-](?=\w)")


def _tokens(name: str, label: str) -> tuple[str, ...]:
    # "Commissioner's Office" loses its "'s" (else a stray "s" spoils acronyms);
    # "Ton-That" and "O'Brien" stay one word for people.
    text = _POSSESSIVE_S.sub("", name)
    if label == "Person":
        text = _INNER_PUNCT.sub("", text)
    text = company_key(text) if label == "Company" else normalize(text)
    return tuple(fold(text).split())


def _merge_letters(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """ "u s army" -> "us army": dotted initials of an organisation are one word."""
    out: list[str] = []
    run = ""
    for tok in tokens:
        if len(tok) == 1:
            run += tok
            continue
        if run:
            out.append(run)
            run = ""
        out.append(tok)
    if run:
        out.append(run)
    return tuple(out)


# Names of people -----------------------------------------------------------------

@dataclass(frozen=True)
class PersonName:
    raw: str
    first: str | None  # None: only a surname ("Karp")
    middle: tuple[str, ...]
    surname: str


def _person_names(forms: list[str], words: Words) -> list[PersonName]:
    parsed = []
    for raw in forms:
        toks = list(_tokens(raw, "Person"))
        while len(toks) > 1 and toks[0] in words.titles:
            toks.pop(0)
        while len(toks) > 1 and toks[-1] in words.suffixes:
            toks.pop()
        if not toks:
            continue
        if len(toks) == 1:
            parsed.append(PersonName(raw, None, (), toks[0]))
        else:
            parsed.append(PersonName(raw, toks[0], tuple(toks[1:-1]), toks[-1]))
            if len(toks) > 2 and min(len(toks[-2]), len(toks[-1])) > 1:  # "Hoan Ton That" may be "Hoan Ton-That"
                parsed.append(PersonName(raw, toks[0], tuple(toks[1:-2]), toks[-2] + toks[-1]))
    full = [p for p in parsed if p.first]
    # A bare "Trump" alias of "Donald Trump" must not make him match "Eric Trump".
    return list(dict.fromkeys(full or parsed))


def _given_match(x: str, y: str, words: Words) -> tuple[float, str | None] | None:
    """How well two given names agree, or None if they name different people."""
    if x == y:
        return 1.0, None
    if words.nick_groups.get(x, frozenset()) & words.nick_groups.get(y, frozenset()):
        return 0.85, f"nickname {x.title()}={y.title()}"
    short, long_ = sorted((x, y), key=len)
    if len(short) == 1 and long_.startswith(short):
        return 0.7, f"initial {short.upper()}. = {long_.title()}"
    # Two letters more at least: "Eric" / "Erica", "Paul" / "Paula" are two names.
    if len(short) >= 3 and long_.startswith(short) and len(long_) - len(short) >= 2:
        return 0.65, f"given name {short.title()} may be short for {long_.title()}"
    if len(short) >= 5 and Levenshtein.distance(x, y) == 1:
        return 0.75, f"given names {x.title()} ~ {y.title()} (one letter apart)"
    return None


def _middles_clash(m1: tuple[str, ...], m2: tuple[str, ...]) -> bool:
    # "George H. W. Bush" / "George W. Bush" are father and son; "John F. Kennedy" /
    # "John Fitzgerald Kennedy" / "John Kennedy" are one man.
    if not m1 or not m2:
        return False
    return len(m1) != len(m2) or any(
        x != y and not (min(len(x), len(y)) == 1 and x[0] == y[0]) for x, y in zip(m1, m2))


def _person_score(p: PersonName, q: PersonName, words: Words) -> tuple[float, list[str]] | None:
    if p.surname != q.surname:
        return None
    if p.first is None or q.first is None:
        if p.first is None and q.first is None:
            return 0.9, ["same surname, no given names"]
        return 0.4, [f"only the surname {p.surname.title()} in common (one name has no given name)"]
    given = _given_match(p.first, q.first, words)
    if given is None:
        return None
    if _middles_clash(p.middle, q.middle):
        return 0.3, [f"middle names differ: {' '.join(p.middle)} / {' '.join(q.middle)}"]
    quality, reason = given
    if reason is None:
        same = p.middle == q.middle
        return (0.97 if same else 0.9), ["same given name and surname" + ("" if same else ", middle names differ")]
    return quality, [reason]


# Names of organisations ------------------------------------------------------------

@dataclass(frozen=True)
class OrgName:
    raw: str
    tokens: tuple[str, ...]  # with stopwords, for acronyms
    content: tuple[str, ...]  # without


def _org_names(forms: list[str], label: str, words: Words) -> list[OrgName]:
    out = []
    for raw in forms:
        toks = _merge_letters(_tokens(raw, label))
        if not toks:
            continue
        content = tuple(t for t in toks if t not in words.stopwords) or toks
        out.append(OrgName(raw, toks, content))
    return list(dict.fromkeys(out))


def _initials(name: OrgName, words: Words) -> set[str]:
    """The acronyms a name may go by: DHS, MoD (with "of"), DoD, USDA..."""
    if len(name.tokens) < 2:
        return set()
    variants = {name.tokens, name.content,
                tuple(t for t in name.content if t not in words.qualifiers)}
    return {"".join(t[0] for t in v) for v in variants if len(v) >= 2}


@lru_cache(maxsize=1 << 18)  # names repeat their words; pairs of words repeat too
def _token_match(x: str, y: str) -> tuple[float, str]:
    if x == y:
        return 1.0, "same"
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    if len(short) >= 3 and long_.startswith(short):
        return 0.8, "abbreviation"  # "Met" / "Metropolitan"
    if len(short) >= 3 and long_[:2] == short[:2] and _is_subsequence(short, long_):
        return 0.8, "abbreviation"  # "Dept" / "Department", "Govt" / "Government"
    if len(short) >= 5 and len(long_) - len(short) <= 2 and fuzz.ratio(x, y) >= 85:
        return 0.85, "spelling"  # "Defence" / "Defense", a typo
    return 0.0, ""


def _is_subsequence(short: str, long_: str) -> bool:
    rest = iter(long_)
    return all(ch in rest for ch in short)


def _acronym_run(acr: str, tokens: tuple[str, ...], free: set[int], words: Words) -> list[int] | None:
    """Positions of consecutive words whose initials spell acr ("nhs" in "national health service england")."""
    if not 2 <= len(acr) <= len(free) or acr[0] not in {tokens[p][0] for p in free}:
        return None
    for start in range(len(tokens)):
        for skip_stop in (False, True):
            picked, letters = [], ""
            for pos in range(start, len(tokens)):
                if pos not in free and tokens[pos] not in words.stopwords:
                    break
                if skip_stop and tokens[pos] in words.stopwords:
                    continue
                picked.append(pos)
                letters += tokens[pos][0]
                if letters == acr:
                    return picked
                if not acr.startswith(letters):
                    break
    return None


def _org_score(x: OrgName, y: OrgName, words: Words) -> tuple[float, list[str]]:
    if x.tokens == y.tokens or x.content == y.content:
        return 0.95, ["same name but for small words"]
    if sorted(x.content) == sorted(y.content):
        return 0.9, ["same words in another order"]
    for one, many in ((x, y), (y, x)):
        if len(one.content) == 1 and 2 <= len(one.content[0]) <= 7 and one.content[0] in _initials(many, words):
            acr = one.content[0]
            return (0.85 if len(acr) > 2 else 0.75), [f"acronym {one.raw} = {many.raw}"]
    s, l = sorted((x, y), key=lambda n: len(n.content))
    # Positions into l.tokens, so an acronym can span "of" ("Ministry of Defence").
    free = {i for i, t in enumerate(l.tokens) if t not in words.stopwords}
    qualities, notes, s_left = [], [], []
    for tok in s.content:
        best, best_pos, kind = 0.0, None, ""
        for pos in sorted(free) if len(free) > 1 else free:
            q, how = _token_match(tok, l.tokens[pos])
            if q > best:
                best, best_pos, kind = q, pos, how
        if best_pos is not None:
            free.discard(best_pos)
            qualities.append(best)
            if best < 1.0:  # short form first; a misspelling has none, so the order is fixed
                one, other = sorted((tok, l.tokens[best_pos]), key=lambda t: (len(t), t) if kind == "abbreviation" else t)
                notes.append(f"{kind} {one} ~ {other}")
            continue
        run = _acronym_run(tok, l.tokens, free, words)
        if run:
            free -= set(run)
            qualities.append(0.85)
            notes.append(f"acronym {tok} = {' '.join(l.tokens[p] for p in run)}")
            continue
        s_left.append(tok)
    if not qualities:
        return 0.0, []
    l_left = [l.tokens[p] for p in sorted(free)]
    s_own = [t for t in s_left if t not in words.generic]
    l_own = [t for t in l_left if t not in words.generic]
    quality = sum(qualities) / len(qualities)
    reasons = notes
    if s_own and l_own:
        if all(t in words.qualifiers for t in s_own + l_own):
            return 0.2, [f"different qualifiers: {' '.join(s_own)} / {' '.join(l_own)}"]
        return 0.15, [f"different words: {' '.join(s_own)} / {' '.join(l_own)}"]
    matched = [t for t in s.content if t not in s_left]
    if all(t in words.generic or t in words.qualifiers for t in matched):
        return 0.3, ["only common words in common"]
    s_generic = [t for t in s_left if t in words.generic]
    l_generic = [t for t in l_left if t in words.generic]
    if s_generic and l_generic:
        return 0.35, [f"different kinds of body: {' '.join(s_generic)} / {' '.join(l_generic)}"]
    extras = s_left + l_left
    own = s_own + l_own
    if not extras:
        return 0.95 * quality, reasons or ["same words"]
    if not own:
        return 0.8 * quality, reasons + [f"one name adds only {' '.join(extras)}"]
    if all(t in words.qualifiers for t in own):
        return 0.65 * quality, reasons + [f"one name adds the qualifier {' '.join(own)}"]
    base = max(0.35, 0.6 - 0.1 * (len(own) - 1))
    return base * quality, reasons + [f"one name adds {' '.join(own)} (a part or subsidiary?)"]


# Blocking ---------------------------------------------------------------------

def _person_blocks(key: str, names: list[PersonName], words: Words, full: dict, short: dict, long_: dict) -> None:
    for p in names:
        if p.first is None:
            short[p.surname].add(key)
            continue
        long_[p.surname].add(key)
        full[(p.surname, p.first[0])].add(key)
        for gid in words.nick_groups.get(p.first, ()):
            full[(p.surname, "nick", gid)].add(key)


def _org_blocks(key: str, names: list[OrgName], words: Words, full: dict, short: dict, long_: dict) -> None:
    for n in names:
        own = [t for t in n.content if t not in words.generic and t not in words.qualifiers and len(t) >= 2]
        for tok in own:
            full[("tok", tok)].add(key)
            if 3 <= len(tok) <= 5:
                short[("pre", tok)].add(key)  # "Met" meets "Metropolitan"
            if 2 <= len(tok) <= 6:
                short[("acr", tok)].add(key)  # "NHS England" meets "National Health Service England"
            if len(tok) >= 6:  # one edit apart share a deletion: "Anduril" / "Andruil"
                for i in range(len(tok)):
                    full[("del", tok[:i] + tok[i + 1:])].add(key)
        for tok in n.content:
            for k in range(3, min(5, len(tok) - 1) + 1):
                long_[("pre", tok[:k])].add(key)
        if not own:
            full[("form", n.content)].add(key)
        for acr in _initials(n, words) | _run_initials(n.content):
            long_[("acr", acr)].add(key)


def _run_initials(tokens: tuple[str, ...]) -> set[str]:
    return {"".join(t[0] for t in tokens[i:j])
            for i in range(len(tokens)) for j in range(i + 2, min(len(tokens), i + 7) + 1)}


def _pairs(full: dict, short: dict, long_: dict) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for members in full.values():
        if 1 < len(members) <= MAX_BLOCK:
            pairs.update(combinations(sorted(members), 2))
    for block, shorts in short.items():
        others = long_.get(block, set()) | shorts
        if len(others) > MAX_BLOCK:
            continue
        for a in shorts:
            for b in others:
                if a != b:
                    pairs.add((a, b) if a < b else (b, a))
    return pairs


# Neighbours and evidence -------------------------------------------------------------

def _neighbours(graph: nx.MultiDiGraph, key: str) -> set[str]:
    """Counterparts of a node; a contract is looked through to its other party."""
    out = set()
    for other in set(graph.successors(key)) | set(graph.predecessors(key)):
        if graph.nodes[other].get("label") == "Contract":
            out |= (set(graph.successors(other)) | set(graph.predecessors(other))) - {key}
        else:
            out.add(other)
    return out


def _evidence(graph: nx.MultiDiGraph, key: str, prefer: set[str]) -> list[dict]:
    """Up to three sentences from edges touching the node, those to shared neighbours first."""
    items = []
    edges = [(u, v, d) for u, v, d in graph.out_edges(key, data=True)] + \
            [(u, v, d) for u, v, d in graph.in_edges(key, data=True)]
    for u, v, data in edges:
        other = v if u == key else u
        parties = {other}
        if graph.nodes[other].get("label") == "Contract":
            parties = (set(graph.successors(other)) | set(graph.predecessors(other))) - {key}
        for item in data.get("evidence", []):
            if isinstance(item, dict):
                items.append((not (parties & prefer), bool(item.get("negated")), -float(item.get("confidence") or 0),
                              str(item.get("doc")), item.get("start") or 0,
                              {**item, "relation": data.get("type"), "counterpart": other}))
    items.sort(key=lambda t: t[:5])
    out, seen = [], set()
    for *_, item in items:
        ident = (item.get("doc"), item.get("start"), item.get("end"))
        if ident not in seen:
            seen.add(ident)
            out.append(item)
        if len(out) == EVIDENCE_PER_SIDE:
            break
    return out


# The entry point ------------------------------------------------------------------

def candidates(graph: nx.MultiDiGraph, *, labels: Iterable[str] | None = None, min_score: float = 0.5,
               limit: int | None = 50, exclude: Callable[[str, str], bool] | None = None,
               words: Words | None = None) -> list[Candidate]:
    """Likely duplicate pairs of Person, Company and Agency nodes, best first.

    ``exclude(a, b)`` (keys, a < b) drops pairs already judged. Scores: the
    best agreement of any two forms (name and aliases) of the two nodes, raised
    by shared neighbours and lowered when the two are linked to each other.
    People need one surname and compatible given names; organisations need no
    distinctive word of their own on both sides.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Person:alex karp", label="Person", name="Alex Karp", aliases=[])
    >>> g.add_node("Person:alexander karp", label="Person", name="Alexander Karp", aliases=[])
    >>> [(c.b, c.score, c.reasons[-1]) for c in candidates(g)]
    [('Person:alexander karp', 0.85, 'nickname Alex=Alexander')]
    """
    wanted = tuple(labels) if labels is not None else ENTITY_LABELS
    bad = [label for label in wanted if label not in ENTITY_LABELS]
    if bad:
        raise ReviewError(f"Cannot review {', '.join(map(repr, bad))}. Available: {', '.join(ENTITY_LABELS)}")
    if not 0.0 <= min_score <= 1.0:
        raise ReviewError(f"min_score must be between 0 and 1, not {min_score}")
    words = words or load_words()

    parsed: dict[str, list] = {}
    blocks = {label: (defaultdict(set), defaultdict(set), defaultdict(set)) for label in wanted}
    for key, attrs in graph.nodes(data=True):
        label = attrs.get("label")
        if label not in wanted:
            continue
        forms = [f for f in [attrs.get("name"), *(attrs.get("aliases") or [])] if isinstance(f, str) and f.strip()]
        if label == "Person":
            parsed[key] = _person_names(forms, words)
            _person_blocks(key, parsed[key], words, *blocks[label])
        else:
            parsed[key] = _org_names(forms, label, words)
            _org_blocks(key, parsed[key], words, *blocks[label])

    neighbours: dict[str, set[str]] = {}

    def nbrs(key: str) -> set[str]:
        if key not in neighbours:
            neighbours[key] = _neighbours(graph, key)
        return neighbours[key]

    found: list[tuple[Candidate, set[str]]] = []
    for label in wanted:
        for a, b in sorted(_pairs(*blocks[label])):
            if exclude is not None and exclude(a, b):
                continue
            best: tuple[float, list[str], str, str] | None = None
            for p in parsed[a]:
                for q in parsed[b]:
                    got = _person_score(p, q, words) if label == "Person" else _org_score(p, q, words)
                    if got and (best is None or got[0] > best[0]):
                        best = (got[0], got[1], p.raw, q.raw)
            if best is None or best[0] <= 0.0:
                continue
            score, why, form_a, form_b = best
            reasons = [f"name similarity {fuzz.WRatio(form_a, form_b) / 100:.2f}", *why]
            shared = (nbrs(a) & nbrs(b)) - {a, b}
            if shared and score >= NEIGHBOUR_GATE:
                score += (1 - score) * NEIGHBOUR_WEIGHT * (1 - 0.5 ** len(shared))
                names = sorted(str(graph.nodes[n].get("name", n)) for n in shared)
                more = f", and {len(names) - 5} more" if len(names) > 5 else ""
                reasons.append(f"{len(shared)} shared neighbour{'s' if len(shared) > 1 else ''}: "
                               f"{', '.join(names[:5])}{more}")
            if b in nbrs(a):
                types = sorted({d.get("type", k) for u, v, k, d in graph.edges(a, keys=True, data=True) if v == b} |
                               {d.get("type", k) for u, v, k, d in graph.edges(b, keys=True, data=True) if v == a})
                score -= LINKED_PENALTY
                reasons.append(f"linked to each other ({', '.join(types) or 'through a contract'}): likely two entities")
            score = round(min(1.0, max(0.0, score)), 3)
            if score < min_score:
                continue
            attrs_a, attrs_b = graph.nodes[a], graph.nodes[b]
            found.append((Candidate(a, b, label, score, reasons, attrs_a.get("name", a), attrs_b.get("name", b)), shared))

    found.sort(key=lambda item: (-item[0].score, item[0].a, item[0].b))
    if limit is not None:
        found = found[:limit]
    for cand, shared in found:
        cand.a_evidence = _evidence(graph, cand.a, shared)
        cand.b_evidence = _evidence(graph, cand.b, shared)
    return [cand for cand, _ in found]
