"""Render a neutral newsgraph graph as a self-contained, offline pyvis page."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from pyvis.network import Network

from graph.schema import Label, schema

_TEMPLATE = "view_template.html"
_MAX_EVIDENCE = 5
_MAX_SENTENCE = 300
_NODE_SIZE = 16
_FOCUS_SIZE = 34
_EDGE_COLOR = "#8a8f98"
_FALLBACK_LABEL = Label("?", "outside the schema", "#bbbbbb", "dot")

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


def _clip(text: str, limit: int = _MAX_SENTENCE) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _format_value(value: Any, currency: Any) -> str:
    if value is None:
        return "unknown"
    amount = f"{value:,.0f}" if isinstance(value, (int, float)) else str(value)
    return f"{amount} {currency}" if currency else amount


def _node_title(key: str, data: dict[str, Any]) -> str:
    # Plain text only: the page turns it into a DOM text node, never HTML.
    label = data.get("label", "?")
    lines = [f"{label}: {data.get('name') or key}"]
    aliases = [a for a in data.get("aliases") or [] if a != data.get("name")]
    if aliases:
        lines.append("Aliases: " + ", ".join(sorted(map(str, aliases))))
    if label == "Contract":
        lines.append(f"Status: {data.get('status') or 'unknown'}")
        lines.append(f"Value: {_format_value(data.get('value'), data.get('currency'))}")
        if data.get("description"):
            lines.append(_clip(data["description"]))
    lines.append(f"Key: {key}")
    return "\n".join(lines)


def _edge_title(graph: nx.MultiDiGraph, u: str, v: str, rel: str, data: dict[str, Any]) -> str:
    def name(node: str) -> str:
        return str(graph.nodes[node].get("name") or node)

    lines = [f"{name(u)} —{rel}→ {name(v)}"]
    if data.get("confidence") is not None:
        lines.append(f"confidence {float(data['confidence']):.2f}")
    evidence = data.get("evidence") or []
    for item in evidence[:_MAX_EVIDENCE]:
        lines.append(f"[{item.get('doc', '?')}] {_clip(item.get('sentence', ''))}")
    if len(evidence) > _MAX_EVIDENCE:
        lines.append(f"+{len(evidence) - _MAX_EVIDENCE} more sentences")
    if not evidence and data.get("doc_ids"):
        lines.append("documents: " + ", ".join(map(str, data["doc_ids"])))
    return "\n".join(lines)


def _edge_style(graph: nx.MultiDiGraph, u: str, v: str) -> dict[str, Any]:
    contract = next((n for n in (v, u) if graph.nodes[n].get("label") == "Contract"), None)
    if contract is None:
        return {"color": _EDGE_COLOR, "dashes": False}
    spec = schema()
    status = graph.nodes[contract].get("status") or "unknown"
    return {
        "color": spec.status_colors.get(status, _EDGE_COLOR),
        "dashes": status in spec.dashed_statuses,
    }


def _select_nodes(graph: nx.MultiDiGraph, focus: str | None, max_nodes: int) -> list[str]:
    # Key as tie-breaker keeps the cut deterministic.
    ranked = sorted(graph.nodes, key=lambda n: (n != focus, -graph.degree(n), n))
    return sorted(ranked[:max_nodes])


def _legend() -> dict[str, list[dict[str, Any]]]:
    spec = schema()
    labels = [{"name": label.name, "color": label.color, "shape": label.shape} for label in spec.labels.values()]
    # One legend row per distinct drawing style, in the schema's status order.
    styles: dict[tuple[str, bool], list[str]] = {}
    for status in spec.statuses:
        style = (spec.status_colors.get(status, _EDGE_COLOR), status in spec.dashed_statuses)
        styles.setdefault(style, []).append(status)
    statuses = [{"color": _EDGE_COLOR, "dashed": False, "names": "other relations"}]
    statuses += [{"color": c, "dashed": d, "names": "contract " + ", ".join(s)}
                 for (c, d), s in styles.items()]
    return {"labels": labels, "statuses": statuses}


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
    dashed by contract status. Graphs above ``max_nodes`` are cut to the focus
    node plus the most connected nodes, and the page says so.
    """
    if focus is not None and focus not in graph:
        raise ValueError(f"focus node {focus!r} is not in the graph")
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    labels = schema().labels
    capped = max_nodes > MAX_PAGE_NODES
    max_nodes = min(max_nodes, MAX_PAGE_NODES)
    kept = _select_nodes(graph, focus, max_nodes)
    kept_set = set(kept)

    net = Network(height="100%", width="100%", directed=True, heading=title,
                  cdn_resources="in_line")
    for key in kept:
        data = graph.nodes[key]
        style = labels.get(data.get("label"), _FALLBACK_LABEL)
        net.add_node(
            key,
            label=str(data.get("name") or key),
            title=_node_title(key, data),
            color=style.color,
            shape=style.shape,
            size=_FOCUS_SIZE if key == focus else _NODE_SIZE,
            borderWidth=3 if key == focus else 1,
        )

    edges = sorted(((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
                    if u in kept_set and v in kept_set), key=lambda e: (e[0], e[1], str(e[2])))
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
        net.add_edge(u, v, id=f"{u}|{key}|{v}", label=rel,
                     title=_edge_title(graph, u, v, rel, data),
                     **_edge_style(graph, u, v), **extra)

    net.options = _options(len(kept))

    shown, total = len(kept), graph.number_of_nodes()
    note = None
    if shown < total:
        note = (f"Showing {shown} of {total} nodes: the "
                f"{'focus node and the ' if focus else ''}most connected ones "
                f"(max_nodes={max_nodes}"
                f"{f'; pages are capped at {MAX_PAGE_NODES} nodes to stay usable' if capped else ''}).")
    env = _environment()
    env.globals.update(
        legend=_legend(), note=note, counts=f"{shown} nodes · {len(edges)} edges",
        focus=focus,
    )
    net.templateEnv, net.path = env, _TEMPLATE
    out = Path(path)
    out.write_text(net.generate_html(name="index.html"), encoding="utf-8")
    return out
