"""Contract rules: a deal word in a sentence with a buyer (an agency, or a firm
that buys) and a supplier (a firm), its status from the verbs around it, its
value from the money named, and who blocked it.

A sentence that denies a deal ("did not award the contract to", "denied any
contract with") gives the pair evidence marked ``negated``: it contradicts the
deal and sets nothing (status, value, who blocked it).

Who buys from whom: an agency that chooses a firm outright by its buying verb
("PSPC picked Dayforce ... behind SAP and Workday") pairs with that firm only;
partners of the winner, firms doing part of the work and news sources are no
parties; a deal noun pointing back ("that contract") speaks of a deal told
before. Status: the words governing the deal (award, sign -> awarded; run, use
-> active; expire, run out -> ended; scrap, pull out, a party ending it ->
cancelled; block, halt by a third party -> blocked; propose, would -> proposed),
read with their tense: within one document the strongest claim wins, except
that a deal said to run now outweighs its award (it is the later news).
Words and phrases: data/lexicon/contracts.toml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from graph.names import normalize
from graph.schema import schema

from .dates import Dated, Dater, clause_head, is_future, iso_parts, verb_key
from .entities import Entity
from .lexicon import Lexicon, lexicon_file, rule_words
from .money import number_words, parse_money
from .paths import list_head, path_between, subject_bearer
from .relations import (Arg, buys_a_stake, confidence, evidence, inner_hyphen, is_negated, is_negator,
                        subject_verb)

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
    rank: float = 0.0  # of ``status`` within the document (see _rank)
    # The date of a service told in the simple past ("both were delivered in 2020"): with
    # the article's date, it may show the work done (see _settle_by_time).
    served: Dated | None = None
    present: bool = False  # some sentence tells the service as running now
    closed: Dated | None = None  # the date of the ending or cancelling that set the status, if told
    held: bool = False  # a party's deal with the other is named: "the Met's contract with Palantir"
    held_now: bool = False  # ... as one it holds now: "Capita has a £40m deal with the Home Office"
    ran: bool = False  # some sentence told the deal as running, whatever became of it
    term: int | None = None  # the years it runs: "a five-year deal"
    extended: bool = False  # some sentence tells it extended or renewed


def _awarded_anew(contract: Contract, ev: dict, words: list[Token]) -> bool:
    """An award told after the pair's deal was cancelled or ended, dated by the text and not
    earlier than the ending, by a verb told as an event, is a new deal between the two:
    "the lease was scrapped ... In February 2011 the Air Force awarded Boeing a contract"."""
    if contract.status not in ("cancelled", "ended") or ev.get("extractor") != "contract:pair":
        return False
    award, closed = ev.get("when"), contract.closed
    if award is None or award.start is None or award.start.year is None:
        return False
    if closed is not None and (closed.start is None or closed.start.year is None or closed.start.year > award.start.year):
        return False
    # not "Microsoft had won the deal in 2021": a pluperfect tells what came before the ending
    return any(w.pos_ == "VERB" and _told(w) and not any(c.dep_ == "aux" and c.tag_ == "VBD" for c in w.children)
               for w in words)


@dataclass(frozen=True)
class StatusRules:
    """The words of contracts.toml's [status_rules] (phrasal verbs, words that count only
    as verbs, present-tense and counterfactual markers), [parties], [value] and the top-level
    lists the rules read (see _read_rules)."""

    phrasal: dict[str, str]
    verb_only: frozenset[str]
    ended_by_party: frozenset[str]
    present_words: frozenset[str]
    counterfactual: tuple[tuple[str, ...], ...]
    deal_objects: frozenset[str]
    partner_nouns: frozenset[str]
    attribution: frozenset[str]
    order_verbs: frozenset[str]
    win_objects: frozenset[str]
    value_verbs: frozenset[str]
    decision_verbs: frozenset[str]
    command_verbs: frozenset[str]
    hedges: frozenset[str]
    conditionals: frozenset[str]
    unrealised_heads: frozenset[str]
    object_bound_verbs: frozenset[str]
    seller_bound_verbs: frozenset[str]
    payer_verbs: frozenset[str]
    payee_verbs: frozenset[str]
    billing_verbs: frozenset[str]
    lasting: frozenset[str]
    firm_buyer_verbs: frozenset[str]
    both_sides: frozenset[str]
    pair_only_nouns: frozenset[str]
    firm_signing_verbs: frozenset[str]
    preliminary_nouns: frozenset[str]
    firm_deal_nouns: frozenset[str]
    getting_verbs: frozenset[str]
    award_nouns: frozenset[str]
    product_buying_verbs: frozenset[str]
    reclaiming_phrases: frozenset[str]
    for_bound_verbs: frozenset[str]
    rival_verbs: frozenset[str]


def _read_rules(data: dict) -> StatusRules:
    """Every field from the section of its name ([status_rules], [parties], [value]) or a
    top-level list of its name: a new word list needs a field and its words, nothing here."""
    names = [f.name for f in fields(StatusRules)]
    spec = {**data.get("status_rules", {}), **data.get("parties", {}),
            **{k: v for k, v in data.items() if k in names}, **data.get("value", {})}
    shaped = {
        "phrasal": {k.lower(): v for k, v in spec.get("phrasal", {}).items()},
        "counterfactual": tuple(tuple(w.lower().split()) for w in spec.get("counterfactual", [])),
    }
    return StatusRules(**{name: shaped[name] if name in shaped else frozenset(w.lower() for w in spec.get(name, []))
                          for name in names})


def status_rules(lex: Lexicon) -> StatusRules:
    return _rules_in(lex.data_dir)


@lru_cache(maxsize=8)
def _rules_in(folder: Path) -> StatusRules:
    # the rules are asked for per token: a path built per call costs more than the rules
    return _read_rules(lexicon_file(str(folder), "contracts.toml"))


def _distance(a: Token, b: Token) -> int:
    found = path_between(a, b)
    return 99 if found is None else len(found[0]) - 1 + len(found[1])


def _not_a_deal_verb(verb: Token, lex: Lexicon) -> bool:
    """"won a Nobel prize", "landed it in trouble": a winning verb whose object is no deal;
    "has chosen to re-implement Oracle": a choosing verb that tells a decision."""
    rules = status_rules(lex)
    lemma = verb.lemma_.lower()
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if lemma in rules.object_bound_verbs:
        if verb.tag_ == "VBG" and not any(c.dep_ == "nsubj" for c in verb.children):
            return True  # "..., giving it well over £600m of public-sector work": a sum, not an award
        return not any(t.lemma_.lower() in lex.contract_nouns or t.lemma_.lower() in rules.win_objects
                       or t.ent_type_ == "MONEY" for o in objects for t in o.subtree)
    if lemma in rules.for_bound_verbs:
        # "still bidding for the Ministry of Defence's programme"; not "EADS bid alone" (a
        # contest told before) nor "was set up to bid for the project" (what a firm is for)
        return not any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children) or any(
            c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
    if lemma in lex.supplier_verbs and objects:
        return not any(o.lemma_.lower() in lex.contract_nouns or o.lemma_.lower() in rules.win_objects
                       or o.pos_ == "NUM" or o.ent_type_ == "MONEY" for o in objects)
    if lemma in rules.decision_verbs and not objects and any(c.dep_ == "nsubj" for c in verb.children):
        return any(c.dep_ == "xcomp" for c in verb.children)
    if lemma in rules.command_verbs and not any(c.dep_ == "prep" and c.lower_ == "from" for c in verb.children) \
            and any(c.dep_ in ("xcomp", "ccomp") and not any(g.dep_ == "auxpass" for g in c.children)
                    for c in verb.children):
        return True  # "ordered the Commission to suspend those transfers" (not "ordered 22 systems from
        # Rheinmetall, to be mounted on vehicles": a purchase)
    if lemma in lex.buyer_verbs and objects and not _told(verb) and all(_generic(o) for o in objects) \
            and not any(c.dep_ == "prep" and c.lower_ == "from" for c in verb.children):
        return True  # "the Pentagon will want to buy weapons quickly", "how the Pentagon buys aircraft"
    return False


def _no_seller(verb: Token, lex: Lexicon) -> bool:
    """"ordered an inspection of its books": a verb that buys only from someone, told with no
    "from" (as a deal word; "have both ordered KC-46s" may still tell a known deal's state)."""
    return verb.lemma_.lower() in status_rules(lex).seller_bound_verbs and not _from_sellers(verb)


def goods_bought(verb: Token, lex: Lexicon) -> list[Token]:
    """The goods a buying verb (product_buying_verbs) takes as its object: "bought 150 cars",
    not a firm, its shares or its unit bought, which is owning."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in status_rules(lex).product_buying_verbs:
        return []
    not_goods = rule_words(lex, "INVESTED_IN", "stake_nouns") | lex.triggers["OWNS"].target_nouns
    return [c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN" and c.lemma_.lower() not in not_goods]


def _from_sellers(verb: Token) -> list[Token]:
    """The "from" phrases of a buying verb, on the verb or on what was bought ("ordered 100
    jets from COMAC")."""
    return [c for t in (verb, *(o for o in verb.children if o.dep_ == "dobj")) for c in t.children
            if c.dep_ == "prep" and c.lower_ == "from"]


def _permission(noun: Token, lex: Lexicon) -> bool:
    """"a licence for ASML to ship its machine": leave for someone to do a thing."""
    if noun.lemma_.lower() not in lex.permission_nouns or noun.i + 1 >= noun.sent.end or noun.nbor(1).lower_ != "for":
        return False
    return any(t.lower_ == "to" and t.i + 1 < noun.sent.end and t.nbor(1).pos_ in ("VERB", "AUX")
               for t in noun.doc[noun.i + 2:min(noun.i + 9, noun.sent.end)])


def _generic(noun: Token) -> bool:
    """A bare common noun: a kind of thing, no particular one ("weapons", "aircraft")."""
    return noun.pos_ == "NOUN" and not noun.ent_type_ and not any(
        c.dep_ in ("det", "poss", "nummod", "compound", "amod", "quantmod") for c in noun.children)


def _supposed(verb: Token) -> bool:
    """"on the grounds that it would hand the Pentagon's biggest contractor control": a deal
    verb in a clause that gives a noun's content, hedged by a modal, tells a fear or a claim,
    not a deal."""
    if verb.dep_ == "acl" and any(c.dep_ == "mark" for c in verb.children) and any(
            c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return True
    # "AWS could be compelled to hand it over": what a firm might be made to do
    return verb.dep_ == "xcomp" and any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ != "will"
                                        for c in verb.head.children)


def _accord(noun: Token) -> bool:
    """"an agreement with the operators that such parts would be removed": a deal noun whose
    content is a "that" clause settles a point; it buys nothing."""
    return any(c.dep_ in ("acl", "ccomp") and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
               for c in noun.children)


def _cues(sent: Span, lex: Lexicon) -> tuple[list[Token], list[Token]]:
    """The deal words of a sentence that state a deal, and those that deny one."""
    stated, denied = [], []
    for t in sent:
        if not ((t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in lex.contract_nouns)
                or (t.pos_ == "VERB" and t.lemma_.lower() in lex.contract_verbs and not _not_a_deal_verb(t, lex)
                    and not _no_seller(t, lex))) \
                or any(c.lemma_.lower() in lex.not_contract_modifiers for c in t.children) \
                or (t.lemma_.lower() == "order" and any(c.lower_ in lex.not_order_modifiers for c in t.children)) \
                or _permission(t, lex) \
                or (t.dep_ == "compound" and t.head.lemma_.lower() not in lex.contract_nouns) \
                or (t.pos_ in ("NOUN", "PROPN") and _accord(t)) or (t.pos_ == "VERB" and _supposed(t)):
            continue  # "procurement official", "an agreement that parts would be removed"
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


def _phrasal(tok: Token, rules: StatusRules) -> str | None:
    """The status of a verb with its particle or complement: "ran out", "pulled out of", "cut short"."""
    lemma = tok.lemma_.lower()
    for c in tok.children:
        if c.dep_ == "dobj" and 0 < c.i - tok.i <= 4 and (status := rules.phrasal.get(f"{lemma} {c.lemma_.lower()}")):
            return status  # "reached its end", "ran its course"
        if c.dep_ in ("prt", "advmod", "oprd", "acomp", "prep") and 0 < c.i - tok.i <= 3:
            # "came to an end" says more than "came to £203m"
            for g in c.children:
                if g.dep_ == "pobj" and (status := rules.phrasal.get(f"{lemma} {c.lower_} {g.lemma_.lower()}")):
                    return status
            status = rules.phrasal.get(f"{lemma} {c.lower_}")
            if status:
                return status
    return None


def _unrealised(tok: Token, rules: StatusRules) -> bool:
    """A status word told as what should or might happen, or as what someone asked for or
    refused to do, states nothing that happened: "said the order should be cancelled",
    "asked the court to halt the arrangement", "refused to suspend the partnership"."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else None
    if verb is None:
        return False
    if any(c.dep_ == "aux" and c.lower_ in rules.hedges for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ in rules.hedges for c in verb.head.children):
        return True  # "could be compelled to hand it over"
    if verb.dep_ == "csubj" and any(c.dep_ == "aux" and c.lower_ in rules.hedges | rules.conditionals
                                    for c in verb.head.children):
        return True  # "scrapping the deal would cost more than completing it": weighed, not done
    return verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in rules.unrealised_heads


def _statuses(tok: Token, lex: Lexicon, rules: StatusRules) -> list[str]:
    if tok.dep_ in ("amod", "compound") and tok.i >= 2 and inner_hyphen(tok.doc[tok.i - 1]):
        return []  # "the state-run company", "a family-owned firm": a word of an adjective
    if tok.pos_ in ("VERB", "AUX"):
        phrasal = _phrasal(tok, rules)
        if phrasal:
            return [] if phrasal == "none" else [phrasal]
        objects = [c for c in tok.children if c.dep_ == "dobj"]
        if any(w.lemma_.lower() in rules.preliminary_nouns for o in objects
               for w in [o, *(g for p in o.children if p.lower_ == "of" for g in p.children)]):
            return ["proposed"]  # "signed a memorandum of understanding", "a letter of intent"
    elif tok.lemma_.lower() in rules.verb_only or tok.lower_ in rules.verb_only:
        return []  # "an end to", "a run of orders"
    keys = {tok.lemma_.lower(), tok.lower_}
    return [status for status, vocab in lex.status_words.items() if keys & vocab]


def _counterfactual(tok: Token, rules: StatusRules) -> bool:
    """"rather than abandon it", "instead of renewing": the status word is set aside."""
    before = [t.lower_ for t in tok.doc[max(tok.sent.start, tok.i - 4):tok.i] if t.lower_ != "to"]
    return any(tuple(before[-len(marker):]) == marker for marker in rules.counterfactual if len(before) >= len(marker))


def _ends_a_deal(tok: Token, lex: Lexicon, rules: StatusRules, parties: frozenset[int]) -> bool:
    """A blocking, cancelling or ending verb whose object is a deal, a party or a pronoun
    ("suspended its contract", "dropped Capita", "scrapped it"), or that has none ("Babylon
    withdrew"); not "halted all future deployments" or "suspend those transfers"."""
    if tok.pos_ != "VERB":
        return True
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if objects and all(o.ent_type_ == "MONEY" for o in objects):
        return False  # "has set aside NZ$2.3 billion for the programme": money kept, no deal stopped
    return not objects or any(
        o.lemma_.lower() in lex.contract_nouns or o.lemma_.lower() in rules.deal_objects or o.i in parties
        or o.pos_ in ("PRON", "NUM") or any(c.dep_ == "compound" and c.lemma_.lower() in lex.contract_nouns
                                            for c in o.children)
        or any(c.dep_ == "poss" and c.i in parties for c in o.children)  # "ending Microsoft's time as contractor"
        for o in objects)


def _present(tok: Token, rules: StatusRules) -> bool:
    """The word speaks of now: "runs", "has used since 2017", "is renewing", "the current deal"."""
    if tok.lower_ in rules.present_words:
        return True
    verb = tok if tok.pos_ in ("VERB", "AUX") else clause_head(tok)
    for _ in range(3):
        if any(c.lower_ in rules.present_words for c in verb.children):
            return True
        if verb.tag_ in ("VBZ", "VBP"):
            return True
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
        if auxes:
            return auxes[0].tag_ in ("VBZ", "VBP")  # "has used", "is running"; not "had", "was", "will"
        if verb.tag_ in ("VBG", "VB", "VBN") and verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.i != verb.i:
            verb = verb.head  # "is sticking with Oracle, renewing a contract"
            continue
        return False
    return False


def _rank(status: str, tok: Token | None, rules: StatusRules) -> float:
    """The weight of a claim within one document: the schema's order, a deal's life (the
    latest state wins), except that a service told in the past ("Serco ran the contract"),
    unless it is an extension or renewal, or as a purpose or plan ("to run"), says less than
    the award: it may have ended since, or not begun."""
    sch = schema()
    if status == "active" and tok is not None and (_unreal(tok) or not _present(tok, rules) and _past_tense(tok)
                                                   and tok.lemma_.lower() not in rules.lasting):
        return sch.status_rank("awarded") - 0.5
    return float(sch.status_rank(status))


def _unreal(tok: Token) -> bool:
    """"awarded Serco a contract to run the centres", "Serco will run them": the service as
    a purpose or a plan is not the service under way."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else clause_head(tok)
    return any(c.dep_ == "aux" and c.tag_ in ("TO", "MD") for c in verb.children)


def _claim(contract: Contract, status: str, rank: float, override: bool = False) -> None:
    """Within a document the weightiest claim (see _rank) sets the status."""
    contract.ran = contract.ran or status == "active"
    if rank > contract.rank or override:
        contract.status, contract.rank = status, rank


def _describes_a_party(tok: Token, parties: frozenset[int], anchors: list[Token], lex: Lexicon) -> bool:
    """"Public Services and Procurement Canada, the department that runs federal pay, picked
    Dayforce": a clause that describes a party, naming no deal and no other party, says
    nothing of the deal."""
    clause = tok
    while clause.dep_ not in ("relcl", "acl") and clause.head.i != clause.i and clause.i not in parties:
        clause = clause.head
    if clause.dep_ not in ("relcl", "acl"):
        return False
    noun = clause.head  # the party, or a noun in apposition to it ("the department that runs federal pay")
    if noun.lemma_.lower() in lex.contract_nouns or not (
            noun.i in parties or noun.dep_ == "appos" and noun.head.i in parties
            or any(c.dep_ == "appos" and c.i in parties for c in noun.children)):
        return False
    inside = {t.i for t in clause.subtree}
    return not any(t.i in inside for t in anchors if t.i not in parties) and not any(
        t.lemma_.lower() in lex.contract_nouns for t in clause.subtree) and not any(
        i in inside for i in parties)


def _reporting(tok: Token, lex: Lexicon) -> bool:
    """"the supervisor concluded that ...", "agreed that such parts would be removed": a verb
    that reports a finding or settles a point speaks of no deal's fate."""
    # not "terminated that subcontract", a determiner the parser took for a "that" clause,
    # nor "under a subcontract that the two companies declined to value", a relative clause
    # of the deal noun hung on the verb
    doc = tok.doc
    return tok.pos_ == "VERB" and any(c.dep_ == "ccomp" and any(
        g.dep_ == "mark" and not (g.i == tok.i + 1 and g.lower_ == "that" and g.i + 1 < len(doc)
                                  and doc[g.i + 1].lemma_.lower() in lex.contract_nouns)
        and not (g.lower_ == "that" and g.i > tok.i + 1 and doc[g.i - 1].lemma_.lower() in lex.contract_nouns)
        for g in c.children)
        for c in tok.children)


def _verb_chain(tok: Token) -> list[Token]:
    """The word and, for a verb, the verbs it is coordinated after: in "it is designing,
    building and operating the equipment", "operating" is as near the deal as "designing"."""
    chain = [tok]
    while chain[-1].pos_ == "VERB" and chain[-1].dep_ == "conj" and chain[-1].head.pos_ == "VERB" \
            and chain[-1].head.i != chain[-1].i and len(chain) < 5:
        chain.append(chain[-1].head)
    return chain


def _term(tok: Token) -> bool:
    """"contracts running until 2028", "a long-running arrangement": a participle that
    describes the deal's terms, not what happens to it."""
    while tok.dep_ == "conj" and tok.head.i != tok.i and tok.tag_ in ("VBG", "VBN"):
        tok = tok.head
    return tok.tag_ == "VBG" and tok.dep_ in ("acl", "amod")


def status_words(sent: Span, lex: Lexicon, anchors: list[Token], parties: frozenset[int] = frozenset(),
                 others: frozenset[int] = frozenset(), deals: list[Token] | None = None,
                 rivals: frozenset[int] = frozenset()) -> list[tuple[str, Token]]:
    """(status, word) for every status word stated near ``anchors`` (the deal words and parties),
    the weightiest first. ``parties``: the token indices of the sentence's parties; ``others``:
    the roots of firms and agencies that are not this deal's parties. A word in a clause whose
    subject is one of ``others`` speaks of that one's deal ("SOCOM selected it, and CBP has
    deployed its towers"), unless it blocks or cancels: the blocker is no party. A word whose
    subject is a deal noun other than ``deals`` (this deal's words) speaks of that deal
    ("when that contract expired, the Home Office handed the centre to Serco"). ``rivals``:
    the roots of the other firms; no word whose subject is one of them speaks of this deal."""
    rules = status_rules(lex)
    found = []
    for tok in sent:
        statuses = _statuses(tok, lex, rules) if tok.i not in parties else []  # "the European Commission"
        if not statuses or min((_distance(t, a) for t in _verb_chain(tok) for a in anchors), default=99) > NEAR \
                or is_negated(tok, lex) \
                or _counterfactual(tok, rules) or _reporting(tok, lex) or _unrealised(tok, rules) \
                or tok.pos_ == "VERB" and _not_a_deal_verb(tok, lex):
            continue
        verb = subject_bearer(clause_head(tok))  # "the US Air Force has kept adding lots to its order"
        elsewhere = any(c.dep_ in ("nsubj", "nsubjpass") and c.i in others for c in verb.children)
        # "after the previous provider, Broadspectrum, pulled out": another firm ends its own deal
        rival = any(c.dep_ == "nsubj" and (c.i in rivals or any(g.dep_ == "appos" and g.i in rivals for g in c.children))
                    for c in verb.children)
        # "a joint bid from Go-Ahead and Colas was withdrawn": a rival's bid
        rival = rival or any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in lex.contract_nouns and any(
            (p.dep_ == "poss" and p.i in rivals) or (p.dep_ == "prep" and p.lower_ in ("from", "by") and any(
                g.i in rivals for g in p.children if g.dep_ == "pobj")) for p in c.children) for c in verb.children)
        # "ending Microsoft's time as the prime contractor" ends Microsoft's deal, not Anduril's
        owned = [p for o in tok.children if o.dep_ in ("dobj", "nsubjpass") for p in o.children if p.dep_ == "poss"]
        theirs = bool(owned) and all(p.i in others for p in owned)
        if deals is not None and any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in lex.contract_nouns
                                     and c not in deals for c in verb.children):
            continue
        if _describes_a_party(tok, parties, anchors, lex):
            continue
        for status in statuses:
            if status in ("blocked", "cancelled", "ended") and (theirs or not _ends_a_deal(tok, lex, rules, parties)):
                continue
            if (status not in ("blocked", "cancelled") and elsewhere) or rival:
                continue
            if status == "active" and _term(tok):
                continue
            found.append((status, tok))
    return sorted(found, key=lambda item: -_rank(item[0], item[1], rules))


def sentence_status(sent: Span, lex: Lexicon, anchors: list[Token],
                    found: list[tuple[str, Token]] | None = None) -> tuple[str, list[Token]]:
    """The weightiest status stated near ``anchors``, and its words."""
    found = status_words(sent, lex, anchors) if found is None else found
    if not found:
        return "unknown", []
    best = found[0][0]
    return best, [tok for status, tok in found if status == best]


def _reported_event(deal_words: list[Token], args: list[Arg], contract: Contract, lex: Lexicon) -> bool:
    """A deal told as done by one of its parties with no status word ("the Army folded its
    agreements into a single enterprise agreement with the company", "X entered an agreement
    with Y"): past or perfect, affirmative, not hedged by a modal. Such a deal was made."""
    party_roots = {a.root.i for a in args if a.entity in (contract.buyer, contract.supplier)}
    for word in deal_words:
        verb = word if word.pos_ == "VERB" else clause_head(word)
        if verb.pos_ != "VERB" or is_negated(verb, lex) or any(c.tag_ == "MD" for c in verb.children):
            continue
        if any(c.dep_ == "nsubj" and c.i in party_roots for c in verb.children) and _told(verb):
            return True
        # "The radars were bought by the ministry from Thales": the buyer as the agent
        if any(c.dep_ == "agent" and g.i in party_roots for c in verb.children for g in c.children) \
                and _told_passive(verb):
            return True
    return False


def _by_party(words: list[Token], lex: Lexicon, rules: StatusRules) -> bool:
    """"voted to end the contracts", "the contract was wound up": a party ending the deal on
    purpose; not "ending Microsoft's time as the prime contractor" (its time ran out)."""
    return any(w.pos_ == "VERB" and w.lemma_.lower() in rules.ended_by_party and any(
        c.dep_ in ("dobj", "nsubjpass") and (c.lemma_.lower() in lex.contract_nouns or c.pos_ == "PRON")
        for c in w.children) for w in words)


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
                    found += people or [a for a in phrase if entities[a.entity].label == "Agency"] or [
                        a for a in phrase if entities[a.entity].label == "Company"]  # a party walking away
            if found or verb.dep_ not in ("xcomp", "advcl", "conj", "acl", "relcl", "ccomp", "pcomp", "pobj", "prep", "dobj"):
                break
            if verb.dep_ == "ccomp" and any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
                break  # "Miller confirmed that the contract had been terminated": he reports, not ends it
            verb = verb.head
    return found


def find_contracts(doc: Doc, entities: list[Entity], args_by_sent: dict[int, list[Arg]], lex: Lexicon,
                   dater: Dater | None = None) -> list[Contract]:
    """The deals of a document. With a ``dater``, evidence carries the date the
    sentence gives the deal's event (signed, blocked, ended, from, to, at)."""
    contracts: dict[tuple[int, int], Contract] = {}
    last: list[Contract] = []  # the deals the last deal sentence spoke of
    counts: dict[int, int] = {}  # mentions so far, "it" and "the company" included
    orphans: list[Arg] = []  # firms the last sentence told as hired by no one named
    last_buyer: int | None = None  # the one agency of the last sentence with a deal word
    last_awarder: int | None = None  # ... when it was the subject of a buying verb ("awarded")
    for sent in doc.sents:
        cues, denied = _cues(sent, lex)
        args = args_by_sent.get(sent.start, [])
        waiting, orphans = orphans, _orphans(sent, args, entities, lex)
        for a in args:
            counts[a.entity] = counts.get(a.entity, 0) + 1
        usage = _usage_pairs(sent, args, entities, lex)
        denied_usage = [u for u in usage if u[3]]
        usage = [u for u in usage if not u[3]]
        service = _service_pairs(sent, args, entities, lex) + _payment_pairs(sent, args, entities, lex)
        taken_back = _taken_back_pairs(sent, args, entities, lex)
        if not cues and not usage and not service and not taken_back:
            # "Babylon withdrew", "the trust ended the partnership": the fate of a
            # deal told with one of its parties only.
            _one_party_update(sent, args, contracts, lex, dater)
            _co_suppliers(sent, args, entities, contracts, last, lex)
            _listed_suppliers(sent, args, entities, contracts, last, lex)
            _denials(sent, args, entities, denied, denied_usage, set(), contracts, lex, dater)
            continue
        conf = confidence(sent, lex, 0.8)
        # "When that contract expired, the Home Office handed the centre to Serco": a deal
        # noun pointing back ("that", "those") speaks of a deal told before, not of a new pair.
        back = [t for t in cues if t.pos_ in ("NOUN", "PROPN") and (any(
            c.dep_ == "det" and c.lower_ in ("that", "those") for c in t.children)
            or t.i > sent.start and doc[t.i - 1].lower_ in ("that", "those") and doc[t.i - 1].dep_ == "mark")]
        # (the parser may read "terminated that subcontract" as a "that" clause)
        fresh = [t for t in cues if t not in back]
        pairs = _pairs(sent, args, entities, fresh, lex) if fresh else []
        # (contract, anchors of its status, deal words, the sentence's evidence item)
        touched: list[tuple[Contract, list[Token], list[Token], dict]] = []
        worth: dict[int, list[Token]] = {}  # the deal words whose money is the contract's
        # An agency using a firm's product, or work a firm does or did for an agency: a deal
        # that runs or ran; a body taking the work back from the firm: a deal that ended.
        told = [(b, s, v, "contract:usage", "active") for b, s, v, _ in usage] + [
            (b, s, v, "contract:service", "active") for b, s, v in service] + [
            (b, s, v, "contract:taken-back", "ended") for b, s, v in taken_back]
        for buyer, supplier, verb, extractor, status in told:
            if any((buyer.entity, supplier.entity) == (b.entity, s.entity) for b, s in pairs) or any(
                    (buyer.entity, supplier.entity) == (c.buyer, c.supplier) for c, *_ in touched):
                continue
            contract = contracts.setdefault((buyer.entity, supplier.entity), Contract(buyer.entity, supplier.entity))
            ev = evidence(sent, extractor, confidence(sent, lex, 0.6))
            contract.evidence.append(ev)
            _claim(contract, status, _rank(status, verb, status_rules(lex)))
            touched.append((contract, [buyer.root, supplier.root, verb], [verb], ev))
        for buyer, supplier in pairs:
            key = (buyer.entity, supplier.entity)
            contract = contracts.setdefault(key, Contract(buyer.entity, supplier.entity))
            ev = evidence(sent, "contract:pair", conf)
            contract.evidence.append(ev)
            near = [c for c in fresh if min(_distance(c, buyer.root), _distance(c, supplier.root)) <= MAX_PAIR_DISTANCE]
            # The money of a deal word is this pair's if no other pair is nearer to the word:
            # "It runs NHS England's platform under a contract worth £330m and holds several
            # agreements with the Ministry of Defence".
            mine = [c for c in near if _reach(c, buyer, supplier) <= min(_reach(c, b, s) for b, s in pairs)]
            worth[id(contract)] = mine or near
            for noun in near:
                if _held(noun, buyer, supplier):
                    contract.held = True
                    contract.held_now = contract.held_now or _held_now(noun, lex)
            # every mention of the two parties: "Barnet Council is to pull out of its arrangement with Capita"
            roots = [a.root for a in args if a.entity in key]
            touched.append((contract, [*roots, *near], near, ev))
        if not touched and back:
            # "GDC Technics, the Texas firm hired to fit out the interiors. Boeing terminated
            # that subcontract": the firm that ends or extends "that" deal hired the one before.
            for buyer, supplier, word, noun in _claimed_orphans(sent, args, entities, back, waiting, lex):
                contract = contracts.setdefault((buyer.entity, supplier.entity), Contract(buyer.entity, supplier.entity))
                ev = evidence(sent, "contract:hired-before", confidence(sent, lex, 0.5))
                contract.evidence.append(ev)
                touched.append((contract, [buyer.root, word, noun], [noun], ev))
                back = [t for t in back if t.i != noun.i]  # spoken for: no anaphor of another deal
        explicit = bool(touched)
        if not explicit and cues:
            # "FMV ordered two in 2022" in a story about Saab: the firm the story is about.
            for buyer, supplier, word in _topic_supplier(sent, args, entities, cues, counts, lex):
                contract = contracts.setdefault((buyer.entity, supplier), Contract(buyer.entity, supplier))
                ev = evidence(sent, "contract:topic", confidence(sent, lex, 0.5))
                contract.evidence.append(ev)
                touched.append((contract, [buyer.root, word, *cues], [word], ev))
            # "Amazon Web Services and Google Cloud were picked in 2021" in a story about the
            # agency that picked them: the agency the story is about.
            for buyer, supplier in _topic_buyer(args, entities, orphans, counts):
                contract = contracts.setdefault((buyer, supplier.entity), Contract(buyer, supplier.entity))
                ev = evidence(sent, "contract:topic-buyer", confidence(sent, lex, 0.5))
                contract.evidence.append(ev)
                touched.append((contract, [supplier.root, *cues], cues, ev))
            # "The Home Office has awarded contracts worth £4bn to three firms. Serco won £1.9bn":
            # the winners of the deal the sentence before told
            for supplier, word in _winners(args, entities, cues, lex) if last_awarder is not None else []:
                contract = contracts.setdefault((last_awarder, supplier.entity), Contract(last_awarder, supplier.entity))
                ev = evidence(sent, "contract:winner", confidence(sent, lex, 0.5))
                contract.evidence.append(ev)
                touched.append((contract, [supplier.root, word], [word], ev))
            # "Brazil's Ministry of Health has cancelled its agreement … The contract was signed in
            # February with Precisa": the deal pointed back to, made with a firm: the same buyer's.
            for buyer, supplier, noun in _partner_of_the_deal(args, entities, cues, last, last_buyer, lex):
                if any(c.buyer == buyer and c.supplier == supplier.entity for c, *_ in touched):
                    continue
                contract = contracts.setdefault((buyer, supplier.entity), Contract(buyer, supplier.entity))
                ev = evidence(sent, "contract:partner", confidence(sent, lex, 0.5))
                contract.evidence.append(ev)
                touched.append((contract, [supplier.root, noun], [noun], ev))
        # "the deal", "this contract": a sentence naming no pair speaks of the last one.
        rules = status_rules(lex)
        definite = [t for t in cues if t.lemma_.lower() in lex.contract_nouns and any(
            c.lower_ in ("the", "this", "that", "these", "those", "both", "its", "their") or c.dep_ == "poss"
            for c in t.children) and t.lemma_.lower() not in rules.pair_only_nouns]
        if not definite and _both_sides(sent, rules):
            definite = [t for t in cues if t.lemma_.lower() in lex.contract_nouns]  # "the two sides agreed a deal"
        if explicit:
            definite = back
        if definite:
            # The deal of the party named here, if it has one; else the last deal spoken of.
            present = {a.entity for a in args}
            own = [c for c in contracts.values() if (c.buyer in present or c.supplier in present) and _stated(c)
                   and not any(c is t for t, *_ in touched)]
            for target in (own[:1] if len(own) == 1 else last):
                if any(target is t for t, *_ in touched):
                    continue
                ev = evidence(sent, "contract:anaphor", conf)
                touched.append((target, definite, definite, ev))
                target.evidence.append(ev)
        parties = frozenset(i for a in args for i in range(a.start, a.end)) | {a.root.i for a in args}
        for contract, anchors, deal_words, ev in touched:
            others = frozenset(a.root.i for a in args if a.entity not in (contract.buyer, contract.supplier)
                               and entities[a.entity].label != "Person")
            # "Japan and Israel have both ordered": a conjunct of a party is no other one.
            conjoined = {t.i for a in args if a.entity in (contract.buyer, contract.supplier)
                         for t in [a.root, *a.root.conjuncts]}
            rivals = frozenset(a.root.i for a in args if a.entity not in (contract.buyer, contract.supplier)
                               and entities[a.entity].label == "Company") - conjoined
            found = status_words(sent, lex, anchors, parties, others - conjoined, deal_words, rivals)
            status, words = sentence_status(sent, lex, anchors, found)
            if status == "unknown" and _reported_event(deal_words, args, contract, lex):
                status = "awarded"  # "the Army folded 75 agreements into a single agreement with the company"
            if status == "active" and words and all(_unreal(w) for w in words):
                # "hired Babcock to maintain cranes", "a licence which caseworkers will use": the
                # service is the deal's purpose, not yet under way
                status = "awarded"
            ev["when"] = _deal_date(dater, found, deal_words, others - conjoined)
            override = False
            if status == "ended" and _by_party(words, lex, rules):
                status = "cancelled"  # "the council voted to end the contracts"
            if status in ("blocked", "cancelled"):
                raw = _actors(words, args, entities)
                # the buyer ending its deal, a firm buying included ("Boeing terminated that subcontract")
                actors = [a for a in raw if a.entity != contract.supplier
                          and (entities[a.entity].label != "Company" or a.entity == contract.buyer)]
                if status == "blocked" and raw and all(a.entity in (contract.buyer, contract.supplier) for a in raw):
                    # the buyer stopping its own deal, or the supplier walking away, cancels it
                    status, override = "cancelled", contract.status == "blocked"
                elif status == "cancelled" and actors and all(
                        a.entity != contract.buyer and entities[a.entity].label == "Agency" for a in actors):
                    status = "blocked"  # "the High Court has cancelled the commission's award": a third party
                when = _deal_date(dater, found, [], only=("blocked", "cancelled"))  # whoever the parties
                for actor in actors:
                    contract.blocked_by.add(actor.entity)
                    contract.blocked_evidence.append(evidence(sent, f"contract:{status}", conf, when=when))
            if status == "awarded" and _awarded_anew(contract, ev, words):
                override = True  # lease scrapped in 2004, the rerun contest won in 2011: a new deal
                contract.blocked_by.clear()  # who stopped the old deal did not stop this one
            _claim(contract, status, _rank(status, words[0] if words else None, rules), override)
            contract.term = contract.term or _term_years(deal_words, lex)
            contract.extended = contract.extended or any(w.lemma_.lower() in rules.lasting for w in words)
            if status in ("cancelled", "ended") and contract.status == status:
                contract.closed = ev.get("when")
            if status == "active":
                _note_service(contract, words, ev.get("when"), rules)
            if contract.value is None or contract.currency is None:
                party_roots = {a.root.i for a in args if a.entity in (contract.buyer, contract.supplier)}
                words = worth.get(id(contract)) or [t for t in anchors if t.i not in party_roots] or anchors
                value, currency = _money(sent, lex, words)
                contract.value = contract.value if contract.value is not None else value
                contract.currency = contract.currency or currency
        if touched:
            last = []
            for c, *_ in touched:
                if not any(c is seen for seen in last):
                    last.append(c)
        if cues:
            # (not the owner of the buyer's name: "the US Space Force's Space Systems Command")
            bodies = [a for a in args if entities[a.entity].label == "Agency"]
            agencies = {a.entity for a in bodies if not (a.root.dep_ == "poss" and any(
                b.root.i == a.root.head.i for b in bodies))}
            last_buyer = agencies.pop() if len(agencies) == 1 else None
            awarders = {a.entity for a in bodies if a.root.dep_ == "nsubj" and a.root.head.lemma_.lower() in lex.buyer_verbs}
            last_awarder = awarders.pop() if len(awarders) == 1 and last_buyer is not None else None
        else:
            last_awarder = None
        _denials(sent, args, entities, denied, denied_usage, {(c.buyer, c.supplier) for c, *_ in touched},
                 contracts, lex, dater)
    _settle_by_time(doc, contracts.values(), dater)
    # A buyer and a supplier near a deal word, with no word of what became of the deal
    # ("a dogfight staged by DARPA", "no involvement in the firm's contracts"), claim no
    # deal unless the text names it as one's deal with the other; a denied one is kept,
    # as the contradiction it is.
    for c in contracts.values():
        if c.status == "unknown" and c.held_now:
            c.status = "active"  # a deal a party has now runs now
    return [c for c in contracts.values() if c.status != "unknown" or c.held or not _stated(c)]


_HOLDING = {"have", "hold"}


def _held(noun: Token, buyer: Arg, supplier: Arg) -> bool:
    """"its contract with Palantir", "the Met's deal with Palantir", "Capita has a deal
    with the Home Office": a deal noun owned or held by one party, made "with" the other."""
    parties = {i for a in (buyer, supplier) for i in (a.root.i, *range(a.start, a.end))}
    owned = any(c.dep_ == "poss" for c in noun.children) or (
        noun.dep_ == "dobj" and noun.head.lemma_.lower() in _HOLDING) or any(
        c.dep_ in ("compound", "nmod") and c.i in parties for c in noun.children)  # "a Home Office contract with Serco"
    # "The HSE's main contracts are with Quest Diagnostics … and with MedLab": "with" on the copula
    holders = [noun, noun.head] if _with_the_copula(noun) else [noun]
    partners = [t for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "with"
                for obj in c.children if obj.dep_ == "pobj" for t in (obj, *obj.conjuncts)]
    return owned and any(t.i in parties for t in partners)


def _with_the_copula(noun: Token) -> bool:
    """"its contract is with Capita": the deal noun is the subject of "be"."""
    return noun.dep_ == "nsubj" and noun.head.lemma_ == "be"


def _held_now(noun: Token, lex: Lexicon) -> bool:
    """A deal a party has, or that is with the other, in the present: "the Home Office has
    a contract with Capita", "the HSE's main contracts are with Quest"."""
    return (noun.dep_ == "dobj" and noun.head.lemma_.lower() in _HOLDING or _with_the_copula(noun)) \
        and noun.head.tag_ in ("VBZ", "VBP") and not is_negated(noun.head, lex)


def _published(doc: Doc, dater: Dater) -> str | None:
    """The article's publication date (ISO): the date the reader passed on
    (``doc.user_data["published"]``), a "Date:" line on top of the text, else the latest
    year the text tells as past (an article is written after what it reports; a lower bound)."""
    known = doc.user_data.get("published") if doc.user_data else None
    if known:
        return str(known)
    from .reader import HEAD_CHARS, read_header  # here: the reader imports much the rules never need
    top = doc[:min(len(doc), 300)].text  # not doc.text: the whole text is rebuilt on each call
    _, head, _ = read_header(top[:HEAD_CHARS], dater.words)
    if head:
        return head
    # only sentences with a number in them can name a year: no date scan of the others
    years = [m.when.year for sent in doc.sents if any(t.like_num for t in sent) for m in dater.mentions(sent)
             if m.when.year is not None and m.until is None and m.side is None
             and not is_future(clause_head(doc[m.root]), dater.words)]
    return str(max(years)) if years else None


def _past_tense(tok: Token) -> bool:
    """"supplied", "were delivered": a simple past, not "has supplied" or "is delivering"."""
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass") and c.i < tok.i]
    if tok.tag_ == "VBD" and not auxes:
        return True
    return tok.tag_ == "VBN" and len(auxes) == 1 and auxes[0].dep_ == "auxpass" and auxes[0].tag_ == "VBD"


def _note_service(contract: Contract, words: list[Token], when: Dated | None, rules: StatusRules) -> None:
    """Note a service told as running now, or the date of one told as past ("Both were
    delivered in 2020"): with the article's date, it may show the work done (_settle_by_time)."""
    if any(_present(w, rules) for w in words):
        contract.present = True
    elif when is not None and when.kind != "from" and words and all(_past_tense(w) for w in words) \
            and not any(w.lemma_.lower() in rules.lasting for w in words):
        contract.served = when


def _year(when: Dated | None, published: str | None) -> int | None:
    parts = iso_parts((when.start.resolve(published) or "")[:4]) if when is not None and when.start else None
    return parts[0] if parts else None


def _settle_by_time(doc: Doc, contracts, dater: Dater | None) -> None:
    """A deal's status is its state when the article was written: an award the text dates
    to an earlier year than the article ("won the contract in 2019" in a 2021 story), with
    no later event told, is a deal that runs now; a service told only in the past tense and
    dated to an earlier year ("both were delivered in 2020" in a 2023 story) is done."""
    if dater is None:
        return
    awarded = [c for c in contracts if c.status == "awarded" and any(ev.get("when") for ev in c.evidence)]
    served = [c for c in contracts if c.status in ("awarded", "active") and c.served is not None and not c.present]
    termed = [c for c in contracts if c.term]
    if not awarded and not served and not termed:
        return
    published = _published(doc, dater)
    pub = iso_parts(published)
    if pub is None:
        return
    for contract in served:
        year = _year(contract.served, published)
        if year is not None and year < pub[0]:
            contract.status = "ended"
    for contract in awarded:
        years = [y for ev in contract.evidence if not ev.get("negated") and (y := _year(ev.get("when"), published))]
        if contract.status == "awarded" and years and max(years) < pub[0]:
            contract.status = "active"
    for contract in termed:
        # "hired CPS in 2012 under a five-year deal" in a 2018 story: its term is over
        signed = [y for ev in contract.evidence if not ev.get("negated") and ev.get("when") is not None
                  and ev["when"].kind == "signed" and (y := _year(ev["when"], published))]
        if contract.status in ("awarded", "active") and contract.term and signed and not contract.present \
                and not contract.extended and min(signed) + contract.term < pub[0]:
            contract.status = "ended"


def _term_years(nouns: list[Token], lex: Lexicon) -> int | None:
    """The years a deal runs, from its noun: "a five-year deal", "a 10-year contract"."""
    numbers = number_words(lex)
    for noun in nouns:
        for year in noun.children:
            if year.lemma_.lower() != "year" or year.dep_ not in ("compound", "amod", "npadvmod", "nmod"):
                continue
            for n in year.children:
                if n.dep_ == "nummod":
                    value = int(n.text) if n.text.isdigit() else int(numbers.get(n.lower_, 0))
                    if 0 < value <= 50:
                        return value
    return None


def _reach(word: Token, buyer: Arg, supplier: Arg) -> int:
    return _distance(word, buyer.root) + _distance(word, supplier.root)


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


MONEY_REACH = 5  # dependency arcs from a deal word to the money it is worth


def _money_spans(sent: Span, lex: Lexicon) -> list[Span]:
    """The money phrases of a sentence: the tagger's MONEY (with the "£" before and the "m"
    after that it often leaves out), and a currency code before a number ("SEK 7.3bn")."""
    doc = sent.doc
    spans, used = [], set()
    for ent in sent.ents:
        if ent.label_ == "MONEY":
            start, end = ent.start, ent.end
            if start > 0 and doc[start - 1].lower_ in lex.currencies:
                start -= 1
            # "₹63,000 crore", "2.6 billion kronor", "£203m." (the tokenizer keeps the full stop on the "m")
            while end < sent.end and end - ent.end < 2 and (doc[end].lower_.rstrip(".") in lex.multipliers
                                                            or doc[end].lower_ in lex.currencies):
                end += 1
            spans.append(doc[start:end])
            used.update(range(start, end))
    for tok in sent:
        # "SEK 7.3bn", and "£1.4bn" when the tagger saw no money in it
        if tok.i in used or tok.lower_ not in lex.currencies or tok.i + 1 >= sent.end:
            continue
        nxt = doc[tok.i + 1]
        if nxt.like_num or nxt.text[:1].isdigit():
            end = tok.i + 2
            if end < sent.end and doc[end].lower_.rstrip(".") in lex.multipliers:
                end += 1
            spans.append(doc[tok.i:end])
            used.update(range(tok.i, end))
    return sorted(spans, key=lambda s: s.start)


def _values(money: Token, word: Token, lex: Lexicon) -> bool:
    """The money prices the deal word: no verb between them but one that states a price
    ("a contract worth £50m", "an agreement valued at ₹63,000 crore", "awarded it $30m");
    not "giving it well over £600m of work", "which Google had bought for £400m"."""
    found = path_between(money, word)
    if found is None:
        return False
    up, down = found
    governor = word.head.head if word.dep_ == "pobj" else word.head  # "folded 75 agreements into a single agreement"
    rules = status_rules(lex)
    return not any(t.pos_ == "VERB" and t.lemma_.lower() not in rules.value_verbs
                   and (t.lemma_.lower() not in lex.contract_verbs or t.lemma_.lower() in rules.object_bound_verbs)
                   and t.i != governor.i
                   for t in up + down if t.i not in (money.i, word.i))


def _money(sent: Span, lex: Lexicon, near: list[Token] | None = None) -> tuple[float | None, str | None]:
    """The value of the deal: the money phrase nearest its deal words (``near``), within
    MONEY_REACH arcs; without ``near``, the first one. A range ("between £500m and £1bn")
    has no single value."""
    candidates = []
    spans = _money_spans(sent, lex)
    for span in spans:
        value, currency = parse_money(span.text, lex)
        if value is None and currency is None:
            continue
        if span[0].lower_ == "between" or (span.start > sent.start and span.doc[span.start - 1].lower_ == "between"):
            value = None
        reach = min((_distance(m, t) for t in near for m in span if not m.is_punct and _values(m, t, lex)),
                    default=99) if near else 0
        candidates.append((reach, span.start, value, currency))
    if near:
        candidates = [c for c in candidates if c[0] <= MONEY_REACH]
    if candidates:
        _, _, value, currency = min(candidates)
        return value, currency
    text = sent.text.lower()
    if not spans and ("million pound" in text or "million-pound" in text or "multi-million" in text):
        return parse_money(sent.text, lex)
    return None, None


def _story_lead(counts: dict[int, int], entities: list[Entity], label: str) -> int | None:
    """The ``label`` entity a story is plainly about: named at least three times so far,
    and more often than any other of its label."""
    ranked = sorted((e for e in counts if entities[e].label == label), key=lambda e: -counts[e])
    if not ranked or counts[ranked[0]] < 3 or len(ranked) > 1 and counts[ranked[1]] >= counts[ranked[0]]:
        return None
    return ranked[0]


def _topic_supplier(sent: Span, args: list[Arg], entities: list[Entity], cues: list[Token],
                    counts: dict[int, int], lex: Lexicon) -> list[tuple[Arg, int, Token]]:
    """"Sweden's FMV ordered two in 2022 under a contract worth SEK 7.3bn" in a
    story about Saab: an agency that orders, with no firm named, orders from the
    firm the story is about (lower confidence). The ordering must be an event told
    (past or perfect: not "how the Pentagon buys aircraft"); every subject of it
    orders ("Japan and Israel have both ordered KC-46s")."""
    rules = status_rules(lex)
    if any(entities[a.entity].label == "Company" and not _bystander(a, rules) for a in args):
        return []
    topic = _story_lead(counts, entities, "Company")
    if topic is None:
        return []
    found = []
    for arg in args:
        if entities[arg.entity].label != "Agency" or arg.anaphor:
            continue
        if any(w in n for n in entities[arg.entity].norms for w in lex.non_buyer_words):
            continue
        root = arg.root
        root = list_head(root, deps=("conj", "appos"))  # "Japan and Israel have both ordered", "France's armament agency, the DGA, ordered"
        head = root.head
        if root.dep_ == "nsubj" and head.lemma_.lower() in rules.order_verbs and not is_negated(head, lex) \
                and _told(head):
            found.append((arg, topic, head))
        elif root.dep_ == "poss" and head in cues and head.pos_ == "NOUN":
            found.append((arg, topic, head))  # "the Home Office's 2018 contract"
    return found


def _told_passive(verb: Token) -> bool:
    """A past or perfect passive: "were bought", "has been leased"; not "is leased", "will be bought"."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    return verb.tag_ == "VBN" and bool(auxes) and auxes[-1].dep_ == "auxpass" and (
        (len(auxes) == 1 and auxes[0].tag_ == "VBD") or (len(auxes) == 2 and auxes[0].lemma_ == "have"))


def _told(verb: Token) -> bool:
    """A past or perfect event: "ordered", "has ordered"; not "buys" or "will buy"."""
    auxes = [c for c in verb.children if c.dep_ == "aux" and c.i < verb.i]
    return verb.tag_ == "VBD" and not auxes or verb.tag_ == "VBN" and bool(auxes) and auxes[0].lemma_ == "have"


def _service_pairs(sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon) -> list[tuple[Arg, Arg, Token]]:
    """"an immigration removal centre that G4S ran on behalf of the Home Office", "Capita,
    which has handled recruitment for the British Army": work a firm does or did for an
    agency, told as a fact (not "to run", not denied), is a deal with it. (agency, firm, verb)."""
    found = []
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.service_verbs or is_negated(verb, lex):
            continue
        auxes = [c for c in verb.children if c.dep_ == "aux" and c.i < verb.i]
        # "The app was developed for the health service by NearForm": done, told in the passive
        # (the parser may hang the "by" on the client)
        passive = verb.tag_ == "VBN" and not auxes and any(
            c.dep_ == "auxpass" and c.tag_ in ("VBD", "VBZ", "VBP") for c in verb.children)
        if not (verb.tag_ in ("VBD", "VBZ", "VBP") and not auxes or verb.tag_ == "VBN" and auxes
                and auxes[0].lemma_ == "have" or verb.tag_ == "VBG" and auxes and auxes[0].lemma_ == "be" or passive):
            continue
        # (the parser may take the object for a clause: "makes M4 carbines and machine guns for the Army")
        things = [c for c in verb.children if c.dep_ == "dobj" or (c.dep_ == "ccomp" and c.pos_ == "NOUN")]
        objects = {verb.i} | {t.i for c in things for t in [c, *c.conjuncts]}
        behalf = {p.i for c in verb.children if c.dep_ == "prep" and c.lower_ == "on"
                  for b in c.children if b.lower_ == "behalf" for p in b.children if p.lower_ == "of"}
        clients = [a for a in args if entities[a.entity].label == "Agency" and a.root.dep_ == "pobj" and (
            (a.root.head.lower_ == "for" and a.root.head.head.i in objects) or a.root.head.i in behalf)]
        teller = verb  # "Capita, which has handled ... and carries out ...": the subject of the first verb
        while teller.dep_ == "conj" and teller.head.i != teller.i and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in teller.children):
            teller = teller.head
        firms = [a for a in args if entities[a.entity].label == "Company" and (
            (a.root.dep_ == "nsubj" and a.root.head.i == teller.i)
            or (passive and a.root.dep_ == "pobj" and a.root.head.lower_ == "by" and (
                a.root.head.head.i == verb.i or a.root.head.head.i in {c.root.i for c in clients}))
            or (teller.dep_ == "relcl" and a.start <= teller.head.i < a.end and not any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("which", "that", "who") for c in teller.children)))]
        found += [(agency, firm, verb) for agency in clients for firm in firms]
    return found


def _payment_pairs(sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon) -> list[tuple[Arg, Arg, Token]]:
    """"the Department of Health had paid Digital Vibes about R150 million for media work",
    "McKinsey received around 29 million euros from the refugee office": money an agency
    paid a firm, told as done (not "would be paid", not denied), is a deal between them.
    (agency, firm, verb)."""
    rules = status_rules(lex)
    found = []
    for verb in sent:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma not in rules.payer_verbs | rules.payee_verbs or is_negated(verb, lex) \
                or _unrealised(verb, rules) or _unreal(verb):
            continue
        # what was paid for: "pays Agence France-Presse for access to its dispatches"
        bought = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children
                  if g.dep_ == "pobj"]
        if not bought and not any(_money_word(t, lex) for t in verb.subtree):
            continue  # "paid tribute", "received criticism": no money, no deal
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        by_dep: dict[str, list[Arg]] = {}
        for a in args:
            if a.anaphor and a.root.lower_ not in normalize(entities[a.entity].name).split():
                continue  # "the government" may be any of its bodies; "the department" is the one
            root = a.root.head if a.root.dep_ == "appos" else a.root  # "the consultancy McKinsey"
            dep = root.dep_ if root.head.i == verb.i else (
                f"{root.head.lower_}-obj" if root.dep_ == "pobj" and root.head.head.i == verb.i else None)
            if dep is not None:
                by_dep.setdefault(dep, []).append(a)
        if lemma in rules.payer_verbs:
            payers = by_dep.get("by-obj", []) if passive else by_dep.get("nsubj", [])
            payees = by_dep.get("nsubjpass", []) if passive else (
                by_dep.get("dobj", []) + by_dep.get("dative", []) + by_dep.get("to-obj", []))
        else:
            payees = by_dep.get("nsubj", [])
            payers = by_dep.get("from-obj", []) + (by_dep.get("dobj", []) + by_dep.get("dative", [])
                                                   if lemma in rules.billing_verbs else [])
        # a firm paying another for a service buys it; not for a firm or a stake ("paid Altair's
        # owners for the company", "paid $1bn for a stake"), nor with no service named
        service = bool(bought) and not by_dep.get("for-obj") and not any(
            g.lemma_.lower() in rule_words(lex, "INVESTED_IN", "stake_nouns") for g in bought)
        found += [(agency, firm, verb) for agency in payers
                  if entities[agency.entity].label == "Agency" or (service and entities[agency.entity].label == "Company")
                  for firm in payees if entities[firm.entity].label == "Company" and firm.entity != agency.entity]
    return found


def _taken_back_pairs(sent: Span, args: list[Arg], entities: list[Entity],
                      lex: Lexicon) -> list[tuple[Arg, Arg, Token]]:
    """"WA Health took Peel Health Campus back from Ramsay Health Care", "Queensland Corrective
    Services took over Arthur Gorrie from GEO Group": a public body taking work back from a
    firm ends the firm's deal with it; not a body buying the firm itself ("took over the
    airline from its owners"). (agency, firm, verb)."""
    rules = status_rules(lex)
    found = []
    for verb in sent:
        particles = {c.lower_: c.i for c in verb.children if c.dep_ in ("prt", "advmod")}
        if verb.pos_ != "VERB" or not any(f"{verb.lemma_.lower()} {p}" in rules.reclaiming_phrases for p in particles) \
                or is_negated(verb, lex) or _unrealised(verb, rules) or _unreal(verb):
            continue
        taken = {t.i for c in verb.children if c.dep_ == "dobj" for t in c.subtree}
        if any(a.root.i in taken and entities[a.entity].label == "Company" for a in args):
            continue
        # "from GEO Group, which had run it since 1992, and Southern Queensland from Serco"
        sources = {g.i for c in verb.subtree if c.dep_ == "prep" and c.lower_ == "from" and (
            c.head.i in (verb.i, *particles.values()) or c.head.i in taken) for g in c.children if g.dep_ == "pobj"}
        agencies = [a for a in args if entities[a.entity].label == "Agency" and a.root.dep_ == "nsubj"
                    and a.root.head.i == verb.i]
        firms = [a for a in args if entities[a.entity].label == "Company" and list_head(a.root).i in sources]
        found += [(agency, firm, verb) for agency in agencies for firm in firms]
    return found


_GLUED_MONEY = re.compile(r"^(?:[A-Z]{0,2}[$£€¥₹]|R)\d")


def _money_word(tok: Token, lex: Lexicon) -> bool:
    """A word of a sum of money: tagged so, a currency ("euros", "£"), or a currency glued
    to its number ("R150", "₹164.5")."""
    return tok.ent_type_ == "MONEY" or tok.lower_ in lex.currencies or bool(_GLUED_MONEY.match(tok.text))


def _usage_pairs(sent: Span, args: list[Arg], entities: list[Entity],
                 lex: Lexicon) -> list[tuple[Arg, Arg, Token, bool]]:
    """"Hesse's police have used Palantir's Gotham platform since 2017": an agency
    using a firm's product has a running deal with it. (agency, firm, verb, denied)."""
    found = []
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.client_verbs or buys_a_stake(verb, lex):
            continue  # (buying a stake invests)
        denied = is_negated(verb, lex)
        agencies = [a for a in args if a.root.head.i == subject_verb(verb, lex).i and a.root.dep_ == "nsubj"
                    and entities[a.entity].label == "Agency"]
        # "bought it from Palantir", "has relied on Palantir for a decade"
        objects = [c for c in verb.children if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in ("from", "on"))]
        inside = {t.i for obj in objects for t in obj.subtree}
        firms = [a for a in args if a.root.i in inside and entities[a.entity].label == "Company"
                 and not any(anc.dep_ in ("relcl", "acl") for anc in a.root.ancestors if anc.i in inside)]
        found += [(agency, firm, verb, denied) for agency in agencies for firm in firms]
    return found


_ENDINGS = ("cancelled", "ended", "blocked")


def _one_party_update(sent: Span, args: list[Arg], contracts: dict[tuple[int, int], Contract], lex: Lexicon,
                      dater: Dater | None = None) -> None:
    """A sentence that ends, cancels or blocks a deal told with one of its parties only, a
    party with exactly one known deal: "Babylon withdrew", "Northrop pulled out, and EADS bid alone"."""
    rules = status_rules(lex)
    parties = frozenset(i for a in args for i in range(a.start, a.end)) | {a.root.i for a in args}
    done: list[Contract] = []
    for party in args:
        mine = [c for c in contracts.values() if party.entity in (c.buyer, c.supplier) and _stated(c)]
        if len(mine) != 1 or any(mine[0] is c for c in done):
            continue
        contract = mine[0]
        verb = _governing_verb(party.root)
        if verb.pos_ != "VERB" or party.root.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj"):
            continue
        others = frozenset(a.root.i for a in args if a.entity not in (contract.buyer, contract.supplier))
        found = status_words(sent, lex, [verb], parties, others)
        status, words = sentence_status(sent, lex, [verb], found)
        if status == "ended" and _by_party(words, lex, rules):
            status = "cancelled"
        rank = _rank(status, words[0] if words else None, rules)
        if status in _ENDINGS and rank > contract.rank:
            done.append(contract)
            _claim(contract, status, rank)
            contract.evidence.append(evidence(sent, f"contract:{status}:party", confidence(sent, lex, 0.6),
                                              when=_deal_date(dater, found, [verb])))


def _co_suppliers(sent: Span, args: list[Arg], entities: list[Entity], contracts: dict[tuple[int, int], Contract],
                  last: list[Contract], lex: Lexicon) -> None:
    """"Serco and a second operator, Sitel, supplied thousands of staff" right after Serco's
    deal with the health department, no buyer named: a firm conjoined with the supplier of
    the deal just told, doing its work, joins that deal with the same buyer."""
    if not last or any(entities[a.entity].label == "Agency" for a in args):
        return
    buyers = {c.buyer for c in last}
    if len(buyers) != 1:
        return
    buyer = next(iter(buyers))
    known = {c.supplier: c for c in last}
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.supplier_verbs or is_negated(verb, lex) \
                or not _told(verb) and verb.tag_ not in ("VBZ", "VBP"):
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        group = {t.i for s in subjects for t in [s, *s.conjuncts]}
        group |= {c.i for t in list(group) for c in sent.doc[t].children if c.dep_ == "appos"}
        firms = [a for a in args if a.root.i in group and entities[a.entity].label == "Company" and not a.anaphor]
        seed = next((known[a.entity] for a in firms if a.entity in known), None)
        if seed is None:
            continue
        for firm in firms:
            if firm.entity in known or (buyer, firm.entity) in contracts:
                continue
            contract = contracts.setdefault((buyer, firm.entity), Contract(buyer, firm.entity))
            contract.evidence.append(evidence(sent, "contract:co-supplier", confidence(sent, lex, 0.5)))
            _claim(contract, seed.status, seed.rank)


def _topic_buyer(args: list[Arg], entities: list[Entity], orphans: list[Arg],
                 counts: dict[int, int]) -> list[tuple[int, Arg]]:
    """(agency, firm) for firms told as chosen by no one named, in a sentence naming no
    agency, when the story is plainly about one agency (_story_lead)."""
    if not orphans or any(entities[a.entity].label == "Agency" for a in args):
        return []
    agency = _story_lead(counts, entities, "Agency")
    if agency is None:
        return []
    seen: set[int] = set()
    return [(agency, a) for a in orphans if not (a.entity in seen or seen.add(a.entity))]


def _winners(args: list[Arg], entities: list[Entity], cues: list[Token], lex: Lexicon) -> list[tuple[Arg, Token]]:
    """(firm, verb) for firms that won a sum or a deal in a sentence naming no agency:
    "SpaceX won $5.9bn for 28 missions; United Launch Alliance took $5.4bn"."""
    if any(entities[a.entity].label == "Agency" for a in args):
        return []
    rules = status_rules(lex)
    found = []
    for a in args:
        verb = a.root.head
        if a.anaphor or entities[a.entity].label != "Company" or a.root.dep_ != "nsubj" \
                or not (verb.lemma_.lower() in lex.supplier_verbs and verb in cues
                        or verb.lemma_.lower() in rules.getting_verbs):
            continue
        if any(c.dep_ == "dobj" and (c.ent_type_ == "MONEY" or c.lemma_.lower() in lex.contract_nouns)
               for c in verb.children):
            found.append((a, verb))
    return found


def _partner_of_the_deal(args: list[Arg], entities: list[Entity], cues: list[Token], last: list[Contract],
                         last_buyer: int | None, lex: Lexicon) -> list[tuple[int, Arg, Token]]:
    """(buyer, firm, deal noun) for a definite deal noun ("the contract", "that deal") made
    "with" a firm, in a sentence naming no agency, when the last deal told had one buyer
    (or, with no pair told, the one agency of the last sentence with a deal word):
    "The ministry has cancelled its agreement … The contract was signed in February with
    Precisa", "The deal, with Hyundai Rotem, is worth $3.4bn"."""
    buyers = {c.buyer for c in last} or ({last_buyer} if last_buyer is not None else set())
    if len(buyers) != 1 or any(entities[a.entity].label == "Agency" for a in args):
        return []
    buyer = buyers.pop()
    by_root = {a.root.i: a for a in args if not a.anaphor and entities[a.entity].label == "Company"}
    found = []
    for noun in cues:
        if noun.lemma_.lower() not in lex.contract_nouns or not any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children):
            continue
        holder = noun.head if noun.dep_ in ("nsubj", "nsubjpass") else noun
        # "with" on the deal, or anywhere in its verb's own clause ("signed in February with Precisa")
        withs = [t for t in holder.subtree if t.dep_ == "prep" and t.lower_ == "with"
                 and next((a for a in t.ancestors if a.pos_ in ("VERB", "AUX")), holder) in (holder, noun.head)]
        partners = [g for c in withs for g in c.children if g.dep_ == "pobj" and g.i in by_root]
        found += [(buyer, by_root[g.i], noun) for g in partners if by_root[g.i].entity != buyer]
    return found


def _orphans(sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon) -> list[Arg]:
    """Firms told as hired, chosen or awarded work by no one the sentence names: "GDC
    Technics, the Texas firm hired to fit out the interiors", "Serco was selected"."""
    found = []
    for a in args:
        if entities[a.entity].label != "Company" or a.anaphor:
            continue
        noun = a.root
        verbs = [c for t in [noun, *[g for g in noun.children if g.dep_ == "appos"]] for c in t.children
                 if c.dep_ == "acl" and c.tag_ in ("VBN", "VBD")]
        noun = list_head(noun)  # "Amazon Web Services and Google Cloud were picked"
        if noun.dep_ == "nsubjpass":
            verbs.append(noun.head)
        if any(v.lemma_.lower() in lex.buyer_verbs and v.lemma_.lower() in lex.contract_verbs
               and not any(c.dep_ == "agent" for c in v.children) for v in verbs):
            found.append(a)
    return found


def _claimed_orphans(sent: Span, args: list[Arg], entities: list[Entity], back: list[Token],
                     waiting: list[Arg], lex: Lexicon):
    """(buyer firm, supplier, verb, deal noun) when a firm, by a buying verb, acts on "that"
    deal and the sentence before told of one firm hired by no one named."""
    if len({a.entity for a in waiting}) != 1:
        return
    supplier = waiting[0]
    for noun in back:
        verb = noun.head if noun.dep_ == "dobj" else noun.doc[noun.i - 2]  # "terminated that subcontract"
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.buyer_verbs or is_negated(verb, lex):
            continue
        for buyer in args:
            if buyer.root.dep_ == "nsubj" and buyer.root.head.i == verb.i and not buyer.anaphor \
                    and entities[buyer.entity].label == "Company" and buyer.entity != supplier.entity:
                yield buyer, supplier, verb, noun


def _both_sides(sent: Span, rules: StatusRules) -> bool:
    """"The two sides agreed in 2018 on a fixed-price deal": the parties of the deal told
    before, named as a pair."""
    return any(t.dep_ in ("nsubj", "nsubjpass") and t.tag_ == "NNS" and t.lemma_.lower() in rules.both_sides
               for t in sent)


def _listed_suppliers(sent: Span, args: list[Arg], entities: list[Entity], contracts: dict[tuple[int, int], Contract],
                      last: list[Contract], lex: Lexicon) -> None:
    """"The ministry chose three platforms to run the bookings: Doctolib; Maiia, which belongs
    to Cegedim; and KelDoc.": a list of firms after a deal sentence that ends in a colon names
    the suppliers of that deal (not the firms inside a clause about one of them)."""
    doc = sent.doc
    before = sent.start - 1
    while before >= 0 and doc[before].is_space:
        before -= 1
    if before < 0 or doc[before].text != ":" or not last or len({c.buyer for c in last}) != 1:
        return
    root = sent.root
    if root.pos_ == "VERB" or not any(a.root.i == root.i for a in args):
        return  # a clause, not a list
    listed = {root.i} | {t.i for t in root.children if t.dep_ in ("appos", "conj")}
    listed |= {c.i for i in list(listed) for c in doc[i].conjuncts}
    seed = last[0]
    for firm in args:
        if firm.root.i not in listed or entities[firm.entity].label != "Company" or firm.anaphor:
            continue
        contract = contracts.setdefault((seed.buyer, firm.entity), Contract(seed.buyer, firm.entity))
        if any(ev["extractor"] == "contract:listed" for ev in contract.evidence):
            continue
        contract.evidence.append(evidence(sent, "contract:listed", confidence(sent, lex, 0.5)))
        _claim(contract, seed.status, seed.rank)


def _governing_verb(tok: Token) -> Token:
    """The verb a noun phrase hangs from ("cleared by the Pentagon" -> cleared)."""
    while tok.head.i != tok.i and tok.pos_ != "VERB" and tok.dep_ in ("pobj", "agent", "prep", "nsubj", "nsubjpass",
                                                                      "dobj", "appos", "conj", "compound"):
        tok = tok.head
    return tok


def _bystander(arg: Arg, rules: StatusRules) -> bool:
    """A firm named beside the deal rather than in it: a partner of the winner ("with
    Accenture and PwC among its partners", "with Cerner and Accenture as partners"), a firm
    doing part of the work ("with Embraer assembling some of them"), the source of the news
    ("according to the Financial Times"), a rival that fights the award ("Glock protests …")."""
    root = arg.root
    head = list_head(root)
    if any(anc.lower_ in rules.attribution for anc in list(root.ancestors)[:4]):
        return True
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in rules.rival_verbs:
        return True  # "Glock protests Army's $580 million pistol award to Sig Sauer": a rival
    fight = head.head.head if head.dep_ == "pobj" and head.head.lower_ == "by" else head.head if head.dep_ == "poss" else None
    if fight is not None and fight.pos_ == "NOUN" and fight.lemma_.lower() in rules.rival_verbs:
        return True  # "protests by Blue Origin and Dynetics", "Glock's protest"
    if any(c.dep_ == "prep" and any(g.dep_ == "pobj" and g.lemma_.lower() in rules.partner_nouns for g in c.children)
           for c in head.children):
        return True  # "Cerner and Accenture as partners"
    if any(anc.dep_ == "pcomp" and anc.pos_ == "VERB" and anc.head.lower_ == "with" for anc in root.ancestors):
        return True  # "with Embraer assembling some of them at its plant in Gavião Peixoto"
    prep = head.head if head.dep_ == "pobj" else None
    if prep is not None and prep.lower_ == "with" and head.dep_ == "pobj":
        return any(c.dep_ == "prep" and any(g.dep_ == "pobj" and g.lemma_.lower() in rules.partner_nouns
                                            for g in c.children) for c in prep.head.children)
    return False


def _firms_at(tok: Token, by_root: dict[int, list[Arg]], entities: list[Entity]) -> set[int]:
    """The firms a chosen noun phrase names: itself and its conjuncts, their compounds and
    possessors, the leader of "a team led by Leidos", the members of "a joint venture of
    Carillion, Kier and Eiffage"."""
    out = set()
    for t in [tok, *tok.conjuncts]:
        spots = [t, *[c for c in t.children if c.dep_ in ("compound", "poss")]]
        spots += [g for c in t.children if c.dep_ == "acl" for p in c.children if p.dep_ == "agent"
                  for g in p.children if g.dep_ == "pobj"]
        # "chose two platforms, Doctolib and Maiia"
        spots += [m for c in t.children if c.dep_ == "appos" for m in [c, *c.conjuncts]]
        if t.pos_ == "NOUN" and not t.ent_type_:
            spots += [m for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj" for m in [g, *g.conjuncts]]
        out |= {a.entity for s in spots for a in by_root.get(s.i, []) if entities[a.entity].label == "Company"}
    return out


def _choices(sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon):
    """(verb, buyers, chosen firms) for each buying verb of the sentence told as done: its
    subject (or "by" phrase) and the firms of its object, dative, "to" or "from" phrase."""
    by_root: dict[int, list[Arg]] = {}
    for a in args:
        by_root.setdefault(a.root.i, []).append(a)
    for verb in sent:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma not in lex.buyer_verbs or lemma not in lex.contract_verbs or is_negated(verb, lex):
            continue
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if passive:
            buyers = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            objects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        else:
            buyers = [c for c in verb.children if c.dep_ == "nsubj"]
            # One direct object: a second is the parser's misreading of an apposition.
            objects = [c for c in verb.children if c.dep_ == "dobj"][:1]
            objects += [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"]
            # "to Serco" (the parser may call the "to" a dative)
            objects += [g for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "from")
                        for g in c.children if g.dep_ == "pobj"]
        parties = [a for b in buyers for t in [b, *b.conjuncts] for a in by_root.get(t.i, [])]
        chosen = set().union(*(_firms_at(o, by_root, entities) for o in objects)) if objects else set()
        yield verb, parties, chosen


def _direct(sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon) -> dict[int, set[int]]:
    """The firms an agency is said to choose outright, by its buying verb: "PSPC picked
    Dayforce ... behind SAP and Workday", "the Air Force chose a Northrop Grumman team
    offering a tanker based on the Airbus A330" (agency -> firms)."""
    by_root: dict[int, list[Arg]] = {}
    for a in args:
        by_root.setdefault(a.root.i, []).append(a)
    found: dict[int, set[int]] = {}
    for _, parties, chosen in _choices(sent, args, entities, lex):
        for agency in {a.entity for a in parties if entities[a.entity].label == "Agency"} if chosen else ():
            found.setdefault(agency, set()).update(chosen)
    for agency, firms in _counterparts(sent, by_root, entities, lex,
                                       lambda tok: _firms_at(tok, by_root, entities)):
        found.setdefault(agency, set()).update(firms)
    # "NSA's $10 billion cloud award to AWS", "the Met's deal with Palantir": a body's own deal
    # noun names its firm (not "Microsoft", who protested it)
    for noun in sent:
        if noun.pos_ not in ("NOUN", "PROPN") or noun.lemma_.lower() not in lex.contract_nouns:
            continue
        owners = {a.entity for c in noun.children if c.dep_ == "poss" for a in by_root.get(c.i, [])
                  if entities[a.entity].label == "Agency"}
        firms = {e for p in noun.children if p.dep_ == "prep" and p.lower_ in ("to", "with")
                 for g in p.children if g.dep_ == "pobj" for e in _firms_at(g, by_root, entities)}
        for agency in owners if firms else ():
            found.setdefault(agency, set()).update(firms)
    return found


def _firm_deals(sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon) -> list[tuple[Arg, Arg]]:
    """A firm that buys work from another: "HS2 Ltd awarded two contracts to a joint venture
    of Carillion, Kier and Eiffage", "Boeing hired GDC Technics", by a verb of
    contracts.toml's firm_buyer_verbs (no "bought": a firm buying a firm acquires it)."""
    rules = status_rules(lex)
    by_entity = {a.entity: a for a in args if not a.anaphor}
    pairs = []
    for verb, parties, chosen in _choices(sent, args, entities, lex):
        if verb.lemma_.lower() not in rules.firm_buyer_verbs:
            continue
        for buyer in parties:
            if buyer.anaphor or entities[buyer.entity].label != "Company":
                continue
            pairs += [(buyer, by_entity[f]) for f in chosen if f != buyer.entity and f in by_entity]
    # "Eskom has signed a R450 million contract with Siemens Energy": a firm that signs a
    # contract (not a partnership) with another buys from it
    by_root = {a.root.i: a for a in args if not a.anaphor and entities[a.entity].label == "Company"}
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in rules.firm_signing_verbs or is_negated(verb, lex):
            continue
        buyers = [by_root[c.i] for c in verb.children if c.dep_ == "nsubj" and c.i in by_root]
        deals = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in rules.firm_deal_nouns]
        sellers = [by_root[g.i] for d in deals for p in d.children if p.dep_ == "prep" and p.lower_ == "with"
                   for g in p.children if g.dep_ == "pobj" and g.i in by_root]
        pairs += [(b, f) for b in buyers for f in sellers if b.entity != f.entity]
        # "The rail company signed Hyundai Mipo in 2021 to build the two ships": a firm signed
        # up to do work for the one that signs it
        hired = [by_root[c.i] for c in verb.children if c.dep_ == "dobj" and c.i in by_root]
        work = any(c.dep_ in ("xcomp", "advcl") and any(g.dep_ == "aux" and g.tag_ == "TO" for g in c.children)
                   for c in [verb, *(o for o in verb.children if o.dep_ == "dobj")] for c in c.children)
        if hired and work:
            firms = {a.root.i: a for a in args if entities[a.entity].label == "Company"}
            pairs += [(firms[c.i], f) for c in verb.children if c.dep_ == "nsubj" and c.i in firms
                      for f in hired if firms[c.i].entity != f.entity]
    # "China Eastern has ordered 100 jets from COMAC", "BMW has cancelled an order for cells
    # from Northvolt": what a firm orders "from" another it buys from it
    for verb in sent:
        if verb.pos_ != "VERB" or is_negated(verb, lex):
            continue
        buyers = [by_root[c.i] for c in verb.children if c.dep_ == "nsubj" and c.i in by_root]
        if not buyers and verb.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ in ("which", "that")
                                                        for c in verb.children):
            # "Space Norway, the state-owned satellite company, which ordered them from Northrop Grumman"
            named = verb.head.head if verb.head.dep_ == "appos" else verb.head
            buyers = [by_root[named.i]] if named.i in by_root else []
        froms = _from_sellers(verb) if verb.lemma_.lower() in rules.seller_bound_verbs else []
        froms += [t for d in verb.children if d.dep_ == "dobj" and d.lemma_.lower() in rules.firm_deal_nouns
                  for t in d.subtree if t.dep_ == "prep" and t.lower_ == "from"]
        sellers = [by_root[g.i] for p in froms for g in p.children if g.dep_ == "pobj" and g.i in by_root]
        pairs += [(b, f) for b in buyers for f in sellers if b.entity != f.entity]
    # "Ryanair has agreed to buy 150 Boeing 737 MAX 10 jets": the maker named on a product a firm
    # buys sells it
    for verb in sent:
        products = goods_bought(verb, lex)
        if not products or is_negated(verb, lex) or _from_sellers(verb):
            continue
        buyers = [by_root[c.i] for c in subject_bearer(verb).children if c.dep_ == "nsubj" and c.i in by_root]
        makers = [by_root[m.i] for o in products for m in o.children
                  if m.dep_ in ("compound", "nmod") and m.i < o.i and m.i in by_root]
        pairs += [(b, f) for b in buyers for f in makers if b.entity != f.entity]
    # "SBB's order for 116 trains from Stadler", "the transit company's award of a contract to
    # Škoda Group": a firm's own order from a firm, or award to one
    own_deals = rules.firm_deal_nouns | rules.award_nouns
    for noun in sent:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in own_deals:
            continue
        buyers = [by_root[c.i] for c in noun.children if c.dep_ == "poss" and c.i in by_root]
        way = "to" if noun.lemma_.lower() in rules.award_nouns else "from"
        sellers = [by_root[g.i] for t in noun.subtree if t.dep_ == "prep" and t.lower_ == way
                   for g in t.children if g.dep_ == "pobj" and g.i in by_root]
        pairs += [(b, f) for b in buyers for f in sellers if b.entity != f.entity]
    return pairs


def _counterparts(sent: Span, by_root: dict[int, list[Arg]], entities: list[Entity], lex: Lexicon, firms_at):
    """"The agency signed the contract with Epic in 2019, and the city joined the project
    company, Helseplattformen": an agency that makes a deal with a firm it names ("a contract
    with", "signed with") deals with that firm, not with others of the sentence. (agency, firms)."""
    for verb in sent:
        if verb.pos_ != "VERB" or is_negated(verb, lex):
            continue
        deals = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in lex.contract_nouns]
        withs = [p for h in [verb, *deals] for p in h.children if p.dep_ == "prep" and p.lower_ == "with"]
        if not withs or not (deals or verb.lemma_.lower() in lex.contract_verbs):
            continue
        chosen = {e for p in withs for g in p.children if g.dep_ == "pobj" for e in firms_at(g)}
        agencies = {a.entity for b in verb.children if b.dep_ == "nsubj" for t in [b, *b.conjuncts]
                    for a in by_root.get(t.i, []) if entities[a.entity].label == "Agency"}
        if chosen:
            yield from ((agency, chosen) for agency in agencies)


def _asked_to_stop(tok: Token, lex: Lexicon) -> bool:
    """"had asked the Conseil d'État to halt the arrangement", "urged the regulator to block
    it": a body asked to stop a deal has power over it; it is not its buyer."""
    if tok.dep_ != "dobj":
        return False
    # (a body told to cancel or terminate deals ends its own: "ordered the Department of Defense
    # to terminate contracts with Deloitte")
    stopping = lex.status_words.get("blocked", frozenset()) - lex.status_words.get("cancelled", frozenset())
    # (but "ordered the authority to suspend its contract with SML": the deal is the body's own)
    return any(c.dep_ == "xcomp" and c.lemma_.lower() in stopping and not any(
        o.dep_ == "dobj" and any(p.dep_ == "poss" and p.lower_ in ("its", "their") for p in o.children)
        for o in c.children) for c in tok.head.children)


def _party_role(tok: Token) -> bool:
    """A noun phrase in a role a party of a deal takes: subject, possessor ("the Met's
    deal"), or "with", "from", "by", "between" ("agreements with the Ministry of Defence");
    not a beneficiary ("for MI5 and MI6") or a place."""
    tok = list_head(tok, deps=("conj", "appos"))
    if tok.dep_ in ("nsubj", "nsubjpass", "poss"):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in ("with", "from", "by", "between")


def _idle_subject(root: Token, cues: list[Token], serving: frozenset[str]) -> bool:
    """"The authority signed the contract with Epic, and Trondheim municipality joined as a
    co-owner": the subject of a clause of its own that holds no deal word does something else."""
    root = list_head(root, deps=("conj", "appos"))
    marks = {c.i for c in cues}
    if root.dep_ == "pobj" and root.head.dep_ == "agent":
        # "to buy the aircraft, which had been flown by the Qatar Emiri Air Force, from Excalibur",
        # "Nammo, half owned by Patria, supplies shells": the doer of another passive clause
        # (not of the service itself: "services run by Capita for NHS England")
        verb = root.head.head
        if verb.dep_ == "relcl" and verb.head.i not in marks and not any(t.i in marks for t in verb.subtree):
            return True
        if verb.lemma_.lower() in serving:
            return False
    elif root.dep_ != "nsubj":
        return False
    else:
        verb = root.head
    beside = {t.i for c in verb.children if c.dep_ == "conj" for t in c.subtree}
    if verb.i in marks or any(t.i not in beside and t.i in marks for t in verb.subtree):
        return False
    up = verb  # "agreed to help the trust build an app": the clause completes a deal verb
    while up.dep_ != "conj" and up.head.i != up.i:
        if up.dep_ == "relcl" and up.head.i not in marks:
            return True  # "a cloud system that MI5 will also be able to use": it tells of a thing, not the deal
        up = up.head
        if up.i in marks:
            return False
    return True


def _reporter(agency: Arg, agencies: list[Arg], cues: list[Token]) -> bool:
    """"The Public Accounts Committee revealed that the Ministry of Defence has paid ...",
    "The committee's chairman said the ministry had overruled ...": a body that tells of a deal
    another body holds (every deal word in the clause it tells) is no party to it."""
    root = agency.root
    while root.dep_ in ("poss", "compound", "conj", "appos") and root.head.i != root.i:
        root = root.head
    if root.dep_ != "nsubj" or root.head.pos_ != "VERB":
        return False
    told = [c for c in root.head.children if c.dep_ == "ccomp"]
    inside = {t.i for c in told for t in c.subtree}
    return bool(inside) and all(cue.i in inside for cue in cues) and any(
        a.root.i in inside and a.entity != agency.entity for a in agencies)


def _described(root: Token, cues: list[Token]) -> bool:
    """"Public Services and Procurement Canada, which negotiates many of the government's
    contracts, was faulted": deal words only in a clause that describes the agency tell what
    it does, not a deal with a firm named elsewhere in the sentence."""
    inside = {t.i for c in root.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
    return bool(inside) and all(cue.i in inside for cue in cues) and not any(
        t.ent_type_ for i in inside for t in [root.doc[i]] if t.ent_type_ in ("ORG", "PERSON"))


def _pairs(sent: Span, args: list[Arg], entities: list[Entity], cues: list[Token], lex: Lexicon) -> list[tuple[Arg, Arg]]:
    """(buyer, supplier) pairs: for each firm, the nearest agency in the tree; an agency
    that chooses a firm outright by its buying verb pairs with that firm only."""
    rules = status_rules(lex)
    # A party named inside another party's phrase ("AWS, a subsidiary of Amazon") is not a party.
    roots = {a.root.i: a for a in args}
    # A conjunct is a party beside it: "a partnership involving SAP, Capita and Axon".
    nested = {id(a) for a in args if any(anc.i in roots and roots[anc.i].entity != a.entity
                                          and entities[roots[anc.i].entity].label == entities[a.entity].label
                                          and anc not in a.root.conjuncts
                                          for anc in a.root.ancestors if anc.i >= a.root.sent.start)
              # (every name of a list by its first's arc: "the consortium of Lendlease, Acciona and Bouygues")
              and (list_head(a.root).dep_ in ("pobj", "poss", "compound", "appos")
                   or any(anc.dep_ in ("relcl", "acl") for anc in a.root.ancestors))}
    named, args = args, [a for a in args if id(a) not in nested]
    serving = lex.service_verbs | lex.status_words["active"] | lex.supplier_verbs
    # "... after Heckler & Koch raised possible patent infringements": a firm busy with something
    # else; not one that supplies, provides or delivers (the other side of the deal's work)
    firms = [a for a in args if entities[a.entity].label == "Company" and not _bystander(a, rules)
             and not (_idle_subject(a.root, cues, serving) and a.root.head.lemma_.lower() not in lex.supplier_verbs
                      and a.root.head.lemma_.lower() not in lex.service_verbs)]
    # "Microsoft won the Pentagon's JEDI contract": a name modifying the deal noun names the
    # deal when another firm of the sentence is the party (alone, "the Palantir contract" is Palantir's)
    named_deal = [a for a in firms if a.root.dep_ == "compound" and a.root.head.lemma_.lower() in lex.contract_nouns]
    if len(named_deal) < len({a.entity for a in firms}):
        firms = [a for a in firms if all(a is not n for n in named_deal)]
    people = {a.start for a in args if entities[a.entity].label == "Person"}
    # An office named as a person's title ("Mayor of London Sadiq Khan") is not a buyer.
    # "ordered tanks from General Dynamics through the US government": a go-between, not the buyer
    agencies = [a for a in args if entities[a.entity].label == "Agency" and a.end not in people
                and not (a.root.dep_ == "pobj" and a.root.head.lower_ in ("through", "via"))
                and not _asked_to_stop(a.root, lex)
                and not any(w in n for n in entities[a.entity].norms for w in lex.non_buyer_words)
                and not _governing_verb(a.root).lemma_.lower() in lex.non_buyer_verbs
                and not _idle_subject(a.root, cues, serving) and not _described(a.root, cues)]
    agencies = [a for a in agencies if not _reporter(a, agencies, cues)]
    direct = _direct(sent, args, entities, lex)
    pairs = []
    for firm in firms:
        scored = sorted(((_distance(firm.root, agency.root), agency.entity, agency) for agency in agencies
                         if agency.entity != firm.entity
                         and (agency.entity not in direct or firm.entity in direct[agency.entity])),
                        key=lambda item: item[:2])
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
    # An agency no firm chose as its nearest: its own nearest firm ("It runs NHS England's
    # platform and holds several agreements with the Ministry of Defence").
    paired = {b.entity for b, _ in pairs}
    for agency in agencies:
        if agency.entity in paired or agency.entity in direct or not _party_role(agency.root):
            continue
        scored = sorted(((_distance(agency.root, firm.root), firm.entity, firm) for firm in firms
                         if firm.entity != agency.entity), key=lambda item: item[:2])
        if not scored or scored[0][0] > MAX_PAIR_DISTANCE:
            continue
        if min(_distance(agency.root, cue) for cue in cues) > MAX_PAIR_DISTANCE:
            continue
        pairs.append((agency, scored[0][2]))
        paired.add(agency.entity)
    known = {(b.entity, f.entity) for b, f in pairs}
    # (a firm's own deal may be told inside a clause on it: "Space Norway, …, which ordered them
    # from Northrop Grumman")
    pairs += [(b, f) for b, f in _firm_deals(sent, named, entities, lex) if (b.entity, f.entity) not in known]
    return pairs
