"""Relation rules: a trigger word on the dependency path between two entities
of the right labels ("co-founded by", "chief executive of", "backed by")."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from graph.names import normalize
from graph.schema import schema

from .dates import Dated, Dater
from .entities import Entity, Mention, name_words, noun_word
from .clients import client_lists
from .rounds import funding_rounds
from .lexicon import Lexicon, per_lexicon, rule_words
from .paths import (Arc, Heads, arcs_from, describes_name_before, list_head, reachable, reattach, repair,
                    subjectless_to_clause)

MAX_ARCS = 4  # from the trigger to each entity
HEDGED, PLAIN = 0.6, 0.85
_DETERMINERS = {"the", "this", "that"}
_POLICE_WORDS = ("police", "constabulary", "scotland yard", "nypd", "lapd", "rcmp")
_PASSIVE = {"nsubjpass", "auxpass"}
_NOMINAL = {"nsubj", "nsubjpass", "dobj", "pobj"}  # "in the firm" tagged as an adjective is still a noun


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
    subjects: list[tuple[int, int]] = []  # every organisation subject so far: (entity, sentence number)
    mention_count: dict[int, int] = {}
    last_seen: dict[int, int] = {}
    sent_no = {s.start: n for n, s in enumerate(doc.sents)}
    sent_starts = sorted(sent_no)
    covered = {i for m in mentions for i in range(m.start, m.end)}
    events: list[tuple[int, object]] = [(m.start, m) for m in mentions]
    by_head = _head_nouns(entities, lex)
    roles = _role_nouns(lex)
    for tok in doc:
        if tok.i in covered:
            continue
        if (noun_word(tok, as_written=True) in lex.anaphors or (tok.lower_ in by_head and tok.tag_ == "NN")) \
                and (tok.pos_ == "NOUN" or tok.dep_ in _NOMINAL) \
                and any(c.lower_ in _DETERMINERS for c in tok.children):
            if _names_a_mention(tok, covered):
                continue  # "the private equity group Warburg Pincus": a description, not a reference back
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
            arg = Arg(item.entity, _epithet_head(span.root, lex), item.start, item.end)
            part = _named_part(span, item.entity, entities, lex)
            if part is not None:
                # "GCHQ signs up Amazon's cloud arm" in a story that names Amazon Web Services
                arg = Arg(part, span.root.head, item.start, span.root.head.i + 1, anaphor=True)
            mention_count[item.entity] = mention_count.get(item.entity, 0) + 1
            last_seen[item.entity] = item.start
            if any(word in norm for norm in entity.norms for word in _POLICE_WORDS):
                last_police = item.entity
            if entity.label != "Person" and span.root.dep_ in ("nsubj", "nsubjpass"):
                last_subject[entity.label] = (item.entity, sent_no[span.sent.start])
                subjects.append(last_subject[entity.label])
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
                found = _coordinated_object(tok, by_sent.get(tok.sent.start, []), entities)
                if found is None:
                    found = _a_persons_its(tok, by_sent.get(tok.sent.start, []), entities)
                if found is None:
                    found = _antecedents_its(tok, by_sent.get(tok.sent.start, []), entities)
                if found is None:
                    found = recent_subject(tok, ("Company", "Agency"), 1)
                if found is None and tok.dep_ == "nsubj" and any(c.dep_ == "dobj" for c in tok.head.children):
                    # "Much of Shield AI's growth came through acquisitions. In 2021 it bought
                    # Martin UAV": with no organisation as a subject, the one the sentence before named
                    here = sent_no[tok.sent.start]
                    found = _only_organisation(by_sent.get(sent_starts[here - 1], []), entities) if here else None
                own = _own_subject(tok, by_sent.get(tok.sent.start, []))
                if found is not None and found == own:
                    # "Initech bought it": an object pronoun is never its own clause's subject
                    # (that would be "itself"); it is the subject before that.
                    found = next((e for e, n in reversed(subjects) if e != own and entities[e].label in (
                        "Company", "Agency") and sent_no[tok.sent.start] - n <= 1), None)
                if found is not None and tok.head.lemma_.lower() == "share" and tok.head.dep_ == "pobj" \
                        and tok.head.head.lower_ == "of":
                    # "Airbus owns a tenth of its shares": a holder's part of another firm's shares
                    # (while in "SoftBank raised its stake", "its" is the holder).
                    holder = _clause_subject(tok, by_sent.get(tok.sent.start, []))
                    if holder == found:
                        found = next((e for e, n in reversed(subjects) if e != holder and entities[e].label in (
                            "Company", "Agency") and sent_no[tok.sent.start] - n <= 1), None)
            elif (kind := lex.anaphors.get(noun_word(tok, as_written=True))) is None:
                # "the hub" after "the Northport Data Hub": the name's own head noun, the last one named
                seen = [e for e in by_head[tok.lower_] if e in last_seen]
                found = max(seen, key=lambda e: last_seen[e]) if seen else None
            elif kind == "police":
                found = last_police
            else:
                # "The company": the firm the story is about so far (most mentioned, then most recent).
                label = kind
                # "Cisco International, the company's subsidiary": not the name the phrase describes
                described = {a.entity for a in by_sent.get(tok.sent.start, []) if tok.dep_ == "poss"
                             and tok.head.dep_ == "appos" and a.start <= tok.head.head.i < a.end}
                seen = [e for e in mention_count if entities[e].label == label and e not in described]
                # "the group" is UnitedHealth Group rather than Change Healthcare.
                # ("the company" is any firm's word, even in "Fidelity Management & Research Company")
                named = [e for e in seen if tok.lower_ in normalize(entities[e].name).split()
                         and tok.lower_ not in _ANY_FIRM]
                here = sent_no[tok.sent.start]
                local = [e for e in seen if here - sent_no[doc[last_seen[e]].sent.start] <= 1]
                # (of firms named as often, the one last the subject: "Airbnb … took funding from Sequoia
                # Capital. Its founders had started the company")
                topic = recent_subject(tok, (label,), 1)
                found = max(named or local or seen, key=lambda e: (mention_count[e], e == topic, last_seen[e])) \
                    if seen else None
            if found is None:
                continue
            if tok.lower_ == "its" and tok.dep_ == "poss" and tok.head.lemma_.lower() in roles:
                # a person told as its officer keeps the firm in view, if not by name ("Mensch,
                # its chief executive, …; Lample came from Meta. The company's customers include …")
                last_seen[found] = tok.i
            arg = Arg(found, tok, tok.i, tok.i + 1, anaphor=True)
            if tok.dep_ in ("nsubj", "nsubjpass"):
                last_subject[entities[found].label] = (found, sent_no[tok.sent.start])
                subjects.append(last_subject[entities[found].label])
        by_sent.setdefault(doc[arg.start].sent.start, []).append(arg)
    return by_sent


_ANY_FIRM = {"company", "firm"}


def _named_part(span: Span, entity: int, entities: list[Entity], lex: Lexicon) -> int | None:
    """"Amazon's cloud arm", "Google's cloud business": a firm's part told by a common noun
    is the one firm of the story whose name starts with the owner's ("Amazon Web
    Services"), if there is just one."""
    head = span.root.head
    if span.root.dep_ != "poss" or head.lemma_.lower() not in lex.triggers["OWNS"].target_nouns \
            or head.pos_ != "NOUN" or any(c.pos_ == "PROPN" and c.dep_ != "poss" for c in head.children):
        return None
    owner = normalize(entities[entity].name)
    parts = [n for n, e in enumerate(entities) if n != entity and e.label == "Company"
             and normalize(e.name).startswith(owner + " ")]
    return parts[0] if len(parts) == 1 else None


def _only_organisation(args: list[Arg], entities: list[Entity]) -> int | None:
    """The one firm or agency a sentence (its ``args``) named, if it named just one."""
    named = {a.entity for a in args if entities[a.entity].label in ("Company", "Agency")}
    return named.pop() if len(named) == 1 else None


def _head_nouns(entities: list[Entity], lex: Lexicon) -> dict[str, list[int]]:
    """Organisations by the common noun that ends their name ("hub" of Northport Data Hub,
    "service" of Harbour Pilot Service): "the hub" refers back to one. Not a role or a part
    ("the executive", "the board" mean a person and a firm's board as often)."""
    roles = {w for trig in lex.triggers.values() for w in trig.nouns} | rule_words(lex, "paths", "transparent")
    found: dict[str, list[int]] = {}
    for n, ent in enumerate(entities):
        words = normalize(ent.name).split()
        if ent.label in ("Company", "Agency") and len(words) > 1 and words[-1].isalpha() \
                and words[-1] not in roles and ent.name.split()[-1][:1].isupper():
            found.setdefault(words[-1], []).append(n)
    return found


def _epithet_head(root: Token, lex: Lexicon) -> Token:
    """"acquired by the Spanish company Globex": the parser may hang the name on the
    word before it as a modifier; the name's place in the sentence is that word's."""
    head = root.head
    if (root.dep_ in ("amod", "compound", "nmod") or (root.dep_ == "appos" and root.left_edge.i == head.i + 1)) \
            and head.i < root.i and head.pos_ == "NOUN" and head.lower_ in lex.anaphors:
        return head  # "the arms group Polska Grupa Zbrojeniowa" too, hung as an apposition
    return root


def _one_person(args: list[Arg], entities: list[Entity]) -> int | None:
    """The person a pronoun can only mean: the one person named, else the one named as a subject."""
    people = {a.entity for a in args if entities[a.entity].label == "Person" and not a.anaphor}
    if len(people) > 1:
        people = {a.entity for a in args if a.entity in people and a.root.dep_ in ("nsubj", "nsubjpass")}
    return next(iter(people)) if len(people) == 1 else None


def person_pronouns(sent: Span, args: list[Arg], previous: list[Arg], entities: list[Entity]) -> list[Arg]:
    """Words that stand for a person named before: "he"/"she" as a subject and "him"/"her"
    as an object (the person named earlier in the sentence, else in the sentence before,
    when only one can be meant), and "who" whose clause the parser hung on a word inside the person's
    description ("Ren Zhengfei, a former engineer in the Army, who remains ...")."""
    extra = []
    for tok in sent:
        if (tok.lower_ in ("he", "she") and tok.tag_ == "PRP" and tok.dep_ in ("nsubj", "nsubjpass")) or (
                tok.lower_ in ("him", "her") and tok.tag_ == "PRP" and tok.dep_ in ("dobj", "pobj", "dative")):
            # "Acme hired him": an object pronoun too, though never for the subject of its own verb
            before = [a for a in args if a.end <= tok.i and not (tok.dep_ != "nsubj" and a.root.head.i == tok.head.i
                                                                  and a.root.dep_ in ("nsubj", "nsubjpass"))]
            found = _one_person(before, entities)
            if found is None and not any(a.end <= tok.i and entities[a.entity].label == "Person" for a in args):
                found = _one_person(previous, entities)
        elif tok.lower_ in ("who", "whom") and tok.head.dep_ == "relcl":
            roots = {a.root.i: a for a in args if not a.anaphor}
            head = tok.head.head
            if head.i in roots and entities[roots[head.i].entity].label == "Person":
                continue  # the clause hangs on its noun: the paths reach it
            found = None
            while head.dep_ in ("pobj", "prep", "appos", "compound", "conj") and head.head.i != head.i:
                head = head.head
                if head.i in roots:
                    found = roots[head.i].entity if entities[roots[head.i].entity].label == "Person" else None
                    break
        else:
            continue
        if found is not None:
            extra.append(Arg(found, tok, tok.i, tok.i + 1, anaphor=True))
    return extra


def _coordinated_object(tok: Token, before: list[Arg], entities: list[Entity]) -> int | None:
    """"created the headset maker Oculus and sold it to Facebook", "founded Legendary
    before selling it to Wanda": "it" as the object of the second verb is the first
    verb's object."""
    verb = tok.head
    if tok.dep_ != "dobj":
        return None
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        first = verb.head
    elif verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ == "VERB":
        first = verb.head.head  # "before selling it", "after buying it"
    else:
        return None
    objects = [c for c in first.children if c.dep_ == "dobj"]
    found = {a.entity for a in before if not a.anaphor and entities[a.entity].label in ("Company", "Agency")
             and any(a.root.i in {t.i for t in obj.subtree} for obj in objects)}
    return found.pop() if len(found) == 1 else None


_COPULAS = {"be", "become", "remain"}


def _predicate_of(noun: Token) -> Token | None:
    """The copula whose predicate ``noun`` is: "is its owner", "is among its shareholders",
    "is one of its clients"."""
    if noun.dep_ == "attr" and noun.head.lemma_.lower() in _COPULAS:
        return noun.head
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "among" and prep.head.lemma_.lower() in _COPULAS:
        return prep.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.dep_ == "attr" \
            and prep.head.head.lemma_.lower() in _COPULAS:
        return prep.head.head
    return None


def _own_subject(tok: Token, before: list[Arg]) -> int | None:
    """The entity subject of the verb an object pronoun hangs from ("sold it to",
    with the subject shared by coordinated verbs: "Initech bought it and sold it")."""
    if tok.dep_ == "poss":
        # "Globex Partners is among its shareholders", "X is its owner": what a subject is
        # said to be is not its own (while in "X is in a dispute with its chairman" it is)
        verb = _predicate_of(tok.head)
        if verb is None:
            return None
    elif tok.dep_ not in ("dobj", "pobj", "dative"):
        return None
    else:
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head
    while verb.pos_ in ("VERB", "AUX") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) \
            and verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    return next((a.entity for a in before if a.start <= subject.i < a.end), None)


def _a_persons_its(tok: Token, before: list[Arg], entities: list[Entity]) -> int | None:
    """"Patrick Collison, who co-founded Stripe …, and serves as its chief executive": in a
    clause whose subject is a person, "its" is the one organisation the sentence named before it."""
    if tok.dep_ != "poss":
        return None
    verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    while verb is not None and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) \
            and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head  # "co-founded Stripe … and serves as": the subject is shared
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None) if verb is not None else None
    if subject is None and verb is not None and verb.dep_ == "conj" and verb.head.pos_ == "PROPN":
        subject = verb.head  # the parser hangs "and serves as …" on the name itself
    if subject is not None and subject.lower_ in ("who", "that") and verb.dep_ == "relcl":
        subject = verb.head
    person = next((a for a in before if not a.anaphor and a.start <= getattr(subject, "i", -1) < a.end), None)
    if person is None or entities[person.entity].label != "Person":
        return None
    orgs = {a.entity for a in before if a.end <= tok.i and entities[a.entity].label in ("Company", "Agency")}
    return orgs.pop() if len(orgs) == 1 else None


def _antecedents_its(tok: Token, before: list[Arg], entities: list[Entity]) -> int | None:
    """"OpenAI, which counts Microsoft as its biggest backer": in a relative clause whose
    subject is "which"/"that", "its" is the organisation the clause describes."""
    if tok.dep_ != "poss":
        return None
    clause = next((a for a in tok.ancestors if a.dep_ == "relcl"), None)
    if clause is None or not any(c.dep_ == "nsubj" and c.lower_ in ("which", "that") for c in clause.children):
        return None
    named = next((a for a in before if not a.anaphor and a.start <= clause.head.i < a.end), None)
    return named.entity if named is not None and entities[named.entity].label in ("Company", "Agency") else None


def _clause_subject(tok: Token, before: list[Arg]) -> int | None:
    """The entity that is the subject of the clause ``tok`` stands in, if named before it."""
    verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None) if verb is not None else None
    if subject is None:
        return None
    return next((a.entity for a in before if a.root.i == subject.i or (
        a.root.dep_ == "appos" and a.root.head.i == subject.i)), None)


def _names_a_mention(noun: Token, covered: set[int]) -> bool:
    """"the US company Vishay", "Dassault, the family holding company", "the headset
    maker Oculus": the noun stands beside a name (apposition or compound) and means that name.
    A possessive never does: "the agency's director-general, Maria Lund"."""
    if any(c.tag_ == "POS" for c in noun.children):
        return False
    first = noun.left_edge.i
    if first >= 2 and noun.doc[first - 1].text == "," and first - 2 in covered \
            and noun.dep_ not in ("nsubj", "nsubjpass"):
        return True  # "was Bitdefender, the antivirus maker set up by …", parsed as a second complement
    return (noun.dep_ in ("appos", "compound", "nmod") and noun.head.i in covered) or any(
        c.dep_ in ("appos", "compound", "nmod", "amod") and c.i in covered and c.i > noun.i for c in noun.children)


def appositions(sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon) -> Heads:
    """Appositions the small parser hung on the wrong noun, given to the noun just
    before their comma when the two fit: a name after a role ("She and Boeing's chief
    financial officer, Michael Sears,"), a role after a name ("signed that May by
    Robert Wilkie, then acting secretary"), a firm word after a firm's name
    ("SpaceX, the rocket company founded by Elon Musk")."""
    heads: Heads = {}
    doc = sent.doc
    roots = {i: a for a in args if not a.anaphor for i in range(a.start, a.end)}
    role_words = lex.triggers["LEADS"].nouns | lex.triggers["WORKS_FOR"].nouns | lex.triggers["FOUNDED"].nouns
    for tok in sent:
        # "… from LOCOG, the body chaired by Sebastian Coe": a description closing a sentence,
        # hung on the main verb before its comma as an adverbial noun or a second object
        described = tok.dep_ in ("npadvmod", "dobj", "dep") and tok.head.i < tok.left_edge.i - 1 \
            and tok.lower_ in lex.agency_context | lex.company_context and any(
            c.dep_ == "acl" and c.tag_ == "VBN" for c in tok.children)
        # "the backing of the Ministry of Finance, headed by Sri Mulyani Indrawati": a passive
        # participle after a name's comma, hung on the noun the name belongs to
        passive = tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.i not in roots and any(
            c.dep_ == "agent" for c in tok.children)
        if tok.dep_ != "appos" and not described and not passive:
            continue
        comma = tok.left_edge.i - 1
        while comma > sent.start and doc[comma].dep_ == "advmod" and doc[comma].pos_ == "ADV":
            comma -= 1  # "Robert Wilkie, then acting secretary"
        if comma - 1 < sent.start or doc[comma].text != ",":
            continue
        before = doc[comma - 1]
        mention = roots.get(before.i)
        target = mention.root if mention is not None else before
        if target.i == tok.head.i or target.i in {t.i for t in tok.subtree}:
            continue
        own = roots.get(tok.i)
        person_after_role = own is not None and own.root.i == tok.i and entities[own.entity].label == "Person" \
            and mention is None and before.pos_ == "NOUN" and before.lemma_.lower() in role_words
        role_after_person = own is None and tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in role_words \
            and mention is not None and entities[mention.entity].label == "Person"
        firm_after_firm = own is None and (tok.lower_ in lex.anaphors or described) and mention is not None \
            and entities[mention.entity].label in ("Company", "Agency")
        name_before_participle = passive and mention is not None and entities[mention.entity].label in ("Company", "Agency")
        # "Nvidia, Oracle and Salesforce Ventures, the venture arm of Salesforce": a part of a firm
        # closing a list is the last name's
        part_after_firm = own is None and tok.dep_ == "appos" and tok.lemma_.lower() in lex.triggers["OWNS"].target_nouns \
            and mention is not None and entities[mention.entity].label == "Company"
        if person_after_role or role_after_person or firm_after_firm or name_before_participle or part_after_firm:
            reattach(tok, target, heads)
    return heads


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
        if head.head.i == head.i or _own_clause(head):
            break
        head = head.head
        if head.lemma_.lower() in lex.negations or any(c.dep_ == "neg" and is_negator(c) for c in head.children
                                                       if head.pos_ in ("VERB", "AUX")):
            return True
    return False


def _own_clause(verb: Token) -> bool:
    """"When the contract ran out, the council did not retender it": a clause of time or
    reason with its own subject is not denied by the sentence's "not"."""
    return verb.dep_ == "advcl" and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) \
        and any(c.dep_ in ("mark", "advmod") and c.i < verb.i and c.tag_ in ("IN", "WRB") for c in verb.children)


def verb_negated(verb: Token, lex: Lexicon) -> bool:
    """Like ``is_negated``, but a clause that describes a noun keeps to itself: in "Nvidia,
    co-founded by Jensen Huang, did not buy Arm", the founding is not denied."""
    if verb.dep_ not in ("acl", "relcl", "amod", "appos"):
        return is_negated(verb, lex)
    return any((c.dep_ == "neg" or (c.lower_ in lex.negations and c.dep_ in ("det", "advmod"))) and is_negator(c)
               for c in verb.children)


def noun_negated(noun: Token, lex: Lexicon) -> bool:
    """A role noun is denied by its own "no" ("no stake"), or by the verb it is said
    with ("is not its chief executive", "did not take a stake in", "denied being an
    investor", "never served as chairman"), not by what its holder does: in
    "Palantir's chief executive, Alex Karp, did not attend", Karp still leads Palantir.
    Nouns of events ("the takeover did not go ahead") take their verb's negation."""
    if noun.lemma_.lower() in rule_words(lex, "paths", "event_nouns"):
        return is_negated(noun, lex)
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head  # "not its chairman and a major shareholder"
    if any((c.dep_ == "neg" or (c.lower_ in lex.negations and c.dep_ in ("det", "advmod"))) and is_negator(c)
           for c in noun.children):
        return True
    verb = noun.head
    if noun.dep_ == "pobj" and verb.lower_ == "as":
        verb = verb.head  # "served as chairman"
    elif noun.dep_ == "pobj" and verb.lower_ == "among":
        return verb_negated(verb.head, lex)  # "does not count HSBC among its clients"
    elif noun.dep_ not in ("attr", "oprd", "dobj", "acomp"):
        return False
    return verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in _LINKING_VERBS | _ROLE_VERBS and \
        verb_negated(verb, lex)


def subject_verb(verb: Token, lex: Lexicon) -> Token:
    """The verb whose subject is ``verb``'s: the denial it completes ("the force denied
    using its software"), else itself."""
    if verb.dep_ in ("xcomp", "pcomp") and verb.head.lemma_.lower() in lex.denials and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return verb.head
    return verb


def confidence(sent: Span, lex: Lexicon, base: float = PLAIN) -> float:
    # (asked for a sentence many times over: its hedging is read once)
    known = sent.doc.user_data.setdefault("hedged", {})
    hedged = known.get(sent.start)
    if hedged is None:
        hedged = known[sent.start] = any(t.lower_ in lex.hedges or t.lemma_.lower() in lex.hedges for t in sent)
    return HEDGED if hedged else base


def evidence(sent: Span, extractor: str, conf: float, *, negated: bool = False, when: Dated | None = None) -> dict:
    """One evidence item; ``when`` (the date the sentence gives the event) is resolved
    against the publication date when the record is made (extract.dates.finish_evidence)."""
    text = sent.text.rstrip()
    return {"sentence": text, "start": sent.start_char, "end": sent.start_char + len(text),
            "extractor": extractor, "confidence": conf, "negated": negated, "when": when}


def _role(trigger: Token, arcs: list[Arc], kind: str, target_nouns: frozenset[str],
          group: list[Token] | None = None) -> str | None:
    """"source" or "target" of the relation, from how the trigger reaches the entity."""
    if kind == "noun":
        # "a funding round in Darktrace": the role noun modifies a common noun; read from that noun.
        while arcs and arcs[0][0] == "up" and arcs[0][1] == "compound" and arcs[0][2].head.pos_ == "NOUN" \
                and not arcs[0][2].head.ent_type_:
            arcs = arcs[1:]
        while arcs and arcs[0][0] == "up" and arcs[0][1] == "conj" and arcs[0][2].head.pos_ == "NOUN":
            arcs = arcs[1:]  # "Palantir's chairman and a major shareholder": read from the first noun
        referent = arcs[0][0] == "up" or arcs[0][1] in ("appos", "conj") if arcs else True
        if any(way == "up" and dep == "relcl" and _about_the_antecedent(tok) for way, dep, tok in arcs):
            referent = False  # "CIVH, in which Remgro is the largest shareholder": CIVH is what it holds
        if arcs and arcs[0][:2] == ("down", "prep") and arcs[0][2].lower_ == "from":
            return None  # "a stake in Vodafone Egypt from Vodafone Group": the seller
        ups = [a for a in arcs if a[0] == "up"]
        downs = [a for a in arcs if a[0] == "down"]
        if ups and downs and ups[-1][2].head.pos_ in ("VERB", "AUX") and ups[-1][1] in ("dobj", "attr", "oprd") \
                and downs[0][1] in ("prep", "dative"):
            referent = False  # "took a stake in Anduril": the verb's other argument is what the noun is about
        if trigger.lemma_.lower() in target_nouns or trigger.lower_ in target_nouns:
            referent = not referent
        return "source" if referent else "target"
    passive = any(c.dep_ in _PASSIVE for t in group or [trigger] for c in t.children) or (
        group is not None and trigger.tag_ == "VBN" and any(t.lemma_ == "be" for t in group if t.pos_ == "AUX"))
    downs = [dep for direction, dep, _ in arcs if direction == "down"]
    if downs and downs[0] == "nsubj" and arcs[0][:2] == ("up", "advcl") and trigger.tag_ == "VBN" \
            and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in trigger.children):
        return "target"  # "Founded in 2010 by X, Acme has grown": the participle is passive
    if describes_name_before(arcs):
        return "target"  # "announced by the ministry, now headed by X": the participle tells of the name before it
    if downs:
        first = downs[0]
        subject = next((tok for way, dep, tok in arcs if way == "down"), None)
        if first == "nsubj" and passive and subject is not None and subject.head.pos_ == "AUX" \
                and any(subject.head.i == t.i for t in group or []):
            return "target"  # "Vodacom is majority-owned by Vodafone": the subject of the passive, hung on "is"
        if first in ("nsubj", "agent"):
            return "source"
        if first in ("nsubjpass", "dobj", "dative", "attr", "prep", "pobj"):
            if first == "prep" and passive:
                return None
            prep = next((tok for way, dep, tok in arcs if way == "down" and dep == "prep"), None)
            if first == "prep" and prep is not None and prep.lower_ == "from":
                return None  # "buy Arm from SoftBank": SoftBank is the seller
            if any(dep == "prep" and _alongside(tok) for way, dep, tok in arcs if way == "down"):
                # "invested alongside DTCP", "jointly owns Eurofighter GmbH with Airbus": a partner
                # in the act, not its object
                return None
            return "target"
        return None
    ups = [(dep, tok) for direction, dep, tok in arcs if direction == "up"]
    # "run by Steve Jones and backed by Warburg Pincus": a second verb hangs where the first does.
    while len(ups) > 1 and ups[0][0] == "conj" and ups[0][1].head.pos_ in ("VERB", "AUX"):
        ups = ups[1:]
    if not ups:
        return None
    if ups[0][0] == "relcl":
        return _antecedent_role(ups[0][1] if ups[0][1] is not trigger else trigger, passive)
    if ups[0][0] == "acl":
        return "target" if trigger.tag_ == "VBN" else "source"
    if ups[0][0] == "conj" and trigger.tag_ == "VBN" and ups[0][1].head.pos_ in ("NOUN", "PROPN") \
            and any(c.dep_ == "agent" for c in trigger.children):
        return "target"  # "Sig Sauer, which is based in Newington, and owned by L&O": the parser hung it on the name
    return None


_RELATIVIZERS = {"which", "that", "who", "whom"}


def _alongside(prep: Token) -> bool:
    """"alongside DTCP", "together with Index", "along with Atomico": those named share the act."""
    return prep.lower_ == "alongside" or prep.lower_ == "with" and (
        any(c.lower_ in ("together", "along") for c in prep.children)
        or prep.i > 0 and prep.nbor(-1).lower_ in ("together", "along")
        # "jointly owns Eurofighter GmbH with Airbus", the "with" on the verb or its object
        or any(c.dep_ == "advmod" and c.lower_ in _JOINTLY for h in (prep.head, prep.head.head) for c in h.children))


_JOINTLY = frozenset({"jointly", "together"})
_OWNING = frozenset({"own", "control"})  # (not "sold it to Facebook, together with …": the seller's partners own nothing)


def _partners(verb: Token, args: list[Arg]) -> list[Arg]:
    """The names that share what ``verb`` tells ("Nvidia invested alongside DTCP and Mirae Asset")."""
    heads = [verb, *(o for o in verb.children if o.dep_ == "dobj")]  # (or on its object: "owns X with Airbus")
    objs = [g for h in heads for c in h.children if c.dep_ == "prep" and _alongside(c) for g in c.children if g.dep_ == "pobj"]
    listed = {t.i for o in objs for t in o.subtree}
    return [a for a in args if a.root.i in listed and not a.anaphor]


def _antecedent_role(verb: Token, passive: bool) -> str:
    """The role of the noun a relative clause describes, from the relative pronoun's
    place in the clause: "Palantir, which Thiel co-founded" (object: target),
    "Thiel, who co-founded Palantir" (subject: source), "the lab Google bought"
    (no pronoun, a subject of its own: target)."""
    pronoun = next((c for c in verb.children if c.lower_ in _RELATIVIZERS and c.tag_ in ("WDT", "WP", "IN", "")), None)
    if pronoun is not None and pronoun.dep_ in ("dobj", "pobj", "nsubjpass"):
        return "target"
    if pronoun is None and any(c.dep_ == "nsubj" for c in verb.children):
        return "target"
    return "target" if passive else "source"


def _divestment(verb: Token, args: list[Arg], entities: list[Entity], sent: Span, add, conf: float,
                negated: bool, lex: Lexicon) -> bool:
    """"UnitedHealth agreed to sell ClaimsXten to TPG": selling a firm is no supply;
    the buyer owns it. True when the sentence is such a sale."""
    if buys_a_stake(verb, lex):
        return True  # "sold its stake in Darktrace": shares change hands, nothing is supplied
    # (or told in the passive: "Sendwave was sold last year to WorldRemit")
    sold = [a for a in args if a.root.dep_ in ("dobj", "nsubjpass") and a.root.head.i == verb.i
            and entities[a.entity].label == "Company"]
    sold += [a for a in args for obj in verb.children if obj.dep_ == "dobj" and a.root.head.i == obj.i
             and a.root.dep_ in ("appos", "compound") and entities[a.entity].label == "Company"]
    if not sold:
        return False
    buyers = [a for a in args if a.root.dep_ == "pobj" and a.root.head.lower_ == "to" and a.root.head.head.i == verb.i
              and entities[a.entity].label in ("Company", "Person")]
    for buyer in buyers:
        for item in sold:
            # The sale starts the buyer's ownership, whatever "sell" means for the seller.
            add("OWNS", buyer.entity, item.entity, sent, "dep:OWNS:sell-to", conf, verb, negated, "from")
    return True


def _brand_name(noun: Token, arcs: list[Arc], lex: Lexicon) -> bool:
    """"its Paytm brand", "the Byju's brand": a name on a brand noun is the brand's own name,
    not its owner ("Kering's brand", "Gucci, its largest brand")."""
    if noun.lemma_.lower() not in rule_words(lex, "OWNS", "named_nouns") or not arcs:
        return False
    # only the brand in apposition, and its owner by possessive or "of", are its arguments
    way, dep, tok = arcs[0]
    if dep == "appos":
        return False
    if way == "down" and dep == "poss":
        return any(c.dep_ == "det" for c in noun.children)
    return not (way == "down" and dep == "prep" and tok.lower_ == "of")


def _bought_from(verb: Token, args: list[Arg], entities: list[Entity], sent: Span, add, conf: float,
                 negated: bool, lex: Lexicon) -> None:
    """"agreed to buy TransCore from Roper Technologies", "take over AOL from Yahoo": the
    seller owned the firm sold (the buyer's side is the verb's own relation)."""
    if buys_a_stake(verb, lex):
        return  # "bought a stake in Darktrace from its founders": shares, not the firm
    sold = [a for a in args if a.root.dep_ == "dobj" and a.root.head.i == verb.i and entities[a.entity].label == "Company"]
    sellers = [a for a in args if a.root.dep_ == "pobj" and a.root.head.lower_ == "from"
               and a.root.head.head.i in (verb.i, *(s.root.i for s in sold))
               and entities[a.entity].label in ("Company", "Person")]
    for seller in sellers:
        for item in sold:
            if seller.entity != item.entity:
                add("OWNS", seller.entity, item.entity, sent, "dep:OWNS:bought-from", conf, verb, negated)


# Linking and light verbs: the noun carries the meaning ("is its founder",
# "led a funding round in", "took a stake in", "counts X among its clients").
_ROLE_VERBS = {"serve", "act", "stay", "work", "appoint", "elect", "hire"}  # "served as", "was appointed as"
_LINKING_VERBS = {"be", "become", "remain", "include", "comprise", "count", "name", "list", "appoint",
                  "lead", "co-lead", "join", "take", "make", "hold", "have", "acquire", "buy", "complete"}


_COPULAS = {"be", "become", "remain"}


def _through_copula(arcs: list[Arc], part: bool = False) -> bool:
    """A role noun reaches past its holder only through "is", "became", "include":
    in "Founders Fund, an investor in SpaceX, backed Anduril", Anduril is no investor.
    A ``part`` noun only through "is": "Grab bought Uber's business" makes Grab no business of Uber."""
    ups = [tok for way, _, tok in arcs if way == "up"]
    if not ups:
        return True
    if part and any(tok.head.pos_ in ("VERB", "AUX") and tok.head.lemma_.lower() not in _COPULAS for tok in ups):
        return False
    # "succeeded Bezos as Amazon's chief executive": "as" gives the role to the verb's arguments.
    if any(tok.lower_ == "as" for tok in ups):
        return True
    # "paid $330m for a 40% stake in Epic Games": what a payer paid for is the payer's
    if len(ups) == 2 and ups[0].dep_ == "pobj" and ups[1].dep_ == "prep" and ups[1].lower_ == "for" \
            and ups[1].head.lemma_.lower() == "pay":
        return True
    # Every verb climbed through: "Mosley, who runs Palantir's British business" is no business.
    climbed = [tok.head for tok in ups if tok.dep_ in ("dobj", "pobj", "attr", "oprd", "nsubj", "nsubjpass")]
    if any(v.pos_ in ("VERB", "AUX") and v.lemma_.lower() not in _LINKING_VERBS for v in climbed):
        return False
    if len(ups) == len(arcs):
        return True
    top = ups[-1].head  # where the path turns down
    if ups[-1].dep_ in ("xcomp", "advcl") and ups[-1].lemma_.lower() in _LINKING_VERBS and any(
            c.dep_ == "aux" and c.tag_ == "TO" for c in ups[-1].children):
        return True  # "left in 2023 to become chief executive of dLocal": the subject's own role
    return top.pos_ not in ("VERB", "AUX") or top.lemma_.lower() in _LINKING_VERBS


def _from_whom(noun: Token, arcs: list[Arc]) -> str | None:
    """Money "from" someone: the giver invests, the subject of the verb that got it is invested in."""
    ups = [dep for way, dep, _ in arcs if way == "up"]
    downs = [(dep, tok) for way, dep, tok in arcs if way == "down"]
    if not ups and downs and downs[0][0] == "prep" and downs[0][1].lower_ == "from":
        return "source"  # "seed funding from Northzone"
    if ups and all(dep in ("dobj", "pobj", "prep", "conj") for dep in ups) and downs and downs[0][0] == "nsubj" \
            and any(c.dep_ == "prep" and c.lower_ == "from" for c in noun.children):
        return "target"  # "took $2m in seed funding from Northzone"
    return None


def _money_from(noun: Token, arcs: list[Arc], raising: frozenset[str]) -> bool:
    """"Helio won backing from Northzone", "raised $2m in seed funding from Northzone": money
    from someone reaches the subject of the verb that got it."""
    climbed = [tok.head for way, dep, tok in arcs if way == "up" and dep in ("dobj", "pobj")]
    return any(c.dep_ == "prep" and c.lower_ == "from" for c in noun.children) and bool(climbed) and all(
        v.pos_ not in ("VERB", "AUX") or v.lemma_.lower() in raising for v in climbed)


def _fronted_participle(verb: Token, rel: str, args: list[Arg], entities: list[Entity], sent: Span, add,
                        conf: float, negated: bool) -> None:
    """"Founded in 2010 by A, together with B, Acme has grown": a participle put
    before the clause describes the clause's subject, and its agents did the deed."""
    main = verb.head
    if verb.dep_ != "advcl" or verb.tag_ != "VBN" or verb.i > main.i or any(
            c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "mark") for c in verb.children):
        return
    subject = next((c for c in main.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    roots = {a.root.i: a for a in args}
    if subject is None or subject.i not in roots:
        return
    target = roots[subject.i]
    agents = [roots[t.i] for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
              for t in [g, *g.conjuncts] if t.i in roots]
    agents += [c for a in agents for c in _companions(a.root, args)] + _companions(verb, args)
    sch = schema()
    for agent in agents:
        if agent.entity != target.entity and sch.check_relation(rel, entities[agent.entity].label,
                                                               entities[target.entity].label):
            add(rel, agent.entity, target.entity, sent, f"dep:{rel}:participle:{verb.lemma_.lower()}", conf, verb,
                negated)


def _listed_under(root: Token) -> Token | None:
    """"sells engines to several rivals, including Initech and Globex": the names a group noun
    lists by example stand where that noun does."""
    root = list_head(root)
    prep = root.head
    if root.dep_ != "pobj":
        return None
    if prep.lower_ == "as" and prep.i > 0 and prep.nbor(-1).lower_ == "such":
        prep = prep.nbor(-1) if prep.head.i == prep.i - 1 else prep
    if prep.lower_ not in ("including", "as", "such") or prep.head.pos_ != "NOUN" or prep.head.tag_ != "NNS":
        return None
    return prep.head


def _listed_subjects(verb: Token, args: list[Arg]) -> list[Arg]:
    """"Eight Japanese companies backed it at launch: Toyota Motor, Sony Group, …": the names
    listed after a colon are the verb's subject, a plural common noun."""
    if not any(c.dep_ == "nsubj" and c.tag_ == "NNS" and not c.ent_type_ for c in verb.children):
        return []
    colon = next((t for t in verb.doc[verb.i + 1:verb.sent.end] if t.text == ":"), None)
    if colon is None or not any(a.start == colon.i + 1 and not a.anaphor for a in args):
        return []
    return [a for a in args if a.start > colon.i and not a.anaphor
            and (a.start == colon.i + 1 or a.root.dep_ in ("conj", "appos"))]


def _companions(head: Token, args: list[Arg]) -> list[Arg]:
    """"founded by A, together with B and C": the people "together with" or "along with"
    a name (or its verb) share its part in the event."""
    roots = {a.root.i: a for a in args if not a.anaphor}
    found = []
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "with" and any(
                c.lower_ in ("together", "along") for c in prep.children):
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    found += [roots[t.i] for t in [obj, *obj.conjuncts] if t.i in roots]
    return [a for a in found if a.root.i != head.i]


def _where_beside_an_object(verb: Token, arcs: list[Arc], roots: set[int]) -> bool:
    """"started the company in Copenhagen": with a name (or "the company") as its object,
    a name the verb reaches through "in" or "at" is where, not whom."""
    if not arcs or arcs[0][:2] != ("down", "prep") or arcs[0][2].lower_ not in ("in", "at"):
        return False
    return any(c.dep_ == "dobj" and any(t.i in roots for t in c.subtree) for c in verb.children)


def _clause_of_another_name(arcs: list[Arc], arg: Arg, heads: Heads) -> bool:
    """"Acme; Vexa, which belongs to Initech": a relative clause describes the name it
    hangs on (here one the tagger missed), not what that name stands beside."""
    for way, dep, tok in arcs:
        if way == "up" and dep == "relcl":
            noun = heads.get(tok.i, tok.head)
            return noun.pos_ == "PROPN" and not arg.start <= noun.i < arg.end and noun.i != arg.root.i
    return False


def _other_subject_clause(arcs: list[Arc]) -> bool:
    """"Scorpio, whose Globex Partners is among its shareholders": a relative clause
    with a subject of its own says the role of that subject, not of the noun it describes."""
    for way, dep, tok in arcs:
        if way == "up" and dep == "relcl" and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in _RELATIVIZERS for c in tok.children) \
                and not _about_the_antecedent(tok):
            return True
    return False


def _about_the_antecedent(clause: Token) -> bool:
    """"CIVH, in which Remgro is the largest shareholder": a relative clause whose pronoun
    follows "in" or "of" tells of its antecedent what its subject's role is about."""
    return any(c.dep_ == "prep" and c.lower_ in ("in", "of") and any(
        g.dep_ == "pobj" and g.lower_ in _RELATIVIZERS for g in c.children) for c in clause.children)


def _past_a_name(arcs: list[Arc], name_roots: set[int], heads: Heads) -> bool:
    """A role noun's path that walks through another name: in "Trump's hostility towards
    Amazon founder Jeff Bezos", the founder is Bezos, and the path to Trump goes past him."""
    plural = bool(arcs) and arcs[0][2].tag_ in ("NNS", "NNPS")
    for n, (way, dep, tok) in enumerate(arcs[:-1]):  # the last arc reaches the entity
        if dep == "conj":
            continue  # "the founder of Palantir and Anduril": a list is one argument
        if plural and arcs[n + 1][1] == "conj":
            continue  # "BT and Vodafone, both Huawei customers": a plural noun describes the list
        if way == "down" and arcs[n + 1][:2] == ("down", "conj") and tok.head.lower_ != "of":
            # "the largest shareholder in Ferrari, Stellantis and CNH": down the list's names (not
            # "GV, the venture arm of Alphabet, Bpifrance and …": the list may be the one before)
            continue
        if (heads.get(tok.i, tok.head) if way == "up" else tok).i in name_roots:
            return True
    return False


def buys_a_stake(verb: Token, lex: Lexicon) -> bool:
    """The verb's object is a part of the shares: "owns a tenth of its shares", "holds a
    stake"; or the owning is partial: "NNIT, which is partly owned by Novo Holdings"."""
    if any(c.dep_ == "advmod" and c.lower_ in rule_words(lex, "INVESTED_IN", "partial_adverbs") for c in verb.children):
        return True
    obj = _part_of_the_shares(verb, lex)
    return obj is not None and not _majority(obj, lex)


def _holds_a_majority(verb: Token, lex: Lexicon) -> bool:
    """The verb's object is more than half of the shares: "holds two thirds of Thales Alenia Space"."""
    obj = _part_of_the_shares(verb, lex)
    return obj is not None and _majority(obj, lex)


def _part_of_the_shares(verb: Token, lex: Lexicon) -> Token | None:
    """The verb's object, if it tells of a part of a firm's shares ("a tenth of its shares", "a stake")."""
    words = rule_words(lex, "INVESTED_IN", "stake_nouns")
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    # (the object's own phrase: not "… GmbH, …, and all three share in the production work", hung on it)
    aside = {t.i for c in obj.children if c.dep_ in ("conj", "appos", "relcl") for t in c.subtree}
    return obj if any(t.lemma_.lower() in words or t.lower_ in words for t in obj.subtree if t.i not in aside) else None


def _majority(obj: Token, lex: Lexicon) -> bool:
    """"owns about 51 per cent of ST Engineering", "a controlling stake": more than half
    of a firm is the firm's ownership, not a stake in it."""
    if any(t.lower_ in rule_words(lex, "OWNS", "majority_words") for t in obj.subtree):
        return True
    said = " ".join(t.lower_ for t in obj.subtree).replace(" - ", "-")
    if any(f in said for f in rule_words(lex, "OWNS", "majority_fractions")):
        return True
    for t in obj.subtree:
        if t.like_num and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ in ("%", "per", "percent"):
            try:
                return float(t.text.replace(",", "")) > 50
            except ValueError:
                return False
    return False


def _part_of(arcs: list[Arc], transparent: frozenset[str] = frozenset()) -> bool:
    """The verb's object is a part of the organisation ("X's British arm"), not the
    organisation (nor its board: "chairs its board")."""
    downs = [(dep, tok) for way, dep, tok in arcs if way == "down"]
    return len(downs) >= 2 and downs[0][0] == "dobj" and downs[1][0] in ("poss", "compound", "prep") \
        and downs[0][1].lemma_.lower() not in transparent


def _phrasal_ok(tok: Token, rel: str, lex: Lexicon) -> bool:
    """"set up", "take over": a verb listed with its particle counts only with it."""
    lemma = tok.lemma_.lower()
    needed = {p.split()[1] for p in rule_words(lex, rel, "phrasal") if p.split()[0] == lemma}
    return not needed or any(c.dep_ == "prt" and c.lower_ in needed for c in tok.children)


def _off_sense(tok: Token, rel: str, lex: Lexicon) -> bool:
    """"expects to run into millions of pounds", "ran for mayor": the verb with this particle
    or preposition means something else."""
    away = rule_words(lex, rel, "off_sense_particles")
    if tok.lemma_.lower() in rule_words(lex, rel, "time_verbs") and not any(
            c.dep_ == "dobj" and any(t.ent_type_ == "DATE" or t.lemma_.lower() in rule_words(lex, rel, "time_nouns")
                                     for t in [c, *(g for p in c.children if p.lower_ == "of" for g in p.children)])
            for c in tok.children):
        return True  # "spent a decade at IBM" is a career, "spent £5m at Capita" a purchase
    if any(c.dep_ in ("prt", "prep") and c.lower_ in away and c.i == tok.i + 1 for c in tok.children):
        return True
    not_goods = rule_words(lex, rel, "off_sense_objects")
    if not not_goods:
        return False
    # what changed hands: the object, what "with" gives it, a description beside it, the "of" of a sum
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    objects += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"]
    objects += [a for o in list(objects) for a in o.children if a.dep_ == "appos"]
    objects += [c for o in list(objects) for c in o.conjuncts]  # (an apposition the parser lists)
    objects += [g for o in list(objects) for p in o.children if p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    return any(o.lemma_.lower() in not_goods or o.lower_ in not_goods for o in objects)


def _raised(verb: Token, lex: Lexicon, preps: tuple[str, ...] = ("from",)) -> bool:
    """"raised $200m from", "secured funding from": money that came from someone (with
    ``preps`` "into", "in": money put into someone, "poured $2bn into Anthropic")."""
    money = rule_words(lex, "INVESTED_IN", "money_nouns")
    return any(c.dep_ == "dobj" and (c.lemma_.lower() in money or c.ent_type_ == "MONEY") for c in verb.children) \
        and any(c.dep_ == "prep" and c.lower_ in preps for c in verb.children)


def _co_prefix(tok: Token) -> bool:
    """"co-founded": the tokenizer made three words of it ("co", "-", "founded")."""
    return tok.i >= 2 and tok.nbor(-1).text == "-" and tok.nbor(-2).lower_ == "co" and not tok.nbor(-1).whitespace_ \
        and not tok.nbor(-2).whitespace_


def verb_group(trigger: Token) -> list[Token]:
    """The words of one verb or noun: "co-founded" is three tokens, and the small parser
    often makes "co" or "-" the head, with the subject, the object or the possessor
    ("Palantir's co-founder") hanging from it."""
    if _co_prefix(trigger):
        group = [trigger, trigger.nbor(-2), trigger.nbor(-1)]
        # "Palantir was not co-founded by": the parser made "was" the head of the pieces.
        group += list({t.head.i: t.head for t in group if t.head.pos_ == "AUX" and t.head not in group
                       and t.dep_ in ("acomp", "advcl", "xcomp", "attr")}.values())
        return group
    if trigger.tag_ == "VBN" and trigger.dep_ in ("acomp", "attr") and trigger.head.pos_ == "AUX" \
            and any(c.dep_ == "agent" for c in trigger.children):
        return [trigger, trigger.head]  # "Vodacom is majority-owned by Vodafone": the parser made "is" the head
    return [trigger]


def group_arcs(group: list[Token], target: Token, heads: Heads | None = None) -> tuple[Token, list[Arc]] | None:
    """The shortest path from a word of ``group`` to ``target``, the steps between the
    group's own words left out."""
    if len(group) == 1:
        arcs = arcs_from(group[0], target, heads)
        return None if arcs is None else (group[0], arcs)
    inside = {t.i for t in group}
    best = None
    for member in group:
        arcs = arcs_from(member, target, heads)
        if arcs is None:
            continue
        arcs = [a for a in arcs if not (a[2].i in inside and a[2].head.i in inside)]
        if any(a[2].i in inside for a in arcs if a[0] == "down"):
            continue  # back into the group: another member's path is the right one
        if best is None or len(arcs) < len(best[1]):
            best = (member, arcs)
    return best


@per_lexicon
def _trigger_index(lex: Lexicon) -> tuple[dict[str, list[str]], ...]:
    """Relation types by verb lemma, by noun lemma, by stake verb, by raising verb and by
    verb of putting money in."""
    tables: tuple[dict[str, list[str]], ...] = ({}, {}, {}, {}, {})
    for rel, trig in lex.triggers.items():
        for table, words in zip(tables, (trig.verbs, trig.nouns, rule_words(lex, rel, "stake_verbs"),
                                         rule_words(lex, rel, "raise_verbs"), rule_words(lex, rel, "money_in_verbs"))):
            for word in words:
                table.setdefault(word, []).append(rel)
    return tables


@per_lexicon
def _role_nouns(lex: Lexicon) -> frozenset[str]:
    """The role nouns of founding, leading and working for ("founder", "chief", "adviser")."""
    return frozenset(w for rel in ("FOUNDED", "LEADS", "WORKS_FOR") for w in lex.triggers[rel].nouns)


@per_lexicon
def _people_nouns(lex: Lexicon) -> frozenset[str]:
    """Nouns for a person or their job (titles, role nouns, "banker", "analyst")."""
    return lex.titles | name_words(lex).person_nouns | _role_nouns(lex)


def _triggers(sent: Span, lex: Lexicon) -> list[tuple[Token, str, str]]:
    verbs, nouns, stakes, raises, money_in = _trigger_index(lex)
    chief_roles = rule_words(lex, "LEADS", "chief_roles")
    people_nouns = _people_nouns(lex)
    found = []
    for tok in sent:
        pos = tok.pos_
        if pos not in ("VERB", "AUX", "NOUN", "PROPN", "ADJ"):
            continue
        lemma, lower = tok.lemma_.lower(), tok.lower_
        if _co_prefix(tok):
            lemma = lower = "co-" + lemma  # "co-founded", "co-led", split by the tokenizer
            if any(t.pos_ in ("VERB", "AUX") for t in verb_group(tok)):
                pos = "VERB"  # "did not co-found": the parser may tag "found" an adjective, "co" the verb
        if pos in ("VERB", "AUX"):
            if tok.i + 2 < len(tok.doc) and tok.nbor(1).text == "-" and not tok.whitespace_ \
                    and not tok.nbor(1).whitespace_ and tok.nbor(2).lower_ == "up":
                continue  # "the start-up's co-founders": a noun the tokenizer split, not "start"
            if tok.dep_ in ("amod", "compound") and tok.tag_ == "VBG" and tok.head.pos_ == "NOUN":
                continue  # "managing associate general counsel", "a leading investor": part of a noun phrase
            if tok.i >= 2 and tok.nbor(-1).text == "-" and not tok.nbor(-1).whitespace_ \
                    and not tok.nbor(-2).whitespace_ and tok.nbor(-2).is_lower and not tok.nbor(-2).ent_type_ \
                    and tok.dep_ in ("amod", "compound") and tok.head.pos_ == "NOUN" \
                    and not any(c.dep_ == "agent" for c in tok.children):
                continue  # "the state-controlled group": a kind of firm (not "Thiel-backed", "majority-owned by")
            rels = verbs.get(lemma, []) + [r for r in verbs.get(lower, []) if lower != lemma]
            for rel in dict.fromkeys(rels):
                if _phrasal_ok(tok, rel, lex) and not _off_sense(tok, rel, lex):
                    found.append((tok, rel, "verb"))
            if pos == "VERB":
                for rel in stakes.get(lemma, []):
                    if rel not in rels and buys_a_stake(tok, lex):
                        found.append((tok, rel, "verb"))  # "holds a third of its shares"
                    elif rel not in rels and "OWNS" not in rels and _holds_a_majority(tok, lex):
                        found.append((tok, "OWNS", "verb"))  # "Thales holds two thirds"
                for rel in raises.get(lemma, []):
                    if rel not in rels and _raised(tok, lex):
                        found.append((tok, rel, "raise"))  # "raised money from Kinnevik"
                for rel in money_in.get(lemma, []):
                    if rel not in rels and _raised(tok, lex, ("into", "in")):
                        found.append((tok, rel, "verb"))  # "has put money into Anthropic"
            continue
        rels = nouns.get(lemma, []) + [r for r in nouns.get(lower, []) if lower != lemma]
        if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.lemma_.lower() in people_nouns:
            # "a former UBS investment banker", "the firm's funding manager": a kind of job
            rels = [r for r in rels if r != "INVESTED_IN"]
        for rel in dict.fromkeys(rels):
            if lemma in chief_roles and rel == "LEADS" and not any(c.lower_ == "chief" for c in tok.children):
                continue  # an executive who is not the chief executive
            if lemma == "executive" and rel == "WORKS_FOR" and any(c.lower_ == "chief" for c in tok.children):
                continue
            general = tok.i + 2 < len(tok.doc) and tok.nbor(1).text == "-" and tok.nbor(2).lower_ == "general"
            if lemma == "director" and general:
                rel = "LEADS"  # "director-general" heads the body
                if tok.head.i == tok.i + 2 and not any(c.dep_ in ("poss", "det", "prep") for c in tok.children):
                    # "the agency's director-general": the parser heads the title at "general"
                    found.append((tok.nbor(2), rel, "noun"))
                    continue
            if rel == "INVESTED_IN" and lemma in rule_words(lex, "INVESTED_IN", "stake_nouns") and _majority(tok, lex):
                rel = "OWNS"  # "a majority stake in Tidal", "a controlling stake": the firm's ownership
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
    ties: dict[int, set[int]] = {}  # person -> the firms the sentences before tied them to
    fresh: list[tuple[int, int]] = []  # ties of the sentence being read, counted from the next

    def add(type_: str, src: int, dst: int, sent: Span, extractor: str, conf: float,
            anchor: Token | None = None, negated: bool = False, kind: str | None = None) -> None:
        when = None
        if dater is not None and anchor is not None:
            when = dater.date(anchor, kind or dater.relation_kind(type_, anchor))
        ev = evidence(sent, extractor, conf, negated=negated, when=when)
        items = found.setdefault((type_, src, dst), [])
        if ev not in items:
            items.append(ev)
        if anchor is not None and anchor.pos_ == "VERB" and not extractor.endswith(":with") \
                and (type_ == "INVESTED_IN" or type_ == "OWNS" and anchor.lemma_.lower() in _OWNING):
            # those who invested alongside the investor put money in the same firm; co-owners own it
            for partner in _partners(anchor, args_by_sent.get(sent.start, [])):
                if partner.entity not in (src, dst) and sch.check_relation(
                        type_, entities[partner.entity].label, entities[dst].label):
                    add(type_, partner.entity, dst, sent, extractor + ":with", conf, anchor, negated, kind)
        if type_ in _TIES and entities[dst].label == "Company":
            fresh.append((src, dst))

    mentions_so_far: dict[int, int] = {}
    used = {a.entity for items in args_by_sent.values() for a in items}
    previous: list[Arg] = []
    successions: list[tuple] = []
    transparent = rule_words(lex, "paths", "transparent")
    kin = rule_words(lex, "paths", "kin_nouns")
    members = rule_words(lex, "paths", "member_verbs")
    parts = lex.triggers["OWNS"].target_nouns
    for sent in doc.sents:
        args = args_by_sent.get(sent.start, [])
        for a in args:
            # "the bureau" (of the Harbour Data Bureau) keeps the story on the body as
            # much as its name does; a looser "the firm" or "it" may mean another
            if not a.anaphor or a.root.lower_ in normalize(entities[a.entity].name).split():
                mentions_so_far[a.entity] = mentions_so_far.get(a.entity, 0) + 1
        heads = appositions(sent, args, entities, lex)
        # "SpaceX, the rocket company founded by ...": the description is the firm named, no reference back.
        args = [a for a in args if not (a.anaphor and a.root.i in heads)]
        for src, dst in fresh:
            ties.setdefault(src, set()).add(dst)
        fresh.clear()
        titled = _people_roles(sent, args, entities, lex, mentions_so_far, used, add, heads, ties)
        args, previous = args + person_pronouns(sent, args, previous, entities), args
        if len(args) < 2:
            continue
        conf = confidence(sent, lex)
        in_names = {i for a in args if not a.anaphor for i in range(a.start, a.end)}
        arg_roots = {a.root.i for a in args}
        name_roots = {a.root.i for a in args if not a.anaphor}
        for trigger, rel, kind in _triggers(sent, lex):
            if trigger.i in in_names:
                continue  # "Mayor" in "Mayor of London" is part of a name
            if rel == "SUPPLIES" and sent.start in skip_sentences:
                continue  # a contract sentence: the contract rules decide client links there
            negated = noun_negated(trigger, lex) if kind == "noun" else verb_negated(trigger, lex)
            if trigger.lemma_.lower() == "sell" and _divestment(trigger, args, entities, sent, add, conf, negated, lex):
                continue
            if rel == "OWNS" and kind == "verb":
                _bought_from(trigger, args, entities, sent, add, conf, negated, lex)
            if negated and kind == "verb" and trigger.lemma_.lower() in rule_words(lex, rel, "leaving_verbs"):
                continue  # "never left Meta" denies no job there
            if kind == "verb":
                _fronted_participle(trigger, rel, args, entities, sent, add, conf, negated)
            reached = []
            inverse = rule_words(lex, rel, "inverse_verbs")  # the subject is the relation's target
            # money "from" someone: "took $2m in seed funding from Northzone"
            money_noun = kind == "noun" and trigger.lemma_.lower() in rule_words(lex, rel, "money_nouns")
            receiving = rule_words(lex, rel, "raise_verbs") | rule_words(lex, rel, "getting_verbs") \
                if money_noun else frozenset()
            group = verb_group(trigger)
            if len(group) > 1:
                negated = negated or any(verb_negated(t, lex) for t in group[1:])
            for arg in args:
                if any(arg.start <= t.i < arg.end for t in group):
                    continue
                listed = _listed_under(arg.root)
                if listed is None or any(listed.i == t.i for t in group):
                    listed = arg.root  # "its clients, including the CIA": the trigger's own list
                path = group_arcs(group, listed, heads)
                if path is None:
                    continue
                member, arcs = path
                arcs = repair(arcs)
                # (in a verb's object, a preposition past a noun that stands for its owner adds no
                # distance: "holds 17% of the voting shares in Volkswagen")
                through = kind == "verb" and arcs and arcs[0][:2] == ("down", "dobj")
                length = len([a for a in arcs if a[1] != "conj" and not (
                    through and a[1] == "prep" and a[2].head.lemma_.lower() in transparent)])
                if not arcs or length > MAX_ARCS or not reachable(
                        arcs, transparent, members, parts=rel == "LEADS" and kind == "verb"):
                    continue
                if kind == "noun" and (not (_through_copula(arcs, rel == "OWNS" and trigger.lemma_.lower() in parts)
                                            or (money_noun and _money_from(trigger, arcs, receiving)))
                                       or _past_a_name(arcs, name_roots, heads)
                                       or _other_subject_clause(arcs)):
                    continue
                if kind == "noun" and _brand_name(member, arcs, lex):
                    continue
                if kind == "noun" and any(way == "up" and tok.head.lemma_.lower() in kin
                                          for way, _, tok in arcs[:-1] or arcs):
                    continue  # "a grandson of the group's founder": the founder is another
                if _clause_of_another_name(arcs, arg, heads):
                    continue
                if kind == "verb" and _where_beside_an_object(member, arcs, arg_roots):
                    continue
                role = _role(member, arcs, "verb" if kind == "raise" else kind, lex.triggers[rel].target_nouns, group)
                if kind == "verb" and arcs[0][:2] == ("down", "prep") \
                        and arcs[0][2].lower_ in rule_words(lex, rel, "place_preps"):
                    continue  # "was started inside the Otto Group by …": where, not what, was founded
                if money_noun:
                    role = _from_whom(member, arcs) or role
                if kind == "raise":
                    # The money's source invests in the one that raised it.
                    downs = [tok for way, _, tok in arcs if way == "down"]
                    role = "source" if downs and downs[0].dep_ == "prep" and downs[0].lower_ == "from" else (
                        "target" if role == "source" else None)
                if kind == "verb" and role is not None and member.lemma_.lower() in inverse:
                    role = "target" if role == "source" else "source"  # "X belongs to Y": Y owns X
                reached.append((arg, role, arcs))
            if kind == "verb":
                # "co-founded by A together with B", "A founded it together with B"
                doers = [(a, arcs) for a, role, arcs in reached if role == "source"]
                reached += [(c, "source", arcs) for a, arcs in doers for c in _companions(a.root, args)]
                if len(doers) == 1:
                    reached += [(c, "source", doers[0][1]) for c in _companions(trigger, args)]
                listed = _listed_subjects(trigger, args) if not doers else []
                if listed:  # (each a doer, not the others' object)
                    mine = {c.entity for c in listed}
                    reached = [r for r in reached if r[0].entity not in mine] + [(c, "source", []) for c in listed]
            for a, role_a, arcs_a in reached:
                for b, role_b, arcs_b in reached:
                    if a.entity >= b.entity:
                        continue
                    la, lb = entities[a.entity].label, entities[b.entity].label
                    forward, backward = sch.check_relation(rel, la, lb), sch.check_relation(rel, lb, la)
                    if kind == "noun" and role_a == role_b:
                        continue  # a role noun relates its holder to another: "founder of X"
                    if kind == "raise":
                        if None in (role_a, role_b) or role_a == role_b:
                            continue
                        forward, backward = (forward, False) if role_a == "source" else (False, backward)
                    if forward and backward:
                        if role_a == role_b or None in (role_a, role_b):
                            continue
                        src, dst = (a, b) if role_a == "source" else (b, a)
                    elif forward:
                        if (role_a, role_b) == ("target", "source"):
                            continue  # the syntax says the other way round, which the labels forbid
                        src, dst = a, b
                    elif backward:
                        if (role_a, role_b) == ("source", "target"):
                            continue
                        src, dst = b, a
                    else:
                        continue
                    type_ = rel
                    if rel == "LEADS" and kind == "noun" and (_one_of_many(trigger) or _deputy(trigger, [], lex)):
                        type_ = "WORKS_FOR"  # "a Cabinet Office minister", "its deputy commissioner"
                    elif rel == "WORKS_FOR" and kind == "noun" and (_managing(trigger, lex) or _heads_agency(
                            trigger, entities[dst.entity].label, lex)) and not _deputy(trigger, [], lex):
                        type_ = "LEADS"  # "Globex's managing partner", "the agency's director"
                    if titled.get(trigger.i, dst.entity) != dst.entity:
                        continue  # the title's portfolio named another agency of the story
                    if rel == "LEADS" and kind == "verb" and _part_of(arcs_b if dst is b else arcs_a, transparent):
                        type_ = "WORKS_FOR"  # runs Palantir's British business: a part, not the firm
                    if rel == "OWNS" and kind == "verb" and buys_a_stake(trigger, lex):
                        type_ = "INVESTED_IN"  # "owns a tenth of its shares": a stake, not the firm
                    target = dst.entity
                    own = ties.get(src.entity, set())
                    if type_ in _TIES and dst.anaphor and entities[target].label == "Company" and len(own) == 1:
                        # "Vélez is the company's chief executive" after "Nubank was founded by David
                        # Vélez": "the company" of a person's role is the one firm the story tied them to
                        target = next(iter(own))
                    add(type_, src.entity, target, sent, f"dep:{rel}:{kind}:{trigger.lemma_.lower()}", conf,
                        trigger, negated)
        _title_rule(doc, sent, args, entities, lex, add, conf)
        _split_title(sent, args, entities, lex, add, conf)
        _appointed_as(sent, args, entities, lex, add, conf)
        _group_founders(sent, args, entities, lex, add, conf)
        _owned_units(sent, args, entities, lex, add, conf)
        _venture_partners(sent, args, entities, lex, add, conf)
        if sent.start not in skip_sentences:
            _client_rule(sent, args, entities, lex, add, conf)
        successions += _successions(sent, args, entities, lex)
    backers = frozenset(src for (type_, src, _), evs in found.items() if type_ == "INVESTED_IN"
                        and any(not ev["negated"] for ev in evs))
    funding_rounds(doc, entities, args_by_sent, lex, add, lambda s: confidence(s, lex),
                   lambda verb: verb_negated(verb, lex), backers)
    client_lists(doc, entities, args_by_sent, lex, add, lambda s: confidence(s, lex),
                 lambda verb: verb_negated(verb, lex))
    _pass_on_roles(successions, found, add)
    return _head_not_staff(_named_over_implicit(found))


def _named_over_implicit(found: dict) -> dict:
    """A role given to the story's firm for want of a named one gives way where the same
    sentence names the person's employer ("For Roper, led by chief executive Neil Hunn,"
    is no role at the firm the story is about)."""
    named = {(type_, src, ev["start"]) for (type_, src, _), evs in found.items() for ev in evs
             if not ev["extractor"].startswith("implicit:")}
    out = {}
    for key, evs in found.items():
        kept = [ev for ev in evs if not (ev["extractor"].startswith("implicit:") and (key[0], key[1], ev["start"]) in named)]
        if kept:
            out[key] = kept
    return out


def _holds(found: dict, rel: str, person: int) -> list[int]:
    """What the person is said (not denied) to hold a ``rel`` role at."""
    return [dst for (type_, src, dst), evs in found.items() if type_ == rel and src == person
            and any(not ev["negated"] for ev in evs)]


def _successions(sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon) -> list[tuple]:
    """(new holder, old holder, verb, sentence) of "A succeeded B", "B was replaced by A",
    "A, who succeeded B": one person taking over another's post."""
    verbs = rule_words(lex, "LEADS", "succession_verbs")
    handing = rule_words(lex, "LEADS", "handing_over_verbs")
    people = {i: a for a in args if entities[a.entity].label == "Person" for i in range(a.start, a.end)}

    def person(tok: Token | None) -> Token | None:
        """The person a noun names, or the name beside a role ("chief executive Simon Segars")."""
        if tok is None or tok.i in people:
            return tok
        return next((c for c in tok.children if c.dep_ == "appos" and c.i in people), None)

    out = []
    for verb in sent:
        if verb.pos_ != "VERB" or verb_negated(verb, lex):
            continue
        lemma = verb.lemma_.lower()
        handed = lemma in handing and any(c.dep_ == "prt" and c.lower_ == "over" for c in verb.children)
        if lemma not in verbs and not handed:
            continue
        head = verb
        while not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children) and head.dep_ in ("conj", "xcomp"):
            if head.dep_ == "xcomp" and (named := person(next(
                    (c for c in head.head.children if c.dep_ == "dobj"), None))) is not None:
                head = named  # "the board named Dlomu to succeed Hoole": the named one succeeds
                break
            head = head.head  # "stepped down ... and was replaced by", "was named to succeed": a shared subject
        subject = head if head.i in people else next(
            (c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ in ("who", "that") and head.dep_ == "relcl":
            subject = head.head  # "Mary Smith, who succeeded Doe"
        if subject is None and head.dep_ == "acl" and head.head.i in people:
            subject = head.head  # "Jon Lewis, who led Capita, handed over to …" as the parser hangs it
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        agent = next((g for c in verb.subtree if c.dep_ in ("agent", "prep") and c.lower_ == "by"
                      for g in c.children if g.dep_ == "pobj" and g.i in people), None)
        obj = person(next((c for c in verb.children if c.dep_ == "dobj"), None))
        with_ = next((g for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"
                      for g in c.children if g.dep_ == "pobj" and g.i in people), None)
        to = next((g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"
                   for g in c.children if g.dep_ == "pobj" and g.i in people), None)
        if handed:
            new, old = to, subject  # "Jon Lewis handed over to Adolfo Hernandez"
        elif passive:
            new, old = agent, subject
        elif with_ is not None:
            new, old = with_, obj  # "replaced chief executive Simon Segars with Rene Haas"
        else:
            new, old = subject, obj
        if new is None or old is None or new.i not in people or old.i not in people:
            continue
        if people[new.i].entity != people[old.i].entity:
            out.append((people[new.i].entity, people[old.i].entity, verb, sent, confidence(sent, lex)))
    return out


def _pass_on_roles(successions: list[tuple], found: dict, add) -> None:
    """A successor holds the post the one before held: "Smith, who succeeded
    Doe" leads what Doe led (and, said the other way, the predecessor
    led what the successor took over "as chief executive" in that sentence)."""
    for new, old, verb, sent, conf in successions:
        for org in _holds(found, "LEADS", old):
            add("LEADS", new, org, sent, "succession:LEADS", conf, verb)
        stated = any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)
        for org in _holds(found, "LEADS", new) if stated else []:
            if any(ev["start"] == sent.start_char for ev in found[("LEADS", new, org)]):
                add("LEADS", old, org, sent, "succession:LEADS", conf, verb)


def _head_not_staff(found: dict) -> dict:
    """Who leads a body also works there: the lesser WORKS_FOR adds nothing
    ("Lund left the agency" after "its director-general, Maria Lund")."""
    leads = {(src, dst) for (type_, src, dst), evs in found.items() if type_ == "LEADS"
             and any(not ev["negated"] for ev in evs)}
    return {key: evs for key, evs in found.items() if not (key[0] == "WORKS_FOR" and key[1:] in leads)}


IMPLICIT = 0.5
_LINKING_ROLE_VERBS = {"be", "become", "remain", "serve", "stay", "act"}


def _title_words(person: Arg) -> list[Token]:
    """The words of a title before a name, left to right: "Defence Secretary John Healey"."""
    doc, words = person.root.doc, []
    i = person.start - 1
    span = range(person.start, person.end)
    while i >= 0 and not doc[i].is_punct and doc[i].sent.start == person.root.sent.start:
        tok, head = doc[i], doc[i]
        while head.i not in span and head.i < person.start and (head.dep_ in ("compound", "amod", "nmod", "cc", "conj",
                                                                                "punct") or _portfolio_arc(head)) \
                and head.head.i != head.i:
            head = head.head
        if head.i not in span:
            break
        words.insert(0, tok)
        i -= 1
    return words or _titled_by_surface(person)


def _titled_by_surface(person: Arg) -> list[Token]:
    """"Minister for Health Simon Harris" as the parser may leave it (the title a subject of
    its own): a portfolio title, its "for"/"of" and capitalised words right before the name."""
    doc, i = person.root.doc, person.start - 1
    while i > person.root.sent.start and doc[i].lemma_.lower() not in _PORTFOLIO_TITLES and (
            doc[i].is_title or doc[i].lower_ in ("and", "&", *_PORTFOLIO_PREPS)):
        i -= 1
    if i < person.start - 2 and doc[i].is_title and doc[i].lemma_.lower() in _PORTFOLIO_TITLES \
            and doc[i + 1].lower_ in _PORTFOLIO_PREPS:
        return list(doc[i:person.start])
    return []


_PORTFOLIO_TITLES = {"minister", "secretary", "mayor", "governor"}
_PORTFOLIO_PREPS = ("for", "of")  # "Minister for Health", "Secretary of State"


def _portfolio_arc(tok: Token) -> bool:
    """"Minister for Health Simon Harris": the portfolio after a minister's "for" or "of"
    is part of the title before the name."""
    if tok.dep_ == "prep":
        return tok.lower_ in _PORTFOLIO_PREPS and tok.head.lemma_.lower() in _PORTFOLIO_TITLES
    return tok.dep_ == "pobj" and tok.head.dep_ == "prep" and _portfolio_arc(tok.head)


def role_nouns(person: Arg, heads: Heads | None = None) -> list[tuple[Token, list[Token]]]:
    """The role nouns said of a person, each with the title words before it:
    a title ("Commissioner Sir Mark Rowley"), an apposition ("Elizabeth Denham,
    then the Information Commissioner"; "His predecessor as secretary, David
    Shulkin"), or what the person is, became or served as ("who became secretary",
    "served as acting chief executive", "led a restructuring as chief executive")."""
    root = person.root
    found: list[tuple[Token, list[Token]]] = []
    title = _title_words(person)
    at = next((k for k, t in enumerate(title) if k and t.lower_ in _PORTFOLIO_PREPS
               and title[k - 1].lemma_.lower() in _PORTFOLIO_TITLES), None)
    if at is not None:
        found.append((title[at - 1], title[:at - 1] + title[at + 1:]))  # "Minister" + "for Health"
    elif title:
        found.append((title[-1], title[:-1]))
        # "Founder and chief executive Tope Awotona": each title of the pair
        found += [(title[k - 1], title[:k - 1]) for k in range(1, len(title) - 1)
                  if title[k].lower_ == "and" and title[k - 1].pos_ in ("NOUN", "PROPN")]
    heads = heads or {}
    nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN") and c.i not in heads]
    nouns += [root.doc[i] for i, h in heads.items() if h.i == root.i and root.doc[i].pos_ in ("NOUN", "PROPN")]
    head = heads.get(root.i, root.head)
    if root.dep_ == "appos" and head.pos_ in ("NOUN", "PROPN"):
        nouns.append(head)  # "The Home Secretary, Yvette Cooper"
    subjects = [root] + [c for rel in root.children if rel.dep_ == "relcl" for c in rel.children
                         if c.dep_ == "nsubj" and c.lower_ in ("who", "that")]
    doc = root.doc
    if person.end + 1 < len(doc) and doc[person.end].text == "," and doc[person.end + 1].lower_ == "who" \
            and doc[person.end + 1].dep_ == "nsubj" and doc[person.end + 1].head.dep_ == "relcl" \
            and doc[person.end + 1] not in subjects:
        # "... and Tom Baker, who was transport secretary": the parser hung the clause on the
        # first noun of the list, but "who" right after a name and its comma is that person.
        subjects.append(doc[person.end + 1])
    verbs = []
    for subject in subjects:
        if subject.dep_ not in ("nsubj", "nsubjpass") and subject is not root:
            continue
        verb = subject.head if subject.dep_ in ("nsubj", "nsubjpass") else None
        if verb is None or verb.pos_ not in ("VERB", "AUX"):
            continue
        # "left in 2023 to become chief executive of dLocal", "is expected to serve as chair":
        # a "to" clause with no subject of its own is the person's
        verbs += [verb] * (subject.dep_ == "nsubj") + [
            c for c in verb.children if c.dep_ in ("xcomp", "advcl") and subjectless_to_clause(c)]
    for verb in verbs:
        if verb.lemma_.lower() in _LINKING_ROLE_VERBS:
            nouns += [c for c in verb.children if c.dep_ in ("attr", "oprd") and c.pos_ == "NOUN"]
        # "served as chief executive"; "led a restructuring as chief executive" (the parser may
        # hang the "as" on the object)
        holders = [verb] + [c for c in verb.children if c.dep_ == "dobj"]
        nouns += [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children
                  if g.dep_ == "pobj" and g.pos_ == "NOUN"]
    # "Founder and chief executive Dana Okafor", parsed as the name in apposition to "Founder"
    nouns += [c for n in nouns for c in n.children if c.dep_ == "conj" and c.pos_ == "NOUN" and c not in nouns]
    for noun in nouns:
        # "as secretary" inside an apposition: "His predecessor as secretary".
        inner = [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children
                 if g.dep_ == "pobj"]
        for n in [noun] + inner:
            words = [t for t in n.lefts if t.dep_ in ("compound", "amod", "nmod", "det", "advmod")]
            words = [t for w in words for t in w.subtree if t.i < n.i]
            if n.lemma_.lower() in _PORTFOLIO_TITLES:
                # "the Minister of Mineral Resources and Energy", "the secretary of Home Affairs"
                words += [t for c in n.children if c.dep_ == "prep" and c.lower_ in _PORTFOLIO_PREPS
                          for g in c.children if g.dep_ == "pobj" for t in g.subtree]
            found.append((n, words))
    return found


def _one_of_many(noun: Token) -> bool:
    """"a Cabinet Office minister": one of several who hold the title, not the head."""
    return any(c.lower_ in ("a", "an") and c.dep_ == "det" for c in noun.children) and not any(
        c.lower_ in ("chief", "former") for c in noun.children)


def _deputy(noun: Token, words: list[Token], lex: Lexicon) -> bool:
    """"the NYPD's deputy commissioner", "vice-chairman", a state secretary: second in
    command, not the head."""
    deputies = rule_words(lex, "LEADS", "deputy_words")
    near = list(words) + [t for c in noun.lefts if c.dep_ in ("compound", "amod", "nmod", "advmod")
                          for t in c.subtree]
    if noun.i >= 2 and noun.nbor(-1).text == "-":
        near.append(noun.nbor(-2))  # "vice-president", split by the tokenizer
    junior = rule_words(lex, "LEADS", "junior_titles")
    doc = noun.doc
    if (noun.i >= 1 and f"{doc[noun.i - 1].lower_} {noun.lower_}" in junior) or (
            noun.i + 2 < len(doc) and f"{noun.lower_} {doc[noun.i + 1].lower_} {doc[noun.i + 2].lower_}" in junior):
        return True  # "state secretary at the ministry", "Minister of State for Home Affairs"
    return any(t.lower_ in deputies for t in near if t.i < noun.i)  # not "Secretary of State"


def _managing(noun: Token, lex: Lexicon) -> bool:
    """"its managing director": a staff title that names the head (but "a managing director"
    is one of several)."""
    heads = rule_words(lex, "LEADS", "head_words")
    titles = rule_words(lex, "LEADS", "head_titles")
    return not _one_of_many(noun) and any(t.lower_ in heads or f"{t.lower_} {noun.lower_}" in titles
                                          for c in noun.lefts if c.dep_ in ("compound", "amod", "nmod")
                                          for t in c.subtree)


def _heads_agency(noun: Token, label: str, lex: Lexicon) -> bool:
    """"the hub's director": the director of a public body heads it; not "a director",
    "deputy director", nor "director of communications" (a post under the head)."""
    if label != "Agency" or noun.lemma_.lower() not in rule_words(lex, "LEADS", "agency_heads"):
        return False
    plain = rule_words(lex, "paths", "title_modifiers")
    if _one_of_many(noun) or _deputy(noun, [], lex) or any(
            c.dep_ in ("compound", "amod") and c.lower_ not in plain for c in noun.lefts):
        return False
    return not any(c.dep_ == "prep" and c.lower_ in ("of", "for") and any(
        g.dep_ == "pobj" and g.pos_ == "NOUN" for g in c.children) for c in noun.children)


def _office_holder(person: Arg, orgs: dict[int, Arg], entities: list[Entity], roles: frozenset[str],
                   heads: Heads) -> int | None:
    """"the European Data Protection Supervisor, Wojciech Wiewiórowski": an agency named
    after the one who holds it, in apposition with a name."""
    root = person.root
    near = [heads.get(root.i, root.head)] if root.dep_ == "appos" else []
    near += [c for c in root.children if c.dep_ == "appos" and c.i not in heads]
    near += [root.doc[i] for i, h in heads.items() if h.i == root.i]
    for tok in near:
        org = orgs.get(tok.i)
        if org is not None and entities[org.entity].label == "Agency" and \
                normalize(entities[org.entity].name).split()[-1:] and \
                normalize(entities[org.entity].name).split()[-1] in roles:
            return org.entity
    return None


def _named_employer(noun: Token, words: list[Token], args: list[Arg]) -> bool:
    """The role names whose it is: "Palantir's", "of the company", "NHSX chief executive"."""
    heads = [noun] + ([noun.head] if noun.dep_ == "conj" else [])
    heads += [h.nbor(k) for h in heads if _co_prefix(h) for k in (-2, -1)]  # "the chip maker's co-founder"
    if any(c.dep_ == "poss" for h in heads for c in h.children):
        return True
    inside = {i for a in args for i in range(a.start, a.end)}
    if any(c.dep_ == "prep" and c.lower_ in ("of", "at", "for", "in") and any(
            g.pos_ == "PROPN" or g.ent_type_ in ("ORG", "GPE") or g.i in inside for g in c.subtree) for c in noun.children):
        return True  # "chief executive of Microsoft UK", not "chief executive at the time"
    if any(t.i in inside for t in words):
        return True
    first = min([t.i for t in words] + [noun.i])
    return first > 0 and (first - 1) in inside and not noun.doc[first - 1].is_punct


def _of_an_organisation(person: Arg, orgs: dict[int, Arg]) -> int | None:
    """The firm or body named right after a person's name and "of" ("Vivian Wu of the Chan
    Zuckerberg Initiative"), if the "of" hangs on the name."""
    doc = person.root.doc
    at = person.end
    if at + 2 < len(doc) and doc[at].text == "," and doc[at + 1].lower_ in _FORMERLY \
            and doc[at + 1].head.i in (person.root.i, at + 2):
        at += 2  # "Ingrid Vos, formerly of Shell,": a past job
    if at + 1 >= len(doc) or doc[at].lower_ != "of" or doc[at].head.i not in (person.root.i, doc[at - 1].i):
        return None
    return next((orgs[g.i].entity for g in doc[at].children if g.dep_ == "pobj" and g.i in orgs
                 and not orgs[g.i].anaphor), None)


_FORMERLY = {"formerly", "previously", "latterly", "lately", "once", "late"}


def _another_office(noun: Token, lemma: str, sent: Span, lex: Lexicon) -> bool:
    """The story named the office before with its portfolio ("the privacy commissioner"):
    a bare title later ("Commissioner Daniel Therrien") is that office, not the story's agency."""
    for tok in sent.doc[:sent.start]:
        if tok.lemma_.lower() == lemma and tok.pos_ in ("NOUN", "PROPN") and _portfolio(
                [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")], lex):
            return True
    return False


def _portfolio(words: list[Token], lex: Lexicon) -> list[str]:
    """The content words of a title: "Defence" of "Defence Secretary", "Health and Social Care"."""
    skip = rule_words(lex, "paths", "title_modifiers")
    roles = lex.triggers["LEADS"].nouns | lex.triggers["WORKS_FOR"].nouns
    return [t.lower_ for t in words if t.pos_ in ("PROPN", "NOUN", "ADJ") and t.lower_ not in skip
            and t.lower_ not in roles and t.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL")]


@per_lexicon
def _spellings(lex: Lexicon) -> dict[str, str]:
    """Each word of a portfolio to its other spelling, both ways ("defence" ↔ "defense")."""
    return {w: v for pair in rule_words(lex, "LEADS", "spellings") for w, v in (pair.split(), pair.split()[::-1])}


def _agency_of(portfolio: list[str], role: str, entities: list[Entity], used: set[int], lex: Lexicon,
               bearing: bool = False, seen: dict[int, int] | None = None) -> int | None:
    """The one agency of the story whose name holds the portfolio: "Defence Secretary" →
    Ministry of Defence, "Information Commissioner" → Information Commissioner's Office."""
    offices = rule_words(lex, "LEADS", "office_words")
    if role in rule_words(lex, "LEADS", "government_roles"):
        offices = offices | rule_words(lex, "LEADS", "government_bodies")  # "the mayor of Helsingør"
    spelt = _spellings(lex)
    found = []
    for e in used:
        ent = entities[e]
        if ent.label != "Agency" or (bearing and e not in seen):
            continue
        for norm in ent.norms:
            words = norm.split()
            if all(w in words or spelt.get(w) in words for w in portfolio) \
                    and (role in words or (not bearing and any(w in offices for w in words))):
                found.append((len(words) - len(portfolio), e))
                break
    found.sort()
    if not found or (len(found) > 1 and found[0][0] == found[1][0]):
        return None
    return found[0][1]


_TIES = ("FOUNDED", "LEADS")


def _people_roles(sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon, counts: dict[int, int],
                  used: set[int], add, heads: Heads | None = None,
                  ties: dict[int, set[int]] | None = None) -> dict[int, int]:
    """Roles said of a person with no organisation named beside them.

    A portfolio in the title names the agency ("Defence Secretary John Healey": the
    Ministry of Defence of the story). A bare top role ("Chief executive Tom Seymour",
    "who became secretary in 2021") or a firm's officer ("the chief financial officer")
    is a role at the firm or agency the story is about (the most named so far), with a
    lower confidence; at a firm, the one firm the story has already tied the person to
    (``ties``: founded or leads), if there is one.
    Returns the agency each title noun was given by its portfolio (token index → entity).
    """
    titled: dict[int, int] = {}
    company_roles = rule_words(lex, "LEADS", "company_roles")
    agency_roles = rule_words(lex, "LEADS", "agency_roles")
    founder_roles = lex.triggers["FOUNDED"].nouns
    chief_roles = rule_words(lex, "LEADS", "chief_roles")
    staff_roles = rule_words(lex, "WORKS_FOR", "company_roles")
    staff_chief_roles = rule_words(lex, "WORKS_FOR", "chief_roles")
    conf = confidence(sent, lex)
    orgs = {a.root.i: a for a in args if entities[a.entity].label in ("Company", "Agency")}
    for arg in args:
        if entities[arg.entity].label != "Person" or arg.anaphor:
            continue
        office = _office_holder(arg, orgs, entities, agency_roles, heads or {})
        if office is not None:
            add("LEADS", arg.entity, office, sent, "title:LEADS:office", conf, arg.root)
            continue
        of = _of_an_organisation(arg, orgs)
        if of is not None and not role_nouns(arg, heads):
            # "Russell Dreisenstock of Prosus": a person named by the body they are of
            add("WORKS_FOR", arg.entity, of, sent, "title:WORKS_FOR:of", conf, arg.root)
        head = arg.root.head
        title = _title_words(arg)
        if arg.root.dep_ == "pobj" and head.lower_ == "under" and head.head.i in orgs and any(
                t.lemma_.lower() in lex.triggers["LEADS"].nouns for t in title):
            # "the Dutch Ministry of Economic Affairs, under minister Vincent Karremans"
            add("LEADS", arg.entity, orgs[head.head.i].entity, sent, "title:LEADS:under", conf, arg.root)
            continue
        given: set[str] = set()
        for noun, words in role_nouns(arg, heads):
            lemma = noun.lemma_.lower()
            if _co_prefix(noun):
                lemma = "co-" + lemma
            chief = any(t.lower_ == "chief" for t in words + list(noun.lefts))
            if lemma in chief_roles and not chief:
                continue  # an executive, a statistician: staff, not the head
            if lemma == "chief" and (any(c.dep_ == "prep" for c in noun.children) or noun.dep_ not in ("compound", "nmod")):
                continue  # "chief of staff", "the chief": only a title before a name heads a body
            negated = noun_negated(noun, lex)
            if lemma in agency_roles and (portfolio := _portfolio(words, lex)):
                agency = _agency_of(portfolio, lemma, entities, used, lex)
                if agency is not None:
                    rel = "WORKS_FOR" if _one_of_many(noun) or _deputy(noun, words, lex) else "LEADS"
                    add(rel, arg.entity, agency, sent, f"title:{rel}:{lemma}", conf, noun, negated)
                    titled[noun.i] = agency
                    break
                continue
            if _named_employer(noun, words, args):
                continue  # the path rules decide
            if lemma in founder_roles:
                rel, label = "FOUNDED", "Company"
            elif lemma in company_roles or (chief and lemma in chief_roles and lemma not in agency_roles):
                rel, label = "LEADS", "Company"
            elif chief and lemma in staff_chief_roles and any(w.lower_ in chief_roles for w in words):
                rel, label = "LEADS", "Company"  # "the chief executive officer"
            elif lemma in staff_roles or (chief and lemma in staff_chief_roles):
                rel, label = "WORKS_FOR", "Company"  # "Tom Hale, the chief financial officer,"
            elif lemma in agency_roles:
                rel, label = "LEADS", "Agency"
            else:
                continue
            if label == "Agency" and _another_office(noun, lemma, sent, lex):
                continue  # "the country's privacy commissioner ... Commissioner Daniel Therrien"
            if label == "Agency" and (office := _agency_of([], lemma, entities, used, lex, bearing=True, seen=counts)) is not None:
                # "Commissioner Daniel Therrien" in a story that names the Privacy Commissioner's office.
                add(rel, arg.entity, office, sent, f"title:{rel}:{lemma}", conf, noun, negated)
                break
            if lemma in rule_words(lex, "LEADS", "government_roles"):
                continue  # a mayor heads the city, not the agency the story is about
            if rel == "LEADS" and _deputy(noun, words, lex):
                rel = "WORKS_FOR"
            if rel in given:
                continue
            own = (ties or {}).get(arg.entity, set()) if label == "Company" else set()
            if len(own) == 1:
                # "Paystack was founded by Shola Akinlade … Akinlade is chief executive": the one
                # firm the story has tied the person to, whatever firm it names most
                add(rel, arg.entity, next(iter(own)), sent, f"implicit:{rel}:{lemma}", IMPLICIT, noun, negated)
                given.add(rel)
                continue
            topics = [e for e in counts if entities[e].label == label]
            if not topics:
                continue
            topic = max(topics, key=lambda e: counts[e])
            if counts[topic] < 2 and len(topics) > 1:
                continue  # no clear subject yet (the one firm named so far is one)
            add(rel, arg.entity, topic, sent, f"implicit:{rel}:{lemma}", IMPLICIT, noun, negated)
            given.add(rel)  # (a second title of another kind may follow: "Founder and chief executive")
    return titled


def _group_founders(sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon, add, conf: float) -> None:
    """"ideaForge was started in 2007 by a group of students at IIT Bombay, among them Ankit
    Mehta, now chief executive, Rahul Singh and Ashish Bhat": the people named after "among
    them" or "including" in the clause of a firm founded by a group founded it."""
    groups = rule_words(lex, "FOUNDED", "group_nouns")
    markers = [m.split() for m in rule_words(lex, "FOUNDED", "group_markers")]
    members = rule_words(lex, "paths", "member_verbs")
    doc = sent.doc
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.triggers["FOUNDED"].verbs or verb_negated(verb, lex) \
                or not _phrasal_ok(verb, "FOUNDED", lex):
            continue
        firm = next((a for a in args if a.root.dep_ == "nsubjpass" and a.root.head.i == verb.i
                     and entities[a.entity].label == "Company"), None)
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        # "by Palmer Luckey, together with a small group of co-founders that included …"
        agents += [g for a in agents for c in a.children if c.dep_ == "prep" and c.lower_ == "with"
                   for g in c.children if g.dep_ == "pobj"]
        group = next((g for g in agents if g.lemma_.lower() in groups), None)
        if firm is None or group is None:
            continue
        clause = next((c for c in group.children if c.dep_ == "relcl" and c.lemma_.lower() in members), None)
        start = next((t.i + len(m) for t in doc[group.i:sent.end] for m in markers
                      if [w.lower_ for w in doc[t.i:t.i + len(m)]] == m), None)
        if start is None and clause is None:
            continue
        if start is None:  # "a small group that included Karp and the PayPal co-founder Peter Thiel"
            start = clause.i + 1
        end = next((t.i for t in doc[start:sent.end] if t.text == ";"), sent.end)
        if clause is not None:
            end = min(end, clause.right_edge.i + 1)
        for person in args:
            if start <= person.start < end and not person.anaphor and entities[person.entity].label == "Person":
                add("FOUNDED", person.entity, firm.entity, sent, "group:FOUNDED", conf, verb)


def _owned_units(sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon, add, conf: float) -> None:
    """"its Sikorsky subsidiary", "Safran's Morpho unit": a firm named as a modifier of an
    owned part whose owner is its possessor (the path rules never take a noun's modifier
    for the noun's referent: "the PayPal co-founder")."""
    sch = schema()
    parts = lex.triggers["OWNS"].target_nouns - rule_words(lex, "OWNS", "named_nouns")  # ("its Paytm brand")
    by_root = {a.root.i: a for a in args}
    for arg in args:
        head = arg.root.head
        # (the parser may take the name for an adjective: "Lockheed Martin's Sikorsky unit")
        if arg.anaphor or arg.root.dep_ not in ("compound", "amod", "nmod") or head.lemma_.lower() not in parts \
                or head.pos_ != "NOUN":
            continue
        owner = next((by_root[c.i] for c in head.children if c.dep_ == "poss" and c.i in by_root), None)
        if owner is not None and owner.entity != arg.entity and sch.check_relation(
                "OWNS", entities[owner.entity].label, entities[arg.entity].label):
            add("OWNS", owner.entity, arg.entity, sent, "dep:OWNS:part", conf, head, noun_negated(head, lex))


def _venture_partners(sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon, add, conf: float) -> None:
    """"Tess Defence, the joint venture of Indra and Sapa", "KeolisAmey was set up as a joint
    venture between Keolis and Amey", "United Launch Alliance, the Boeing-Lockheed Martin joint
    venture", "Smovengo, a consortium led by Smoove": the partners own the venture."""
    sch = schema()
    ventures = rule_words(lex, "OWNS", "venture_nouns")
    leading = rule_words(lex, "OWNS", "venture_leading_verbs")
    by_root = {a.root.i: a for a in args if not a.anaphor}
    for noun in sent:
        if noun.lemma_.lower() not in ventures or noun.pos_ != "NOUN":
            continue
        # the venture: the name the noun is set beside, or the subject it is said of
        named = [by_root[c.i] for c in noun.children if c.dep_ == "appos" and c.i in by_root]
        if noun.dep_ == "appos" and noun.head.i in by_root:
            named.append(by_root[noun.head.i])
        verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "as" else noun.head
        if noun.dep_ in ("attr", "pobj") and verb.pos_ in ("VERB", "AUX"):
            named += [by_root[c.i] for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in by_root]
        if len(named) != 1:
            continue
        venture = named[0]
        heads = [g for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "between")
                 for g in c.children if g.dep_ == "pobj"]
        heads += [g for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in leading
                  for a in c.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
        heads += [c for c in noun.children if c.dep_ in ("compound", "nmod") and c.i in by_root]
        # (with the firms hyphened before a partner: "Boeing-Lockheed Martin")
        heads += [t for h in heads for t in h.subtree if t.dep_ == "compound" and t.i in by_root and t.i != h.i]
        partners = {by_root[t.i] for h in heads for t in (h, *h.conjuncts) if t.i in by_root}
        for partner in sorted(partners, key=lambda a: a.start):
            if partner.entity != venture.entity and sch.check_relation(
                    "OWNS", entities[partner.entity].label, entities[venture.entity].label):
                add("OWNS", partner.entity, venture.entity, sent, "dep:OWNS:venture", conf, noun,
                    noun_negated(noun, lex))


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
            # (a firm served by another is a client too: "Talgo builds intercity trains for Deutsche Bahn")
            clients = [a for a in args if entities[a.entity].label in ("Agency", "Company") and a.root.dep_ == "pobj" and (
                (a.root.head.lower_ in ("for", "to") and a.root.head.head.i in objects) or a.root.head.i in behalf)]
            # "Amazon Web Services, which hosts Doctolib's data", "runs the council's payroll"
            clients += [a for a in args if entities[a.entity].label in ("Agency", "Company") and a.root.dep_ == "poss"
                        and a.root.head.i in objects and a.root.head.i != verb.i
                        and a.root.head.lemma_.lower() not in lex.triggers["OWNS"].target_nouns]
            firms = [a for a in args if entities[a.entity].label == "Company" and (
                (a.root.dep_ == "nsubj" and a.root.head.i == verb.i)
                or (verb.dep_ == "relcl" and a.start <= verb.head.i < a.end and not any(
                    c.dep_ == "nsubj" and c.lower_ not in ("which", "that", "who") for c in verb.children)))]
            for firm in firms:
                for agency in clients:
                    if agency.entity != firm.entity:
                        add("SUPPLIES", firm.entity, agency.entity, sent, f"service:{verb.lemma_.lower()}", conf, verb,
                            negated)
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.client_verbs or buys_a_stake(verb, lex):
            continue  # (buying "a 10% stake in Telefónica" invests; it buys no service)
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


def inner_hyphen(tok: Token) -> bool:
    """The hyphen inside a word the tokenizer split: "co-founder", "state-run"."""
    return tok.text == "-" and not tok.doc[tok.i - 1].whitespace_ and not tok.whitespace_


def _title_rule(doc: Doc, sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon, add, conf: float) -> None:
    """"Mayor of London Sadiq Khan", "Palantir chief executive Alex Karp": an
    organisation, role words, then a person's name. After a possessor the name may
    stand in apposition: "its chief executive, Hank Scorpio", "the agency's then
    director-general, Maria Lund"."""
    ordered = sorted((a for a in args if not a.anaphor or _possessor(a)), key=lambda a: a.start)
    titled: dict[int, Arg] = {}  # a titled person's name → the body of the title
    for org, person in zip(ordered, ordered[1:]):
        if person.anaphor or entities[person.entity].label != "Person":
            continue
        shared = org.start in titled and person.start > org.end + 1 and doc[org.end].lower_ in ("and", ",") \
            and doc[org.end + 1].lower_ not in ("and", "who", "which")
        if shared:
            # "Mercedes-Benz chief executive Ola Källenius and finance chief Harald Wilhelm"
            span = doc[org.end + 1:person.start]
            org = titled[org.start]
            if not any(t.is_alpha for t in span):
                continue  # "A and B": two names, no second title
        elif entities[org.entity].label not in ("Company", "Agency"):
            continue
        else:
            span = doc[org.end:person.start]
        if len(span) > 1 and span[-1].text == "," and _possessor(org):
            span = span[:-1]  # the apposition's comma
        between = [t for t in span if (not t.is_punct or t.text in ("-",)) and t.tag_ != "POS"]
        if any(t.is_punct and not inner_hyphen(t) for t in span):
            continue
        if any(t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADP" and t.lower_ != "of") for t in between):
            continue  # "its report to President Cyril Ramaphosa": no title between
        words = _joined(between) or [doc[org.start].lemma_.lower()]
        if len(words) > 3:
            continue
        if shared and _own_office(words, entities[org.entity].label, lex):
            continue  # "Palantir chief executive Alex Karp and Defence Secretary John Healey"
        rel = _title_relation(words, lex)
        if rel == "WORKS_FOR" and entities[org.entity].label == "Agency" and len(words) == 1 \
                and words[0] in rule_words(lex, "LEADS", "agency_heads"):
            rel = "LEADS"  # "FBI Director Christopher Wray"
        if rel is not None and schema().check_relation(rel, "Person", entities[org.entity].label):
            add(rel, person.entity, org.entity, sent, f"title:{rel}", conf, doc[person.end - 1])
            titled[person.start] = org


def _own_office(words: list[str], label: str, lex: Lexicon) -> bool:
    """A public office named by its portfolio ("Defence Secretary"), or any such office
    beside a firm, is held at a body of its own, not the one of the title before it."""
    offices = rule_words(lex, "LEADS", "agency_roles") - {"chief"}
    if not any(w in offices for w in words):
        return False
    plain = rule_words(lex, "paths", "title_modifiers") | offices | rule_words(lex, "LEADS", "deputy_words")
    return label == "Company" or any(w not in plain for w in words)


def _split_title(sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon, add, conf: float) -> None:
    """"Shigeki Tomoyama, an executive vice-president at Toyota,": the parser splits a
    hyphened title into pieces each hung on the name as an apposition, and the "at" with
    them, so no path runs through a role noun; the title is read from the words between
    the comma and the preposition."""
    orgs = {a.root.i: a for a in args if entities[a.entity].label in ("Company", "Agency") and not a.anaphor}
    for person in args:
        root = person.root
        if entities[person.entity].label != "Person" or person.anaphor:
            continue
        pieces = [c for c in root.children if c.dep_ == "appos" and c.i > root.i]
        if len(pieces) < 2 or not any(inner_hyphen(c) for c in pieces):
            continue
        last = max(c.i for c in pieces)
        prep = next((c for c in root.children if c.dep_ == "prep" and c.i == last + 1
                     and c.lower_ in ("at", "of", "for")), None)
        org = next((orgs[g.i] for g in prep.children if g.dep_ == "pobj" and g.i in orgs), None) if prep else None
        if org is None or sent.doc[person.end].text != ",":
            continue
        words = [t for t in sent.doc[person.end + 1:prep.i] if not t.is_punct or inner_hyphen(t)]
        rel = _title_relation([w for w in _joined(words) if w not in ("a", "an", "the")], lex)
        if rel is not None and schema().check_relation(rel, "Person", entities[org.entity].label):
            add(rel, person.entity, org.entity, sent, f"title:{rel}:split", conf, sent.doc[last])


def _appointed_as(sent: Span, args: list[Arg], entities: list[Entity], lex: Lexicon, add, conf: float) -> None:
    """"Fenwick & Dale named Olamide Adeyemi as chief executive", "Acme promoted her to
    finance director", "she was hired by Acme as an adviser": the role given is held at the
    body that gave it, when the title names no body of its own."""
    orgs = {i: a for a in args if entities[a.entity].label in ("Company", "Agency")
            for i in {a.root.i, *range(a.start, a.end)}}
    verbs = rule_words(lex, "WORKS_FOR", "appointing_verbs")
    for person in args:
        root = person.root
        if entities[person.entity].label != "Person" or root.dep_ not in ("dobj", "nsubjpass") \
                or root.head.lemma_.lower() not in verbs:
            continue
        verb = root.head
        givers = [c for c in verb.children if c.dep_ == "nsubj"] if root.dep_ == "dobj" else [
            g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        org = next((orgs[g.i] for g in givers if g.i in orgs), None)
        if org is None:
            continue
        nouns = [g for h in (verb, root) for c in h.children if c.dep_ == "prep" and c.lower_ in ("as", "to")
                 for g in c.children if g.dep_ == "pobj" and g.pos_ == "NOUN"]
        for noun in nouns:
            if any(c.dep_ == "poss" or c.dep_ == "prep" and c.lower_ in ("of", "at", "for") for c in noun.children):
                continue  # "as chief executive of its rail unit": the path rules read whose
            words = [t for t in noun.lefts if t.dep_ in ("compound", "amod")]
            rel = _title_relation(_joined([t for w in words for t in w.subtree] + [noun]), lex)
            if rel in ("LEADS", "WORKS_FOR") and schema().check_relation(rel, "Person", entities[org.entity].label):
                add(rel, person.entity, org.entity, sent, f"appointed:{rel}", conf, noun, verb_negated(verb, lex))
                break


def _possessor(arg: Arg) -> bool:
    """"its", "the agency's", "Acme's": an organisation that owns the role after it."""
    doc = arg.root.doc
    return arg.root.tag_ == "PRP$" or (arg.end < len(doc) and doc[arg.end].tag_ == "POS")


def _joined(tokens: list[Token]) -> list[str]:
    """Lemmas, with words the tokenizer split at a hyphen joined again ("director-general")."""
    words: list[str] = []
    glue = False
    for tok in tokens:
        if inner_hyphen(tok) and words:
            glue = True
            continue
        lemma = tok.lemma_.lower()
        if glue:
            words[-1] = f"{words[-1]}-{tok.lower_}"
            glue = False
        else:
            words.append(lemma)
    return words


def _title_relation(words: list[str], lex: Lexicon) -> str | None:
    """The relation a title's words give: founder, head or staff. "chief" is needed
    for "chief executive"; "deputy" makes a head's title staff, "managing" the reverse."""
    chief_roles = rule_words(lex, "LEADS", "chief_roles")
    deputy = any(w in rule_words(lex, "LEADS", "deputy_words") or w.split("-")[0] in rule_words(
        lex, "LEADS", "deputy_words") for w in words)
    managing = any(w in rule_words(lex, "LEADS", "head_words") for w in words)
    chief = "chief" in words
    if words and words[-1] == "chief" and any(w in rule_words(lex, "WORKS_FOR", "function_chiefs") for w in words):
        return "WORKS_FOR"  # "finance chief Harald Wilhelm": an officer, not the head
    # "vice-chairman": a joined word not listed itself is read by its last part
    words = [w if any(w in lex.triggers[r].nouns for r in ("FOUNDED", "LEADS", "WORKS_FOR")) else w.split("-")[-1]
             for w in words]
    if any(w in lex.triggers["FOUNDED"].nouns for w in words):
        return "FOUNDED"
    if any(w in lex.triggers["LEADS"].nouns and (chief or w not in chief_roles) for w in words):
        return "WORKS_FOR" if deputy else "LEADS"
    if any(w in lex.triggers["WORKS_FOR"].nouns for w in words) and not chief:
        return "LEADS" if managing and not deputy else "WORKS_FOR"  # not "managing associate general counsel"
    return None
