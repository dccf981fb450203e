"""Render a neutral newsgraph graph as a self-contained, offline pyvis page."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Iterable

import networkx as nx
import pyvis
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from pyvis.network import Network

from graph.schema import Label, schema

from .subgraph import keep_largest

_TEMPLATE = "view_template.html"
# What one page carries per link and per entity: enough to read, small enough
# that a 2,000-node page stays a few megabytes. The rest is one command away.
_PANEL_EVIDENCE = 30
_PANEL_DOCS = 40
_MAX_SENTENCE = 600
_NODE_SIZE = 16
_FOCUS_SIZE = 34
_EDGE_COLOR = "#8a8f98"
# Links that only contradicting evidence states: faint and dotted, never mistaken for support.
_DENIED_COLOR = "#b8a9c9"
_DENIED_DASHES = [2, 6]
_FALLBACK_LABEL = Label("?", "outside the schema", "#bbbbbb", "dot")
_EVIDENCE_FIELDS = ("doc", "sentence", "start", "end", "extractor", "confidence", "source", "published",
                    "date", "date_kind")
_EDGE_FACTS = ("first_seen", "last_seen", "valid_from", "valid_to")

# Fixed seed and a stop-after-stabilising page script: the same graph gives
# the same HTML and the same picture, and big pages stop burning CPU.
_OPTIONS: dict[str, Any] = {
    "layout": {"randomSeed": 7, "improvedLayout": True},
    "physics": {
        "enabled": True,
        "solver": "barnesHut",
        "barnesHut": {
            "gravitationalConstant": -9000,
            "centralGravity": 0.25,
            "springLength": 170,
            "springConstant": 0.03,
            "avoidOverlap": 0.3,
        },
        "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 25},
    },
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    "nodes": {
        "font": {"size": 15, "face": "system-ui, sans-serif", "strokeWidth": 3,
                 "strokeColor": "#ffffff"},
        "borderWidth": 1,
    },
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
        "font": {"size": 10, "align": "middle", "color": "#555555",
                 "face": "system-ui, sans-serif", "strokeWidth": 3,
                 "strokeColor": "#ffffff"},
        "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
        "width": 1.4,
    },
}


# Past a few hundred nodes a page lays out with fewer, coarser steps (and no
# vis pre-layout), so that 2,000 nodes settle in seconds; past MAX_PAGE_NODES it
# is cut to the most connected nodes, with a note.
_BIG_PAGE = 300
MAX_PAGE_NODES = 2000


def _options(nodes: int) -> dict[str, Any]:
    if nodes <= _BIG_PAGE:
        return _OPTIONS
    options = copy.deepcopy(_OPTIONS)
    options["layout"]["improvedLayout"] = False
    options["physics"]["barnesHut"]["theta"] = 0.9
    options["physics"]["stabilization"]["iterations"] = max(150, 600 * _BIG_PAGE // nodes)
    return options


def _clip(text: Any, limit: int = _MAX_SENTENCE) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _format_value(value: Any, currency: Any) -> str:
    if value is None:
        return "unknown"
    amount = f"{value:,.0f}" if isinstance(value, (int, float)) else str(value)
    return f"{amount} {currency}" if currency else amount


def _evidence_item(item: dict[str, Any]) -> dict[str, Any]:
    # Only what is known (older stores lack sources, dates and negation), and
    # no source that merely repeats the document id: a big page stays small.
    out = {k: item[k] for k in _EVIDENCE_FIELDS if item.get(k) is not None}
    out["sentence"] = _clip(item.get("sentence", ""))
    if "source" in out and out["source"] == out.get("doc"):
        del out["source"]
    return out


def _sorted_evidence(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda e: (-float(e.get("confidence") or 0), str(e.get("doc", "")),
                                        e.get("start") if isinstance(e.get("start"), int) else -1))


def _edge_facts(data: dict[str, Any]) -> dict[str, Any]:
    """The edge's numbers as stored, or as the data contract derives them when an older store lacks them."""
    evidence = [e for e in data.get("evidence") or [] if isinstance(e, dict)]
    support = [e for e in evidence if not e.get("negated")]
    contra = [e for e in evidence if e.get("negated")]
    doc_count = data.get("doc_count")
    if doc_count is None:
        doc_count = len({e.get("doc") for e in support}) if evidence else len(data.get("doc_ids") or [])
    source_count = data.get("source_count")
    if source_count is None and any(e.get("source") for e in support):
        source_count = len({e["source"] for e in support if e.get("source")})
    contra_count = data.get("contra_count")
    if contra_count is None:
        contra_count = len({e.get("doc") for e in contra})
    confidence = data.get("confidence")
    if confidence is None and support:
        confidence = max(float(e.get("confidence") or 0) for e in support)
    facts = {"doc_count": doc_count, "source_count": source_count, "contra_count": contra_count,
             "confidence": confidence}
    facts.update({k: data.get(k) for k in _EDGE_FACTS})
    facts["support"] = [_evidence_item(e) for e in _sorted_evidence(support)[:_PANEL_EVIDENCE]]
    facts["contra"] = [_evidence_item(e) for e in _sorted_evidence(contra)[:_PANEL_EVIDENCE]]
    facts["more"] = max(0, len(support) - _PANEL_EVIDENCE) + max(0, len(contra) - _PANEL_EVIDENCE)
    if not evidence and data.get("doc_ids"):
        facts["doc_ids"] = list(map(str, data["doc_ids"]))
    # Unknown or empty is left out; the page reads a missing count as none.
    return {k: v for k, v in facts.items() if v is not None and v != [] and (v != 0 or k == "doc_count")}


def _contract_of(graph: nx.MultiDiGraph, u: str, v: str) -> str | None:
    return next((n for n in (v, u) if graph.nodes[n].get("label") == "Contract"), None)


def _edge_style(graph: nx.MultiDiGraph, u: str, v: str, facts: dict[str, Any]) -> dict[str, Any]:
    if facts["doc_count"] == 0 and facts.get("contra_count"):
        return {"color": _DENIED_COLOR, "dashes": _DENIED_DASHES}
    contract = _contract_of(graph, u, v)
    if contract is None:
        return {"color": _EDGE_COLOR, "dashes": False}
    spec = schema()
    status = graph.nodes[contract].get("status") or "unknown"
    return {
        "color": spec.status_colors.get(status, _EDGE_COLOR),
        "dashes": status in spec.dashed_statuses,
    }


def _edge_label(rel: str, facts: dict[str, Any]) -> str:
    if not facts.get("contra_count"):
        return rel
    return f"{rel} (denied)" if facts["doc_count"] == 0 else f"{rel} (disputed)"


def _documents(edges: Iterable[dict[str, Any]]) -> dict[str, list[Any]]:
    """doc id -> [doc id, source, published], from whatever evidence names them, without unknown tails."""
    docs: dict[str, list[Any]] = {}
    for data in edges:
        for item in data.get("evidence") or []:
            if isinstance(item, dict) and item.get("doc") is not None:
                known = docs.setdefault(str(item["doc"]), [str(item["doc"]), None, None])
                known[1] = known[1] or item.get("source")
                known[2] = known[2] or item.get("published")
    for doc in docs.values():
        if doc[1] == doc[0]:
            doc[1] = None
        while doc[-1] is None:
            doc.pop()
    return docs


def _node_facts(key: str, data: dict[str, Any], documents: dict[str, list[Any]]) -> dict[str, Any]:
    name = str(data.get("name") or key)
    label = str(data.get("label") or "?")
    doc_ids = sorted(map(str, data.get("doc_ids") or []))
    facts: dict[str, Any] = {
        "name": name,
        "label": label,
        "aliases": sorted({str(a) for a in data.get("aliases") or []} - {name}),
        "docs": [documents.get(d, [d]) for d in doc_ids[:_PANEL_DOCS]],
    }
    if len(doc_ids) > _PANEL_DOCS:
        facts["more_docs"] = len(doc_ids) - _PANEL_DOCS
    if label == "Contract":
        facts["status"] = data.get("status") or "unknown"
        facts["value"] = _format_value(data.get("value"), data.get("currency"))
        if data.get("description"):
            facts["description"] = _clip(data["description"])
    return facts


def _legend(node_labels: list[Any], edges: list[tuple[str, str, str, dict]]) -> dict[str, Any]:
    """Every label and link type of the schema (and any the data has beyond it), with page counts."""
    spec = schema()
    label_counts: dict[str, int] = {}
    for label in node_labels:
        label_counts[str(label or "?")] = label_counts.get(str(label or "?"), 0) + 1
    type_counts: dict[str, int] = {}
    for _, _, rel, _ in edges:
        type_counts[rel] = type_counts.get(rel, 0) + 1
    labels = [{"name": name, "description": label.description, "color": label.color, "shape": label.shape,
               "count": label_counts.get(name, 0)} for name, label in spec.labels.items()]
    labels += [{"name": name, "description": _FALLBACK_LABEL.description, "color": _FALLBACK_LABEL.color,
                "shape": _FALLBACK_LABEL.shape, "count": count}
               for name, count in sorted(label_counts.items()) if name not in spec.labels]
    relations = [{"name": name, "description": rel.description, "count": type_counts.get(name, 0)}
                 for name, rel in spec.relations.items()]
    relations += [{"name": name, "description": "outside the schema", "count": count}
                  for name, count in sorted(type_counts.items()) if name not in spec.relations]
    # One legend row per distinct drawing style, in the schema's status order.
    styles: dict[tuple[str, bool], list[str]] = {}
    for status in spec.statuses:
        style = (spec.status_colors.get(status, _EDGE_COLOR), status in spec.dashed_statuses)
        styles.setdefault(style, []).append(status)
    statuses = [{"color": c, "dashed": d, "names": ", ".join(s)} for (c, d), s in styles.items()]
    denied = sum(1 for *_, d in edges if d["doc_count"] == 0 and d.get("contra_count"))
    return {"labels": labels, "relations": relations, "statuses": statuses, "plain": _EDGE_COLOR,
            "denied": {"color": _DENIED_COLOR, "count": denied}}


def _cap_note(shown: int, total: int, focus_name: str | None, max_nodes: int, capped: bool) -> str | None:
    if shown >= total:
        return None
    first = f"{focus_name} and the largest" if focus_name else "the largest"
    narrow = "narrow with --depth or --max-nodes" if focus_name else "narrow the query or lower --max-nodes"
    note = f"Showing {shown:,} of {total:,} entities ({first} by number of links first); {narrow}."
    if capped:
        note += f" A page draws at most {MAX_PAGE_NODES:,} entities to stay usable."
    return note


def _environment() -> Environment:
    # Our template first; pyvis's template dir second for the inlined vis-network
    # files, whose stock template pulls Bootstrap from a CDN.
    pyvis_templates = Path(pyvis.__file__).parent / "templates"
    return Environment(
        loader=ChoiceLoader([FileSystemLoader(Path(__file__).parent),
                             FileSystemLoader(pyvis_templates)]),
        autoescape=True,
    )


def render_html(
    graph: nx.MultiDiGraph,
    path: str | Path,
    *,
    title: str = "newsgraph",
    focus: str | None = None,
    max_nodes: int = 500,
) -> Path:
    """Write an interactive, offline HTML view of ``graph`` to ``path``.

    Node style comes from graph/schema.toml; contract edges are coloured and
    dashed by contract status. The page has a legend that filters by label and
    link type, a search box, and a side panel with the evidence of the clicked
    link. Graphs above ``max_nodes`` (or ``graph.graph["total_nodes"]``, when
    the caller cut it already) keep the focus node and the most connected
    nodes, and the page says so.
    """
    if focus is not None and focus not in graph:
        raise ValueError(f"focus node {focus!r} is not in the graph")
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    labels = schema().labels
    capped = max_nodes > MAX_PAGE_NODES
    max_nodes = min(max_nodes, MAX_PAGE_NODES)
    kept = keep_largest(dict(graph.degree()), focus, max_nodes)
    kept_set = set(kept)
    # One pass over the edges: networkx subgraph views filter on every walk.
    edges = sorted(((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
                    if u in kept_set and v in kept_set), key=lambda e: (e[0], e[1], str(e[2])))
    documents = _documents(d for *_, d in edges)

    net = Network(height="100%", width="100%", directed=True, heading=title,
                  cdn_resources="in_line")
    # Each item carries what its panel shows ("ng"); the page moves it out
    # before vis sees the items.
    names: dict[str, str] = {}
    for key in kept:
        data = graph.nodes[key]
        style = labels.get(data.get("label"), _FALLBACK_LABEL)
        facts = _node_facts(key, data, documents)
        names[key] = facts["name"]
        net.add_node(
            key,
            label=facts["name"],
            ng=facts,
            color=style.color,
            shape=style.shape,
            size=_FOCUS_SIZE if key == focus else _NODE_SIZE,
            borderWidth=3 if key == focus else 1,
        )

    facts_of = []
    parallel: dict[frozenset[str], int] = {}
    for u, v, key, data in edges:
        rel = str(data.get("type") or key)
        # Parallel edges of one pair get growing, alternating curves so their
        # labels do not sit on top of each other.
        index = parallel.get(frozenset((u, v)), 0)
        parallel[frozenset((u, v))] = index + 1
        extra = {}
        if index:
            extra["smooth"] = {"enabled": True, "roundness": 0.25 * ((index + 1) // 2),
                               "type": "curvedCW" if index % 2 else "curvedCCW"}
        facts = _edge_facts(data)
        facts["type"] = rel
        contract = _contract_of(graph, u, v)
        if contract is not None:
            facts["status"] = graph.nodes[contract].get("status") or "unknown"
        facts_of.append((u, v, rel, facts))
        net.add_edge(u, v, id=f"{u}|{key}|{v}", label=_edge_label(rel, facts), ng=facts,
                     **_edge_style(graph, u, v, facts), **extra)

    net.options = _options(len(kept))

    shown = len(kept)
    total = max(graph.graph.get("total_nodes", 0), graph.number_of_nodes())
    focus_name = names[focus] if focus else None
    env = _environment()
    env.globals.update(
        legend=_legend([graph.nodes[key].get("label") for key in kept], facts_of), note=_cap_note(shown, total, focus_name, max_nodes, capped),
        counts=f"{shown:,} entities · {len(edges):,} links", focus=focus,
        types={name: rel.description for name, rel in schema().relations.items()},
    )
    net.templateEnv, net.path = env, _TEMPLATE
    out = Path(path)
    out.write_text(net.generate_html(name="index.html"), encoding="utf-8")
    return out
