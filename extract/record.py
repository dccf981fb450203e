"""A parsed Doc as an extraction record: FORMAT.md's gold shape plus evidence."""
from __future__ import annotations

from graph.schema import schema
from spacy.tokens import Doc

from .dates import finish_evidence


def best_confidence(evidence: list[dict]) -> float:
    """The confidence of the best evidence that supports; of any evidence if none does."""
    stated = [ev["confidence"] for ev in evidence if not ev.get("negated")]
    return max(stated or [ev["confidence"] for ev in evidence])


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
    published = (meta or {}).get("published")

    def finish(items: list[dict]) -> list[dict]:
        return [finish_evidence(ev, doc_id, published) for ev in items]

    relations = []
    for (type_, src, dst), items in doc._.ng_relations.items():
        evidence = finish(items)
        relations.append({"type": type_, "source": names[src], "target": names[dst],
                          "confidence": best_confidence(evidence), "evidence": evidence})
    client_statuses = schema().client_statuses
    out_contracts = []
    for c in contracts:
        evidence = finish(c.evidence)
        out_contracts.append({
            "buyer": names[c.buyer], "supplier": names[c.supplier], "status": c.status,
            "blocked_by": sorted(names[b] for b in c.blocked_by), "value": c.value, "currency": c.currency,
            "description": f"{names[c.buyer]} contract with {names[c.supplier]}",
            "evidence": evidence,
            "blocked_evidence": finish(c.blocked_evidence),
        })
        # A deal that was awarded, runs or ran makes the supplier serve the buyer (one that ran
        # before it was halted too): the sentences that state it do, not those that deny it.
        stated = [ev for ev in evidence if not ev["negated"]]
        if stated and (c.status in client_statuses or c.ran) and schema().check_relation(
                "SUPPLIES", entities[c.supplier].label, entities[c.buyer].label):
            existing = next((r for r in relations if (r["type"], r["source"], r["target"]) ==
                             ("SUPPLIES", names[c.supplier], names[c.buyer])), None)
            contract_ev = [dict(ev, extractor=f"contract:{c.status}") for ev in stated]
            if existing:
                existing["evidence"] += contract_ev
                existing["confidence"] = best_confidence(existing["evidence"])
            else:
                relations.append({"type": "SUPPLIES", "source": names[c.supplier], "target": names[c.buyer],
                                  "confidence": best_confidence(contract_ev), "evidence": contract_ev})
    relations.sort(key=lambda r: (r["type"], r["source"], r["target"]))
    out_entities.sort(key=lambda e: (e["type"], e["name"]))
    out_contracts.sort(key=lambda c: (c["buyer"], c["supplier"]))
    return {"id": doc_id, "text": doc.text, "entities": out_entities, "relations": relations,
            "contracts": out_contracts, "meta": meta or {}}
