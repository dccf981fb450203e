"""The relation and contract rules on hand-built parses (no model needed)."""
from __future__ import annotations

import doctest

import pytest
import spacy
from spacy.tokens import Doc, Span

import extract.dates
import extract.money
import graph.names
from extract.contracts import find_contracts
from extract.entities import resolve_entities
from extract.lexicon import load_lexicon
from extract.relations import find_relations, sentence_args

LEX = load_lexicon()


def parse(words, heads, deps, pos, lemmas, ents, tags=None):
    """A Doc as the parser would leave it: heads are absolute token indices."""
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas,
              tags=tags or [""] * len(words), sent_starts=[True] + [False] * (len(words) - 1))
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def relations(doc):
    """The relations a sentence states (denied ones left out), the entities, the arguments."""
    found, entities, args = relation_evidence(doc)
    return {key for key, items in found.items() if not all(ev["negated"] for ev in items)}, entities, args


def relation_evidence(doc):
    entities, mentions = resolve_entities(doc, LEX)
    args = sentence_args(doc, entities, mentions, LEX)
    found = find_relations(doc, entities, args, LEX)
    return {(t, entities[a].name, entities[b].name): items for (t, a, b), items in found.items()}, entities, args


def test_passive_apposition_founded_by():
    # "Palantir, founded by Peter Thiel, grew."
    doc = parse(["Palantir", ",", "founded", "by", "Peter", "Thiel", ",", "grew", "."],
                [7, 0, 0, 2, 5, 3, 0, 7, 7],
                ["nsubj", "punct", "acl", "agent", "compound", "pobj", "punct", "ROOT", "punct"],
                ["PROPN", "PUNCT", "VERB", "ADP", "PROPN", "PROPN", "PUNCT", "VERB", "PUNCT"],
                ["Palantir", ",", "found", "by", "Peter", "Thiel", ",", "grow", "."],
                [(0, 1, "ORG"), (4, 6, "PERSON")], tags=["NNP", ",", "VBN", "IN", "NNP", "NNP", ",", "VBD", "."])
    found, _, _ = relations(doc)
    assert found == {("FOUNDED", "Peter Thiel", "Palantir")}


def test_negation_keeps_the_link_as_contradicting_evidence():
    # "Peter Thiel did not invest in Anduril Industries."
    doc = parse(["Peter", "Thiel", "did", "not", "invest", "in", "Anduril", "Industries", "."],
                [1, 4, 4, 4, 4, 4, 7, 5, 4],
                ["compound", "nsubj", "aux", "neg", "ROOT", "prep", "compound", "pobj", "punct"],
                ["PROPN", "PROPN", "AUX", "PART", "VERB", "ADP", "PROPN", "PROPN", "PUNCT"],
                ["Peter", "Thiel", "do", "not", "invest", "in", "Anduril", "Industries", "."],
                [(0, 2, "PERSON"), (6, 8, "ORG")])
    found, _, _ = relation_evidence(doc)
    assert list(found) == [("INVESTED_IN", "Peter Thiel", "Anduril Industries")]
    assert [ev["negated"] for ev in found["INVESTED_IN", "Peter Thiel", "Anduril Industries"]] == [True]
    doc = parse(["Peter", "Thiel", "invested", "in", "Anduril", "Industries", "."],
                [1, 2, 2, 2, 5, 3, 2],
                ["compound", "nsubj", "ROOT", "prep", "compound", "pobj", "punct"],
                ["PROPN", "PROPN", "VERB", "ADP", "PROPN", "PROPN", "PUNCT"],
                ["Peter", "Thiel", "invest", "in", "Anduril", "Industries", "."],
                [(0, 2, "PERSON"), (4, 6, "ORG")])
    found, _, _ = relation_evidence(doc)
    assert [ev["negated"] for ev in found["INVESTED_IN", "Peter Thiel", "Anduril Industries"]] == [False]


def test_coordinated_participles_keep_their_own_agents():
    # "The company, founded by Peter Thiel and led by Alex Karp, grew." with Palantir named before.
    words = ["Palantir", "grew", ".", "The", "company", ",", "founded", "by", "Peter", "Thiel", "and", "led", "by",
             "Alex", "Karp", ",", "grew", "."]
    heads = [1, 1, 1, 4, 16, 4, 4, 6, 9, 7, 6, 6, 11, 14, 12, 4, 16, 16]
    deps = ["nsubj", "ROOT", "punct", "det", "nsubj", "punct", "acl", "agent", "compound", "pobj", "cc", "conj",
            "agent", "compound", "pobj", "punct", "ROOT", "punct"]
    pos = ["PROPN", "VERB", "PUNCT", "DET", "NOUN", "PUNCT", "VERB", "ADP", "PROPN", "PROPN", "CCONJ", "VERB", "ADP",
           "PROPN", "PROPN", "PUNCT", "VERB", "PUNCT"]
    lemmas = ["Palantir", "grow", ".", "the", "company", ",", "found", "by", "Peter", "Thiel", "and", "lead", "by",
              "Alex", "Karp", ",", "grow", "."]
    tags = ["NNP", "VBD", ".", "DT", "NN", ",", "VBN", "IN", "NNP", "NNP", "CC", "VBN", "IN", "NNP", "NNP", ",", "VBD", "."]
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, tags=tags,
              sent_starts=[True, False, False, True] + [False] * 14)
    doc.ents = [Span(doc, 0, 1, label="ORG"), Span(doc, 8, 10, label="PERSON"), Span(doc, 13, 15, label="PERSON")]
    found, _, _ = relations(doc)
    assert found == {("FOUNDED", "Peter Thiel", "Palantir"), ("LEADS", "Alex Karp", "Palantir")}


def test_title_before_name_is_a_role():
    # "Mayor of London Sadiq Khan spoke."
    doc = parse(["Mayor", "of", "London", "Sadiq", "Khan", "spoke", "."],
                [5, 0, 4, 4, 1, 5, 5],
                ["nsubj", "prep", "compound", "compound", "pobj", "ROOT", "punct"],
                ["PROPN", "ADP", "PROPN", "PROPN", "PROPN", "VERB", "PUNCT"],
                ["Mayor", "of", "London", "Sadiq", "Khan", "speak", "."],
                [(0, 3, "Agency"), (3, 5, "Person")])
    found, _, _ = relations(doc)
    assert found == {("LEADS", "Sadiq Khan", "Mayor of London")}


def test_surname_and_short_forms_resolve_to_one_entity():
    doc = parse(["Alex", "Karp", "met", "Met", "Police", "and", "Karp", "left", "Metropolitan", "Police", "."],
                [1, 2, 2, 4, 2, 2, 7, 2, 9, 7, 2],
                ["compound", "nsubj", "ROOT", "compound", "dobj", "cc", "nsubj", "conj", "compound", "dobj", "punct"],
                ["PROPN", "PROPN", "VERB", "PROPN", "PROPN", "CCONJ", "PROPN", "VERB", "PROPN", "PROPN", "PUNCT"],
                ["Alex", "Karp", "meet", "Met", "Police", "and", "Karp", "leave", "Metropolitan", "Police", "."],
                [(0, 2, "PERSON"), (3, 5, "ORG"), (6, 7, "PERSON"), (8, 10, "ORG")])
    entities, mentions = resolve_entities(doc, LEX)
    by_name = {e.name: e for e in entities}
    assert set(by_name) == {"Alex Karp", "Met Police"}
    assert by_name["Alex Karp"].forms == {"Alex Karp", "Karp"}
    assert by_name["Met Police"].label == "Agency"
    assert by_name["Met Police"].forms == {"Met Police", "Metropolitan Police"}
    assert len(mentions) == 4


def test_a_blocked_contract_with_its_blocker():
    # "Sadiq Khan halted the Met Police deal with Palantir."
    doc = parse(["Sadiq", "Khan", "halted", "the", "Met", "Police", "deal", "with", "Palantir", "."],
                [1, 2, 2, 6, 5, 6, 2, 6, 7, 2],
                ["compound", "nsubj", "ROOT", "det", "compound", "compound", "dobj", "prep", "pobj", "punct"],
                ["PROPN", "PROPN", "VERB", "DET", "PROPN", "PROPN", "NOUN", "ADP", "PROPN", "PUNCT"],
                ["Sadiq", "Khan", "halt", "the", "Met", "Police", "deal", "with", "Palantir", "."],
                [(0, 2, "PERSON"), (4, 6, "ORG"), (8, 9, "ORG")])
    entities, mentions = resolve_entities(doc, LEX)
    contracts = find_contracts(doc, entities, sentence_args(doc, entities, mentions, LEX), LEX)
    assert len(contracts) == 1
    c = contracts[0]
    assert (entities[c.buyer].name, entities[c.supplier].name, c.status) == ("Met Police", "Palantir", "blocked")
    assert {entities[b].name for b in c.blocked_by} == {"Sadiq Khan"}


@pytest.mark.parametrize("module", [graph.names, extract.money, extract.dates])
def test_docstring_examples(module):
    assert doctest.testmod(module).failed == 0
