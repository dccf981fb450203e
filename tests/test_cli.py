"""The command line as a user meets it: the main job, and bad input of every kind."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli

from conftest import DATA, neo4j_settings

CORPUS = DATA / "corpus"


def invoke(*args: str, **kwargs):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)
    return result


def one_line_error(result) -> str:
    """A failed command: non-zero exit, one line that starts with Error:, no traceback."""
    assert result.exit_code != 0, result.output
    text = result.output  # stdout and stderr as the user sees them
    assert "Traceback" not in text
    errors = [line for line in text.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, text
    return errors[0]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The sample corpus extracted once and loaded into an embedded store."""
    root = tmp_path_factory.mktemp("cli")
    out = root / "out.jsonl"
    result = invoke("run", CORPUS, "--path", root / "store", "-o", out, "--silent")
    assert result.exit_code == 0, result.output
    return root


def store_bytes(root: Path) -> bytes:
    return (root / "store" / "graph.json").read_bytes()


def test_extract_writes_one_gold_shaped_line_per_document(loaded):
    lines = (loaded / "out.jsonl").read_text().splitlines()
    assert len(lines) == len(list(CORPUS.glob("*.txt")))
    record = next(json.loads(line) for line in lines if json.loads(line)["id"] == "met-palantir-khan")
    assert {"id", "text", "entities", "relations", "contracts"} <= set(record)
    for relation in record["relations"]:
        for ev in relation["evidence"]:
            assert ev["doc"] == "met-palantir-khan"
            assert record["text"][ev["start"]:ev["end"]] == ev["sentence"]
            assert ev["extractor"] and 0 < ev["confidence"] <= 1


def test_the_headline_chain_founder_firm_agency(loaded):
    result = invoke("query", "founder-clients", "--path", loaded / "store", "-p", "person=Peter Thiel", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    palantir = [r for r in rows if r["company"] == "Palantir" and r["client_label"] == "Agency"]
    assert palantir, rows
    statuses = {r["client"]: r["status"] for r in palantir if r["link"] == "contract"}
    assert statuses.get("Metropolitan Police") == "blocked"


def test_loading_the_same_file_twice_changes_nothing(loaded, tmp_path):
    store = tmp_path / "again"
    assert invoke("load", loaded / "out.jsonl", "--path", store).exit_code == 0
    first = (store / "graph.json").read_bytes()
    assert invoke("load", loaded / "out.jsonl", "--path", store).exit_code == 0
    assert (store / "graph.json").read_bytes() == first


def test_query_formats(loaded):
    csv = invoke("query", "contracts", "--path", loaded / "store", "-p", "supplier=Palantir", "--csv").output
    assert csv.splitlines()[0].startswith("contract,buyer,supplier,status")
    table = invoke("query", "contracts", "--path", loaded / "store", "-p", "supplier=Palantir").output
    assert "Metropolitan Police" in table and "blocked" in table


def test_show_writes_an_offline_page(loaded, tmp_path):
    page = tmp_path / "thiel.html"
    result = invoke("show", "Peter Thiel", "--depth", "2", "--path", loaded / "store", "-o", page)
    assert result.exit_code == 0, result.output
    html = page.read_text()
    assert "Palantir" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "the page must not fetch anything"


def test_unknown_entity_suggests_names(loaded, tmp_path):
    line = one_line_error(invoke("show", "Peter Thiell", "--path", loaded / "store", "-o", tmp_path / "x.html"))
    assert "Peter Thiel" in line


def test_unknown_query_lists_the_available_ones(loaded):
    line = one_line_error(invoke("query", "clinets", "--path", loaded / "store"))
    assert "clients" in line and "founder-clients" in line


@pytest.mark.parametrize("content, expected", [
    (b"", "empty"),
    (bytes(range(256)) * 64, "binary"),
])
def test_bad_files_give_one_line_and_leave_the_store_alone(loaded, tmp_path, content, expected):
    store = tmp_path / "store"
    shutil.copytree(loaded / "store", store)
    before = (store / "graph.json").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    line = one_line_error(invoke("run", bad, "--path", store, "--silent"))
    assert expected in line
    assert (store / "graph.json").read_bytes() == before


def test_a_missing_path(loaded):
    line = one_line_error(invoke("extract", "/no/such/folder", "-o", "-"))
    assert "no such file" in line


def test_non_utf8_text_is_read(tmp_path):
    path = tmp_path / "cp1252.txt"
    path.write_bytes("Palantir, co-founded by Peter Thiel, won a \u00a3330m contract from NHS England.".encode("cp1252"))
    result = invoke("extract", path, "-o", tmp_path / "out.jsonl", "--silent")
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "out.jsonl").read_text())
    assert "Peter Thiel" in {e["name"] for e in record["entities"]}


def test_a_malformed_extraction_file_loads_nothing(loaded, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(loaded / "store", store)
    before = (store / "graph.json").read_bytes()
    bad = tmp_path / "bad.jsonl"
    good = (loaded / "out.jsonl").read_text().splitlines()[0]
    bad.write_text(good + "\n{not json\n")
    line = one_line_error(invoke("load", bad, "--path", store))
    assert "bad.jsonl:2" in line
    assert (store / "graph.json").read_bytes() == before
    assert invoke("load", bad, "--path", store, "--skip-bad").exit_code == 0


def test_cypher_needs_neo4j(loaded):
    line = one_line_error(invoke("cypher", "MATCH (n) RETURN n", "--path", loaded / "store"))
    assert "needs Neo4j" in line


def test_a_dead_neo4j_gives_one_line():
    line = one_line_error(invoke("stats", "--store", "neo4j", "--neo4j-uri", "bolt://127.0.0.1:1",
                                 "--neo4j-password", "secret-password-123"))
    assert "Cannot reach Neo4j at bolt://127.0.0.1:1" in line
    assert "secret-password-123" not in line


def test_every_command_has_help_with_an_example():
    for name, command in cli.commands.items():
        assert command.help and "Example:" in command.help, name
        assert invoke(name, "--help").exit_code == 0


@pytest.mark.neo4j
def test_neo4j_run_query_and_cypher(neo4j_store, tmp_path):
    settings = neo4j_settings()
    opts = ["--store", "neo4j", "--neo4j-uri", settings["uri"], "--neo4j-password", settings["password"]]
    result = invoke("run", CORPUS / "met-palantir-khan.txt", *opts, "--silent")
    assert result.exit_code == 0, result.output
    counts = neo4j_store.counts()
    rows = json.loads(invoke("query", "contracts", *opts, "-p", "buyer=Met Police", "--json").output)
    assert [(r["supplier"], r["status"]) for r in rows] == [("Palantir", "blocked")]
    found = json.loads(invoke("cypher", "MATCH (p:Person)-[:FOUNDED]->(c {name: $firm}) RETURN p.name AS founder",
                              *opts, "-p", "firm=Palantir", "--json").output)
    assert {"founder": "Peter Thiel"} in found
    # A syntax error and a write in read mode: one line each, nothing changed.
    assert "Neo4j refused the query" in one_line_error(invoke("cypher", "MATCH (n RETURN n", *opts))
    line = one_line_error(invoke("cypher", "MATCH (n:Person) DETACH DELETE n", *opts))
    assert "read-only" in line
    assert neo4j_store.counts() == counts
    assert invoke("run", CORPUS / "met-palantir-khan.txt", *opts, "--silent").exit_code == 0
    assert neo4j_store.counts() == counts, "a second run of the same text changes nothing"
    assert invoke("cypher", "MATCH (n:Person {name: 'Peter Thiel'}) SET n.checked = true", *opts, "--write").exit_code == 0
