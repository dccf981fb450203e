"""The neutral graph in other tools' formats: GraphML, GEXF (Gephi) and a Cypher script.

All three start from the neutral graph (``store.export()``, or ``rows_graph``
of extraction records) and differ only in how they write it. GraphML and GEXF
take scalar attributes only: lists become "; "-joined text, evidence JSON
text, and a missing value is no attribute at all.
"""
from __future__ import annotations

import json
import math
import os
import re
import tempfile
from pathlib import Path
from typing import IO, Callable, Iterable

import networkx as nx

from .records import Rows, entity_alias_ids, evidence_json, norm_forms
from .store import StoreError
from .schema import schema
from .store import neutral_edge, neutral_node

LIST_SEPARATOR = "; "
# Characters XML 1.0 cannot hold, whatever the escaping.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def rows_graph(rows: Rows) -> nx.MultiDiGraph:
    """The neutral graph of merged rows: what a store loaded with them exports."""
    graph = nx.MultiDiGraph()
    for key in sorted(rows.nodes):
        graph.add_node(key, **neutral_node(rows.nodes[key]))
    for ident in sorted(rows.edges):
        row = rows.edges[ident]
        graph.add_edge(row["source"], row["target"], key=row["type"], **neutral_edge(row))
    return graph


def graph_rows(graph: nx.MultiDiGraph) -> Rows:
    """Rows (as graph.records makes them) of a neutral graph, for the bulk formats.

    The alias map gives each form to the node it names, else to the first node
    (by key) that has it; documents are known by id only.
    """
    sch = schema()
    rows = Rows()
    docs: set[str] = set()
    for key in sorted(graph.nodes):
        node = dict(graph.nodes[key])
        node.setdefault("norm_aliases", norm_forms(node["label"], node["name"], node.get("aliases", [])))
        if node["label"] == "Contract":
            node.setdefault("status_rank", sch.status_rank(node.get("status")))
        rows.nodes[key] = node
        docs.update(node.get("doc_ids", []))
        for alias_id in entity_alias_ids(node["label"], [node["name"]]) if node["label"] != "Contract" else []:
            rows.aliases.setdefault(alias_id, key)
    for key, node in rows.nodes.items():
        if node["label"] != "Contract":
            for alias_id in entity_alias_ids(node["label"], node.get("aliases", [])):
                rows.aliases.setdefault(alias_id, key)
    for u, v, type_, attrs in graph.edges(keys=True, data=True):
        edge = dict(attrs, source=u, target=v, type=type_)
        # The stores keep each evidence item as this JSON text (graph.records.evidence_json).
        edge["evidence"] = sorted(evidence_json(item) for item in attrs.get("evidence", []))
        rows.edges[(u, type_, v)] = edge
        docs.update(attrs.get("doc_ids", []))
    rows.documents = [{"id": doc, "sha256": "", "hash": ""} for doc in sorted(docs)]
    return rows


# --- GraphML and GEXF -----------------------------------------------------------------

_NODE_ATTRS = ("aliases", "doc_ids", "status", "value", "currency", "description")
# What the counts and dates already say, and what the evidence holds, stays out.
_EDGE_SKIP = {"source", "target", "type", "evidence", "support_docs", "contra_docs", "seen",
              "from_dates", "to_dates"}


def _xml_text(text: str) -> str:
    """Text as XML gives it back: no characters it cannot hold, and its line ends."""
    return _NOT_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def _scalar(value: object) -> str | int | float | bool | None:
    if value is None:
        return None
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_xml_text(str(v)) for v in value)
    if isinstance(value, str):
        return _xml_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with scalar attributes only, as GraphML and GEXF hold them.

    Nodes: ``label`` is the name to show (Gephi's label), ``kind`` the newsgraph
    label. Edges: ``label`` is the relationship type, ``evidence`` JSON text.
    """
    flat = nx.MultiDiGraph()
    for key, attrs in sorted(graph.nodes(data=True)):
        out = {"label": _scalar(attrs["name"]), "kind": attrs["label"]}
        out.update({name: _scalar(attrs.get(name)) for name in _NODE_ATTRS})
        flat.add_node(key, **{k: v for k, v in out.items() if v is not None})
    for u, v, type_, attrs in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        out = {"label": type_,
               "evidence": json.dumps(attrs.get("evidence", []), ensure_ascii=True, sort_keys=True)}
        out.update({name: _scalar(value) for name, value in sorted(attrs.items()) if name not in _EDGE_SKIP})
        flat.add_edge(u, v, key=type_, **{k: v for k, v in out.items() if v is not None})
    return flat


def write_graphml(graph: nx.MultiDiGraph, out: IO[bytes]) -> None:
    nx.write_graphml(flat_graph(graph), out, encoding="utf-8", prettyprint=True)


def _rgb(color: str) -> dict:
    color = color.lstrip("#")
    return {"r": int(color[0:2], 16), "g": int(color[2:4], 16), "b": int(color[4:6], 16), "a": 1.0}


def write_gexf(graph: nx.MultiDiGraph, out: IO[bytes]) -> None:
    """GEXF 1.2 for Gephi, nodes coloured by label as in newsgraph's pages."""
    flat = flat_graph(graph)
    labels = schema().labels
    for _, attrs in flat.nodes(data=True):
        attrs["viz"] = {"color": _rgb(labels[attrs["kind"]].color)}
    nx.write_gexf(flat, out, encoding="utf-8", prettyprint=True, version="1.2draft")


# --- Cypher ---------------------------------------------------------------------------

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r"[\\\"'\x00-\x1f\x7f\u2028\u2029\ud800-\udfff]")


def cypher_string(text: str) -> str:
    """A Cypher string literal: quotes, backslashes and control characters escaped,
    so the statement is one line and no value can end it."""
    def escape(match: re.Match) -> str:
        char = match.group(0)
        return _ESCAPES.get(char) or f"\\u{ord(char):04x}"
    return '"' + _NEEDS_ESCAPE.sub(escape, text) + '"'


def cypher_literal(value: object) -> str:
    """A value as a Cypher literal (text, number, boolean, null, list or map)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no Cypher literal")
        return repr(value)
    if isinstance(value, str):
        return cypher_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_name(str(k))}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise ValueError(f"{type(value).__name__} has no Cypher literal")


def _name(name: str) -> str:
    return name if _IDENTIFIER.match(name) else "`" + name.replace("`", "``") + "`"


def _label(key: str) -> str:
    label = key.split(":", 1)[0]
    if label not in schema().labels:  # labels go into statement text: only the schema's
        raise ValueError(f"node key {key!r} names no label of the schema")
    return label


def _batches(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def cypher_statements(rows: Rows, *, batch_size: int = 200) -> Iterable[str]:
    """The statements that build the rows' graph in Neo4j as ``newsgraph load`` does:
    the store's constraints, then UNWIND … MERGE batches with literal values."""
    sch = schema()
    for label in sch.labels:
        yield (f"CREATE CONSTRAINT newsgraph_{label.lower()}_key IF NOT EXISTS "
               f"FOR (n:{label}) REQUIRE n.key IS UNIQUE;")
    yield "CREATE CONSTRAINT newsgraph_document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE;"
    yield "CREATE CONSTRAINT newsgraph_alias_id IF NOT EXISTS FOR (a:Alias) REQUIRE a.id IS UNIQUE;"
    for label in sch.labels:
        yield f"CREATE INDEX newsgraph_{label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name);"
    by_label: dict[str, list[dict]] = {}
    for key in sorted(rows.nodes):
        node = rows.nodes[key]
        props = {k: v for k, v in sorted(node.items()) if k != "key" and v is not None}
        by_label.setdefault(_label(key), []).append({"key": key, "props": props})
    for label, group in by_label.items():
        for batch in _batches(group, batch_size):
            yield (f"UNWIND {cypher_literal(batch)} AS row "
                   f"MERGE (n:{label} {{key: row.key}}) SET n += row.props;")
    by_type: dict[tuple[str, str, str], list[dict]] = {}
    for source, type_, target in sorted(rows.edges):
        if type_ not in sch.relations:
            raise ValueError(f"relationship type {type_!r} is not in the schema")
        edge = rows.edges[(source, type_, target)]
        props = {k: v for k, v in sorted(edge.items()) if k not in ("source", "target", "type") and v is not None}
        by_type.setdefault((_label(source), type_, _label(target)), []).append(
            {"source": source, "target": target, "props": props})
    for (source_label, type_, target_label), group in by_type.items():
        for batch in _batches(group, batch_size):
            yield (f"UNWIND {cypher_literal(batch)} AS row "
                   f"MATCH (a:{source_label} {{key: row.source}}) MATCH (b:{target_label} {{key: row.target}}) "
                   f"MERGE (a)-[r:{type_}]->(b) SET r += row.props;")
    aliases = [{"id": alias_id, "key": key} for alias_id, key in sorted(rows.aliases.items())]
    for batch in _batches(aliases, batch_size * 5):
        yield f"UNWIND {cypher_literal(batch)} AS row MERGE (a:Alias {{id: row.id}}) ON CREATE SET a.key = row.key;"
    documents = [{"id": d["id"], "sha256": d.get("sha256", "")} for d in sorted(rows.documents, key=lambda d: d["id"])]
    for batch in _batches(documents, batch_size * 5):
        yield f"UNWIND {cypher_literal(batch)} AS row MERGE (d:Document {{id: row.id}}) SET d.sha256 = row.sha256;"


def write_cypher(rows: Rows, out: IO[str]) -> int:
    """Write the script (one statement a line); returns how many statements."""
    out.write("// newsgraph graph as Cypher: run on an empty Neo4j database with\n"
              "//   cypher-shell -u neo4j -p PASSWORD -f THIS_FILE\n"
              "// Later `newsgraph load` runs merge into it as into a loaded graph.\n")
    count = 0
    for statement in cypher_statements(rows):
        out.write(statement + "\n")
        count += 1
    return count


# --- writing files --------------------------------------------------------------------

def write_atomic(path: str | Path, write: Callable[[IO], object], *, binary: bool = False) -> None:
    """Call ``write(fh)`` on a temporary file beside ``path``, then move it into place:
    a failed export leaves no half-written file."""
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent if str(target.parent) else ".")
    except OSError as exc:
        raise StoreError(f"Cannot write {target}: {exc.strerror or exc} (does its folder exist and can you write there?)") from None
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")) as fh:
            write(fh)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; an export is an ordinary file
        os.replace(tmp, target)
    except OSError as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise StoreError(f"Cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


GRAPH_FORMATS = ("ftm", "graphml", "gexf", "cypher")
_BINARY = ("graphml", "gexf")


def write_graph(fmt: str, output: str, graph: nx.MultiDiGraph, rows: Rows | None = None) -> int:
    """Write the graph as ``fmt`` to the file ``output`` ("-": standard output).

    ``rows`` (for the Cypher script) default to ``graph_rows(graph)``. Returns
    how many entities (FtM) or statements (Cypher) were written, else nodes.
    """
    from .ftm import write_ftm  # FtM and its dependencies load only when asked for

    def write(fh: IO) -> int:
        if fmt == "ftm":
            return write_ftm(graph, fh)
        if fmt == "cypher":
            return write_cypher(rows if rows is not None else graph_rows(graph), fh)
        if fmt == "graphml":
            write_graphml(graph, fh)
        elif fmt == "gexf":
            write_gexf(graph, fh)
        else:
            raise ValueError(f"Unknown format {fmt!r}. Available: {', '.join(GRAPH_FORMATS)}")
        return graph.number_of_nodes()

    if output == "-":
        import sys

        count = write(sys.stdout.buffer if fmt in _BINARY else sys.stdout)
        (sys.stdout.buffer if fmt in _BINARY else sys.stdout).flush()
        return count
    counted: list[int] = []
    write_atomic(output, lambda fh: counted.append(write(fh)), binary=fmt in _BINARY)
    return counted[0]
