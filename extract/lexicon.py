"""The data files that steer extraction: gazetteers and word lists from ``data/``."""
from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, wraps
from pathlib import Path
from typing import TypeVar

# The data folder sits beside the packages in a checkout; NEWSGRAPH_DATA
# points elsewhere (an installed copy, or an analyst's own word lists).
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
GAZETTEER_FILES = {"Agency": "agencies.jsonl", "Company": "companies.jsonl", "Person": "people.jsonl"}
T = TypeVar("T")


class LexiconError(ValueError):
    pass


@dataclass(frozen=True)
class GazetteerEntry:
    label: str
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class RelationTriggers:
    verbs: frozenset[str]
    nouns: frozenset[str]
    target_nouns: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    gazetteer: tuple[GazetteerEntry, ...]
    triggers: dict[str, RelationTriggers]
    client_verbs: frozenset[str]
    service_verbs: frozenset[str]
    hedges: frozenset[str]
    negations: frozenset[str]
    denials: frozenset[str]
    deal_verbs: frozenset[str]
    contract_nouns: frozenset[str]
    contract_verbs: frozenset[str]
    buyer_verbs: frozenset[str]
    supplier_verbs: frozenset[str]
    status_words: dict[str, frozenset[str]]
    currencies: dict[str, str]
    multipliers: dict[str, float]
    agency_name_words: frozenset[str]
    agency_context: frozenset[str]
    company_name_words: frozenset[str]
    company_context: frozenset[str]
    titles: frozenset[str]
    anaphors: dict[str, str]
    not_org_heads: frozenset[str]
    not_org_last_words: frozenset[str]
    not_org_names: frozenset[str]
    qualifiers: frozenset[str]
    not_contract_modifiers: frozenset[str]
    non_buyer_words: frozenset[str]
    non_buyer_verbs: frozenset[str]
    data_dir: Path = field(default=DEFAULT_DATA_DIR)
    not_order_modifiers: frozenset[str] = frozenset()
    permission_nouns: frozenset[str] = frozenset()


def data_dir() -> Path:
    return Path(os.environ.get("NEWSGRAPH_DATA", DEFAULT_DATA_DIR))


def _words(values: list[str]) -> frozenset[str]:
    return frozenset(v.lower() for v in values)


def _toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LexiconError(f"cannot read {path}: {exc}") from None


@cache
def lexicon_file(folder: str, name: str) -> dict:
    """One file of a data folder's lexicon/ (``name``: "triggers.toml"), parsed once per
    process: load_lexicon and the rules that read sections of their own share it."""
    return _toml(Path(folder) / "lexicon" / name)


@cache
def _sections(folder: str, name: str) -> dict[str, dict[str, frozenset[str]]]:
    return {section: {key: frozenset(str(v).lower() for v in values) for key, values in spec.items()
                      if isinstance(values, list)}
            for section, spec in lexicon_file(folder, name).items() if isinstance(spec, dict)}


def per_lexicon(build: Callable[[Lexicon], T]) -> Callable[[Lexicon], T]:
    """Build a rule's derived table once per Lexicon (a Lexicon holds dicts, so it cannot
    key functools.cache; its id can, checked against the object in case the id is reused)."""
    built: dict[int, tuple[Lexicon, T]] = {}

    @wraps(build)
    def get(lex: Lexicon) -> T:
        known = built.get(id(lex))
        if known is None or known[0] is not lex:
            known = built[id(lex)] = (lex, build(lex))
        return known[1]

    return get


def rule_words(lex: Lexicon, section: str, key: str) -> frozenset[str]:
    """A word list of triggers.toml that only some rules read: [section] key = [...]."""
    return _sections(str(lex.data_dir), "triggers.toml").get(section, {}).get(key, frozenset())


def read_gazetteer(folder: Path) -> tuple[GazetteerEntry, ...]:
    entries = []
    for label, filename in GAZETTEER_FILES.items():
        path = folder / filename
        if not path.exists():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                entries.append(GazetteerEntry(label, item["name"], tuple(item.get("aliases", []))))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise LexiconError(f"{path}:{number}: {exc}") from None
    return tuple(entries)


@cache
def load_lexicon(folder: str | None = None) -> Lexicon:
    """Read every word list once per process."""
    root = Path(folder) if folder else data_dir()
    lex = root / "lexicon"
    if not lex.is_dir():
        raise LexiconError(f"no lexicon folder at {lex} (set NEWSGRAPH_DATA to the project's data folder)")
    trig, con, orgs = (lexicon_file(str(root), name) for name in ("triggers.toml", "contracts.toml", "orgs.toml"))
    triggers = {
        name: RelationTriggers(_words(spec.get("verbs", [])), _words(spec.get("nouns", [])),
                               _words(spec.get("target_nouns", [])))
        for name, spec in trig.items() if name not in ("hedges", "negations")
    }
    return Lexicon(
        gazetteer=read_gazetteer(root / "gazetteers"),
        triggers=triggers,
        client_verbs=_words(trig["SUPPLIES"].get("client_verbs", [])),
        service_verbs=_words(trig["SUPPLIES"].get("service_verbs", [])),
        hedges=_words(trig["hedges"]["words"]),
        negations=_words(trig["negations"]["words"]),
        denials=_words(trig["negations"].get("denials", [])),
        deal_verbs=_words(con.get("negation", {}).get("deal_verbs", [])),
        contract_nouns=_words(con["nouns"]),
        contract_verbs=_words(con["verbs"]),
        buyer_verbs=_words(con["buyer_verbs"]),
        supplier_verbs=_words(con["supplier_verbs"]),
        status_words={status: _words(words) for status, words in con["status"].items() if status != "precedence"},
        currencies={k.lower(): v for k, v in con["currencies"].items()},
        multipliers={k.lower(): float(v) for k, v in con["multipliers"].items()},
        agency_name_words=_words(orgs["agency"]["name_words"]),
        agency_context=_words(orgs["agency"]["context_nouns"]),
        company_name_words=_words(orgs["company"]["name_words"]),
        company_context=_words(orgs["company"]["context_nouns"]),
        titles=_words(orgs["person"]["titles"]),
        anaphors={word.lower(): label for key, label in (("company", "Company"), ("agency", "Agency"), ("police", "police"))
                  for word in orgs["anaphora"][key]},
        not_org_heads=_words(orgs["not_org"]["heads"]),
        not_org_last_words=_words(orgs["not_org_names"]["heads"]),
        not_org_names=_words(orgs["not_org_names"]["names"]),
        qualifiers=_words(orgs["qualifiers"]["words"]),
        not_contract_modifiers=_words(con["not_procurement"]["modifiers"]),
        non_buyer_words=_words(con["not_procurement"]["non_buyers"]),
        non_buyer_verbs=_words(con["not_procurement"]["non_buyer_verbs"]),
        data_dir=root,
        not_order_modifiers=_words(con["not_procurement"].get("order_modifiers", [])),
        permission_nouns=_words(con["not_procurement"].get("permission_nouns", [])),
    )
