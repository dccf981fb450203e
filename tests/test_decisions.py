"""The analyst's decisions: merge, not-same, split and undo hold across reloads, on both stores."""
from __future__ import annotations

import json
import shutil

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.decisions import DecisionError, DecisionLog, Judgements, apply
from graph.store import open_store
from newsgraph.cli import cli

from conftest import DATA, neo4j_settings, wipe

CORPUS = DATA / "corpus"


def ev(doc: str, sentence: str, **extra) -> list[dict]:
    return [{"sentence": sentence, "start": 0, "end": len(sentence), "extractor": "test", "confidence": 0.9, **extra}]


RECORDS = [
    {"id": "d1", "entities": [{"type": "Person", "name": "Alex Karp"}, {"type": "Company", "name": "Palantir"}],
     "relations": [{"type": "LEADS", "source": "Alex Karp", "target": "Palantir",
                    "evidence": ev("d1", "Alex Karp runs Palantir.")}]},
    {"id": "d2", "entities": [{"type": "Person", "name": "Alexander Karp"},
                              {"type": "Company", "name": "Palantir Technologies", "aliases": ["Palantir"]}],
     "relations": [{"type": "FOUNDED", "source": "Alexander Karp", "target": "Palantir Technologies",
                    "evidence": ev("d2", "Alexander Karp co-founded Palantir Technologies.")}]},
    {"id": "d3", "entities": [{"type": "Person", "name": "Alexander Karp"}, {"type": "Agency", "name": "NHS England"}],
     "relations": [{"type": "WORKS_FOR", "source": "Alexander Karp", "target": "NHS England",
                    "evidence": ev("d3", "Alexander Karp advised NHS England.")}]},
]


def names(store, label: str) -> list[str]:
    graph = store.export()
    return sorted(a["name"] for _, a in graph.nodes(data=True) if a["label"] == label)


def canonical(graph: nx.MultiDiGraph) -> tuple:
    nodes = sorted((k, a["name"], tuple(a["aliases"]), tuple(a["doc_ids"])) for k, a in graph.nodes(data=True))
    edges = sorted((u, t, v, json.dumps(a["evidence"], sort_keys=True)) for u, v, t, a in graph.edges(keys=True, data=True))
    return nodes, edges


def load(store, log: DecisionLog, records) -> None:
    apply(store, log)
    store.load(records, judgements=log.judgements())


def test_a_merge_holds_across_reloads_and_in_a_new_store(store, tmp_path):
    log = DecisionLog(tmp_path / "decisions.jsonl")
    load(store, log, RECORDS)
    assert names(store, "Person") == ["Alex Karp", "Alexander Karp"]
    d = log.record("merge", "Person", "Alex Karp", "Alexander Karp", ["Alex Karp"], ["Alexander Karp"], "same CEO")
    assert apply(store, log) == 3  # the documents naming either form are resolved again
    graph = store.export()
    karp = graph.nodes["Person:alex karp"]
    assert names(store, "Person") == ["Alex Karp"] and karp["aliases"] == ["Alexander Karp"]
    assert {t for _, _, t in graph.out_edges("Person:alex karp", keys=True)} == {"LEADS", "FOUNDED", "WORKS_FOR"}
    before = canonical(graph)
    # A rerun of the same documents, and a new one that names only the merged-away form.
    load(store, log, RECORDS)
    assert canonical(store.export()) == before
    load(store, log, [{"id": "d4", "entities": [{"type": "Person", "name": "Alexander Karp"},
                                                {"type": "Company", "name": "Palantir"}],
                       "relations": [{"type": "OWNS", "source": "Alexander Karp", "target": "Palantir",
                                      "evidence": ev("d4", "Alexander Karp holds Palantir shares.")}]}])
    assert names(store, "Person") == ["Alex Karp"]
    # The decision, who made it and why, is in the file; a new store built from scratch agrees.
    assert json.loads((tmp_path / "decisions.jsonl").read_text())["why"] == "same CEO" and d.who
    fresh = open_store("embedded", path=tmp_path / "fresh")
    for order in (RECORDS, list(reversed(RECORDS))):
        other = open_store("embedded", path=tmp_path / f"fresh-{order[0]['id']}")
        load(other, log, order)
        assert names(other, "Person") == ["Alex Karp"]
    fresh.close()


def test_not_same_blocks_the_automatic_merge_and_undo_restores_it(store, tmp_path):
    log = DecisionLog(tmp_path / "decisions.jsonl")
    load(store, log, RECORDS)
    # The resolver merged "Palantir" (d1) into the firm d2 calls "Palantir Technologies", alias "Palantir".
    assert names(store, "Company") == ["Palantir"]
    d = log.record("split", "Company", "Palantir Technologies", "Palantir", ["Palantir Technologies"], ["Palantir"])
    apply(store, log)
    assert names(store, "Company") == ["Palantir", "Palantir Technologies"]
    graph = store.export()
    assert "Palantir" not in graph.nodes["Company:palantir technologies"]["aliases"]
    load(store, log, RECORDS)  # a rerun keeps them apart
    assert names(store, "Company") == ["Palantir", "Palantir Technologies"]
    log.undo(d.id, "it is the same firm after all")
    apply(store, log)
    assert names(store, "Company") == ["Palantir"]


def test_judgements_are_transitive_and_contradictions_are_refused(tmp_path):
    log = DecisionLog(tmp_path / "d.jsonl")
    log.record("merge", "Person", "A One", "B Two", [], [])
    log.record("merge", "Person", "B Two", "C Three", [], [])
    judged = log.judgements()
    assert judged.canonical("Person", ["C Three"]) == "A One"  # A=B, B=C: A=C
    assert judged.merged_forms("Person", ["C Three"]) == ["A One", "B Two", "C Three"]
    log.record("not-same", "Person", "A One", "D Four", [], [])
    with pytest.raises(DecisionError, match="not the same"):
        log.record("merge", "Person", "C Three", "D Four", [], [])  # A≠D, A=C: C≠D
    with pytest.raises(DecisionError, match="merged by a decision"):
        log.record("not-same", "Person", "A One", "C Three", [], [])
    assert log.judgements().apart("Person", "C Three", "D Four")
    with pytest.raises(DecisionError, match="No decision"):
        log.undo("d99")
    first = log.read()[0]
    log.undo(first.id)
    assert log.judgements().canonical("Person", ["C Three"]) == "B Two"  # only B=C is left
    assert Judgements([]).version != log.judgements().version


def cli_args(kind: str, tmp_path) -> list[str]:
    return ["--path", str(tmp_path / "store")] + (["--store", "neo4j"] if kind == "neo4j" else [])


INTERVIEW = """Former privacy watchdog warns police over facial recognition
Dan Therrien, who led the Office of the Privacy Commissioner of Canada until 2022, said police forces still buy \
facial recognition tools without proper checks.
In an interview, Therrien said the Royal Canadian Mounted Police had learned from the Clearview AI case, but that \
other forces had not.
"""


@pytest.mark.parametrize("kind", ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def test_a_merge_survives_a_rerun_of_the_whole_corpus(kind, tmp_path, request):
    if kind == "neo4j":
        wipe(request.getfixturevalue("neo4j_session_store"))
    # The corpus, and one more article that calls the privacy commissioner by his short first name.
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "therrien-interview.txt").write_text(INTERVIEW, encoding="utf-8")
    run = CliRunner().invoke
    args = cli_args(kind, tmp_path)
    assert run(cli, ["run", str(corpus), "--silent", *args]).exit_code == 0
    review = run(cli, ["review", "--json", "--label", "Person", *args])
    pairs = [(r["a"], r["b"]) for r in json.loads(review.output)]
    assert ("Dan Therrien", "Daniel Therrien") in pairs  # the resolver keeps them apart
    merged = run(cli, ["merge", "Daniel Therrien", "Dan Therrien", "--why", "same commissioner", *args])
    assert merged.exit_code == 0, merged.output
    before = json.loads(run(cli, ["query", "entity", "-p", "name=Dan Therrien", "--json", *args]).output)
    assert [(r["name"], r["documents"]) for r in before] == [("Daniel Therrien", 2)]
    assert run(cli, ["run", str(corpus), "--silent", *args]).exit_code == 0
    after = json.loads(run(cli, ["query", "entity", "-p", "name=Dan Therrien", "--json", *args]).output)
    assert after == before
    review = run(cli, ["review", "--json", "--label", "Person", *args])
    assert ("Dan Therrien", "Daniel Therrien") not in [(r["a"], r["b"]) for r in json.loads(review.output)]
    listed = run(cli, ["decisions", "--json", *args])
    assert json.loads(listed.output)[0]["state"] == "in force"


def test_workbench_errors_are_one_line(tmp_path):
    run = CliRunner().invoke
    args = cli_args("embedded", tmp_path)
    assert run(cli, ["load", str(DATA / "gold" / "sample.jsonl"), *args]).exit_code == 0
    (tmp_path / "blocked").write_text("a file where a folder should be")
    for command in (["merge", "Nobody Here", "Palantir"], ["merge", "Palantir", "Palantir Technologies"],
                    ["undo", "d7"], ["split", "Palantir", "--alias", "Not An Alias"],
                    ["timeline", "Nobody Here"], ["why", "Palantir", "Nobody Here"],
                    ["export", "--format", "gexf", "-o", str(tmp_path / "blocked" / "g.gexf")],
                    ["export", str(DATA / "gold" / "sample.jsonl"), "--format", "neo4j-admin",
                     "-o", str(tmp_path / "blocked" / "csv")]):
        result = run(cli, [*command, *args])
        assert result.exit_code != 0 and "Traceback" not in result.output
        assert [line for line in result.output.splitlines() if line.startswith("Error:")], result.output


def test_split_and_not_same_from_the_command_line(tmp_path):
    run = CliRunner().invoke
    args = cli_args("embedded", tmp_path)
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join(json.dumps(r) for r in RECORDS))
    assert run(cli, ["load", str(records), *args]).exit_code == 0

    def entities(name: str) -> list[str]:
        return [r["name"] for r in json.loads(run(cli, ["query", "entity", "-p", f"name={name}", "--json", *args]).output)]

    assert entities("Palantir Technologies") == ["Palantir"]  # folded in by the resolver
    result = run(cli, ["split", "Palantir", "--alias", "Palantir Technologies", "--why", "the foundation", *args])
    assert result.exit_code == 0, result.output
    assert entities("Palantir Technologies") == ["Palantir Technologies"]
    result = run(cli, ["not-same", "Alex Karp", "Alexander Karp", *args])
    assert result.exit_code == 0, result.output
    refused = run(cli, ["merge", "Alex Karp", "Alexander Karp", *args])
    assert refused.exit_code != 0 and "not the same" in refused.output
    assert run(cli, ["load", str(records), *args]).exit_code == 0  # a rerun keeps every judgement
    assert entities("Palantir Technologies") == ["Palantir Technologies"]
    assert entities("Alexander Karp") == ["Alexander Karp"] and entities("Alex Karp") == ["Alex Karp"]
    states = [d["state"] for d in json.loads(run(cli, ["decisions", "--json", *args]).output)]
    assert states == ["in force", "in force"]
