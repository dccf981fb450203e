"""Contract rules: a deal word in a sentence with a buyer (an agency, or a firm
that buys) and a supplier (a firm), its status from the verbs around it, its
value from the money named, and who blocked it.

A sentence that denies a deal ("did not award the contract to", "denied any
contract with") gives the pair evidence marked ``negated``: it contradicts the
deal and sets nothing (status, value, who blocked it).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from graph.schema import schema

from .dates import Dated, Dater, clause_head, verb_key
from .entities import Entity
from .lexicon import Lexicon
from .money import parse_money
from .paths import path_between
from .relations import Arg, is_negator, confidence, evidence, is_negated, subject_verb

MAX_PAIR_DISTANCE = 9  # dependency arcs between buyer and supplier


@dataclass
class Contract:
    buyer: int
    supplier: int
    status: str = "unknown"
    value: float | None = None
    currency: str | None = None
    blocked_by: set[int] = field(default_factory=set)
    evidence: list[dict] = field(default_factory=list)
    blocked_evidence: list[dict] = field(default_factory=list)


def _distance(a: Token, b: Token) -> int:
    found = path_between(a, b)
    return 99 if found is None else len(found[0]) - 1 + len(found[1])


def _cues(sent: Span, lex: Lexicon) -> tuple[list[Token], list[Token]]:
    """The deal words of a sentence that state a deal, and those that deny one."""
    stated, denied = [], []
    for t in sent:
        if not ((t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in lex.contract_nouns)
                or (t.pos_ == "VERB" and t.lemma_.lower() in lex.contract_verbs)) \
                or any(c.lemma_.lower() in lex.not_contract_modifiers for c in t.children) \
                or (t.dep_ == "compound" and t.head.lemma_.lower() not in lex.contract_nouns):  # "procurement official"
            continue
        if t.pos_ == "VERB" and is_negated(t, lex):
            if t.lemma_.lower() in lex.deal_verbs:
                denied.append(t)  # "Saab did not win the contest"; "did not renew" denies no deal
        elif t.pos_ != "VERB" and _denied_noun(t, lex):
            denied.append(t)
        else:
            stated.append(t)
    return stated, denied


def _denied_noun(noun: Token, lex: Lexicon) -> bool:
    """"no contract", "denied any contract with", "denied that it had a deal", "did not
    sign the agreement"; not "did not disclose the contract" (the deal stands)."""
    if any(c.dep_ in ("det", "neg") and c.lower_ in lex.negations and is_negator(c) for c in noun.children):
        return True
    head = noun
    for _ in range(3):
        if head.head.i == head.i:
            return False
        head = head.head
        if head.lemma_.lower() in lex.denials:
            return True
        if head.pos_ in ("VERB", "AUX"):
            if any(c.dep_ == "neg" and is_negator(c) for c in head.children):
                return head.lemma_.lower() in lex.deal_verbs
            return head.dep_ in ("ccomp", "xcomp", "pcomp") and head.head.lemma_.lower() in lex.denials
    return False


NEAR = 2  # dependency arcs from a status word to the deal word or a party


def status_words(sent: Span, lex: Lexicon, anchors: list[Token]) -> list[tuple[str, Token]]:
    """(status, word) for every status word stated near ``anchors`` (the deal words and parties), strongest first."""
    sch = schema()
    found = []
    for tok in sent:
        keys = {tok.lemma_.lower(), tok.lower_}
        statuses = [status for status, vocab in lex.status_words.items() if keys & vocab]
        if not statuses or min((_distance(tok, a) for a in anchors), default=99) > NEAR or is_negated(tok, lex):
            continue
        found += [(status, tok) for status in statuses]
    return sorted(found, key=lambda item: -sch.status_rank(item[0]))


def sentence_status(sent: Span, lex: Lexicon, anchors: list[Token],
                    found: list[tuple[str, Token]] | None = None) -> tuple[str, list[Token]]:
    """The strongest status stated near ``anchors``, and its words."""
    found = status_words(sent, lex, anchors) if found is None else found
    if not found:
        return "unknown", []
    best = found[0][0]
    return best, [tok for status, tok in found if status == best]


def _deal_date(dater: Dater | None, found: list[tuple[str, Token]], cues: list[Token],
               others: frozenset[int] = frozenset(), only: tuple[str, ...] = ()) -> Dated | None:
    """The date of the deal's event: on its strongest status word first ("blocked in
    2020"), then on the deal words ("the contract, signed in 2019", "a 2019 contract").

    A word in a clause whose subject is another firm or agency (``others``: their
    token indices) speaks of that one's deal: in "FMV signed up in 2013, and the
    Brazilian Air Force ordered 36", 2013 is not the Brazilian order's date. A
    blocker is not a party: "Khan halted the deal in 2020" dates the deal's block.
    """
    if dater is None:
        return None
    words = dater.words

    def speaks(tok: Token) -> bool:
        verb = clause_head(tok)
        return not any(c.dep_ in ("nsubj", "nsubjpass") and c.i in others for c in verb.children)

    for status, tok in found:
        if (only and status not in only) or (status not in ("blocked", "cancelled") and not speaks(tok)):
            continue
        kind = words.phrasal_kinds.get(verb_key(tok)) or words.contract_kinds.get(status, "at")
        when = dater.date(tok, kind)
        if when is not None:
            return when
    if only:
        return None
    for cue in cues:
        if not speaks(cue):
            continue
        signing = cue.pos_ == "VERB" and cue.lemma_.lower() in words.signing_verbs
        when = dater.date(cue, "signed" if signing else "at", governed=True)
        if when is not None:
            return when
    return None


def _actors(words: list[Token], args: list[Arg], entities: list[Entity]) -> list[Arg]:
    """Who did the blocking: the subject of the blocking verb (or of the verb it
    completes: "Khan intervened to halt"), or the "by" phrase of a passive."""
    found = []
    for word in words:
        verb = word
        for _ in range(3):
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "agent")]
            subjects += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            subjects += [c for c in verb.children if c.dep_ == "poss"]  # "Khan's decision"
            for subj in subjects:
                for candidate in [subj, *subj.conjuncts]:
                    # The whole noun phrase: "Mayor of London Sadiq Khan" names a person and an office.
                    phrase = [a for a in args if not a.anaphor or a.root.i == candidate.i]
                    phrase = [a for a in phrase if candidate.left_edge.i <= a.start and a.end <= candidate.right_edge.i + 1
                              or a.start <= candidate.i < a.end]
                    people = [a for a in phrase if entities[a.entity].label == "Person"]
                    found += people or [a for a in phrase if entities[a.entity].label == "Agency"]
            if found or verb.dep_ not in ("xcomp", "advcl", "conj", "acl", "relcl", "ccomp", "pcomp", "pobj", "prep", "dobj"):
                break
            verb = verb.head
    return found


def find_contracts(doc: Doc, entities: list[Entity], args_by_sent: dict[int, list[Arg]], lex: Lexicon,
                   dater: Dater | None = None) -> list[Contract]:
    """The deals of a document. With a ``dater``, evidence carries the date the
    sentence gives the deal's event (signed, blocked, ended, from, to, at)."""
    sch = schema()
    contracts: dict[tuple[int, int], Contract] = {}
    last: Contract | None = None
    counts: dict[int, int] = {}
    for sent in doc.sents:
        cues, denied = _cues(sent, lex)
        args = args_by_sent.get(sent.start, [])
        for a in args:
            if not a.anaphor:
                counts[a.entity] = counts.get(a.entity, 0) + 1
        usage = _usage_pairs(sent, args, entities, lex)
        denied_usage = [u for u in usage if u[3]]
        usage = [u for u in usage if not u[3]]
        if not cues and not usage:
            # "Babylon withdrew", "the trust ended the partnership": the fate of a
            # deal told with one of its parties only.
            _one_party_update(sent, args, contracts, lex, dater)
            _denials(sent, args, entities, denied, denied_usage, set(), contracts, lex, dater)
            continue
        conf = confidence(sent, lex, 0.8)
        pairs = _pairs(sent, args, entities, cues, lex) if cues else []
        # (contract, anchors of its status, deal words, the sentence's evidence item)
        touched: list[tuple[Contract, list[Token], list[Token], dict]] = []
        for buyer, supplier, verb, _ in usage:
            if (buyer.entity, supplier.entity) in [(b.entity, s.entity) for b, s in pairs]:
                continue
            contract = contracts.setdefault((buyer.entity, supplier.entity), Contract(buyer.entity, supplier.entity))
            ev = evidence(sent, "contract:usage", confidence(sent, lex, 0.6))
            contract.evidence.append(ev)
            if contract.status == "unknown":
                contract.status = "active"  # an agency using a firm's product has a deal that runs
            touched.append((contract, [buyer.root, supplier.root, verb], [verb], ev))
        for buyer, supplier in pairs:
            key = (buyer.entity, supplier.entity)
            contract = contracts.setdefault(key, Contract(buyer.entity, supplier.entity))
            ev = evidence(sent, "contract:pair", conf)
            contract.evidence.append(ev)
            near = [c for c in cues if min(_distance(c, buyer.root), _distance(c, supplier.root)) <= MAX_PAIR_DISTANCE]
            touched.append((contract, [buyer.root, supplier.root, *near], near, ev))
        # "the deal", "this contract": a sentence naming no pair speaks of the last one.
        definite = [t for t in cues if t.lemma_.lower() in lex.contract_nouns and any(
            c.lower_ in ("the", "this", "that", "these", "those", "both", "its", "their") or c.dep_ == "poss"
            for c in t.children)]
        if not touched and definite:
            # The deal of the party named here, if it has one; else the last deal spoken of.
            present = {a.entity for a in args}
            own = [c for c in contracts.values() if (c.buyer in present or c.supplier in present) and _stated(c)]
            target = own[0] if len(own) == 1 else last
            if target is not None:
                ev = evidence(sent, "contract:anaphor", conf)
                touched.append((target, definite, definite, ev))
                target.evidence.append(ev)
        if not touched and cues:
            implicit = _topic_supplier(sent, args, entities, cues, counts, lex)
            if implicit is not None:
                buyer, supplier = implicit
                contract = contracts.setdefault((buyer.entity, supplier), Contract(buyer.entity, supplier))
                ev = evidence(sent, "contract:topic", confidence(sent, lex, 0.5))
                contract.evidence.append(ev)
                touched.append((contract, [buyer.root, *cues], cues, ev))
        for contract, anchors, deal_words, ev in touched:
            found = status_words(sent, lex, anchors)
            status, words = sentence_status(sent, lex, anchors, found)
            others = frozenset(a.root.i for a in args if a.entity not in (contract.buyer, contract.supplier)
                               and entities[a.entity].label != "Person")
            ev["when"] = _deal_date(dater, found, deal_words, others)
            if sch.status_rank(status) > sch.status_rank(contract.status):
                contract.status = status
            if status in ("blocked", "cancelled"):
                actors = [a for a in _actors(words, args, entities) if a.entity != contract.supplier]
                if status == "blocked" and actors and all(a.entity == contract.buyer for a in actors):
                    status = "cancelled"  # the buyer stopping its own deal cancels it
                    if sch.status_rank(status) > sch.status_rank(contract.status) or contract.status == "blocked":
                        contract.status = status
                when = _deal_date(dater, found, [], only=("blocked", "cancelled"))  # whoever the parties
                for actor in actors:
                    contract.blocked_by.add(actor.entity)
                    contract.blocked_evidence.append(evidence(sent, f"contract:{status}", conf, when=when))
            if contract.value is None or contract.currency is None:
                value, currency = _money(sent, lex)
                contract.value = contract.value if contract.value is not None else value
                contract.currency = contract.currency or currency
            last = contract
        _denials(sent, args, entities, denied, denied_usage, {(c.buyer, c.supplier) for c, *_ in touched},
                 contracts, lex, dater)
    return list(contracts.values())


def _stated(contract: Contract) -> bool:
    """Some sentence states the deal (not all of its evidence denies it)."""
    return any(not ev.get("negated") for ev in contract.evidence)


def _denials(sent: Span, args: list[Arg], entities: list[Entity], denied: list[Token],
             denied_usage: list[tuple[Arg, Arg, Token, bool]], stated: set[tuple[int, int]],
             contracts: dict[tuple[int, int], Contract], lex: Lexicon, dater: Dater | None) -> None:
    """Pairs a sentence denies a deal between ("X did not award the contract to Y",
    "the force denied using its software"): negated evidence, and nothing else changes."""
    if not denied and not denied_usage:
        return
    # (buyer, supplier, the words that deny the deal)
    found = [(buyer, supplier, [verb]) for buyer, supplier, verb, _ in denied_usage]
    for buyer, supplier in (_pairs(sent, args, entities, denied, lex) if denied else []):
        near = [c for c in denied if min(_distance(c, buyer.root), _distance(c, supplier.root)) <= MAX_PAIR_DISTANCE]
        found.append((buyer, supplier, near))
    conf = confidence(sent, lex, 0.8)
    for buyer, supplier, words in found:
        key = (buyer.entity, supplier.entity)
        if key in stated:
            continue
        stated.add(key)
        contract = contracts.setdefault(key, Contract(buyer.entity, supplier.entity))
        others = frozenset(a.root.i for a in args if a.entity not in (buyer.entity, supplier.entity)
                           and entities[a.entity].label != "Person")
        when = _deal_date(dater, [], words, others)
        contract.evidence.append(evidence(sent, "contract:denied", conf, negated=True, when=when))


def _money(sent: Span, lex: Lexicon) -> tuple[float | None, str | None]:
    doc = sent.doc
    for ent in sent.ents:
        if ent.label_ == "MONEY":
            # The tagger often leaves out "£" before and "m" after: "£50m" tags as "50".
            start, end = ent.start, ent.end
            if start > 0 and doc[start - 1].lower_ in lex.currencies:
                start -= 1
            if end < len(doc) and doc[end].lower_ in lex.multipliers:
                end += 1
            value, currency = parse_money(doc[start:end].text, lex)
            if value is not None or currency is not None:
                return value, currency
    text = sent.text.lower()
    if "million pound" in text or "million-pound" in text or "multi-million" in text:
        return parse_money(sent.text, lex)
    return None, None


_ORDER_VERBS = {"order", "buy", "purchase", "procure", "award", "sign", "commission", "hire", "select", "choose", "pick"}


def _topic_supplier(sent: Span, args: list[Arg], entities: list[Entity], cues: list[Token],
                    counts: dict[int, int], lex: Lexicon) -> tuple[Arg, int] | None:
    """"Sweden's FMV ordered two in 2022 under a contract worth SEK 7.3bn" in a
    story about Saab: an agency that orders, with no firm named, orders from the
    firm the story is about (lower confidence)."""
    if any(entities[a.entity].label == "Company" for a in args):
        return None
    firms = [e for e in counts if entities[e].label == "Company"]
    if not firms:
        return None
    topic = max(firms, key=lambda e: counts[e])
    if counts[topic] < 3:
        return None
    for arg in args:
        if entities[arg.entity].label != "Agency" or arg.root.dep_ not in ("nsubj", "poss"):
            continue
        if any(w in n for n in entities[arg.entity].norms for w in lex.non_buyer_words):
            continue
        head = arg.root.head
        if arg.root.dep_ == "nsubj" and head.lemma_.lower() in _ORDER_VERBS and not is_negated(head, lex):
            return arg, topic
        if arg.root.dep_ == "poss" and head in cues and head.pos_ == "NOUN":
            return arg, topic  # "the Home Office's 2018 contract"
    return None


def _usage_pairs(sent: Span, args: list[Arg], entities: list[Entity],
                 lex: Lexicon) -> list[tuple[Arg, Arg, Token, bool]]:
    """"Hesse's police have used Palantir's Gotham platform since 2017": an agency
    using a firm's product has a running deal with it. (agency, firm, verb, denied)."""
    found = []
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.client_verbs:
            continue
        denied = is_negated(verb, lex)
        agencies = [a for a in args if a.root.head.i == subject_verb(verb, lex).i and a.root.dep_ == "nsubj"
                    and entities[a.entity].label == "Agency"]
        objects = [c for c in verb.children if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "from")]
        inside = {t.i for obj in objects for t in obj.subtree}
        firms = [a for a in args if a.root.i in inside and entities[a.entity].label == "Company"
                 and not any(anc.dep_ in ("relcl", "acl") for anc in a.root.ancestors if anc.i in inside)]
        found += [(agency, firm, verb, denied) for agency in agencies for firm in firms]
    return found


_ENDINGS = ("cancelled", "ended", "blocked")


def _one_party_update(sent: Span, args: list[Arg], contracts: dict[tuple[int, int], Contract], lex: Lexicon,
                      dater: Dater | None = None) -> None:
    """A sentence that ends, cancels or blocks, naming one party of exactly one known deal."""
    sch = schema()
    present = {a.entity: a for a in args}
    touched = [c for c in contracts.values() if (c.buyer in present or c.supplier in present) and _stated(c)]
    if len(touched) != 1:
        return
    contract = touched[0]
    party = present.get(contract.buyer) or present.get(contract.supplier)
    verb = _governing_verb(party.root)
    if verb.pos_ != "VERB" or party.root.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj"):
        return
    found = status_words(sent, lex, [verb])
    status, _ = sentence_status(sent, lex, [verb], found)
    if status in _ENDINGS and sch.status_rank(status) > sch.status_rank(contract.status):
        contract.status = status
        contract.evidence.append(evidence(sent, f"contract:{status}:party", confidence(sent, lex, 0.6),
                                          when=_deal_date(dater, found, [verb])))


def _governing_verb(tok: Token) -> Token:
    """The verb a noun phrase hangs from ("cleared by the Pentagon" -> cleared)."""
    while tok.head.i != tok.i and tok.pos_ != "VERB" and tok.dep_ in ("pobj", "agent", "prep", "nsubj", "nsubjpass",
                                                                      "dobj", "appos", "conj", "compound"):
        tok = tok.head
    return tok


def _pairs(sent: Span, args: list[Arg], entities: list[Entity], cues: list[Token], lex: Lexicon) -> list[tuple[Arg, Arg]]:
    """(buyer, supplier) pairs: for each firm, the nearest agency in the tree."""
    # A party named inside another party's phrase ("AWS, a subsidiary of Amazon") is not a party.
    roots = {a.root.i: a for a in args}
    nested = {id(a) for a in args if any(anc.i in roots and roots[anc.i].entity != a.entity
                                          and entities[roots[anc.i].entity].label == entities[a.entity].label
                                          for anc in a.root.ancestors if anc.i >= a.root.sent.start)
              and (a.root.dep_ in ("pobj", "poss", "compound", "appos")
                   or any(anc.dep_ in ("relcl", "acl") for anc in a.root.ancestors))}
    args = [a for a in args if id(a) not in nested]
    firms = [a for a in args if entities[a.entity].label == "Company"]
    people = {a.start for a in args if entities[a.entity].label == "Person"}
    # An office named as a person's title ("Mayor of London Sadiq Khan") is not a buyer.
    agencies = [a for a in args if entities[a.entity].label == "Agency" and a.end not in people
                and not any(w in n for n in entities[a.entity].norms for w in lex.non_buyer_words)
                and not _governing_verb(a.root).lemma_.lower() in lex.non_buyer_verbs]
    pairs = []
    for firm in firms:
        scored = sorted(((_distance(firm.root, agency.root), agency.entity, agency) for agency in agencies
                         if agency.entity != firm.entity), key=lambda item: item[:2])
        if not scored or scored[0][0] > MAX_PAIR_DISTANCE:
            continue
        near = min(_distance(firm.root, cue) for cue in cues)
        if near > MAX_PAIR_DISTANCE:
            continue
        nearest = scored[0][2]
        together = {nearest.root.i, *(t.i for t in nearest.root.conjuncts)}
        for _, _, agency in scored:
            if agency.root.i in together and (agency.entity, firm.entity) not in [(b.entity, s.entity) for b, s in pairs]:
                pairs.append((agency, firm))
    return pairs
