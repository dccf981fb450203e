"""The one small interface both stores implement, and how to open one."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Protocol

import networkx as nx

from .records import EDGE_LISTS

DEFAULT_EMBEDDED_PATH = "newsgraph-data"
DEFAULT_NEO4J_URI = "bolt://127.0.0.1:7687"


class StoreError(RuntimeError):
    """A store could not do what was asked; the message says how to fix it."""


@dataclass
class LoadStats:
    documents: int = 0  # loaded now (new or changed)
    nodes: int = 0
    edges: int = 0
    skipped: int = 0  # already held with the same content
    replaced: int = 0  # held in an older version, now replaced

    def add(self, plan, rows) -> None:
        """Count one batch: its graph.ledger.Plan and the records.Rows it wrote."""
        self.documents += len(plan.load)
        self.skipped += len(plan.skipped)
        self.replaced += len(plan.withdraw)
        self.nodes += len(rows.nodes)
        self.edges += len(rows.edges)

    def __str__(self) -> str:
        text = f"{self.documents} documents, {self.nodes} node rows, {self.edges} edge rows"
        notes = [f"{self.replaced} replacing an older version" if self.replaced else "",
                 f"{self.skipped} unchanged documents skipped" if self.skipped else ""]
        notes = [note for note in notes if note]
        return text + (f" ({'; '.join(notes)})" if notes else "")


class Store(Protocol):
    """What every store does. Loads merge (idempotent); export gives the neutral graph."""

    kind: str

    def load(self, records: Iterable[dict], *, batch_size: int = 200,
             progress: Callable[[int], None] | None = None, judgements=None, replace: bool = False,
             decisions_version: str | None = None) -> LoadStats: ...

    def counts(self) -> dict[str, int]: ...

    # what graph.decisions needs to apply an analyst's decision to what is stored
    def decisions_version(self) -> str | None: ...

    def documents_naming(self, forms: list[tuple[str, str]]) -> set[str]: ...

    def rebuild_records(self, doc_ids: list[str]) -> list[dict]: ...

    def export(self) -> nx.MultiDiGraph: ...

    def close(self) -> None: ...


CONTRACT_PROPS = ("status", "value", "currency", "description")
# Edge properties that may be null (which Neo4j does not keep) and lists kept as sets.
EDGE_DATES = ("first_seen", "last_seen", "valid_from", "valid_to")


def neutral_node(props: dict) -> dict:
    """Node attributes as both stores give them (Neo4j does not keep null properties)."""
    out = {k: sorted(v) if isinstance(v, list) else v for k, v in props.items()}
    if out.get("label") == "Contract":
        for prop in CONTRACT_PROPS:
            out.setdefault(prop, None)
    return out


def neutral_edge(attrs: dict) -> dict:
    """Edge attributes as views and exports want them: evidence parsed from JSON."""
    out = dict(attrs)
    # Sorted, so that both stores (Neo4j keeps lists in the order added) give the same graph.
    out["evidence"] = [json.loads(item) for item in sorted(attrs.get("evidence", []))]
    out["doc_ids"] = sorted(attrs.get("doc_ids", []))
    for name in EDGE_LISTS:
        out[name] = sorted(attrs.get(name) or [])
    for name in EDGE_DATES:
        out.setdefault(name, None)
    return out


def open_store(kind: str = "embedded", *, path: str | os.PathLike | None = None,
               uri: str | None = None, user: str | None = None,
               password: str | None = None, database: str | None = None) -> Store:
    """Open the embedded store (a folder) or a Neo4j database (a Bolt URI)."""
    if kind == "embedded":
        from .embedded import EmbeddedStore
        return EmbeddedStore(Path(path or os.environ.get("NEWSGRAPH_STORE", DEFAULT_EMBEDDED_PATH)))
    if kind == "neo4j":
        from .neo4j_store import Neo4jStore
        return Neo4jStore(
            uri or os.environ.get("NEO4J_URI", DEFAULT_NEO4J_URI),
            user or os.environ.get("NEO4J_USER", "neo4j"),
            password if password is not None else os.environ.get("NEO4J_PASSWORD", "newsgraph"),
            database or os.environ.get("NEO4J_DATABASE") or None,
        )
    raise StoreError(f"Unknown store {kind!r}. Available: embedded, neo4j")
