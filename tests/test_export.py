"""`newsgraph export --format neo4j-admin`: the CSVs Neo4j's bulk importer reads, and a real import."""
from __future__ import annotations

import csv
import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.export_csv import ARRAY_DELIMITER, finish_import, write_neo4j_admin
from graph.store import open_store
from newsgraph.cli import cli

REPO = Path(__file__).resolve().parent.parent
LAUNCHER = REPO / "scripts" / "neo4j" / "target"


def ev(doc: str, sentence: str, conf: float = 0.85) -> dict:
    return {"doc": doc, "sentence": sentence, "start": 0, "end": len(sentence), "extractor": "test", "confidence": conf}


# Values that trip CSV writers: commas, quotes, semicolons (neo4j-admin's default
# array delimiter), a line break inside evidence, non-ASCII, empty lists, nulls.
RECORDS = [
    {"id": "a", "meta": {"sha256": "aa"},
     "entities": [
         {"type": "Person", "name": "Peter Thiel", "aliases": ["Thiel", "Mr. Thiel; investor"]},
         {"type": "Company", "name": 'Palantir "PLTR", Inc.', "aliases": []},
         {"type": "Agency", "name": "Metropolitan Police", "aliases": ["Met Police", "the Met"]},
         {"type": "Person", "name": "Sadiq Khan", "aliases": []},
     ],
     "relations": [{"type": "FOUNDED", "source": "Peter Thiel", "target": 'Palantir "PLTR", Inc.',
                    "evidence": [ev("a", 'Palantir, "co-founded"; by Thiel\nin 2003 – €1m.')]}],
     "contracts": [{"buyer": "Metropolitan Police", "supplier": 'Palantir "PLTR", Inc.', "status": "blocked",
                    "blocked_by": ["Sadiq Khan"], "value": None, "currency": None,
                    "evidence": [ev("a", "Khan halted the Met's deal.")]}]},
    {"id": "b", "meta": {"sha256": "bb"},
     "entities": [
         {"type": "Company", "name": "Palantir", "aliases": ['Palantir "PLTR", Inc.']},
         {"type": "Agency", "name": "NHS England", "aliases": []},
     ],
     "relations": [],
     "contracts": [{"buyer": "NHS England", "supplier": "Palantir", "status": "awarded",
                    "blocked_by": [], "value": 330_000_000, "currency": "GBP",
                    "evidence": [ev("b", "NHS England picked Palantir for £330m.")]}]},
]

NODE_HEADER = ["key:ID(Entity)", ":LABEL", "name", "label", "aliases:string[]", "norm_aliases:string[]",
               "doc_ids:string[]"]
CONTRACT_HEADER = NODE_HEADER + ["status", "status_rank:long", "value:double", "currency", "description"]
EDGE_HEADER = [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "evidence:string[]", "doc_ids:string[]",
               "confidence:double", "support_docs:string[]", "contra_docs:string[]", "sources:string[]",
               "seen:string[]", "from_dates:string[]", "to_dates:string[]", "doc_count:long", "contra_count:long",
               "source_count:long", "first_seen", "last_seen", "valid_from", "valid_to"]


@pytest.fixture
def exported(tmp_path):
    source = tmp_path / "records.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    out = tmp_path / "import"
    result = CliRunner().invoke(cli, ["export", str(source), "--format", "neo4j-admin", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "neo4j-admin database import full" in result.output
    return out


@pytest.fixture
def embedded_graph(tmp_path):
    store = open_store("embedded", path=tmp_path / "store")
    store.load(RECORDS)
    return store.export()


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    return header, rows


def _typed(header: list[str], row: list[str]) -> dict:
    """A CSV row read the way neo4j-admin reads it: typed columns, empty = no property."""
    out = {}
    for column, cell in zip(header, row):
        name, _, kind = column.partition(":")
        if not name or cell == "" and not kind.endswith("[]"):
            continue
        if kind.endswith("[]"):
            out[name] = cell.split(ARRAY_DELIMITER) if cell else []
        elif kind in ("long", "int"):
            out[name] = int(cell)
        elif kind == "double":
            out[name] = float(cell)
        else:
            out[name] = cell
    return out


def test_headers_are_the_documented_format(exported):
    assert sorted(p.name for p in exported.iterdir()) == [
        "after-import.cypher", "nodes_agency.csv", "nodes_alias.csv", "nodes_company.csv", "nodes_contract.csv",
        "nodes_document.csv", "nodes_person.csv", "relationships.csv"]
    for label in ("person", "company", "agency"):
        assert _rows(exported / f"nodes_{label}.csv")[0] == NODE_HEADER
    assert _rows(exported / "nodes_contract.csv")[0] == CONTRACT_HEADER
    assert _rows(exported / "relationships.csv")[0] == EDGE_HEADER
    assert _rows(exported / "nodes_document.csv") == (["id:ID(Document)", ":LABEL", "sha256"],
                                                       [["a", "Document", "aa"], ["b", "Document", "bb"]])
    header, aliases = _rows(exported / "nodes_alias.csv")
    assert header == ["id:ID(Alias)", ":LABEL", "key"] and ["Company|palantir", "Alias", "Company:palantir pltr"] in aliases


def test_csvs_hold_the_graph_a_load_builds(exported, embedded_graph):
    nodes = {}
    for label in ("person", "company", "agency", "contract"):
        header, rows = _rows(exported / f"nodes_{label}.csv")
        for row in rows:
            props = _typed(header, row)
            nodes[props["key"]] = props
    assert set(nodes) == set(embedded_graph.nodes)
    for key, attrs in embedded_graph.nodes(data=True):
        expected = {k: v for k, v in attrs.items() if v is not None}
        assert {k: sorted(v) if isinstance(v, list) else v for k, v in nodes[key].items()} == expected, key
    header, rows = _rows(exported / "relationships.csv")
    edges = {(r[0], r[2], r[1]): _typed(header, r) for r in rows}
    assert len(edges) == embedded_graph.number_of_edges()
    for u, v, k, attrs in embedded_graph.edges(keys=True, data=True):
        got = edges[(u, k, v)]
        assert [json.loads(e) for e in got["evidence"]] == attrs["evidence"]
        expected = {name: value for name, value in attrs.items()
                    if name not in ("evidence", "source", "target", "type") and value is not None}
        assert {name: value for name, value in got.items() if name != "evidence"} == expected


def test_export_needs_existing_files(tmp_path):
    result = CliRunner().invoke(cli, ["export", str(tmp_path / "none.jsonl"), "-o", str(tmp_path / "out")])
    assert result.exit_code != 0 and "does not exist" in result.output


def test_bad_record_exports_nothing(tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text(json.dumps(RECORDS[0]) + "\n{not json\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "bad.jsonl:2" in result.output
    assert not (tmp_path / "out").exists()


# --- a real bulk import ---------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.neo4j
@pytest.mark.skipif(not (LAUNCHER / ".built").exists() or shutil.which("bash") is None,
                    reason="the Neo4j launcher is not built (make neo4j)")
def test_neo4j_admin_imports_the_csvs(tmp_path, embedded_graph):
    """The importer reads the files, and the imported database is the one a load builds."""
    out = write_neo4j_admin(RECORDS, tmp_path / "import")
    home = tmp_path / "neo4j-home"
    env = dict(os.environ, NEWSGRAPH_NEO4J_HOME=str(home), NEO4J_BOLT_PORT=str(_free_port()),
               NEO4J_PASSWORD="newsgraph", NEO4J_HEAP="512m", NEO4J_PAGECACHE="64m")
    done = subprocess.run(["bash", str(REPO / "scripts" / "neo4j-admin.sh"), *out.import_args()],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "IMPORT DONE" in done.stdout
    started = subprocess.run(["bash", str(REPO / "scripts" / "neo4j.sh"), "start"], env=env,
                             capture_output=True, text=True, timeout=300)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        store = open_store("neo4j", uri=f"bolt://127.0.0.1:{env['NEO4J_BOLT_PORT']}", password="newsgraph")
        try:
            finish_import(store)
            imported = store.export()
            assert sorted(imported.nodes(data=True)) == sorted(embedded_graph.nodes(data=True))
            assert sorted(imported.edges(keys=True, data=True)) == sorted(embedded_graph.edges(keys=True, data=True))
            store.load(RECORDS)  # a later load merges into the imported graph: nothing changes
            again = store.export()
            assert sorted(again.nodes(data=True)) == sorted(embedded_graph.nodes(data=True))
            assert store.counts()["Document"] == 2
        finally:
            store.close()
    finally:
        subprocess.run(["bash", str(REPO / "scripts" / "neo4j.sh"), "stop"], env=env,
                       capture_output=True, text=True, timeout=120)
