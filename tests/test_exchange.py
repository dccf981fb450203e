"""The graph in other tools: FollowTheMoney export and import, GraphML, GEXF and a Cypher script."""
from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from followthemoney import model
from followthemoney.util import make_entity_id

from extract.lexicon import data_dir, read_gazetteer
from graph.formats import cypher_literal, cypher_statements, flat_graph, graph_rows, rows_graph
from graph.ftm import listed_names, read_ftm, write_ftm
from graph.records import read_records, rows_of
from graph.schema import schema
from graph.store import open_store
from newsgraph.cli import cli

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = list(read_records(DATA / "gold" / "sample.jsonl", required=("id", "text")))


def ev(sentence: str, **extra) -> dict:
    return {"sentence": sentence, "start": 0, "end": len(sentence), "extractor": "test", "confidence": 0.85, **extra}


NASTY = 'Jo "JJ" O\'Neil\\Smith'
# Loaded in this order, which is not the order of their ids: the rebuilt records must still make
# the same nodes. "z-first" names the firm first, so "Orbweaver Analytics" is its name; the
# contract of "a-second" is named after "Orbweaver", the form that document used. Two governments
# share an alias; "ASI Data Science" has the name of another firm ("Faculty") as an alias.
TRICKY = [
    {"id": "z-first", "meta": {"publisher": "The Guardian", "published": "2023-11-21"},
     "entities": [{"type": "Company", "name": "Orbweaver Analytics", "aliases": ["Orbweaver"]},
                  {"type": "Person", "name": "Mara Quist", "aliases": ["Quist"]},
                  {"type": "Person", "name": NASTY, "aliases": ["O'Neil\r\nSmith; \"JJ\"\x0c"]}],
     "relations": [{"type": "LEADS", "source": "Mara Quist", "target": "Orbweaver Analytics",
                    "evidence": [ev("Quist, its chief executive since 2004, said so.", date="2004", date_kind="from")]},
                   {"type": "WORKS_FOR", "source": NASTY, "target": "Orbweaver Analytics",
                    "evidence": [ev('She said: "no"\nthen left; 100% \\ €1m \U0001F600.'),
                                 ev("Orbweaver denied she ever worked there.", negated=True)]}],
     "contracts": []},
    {"id": "a-second", "meta": {"source": "/news/ft/a-second.txt"},
     "entities": [{"type": "Company", "name": "Orbweaver", "aliases": ["Orbweaver Analytics"]},
                  {"type": "Agency", "name": "NHS England", "aliases": []}],
     "relations": [],
     "contracts": [{"buyer": "NHS England", "supplier": "Orbweaver", "status": "awarded", "value": 330_000_000,
                    "currency": "GBP", "blocked_by": [],
                    "evidence": [ev("NHS England awarded Orbweaver the £330m platform.", date="2023-11",
                                    date_kind="signed")]}]},
    {"id": "m-third", "meta": {"publisher": "BBC", "published": "2020-01-05"},
     "entities": [{"type": "Agency", "name": "Metropolitan Police", "aliases": ["Met Police", "the Met"]},
                  {"type": "Person", "name": "Sadiq Khan", "aliases": ["Khan"]},
                  {"type": "Company", "name": "Orbweaver", "aliases": []}],
     "relations": [],
     "contracts": [{"buyer": "Metropolitan Police", "supplier": "Orbweaver", "status": "blocked",
                    "blocked_by": ["Sadiq Khan"], "value": None, "currency": None,
                    "evidence": [ev("The Met's deal with Orbweaver.")],
                    "blocked_evidence": [ev("Khan halted it in 2020.", date="2020", date_kind="blocked")]}]},
    {"id": "c1-can", "entities": [{"type": "Agency", "name": "Canadian government", "aliases": ["Ottawa"]}]},
    {"id": "c2-aus", "entities": [{"type": "Agency", "name": "Australian government",
                                   "aliases": ["federal government", "Canberra"]}]},
    {"id": "c3-can", "entities": [{"type": "Agency", "name": "Canadian government",
                                   "aliases": ["Ottawa", "federal government"]}]},
    {"id": "f1-faculty", "entities": [{"type": "Company", "name": "Faculty", "aliases": []}]},
    {"id": "e2-asi", "entities": [{"type": "Company", "name": "ASI Data Science", "aliases": ["ASI", "Faculty AI"]}]},
    {"id": "e3-asi", "entities": [{"type": "Company", "name": "ASI Data Science", "aliases": ["ASI", "Faculty"]}]},
]
RECORDS = SAMPLE + TRICKY
EMBEDDED = ("--store", "embedded", "--path")  # whatever NEWSGRAPH_BACKEND says


def invoke(*args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args])


def one_line_error(result) -> str:
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    return errors[0]


def export_ftm(graph: nx.MultiDiGraph, path: Path) -> list[dict]:
    with open(path, "w", encoding="utf-8") as fh:
        write_ftm(graph, fh)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert sorted(a.nodes) == sorted(b.nodes)
    for key in a.nodes:
        assert a.nodes[key] == b.nodes[key], key
    assert sorted(a.edges(keys=True)) == sorted(b.edges(keys=True))
    for u, v, k in a.edges(keys=True):
        assert a.edges[u, v, k] == b.edges[u, v, k], (u, k, v)


@pytest.fixture
def loaded(store):
    """The parametrised store (embedded, or Neo4j), holding the sample set and the tricky records."""
    store.load(RECORDS)
    return store


# --- FollowTheMoney -------------------------------------------------------------------

def test_ftm_export_parses_with_the_library(loaded, tmp_path):
    entities = export_ftm(loaded.export(), tmp_path / "graph.ftm.json")
    ids = {e["id"] for e in entities}
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)  # re-cleaned and re-validated from scratch
        assert proxy.to_dict() == data, data["id"]
        assert proxy.schema.validate(data) is None
        assert all(proxy.has(prop) for prop in proxy.schema.required), data
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in ids, (data["schema"], prop.name)  # every reference is in the file
    schemata = {e["schema"] for e in entities}
    assert {"Article", "Person", "Company", "PublicBody", "Contract", "ContractAward", "Directorship",
            "Employment", "UnknownLink"} <= schemata
    by_id = {e["id"]: e for e in entities}
    quist = make_entity_id("newsgraph", "Person:mara quist", "LEADS", "Company:orbweaver analytics")
    leads = by_id[quist]["properties"]
    assert by_id[quist]["schema"] == "Directorship" and leads["role"] == ["head"]
    assert leads["description"] == ["Quist, its chief executive since 2004, said so."]
    assert leads["publisher"] == ["The Guardian"] and leads["startDate"] == ["2004-01-01"]
    assert leads["proof"] == [make_entity_id("newsgraph", "document", "z-first")]
    works = by_id[make_entity_id("newsgraph", f"Person:{'jo jj o neil smith'}", "WORKS_FOR",
                                 "Company:orbweaver analytics")]["properties"]
    assert "contradicted in 1: Orbweaver denied she ever worked there." in works["summary"][0]
    contract = by_id[make_entity_id("newsgraph", "Contract:Agency:nhs england|Company:orbweaver analytics")]
    assert contract["properties"]["authority"] == [make_entity_id("newsgraph", "Agency:nhs england")]
    assert contract["properties"]["status"] == ["awarded"] and contract["properties"]["currency"] == ["GBP"]


def test_ftm_export_is_the_same_every_time(tmp_path):
    paths = []
    for name in ("a", "b"):
        store = open_store("embedded", path=tmp_path / name)
        store.load(RECORDS)
        result = invoke("export", "--format", "ftm", "-o", tmp_path / f"{name}.json", *EMBEDDED, tmp_path / name)
        assert result.exit_code == 0, result.output
        paths.append(tmp_path / f"{name}.json")
    assert paths[0].read_bytes() == paths[1].read_bytes()
    node = next(json.loads(line) for line in paths[0].read_text().splitlines() if '"Person"' in line)
    key = json.loads(node["properties"]["indexText"][0].split(":", 2)[2])["node"]["key"]
    assert node["id"] == make_entity_id("newsgraph", key)


def test_ftm_round_trip_rebuilds_the_graph(loaded, tmp_path):
    """Export the store's graph as FtM, import it into an empty store: the same graph."""
    before = loaded.export()
    export_ftm(before, tmp_path / "graph.ftm.json")
    result = invoke("import", tmp_path / "graph.ftm.json", *EMBEDDED, tmp_path / "other")
    assert result.exit_code == 0, result.output
    same_graph(before, open_store("embedded", path=tmp_path / "other").export())


def test_ftm_import_into_the_store_and_again(store, tmp_path):
    """The import on both stores; a second import of the same file changes nothing."""
    source = open_store("embedded", path=tmp_path / "source")
    source.load(RECORDS)
    export_ftm(source.export(), tmp_path / "graph.ftm.json")
    found = read_ftm(tmp_path / "graph.ftm.json")
    assert sorted(r["id"] for r in found.records) == sorted(r["id"] for r in RECORDS)
    first = store.load(found.records)
    assert first.documents == len(RECORDS)
    same_graph(source.export(), store.export())
    again = store.load(read_ftm(tmp_path / "graph.ftm.json").records)
    assert (again.documents, again.skipped) == (0, len(RECORDS))
    same_graph(source.export(), store.export())


def _entity(schema_name: str, key: str, **props) -> dict:
    proxy = model.make_entity(schema_name)
    proxy.make_id("opensanctions-like", key)
    for prop, values in props.items():
        proxy.add(prop, values)
    return {**proxy.to_dict(), "datasets": ["test_registry"]}


def opensanctions_like() -> list[dict]:
    palantir = _entity("Company", "palantir", name="Palantir Technologies Inc.", jurisdiction="us")
    karp = _entity("Person", "karp", name="Alex Karp", alias="Alexander C. Karp")
    thiel = _entity("Person", "thiel", name="Peter Thiel")
    nhs = _entity("PublicBody", "nhs", name="NHS England")
    holding = _entity("LegalEntity", "holding", name="Some Holding")
    contract = _entity("Contract", "fdp", title="Federated Data Platform", authority=nhs["id"],
                       status="Active", amount="330000000", currency="GBP")
    return [
        palantir, karp, thiel, nhs, holding, contract,
        _entity("Directorship", "karp-ceo", director=karp["id"], organization=palantir["id"],
                role="Chief Executive Officer", startDate="2004"),
        _entity("Ownership", "thiel-stake", owner=thiel["id"], asset=palantir["id"], percentage="7",
                role="shareholder"),
        _entity("Ownership", "holding-stake", owner=holding["id"], asset=palantir["id"]),
        _entity("ContractAward", "fdp-award", contract=contract["id"], supplier=palantir["id"],
                amount="330000000", currency="GBP", date="2023-11-21"),
        _entity("UnknownLink", "friends", subject=karp["id"], object=thiel["id"], role="friend of"),
        _entity("Address", "addr", full="1200 17th Street, Denver"),
        _entity("Sanction", "sanction", entity=palantir["id"], program="none"),
        {"id": "future-1", "schema": "SomeFutureSchema", "properties": {"name": ["X"]}},
    ]


def write_lines(path: Path, items: list) -> Path:
    path.write_text("".join((json.dumps(i) if not isinstance(i, str) else i) + "\n" for i in items),
                    encoding="utf-8")
    return path


def test_ftm_import_merges_with_text_extracted_entities(store, nlp, tmp_path):
    from extract.run import extract_texts

    text = (DATA / "corpus" / "palantir-nhs-fdp.txt").read_text(encoding="utf-8")
    record = next(extract_texts(nlp, [("palantir-nhs-fdp", text, {})]))
    store.load([record])
    texts = store.export()
    assert "Company:palantir" in texts and "Agency:nhs england" in texts

    entities = opensanctions_like()
    gazetteer = read_gazetteer(data_dir() / "gazetteers")
    found = read_ftm(write_lines(tmp_path / "list.ftm.json", entities),
                     canonical=listed_names((e.label, e.name, e.aliases) for e in gazetteer))
    store.load(found.records)
    graph = store.export()
    ids = {e["schema"] + ":" + e["properties"].get("name", e["properties"].get("title", [""]))[0]: e["id"]
           for e in entities}
    firms = [k for k, a in graph.nodes(data=True) if a["label"] == "Company" and "palantir" in a["norm_aliases"]]
    assert firms == ["Company:palantir"]  # "Palantir Technologies Inc." is the text's Palantir
    palantir = graph.nodes["Company:palantir"]
    assert "Palantir Technologies Inc." in palantir["aliases"]
    assert {"palantir-nhs-fdp", f"ftm:{ids['Company:Palantir Technologies Inc.']}"} <= set(palantir["doc_ids"])
    leads = graph.edges["Person:alex karp", "Company:palantir", "LEADS"]
    assert f"ftm:{make_entity_id('opensanctions-like', 'karp-ceo')}" in leads["doc_ids"]
    assert "palantir-nhs-fdp" in leads["doc_ids"] and "Alexander C. Karp" in graph.nodes["Person:alex karp"]["aliases"]
    ftm_item = next(e for e in leads["evidence"] if e["doc"].startswith("ftm:"))
    assert ftm_item["extractor"] == "ftm:Directorship" and ftm_item["source"] == "test_registry"
    assert graph.has_edge("Person:peter thiel", "Company:palantir", "INVESTED_IN")  # a 7% stake
    contract = graph.nodes["Contract:Agency:nhs england|Company:palantir"]
    assert f"ftm:{make_entity_id('opensanctions-like', 'fdp-award')}" in contract["doc_ids"]
    assert "palantir-nhs-fdp" in contract["doc_ids"]
    assert not any("Some Holding" in a["name"] for _, a in graph.nodes(data=True))
    summary = found.summary()
    for left_out in ("1 Address", "1 Sanction", "1 SomeFutureSchema", "1 Ownership from a LegalEntity",
                     "1 UnknownLink (Person -> Person)"):
        assert left_out in summary, summary


def test_cli_import_reports_and_skips_unchanged(tmp_path):
    source = write_lines(tmp_path / "list.ftm.json", opensanctions_like())
    first = invoke("import", source, *EMBEDDED, tmp_path / "store")
    assert first.exit_code == 0, first.output
    assert "14 FtM entities -> 7 records" in first.output and "left out: 1 Address" in first.output
    assert "Loaded 7 documents" in first.output
    second = invoke("import", source, *EMBEDDED, tmp_path / "store")
    assert second.exit_code == 0 and "7 unchanged documents skipped" in second.output
    graph = open_store("embedded", path=tmp_path / "store").export()
    assert "Company:palantir" in graph  # named as the extractor names it (the gazetteer)


GOOD = json.dumps({"id": "p1", "schema": "Person", "properties": {"name": ["Ada Lovelace"]}})


@pytest.mark.parametrize("bad, reason", [
    ("{not json", "not JSON"),
    ("[1, 2]", "a JSON object with an 'id' and a 'schema'"),
    ('{"id": "x", "properties": {}}', "a JSON object with an 'id' and a 'schema'"),
    ('{"id": "x", "schema": "Person", "properties": {"name": "Bob"}}', "lists of text"),
    ('{"id": "x", "schema": "Person", "properties": {"name": ["A"], "indexText": ["newsgraph:1/2:{"]}}',
     "incomplete"),
    ('{"id": "x", "schema": "Person", "properties": {"name": ["A"], "indexText": ["newsgraph:1/1:{\\"node\\": 3}"]}}',
     "newsgraph node needs"),
    ("\udcff", "not UTF-8"),
])
def test_bad_ftm_lines_give_one_line_and_load_nothing(tmp_path, bad, reason):
    source = tmp_path / "bad.ftm.json"
    source.write_bytes((GOOD + "\n").encode() + (b"\xff\xfe\n" if bad == "\udcff" else (bad + "\n").encode()))
    line = one_line_error(invoke("import", source, *EMBEDDED, tmp_path / "store"))
    assert "bad.ftm.json:2: " in line and reason in line, line
    assert not (tmp_path / "store" / "graph.json").exists()
    skipped = invoke("import", source, *EMBEDDED, tmp_path / "store", "--skip-bad")
    assert skipped.exit_code == 0, skipped.output
    assert "skipped: " in skipped.output and "bad.ftm.json:2:" in skipped.output
    assert "Person:ada lovelace" in open_store("embedded", path=tmp_path / "store").export()


def test_a_file_with_nothing_to_load_is_an_error(tmp_path):
    source = write_lines(tmp_path / "x.ftm.json", [_entity("Address", "a", full="Somewhere"),
                                                   {"id": "y", "schema": "Unheard", "properties": {}}])
    line = one_line_error(invoke("import", source, *EMBEDDED, tmp_path / "store"))
    assert "no entities newsgraph can load" in line
    missing = one_line_error(invoke("import", tmp_path / "none.json", *EMBEDDED, tmp_path / "store"))
    assert "does not exist" in missing


# --- GraphML and GEXF -----------------------------------------------------------------

@pytest.fixture
def records_file(tmp_path) -> Path:
    return write_lines(tmp_path / "records.jsonl", RECORDS)


def _flat_edges(graph: nx.MultiDiGraph) -> dict:
    return {(u, v, d["label"]): {k: x for k, x in d.items() if k != "id"} for u, v, d in graph.edges(data=True)}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back(records_file, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    result = invoke("export", records_file, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    graph = rows_graph(rows_of(RECORDS))
    flat = flat_graph(graph)
    back = nx.read_graphml(out, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(out)
    assert (back.number_of_nodes(), back.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    for key, attrs in flat.nodes(data=True):
        got = {k: v for k, v in back.nodes[key].items() if k != "viz"}
        assert got == attrs, key
    assert back.nodes["Person:jo jj o neil smith"]["label"] == NASTY
    if fmt == "gexf":
        assert back.nodes["Agency:nhs england"]["viz"]["color"]["g"] == int(schema().labels["Agency"].color[3:5], 16)
    edges = _flat_edges(back)
    assert edges == _flat_edges(flat)
    for u, v, type_, attrs in graph.edges(keys=True, data=True):
        assert json.loads(edges[(u, v, type_)]["evidence"]) == attrs["evidence"]


# --- Cypher ---------------------------------------------------------------------------

class CypherReader:
    """Literal values of Cypher, read the way the Cypher manual defines them (strings with
    backslash escapes, numbers, booleans, null, lists and maps): an independent check."""

    ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}

    def __init__(self, text: str) -> None:
        self.text, self.at = text, 0

    def value(self):
        self.space()
        char = self.text[self.at]
        if char in "\"'":
            return self.string()
        if char == "[":
            return self.sequence("]", self.value)
        if char == "{":
            return dict(self.sequence("}", self.pair))
        for word, value in (("null", None), ("true", True), ("false", False)):
            if self.text.startswith(word, self.at):
                self.at += len(word)
                return value
        number = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?").match(self.text, self.at)
        self.at = number.end()
        return float(number.group()) if number.group(1) or number.group(2) else int(number.group())

    def space(self):
        while self.text[self.at] == " ":
            self.at += 1

    def string(self) -> str:
        quote, out = self.text[self.at], []
        self.at += 1
        while self.text[self.at] != quote:
            char = self.text[self.at]
            assert char not in "\n\r", "a raw line break inside a string literal"
            if char == "\\":
                code = self.text[self.at + 1]
                if code == "u":
                    out.append(chr(int(self.text[self.at + 2:self.at + 6], 16)))
                    self.at += 6
                    continue
                out.append(self.ESCAPES[code])
                self.at += 2
                continue
            out.append(char)
            self.at += 1
        self.at += 1
        return "".join(out).encode("utf-16", "surrogatepass").decode("utf-16")

    def pair(self):
        self.space()
        match = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|`(?:[^`]|``)*`").match(self.text, self.at)
        self.at = match.end()
        name = match.group().strip("`").replace("``", "`")
        self.space()
        assert self.text[self.at] == ":"
        self.at += 1
        return name, self.value()

    def sequence(self, close: str, item):
        self.at += 1
        out = []
        self.space()
        while self.text[self.at] != close:
            out.append(item())
            self.space()
            if self.text[self.at] == ",":
                self.at += 1
                self.space()
        self.at += 1
        return out


NASTY_VALUES = ['a"b', "c'd", "back\\slash", "ends with \\", "new\nline\r\n", "tab\t", "nul\x00", "\x1b[31m",
                "emoji \U0001F600", "line\u2028sep", "// not a comment", "x; MATCH (n) DETACH DELETE n; //",
                "\\u0041 stays", "`tick`", "", "naïve Ünïcödé"]


def test_cypher_literals_survive_nasty_values():
    for value in NASTY_VALUES:
        literal = cypher_literal(value)
        assert "\n" not in literal and "\r" not in literal
        assert CypherReader(literal).value() == value, value
    data = {"name": NASTY, "aliases": NASTY_VALUES, "value": 3.5e8, "rank": 3, "ok": True, "none": None,
            "odd key": 1}
    assert CypherReader(cypher_literal(data)).value() == data
    with pytest.raises(ValueError):
        cypher_literal(float("nan"))


UNWIND = re.compile(r"^UNWIND (.*) AS row (MERGE|MATCH) ")


def test_cypher_script_holds_the_graph(loaded, tmp_path):
    out = tmp_path / "graph.cypher"
    graph = loaded.export()
    rows = graph_rows(graph)
    with open(out, "w", encoding="utf-8") as fh:
        from graph.formats import write_cypher
        write_cypher(rows, fh)
    statements = [line for line in out.read_text(encoding="utf-8").split("\n") if line and not line.startswith("//")]
    assert all(s.endswith(";") for s in statements)  # one statement a line: cypher-shell splits them right
    labels, types = set(schema().labels), set(schema().relations)
    nodes, edges = {}, {}
    for statement in statements:
        match = UNWIND.match(statement)
        if not match:
            assert statement.startswith(("CREATE CONSTRAINT newsgraph_", "CREATE INDEX newsgraph_")), statement
            continue
        reader = CypherReader(match.group(1))
        batch = reader.value()
        assert reader.at == len(match.group(1))
        rest = statement[match.end(1):]
        used = re.findall(r"\((?:n|a|b):(\w+) ", rest) + re.findall(r"\[r:(\w+)\]", rest)
        assert set(used) <= labels | types | {"Alias", "Document"}, rest
        for row in batch:
            if "props" in row and "key" in row:
                nodes[row["key"]] = dict(row["props"], key=row["key"])
            elif "props" in row:
                edges[(row["source"], re.search(r"\[r:(\w+)\]", rest).group(1), row["target"])] = row["props"]
    assert nodes == {k: {p: v for p, v in n.items() if v is not None} for k, n in rows.nodes.items()}
    assert nodes["Person:jo jj o neil smith"]["name"] == NASTY
    assert len(edges) == graph.number_of_edges()
    for (u, type_, v), row in rows.edges.items():
        expected = {k: x for k, x in row.items() if k not in ("source", "target", "type") and x is not None}
        assert edges[(u, type_, v)] == expected


@pytest.mark.neo4j
def test_cypher_script_builds_the_graph_in_neo4j(neo4j_store, tmp_path):
    """The lead's check: run the script's statements on a real Neo4j; the graph a load makes."""
    embedded = open_store("embedded", path=tmp_path / "store")
    embedded.load(RECORDS)
    for statement in cypher_statements(graph_rows(embedded.export())):
        neo4j_store.cypher(statement.rstrip(";"), write=True)
    same_graph(embedded.export(), neo4j_store.export())
    neo4j_store.load(RECORDS)  # a later load merges into it as into a loaded graph
    same_graph(embedded.export(), neo4j_store.export())


# --- the export command ---------------------------------------------------------------

def test_export_from_the_store_in_every_format(tmp_path, records_file):
    assert invoke("load", records_file, *EMBEDDED, tmp_path / "store").exit_code == 0
    graph = open_store("embedded", path=tmp_path / "store").export()
    for fmt in ("ftm", "graphml", "gexf", "cypher"):
        result = invoke("export", "--format", fmt, "-o", tmp_path / f"out.{fmt}", *EMBEDDED, tmp_path / "store")
        assert result.exit_code == 0, result.output
        assert f"Wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} relationships" in result.output
    result = invoke("export", "-o", tmp_path / "csv", *EMBEDDED, tmp_path / "store")  # neo4j-admin: the default
    assert result.exit_code == 0 and "neo4j-admin database import full" in result.output
    contracts = (tmp_path / "csv" / "nodes_contract.csv").read_text(encoding="utf-8").splitlines()
    assert len(contracts) - 1 == sum(1 for _, a in graph.nodes(data=True) if a["label"] == "Contract")
    stdout = invoke("export", "--format", "ftm", "-o", "-", *EMBEDDED, tmp_path / "store")
    assert stdout.exit_code == 0
    lines = [json.loads(line) for line in stdout.output.splitlines()]
    assert lines == [json.loads(line) for line in (tmp_path / "out.ftm").read_text().splitlines()]


def test_export_errors_are_one_line(tmp_path, records_file):
    assert "holds no graph" in one_line_error(invoke("export", "--format", "ftm", "-o", tmp_path / "x.json",
                                                     *EMBEDDED, tmp_path / "empty"))
    assert not (tmp_path / "x.json").exists()
    (tmp_path / "file").write_text("")
    assert "name a folder" in one_line_error(invoke("export", records_file, "-o", tmp_path / "file"))
    assert "name a file" in one_line_error(invoke("export", records_file, "--format", "gexf", "-o", tmp_path))
    assert "name a file" in one_line_error(invoke("export", records_file, "--format", "ftm",
                                                  "-o", tmp_path / "missing" / "x.json"))
