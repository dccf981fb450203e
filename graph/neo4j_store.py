"""The Neo4j store: batched UNWIND … MERGE in managed (retried) transactions."""
from __future__ import annotations

from typing import Any, Callable, Iterable

import networkx as nx
import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ClientError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

from .records import RecordError, Rows, record_alias_ids, record_rows
from .schema import schema
from .store import LoadStats, StoreError, neutral_edge, neutral_node

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
    r.confidence = CASE WHEN row.confidence > r.confidence THEN row.confidence ELSE r.confidence END
"""

# Alias nodes map every form an entity was seen under to its node key, so a
# later document that names it another way merges into it (indexed lookup).
_ALIAS_GET = "UNWIND $ids AS id MATCH (a:Alias {id: id}) RETURN a.id AS id, a.key AS key"
_ALIAS_SET = """
UNWIND $rows AS row
MERGE (a:Alias {id: row.id})
ON CREATE SET a.key = row.key
"""

_DOCUMENT_SET = """
UNWIND $rows AS row
MERGE (d:Document {id: row.id})
SET d.sha256 = row.sha256
"""


def _label_of(key: str) -> str:
    return key.split(":", 1)[0]


class Neo4jStore:
    kind = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str | None = None) -> None:
        self.uri, self.database = uri, database
        try:
            self.driver = GraphDatabase.driver(uri, auth=(user, password), connection_timeout=10.0,
                                               max_transaction_retry_time=15.0)
            self.driver.verify_connectivity()
        except AuthError:
            raise StoreError(f"Neo4j at {uri} refused the user name or password (set NEO4J_USER / NEO4J_PASSWORD).") from None
        except (ServiceUnavailable, OSError) as exc:
            raise StoreError(
                f"Cannot reach Neo4j at {uri}. Is it running? Start it with `make neo4j`, "
                f"or use the embedded store. ({type(exc).__name__})"
            ) from None
        except (ConfigurationError, ValueError) as exc:
            raise StoreError(f"Bad Neo4j URI {uri!r}: {exc}") from None
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
        statements += [f"CREATE INDEX newsgraph_{label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)"
                       for label in schema().labels]
        with self._session() as session:
            for statement in statements:
                session.run(statement).consume()
        self._constraints_done = True

    def _session(self, **kwargs: Any) -> neo4j.Session:
        return self.driver.session(database=self.database, **kwargs)

    # loading ---------------------------------------------------------------
    def load(self, records: Iterable[dict], *, batch_size: int = 200,
             progress: Callable[[int], None] | None = None) -> LoadStats:
        """Merge records in batches; each batch is one transaction, so a document is all in or all out."""
        self.ensure_schema()
        stats = LoadStats()
        batch: list[dict] = []

        def flush() -> None:
            rows = Rows()
            ids = sorted({i for record in batch for i in record_alias_ids(record)})
            known = {row["id"]: row["key"] for row in self.cypher(_ALIAS_GET, {"ids": ids})}
            for record in batch:
                try:
                    record_rows(record, rows, known)
                except RecordError as exc:
                    raise StoreError(f"document {record.get('id')!r}: {exc}") from None
            self._write_rows(rows)
            stats.documents += len(batch)
            stats.nodes += len(rows.nodes)
            stats.edges += len(rows.edges)
            if progress:
                progress(len(batch))
            batch.clear()

        for record in records:
            batch.append(record)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        return stats

    def _write_rows(self, rows: Rows) -> None:
        sch = schema()
        node_groups: dict[str, list[dict]] = {}
        for row in rows.nodes.values():
            node_groups.setdefault(row["label"], []).append(row)
        edge_groups: dict[tuple[str, str, str], list[dict]] = {}
        for (source, type_, target), row in rows.edges.items():
            edge_groups.setdefault((type_, _label_of(source), _label_of(target)), []).append(row)
        statements: list[tuple[str, list[dict]]] = []
        for label in sch.labels:  # nodes first: edges MATCH them
            if label in node_groups:
                text = _NODE_SET.format(label=label) + (_CONTRACT_SET if label == "Contract" else "")
                statements.append((text, node_groups[label]))
        for (type_, source, target), group in sorted(edge_groups.items()):
            if not sch.check_relation(type_, source, target):
                raise StoreError(f"{type_} from {source} to {target} is not in the schema")
            statements.append((_EDGE_SET.format(type=type_, source=source, target=target), group))
        statements.append((_DOCUMENT_SET, rows.documents))
        statements.append((_ALIAS_SET, [{"id": i, "key": k} for i, k in sorted(rows.aliases.items())]))

        def work(tx: neo4j.ManagedTransaction) -> None:
            for text, group in statements:
                tx.run(text, rows=group).consume()

        try:
            with self._session() as session:
                session.execute_write(work)
        except ServiceUnavailable:
            raise StoreError(f"Lost the connection to Neo4j at {self.uri}; nothing of the current batch was written.") from None

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
        rows = self.cypher("MATCH (n) UNWIND labels(n) AS label WITH label WHERE label <> 'Alias' "
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
