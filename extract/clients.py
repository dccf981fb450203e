"""Client lists: "Its customers include HSBC, Standard Chartered and Danske Bank",
"Owkin counts Sanofi and Servier among its clients", "Arm's licensees, including
Qualcomm and Apple, ...". Every name of the list is a
client of the firm whose clients they are (SUPPLIES), however the parser strung
the list together. Words are in data/lexicon/triggers.toml ([SUPPLIES]).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from graph.schema import schema

from .lexicon import Lexicon, rule_words
from .story import SentenceArgs, Story


def _words(lex: Lexicon, key: str) -> frozenset[str]:
    return rule_words(lex, "SUPPLIES", key)


def _owner(noun: Token, args: SentenceArgs, story_firm: int | None) -> int | None:
    """Whose clients: "Quantexa's clients", "its customers" (the firm the story is about
    when "its" points back past the last sentence), "customers of Palantir"."""
    for c in noun.children:
        if c.dep_ == "poss":
            if args.at(c) is not None:
                return args.at(c).entity
            if c.lower_ in ("its", "their"):
                return story_firm
        if c.dep_ == "prep" and c.lower_ == "of":
            named = [args.at(o) for o in c.children if o.dep_ == "pobj" and args.at(o) is not None]
            if named:
                return named[0].entity
    return None


def _examples(noun: Token, lex: Lexicon) -> list[Token]:
    """The heads of the examples a client noun gives: "clients, including the CIA and
    the FBI", "customers such as HSBC", "users like Airbus"."""
    preps = _words(lex, "example_preps")
    # "customers of Palantir such as the CIA": the parser may hang the examples on the owner
    hosts = [noun] + [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children]
    return [o for h in hosts for p in h.children if p.dep_ == "prep"
            and (p.lower_ in preps or p.lower_ == "as" and any(c.lower_ == "such" for c in p.children))
            for o in p.children if o.dep_ == "pobj"]


def _lists(sent: Span, args: SentenceArgs, lex: Lexicon, negated, story_firm: int | None) -> list[tuple[int, list, Token]]:
    """(owner, clients, verb) of the client lists a sentence states."""
    out = []
    nouns, includes, counts = _words(lex, "client_nouns"), _words(lex, "include_verbs"), _words(lex, "count_verbs")
    for noun in sent:
        if noun.lemma_.lower() not in nouns or noun.tag_ != "NNS":
            continue
        verb = noun.head
        examples = _examples(noun, lex)
        if examples:
            owner = _owner(noun, args, story_firm)
            clients = [a for o in examples for a in args.listed(o)]
            if owner is not None and clients:
                out.append((owner, clients, noun))
            continue
        if negated(verb):
            continue
        if noun.dep_ == "nsubj" and verb.lemma_.lower() in includes:
            owner = _owner(noun, args, story_firm)
            clients = [a for c in verb.children if c.dep_ in ("dobj", "attr") for a in args.listed(c)]
        elif noun.dep_ == "pobj" and verb.lower_ == "among" and verb.head.lemma_.lower() in counts:
            verb = verb.head  # "counts X and Y among its clients"
            subject = args.at(next((c for c in verb.children if c.dep_ == "nsubj"), None))
            owner = _owner(noun, args, story_firm) or (subject.entity if subject is not None else None)
            clients = [a for c in verb.children if c.dep_ == "dobj" for a in args.listed(c)]
        else:
            continue
        if owner is not None and clients:
            out.append((owner, clients, verb))
    return out


def client_lists(doc: Doc, entities: list, args_by_sent: dict[int, list], lex: Lexicon, add, conf_of,
                 negated) -> None:
    """SUPPLIES links the client lists of a document state, through ``add``."""
    sch = schema()
    story = Story(doc, entities, args_by_sent)
    for sent, args in story.sentences():
        for owner, clients, verb in _lists(sent, args, lex, negated, story.firm()):
            for client in clients:
                src, dst = owner, client.entity
                if src != dst and sch.check_relation("SUPPLIES", entities[src].label, entities[dst].label):
                    add("SUPPLIES", src, dst, sent, f"client-list:{verb.lemma_.lower()}", conf_of(sent), verb)
