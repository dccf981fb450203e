"""How well each edge is sourced, when it held, and contradicting evidence: on both stores."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli
from queries import named

from conftest import wipe


def ev(sentence: str, **extra) -> list[dict]:
    return [{"sentence": sentence, "start": 0, "end": len(sentence), "extractor": "test", "confidence": 0.8, **extra}]


THIEL = [{"type": "Person", "name": "Peter Thiel"}, {"type": "Company", "name": "Palantir"}]
ARMY = {"type": "Agency", "name": "US Army"}


def record(doc: str, publisher: str | None, published: str | None, relations: list, entities=THIEL, contracts=()):
    meta = {k: v for k, v in (("publisher", publisher), ("published", published)) if v}
    return {"id": doc, "meta": meta, "entities": list(entities), "relations": relations, "contracts": list(contracts)}


RECORDS = [
    record("a1", "Daily Paper", "2021-03-01", [{"type": "FOUNDED", "source": "Peter Thiel", "target": "Palantir",
                                                "evidence": ev("Thiel co-founded Palantir.")}]),
    record("a2", "Daily Paper", "2023-05-02", [{"type": "FOUNDED", "source": "Peter Thiel", "target": "Palantir",
                                                "evidence": ev("Palantir, co-founded by Thiel, ...")}]),
    record("b1", "Weekly Wire", "2022-01-09", [{"type": "FOUNDED", "source": "Peter Thiel", "target": "Palantir",
                                                "evidence": ev("Thiel, who founded Palantir in 2003", date="2003",
                                                               date_kind="at")}]),
    # A denial only: contradicting evidence, no support.
    record("c1", "Weekly Wire", "2022-02-01", [{"type": "SUPPLIES", "source": "Palantir", "target": "US Army",
                                                "evidence": ev("Palantir denied any contract with the US Army.",
                                                               negated=True)}], entities=THIEL[1:] + [ARMY]),
    # A deal that ran from 2019 and ended in 2021.
    record("c2", None, None, [], entities=THIEL[1:] + [{"type": "Agency", "name": "NHS England"}],
           contracts=[{"buyer": "NHS England", "supplier": "Palantir", "status": "ended",
                       "evidence": ev("The deal, signed in 2019, ended in March 2021.", date="2019",
                                      date_kind="signed", date_to="2021-03")}]),
]


def edge(store, source, type_, target) -> dict:
    graph = store.export()
    return graph.edges[source, target, type_]


def test_an_edge_counts_documents_sources_and_dates(store):
    store.load(RECORDS)
    founded = edge(store, "Person:peter thiel", "FOUNDED", "Company:palantir")
    assert founded["doc_count"] == 3 and founded["source_count"] == 2 and founded["contra_count"] == 0
    assert founded["sources"] == ["Daily Paper", "Weekly Wire"]
    assert (founded["first_seen"], founded["last_seen"]) == ("2021-03-01", "2023-05-02")
    assert founded["confidence"] == 0.8
    denied = edge(store, "Company:palantir", "SUPPLIES", "Agency:us army")
    assert (denied["doc_count"], denied["contra_count"], denied["source_count"]) == (0, 1, 0)
    assert denied["evidence"][0]["negated"] is True
    supplied = edge(store, "Company:palantir", "SUPPLIER_OF", "Contract:Agency:nhs england|Company:palantir")
    assert (supplied["valid_from"], supplied["valid_to"]) == ("2019-01-01", "2021-03-31")
    # Taking one document out recomputes the counts (the ledger's rule on both stores).
    store.load([record("a2", "Daily Paper", "2023-05-02", [])])
    founded = edge(store, "Person:peter thiel", "FOUNDED", "Company:palantir")
    assert (founded["doc_count"], founded["source_count"], founded["last_seen"]) == (2, 2, "2022-01-09")


def test_queries_filter_by_sources_and_date(store):
    store.load(RECORDS)
    # A link only denied is no client link; min_sources 0 shows it.
    assert [r["client"] for r in named.run(store, "clients", {"company": "Palantir"})] == ["NHS England"]
    assert [r["client"] for r in named.run(store, "clients", {"company": "Palantir", "min_sources": "0"})] == \
        ["NHS England", "US Army"]
    # Thiel founded Palantir (2 sources), which supplied NHS England (1 source): every link must pass.
    assert len(named.run(store, "founder-clients", {"person": "Peter Thiel"})) == 1
    assert named.run(store, "founder-clients", {"person": "Peter Thiel", "min_sources": "2"}) == []
    for as_of, expected in (("2020-06", 1), ("2018", 0), ("2021-03-31", 1), ("2021-04", 0)):
        rows = named.run(store, "contracts", {"supplier": "Palantir", "as_of": as_of})
        assert len(rows) == expected, as_of
    assert named.run(store, "paths", {"source": "Peter Thiel", "target": "US Army"}) == []
    assert len(named.run(store, "paths", {"source": "Peter Thiel", "target": "NHS England", "as_of": "2020"})) == 1
    assert named.run(store, "paths", {"source": "Peter Thiel", "target": "NHS England", "as_of": "2022"}) == []
    with pytest.raises(named.QueryError, match="date"):
        named.run(store, "contracts", {"as_of": "last year"})


@pytest.mark.parametrize("kind", ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def test_why_prints_every_sentence_with_its_source(kind, tmp_path, request):
    args = ["--path", str(tmp_path / "store")]
    if kind == "neo4j":
        wipe(request.getfixturevalue("neo4j_session_store"))
        args += ["--store", "neo4j"]
    data = tmp_path / "records.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in RECORDS))
    run = CliRunner().invoke
    assert run(cli, ["load", str(data), *args]).exit_code == 0
    result = run(cli, ["why", "Peter Thiel", "Palantir", *args])
    assert result.exit_code == 0, result.output
    summary = result.output.splitlines()[2].split()
    assert summary[:3] == ["Peter", "Thiel", "-FOUNDED->"] and summary[4:7] == ["3", "2", "0"]
    for sentence in ("Thiel co-founded Palantir.", "Palantir, co-founded by Thiel, ...", "Thiel, who founded Palantir in 2003"):
        assert sentence in result.output
    as_json = json.loads(run(cli, ["why", "Palantir", "US Army", "--json", *args]).output)
    assert as_json["links"][0]["contradicting"] == 1
    assert as_json["evidence"][0]["stance"] == "contradicts"
    assert {"doc", "start", "end", "extractor", "confidence", "source"} <= set(as_json["evidence"][0])
    timeline = run(cli, ["timeline", "Palantir", "--json", *args])
    dates = [(r["date"], r["kind"]) for r in json.loads(timeline.output)]
    assert dates[0] == ("2003", "at") and ("2019", "signed to 2021-03") in dates
    assert dates == sorted(dates, key=lambda d: d[0])
    missing = run(cli, ["why", "Peter Thiel", "Nobody", *args])
    assert missing.exit_code != 0 and "Traceback" not in missing.output
