"""Contract values written many ways: "£330m", "$1.2 billion", "330 million pounds"."""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import Lexicon, lexicon_file

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
    >>> parse_money("SEK 7.3bn", load_lexicon())
    (7300000000.0, 'SEK')
    >>> parse_money("₹63,000 crore", load_lexicon())
    (630000000000.0, 'INR')
    >>> parse_money("2.6 billion kronor", load_lexicon())
    (2600000000.0, 'SEK')
    >>> parse_money("about nine billion pounds", load_lexicon())
    (9000000000.0, 'GBP')
    >>> parse_money("about a third of the pounds", load_lexicon())
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
    if match:
        value = float(match.group(1).replace(",", ""))
    else:
        # "nine billion pounds": a number word before a multiplier
        words = number_words(lex)
        match = next((m for m in re.finditer(r"\b([a-z]+)(?=\s+([a-z]+)\b)", lowered)
                      if m.group(1) in words and m.group(2) in lex.multipliers), None)
        if not match:
            return None, currency
        value = float(words[match.group(1)])
    rest = lowered[match.end(1):].lstrip()
    word = re.match(r"[a-z]+", rest)
    if word and word.group(0) in lex.multipliers:
        value *= lex.multipliers[word.group(0)]
    return value, currency


@lru_cache(maxsize=8)
def _number_words(folder: str) -> dict[str, float]:
    return {k.lower(): float(v) for k, v in lexicon_file(folder, "contracts.toml").get("number_words", {}).items()}


def number_words(lex: Lexicon) -> dict[str, float]:
    """Numbers written as words ("nine billion pounds"), from contracts.toml's [number_words]."""
    return _number_words(str(lex.data_dir))
