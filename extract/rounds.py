"""Funding rounds: who invested in whom when a story tells a round.

Reporting on start-ups names investors through the round rather than through
a verb between two names: "raised $129m in a round led by GIC", "Warburg
Pincus and Dawn Capital joined the round", "with participation from CapitalG",
"its backers include GV and Bpifrance", "Backed by Index Ventures and Sequoia,
Wiz grew". The firm that raised the round is told once, often a sentence
before its investors: "the round" is the last raiser's, or the story's firm
(extract/story.py).
Words are in data/lexicon/triggers.toml ([INVESTED_IN]).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from graph.schema import schema

from .lexicon import Lexicon, rule_words
from .story import SentenceArgs, Story


def _words(lex: Lexicon, key: str) -> frozenset[str]:
    return rule_words(lex, "INVESTED_IN", key)


def _climb_to_verb(tok: Token) -> Token | None:
    """The verb a noun hangs on through prepositions: "raised $5m in a round" -> raised."""
    while tok.dep_ in ("pobj", "prep", "dobj", "compound", "conj") and tok.head.i != tok.i:
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


def _subject(verb: Token) -> Token | None:
    while verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        verb = verb.head  # "raised $5m and joined ..." shares its subject
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _raiser(noun: Token, args: SentenceArgs, lex: Lexicon):
    """The firm a round is for: "a round in Quantexa", "Quantexa's round", "Quantexa raised ... in a round"."""
    for c in noun.children:
        if c.dep_ == "poss" and args.at(c) is not None:
            return args.at(c)
        if c.dep_ == "prep" and c.lower_ in ("in", "for", "into"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if args.at(obj) is not None:
                return args.at(obj)
    verb = noun if noun.pos_ == "VERB" else _climb_to_verb(noun)
    if verb is not None and verb.lemma_.lower() in _words(lex, "raise_verbs"):
        return args.at(_subject(verb))
    return None


def _round_investors(noun: Token, args: SentenceArgs, lex: Lexicon) -> list:
    """Who led or joined a round: "led by GIC", "GIC led the round", "X joined the round",
    "with participation from Y"."""
    found = []
    joiners = _words(lex, "round_verbs")
    for c in noun.children:  # "a round led by GIC"
        if c.dep_ == "acl" and c.lemma_.lower() in joiners:
            found += [a for agent in c.children if agent.dep_ == "agent"
                      for obj in agent.children if obj.dep_ == "pobj" for a in args.listed(obj)]
    verb = noun.head if noun.dep_ == "dobj" else (
        noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ in ("in", "to") else None)
    if verb is not None and verb.lemma_.lower() in joiners:  # "GIC led the round", "took part in it"
        subject = _subject(verb)
        if subject is not None:
            found += args.listed(subject)
    if noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() in joiners:  # "The round was led by GIC"
        found += [a for agent in noun.head.children if agent.dep_ == "agent"
                  for obj in agent.children if obj.dep_ == "pobj" for a in args.listed(obj)]
    # "Later rounds brought in Greenoaks and Thrive Capital" (the parser may hang the verb on the noun)
    bringers = [noun.head] if noun.dep_ == "nsubj" else []
    bringers += [c for c in noun.children if c.dep_ == "acl"]
    for verb in bringers:
        if verb.lemma_.lower() in _words(lex, "round_subject_verbs"):
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            objects += [g for c in verb.children if c.dep_ in ("prt", "prep") and c.lower_ == "in"
                        for g in c.children if g.dep_ == "pobj"]
            found += [a for obj in objects for a in args.listed(obj)]
    return found


def _round_nouns(sent: Span, lex: Lexicon) -> list[Token]:
    """The nouns of a sentence that name a funding round ("round", "tranche", …)."""
    rounds = _words(lex, "round_nouns")
    return [t for t in sent if t.lemma_.lower() in rounds and t.pos_ in ("NOUN", "PROPN")]


def _round_firm(nouns: list[Token], args: SentenceArgs, lex: Lexicon, story: Story, last_raiser,
                known: frozenset[int]) -> int | None:
    """The firm of the round the sentence's round ``nouns`` tell: its raiser, else the
    story's firm (not one who led or joined the round)."""
    leaders: set[int] = set()
    for noun in nouns:
        joined = _round_investors(noun, args, lex)
        raiser = _own_raiser(noun, args, lex, joined)
        if raiser is not None:
            return raiser.entity
        leaders |= {a.entity for a in joined}
    return story.firm(last_raiser, known | leaders)


def _own_raiser(noun: Token, args: SentenceArgs, lex: Lexicon, joined: list):
    """The round's raiser, unless it is one of those who led or joined it (``joined``):
    "Stripe led its Series A round" is Paystack's round ("its" taken for Stripe), no firm
    backs its own."""
    raiser = _raiser(noun, args, lex)
    if raiser is not None and any(a.entity == raiser.entity for a in joined):
        return None
    return raiser


def _took_part(sent: Span, args: SentenceArgs, lex: Lexicon, negated_verb) -> list[tuple[Token, list]]:
    """(verb, firms) for a verb of joining with no object ("joined", "participated") or only
    that of a joining phrase ("took part", "put money in"), its firms read on the surface from
    the last "with", "which" or the sentence's start up to the verb (the parser scatters such
    lists). Not "took part in the tender": an "in" must point back ("in which", "in it") or name
    a round."""
    out = []
    joiners = _words(lex, "joining_verbs")
    # verb -> (its one object, its particles): "take part", "put money in"
    phrases = {p.split()[0]: (p.split()[1], p.split()[2:]) for p in _words(lex, "joining_phrases")}
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in joiners or negated_verb(verb):
            continue
        objects = [c.lower_ for c in verb.children if c.dep_ == "dobj"]
        needed = phrases.get(verb.lemma_.lower())
        if needed is None and objects:
            continue  # "joined the board", "joined the round" (the round's own rule)
        if needed is not None and (objects != [needed[0]] or not all(
                any(c.dep_ == "prt" and c.lower_ == p for c in verb.children) for p in needed[1])):
            continue
        ins = [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        if any(g.lower_ not in ("which", "it") and g.lemma_.lower() not in _words(lex, "round_nouns") for g in ins):
            continue
        start = sent.start
        for t in sent.doc[sent.start:verb.i]:
            if t.lower_ in ("with", "which"):
                start = t.i + 1
        joined = []
        for i in range(start, verb.i):
            arg = args.at(sent.doc[i])
            if arg is not None and arg.start >= start and all(arg.entity != j.entity for j in joined):
                joined.append(arg)
        if joined:
            out.append((verb, joined))
    return out


def _participants(sent: Span, args: SentenceArgs) -> list:
    """"with participation from CapitalG and existing backers"."""
    return [a for tok in sent if tok.lemma_.lower() == "participation"
            for prep in tok.children if prep.dep_ == "prep" and prep.lower_ in ("from", "of", "by")
            for obj in prep.children if obj.dep_ == "pobj" for a in args.listed(obj)]


def _backers(sent: Span, args: SentenceArgs, lex: Lexicon) -> list[tuple[list, object, Token]]:
    """"Its backers include GV and Bpifrance", "investors in Owkin include ...": (investors,
    the firm they back or None when the noun names no firm, the noun)."""
    out = []
    backers, includes = _words(lex, "backer_nouns"), _words(lex, "include_verbs")
    for noun in sent:
        if noun.lemma_.lower() not in backers or noun.dep_ != "nsubj":
            continue
        verb = noun.head
        if verb.lemma_.lower() not in includes:
            continue
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
        investors = [a for obj in objects for a in args.listed(obj)]
        firm = next((args.at(c) for c in noun.children if c.dep_ == "poss" and args.at(c) is not None), None)
        if firm is None:
            firm = next((args.at(g) for c in noun.children if c.dep_ == "prep" and c.lower_ == "in"
                         for g in c.children if g.dep_ == "pobj" and args.at(g) is not None), None)
        if investors:
            out.append((investors, firm, noun))
    return out


def _titled_backers(sent: Span, args: SentenceArgs, lex: Lexicon) -> list[tuple[list, object, Token]]:
    """"Existing backers Andreessen Horowitz and Point72 Ventures also took part",
    "existing investors Innovation Endeavors and Kleiner Perkins": names right after a
    backer noun that names no firm invest in the story's firm (investors, None, noun)."""
    out = []
    backers = _words(lex, "backer_nouns")
    for noun in sent:
        if noun.lemma_.lower() not in backers or noun.tag_ != "NNS" or noun.i + 1 >= sent.end:
            continue
        if any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("in", "of")) for c in noun.children):
            continue  # "its backers", "investors in Owkin": a firm named, for the other rules
        first = args.at(noun.doc[noun.i + 1])
        if first is None or first.start != noun.i + 1:
            continue
        out.append((args.listed(first.root), None, noun))
    return out


def _joined_as_backers(sent: Span, args: SentenceArgs, lex: Lexicon) -> list[tuple[list, object, Token]]:
    """"Google and Verod Capital came in as new backers", "Atomico joined as an investor":
    the subject of a clause that makes it a backer, of no firm named, backs the story's firm."""
    out = []
    backers, arrivals = _words(lex, "backer_nouns"), _words(lex, "arrival_verbs")
    for noun in sent:
        if noun.lemma_.lower() not in backers or noun.dep_ != "pobj" or noun.head.lower_ != "as":
            continue
        if any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("in", "of", "to")) for c in noun.children):
            continue  # "as an investor in Owkin": a firm named, for the other rules
        verb = noun.head.head
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in arrivals:
            continue
        subject = _subject(verb)
        if subject is not None:
            out.append((args.listed(subject), None, verb))
    return out


def _backed_by(sent: Span, args: SentenceArgs, lex: Lexicon) -> list[tuple[list, object, Token]]:
    """"Backed by Index Ventures and Sequoia, Wiz grew", "Wiz, backed by Index Ventures,":
    the agents of a participle of backing invest in the name it describes."""
    out = []
    backing = _words(lex, "backing_verbs")
    for verb in sent:
        if verb.tag_ != "VBN" or verb.lemma_.lower() not in backing:
            continue
        if any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children):
            continue
        if verb.dep_ == "advcl" and verb.i < verb.head.i:
            firm = args.at(_subject(verb.head))
        elif verb.dep_ == "acl":
            firm = args.at(verb.head)
        else:
            continue
        # the "by" may hang on a noun inside the participle's phrase ("backed from its first days by ...")
        agents = [a for t in verb.subtree if t.lower_ == "by" and t.dep_ in ("agent", "prep")
                  for obj in t.children if obj.dep_ == "pobj" for a in args.listed(obj)]
        if firm is not None and agents:
            out.append((agents, firm, verb))
    return out


def _holders(sent: Span, args: SentenceArgs, lex: Lexicon, negated_verb) -> list[tuple[list, object, Token]]:
    """Investors told with no firm beside them: "HSBC and BNY Mellon have each taken small
    stakes", "Infosys, which first invested in 2016, kept most of its stake" (investors,
    the firm named in the phrase or None for the story's firm, the verb)."""
    out = []
    stakes, holding = _words(lex, "holder_nouns"), _words(lex, "stake_verbs")
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in stakes and tok.pos_ == "NOUN":
            verb = _climb_to_verb(tok)
            if verb is None or verb.lemma_.lower() not in holding:
                continue
            named = [args.at(g) for c in tok.children if c.dep_ == "prep" and c.lower_ == "in"
                     for g in c.children if g.dep_ == "pobj"]
            if any(c.dep_ == "prep" and c.lower_ == "in" for c in tok.children) and not any(named):
                continue  # "a stake in the venture": some other thing
            firm = next((a for a in named if a is not None), None)
        elif lemma == "invest" and tok.pos_ == "VERB":
            verb, firm = tok, None
            if any(c.dep_ in ("dobj", "dative") for c in tok.children) or any(
                    c.dep_ == "prep" and c.lower_ in ("in", "into") and not any(
                        g.ent_type_ in ("DATE", "TIME") for g in c.children) for c in tok.children):
                continue  # "invested in Wiz" is the path rules'; "invested $5m" names no holder here
        else:
            continue
        if negated_verb(verb):
            continue
        subject = _subject(verb)
        if subject is not None and subject.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
            subject = verb.head  # "Infosys, which first invested in 2016,"
        holders = args.listed(subject) if subject is not None else []
        if holders:
            out.append((holders, firm, verb))
    return out


def funding_rounds(doc: Doc, entities: list, args_by_sent: dict[int, list], lex: Lexicon, add, conf_of,
                   negated_verb, known_investors: frozenset[int] = frozenset()) -> None:
    """INVESTED_IN links a story's rounds tell, through ``add`` (relations.find_relations's);
    ``known_investors``: the firms the story's other sentences tell as investing (never the
    round's firm by default)."""
    sch = schema()
    firm_nouns = _words(lex, "firm_nouns")
    last_raiser = None
    story = Story(doc, entities, args_by_sent)
    round_told = -2  # the number of the last sentence that told a round
    for n, (sent, args) in enumerate(story.sentences()):
        conf = conf_of(sent)
        found: list[tuple[object, object, Token]] = []
        nouns = _round_nouns(sent, lex)
        if nouns or round_told == n - 1:
            # "with A and B also taking part", "in which Visa and Tencent also took part", and
            # "SAP and HPE also joined" right after the round
            took_part = _took_part(sent, args, lex, negated_verb)
            firm = (_round_firm(nouns, args, lex, story, last_raiser, known_investors) if nouns
                    else story.firm(last_raiser, known_investors)) if took_part else None
            if firm is not None:
                found += [(a, firm, verb) for verb, joined in took_part for a in joined]
        round_told = n if nouns else round_told
        for tok in nouns:
            verb = tok.head if tok.head.pos_ == "VERB" else tok
            if negated_verb(verb):
                continue
            joined = _round_investors(tok, args, lex)
            raiser = _own_raiser(tok, args, lex, joined)
            if raiser is not None and entities[raiser.entity].label == "Company":
                last_raiser = raiser
            target = raiser.entity if raiser is not None else story.firm(last_raiser, known_investors)
            if target is None:
                continue
            found += [(a, target, tok) for a in joined + _participants(sent, args)]
        for investors, firm, noun in _backers(sent, args, lex):
            if firm is None and (any(c.dep_ == "poss" and c.lemma_.lower() in firm_nouns for c in noun.children)
                                 or not any(c.dep_ == "poss" for c in noun.children)):
                # "the start-up's backers", "Other backers include": the round's firm, else the
                # firm the story names most
                firm = story.firm(last_raiser, known_investors)
            elif firm is not None:
                firm = firm.entity
            if firm is not None:
                found += [(a, firm, noun) for a in investors]
        found += [(a, firm.entity, verb) for agents, firm, verb in _backed_by(sent, args, lex) for a in agents]
        for investors, _, noun in _titled_backers(sent, args, lex) + _joined_as_backers(sent, args, lex):
            target = story.firm(last_raiser, known_investors)
            if target is not None:
                found += [(a, target, noun) for a in investors]
        for holders, firm, verb in _holders(sent, args, lex, negated_verb):
            target = firm.entity if firm is not None else story.firm(last_raiser, known_investors)
            if target is not None:
                found += [(a, target, verb) for a in holders]
        for investor, firm, anchor in found:
            src, dst = investor.entity, firm if isinstance(firm, int) else firm.entity
            if src != dst and sch.check_relation("INVESTED_IN", entities[src].label, entities[dst].label):
                add("INVESTED_IN", src, dst, sent, f"round:{anchor.lemma_.lower()}", conf, anchor)
