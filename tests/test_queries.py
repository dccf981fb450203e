"""The named queries: one behaviour suite, run on the embedded store and on a real Neo4j."""
from __future__ import annotations

import os

import pytest

from graph.store import StoreError, open_store
from queries import named
from queries.named import QueryError

NEO4J_URI = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")

MET_TEXT = ("Mayor of London Sadiq Khan has halted a contract that would have seen the Met Police buy "
            "software from Palantir. Palantir, a company co-founded by Peter Thiel, sells data analytics.")
NHS_TEXT = ("NHS England awarded Palantir a £330m contract for its data platform. "
            "Palantir's chief executive Alex Karp welcomed the deal. "
            "The firm also supplies the US Army.")
THIEL_TEXT = 'Peter Thiel, who "co-founded" Palantir in 2003, backs many start-ups.'


def ev(doc: str, text: str, sentence: str, confidence: float = 0.9) -> dict:
    start = text.index(sentence)
    return {"doc": doc, "sentence": sentence, "start": start, "end": start + len(sentence),
            "extractor": "test", "confidence": confidence}


MET_CONTRACT = "Metropolitan Police – Palantir contract"
NHS_CONTRACT = "NHS England – Palantir contract"
S_MET_BLOCK = MET_TEXT.split(". ")[0] + "."
S_MET_FOUNDED = "Palantir, a company co-founded by Peter Thiel, sells data analytics."
S_NHS_AWARD = "NHS England awarded Palantir a £330m contract for its data platform."
S_NHS_KARP = "Palantir's chief executive Alex Karp welcomed the deal."
S_NHS_ARMY = "The firm also supplies the US Army."

RECORDS = [
    {"id": "doc-met", "text": MET_TEXT,
     "entities": [
         {"type": "Person", "name": "Sadiq Khan", "aliases": ["Khan"]},
         {"type": "Agency", "name": "Metropolitan Police", "aliases": ["Met Police", "the Met"]},
         {"type": "Company", "name": "Palantir", "aliases": ["Palantir Technologies"]},
         {"type": "Person", "name": "Peter Thiel", "aliases": ["Thiel"]},
     ],
     "relations": [
         {"type": "FOUNDED", "source": "Peter Thiel", "target": "Palantir",
          "evidence": [ev("doc-met", MET_TEXT, S_MET_FOUNDED)]},
     ],
     "contracts": [
         {"buyer": "Met Police", "supplier": "Palantir", "status": "blocked", "blocked_by": ["Sadiq Khan"],
          "value": None, "currency": None, "evidence": [ev("doc-met", MET_TEXT, S_MET_BLOCK)]},
     ]},
    {"id": "doc-nhs", "text": NHS_TEXT,
     "entities": [
         {"type": "Agency", "name": "NHS England", "aliases": []},
         {"type": "Company", "name": "Palantir", "aliases": ["The firm"]},
         {"type": "Person", "name": "Alex Karp", "aliases": ["Karp"]},
         {"type": "Agency", "name": "US Army", "aliases": ["U.S. Army"]},
     ],
     "relations": [
         {"type": "LEADS", "source": "Alex Karp", "target": "Palantir",
          "evidence": [ev("doc-nhs", NHS_TEXT, S_NHS_KARP)]},
         {"type": "SUPPLIES", "source": "Palantir", "target": "US Army",
          "evidence": [ev("doc-nhs", NHS_TEXT, S_NHS_ARMY)]},
         {"type": "SUPPLIES", "source": "Palantir", "target": "NHS England",
          "evidence": [ev("doc-nhs", NHS_TEXT, S_NHS_AWARD)]},
     ],
     "contracts": [
         {"buyer": "NHS England", "supplier": "Palantir", "status": "awarded", "blocked_by": [],
          "value": 330000000, "currency": "GBP", "evidence": [ev("doc-nhs", NHS_TEXT, S_NHS_AWARD)]},
     ]},
    {"id": "doc-thiel", "text": THIEL_TEXT,
     "entities": [
         {"type": "Person", "name": "Peter Thiel", "aliases": []},
         {"type": "Company", "name": "Palantir", "aliases": []},
     ],
     "relations": [
         {"type": "FOUNDED", "source": "Peter Thiel", "target": "Palantir",
          "evidence": [ev("doc-thiel", THIEL_TEXT, THIEL_TEXT, 0.8)]},
     ]},
]


# stores ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def neo4j_connection():
    try:
        store = open_store("neo4j", uri=NEO4J_URI, user="neo4j",
                           password=os.environ.get("NEO4J_PASSWORD", "newsgraph"))
    except StoreError as exc:
        # On CI a missing server is a broken build, not a reason to skip.
        if "CI" in os.environ:
            pytest.fail(f"CI is set but Neo4j is not reachable: {exc}")
        pytest.skip(f"no Neo4j: {exc}")
    yield store
    store.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, tmp_path):
    if request.param == "embedded":
        yield open_store("embedded", path=tmp_path / "store")
        return
    neo4j = request.getfixturevalue("neo4j_connection")
    # Test-only: every test starts from an empty database.
    neo4j.cypher("MATCH (n) DETACH DELETE n", write=True)
    yield neo4j
    neo4j.cypher("MATCH (n) DETACH DELETE n", write=True)


@pytest.fixture
def loaded(store):
    store.load(RECORDS)
    return store


def run(store, name: str, **params) -> list[dict]:
    rows = named.run(store, name, {k: str(v) for k, v in params.items()})
    columns = list(named.get(name).columns)
    assert all(list(row) == columns for row in rows), f"{name} rows must have the columns {columns}"
    return rows


# profile ---------------------------------------------------------------------
PALANTIR_PROFILE = [
    ("in", "FOUNDED", "Peter Thiel", "Person", 2, 2, "doc-met", S_MET_FOUNDED),
    ("in", "LEADS", "Alex Karp", "Person", 1, 1, "doc-nhs", S_NHS_KARP),
    ("out", "SUPPLIER_OF", MET_CONTRACT, "Contract", 1, 1, "doc-met", S_MET_BLOCK),
    ("out", "SUPPLIER_OF", NHS_CONTRACT, "Contract", 1, 1, "doc-nhs", S_NHS_AWARD),
    ("out", "SUPPLIES", "NHS England", "Agency", 1, 1, "doc-nhs", S_NHS_AWARD),
    ("out", "SUPPLIES", "US Army", "Agency", 1, 1, "doc-nhs", S_NHS_ARMY),
]


def profile_rows(*rows: tuple, entity: str = "Palantir", label: str = "Company") -> list[dict]:
    keys = ["direction", "type", "other", "other_label", "evidence", "docs", "first_doc", "first_sentence"]
    return [{"entity": entity, "label": label, **dict(zip(keys, row))} for row in rows]


@pytest.mark.parametrize("name", ["Palantir", "palantir technologies", "The firm", "PALANTIR'S"])
def test_profile_by_name_or_alias(loaded, name):
    assert run(loaded, "profile", entity=name) == profile_rows(*PALANTIR_PROFILE)


def test_profile_first_evidence_and_counts_merge_documents(loaded):
    rows = run(loaded, "profile", entity="Thiel")
    assert rows == profile_rows(("out", "FOUNDED", "Palantir", "Company", 2, 2, "doc-met", S_MET_FOUNDED),
                                entity="Peter Thiel", label="Person")


def test_profile_limit(loaded):
    assert run(loaded, "profile", entity="Palantir", limit=2) == profile_rows(*PALANTIR_PROFILE[:2])


def test_profile_sentence_escapes_round_trip(store):
    # Evidence is stored as JSON; the Cypher undoes its escapes by hand.
    sentence = 'She said "no" \\ then\nleft\tthe \\"Met\\".'
    store.load([{"id": "doc-esc", "entities": [{"type": "Person", "name": "Ann Lee"},
                                                {"type": "Agency", "name": "Met"}],
                 "relations": [{"type": "WORKS_FOR", "source": "Ann Lee", "target": "Met",
                                "evidence": [{"doc": "doc-esc", "sentence": sentence, "start": 0,
                                              "end": len(sentence)}]}]}])
    rows = run(store, "profile", entity="Ann Lee")
    assert [(r["first_doc"], r["first_sentence"]) for r in rows] == [("doc-esc", sentence)]


def test_profile_self_loop_is_one_row(store):
    store.load([{"id": "doc-loop", "entities": [{"type": "Company", "name": "Acme"}],
                 "relations": [{"type": "OWNS", "source": "Acme", "target": "Acme"}]}])
    assert [(r["direction"], r["type"], r["other"]) for r in run(store, "profile", entity="Acme")] == [
        ("out", "OWNS", "Acme")]


def test_profile_unknown_name_finds_nothing(loaded):
    assert run(loaded, "profile", entity="Serco") == []


# paths -----------------------------------------------------------------------
def test_paths_through_a_contract(loaded):
    assert run(loaded, "paths", source="Peter Thiel", target="Khan") == [
        {"hops": 3, "path": ["Peter Thiel", "Palantir", MET_CONTRACT, "Sadiq Khan"],
         "types": ["FOUNDED", "SUPPLIER_OF", "BLOCKED"]},
    ]


def test_paths_ignore_direction(loaded):
    assert run(loaded, "paths", source="US Army", target="Alex Karp") == [
        {"hops": 2, "path": ["US Army", "Palantir", "Alex Karp"], "types": ["SUPPLIES", "LEADS"]},
    ]


def test_paths_longer_than_max_hops_are_not_found(loaded):
    assert run(loaded, "paths", source="Peter Thiel", target="Sadiq Khan", max_hops=2) == []


def test_paths_all_shortest_one_row_per_relationship(store):
    # Two relationships between the same two nodes make two paths, as allShortestPaths gives.
    store.load([{"id": "doc-two", "entities": [
        {"type": "Person", "name": "Ann Lee"}, {"type": "Company", "name": "Acme"},
        {"type": "Agency", "name": "Home Office"}, {"type": "Company", "name": "Bolt Ltd"}],
        "relations": [{"type": "FOUNDED", "source": "Ann Lee", "target": "Acme"},
                      {"type": "LEADS", "source": "Ann Lee", "target": "Acme"},
                      {"type": "SUPPLIES", "source": "Acme", "target": "Home Office"},
                      {"type": "SUPPLIES", "source": "Bolt Ltd", "target": "Home Office"},
                      {"type": "WORKS_FOR", "source": "Ann Lee", "target": "Bolt Ltd"}]}])
    assert run(store, "paths", source="Ann Lee", target="Home Office") == [
        {"hops": 2, "path": ["Ann Lee", "Acme", "Home Office"], "types": ["FOUNDED", "SUPPLIES"]},
        {"hops": 2, "path": ["Ann Lee", "Acme", "Home Office"], "types": ["LEADS", "SUPPLIES"]},
        {"hops": 2, "path": ["Ann Lee", "Bolt Ltd", "Home Office"], "types": ["WORKS_FOR", "SUPPLIES"]},
    ]


def test_paths_between_unconnected_or_same_entities_find_nothing(loaded):
    loaded.load([{"id": "doc-alone", "entities": [{"type": "Company", "name": "Serco"}]}])
    assert run(loaded, "paths", source="Serco", target="Palantir") == []
    assert run(loaded, "paths", source="Palantir", target="Palantir Technologies") == []


# clients ---------------------------------------------------------------------
def test_clients(loaded):
    keys = ["company", "client", "client_label", "link", "status", "evidence"]
    assert run(loaded, "clients", company="Palantir Technologies") == [dict(zip(keys, row)) for row in [
        ("Palantir", "Metropolitan Police", "Agency", "contract", "blocked", 1),
        ("Palantir", "NHS England", "Agency", "SUPPLIES", None, 1),
        ("Palantir", "NHS England", "Agency", "contract", "awarded", 1),
        ("Palantir", "US Army", "Agency", "SUPPLIES", None, 1),
    ]]


def test_clients_of_a_non_company_is_empty(loaded):
    assert run(loaded, "clients", company="NHS England") == []


# founder-clients -------------------------------------------------------------
def founder_rows(person: str, role: str) -> list[dict]:
    keys = ["person", "role", "company", "client", "client_label", "link", "status"]
    return [dict(zip(keys, (person, role, "Palantir") + row)) for row in [
        ("Metropolitan Police", "Agency", "contract", "blocked"),
        ("NHS England", "Agency", "SUPPLIES", None),
        ("NHS England", "Agency", "contract", "awarded"),
        ("US Army", "Agency", "SUPPLIES", None),
    ]]


def test_founder_clients_of_everyone(loaded):
    assert run(loaded, "founder-clients") == founder_rows("Alex Karp", "LEADS") + founder_rows("Peter Thiel", "FOUNDED")


def test_founder_clients_of_one_person(loaded):
    assert run(loaded, "founder-clients", person="thiel") == founder_rows("Peter Thiel", "FOUNDED")
    assert run(loaded, "founder-clients", person="Sadiq Khan") == []


# contracts -------------------------------------------------------------------
MET_ROW = {"contract": MET_CONTRACT, "buyer": "Metropolitan Police", "supplier": "Palantir", "status": "blocked",
           "value": None, "currency": None, "blocked_by": ["Sadiq Khan"], "docs": 1}
NHS_ROW = {"contract": NHS_CONTRACT, "buyer": "NHS England", "supplier": "Palantir", "status": "awarded",
           "value": 330000000.0, "currency": "GBP", "blocked_by": [], "docs": 1}


@pytest.mark.parametrize("params, expected", [
    ({}, [MET_ROW, NHS_ROW]),
    ({"status": "blocked"}, [MET_ROW]),
    ({"status": "Awarded"}, [NHS_ROW]),
    ({"status": "active"}, []),
    ({"buyer": "the Met"}, [MET_ROW]),
    ({"supplier": "Palantir", "status": "awarded"}, [NHS_ROW]),
    ({"buyer": "US Army"}, []),
    ({"buyer": "NHS England", "supplier": "Met Police"}, []),
])
def test_contracts(loaded, params, expected):
    assert run(loaded, "contracts", **params) == expected


# errors and safety -----------------------------------------------------------
def test_available_queries():
    assert named.available() == ["clients", "contracts", "entity", "founder-clients", "paths", "profile", "timeline", "why"]
    for name in named.available():
        query = named.get(name)
        assert query.description and query.columns and query.text.startswith("// name: ")


def test_unknown_query_lists_the_available_ones(store):
    with pytest.raises(QueryError, match=r"Unknown query 'clinets'\. Available: clients, contracts, entity, founder-clients"):
        named.run(store, "clinets", {})


@pytest.mark.parametrize("name, params, message", [
    ("profile", {}, r"needs parameter 'entity'"),
    ("profile", {"entity": "Palantir", "limit": "many"}, r"'limit' must be a whole number, not 'many'"),
    ("profile", {"entity": "Palantir", "limit": "0"}, r"'limit' must be at least 1"),
    ("profile", {"entity": "Palantir", "colour": "red"}, r"no parameter 'colour'\. Parameters: entity, limit"),
    ("paths", {"source": "a", "target": "b", "max_hops": "11"}, r"'max_hops' must be at most 10"),
    ("contracts", {"status": "blok"}, r"'status' must be one of unknown, proposed, .*, not 'blok'"),
    ("profile", {"entity": "  '' "}, r"'entity' needs a name"),
])
def test_bad_parameters_are_refused(loaded, name, params, message):
    with pytest.raises(QueryError, match=message):
        named.run(loaded, name, params)


@pytest.mark.parametrize("header, message", [
    ("// name: q\n// description: d\n", r"lacks columns"),
    ("// name: q\n// description: d\n// columns: a\n// param: x (float) no", r"kinds are entity, int, str, status"),
    ("// name: q\n// description: d\n// columns: a\n// param: x (int, required, default 3) no", r"cannot have a default"),
    ("// name: q\n// description: d\n// columns: a\n// param: x (int, default many) no", r"whole number"),
    ("// name: q\n// description: d\n// columns: a\n// param: x (entity) a\n// param: x_norm (str) b", r"clash: x_norm"),
])
def test_bad_headers_are_refused(header, message):
    with pytest.raises(QueryError, match=message):
        named.parse(header + "RETURN 1")


def test_bind_casts_defaults_and_normalises():
    query = named.get("paths")
    assert named.bind(query, {"source": "The Met's", "target": "Palantir", "max_hops": "3"}) == {
        "source": "The Met's", "source_norm": "met", "target": "Palantir", "target_norm": "palantir",
        "max_hops": 3, "min_sources": 1, "as_of": None, "limit": 100}
    assert named.bind(named.get("contracts"), {"as_of": "2020-02"}) == {
        "buyer": None, "buyer_norm": None, "supplier": None, "supplier_norm": None, "status": None,
        "min_sources": 1, "as_of": "2020-02-01", "limit": 100}


@pytest.mark.parametrize("evil", ["x' }) RETURN 1 //", 'x" }) MATCH (n) DETACH DELETE n //', "$entity_norm"])
def test_injection_strings_are_just_names(loaded, evil):
    assert run(loaded, "profile", entity=evil) == []
    assert run(loaded, "contracts", buyer=evil) == []
    assert run(loaded, "paths", source=evil, target="Palantir") == []
    assert len(run(loaded, "contracts")) == 2  # nothing was deleted
