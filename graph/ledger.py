"""The load ledger: which version of each document a store holds, and how to take one out.

A store keeps, for every document it has committed, the hash of the record
it loaded (``records.record_hash``) and what that record alone contributed
(``Rows.contributions``: its own node rows and the edges it touched). A load
then skips a document whose hash it already holds, and a changed document's
old contribution is withdrawn before the new one is merged. Both stores
apply the rules here, so they keep the same graph.

A withdrawal removes the document's evidence and id from every edge and node
it touched, deletes what no document supports any more, and recomputes a
surviving node's aliases, contract status and values from the documents
left. A node keeps its key and name: they belong to the document that first
named it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .records import edge_props, entity_alias_ids, norm_forms, record_hash, record_id
from .schema import schema

Edge = tuple[str, str, str]  # (source key, type, target key)


@dataclass
class Entry:
    """A document as the ledger holds it. ``contribution`` is None for a document
    loaded before the ledger (or bulk-imported): it can be merged again, not withdrawn."""

    id: str
    hash: str | None
    contribution: dict | None


@dataclass
class Plan:
    """What one batch does: records to merge, old versions to withdraw first, ids skipped."""

    load: list[dict] = field(default_factory=list)
    withdraw: dict[str, dict] = field(default_factory=dict)  # doc id -> its old contribution
    skipped: list[str] = field(default_factory=list)


def batches(records: Iterable[dict], size: int) -> Iterator[list[dict]]:
    """Batches of at most ``size`` records, never two with the same id.

    A document named twice in one input is loaded twice, one batch after the
    other, so the later version replaces the earlier one as in separate runs.
    """
    batch: list[dict] = []
    ids: set[str] = set()
    for record in records:
        doc_id = record_id(record)
        if len(batch) >= size or doc_id in ids:
            yield batch
            batch, ids = [], set()
        batch.append(record)
        ids.add(doc_id)
    if batch:
        yield batch


def plan(batch: list[dict], ledger: dict[str, Entry], *, replace: bool = False) -> Plan:
    """Split a batch by what the ledger holds: new, changed (withdraw, then load) or unchanged (skip).

    ``replace`` withdraws and loads again even an unchanged document: how a
    decision about its entities is applied to what is already stored.
    """
    out = Plan()
    for record in batch:
        doc_id = record_id(record)
        entry = ledger.get(doc_id)
        if entry is not None and entry.hash == record_hash(record) and not replace:
            out.skipped.append(doc_id)
            continue
        if entry is not None and entry.contribution is not None:
            out.withdraw[doc_id] = entry.contribution
        out.load.append(record)
    return out


def entry_from_store(doc_id: str, hash_: str | None, contribution: str | dict | None) -> Entry:
    """A ledger entry from what a store keeps (Neo4j keeps the contribution as JSON text)."""
    if isinstance(contribution, str):
        contribution = json.loads(contribution)
    return Entry(doc_id, hash_ or None, contribution if isinstance(contribution, dict) else None)


def touched(withdrawn: dict[str, dict]) -> tuple[set[str], set[Edge]]:
    """The node keys and edges the withdrawn documents contributed to."""
    keys = {key for c in withdrawn.values() for key in c.get("nodes", {})}
    edges = {tuple(edge) for c in withdrawn.values() for edge in c.get("edges", [])}
    return keys, edges


def sharing(nodes: dict[str, dict], withdrawn: Iterable[str]) -> set[str]:
    """Documents other than the withdrawn ones that support any of ``nodes``: whose
    contributions a withdrawal needs to recompute them."""
    gone = set(withdrawn)
    return {d for node in nodes.values() for d in node.get("doc_ids", []) if d not in gone}


@dataclass
class Withdrawal:
    """What a store writes to take documents out (all in the batch's transaction)."""

    nodes: dict[str, dict] = field(default_factory=dict)  # key -> properties to set
    deleted_nodes: set[str] = field(default_factory=set)
    edges: dict[Edge, dict] = field(default_factory=dict)  # edge -> {evidence, doc_ids, confidence}
    deleted_edges: set[Edge] = field(default_factory=set)
    deleted_aliases: set[tuple[str, str]] = field(default_factory=set)  # (alias id, key it points to)


def withdraw(withdrawn: dict[str, dict], nodes: dict[str, dict], edges: dict[Edge, dict],
             others: dict[str, Entry]) -> Withdrawal:
    """Take the ``withdrawn`` documents (id -> contribution) out of the touched ``nodes``
    (key -> properties) and ``edges`` (edge -> properties); ``others`` are the ledger
    entries of the documents in ``sharing(nodes, withdrawn)``."""
    gone = set(withdrawn)
    out = Withdrawal()
    for edge, props in edges.items():
        doc_ids = [d for d in props.get("doc_ids", []) if d not in gone]
        if not doc_ids:
            out.deleted_edges.add(edge)
            continue
        evidence = [e for e in props.get("evidence", []) if json.loads(e).get("doc") not in gone]
        out.edges[edge] = {"evidence": sorted(evidence), "doc_ids": sorted(doc_ids), **edge_props(evidence)}
    for key, node in nodes.items():
        left = sorted(d for d in node.get("doc_ids", []) if d not in gone)
        label = node["label"]
        was = {a for c in withdrawn.values() if key in c.get("nodes", {})
               for a in _alias_ids(label, c["nodes"][key])}
        if not left:
            out.deleted_nodes.add(key)
            out.deleted_aliases |= {(alias_id, key) for alias_id in was}
            continue
        rows = [others[d].contribution["nodes"][key] for d in left
                if d in others and others[d].contribution and key in others[d].contribution.get("nodes", {})]
        if len(rows) < len(left):
            # A document loaded before the ledger: its forms are unknown, so keep them all.
            out.nodes[key] = {"doc_ids": left}
            continue
        out.nodes[key] = _recompute(node, rows) | {"doc_ids": left}
        still = {a for row in rows for a in _alias_ids(label, row)}
        out.deleted_aliases |= {(alias_id, key) for alias_id in was - still}
    return out


def _alias_ids(label: str, row: dict) -> list[str]:
    return [] if label == "Contract" else entity_alias_ids(label, [row["name"], *row.get("aliases", [])])


def _recompute(node: dict, rows: list[dict]) -> dict:
    """A node's merged properties from its documents' own rows (the rule of records.merge_node)."""
    label, name = node["label"], node["name"]
    forms = {a for row in rows for a in row.get("aliases", [])}
    if label != "Contract":
        forms |= {row["name"] for row in rows}
    aliases = sorted(forms - {name})
    props = {"aliases": aliases,
             "norm_aliases": sorted({n for row in rows for n in norm_forms(label, row["name"], row.get("aliases", []))})}
    if label == "Contract":
        sch = schema()
        best = max(rows, key=lambda row: sch.status_rank(row.get("status")))
        props["status"], props["status_rank"] = best.get("status"), sch.status_rank(best.get("status"))
        for prop in ("value", "currency", "description"):
            values = [row.get(prop) for row in rows if row.get(prop) is not None]
            # Keep what the node shows if a document left still says it; else the first left that says anything.
            props[prop] = node.get(prop) if node.get(prop) in values else (values[0] if values else None)
    return props


_CONTRACT_EDGES = ("BUYER_OF", "SUPPLIER_OF", "BLOCKED")


def rebuild(doc_id: str, entry: Entry, edges: dict[Edge, dict]) -> dict:
    """The record a stored document was loaded from, as far as the graph needs it:
    its entities (by the names the document used), relations and contracts with
    their evidence (``edges``: the edges of its contribution, with properties).

    Loaded again with ``replace`` and the analyst's judgements, it re-resolves
    the document's entities; it keeps the ledger hash of the original record,
    so a later run of the same texts still skips the document.
    """
    if entry.contribution is None:
        raise ValueError(f"document {doc_id!r} was loaded before the ledger; load it again from its text")
    nodes = entry.contribution.get("nodes", {})

    def label(key: str) -> str:
        return key.split(":", 1)[0]

    def items(edge) -> list[dict]:
        found = [json.loads(e) for e in edges.get(tuple(edge), {}).get("evidence", [])]
        return [{k: v for k, v in item.items() if k not in ("doc", "source", "published")}
                for item in found if item.get("doc") == doc_id]

    record: dict = {"id": doc_id, "_ledger_hash": entry.hash, "entities": [], "relations": [], "contracts": []}
    context: dict = {}
    for key, row in sorted(nodes.items()):
        if label(key) != "Contract":
            record["entities"].append({"type": label(key), "name": row["name"], "aliases": row.get("aliases", [])})
    name = {key: row["name"] for key, row in nodes.items()}
    parties: dict[str, dict[str, list[str]]] = {}
    for edge in entry.contribution.get("edges", []):
        source, type_, target = edge
        for props in edges.get(tuple(edge), {}).get("evidence", []):
            item = json.loads(props)
            if item.get("doc") == doc_id:
                context = {"publisher": item.get("source"), "published": item.get("published")}
        if type_ in _CONTRACT_EDGES:
            parties.setdefault(target, {}).setdefault(type_, []).append(source)
        else:
            record["relations"].append({"type": type_, "source": name[source], "target": name[target],
                                        "evidence": items(edge)})
    for key, found in sorted(parties.items()):
        row = nodes.get(key, {})
        if not found.get("BUYER_OF") or not found.get("SUPPLIER_OF"):
            continue
        buyer, supplier = found["BUYER_OF"][0], found["SUPPLIER_OF"][0]
        record["contracts"].append({
            "buyer": name[buyer], "supplier": name[supplier], "status": row.get("status"),
            "value": row.get("value"), "currency": row.get("currency"), "description": row.get("description"),
            "blocked_by": sorted(name[b] for b in found.get("BLOCKED", [])),
            "evidence": items((buyer, "BUYER_OF", key)),
            "blocked_evidence": [i for b in found.get("BLOCKED", []) for i in items((b, "BLOCKED", key))],
        })
    # The evidence keeps the document's source and date: give them back as its meta.
    record["meta"] = {k: v for k, v in context.items() if v and not (k == "publisher" and v == doc_id)}
    return record
