"""Extraction records (one JSON line per document) and their rows for the stores.

A record has the gold-file shape of FORMAT.md plus evidence: ``id``,
``entities`` [{type, name, aliases}], ``relations`` [{type, source, target,
evidence}], ``contracts`` [{buyer, supplier, status, blocked_by, value,
currency, description, evidence}]. The stores only ever see the rows made
here, so both merge exactly the same things.
"""
from __future__ import annotations

import calendar
import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .names import company_key, company_short, contract_key, node_key, normalize
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


# The lists an edge keeps beside its evidence, so that a store can merge
# corroboration by set union (Neo4j has no JSON parser), and the counts and
# dates derived from them (edge_counts: the rule both stores implement).
EDGE_LISTS = ("support_docs", "contra_docs", "sources", "seen", "from_dates", "to_dates")


def merge_edge(old: dict, new: dict) -> None:
    old["evidence"] = _union(old["evidence"], new["evidence"])
    old["doc_ids"] = _union(old["doc_ids"], new["doc_ids"])
    old["confidence"] = max(old["confidence"], new["confidence"])
    for name in EDGE_LISTS:
        old[name] = _union(old.get(name, []), new.get(name, []))
    old.update(edge_counts(old))


def edge_counts(lists: dict) -> dict:
    """How well an edge is sourced, from its lists: distinct documents and sources
    that support it, documents that contradict it, first/last seen (publication
    dates of supporting documents) and the time the link held (valid_from/to)."""
    def pick(name: str, choose) -> str | None:
        values = lists.get(name) or []
        return choose(values) if values else None

    return {"doc_count": len(lists.get("support_docs") or []),
            "contra_count": len(lists.get("contra_docs") or []),
            "source_count": len(lists.get("sources") or []),
            "first_seen": pick("seen", min), "last_seen": pick("seen", max),
            "valid_from": pick("from_dates", min), "valid_to": pick("to_dates", max)}


ISO_DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
DATE_KINDS = ("signed", "blocked", "ended", "from", "to", "at")
# Kinds of date that say when a link began, and when it stopped holding.
_STARTS, _ENDS = ("from", "signed"), ("to", "ended", "blocked")


def _date(value: object, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not ISO_DATE.match(value):
        raise RecordError(f"{what} {value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return value


def period_start(date: str) -> str:
    """The first day a stated date covers: "2019" -> "2019-01-01"."""
    return (date + "-01-01")[:10] if len(date) == 4 else (date + "-01")[:10]


def period_end(date: str) -> str:
    """The last day a stated date covers: "2019" -> "2019-12-31", "2020-02" -> "2020-02-29"."""
    if len(date) == 10:
        return date
    year, month = int(date[:4]), int(date[5:7]) if len(date) == 7 else 12
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def evidence_lists(items: Iterable[dict]) -> dict:
    """An edge's lists (EDGE_LISTS) from its evidence items (parsed)."""
    items = list(items)
    support = [i for i in items if not i.get("negated")]
    return {
        "support_docs": sorted({i["doc"] for i in support}),
        "contra_docs": sorted({i["doc"] for i in items if i.get("negated")}),
        "sources": sorted({i.get("source") or i["doc"] for i in support}),
        "seen": sorted({i["published"] for i in support if i.get("published")}),
        "from_dates": sorted({period_start(i["date"]) for i in support
                              if i.get("date") and i.get("date_kind") in _STARTS}),
        "to_dates": sorted({period_end(i.get("date_to") or i["date"]) for i in support
                            if i.get("date_to") or (i.get("date") and i.get("date_kind") in _ENDS)}),
    }


def edge_props(evidence: list[str] | list[dict]) -> dict:
    """Everything an edge derives from its evidence (JSON strings or parsed): confidence, lists, counts."""
    items = [json.loads(e) if isinstance(e, str) else e for e in evidence]
    lists = evidence_lists(items)
    confidence = max((i["confidence"] for i in items if not i.get("negated")), default=0.0)
    return {"confidence": confidence, **lists, **edge_counts(lists)}


def evidence_json(item: dict) -> str:
    """An evidence item (from evidence_item) as the canonical JSON text the stores keep:
    its keys in their fixed order, so equal evidence is an equal string."""
    return json.dumps(item, ensure_ascii=False)


def evidence_item(ev: dict, doc_id: str, context: dict | None = None) -> dict:
    """One evidence item checked and in canonical form (as JSON: equal evidence is an equal string).

    Its ``doc`` is the record's id, whatever the item says: evidence is taken
    out again by document when that document changes; ``source`` and
    ``published`` come from the record's meta (``context``). The keys keep a
    fixed order, which the .cypher files rely on to cut fields out.
    """
    context = context or {}
    confidence = ev.get("confidence", 1.0)
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
        raise RecordError(f"evidence confidence {confidence!r} is not a number from 0 to 1")
    for name in ("start", "end"):
        if ev.get(name) is not None and (isinstance(ev[name], bool) or not isinstance(ev[name], int)):
            raise RecordError(f"evidence {name} {ev[name]!r} is not a character offset")
    for name in ("sentence", "extractor"):
        if not isinstance(ev.get(name, ""), str):
            raise RecordError(f"evidence {name} {ev[name]!r} is not text")
    if not isinstance(ev.get("negated", False), bool):
        raise RecordError(f"evidence negated {ev['negated']!r} is not true or false")
    kind = ev.get("date_kind")
    if kind is not None and kind not in DATE_KINDS:
        raise RecordError(f"evidence date_kind {kind!r} is not one of {', '.join(DATE_KINDS)}")
    item = {
        "doc": doc_id,
        "start": ev.get("start"),
        "end": ev.get("end"),
        "sentence": ev.get("sentence", ""),
        "extractor": ev.get("extractor", "unknown"),
        "confidence": round(float(confidence), 3),
        "negated": ev.get("negated", False),
        "source": context.get("source") or doc_id,
        "published": context.get("published"),
        "date": _date(ev.get("date"), "evidence date"),
        "date_kind": kind if ev.get("date") is not None else None,
        "date_to": _date(ev.get("date_to"), "evidence date_to"),
    }
    return item


def _edge(type_: str, source: str, target: str, evidence: object, doc_id: str, context: dict) -> dict:
    items = [evidence_item(ev, doc_id, context) for ev in _dicts(evidence, "evidence")] \
        or [evidence_item({}, doc_id, context)]
    return {"type": type_, "source": source, "target": target,
            "evidence": sorted({evidence_json(item) for item in items}), "doc_ids": [doc_id],
            **edge_props(items)}


def record_context(record: dict) -> dict:
    """What a record's evidence takes from its meta: the source (publisher, else the
    folder the file came from) and the publication date."""
    meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
    publisher = meta.get("publisher") if isinstance(meta.get("publisher"), str) else None
    path = meta.get("source") if isinstance(meta.get("source"), str) else None
    folder = Path(path).parent.name if path and Path(path).parent.name else None
    published = meta.get("published")
    try:
        published = _date(published[:10] if isinstance(published, str) else published, "meta published")
    except RecordError:
        published = None  # a date we cannot read is no date, not a reason to refuse the document
    return {"source": (publisher or "").strip() or folder, "published": published}


def _dicts(value: object, what: str) -> list[dict]:
    """A list of objects, or a RecordError that says which field is not one."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise RecordError(f"{what} must be a list of objects")
    return value


def record_hash(record: dict) -> str:
    """SHA-256 of what a record puts into the graph: the ledger's version of a document.

    Its text and meta do not count (but for its source and date): a document
    whose extraction is unchanged changes nothing in the graph. Text that is
    not valid Unicode (a lone surrogate from a JSON escape) is refused here,
    before any store sees it. A record rebuilt from a store to apply a
    decision (graph.ledger.rebuild) keeps the hash of the record it came from.
    """
    if isinstance(record.get("_ledger_hash"), str):
        return record["_ledger_hash"]
    content = {k: record.get(k) for k in ("entities", "relations", "contracts")}
    context = record_context(record)
    if any(context.values()):  # records without them keep the hash they had before sources were kept
        content["context"] = context
    try:
        data = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        raise RecordError("the record holds text that is not valid Unicode (a lone surrogate)") from None
    except (TypeError, ValueError) as exc:
        raise RecordError(f"the record cannot be read as data ({exc})") from None
    return hashlib.sha256(data).hexdigest()


def entity_alias_ids(label: str, forms: Iterable[str]) -> list[str]:
    """The forms by which an entity is found again in other documents.

    A person is found by full names only: two people may share a surname. A
    firm is also found by its name less generic words ("Palantir
    Technologies" meets "Palantir" in another document).
    """
    ids = set()
    for form in forms:
        norm = company_key(form) if label == "Company" else normalize(form)
        if norm and (label != "Person" or " " in norm):
            ids.add(f"{label}|{norm}")
        if label == "Company" and company_short(form):
            ids.add(f"Company|{company_short(form)}")
    return sorted(ids)


def _forms(ent: dict) -> list[str]:
    aliases = ent.get("aliases") if isinstance(ent.get("aliases"), list) else []
    name = ent.get("name") if isinstance(ent.get("name"), str) else ""
    return [name, *[a for a in aliases if isinstance(a, str)]]


def record_alias_ids(record: dict, judgements=None) -> list[str]:
    """Every alias id a record's entities use (with the forms an analyst merged them
    with): what a store looks up before a load."""
    ids = set()
    for ent in record.get("entities", []):
        if isinstance(ent, dict):
            label, forms = str(ent.get("type")), _forms(ent)
            if judgements is not None:
                forms = forms + judgements.merged_forms(label, forms)
            ids.update(entity_alias_ids(label, forms))
    return sorted(ids)


def _resolve_key(label: str, name: str, ids: list[str], rows: Rows, known: dict[str, str],
                 refused=None) -> str:
    """The node an entity merges into: one already holding any of its forms, else its own.

    ``refused(key)`` is true for a node an analyst said this entity is not.
    """
    votes: dict[str, int] = {}
    for alias_id in ids:
        # The store's map first: a batch only adds ids the store lacks, so batches of any size agree.
        key = known.get(alias_id) or rows.aliases.get(alias_id)
        if key is not None and not (refused and refused(key)):
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


def record_rows(record: dict, rows: Rows | None = None, known: dict[str, str] | None = None,
                judgements=None) -> Rows:
    """Turn one extraction record into rows (added to ``rows`` if given).

    ``known`` maps alias ids already in the store to their node keys;
    ``judgements`` (graph.decisions.Judgements) are the analyst's merges and
    not-same decisions, applied on top of the automatic resolution. What this
    record alone contributes is kept in ``rows.contributions[id]``, with the
    names the document itself used, so a decision can be undone.
    """
    sch = schema()
    rows = rows if rows is not None else Rows()
    known = known or {}
    doc_id = record_id(record)
    doc_hash = record_hash(record)
    context = record_context(record)
    mine: dict[str, dict] = {}
    my_edges: set[tuple[str, str, str]] = set()

    def add_node(row: dict, own: dict | None = None) -> None:
        own = dict(own or row)
        if row["key"] in mine:
            merge_node(mine[row["key"]], own)
        else:
            mine[row["key"]] = own
        rows.add_node(row)

    def add_edge(row: dict) -> None:
        my_edges.add((row["source"], row["type"], row["target"]))
        rows.add_edge(row)

    by_name: dict[str, tuple[str, str]] = {}  # any surface form -> (key, label)
    shown: dict[str, str] = {}  # node key -> the name this record gives it
    for ent in _dicts(record.get("entities"), "entities"):
        label, name = ent.get("type"), ent.get("name")
        if not isinstance(label, str) or label not in sch.entity_labels or not isinstance(name, str) or not name.strip():
            raise RecordError(f"entity {ent!r} needs a type of {list(sch.entity_labels)} and a name")
        own_aliases = sorted({a for a in _forms(ent)[1:] if a.strip()} - {name})
        own = {"key": None, "label": label, "name": name, "aliases": own_aliases,
               "norm_aliases": norm_forms(label, name, own_aliases), "doc_ids": [doc_id]}
        node_name, forms, refused = name, _forms(ent), None
        if judgements is not None:
            # A form split off from this entity is its own entity; a merged one finds the others.
            forms = [f for f in forms if not judgements.apart(label, name, f)]
            node_name = judgements.canonical(label, forms) or name
            refused = judgements.refuses(label, forms)
        ids = entity_alias_ids(label, forms + (judgements.merged_forms(label, forms) if judgements else []))
        key = _resolve_key(label, node_name, ids, rows, known, refused)
        for alias_id in entity_alias_ids(label, forms):
            if alias_id not in known:
                rows.aliases.setdefault(alias_id, key)
        aliases = sorted({a for a in [*forms, name] if a.strip()} - {node_name})
        own["key"] = key
        shown.setdefault(key, node_name)
        add_node({
            "key": key, "label": label, "name": node_name, "aliases": aliases,
            "norm_aliases": norm_forms(label, node_name, aliases),
            "doc_ids": [doc_id],
        }, own)
        for form in (name, *own_aliases):
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
        add_edge(_edge(type_, src, dst, rel.get("evidence"), doc_id, context))

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
        # The names this record gives its nodes: a contract's name must not depend on the batch it is loaded in.
        buyer_name, supplier_name = shown[buyer], shown[supplier]
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
        add_edge(_edge("BUYER_OF", buyer, key, evidence, doc_id, context))
        add_edge(_edge("SUPPLIER_OF", supplier, key, evidence, doc_id, context))
        for blocker in blocked_by:
            b_key, b_label = resolve(blocker, "blocked_by")
            if b_label in sch.relations["BLOCKED"].source:
                blocked_evidence = con.get("blocked_evidence", evidence)
                add_edge(_edge("BLOCKED", b_key, key, blocked_evidence, doc_id, context))
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
