"""The graph schema, loaded once from schema.toml and validated."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Label:
    name: str
    description: str
    color: str
    shape: str


@dataclass(frozen=True)
class RelationType:
    name: str
    description: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    contract: bool = False

    def allows(self, source_label: str, target_label: str) -> bool:
        return source_label in self.source and target_label in self.target


@dataclass(frozen=True)
class Schema:
    labels: dict[str, Label]
    relations: dict[str, RelationType]
    statuses: tuple[str, ...]
    client_statuses: frozenset[str]
    dashed_statuses: frozenset[str]
    status_colors: dict[str, str]

    @property
    def entity_labels(self) -> tuple[str, ...]:
        """The labels the extractor finds in text (all but Contract)."""
        return tuple(name for name in self.labels if name != "Contract")

    def status_rank(self, status: str | None) -> int:
        return self.statuses.index(status) if status in self.statuses else 0

    def check_relation(self, type_: str, source_label: str, target_label: str) -> bool:
        rel = self.relations.get(type_)
        return rel is not None and rel.allows(source_label, target_label)


class SchemaError(ValueError):
    pass


def _parse(raw: dict) -> Schema:
    labels = {
        name: Label(name, spec["description"], spec["color"], spec.get("shape", "dot"))
        for name, spec in raw["labels"].items()
    }
    relations = {}
    for name, spec in raw["relations"].items():
        unknown = (set(spec["source"]) | set(spec["target"])) - set(labels)
        if unknown:
            raise SchemaError(f"relation {name} names unknown labels: {sorted(unknown)}")
        relations[name] = RelationType(
            name, spec["description"], tuple(spec["source"]), tuple(spec["target"]),
            bool(spec.get("contract", False)),
        )
    contract = raw["contract"]
    statuses = tuple(contract["statuses"])
    for key in ("client_statuses", "dashed_statuses"):
        if not set(contract[key]) <= set(statuses):
            raise SchemaError(f"contract.{key} names unknown statuses")
    return Schema(
        labels=labels,
        relations=relations,
        statuses=statuses,
        client_statuses=frozenset(contract["client_statuses"]),
        dashed_statuses=frozenset(contract["dashed_statuses"]),
        status_colors=dict(contract["status_colors"]),
    )


@cache
def schema() -> Schema:
    """The project's schema (parsed once per process)."""
    text = resources.files("graph").joinpath("schema.toml").read_text(encoding="utf-8")
    return _parse(tomllib.loads(text))
