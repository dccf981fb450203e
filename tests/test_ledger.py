"""The load ledger: reruns skip, changed documents replace, killed and concurrent loads end right.

The kill and concurrency tests run `newsgraph load` as real processes on a
generated extraction file, against the embedded store and the test Neo4j.
"""
from __future__ import annotations

import json
import logging
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from graph.store import open_store

from conftest import neo4j_settings, wipe
from test_stores import DOC_A, DOC_B, ev, snapshot

NEWSGRAPH = [sys.executable, "-m", "newsgraph.cli"]

PEOPLE = [f"{first} {last}" for first in ("Ada", "Ben", "Cleo", "Dev", "Eva", "Finn", "Gus", "Hana")
          for last in ("Abbott", "Brook", "Crane", "Drake", "Ellis", "Frost", "Grant")]
FIRMS = [f"{stem} {kind}" for stem in ("Acme", "Borealis", "Cobalt", "Dynamo", "Ember", "Fathom", "Granite",
                                       "Helix", "Ion", "Juniper") for kind in ("Analytics", "Systems", "Capital")]
AGENCIES = [f"{place} {body}" for place in ("Northshire", "Westmoor", "Eastvale", "Southport", "Midland")
            for body in ("Police", "Health Board", "Council", "Transport Authority")]
STATUSES = ["proposed", "awarded", "active", "ended", "cancelled", "blocked"]


def corpus(n: int, seed: int = 7, *, ambiguous: bool = True) -> list[dict]:
    """``n`` small extraction records that recombine a fixed cast.

    With ``ambiguous``, firms of one stem share it as an alias ("Acme" for Acme
    Analytics and Acme Systems), so which node a mention joins depends on
    what came before: a test of doing things in the same order. Without it,
    every entity has one name and aliases of its own, and a contract's value
    and currency belong to its pair, so the graph does not depend on the
    order documents are loaded in (the concurrency test).
    """
    rng = random.Random(seed)
    records = []
    for i in range(n):
        doc = f"gen-{i:05d}"
        people, firms, agencies = rng.sample(PEOPLE, 2), rng.sample(FIRMS, 2), rng.sample(AGENCIES, 1)
        entities = [{"type": "Person", "name": p, "aliases": [p.split()[1]] if rng.random() < 0.5 else []}
                    for p in people]
        entities += [{"type": "Company", "name": f, "aliases": [] if rng.random() < 0.5 else
                      [f.split()[0]] if ambiguous else ["".join(w[0] for w in f.split()) + " Group"]}
                     for f in firms]
        entities += [{"type": "Agency", "name": a, "aliases": [f"the {a}"] if rng.random() < 0.3 else []}
                     for a in agencies]

        def evidence(text: str) -> list[dict]:
            return [ev(doc, f"{text} ({doc}).", rng.choice([0.6, 0.75, 0.9]))]

        relations = [
            {"type": "FOUNDED", "source": people[0], "target": firms[0],
             "evidence": evidence(f"{people[0]} founded {firms[0]}")},
            {"type": rng.choice(["LEADS", "WORKS_FOR"]), "source": people[1], "target": rng.choice(firms + agencies),
             "evidence": evidence(f"{people[1]} works there")},
            {"type": "SUPPLIES", "source": firms[1], "target": agencies[0],
             "evidence": evidence(f"{firms[1]} serves {agencies[0]}")},
        ]
        contracts = []
        if rng.random() < 0.5:
            pair = FIRMS.index(firms[1]) * 100 + AGENCIES.index(agencies[0])
            contracts.append({"buyer": agencies[0], "supplier": firms[1], "status": rng.choice(STATUSES),
                              "blocked_by": [people[1]] if rng.random() < 0.2 else [],
                              "value": float(pair * 1000) if rng.random() < 0.5 else None,
                              "currency": "GBP" if pair % 2 else None,
                              "evidence": evidence(f"{agencies[0]} deal with {firms[1]}")})
        records.append({"id": doc, "text": "", "entities": entities, "relations": relations,
                        "contracts": contracts, "meta": {"sha256": f"{i:064x}"}})
    return records


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def newsgraph(*args: object) -> list[str]:
    script = Path(sys.executable).with_name("newsgraph")
    return [str(script)] if script.exists() else NEWSGRAPH


def neo4j_env() -> dict:
    settings = neo4j_settings()
    return dict(os.environ, NEO4J_URI=settings["uri"], NEO4J_USER=settings["user"],
                NEO4J_PASSWORD=settings["password"], NEWSGRAPH_BACKEND="neo4j")


def load_command(path: Path, store_args: list[str], batch_size: int) -> list[str]:
    return [*newsgraph(), "load", str(path), "--batch-size", str(batch_size), "--silent", *store_args]


def afresh(store):
    """The store as another process left it (the embedded store caches what it read)."""
    if store.kind == "embedded":
        store.close()
    return store


def ledger_ids(store) -> list[str]:
    if store.kind == "embedded":
        return sorted(afresh(store).graph.graph.get("documents", {}))
    return sorted(row["id"] for row in store.cypher("MATCH (d:Document) RETURN d.id AS id"))


def reference(records: list[dict], folder: Path) -> tuple:
    """The graph a clean load of ``records`` makes: both stores make the same one, in
    batches of any size (here one batch, the fastest)."""
    store = open_store("embedded", path=folder)
    store.load(records, batch_size=len(records) or 1)
    return snapshot(store)


# --- rerun, change -----------------------------------------------------------------------------

def test_a_rerun_skips_what_the_ledger_holds(store):
    first = store.load([DOC_A, DOC_B])
    assert (first.documents, first.skipped) == (2, 0)
    before = snapshot(store)
    again = store.load([DOC_A, DOC_B])
    assert (again.documents, again.skipped, again.nodes, again.edges) == (0, 2, 0, 0)
    assert "2 unchanged documents skipped" in str(again)
    assert snapshot(store) == before


DOC_B2 = {  # DOC_B rewritten: no blocking, no Khan, a new investor
    "id": "b",
    "entities": [
        {"type": "Person", "name": "Peter Thiel", "aliases": []},
        {"type": "Company", "name": "Palantir", "aliases": []},
        {"type": "Company", "name": "Founders Fund", "aliases": ["FF"]},
        {"type": "Agency", "name": "Metropolitan Police", "aliases": []},
    ],
    "relations": [{"type": "INVESTED_IN", "source": "Founders Fund", "target": "Palantir",
                   "evidence": [ev("b", "Founders Fund backed Palantir.", 0.7)]}],
    "contracts": [{"buyer": "Metropolitan Police", "supplier": "Palantir", "status": "proposed",
                   "blocked_by": [], "value": 5e6, "currency": None,
                   "evidence": [ev("b", "The Met may still buy Palantir software.")]}],
}


def test_a_changed_document_replaces_its_old_evidence(store, tmp_path):
    store.load([DOC_A, DOC_B])
    stats = store.load([DOC_A, DOC_B2])
    assert (stats.documents, stats.replaced, stats.skipped) == (1, 1, 1)
    assert snapshot(store) == reference([DOC_A, DOC_B2], tmp_path / "clean")
    graph = store.export()
    sentences = {e["sentence"] for _, _, a in graph.edges(data=True) for e in a["evidence"]}
    assert "Thiel founded Palantir in 2003." not in sentences  # B's old FOUNDED evidence
    assert "Founders Fund backed Palantir." in sentences
    assert "Person:sadiq khan" in graph  # still named by A
    assert graph.nodes["Person:sadiq khan"]["doc_ids"] == ["a"] and graph.nodes["Person:sadiq khan"]["aliases"] == []
    assert graph.nodes["Person:peter thiel"]["aliases"] == ["Thiel"]  # B's "Mr Thiel" went with it
    contract = next(a for _, a in graph.nodes(data=True) if a["label"] == "Contract")
    assert contract["status"] == "proposed" and contract["value"] == 5e6  # B's "blocked" was withdrawn
    assert not [k for _, _, k in graph.edges(keys=True) if k == "BLOCKED"]
    founded = next(a for _, _, k, a in graph.edges(keys=True, data=True) if k == "FOUNDED")
    assert founded["doc_ids"] == ["a"] and founded["confidence"] == pytest.approx(0.85)


def test_withdrawing_the_only_document_leaves_nothing_of_it(store):
    store.load([DOC_B])
    store.load([{"id": "b", "entities": [{"type": "Company", "name": "Serco", "aliases": []}]}])
    graph = store.export()
    assert sorted(graph.nodes) == ["Company:serco"] and graph.number_of_edges() == 0
    # The aliases of the deleted nodes went too: a new "Met" is a new agency, not a ghost.
    store.load([{"id": "c", "entities": [{"type": "Agency", "name": "The Met", "aliases": []}]}])
    assert "Agency:met" in store.export()


def test_a_document_named_twice_in_one_load_keeps_the_later_version(store, tmp_path):
    stats = store.load([DOC_A, DOC_B, DOC_B2], batch_size=200)
    assert (stats.documents, stats.replaced) == (3, 1)
    assert snapshot(store) == reference([DOC_A, DOC_B2], tmp_path / "clean")


@pytest.mark.neo4j
def test_both_stores_agree_after_replacements(embedded_store, neo4j_store):
    for s in (embedded_store, neo4j_store):
        s.load([DOC_B, DOC_A])
        s.load([DOC_B2])
        s.load([DOC_B])
    assert snapshot(embedded_store) == snapshot(neo4j_store)
    assert embedded_store.counts() == neo4j_store.counts()


# --- killed loads ---------------------------------------------------------------------------------

KILL_RUNS = 10
KILL_DOCS = 1200
KILL_BATCH = 40


@pytest.fixture(scope="module")
def kill_corpus(tmp_path_factory) -> tuple[list[dict], Path]:
    records = corpus(KILL_DOCS, seed=2024)
    return records, write_jsonl(tmp_path_factory.mktemp("kill") / "gen.jsonl", records)


@pytest.mark.parametrize("kind", ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def test_a_killed_load_resumes_to_the_clean_graph(kind, kill_corpus, tmp_path, request):
    """SIGKILL `newsgraph load` at random points, ten times: what it leaves is a clean
    prefix of the documents, and the same command run again ends with the clean graph."""
    records, path = kill_corpus
    ids = [r["id"] for r in records]
    if kind == "neo4j":
        store = request.getfixturevalue("neo4j_store")
        env, store_args = neo4j_env(), ["--store", "neo4j"]
        reset = lambda: wipe(store)  # noqa: E731
    else:
        folder = tmp_path / "store"
        store = open_store("embedded", path=folder)
        env, store_args = dict(os.environ), ["--store", "embedded", "--path", str(folder)]

        def reset() -> None:
            for item in folder.glob("*") if folder.exists() else []:
                item.unlink()
            store.close()
    command = load_command(path, store_args, KILL_BATCH)

    def committed(process: subprocess.Popen, at_least: int = 1) -> float:
        """Seconds until the load has committed `at_least` documents (or ended)."""
        started = time.monotonic()
        while process.poll() is None and len(ledger_ids(store)) < at_least:
            time.sleep(0.05)
        return time.monotonic() - started

    # Two clean loads, timed on the second: the first one warms the server (and the disk cache),
    # and timing kills from a cold load lets the warm loads after it outrun them.
    for _ in range(2):
        reset()
        started = time.monotonic()
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        before_commit = committed(process)
        assert process.wait() == 0, process.stderr.read()
    # Mid-load kills are still placed by progress, not by that clock alone.
    batch_seconds = (time.monotonic() - started - before_commit) / (len(ids) / KILL_BATCH)
    clean = snapshot(afresh(store))
    assert clean == reference(records, tmp_path / "reference")

    rng = random.Random(99)
    held = []
    for run in range(KILL_RUNS):
        reset()
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if run < 2:  # anywhere before the first commit ends
            time.sleep(rng.uniform(0.2, 1.0) * before_commit)
        else:  # anywhere while it loads: after some batch has committed, part way into the next
            committed(process, rng.randrange(1, len(ids) * 3 // 4))
            time.sleep(rng.uniform(0.0, 1.0) * batch_seconds)
        process.send_signal(signal.SIGKILL)
        process.wait()
        if kind == "neo4j":
            # The server may still be committing what the process sent before it died: a batch
            # in flight, and the next one already in its buffer. Wait for the load lock (its
            # transaction holds it until it commits or rolls back) until the ledger stays put.
            done = None
            while True:
                store.cypher("MERGE (l:NewsgraphLock {id: 'load'}) RETURN l.id AS id", write=True)
                now = ledger_ids(store)
                if now == done:
                    break
                done = now
                time.sleep(1.0)
        # What the killed load left: whole documents, the first k of the file, as a clean load of them.
        done = ledger_ids(store)
        assert done == ids[:len(done)], f"run {run}: the ledger is not a prefix of the file"
        assert snapshot(afresh(store)) == reference(records[:len(done)], tmp_path / f"prefix-{run}"), \
            f"run {run}: killed after {len(done)} documents, the graph is not theirs alone"
        held.append(len(done))
        rerun = subprocess.run(command, env=env, capture_output=True, text=True)
        assert rerun.returncode == 0, rerun.stderr
        if done:
            assert f"{len(done)} unchanged documents skipped" in rerun.stderr
        assert snapshot(afresh(store)) == clean, f"run {run}: killed after {len(done)} documents, resumed graph differs"
    print(f"\n{kind}: {KILL_RUNS} loads killed after {held} of {len(ids)} documents "
          f"({batch_seconds:.2f} s a batch), each resumed to the clean graph")
    assert sum(0 < k < len(ids) for k in held) >= KILL_RUNS // 2, f"too few kills landed mid-load: {held}"
    store.close() if kind == "embedded" else None


# --- concurrent loads -----------------------------------------------------------------------------

def loaded_and_skipped(stderr: str) -> tuple[int, int]:
    loaded = re.search(r"Loaded (\d+) documents", stderr)
    skipped = re.search(r"(\d+) unchanged documents skipped", stderr)
    assert loaded, stderr
    return int(loaded.group(1)), int(skipped.group(1)) if skipped else 0


@pytest.mark.neo4j
def test_two_loads_at_once_end_as_one_after_the_other(neo4j_store, tmp_path):
    records = corpus(900, seed=5, ambiguous=False)
    first = write_jsonl(tmp_path / "first.jsonl", records[:600])
    second = write_jsonl(tmp_path / "second.jsonl", list(reversed(records[300:])))  # 300 shared, met head-on
    env = neo4j_env()
    commands = [load_command(path, ["--store", "neo4j"], 20) for path in (first, second)]

    for command in commands:
        subprocess.run(command, env=env, check=True, capture_output=True)
    sequential = snapshot(neo4j_store)
    wipe(neo4j_store)
    for command in reversed(commands):
        subprocess.run(command, env=env, check=True, capture_output=True)
    assert snapshot(neo4j_store) == sequential, "the data are meant not to depend on the order"
    assert sequential == reference(records, tmp_path / "reference")

    for attempt in range(2):
        wipe(neo4j_store)
        processes = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                     for command in commands]
        errors = [process.communicate(timeout=300)[1] for process in processes]
        assert [process.returncode for process in processes] == [0, 0], errors
        counts = [loaded_and_skipped(e) for e in errors]
        print(f"\nconcurrent loads, attempt {attempt}: (loaded, skipped) = {counts}")
        assert sum(c[0] for c in counts) == 900 and sum(c[1] for c in counts) == 300, counts
        assert snapshot(neo4j_store) == sequential
        duplicates = neo4j_store.cypher(
            "MATCH (n) WHERE n.key IS NOT NULL AND NOT n:Alias WITH n.key AS key, count(*) AS c WHERE c > 1 RETURN key "
            "UNION MATCH (d:Document) WITH d.id AS key, count(*) AS c WHERE c > 1 RETURN key "
            "UNION MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, count(*) AS c WHERE c > 1 RETURN a.key + t AS key")
        assert duplicates == []
    constraints = {row["name"] for row in neo4j_store.cypher("SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {"newsgraph_person_key", "newsgraph_company_key", "newsgraph_document_id", "newsgraph_lock_id"} <= constraints


@pytest.mark.neo4j
def test_a_deadlock_with_another_writer_is_retried(neo4j_store, caplog, tmp_path):
    """A real deadlock, made on purpose: another writer holds Palantir's node and then
    wants the load lock, while a load holds the lock and wants Palantir. Neo4j breaks it
    by failing one of the two; if it fails the load, the driver retries it after a pause."""
    from neo4j.exceptions import TransientError

    neo4j_store.load([DOC_A])
    loader = open_store("neo4j", **neo4j_settings())
    outcome: list = []
    caplog.set_level(logging.WARNING, logger="neo4j")
    with neo4j_store.driver.session() as session:
        tx = session.begin_transaction()
        tx.run("MATCH (n:Company {key: 'Company:palantir'}) SET n.held = true REMOVE n.held").consume()
        thread = threading.Thread(target=lambda: outcome.append(loader.load([DOC_B])))
        thread.start()
        time.sleep(1.5)  # the load has the lock and waits for Palantir
        try:
            tx.run("MERGE (l:NewsgraphLock {id: 'load'}) SET l.other = true").consume()
            tx.commit()
            victim = "load"
        except TransientError as exc:
            assert "Deadlock" in exc.code, exc.code
            victim = "other writer"
        thread.join(60)
    loader.close()
    assert outcome and outcome[0].documents == 1, "the load did not finish"
    if victim == "load":
        assert any("will be retried" in r.getMessage() for r in caplog.records), "no retry logged"
    print(f"\ndeadlock: Neo4j failed the {victim}; the load ended right")
    assert snapshot(neo4j_store) == reference([DOC_A, DOC_B], tmp_path / "reference")


# --- the server goes away -------------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def private_neo4j(tmp_path, neo4j_session_store):
    """A Neo4j of this test's own (the shared one must not be stopped): (uri, env, server command)."""
    port = free_port()
    env = dict(os.environ, NEWSGRAPH_NEO4J_HOME=str(tmp_path / "neo4j"), NEO4J_BOLT_PORT=str(port),
               NEO4J_PASSWORD="private-secret-pw", NEO4J_HEAP="512m", NEO4J_PAGECACHE="128m")

    def server(action: str) -> None:
        subprocess.run(["bash", str(REPO / "scripts" / "neo4j.sh"), action], env=env, check=True,
                       capture_output=True, timeout=300)

    server("start")
    try:
        yield f"bolt://127.0.0.1:{port}", env, server
    finally:
        server("stop")


@pytest.mark.neo4j
def test_neo4j_going_away_mid_load_fails_in_one_line_and_the_next_run_resumes(private_neo4j, tmp_path):
    uri, server_env, server = private_neo4j
    records = corpus(600, seed=3)
    path = write_jsonl(tmp_path / "gen.jsonl", records)
    env = dict(os.environ, NEO4J_URI=uri, NEO4J_USER="neo4j", NEO4J_PASSWORD="private-secret-pw")
    command = load_command(path, ["--store", "neo4j"], 10)
    store = open_store("neo4j", uri=uri, user="neo4j", password="private-secret-pw")
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        while process.poll() is None and not store.cypher("MATCH (d:Document) RETURN d.id LIMIT 1"):
            time.sleep(0.1)
        store.close()
        server("stop")
        out, err = process.communicate(timeout=120)
    finally:
        process.kill() if process.poll() is None else None
    assert process.returncode == 1, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    assert "Neo4j" in lines[0] and "resumes" in lines[0], lines[0]
    assert "private-secret-pw" not in out + err
    print(f"\nNeo4j stopped mid-load: {lines[0]}")

    server("start")
    store = open_store("neo4j", uri=uri, user="neo4j", password="private-secret-pw")
    try:
        done = ledger_ids(store)
        assert 0 < len(done) < len(records) and done == [r["id"] for r in records[:len(done)]]
        rerun = subprocess.run(command, env=env, capture_output=True, text=True)
        assert rerun.returncode == 0, rerun.stderr
        assert f"{len(done)} unchanged documents skipped" in rerun.stderr
        assert snapshot(store) == reference(records, tmp_path / "reference")
    finally:
        store.close()


def test_two_loads_at_once_into_the_embedded_store_take_turns(tmp_path):
    """The second writer waits for the lock (or, after its timeout, fails with a clear line); here it waits."""
    records = corpus(600, seed=8, ambiguous=False)
    first = write_jsonl(tmp_path / "first.jsonl", records[:400])
    second = write_jsonl(tmp_path / "second.jsonl", records[200:])
    store_args = ["--path", str(tmp_path / "store")]
    processes = [subprocess.Popen(load_command(path, store_args, 20), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True) for path in (first, second)]
    errors = [process.communicate(timeout=120)[1] for process in processes]
    assert [process.returncode for process in processes] == [0, 0], errors
    counts = [loaded_and_skipped(e) for e in errors]
    assert sum(c[0] for c in counts) == 600 and sum(c[1] for c in counts) == 200, counts
    assert snapshot(open_store("embedded", path=tmp_path / "store")) == reference(records, tmp_path / "reference")
