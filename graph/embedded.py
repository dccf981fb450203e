"""The embedded store: a networkx MultiDiGraph in a local folder, written atomically."""
from __future__ import annotations

import fcntl
import json
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator

import networkx as nx

from . import ledger
from .names import node_key, normalize
from .records import RecordError, Rows, merge_edge, merge_node, record_hash, record_id, record_rows
from .store import LoadStats, StoreError, neutral_edge, neutral_node

FORMAT_VERSION = 1


class EmbeddedStore:
    """A graph kept in ``<path>/graph.json``; one writer at a time (a lock file)."""

    kind = "embedded"

    def __init__(self, path: Path, *, lock_timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.file = self.path / "graph.json"
        self.lock_timeout = lock_timeout
        self._graph: nx.MultiDiGraph | None = None
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"The embedded store {self.path} is a file, not a folder.")

    # reading ---------------------------------------------------------------
    @property
    def graph(self) -> nx.MultiDiGraph:
        """The stored graph as kept on disk (evidence as JSON strings)."""
        if self._graph is None:
            self._graph = self._read()
        return self._graph

    def _read(self) -> nx.MultiDiGraph:
        if not self.file.exists():
            return nx.MultiDiGraph()
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT_VERSION:
                raise ValueError(f"unknown format {data.get('format')!r}")
            graph = nx.MultiDiGraph()
            for node in data["nodes"]:
                graph.add_node(node["key"], **node)
            for edge in data["edges"]:
                graph.add_edge(edge["source"], edge["target"], key=edge["type"], **edge)
            graph.graph["documents"] = data.get("documents", {})
            graph.graph["aliases"] = data.get("aliases", {})
            graph.graph["decisions"] = data.get("decisions")
            return graph
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"The embedded store {self.file} cannot be read ({exc}).") from None

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, label in self.graph.nodes(data="label"):
            counts[label] = counts.get(label, 0) + 1
        for _, _, type_ in self.graph.edges(keys=True):
            counts[type_] = counts.get(type_, 0) + 1
        counts["Document"] = len(self.graph.graph.get("documents", {}))
        return counts

    def export(self) -> nx.MultiDiGraph:
        out = nx.MultiDiGraph()
        for key, attrs in self.graph.nodes(data=True):
            out.add_node(key, **neutral_node(attrs))
        for u, v, k, attrs in self.graph.edges(keys=True, data=True):
            out.add_edge(u, v, key=k, **neutral_edge(attrs))
        return out

    # writing ---------------------------------------------------------------
    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / "lock", "w") as lock:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(
                            f"Another newsgraph process is writing to {self.path}; try again when it ends."
                        ) from None
                    time.sleep(0.2)
            try:
                # A writer killed mid-write leaves its temporary file; the graph file is whole.
                for stale in self.path.glob(".graph-*.json"):
                    stale.unlink(missing_ok=True)
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def decisions_version(self) -> str | None:
        return self.graph.graph.get("decisions")

    def documents_naming(self, forms: list[tuple[str, str]]) -> set[str]:
        """Documents behind every node that holds any of the (label, form) pairs."""
        keys = {node_key(label, form) for label, form in forms}
        norms = {(label, normalize(form)) for label, form in forms}
        return {doc for key, node in self.graph.nodes(data=True)
                if key in keys or any((node["label"], n) in norms for n in node.get("norm_aliases", []))
                for doc in node.get("doc_ids", [])}

    def rebuild_records(self, doc_ids: list[str]) -> list[dict]:
        documents = self.graph.graph.get("documents", {})
        out = []
        for doc_id in doc_ids:
            if doc_id not in documents:
                continue
            entry = _entry(doc_id, documents[doc_id])
            edges = {tuple(e): self.graph.edges[e[0], e[2], e[1]]
                     for e in (entry.contribution or {}).get("edges", [])
                     if self.graph.has_edge(e[0], e[2], key=e[1])}
            try:
                out.append(ledger.rebuild(doc_id, entry, edges))
            except ValueError as exc:
                raise StoreError(str(exc)) from None
        return out

    def load(self, records: Iterable[dict], *, batch_size: int = 200,
             progress: Callable[[int], None] | None = None, judgements=None, replace: bool = False,
             decisions_version: str | None = None) -> LoadStats:
        """Merge records batch by batch; each batch is written atomically with the ledger.

        A document already held with the same hash is skipped (unless
        ``replace``); a changed one replaces its old version (graph.ledger).
        ``judgements`` are the analyst's decisions (graph.decisions); with
        ``decisions_version`` the store notes it has applied them. A bad record
        stops the load before its batch is written.
        """
        stats = LoadStats()
        with self._locked():
            graph = self._read()  # under the lock: another writer may have added to it
            self._graph = None
            last_write, write_cost, pending = 0.0, 0.0, False
            for batch in _checked(ledger.batches(records, batch_size)):
                documents = graph.graph.setdefault("documents", {})
                entries = {doc_id: _entry(doc_id, documents[doc_id])
                           for doc_id in map(record_id, batch) if doc_id in documents}
                plan = ledger.plan(batch, entries, replace=replace)
                if plan.withdraw:
                    _withdraw(graph, plan.withdraw)
                rows = Rows()
                for record in plan.load:
                    try:
                        record_rows(record, rows, graph.graph.setdefault("aliases", {}), judgements)
                    except RecordError as exc:
                        raise StoreError(f"document {record.get('id')!r}: {exc}") from None
                _apply(graph, rows)
                stats.add(plan, rows)
                pending = pending or bool(plan.load)
                # Checkpoint when writing costs little next to the work since the last write,
                # so a long load can be resumed without rewriting the file for every batch.
                if pending and time.monotonic() - last_write > 4 * write_cost:
                    started = time.monotonic()
                    self._write(graph)
                    last_write, write_cost, pending = time.monotonic(), time.monotonic() - started, False
                if progress:
                    progress(len(batch))
            if decisions_version is not None and graph.graph.get("decisions") != decisions_version:
                graph.graph["decisions"] = decisions_version
                pending = True
            if pending:
                self._write(graph)
            self._graph = graph
        return stats

    def _write(self, graph: nx.MultiDiGraph) -> None:
        data = {
            "format": FORMAT_VERSION,
            "documents": graph.graph.get("documents", {}),
            "aliases": graph.graph.get("aliases", {}),
            "decisions": graph.graph.get("decisions"),
            "nodes": [graph.nodes[k] for k in sorted(graph.nodes)],
            "edges": sorted((attrs for _, _, attrs in graph.edges(data=True)),
                            key=lambda e: (e["source"], e["type"], e["target"])),
        }
        # Write beside, fsync, then rename: a crash leaves the last good file.
        fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".json", dir=self.path)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(data, ensure_ascii=False, sort_keys=True))  # dumps: the C encoder
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.file)
            dir_fd = os.open(self.path, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def close(self) -> None:
        self._graph = None


def _checked(batches: Iterator[list[dict]]) -> Iterator[list[dict]]:
    """Batches, with a record whose id or content is unreadable as a StoreError."""
    try:
        for batch in batches:
            for record in batch:
                record_hash(record)
            yield batch
    except RecordError as exc:
        raise StoreError(f"a record: {exc}") from None


def _entry(doc_id: str, held: dict | str) -> ledger.Entry:
    if not isinstance(held, dict):  # a store written before the ledger kept only the sha256
        return ledger.Entry(doc_id, None, None)
    return ledger.entry_from_store(doc_id, held.get("hash"), held.get("contribution"))


def _withdraw(graph: nx.MultiDiGraph, withdrawn: dict[str, dict]) -> None:
    """Take documents out of the graph by graph.ledger's rule."""
    keys, edges = ledger.touched(withdrawn)
    nodes = {key: graph.nodes[key] for key in keys if key in graph}
    documents = graph.graph["documents"]
    others = {d: _entry(d, documents[d]) for d in ledger.sharing(nodes, withdrawn) if d in documents}
    found = {(source, type_, target): graph.edges[source, target, type_]
             for source, type_, target in edges if graph.has_edge(source, target, key=type_)}
    out = ledger.withdraw(withdrawn, nodes, found, others)
    for source, type_, target in out.deleted_edges:
        graph.remove_edge(source, target, key=type_)
    for (source, type_, target), props in out.edges.items():
        graph.edges[source, target, type_].update(props)
    for key in out.deleted_nodes:
        graph.remove_node(key)
    for key, props in out.nodes.items():
        graph.nodes[key].update(props)
    aliases = graph.graph.get("aliases", {})
    for alias_id, key in out.deleted_aliases:
        if aliases.get(alias_id) == key:
            del aliases[alias_id]
    for doc_id in withdrawn:
        documents.pop(doc_id, None)


def _apply(graph: nx.MultiDiGraph, rows: Rows) -> None:
    for key, row in rows.nodes.items():
        if key in graph:
            merge_node(graph.nodes[key], row)
        else:
            graph.add_node(key, **{k: (list(v) if isinstance(v, list) else v) for k, v in row.items()})
    for (source, type_, target), row in rows.edges.items():
        if graph.has_edge(source, target, key=type_):
            merge_edge(graph.edges[source, target, type_], row)
        else:
            graph.add_edge(source, target, key=type_, **{k: (list(v) if isinstance(v, list) else v) for k, v in row.items()})
    aliases = graph.graph.setdefault("aliases", {})
    for alias_id, key in rows.aliases.items():
        aliases.setdefault(alias_id, key)
    documents = graph.graph.setdefault("documents", {})
    for doc in rows.documents:
        documents[doc["id"]] = {"sha256": doc["sha256"], "hash": doc["hash"],
                                "contribution": rows.contributions[doc["id"]]}
