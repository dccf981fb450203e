"""Name normalisation: the one definition of when two surface forms are the same name."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# Legal-form suffixes that do not change which firm is meant.
_COMPANY_SUFFIXES = {
    "inc", "incorporated", "ltd", "limited", "plc", "llc", "llp", "corp",
    "corporation", "co", "gmbh", "ag", "sa", "nv", "bv", "se", "lp",
}


@lru_cache(maxsize=1 << 16)  # a corpus names the same entities again and again
def normalize(name: str) -> str:
    """Fold case, a leading "the", a possessive "'s", white space and punctuation.

    >>> normalize("The Met's")
    'met'
    >>> normalize("  Palantir   Technologies, Inc. ")
    'palantir technologies inc'
    """
    text = unicodedata.normalize("NFKC", name).strip().casefold()
    text = _POSSESSIVE.sub("", text)
    text = _NON_WORD.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


@lru_cache(maxsize=1 << 16)
def company_key(name: str) -> str:
    """normalize() less trailing legal forms: "Serco Group plc" and "Serco Group" agree.

    >>> company_key("Palantir Technologies Inc.")
    'palantir technologies'
    """
    return _less_tail(normalize(name), _COMPANY_SUFFIXES)


# Words a firm's name often carries or drops without naming another firm:
# "Palantir Technologies" is Palantir, "Anduril Industries" is Anduril.
_COMPANY_GENERIC = {"technologies", "technology", "group", "holdings", "holding", "industries", "systems",
                    "international"}


@lru_cache(maxsize=1 << 16)
def company_short(name: str) -> str:
    """company_key() less trailing generic words, keeping at least one word.

    >>> company_short("Palantir Technologies Inc.")
    'palantir'
    >>> company_short("Amazon Web Services")
    'amazon web services'
    """
    return _less_tail(company_key(name), _COMPANY_GENERIC)


def generic_tail(word: str) -> bool:
    """A word a firm's name carries or drops without naming another firm (a legal form
    or a generic word): "ideaForge Technology" is "ideaForge", "Serco Group plc" Serco.

    >>> generic_tail("Inc."), generic_tail("Technologies"), generic_tail("Health")
    (True, True, False)
    """
    word = word.casefold().rstrip(".")
    return word in _COMPANY_SUFFIXES or word in _COMPANY_GENERIC


def _less_tail(norm: str, drop: set[str]) -> str:
    """A normalised name less the trailing words in ``drop``, keeping at least one word."""
    words = norm.split()
    while len(words) > 1 and words[-1] in drop:
        words.pop()
    return " ".join(words)


def node_key(label: str, name: str) -> str:
    """The merge key of an entity node: its label and its normalised name."""
    norm = company_key(name) if label == "Company" else normalize(name)
    return f"{label}:{norm}"


def contract_key(buyer_key: str, supplier_key: str) -> str:
    """A contract is identified by its (buyer, supplier) pair, as in FORMAT.md."""
    return f"Contract:{buyer_key}|{supplier_key}"
