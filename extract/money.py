"""Contract values written many ways: "£330m", "$1.2 billion", "330 million pounds"."""
from __future__ import annotations

import re

from .lexicon import Lexicon

_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)")


def parse_money(text: str, lex: Lexicon) -> tuple[float | None, str | None]:
    """(value, ISO currency) of a money phrase; either may be None.

    >>> from extract.lexicon import load_lexicon
    >>> parse_money("£330m", load_lexicon())
    (330000000.0, 'GBP')
    >>> parse_money("$1.2 billion", load_lexicon())
    (1200000000.0, 'USD')
    >>> parse_money("330 million pounds", load_lexicon())
    (330000000.0, 'GBP')
    >>> parse_money("multi-million pound", load_lexicon())
    (None, 'GBP')
    """
    lowered = text.lower().replace("\u00a0", " ")
    currency = None
    for symbol in sorted(lex.currencies, key=len, reverse=True):
        if symbol.isalpha():
            if re.search(rf"\b{re.escape(symbol)}\b", lowered):
                currency = lex.currencies[symbol]
                break
        elif symbol in lowered:
            currency = lex.currencies[symbol]
            break
    if "multi-million" in lowered or "multimillion" in lowered or "multi-billion" in lowered:
        return None, currency
    match = _NUMBER.search(lowered)
    if not match:
        return None, currency
    value = float(match.group(1).replace(",", ""))
    rest = lowered[match.end():].lstrip()
    word = re.match(r"[a-z]+", rest)
    if word and word.group(0) in lex.multipliers:
        value *= lex.multipliers[word.group(0)]
    return value, currency
