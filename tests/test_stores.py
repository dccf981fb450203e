"""One behaviour suite, run on the embedded store and on a real Neo4j."""
from __future__ import annotations

import json
import os

import networkx as nx
import pytest

from graph.records import RecordError, record_rows
from graph.store import StoreError


def ev(doc: str, sentence: str, conf: float = 0.85) -> dict:
    return {"doc": doc, "sentence": sentence, "start": 0, "end": len(sentence), "extractor": "test", "confidence": conf}


DOC_A = {
    "id": "a",
    "entities": [
        {"type": "Person", "name": "Peter Thiel", "aliases": ["Thiel"]},
        {"type": "Company", "name": "Palantir", "aliases": []},
        {"type": "Agency", "name": "Metropolitan Police", "aliases": ["Met Police"]},
        {"type": "Person", "name": "Sadiq Khan", "aliases": []},
    ],
    "relations": [{"type": "FOUNDED", "source": "Peter Thiel", "target": "Palantir",
                   "evidence": [ev("a", "Palantir, co-founded by Peter Thiel, ...")]}],
    "contracts": [{"buyer": "Metropolitan Police", "supplier": "Palantir", "status": "proposed",
                   "blocked_by": [], "value": None, "currency": "GBP",
                   "evidence": [ev("a", "The Met planned to buy Palantir software.")]}],
}

DOC_B = {
    "id": "b",
    "entities": [
        {"type": "Person", "name": "Peter Thiel", "aliases": ["Mr Thiel"]},
        {"type": "Company", "name": "Palantir Technologies Inc.", "aliases": ["Palantir"]},
        {"type": "Agency", "name": "Metropolitan Police", "aliases": ["the Met"]},
        {"type": "Person", "name": "Sadiq Khan", "aliases": ["Khan"]},
    ],
    "relations": [{"type": "FOUNDED", "source": "Peter Thiel", "target": "Palantir",
                   "evidence": [ev("b", "Thiel founded Palantir in 2003.", 0.6)]}],
    "contracts": [{"buyer": "Metropolitan Police", "supplier": "Palantir", "status": "blocked",
                   "blocked_by": ["Sadiq Khan"], "value": None, "currency": None,
                   "evidence": [ev("b", "Khan halted the Met's deal with Palantir.")]}],
}


def snapshot(store) -> tuple:
    """The stored graph as comparable data: sorted node and edge attributes."""
    graph = store.export()
    nodes = sorted(json.dumps({k: sorted(v) if isinstance(v, list) else v for k, v in attrs.items()},
                              sort_keys=True, default=str) for _, attrs in graph.nodes(data=True))
    edges = sorted(json.dumps({"s": u, "t": v, "type": k, "doc_ids": sorted(a["doc_ids"]),
                               "evidence": sorted(json.dumps(e, sort_keys=True) for e in a["evidence"]),
                               "confidence": a["confidence"]}, sort_keys=True)
                   for u, v, k, a in graph.edges(keys=True, data=True))
    return nodes, edges


def test_load_merges_entities_across_documents(store):
    store.load([DOC_A, DOC_B])
    graph = store.export()
    people = [a for _, a in graph.nodes(data=True) if a["label"] == "Person"]
    firms = [a for _, a in graph.nodes(data=True) if a["label"] == "Company"]
    assert sorted(p["name"] for p in people) == ["Peter Thiel", "Sadiq Khan"]
    assert len(firms) == 1, "Palantir and Palantir Technologies Inc. are one firm"
    thiel = graph.nodes["Person:peter thiel"]
    assert set(thiel["aliases"]) == {"Thiel", "Mr Thiel"}
    assert set(thiel["doc_ids"]) == {"a", "b"}


def test_firms_meet_across_documents_by_their_short_name_only(store):
    def doc(doc_id: str, *firms: str) -> dict:
        return {"id": doc_id, "entities": [{"type": "Company", "name": f} for f in firms]}

    store.load([doc("x", "Palantir Technologies", "Amazon Web Services"), doc("y", "Palantir", "Amazon"),
                doc("z", "Anduril Industries", "Anduril")])
    firms = sorted((a["name"], tuple(a["aliases"])) for _, a in store.export().nodes(data=True))
    # Generic words fold ("Technologies", "Industries"); a distinctive one ("Web Services") does not.
    assert firms == [("Amazon", ()), ("Amazon Web Services", ()), ("Anduril Industries", ("Anduril",)),
                     ("Palantir Technologies", ("Palantir",))]


def test_evidence_accumulates_on_one_edge(store):
    store.load([DOC_A])
    store.load([DOC_B])
    graph = store.export()
    founded = [(u, v, a) for u, v, k, a in graph.edges(keys=True, data=True) if k == "FOUNDED"]
    assert len(founded) == 1
    _, _, attrs = founded[0]
    assert sorted(e["doc"] for e in attrs["evidence"]) == ["a", "b"]
    assert attrs["confidence"] == pytest.approx(0.85)
    assert sorted(attrs["doc_ids"]) == ["a", "b"]


def test_loading_twice_changes_nothing(store):
    store.load([DOC_A, DOC_B])
    first = snapshot(store)
    store.load([DOC_A, DOC_B])
    store.load([DOC_B])
    assert snapshot(store) == first


def test_contract_status_keeps_the_strongest_claim_in_any_order(store):
    store.load([DOC_B])
    store.load([DOC_A])  # an older "proposed" does not undo "blocked"
    graph = store.export()
    contracts = [a for _, a in graph.nodes(data=True) if a["label"] == "Contract"]
    assert len(contracts) == 1
    assert contracts[0]["status"] == "blocked"
    assert contracts[0]["currency"] == "GBP"
    blocked = [(u, v) for u, v, k in graph.edges(keys=True) if k == "BLOCKED"]
    assert blocked == [("Person:sadiq khan", contracts[0]["key"])]
    types = sorted(k for _, _, k in graph.edges(keys=True))
    assert types == ["BLOCKED", "BUYER_OF", "FOUNDED", "SUPPLIER_OF"]


def _deal(doc: str, status: str) -> dict:
    return {"id": doc, "entities": [{"type": "Company", "name": "Serco", "aliases": []},
                                    {"type": "Agency", "name": "Home Office", "aliases": []}],
            "relations": [],
            "contracts": [{"buyer": "Home Office", "supplier": "Serco", "status": status, "blocked_by": [],
                           "value": None, "currency": None, "evidence": [ev(doc, f"The deal is {status}.")]}]}


@pytest.mark.parametrize("order", [("awarded", "active"), ("active", "awarded")])
def test_contract_status_is_the_later_state_in_a_deals_life(store, order):
    # 2019: "the Home Office awarded Serco …"; 2023: "Serco runs …": the deal is running.
    for i, status in enumerate(order):
        store.load([_deal(f"d{i}", status)])
    statuses = [a["status"] for _, a in store.export().nodes(data=True) if a["label"] == "Contract"]
    assert statuses == ["active"]
    store.load([_deal("d9", "ended")])
    assert [a["status"] for _, a in store.export().nodes(data=True) if a["label"] == "Contract"] == ["ended"]


def test_a_bad_record_leaves_the_store_as_it_was(store):
    store.load([DOC_A])
    before = snapshot(store)
    bad = dict(DOC_B, id="c", relations=[{"type": "FOUNDED", "source": "Nobody", "target": "Palantir"}])
    with pytest.raises(StoreError, match="Nobody"):
        store.load([DOC_B, bad], batch_size=10)
    assert snapshot(store) == before


def test_counts(store):
    store.load([DOC_A, DOC_B])
    counts = store.counts()
    assert counts["Person"] == 2 and counts["Company"] == 1 and counts["Contract"] == 1
    assert counts["FOUNDED"] == 1 and counts["Document"] == 2


@pytest.mark.neo4j
def test_both_stores_hold_the_same_graph(embedded_store, neo4j_store):
    for s in (embedded_store, neo4j_store):
        s.load([DOC_A])
        s.load([DOC_B, DOC_A])
    assert snapshot(embedded_store) == snapshot(neo4j_store)


def test_record_rows_rejects_labels_outside_the_schema():
    with pytest.raises(RecordError, match="type"):
        record_rows({"id": "x", "entities": [{"type": "Planet", "name": "Mars"}]})
    with pytest.raises(RecordError, match="not in the schema"):
        record_rows({"id": "x", "entities": [{"type": "Company", "name": "A"}, {"type": "Person", "name": "B C"}],
                     "relations": [{"type": "FOUNDED", "source": "A", "target": "B C"}]})


def test_embedded_write_is_atomic(embedded_store, monkeypatch):
    embedded_store.load([DOC_A])
    before = embedded_store.file.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        embedded_store.load([DOC_B])
    assert embedded_store.file.read_bytes() == before
    assert [p.name for p in embedded_store.path.iterdir() if p.name.startswith(".graph-")] == []


def test_embedded_second_writer_fails_clearly(tmp_path):
    import fcntl

    from graph.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path / "s", lock_timeout=0.3)
    store.path.mkdir()
    with open(store.path / "lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(StoreError, match="Another newsgraph process"):
            store.load([DOC_A])
    assert not store.file.exists()


def test_embedded_store_reads_back_from_disk(tmp_path):
    from graph.embedded import EmbeddedStore

    EmbeddedStore(tmp_path / "s").load([DOC_A, DOC_B])
    again = EmbeddedStore(tmp_path / "s")
    assert nx.number_of_nodes(again.graph) == 5  # two people, a firm, an agency, a contract


def test_embedded_store_reports_a_damaged_file(tmp_path):
    from graph.embedded import EmbeddedStore

    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "graph.json").write_text("{not json")
    with pytest.raises(StoreError, match="cannot be read"):
        EmbeddedStore(tmp_path / "s").counts()
