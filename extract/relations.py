"""Relation rules: a trigger word on the dependency path between two entities
of the right labels ("co-founded by", "chief executive of", "backed by")."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from graph.names import normalize
from graph.schema import schema

from .dates import Dated, Dater
from .entities import Entity, Mention
from .lexicon import Lexicon
from .paths import Arc, arcs_from, reachable

MAX_ARCS = 4  # from the trigger to each entity
HEDGED, PLAIN = 0.6, 0.85
_DETERMINERS = {"the", "this", "that"}
_POLICE_WORDS = ("police", "constabulary", "scotland yard", "nypd", "lapd", "rcmp")
_PASSIVE = {"nsubjpass", "auxpass"}


@dataclass(frozen=True)
class Arg:
    """An entity standing in a sentence: a mention, or a word that refers back to one."""

    entity: int
    root: Token
    start: int
    end: int
    anaphor: bool = False


def sentence_args(doc: Doc, entities: list[Entity], mentions: list[Mention], lex: Lexicon) -> dict[int, list[Arg]]:
    """The entity arguments of each sentence (keyed by the sentence's first token).

    Besides the mentions: "the firm", "the regulator" (lex.anaphors) stand for
    the organisation of that kind the story has named most, "the force" for
    the police force last named, and "it"/"its" for the organisation that was
    last the subject of a sentence (this one or the one before). Pronouns
    never become entities of their own.
    """
    by_sent: dict[int, list[Arg]] = {}
    last_police: int | None = None  # what "the force" refers to
    last_subject: dict[str, tuple[int, int]] = {}  # label -> (entity, sentence number)
    mention_count: dict[int, int] = {}
    last_seen: dict[int, int] = {}
    sent_no = {s.start: n for n, s in enumerate(doc.sents)}
    covered = {i for m in mentions for i in range(m.start, m.end)}
    events: list[tuple[int, object]] = [(m.start, m) for m in mentions]
    for tok in doc:
        if tok.i in covered:
            continue
        if tok.lower_ in lex.anaphors and tok.pos_ == "NOUN" and any(c.lower_ in _DETERMINERS for c in tok.children):
            events.append((tok.i, tok))
        elif tok.lower_ in ("it", "its") and tok.tag_ in ("PRP", "PRP$") and tok.dep_ in (
                "nsubj", "nsubjpass", "poss", "dobj", "pobj", "dative"):
            events.append((tok.i, tok))
        elif tok.lower_ == "whose":
            events.append((tok.i, tok))

    def recent_subject(tok: Token, labels: tuple[str, ...], reach: int) -> int | None:
        found = [v for k, v in last_subject.items() if k in labels and sent_no[tok.sent.start] - v[1] <= reach]
        return max(found, key=lambda v: v[1])[0] if found else None

    for _, item in sorted(events, key=lambda e: e[0]):
        if isinstance(item, Mention):
            span = item.span(doc)
            entity = entities[item.entity]
            arg = Arg(item.entity, span.root, item.start, item.end)
            mention_count[item.entity] = mention_count.get(item.entity, 0) + 1
            last_seen[item.entity] = item.start
            if any(word in norm for norm in entity.norms for word in _POLICE_WORDS):
                last_police = item.entity
            if entity.label != "Person" and span.root.dep_ in ("nsubj", "nsubjpass"):
                last_subject[entity.label] = (item.entity, sent_no[span.sent.start])
        else:
            tok: Token = item
            if tok.lower_ == "whose":
                # "Accenture, whose chief executive is Julie Sweet": the noun the clause hangs from.
                clause = next((a for a in tok.ancestors if a.dep_ == "relcl"), None)
                before = [a for a in by_sent.get(tok.sent.start, []) if a.end <= tok.i and not a.anaphor]
                found = next((a.entity for a in before if clause is not None and a.start <= clause.head.i < a.end),
                             before[-1].entity if before and tok.i - before[-1].end <= 2 else None)
            elif tok.lower_ in ("it", "its"):
                # The organisation that was last the subject, this sentence or the one before.
                found = recent_subject(tok, ("Company", "Agency"), 1)
            elif lex.anaphors[tok.lower_] == "police":
                found = last_police
            else:
                # "The company": the firm the story is about so far (most mentioned, then most recent).
                label = lex.anaphors[tok.lower_]
                seen = [e for e in mention_count if entities[e].label == label]
                # "the group" is UnitedHealth Group rather than Change Healthcare.
                named = [e for e in seen if tok.lower_ in normalize(entities[e].name).split()]
                found = max(named or seen, key=lambda e: (mention_count[e], last_seen[e])) if seen else None
            if found is None:
                continue
            arg = Arg(found, tok, tok.i, tok.i + 1, anaphor=True)
            if tok.dep_ in ("nsubj", "nsubjpass"):
                last_subject[entities[found].label] = (found, sent_no[tok.sent.start])
        by_sent.setdefault(doc[arg.start].sent.start, []).append(arg)
    return by_sent


def is_negator(tok: Token) -> bool:
    """A "not" or "no" that denies: "no longer works for" is a past role, "not only" adds."""
    nxt = tok.doc[tok.i + 1].lower_ if tok.i + 1 < len(tok.doc) else ""
    return not ((tok.lower_ == "no" and nxt == "longer") or (tok.lower_ == "not" and nxt == "only"))


def is_negated(tok: Token, lex: Lexicon) -> bool:
    """"did not invest", "denied investing", "no stake"."""
    if any((c.dep_ == "neg" or (c.lower_ in lex.negations and c.dep_ in ("det", "advmod"))) and is_negator(c)
           for c in tok.children):
        return True
    head = tok
    for _ in range(2):
        if head.head.i == head.i:
            break
        head = head.head
        if head.lemma_.lower() in lex.negations or any(c.dep_ == "neg" and is_negator(c) for c in head.children
                                                       if head.pos_ in ("VERB", "AUX")):
            return True
    return False


def subject_verb(verb: Token, lex: Lexicon) -> Token:
    """The verb whose subject is ``verb``'s: the denial it completes ("the force denied
    using its software"), else itself."""
    if verb.dep_ in ("xcomp", "pcomp") and verb.head.lemma_.lower() in lex.denials and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return verb.head
    return verb


def confidence(sent: Span, lex: Lexicon, base: float = PLAIN) -> float:
    hedged = any(t.lower_ in lex.hedges or t.lemma_.lower() in lex.hedges for t in sent)
    return HEDGED if hedged else base


def evidence(sent: Span, extractor: str, conf: float, *, negated: bool = False, when: Dated | None = None) -> dict:
    """One evidence item; ``when`` (the date the sentence gives the event) is resolved
    against the publication date when the record is made (extract.dates.finish_evidence)."""
    text = sent.text.rstrip()
    return {"sentence": text, "start": sent.start_char, "end": sent.start_char + len(text),
            "extractor": extractor, "confidence": conf, "negated": negated, "when": when}


def _role(trigger: Token, arcs: list[Arc], kind: str, target_nouns: frozenset[str]) -> str | None:
    """"source" or "target" of the relation, from how the trigger reaches the entity."""
    if kind == "noun":
        # "a funding round in Darktrace": the role noun modifies a common noun; read from that noun.
        while arcs and arcs[0][0] == "up" and arcs[0][1] == "compound" and arcs[0][2].head.pos_ == "NOUN" \
                and not arcs[0][2].head.ent_type_:
            arcs = arcs[1:]
        referent = arcs[0][0] == "up" or arcs[0][1] in ("appos", "conj") if arcs else True
        if trigger.lemma_.lower() in target_nouns or trigger.lower_ in target_nouns:
            referent = not referent
        return "source" if referent else "target"
    passive = any(c.dep_ in _PASSIVE for c in trigger.children)
    downs = [dep for direction, dep, _ in arcs if direction == "down"]
    if downs:
        first = downs[0]
        if first in ("nsubj", "agent"):
            return "source"
        if first in ("nsubjpass", "dobj", "dative", "attr", "prep", "pobj"):
            if first == "prep" and passive:
                return None
            prep = next((tok for way, dep, tok in arcs if way == "down" and dep == "prep"), None)
            if first == "prep" and prep is not None and prep.lower_ == "from":
                return None  # "buy Arm from SoftBank": SoftBank is the seller
            return "target"
        return None
    ups = [dep for direction, dep, _ in arcs if direction == "up"]
    if not ups:
        return None
    if ups[0] == "relcl":
        return "target" if passive else "source"
    if ups[0] == "acl":
        return "target" if trigger.tag_ == "VBN" else "source"
    return None


def _divestment(verb: Token, args: list[Arg], entities: list[Entity], sent: Span, add, conf: float,
                negated: bool) -> bool:
    """"UnitedHealth agreed to sell ClaimsXten to TPG": selling a firm is no supply;
    the buyer owns it. True when the sentence is such a sale."""
    sold = [a for a in args if a.root.dep_ == "dobj" and a.root.head.i == verb.i and entities[a.entity].label == "Company"]
    sold += [a for a in args for obj in verb.children if obj.dep_ == "dobj" and a.root.head.i == obj.i
             and a.root.dep_ == "appos" and entities[a.entity].label == "Company"]
    if not sold:
        return False
    buyers = [a for a in args if a.root.dep_ == "pobj" and a.root.head.lower_ == "to" and a.root.head.head.i == verb.i
              and entities[a.entity].label in ("Company", "Person")]
    for buyer in buyers:
        for item in sold:
            # The sale starts the buyer's ownership, whatever "sell" means for the seller.
            add("OWNS", buyer.entity, item.entity, sent, "dep:OWNS:sell-to", conf, verb, negated, "from")
    return True


# Linking and light verbs: the noun carries the meaning ("is its founder",
# "led a funding round in", "took a stake in", "counts X among its clients").
_LINKING_VERBS = {"be", "become", "remain", "include", "comprise", "count", "name", "list", "appoint",
                  "lead", "co-lead", "join", "take", "make", "hold", "have", "acquire", "buy", "complete"}
_STAKE_WORDS = {"share", "stake", "percent", "%", "tenth", "quarter", "third", "half", "portion", "minority",
                "shareholding", "equity", "per"}


def _through_copula(arcs: list[Arc]) -> bool:
    """A role noun reaches past its holder only through "is", "became", "include":
    in "Founders Fund, an investor in SpaceX, backed Anduril", Anduril is no investor."""
    ups = [tok for way, _, tok in arcs if way == "up"]
    if not ups or len(ups) == len(arcs):
        return True
    top = ups[-1].head  # where the path turns down
    # "succeeded Bezos as Amazon's chief executive": "as" gives the role to the verb's arguments.
    return top.pos_ not in ("VERB", "AUX") or top.lemma_.lower() in _LINKING_VERBS or any(
        tok.lower_ == "as" for tok in ups)


def _stake(verb: Token) -> bool:
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return obj is not None and any(t.lemma_.lower() in _STAKE_WORDS or t.lower_ in _STAKE_WORDS for t in obj.subtree)


def _part_of(arcs: list[Arc]) -> bool:
    """The verb's object is a part of the organisation ("X's British arm"), not the organisation."""
    downs = [dep for way, dep, _ in arcs if way == "down"]
    return len(downs) >= 2 and downs[0] == "dobj" and downs[1] in ("poss", "compound", "prep")


def _triggers(sent: Span, lex: Lexicon) -> list[tuple[Token, str, str]]:
    found = []
    for tok in sent:
        lemma, lower = tok.lemma_.lower(), tok.lower_
        for rel, trig in lex.triggers.items():
            if tok.pos_ in ("VERB", "AUX") and (lemma in trig.verbs or lower in trig.verbs):
                found.append((tok, rel, "verb"))
            elif tok.pos_ in ("NOUN", "PROPN", "ADJ") and (lemma in trig.nouns or lower in trig.nouns):
                if lemma == "executive" and rel == "LEADS" and not any(c.lower_ == "chief" for c in tok.children):
                    continue  # an executive who is not the chief executive
                if lemma == "executive" and rel == "WORKS_FOR" and any(c.lower_ == "chief" for c in tok.children):
                    continue
                general = tok.i + 2 < len(tok.doc) and tok.nbor(1).text == "-" and tok.nbor(2).lower_ == "general"
                if lemma == "director" and general:
                    rel = "LEADS"  # "director-general" heads the body
                found.append((tok, rel, "noun"))
    return found


def find_relations(doc: Doc, entities: list[Entity], args_by_sent: dict[int, list[Arg]], lex: Lexicon,
                   skip_sentences: frozenset[int] = frozenset(),
                   dater: Dater | None = None) -> dict[tuple[str, int, int], list[dict]]:
    """Relations as {(type, source entity, target entity): [evidence, ...]}.

    A denied statement ("did not invest in", "denied working for") is kept as
    evidence with ``negated`` set: it contradicts the link instead of supporting it.
    With a ``dater``, evidence carries the date the sentence gives the trigger's event.
    """
    sch = schema()
    found: dict[tuple[str, int, int], list[dict]] = {}

    def add(type_: str, src: int, dst: int, sent: Span, extractor: str, conf: float,
            anchor: Token | None = None, negated: bool = False, kind: str | None = None) -> None:
        when = None
        if dater is not None and anchor is not None:
            when = dater.date(anchor, kind or dater.relation_kind(type_, anchor))
        ev = evidence(sent, extractor, conf, negated=negated, when=when)
        items = found.setdefault((type_, src, dst), [])
        if ev not in items:
            items.append(ev)

    mentions_so_far: dict[int, int] = {}
    for sent in doc.sents:
        args = args_by_sent.get(sent.start, [])
        for a in args:
            if not a.anaphor:
                mentions_so_far[a.entity] = mentions_so_far.get(a.entity, 0) + 1
        _implicit_employer(sent, args, entities, lex, mentions_so_far, add)
        if len(args) < 2:
            continue
        conf = confidence(sent, lex)
        in_names = {i for a in args if not a.anaphor for i in range(a.start, a.end)}
        for trigger, rel, kind in _triggers(sent, lex):
            if trigger.i in in_names:
                continue  # "Mayor" in "Mayor of London" is part of a name
            if rel == "SUPPLIES" and sent.start in skip_sentences:
                continue  # a contract sentence: the contract rules decide client links there
            negated = is_negated(trigger, lex)
            if trigger.lemma_.lower() == "sell" and _divestment(trigger, args, entities, sent, add, conf, negated):
                continue
            reached = []
            for arg in args:
                if arg.start <= trigger.i < arg.end:
                    continue
                arcs = arcs_from(trigger, arg.root)
                if arcs is None or len([a for a in arcs if a[1] != "conj"]) > MAX_ARCS or not reachable(arcs):
                    continue
                if kind == "noun" and not _through_copula(arcs):
                    continue
                reached.append((arg, _role(trigger, arcs, kind, lex.triggers[rel].target_nouns), arcs))
            for a, role_a, arcs_a in reached:
                for b, role_b, arcs_b in reached:
                    if a.entity >= b.entity:
                        continue
                    la, lb = entities[a.entity].label, entities[b.entity].label
                    forward, backward = sch.check_relation(rel, la, lb), sch.check_relation(rel, lb, la)
                    if kind == "noun" and role_a == role_b:
                        continue  # a role noun relates its holder to another: "founder of X"
                    if forward and backward:
                        if role_a == role_b or None in (role_a, role_b):
                            continue
                        src, dst = (a, b) if role_a == "source" else (b, a)
                    elif forward:
                        src, dst = a, b
                    elif backward:
                        src, dst = b, a
                    else:
                        continue
                    type_ = rel
                    if rel == "LEADS" and kind == "verb" and _part_of(arcs_b if dst is b else arcs_a):
                        type_ = "WORKS_FOR"  # runs Palantir's British business: a part, not the firm
                    if rel == "OWNS" and kind == "verb" and _stake(trigger):
                        type_ = "INVESTED_IN"  # "owns a tenth of its shares": a stake, not the firm
                    add(type_, src.entity, dst.entity, sent, f"dep:{rel}:{kind}:{trigger.lemma_.lower()}", conf,
                        trigger, negated)
        _title_rule(doc, sent, args, entities, lex, add, conf)
        if sent.start not in skip_sentences:
            _client_rule(sent, args, entities, lex, add, conf)
    return found


IMPLICIT = 0.5
_EMPLOYER_NOUNS = ("ceo", "executive", "chairman", "chairwoman", "founder", "co-founder", "cofounder")


def _implicit_employer(sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon,
                       counts: dict[int, int], add) -> None:
    """"Chief executive Alex Karp said …" in a story about Palantir: a top role
    with no firm named is a role at the firm the story is about (lower confidence)."""
    firms = [e for e in counts if entities[e].label == "Company"]
    if not firms:
        return
    topic = max(firms, key=lambda e: counts[e])
    if counts[topic] < 2:
        return  # no clear subject yet
    for arg in args:
        if entities[arg.entity].label != "Person" or arg.anaphor:
            continue
        for noun in [c for c in arg.root.children if c.dep_ in ("appos", "compound")] + \
                [t for t in arg.root.doc[max(arg.start - 3, sent.start):arg.start]]:
            lemma = noun.lemma_.lower()
            if lemma not in _EMPLOYER_NOUNS or (lemma == "executive" and not any(
                    c.lower_ == "chief" for c in noun.children) and noun.nbor(-1).lower_ != "chief"):
                continue
            named = [c for c in noun.children if c.dep_ == "poss" or (c.dep_ == "compound" and (c.ent_type_ or c.pos_ == "PROPN"))
                     or (c.dep_ == "prep" and c.lower_ in ("of", "at", "for") and any(
                         g.pos_ == "PROPN" or g.ent_type_ for g in c.subtree))]
            if named or noun.nbor(-1).pos_ == "PROPN" and noun.nbor(-1).dep_ == "compound":
                continue  # an employer is named ("NHSX chief executive"): the path rules decide
            rel = "FOUNDED" if "found" in lemma else "LEADS"
            add(rel, arg.entity, topic, sent, f"implicit:{rel}:{lemma}", IMPLICIT, noun)
            break


def _client_rule(sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon, add, conf: float) -> None:
    """"The CIA uses Palantir's software", "CBP has deployed its towers": an agency
    that uses a firm's product is the firm's client. "Capita, which has handled
    recruitment for the British Army": work a firm does for an agency."""
    for verb in sent:
        if verb.pos_ == "VERB" and verb.lemma_.lower() in lex.service_verbs:
            negated = is_negated(verb, lex)
            objects = {verb.i} | {c.i for c in verb.children if c.dep_ == "dobj"}
            # "for the British Army", "on behalf of the Home Office"
            behalf = {p.i for c in verb.children if c.dep_ == "prep" and c.lower_ == "on"
                      for b in c.children if b.lower_ == "behalf" for p in b.children if p.lower_ == "of"}
            clients = [a for a in args if entities[a.entity].label == "Agency" and a.root.dep_ == "pobj" and (
                (a.root.head.lower_ in ("for", "to") and a.root.head.head.i in objects) or a.root.head.i in behalf)]
            firms = [a for a in args if entities[a.entity].label == "Company" and (
                (a.root.dep_ == "nsubj" and a.root.head.i == verb.i)
                or (verb.dep_ == "relcl" and a.start <= verb.head.i < a.end and not any(
                    c.dep_ == "nsubj" for c in verb.children)))]
            for firm in firms:
                for agency in clients:
                    add("SUPPLIES", firm.entity, agency.entity, sent, f"service:{verb.lemma_.lower()}", conf, verb,
                        negated)
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.client_verbs:
            continue
        negated = is_negated(verb, lex)
        subjects = [a for a in args if a.root.head.i == subject_verb(verb, lex).i and a.root.dep_ == "nsubj"
                    and entities[a.entity].label == "Agency"]
        # The product and where it comes from: "uses its software", "uses software from Palantir".
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        objects += [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"]
        for obj in objects:
            inside = [t.i for t in obj.subtree if not any(
                anc.dep_ in ("relcl", "acl", "advcl") and anc.i != obj.i for anc in t.ancestors if anc.i >= obj.left_edge.i
                and anc.i <= obj.right_edge.i)]
            firms = [a for a in args if a.root.i in inside and entities[a.entity].label == "Company"]
            for agency in subjects:
                for firm in firms:
                    add("SUPPLIES", firm.entity, agency.entity, sent, f"client:{verb.lemma_.lower()}", conf, verb,
                        negated)


def _title_rule(doc: Doc, sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon, add, conf: float) -> None:
    """"Mayor of London Sadiq Khan", "Palantir chief executive Alex Karp": an
    organisation, role words, then a person's name."""
    ordered = sorted((a for a in args if not a.anaphor), key=lambda a: a.start)
    for org, person in zip(ordered, ordered[1:]):
        if entities[person.entity].label != "Person" or entities[org.entity].label not in ("Company", "Agency"):
            continue
        between = [t for t in doc[org.end:person.start] if not t.is_punct or t.text in ("-",)]
        if len(between) > 3 or any(t.is_punct for t in doc[org.end:person.start]):
            continue
        words = [t.lemma_.lower() for t in between] or [doc[org.start].lemma_.lower()]
        for rel in ("FOUNDED", "LEADS", "WORKS_FOR"):
            nouns = lex.triggers[rel].nouns
            if any(w in nouns for w in words) and not (rel == "WORKS_FOR" and "chief" in words):
                if schema().check_relation(rel, "Person", entities[org.entity].label):
                    add(rel, person.entity, org.entity, sent, f"title:{rel}", conf, doc[person.end - 1])
                break
