"""The analyst's decisions about entities: merge, not-same, split, and their undo.

Decisions are kept in a JSON Lines file (one judgement a line: who, when,
why), never rewritten, only appended to; an undo is a line of its own. The
file, not the store, is the truth: every load applies the decisions on top
of the automatic resolution (graph.records.record_rows), so a rerun or a new
store keeps them, and ``apply`` brings a store that holds older ones up to
date by loading again the documents they touch.

A decision names entities by their forms (name and aliases at the time), by
``node_key``: the identity the resolver itself uses. Merges are transitive
(A=B, B=C: one entity); not-same holds between whole merged groups (A≠B,
B=C: A≠C). A decision that contradicts the ones in force is refused.
"""
from __future__ import annotations

import fcntl
import getpass
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from .names import node_key
from .store import StoreError

OPS = ("merge", "not-same", "split", "undo")
DEFAULT_FILE = "decisions.jsonl"


class DecisionError(StoreError):
    """A decision that cannot be recorded; the message says why and what would work."""


@dataclass(frozen=True)
class Decision:
    id: str
    op: str
    label: str
    a: str
    b: str
    a_forms: tuple[str, ...]
    b_forms: tuple[str, ...]
    who: str
    when: str
    why: str
    undoes: str | None = None

    def as_json(self) -> dict:
        return {"id": self.id, "op": self.op, "label": self.label, "a": self.a, "b": self.b,
                "a_forms": list(self.a_forms), "b_forms": list(self.b_forms),
                "who": self.who, "when": self.when, "why": self.why, "undoes": self.undoes}


class _Groups:
    """Union-find over form keys; each group remembers the name it is shown under."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.name: dict[str, str] = {}

    def find(self, key: str) -> str:
        if key not in self.parent:  # a form no decision names is a group of its own
            return key
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str, name: str | None = None) -> None:
        self.parent.setdefault(a, a)
        self.parent.setdefault(b, b)
        ra, rb = self.find(a), self.find(b)
        shown = self.name.get(ra) or name
        if ra != rb:
            self.parent[rb] = ra
        if shown:
            self.name[ra] = shown


@dataclass
class Judgements:
    """The decisions in force, as the resolver asks about them."""

    decisions: list[Decision] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._merged = _Groups()   # merges only: who is one entity
        self._together = _Groups()  # merges and the forms each decision saw together
        self._apart: set[frozenset[str]] = set()
        self._members: dict[str, set[str]] = {}
        self._forms: dict[str, str] = {}  # form key -> a form (the text) it stands for
        for decision in self.decisions:
            self._add(decision)

    # building --------------------------------------------------------------
    def _keys(self, label: str, forms: Iterable[str]) -> list[str]:
        keys = []
        for form in forms:
            key = node_key(label, form)
            if key.split(":", 1)[1]:
                keys.append(key)
                self._forms.setdefault(key, form)
        return keys

    def _add(self, d: Decision) -> None:
        a_keys, b_keys = self._keys(d.label, d.a_forms), self._keys(d.label, d.b_forms)
        if d.op == "merge":
            for key in a_keys[1:] + b_keys:
                self._merged.union(a_keys[0], key, d.a)
        for keys in (a_keys, b_keys):
            for key in keys[1:]:
                self._together.union(keys[0], key)
        if d.op == "merge":
            self._together.union(a_keys[0], b_keys[0])
        else:
            self._apart.add(frozenset((a_keys[0], b_keys[0])))
        self._members = {}

    def _group(self, key: str) -> str:
        return self._together.find(key)

    def conflict(self, d: Decision) -> str | None:
        """Why ``d`` contradicts the decisions in force, or None."""
        a = self._group(node_key(d.label, d.a))
        b = self._group(node_key(d.label, d.b))
        if d.op == "merge":
            for pair in self._apart:
                x, y = (self._group(k) for k in pair)
                if {x, y} == {a, b}:
                    return f"{d.a!r} and {d.b!r} were judged not the same; undo that decision first"
        else:
            ka, kb = node_key(d.label, d.a), node_key(d.label, d.b)
            if ka in self._merged.parent and kb in self._merged.parent \
                    and self._merged.find(ka) == self._merged.find(kb):
                return f"{d.a!r} and {d.b!r} were merged by a decision; undo that decision instead"
        return None

    # what the resolver asks ------------------------------------------------
    def _apart_groups(self, key: str) -> set[str]:
        group = self._group(key)
        out = set()
        for pair in self._apart:
            x, y = (self._group(k) for k in pair)
            if group == x:
                out.add(y)
            elif group == y:
                out.add(x)
        return out

    def canonical(self, label: str, forms: Iterable[str]) -> str | None:
        """The name an analyst's merge gives the entity with these forms, if any."""
        for form in forms:
            name = self._merged.name.get(self._merged.find(node_key(label, form)))
            if name:
                return name
        return None

    def merged_forms(self, label: str, forms: Iterable[str]) -> list[str]:
        """Every form merged by decision with any of ``forms``."""
        if not self._members:
            for key in list(self._merged.parent):
                self._members.setdefault(self._merged.find(key), set()).add(key)
        out = set()
        for form in forms:
            key = node_key(label, form)
            if key in self._merged.parent:
                out |= {self._forms[k] for k in self._members.get(self._merged.find(key), ())}
        return sorted(out)

    def refuses(self, label: str, forms: list[str]) -> Callable[[str], bool] | None:
        """A test of node keys this entity must not merge into (None when nothing is refused)."""
        refused = set()
        for form in forms:
            refused |= self._apart_groups(node_key(label, form))
        if not refused:
            return None
        return lambda key: self._group(key) in refused

    def apart(self, label: str, name: str, form: str) -> bool:
        """Is ``form`` judged to be another entity than the one named ``name``?"""
        return self._group(node_key(label, form)) in self._apart_groups(node_key(label, name))

    @property
    def version(self) -> str:
        """Changes with every decision in force: what a store notes it has applied."""
        text = json.dumps([d.id for d in self.decisions])
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def forms(self) -> list[tuple[str, str]]:
        return sorted({(d.label, f) for d in self.decisions for f in (*d.a_forms, *d.b_forms)})


class DecisionLog:
    """The decisions file: read, append (under a lock), and the judgements in force."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        if self.path.exists() and self.path.is_dir():
            raise DecisionError(f"The decisions file {self.path} is a folder.")

    def read(self) -> list[Decision]:
        if not self.path.exists():
            return []
        out = []
        with open(self.path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                    out.append(Decision(**{**data, "a_forms": tuple(data["a_forms"]),
                                           "b_forms": tuple(data["b_forms"])}))
                except (ValueError, TypeError, KeyError):
                    raise DecisionError(f"{self.path}:{number}: not a decision line; fix or remove it") from None
        return out

    def judgements(self, decisions: list[Decision] | None = None) -> Judgements:
        """The decisions in force: all but the undone ones, in the order made
        (of ``decisions`` when the file was read already)."""
        decisions = self.read() if decisions is None else decisions
        undone = {d.undoes for d in decisions if d.op == "undo"}
        return Judgements([d for d in decisions if d.op != "undo" and d.id not in undone])

    def record(self, op: str, label: str, a: str, b: str, a_forms: Iterable[str], b_forms: Iterable[str],
               why: str = "", who: str | None = None) -> Decision:
        if op not in OPS[:3]:
            raise DecisionError(f"Unknown decision {op!r}; decisions are merge, not-same, split")
        if node_key(label, a) == node_key(label, b):
            raise DecisionError(f"{a!r} and {b!r} are one name to the resolver already")
        with self._locked():
            current = self.judgements()
            decision = Decision(self._next_id(), op, label, a, b, tuple(sorted(set(a_forms) | {a})),
                                tuple(sorted(set(b_forms) | {b})), who or _who(), _now(), why)
            reason = current.conflict(decision)
            if reason:
                raise DecisionError(f"Refused: {reason}.")
            self._append(decision)
        return decision

    def undo(self, decision_id: str, why: str = "", who: str | None = None) -> Decision:
        with self._locked():
            decisions = {d.id: d for d in self.read()}
            target = decisions.get(decision_id)
            if target is None or target.op == "undo":
                known = ", ".join(d for d, x in decisions.items() if x.op != "undo") or "none yet"
                raise DecisionError(f"No decision {decision_id!r} to undo (decisions: {known})")
            if any(d.op == "undo" and d.undoes == decision_id for d in decisions.values()):
                raise DecisionError(f"Decision {decision_id} is already undone")
            undo = Decision(self._next_id(), "undo", target.label, target.a, target.b, target.a_forms,
                            target.b_forms, who or _who(), _now(), why, undoes=decision_id)
            self._append(undo)
        return undo

    def _next_id(self) -> str:
        return f"d{len(self.read()) + 1}"

    def _append(self, decision: Decision) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(decision.as_json(), ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def _locked(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return _FileLock(self.path.with_name(self.path.name + ".lock"))


class _FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self):
        self.fh = open(self.path, "w")
        fcntl.flock(self.fh, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc) -> None:
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()


def _who() -> str:
    try:
        return os.environ.get("NEWSGRAPH_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def apply(store, log: DecisionLog, *, everything: bool = False, made: list[Decision] | None = None,
          progress: Callable[[int], None] | None = None) -> int:
    """Bring ``store`` up to the decisions in force: the documents that name any
    form a decision ever named (undone ones too) are loaded again, resolved
    with the judgements in force. Nothing happens when the store notes it has
    applied this version already (unless ``everything``). Returns how many
    documents were loaded again. ``made``: the file's decisions, when read already.
    """
    made = log.read() if made is None else made
    if not made:  # no decision was ever made: nothing to apply, and no need to read the store
        return 0
    judgements = log.judgements(made)
    if not everything and store.decisions_version() == judgements.version:
        return 0
    forms = {(d.label, f) for d in made for f in (*d.a_forms, *d.b_forms)}
    docs = store.documents_naming(sorted(forms))
    records = store.rebuild_records(sorted(docs))
    store.load(records, judgements=judgements, replace=True, decisions_version=judgements.version,
               progress=progress)
    return len(records)
