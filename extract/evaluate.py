"""Scoring predicted records against gold records, as FORMAT.md defines it."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graph.names import normalize

LABELS = ("Person", "Company", "Agency")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    entities: dict[str, Tally] = field(default_factory=dict)
    relations: dict[str, Tally] = field(default_factory=dict)
    contracts: Tally = field(default_factory=Tally)
    status: Counter = field(default_factory=Counter)  # "right" / "wrong"
    blocked_by: Counter = field(default_factory=Counter)
    value: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)
    documents: int = 0

    def tally(self, table: dict[str, Tally], key: str) -> Tally:
        return table.setdefault(key, Tally())

    @staticmethod
    def total(table: dict[str, Tally]) -> Tally:
        out = Tally()
        for t in table.values():
            out.tp, out.fp, out.fn = out.tp + t.tp, out.fp + t.fp, out.fn + t.fn
        return out

    def rows(self) -> list[dict]:
        """The score table: one row per measure."""
        rows = []

        def row(group: str, name: str, t: Tally) -> None:
            rows.append({"group": group, "type": name, "precision": round(t.precision, 3),
                         "recall": round(t.recall, 3), "f1": round(t.f1, 3), "tp": t.tp, "fp": t.fp, "fn": t.fn})

        for name in sorted(self.entities):
            row("entities", name, self.entities[name])
        row("entities", "ALL", self.total(self.entities))
        for name in sorted(self.relations):
            row("relations", name, self.relations[name])
        row("relations", "ALL", self.total(self.relations))
        row("contracts", "pairs", self.contracts)
        for name, counter in (("status", self.status), ("blocked_by", self.blocked_by), ("value", self.value)):
            n = counter["right"] + counter["wrong"]
            rows.append({"group": "contracts", "type": f"{name} accuracy", "precision": None, "recall": None,
                         "f1": round(counter["right"] / n, 3) if n else None, "tp": counter["right"],
                         "fp": counter["wrong"], "fn": None})
        return rows


def is_denied(item: dict) -> bool:
    """A relation or contract whose evidence in the document only denies it
    ("did not award", "denied any contract"): contradiction, not a prediction."""
    evidence = item.get("evidence")
    return isinstance(evidence, list) and bool(evidence) and all(
        isinstance(ev, dict) and ev.get("negated") is True for ev in evidence)


def _forms(item: dict) -> set[str]:
    return {normalize(f) for f in [item.get("name", ""), *item.get("aliases", [])] if f}


def score(gold_records: list[dict], predicted: dict[str, dict]) -> Report:
    """Micro-averaged scores of ``predicted`` (by document id) against ``gold_records``.

    A predicted relation or contract whose evidence all denies it (``negated``)
    is no prediction: it is neither a hit nor a false one.
    """
    report = Report()
    for gold in gold_records:
        report.documents += 1
        pred = predicted.get(gold["id"], {"entities": [], "relations": [], "contracts": []})
        _score_document(gold, pred, report)
    return report


def _score_document(gold: dict, pred: dict, report: Report) -> None:
    doc = gold["id"]
    gold_ents = [e for e in gold.get("entities", []) if e.get("type") in LABELS]
    # Map each predicted entity to the gold entity it names (same type, shared form).
    pred_to_gold: dict[str, int] = {}
    matched_gold: set[int] = set()
    for p in pred.get("entities", []):
        if p.get("type") not in LABELS:
            continue
        forms = _forms(p)
        hit = next((i for i, g in enumerate(gold_ents) if g["type"] == p["type"] and forms & _forms(g)), None)
        if hit is None:
            any_type = next((i for i, g in enumerate(gold_ents) if forms & _forms(g)), None)
            if any_type is not None:
                pred_to_gold[normalize(p["name"])] = any_type  # for relation endpoints
            report.tally(report.entities, p["type"]).fp += 1
            report.false_hits.append(f"{doc}: entity {p['type']} {p['name']!r}")
            continue
        pred_to_gold[normalize(p["name"])] = hit
        for alias in p.get("aliases", []):
            pred_to_gold.setdefault(normalize(alias), hit)
        if gold_ents[hit].get("optional"):
            continue
        if hit in matched_gold:  # a second node for one entity: a missed merge
            report.tally(report.entities, p["type"]).fp += 1
            report.false_hits.append(f"{doc}: entity {p['type']} {p['name']!r} duplicates another")
        else:
            matched_gold.add(hit)
            report.tally(report.entities, p["type"]).tp += 1
    for i, g in enumerate(gold_ents):
        if i not in matched_gold and not g.get("optional"):
            report.tally(report.entities, g["type"]).fn += 1
            report.misses.append(f"{doc}: entity {g['type']} {g['name']!r}")

    gold_by_form = {}
    for i, g in enumerate(gold_ents):
        for f in _forms(g):
            gold_by_form.setdefault(f, i)

    def gold_index(name: str) -> int | None:
        return gold_by_form.get(normalize(name))

    def pred_index(name: str) -> int | None:
        return pred_to_gold.get(normalize(name))

    # Relations.
    gold_rels = {}
    for r in gold.get("relations", []):
        key = (r["type"], gold_index(r["source"]), gold_index(r["target"]))
        gold_rels[key] = r
    seen = set()
    for r in pred.get("relations", []):
        if is_denied(r):
            continue
        key = (r["type"], pred_index(r["source"]), pred_index(r["target"]))
        g = gold_rels.get(key) if None not in key else None
        if key in seen:
            continue
        seen.add(key)
        if g is None:
            report.tally(report.relations, r["type"]).fp += 1
            ev = (r.get("evidence") or [{}])[0].get("sentence", "")
            report.false_hits.append(f"{doc}: {r['type']}({r['source']} -> {r['target']})  « {ev} »")
        elif not g.get("optional"):
            report.tally(report.relations, r["type"]).tp += 1
    for key, g in gold_rels.items():
        if key not in seen and not g.get("optional"):
            report.tally(report.relations, g["type"]).fn += 1
            report.misses.append(f"{doc}: {g['type']}({g['source']} -> {g['target']})")

    # Contracts, matched by (buyer, supplier).
    gold_cons = {(gold_index(c["buyer"]), gold_index(c["supplier"])): c for c in gold.get("contracts", [])}
    seen = set()
    for c in pred.get("contracts", []):
        if is_denied(c):
            continue
        key = (pred_index(c["buyer"]), pred_index(c["supplier"]))
        g = gold_cons.get(key) if None not in key else None
        if key in seen:
            continue
        seen.add(key)
        if g is None:
            report.contracts.fp += 1
            ev = (c.get("evidence") or [{}])[0].get("sentence", "")
            report.false_hits.append(f"{doc}: contract {c['buyer']} <- {c['supplier']} ({c.get('status')})  « {ev} »")
            continue
        if g.get("optional"):
            continue
        report.contracts.tp += 1
        ok = c.get("status") == g.get("status")
        report.status["right" if ok else "wrong"] += 1
        if not ok:
            report.misses.append(f"{doc}: contract {g['buyer']} <- {g['supplier']} status {g.get('status')}, predicted {c.get('status')}")
        gold_block = {gold_index(b) for b in g.get("blocked_by") or []}
        pred_block = {pred_index(b) for b in c.get("blocked_by") or []}
        report.blocked_by["right" if gold_block == pred_block else "wrong"] += 1
        gv, pv = g.get("value"), c.get("value")
        value_ok = (gv is None and pv is None) or (gv is not None and pv is not None and abs(gv - pv) <= 0.01 * abs(gv))
        report.value["right" if value_ok else "wrong"] += 1
    for key, g in gold_cons.items():
        if key not in seen and not g.get("optional"):
            report.contracts.fn += 1
            report.misses.append(f"{doc}: contract {g['buyer']} <- {g['supplier']} ({g.get('status')})")
