"""Dependency paths between tokens, the ground the relation rules stand on."""
from __future__ import annotations

from spacy.tokens import Token

# Arcs a path may climb from a trigger word to the entity it describes
# ("Palantir, a company co-founded by ..." climbs acl then appos).
UP_ARCS = frozenset({"acl", "relcl", "appos", "compound", "amod", "attr", "conj", "xcomp", "nsubj",
                     "nsubjpass", "dobj", "pobj", "prep", "poss", "npadvmod", "nmod", "oprd", "pcomp"})
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


# After the first arc down from a verb to its argument, only these keep to the
# same referent: "bought Novetta, the analytics firm" (appos), "Thiel and Karp"
# (conj), a name's parts (compound). "of Accenture" inside the subject is another.
SAME_REFERENT = frozenset({"appos", "conj", "compound"})
MAX_UP = 3


def reachable(arcs: list[Arc]) -> bool:
    """An argument of the trigger, not an entity mentioned somewhere near it.

    The path climbs only through UP_ARCS (at most MAX_UP), then descends into
    one argument: a subject, object, possessor or prepositional object, and
    from there only along SAME_REFERENT arcs. Two coordinated verbs share their
    subject and nothing else: in "co-founded by Thiel and led by Karp", Karp is
    no founder.
    """
    ups = [a for a in arcs if a[0] == "up"]
    downs = [a for a in arcs if a[0] == "down"]
    if len([a for a in ups if a[1] != "conj"]) > MAX_UP or arcs[:len(ups)] != ups:
        return False
    for n, (_, dep, tok) in enumerate(ups):
        if dep not in UP_ARCS:
            return False
        if n and ups[n - 1][1] in ("relcl", "acl") and dep not in SAME_REFERENT:
            return False  # past the noun a clause describes lies another clause
        if dep == "conj" and not _verbal(tok) and n == 0 and tok.head.tag_ not in ("NNS", "NNPS") \
                and arcs[0][2].tag_ in ("NN", "NNP"):
            return False  # a singular role noun ("a partner") belongs to one name, not the whole list
        if dep == "conj" and _verbal(tok) and n + 1 == len(ups) and downs:
            # Into the other verb's arguments: only its subject, and only if this verb has none.
            if downs[0][1] not in ("nsubj", "nsubjpass") or any(
                    c.dep_ in ("nsubj", "nsubjpass", "agent") for c in tok.children):
                return False
    if not downs:
        return True
    if any(d in ("relcl", "acl") for _, d, _ in ups) and downs[0][1] not in SAME_REFERENT:
        return False
    first = downs[0][1]
    if first not in DOWN_ARCS or (first == "conj" and _verbal(downs[0][2])):
        return False
    rest = [dep for _, dep, _ in downs[1:]]
    if first in ("prep", "agent"):
        if not rest or rest[0] != "pobj":
            return False
        rest = rest[1:]
    # "its chief executive, Brian Schimpf, and Trae Stephens": the list goes on past the apposition.
    return all(dep in SAME_REFERENT for dep in rest) and not (first == "appos" and "conj" in rest)
