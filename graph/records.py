"""Extraction records (one JSON line per document) and their rows for the stores.

A record has the gold-file shape of FORMAT.md plus evidence: ``id``,
``entities`` [{type, name, aliases}], ``relations`` [{type, source, target,
evidence}], ``contracts`` [{buyer, supplier, status, blocked_by, value,
currency, description, evidence}]. The stores only ever see the rows made
here, so both merge exactly the same things.
"""
from __future__ import annotations

import hashlib
import json
import math
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
    # doc id -> what that document alone put in (graph.ledger keeps it to take it out again).
    contributions: dict[str, dict] = field(default_factory=dict)

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


def norm_forms(label: str, name: str, aliases: Iterable[str]) -> list[str]:
    """The normalised forms a node is looked up by (a contract is found by its key only)."""
    return [] if label == "Contract" else sorted({normalize(a) for a in [name, *aliases]})


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
    """One evidence item as canonical JSON, so equal evidence is an equal string.

    Its ``doc`` is the record's id, whatever the item says: evidence is taken
    out again by document when that document changes.
    """
    confidence = ev.get("confidence", 1.0)
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
        raise RecordError(f"evidence confidence {confidence!r} is not a number from 0 to 1")
    for name in ("start", "end"):
        if ev.get(name) is not None and (isinstance(ev[name], bool) or not isinstance(ev[name], int)):
            raise RecordError(f"evidence {name} {ev[name]!r} is not a character offset")
    for name in ("sentence", "extractor"):
        if not isinstance(ev.get(name, ""), str):
            raise RecordError(f"evidence {name} {ev[name]!r} is not text")
    item = {
        "doc": doc_id,
        "sentence": ev.get("sentence", ""),
        "start": ev.get("start"),
        "end": ev.get("end"),
        "extractor": ev.get("extractor", "unknown"),
        "confidence": round(float(confidence), 3),
    }
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def _edge(type_: str, source: str, target: str, evidence: object, doc_id: str) -> dict:
    items = [evidence_json(ev, doc_id) for ev in _dicts(evidence, "evidence")] or [evidence_json({}, doc_id)]
    conf = max(json.loads(item)["confidence"] for item in items)
    return {"type": type_, "source": source, "target": target,
            "evidence": sorted(set(items)), "doc_ids": [doc_id], "confidence": conf}


def _dicts(value: object, what: str) -> list[dict]:
    """A list of objects, or a RecordError that says which field is not one."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RecordError(f"{what} must be a list of objects")
    return value


def record_hash(record: dict) -> str:
    """SHA-256 of what a record puts into the graph: the ledger's version of a document.

    Its text and meta do not count: a document whose extraction is unchanged
    changes nothing in the graph. Text that is not valid Unicode (a lone
    surrogate from a JSON escape) is refused here, before any store sees it.
    """
    content = {k: record.get(k) for k in ("entities", "relations", "contracts")}
    try:
        data = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        raise RecordError("the record holds text that is not valid Unicode (a lone surrogate)") from None
    except (TypeError, ValueError) as exc:
        raise RecordError(f"the record cannot be read as data ({exc})") from None
    return hashlib.sha256(data).hexdigest()


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
    aliases = ent.get("aliases") if isinstance(ent.get("aliases"), list) else []
    name = ent.get("name") if isinstance(ent.get("name"), str) else ""
    return [name, *[a for a in aliases if isinstance(a, str)]]


def record_alias_ids(record: dict) -> list[str]:
    """Every alias id a record's entities use: what a store looks up before a load."""
    return sorted({i for ent in record.get("entities", []) if isinstance(ent, dict)
                   for i in entity_alias_ids(str(ent.get("type")), _forms(ent))})


def _resolve_key(label: str, name: str, ids: list[str], rows: Rows, known: dict[str, str]) -> str:
    """The node an entity merges into: one already holding any of its forms, else its own."""
    votes: dict[str, int] = {}
    for alias_id in ids:
        # The store's map first: a batch only adds ids the store lacks, so batches of any size agree.
        key = known.get(alias_id) or rows.aliases.get(alias_id)
        if key is not None:
            votes[key] = votes.get(key, 0) + 1
    if not votes:
        return node_key(label, name)
    return min(votes, key=lambda k: (-votes[k], k))


def _text(value: object, what: str, *, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise RecordError(f"{what} {value!r} is not {'a non-empty ' if required else ''}text")
    return value


def record_id(record: dict) -> str:
    """A record's document id (text or a whole number), as the stores key it."""
    doc_id = record.get("id")
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)) or not str(doc_id).strip():
        raise RecordError(f"the id {doc_id!r} is not a non-empty text or number")
    return str(doc_id)


# What a document's own node rows keep in its ledger entry: enough to
# recompute a node from the documents left when one is taken out.
_CONTRIBUTED = ("name", "aliases", "status", "value", "currency", "description")


def record_rows(record: dict, rows: Rows | None = None, known: dict[str, str] | None = None) -> Rows:
    """Turn one extraction record into rows (added to ``rows`` if given).

    ``known`` maps alias ids already in the store to their node keys. What
    this record alone contributes is kept in ``rows.contributions[id]``.
    """
    sch = schema()
    rows = rows if rows is not None else Rows()
    known = known or {}
    doc_id = record_id(record)
    doc_hash = record_hash(record)
    mine: dict[str, dict] = {}
    my_edges: set[tuple[str, str, str]] = set()

    def add_node(row: dict) -> None:
        if row["key"] in mine:
            merge_node(mine[row["key"]], dict(row))
        else:
            mine[row["key"]] = dict(row)
        rows.add_node(row)

    def add_edge(row: dict) -> None:
        my_edges.add((row["source"], row["type"], row["target"]))
        rows.add_edge(row)

    by_name: dict[str, tuple[str, str]] = {}  # any surface form -> (key, label)
    for ent in _dicts(record.get("entities"), "entities"):
        label, name = ent.get("type"), ent.get("name")
        if not isinstance(label, str) or label not in sch.entity_labels or not isinstance(name, str) or not name.strip():
            raise RecordError(f"entity {ent!r} needs a type of {list(sch.entity_labels)} and a name")
        ids = entity_alias_ids(label, _forms(ent))
        key = _resolve_key(label, name, ids, rows, known)
        for alias_id in ids:
            if alias_id not in known:
                rows.aliases.setdefault(alias_id, key)
        aliases = sorted({a for a in _forms(ent)[1:] if a.strip()} - {name})
        add_node({
            "key": key, "label": label, "name": name, "aliases": aliases,
            "norm_aliases": norm_forms(label, name, aliases),
            "doc_ids": [doc_id],
        })
        for form in (name, *aliases):
            by_name.setdefault(normalize(form), (key, label))

    def resolve(name: object, what: str) -> tuple[str, str]:
        hit = by_name.get(normalize(name)) if isinstance(name, str) else None
        if hit is None:
            raise RecordError(f"{what} {name!r} is not one of the document's entities")
        return hit

    for rel in _dicts(record.get("relations"), "relations"):
        type_ = rel.get("type")
        (src, src_label), (dst, dst_label) = resolve(rel.get("source"), "source"), resolve(rel.get("target"), "target")
        if not isinstance(type_, str) or not sch.check_relation(type_, src_label, dst_label) or sch.relations[type_].contract:
            raise RecordError(f"relation {type_!r} {src_label}->{dst_label} is not in the schema")
        add_edge(_edge(type_, src, dst, rel.get("evidence"), doc_id))

    for con in _dicts(record.get("contracts"), "contracts"):
        (buyer, buyer_label), (supplier, _) = resolve(con.get("buyer"), "buyer"), resolve(con.get("supplier"), "supplier")
        status = con.get("status") or "unknown"
        if not isinstance(status, str) or status not in sch.statuses:
            raise RecordError(f"contract status {status!r} is not one of {list(sch.statuses)}")
        value = con.get("value")
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                  or not math.isfinite(value)):
            raise RecordError(f"contract value {value!r} is not a number")
        blocked_by = con.get("blocked_by") or []
        if not isinstance(blocked_by, list):
            raise RecordError("blocked_by must be a list of names")
        key = contract_key(buyer, supplier)
        # The names this document uses: a contract's name must not depend on the batch it is loaded in.
        buyer_name, supplier_name = mine[buyer]["name"], mine[supplier]["name"]
        name = f"{buyer_name} – {supplier_name} contract"
        add_node({
            "key": key, "label": "Contract", "name": name, "aliases": [],
            "norm_aliases": [], "doc_ids": [doc_id],
            "status": status, "status_rank": sch.status_rank(status),
            "value": float(value) if value is not None else None,
            "currency": _text(con.get("currency"), "contract currency"),
            "description": _text(con.get("description"), "contract description") or name,
        })
        evidence = con.get("evidence")
        add_edge(_edge("BUYER_OF", buyer, key, evidence, doc_id))
        add_edge(_edge("SUPPLIER_OF", supplier, key, evidence, doc_id))
        for blocker in blocked_by:
            b_key, b_label = resolve(blocker, "blocked_by")
            if b_label in sch.relations["BLOCKED"].source:
                blocked_evidence = con.get("blocked_evidence", evidence)
                add_edge(_edge("BLOCKED", b_key, key, blocked_evidence, doc_id))
    meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
    sha256 = meta.get("sha256") if isinstance(meta.get("sha256"), str) else ""
    rows.documents.append({"id": doc_id, "sha256": sha256, "hash": doc_hash})
    rows.contributions[doc_id] = {
        "nodes": {key: {k: row[k] for k in _CONTRIBUTED if k in row} for key, row in sorted(mine.items())},
        "edges": sorted(list(edge) for edge in my_edges),
    }
    return rows


_JSON_SPACE = " \t\r\n"  # str.strip() would also take control characters such as \x1c for blanks


def read_records(path: str | Path, *, skip_bad: bool = False, errors: list[str] | None = None,
                 required: tuple[str, ...] = ("id",)) -> Iterator[dict]:
    """Stream records from a JSON Lines file; a bad line raises (or is skipped and noted).

    The message of a bad line starts with ``path:line:`` and says why. Gold
    files have the same shape and also need ``text``: ``required=("id", "text")``.
    """
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                if not line.strip(_JSON_SPACE):
                    continue
                record = json.loads(line)
                if not isinstance(record, dict) or not all(name in record for name in required):
                    raise RecordError(f"a line is a JSON object with {' and '.join(map(repr, required))}")
                if "text" in required and not isinstance(record["text"], str):
                    raise RecordError("its 'text' is not text")
                record_rows(record)  # validates
            except (ValueError, RecursionError) as exc:  # JSON, Unicode and record errors
                reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else \
                    "nested too deeply" if isinstance(exc, RecursionError) else exc
                message = f"{path}:{number}: {reason}"
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
