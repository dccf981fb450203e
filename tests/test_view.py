"""Tests for queries.view: the offline pyvis page, checked statically and in headless Chromium."""
from __future__ import annotations

import base64
import json
import re
import shutil
import struct
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from benchmarks.devtools import DevTools
from graph.schema import schema
from queries import subgraph
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
FOUNDED = "Person:peter-thiel|FOUNDED|Company:palantir"
SUPPLIES = "Company:palantir|SUPPLIES|Agency:nhs-england"
DENIED = "Company:palantir|SUPPLIES|Agency:met-police"
INVESTED = "Company:evil|INVESTED_IN|Company:palantir"
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and Path(p).exists()), None)
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# Colours from graph/schema.toml.
PERSON, COMPANY, AGENCY, CONTRACT, BLOCKED = "#e4572e", "#2e86ab", "#3bb273", "#f1c40f", "#c0392b"


def _evidence(doc: str, sentence: str, **extra) -> dict:
    return {"doc": doc, "sentence": sentence, "start": 0, "end": len(sentence),
            "extractor": "rules", "confidence": 0.9, **extra}


def _graph() -> nx.MultiDiGraph:
    """The neutral graph the stores export; SUPPLIER_OF and SUPPLIES are as older stores keep them."""
    g = nx.MultiDiGraph()
    g.add_node("Person:peter-thiel", label="Person", name="Peter Thiel", aliases=["Thiel"],
               doc_ids=["doc-1", "doc-5", "doc-6"])
    g.add_node("Company:palantir", label="Company", name="Palantir",
               aliases=["Palantir Technologies"], doc_ids=["doc-1", "doc-3"])
    g.add_node("Agency:met-police", label="Agency", name="Metropolitan Police", aliases=["the Met"])
    g.add_node("Agency:nhs-england", label="Agency", name="NHS England", aliases=[])
    g.add_node("Contract:met-palantir", label="Contract", name="Met data platform", aliases=[],
               status="blocked", value=20_000_000, currency="GBP",
               description="A <b>data</b> platform for the Met")
    g.add_node("Company:evil", label="Company", name=EVIL, aliases=["<img src=x onerror=alert(2)>"])

    def edge(u: str, v: str, rel: str, *evidence: dict, **props) -> None:
        g.add_edge(u, v, key=rel, type=rel, confidence=0.9,
                   doc_ids=sorted({e["doc"] for e in evidence}), evidence=list(evidence), **props)

    edge("Person:peter-thiel", "Company:palantir", "FOUNDED",
         _evidence("doc-1", "Peter Thiel co-founded Palantir in 2003.", source="The Guardian",
                   published="2023-04-02", date="2003", date_kind="at", negated=False),
         _evidence("doc-5", "Palantir was founded by Thiel and others.", source="Reuters",
                   published="2024-01-15", confidence=0.7, date="2003-06", date_kind="from"),
         _evidence("doc-6", "Thiel denied that he founded the firm alone.", source="Blog",
                   published="2024-02-01", confidence=0.6, negated=True),
         doc_count=2, source_count=2, contra_count=1, first_seen="2023-04-02", last_seen="2024-01-15",
         valid_from="2003-01-01")
    edge("Company:palantir", "Contract:met-palantir", "SUPPLIER_OF",
         *[_evidence(f"doc-{i}", f"Palantir was to supply the Met, report {i}.") for i in range(40)])
    edge("Agency:met-police", "Contract:met-palantir", "BUYER_OF",
         _evidence("doc-2", "The Metropolitan Police planned to buy the platform.", source="doc-2"),
         doc_count=1, source_count=1, contra_count=0)
    edge("Company:palantir", "Agency:nhs-england", "SUPPLIES",
         _evidence("doc-3", "Palantir runs NHS England's data platform."))
    g.add_edge("Company:palantir", "Agency:met-police", key="SUPPLIES", type="SUPPLIES", confidence=None,
               doc_ids=["doc-7"], doc_count=0, source_count=0, contra_count=1,
               evidence=[_evidence("doc-7", "Palantir denied any contract with the Metropolitan Police.",
                                   source="Reuters", published="2024-03-01", negated=True)])
    edge("Company:evil", "Company:palantir", "INVESTED_IN",
         _evidence("doc-4", f"{EVIL} invested in Palantir.", source="<b>Evil Times</b>"))
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
    assert "<b>data</b>" not in html and "<b>Evil Times</b>" not in html
    assert "<title>Palantir &amp; co</title>" in html


def test_page_is_deterministic(tmp_path: Path) -> None:
    a = render_html(_graph(), tmp_path / "a.html", focus="Company:palantir")
    b = render_html(_graph(), tmp_path / "b.html", focus="Company:palantir")
    assert a.read_bytes() == b.read_bytes()


def _data(html: str, name: str) -> list[dict]:
    match = re.search(r"var " + name + r" = (\[.*?\]);\n", html, re.S)
    assert match, name
    return json.loads(match.group(1))


def _details(html: str) -> dict:
    """What the side panel shows for each node and edge (the items' "ng")."""
    return {"nodes": {n["id"]: n["ng"] for n in _data(html, "nodeItems")},
            "edges": {e["id"]: e["ng"] for e in _data(html, "edgeItems")}}


def test_styles(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    nodes = {n["id"]: n for n in _data(html, "nodeItems")}
    edges = {e["id"]: e for e in _data(html, "edgeItems")}
    assert sorted(nodes) == EXPECTED_NODES
    assert nodes["Person:peter-thiel"]["color"] == PERSON
    assert nodes["Contract:met-palantir"]["shape"] == "diamond"
    assert nodes["Company:palantir"]["size"] > nodes["Company:evil"]["size"]
    assert nodes["Company:evil"]["label"] == EVIL  # drawn as canvas text

    supplier = edges["Company:palantir|SUPPLIER_OF|Contract:met-palantir"]
    assert supplier["label"] == "SUPPLIER_OF" and supplier["arrows"] == "to"
    assert supplier["dashes"] is True and supplier["color"] == BLOCKED
    assert edges[FOUNDED]["dashes"] is False and edges[FOUNDED]["label"] == "FOUNDED (disputed)"
    # Only contradicting evidence: drawn apart, never as support.
    assert edges[DENIED]["label"] == "SUPPLIES (denied)" and isinstance(edges[DENIED]["dashes"], list)
    assert edges[DENIED]["color"] not in {e["color"] for i, e in edges.items() if i != DENIED}


def test_panel_data_splits_support_from_contradiction(page: Path) -> None:
    details = _details(page.read_text(encoding="utf-8"))
    founded = details["edges"][FOUNDED]
    assert [e["doc"] for e in founded["support"]] == ["doc-1", "doc-5"]  # best confidence first
    assert [e["doc"] for e in founded["contra"]] == ["doc-6"]
    assert founded["support"][0] == {
        "doc": "doc-1", "sentence": "Peter Thiel co-founded Palantir in 2003.", "start": 0, "end": 40,
        "extractor": "rules", "confidence": 0.9, "source": "The Guardian", "published": "2023-04-02",
        "date": "2003", "date_kind": "at"}
    assert {k: founded[k] for k in ("doc_count", "source_count", "contra_count", "first_seen", "last_seen",
                                    "valid_from")} == {
        "doc_count": 2, "source_count": 2, "contra_count": 1, "first_seen": "2023-04-02",
        "last_seen": "2024-01-15", "valid_from": "2003-01-01"}
    assert "valid_to" not in founded  # unknown is left out, not invented

    # An edge from an older store: counts derived from its evidence; no sources known.
    supplies = details["edges"][SUPPLIES]
    assert supplies == {"doc_count": 1, "confidence": 0.9, "type": "SUPPLIES", "support": [{
        "doc": "doc-3", "sentence": "Palantir runs NHS England's data platform.", "start": 0, "end": 42,
        "extractor": "rules", "confidence": 0.9}]}
    supplier = details["edges"]["Company:palantir|SUPPLIER_OF|Contract:met-palantir"]
    assert supplier["doc_count"] == 40 and len(supplier["support"]) == 30 and supplier["more"] == 10
    assert supplier["status"] == "blocked"
    buyer = details["edges"]["Agency:met-police|BUYER_OF|Contract:met-palantir"]
    assert "source" not in buyer["support"][0]  # the document's own id says nothing more

    contract = details["nodes"]["Contract:met-palantir"]
    assert (contract["status"], contract["value"]) == ("blocked", "20,000,000 GBP")
    thiel = details["nodes"]["Person:peter-thiel"]
    assert thiel["aliases"] == ["Thiel"]
    assert thiel["docs"] == [["doc-1", "The Guardian", "2023-04-02"], ["doc-5", "Reuters", "2024-01-15"],
                             ["doc-6", "Blog", "2024-02-01"]]
    assert details["nodes"]["Company:palantir"]["docs"] == [["doc-1", "The Guardian", "2023-04-02"], ["doc-3"]]


def test_legend_covers_the_schema(page: Path) -> None:
    parsed = _Page(page.read_text(encoding="utf-8"))
    boxes = [a for t, a in parsed.tags if t == "input" and a.get("type") == "checkbox"]
    spec = schema()
    assert [b["value"] for b in boxes if b["data-filter"] == "label"] == list(spec.labels)
    assert [b["value"] for b in boxes if b["data-filter"] == "type"] == list(spec.relations)
    assert [b["value"] for b in boxes if b["data-filter"] == "denied"] == ["denied"]
    legend = parsed.text["ng-legend"]
    assert all(status in legend for status in spec.statuses)
    assert parsed.text["ng-counts"] == "6 entities · 6 links"


def test_max_nodes_keeps_focus_and_hubs(tmp_path: Path) -> None:
    g = _graph()
    html = render_html(g, tmp_path / "cut.html", focus="Agency:nhs-england",
                       max_nodes=2).read_text(encoding="utf-8")
    # Palantir is the hub; NHS England is kept because it is the focus.
    assert sorted(n["id"] for n in _data(html, "nodeItems")) == ["Agency:nhs-england", "Company:palantir"]
    assert _Page(html).text["newsgraph-note"] == (
        "Showing 2 of 6 entities (NHS England and the largest by number of links first); "
        "narrow with --depth or --max-nodes.")
    assert "newsgraph-note" not in render_html(g, tmp_path / "all.html").read_text("utf-8")
    with pytest.raises(ValueError):
        render_html(g, tmp_path / "x.html", focus="Company:nobody")


def test_note_counts_what_the_caller_cut_away(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    for i in range(2500):
        g.add_node(f"Company:c{i:04}", label="Company", name=f"Firm {i}", aliases=[])
    for i in range(1, 2500):
        g.add_edge("Company:c0000", f"Company:c{i:04}", key="OWNS", type="OWNS", evidence=[], doc_ids=["d"])
    g.graph["total_nodes"] = 9341  # subgraph.neighbourhood cut 9,341 to these 2,500
    html = render_html(g, tmp_path / "big.html", focus="Company:c2499", max_nodes=100_000).read_text("utf-8")
    assert len(_data(html, "nodeItems")) == 2000
    assert _Page(html).text["newsgraph-note"] == (
        "Showing 2,000 of 9,341 entities (Firm 2499 and the largest by number of links first); "
        "narrow with --depth or --max-nodes. A page draws at most 2,000 entities to stay usable.")


def _star_records() -> list[dict]:
    """Ann Lee founded Alphaworks (backed by three investors) and leads Betaworks (one investor)."""
    def ev(doc: str) -> list[dict]:
        return [{"doc": doc, "sentence": f"Sentence of {doc}.", "start": 0, "end": 10, "extractor": "test",
                 "confidence": 0.8}]

    def rel(type_: str, source: str, target: str, doc: str) -> dict:
        return {"type": type_, "source": source, "target": target, "evidence": ev(doc)}

    people = ["Ann Lee", "Bob Stone", "Cy Grant", "Di Moss", "Ed Hale"]
    return [{
        "id": "star",
        "entities": [{"type": "Person", "name": p, "aliases": []} for p in people]
                    + [{"type": "Company", "name": c, "aliases": []} for c in ("Alphaworks", "Betaworks")],
        "relations": [rel("FOUNDED", "Ann Lee", "Alphaworks", "star"), rel("LEADS", "Ann Lee", "Betaworks", "star")]
                     + [rel("INVESTED_IN", p, "Alphaworks", "star") for p in people[1:4]]
                     + [rel("INVESTED_IN", "Ed Hale", "Betaworks", "star")],
        "contracts": [],
    }]


def test_neighbourhood_is_cut_before_evidence_is_read(store, tmp_path: Path) -> None:
    store.load(_star_records())
    ann = subgraph.find_entity(store, "Ann Lee")
    whole = subgraph.neighbourhood(store, ann, depth=2)
    assert whole.number_of_nodes() == 7 and "total_nodes" not in whole.graph
    cut = subgraph.neighbourhood(store, ann, depth=2, max_nodes=3)
    keys = [ann, subgraph.find_entity(store, "Alphaworks"), subgraph.find_entity(store, "Betaworks")]
    assert sorted(cut.nodes) == sorted(keys)
    assert cut.graph["total_nodes"] == 7 and cut.number_of_edges() == 2
    # The page cuts the same nodes and counts the whole neighbourhood.
    html = render_html(cut, tmp_path / "ann.html", focus=ann, max_nodes=3).read_text("utf-8")
    assert "Showing 3 of 7 entities (Ann Lee and the largest" in _Page(html).text["newsgraph-note"]
    assert sorted(n["id"] for n in _data(html, "nodeItems")) == sorted(
        n["id"] for n in _data(render_html(whole, tmp_path / "w.html", focus=ann, max_nodes=3)
                               .read_text("utf-8"), "nodeItems"))


# --- in the browser: one-shot --dump-dom -----------------------------------------

# Test-only instrumentation: trap alert() before the page runs, then once the
# page says it is ready, sample the canvas under each node, record edge styles
# and hover the script-named node so vis-network builds its tooltip.
_TRAP = "<script>window.alert = function (m) { document.documentElement.setAttribute('data-alerted', String(m)); };</script>"
_PROBE = """<pre id="probe" hidden></pre><script>
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
    assert probe["edges"][SUPPLIES]["dashes"] is False


# --- in the browser: driven over the DevTools protocol ------------------------------

class _Tab:
    """One page in its own tab: evaluate JavaScript, click, type, screenshot."""

    WIDTH, HEIGHT = 1400, 900

    def __init__(self, tools: DevTools, page: Path) -> None:
        self.tools = tools
        self.target = tools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = tools.call("Target.attachToTarget", {"targetId": self.target, "flatten": True})["sessionId"]
        for domain in ("Page", "Network", "Runtime"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": self.WIDTH, "height": self.HEIGHT, "deviceScaleFactor": 1, "mobile": False})
        # A script-named entity must never run: alert() would leave a mark here.
        self.call("Page.addScriptToEvaluateOnNewDocument", {"source": (
            "window.alert = function (m) { document.documentElement.setAttribute('data-alerted', String(m)); };")})
        self.call("Page.navigate", {"url": page.resolve().as_uri()})
        self.wait("window.newsgraphReady === true")

    def call(self, method: str, params: dict | None = None) -> dict:
        return self.tools.call(method, params, session=self.session)

    def js(self, expression: str) -> object:
        reply = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                               "awaitPromise": True})
        if "exceptionDetails" in reply:
            raise AssertionError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def wait(self, expression: str, timeout: float = 15) -> object:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {expression}")

    def frame(self) -> None:
        """Let vis draw what changed (it redraws on the next animation frame)."""
        self.js("new Promise(function (r) { requestAnimationFrame(function () { requestAnimationFrame(r); }); })")

    def click(self, x: float, y: float) -> None:
        base = {"x": x, "y": y, "button": "left", "clickCount": 1}
        self.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        self.call("Input.dispatchMouseEvent", {"type": "mousePressed", **base})
        self.call("Input.dispatchMouseEvent", {"type": "mouseReleased", **base})

    def click_element(self, selector: str) -> None:
        x, y = self.js(f"(function () {{ var r = document.querySelector({json.dumps(selector)})"
                       ".getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        self.click(x, y)

    def click_node(self, node: str) -> None:
        x, y = self.js(f"""(function () {{
          var p = network.canvasToDOM(network.getPositions([{json.dumps(node)}])[{json.dumps(node)}]);
          var r = document.querySelector("#mynetwork canvas").getBoundingClientRect();
          return [r.left + p.x, r.top + p.y]; }})()""")
        self.click(x, y)

    def click_edge(self, edge: str) -> None:
        # A point on the drawn curve where vis itself finds this edge and no node.
        point = self.js(f"""(function () {{
          var id = {json.dumps(edge)}, e = network.body.edges[id];
          var r = document.querySelector("#mynetwork canvas").getBoundingClientRect();
          var tries = [0.5, 0.4, 0.6, 0.3, 0.7];
          for (var i = 0; i < tries.length; i++) {{
            var p = network.canvasToDOM(e.edgeType.getPoint(tries[i]));
            if (network.getNodeAt(p) === undefined && network.getEdgeAt(p) === id) {{
              return [r.left + p.x, r.top + p.y];
            }}
          }}
          return null; }})()""")
        assert point, f"no clear point on {edge}"
        self.click(*point)

    def key(self, key: str, code: int) -> None:
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": key,
                                                 "windowsVirtualKeyCode": code})

    def type(self, text: str) -> None:
        self.call("Input.insertText", {"text": text})

    def text(self, selector: str) -> str:
        return self.js(f"document.querySelector({json.dumps(selector)}).innerText")

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"})["data"]))
        return path

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.tools.events
                if e.get("sessionId") == self.session and e.get("method") == "Network.requestWillBeSent"]

    def close(self) -> None:
        # Nothing but the page itself (and data: URLs vis makes) was fetched.
        assert [u for u in self.requests() if not u.startswith(("file:", "data:", "about:"))] == []
        assert self.js("document.documentElement.getAttribute('data-alerted')") is None
        self.tools.call("Target.closeTarget", {"targetId": self.target})


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory):
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    # The events are kept, so a test can see every request a page makes.
    tools = DevTools(CHROMIUM, tmp_path_factory.mktemp("chromium-profile"),
                     flags=["--disable-quic", "--hide-scrollbars"], timeout=30, keep_events=True)
    yield tools
    tools.close()


@pytest.fixture
def tab(chromium: DevTools, page: Path):
    tab = _Tab(chromium, page)
    yield tab
    tab.close()


_VISIBLE = ("[network.body.nodeIndices.slice().sort(), network.body.edgeIndices.slice().sort()]")


@pytest.mark.browser
def test_filters_hide_labels_and_link_types(tab: _Tab) -> None:
    all_nodes, all_edges = tab.js(_VISIBLE)
    assert all_nodes == EXPECTED_NODES and len(all_edges) == 6
    contract_colour = """(function () {
      var canvas = document.querySelector("#mynetwork canvas"), ctx = canvas.getContext("2d");
      var ratio = canvas.width / canvas.clientWidth;
      var p = network.canvasToDOM(network.getPositions(["Contract:met-palantir"])["Contract:met-palantir"]);
      return Array.from(ctx.getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data.slice(0, 3));
    })()"""
    assert _close(tab.js(contract_colour), CONTRACT)

    tab.click_element('#ng-legend input[data-filter="label"][value="Contract"]')
    tab.frame()
    shown_nodes, shown_edges = tab.js(_VISIBLE)
    assert shown_nodes == [n for n in EXPECTED_NODES if n != "Contract:met-palantir"]
    assert not [e for e in shown_edges if "Contract:" in e] and len(shown_edges) == 4
    assert not _close(tab.js(contract_colour), CONTRACT)  # gone from the canvas, not just the data
    assert tab.text("#ng-filtered") == "filters hide 1 entity and 2 links"

    tab.click_element('#ng-legend input[data-filter="type"][value="FOUNDED"]')
    tab.click_element('#ng-legend input[data-filter="denied"]')
    tab.frame()
    shown_nodes, shown_edges = tab.js(_VISIBLE)
    assert "Person:peter-thiel" in shown_nodes  # a link type hides links, not their ends
    assert sorted(shown_edges) == sorted([SUPPLIES, INVESTED])
    assert tab.text("#ng-filtered") == "filters hide 1 entity and 4 links"

    for box in ('label"][value="Contract', 'type"][value="FOUNDED', 'denied'):
        tab.click_element(f'#ng-legend input[data-filter="{box}"]')
    tab.frame()
    assert tab.js(_VISIBLE) == [all_nodes, all_edges]
    assert tab.text("#ng-filtered") == ""


@pytest.mark.browser
def test_search_selects_and_focuses(tab: _Tab) -> None:
    tab.click_element("#ng-search")
    tab.type("TECHNOLOG")  # part of an alias, any case
    assert tab.js("network.getSelectedNodes()") == ["Company:palantir"]
    assert tab.text("#ng-search-result") == "1 match: Palantir"
    assert tab.text("#ng-details h2") == "Palantir"
    # The view moves to the match (a short animation).
    tab.wait("""(function () {
      var v = network.getViewPosition(), p = network.getPositions(["Company:palantir"])["Company:palantir"];
      return Math.abs(v.x - p.x) < 1 && Math.abs(v.y - p.y) < 1; })()""", timeout=5)
    tab.screenshot("view-search")

    tab.key("Escape", 27)
    assert tab.js("document.getElementById('ng-search').value") == ""
    assert tab.js("network.getSelectedNodes()") == [] and tab.text("#ng-search-result") == ""
    tab.type("zzz")
    assert tab.text("#ng-search-result") == "No entity matches “zzz”"
    assert tab.js("network.getSelectedNodes()") == []

    tab.key("Escape", 27)
    tab.type("met")
    assert tab.js("network.getSelectedNodes().sort()") == ["Agency:met-police", "Contract:met-palantir"]
    # Entities before contracts; Enter steps through the matches.
    assert tab.text("#ng-search-result") == "match 1 of 2: Metropolitan Police (Enter: next)"
    tab.key("Enter", 13)
    assert tab.text("#ng-search-result") == "match 2 of 2: Met data platform (Enter: next)"
    assert tab.text("#ng-details h2") == "Met data platform"

    # A match the filters hide is found but not drawn, and the page says why.
    tab.click_element('#ng-legend input[data-filter="label"][value="Contract"]')
    tab.click_element('#ng-legend input[data-filter="label"][value="Agency"]')
    assert tab.text("#ng-search-result") == "2 entities match but the filters hide them"
    assert tab.js("network.getSelectedNodes()") == []


@pytest.mark.browser
def test_clicks_show_evidence_in_the_panel(tab: _Tab) -> None:
    assert "Click an entity or a link" in tab.text("#ng-details")

    tab.click_node("Person:peter-thiel")
    assert tab.js("document.getElementById('ng-details').getAttribute('data-showing')") == "node"
    panel = tab.text("#ng-details")
    assert panel.startswith("Peter Thiel\nPerson · Person:peter-thiel")
    assert "Aliases\nThiel" in panel
    assert "doc-1 · The Guardian · published 2023-04-02" in panel
    assert "FOUNDED → Palantir" in panel
    tab.screenshot("view-node-panel")

    tab.click_node("Contract:met-palantir")
    panel = tab.text("#ng-details")
    assert "Status\nblocked" in panel and "Value\n20,000,000 GBP" in panel
    assert "A <b>data</b> platform for the Met" in panel  # as text, not markup

    tab.click_edge(FOUNDED)
    assert tab.js("network.getSelectedEdges()") == [FOUNDED]
    assert tab.js("document.getElementById('ng-details').getAttribute('data-showing')") == "edge"
    panel = tab.text("#ng-details")
    assert panel.startswith("Peter Thiel —FOUNDED→ Palantir\nfounded or co-founded")
    for fact in ("Documents\n2 supporting", "Sources\n2", "Contradicting\n1 document", "Best confidence\n0.90",
                 "First seen\n2023-04-02", "Last seen\n2024-01-15", "Valid from\n2003-01-01"):
        assert fact in panel, fact
    assert "Valid to" not in panel
    support = tab.js("Array.from(document.querySelectorAll('#ng-details [data-kind=supporting]'))"
                     ".map(function (li) { return li.innerText; })")
    assert support == [
        "Peter Thiel co-founded Palantir in 2003.\ndoc-1 · The Guardian · published 2023-04-02 · "
        "characters 0–40 · rules · confidence 0.90 · dated 2003",
        "Palantir was founded by Thiel and others.\ndoc-5 · Reuters · published 2024-01-15 · "
        "characters 0–41 · rules · confidence 0.70 · dated 2003-06 (from)"]
    contra = tab.js("Array.from(document.querySelectorAll('#ng-details [data-kind=contradicting]'))"
                    ".map(function (li) { return li.innerText; })")
    assert contra == ["CONTRADICTS\nThiel denied that he founded the firm alone.\ndoc-6 · Blog · "
                      "published 2024-02-01 · characters 0–44 · rules · confidence 0.60"]
    assert tab.js("document.querySelector('#ng-details h3.ng-contra-head').textContent") == "Contradicting evidence (1)"
    shot = tab.screenshot("view-edge-evidence")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (_Tab.WIDTH, _Tab.HEIGHT)

    # A link only denied: no support, one contradicting item.
    tab.click_edge(DENIED)
    panel = tab.text("#ng-details")
    assert "Documents\n0 supporting (denied only)" in panel and "No sentence supports this link." in panel
    assert tab.js("document.querySelectorAll('#ng-details [data-kind=contradicting]').length") == 1

    # An edge from an older store: what is unknown is left out, nothing breaks.
    tab.click_edge(SUPPLIES)
    panel = tab.text("#ng-details")
    assert "Documents\n1 supporting" in panel and "Sources" not in panel
    assert "doc-3 · publication date unknown · characters 0–42 · rules · confidence 0.90" in panel

    # A sentence with a <script> in it is shown as text and never runs.
    tab.click_edge(INVESTED)
    panel = tab.text("#ng-details")
    assert f"{EVIL} invested in Palantir." in panel and "<b>Evil Times</b>" in panel
    assert tab.js("document.querySelectorAll('#ng-details script, #ng-details img, #ng-details b').length") == 0

    # The panel's links lead on: from the edge to its source entity.
    tab.click_element("#ng-details h2 button")
    assert tab.text("#ng-details h2") == EVIL
    tab.click(5, tab.HEIGHT - 5)  # empty canvas
    assert "Click an entity or a link" in tab.text("#ng-details")


@pytest.mark.browser
def test_an_empty_page_still_works(chromium: DevTools, tmp_path: Path) -> None:
    tab = _Tab(chromium, render_html(nx.MultiDiGraph(), tmp_path / "empty.html"))
    try:
        assert tab.text("#ng-counts") == "0 entities · 0 links"
        tab.click_element("#ng-search")
        tab.type("thiel")
        assert tab.text("#ng-search-result") == "No entity matches “thiel”"
        tab.click_element('#ng-legend input[data-filter="label"][value="Person"]')
        assert tab.text("#ng-filtered") == ""
    finally:
        tab.close()
