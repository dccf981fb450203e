"""The named queries on a networkx graph: the embedded twins of queries/cypher/*.cypher.

Each function takes the graph first (the embedded store's MultiDiGraph, or an
export of either store) and returns the rows its Cypher file returns, with the
same columns in the same order. Names are matched as the Cypher matches them:
normalised, against a node's ``norm_aliases``.
"""
from __future__ import annotations

import itertools
import json
from typing import Any, Iterable

import networkx as nx

from graph.names import normalize
from graph.records import evidence_json

ENTITY_LABELS = ("Person", "Company", "Agency")
# The Cypher pattern's fixed variable-length bound (a bound cannot be a parameter).
MAX_PATH_HOPS = 10


def sort_key(value: Any) -> tuple:
    """Sort key ordering values as Cypher's ORDER BY does: nulls last, lists item by item.

    >>> sorted([None, [2], [1, 5], [1]], key=sort_key)
    [[1], [1, 5], [2], None]
    """
    if value is None:
        return (1,)
    if isinstance(value, (list, tuple)):
        return (0, tuple(sort_key(v) for v in value))
    return (0, value)


def _ordered(rows: Iterable[dict], limit: int | None) -> list[dict]:
    # Like ORDER BY on every output column, in column order, then LIMIT.
    out = sorted(rows, key=lambda row: tuple(sort_key(v) for v in row.values()))
    return out if limit is None else out[:limit]


def _matching(graph: nx.MultiDiGraph, name: str | None, labels: Iterable[str]) -> list[str]:
    """Keys of the nodes with one of ``labels`` that ``name`` names (all such nodes when name is None)."""
    labels = set(labels)
    norm = normalize(name) if name is not None else None
    return [key for key, attrs in graph.nodes(data=True)
            if attrs.get("label") in labels and (norm is None or norm in attrs.get("norm_aliases", ()))]


def holds(attrs: dict, min_sources: int = 1, as_of: str | None = None) -> bool:
    """Does an edge count: stated by ``min_sources`` sources, and holding on ``as_of``? (the .cypher files' filter)"""
    sources = attrs.get("source_count")
    if (1 if sources is None else sources) < min_sources:
        return False
    return as_of is None or ((attrs.get("valid_from") or "") <= as_of <= (attrs.get("valid_to") or "9999"))


def _evidence(attrs: dict) -> list[dict]:
    # The store keeps evidence as JSON strings, an export as dicts: take both.
    return [json.loads(item) if isinstance(item, str) else item for item in attrs.get("evidence", [])]


def _first_evidence(attrs: dict) -> dict:
    items = _evidence(attrs)
    if not items:
        return {}
    return min(items, key=lambda ev: (sort_key(ev.get("doc")), sort_key(ev.get("start")),
                                      sort_key(ev.get("sentence"))))


def profile(graph: nx.MultiDiGraph, entity: str, limit: int = 50) -> list[dict]:
    """One row per relationship of each entity ``entity`` names, with its evidence counts and first sentence."""
    rows = []
    for key in _matching(graph, entity, ENTITY_LABELS):
        node = graph.nodes[key]
        links = [("out", v, type_, attrs) for _, v, type_, attrs in graph.out_edges(key, keys=True, data=True)]
        # A self-loop is one relationship: Cypher's undirected match gives it once, as "out".
        links += [("in", u, type_, attrs) for u, _, type_, attrs in graph.in_edges(key, keys=True, data=True)
                  if u != key]
        for direction, other, type_, attrs in links:
            first = _first_evidence(attrs)
            rows.append({
                "entity": node.get("name"),
                "label": node.get("label"),
                "direction": direction,
                "type": type_,
                "other": graph.nodes[other].get("name"),
                "other_label": graph.nodes[other].get("label"),
                "evidence": len(attrs.get("evidence", [])),
                "docs": len(attrs.get("doc_ids", [])),
                "first_doc": first.get("doc"),
                "first_sentence": first.get("sentence"),
            })
    return _ordered(rows, limit)


def _relationship_paths(graph: nx.MultiDiGraph, nodes: list[str]) -> Iterable[list[str]]:
    """Every way to walk ``nodes`` one relationship at a time, in either direction, as its types."""
    steps = [list(graph.succ[a].get(b, {})) + list(graph.succ[b].get(a, {})) for a, b in zip(nodes, nodes[1:])]
    return (list(types) for types in itertools.product(*steps))


def shortest_paths_within(graph: nx.MultiDiGraph, source: str, target: str, cutoff: int) -> list[list[str]]:
    """Every shortest path from ``source`` to ``target`` of at most ``cutoff`` links, ignoring direction.

    A breadth-first search that stops at the target's depth (or the cutoff),
    so it reads only the neighbourhood a short path can reach.

    >>> g = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("a", "d"), ("d", "c")])
    >>> sorted(shortest_paths_within(g, "a", "c", 4))
    [['a', 'b', 'c'], ['a', 'd', 'c']]
    >>> shortest_paths_within(g, "a", "c", 1)
    []
    """
    preds: dict[str, list[str]] = {source: []}
    frontier = [source]
    depth = 0
    while frontier and target not in preds and depth < cutoff:
        depth += 1
        level: dict[str, list[str]] = {}
        for node in frontier:
            for neighbour in itertools.chain(graph.succ[node], graph.pred[node]):
                if neighbour in preds:
                    continue
                found = level.setdefault(neighbour, [])
                if node not in found:
                    found.append(node)
        preds.update(level)
        frontier = list(level)
    if target not in preds:
        return []
    out: list[list[str]] = []
    stack = [[target]]
    while stack:
        path = stack.pop()
        if path[-1] == source:
            out.append(path[::-1])
            continue
        stack.extend(path + [p] for p in preds[path[-1]])
    return out


def paths(graph: nx.MultiDiGraph, source: str, target: str, max_hops: int = 4,
          min_sources: int = 1, as_of: str | None = None, limit: int = 100) -> list[dict]:
    """All shortest paths between the entities named, ignoring direction, of at most ``max_hops`` relationships.

    Like Cypher's allShortestPaths, two relationships between the same two
    nodes make two paths. Only edges that ``holds`` are walked.
    """
    max_hops = min(max_hops, MAX_PATH_HOPS)
    whole = graph
    graph = nx.subgraph_view(whole, filter_edge=lambda u, v, k: holds(whole.edges[u, v, k], min_sources, as_of))
    rows = []
    for a in _matching(graph, source, ENTITY_LABELS):
        for b in _matching(graph, target, ENTITY_LABELS):
            if a == b:
                continue
            for nodes in shortest_paths_within(graph, a, b, max_hops):
                names = [graph.nodes[n].get("name") for n in nodes]
                for types in _relationship_paths(graph, nodes):
                    rows.append({"hops": len(nodes) - 1, "path": names, "types": types})
    return _ordered(rows, limit)


def _contract_clients(graph: nx.MultiDiGraph, company: str, labels: Iterable[str] | None = None,
                      min_sources: int = 1, as_of: str | None = None) -> Iterable[tuple[str, str, dict]]:
    """(buyer, contract, SUPPLIER_OF attrs) for each contract ``company`` supplies (to a buyer with one of ``labels``)."""
    for _, contract, type_, attrs in graph.out_edges(company, keys=True, data=True):
        if type_ != "SUPPLIER_OF" or graph.nodes[contract].get("label") != "Contract" \
                or not holds(attrs, min_sources, as_of):
            continue
        for buyer, _, buyer_type in graph.in_edges(contract, keys=True):
            if buyer_type == "BUYER_OF" and (labels is None or graph.nodes[buyer].get("label") in labels):
                yield buyer, contract, attrs


def clients(graph: nx.MultiDiGraph, company: str, min_sources: int = 1, as_of: str | None = None,
            limit: int = 100) -> list[dict]:
    """The clients of each company ``company`` names: SUPPLIES links and contracts it supplies."""
    rows = []
    for key in _matching(graph, company, ["Company"]):
        name = graph.nodes[key].get("name")
        for _, client, type_, attrs in graph.out_edges(key, keys=True, data=True):
            if type_ == "SUPPLIES" and holds(attrs, min_sources, as_of):
                rows.append({"company": name, "client": graph.nodes[client].get("name"),
                             "client_label": graph.nodes[client].get("label"), "link": "SUPPLIES",
                             "status": None, "evidence": len(attrs.get("evidence", []))})
        for buyer, contract, attrs in _contract_clients(graph, key, None, min_sources, as_of):
            rows.append({"company": name, "client": graph.nodes[buyer].get("name"),
                         "client_label": graph.nodes[buyer].get("label"), "link": "contract",
                         "status": graph.nodes[contract].get("status"),
                         "evidence": len(attrs.get("evidence", []))})
    return _ordered(rows, limit)


def founder_clients(graph: nx.MultiDiGraph, person: str | None = None, min_sources: int = 1,
                    as_of: str | None = None, limit: int = 100) -> list[dict]:
    """The Agency clients of the companies each person (or the one ``person`` names) founded or leads."""
    rows = []
    for key in _matching(graph, person, ["Person"]):
        for _, company, role, role_attrs in graph.out_edges(key, keys=True, data=True):
            if role not in ("FOUNDED", "LEADS") or graph.nodes[company].get("label") != "Company" \
                    or not holds(role_attrs, min_sources, as_of):
                continue
            base = {"person": graph.nodes[key].get("name"), "role": role,
                    "company": graph.nodes[company].get("name")}
            for _, client, type_, attrs in graph.out_edges(company, keys=True, data=True):
                if type_ == "SUPPLIES" and graph.nodes[client].get("label") == "Agency" \
                        and holds(attrs, min_sources, as_of):
                    rows.append({**base, "client": graph.nodes[client].get("name"), "client_label": "Agency",
                                 "link": "SUPPLIES", "status": None})
            for buyer, contract, _ in _contract_clients(graph, company, ["Agency"], min_sources, as_of):
                rows.append({**base, "client": graph.nodes[buyer].get("name"), "client_label": "Agency",
                             "link": "contract", "status": graph.nodes[contract].get("status")})
    return _ordered(rows, limit)


def contracts(graph: nx.MultiDiGraph, buyer: str | None = None, supplier: str | None = None,
              status: str | None = None, min_sources: int = 1, as_of: str | None = None,
              limit: int = 100) -> list[dict]:
    """Contracts with buyer, supplier, status, value and blockers; each filter applies when given."""
    buyer_norm = normalize(buyer) if buyer is not None else None
    supplier_norm = normalize(supplier) if supplier is not None else None
    rows = []
    for key, node in graph.nodes(data=True):
        if node.get("label") != "Contract" or (status is not None and node.get("status") != status):
            continue
        parties: dict[str, list[str]] = {"BUYER_OF": [], "SUPPLIER_OF": [], "BLOCKED": []}
        for party, _, type_, attrs in graph.in_edges(key, keys=True, data=True):
            if type_ in parties and (type_ != "SUPPLIER_OF" or holds(attrs, min_sources, as_of)):
                parties[type_].append(party)
        # collect() in Cypher drops nulls
        blocked_by = sorted(name for p in parties["BLOCKED"] if (name := graph.nodes[p].get("name")) is not None)
        for b, s in itertools.product(parties["BUYER_OF"], parties["SUPPLIER_OF"]):
            if buyer_norm is not None and buyer_norm not in graph.nodes[b].get("norm_aliases", ()):
                continue
            if supplier_norm is not None and supplier_norm not in graph.nodes[s].get("norm_aliases", ()):
                continue
            rows.append({"contract": node.get("name"), "buyer": graph.nodes[b].get("name"),
                         "supplier": graph.nodes[s].get("name"), "status": node.get("status"),
                         "value": node.get("value"), "currency": node.get("currency"),
                         "blocked_by": blocked_by, "docs": len(node.get("doc_ids", []))})
    return _ordered(rows, limit)


def _evidence_strings(attrs: dict) -> list[str]:
    # The store keeps canonical JSON strings; an export holds them parsed (same key order).
    return sorted(item if isinstance(item, str) else evidence_json(item)
                  for item in attrs.get("evidence", []))


def entity(graph: nx.MultiDiGraph, name: str, label: str | None = None) -> list[dict]:
    """The entities ``name`` names (optionally of one label), with sorted aliases and document counts."""
    return _ordered(({"key": key, "label": graph.nodes[key].get("label"), "name": graph.nodes[key].get("name"),
                      "aliases": sorted(graph.nodes[key].get("aliases", [])),
                      "documents": len(graph.nodes[key].get("doc_ids", []))}
                     for key in _matching(graph, name, [label] if label else ENTITY_LABELS)), None)


def _contract_edges(graph: nx.MultiDiGraph, contract: str) -> list[tuple[str, str, str, dict]]:
    return [(u, contract, type_, attrs) for u, _, type_, attrs in graph.in_edges(contract, keys=True, data=True)]


def why(graph: nx.MultiDiGraph, a: str, b: str) -> list[dict]:
    """Every edge linking ``a`` and ``b`` directly or through a contract, with its evidence."""
    seen, rows = set(), []
    for x in _matching(graph, a, ENTITY_LABELS):
        for y in _matching(graph, b, ENTITY_LABELS):
            if x == y:
                continue
            hits = [(u, v, t, attrs, None) for u, v, t, attrs in graph.out_edges(x, keys=True, data=True) if v == y]
            hits += [(u, v, t, attrs, None) for u, v, t, attrs in graph.out_edges(y, keys=True, data=True) if v == x]
            for _, k, _t in graph.out_edges(x, keys=True):
                if graph.nodes[k].get("label") != "Contract":
                    continue
                parties = _contract_edges(graph, k)
                if any(u == y for u, *_ in parties):
                    hits += [(u, v, t, attrs, graph.nodes[k].get("name")) for u, v, t, attrs in parties if u in (x, y)]
            for u, v, type_, attrs, via in hits:
                if (u, v, type_, via) in seen:
                    continue
                seen.add((u, v, type_, via))
                rows.append({"source": graph.nodes[u].get("name"), "type": type_, "target": graph.nodes[v].get("name"),
                             "via": via, "documents": attrs.get("doc_count", len(attrs.get("doc_ids", []))),
                             "sources": attrs.get("source_count", 0), "contradicting": attrs.get("contra_count", 0),
                             "evidence": _evidence_strings(attrs)})
    return _ordered(rows, None)


def timeline(graph: nx.MultiDiGraph, entity: str) -> list[dict]:
    """Every edge of ``entity`` and of the contracts it is party to, with its evidence."""
    seen, rows = set(), []
    for n in _matching(graph, entity, ENTITY_LABELS):
        hits = [(u, v, t, attrs, None) for u, v, t, attrs in graph.out_edges(n, keys=True, data=True)
                if graph.nodes[v].get("label") != "Contract"]
        hits += [(u, v, t, attrs, None) for u, v, t, attrs in graph.in_edges(n, keys=True, data=True)
                 if graph.nodes[u].get("label") != "Contract" and u != n]
        for _, k, _t in graph.out_edges(n, keys=True):
            if graph.nodes[k].get("label") == "Contract":
                hits += [(u, v, t, attrs, graph.nodes[k].get("name")) for u, v, t, attrs in _contract_edges(graph, k)]
        for u, v, type_, attrs, via in hits:
            if (n, u, v, type_, via) in seen:
                continue
            seen.add((n, u, v, type_, via))
            rows.append({"entity": graph.nodes[n].get("name"), "source": graph.nodes[u].get("name"), "type": type_,
                         "target": graph.nodes[v].get("name"), "via": via, "evidence": _evidence_strings(attrs)})
    return _ordered(rows, None)
