"""Tests for queries.view: the offline pyvis page, checked statically and in headless Chromium."""
from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from queries.view import render_html

EVIL = "<script>alert(1)</script>"
EXPECTED_NODES = [
    "Agency:met-police",
    "Agency:nhs-england",
    "Company:evil",
    "Company:palantir",
    "Contract:met-palantir",
    "Person:peter-thiel",
]
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and Path(p).exists()), None)
# Colours from graph/schema.toml.
PERSON, COMPANY, AGENCY, CONTRACT, BLOCKED = "#e4572e", "#2e86ab", "#3bb273", "#f1c40f", "#c0392b"


def _evidence(doc: str, sentence: str) -> dict:
    return {"doc": doc, "sentence": sentence, "start": 0, "end": len(sentence),
            "extractor": "rules", "confidence": 0.9}


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("Person:peter-thiel", label="Person", name="Peter Thiel", aliases=["Thiel"])
    g.add_node("Company:palantir", label="Company", name="Palantir",
               aliases=["Palantir Technologies"])
    g.add_node("Agency:met-police", label="Agency", name="Metropolitan Police", aliases=["the Met"])
    g.add_node("Agency:nhs-england", label="Agency", name="NHS England", aliases=[])
    g.add_node("Contract:met-palantir", label="Contract", name="Met data platform", aliases=[],
               status="blocked", value=20_000_000, currency="GBP",
               description="A <b>data</b> platform for the Met")
    g.add_node("Company:evil", label="Company", name=EVIL, aliases=["<img src=x onerror=alert(2)>"])

    def edge(u: str, v: str, rel: str, *evidence: dict) -> None:
        g.add_edge(u, v, key=rel, type=rel, confidence=0.9,
                   doc_ids=sorted({e["doc"] for e in evidence}), evidence=list(evidence))

    edge("Person:peter-thiel", "Company:palantir", "FOUNDED",
         _evidence("doc-1", "Peter Thiel co-founded Palantir in 2003."))
    edge("Company:palantir", "Contract:met-palantir", "SUPPLIER_OF",
         *[_evidence(f"doc-{i}", f"Palantir was to supply the Met, report {i}.") for i in range(8)])
    edge("Agency:met-police", "Contract:met-palantir", "BUYER_OF",
         _evidence("doc-2", "The Metropolitan Police planned to buy the platform."))
    edge("Company:palantir", "Agency:nhs-england", "SUPPLIES",
         _evidence("doc-3", "Palantir runs NHS England's data platform."))
    edge("Company:evil", "Company:palantir", "INVESTED_IN",
         _evidence("doc-4", f"{EVIL} invested in Palantir."))
    return g


class _Page(HTMLParser):
    """Elements, attributes and the text of elements with an id (or the vis tooltip)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: dict[str, str] = {}
        self.children: dict[str, list[str]] = {}
        self.styles = ""
        self._open: list[str | None] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        for name in filter(None, self._open):
            self.children[name].append(tag)
        if tag in self.VOID:
            return
        name = a.get("id") or ("tooltip" if "vis-tooltip" in a.get("class", "").split() else None)
        if name:
            self.text.setdefault(name, "")
            self.children.setdefault(name, [])
        self._open.append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for name in filter(None, self._open):
            self.text[name] += data
        if self.tags and self.tags[-1][0] == "style":
            self.styles += data


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_html(_graph(), tmp_path_factory.mktemp("view") / "graph.html",
                       title="Palantir & co", focus="Company:palantir")


def test_page_loads_nothing_from_outside(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    parsed = _Page(html)
    external = re.compile(r"^\s*(https?:)?//", re.I)
    for tag, attrs in parsed.tags:
        for attr in ("src", "href", "srcset", "data", "poster", "action"):
            assert not external.match(attrs.get(attr, "")), (tag, attrs)
    assert not [a for t, a in parsed.tags if t == "script" and "src" in a]
    assert not [t for t, a in parsed.tags if t == "link"]
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", parsed.styles, re.I)
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html


def test_names_are_never_markup(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "<b>data</b>" not in html
    assert "<title>Palantir &amp; co</title>" in html


def test_page_is_deterministic(tmp_path: Path) -> None:
    a = render_html(_graph(), tmp_path / "a.html", focus="Company:palantir")
    b = render_html(_graph(), tmp_path / "b.html", focus="Company:palantir")
    assert a.read_bytes() == b.read_bytes()


def _data(html: str, name: str) -> list[dict]:
    match = re.search(r"var " + name + r" = new vis\.DataSet\(withTips\((\[.*?\])\)\);", html, re.S)
    assert match, name
    return json.loads(match.group(1))


def test_styles_and_tooltips(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    nodes = {n["id"]: n for n in _data(html, "nodes")}
    edges = {e["id"]: e for e in _data(html, "edges")}
    assert sorted(nodes) == EXPECTED_NODES
    assert nodes["Person:peter-thiel"]["color"] == PERSON
    assert nodes["Contract:met-palantir"]["shape"] == "diamond"
    assert nodes["Company:palantir"]["size"] > nodes["Company:evil"]["size"]
    assert nodes["Company:evil"]["label"] == EVIL  # drawn as canvas text
    contract = nodes["Contract:met-palantir"]["title"]
    assert "Status: blocked" in contract and "20,000,000 GBP" in contract

    supplier = edges["Company:palantir|SUPPLIER_OF|Contract:met-palantir"]
    assert supplier["label"] == "SUPPLIER_OF" and supplier["arrows"] == "to"
    assert supplier["dashes"] is True and supplier["color"] == BLOCKED
    assert "[doc-0] Palantir was to supply the Met, report 0." in supplier["title"]
    assert "report 5" not in supplier["title"] and "+3 more" in supplier["title"]
    founded = edges["Person:peter-thiel|FOUNDED|Company:palantir"]
    assert founded["dashes"] is False and "[doc-1] Peter Thiel co-founded" in founded["title"]


def test_max_nodes_keeps_focus_and_hubs(tmp_path: Path) -> None:
    g = _graph()
    html = render_html(g, tmp_path / "cut.html", focus="Agency:nhs-england",
                       max_nodes=2).read_text(encoding="utf-8")
    # Palantir is the hub; NHS England is kept because it is the focus.
    assert sorted(n["id"] for n in _data(html, "nodes")) == ["Agency:nhs-england",
                                                            "Company:palantir"]
    assert "Showing 2 of 6 nodes" in _Page(html).text["newsgraph-note"]
    assert "newsgraph-note" not in render_html(g, tmp_path / "all.html").read_text("utf-8")
    with pytest.raises(ValueError):
        render_html(g, tmp_path / "x.html", focus="Company:nobody")


# --- in the browser -------------------------------------------------------------

# Test-only instrumentation: trap alert() before the page runs, then once the
# page says it is ready, sample the canvas under each node, record edge styles
# and hover the script-named node so vis-network builds its tooltip.
_TRAP = "<script>window.alert = function (m) { document.documentElement.setAttribute('data-alerted', String(m)); };</script>"
_PROBE = """<pre id="probe"></pre><script>
(function probe() {
  if (!window.newsgraphReady) { return setTimeout(probe, 50); }
  var canvas = document.querySelector("#mynetwork canvas");
  var ratio = canvas.width / canvas.clientWidth, ctx = canvas.getContext("2d");
  var out = {physics: network.physics.physicsEnabled, colors: {}, edges: {}};
  var positions = network.getPositions();
  Object.keys(positions).forEach(function (id) {
    var p = network.canvasToDOM(positions[id]);
    out.colors[id] = Array.from(ctx.getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data.slice(0, 3));
  });
  network.body.data.edges.getIds().forEach(function (id) {
    var o = network.body.edges[id].options;
    out.edges[id] = {dashes: !!o.dashes, color: o.color.color};
  });
  document.getElementById("probe").textContent = JSON.stringify(out);
  var p = network.canvasToDOM(positions["Company:evil"]), r = canvas.getBoundingClientRect();
  canvas.dispatchEvent(new MouseEvent("mousemove", {bubbles: true, clientX: r.left + p.x, clientY: r.top + p.y}));
})();
</script>"""


def _chromium(tmp_path: Path, url: str, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", f"--user-data-dir={profile}", "--hide-scrollbars",
           # Any network request fails: the page must work offline.
           "--host-resolver-rules=MAP * ~NOTFOUND",
           # Virtual time runs the layout's timers fast; the page is ready well before.
           "--virtual-time-budget=30000", *extra, url]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def _hex(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


def _close(rgb: list[int], color: str, tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(rgb, _hex(color)))


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_page_draws_in_chromium(page: Path, tmp_path: Path) -> None:
    html = page.read_text(encoding="utf-8")
    instrumented = tmp_path / "instrumented.html"
    instrumented.write_text(html.replace("<head>", "<head>" + _TRAP, 1)
                            .replace("</body>", _PROBE + "</body>", 1), encoding="utf-8")
    dom = _chromium(tmp_path, instrumented.as_uri(), "--window-size=1200,800", "--dump-dom").stdout
    parsed = _Page(dom)
    root = dict(parsed.tags)["html"]
    body = dict(parsed.tags)["body"]

    assert body.get("data-newsgraph-ready") == "true"
    drawn = json.loads(parsed.text["newsgraph-drawn"])
    assert [n["id"] for n in drawn] == EXPECTED_NODES
    assert {n["id"]: n["label"] for n in drawn}["Company:evil"] == EVIL

    # No injection: no alert ran, no element came from a name, the tooltip is text.
    assert "data-alerted" not in root
    assert "<script>alert" not in dom and "<img src=x" not in dom
    scripts = [t for t, _ in _Page(html).tags if t == "script"]
    assert [t for t, _ in parsed.tags if t == "script"] == scripts + ["script", "script"]
    assert not [t for t, _ in parsed.tags if t == "img"]
    assert EVIL in parsed.text["tooltip"] and "Key: Company:evil" in parsed.text["tooltip"]
    assert set(parsed.children["tooltip"]) == {"div"}

    probe = json.loads(parsed.text["probe"])
    assert probe["physics"] is False  # switched off once the layout settled
    colors = probe["colors"]
    assert _close(colors["Person:peter-thiel"], PERSON)
    assert _close(colors["Company:palantir"], COMPANY)
    assert _close(colors["Agency:nhs-england"], AGENCY)
    assert _close(colors["Contract:met-palantir"], CONTRACT)
    assert probe["edges"]["Agency:met-police|BUYER_OF|Contract:met-palantir"] == {
        "dashes": True, "color": BLOCKED}
    assert probe["edges"]["Company:palantir|SUPPLIES|Agency:nhs-england"]["dashes"] is False


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_page_screenshot(page: Path, tmp_path: Path) -> None:
    # Baseline: the same page chrome (header, legend) without a graph.
    empty = render_html(nx.MultiDiGraph(), tmp_path / "empty.html", title="Palantir & co")
    sizes = {}
    for source in (page, empty):
        shot = tmp_path / f"{source.stem}.png"
        _chromium(tmp_path, source.as_uri(), "--window-size=1200,800", f"--screenshot={shot}")
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (1200, 800)
        sizes[source.stem] = len(data)
    # Drawn nodes, labels and edges add far more detail than the empty canvas.
    assert sizes["graph"] > 2 * sizes["empty"], sizes
