"""The relation and contract rules on hand-built parses (no model needed)."""
from __future__ import annotations

import doctest

import pytest
import spacy
from spacy.tokens import Doc, Span

import extract.dates
import extract.entities
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


@pytest.mark.parametrize("module", [graph.names, extract.money, extract.dates, extract.entities])
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


def test_an_object_pronoun_is_not_its_own_clauses_subject():
    # "it" after "Initech bought" is the firm before, so the sale gives Globex the firm, not Initech
    # 'Acme Robotics has changed hands twice. Initech bought it in 2015 and sold it to Globex two years later.'
    doc = _deal_doc([
        ('Acme', 1, 'compound', 'PROPN', 'NNP', 'Acme'), ('Robotics', 3, 'nsubj', 'PROPN', 'NNP', 'Robotics'),
        ('has', 3, 'aux', 'AUX', 'VBZ', 'have'), ('changed', 3, 'ROOT', 'VERB', 'VBN', 'change'),
        ('hands', 3, 'dobj', 'NOUN', 'NNS', 'hand'), ('twice', 3, 'advmod', 'ADV', 'RB', 'twice'),
        ('.', 3, 'punct', 'PUNCT', '.', '.'), ('Initech', 8, 'nsubj', 'PROPN', 'NNP', 'Initech'),
        ('bought', 8, 'ROOT', 'VERB', 'VBD', 'buy'), ('it', 8, 'dobj', 'PRON', 'PRP', 'it'),
        ('in', 8, 'prep', 'ADP', 'IN', 'in'), ('2015', 10, 'pobj', 'NUM', 'CD', '2015'),
        ('and', 8, 'cc', 'CCONJ', 'CC', 'and'), ('sold', 8, 'conj', 'VERB', 'VBD', 'sell'),
        ('it', 13, 'dobj', 'PRON', 'PRP', 'it'), ('to', 13, 'dative', 'ADP', 'IN', 'to'),
        ('Globex', 15, 'pobj', 'PROPN', 'NNP', 'Globex'), ('two', 18, 'nummod', 'NUM', 'CD', 'two'),
        ('years', 19, 'npadvmod', 'NOUN', 'NNS', 'year'), ('later', 13, 'advmod', 'ADV', 'RB', 'later'),
        ('.', 8, 'punct', 'PUNCT', '.', '.'),
    ], [(0, 2, 'ORG'), (7, 8, 'ORG'), (16, 17, 'ORG')], starts=(7,))
    found, _, _ = relations(doc)
    assert found == {('OWNS', 'Globex', 'Acme Robotics'), ('OWNS', 'Initech', 'Acme Robotics')}


def test_a_deputy_title_works_for_the_body():
    # a deputy commissioner works for the force; she does not lead it
    # "Lena Holm, the Northport Police's deputy commissioner, said the trial had ended."
    doc = _deal_doc([
        ('Lena', 1, 'compound', 'PROPN', 'NNP', 'Lena'), ('Holm', 10, 'nsubj', 'PROPN', 'NNP', 'Holm'),
        (',', 1, 'punct', 'PUNCT', ',', ','), ('the', 5, 'det', 'DET', 'DT', 'the'),
        ('Northport', 5, 'compound', 'PROPN', 'NNP', 'Northport'), ('Police', 8, 'poss', 'PROPN', 'NNP', 'Police'),
        ("'s", 5, 'case', 'PART', 'POS', "'s"), ('deputy', 8, 'compound', 'NOUN', 'NN', 'deputy'),
        ('commissioner', 1, 'appos', 'NOUN', 'NN', 'commissioner'), (',', 1, 'punct', 'PUNCT', ',', ','),
        ('said', 10, 'ROOT', 'VERB', 'VBD', 'say'), ('the', 12, 'det', 'DET', 'DT', 'the'),
        ('trial', 14, 'nsubj', 'NOUN', 'NN', 'trial'), ('had', 14, 'aux', 'AUX', 'VBD', 'have'),
        ('ended', 10, 'ccomp', 'VERB', 'VBN', 'end'), ('.', 10, 'punct', 'PUNCT', '.', '.'),
    ], [(0, 2, 'PERSON'), (4, 6, 'ORG')])
    found, _, _ = relations(doc)
    assert found == {('WORKS_FOR', 'Lena Holm', 'Northport Police')}


def test_a_head_is_not_also_counted_as_staff():
    # having led the agency, leaving it adds no WORKS_FOR
    # 'Maria Lund is the director-general of the Danish Energy Agency. Lund left the agency in May.'
    doc = _deal_doc([
        ('Maria', 1, 'compound', 'PROPN', 'NNP', 'Maria'), ('Lund', 2, 'nsubj', 'PROPN', 'NNP', 'Lund'),
        ('is', 2, 'ROOT', 'AUX', 'VBZ', 'be'), ('the', 4, 'det', 'DET', 'DT', 'the'),
        ('director', 6, 'compound', 'NOUN', 'NN', 'director'), ('-', 6, 'punct', 'PUNCT', 'HYPH', '-'),
        ('general', 2, 'attr', 'NOUN', 'NN', 'general'), ('of', 6, 'prep', 'ADP', 'IN', 'of'),
        ('the', 11, 'det', 'DET', 'DT', 'the'), ('Danish', 11, 'compound', 'PROPN', 'NNP', 'Danish'),
        ('Energy', 11, 'compound', 'PROPN', 'NNP', 'Energy'), ('Agency', 7, 'pobj', 'PROPN', 'NNP', 'Agency'),
        ('.', 2, 'punct', 'PUNCT', '.', '.'), ('Lund', 14, 'nsubj', 'NOUN', 'NN', 'lund'),
        ('left', 14, 'ROOT', 'VERB', 'VBD', 'leave'), ('the', 16, 'det', 'DET', 'DT', 'the'),
        ('agency', 14, 'dobj', 'NOUN', 'NN', 'agency'), ('in', 14, 'prep', 'ADP', 'IN', 'in'),
        ('May', 17, 'pobj', 'PROPN', 'NNP', 'May'), ('.', 14, 'punct', 'PUNCT', '.', '.'),
    ], [(0, 2, 'PERSON'), (9, 12, 'ORG'), (13, 14, 'PERSON')], starts=(13,))
    found, _, _ = relations(doc)
    assert found == {('LEADS', 'Maria Lund', 'Danish Energy Agency')}


def test_a_mayor_is_no_head_of_the_story_agency():
    # a mayor heads a city, not the police force the story is about
    # 'The Northport Police Department bought two drones. The Northport Police Department says they are safe. A spokeswoman for Mayor Lorna Tate declined to comment.'
    doc = _deal_doc([
        ('The', 3, 'det', 'DET', 'DT', 'the'), ('Northport', 3, 'compound', 'PROPN', 'NNP', 'Northport'),
        ('Police', 3, 'compound', 'PROPN', 'NNP', 'Police'),
        ('Department', 4, 'nsubj', 'PROPN', 'NNP', 'Department'), ('bought', 4, 'ROOT', 'VERB', 'VBD', 'buy'),
        ('two', 6, 'nummod', 'NUM', 'CD', 'two'), ('drones', 4, 'dobj', 'NOUN', 'NNS', 'drone'),
        ('.', 4, 'punct', 'PUNCT', '.', '.'), ('The', 11, 'det', 'DET', 'DT', 'the'),
        ('Northport', 11, 'compound', 'PROPN', 'NNP', 'Northport'),
        ('Police', 11, 'compound', 'PROPN', 'NNP', 'Police'),
        ('Department', 12, 'nsubj', 'PROPN', 'NNP', 'Department'), ('says', 12, 'ROOT', 'VERB', 'VBZ', 'say'),
        ('they', 14, 'nsubj', 'PRON', 'PRP', 'they'), ('are', 12, 'ccomp', 'AUX', 'VBP', 'be'),
        ('safe', 14, 'acomp', 'ADJ', 'JJ', 'safe'), ('.', 12, 'punct', 'PUNCT', '.', '.'),
        ('A', 18, 'det', 'DET', 'DT', 'a'), ('spokeswoman', 23, 'nsubj', 'NOUN', 'NN', 'spokeswoman'),
        ('for', 18, 'prep', 'ADP', 'IN', 'for'), ('Mayor', 22, 'compound', 'PROPN', 'NNP', 'Mayor'),
        ('Lorna', 22, 'compound', 'PROPN', 'NNP', 'Lorna'), ('Tate', 19, 'pobj', 'PROPN', 'NNP', 'Tate'),
        ('declined', 23, 'ROOT', 'VERB', 'VBD', 'decline'), ('to', 25, 'aux', 'PART', 'TO', 'to'),
        ('comment', 23, 'xcomp', 'VERB', 'VB', 'comment'), ('.', 23, 'punct', 'PUNCT', '.', '.'),
    ], [(1, 4, 'ORG'), (9, 12, 'ORG'), (21, 23, 'PERSON')], starts=(8, 17))
    found, _, _ = relations(doc)
    assert found == set()


def test_a_chief_title_heads_the_story_agency():
    # "the chief statistician" heads the agency the story is about
    # 'The Harbour Statistics Agency published the figures late. The Harbour Statistics Agency blamed a supplier. The chief statistician, Omar Reyes, has apologised.'
    doc = _deal_doc([
        ('The', 3, 'det', 'DET', 'DT', 'the'), ('Harbour', 3, 'compound', 'PROPN', 'NNP', 'Harbour'),
        ('Statistics', 3, 'compound', 'PROPN', 'NNPS', 'Statistics'),
        ('Agency', 4, 'nsubj', 'PROPN', 'NNP', 'Agency'), ('published', 4, 'ROOT', 'VERB', 'VBD', 'publish'),
        ('the', 6, 'det', 'DET', 'DT', 'the'), ('figures', 4, 'dobj', 'NOUN', 'NNS', 'figure'),
        ('late', 4, 'advmod', 'ADV', 'RB', 'late'), ('.', 4, 'punct', 'PUNCT', '.', '.'),
        ('The', 12, 'det', 'DET', 'DT', 'the'), ('Harbour', 12, 'compound', 'PROPN', 'NNP', 'Harbour'),
        ('Statistics', 12, 'compound', 'PROPN', 'NNPS', 'Statistics'),
        ('Agency', 13, 'nsubj', 'PROPN', 'NNP', 'Agency'), ('blamed', 13, 'ROOT', 'VERB', 'VBD', 'blame'),
        ('a', 15, 'det', 'DET', 'DT', 'a'), ('supplier', 13, 'dobj', 'NOUN', 'NN', 'supplier'),
        ('.', 13, 'punct', 'PUNCT', '.', '.'), ('The', 19, 'det', 'DET', 'DT', 'the'),
        ('chief', 19, 'compound', 'ADJ', 'JJ', 'chief'), ('statistician', 25, 'nsubj', 'NOUN', 'NN', 'statistician'),
        (',', 19, 'punct', 'PUNCT', ',', ','), ('Omar', 22, 'compound', 'PROPN', 'NNP', 'Omar'),
        ('Reyes', 19, 'appos', 'PROPN', 'NNP', 'Reyes'), (',', 19, 'punct', 'PUNCT', ',', ','),
        ('has', 25, 'aux', 'AUX', 'VBZ', 'have'), ('apologised', 25, 'ROOT', 'VERB', 'VBN', 'apologise'),
        ('.', 25, 'punct', 'PUNCT', '.', '.'),
    ], [(1, 4, 'ORG'), (10, 13, 'ORG'), (21, 23, 'PERSON')], starts=(9, 17))
    found, _, _ = relations(doc)
    assert found == {('LEADS', 'Omar Reyes', 'Harbour Statistics Agency')}


def test_who_right_after_a_name_is_that_person():
    # as the small parser leaves it: "who was transport secretary" hung on "the firm"; the
    # title's portfolio names the ministry
    # 'The Department for Transport signed the deal. Critics questioned the firm and Tom Baker, who was transport secretary at the time.'
    doc = _deal_doc([
        ('The', 1, 'det', 'DET', 'DT', 'the'), ('Department', 4, 'nsubj', 'PROPN', 'NNP', 'Department'),
        ('for', 1, 'prep', 'ADP', 'IN', 'for'), ('Transport', 2, 'pobj', 'PROPN', 'NNP', 'Transport'),
        ('signed', 4, 'ROOT', 'VERB', 'VBD', 'sign'), ('the', 6, 'det', 'DET', 'DT', 'the'),
        ('deal', 4, 'dobj', 'NOUN', 'NN', 'deal'), ('.', 4, 'punct', 'PUNCT', '.', '.'),
        ('Critics', 9, 'nsubj', 'NOUN', 'NNS', 'critic'), ('questioned', 9, 'ROOT', 'VERB', 'VBD', 'question'),
        ('the', 11, 'det', 'DET', 'DT', 'the'), ('firm', 9, 'dobj', 'NOUN', 'NN', 'firm'),
        ('and', 11, 'cc', 'CCONJ', 'CC', 'and'), ('Tom', 14, 'compound', 'PROPN', 'NNP', 'Tom'),
        ('Baker', 11, 'conj', 'PROPN', 'NNP', 'Baker'), (',', 14, 'punct', 'PUNCT', ',', ','),
        ('who', 17, 'nsubj', 'PRON', 'WP', 'who'), ('was', 11, 'relcl', 'AUX', 'VBD', 'be'),
        ('transport', 19, 'compound', 'NOUN', 'NN', 'transport'),
        ('secretary', 17, 'attr', 'NOUN', 'NN', 'secretary'), ('at', 17, 'prep', 'ADP', 'IN', 'at'),
        ('the', 22, 'det', 'DET', 'DT', 'the'), ('time', 20, 'pobj', 'NOUN', 'NN', 'time'),
        ('.', 9, 'punct', 'PUNCT', '.', '.'),
    ], [(1, 4, 'ORG'), (13, 15, 'PERSON')], starts=(8,))
    found, _, _ = relations(doc)
    assert found == {('LEADS', 'Tom Baker', 'Department for Transport')}


def test_a_successor_takes_the_predecessors_post():
    # who succeeded Doe leads what Doe led
    # "Acme's chief executive, John Doe, resigned in 2019. Mary Smith, who succeeded Doe, told investors the plan would work."
    doc = _deal_doc([
        ('Acme', 3, 'poss', 'PROPN', 'NNP', 'Acme'), ("'s", 0, 'case', 'PART', 'POS', "'s"),
        ('chief', 3, 'amod', 'ADJ', 'JJ', 'chief'), ('executive', 8, 'nsubj', 'NOUN', 'NN', 'executive'),
        (',', 3, 'punct', 'PUNCT', ',', ','), ('John', 6, 'compound', 'PROPN', 'NNP', 'John'),
        ('Doe', 3, 'appos', 'PROPN', 'NNP', 'Doe'), (',', 3, 'punct', 'PUNCT', ',', ','),
        ('resigned', 8, 'ROOT', 'VERB', 'VBD', 'resign'), ('in', 8, 'prep', 'ADP', 'IN', 'in'),
        ('2019', 9, 'pobj', 'NUM', 'CD', '2019'), ('.', 8, 'punct', 'PUNCT', '.', '.'),
        ('Mary', 13, 'compound', 'PROPN', 'NNP', 'Mary'), ('Smith', 19, 'nsubj', 'PROPN', 'NNP', 'Smith'),
        (',', 13, 'punct', 'PUNCT', ',', ','), ('who', 16, 'nsubj', 'PRON', 'WP', 'who'),
        ('succeeded', 13, 'relcl', 'VERB', 'VBD', 'succeed'), ('Doe', 16, 'dobj', 'PROPN', 'NNP', 'Doe'),
        (',', 13, 'punct', 'PUNCT', ',', ','), ('told', 19, 'ROOT', 'VERB', 'VBD', 'tell'),
        ('investors', 19, 'dobj', 'NOUN', 'NNS', 'investor'), ('the', 22, 'det', 'DET', 'DT', 'the'),
        ('plan', 24, 'nsubj', 'NOUN', 'NN', 'plan'), ('would', 24, 'aux', 'AUX', 'MD', 'would'),
        ('work', 19, 'ccomp', 'VERB', 'VB', 'work'), ('.', 19, 'punct', 'PUNCT', '.', '.'),
    ], [(0, 1, 'ORG'), (5, 7, 'PERSON'), (12, 14, 'PERSON'), (17, 18, 'PERSON')], starts=(12,))
    found, _, _ = relations(doc)
    assert found == {('LEADS', 'John Doe', 'Acme'), ('LEADS', 'Mary Smith', 'Acme')}


def test_a_managing_partner_leads_the_firm():
    # "managing" makes a staff title the head's
    # "Jim Brown, Globex's managing partner, spoke."
    doc = _deal_doc([
        ('Jim', 1, 'compound', 'PROPN', 'NNP', 'Jim'), ('Brown', 8, 'nsubj', 'PROPN', 'NNP', 'Brown'),
        (',', 1, 'punct', 'PUNCT', ',', ','), ('Globex', 6, 'poss', 'PROPN', 'NNP', 'Globex'),
        ("'s", 3, 'case', 'PART', 'POS', "'s"), ('managing', 6, 'compound', 'NOUN', 'NN', 'managing'),
        ('partner', 1, 'appos', 'NOUN', 'NN', 'partner'), (',', 1, 'punct', 'PUNCT', ',', ','),
        ('spoke', 8, 'ROOT', 'VERB', 'VBD', 'speak'), ('.', 8, 'punct', 'PUNCT', '.', '.'),
    ], [(0, 2, 'PERSON'), (3, 4, 'ORG')])
    found, _, _ = relations(doc)
    assert found == {('LEADS', 'Jim Brown', 'Globex')}


def test_the_director_of_a_public_body_heads_it():
    # "the office" is the Northport Data Office, and its director heads it
    # "The Northport Data Office was set up in 2019. Ann Lee, the office's director, defended the plan."
    doc = _deal_doc([
        ('The', 3, 'det', 'DET', 'DT', 'the'), ('Northport', 3, 'compound', 'PROPN', 'NNP', 'Northport'),
        ('Data', 3, 'compound', 'PROPN', 'NNP', 'Data'), ('Office', 5, 'nsubjpass', 'PROPN', 'NNP', 'Office'),
        ('was', 5, 'auxpass', 'AUX', 'VBD', 'be'), ('set', 5, 'ROOT', 'VERB', 'VBN', 'set'),
        ('up', 5, 'prt', 'ADP', 'RP', 'up'), ('in', 5, 'prep', 'ADP', 'IN', 'in'),
        ('2019', 7, 'pobj', 'NUM', 'CD', '2019'), ('.', 5, 'punct', 'PUNCT', '.', '.'),
        ('Ann', 11, 'compound', 'PROPN', 'NNP', 'Ann'), ('Lee', 18, 'nsubj', 'PROPN', 'NNP', 'Lee'),
        (',', 11, 'punct', 'PUNCT', ',', ','), ('the', 14, 'det', 'DET', 'DT', 'the'),
        ('office', 16, 'poss', 'NOUN', 'NN', 'office'), ("'s", 14, 'case', 'PART', 'POS', "'s"),
        ('director', 11, 'appos', 'NOUN', 'NN', 'director'), (',', 11, 'punct', 'PUNCT', ',', ','),
        ('defended', 18, 'ROOT', 'VERB', 'VBD', 'defend'), ('the', 20, 'det', 'DET', 'DT', 'the'),
        ('plan', 18, 'dobj', 'NOUN', 'NN', 'plan'), ('.', 18, 'punct', 'PUNCT', '.', '.'),
    ], [(1, 4, 'ORG'), (10, 12, 'PERSON')], starts=(10,))
    found, _, _ = relations(doc)
    assert found == {('LEADS', 'Ann Lee', 'Northport Data Office')}


def _glue_hyphens(doc):
    """The doc with no spaces around its hyphens, as a text writes "director-general"."""
    spaces = [not (t.text == "-" or (t.i + 1 < len(doc) and doc[t.i + 1].text == "-")) for t in doc]
    out = Doc(doc.vocab, words=[t.text for t in doc], spaces=spaces, heads=[t.head.i for t in doc],
              deps=[t.dep_ for t in doc], pos=[t.pos_ for t in doc], tags=[t.tag_ for t in doc],
              lemmas=[t.lemma_ for t in doc], sent_starts=[bool(t.is_sent_start) for t in doc])
    out.ents = [Span(out, e.start, e.end, label=e.label_) for e in doc.ents]
    return out


def test_a_possessor_role_and_name_in_apposition():
    # "the agency's then director-general, Maria Lund": the possessor, the role (a word the
    # tokenizer split at its hyphen) and the name after a comma; the small parser's tree is no help
    # "The Danish Energy Agency hired Globex in 2015. To cut costs, the agency's then director-general, Maria Lund, waived the rules."
    doc = _deal_doc([
        ('The', 3, 'det', 'DET', 'DT', 'the'), ('Danish', 3, 'compound', 'PROPN', 'NNP', 'Danish'),
        ('Energy', 3, 'compound', 'PROPN', 'NNP', 'Energy'), ('Agency', 4, 'nsubj', 'PROPN', 'NNP', 'Agency'),
        ('hired', 4, 'ROOT', 'VERB', 'VBD', 'hire'), ('Globex', 4, 'dobj', 'PROPN', 'NNP', 'Globex'),
        ('in', 4, 'prep', 'ADP', 'IN', 'in'), ('2015', 6, 'pobj', 'NUM', 'CD', '2015'),
        ('.', 4, 'punct', 'PUNCT', '.', '.'), ('To', 10, 'aux', 'PART', 'TO', 'to'),
        ('cut', 24, 'advcl', 'VERB', 'VB', 'cut'), ('costs', 10, 'dobj', 'NOUN', 'NNS', 'cost'),
        (',', 24, 'punct', 'PUNCT', ',', ','), ('the', 14, 'det', 'DET', 'DT', 'the'),
        ('agency', 24, 'nsubj', 'NOUN', 'NN', 'agency'), ("'s", 14, 'case', 'PART', 'POS', "'s"),
        ('then', 19, 'advmod', 'ADV', 'RB', 'then'), ('director', 19, 'npadvmod', 'NOUN', 'NN', 'director'),
        ('-', 19, 'punct', 'PUNCT', 'HYPH', '-'), ('general', 14, 'amod', 'ADJ', 'JJ', 'general'),
        (',', 19, 'punct', 'PUNCT', ',', ','), ('Maria', 22, 'compound', 'PROPN', 'NNP', 'Maria'),
        ('Lund', 14, 'appos', 'PROPN', 'NNP', 'Lund'), (',', 14, 'punct', 'PUNCT', ',', ','),
        ('waived', 24, 'ROOT', 'VERB', 'VBD', 'waive'), ('the', 26, 'det', 'DET', 'DT', 'the'),
        ('rules', 24, 'dobj', 'NOUN', 'NNS', 'rule'), ('.', 24, 'punct', 'PUNCT', '.', '.'),
    ], [(1, 4, 'ORG'), (5, 6, 'ORG'), (21, 23, 'PERSON')], starts=(9,))
    found, _, _ = relations(_glue_hyphens(doc))
    assert found == {('LEADS', 'Maria Lund', 'Danish Energy Agency')}


def test_a_name_after_its_epithet_is_the_agent():
    # "by the Spanish company Globex": the parser hung the name on "company"
    # 'Acme was acquired by the Spanish company Globex in 2016.'
    doc = _deal_doc([
        ('Acme', 2, 'nsubjpass', 'PROPN', 'NNP', 'Acme'), ('was', 2, 'auxpass', 'AUX', 'VBD', 'be'),
        ('acquired', 2, 'ROOT', 'VERB', 'VBN', 'acquire'), ('by', 2, 'agent', 'ADP', 'IN', 'by'),
        ('the', 6, 'det', 'DET', 'DT', 'the'), ('Spanish', 6, 'amod', 'ADJ', 'JJ', 'spanish'),
        ('company', 3, 'pobj', 'NOUN', 'NN', 'company'), ('Globex', 6, 'amod', 'ADJ', 'JJ', 'globex'),
        ('in', 2, 'prep', 'ADP', 'IN', 'in'), ('2016', 8, 'pobj', 'NUM', 'CD', '2016'),
        ('.', 2, 'punct', 'PUNCT', '.', '.'),
    ], [(0, 1, 'ORG'), (7, 8, 'ORG')])
    found, _, _ = relations(doc)
    assert found == {('OWNS', 'Globex', 'Acme')}


def test_belonging_to_a_group_is_being_owned():
    # "belongs to": the subject is the owned side
    # 'Acme, a gun maker that belongs to the Initech Group, won the tender.'
    doc = _deal_doc([
        ('Acme', 12, 'nsubj', 'PROPN', 'NNP', 'Acme'), (',', 0, 'punct', 'PUNCT', ',', ','),
        ('a', 4, 'det', 'DET', 'DT', 'a'), ('gun', 4, 'compound', 'NOUN', 'NN', 'gun'),
        ('maker', 0, 'appos', 'NOUN', 'NN', 'maker'), ('that', 6, 'nsubj', 'PRON', 'WDT', 'that'),
        ('belongs', 4, 'relcl', 'VERB', 'VBZ', 'belong'), ('to', 6, 'prep', 'ADP', 'IN', 'to'),
        ('the', 10, 'det', 'DET', 'DT', 'the'), ('Initech', 10, 'compound', 'PROPN', 'NNP', 'Initech'),
        ('Group', 7, 'pobj', 'PROPN', 'NNP', 'Group'), (',', 0, 'punct', 'PUNCT', ',', ','),
        ('won', 12, 'ROOT', 'VERB', 'VBD', 'win'), ('the', 14, 'det', 'DET', 'DT', 'the'),
        ('tender', 12, 'dobj', 'NOUN', 'NN', 'tender'), ('.', 12, 'punct', 'PUNCT', '.', '.'),
    ], [(0, 1, 'ORG'), (9, 11, 'ORG')])
    found, _, _ = relations(doc)
    assert found == {('OWNS', 'Initech Group', 'Acme')}


def test_whose_firm_is_the_shareholder_not_the_person():
    # Globex Partners holds shares in Initech; Scorpio's firm is no investment of his, and "its" is not Globex
    # 'Initech is in a dispute with its chairman, Hank Scorpio, whose Globex Partners is among its largest shareholders.'
    doc = _deal_doc([
        ('Initech', 1, 'nsubj', 'PROPN', 'NNP', 'Initech'), ('is', 1, 'ROOT', 'AUX', 'VBZ', 'be'),
        ('in', 1, 'prep', 'ADP', 'IN', 'in'), ('a', 4, 'det', 'DET', 'DT', 'a'),
        ('dispute', 2, 'pobj', 'NOUN', 'NN', 'dispute'), ('with', 4, 'prep', 'ADP', 'IN', 'with'),
        ('its', 7, 'poss', 'PRON', 'PRP$', 'its'), ('chairman', 5, 'pobj', 'NOUN', 'NN', 'chairman'),
        (',', 7, 'punct', 'PUNCT', ',', ','), ('Hank', 10, 'compound', 'PROPN', 'NNP', 'Hank'),
        ('Scorpio', 7, 'appos', 'PROPN', 'NNP', 'Scorpio'), (',', 7, 'punct', 'PUNCT', ',', ','),
        ('whose', 14, 'poss', 'DET', 'WP$', 'whose'), ('Globex', 14, 'compound', 'PROPN', 'NNP', 'Globex'),
        ('Partners', 15, 'nsubj', 'PROPN', 'NNPS', 'Partners'), ('is', 7, 'relcl', 'AUX', 'VBZ', 'be'),
        ('among', 15, 'prep', 'ADP', 'IN', 'among'), ('its', 19, 'poss', 'PRON', 'PRP$', 'its'),
        ('largest', 19, 'amod', 'ADJ', 'JJS', 'large'), ('shareholders', 16, 'pobj', 'NOUN', 'NNS', 'shareholder'),
        ('.', 1, 'punct', 'PUNCT', '.', '.'),
    ], [(0, 1, 'ORG'), (9, 11, 'PERSON'), (13, 15, 'ORG')])
    found, _, _ = relations(doc)
    assert found == {('INVESTED_IN', 'Globex Partners', 'Initech'), ('LEADS', 'Hank Scorpio', 'Initech')}


def test_a_fronted_participle_and_its_companions():
    # "Founded ... by A, together with B and C, Acme": all three founded Acme
    # 'Founded in 2010 by Ann Lee, together with Bob Ray and Cy Young, Acme has grown quickly.'
    doc = _deal_doc([
        ('Founded', 17, 'advcl', 'VERB', 'VBN', 'found'), ('in', 0, 'prep', 'ADP', 'IN', 'in'),
        ('2010', 1, 'pobj', 'NUM', 'CD', '2010'), ('by', 0, 'agent', 'ADP', 'IN', 'by'),
        ('Ann', 5, 'compound', 'PROPN', 'NNP', 'Ann'), ('Lee', 3, 'pobj', 'PROPN', 'NNP', 'Lee'),
        (',', 0, 'punct', 'PUNCT', ',', ','), ('together', 8, 'advmod', 'ADV', 'RB', 'together'),
        ('with', 0, 'prep', 'ADP', 'IN', 'with'), ('Bob', 10, 'compound', 'PROPN', 'NNP', 'Bob'),
        ('Ray', 8, 'pobj', 'PROPN', 'NNP', 'Ray'), ('and', 10, 'cc', 'CCONJ', 'CC', 'and'),
        ('Cy', 13, 'compound', 'PROPN', 'NNP', 'Cy'), ('Young', 10, 'conj', 'PROPN', 'NNP', 'Young'),
        (',', 17, 'punct', 'PUNCT', ',', ','), ('Acme', 17, 'nsubj', 'PROPN', 'NNP', 'Acme'),
        ('has', 17, 'aux', 'AUX', 'VBZ', 'have'), ('grown', 17, 'ROOT', 'VERB', 'VBN', 'grow'),
        ('quickly', 17, 'advmod', 'ADV', 'RB', 'quickly'), ('.', 17, 'punct', 'PUNCT', '.', '.'),
    ], [(4, 6, 'PERSON'), (9, 11, 'PERSON'), (12, 14, 'PERSON'), (15, 16, 'ORG')])
    found, _, _ = relations(doc)
    assert found == {('FOUNDED', 'Ann Lee', 'Acme'), ('FOUNDED', 'Bob Ray', 'Acme'), ('FOUNDED', 'Cy Young', 'Acme')}


def test_names_listed_under_a_group_noun():
    # "rivals, including Initech and Globex" are the clients
    # 'Acme sells its engines to several rivals, including Initech and Globex.'
    doc = _deal_doc([
        ('Acme', 1, 'nsubj', 'PROPN', 'NNP', 'Acme'), ('sells', 1, 'ROOT', 'VERB', 'VBZ', 'sell'),
        ('its', 3, 'poss', 'PRON', 'PRP$', 'its'), ('engines', 1, 'dobj', 'NOUN', 'NNS', 'engine'),
        ('to', 1, 'prep', 'ADP', 'IN', 'to'), ('several', 6, 'amod', 'ADJ', 'JJ', 'several'),
        ('rivals', 4, 'pobj', 'NOUN', 'NNS', 'rival'), (',', 6, 'punct', 'PUNCT', ',', ','),
        ('including', 6, 'prep', 'VERB', 'VBG', 'include'), ('Initech', 8, 'pobj', 'PROPN', 'NNP', 'Initech'),
        ('and', 9, 'cc', 'CCONJ', 'CC', 'and'), ('Globex', 9, 'conj', 'PROPN', 'NNP', 'Globex'),
        ('.', 1, 'punct', 'PUNCT', '.', '.'),
    ], [(0, 1, 'ORG'), (9, 10, 'ORG'), (11, 12, 'ORG')])
    found, _, _ = relations(doc)
    assert found == {('SUPPLIES', 'Acme', 'Globex'), ('SUPPLIES', 'Acme', 'Initech')}


def test_a_subcontractor_supplies_the_contractor():
    # "one of Initech's subcontractors"
    # "Vexa, one of Initech's subcontractors, disputed the claim."
    doc = _deal_doc([
        ('Vexa', 8, 'nsubj', 'PROPN', 'NNP', 'Vexa'), (',', 0, 'punct', 'PUNCT', ',', ','),
        ('one', 0, 'appos', 'NUM', 'CD', 'one'), ('of', 2, 'prep', 'ADP', 'IN', 'of'),
        ('Initech', 6, 'poss', 'PROPN', 'NNP', 'Initech'), ("'s", 4, 'case', 'PART', 'POS', "'s"),
        ('subcontractors', 3, 'pobj', 'NOUN', 'NNS', 'subcontractor'), (',', 0, 'punct', 'PUNCT', ',', ','),
        ('disputed', 8, 'ROOT', 'VERB', 'VBD', 'dispute'), ('the', 10, 'det', 'DET', 'DT', 'the'),
        ('claim', 8, 'dobj', 'NOUN', 'NN', 'claim'), ('.', 8, 'punct', 'PUNCT', '.', '.'),
    ], [(0, 1, 'ORG'), (4, 5, 'ORG')])
    found, _, _ = relations(doc)
    assert found == {('SUPPLIES', 'Vexa', 'Initech')}


# --- Entities: name spans, types and folding on unseen wording (round 3) ----------------------------

def _doc(rows, ents, glued=()):
    """A Doc from (word, head, dep, pos, lemma) rows; ``glued`` holds the tokens
    written with no space after them ("Anne" and "-" of "Anne-Sophie")."""
    words, heads, deps, pos, lemmas = (list(col) for col in zip(*rows))
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas,
              spaces=[i not in glued for i in range(len(words))],
              sent_starts=[True] + [False] * (len(words) - 1))
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def _typed(doc):
    return [(e.label, graph.names.normalize(e.name)) for e in _entities(doc)[0]]


_ANNE = [("A", 1, "det", "DET", "a"), ("letter", 7, "nsubj", "NOUN", "letter"), ("to", 1, "prep", "ADP", "to"),
         ("Anne", 6, "compound", "PROPN", "Anne"), ("-", 6, "punct", "PUNCT", "-"),
         ("Sophie", 6, "compound", "PROPN", "Sophie"), ("Martin", 2, "pobj", "PROPN", "Martin"),
         ("arrived", 7, "ROOT", "VERB", "arrive"), (".", 7, "punct", "PUNCT", ".")]


@pytest.mark.parametrize("tagged", [(5, 7), (3, 4)])
def test_a_double_given_name_stays_whole(tagged):
    # "A letter to Anne-Sophie Martin arrived." (the tagger took "Sophie Martin", or "Anne" alone)
    doc = _doc(_ANNE, [(*tagged, "PERSON")], glued={3, 4})
    assert [(e.label, e.name) for e in _entities(doc)[0]] == [("Person", "Anne-Sophie Martin")]


def test_the_relative_pronoun_says_person_or_firm():
    # "Brandt, which makes rifles, sued."  (tagged a person)
    doc = _doc([("Brandt", 6, "nsubj", "PROPN", "Brandt"), (",", 0, "punct", "PUNCT", ","),
                ("which", 3, "nsubj", "PRON", "which"), ("makes", 0, "relcl", "VERB", "make"),
                ("rifles", 3, "dobj", "NOUN", "rifle"), (",", 0, "punct", "PUNCT", ","),
                ("sued", 6, "ROOT", "VERB", "sue"), (".", 6, "punct", "PUNCT", ".")], [(0, 1, "PERSON")])
    assert _typed(doc) == [("Company", "brandt")]
    # "Pierre-Yves Dumas, who runs Corvex, spoke."  (tagged an organisation)
    doc = _doc([("Pierre", 3, "compound", "PROPN", "Pierre"), ("-", 3, "punct", "PUNCT", "-"),
                ("Yves", 3, "compound", "PROPN", "Yves"), ("Dumas", 9, "nsubj", "PROPN", "Dumas"),
                (",", 3, "punct", "PUNCT", ","), ("who", 6, "nsubj", "PRON", "who"), ("runs", 3, "relcl", "VERB", "run"),
                ("Corvex", 6, "dobj", "PROPN", "Corvex"), (",", 3, "punct", "PUNCT", ","),
                ("spoke", 9, "ROOT", "VERB", "speak"), (".", 9, "punct", "PUNCT", ".")],
               [(0, 4, "ORG"), (7, 8, "ORG")], glued={0, 1})
    assert _typed(doc) == [("Person", "pierre yves dumas"), ("Company", "corvex")]


def test_a_brand_spelling_or_a_firm_first_word_is_no_person():
    # "Norra TollCom said Zentrix Rocketworks and Zentrix would merge."  (both tagged people)
    doc = _doc([("Norra", 1, "compound", "PROPN", "Norra"), ("TollCom", 2, "nsubj", "PROPN", "TollCom"),
                ("said", 2, "ROOT", "VERB", "say"), ("Zentrix", 4, "compound", "PROPN", "Zentrix"),
                ("Rocketworks", 8, "nsubj", "PROPN", "Rocketworks"), ("and", 4, "cc", "CCONJ", "and"),
                ("Zentrix", 4, "conj", "PROPN", "Zentrix"), ("would", 8, "aux", "AUX", "would"),
                ("merge", 2, "ccomp", "VERB", "merge"), (".", 2, "punct", "PUNCT", ".")],
               [(0, 2, "PERSON"), (3, 5, "PERSON"), (6, 7, "ORG")])
    entities = _entities(doc)[0]
    assert [(e.label, e.name) for e in entities] == [("Company", "Norra TollCom"), ("Company", "Zentrix Rocketworks")]
    assert "Zentrix" in entities[1].forms


def test_an_honorific_makes_a_missed_name_a_person():
    # "Baroness Jane Holt denied it."  (nothing tagged)
    doc = _doc([("Baroness", 2, "compound", "NOUN", "baroness"), ("Jane", 2, "compound", "PROPN", "Jane"),
                ("Holt", 3, "nsubj", "PROPN", "Holt"), ("denied", 3, "ROOT", "VERB", "deny"),
                ("it", 3, "dobj", "PRON", "it"), (".", 3, "punct", "PUNCT", ".")], [])
    assert _typed(doc) == [("Person", "jane holt")]


def test_an_official_name_goes_on_over_its_of_phrase_and_keeps_its_acronym():
    # "The Northern Organising Committee of the Winter and Summer Games (NOCWSG) hired Acme."
    doc = _doc([("The", 3, "det", "DET", "the"), ("Northern", 3, "compound", "PROPN", "Northern"),
                ("Organising", 3, "compound", "PROPN", "Organising"), ("Committee", 13, "nsubj", "PROPN", "Committee"),
                ("of", 3, "prep", "ADP", "of"), ("the", 9, "det", "DET", "the"), ("Winter", 9, "nmod", "PROPN", "Winter"),
                ("and", 6, "cc", "CCONJ", "and"), ("Summer", 6, "conj", "PROPN", "Summer"),
                ("Games", 4, "pobj", "PROPN", "Games"), ("(", 3, "punct", "PUNCT", "("),
                ("NOCWSG", 3, "appos", "PROPN", "NOCWSG"), (")", 3, "punct", "PUNCT", ")"),
                ("hired", 13, "ROOT", "VERB", "hire"), ("Acme", 13, "dobj", "PROPN", "Acme"), (".", 13, "punct", "PUNCT", ".")],
               [(0, 4, "ORG"), (11, 12, "ORG"), (14, 15, "ORG")])
    entities = _entities(doc)[0]
    assert [(e.label, e.name) for e in entities] == [
        ("Agency", "Northern Organising Committee of the Winter and Summer Games"), ("Company", "Acme")]
    assert "NOCWSG" in entities[0].forms
    # "The Federal Ministry of Transport signed."  (the tagger split off "The Federal")
    doc = _doc([("The", 2, "det", "DET", "the"), ("Federal", 2, "compound", "PROPN", "Federal"),
                ("Ministry", 5, "nsubj", "PROPN", "Ministry"), ("of", 2, "prep", "ADP", "of"),
                ("Transport", 3, "pobj", "PROPN", "Transport"), ("signed", 5, "ROOT", "VERB", "sign"),
                (".", 5, "punct", "PUNCT", ".")], [(0, 2, "ORG"), (2, 5, "ORG")])
    assert _typed(doc) == [("Agency", "federal ministry of transport")]


def test_a_name_used_only_before_a_noun_is_no_party():
    # "The Olympic venues opened; Marine One helicopters landed."
    doc = _doc([("The", 2, "det", "DET", "the"), ("Olympic", 2, "amod", "PROPN", "Olympic"),
                ("venues", 3, "nsubj", "NOUN", "venue"), ("opened", 3, "ROOT", "VERB", "open"),
                (";", 3, "punct", "PUNCT", ";"), ("Marine", 6, "compound", "PROPN", "Marine"),
                ("One", 7, "nummod", "NUM", "one"), ("helicopters", 8, "nsubj", "NOUN", "helicopter"),
                ("landed", 3, "conj", "VERB", "land"), (".", 3, "punct", "PUNCT", ".")],
               [(1, 2, "ORG"), (5, 7, "ORG")])
    assert _typed(doc) == []


def test_a_ministry_described_by_its_portfolio_is_the_named_one():
    # "The Ministry of Labour and Health said the health ministry agreed."
    doc = _doc([("The", 1, "det", "DET", "the"), ("Ministry", 6, "nsubj", "PROPN", "Ministry"),
                ("of", 1, "prep", "ADP", "of"), ("Labour", 2, "pobj", "PROPN", "Labour"), ("and", 3, "cc", "CCONJ", "and"),
                ("Health", 3, "conj", "PROPN", "Health"), ("said", 6, "ROOT", "VERB", "say"), ("the", 9, "det", "DET", "the"),
                ("health", 9, "compound", "NOUN", "health"), ("ministry", 10, "nsubj", "NOUN", "ministry"),
                ("agreed", 6, "ccomp", "VERB", "agree"), (".", 6, "punct", "PUNCT", ".")], [(1, 6, "ORG")])
    entities = _entities(doc)[0]
    assert [(e.label, e.name) for e in entities] == [("Agency", "Ministry of Labour and Health")]
    assert "health ministry" in entities[0].forms


def test_a_legal_form_or_a_former_name_is_the_same_firm():
    # "Helsa AS hired staff and Helsa grew."
    doc = _doc([("Helsa", 1, "compound", "PROPN", "Helsa"), ("AS", 2, "nsubj", "PROPN", "AS"),
                ("hired", 2, "ROOT", "VERB", "hire"), ("staff", 2, "dobj", "NOUN", "staff"), ("and", 2, "cc", "CCONJ", "and"),
                ("Helsa", 6, "nsubj", "PROPN", "Helsa"), ("grew", 2, "conj", "VERB", "grow"), (".", 2, "punct", "PUNCT", ".")],
               [(0, 2, "ORG"), (5, 6, "ORG")])
    assert len(_typed(doc)) == 1
    # "Brightline, the services group formerly known as Delta Services, grew."
    doc = _doc([("Brightline", 11, "nsubj", "PROPN", "Brightline"), (",", 0, "punct", "PUNCT", ","),
                ("the", 4, "det", "DET", "the"), ("services", 4, "compound", "NOUN", "service"),
                ("group", 0, "appos", "NOUN", "group"), ("formerly", 6, "advmod", "ADV", "formerly"),
                ("known", 4, "acl", "VERB", "know"), ("as", 6, "prep", "ADP", "as"), ("Delta", 9, "compound", "PROPN", "Delta"),
                ("Services", 7, "pobj", "PROPN", "Services"), (",", 0, "punct", "PUNCT", ","),
                ("grew", 11, "ROOT", "VERB", "grow"), (".", 11, "punct", "PUNCT", ".")], [(0, 1, "ORG"), (8, 10, "ORG")])
    entities = _entities(doc)[0]
    assert [(e.label, e.name) for e in entities] == [("Company", "Brightline")]
    assert "Delta Services" in entities[0].forms


def test_public_body_shapes():
    # "The Probation Service said."
    doc = _doc([("The", 2, "det", "DET", "the"), ("Probation", 2, "compound", "PROPN", "Probation"),
                ("Service", 3, "nsubj", "PROPN", "Service"), ("said", 3, "ROOT", "VERB", "say"),
                (".", 3, "punct", "PUNCT", ".")], [(0, 3, "ORG")])
    assert _typed(doc) == [("Agency", "probation service")]
    # "the Cour d'Appel ruled."
    doc = _doc([("the", 2, "det", "DET", "the"), ("Cour", 2, "compound", "PROPN", "Cour"),
                ("d'Appel", 3, "nsubj", "PROPN", "d'Appel"), ("ruled", 3, "ROOT", "VERB", "rule"),
                (".", 3, "punct", "PUNCT", ".")], [(1, 2, "ORG")])
    assert _typed(doc) == [("Agency", "cour d appel")]
    # "Fisheries, Oceans and Coasts Canada hired Acme in Canada."
    doc = _doc([("Fisheries", 6, "nsubj", "PROPN", "Fisheries"), (",", 0, "punct", "PUNCT", ","),
                ("Oceans", 0, "conj", "PROPN", "Oceans"), ("and", 2, "cc", "CCONJ", "and"),
                ("Coasts", 5, "compound", "PROPN", "Coasts"), ("Canada", 2, "conj", "PROPN", "Canada"),
                ("hired", 6, "ROOT", "VERB", "hire"), ("Acme", 6, "dobj", "PROPN", "Acme"), ("in", 6, "prep", "ADP", "in"),
                ("Canada", 8, "pobj", "PROPN", "Canada"), (".", 6, "punct", "PUNCT", ".")],
               [(4, 6, "ORG"), (7, 8, "ORG"), (9, 10, "GPE")])
    assert _typed(doc) == [("Agency", "fisheries oceans and coasts canada"), ("Company", "acme")]
    # "The Swedish Road Agency, Vagverket, hired Acme."
    doc = _doc([("The", 3, "det", "DET", "the"), ("Swedish", 3, "compound", "PROPN", "Swedish"),
                ("Road", 3, "compound", "PROPN", "Road"), ("Agency", 7, "nsubj", "PROPN", "Agency"),
                (",", 3, "punct", "PUNCT", ","), ("Vagverket", 3, "appos", "PROPN", "Vagverket"),
                (",", 3, "punct", "PUNCT", ","), ("hired", 7, "ROOT", "VERB", "hire"), ("Acme", 7, "dobj", "PROPN", "Acme"),
                (".", 7, "punct", "PUNCT", ".")], [(0, 4, "ORG"), (5, 6, "ORG"), (8, 9, "ORG")])
    entities = _entities(doc)[0]
    assert [(e.label, e.name) for e in entities] == [("Agency", "Swedish Road Agency"), ("Company", "Acme")]
    assert "Vagverket" in entities[0].forms


def test_names_listed_with_firms_or_placing_a_firm():
    # "Backers include Zorbex, Sequoia and Atomico."  (only Sequoia listed)
    doc = _doc([("Backers", 1, "nsubj", "NOUN", "backer"), ("include", 1, "ROOT", "VERB", "include"),
                ("Zorbex", 1, "dobj", "PROPN", "Zorbex"), (",", 2, "punct", "PUNCT", ","),
                ("Sequoia", 2, "conj", "PROPN", "Sequoia"), ("and", 4, "cc", "CCONJ", "and"),
                ("Atomico", 4, "conj", "PROPN", "Atomico"), (".", 1, "punct", "PUNCT", ".")], [(4, 5, "Company")])
    assert sorted(_typed(doc)) == [("Company", "atomico"), ("Company", "sequoia"), ("Company", "zorbex")]
    # "Kongsvik, an Oslo rifle maker, won."
    doc = _doc([("Kongsvik", 7, "nsubj", "PROPN", "Kongsvik"), (",", 0, "punct", "PUNCT", ","),
                ("an", 5, "det", "DET", "an"), ("Oslo", 5, "compound", "PROPN", "Oslo"),
                ("rifle", 5, "compound", "NOUN", "rifle"), ("maker", 0, "appos", "NOUN", "maker"),
                (",", 0, "punct", "PUNCT", ","), ("won", 7, "ROOT", "VERB", "win"), (".", 7, "punct", "PUNCT", ".")],
               [(0, 1, "ORG"), (3, 4, "ORG")])
    assert _typed(doc) == [("Company", "kongsvik")]


# --- contract status at publication, pairs and values (round 3) ------------------------------------

def _dated_deals(doc, published=None):
    """The deals with their events dated, the article published on ``published``."""
    from extract.dates import Dater, load_time_words
    if published:
        doc.user_data["published"] = published
    entities, mentions = resolve_entities(doc, LEX)
    found = find_contracts(doc, entities, sentence_args(doc, entities, mentions, LEX), LEX, Dater(load_time_words()))
    return {(entities[c.buyer].name, entities[c.supplier].name): c for c in found}, entities


def test_an_award_from_an_earlier_year_than_the_article_runs_now():
# "The Home Office awarded Serco a contract in 2019."
    doc = _deal_doc([('The', 2, 'det', 'DET', 'DT', 'the'), ('Home', 2, 'compound', 'PROPN', 'NNP', 'Home'),
                     ('Office', 3, 'nsubj', 'PROPN', 'NNP', 'Office'), ('awarded', 3, 'ROOT', 'VERB', 'VBD', 'award'),
                     ('Serco', 3, 'dative', 'PROPN', 'NNP', 'Serco'), ('a', 6, 'det', 'DET', 'DT', 'a'),
                     ('contract', 3, 'dobj', 'NOUN', 'NN', 'contract'), ('in', 3, 'prep', 'ADP', 'IN', 'in'),
                     ('2019', 7, 'pobj', 'NUM', 'CD', '2019'), ('.', 3, 'punct', 'PUNCT', '.', '.')],
                    [(1, 3, 'ORG'), (4, 5, 'ORG')])
    assert _dated_deals(doc, "2022-03-01")[0][("Home Office", "Serco")].status == "active"
    doc.user_data.pop("published")
    assert _dated_deals(doc, "2019-06-01")[0][("Home Office", "Serco")].status == "awarded"


def test_a_service_told_in_the_past_and_dated_before_the_article_is_done():
    # "The Home Office awarded Serco a contract. Serco delivered the contract in 2020."
    doc = _deal_doc([('The', 2, 'det', 'DET', 'DT', 'the'), ('Home', 2, 'compound', 'PROPN', 'NNP', 'Home'),
                     ('Office', 3, 'nsubj', 'PROPN', 'NNP', 'Office'), ('awarded', 3, 'ROOT', 'VERB', 'VBD', 'award'),
                     ('Serco', 3, 'dative', 'PROPN', 'NNP', 'Serco'), ('a', 6, 'det', 'DET', 'DT', 'a'),
                     ('contract', 3, 'dobj', 'NOUN', 'NN', 'contract'), ('.', 3, 'punct', 'PUNCT', '.', '.'),
                     ('Serco', 9, 'nsubj', 'PROPN', 'NNP', 'Serco'), ('delivered', 9, 'ROOT', 'VERB', 'VBD', 'deliver'),
                     ('the', 11, 'det', 'DET', 'DT', 'the'), ('contract', 9, 'dobj', 'NOUN', 'NN', 'contract'),
                     ('in', 9, 'prep', 'ADP', 'IN', 'in'), ('2020', 12, 'pobj', 'NUM', 'CD', '2020'),
                     ('.', 9, 'punct', 'PUNCT', '.', '.')],
                    [(1, 3, 'ORG'), (4, 5, 'ORG'), (8, 9, 'ORG')], starts=(8,))
    assert _dated_deals(doc, "2023-01-10")[0][("Home Office", "Serco")].status == "ended"


def test_what_should_happen_to_a_deal_has_not_happened():
    # "The Home Office awarded Serco a contract. Critics said the contract should be cancelled."
    doc = _deal_doc([('The', 2, 'det', 'DET', 'DT', 'the'), ('Home', 2, 'compound', 'PROPN', 'NNP', 'Home'),
                     ('Office', 3, 'nsubj', 'PROPN', 'NNP', 'Office'), ('awarded', 3, 'ROOT', 'VERB', 'VBD', 'award'),
                     ('Serco', 3, 'dative', 'PROPN', 'NNP', 'Serco'), ('a', 6, 'det', 'DET', 'DT', 'a'),
                     ('contract', 3, 'dobj', 'NOUN', 'NN', 'contract'), ('.', 3, 'punct', 'PUNCT', '.', '.'),
                     ('Critics', 9, 'nsubj', 'NOUN', 'NNS', 'critic'), ('said', 9, 'ROOT', 'VERB', 'VBD', 'say'),
                     ('the', 11, 'det', 'DET', 'DT', 'the'), ('contract', 14, 'nsubjpass', 'NOUN', 'NN', 'contract'),
                     ('should', 14, 'aux', 'AUX', 'MD', 'should'), ('be', 14, 'auxpass', 'AUX', 'VB', 'be'),
                     ('cancelled', 9, 'ccomp', 'VERB', 'VBN', 'cancel'), ('.', 9, 'punct', 'PUNCT', '.', '.')],
                    [(1, 3, 'ORG'), (4, 5, 'ORG')], starts=(8,))
    assert _deals(doc)[0][("Home Office", "Serco")].status == "awarded"


def test_a_deal_that_came_to_an_end_ended():
    # "The Home Office awarded Serco a contract. The contract has since come to an end."
    doc = _deal_doc([('The', 2, 'det', 'DET', 'DT', 'the'), ('Home', 2, 'compound', 'PROPN', 'NNP', 'Home'),
                     ('Office', 3, 'nsubj', 'PROPN', 'NNP', 'Office'), ('awarded', 3, 'ROOT', 'VERB', 'VBD', 'award'),
                     ('Serco', 3, 'dative', 'PROPN', 'NNP', 'Serco'), ('a', 6, 'det', 'DET', 'DT', 'a'),
                     ('contract', 3, 'dobj', 'NOUN', 'NN', 'contract'), ('.', 3, 'punct', 'PUNCT', '.', '.'),
                     ('The', 9, 'det', 'DET', 'DT', 'the'), ('contract', 12, 'nsubj', 'NOUN', 'NN', 'contract'),
                     ('has', 12, 'aux', 'AUX', 'VBZ', 'have'), ('since', 12, 'advmod', 'ADV', 'RB', 'since'),
                     ('come', 12, 'ROOT', 'VERB', 'VBN', 'come'), ('to', 12, 'prep', 'ADP', 'IN', 'to'),
                     ('an', 15, 'det', 'DET', 'DT', 'an'), ('end', 13, 'pobj', 'NOUN', 'NN', 'end'),
                     ('.', 12, 'punct', 'PUNCT', '.', '.')],
                    [(1, 3, 'ORG'), (4, 5, 'ORG')], starts=(8,))
    assert _deals(doc)[0][("Home Office", "Serco")].status == "ended"


def test_another_firm_pulling_out_does_not_cancel_the_deal():
    # "The Home Office chose Serco after Capita pulled out."
    doc = _deal_doc([('The', 2, 'det', 'DET', 'DT', 'the'), ('Home', 2, 'compound', 'PROPN', 'NNP', 'Home'),
                     ('Office', 3, 'nsubj', 'PROPN', 'NNP', 'Office'), ('chose', 3, 'ROOT', 'VERB', 'VBD', 'choose'),
                     ('Serco', 3, 'dobj', 'PROPN', 'NNP', 'Serco'), ('after', 7, 'mark', 'SCONJ', 'IN', 'after'),
                     ('Capita', 7, 'nsubj', 'PROPN', 'NNP', 'Capita'), ('pulled', 3, 'advcl', 'VERB', 'VBD', 'pull'),
                     ('out', 7, 'prt', 'ADP', 'RP', 'out'), ('.', 3, 'punct', 'PUNCT', '.', '.')],
                    [(1, 3, 'ORG'), (4, 5, 'ORG'), (6, 7, 'ORG')])
    deals, _ = _deals(doc)
    assert deals[("Home Office", "Serco")].status == "awarded"
    assert ("Home Office", "Capita") not in deals


def test_a_dated_award_after_the_cancellation_is_a_new_deal():
    # "The Home Office scrapped its deal with Serco in 2018. In 2021 the Home Office awarded Serco a new contract."
    doc = _deal_doc([('The', 2, 'det', 'DET', 'DT', 'the'), ('Home', 2, 'compound', 'PROPN', 'NNP', 'Home'),
                     ('Office', 3, 'nsubj', 'PROPN', 'NNP', 'Office'), ('scrapped', 3, 'ROOT', 'VERB', 'VBD', 'scrap'),
                     ('its', 5, 'poss', 'PRON', 'PRP$', 'its'), ('deal', 3, 'dobj', 'NOUN', 'NN', 'deal'),
                     ('with', 3, 'prep', 'ADP', 'IN', 'with'), ('Serco', 6, 'pobj', 'PROPN', 'NNP', 'Serco'),
                     ('in', 3, 'prep', 'ADP', 'IN', 'in'), ('2018', 8, 'pobj', 'NUM', 'CD', '2018'),
                     ('.', 3, 'punct', 'PUNCT', '.', '.'), ('In', 16, 'prep', 'ADP', 'IN', 'in'),
                     ('2021', 11, 'pobj', 'NUM', 'CD', '2021'), ('the', 15, 'det', 'DET', 'DT', 'the'),
                     ('Home', 15, 'compound', 'PROPN', 'NNP', 'Home'), ('Office', 16, 'nsubj', 'PROPN', 'NNP', 'Office'),
                     ('awarded', 16, 'ROOT', 'VERB', 'VBD', 'award'), ('Serco', 16, 'dative', 'PROPN', 'NNP', 'Serco'),
                     ('a', 20, 'det', 'DET', 'DT', 'a'), ('new', 20, 'amod', 'ADJ', 'JJ', 'new'),
                     ('contract', 16, 'dobj', 'NOUN', 'NN', 'contract'), ('.', 16, 'punct', 'PUNCT', '.', '.')],
                    [(1, 3, 'ORG'), (7, 8, 'ORG'), (14, 16, 'ORG'), (17, 18, 'ORG')], starts=(11,))
    assert _dated_deals(doc, "2021-05-01")[0][("Home Office", "Serco")].status == "awarded"


def test_a_deal_with_a_named_firm_leaves_out_the_others_of_the_sentence():
    # "Leeds City Council signed a contract with Oracle in 2020, and Capita joined the project as a partner."
    doc = _deal_doc([('Leeds', 2, 'compound', 'PROPN', 'NNPS', 'Leeds'), ('City', 2, 'compound', 'PROPN', 'NNP', 'City'),
                     ('Council', 3, 'nsubj', 'PROPN', 'NNP', 'Council'), ('signed', 3, 'ROOT', 'VERB', 'VBD', 'sign'),
                     ('a', 5, 'det', 'DET', 'DT', 'a'), ('contract', 3, 'dobj', 'NOUN', 'NN', 'contract'),
                     ('with', 5, 'prep', 'ADP', 'IN', 'with'), ('Oracle', 6, 'pobj', 'PROPN', 'NNP', 'Oracle'),
                     ('in', 3, 'prep', 'ADP', 'IN', 'in'), ('2020', 8, 'pobj', 'NUM', 'CD', '2020'),
                     (',', 3, 'punct', 'PUNCT', ',', ','), ('and', 3, 'cc', 'CCONJ', 'CC', 'and'),
                     ('Capita', 13, 'nsubj', 'PROPN', 'NNP', 'Capita'), ('joined', 3, 'conj', 'VERB', 'VBD', 'join'),
                     ('the', 15, 'det', 'DET', 'DT', 'the'), ('project', 13, 'dobj', 'NOUN', 'NN', 'project'),
                     ('as', 13, 'prep', 'ADP', 'IN', 'as'), ('a', 18, 'det', 'DET', 'DT', 'a'),
                     ('partner', 16, 'pobj', 'NOUN', 'NN', 'partner'), ('.', 13, 'punct', 'PUNCT', '.', '.')],
                    [(0, 3, 'ORG'), (7, 8, 'ORG'), (12, 13, 'ORG')])
    deals, _ = _deals(doc)
    assert set(deals) == {("Leeds City Council", "Oracle")}


def test_deal_words_that_describe_an_agency_make_no_deal():
    # "Serco runs the service, and the Cabinet Office, which negotiates most public contracts, was criticised."
    doc = _deal_doc([('Serco', 1, 'nsubj', 'PROPN', 'NNP', 'Serco'), ('runs', 1, 'ROOT', 'VERB', 'VBZ', 'run'),
                     ('the', 3, 'det', 'DET', 'DT', 'the'), ('service', 1, 'dobj', 'NOUN', 'NN', 'service'),
                     (',', 1, 'punct', 'PUNCT', ',', ','), ('and', 1, 'cc', 'CCONJ', 'CC', 'and'),
                     ('the', 8, 'det', 'DET', 'DT', 'the'), ('Cabinet', 8, 'compound', 'PROPN', 'NNP', 'Cabinet'),
                     ('Office', 17, 'nsubjpass', 'PROPN', 'NNP', 'Office'), (',', 8, 'punct', 'PUNCT', ',', ','),
                     ('which', 11, 'nsubj', 'PRON', 'WDT', 'which'), ('negotiates', 8, 'relcl', 'VERB', 'VBZ', 'negotiate'),
                     ('most', 14, 'amod', 'ADJ', 'JJS', 'most'), ('public', 14, 'amod', 'ADJ', 'JJ', 'public'),
                     ('contracts', 11, 'dobj', 'NOUN', 'NNS', 'contract'), (',', 8, 'punct', 'PUNCT', ',', ','),
                     ('was', 17, 'auxpass', 'AUX', 'VBD', 'be'), ('criticised', 1, 'conj', 'VERB', 'VBN', 'criticise'),
                     ('.', 17, 'punct', 'PUNCT', '.', '.')],
                    [(0, 1, 'ORG'), (7, 9, 'ORG')])
    assert _deals(doc)[0] == {}


def test_giving_work_is_a_deal_giving_evidence_is_not():
    # "The Home Office gave Serco a contract worth £5m."
    doc = _deal_doc([('The', 2, 'det', 'DET', 'DT', 'the'), ('Home', 2, 'compound', 'PROPN', 'NNP', 'Home'),
                     ('Office', 3, 'nsubj', 'PROPN', 'NNP', 'Office'), ('gave', 3, 'ROOT', 'VERB', 'VBD', 'give'),
                     ('Serco', 3, 'dative', 'PROPN', 'NNP', 'Serco'), ('a', 6, 'det', 'DET', 'DT', 'a'),
                     ('contract', 3, 'dobj', 'NOUN', 'NN', 'contract'), ('worth', 6, 'amod', 'ADJ', 'JJ', 'worth'),
                     ('£', 9, 'nmod', 'SYM', '$', '£'), ('5', 10, 'nummod', 'NUM', 'CD', '5'),
                     ('m.', 7, 'npadvmod', 'NOUN', 'NN', 'm.')],
                    [(1, 3, 'ORG'), (4, 5, 'ORG')])
    deal = _deals(doc)[0][("Home Office", "Serco")]
    assert (deal.status, deal.value, deal.currency) == ("awarded", 5e6, "GBP")
    # "The Home Office gave evidence to MPs about Serco."
    doc = _deal_doc([('The', 2, 'det', 'DET', 'DT', 'the'), ('Home', 2, 'compound', 'PROPN', 'NNP', 'Home'),
                     ('Office', 3, 'nsubj', 'PROPN', 'NNP', 'Office'), ('gave', 3, 'ROOT', 'VERB', 'VBD', 'give'),
                     ('evidence', 3, 'dobj', 'NOUN', 'NN', 'evidence'), ('to', 3, 'dative', 'ADP', 'IN', 'to'),
                     ('MPs', 5, 'pobj', 'VERB', 'VB', 'mps'), ('about', 6, 'prep', 'ADP', 'IN', 'about'),
                     ('Serco', 7, 'pobj', 'PROPN', 'NNP', 'Serco'), ('.', 3, 'punct', 'PUNCT', '.', '.')],
                    [(1, 3, 'ORG'), (8, 9, 'ORG')])
    assert _deals(doc)[0] == {}


def test_a_firm_can_buy_from_the_members_of_a_joint_venture():
    # "Boeing awarded a contract worth £1.4bn to a joint venture of Thales and Safran."
    doc = _deal_doc([('Boeing', 1, 'nsubj', 'PROPN', 'NNP', 'Boeing'), ('awarded', 1, 'ROOT', 'VERB', 'VBD', 'award'),
                     ('a', 3, 'det', 'DET', 'DT', 'a'), ('contract', 1, 'dobj', 'NOUN', 'NN', 'contract'),
                     ('worth', 3, 'amod', 'ADJ', 'JJ', 'worth'), ('£', 6, 'nmod', 'SYM', '$', '£'),
                     ('1.4bn', 4, 'npadvmod', 'NUM', 'CD', '1.4bn'), ('to', 1, 'prep', 'ADP', 'IN', 'to'),
                     ('a', 10, 'det', 'DET', 'DT', 'a'), ('joint', 10, 'amod', 'ADJ', 'JJ', 'joint'),
                     ('venture', 7, 'pobj', 'NOUN', 'NN', 'venture'), ('of', 10, 'prep', 'ADP', 'IN', 'of'),
                     ('Thales', 11, 'pobj', 'PROPN', 'NNP', 'Thales'), ('and', 12, 'cc', 'CCONJ', 'CC', 'and'),
                     ('Safran', 12, 'conj', 'PROPN', 'NNP', 'Safran'), ('.', 1, 'punct', 'PUNCT', '.', '.')],
                    [(0, 1, 'ORG'), (12, 13, 'ORG'), (14, 15, 'ORG')])
    deals, _ = _deals(doc)
    assert set(deals) == {("Boeing", "Thales"), ("Boeing", "Safran")}
    assert deals[("Boeing", "Thales")].value == 1.4e9  # no money tag on "£1.4bn": the symbol is enough


def test_a_list_after_a_colon_names_the_suppliers_of_the_deal():
    # "The Home Office chose Serco and two others: Thales and Safran."
    doc = _deal_doc([('The', 2, 'det', 'DET', 'DT', 'the'), ('Home', 2, 'compound', 'PROPN', 'NNP', 'Home'),
                     ('Office', 3, 'nsubj', 'PROPN', 'NNP', 'Office'), ('chose', 3, 'ROOT', 'VERB', 'VBD', 'choose'),
                     ('Serco', 3, 'dobj', 'PROPN', 'NNP', 'Serco'), ('and', 4, 'cc', 'CCONJ', 'CC', 'and'),
                     ('two', 7, 'nummod', 'NUM', 'CD', 'two'), ('others', 4, 'conj', 'NOUN', 'NNS', 'other'),
                     (':', 3, 'punct', 'PUNCT', ':', ':'), ('Thales', 9, 'ROOT', 'PROPN', 'NNP', 'Thales'),
                     ('and', 9, 'cc', 'CCONJ', 'CC', 'and'), ('Safran', 9, 'conj', 'PROPN', 'NNP', 'Safran'),
                     ('.', 9, 'punct', 'PUNCT', '.', '.')],
                    [(1, 3, 'ORG'), (4, 5, 'ORG'), (9, 10, 'ORG'), (11, 12, 'ORG')], starts=(9,))
    deals, _ = _deals(doc)
    assert set(deals) == {("Home Office", "Serco"), ("Home Office", "Thales"), ("Home Office", "Safran")}


def test_the_two_sides_point_back_to_the_deal():
    # "The Home Office awarded Serco a contract. The two sides agreed a deal worth £5m."
    doc = _deal_doc([('The', 2, 'det', 'DET', 'DT', 'the'), ('Home', 2, 'compound', 'PROPN', 'NNP', 'Home'),
                     ('Office', 3, 'nsubj', 'PROPN', 'NNP', 'Office'), ('awarded', 3, 'ROOT', 'VERB', 'VBD', 'award'),
                     ('Serco', 3, 'dative', 'PROPN', 'NNP', 'Serco'), ('a', 6, 'det', 'DET', 'DT', 'a'),
                     ('contract', 3, 'dobj', 'NOUN', 'NN', 'contract'), ('.', 3, 'punct', 'PUNCT', '.', '.'),
                     ('The', 10, 'det', 'DET', 'DT', 'the'), ('two', 10, 'nummod', 'NUM', 'CD', 'two'),
                     ('sides', 11, 'nsubj', 'NOUN', 'NNS', 'side'), ('agreed', 11, 'ROOT', 'VERB', 'VBD', 'agree'),
                     ('a', 13, 'det', 'DET', 'DT', 'a'), ('deal', 11, 'dobj', 'NOUN', 'NN', 'deal'),
                     ('worth', 13, 'amod', 'ADJ', 'JJ', 'worth'), ('£', 16, 'nmod', 'SYM', '$', '£'),
                     ('5', 17, 'nummod', 'NUM', 'CD', '5'), ('m.', 14, 'npadvmod', 'NOUN', 'NN', 'm.')],
                    [(1, 3, 'ORG'), (4, 5, 'ORG')], starts=(8,))
    assert _deals(doc)[0][("Home Office", "Serco")].value == 5e6


def test_an_agency_that_relies_on_a_firm_is_its_client():
    # "The Home Office has relied on Serco for a decade."
    doc = _deal_doc([('The', 2, 'det', 'DET', 'DT', 'the'), ('Home', 2, 'compound', 'PROPN', 'NNP', 'Home'),
                     ('Office', 4, 'nsubj', 'PROPN', 'NNP', 'Office'), ('has', 4, 'aux', 'AUX', 'VBZ', 'have'),
                     ('relied', 4, 'ROOT', 'VERB', 'VBN', 'rely'), ('on', 4, 'prep', 'ADP', 'IN', 'on'),
                     ('Serco', 5, 'pobj', 'PROPN', 'NNP', 'Serco'), ('for', 4, 'prep', 'ADP', 'IN', 'for'),
                     ('a', 9, 'det', 'DET', 'DT', 'a'), ('decade', 7, 'pobj', 'NOUN', 'NN', 'decade'),
                     ('.', 4, 'punct', 'PUNCT', '.', '.')],
                    [(1, 3, 'ORG'), (6, 7, 'ORG')])
    assert _deals(doc)[0][("Home Office", "Serco")].status == "active"


def test_what_a_firm_could_be_forced_to_do_is_no_deal():
    # "The Home Office awarded Serco a contract. Critics fear that Serco could be forced to hand the contract to Capita."
    doc = _deal_doc([('The', 2, 'det', 'DET', 'DT', 'the'), ('Home', 2, 'compound', 'PROPN', 'NNP', 'Home'),
                     ('Office', 3, 'nsubj', 'PROPN', 'NNP', 'Office'), ('awarded', 3, 'ROOT', 'VERB', 'VBD', 'award'),
                     ('Serco', 3, 'dative', 'PROPN', 'NNP', 'Serco'), ('a', 6, 'det', 'DET', 'DT', 'a'),
                     ('contract', 3, 'dobj', 'NOUN', 'NN', 'contract'), ('.', 3, 'punct', 'PUNCT', '.', '.'),
                     ('Critics', 9, 'nsubj', 'NOUN', 'NNS', 'critic'), ('fear', 9, 'ROOT', 'VERB', 'VBP', 'fear'),
                     ('that', 14, 'mark', 'SCONJ', 'IN', 'that'), ('Serco', 14, 'nsubjpass', 'PROPN', 'NNP', 'Serco'),
                     ('could', 14, 'aux', 'AUX', 'MD', 'could'), ('be', 14, 'auxpass', 'AUX', 'VB', 'be'),
                     ('forced', 9, 'ccomp', 'VERB', 'VBN', 'force'), ('to', 16, 'aux', 'PART', 'TO', 'to'),
                     ('hand', 14, 'xcomp', 'VERB', 'VB', 'hand'), ('the', 18, 'det', 'DET', 'DT', 'the'),
                     ('contract', 16, 'dobj', 'NOUN', 'NN', 'contract'), ('to', 16, 'prep', 'ADP', 'IN', 'to'),
                     ('Capita', 19, 'pobj', 'PROPN', 'NNP', 'Capita'), ('.', 9, 'punct', 'PUNCT', '.', '.')],
                    [(1, 3, 'ORG'), (4, 5, 'ORG'), (11, 12, 'ORG'), (20, 21, 'ORG')], starts=(8,))
    assert set(_deals(doc)[0]) == {("Home Office", "Serco")}


def test_an_agency_busy_with_something_else_is_no_buyer():
    # "The Home Office signed a deal with Serco, and the Cabinet Office joined the board."
    doc = _deal_doc([('The', 2, 'det', 'DET', 'DT', 'the'), ('Home', 2, 'compound', 'PROPN', 'NNP', 'Home'),
                     ('Office', 3, 'nsubj', 'PROPN', 'NNP', 'Office'), ('signed', 3, 'ROOT', 'VERB', 'VBD', 'sign'),
                     ('a', 5, 'det', 'DET', 'DT', 'a'), ('deal', 3, 'dobj', 'NOUN', 'NN', 'deal'),
                     ('with', 3, 'prep', 'ADP', 'IN', 'with'), ('Serco', 6, 'pobj', 'PROPN', 'NNP', 'Serco'),
                     (',', 3, 'punct', 'PUNCT', ',', ','), ('and', 3, 'cc', 'CCONJ', 'CC', 'and'),
                     ('the', 12, 'det', 'DET', 'DT', 'the'), ('Cabinet', 12, 'compound', 'PROPN', 'NNP', 'Cabinet'),
                     ('Office', 13, 'nsubj', 'PROPN', 'NNP', 'Office'), ('joined', 3, 'conj', 'VERB', 'VBD', 'join'),
                     ('the', 15, 'det', 'DET', 'DT', 'the'), ('board', 13, 'dobj', 'NOUN', 'NN', 'board'),
                     ('.', 13, 'punct', 'PUNCT', '.', '.')],
                    [(1, 3, 'ORG'), (7, 8, 'ORG'), (11, 13, 'ORG')])
    assert set(_deals(doc)[0]) == {("Home Office", "Serco")}


def test_the_firm_that_ends_that_subcontract_hired_the_firm_before():
    # "Boeing sued GDC, the firm hired to fit the jets. Boeing terminated that subcontract."
    doc = _deal_doc([("Boeing", 1, "nsubj", "PROPN", "NNP", "Boeing"), ("sued", 1, "ROOT", "VERB", "VBD", "sue"),
                     ("GDC", 1, "dobj", "PROPN", "NNP", "GDC"), (",", 2, "punct", "PUNCT", ",", ","),
                     ("the", 5, "det", "DET", "DT", "the"), ("firm", 2, "appos", "NOUN", "NN", "firm"),
                     ("hired", 5, "acl", "VERB", "VBN", "hire"), ("to", 8, "aux", "PART", "TO", "to"),
                     ("fit", 6, "xcomp", "VERB", "VB", "fit"), ("the", 10, "det", "DET", "DT", "the"),
                     ("jets", 8, "dobj", "NOUN", "NNS", "jet"), (".", 1, "punct", "PUNCT", ".", "."),
                     ("Boeing", 13, "nsubj", "PROPN", "NNP", "Boeing"), ("terminated", 13, "ROOT", "VERB", "VBD", "terminate"),
                     ("that", 15, "det", "DET", "DT", "that"), ("subcontract", 13, "dobj", "NOUN", "NN", "subcontract"),
                     (".", 13, "punct", "PUNCT", ".", ".")],
                    [(0, 1, "ORG"), (2, 3, "ORG"), (12, 13, "ORG")], starts=(12,))
    deals, entities = _deals(doc)
    deal = deals[("Boeing", "GDC")]
    assert (deal.status, {entities[b].name for b in deal.blocked_by}) == ("cancelled", {"Boeing"})


def test_a_ministry_and_a_firm_after_it_stay_two():
    # "The Ministry of Defence and Lockheed Martin signed."
    doc = _doc([("The", 1, "det", "DET", "the"), ("Ministry", 7, "nsubj", "PROPN", "Ministry"),
                ("of", 1, "prep", "ADP", "of"), ("Defence", 2, "pobj", "PROPN", "Defence"), ("and", 3, "cc", "CCONJ", "and"),
                ("Lockheed", 6, "compound", "PROPN", "Lockheed"), ("Martin", 1, "conj", "PROPN", "Martin"),
                ("signed", 7, "ROOT", "VERB", "sign"), (".", 7, "punct", "PUNCT", ".")],
               [(1, 4, "ORG"), (5, 7, "ORG")])
    assert _typed(doc) == [("Agency", "ministry of defence"), ("Company", "lockheed martin")]


def test_the_one_hired_works_for_the_hirer():
    # "hire" takes the worker as its object, here a pronoun for the person named before
    # 'Ann Lee spoke at the hearing. Initech hired her in 2019.'
    doc = _deal_doc([
        ('Ann', 1, 'compound', 'PROPN', 'NNP', 'Ann'), ('Lee', 2, 'nsubj', 'PROPN', 'NNP', 'Lee'),
        ('spoke', 2, 'ROOT', 'VERB', 'VBD', 'speak'), ('at', 2, 'prep', 'ADP', 'IN', 'at'),
        ('the', 5, 'det', 'DET', 'DT', 'the'), ('hearing', 3, 'pobj', 'NOUN', 'NN', 'hearing'),
        ('.', 2, 'punct', 'PUNCT', '.', '.'), ('Initech', 8, 'nsubj', 'PROPN', 'NNP', 'Initech'),
        ('hired', 8, 'ROOT', 'VERB', 'VBD', 'hire'), ('her', 8, 'dobj', 'PRON', 'PRP', 'she'),
        ('in', 8, 'prep', 'ADP', 'IN', 'in'), ('2019', 10, 'pobj', 'NUM', 'CD', '2019'),
        ('.', 8, 'punct', 'PUNCT', '.', '.'),
    ], [(0, 2, 'PERSON'), (7, 8, 'ORG')], starts=(7,))
    found, _, _ = relations(doc)
    assert found == {('WORKS_FOR', 'Ann Lee', 'Initech')}


def test_a_hyphenated_founding_verb_keeps_its_agents(nlp):
    # split at its hyphen, "co" became the sentence's verb and the founders were lost
    from extract.run import extract_texts
    record = next(extract_texts(nlp, [("t", "Corvane was co-founded in 2019 by Ada Brisk and Tom Hale.", {})]))
    founded = {(r["source"], r["target"]) for r in record["relations"] if r["type"] == "FOUNDED"}
    assert founded == {("Ada Brisk", "Corvane"), ("Tom Hale", "Corvane")}


@pytest.mark.parametrize("text, expected", [
    # names near a deal word, with nothing said of a deal between them: no claim
    ("Capita's first NHS deal: the records system that lost 160,000 letters.", {}),
    ("The NHS said Capita's contracts were a matter for the supplier.", {}),
    # a deal one party holds with the other runs now
    ("The NHS has a contract with Capita.", {("NHS", "Capita"): "active"}),
    ("Capita holds a £40m deal with the Home Office.", {("Home Office", "Capita"): "active"}),
    # engaging a firm is hiring it
    ("The Department of Health has engaged Aspen Medical to give jabs.", {("Department of Health", "Aspen Medical"): "awarded"}),
])
def test_a_contract_is_claimed_only_when_the_text_tells_a_deal(nlp, text, expected):
    from extract.run import extract_texts
    record = next(extract_texts(nlp, [("t", text, {})]))
    assert {(c["buyer"], c["supplier"]): c["status"] for c in record["contracts"]} == expected


def test_it_after_before_selling_is_the_first_verbs_object(nlp):
    from extract.run import extract_texts
    text = "Mark Ellison, who founded Kestrel Pictures before selling it to Tencent, backs Corvane Labs."
    record = next(extract_texts(nlp, [("t", text, {})]))
    owns = {(r["source"], r["target"]) for r in record["relations"] if r["type"] == "OWNS"}
    assert owns == {("Tencent", "Kestrel Pictures")}


def test_it_with_no_organisation_subject_before_is_the_one_the_last_sentence_named(nlp):
    from extract.run import extract_texts
    text = ("Much of Anduril's growth has come through acquisitions. "
            "In 2021 it bought Harrow Drones, a Texas maker of small aircraft.")
    record = next(extract_texts(nlp, [("t", text, {})]))
    owns = {(r["source"], r["target"]) for r in record["relations"] if r["type"] == "OWNS"}
    assert owns == {("Anduril", "Harrow Drones")}


def test_the_deal_pointed_back_to_made_with_a_firm_is_the_last_buyers(nlp):
    from extract.run import extract_texts
    text = ("The Ministry of Health has cancelled its agreement to buy two million doses of the vaccine. "
            "The contract, worth 1.6 billion reais, was signed in February with Precisa Medicamentos, a São Paulo company.")
    record = next(extract_texts(nlp, [("t", text, {})]))
    assert {(c["buyer"], c["supplier"]) for c in record["contracts"]} == {("Ministry of Health", "Precisa Medicamentos")}
    # the same sentence after no deal of an agency: no buyer to give it
    record = next(extract_texts(nlp, [("t", text.split(". ", 1)[1], {})]))
    assert record["contracts"] == []


def test_trailing_passive_participle_tells_of_the_name_before_its_comma():
    # "The settlement was announced by the Federal Ministry for Digital and Transport, now headed by
    # Volker Wissing." The parser hangs "headed" on "announced"; it tells of the ministry.
    doc = parse(['The', 'settlement', 'was', 'announced', 'by', 'the', 'Federal', 'Ministry', 'for', 'Digital', 'and',
                 'Transport', ',', 'now', 'headed', 'by', 'Volker', 'Wissing', '.'],
                [1, 3, 3, 3, 3, 7, 7, 4, 7, 8, 9, 9, 3, 14, 3, 14, 17, 15, 3],
                ['det', 'nsubjpass', 'auxpass', 'ROOT', 'agent', 'det', 'compound', 'pobj', 'prep', 'pobj', 'cc', 'conj',
                 'punct', 'advmod', 'advcl', 'agent', 'compound', 'pobj', 'punct'],
                ['DET', 'NOUN', 'AUX', 'VERB', 'ADP', 'DET', 'PROPN', 'PROPN', 'ADP', 'PROPN', 'CCONJ', 'PROPN', 'PUNCT',
                 'ADV', 'VERB', 'ADP', 'PROPN', 'PROPN', 'PUNCT'],
                ['the', 'settlement', 'be', 'announce', 'by', 'the', 'Federal', 'Ministry', 'for', 'Digital', 'and',
                 'Transport', ',', 'now', 'head', 'by', 'Volker', 'Wissing', '.'],
                [(6, 12, 'ORG'), (16, 18, 'PERSON')],
                tags=['DT', 'NN', 'VBD', 'VBN', 'IN', 'DT', 'NNP', 'NNP', 'IN', 'NNP', 'CC', 'NNP', ',', 'RB', 'VBN', 'IN',
                      'NNP', 'NNP', '.'])
    found, _, _ = relations(doc)
    assert found == {("LEADS", "Volker Wissing", "Federal Ministry for Digital and Transport")}



def test_work_done_for_an_agency_told_in_the_passive_is_a_running_deal():
    # "The app was developed for the Health Service Executive by NearForm, a software company
    # headquartered in Tramore." (the parser hangs "by NearForm" on the agency)
    doc = parse(['The', 'app', 'was', 'developed', 'for', 'the', 'Health', 'Service', 'Executive', 'by', 'NearForm', ',',
                 'a', 'software', 'company', 'headquartered', 'in', 'Tramore', '.'],
                [1, 3, 3, 3, 3, 8, 7, 8, 4, 8, 9, 3, 14, 14, 1, 14, 15, 16, 3],
                ['det', 'nsubjpass', 'auxpass', 'ROOT', 'prep', 'det', 'compound', 'compound', 'pobj', 'prep', 'pobj',
                 'punct', 'det', 'compound', 'appos', 'acl', 'prep', 'pobj', 'punct'],
                ['DET', 'NOUN', 'AUX', 'VERB', 'ADP', 'DET', 'PROPN', 'PROPN', 'PROPN', 'ADP', 'PROPN', 'PUNCT', 'DET',
                 'NOUN', 'NOUN', 'VERB', 'ADP', 'PROPN', 'PUNCT'],
                ['the', 'app', 'be', 'develop', 'for', 'the', 'Health', 'Service', 'Executive', 'by', 'NearForm', ',', 'a',
                 'software', 'company', 'headquarter', 'in', 'Tramore', '.'],
                [(6, 9, 'ORG'), (10, 11, 'ORG')],
                tags=['DT', 'NN', 'VBD', 'VBN', 'IN', 'DT', 'NNP', 'NNP', 'NNP', 'IN', 'NNP', ',', 'DT', 'NN', 'NN', 'VBN', 'IN',
                      'NNP', '.'])
    entities, mentions = resolve_entities(doc, LEX)
    contracts = find_contracts(doc, entities, sentence_args(doc, entities, mentions, LEX), LEX)
    assert [(entities[c.buyer].name, entities[c.supplier].name, c.status) for c in contracts] == [
        ("Health Service Executive", "NearForm", "active")]


def test_investing_a_sum_in_a_firm_when_the_parser_hangs_in_on_the_sum():
    # "Toyota Motor Corporation is investing US$1 billion in Grab."
    doc = parse(['Toyota', 'Motor', 'Corporation', 'is', 'investing', 'US$', '1', 'billion', 'in', 'Grab', '.'],
                [2, 2, 4, 4, 4, 7, 7, 4, 7, 8, 4],
                ['compound', 'compound', 'nsubj', 'aux', 'ROOT', 'quantmod', 'compound', 'dobj', 'prep', 'pobj', 'punct'],
                ['PROPN', 'PROPN', 'PROPN', 'AUX', 'VERB', 'SYM', 'NUM', 'NUM', 'ADP', 'PROPN', 'PUNCT'],
                ['Toyota', 'Motor', 'Corporation', 'be', 'invest', 'us$', '1', 'billion', 'in', 'Grab', '.'],
                [(0, 3, 'ORG'), (5, 8, 'MONEY'), (9, 10, 'ORG')],
                tags=['NNP', 'NNP', 'NNP', 'VBZ', 'VBG', '$', 'CD', 'CD', 'IN', 'NNP', '.'])
    found, _, _ = relations(doc)
    assert found == {("INVESTED_IN", "Toyota Motor Corporation", "Grab")}


def test_a_firm_described_as_another_firms_fund_is_owned_by_it():
    # "CapitalG, Alphabet's growth fund, joined the round."
    doc = parse(['CapitalG', ',', 'Alphabet', "'s", 'growth', 'fund', ',', 'joined', 'the', 'round', '.'],
                [7, 0, 5, 2, 5, 0, 0, 7, 9, 7, 7],
                ['nsubj', 'punct', 'poss', 'case', 'compound', 'appos', 'punct', 'ROOT', 'det', 'dobj', 'punct'],
                ['PROPN', 'PUNCT', 'PROPN', 'PART', 'NOUN', 'NOUN', 'PUNCT', 'VERB', 'DET', 'NOUN', 'PUNCT'],
                ['CapitalG', ',', 'Alphabet', "'s", 'growth', 'fund', ',', 'join', 'the', 'round', '.'],
                [(0, 1, 'ORG'), (2, 3, 'ORG')], tags=['NNP', ',', 'NNP', 'POS', 'NN', 'NN', ',', 'VBD', 'DT', 'NN', '.'])
    found, _, _ = relations(doc)
    assert ("OWNS", "Alphabet", "CapitalG") in found


def test_receiving_a_stake_is_an_investment():
    # "In return, Uber received a 27.5% stake in Grab."
    doc = parse(['In', 'return', ',', 'Uber', 'received', 'a', '27.5', '%', 'stake', 'in', 'Grab', '.'],
                [4, 0, 4, 4, 4, 8, 7, 8, 4, 8, 9, 4],
                ['prep', 'pobj', 'punct', 'nsubj', 'ROOT', 'det', 'nummod', 'compound', 'dobj', 'prep', 'pobj', 'punct'],
                ['ADP', 'NOUN', 'PUNCT', 'PROPN', 'VERB', 'DET', 'NUM', 'NOUN', 'NOUN', 'ADP', 'PROPN', 'PUNCT'],
                ['in', 'return', ',', 'Uber', 'receive', 'a', '27.5', '%', 'stake', 'in', 'Grab', '.'],
                [(3, 4, 'ORG'), (10, 11, 'ORG')], tags=['IN', 'NN', ',', 'NNP', 'VBD', 'DT', 'CD', 'NN', 'NN', 'IN', 'NNP', '.'])
    found, _, _ = relations(doc)
    assert found == {("INVESTED_IN", "Uber", "Grab")}


def test_buying_a_firms_business_makes_the_buyer_no_part_of_it():
    # "The deal comes less than three months after Grab bought Uber's business across Southeast Asia."
    doc = parse(['The', 'deal', 'comes', 'less', 'than', 'three', 'months', 'after', 'Grab', 'bought', 'Uber', "'s",
                 'business', 'across', 'Southeast', 'Asia', '.'],
                [1, 2, 2, 5, 5, 6, 9, 9, 9, 2, 12, 10, 9, 9, 15, 13, 2],
                ['det', 'nsubj', 'ROOT', 'amod', 'quantmod', 'nummod', 'npadvmod', 'mark', 'nsubj', 'advcl', 'poss', 'case',
                 'dobj', 'prep', 'compound', 'pobj', 'punct'],
                ['DET', 'NOUN', 'VERB', 'ADJ', 'ADP', 'NUM', 'NOUN', 'SCONJ', 'PROPN', 'VERB', 'PROPN', 'PART', 'NOUN', 'ADP',
                 'PROPN', 'PROPN', 'PUNCT'],
                ['the', 'deal', 'come', 'less', 'than', 'three', 'month', 'after', 'Grab', 'buy', 'Uber', "'s", 'business',
                 'across', 'Southeast', 'Asia', '.'],
                [(8, 9, 'ORG'), (10, 11, 'ORG'), (14, 16, 'LOC')],
                tags=['DT', 'NN', 'VBZ', 'JJR', 'IN', 'CD', 'NNS', 'IN', 'NNP', 'VBD', 'NNP', 'POS', 'NN', 'IN', 'NNP', 'NNP', '.'])
    found, _, _ = relations(doc)
    assert ("OWNS", "Uber", "Grab") not in found


def test_the_minister_in_charge_of_a_department_leads_it():
    # "Stephen Donnelly, the minister in charge of the Department of Health, called the figures a huge act of solidarity."
    doc = parse(['Stephen', 'Donnelly', ',', 'the', 'minister', 'in', 'charge', 'of', 'the', 'Department', 'of', 'Health',
                 ',', 'called', 'the', 'figures', 'a', 'huge', 'act', 'of', 'solidarity', '.'],
                [1, 13, 1, 4, 1, 4, 5, 6, 9, 7, 9, 10, 1, 13, 15, 13, 18, 18, 13, 18, 19, 13],
                ['compound', 'nsubj', 'punct', 'det', 'appos', 'prep', 'pobj', 'prep', 'det', 'pobj', 'prep', 'pobj', 'punct',
                 'ROOT', 'det', 'dobj', 'det', 'amod', 'oprd', 'prep', 'pobj', 'punct'],
                ['PROPN', 'PROPN', 'PUNCT', 'DET', 'NOUN', 'ADP', 'NOUN', 'ADP', 'DET', 'PROPN', 'ADP', 'PROPN', 'PUNCT',
                 'VERB', 'DET', 'NOUN', 'DET', 'ADJ', 'NOUN', 'ADP', 'PROPN', 'PUNCT'],
                ['Stephen', 'Donnelly', ',', 'the', 'minister', 'in', 'charge', 'of', 'the', 'Department', 'of', 'Health',
                 ',', 'call', 'the', 'figure', 'a', 'huge', 'act', 'of', 'solidarity', '.'],
                [(0, 2, 'PERSON'), (8, 12, 'ORG')],
                tags=['NNP', 'NNP', ',', 'DT', 'NN', 'IN', 'NN', 'IN', 'DT', 'NNP', 'IN', 'NNP', ',', 'VBD', 'DT', 'NNS', 'DT',
                      'JJ', 'NN', 'IN', 'NNP', '.'])
    found, _, _ = relations(doc)
    assert ("LEADS", "Stephen Donnelly", "Department of Health") in found


def test_partly_owned_is_a_stake():
    # "NNIT, which is partly owned by Novo Holdings, has rejected the claims."
    doc = parse(['NNIT', ',', 'which', 'is', 'partly', 'owned', 'by', 'Novo', 'Holdings', ',', 'has', 'rejected', 'the',
                 'claims', '.'],
                [11, 0, 5, 5, 5, 0, 5, 8, 6, 0, 11, 11, 13, 11, 11],
                ['nsubj', 'punct', 'nsubjpass', 'auxpass', 'advmod', 'relcl', 'agent', 'compound', 'pobj', 'punct', 'aux',
                 'ROOT', 'det', 'dobj', 'punct'],
                ['PROPN', 'PUNCT', 'PRON', 'AUX', 'ADV', 'VERB', 'ADP', 'PROPN', 'PROPN', 'PUNCT', 'AUX', 'VERB', 'DET',
                 'NOUN', 'PUNCT'],
                ['NNIT', ',', 'which', 'be', 'partly', 'own', 'by', 'Novo', 'Holdings', ',', 'have', 'reject', 'the', 'claim',
                 '.'],
                [(0, 1, 'ORG'), (7, 9, 'ORG')],
                tags=['NNP', ',', 'WDT', 'VBZ', 'RB', 'VBN', 'IN', 'NNP', 'NNP', ',', 'VBZ', 'VBN', 'DT', 'NNS', '.'])
    found, _, _ = relations(doc)
    assert found == {("INVESTED_IN", "Novo Holdings", "NNIT")}


def test_a_name_reached_through_in_beside_the_verbs_object_is_where_not_whom():
    # "Luca Ferrari founded Bending Spoons in Copenhagen in 2013." ("Copenhagen" tagged a firm)
    doc = parse(['Luca', 'Ferrari', 'founded', 'Bending', 'Spoons', 'in', 'Copenhagen', 'in', '2013', '.'],
                [1, 2, 2, 4, 2, 2, 5, 2, 7, 2],
                ['compound', 'nsubj', 'ROOT', 'compound', 'dobj', 'prep', 'pobj', 'prep', 'pobj', 'punct'],
                ['PROPN', 'PROPN', 'VERB', 'PROPN', 'PROPN', 'ADP', 'PROPN', 'ADP', 'NUM', 'PUNCT'],
                ['Luca', 'Ferrari', 'found', 'Bending', 'Spoons', 'in', 'Copenhagen', 'in', '2013', '.'],
                [(0, 2, 'PERSON'), (3, 5, 'ORG'), (6, 7, 'ORG'), (8, 9, 'DATE')],
                tags=['NNP', 'NNP', 'VBD', 'NNP', 'NNPS', 'IN', 'NNP', 'IN', 'CD', '.'])
    found, _, _ = relations(doc)
    assert found == {("FOUNDED", "Luca Ferrari", "Bending Spoons")}


def test_a_state_secretary_works_for_the_ministry():
    # "Katrin Suder, a state secretary at the Federal Ministry of Defence, oversaw the handover."
    doc = parse(['Katrin', 'Suder', ',', 'a', 'state', 'secretary', 'at', 'the', 'Federal', 'Ministry', 'of', 'Defence',
                 ',', 'oversaw', 'the', 'handover', '.'],
                [1, 13, 1, 5, 5, 1, 5, 9, 9, 6, 9, 10, 1, 13, 15, 13, 13],
                ['compound', 'nsubj', 'punct', 'det', 'compound', 'appos', 'prep', 'det', 'compound', 'pobj', 'prep', 'pobj',
                 'punct', 'ROOT', 'det', 'dobj', 'punct'],
                ['PROPN', 'PROPN', 'PUNCT', 'DET', 'NOUN', 'NOUN', 'ADP', 'DET', 'PROPN', 'PROPN', 'ADP', 'PROPN', 'PUNCT',
                 'VERB', 'DET', 'NOUN', 'PUNCT'],
                ['Katrin', 'Suder', ',', 'a', 'state', 'secretary', 'at', 'the', 'Federal', 'Ministry', 'of', 'Defence', ',',
                 'oversee', 'the', 'handover', '.'],
                [(0, 2, 'PERSON'), (7, 12, 'ORG')],
                tags=['NNP', 'NNP', ',', 'DT', 'NN', 'NN', 'IN', 'DT', 'NNP', 'NNP', 'IN', 'NNP', ',', 'VBD', 'DT', 'NN', '.'])
    found, _, _ = relations(doc)
    assert found == {("WORKS_FOR", "Katrin Suder", "Federal Ministry of Defence")}


def test_work_a_firm_does_for_another_firm_makes_it_a_client():
    # "Talgo also builds intercity trains for Deutsche Bahn."
    doc = parse(['Talgo', 'also', 'builds', 'intercity', 'trains', 'for', 'Deutsche', 'Bahn', '.'],
                [2, 2, 2, 4, 2, 4, 7, 5, 2],
                ['nsubj', 'advmod', 'ROOT', 'amod', 'dobj', 'prep', 'compound', 'pobj', 'punct'],
                ['PROPN', 'ADV', 'VERB', 'ADJ', 'NOUN', 'ADP', 'PROPN', 'PROPN', 'PUNCT'],
                ['Talgo', 'also', 'build', 'intercity', 'train', 'for', 'Deutsche', 'Bahn', '.'],
                [(0, 1, 'ORG'), (6, 8, 'ORG')], tags=['NNP', 'RB', 'VBZ', 'JJ', 'NNS', 'IN', 'NNP', 'NNP', '.'])
    found, _, _ = relations(doc)
    assert found == {("SUPPLIES", "Talgo", "Deutsche Bahn")}


def test_a_participle_inside_a_title_is_no_verb_and_an_associate_no_head():
    # "Kenneth Patton, the GAO's managing associate general counsel, said the evaluation was flawed."
    doc = parse(['Kenneth', 'Patton', ',', 'the', 'GAO', "'s", 'managing', 'associate', 'general', 'counsel', ',', 'said',
                 'the', 'evaluation', 'was', 'flawed', '.'],
                [1, 11, 1, 4, 9, 4, 9, 9, 9, 1, 1, 11, 13, 14, 11, 14, 11],
                ['compound', 'nsubj', 'punct', 'det', 'poss', 'case', 'amod', 'nmod', 'amod', 'appos', 'punct', 'ROOT',
                 'det', 'nsubj', 'ccomp', 'acomp', 'punct'],
                ['PROPN', 'PROPN', 'PUNCT', 'DET', 'PROPN', 'PART', 'VERB', 'ADJ', 'ADJ', 'NOUN', 'PUNCT', 'VERB', 'DET',
                 'NOUN', 'AUX', 'ADJ', 'PUNCT'],
                ['Kenneth', 'Patton', ',', 'the', 'GAO', "'s", 'manage', 'associate', 'general', 'counsel', ',', 'say', 'the',
                 'evaluation', 'be', 'flawed', '.'],
                [(0, 2, 'PERSON'), (4, 5, 'ORG')],
                tags=['NNP', 'NNP', ',', 'DT', 'NNP', 'POS', 'VBG', 'JJ', 'JJ', 'NN', ',', 'VBD', 'DT', 'NN', 'VBD', 'JJ', '.'])
    found, _, _ = relations(doc)
    assert found == {("WORKS_FOR", "Kenneth Patton", "GAO")}


def test_two_participles_share_their_agent():
    # "SoftBank, founded and run by Masayoshi Son, has grown."
    doc = parse(['SoftBank', ',', 'founded', 'and', 'run', 'by', 'Masayoshi', 'Son', ',', 'has', 'grown', '.'],
                [10, 0, 0, 2, 2, 4, 7, 5, 0, 10, 10, 10],
                ['nsubj', 'punct', 'acl', 'cc', 'conj', 'agent', 'compound', 'pobj', 'punct', 'aux', 'ROOT', 'punct'],
                ['PROPN', 'PUNCT', 'VERB', 'CCONJ', 'VERB', 'ADP', 'PROPN', 'PROPN', 'PUNCT', 'AUX', 'VERB', 'PUNCT'],
                ['SoftBank', ',', 'found', 'and', 'run', 'by', 'Masayoshi', 'Son', ',', 'have', 'grow', '.'],
                [(0, 1, 'ORG'), (6, 8, 'PERSON')], tags=['NNP', ',', 'VBN', 'CC', 'VBN', 'IN', 'NNP', 'NNP', ',', 'VBZ', 'VBN', '.'])
    found, _, _ = relations(doc)
    assert found == {("FOUNDED", "Masayoshi Son", "SoftBank"), ("LEADS", "Masayoshi Son", "SoftBank")}


def test_a_title_and_a_name_tagged_as_one_body_is_a_person():
    # "It was the flagship of then-Governor Mitch Daniels's push to outsource state work.":
    # the tagger calls "Mitch Daniels's" an organisation; the title before it says who he is.
    doc = parse(['It', 'was', 'the', 'flagship', 'of', 'then', '-', 'Governor', 'Mitch', 'Daniels', "'s", 'push', 'to',
                 'outsource', 'state', 'work', '.'],
                [1, 1, 3, 1, 3, 7, 7, 9, 9, 11, 9, 4, 13, 11, 15, 13, 1],
                ['nsubj', 'ROOT', 'det', 'attr', 'prep', 'advmod', 'punct', 'compound', 'compound', 'poss', 'case', 'pobj',
                 'aux', 'acl', 'compound', 'dobj', 'punct'],
                ['PRON', 'AUX', 'DET', 'NOUN', 'ADP', 'ADV', 'PUNCT', 'PROPN', 'PROPN', 'PROPN', 'PART', 'NOUN', 'PART',
                 'VERB', 'NOUN', 'NOUN', 'PUNCT'],
                ['it', 'be', 'the', 'flagship', 'of', 'then', '-', 'Governor', 'Mitch', 'Daniels', "'s", 'push', 'to',
                 'outsource', 'state', 'work', '.'],
                [(8, 11, 'ORG')],
                tags=['PRP', 'VBD', 'DT', 'NN', 'IN', 'RB', 'HYPH', 'NNP', 'NNP', 'NNP', 'POS', 'NN', 'TO', 'VB', 'NN', 'NN', '.'])
    entities, _ = resolve_entities(doc, LEX)
    assert [(e.name, e.label) for e in entities] == [("Mitch Daniels", "Person")]


def test_a_verb_the_tagger_ran_into_a_name_is_cut_off():
    # "Ontario's Ministry of Education engaged Accenture to review school funding.", with the
    # verb tagged inside the body's name (as the small model does for "Ministry of Health engaged")
    doc = parse(['Ontario', "'s", 'Ministry', 'of', 'Education', 'engaged', 'Accenture', 'to', 'review', 'school',
                 'funding', '.'],
                [2, 0, 5, 2, 3, 5, 5, 8, 5, 10, 8, 5],
                ['poss', 'case', 'nsubj', 'prep', 'pobj', 'ROOT', 'dobj', 'aux', 'xcomp', 'compound', 'dobj', 'punct'],
                ['PROPN', 'PART', 'PROPN', 'ADP', 'PROPN', 'VERB', 'PROPN', 'PART', 'VERB', 'NOUN', 'NOUN', 'PUNCT'],
                ['Ontario', "'s", 'Ministry', 'of', 'Education', 'engage', 'Accenture', 'to', 'review', 'school',
                 'funding', '.'],
                [(0, 1, 'GPE'), (2, 6, 'ORG'), (6, 7, 'ORG')],
                tags=['NNP', 'POS', 'NNP', 'IN', 'NNP', 'VBD', 'NNP', 'TO', 'VB', 'NN', 'NN', '.'])
    entities, _ = resolve_entities(doc, LEX)
    assert ("Ministry of Education", "Agency") in [(e.name, e.label) for e in entities]


def test_the_place_whose_body_it_is_stays_out_of_its_name():
    # "Tasmania's Department of Justice has cancelled its contract with Civica.", tagged as one name
    doc = parse(['Tasmania', "'s", 'Department', 'of', 'Justice', 'has', 'cancelled', 'its', 'contract', 'with', 'Civica', '.'],
                [2, 0, 6, 2, 3, 6, 6, 8, 6, 8, 9, 6],
                ['poss', 'case', 'nsubj', 'prep', 'pobj', 'aux', 'ROOT', 'poss', 'dobj', 'prep', 'pobj', 'punct'],
                ['PROPN', 'PART', 'PROPN', 'ADP', 'PROPN', 'AUX', 'VERB', 'PRON', 'NOUN', 'ADP', 'PROPN', 'PUNCT'],
                ['Tasmania', "'s", 'Department', 'of', 'Justice', 'have', 'cancel', 'its', 'contract', 'with', 'Civica', '.'],
                [(0, 5, 'ORG'), (10, 11, 'ORG')],
                tags=['NNP', 'POS', 'NNP', 'IN', 'NNP', 'VBZ', 'VBN', 'PRP$', 'NN', 'IN', 'NNP', '.'])
    entities, _ = resolve_entities(doc, LEX)
    assert ("Department of Justice", "Agency") in [(e.name, e.label) for e in entities]
