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


Heads = dict[int, Token]  # corrected heads: token index -> the head it should have


def ancestors_path(token: Token, heads: Heads | None = None) -> list[Token]:
    path = [token]
    heads = heads or {}
    while True:
        head = heads.get(path[-1].i, path[-1].head)
        if head.i == path[-1].i or len(path) > 200:
            return path
        path.append(head)


def list_head(tok: Token, deps: tuple[str, ...] = ("conj",)) -> Token:
    """The first name of the list ``tok`` stands in ("Acciona" of "Lendlease, Acciona and
    Bouygues" is Lendlease), climbing ``deps`` arcs (with "appos", past descriptions too)."""
    while tok.dep_ in deps and tok.head.i != tok.i:
        tok = tok.head
    return tok


def subjectless_to_clause(tok: Token) -> bool:
    """A "to" clause with no subject of its own ("left in 2023 to become chief executive",
    "has agreed to buy TransCore"): its subject is that of the verb it hangs on."""
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children) and not any(
        c.dep_.startswith("nsubj") for c in tok.children)


def subject_bearer(verb: Token) -> Token:
    """The verb whose subject ``verb`` shares, climbing complements with no subject of their
    own ("the US Air Force has kept adding lots", "Ryanair has agreed to buy 150 jets")."""
    while verb.dep_ == "xcomp" and verb.head.i != verb.i and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        verb = verb.head
    return verb


def path_between(a: Token, b: Token, heads: Heads | None = None) -> tuple[list[Token], list[Token]] | None:
    """The path from ``a`` up to the lowest common ancestor and down to ``b``
    (with ``heads`` correcting some attachments).

    Returns (up, down): ``up`` from a to the ancestor (inclusive), ``down`` from
    the ancestor's child to b. None when a and b are in different sentences.
    """
    up_a = ancestors_path(a, heads)
    index_a = {t.i: n for n, t in enumerate(up_a)}
    up_b = ancestors_path(b, heads)
    for n, tok in enumerate(up_b):
        if tok.i in index_a:
            return up_a[: index_a[tok.i] + 1], list(reversed(up_b[:n]))
    return None


Arc = tuple[str, str, Token]  # ("up" | "down", dependency label, the dependent token)


def arcs_from(trigger: Token, target: Token, heads: Heads | None = None) -> list[Arc] | None:
    """The arcs walked from ``trigger`` to ``target``."""
    found = path_between(trigger, target, heads)
    if found is None:
        return None
    up, down = found
    heads = heads or {}

    def dep(tok: Token) -> str:
        if tok.i in heads:
            return "appos"  # a word hung anew is an apposition (reattach)
        if tok.dep_ == "nmod" and any(c.dep_ == "cc" for c in tok.children) and tok.head.i > tok.i:
            return "conj"  # "by Raj Ganguly and Eduardo Saverin" with the first name hung on the second
        return tok.dep_

    return [("up", dep(tok), tok) for tok in up[:-1]] + [("down", dep(tok), tok) for tok in down]


def reattach(tok: Token, to: Token, heads: Heads) -> None:
    """Give ``tok`` the head ``to``, as its apposition, unless that makes a cycle."""
    node = to
    for _ in range(200):
        if node.i == tok.i:
            return
        head = heads.get(node.i, node.head)
        if head.i == node.i:
            break
        node = head
    heads[tok.i] = to


def repair(arcs: list[Arc]) -> list[Arc]:
    """Two mistakes of the small parser undone on a path: a subject hung on the auxiliary
    ("The firm ... was co-founded": "firm" under "was") is the verb's subject, the two steps
    down become one; a name joined to a role noun after a comma is its apposition."""
    out: list[Arc] = []
    for arc in arcs:
        if arc[1] == "conj" and _name_after_comma(arc[2]):
            arc = (arc[0], "appos", arc[2])
        if out and arc[0] == "down" and arc[1] in ("nsubj", "nsubjpass") and out[-1][0] == "down" \
                and out[-1][1] in ("aux", "auxpass"):
            out[-1] = ("down", "nsubjpass" if out[-1][1] == "auxpass" else arc[1], arc[2])
            continue
        out.append(arc)
    # "a stake of about 10 per cent in Ørsted" is "a 10 per cent stake in Ørsted": the share's
    # size is no step on the way to the firm
    for n in range(len(out) - 2):
        if out[n][:2] == ("down", "prep") and out[n][2].lower_ == "of" and out[n + 1][:2] == ("down", "pobj") \
                and out[n + 1][2].lower_ in _PERCENT and out[n + 2][:2] == ("down", "prep"):
            return out[:n] + out[n + 2:]
    return out


_PERCENT = {"cent", "percent", "%"}


def _shared_possessor(arcs: list[Arc], noun: Token) -> bool:
    """"Palantir's chairman and a major shareholder": the second noun shares the first's possessor
    (and its holder: both nouns say what one person is)."""
    return len(arcs) == 2 and arcs[1][0] == "down" and arcs[1][1] == "poss" and not any(
        c.dep_ in ("poss", "prep") for c in noun.children)


def _name_after_comma(tok: Token) -> bool:
    """"its chief executive, Brian Schimpf, and Trae Stephens": a name the parser joined to a
    role noun as a second item, with a comma and no "and" between them, is the noun's apposition."""
    head = tok.head
    if tok.pos_ != "PROPN" or head.pos_ != "NOUN" or head.i > tok.i:
        return False
    between = tok.doc[head.i + 1:tok.left_edge.i]
    return len(between) > 0 and between[-1].text == "," and not any(t.dep_ == "cc" or t.lower_ in ("and", "or")
                                                                       for t in between)


def _verbal(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX")


# After the first arc down from a verb to its argument, only these keep to the
# same referent: "bought Novetta, the analytics firm" (appos), "Thiel and Karp"
# (conj), a name's parts (compound). "of Accenture" inside the subject is another.
SAME_REFERENT = frozenset({"appos", "conj", "compound"})
MAX_UP = 3


def _shared_agent(ups: list[Arc], downs: list[Arc]) -> bool:
    """"founded and run by Masayoshi Son": a participle with no agent of its own, joined
    to one with an agent, shares it."""
    if ups or len(downs) < 3 or downs[0][1] != "conj" or downs[1][1] != "agent":
        return False
    second = downs[0][2]
    first = second.head
    return first.tag_ == "VBN" and second.tag_ == "VBN" and not any(c.dep_ == "agent" for c in first.children)


def describes_name_before(arcs: list[Arc]) -> bool:
    """"announced by the Federal Ministry for Digital and Transport, now headed by
    Volker Wissing": the parser hangs the passive participle on the main verb; it
    tells of the name whose phrase ends at the comma before it."""
    if len(arcs) < 2 or arcs[0][:2] != ("up", "advcl") or arcs[1][0] != "down" or arcs[-1][0] != "down":
        return False
    verb, name = arcs[0][2], arcs[-1][2]
    if verb.tag_ != "VBN" or not any(c.dep_ == "agent" for c in verb.children) or any(
            c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children):
        return False
    k = verb.left_edge.i - 1
    return k > 0 and verb.doc[k].text == "," and name.left_edge.i <= k - 1 <= name.right_edge.i


_BECOMING = frozenset({"be", "become", "remain", "serve"})


def _to_become(dep: str, tok: Token) -> bool:
    """"left in 2023 to become chief executive of dLocal", "who later left to co-found Kaszek":
    a "to" clause with no subject of its own tells what the subject of the verb it hangs on
    became or did, when that verb takes no object ("hired Smith to run it" is Smith's)."""
    return dep == "advcl" and subjectless_to_clause(tok) and (
        tok.lemma_.lower() in _BECOMING or not any(c.dep_ in ("dobj", "dative") for c in tok.head.children))


def reachable(arcs: list[Arc], transparent: frozenset[str] = frozenset(), members: frozenset[str] = frozenset(),
              parts: bool = False) -> bool:
    """An argument of the trigger, not an entity mentioned somewhere near it.

    ``transparent`` nouns let the path go on to what they belong to ("chairs its
    board"); ``members``, verbs of a group's relative clause, into the group's members
    ("a group that included Karp"); ``parts`` (a verb of leading), one step into the
    owner of the verb's object ("runs Palantir's British business").

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
    trailing = describes_name_before(arcs)
    for n, (_, dep, tok) in enumerate(ups):
        if dep not in UP_ARCS and not (n == 0 and trailing) and not _to_become(dep, tok):
            return False
        if n and ups[n - 1][1] in ("relcl", "acl") and (dep not in SAME_REFERENT or dep == "conj"):
            # Past the noun a clause describes lies another clause; and "Karp and Thiel, who
            # chairs its board": the clause describes its own noun, not the whole list.
            return False
        if dep == "conj" and not _verbal(tok) and n == 0 and tok.head.tag_ not in ("NNS", "NNPS") \
                and arcs[0][2].tag_ in ("NN", "NNP") and tok.head.pos_ != "NOUN" and not _shared_possessor(arcs, tok):
            return False  # a singular role noun ("a partner") belongs to one name, not the whole list
        if dep == "conj" and _verbal(tok) and tok.head.pos_ in ("NOUN", "PROPN") and (n + 1 < len(ups) or downs):
            # "Kestrel Robotics, …, and owned by L&O Holding, beat Glock": a participle the parser
            # hung on a name tells of that name alone
            return False
        if dep == "conj" and _verbal(tok) and n + 1 == len(ups) and downs:
            # Into the other verb's arguments: only its subject, and only if this verb has none.
            # (a passive verb shares a passive subject: "was founded in 2014 and bought by Vodafone")
            if downs[0][1] not in ("nsubj", "nsubjpass") or any(
                    c.dep_ in ("nsubj", "nsubjpass") or (c.dep_ == "agent" and downs[0][1] == "nsubj")
                    for c in tok.children):
                return False
    if not downs:
        return True
    if any(d in ("relcl", "acl") for _, d, _ in ups) and downs[0][1] not in SAME_REFERENT and not (
            downs[0][1] == "poss" and ups[-1][2].head.lemma_.lower() in transparent):
        # (but "Palantir's board, chaired by Peter Thiel": the board stands for its owner)
        return False
    if any(dep in ("xcomp", "advcl", "pcomp") and _verbal(tok) for _, dep, tok in ups) \
            and downs[0][1] not in ("nsubj", "nsubjpass") and not trailing:
        # "joined Microsoft to run its business", "after leaving HP, Lynch set up Invoke":
        # the other verb's object is no argument of this one; its subject is.
        return False

    if _shared_agent(ups, downs):
        downs = downs[1:]  # "SoftBank, founded and run by Masayoshi Son": the agent of both participles
    first = downs[0][1]
    if first not in DOWN_ARCS or (first == "conj" and _verbal(downs[0][2])):
        return False
    if first == "conj" and any(c.dep_ == "appos" and c.pos_ == "NOUN" for c in downs[0][2].children):
        return False  # "Geller, its chief executive, and Ronen Dar, its chief technology officer": Dar has his own
    rest = downs[1:]
    landed = downs[0][2]
    if first in ("prep", "agent"):
        if len(rest) > 1 and rest[0][1] == "conj" and rest[0][2].lower_ == downs[0][2].lower_:
            rest = rest[1:]  # "backed by Ford and by Volkswagen": the second "by" is the first's
        if not rest or rest[0][1] != "pobj":
            return False
        landed, rest = rest[0][2], rest[1:]
    rest = through_transparent(landed, rest, transparent)
    if first in ("agent", "nsubj", "nsubjpass", "dobj"):
        rest = through_members(rest, members)  # the group is the verb's own argument, not "part of a group"
    if parts and first == "dobj" and rest and (rest[0][1] == "poss" or (
            rest[0][1] == "prep" and rest[0][2].lower_ == "of" and len(rest) > 1 and rest[1][1] == "pobj")):
        rest = rest[1:] if rest[0][1] == "poss" else rest[2:]  # "runs Palantir's British business"
    if any(dep == "compound" and tok.head.pos_ == "NOUN" for _, dep, tok in rest):
        return False  # "the PayPal co-founder": a modifier of a common noun is not the noun's referent
    deps = [dep for _, dep, _ in rest]
    # "its chief executive, Brian Schimpf, and Trae Stephens": the list goes on past the apposition.
    return all(dep in SAME_REFERENT for dep in deps) and not (first == "appos" and "conj" in deps)


TRANSPARENT_PREPS = ("of", "in", "for")


def through_members(rest: list[Arc], members: frozenset[str]) -> list[Arc]:
    """Into the members of a group: "founded by a small group that included Karp and Thiel"."""
    if len(rest) >= 2 and rest[0][1] == "relcl" and rest[0][2].lemma_.lower() in members \
            and rest[1][1] == "dobj" and any(c.dep_ == "nsubj" and c.lower_ in ("that", "which", "who")
                                             for c in rest[0][2].children):
        return rest[2:]
    return rest


_UNITS = {"million", "billion", "trillion", "m", "bn", "mn", "crore", "lakh"}


def _amount(tok: Token) -> bool:
    """A sum of money or a count: "US$1 billion", "10.5 billion yen", "£40m"."""
    return tok.like_num or tok.lower_ in _UNITS or any(
        c.dep_ in ("nummod", "quantmod", "compound") and (c.like_num or c.lower_ in _UNITS) for c in tok.children)


def through_transparent(landed: Token, rest: list[Arc], transparent: frozenset[str]) -> list[Arc]:
    """Past the nouns that stand for their organisation ("chairs its board", "backed the
    launch of Darktrace", "owns a tenth of its shares"): the arcs left after them."""
    if rest and _amount(landed) and rest[0][1] == "prep" and rest[0][2].lower_ in ("in", "into") and len(rest) > 1 \
            and rest[1][1] == "pobj":
        landed, rest = rest[1][2], rest[2:]  # "investing US$1 billion in Grab": the parser hangs "in" on the sum
    while rest and landed.lemma_.lower() in transparent:
        if rest[0][1] == "poss":
            landed, rest = rest[0][2], rest[1:]
        elif rest[0][1] == "prep" and rest[0][2].lower_ in TRANSPARENT_PREPS and len(rest) > 1 \
                and rest[1][1] == "pobj":
            landed, rest = rest[1][2], rest[2:]
        else:
            break
    return rest
