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


# --- Contract status, parties and values (extract/contracts.py, extract/money.py) --------------

def _deal_doc(rows, ents, starts=()):
    """A Doc from (word, head, dep, pos, tag, lemma) rows; ``starts``: the first tokens of later sentences."""
    words, heads, deps, pos, tags, lemmas = (list(col) for col in zip(*rows))
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas,
              sent_starts=[i == 0 or i in starts for i in range(len(words))])
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def _deals(doc):
    entities, mentions = resolve_entities(doc, LEX)
    found = find_contracts(doc, entities, sentence_args(doc, entities, mentions, LEX), LEX)
    return {(entities[c.buyer].name, entities[c.supplier].name): c for c in found}, entities


def test_pulling_out_of_a_deal_cancels_it():
    # "Barnet Council pulled out of its deal with Capita."
    doc = _deal_doc([("Barnet", 1, "compound", "PROPN", "NNP", "Barnet"), ("Council", 2, "nsubj", "PROPN", "NNP", "Council"),
                     ("pulled", 2, "ROOT", "VERB", "VBD", "pull"), ("out", 2, "prt", "ADP", "RP", "out"),
                     ("of", 2, "prep", "ADP", "IN", "of"), ("its", 6, "poss", "PRON", "PRP$", "its"),
                     ("deal", 4, "pobj", "NOUN", "NN", "deal"), ("with", 6, "prep", "ADP", "IN", "with"),
                     ("Capita", 7, "pobj", "PROPN", "NNP", "Capita"), (".", 2, "punct", "PUNCT", ".", ".")],
                    [(0, 2, "ORG"), (8, 9, "ORG")])
    deals, _ = _deals(doc)
    assert deals[("Barnet Council", "Capita")].status == "cancelled"


def test_a_supplier_suspending_its_contract_cancels_it_and_blocks_nothing():
    # "Clearview suspended its contract with the Toronto Police."
    doc = _deal_doc([("Clearview", 1, "nsubj", "PROPN", "NNP", "Clearview"), ("suspended", 1, "ROOT", "VERB", "VBD", "suspend"),
                     ("its", 3, "poss", "PRON", "PRP$", "its"), ("contract", 1, "dobj", "NOUN", "NN", "contract"),
                     ("with", 3, "prep", "ADP", "IN", "with"), ("the", 7, "det", "DET", "DT", "the"),
                     ("Toronto", 7, "compound", "PROPN", "NNP", "Toronto"), ("Police", 4, "pobj", "PROPN", "NNP", "Police"),
                     (".", 1, "punct", "PUNCT", ".", ".")],
                    [(0, 1, "ORG"), (6, 8, "ORG")])
    deals, _ = _deals(doc)
    deal = deals[("Toronto Police", "Clearview")]
    assert (deal.status, deal.blocked_by) == ("cancelled", set())


def _award_then(verb, tag):
    # "The Home Office awarded Serco a contract. Serco {runs|ran} the contract."
    return _deal_doc([("The", 2, "det", "DET", "DT", "the"), ("Home", 2, "compound", "PROPN", "NNP", "Home"),
                      ("Office", 3, "nsubj", "PROPN", "NNP", "Office"), ("awarded", 3, "ROOT", "VERB", "VBD", "award"),
                      ("Serco", 3, "dative", "PROPN", "NNP", "Serco"), ("a", 6, "det", "DET", "DT", "a"),
                      ("contract", 3, "dobj", "NOUN", "NN", "contract"), (".", 3, "punct", "PUNCT", ".", "."),
                      ("Serco", 9, "nsubj", "PROPN", "NNP", "Serco"), (verb, 9, "ROOT", "VERB", tag, "run"),
                      ("the", 11, "det", "DET", "DT", "the"), ("contract", 9, "dobj", "NOUN", "NN", "contract"),
                      (".", 9, "punct", "PUNCT", ".", ".")],
                     [(1, 3, "ORG"), (4, 5, "ORG"), (8, 9, "ORG")], starts=(8,))


def test_a_deal_said_to_run_now_is_active_after_its_award():
    deals, _ = _deals(_award_then("runs", "VBZ"))
    assert deals[("Home Office", "Serco")].status == "active"
    deals, _ = _deals(_award_then("ran", "VBD"))  # told in the past: the award is the news
    assert deals[("Home Office", "Serco")].status == "awarded"


def test_the_firm_the_buyer_chose_is_its_only_supplier_in_the_sentence():
    # "The Air Force chose Boeing over Airbus."
    doc = _deal_doc([("The", 2, "det", "DET", "DT", "the"), ("Air", 2, "compound", "PROPN", "NNP", "Air"),
                     ("Force", 3, "nsubj", "PROPN", "NNP", "Force"), ("chose", 3, "ROOT", "VERB", "VBD", "choose"),
                     ("Boeing", 3, "dobj", "PROPN", "NNP", "Boeing"), ("over", 3, "prep", "ADP", "IN", "over"),
                     ("Airbus", 5, "pobj", "PROPN", "NNP", "Airbus"), (".", 3, "punct", "PUNCT", ".", ".")],
                    [(1, 3, "ORG"), (4, 5, "ORG"), (6, 7, "ORG")])
    deals, entities = _deals(doc)
    assert {supplier for _, supplier in deals} == {"Boeing"}
    assert next(iter(deals.values())).status == "awarded"


def test_a_deal_pointed_back_to_keeps_its_ending_to_itself():
    # "When that contract expired, the Home Office handed the centre to Serco."
    doc = _deal_doc([("When", 3, "advmod", "SCONJ", "WRB", "when"), ("that", 2, "det", "DET", "DT", "that"),
                     ("contract", 3, "nsubj", "NOUN", "NN", "contract"), ("expired", 9, "advcl", "VERB", "VBD", "expire"),
                     (",", 9, "punct", "PUNCT", ",", ","), ("the", 7, "det", "DET", "DT", "the"),
                     ("Home", 7, "compound", "PROPN", "NNP", "Home"), ("Office", 9, "nsubj", "PROPN", "NNP", "Office"),
                     ("has", 9, "aux", "AUX", "VBZ", "have"), ("handed", 9, "ROOT", "VERB", "VBN", "hand"),
                     ("the", 11, "det", "DET", "DT", "the"), ("centre", 9, "dobj", "NOUN", "NN", "centre"),
                     ("to", 9, "prep", "ADP", "IN", "to"), ("Serco", 12, "pobj", "PROPN", "NNP", "Serco"),
                     (".", 9, "punct", "PUNCT", ".", ".")],
                    [(6, 8, "ORG"), (13, 14, "ORG")])
    deals, _ = _deals(doc)
    assert deals[("Home Office", "Serco")].status == "awarded"


def test_a_partner_of_the_winner_is_no_party():
    # "The Home Office awarded the contract to Palantir, with Accenture among its partners."
    doc = _deal_doc([("The", 2, "det", "DET", "DT", "the"), ("Home", 2, "compound", "PROPN", "NNP", "Home"),
                     ("Office", 3, "nsubj", "PROPN", "NNP", "Office"), ("awarded", 3, "ROOT", "VERB", "VBD", "award"),
                     ("the", 5, "det", "DET", "DT", "the"), ("contract", 3, "dobj", "NOUN", "NN", "contract"),
                     ("to", 3, "prep", "ADP", "IN", "to"), ("Palantir", 6, "pobj", "PROPN", "NNP", "Palantir"),
                     (",", 3, "punct", "PUNCT", ",", ","), ("with", 3, "prep", "ADP", "IN", "with"),
                     ("Accenture", 9, "pobj", "PROPN", "NNP", "Accenture"), ("among", 3, "prep", "ADP", "IN", "among"),
                     ("its", 13, "poss", "PRON", "PRP$", "its"), ("partners", 11, "pobj", "NOUN", "NNS", "partner"),
                     (".", 3, "punct", "PUNCT", ".", ".")],
                    [(1, 3, "ORG"), (7, 8, "ORG"), (10, 11, "ORG")])
    deals, _ = _deals(doc)
    assert set(deals) == {("Home Office", "Palantir")}


def test_the_value_is_the_money_the_deal_is_worth():
    # "After paying £600m, the Home Office awarded Babcock a contract worth £50m."
    doc = _deal_doc([("After", 8, "prep", "ADP", "IN", "after"), ("paying", 0, "pcomp", "VERB", "VBG", "pay"),
                     ("£", 3, "nmod", "SYM", "$", "£"), ("600m", 1, "dobj", "NUM", "CD", "600m"),
                     (",", 8, "punct", "PUNCT", ",", ","), ("the", 7, "det", "DET", "DT", "the"),
                     ("Home", 7, "compound", "PROPN", "NNP", "Home"), ("Office", 8, "nsubj", "PROPN", "NNP", "Office"),
                     ("awarded", 8, "ROOT", "VERB", "VBD", "award"), ("Babcock", 8, "dative", "PROPN", "NNP", "Babcock"),
                     ("a", 11, "det", "DET", "DT", "a"), ("contract", 8, "dobj", "NOUN", "NN", "contract"),
                     ("worth", 11, "amod", "ADJ", "JJ", "worth"), ("£", 14, "nmod", "SYM", "$", "£"),
                     ("50m", 12, "npadvmod", "NUM", "CD", "50m"), (".", 8, "punct", "PUNCT", ".", ".")],
                    [(2, 4, "MONEY"), (6, 8, "ORG"), (9, 10, "ORG"), (13, 15, "MONEY")])
    deals, _ = _deals(doc)
    deal = deals[("Home Office", "Babcock")]
    assert (deal.value, deal.currency) == (50e6, "GBP")


# --- Relation paths and roles (extract/relations.py, extract/paths.py) -------------------------

def _rel_doc(rows, ents, starts=(), joined=()):
    """A Doc from (word, head, dep, pos, tag, lemma) rows, heads absolute; ``starts``: the
    first tokens of later sentences; ``joined``: tokens with no space after them ("co-")."""
    words, heads, deps, pos, tags, lemmas = (list(col) for col in zip(*rows))
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=words, spaces=[i not in joined for i in range(len(words))], heads=heads, deps=deps,
              pos=pos, tags=tags, lemmas=lemmas, sent_starts=[i == 0 or i in starts for i in range(len(words))])
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def _supported(doc):
    found, _, _ = relation_evidence(doc)
    return {key for key, items in found.items() if not all(ev["negated"] for ev in items)}, found


def test_an_object_relative_clause_names_the_owned_firm():
    # "DeepMind, which Google bought, grew."
    doc = _rel_doc([("DeepMind", 6, "nsubj", "PROPN", "NNP", "DeepMind"), (",", 0, "punct", "PUNCT", ",", ","),
                    ("which", 4, "dobj", "PRON", "WDT", "which"), ("Google", 4, "nsubj", "PROPN", "NNP", "Google"),
                    ("bought", 0, "relcl", "VERB", "VBD", "buy"), (",", 0, "punct", "PUNCT", ",", ","),
                    ("grew", 6, "ROOT", "VERB", "VBD", "grow"), (".", 6, "punct", "PUNCT", ".", ".")],
                   [(0, 1, "Company"), (3, 4, "Company")])
    supported, _ = _supported(doc)
    assert supported == {("OWNS", "Google", "DeepMind")}


def test_a_split_co_founded_with_its_subject_on_the_auxiliary():
    # "Faculty was co-founded by Marc Warner." as the small model parses it: "co" the head,
    # "founded" a clause of its own, the subject under "was".
    doc = _rel_doc([("Faculty", 1, "nsubj", "PROPN", "NNP", "Faculty"), ("was", 2, "auxpass", "AUX", "VBD", "be"),
                    ("co", 2, "ROOT", "VERB", "VBN", "co"), ("-", 2, "punct", "VERB", "VBN", "-"),
                    ("founded", 2, "advcl", "VERB", "VBN", "found"), ("by", 4, "agent", "ADP", "IN", "by"),
                    ("Marc", 7, "compound", "PROPN", "NNP", "Marc"), ("Warner", 5, "pobj", "PROPN", "NNP", "Warner"),
                    (".", 2, "punct", "PUNCT", ".", ".")],
                   [(0, 1, "Company"), (6, 8, "Person")], joined={2, 3})
    supported, _ = _supported(doc)
    assert supported == {("FOUNDED", "Marc Warner", "Faculty")}


def test_a_board_and_shares_stand_for_their_firm():
    # "Marcus Wallenberg chairs Saab's board."
    doc = _rel_doc([("Marcus", 1, "compound", "PROPN", "NNP", "Marcus"), ("Wallenberg", 2, "nsubj", "PROPN", "NNP", "Wallenberg"),
                    ("chairs", 2, "ROOT", "VERB", "VBZ", "chair"), ("Saab", 5, "poss", "PROPN", "NNP", "Saab"),
                    ("'s", 3, "case", "PART", "POS", "'s"), ("board", 2, "dobj", "NOUN", "NN", "board"),
                    (".", 2, "punct", "PUNCT", ".", ".")],
                   [(0, 2, "Person"), (3, 4, "Company")])
    assert _supported(doc)[0] == {("LEADS", "Marcus Wallenberg", "Saab")}
    # "Airbus holds a tenth of Dassault's shares." A part of the shares is a stake, not ownership.
    doc = _rel_doc([("Airbus", 1, "nsubj", "PROPN", "NNP", "Airbus"), ("holds", 1, "ROOT", "VERB", "VBZ", "hold"),
                    ("a", 3, "det", "DET", "DT", "a"), ("tenth", 1, "dobj", "NOUN", "NN", "tenth"),
                    ("of", 3, "prep", "ADP", "IN", "of"), ("Dassault", 7, "poss", "PROPN", "NNP", "Dassault"),
                    ("'s", 5, "case", "PART", "POS", "'s"), ("shares", 4, "pobj", "NOUN", "NNS", "share"),
                    (".", 1, "punct", "PUNCT", ".", ".")],
                   [(0, 1, "Company"), (5, 6, "Company")])
    assert _supported(doc)[0] == {("INVESTED_IN", "Airbus", "Dassault")}


def test_money_raised_from_an_investor():
    # "Babylon raised money from Kinnevik."
    doc = _rel_doc([("Babylon", 1, "nsubj", "PROPN", "NNP", "Babylon"), ("raised", 1, "ROOT", "VERB", "VBD", "raise"),
                    ("money", 1, "dobj", "NOUN", "NN", "money"), ("from", 1, "prep", "ADP", "IN", "from"),
                    ("Kinnevik", 3, "pobj", "PROPN", "NNP", "Kinnevik"), (".", 1, "punct", "PUNCT", ".", ".")],
                   [(0, 1, "Company"), (4, 5, "Company")])
    assert _supported(doc)[0] == {("INVESTED_IN", "Kinnevik", "Babylon")}


def test_a_portfolio_title_names_the_ministry_of_the_story():
    # "The Ministry of Defence signed. Defence Secretary John Healey spoke."
    doc = _rel_doc([("The", 1, "det", "DET", "DT", "the"), ("Ministry", 4, "nsubj", "PROPN", "NNP", "Ministry"),
                    ("of", 1, "prep", "ADP", "IN", "of"), ("Defence", 2, "pobj", "PROPN", "NNP", "Defence"),
                    ("signed", 4, "ROOT", "VERB", "VBD", "sign"), (".", 4, "punct", "PUNCT", ".", "."),
                    ("Defence", 7, "compound", "PROPN", "NNP", "Defence"), ("Secretary", 9, "compound", "PROPN", "NNP", "Secretary"),
                    ("John", 9, "compound", "PROPN", "NNP", "John"), ("Healey", 10, "nsubj", "PROPN", "NNP", "Healey"),
                    ("spoke", 10, "ROOT", "VERB", "VBD", "speak"), (".", 10, "punct", "PUNCT", ".", ".")],
                   [(1, 4, "Agency"), (8, 10, "Person")], starts={6})
    assert _supported(doc)[0] == {("LEADS", "John Healey", "Ministry of Defence")}


def test_a_title_is_not_denied_by_what_its_holder_does():
    # "Palantir's chief executive, Alex Karp, did not attend."
    doc = _rel_doc([("Palantir", 3, "poss", "PROPN", "NNP", "Palantir"), ("'s", 0, "case", "PART", "POS", "'s"),
                    ("chief", 3, "amod", "ADJ", "JJ", "chief"), ("executive", 10, "nsubj", "NOUN", "NN", "executive"),
                    (",", 3, "punct", "PUNCT", ",", ","), ("Alex", 6, "compound", "PROPN", "NNP", "Alex"),
                    ("Karp", 3, "appos", "PROPN", "NNP", "Karp"), (",", 3, "punct", "PUNCT", ",", ","),
                    ("did", 10, "aux", "AUX", "VBD", "do"), ("not", 10, "neg", "PART", "RB", "not"),
                    ("attend", 10, "ROOT", "VERB", "VB", "attend"), (".", 10, "punct", "PUNCT", ".", ".")],
                   [(0, 1, "Company"), (5, 7, "Person")])
    supported, found = _supported(doc)
    assert supported == {("LEADS", "Alex Karp", "Palantir")}
    assert not any(ev["negated"] for ev in found["LEADS", "Alex Karp", "Palantir"])
    # "Alex Karp is not the chief executive of Palantir.": denied.
    doc = _rel_doc([("Alex", 1, "compound", "PROPN", "NNP", "Alex"), ("Karp", 2, "nsubj", "PROPN", "NNP", "Karp"),
                    ("is", 2, "ROOT", "AUX", "VBZ", "be"), ("not", 2, "neg", "PART", "RB", "not"),
                    ("the", 6, "det", "DET", "DT", "the"), ("chief", 6, "amod", "ADJ", "JJ", "chief"),
                    ("executive", 2, "attr", "NOUN", "NN", "executive"), ("of", 6, "prep", "ADP", "IN", "of"),
                    ("Palantir", 7, "pobj", "PROPN", "NNP", "Palantir"), (".", 2, "punct", "PUNCT", ".", ".")],
                   [(0, 2, "Person"), (8, 9, "Company")])
    supported, found = _supported(doc)
    assert supported == set()
    assert [ev["negated"] for ev in found["LEADS", "Alex Karp", "Palantir"]] == [True]


def test_never_leaving_a_firm_denies_nothing():
    # "Palmer Luckey never left Meta." / "Palmer Luckey left Meta."
    rows = [("Palmer", 1, "compound", "PROPN", "NNP", "Palmer"), ("Luckey", 3, "nsubj", "PROPN", "NNP", "Luckey"),
            ("never", 3, "neg", "ADV", "RB", "never"), ("left", 3, "ROOT", "VERB", "VBD", "leave"),
            ("Meta", 3, "dobj", "PROPN", "NNP", "Meta"), (".", 3, "punct", "PUNCT", ".", ".")]
    found, _, _ = relation_evidence(_rel_doc(rows, [(0, 2, "Person"), (4, 5, "Company")]))
    assert found == {}
    rows = rows[:2] + [(w, h - 1 if h > 2 else h, d, p, t, lem) for w, h, d, p, t, lem in rows[3:]]
    rows[1] = ("Luckey", 2, "nsubj", "PROPN", "NNP", "Luckey")
    assert _supported(_rel_doc(rows, [(0, 2, "Person"), (3, 4, "Company")]))[0] == {
        ("WORKS_FOR", "Palmer Luckey", "Meta")}


def test_he_is_the_one_person_named_just_before():
    # "Mustafa Suleyman left DeepMind. He founded Inflection."
    doc = _rel_doc([("Mustafa", 1, "compound", "PROPN", "NNP", "Mustafa"), ("Suleyman", 2, "nsubj", "PROPN", "NNP", "Suleyman"),
                    ("left", 2, "ROOT", "VERB", "VBD", "leave"), ("DeepMind", 2, "dobj", "PROPN", "NNP", "DeepMind"),
                    (".", 2, "punct", "PUNCT", ".", "."), ("He", 6, "nsubj", "PRON", "PRP", "he"),
                    ("founded", 6, "ROOT", "VERB", "VBD", "found"), ("Inflection", 6, "dobj", "PROPN", "NNP", "Inflection"),
                    (".", 6, "punct", "PUNCT", ".", ".")],
                   [(0, 2, "Person"), (3, 4, "Company"), (7, 8, "Company")], starts={5})
    assert _supported(doc)[0] == {("WORKS_FOR", "Mustafa Suleyman", "DeepMind"),
                                  ("FOUNDED", "Mustafa Suleyman", "Inflection")}


def test_an_apposition_hung_on_the_wrong_noun_goes_to_the_one_before_its_comma():
    # "She and Boeing's chief financial officer, Michael Sears, were jailed." with Sears under "She".
    doc = _rel_doc([("She", 12, "nsubjpass", "PRON", "PRP", "she"), ("and", 0, "cc", "CCONJ", "CC", "and"),
                    ("Boeing", 6, "poss", "PROPN", "NNP", "Boeing"), ("'s", 2, "case", "PART", "POS", "'s"),
                    ("chief", 6, "amod", "ADJ", "JJ", "chief"), ("financial", 6, "amod", "ADJ", "JJ", "financial"),
                    ("officer", 0, "conj", "NOUN", "NN", "officer"), (",", 0, "punct", "PUNCT", ",", ","),
                    ("Michael", 9, "compound", "PROPN", "NNP", "Michael"), ("Sears", 0, "appos", "PROPN", "NNP", "Sears"),
                    (",", 0, "punct", "PUNCT", ",", ","), ("were", 12, "auxpass", "AUX", "VBD", "be"),
                    ("jailed", 12, "ROOT", "VERB", "VBN", "jail"), (".", 12, "punct", "PUNCT", ".", ".")],
                   [(2, 3, "Company"), (8, 10, "Person")])
    assert _supported(doc)[0] == {("WORKS_FOR", "Michael Sears", "Boeing")}


# --- Entities: typing, non-entities and resolution (issue 3, entity rules) ---------------------------

from extract.entities import same_given_name  # noqa: E402


def _entities(doc):
    entities, mentions = resolve_entities(doc, LEX)
    used = {m.entity for m in mentions}
    return [entities[i] for i in sorted(used)], mentions


def test_a_product_in_apposition_is_not_a_firm():
    # "Saab built GlobalEye, an early-warning aircraft."
    doc = parse(["Saab", "built", "GlobalEye", ",", "an", "aircraft", "."],
                [1, 1, 1, 2, 5, 2, 1],
                ["nsubj", "ROOT", "dobj", "punct", "det", "appos", "punct"],
                ["PROPN", "VERB", "PROPN", "PUNCT", "DET", "NOUN", "PUNCT"],
                ["Saab", "build", "GlobalEye", ",", "an", "aircraft", "."],
                [(0, 1, "ORG"), (2, 3, "ORG")])
    entities, _ = _entities(doc)
    assert [(e.label, e.name) for e in entities] == [("Company", "Saab")]


def test_a_name_given_to_a_thing_is_not_a_firm():
    # "Police run a version called DAR."
    doc = parse(["Police", "run", "a", "version", "called", "DAR", "."],
                [1, 1, 3, 1, 3, 4, 1],
                ["nsubj", "ROOT", "det", "dobj", "acl", "oprd", "punct"],
                ["NOUN", "VERB", "DET", "NOUN", "VERB", "PROPN", "PUNCT"],
                ["police", "run", "a", "version", "call", "DAR", "."],
                [(5, 6, "ORG")])
    assert _entities(doc)[0] == []


def test_a_name_in_apposition_to_a_person_word_is_a_person():
    # "His successor, Nadine Dorries, ordered a review."  (the tagger said ORG)
    doc = parse(["His", "successor", ",", "Nadine", "Dorries", ",", "ordered", "a", "review", "."],
                [1, 6, 1, 4, 1, 1, 6, 8, 6, 6],
                ["poss", "nsubj", "punct", "compound", "appos", "punct", "ROOT", "det", "dobj", "punct"],
                ["PRON", "NOUN", "PUNCT", "PROPN", "PROPN", "PUNCT", "VERB", "DET", "NOUN", "PUNCT"],
                ["his", "successor", ",", "Nadine", "Dorries", ",", "order", "a", "review", "."],
                [(3, 5, "ORG")])
    entities, _ = _entities(doc)
    assert [(e.label, e.name) for e in entities] == [("Person", "Nadine Dorries")]


def test_given_names_of_one_person():
    assert same_given_name("Alex", "Alexander")
    assert same_given_name("Chris", "Christopher")
    assert same_given_name("A.", "Andrew")
    variants = frozenset({("bill", "william")})
    assert same_given_name("Bill", "William", variants)
    assert not same_given_name("Andrew", "Anne")
    assert not same_given_name("Bill", "William")  # only with the list of short forms


def test_people_who_share_a_surname_stay_apart():
    # "Andrew Smith met Anne Smith and Smith left."
    doc = parse(["Andrew", "Smith", "met", "Anne", "Smith", "and", "Smith", "left", "."],
                [1, 2, 2, 4, 2, 2, 7, 2, 2],
                ["compound", "nsubj", "ROOT", "compound", "dobj", "cc", "nsubj", "conj", "punct"],
                ["PROPN", "PROPN", "VERB", "PROPN", "PROPN", "CCONJ", "PROPN", "VERB", "PUNCT"],
                ["Andrew", "Smith", "meet", "Anne", "Smith", "and", "Smith", "leave", "."],
                [(0, 2, "PERSON"), (3, 5, "PERSON"), (6, 7, "PERSON")])
    entities, _ = _entities(doc)
    by_name = {e.name: e for e in entities}
    assert set(by_name) == {"Andrew Smith", "Anne Smith"}
    assert by_name["Anne Smith"].forms == {"Anne Smith", "Smith"}  # the one named last
    assert by_name["Andrew Smith"].forms == {"Andrew Smith"}


def test_a_short_form_before_the_listed_name_is_the_same_body():
    # "The Army said the US Army would buy."  ("US Army" from the gazetteer)
    doc = parse(["The", "Army", "said", "the", "US", "Army", "would", "buy", "."],
                [1, 2, 2, 5, 5, 7, 7, 2, 2],
                ["det", "nsubj", "ROOT", "det", "compound", "nsubj", "aux", "ccomp", "punct"],
                ["DET", "PROPN", "VERB", "DET", "PROPN", "PROPN", "AUX", "VERB", "PUNCT"],
                ["the", "Army", "say", "the", "US", "Army", "would", "buy", "."],
                [(1, 2, "ORG")])
    doc.ents = [*doc.ents, Span(doc, 4, 6, label="Agency", span_id="US Army")]
    entities, mentions = _entities(doc)
    assert [(e.label, e.name) for e in entities] == [("Agency", "US Army")]
    assert entities[0].forms == {"US Army", "Army"} and len(mentions) == 2


def test_initials_and_full_name_are_one_firm():
    # "Shared Services Connected Ltd runs payroll and SSCL hires."  ("SSCL" listed, as "SSCL Group")
    words = ["Shared", "Services", "Connected", "Ltd", "runs", "payroll", "and", "SSCL", "hires", "."]
    doc = parse(words, [3, 3, 3, 4, 4, 4, 4, 8, 4, 4],
                ["compound", "compound", "compound", "nsubj", "ROOT", "dobj", "cc", "nsubj", "conj", "punct"],
                ["PROPN", "PROPN", "PROPN", "PROPN", "VERB", "NOUN", "CCONJ", "PROPN", "VERB", "PUNCT"],
                ["Shared", "Services", "Connected", "Ltd", "run", "payroll", "and", "SSCL", "hire", "."],
                [(0, 4, "ORG")])
    doc.ents = [*doc.ents, Span(doc, 7, 8, label="Company", span_id="SSCL Group")]
    entities, mentions = _entities(doc)
    assert [e.name for e in entities] == ["SSCL Group"]
    assert entities[0].forms == {"SSCL Group", "SSCL", "Shared Services Connected Ltd"}
    assert len({m.entity for m in mentions}) == 1


def test_weak_agency_words_need_a_qualifier():
    # "Reliance Defence met the Swedish Security Service."
    doc = parse(["Reliance", "Defence", "met", "the", "Swedish", "Security", "Service", "."],
                [1, 2, 2, 6, 6, 6, 2, 2],
                ["compound", "nsubj", "ROOT", "det", "amod", "compound", "dobj", "punct"],
                ["PROPN", "PROPN", "VERB", "DET", "PROPN", "PROPN", "PROPN", "PUNCT"],
                ["Reliance", "Defence", "meet", "the", "Swedish", "Security", "Service", "."],
                [(0, 2, "ORG"), (4, 7, "ORG")])
    entities, _ = _entities(doc)
    assert {(e.label, e.name) for e in entities} == {("Company", "Reliance Defence"),
                                                     ("Agency", "Swedish Security Service")}


def test_a_firm_named_after_its_epithet():
    # "They signed with the reseller Insight."  (the tagger missed the name)
    doc = parse(["They", "signed", "with", "the", "reseller", "Insight", "."],
                [1, 1, 1, 5, 5, 2, 1],
                ["nsubj", "ROOT", "prep", "det", "compound", "pobj", "punct"],
                ["PRON", "VERB", "ADP", "DET", "NOUN", "PROPN", "PUNCT"],
                ["they", "sign", "with", "the", "reseller", "Insight", "."],
                [])
    entities, _ = _entities(doc)
    assert [(e.label, e.name) for e in entities] == [("Company", "Insight")]


def test_a_ministry_named_by_its_portfolio():
    # "The federal interior ministry signed."
    doc = parse(["The", "federal", "interior", "ministry", "signed", "."],
                [3, 3, 3, 4, 4, 4],
                ["det", "amod", "compound", "nsubj", "ROOT", "punct"],
                ["DET", "ADJ", "NOUN", "NOUN", "VERB", "PUNCT"],
                ["the", "federal", "interior", "ministry", "sign", "."],
                [])
    entities, _ = _entities(doc)
    assert [(e.label, e.name) for e in entities] == [("Agency", "federal interior ministry")]


def test_a_department_named_by_a_list_of_portfolios():
    # "the Department for Digital, Culture, Media and Sport commissioned a review"
    words = ["the", "Department", "for", "Digital", ",", "Culture", ",", "Media", "and", "Sport",
             "commissioned", "a", "review", "."]
    doc = parse(words, [1, 10, 1, 2, 3, 3, 5, 5, 7, 7, 10, 12, 10, 10],
                ["det", "nsubj", "prep", "pobj", "punct", "conj", "punct", "conj", "cc", "conj", "ROOT", "det",
                 "dobj", "punct"],
                ["DET", "PROPN", "ADP", "PROPN", "PUNCT", "PROPN", "PUNCT", "PROPN", "CCONJ", "PROPN", "VERB", "DET",
                 "NOUN", "PUNCT"],
                [w.lower() for w in words],
                [(1, 4, "ORG"), (7, 8, "ORG"), (9, 10, "ORG")])
    entities, _ = _entities(doc)
    # (the hand-built doc puts a space before each comma)
    assert [(e.label, graph.names.normalize(e.name)) for e in entities] == [
        ("Agency", graph.names.normalize("Department for Digital, Culture, Media and Sport"))]
