"""A parsed Doc as an extraction record: FORMAT.md's gold shape plus evidence."""
from __future__ import annotations

from graph.schema import schema
from spacy.tokens import Doc


def doc_to_record(doc: Doc, doc_id: str, meta: dict | None = None) -> dict:
    entities, mentions, contracts = doc._.ng_entities, doc._.ng_mentions, doc._.ng_contracts
    used = {m.entity for m in mentions}
    out_entities = []
    for index, ent in enumerate(entities):
        if index not in used:
            continue
        spans = [m.span(doc) for m in mentions if m.entity == index]
        out_entities.append({
            "type": ent.label,
            "name": ent.name,
            "aliases": sorted(f for f in ent.forms if f != ent.name),
            "mentions": [{"text": s.text, "start": s.start_char, "end": s.end_char,
                          "extractor": m.extractor} for s, m in zip(spans, [m for m in mentions if m.entity == index])],
        })
    names = {i: e.name for i, e in enumerate(entities)}
    relations = []
    for (type_, src, dst), items in doc._.ng_relations.items():
        relations.append({"type": type_, "source": names[src], "target": names[dst],
                          "confidence": max(ev["confidence"] for ev in items),
                          "evidence": [dict(ev, doc=doc_id) for ev in items]})
    client_statuses = schema().client_statuses
    out_contracts = []
    for c in contracts:
        evidence = [dict(ev, doc=doc_id) for ev in c.evidence]
        out_contracts.append({
            "buyer": names[c.buyer], "supplier": names[c.supplier], "status": c.status,
            "blocked_by": sorted(names[b] for b in c.blocked_by), "value": c.value, "currency": c.currency,
            "description": f"{names[c.buyer]} contract with {names[c.supplier]}",
            "evidence": evidence,
            "blocked_evidence": [dict(ev, doc=doc_id) for ev in c.blocked_evidence],
        })
        # A deal that was awarded, runs or ran makes the supplier serve the buyer.
        if c.status in client_statuses and schema().check_relation("SUPPLIES", entities[c.supplier].label,
                                                                   entities[c.buyer].label):
            existing = next((r for r in relations if (r["type"], r["source"], r["target"]) ==
                             ("SUPPLIES", names[c.supplier], names[c.buyer])), None)
            contract_ev = [dict(ev, extractor=f"contract:{c.status}") for ev in evidence]
            if existing:
                existing["evidence"] += contract_ev
            else:
                relations.append({"type": "SUPPLIES", "source": names[c.supplier], "target": names[c.buyer],
                                  "confidence": max(ev["confidence"] for ev in evidence), "evidence": contract_ev})
    relations.sort(key=lambda r: (r["type"], r["source"], r["target"]))
    out_entities.sort(key=lambda e: (e["type"], e["name"]))
    out_contracts.sort(key=lambda c: (c["buyer"], c["supplier"]))
    return {"id": doc_id, "text": doc.text, "entities": out_entities, "relations": relations,
            "contracts": out_contracts, "meta": meta or {}}
