"""The model-backed pipeline end to end on the project's own sample corpus and gold set."""
from __future__ import annotations

import json

import pytest

from extract.evaluate import Tally, score
from extract.pipeline import ModelError, build_pipeline
from extract.run import extract_files, extract_texts

from conftest import DATA

GOLD = DATA / "gold" / "sample.jsonl"


@pytest.fixture(scope="module")
def khan(nlp):
    return next(extract_files(nlp, [DATA / "corpus" / "met-palantir-khan.txt"]))


def test_the_met_palantir_story(khan):
    labels = {e["name"]: e["type"] for e in khan["entities"]}
    for name, label in [("Sadiq Khan", "Person"), ("Metropolitan Police", "Agency"),
                        ("Palantir", "Company"), ("Peter Thiel", "Person")]:
        assert labels.get(name) == label, labels
    met = next(e for e in khan["entities"] if e["name"] == "Metropolitan Police")
    assert {"Met Police", "Scotland Yard"} <= set(met["aliases"])
    assert ("FOUNDED", "Peter Thiel", "Palantir") in {(r["type"], r["source"], r["target"]) for r in khan["relations"]}
    deal = next(c for c in khan["contracts"] if c["buyer"] == "Metropolitan Police" and c["supplier"] == "Palantir")
    assert deal["status"] == "blocked"
    assert deal["blocked_by"] == ["Sadiq Khan"]
    assert (deal["value"], deal["currency"]) == (50_000_000, "GBP")


def test_every_mention_and_edge_points_into_the_text(khan):
    text = khan["text"]
    for entity in khan["entities"]:
        for m in entity["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    for item in khan["relations"] + khan["contracts"]:
        for ev in item["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["sentence"]


def test_no_pronoun_becomes_an_entity(khan):
    names = {e["name"].lower() for e in khan["entities"]}
    assert not names & {"it", "its", "he", "she", "they", "the firm", "the company"}


def test_extraction_is_deterministic(nlp):
    gold = [json.loads(line) for line in GOLD.read_text().splitlines()[:3]]
    items = [(g["id"], g["text"], {}) for g in gold]
    assert list(extract_texts(nlp, items)) == list(extract_texts(nlp, items))


def test_sample_gold_scores_hold(nlp):
    """Floors under today's scores on the sample set (README has the full table): a rule
    change that costs more than a little fails here."""
    gold = [json.loads(line) for line in GOLD.read_text().splitlines()]
    predicted = {r["id"]: r for r in extract_texts(nlp, ((g["id"], g["text"], {}) for g in gold))}
    report = score(gold, predicted)
    assert report.total(report.entities).f1 >= 0.90
    assert report.total(report.relations).f1 >= 0.50
    assert report.contracts.f1 >= 0.55


def test_a_model_that_is_not_there():
    with pytest.raises(ModelError, match="Cannot load the spaCy model 'no_such_model'"):
        build_pipeline("no_such_model")


def test_scoring_arithmetic():
    gold = [{"id": "d", "entities": [{"type": "Person", "name": "Peter Thiel", "aliases": ["Thiel"]},
                                     {"type": "Company", "name": "Palantir"},
                                     {"type": "Agency", "name": "Mayor of London", "optional": True}],
             "relations": [{"type": "FOUNDED", "source": "Peter Thiel", "target": "Palantir"}],
             "contracts": []}]
    pred = {"d": {"entities": [{"type": "Person", "name": "Thiel", "aliases": []},
                               {"type": "Company", "name": "Palantir Technologies", "aliases": ["Palantir"]},
                               {"type": "Agency", "name": "Mayor of London", "aliases": []},
                               {"type": "Company", "name": "Acme"},
                               {"type": "DATE", "name": "2003"}],
                  "relations": [{"type": "FOUNDED", "source": "Thiel", "target": "Palantir Technologies"},
                                {"type": "INVESTED_IN", "source": "Thiel", "target": "Acme"}],
                  "contracts": []}}
    report = score(gold, pred)
    entities = report.total(report.entities)
    assert (entities.tp, entities.fp, entities.fn) == (2, 1, 0)  # optional ignored, DATE ignored
    assert report.relations["FOUNDED"].tp == 1 and report.relations["INVESTED_IN"].fp == 1
    assert Tally(tp=1, fp=1, fn=1).f1 == pytest.approx(0.5)


# --- denied statements: kept as contradicting evidence, never scored as predictions -----------------------

def _record(nlp, text: str) -> dict:
    return next(extract_texts(nlp, [("d", text, {})]))


def _links(record: dict) -> dict:
    found = {("rel", r["type"], r["source"], r["target"]): r["evidence"] for r in record["relations"]}
    found.update({("con", c["buyer"], c["supplier"]): c["evidence"] for c in record["contracts"]})
    return found


@pytest.mark.parametrize("text, key, negated", [
    ("The Home Office did not award the contract to Palantir.", ("con", "Home Office", "Palantir"), True),
    ("Palantir denied any contract with the Home Office.", ("con", "Home Office", "Palantir"), True),
    ("Palantir has no contract with the Home Office.", ("con", "Home Office", "Palantir"), True),
    ("The Home Office denied using Palantir's software.", ("rel", "SUPPLIES", "Palantir", "Home Office"), True),
    ("Peter Thiel has never invested in Anduril.", ("rel", "INVESTED_IN", "Peter Thiel", "Anduril"), True),
    ("Peter Thiel denied investing in Anduril.", ("rel", "INVESTED_IN", "Peter Thiel", "Anduril"), True),
    # A past role, not a denial.
    ("Jane Smith no longer works for Serco.", ("rel", "WORKS_FOR", "Jane Smith", "Serco"), False),
    # The deal stands; only its renewal, block or value is denied.
    ("The Home Office did not renew its contract with Palantir.", ("con", "Home Office", "Palantir"), False),
    ("Sadiq Khan did not block the Metropolitan Police's contract with Palantir.",
     ("con", "Metropolitan Police", "Palantir"), False),
    ("Palantir did not disclose the value of its contract with the Home Office.", ("con", "Home Office", "Palantir"),
     False),
])
def test_denied_statements_are_kept_and_flagged(nlp, text, key, negated):
    found = _links(_record(nlp, text))
    assert key in found, found.keys()
    assert [ev["negated"] for ev in found[key]] == [negated]


def test_a_denied_deal_sets_nothing_and_makes_no_client_link(nlp):
    record = _record(nlp, "The Home Office did not award the £5m contract to Palantir.")
    deal = next(c for c in record["contracts"] if c["buyer"] == "Home Office")
    assert (deal["status"], deal["value"], deal["blocked_by"]) == ("unknown", None, [])
    assert not [r for r in record["relations"] if r["type"] == "SUPPLIES"]


def test_hedged_statements_keep_a_lower_confidence(nlp):
    plain = _record(nlp, "Palantir won a contract with the Home Office.")["contracts"][0]["evidence"][0]
    hedged = _record(nlp, "Palantir reportedly won a contract with the Home Office.")["contracts"][0]["evidence"][0]
    assert not plain["negated"] and not hedged["negated"]
    assert hedged["confidence"] < plain["confidence"]


def test_denied_links_are_not_scored(nlp):
    record = _record(nlp, "The Home Office did not award the contract to Palantir. Peter Thiel has never invested "
                          "in Anduril.")
    entities = [{"type": "Agency", "name": "Home Office"}, {"type": "Company", "name": "Palantir"},
                {"type": "Person", "name": "Peter Thiel"}, {"type": "Company", "name": "Anduril"}]
    empty = {"id": "d", "entities": entities, "relations": [], "contracts": []}
    report = score([empty], {"d": record})
    assert (report.total(report.relations).fp, report.contracts.fp) == (0, 0)  # no false hit
    stated = dict(empty, relations=[{"type": "INVESTED_IN", "source": "Peter Thiel", "target": "Anduril"}],
                  contracts=[{"buyer": "Home Office", "supplier": "Palantir", "status": "awarded"}])
    report = score([stated], {"d": record})
    assert (report.total(report.relations).tp, report.total(report.relations).fn) == (0, 1)  # no hit either
    assert (report.contracts.tp, report.contracts.fn) == (0, 1)


def test_a_link_with_any_supporting_evidence_is_scored():
    gold = [{"id": "d", "entities": [{"type": "Person", "name": "Peter Thiel"}, {"type": "Company", "name": "Anduril"}],
             "relations": [{"type": "INVESTED_IN", "source": "Peter Thiel", "target": "Anduril"}], "contracts": []}]
    evidence = [{"sentence": "s", "negated": True}, {"sentence": "t", "negated": False}]
    pred = {"d": {"entities": gold[0]["entities"],
                  "relations": [{"type": "INVESTED_IN", "source": "Peter Thiel", "target": "Anduril",
                                 "evidence": evidence}], "contracts": []}}
    assert score(gold, pred).relations["INVESTED_IN"].tp == 1
    pred["d"]["relations"][0]["evidence"] = evidence[:1]
    assert score(gold, pred).relations.get("INVESTED_IN", Tally()).tp == 0
    pred["d"]["relations"][0].pop("evidence")  # a gold-shaped prediction without evidence counts
    assert score(gold, pred).relations["INVESTED_IN"].tp == 1


def test_a_colon_inside_a_word_keeps_the_name_whole(nlp):
    doc = nlp("Nvidia has bought Run:ai, it said: the deal closed.")
    assert "Run:ai" in [t.text for t in doc]
    assert [t.text for t in doc].count(":") == 1  # the colon that ends a clause stands apart


def test_a_funding_round_letter_ends_its_sentence(nlp):
    # The tokenizer keeps the stop on "B." (an initial), so the parser ran the two sentences together.
    doc = nlp("In May, Sequoia led a $40 million Series B. Northwind Capital and Kestrel Partners also took part.")
    starts = [s[0].text for s in doc.sents]
    assert "Northwind" in starts, starts
    assert "B." in [t.text for t in doc]


def test_a_firm_named_by_its_epithet_is_a_firm_though_tagged_a_person(nlp):
    # The tagger takes "Ledger Harrow" for a person (it shares Tom Harrow's surname);
    # "the investment firm" right before it says otherwise.
    doc = nlp("Tom Harrow also joined the round. Harrow started the investment firm Ledger Harrow in 2009 "
              "and has become a prominent investor in payments companies.")
    labels = {e.name: e.label for e in doc._.ng_entities}
    assert labels.get("Ledger Harrow") == "Company", labels
    assert labels.get("Tom Harrow") == "Person", labels
    # a name that is the subject of a clause on the noun stays a person
    doc = nlp("Berkshire Hathaway, the holding company Warren Buffett has run since 1965, owns GEICO.")
    assert {e.name: e.label for e in doc._.ng_entities}.get("Warren Buffett") == "Person"


@pytest.mark.parametrize("text, firm", [
    ("Bitvo, the cryptocurrency exchange, raised $90 million last month in a round led by Ribbit Capital.", "Bitvo"),
    ("Dalia, the online marketplace, raised $40 million in a round led by Accel.", "Dalia"),
])
def test_an_exchange_or_a_marketplace_is_a_firm(nlp, text, firm):
    doc = nlp(text)
    assert {e.name: e.label for e in doc._.ng_entities}.get(firm) == "Company"
    assert any(doc._.ng_entities[b].name == firm for (kind, a, b) in doc._.ng_relations if kind == "INVESTED_IN")


@pytest.mark.parametrize("text, place, firm", [
    ("Bharat Biotech makes the vaccine. The Indian company, based in Hyderabad, was founded in 1996 by Krishna Ella.",
     "Hyderabad", "Bharat Biotech"),
    ("Heidelberg-based Aleph Alpha has raised $500 million. Habeck said a company from Heidelberg could compete.",
     "Heidelberg", "Aleph Alpha"),
    ("Three bidders — Atos, Sopra Steria and the Oslo start-up Fjordline Data — have been shortlisted by the "
     "Norwegian Tax Administration.", "Oslo", "Fjordline Data"),
])
def test_where_a_firm_is_based_is_no_firm(nlp, text, place, firm):
    labels = {e.name: e.label for e in nlp(text)._.ng_entities}
    assert place not in labels and labels.get(firm) == "Company", labels


def test_a_name_set_off_after_a_firms_noun_is_that_firm(nlp):
    labels = {e.name: e.label for e in nlp("The agency hired a young Dublin firm, Harlan Mercer, to redesign the portal.")._.ng_entities}
    assert labels.get("Harlan Mercer") == "Company", labels
    labels = {e.name: e.label for e in nlp("They did not comment on the company, Harlan Mercer said.")._.ng_entities}
    assert labels.get("Harlan Mercer") != "Company", labels
