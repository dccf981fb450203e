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
