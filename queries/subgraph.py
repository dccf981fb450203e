"""The part of the graph a page draws: an entity's neighbourhood, or the entities a query named."""
from __future__ import annotations

import difflib
from collections import Counter
from typing import Mapping

import networkx as nx

from graph.names import normalize
from graph.store import Store, StoreError, neutral_edge, neutral_node

_FIND = "MATCH (n) WHERE $norm IN n.norm_aliases RETURN n.key AS key ORDER BY n.key"
_NAMES = "MATCH (n) WHERE n.name IS NOT NULL RETURN n.name AS name"
_NEIGHBOURS = "MATCH (a)--(b) WHERE a.key IN $keys RETURN DISTINCT b.key AS key"
_NODES = "MATCH (n) WHERE n.key IN $keys RETURN properties(n) AS p"
_EDGES = ("MATCH (a)-[r]->(b) WHERE a.key IN $keys AND b.key IN $keys "
          "RETURN a.key AS source, type(r) AS type, b.key AS target, properties(r) AS p")
# Just the ends of each link: enough to rank nodes by degree before fetching evidence.
_ENDS = ("MATCH (a)-[r]->(b) WHERE a.key IN $keys AND b.key IN $keys "
         "RETURN a.key AS source, b.key AS target")


def _is_neo4j(store: Store) -> bool:
    return hasattr(store, "cypher")


def find_entity(store: Store, name: str) -> str:
    """The key of the entity called ``name`` (or one of its aliases)."""
    norm = normalize(name)
    if _is_neo4j(store):
        keys = [row["key"] for row in store.cypher(_FIND, {"norm": norm})]
        names = [row["name"] for row in store.cypher(_NAMES)] if not keys else []
    else:
        graph = store.graph
        keys = sorted(k for k, attrs in graph.nodes(data=True) if norm in attrs.get("norm_aliases", []))
        names = [attrs["name"] for _, attrs in graph.nodes(data=True)] if not keys else []
    if keys:
        # Prefer an entity over a contract, and an exact name over an alias.
        keys.sort(key=lambda k: (k.startswith("Contract:"), k.split(":", 1)[1] != norm, k))
        return keys[0]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise StoreError(f"No entity named {name!r} in the store.{hint}")


def keep_largest(degrees: Mapping[str, int], focus: str | None, limit: int) -> list[str]:
    """The ``limit`` nodes worth drawing, sorted: ``focus`` always, then the most linked.

    >>> keep_largest({"a": 1, "b": 3, "c": 2}, "a", 2)
    ['a', 'b']
    """
    # The key breaks ties, so the same graph is always cut the same way.
    ranked = sorted(degrees, key=lambda n: (n != focus, -degrees[n], n))
    return sorted(ranked[:limit])


def neighbourhood(store: Store, key: str, depth: int = 1, max_nodes: int | None = None) -> nx.MultiDiGraph:
    """The entity ``key`` and everything within ``depth`` links of it, in either direction.

    With ``max_nodes``, a larger neighbourhood is cut as a page cuts it
    (``keep_largest``) before any evidence is read, and the graph's
    ``total_nodes`` says how many there were.
    """
    if depth < 0:
        raise StoreError("depth must be 0 or more")
    if max_nodes is not None and max_nodes < 1:
        raise StoreError("max_nodes must be at least 1")
    if not _is_neo4j(store):
        whole = store.export()
        if key not in whole:
            raise StoreError(f"No entity with key {key!r} in the store.")
        keys = set(nx.single_source_shortest_path_length(whole.to_undirected(as_view=True), key, cutoff=depth))
        total = len(keys)
        if max_nodes is not None and total > max_nodes:
            keys = set(keep_largest(dict(whole.subgraph(keys).degree()), key, max_nodes))
        graph = whole.subgraph(keys).copy()
    else:
        keys, frontier = {key}, {key}
        for _ in range(depth):
            found = {row["key"] for row in store.cypher(_NEIGHBOURS, {"keys": sorted(frontier)})}
            frontier = found - keys
            keys |= found
            if not frontier:
                break
        total = len(keys)
        if max_nodes is not None and total > max_nodes:
            degrees: Counter[str] = Counter({k: 0 for k in keys})
            for row in store.cypher(_ENDS, {"keys": sorted(keys)}):
                degrees[row["source"]] += 1
                degrees[row["target"]] += 1
            keys = set(keep_largest(degrees, key, max_nodes))
        graph = induced(store, keys)
    if graph.number_of_nodes() < total:
        graph.graph["total_nodes"] = total
    return graph


def induced(store: Store, keys: set[str]) -> nx.MultiDiGraph:
    """The nodes ``keys`` and the links among them."""
    if not _is_neo4j(store):
        return store.export().subgraph(keys).copy()
    graph = nx.MultiDiGraph()
    for row in store.cypher(_NODES, {"keys": sorted(keys)}):
        graph.add_node(row["p"]["key"], **neutral_node(row["p"]))
    for row in store.cypher(_EDGES, {"keys": sorted(keys)}):
        attrs = dict(row["p"], source=row["source"], target=row["target"], type=row["type"])
        graph.add_edge(row["source"], row["target"], key=row["type"], **neutral_edge(attrs))
    return graph


def named_in_rows(store: Store, rows: list[dict]) -> nx.MultiDiGraph:
    """The entities a query's rows name, with the contracts that join them."""
    values: set[str] = set()
    for row in rows:
        for value in row.values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    values.add(normalize(item))
    whole = store.export()
    keys = {k for k, attrs in whole.nodes(data=True)
            if attrs.get("label") != "Contract" and values & set(attrs.get("norm_aliases", []))}
    for k, attrs in whole.nodes(data=True):
        if attrs.get("label") == "Contract" and len(set(nx.all_neighbors(whole, k)) & keys) >= 2:
            keys.add(k)
    return whole.subgraph(keys).copy()
