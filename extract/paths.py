"""Dependency paths between tokens, the ground the relation rules stand on."""
from __future__ import annotations

from spacy.tokens import Token

# Arcs a path may climb from a trigger word to the entity it describes
# ("Palantir, a company co-founded by ..." climbs acl then appos).
UP_ARCS = frozenset({"acl", "relcl", "appos", "compound", "amod", "attr", "conj", "xcomp", "nsubj",
                     "nsubjpass", "dobj", "pobj", "prep", "poss", "npadvmod", "nmod", "oprd", "advcl", "pcomp"})
# Arcs a path may descend from a trigger to its arguments; clauses
# (relcl, advcl, ccomp) are not entered, their entities are another statement's.
DOWN_ARCS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "prep", "agent", "poss", "compound", "appos",
                       "conj", "attr", "dative", "oprd", "npadvmod", "nmod", "pcomp", "amod", "xcomp"})


def ancestors_path(token: Token) -> list[Token]:
    path = [token]
    while path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    return path


def path_between(a: Token, b: Token) -> tuple[list[Token], list[Token]] | None:
    """The path from ``a`` up to the lowest common ancestor and down to ``b``.

    Returns (up, down): ``up`` from a to the ancestor (inclusive), ``down`` from
    the ancestor's child to b. None when a and b are in different sentences.
    """
    up_a = ancestors_path(a)
    index_a = {t.i: n for n, t in enumerate(up_a)}
    up_b = ancestors_path(b)
    for n, tok in enumerate(up_b):
        if tok.i in index_a:
            return up_a[: index_a[tok.i] + 1], list(reversed(up_b[:n]))
    return None


Arc = tuple[str, str, Token]  # ("up" | "down", dependency label, the dependent token)


def arcs_from(trigger: Token, target: Token) -> list[Arc] | None:
    """The arcs walked from ``trigger`` to ``target``."""
    found = path_between(trigger, target)
    if found is None:
        return None
    up, down = found
    arcs = [("up", tok.dep_, tok) for tok in up[:-1]]
    arcs += [("down", tok.dep_, tok) for tok in down]
    return arcs


def _verbal(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX")


def reachable(arcs: list[Arc]) -> bool:
    """An argument of the trigger: climbs only through UP_ARCS, descends only through DOWN_ARCS.

    Two coordinated verbs share their subject and nothing else: in "co-founded
    by Thiel and led by Karp", Karp is no founder.
    """
    seen_down = False
    for n, (direction, dep, tok) in enumerate(arcs):
        if direction == "up":
            if seen_down or dep not in UP_ARCS:
                return False
            if dep == "conj" and _verbal(tok) and n + 1 < len(arcs) and arcs[n + 1][0] == "down":
                # Into the other verb's arguments: only its subject, and only if this verb has none.
                if arcs[n + 1][1] not in ("nsubj", "nsubjpass") or any(
                        c.dep_ in ("nsubj", "nsubjpass", "agent") for c in tok.children):
                    return False
        else:
            seen_down = True
            if dep not in DOWN_ARCS or (dep == "conj" and _verbal(tok)):
                return False
    return True
