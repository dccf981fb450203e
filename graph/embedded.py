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

from .records import RecordError, Rows, merge_edge, merge_node, record_rows
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
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def load(self, records: Iterable[dict], *, batch_size: int = 200,
             progress: Callable[[int], None] | None = None) -> LoadStats:
        """Merge records into the graph; nothing is written unless every record is good."""
        stats = LoadStats()
        with self._locked():
            graph = self._read()  # under the lock: another writer may have added to it
            rows = Rows()
            known = graph.graph.setdefault("aliases", {})
            for record in records:
                try:
                    record_rows(record, rows, known)
                except RecordError as exc:
                    raise StoreError(f"document {record.get('id')!r}: {exc}") from None
                stats.documents += 1
                if progress:
                    progress(1)
            stats.nodes, stats.edges = len(rows.nodes), len(rows.edges)
            _apply(graph, rows)
            self._write(graph)
            self._graph = graph
        return stats

    def _write(self, graph: nx.MultiDiGraph) -> None:
        data = {
            "format": FORMAT_VERSION,
            "documents": graph.graph.get("documents", {}),
            "aliases": graph.graph.get("aliases", {}),
            "nodes": [graph.nodes[k] for k in sorted(graph.nodes)],
            "edges": sorted((attrs for _, _, attrs in graph.edges(data=True)),
                            key=lambda e: (e["source"], e["type"], e["target"])),
        }
        # Write beside, fsync, then rename: a crash leaves the last good file.
        fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".json", dir=self.path)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, sort_keys=True)
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
        documents[doc["id"]] = doc["sha256"]
