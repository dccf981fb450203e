"""Extraction records (one JSON line per document) and their rows for the stores.

A record has the gold-file shape of FORMAT.md plus evidence: ``id``,
``entities`` [{type, name, aliases}], ``relations`` [{type, source, target,
evidence}], ``contracts`` [{buyer, supplier, status, blocked_by, value,
currency, description, evidence}]. The stores only ever see the rows made
here, so both merge exactly the same things.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .names import company_key, contract_key, node_key, normalize
from .schema import schema


class RecordError(ValueError):
    """A record that cannot be loaded; the message says where and why."""


@dataclass
class Rows:
    """Node and edge rows of one or more documents, ready to MERGE."""

    nodes: dict[str, dict] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], dict] = field(default_factory=dict)
    documents: list[dict] = field(default_factory=list)
    # "label|form" -> node key: how a later mention of any form finds its node.
    aliases: dict[str, str] = field(default_factory=dict)

    def add_node(self, row: dict) -> None:
        old = self.nodes.get(row["key"])
        if old is None:
            self.nodes[row["key"]] = row
        else:
            merge_node(old, row)

    def add_edge(self, row: dict) -> None:
        ident = (row["source"], row["type"], row["target"])
        old = self.edges.get(ident)
        if old is None:
            self.edges[ident] = row
        else:
            merge_edge(old, row)


def _union(old: list, new: list) -> list:
    return sorted(set(old) | set(new))


def merge_node(old: dict, new: dict) -> None:
    """Merge ``new`` into ``old`` in place: the rule both stores implement."""
    # Another document's name for the same entity is an alias (a contract's name is only a label).
    names = {new["name"]} if old["label"] != "Contract" else set()
    old["aliases"] = sorted((set(old["aliases"]) | set(new["aliases"]) | names) - {old["name"]})
    old["norm_aliases"] = _union(old["norm_aliases"], new["norm_aliases"])
    old["doc_ids"] = _union(old["doc_ids"], new["doc_ids"])
    if old["label"] == "Contract":
        if new["status_rank"] > old["status_rank"]:
            old["status"], old["status_rank"] = new["status"], new["status_rank"]
        for prop in ("value", "currency", "description"):
            if old.get(prop) is None and new.get(prop) is not None:
                old[prop] = new[prop]


def merge_edge(old: dict, new: dict) -> None:
    old["evidence"] = _union(old["evidence"], new["evidence"])
    old["doc_ids"] = _union(old["doc_ids"], new["doc_ids"])
    old["confidence"] = max(old["confidence"], new["confidence"])


def evidence_json(ev: dict, doc_id: str) -> str:
    """One evidence item as canonical JSON, so equal evidence is an equal string."""
    item = {
        "doc": ev.get("doc", doc_id),
        "sentence": ev.get("sentence", ""),
        "start": ev.get("start"),
        "end": ev.get("end"),
        "extractor": ev.get("extractor", "unknown"),
        "confidence": round(float(ev.get("confidence", 1.0)), 3),
    }
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def _edge(type_: str, source: str, target: str, evidence: list[dict], doc_id: str) -> dict:
    items = [evidence_json(ev, doc_id) for ev in evidence] or [evidence_json({}, doc_id)]
    conf = max(json.loads(item)["confidence"] for item in items)
    return {"type": type_, "source": source, "target": target,
            "evidence": sorted(set(items)), "doc_ids": [doc_id], "confidence": conf}


def entity_alias_ids(label: str, forms: Iterable[str]) -> list[str]:
    """The forms by which an entity is found again in other documents.

    A person is found by full names only: two people may share a surname.
    """
    ids = set()
    for form in forms:
        norm = company_key(form) if label == "Company" else normalize(form)
        if norm and (label != "Person" or " " in norm):
            ids.add(f"{label}|{norm}")
    return sorted(ids)


def _forms(ent: dict) -> list[str]:
    return [ent.get("name") or "", *[a for a in ent.get("aliases", []) if isinstance(a, str)]]


def record_alias_ids(record: dict) -> list[str]:
    """Every alias id a record's entities use: what a store looks up before a load."""
    return sorted({i for ent in record.get("entities", []) if isinstance(ent, dict)
                   for i in entity_alias_ids(str(ent.get("type")), _forms(ent))})


def _resolve_key(label: str, name: str, ids: list[str], rows: Rows, known: dict[str, str]) -> str:
    """The node an entity merges into: one already holding any of its forms, else its own."""
    votes: dict[str, int] = {}
    for alias_id in ids:
        key = rows.aliases.get(alias_id) or known.get(alias_id)
        if key is not None:
            votes[key] = votes.get(key, 0) + 1
    if not votes:
        return node_key(label, name)
    return min(votes, key=lambda k: (-votes[k], k))


def record_rows(record: dict, rows: Rows | None = None, known: dict[str, str] | None = None) -> Rows:
    """Turn one extraction record into rows (added to ``rows`` if given).

    ``known`` maps alias ids already in the store to their node keys.
    """
    sch = schema()
    rows = rows if rows is not None else Rows()
    known = known or {}
    doc_id = str(record["id"])
    by_name: dict[str, tuple[str, str]] = {}  # any surface form -> (key, label)
    for ent in record.get("entities", []):
        label, name = ent.get("type"), ent.get("name")
        if label not in sch.entity_labels or not isinstance(name, str) or not name.strip():
            raise RecordError(f"entity {ent!r} needs a type of {list(sch.entity_labels)} and a name")
        ids = entity_alias_ids(label, _forms(ent))
        key = _resolve_key(label, name, ids, rows, known)
        for alias_id in ids:
            rows.aliases.setdefault(alias_id, key)
        aliases = sorted({a for a in ent.get("aliases", []) if isinstance(a, str) and a.strip()} - {name})
        rows.add_node({
            "key": key, "label": label, "name": name, "aliases": aliases,
            "norm_aliases": sorted({normalize(a) for a in [name, *aliases]}),
            "doc_ids": [doc_id],
        })
        for form in (name, *aliases):
            by_name.setdefault(normalize(form), (key, label))

    def resolve(name: object, what: str) -> tuple[str, str]:
        hit = by_name.get(normalize(name)) if isinstance(name, str) else None
        if hit is None:
            raise RecordError(f"{what} {name!r} is not one of the document's entities")
        return hit

    for rel in record.get("relations", []):
        type_ = rel.get("type")
        (src, src_label), (dst, dst_label) = resolve(rel.get("source"), "source"), resolve(rel.get("target"), "target")
        if not sch.check_relation(type_, src_label, dst_label) or sch.relations[type_].contract:
            raise RecordError(f"relation {type_} {src_label}->{dst_label} is not in the schema")
        rows.add_edge(_edge(type_, src, dst, rel.get("evidence", []), doc_id))

    for con in record.get("contracts", []):
        (buyer, buyer_label), (supplier, _) = resolve(con.get("buyer"), "buyer"), resolve(con.get("supplier"), "supplier")
        status = con.get("status") or "unknown"
        if status not in sch.statuses:
            raise RecordError(f"contract status {status!r} is not one of {list(sch.statuses)}")
        key = contract_key(buyer, supplier)
        buyer_name, supplier_name = rows.nodes[buyer]["name"], rows.nodes[supplier]["name"]
        name = f"{buyer_name} – {supplier_name} contract"
        value = con.get("value")
        rows.add_node({
            "key": key, "label": "Contract", "name": name, "aliases": [],
            "norm_aliases": [], "doc_ids": [doc_id],
            "status": status, "status_rank": sch.status_rank(status),
            "value": float(value) if isinstance(value, (int, float)) else None,
            "currency": con.get("currency"),
            "description": con.get("description") or name,
        })
        evidence = con.get("evidence", [])
        rows.add_edge(_edge("BUYER_OF", buyer, key, evidence, doc_id))
        rows.add_edge(_edge("SUPPLIER_OF", supplier, key, evidence, doc_id))
        for blocker in con.get("blocked_by") or []:
            b_key, b_label = resolve(blocker, "blocked_by")
            if b_label in sch.relations["BLOCKED"].source:
                rows.add_edge(_edge("BLOCKED", b_key, key, con.get("blocked_evidence", evidence), doc_id))
    rows.documents.append({"id": doc_id, "sha256": (record.get("meta") or {}).get("sha256", "")})
    return rows


def read_records(path: str | Path, *, skip_bad: bool = False, errors: list[str] | None = None) -> Iterator[dict]:
    """Stream records from a JSON Lines file; a bad line raises (or is skipped and noted)."""
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict) or "id" not in record:
                    raise RecordError("a record is a JSON object with an 'id'")
                record_rows(record)  # validates
            except (json.JSONDecodeError, RecordError) as exc:
                message = f"{path}:{number}: {exc}"
                if not skip_bad:
                    raise RecordError(message) from None
                if errors is not None:
                    errors.append(message)
                continue
            yield record


def rows_of(records: Iterable[dict]) -> Rows:
    rows = Rows()
    for record in records:
        record_rows(record, rows)
    return rows
