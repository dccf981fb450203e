"""The Neo4j store: batched UNWIND … MERGE in managed (retried) transactions."""
from __future__ import annotations

import json
import logging
import ssl
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

import networkx as nx
import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import (AuthError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable,
                              SessionExpired)

from . import ledger
from .names import node_key, normalize
from .records import EDGE_LISTS, RecordError, Rows, record_alias_ids, record_hash, record_id, record_rows
from .schema import schema
from .store import LoadStats, StoreError, neutral_edge, neutral_node

# The driver warns on every retry; with no logging set up, Python would print those
# to stderr, and a failed command must say one line. An application that sets up
# logging still gets them.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

# Labels and types are never taken from input: only names the schema lists
# are put into statement text; every value travels as a parameter.

_NODE_SET = """
UNWIND $rows AS row
MERGE (n:{label} {{key: row.key}})
ON CREATE SET n.name = row.name, n.label = row.label, n.aliases = [], n.norm_aliases = [], n.doc_ids = []
WITH n, row, row.aliases + CASE WHEN row.label = 'Contract' THEN [] ELSE [row.name] END AS forms
SET n.aliases = [a IN n.aliases WHERE NOT a IN forms] + [a IN forms WHERE a <> n.name],
    n.norm_aliases = [a IN n.norm_aliases WHERE NOT a IN row.norm_aliases] + row.norm_aliases,
    n.doc_ids = [d IN n.doc_ids WHERE NOT d IN row.doc_ids] + row.doc_ids
"""

_CONTRACT_SET = """
WITH n, row
SET n.status = CASE WHEN row.status_rank > coalesce(n.status_rank, -1) THEN row.status ELSE n.status END,
    n.status_rank = CASE WHEN row.status_rank > coalesce(n.status_rank, -1) THEN row.status_rank ELSE n.status_rank END,
    n.value = coalesce(n.value, row.value),
    n.currency = coalesce(n.currency, row.currency),
    n.description = coalesce(n.description, row.description)
"""

_EDGE_SET = """
UNWIND $rows AS row
MATCH (a:{source} {{key: row.source}})
MATCH (b:{target} {{key: row.target}})
MERGE (a)-[r:{type}]->(b)
ON CREATE SET r.evidence = [], r.doc_ids = [], r.confidence = 0.0
SET r.evidence = [e IN r.evidence WHERE NOT e IN row.evidence] + row.evidence,
    r.doc_ids = [d IN r.doc_ids WHERE NOT d IN row.doc_ids] + row.doc_ids,
    r.confidence = CASE WHEN row.confidence > r.confidence THEN row.confidence ELSE r.confidence END,
{lists}
WITH r
// graph.records.edge_counts, in Cypher
SET r.doc_count = size(r.support_docs), r.contra_count = size(r.contra_docs), r.source_count = size(r.sources),
    r.first_seen = reduce(m = null, x IN r.seen | CASE WHEN m IS NULL OR x < m THEN x ELSE m END),
    r.last_seen = reduce(m = null, x IN r.seen | CASE WHEN m IS NULL OR x > m THEN x ELSE m END),
    r.valid_from = reduce(m = null, x IN r.from_dates | CASE WHEN m IS NULL OR x < m THEN x ELSE m END),
    r.valid_to = reduce(m = null, x IN r.to_dates | CASE WHEN m IS NULL OR x > m THEN x ELSE m END)
"""
_EDGE_SET = _EDGE_SET.replace("{lists}", ",\n".join(
    f"    r.{name} = [x IN coalesce(r.{name}, []) WHERE NOT x IN row.{name}] + row.{name}" for name in EDGE_LISTS))

# Alias nodes map every form an entity was seen under to its node key, so a
# later document that names it another way merges into it (indexed lookup).
_ALIAS_GET = "UNWIND $ids AS id MATCH (a:Alias {id: id}) RETURN a.id AS id, a.key AS key"
_ALIAS_SET = """
UNWIND $rows AS row
MERGE (a:Alias {id: row.id})
ON CREATE SET a.key = row.key
"""

# The ledger: a Document per committed document, with the hash of the record
# loaded and what it contributed (JSON), written in the batch's transaction.
_DOCUMENT_SET = """
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
SET d.sha256 = row.sha256, d.hash = row.hash, d.contribution = row.contribution
"""
_LEDGER_GET = "MATCH (d:Document) WHERE d.id IN $ids RETURN d.id AS id, d.hash AS hash, d.contribution AS contribution"

# Taken (and held to commit) by every load transaction first: concurrent loads
# take turns, so each batch reads the ledger and aliases as the last one left them.
_LOCK = "MERGE (l:NewsgraphLock {id: 'load'}) SET l.batches = coalesce(l.batches, 0) + 1"

_EDGE_GET = """
UNWIND $rows AS row
MATCH (a:{source} {{key: row.source}})-[r:{type}]->(b:{target} {{key: row.target}})
RETURN row.source AS source, row.target AS target, properties(r) AS p
"""
_EDGE_PUT = """
UNWIND $rows AS row
MATCH (a:{source} {{key: row.source}})-[r:{type}]->(b:{target} {{key: row.target}})
FOREACH (_ IN CASE WHEN row.props IS NULL THEN [1] ELSE [] END | DELETE r)
FOREACH (_ IN CASE WHEN row.props IS NULL THEN [] ELSE [1] END | SET r += row.props)
"""
_ALIAS_DROP = "UNWIND $rows AS row MATCH (a:Alias {id: row.id}) WHERE a.key = row.key DELETE a"


def _label_of(key: str) -> str:
    """The label of a node key; only the schema's labels ever reach statement text."""
    label = key.split(":", 1)[0]
    if label not in schema().labels:
        raise StoreError(f"The store holds a node key {key!r} whose label is not in the schema.")
    return label


def _statements(rows: Rows) -> list[tuple[str, list[dict]]]:
    """The write statements of a batch's rows: nodes first (edges MATCH them), then edges, ledger, aliases."""
    sch = schema()
    node_groups: dict[str, list[dict]] = {}
    for row in rows.nodes.values():
        node_groups.setdefault(row["label"], []).append(row)
    edge_groups: dict[tuple[str, str, str], list[dict]] = {}
    for (source, type_, target), row in rows.edges.items():
        edge_groups.setdefault((type_, _label_of(source), _label_of(target)), []).append(row)
    statements: list[tuple[str, list[dict]]] = []
    for label in sch.labels:
        if label in node_groups:
            text = _NODE_SET.format(label=label) + (_CONTRACT_SET if label == "Contract" else "")
            statements.append((text, node_groups[label]))
    for (type_, source, target), group in sorted(edge_groups.items()):
        if not sch.check_relation(type_, source, target):
            raise StoreError(f"{type_} from {source} to {target} is not in the schema")
        statements.append((_EDGE_SET.format(type=type_, source=source, target=target), group))
    documents = [dict(doc, contribution=json.dumps(rows.contributions[doc["id"]], ensure_ascii=False))
                 for doc in rows.documents]
    statements.append((_DOCUMENT_SET, documents))
    statements.append((_ALIAS_SET, [{"id": i, "key": k} for i, k in sorted(rows.aliases.items())]))
    return statements


def _read_edges(run: Callable[[str, list[dict]], Iterable], edges: Iterable[tuple[str, str, str]]) -> dict:
    """The properties of the ledger's ``edges`` that exist, one statement per (type, labels);
    ``run(text, rows)`` runs a statement with $rows (in a transaction, or in a read session)."""
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for source, type_, target in edges:
        if type_ not in schema().relations:
            raise StoreError(f"The ledger names a relationship type {type_!r} that is not in the schema.")
        groups.setdefault((type_, _label_of(source), _label_of(target)), []).append(
            {"source": source, "target": target})
    found = {}
    for (type_, source, target), group in sorted(groups.items()):
        for row in run(_EDGE_GET.format(type=type_, source=source, target=target), group):
            found[(row["source"], type_, row["target"])] = dict(row["p"])
    return found


def _withdraw(tx: neo4j.ManagedTransaction, withdrawn: dict[str, dict]) -> None:
    """Take documents out by graph.ledger's rule, inside the batch's transaction."""
    keys, edges = ledger.touched(withdrawn)
    by_label: dict[str, list[str]] = {}
    for key in keys:
        by_label.setdefault(_label_of(key), []).append(key)
    nodes = {}
    for label, group in sorted(by_label.items()):
        for row in tx.run(f"MATCH (n:{label}) WHERE n.key IN $keys RETURN properties(n) AS p", keys=group):
            nodes[row["p"]["key"]] = dict(row["p"], label=label)
    others = {row["id"]: ledger.entry_from_store(row["id"], row["hash"], row["contribution"])
              for row in tx.run(_LEDGER_GET, ids=sorted(ledger.sharing(nodes, withdrawn)))}
    found = _read_edges(lambda text, rows: tx.run(text, rows=rows), edges)
    out = ledger.withdraw(withdrawn, nodes, found, others)
    updates: dict[tuple[str, str, str], list[dict]] = {}
    for edge in sorted(out.deleted_edges):
        source, type_, target = edge
        updates.setdefault((type_, _label_of(source), _label_of(target)), []).append(
            {"source": source, "target": target, "props": None})
    for (source, type_, target), props in sorted(out.edges.items()):
        updates.setdefault((type_, _label_of(source), _label_of(target)), []).append(
            {"source": source, "target": target, "props": props})
    for (type_, source, target), group in sorted(updates.items()):
        tx.run(_EDGE_PUT.format(type=type_, source=source, target=target), rows=group).consume()
    for key in sorted(out.deleted_nodes):
        tx.run(f"MATCH (n:{_label_of(key)} {{key: $key}}) DETACH DELETE n", key=key).consume()
    for key, props in sorted(out.nodes.items()):
        tx.run(f"MATCH (n:{_label_of(key)} {{key: $key}}) SET n += $props", key=key, props=props).consume()
    tx.run(_ALIAS_DROP, rows=[{"id": i, "key": k} for i, k in sorted(out.deleted_aliases)]).consume()
    tx.run("MATCH (d:Document) WHERE d.id IN $ids DELETE d", ids=sorted(withdrawn)).consume()


# The schemes of the Bolt driver: +s verifies the server's certificate against the
# system's CAs, +ssc accepts a self-signed one; neo4j:// asks the server for routing.
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def _checked_uri(uri: str) -> str:
    """``uri`` if newsgraph can use it; a password never reaches a message, so none may sit in a URI."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        raise StoreError("Bad Neo4j URI: it cannot be parsed. Write it as bolt://host:7687 "
                         f"(or {', '.join(s + '://' for s in SCHEMES[1:])}).") from None
    if "@" in parts.netloc:
        host = parts.netloc.rsplit("@", 1)[1]
        raise StoreError(f"Bad Neo4j URI {parts.scheme}://…@{host}: put the user and password in "
                         "NEO4J_USER / NEO4J_PASSWORD, not in the URI.")
    if parts.scheme not in SCHEMES:
        raise StoreError(f"Bad Neo4j URI {uri!r}: the scheme must be one of {', '.join(SCHEMES)}.")
    return uri


def _tls_failure(exc: BaseException) -> str | None:
    """What went wrong with TLS, if that is why the connection failed."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, ssl.SSLCertVerificationError):
            return f"the server's certificate is not trusted ({exc.verify_message})"
        if isinstance(exc, ssl.SSLError):
            return f"{exc.reason or exc}"
        exc = exc.__cause__ or exc.__context__
    return None


class Neo4jStore:
    kind = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str | None = None) -> None:
        self.uri, self.database = _checked_uri(uri), database
        try:
            # Managed transactions are retried, with exponential backoff and jitter, on
            # transient errors (deadlocks, lock timeouts, a leader switch) for up to 15 s.
            self.driver = GraphDatabase.driver(uri, auth=(user, password), connection_timeout=10.0,
                                               max_transaction_retry_time=15.0,
                                               notifications_min_severity="OFF")
            self.driver.verify_connectivity()
        except AuthError:
            raise StoreError(f"Neo4j at {uri} refused the user name or password (set NEO4J_USER / NEO4J_PASSWORD).") from None
        except (ServiceUnavailable, OSError) as exc:
            tls = _tls_failure(exc)
            if tls:
                raise StoreError(f"TLS with Neo4j at {uri} failed: {tls}. A self-signed certificate needs "
                                 "bolt+ssc:// or neo4j+ssc://; +s trusts the system's certificate authorities "
                                 "(or SSL_CERT_FILE).") from None
            raise StoreError(
                f"Cannot reach Neo4j at {uri}. Is it running? Start it with `make neo4j`, "
                f"or use the embedded store. ({type(exc).__name__})"
            ) from None
        except (ConfigurationError, ValueError) as exc:
            raise StoreError(f"Bad Neo4j URI {uri!r}: {exc}") from None
        except DriverError as exc:
            raise StoreError(f"Neo4j driver error with {uri}: {type(exc).__name__}") from None
        self._constraints_done = False

    # set-up ----------------------------------------------------------------
    def ensure_schema(self) -> None:
        if self._constraints_done:
            return
        statements = [
            f"CREATE CONSTRAINT newsgraph_{label.lower()}_key IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE n.key IS UNIQUE"
            for label in schema().labels
        ]
        statements.append("CREATE CONSTRAINT newsgraph_document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE")
        statements.append("CREATE CONSTRAINT newsgraph_alias_id IF NOT EXISTS FOR (a:Alias) REQUIRE a.id IS UNIQUE")
        # MERGE of the lock node is safe under concurrency only with a constraint.
        statements.append("CREATE CONSTRAINT newsgraph_lock_id IF NOT EXISTS FOR (l:NewsgraphLock) REQUIRE l.id IS UNIQUE")
        statements += [f"CREATE INDEX newsgraph_{label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)"
                       for label in schema().labels]
        with self._session() as session:
            for statement in statements:
                session.run(statement).consume()
        self._constraints_done = True

    def _session(self, **kwargs: Any) -> neo4j.Session:
        return self.driver.session(database=self.database, **kwargs)

    # loading ---------------------------------------------------------------
    def decisions_version(self) -> str | None:
        rows = self.cypher("MATCH (s:NewsgraphState {id: 'decisions'}) RETURN s.version AS version")
        return rows[0]["version"] if rows else None

    def documents_naming(self, forms: list[tuple[str, str]]) -> set[str]:
        """Documents behind every node that holds any of the (label, form) pairs."""
        by_label: dict[str, dict[str, set]] = {}
        for label, form in forms:
            group = by_label.setdefault(_label_of(f"{label}:"), {"keys": set(), "norms": set()})
            group["keys"].add(node_key(label, form))
            group["norms"].add(normalize(form))
        docs: set[str] = set()
        for label, group in sorted(by_label.items()):
            rows = self.cypher(f"MATCH (n:{label}) WHERE n.key IN $keys OR any(a IN n.norm_aliases WHERE a IN $norms) "
                               "UNWIND n.doc_ids AS doc RETURN DISTINCT doc",
                               {"keys": sorted(group["keys"]), "norms": sorted(group["norms"])})
            docs |= {row["doc"] for row in rows}
        return docs

    def rebuild_records(self, doc_ids: list[str]) -> list[dict]:
        entries = [ledger.entry_from_store(row["id"], row["hash"], row["contribution"])
                   for row in self.cypher(_LEDGER_GET, {"ids": list(doc_ids)})]
        # The edges of all the documents in one read per (type, labels), not one per edge.
        wanted = {tuple(edge) for entry in entries for edge in (entry.contribution or {}).get("edges", [])}
        edges = _read_edges(lambda text, rows: self.cypher(text, {"rows": rows}), wanted)
        try:
            return sorted((ledger.rebuild(entry.id, entry, edges) for entry in entries), key=lambda r: r["id"])
        except ValueError as exc:
            raise StoreError(str(exc)) from None

    def load(self, records: Iterable[dict], *, batch_size: int = 200,
             progress: Callable[[int], None] | None = None, judgements=None, replace: bool = False,
             decisions_version: str | None = None) -> LoadStats:
        """Merge records in batches; each batch is one transaction, so a document is all in or all out.

        Each transaction first takes the load lock, then reads the ledger: a
        document already held with the same hash is skipped, a changed one
        replaces its old version (graph.ledger). Concurrent loads therefore
        take turns batch by batch, and a killed load resumes where it stopped.
        """
        stats = LoadStats()
        resume = "the documents committed so far are kept, and the same command resumes after them"
        try:
            self.ensure_schema()
            for batch in ledger.batches(records, batch_size):
                for record in batch:
                    record_hash(record)  # an unreadable record fails before its batch starts
                plan, rows = self._write_batch(batch, judgements, replace)
                stats.add(plan, rows)
                if progress:
                    progress(len(batch))
            if decisions_version is not None:
                with self._session() as session:
                    session.execute_write(lambda tx: tx.run(
                        "MERGE (s:NewsgraphState {id: 'decisions'}) SET s.version = $version",
                        version=decisions_version).consume())
        except RecordError as exc:
            raise StoreError(f"a record: {exc}") from None
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreError(f"Lost the connection to Neo4j at {self.uri} ({type(exc).__name__}); {resume}.") from None
        except Neo4jError as exc:
            message = (exc.message or str(exc)).strip().splitlines()[0]
            raise StoreError(f"Neo4j stopped the load: {message} ({resume})") from None
        except DriverError as exc:
            raise StoreError(f"Neo4j driver error during the load: {type(exc).__name__} ({resume})") from None
        return stats

    def _write_batch(self, batch: list[dict], judgements=None, replace: bool = False) -> tuple[ledger.Plan, Rows]:
        def work(tx: neo4j.ManagedTransaction) -> tuple[ledger.Plan, Rows]:
            # Everything is read inside the transaction, after the lock, so a retry starts afresh.
            tx.run(_LOCK).consume()
            ids = [record_id(record) for record in batch]
            entries = {row["id"]: ledger.entry_from_store(row["id"], row["hash"], row["contribution"])
                       for row in tx.run(_LEDGER_GET, ids=ids)}
            plan = ledger.plan(batch, entries, replace=replace)
            if plan.withdraw:
                _withdraw(tx, plan.withdraw)
            rows = Rows()
            if plan.load:
                alias_ids = sorted({i for record in plan.load for i in record_alias_ids(record, judgements)})
                known = {row["id"]: row["key"] for row in tx.run(_ALIAS_GET, ids=alias_ids)}
                for record in plan.load:
                    try:
                        record_rows(record, rows, known, judgements)
                    except RecordError as exc:
                        raise StoreError(f"document {record.get('id')!r}: {exc}") from None
                for text, group in _statements(rows):
                    tx.run(text, rows=group).consume()
            return plan, rows

        with self._session() as session:
            return session.execute_write(work)

    # reading ---------------------------------------------------------------
    def cypher(self, query: str, params: dict | None = None, *, write: bool = False) -> list[dict]:
        """Run Cypher in a read transaction (or a write one if asked); rows as plain dicts."""

        def work(tx: neo4j.ManagedTransaction) -> list[dict]:
            result = tx.run(query, params or {})
            return [{k: plain(v) for k, v in record.items()} for record in result]

        try:
            with self._session(default_access_mode=neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS) as session:
                return session.execute_write(work) if write else session.execute_read(work)
        except ServiceUnavailable:
            raise StoreError(f"Lost the connection to Neo4j at {self.uri}.") from None
        except Neo4jError as exc:
            message = (exc.message or str(exc)).strip().splitlines()[0]
            if not write and exc.code and ("AccessMode" in exc.code or "Forbidden" in exc.code):
                raise StoreError(f"Refused: this query writes, and queries are read-only unless --write is given. ({message})") from None
            raise StoreError(f"Neo4j refused the query: {message}") from None
        except DriverError as exc:
            raise StoreError(f"Neo4j driver error: {exc}") from None

    def counts(self) -> dict[str, int]:
        rows = self.cypher("MATCH (n) UNWIND labels(n) AS label WITH label "
                           "WHERE NOT label IN ['Alias', 'NewsgraphLock', 'NewsgraphState'] "
                           "RETURN label, count(*) AS n")
        rows += self.cypher("MATCH ()-[r]->() RETURN type(r) AS label, count(*) AS n")
        return {row["label"]: row["n"] for row in rows}

    def export(self) -> nx.MultiDiGraph:
        labels = list(schema().labels)
        graph = nx.MultiDiGraph()
        for row in self.cypher("MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) RETURN properties(n) AS p",
                               {"labels": labels}):
            graph.add_node(row["p"]["key"], **neutral_node(row["p"]))
        query = ("MATCH (a)-[r]->(b) WHERE type(r) IN $types "
                 "RETURN a.key AS source, type(r) AS type, b.key AS target, properties(r) AS p")
        for row in self.cypher(query, {"types": list(schema().relations)}):
            attrs = dict(row["p"], source=row["source"], target=row["target"], type=row["type"])
            graph.add_edge(row["source"], row["target"], key=row["type"], **neutral_edge(attrs))
        return graph

    def close(self) -> None:
        self.driver.close()


def plain(value: Any) -> Any:
    """Graph values as JSON-able data: nodes and relationships as property maps, paths as lists."""
    if isinstance(value, neo4j.graph.Node):
        return {"labels": sorted(value.labels), **dict(value)}
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, **dict(value)}
    if isinstance(value, neo4j.graph.Path):
        return [plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
