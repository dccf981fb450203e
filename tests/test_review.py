"""`newsgraph review`'s scoring: which pairs of nodes may be one entity, and why."""
from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.names import node_key
from graph.review import Candidate, ReviewError, candidates


def ev(doc: str, sentence: str, conf: float = 0.85, **extra) -> dict:
    return {"doc": doc, "sentence": sentence, "start": 0, "end": len(sentence),
            "extractor": "test", "confidence": conf, **extra}


def add(graph: nx.MultiDiGraph, label: str, name: str, *aliases: str) -> str:
    key = node_key(label, name)
    graph.add_node(key, key=key, label=label, name=name, aliases=sorted(aliases), doc_ids=["d"])
    return key


def link(graph: nx.MultiDiGraph, source: str, type_: str, target: str, *evidence: dict) -> None:
    evidence = evidence or (ev("d", f"{source} {type_} {target}."),)
    graph.add_edge(source, target, key=type_, type=type_, evidence=list(evidence),
                   doc_ids=sorted({e["doc"] for e in evidence}))


def pair(graph: nx.MultiDiGraph, x: str, y: str, **kwargs) -> Candidate | None:
    a, b = sorted((x, y))
    found = [c for c in candidates(graph, min_score=0.0, limit=None, **kwargs) if (c.a, c.b) == (a, b)]
    return found[0] if found else None


def two(label: str, x: str, y: str) -> tuple[nx.MultiDiGraph, str, str]:
    graph = nx.MultiDiGraph()
    return graph, add(graph, label, x), add(graph, label, y)


@pytest.mark.parametrize("label,x,y,reason", [
    ("Person", "Alex Karp", "Alexander Karp", "nickname Alex=Alexander"),
    ("Person", "Bill Gates", "William Gates", "nickname Bill=William"),
    ("Person", "A. Karp", "Alexander Karp", "initial A. = Alexander"),
    ("Person", "Sir Mark Rowley", "Mark Rowley", "same given name and surname"),
    ("Person", "Agnès Buzyn", "Agnes Buzyn", "same given name and surname"),
    ("Agency", "Met Police", "Metropolitan Police Service", "abbreviation met ~ metropolitan"),
    ("Agency", "MoD", "Ministry of Defence", "acronym MoD = Ministry of Defence"),
    ("Agency", "DHS", "Department of Homeland Security", "acronym DHS = Department of Homeland Security"),
    ("Agency", "NHS England", "National Health Service England", "acronym nhs = national health service"),
    ("Agency", "U.S. Army", "United States Army", "acronym us = united states"),
    ("Agency", "Dept. of Justice", "Department of Justice", "abbreviation dept ~ department"),
    ("Company", "Palantir", "Palantir Technologies Inc.", "one name adds only technologies"),
    ("Company", "Anduril Industries", "Andruil Industries", "spelling andruil ~ anduril"),
])
def test_likely_duplicates_are_proposed(label, x, y, reason):
    graph, a, b = two(label, x, y)
    got = candidates(graph)  # the defaults: min_score 0.5
    assert [(c.a, c.b) for c in got] == [tuple(sorted((a, b)))]
    assert got[0].label == label
    assert reason in got[0].reasons
    assert got[0].reasons[0].startswith("name similarity ")


@pytest.mark.parametrize("label,x,y", [
    ("Person", "Donald Trump", "Eric Trump"),
    ("Person", "Jon Lewis", "John Lewis"),
    ("Person", "Eric Trump", "Erica Trump"),
    ("Person", "George H. W. Bush", "George W. Bush"),
    ("Agency", "Department of Defense", "Department of Justice"),
    ("Agency", "DoD", "Department of Justice"),
    ("Agency", "Ministry of Defence", "Department of Defense"),
    ("Agency", "US Army", "British Army"),
    ("Agency", "North Yorkshire Police", "South Yorkshire Police"),
    ("Agency", "Home Office", "Foreign Office"),
    ("Company", "Google", "Alphabet"),
])
def test_different_entities_are_not_proposed_even_with_shared_neighbours(label, x, y):
    graph, a, b = two(label, x, y)
    for n, name in enumerate(["Palantir", "Anduril", "Microsoft"]):
        other = add(graph, "Company", name)
        link(graph, a, "INVESTED_IN", other, ev(f"a{n}", f"{x} backed {name}."))
        link(graph, b, "INVESTED_IN", other, ev(f"b{n}", f"{y} backed {name}."))
    assert candidates(graph) == []
    found = pair(graph, a, b)
    assert found is None or found.score < 0.5


def test_a_shared_surname_alone_is_not_enough():
    graph = nx.MultiDiGraph()
    karp = add(graph, "Person", "Karp")
    alex = add(graph, "Person", "Alex Karp")
    trump = add(graph, "Person", "Donald Trump", "Trump")  # a bare-surname alias must not pair him
    eric = add(graph, "Person", "Eric Trump", "Trump")
    assert candidates(graph) == []
    assert pair(graph, trump, eric) is None
    alone = pair(graph, karp, alex)
    assert alone.score < 0.5
    # ... but "Karp" working where Alex Karp works makes it worth a look.
    palantir = add(graph, "Company", "Palantir")
    link(graph, karp, "LEADS", palantir)
    link(graph, alex, "LEADS", palantir)
    assert [(c.a, c.b) for c in candidates(graph)] == [(alex, karp)]


def test_amazon_and_its_cloud_arm_score_in_between():
    graph, amazon, aws = two("Company", "Amazon", "Amazon Web Services")
    palantir = pair(*two("Company", "Palantir", "Palantir Technologies"))
    got = pair(graph, amazon, aws)
    assert 0.5 <= got.score < palantir.score < 0.9


def test_shared_neighbours_raise_the_score_and_are_named():
    graph, a, b = two("Person", "Alex Karp", "Alexander Karp")
    before = pair(graph, a, b).score
    for name in ["Palantir", "Palantir Foundry", "Stanford"]:
        other = add(graph, "Company", name)
        link(graph, a, "LEADS", other)
        link(graph, other, "OWNS", b) if name == "Stanford" else link(graph, b, "LEADS", other)
    after = pair(graph, a, b)
    assert after.score > before
    assert "3 shared neighbours: Palantir, Palantir Foundry, Stanford" in after.reasons


def test_a_contract_is_looked_through_to_its_other_party():
    graph, a, b = two("Company", "Palantir", "Palantir Technologies")
    met = add(graph, "Agency", "Metropolitan Police")
    for supplier in (a, b):
        contract = f"Contract:{met}|{supplier}"
        graph.add_node(contract, key=contract, label="Contract", name="deal", aliases=[], doc_ids=["d"])
        link(graph, met, "BUYER_OF", contract)
        link(graph, supplier, "SUPPLIER_OF", contract)
    got = pair(graph, a, b)
    assert "1 shared neighbour: Metropolitan Police" in got.reasons
    assert got.score > pair(*two("Company", "Palantir", "Palantir Technologies")).score


def test_nodes_linked_to_each_other_score_lower():
    graph, a, b = two("Company", "Amazon", "Amazon Web Services")
    alone = pair(graph, a, b).score
    link(graph, a, "OWNS", b)
    got = pair(graph, a, b)
    assert got.score < alone
    assert "linked to each other (OWNS): likely two entities" in got.reasons


def test_each_side_comes_with_its_own_evidence_shared_neighbours_first():
    graph, a, b = two("Person", "Alex Karp", "Alexander Karp")
    palantir = add(graph, "Company", "Palantir")
    other = add(graph, "Company", "Other Co")
    link(graph, a, "LEADS", palantir, ev("doc1", "Alex Karp runs Palantir.", 0.6))
    link(graph, a, "WORKS_FOR", other, ev("doc1", "Karp advises Other Co.", 0.9),
         ev("doc3", "Karp left Other Co.", 0.95), ev("doc4", "Karp joined Other Co.", 0.7),
         ev("doc5", "Karp never worked for Other Co.", 0.99, negated=True))
    link(graph, b, "LEADS", palantir, ev("doc2", "Alexander Karp, chief executive of Palantir.", 0.8))
    got = pair(graph, a, b)
    a_ev = got.a_evidence if got.a == a else got.b_evidence
    b_ev = got.b_evidence if got.a == a else got.a_evidence
    assert len(a_ev) == 3
    assert a_ev[0]["sentence"] == "Alex Karp runs Palantir."  # the shared neighbour's, though weaker
    assert a_ev[0]["relation"] == "LEADS" and a_ev[0]["counterpart"] == palantir
    assert [e["doc"] for e in a_ev[1:]] == ["doc3", "doc1"]  # supporting before negated, best first
    assert [e["sentence"] for e in b_ev] == ["Alexander Karp, chief executive of Palantir."]
    assert (got.a_name, got.b_name) == ("Alex Karp", "Alexander Karp")


def test_exclude_drops_judged_pairs():
    graph = nx.MultiDiGraph()
    alex, alexander = add(graph, "Person", "Alex Karp"), add(graph, "Person", "Alexander Karp")
    met, mps = add(graph, "Agency", "Met Police"), add(graph, "Agency", "Metropolitan Police Service")
    seen = []

    def judged(a: str, b: str) -> bool:
        seen.append((a, b))
        return {a, b} == {alex, alexander}

    got = candidates(graph, exclude=judged)
    assert [(c.a, c.b) for c in got] == [(met, mps)]
    assert all(a < b for a, b in seen) and (alex, alexander) in seen


def test_different_labels_are_never_paired_and_contracts_never_reviewed():
    graph = nx.MultiDiGraph()
    add(graph, "Company", "Palantir")
    add(graph, "Agency", "Palantir")
    add(graph, "Person", "Palantir Karp")
    graph.add_node("Contract:x", key="Contract:x", label="Contract", name="Palantir", aliases=[], doc_ids=[])
    graph.add_node("Contract:y", key="Contract:y", label="Contract", name="Palantir", aliases=[], doc_ids=[])
    assert candidates(graph, min_score=0.0) == []
    with pytest.raises(ReviewError, match="Cannot review 'Contract'. Available: Person, Company, Agency"):
        candidates(graph, labels=["Contract"])
    with pytest.raises(ReviewError, match="min_score"):
        candidates(graph, min_score=2)


def test_labels_limit_and_order():
    graph = nx.MultiDiGraph()
    add(graph, "Person", "Alex Karp"), add(graph, "Person", "Alexander Karp")  # 0.85
    add(graph, "Person", "Mark Rowley"), add(graph, "Person", "Sir Mark Rowley")  # 0.97
    add(graph, "Agency", "MoD"), add(graph, "Agency", "Ministry of Defence")  # 0.85
    got = candidates(graph)
    assert [c.score for c in got] == sorted((c.score for c in got), reverse=True)
    assert [c.a for c in got] == ["Person:mark rowley", "Agency:ministry of defence", "Person:alex karp"]
    assert [c.label for c in candidates(graph, labels=["Agency"])] == ["Agency"]
    assert len(candidates(graph, limit=1)) == 1
    assert candidates(graph, min_score=0.9)[0].a == "Person:mark rowley"


def test_aliases_count_as_names():
    graph = nx.MultiDiGraph()
    cbp = add(graph, "Agency", "US Customs and Border Protection", "CBP")
    other = add(graph, "Agency", "CBP Office")
    assert pair(graph, cbp, other) is not None
    met = add(graph, "Agency", "Metropolitan Police", "Met", "Scotland Yard")
    yard = add(graph, "Agency", "New Scotland Yard")
    assert pair(graph, met, yard).score >= 0.5


def synthetic(n: int, seed: int = 3) -> nx.MultiDiGraph:
    """n entities with names made of a small syllable stock: many near misses, as in a big corpus."""
    rng = random.Random(seed)
    syllables = ["ka", "ro", "mi", "tan", "vel", "dor", "pa", "lin", "ser", "qua", "bri", "ton", "gel", "zu"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).title()

    firsts, surnames, vocab = [word() for _ in range(300)], [word() for _ in range(1500)], [word() for _ in range(3000)]
    heads = ["Department", "Ministry", "Agency", "Police", "Group", "Technologies", "Holdings", "Services"]
    graph = nx.MultiDiGraph()
    keys = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.4:
            label, name = "Person", f"{rng.choice(firsts)} {rng.choice(surnames)}"
        else:
            label = "Agency" if roll < 0.7 else "Company"
            words = [rng.choice(vocab) for _ in range(rng.randint(1, 3))]
            name = " ".join(words + ([rng.choice(heads)] if rng.random() < 0.6 else []))
        keys.append(add(graph, label, name))
    for _ in range(n):
        link(graph, *rng.sample(keys, 1), "WORKS_FOR", rng.choice(keys))
    return graph


def test_thousands_of_entities_are_blocked_not_compared_pairwise():
    graph = synthetic(5000)
    a = add(graph, "Person", "Alexander Qxzwv")
    b = add(graph, "Person", "Alex Qxzwv")
    c = add(graph, "Agency", "Department of Qxzwv Affairs")
    d = add(graph, "Agency", "DQA")
    got = candidates(graph, limit=None)
    pairs = {(x.a, x.b) for x in got}
    assert (b, a) in pairs and (c, d) in pairs
    assert len(got) < 5000  # blocks, not the 12.5 million pairs


def test_review_of_a_loaded_store(store):
    palantir_ev = "Alex Karp, the chief executive of Palantir, said so."
    records = [
        {"id": "a", "meta": {"sha256": "a"},
         "entities": [{"type": "Person", "name": "Alex Karp", "aliases": []},
                      {"type": "Company", "name": "Palantir", "aliases": []}],
         "relations": [{"type": "LEADS", "source": "Alex Karp", "target": "Palantir",
                        "evidence": [ev("a", palantir_ev)]}],
         "contracts": []},
        {"id": "b", "meta": {"sha256": "b"},
         "entities": [{"type": "Person", "name": "Alexander Karp", "aliases": []},
                      {"type": "Company", "name": "Palantir", "aliases": []}],
         "relations": [{"type": "LEADS", "source": "Alexander Karp", "target": "Palantir",
                        "evidence": [ev("b", "Palantir Technologies is led by Alexander Karp.")]}],
         "contracts": []},
    ]
    store.load(records)
    got = candidates(store.export())
    assert [(c.a, c.b) for c in got] == [("Person:alex karp", "Person:alexander karp")]
    assert "1 shared neighbour: Palantir" in got[0].reasons
    assert got[0].a_evidence[0]["sentence"] == palantir_ev
    assert got[0].b_evidence[0]["doc"] == "b"
