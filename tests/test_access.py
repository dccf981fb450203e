"""Queries and access: read-only Cypher, injection strings as data, passwords never shown,
TLS URIs as the driver defines them, and pages that show `<script>` as text."""
from __future__ import annotations

import json
import logging
import os
import pty
import select
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.records import RecordError, record_rows
from graph.store import StoreError, open_store
from newsgraph.cli import cli
from queries import named

from conftest import neo4j_settings
from test_ledger import newsgraph
from test_stores import ev, snapshot

EVIL = [
    "x' }) RETURN 1 //",
    'x" }) MATCH (n) DETACH DELETE n //',
    "} RETURN 1 //",
    "`Person`) DETACH DELETE n //",
    "$entity_norm",
    "Robert'); DROP TABLE students;--",
    "\\' OR 1=1 \\\\",
]


def evil_record(doc: str = "evil", suffix: str = "") -> dict:
    firms = [{"type": "Company", "name": f"{name} Ltd{suffix}", "aliases": [f"{name}{suffix}"]} for name in EVIL]
    person = {"type": "Person", "name": "Eve `Mallory` O'Brien", "aliases": ["Eve \"Mal\" O'Brien"]}
    relations = [{"type": "FOUNDED", "source": person["name"], "target": firm["name"],
                  "evidence": [ev(doc, f"{firm['name']} was founded by Eve, she said: }} RETURN 1 //")]}
                 for firm in firms]
    return {"id": doc, "entities": [person, *firms], "relations": relations, "contracts": []}


def neo4j_args() -> list[str]:
    settings = neo4j_settings()
    return ["--store", "neo4j", "--neo4j-uri", settings["uri"]]


def neo4j_env(**extra: str) -> dict:
    settings = neo4j_settings()
    env = dict(os.environ, NEO4J_URI=settings["uri"], NEO4J_USER=settings["user"], NEO4J_PASSWORD=settings["password"])
    env.update(extra)
    return env


# --- read-only Cypher ----------------------------------------------------------------------------

WRITES = [
    "CREATE (n:Person {key: 'Person:intruder', name: 'Intruder'})",
    "MERGE (n:Company {key: 'Company:intruder'})",
    "MATCH (n:Person) SET n.name = 'changed'",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Person) CALL { WITH n CREATE (:Company {key: 'Company:' + n.key}) }",
    "CREATE INDEX intruder_index IF NOT EXISTS FOR (n:Person) ON (n.intruder)",
]


@pytest.mark.neo4j
@pytest.mark.parametrize("statement", WRITES)
def test_neo4j_itself_refuses_writes_in_a_read_transaction(neo4j_store, statement):
    import neo4j
    from neo4j.exceptions import Neo4jError

    neo4j_store.load([evil_record()])
    before = snapshot(neo4j_store)
    indexes = neo4j_store.cypher("SHOW INDEXES YIELD name RETURN name")
    # The server's own refusal, with newsgraph out of the way: a read transaction that writes.
    with neo4j_store.driver.session(default_access_mode=neo4j.READ_ACCESS) as session:
        with pytest.raises(Neo4jError) as refused:
            session.execute_read(lambda tx: tx.run(statement).consume())
    assert refused.value.code in ("Neo.ClientError.Statement.AccessMode", "Neo.ClientError.Security.Forbidden")
    # newsgraph's read mode is that same transaction: Neo4j's message, one line.
    with pytest.raises(StoreError, match=r"read-only unless --write") as error:
        neo4j_store.cypher(statement)
    assert "\n" not in str(error.value)
    assert snapshot(neo4j_store) == before
    assert neo4j_store.cypher("SHOW INDEXES YIELD name RETURN name") == indexes


@pytest.mark.neo4j
def test_cypher_command_writes_only_with_write(neo4j_store):
    neo4j_store.load([evil_record()])
    before = snapshot(neo4j_store)
    statement = "MATCH (n:Person) SET n.checked = $flag RETURN count(n) AS n"
    runner = CliRunner(env=neo4j_env())
    refused = runner.invoke(cli, ["cypher", statement, *neo4j_args(), "-p", "flag=true"])
    assert refused.exit_code == 1 and "read-only unless --write" in refused.output
    assert snapshot(neo4j_store) == before
    written = runner.invoke(cli, ["cypher", statement, *neo4j_args(), "-p", "flag=true", "--write", "--json"])
    assert written.exit_code == 0, written.output
    assert json.loads(written.output) == [{"n": 1}]
    assert neo4j_store.cypher("MATCH (n:Person) RETURN n.checked AS c") == [{"c": True}]


# --- injection strings are data -------------------------------------------------------------------

def test_injection_strings_are_names_in_both_stores(store):
    store.load([evil_record()])
    graph = store.export()
    names = {attrs["name"] for _, attrs in graph.nodes(data=True)}
    assert {f"{name} Ltd" for name in EVIL} <= names and "Eve `Mallory` O'Brien" in names
    assert graph.number_of_nodes() == len(EVIL) + 1 and graph.number_of_edges() == len(EVIL)
    sentences = {e["sentence"] for _, _, a in graph.edges(data=True) for e in a["evidence"]}
    assert f"{EVIL[0]} Ltd was founded by Eve, she said: }} RETURN 1 //" in sentences
    for name in EVIL:  # by name and by alias, through the named queries' parameters
        for form in (f"{name} Ltd", name):
            rows = named.run(store, "profile", {"entity": form})
            assert {row["entity"] for row in rows} == {f"{name} Ltd"}, (form, rows)
            assert rows[0]["other"] == "Eve `Mallory` O'Brien"
        assert named.run(store, "contracts", {"buyer": name}) == []
    # A new version of the document goes through the ledger's withdrawal with the same names.
    store.load([evil_record(suffix=" 2")])
    graph = store.export()
    assert {attrs["name"] for _, attrs in graph.nodes(data=True)} == \
        {f"{name} Ltd 2" for name in EVIL} | {"Eve `Mallory` O'Brien"}


@pytest.mark.neo4j
def test_injection_strings_as_cypher_parameters(neo4j_store):
    neo4j_store.load([evil_record()])
    counts = neo4j_store.counts()
    runner = CliRunner(env=neo4j_env())
    for name in EVIL:
        result = runner.invoke(cli, ["cypher", "MATCH (n {name: $name}) RETURN n.name AS name, labels(n) AS labels",
                                     *neo4j_args(), "-p", f"name={name} Ltd", "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output) == [{"name": f"{name} Ltd", "labels": ["Company"]}]
        missing = runner.invoke(cli, ["cypher", "MATCH (n {name: $name}) RETURN n", *neo4j_args(),
                                      "-p", f"name={name}", "--json", "--write"])
        assert json.loads(missing.output) == []
    assert neo4j_store.counts() == counts


def test_labels_and_types_come_only_from_the_schema(store):
    store.load([evil_record()])
    before = snapshot(store)
    bad_label = {"id": "x", "entities": [{"type": "Person`) DETACH DELETE n //", "name": "A B"}]}
    bad_type = {"id": "y", "entities": [{"type": "Person", "name": "A B"}, {"type": "Company", "name": "C"}],
                "relations": [{"type": "FOUNDED]->() DETACH DELETE n //", "source": "A B", "target": "C"}]}
    for record in (bad_label, bad_type):
        with pytest.raises(RecordError, match="schema|type"):
            record_rows(record)
        with pytest.raises(StoreError):
            store.load([record])
    assert snapshot(store) == before


# --- passwords -------------------------------------------------------------------------------------

SECRET = "Wrong-Secret-4711"


@pytest.mark.neo4j
def test_a_wrong_password_is_one_line_that_never_shows_it(neo4j_store):
    result = subprocess.run([*newsgraph(), "stats", "--store", "neo4j"], env=neo4j_env(NEO4J_PASSWORD=SECRET),
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: Neo4j at {neo4j_settings()['uri']} refused the user name or password "
        "(set NEO4J_USER / NEO4J_PASSWORD)."]
    assert SECRET not in result.stdout + result.stderr
    helped = subprocess.run([*newsgraph(), "stats", "--help"], env=neo4j_env(NEO4J_PASSWORD=SECRET),
                            capture_output=True, text=True)
    assert helped.returncode == 0 and SECRET not in helped.stdout


@pytest.mark.neo4j
def test_the_driver_logs_never_hold_the_password(neo4j_store):
    settings = neo4j_settings()
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    logger, handler = logging.getLogger("neo4j"), Keep(level=logging.DEBUG)
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        store = open_store("neo4j", **settings)
        store.load([evil_record()])
        store.cypher("MATCH (n) RETURN count(n) AS n")
        store.close()
        with pytest.raises(StoreError, match="refused the user name or password"):
            open_store("neo4j", uri=settings["uri"], user="neo4j", password=SECRET)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    # The test server's password ("newsgraph") is also a word of constraint names: look where
    # credentials would be, and for the wrong password anywhere.
    logons = [r for r in records if "LOGON" in r or "HELLO" in r]
    assert len(logons) >= 2, "debug logging was not on"
    assert not [r for r in logons if repr(settings["password"]) in r]
    assert all("'credentials': '*******'" in r for r in logons if "credentials" in r)
    assert not [r for r in records if SECRET in r]


def test_a_password_in_the_uri_is_refused_without_showing_it():
    for uri in (f"bolt://neo4j:{SECRET}@127.0.0.1:7687", f"neo4j+s://neo4j:{SECRET}@db.example:7687"):
        with pytest.raises(StoreError) as error:
            open_store("neo4j", uri=uri, user="neo4j", password="x")
        assert "NEO4J_PASSWORD" in str(error.value) and SECRET not in str(error.value)
    with pytest.raises(StoreError, match="scheme must be one of bolt, bolt\\+s"):
        open_store("neo4j", uri="http://127.0.0.1:7474", user="neo4j", password="x")


def _talk(command: list[str], env: dict, answer: str) -> tuple[int, str]:
    """Run ``command`` on a terminal (a pty), type ``answer`` at the password prompt; (exit code, screen)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, env=env, stdin=follower, stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    screen, typed = b"", False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the program ended and closed the terminal
                break
            if not chunk:
                break
            screen += chunk
        if not typed and b"Neo4j password:" in screen:
            time.sleep(0.2)  # let getpass turn echo off
            os.write(leader, answer.encode() + b"\n")
            typed = True
        if process.poll() is not None and not ready:
            break
    os.close(leader)
    return process.wait(timeout=30), screen.decode(errors="replace")


@pytest.mark.neo4j
def test_the_password_prompt_hides_what_is_typed(neo4j_store):
    neo4j_store.load([evil_record()])
    env = neo4j_env()
    password = env.pop("NEO4J_PASSWORD")
    code, screen = _talk([*newsgraph(), "stats", "--store", "neo4j"], env, SECRET)
    assert code == 1 and "Neo4j password:" in screen, screen
    assert "refused the user name or password" in screen and SECRET not in screen
    code, screen = _talk([*newsgraph(), "stats", "--store", "neo4j"], env, password)
    assert code == 0 and "kind" in screen and password not in screen, screen


# --- TLS -----------------------------------------------------------------------------------------------

class TlsFront:
    """A TLS endpoint in front of the test Neo4j (plain Bolt): to the driver, a Neo4j with TLS."""

    def __init__(self, cert: Path, key: Path, target: tuple[str, int]) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.target = target
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.handshakes = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                raw, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(raw,), daemon=True).start()

    def _serve(self, raw: socket.socket) -> None:
        try:
            client = self.context.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError):
            raw.close()  # the driver refused our certificate, or spoke plain Bolt
            return
        self.handshakes += 1
        upstream = socket.create_connection(self.target)
        try:
            while True:
                ready = [client] if client.pending() else select.select([client, upstream], [], [], 60)[0]
                if not ready:
                    return
                for source in ready:
                    data = source.recv(65536)
                    if not data:
                        return
                    (upstream if source is client else client).sendall(data)
        except OSError:
            return
        finally:
            client.close()
            upstream.close()

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def tls_front(tmp_path, neo4j_store):
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    uri = neo4j_settings()["uri"].split("://", 1)[1]
    host, port = uri.rsplit(":", 1)
    front = TlsFront(cert, key, (host, int(port)))
    yield front, cert
    front.close()


@pytest.mark.neo4j
def test_tls_uris_work_as_the_driver_defines_them(tls_front):
    front, cert = tls_front
    settings = neo4j_settings()
    # +ssc: encrypted, a self-signed certificate accepted.
    store = open_store("neo4j", uri=f"bolt+ssc://127.0.0.1:{front.port}", user=settings["user"],
                       password=settings["password"])
    assert store.cypher("RETURN 1 AS one") == [{"one": 1}]
    store.load([evil_record()])
    store.close()
    assert front.handshakes >= 1
    # +s: the certificate must be trusted; ours is not among the system's authorities.
    with pytest.raises(StoreError, match="TLS with Neo4j .* failed: the server's certificate is not trusted") as error:
        open_store("neo4j", uri=f"bolt+s://localhost:{front.port}", user=settings["user"],
                   password=settings["password"])
    assert "\n" not in str(error.value) and settings["password"] not in str(error.value)
    # ... and it is, once it is in the trusted file (the driver uses the system's verification).
    result = subprocess.run([*newsgraph(), "stats", "--store", "neo4j", "--neo4j-uri", f"bolt+s://localhost:{front.port}",
                             "--json"], env=neo4j_env(SSL_CERT_FILE=str(cert)), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert {"kind": "Person", "count": 1} in json.loads(result.stdout)
    # Plain Bolt to a TLS endpoint, and the routing schemes, fail as unreachable, not as bad URIs.
    for uri in (f"bolt://127.0.0.1:{front.port}", "neo4j+s://127.0.0.1:1", "neo4j+ssc://127.0.0.1:1"):
        with pytest.raises(StoreError, match="Cannot reach Neo4j"):
            open_store("neo4j", uri=uri, user=settings["user"], password=settings["password"])


# --- pages --------------------------------------------------------------------------------------------

SCRIPT_NAME = "<script>alert('name')</script> Ltd"
SCRIPT_SENTENCE = "<img src=x onerror=alert('sentence')> founded <script>alert('evidence')</script> Ltd."

_PROBE = """<pre id="probe"></pre><script>
(function probe() {
  if (!window.newsgraphReady) { return setTimeout(probe, 50); }
  var out = {titles: [], markup: 0};
  network.body.data.nodes.get().concat(network.body.data.edges.get()).forEach(function (item) {
    out.titles.push(item.title.textContent);
    out.markup += item.title.querySelectorAll("img, script, iframe, b").length;
  });
  document.getElementById("probe").textContent = JSON.stringify(out);
  var company = network.body.data.nodes.getIds().filter(function (id) { return id.indexOf("Company:") === 0; })[0];
  var mid = network.canvasToDOM(network.getPositions([company])[company]);
  var canvas = document.querySelector("#mynetwork canvas"), box = canvas.getBoundingClientRect();
  canvas.dispatchEvent(new MouseEvent("mousemove", {bubbles: true, clientX: box.left + mid.x, clientY: box.top + mid.y}));
})();
</script>"""


@pytest.mark.browser
def test_a_page_shows_script_names_and_sentences_as_text(tmp_path):
    from test_view import CHROMIUM, _TRAP, _Page, _chromium

    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    record = {"id": "<b>doc</b>", "entities": [
        {"type": "Person", "name": "Eve <img src=x onerror=alert('person')>", "aliases": []},
        {"type": "Company", "name": SCRIPT_NAME, "aliases": ["<iframe src=javascript:alert(1)>"]}],
        "relations": [{"type": "FOUNDED", "source": "Eve <img src=x onerror=alert('person')>", "target": SCRIPT_NAME,
                       "evidence": [ev("<b>doc</b>", SCRIPT_SENTENCE)]}]}
    store = open_store("embedded", path=tmp_path / "store")
    store.load([record])
    page = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["show", SCRIPT_NAME, "--path", str(tmp_path / "store"), "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    instrumented = tmp_path / "instrumented.html"
    instrumented.write_text(html.replace("<head>", "<head>" + _TRAP, 1).replace("</body>", _PROBE + "</body>", 1),
                            encoding="utf-8")
    dom = _chromium(tmp_path, instrumented.as_uri(), "--window-size=1000,700", "--dump-dom").stdout
    parsed = _Page(dom)
    assert "data-alerted" not in dict(parsed.tags)["html"], "a script from the data ran"
    assert not [tag for tag, _ in parsed.tags if tag in ("img", "iframe")]
    assert {label for label in (n["label"] for n in json.loads(parsed.text["newsgraph-drawn"]))} == \
        {SCRIPT_NAME, "Eve <img src=x onerror=alert('person')>"}
    probe = json.loads(parsed.text["probe"])
    assert probe["markup"] == 0
    assert any(SCRIPT_SENTENCE in title for title in probe["titles"]), probe["titles"]
    # The tooltips are those title elements: the hovered firm's shows its name as text.
    assert SCRIPT_NAME in parsed.text["tooltip"] and set(parsed.children["tooltip"]) == {"div"}
