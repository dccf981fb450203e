"""Node and relationship CSVs for ``neo4j-admin database import``: first loads of large corpora.

The rows are the ones ``newsgraph load`` would MERGE (graph.records, the same
merge rule), written as the bulk importer reads them: one file per label with
its ``:ID`` / ``:LABEL`` header, one file of relationships. Alias and Document
nodes go too, so that later ``newsgraph load`` runs merge into the imported
graph as into a loaded one.
"""
from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .records import EDGE_LISTS, Rows, record_rows
from .schema import schema
from .store import EDGE_DATES

# Evidence sentences hold commas, semicolons and quotes; this one they never hold.
ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"
ID_SPACE = "Entity"
# The importer stores no empty list (an empty field is no property), where a
# load stores []; one statement after the import makes the two the same.
AFTER_IMPORT = ("MATCH (n) WHERE n.key IS NOT NULL AND (n.aliases IS NULL OR n.norm_aliases IS NULL) "
                "SET n.aliases = coalesce(n.aliases, []), n.norm_aliases = coalesce(n.norm_aliases, []) "
                "WITH count(*) AS nodes "
                "MATCH ()-[r]->() WHERE r.evidence IS NOT NULL AND ("
                + " OR ".join(f"r.{name} IS NULL" for name in EDGE_LISTS) + ") "
                "SET " + ", ".join(f"r.{name} = coalesce(r.{name}, [])" for name in EDGE_LISTS))
AFTER_IMPORT_FILE = "after-import.cypher"

_NODE_COLUMNS = [("key", f"key:ID({ID_SPACE})"), ("label", ":LABEL"), ("name", "name"), ("label", "label"),
                 ("aliases", "aliases:string[]"), ("norm_aliases", "norm_aliases:string[]"),
                 ("doc_ids", "doc_ids:string[]")]
_CONTRACT_COLUMNS = [("status", "status"), ("status_rank", "status_rank:long"), ("value", "value:double"),
                     ("currency", "currency"), ("description", "description")]
# Corroboration (graph.records.edge_props) goes too: an imported edge is what a load makes.
_EDGE_COLUMNS = [("source", f":START_ID({ID_SPACE})"), ("target", f":END_ID({ID_SPACE})"), ("type", ":TYPE"),
                 ("evidence", "evidence:string[]"), ("doc_ids", "doc_ids:string[]"),
                 ("confidence", "confidence:double")] + \
                [(name, f"{name}:string[]") for name in EDGE_LISTS] + \
                [(name, f"{name}:long") for name in ("doc_count", "contra_count", "source_count")] + \
                [(name, name) for name in EDGE_DATES]


@dataclass
class CsvExport:
    """What was written: the folder, its files by role, and the counts."""

    folder: Path
    node_files: list[Path] = field(default_factory=list)
    relationship_files: list[Path] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0
    documents: int = 0
    multiline: bool = False

    def import_args(self, database: str = "neo4j") -> list[str]:
        """Arguments of ``neo4j-admin`` that import these files into ``database`` (a new one)."""
        args = ["database", "import", "full", database, "--overwrite-destination=true",
                f"--array-delimiter={ARRAY_DELIMITER_OPTION}", "--id-type=string"]
        if self.multiline:
            args.append("--multiline-fields=true")
        args += [f"--nodes={p}" for p in self.node_files]
        args += [f"--relationships={p}" for p in self.relationship_files]
        return args

    def command(self, database: str = "neo4j", admin: str = "neo4j-admin") -> str:
        return shlex.join([admin, *self.import_args(database)])

    @property
    def after_import(self) -> Path:
        """The Cypher to run once on the imported database (``newsgraph cypher --write``)."""
        return self.folder / AFTER_IMPORT_FILE


def finish_import(store) -> None:
    """Make a freshly imported database what a load makes: constraints, empty lists."""
    store.ensure_schema()
    store.cypher(AFTER_IMPORT, write=True)


def _cell(value: object) -> str:
    """A CSV field: quoted (commas, quotes and line breaks stay inside it), or empty for a
    missing value, which the importer then does not set."""
    if value is None:
        return ""
    if isinstance(value, list):
        text = ARRAY_DELIMITER.join(str(v) for v in value)
    elif isinstance(value, float):
        text = repr(value)
    else:
        text = str(value)
    return '"' + text.replace('"', '""') + '"'


def _multiline(values: Iterable[str]) -> bool:
    return any("\n" in v or "\r" in v for v in values)


def write_neo4j_admin(records: Iterable[dict], folder: str | Path) -> CsvExport:
    """Write the CSVs of ``records`` (extraction records) into ``folder``."""
    rows = Rows()
    for record in records:
        record_rows(record, rows)
    return write_rows(rows, folder)


def write_rows(rows: Rows, folder: str | Path) -> CsvExport:
    """Write already merged rows into ``folder`` (created if needed)."""
    out = CsvExport(Path(folder))
    out.folder.mkdir(parents=True, exist_ok=True)
    by_label: dict[str, list[dict]] = {}
    for row in rows.nodes.values():
        by_label.setdefault(row["label"], []).append(row)
    for label in schema().labels:  # every label gets a file (maybe only a header): a fixed command
        columns = _NODE_COLUMNS + (_CONTRACT_COLUMNS if label == "Contract" else [])
        path = out.folder / f"nodes_{label.lower()}.csv"
        group = sorted(by_label.get(label, []), key=lambda r: r["key"])
        out.multiline |= _write(path, columns, group)
        out.node_files.append(path)
        out.nodes += len(group)
    documents = sorted(rows.documents, key=lambda d: d["id"])
    path = out.folder / "nodes_document.csv"
    _write(path, [("id", "id:ID(Document)"), ("label", ":LABEL"), ("sha256", "sha256")],
           [{"id": d["id"], "label": "Document", "sha256": d["sha256"]} for d in documents])
    out.node_files.append(path)
    out.documents = len(documents)
    path = out.folder / "nodes_alias.csv"
    _write(path, [("id", "id:ID(Alias)"), ("label", ":LABEL"), ("key", "key")],
           [{"id": i, "label": "Alias", "key": k} for i, k in sorted(rows.aliases.items())])
    out.node_files.append(path)
    path = out.folder / "relationships.csv"
    edges = [rows.edges[k] for k in sorted(rows.edges)]
    out.multiline |= _write(path, _EDGE_COLUMNS, edges)
    out.relationship_files.append(path)
    out.relationships = len(edges)
    out.after_import.write_text(AFTER_IMPORT + "\n", encoding="utf-8")
    return out


def _write(path: Path, columns: list[tuple[str, str]], items: Iterable[dict]) -> bool:
    """Write one CSV; True if a value spans lines (the importer must be told)."""
    multiline = False
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header for _, header in columns) + "\n")
        for item in items:
            cells = [_cell(item.get(name)) for name, _ in columns]
            multiline = multiline or _multiline(cells)
            fh.write(",".join(cells) + "\n")
    return multiline
