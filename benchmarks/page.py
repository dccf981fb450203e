"""The page: `newsgraph show` of a 2,000-node subgraph, timed in headless Chromium until it settles.

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe),
so no extra package is needed: the page counts as settled when its own script
says so (window.newsgraphReady: the layout stabilised and physics is off).
"""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from . import graphgen
from .common import NEWSGRAPH, bench_line, detail, run
from .devtools import DevTools


def settle_seconds(chromium: str, page: Path, timeout: float = 120) -> tuple[float, float, int]:
    """(seconds from navigation to settled, the page's own performance.now() then, nodes drawn)."""
    with tempfile.TemporaryDirectory() as profile:
        tools = DevTools(chromium, Path(profile), flags=["--window-size=1400,900"])
        try:
            target = tools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = tools.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            tools.call("Page.enable", session=session)
            start = time.perf_counter()
            tools.call("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
            probe = ("window.newsgraphReady === true ? [performance.now(), (window.newsgraphDrawn || []).length]"
                     " : null")
            while time.perf_counter() - start < timeout:
                value = tools.call("Runtime.evaluate", {"expression": probe, "returnByValue": True},
                                   session=session)["result"].get("value")
                if value:
                    return time.perf_counter() - start, value[0] / 1000, int(value[1])
                time.sleep(0.05)
            raise TimeoutError(f"the page did not settle in {timeout} s")
        finally:
            tools.close()


def bench(work: Path, nodes: int = 2000, relationships: int = 12000) -> None:
    chromium = next((p for p in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
                     if p and Path(p).exists()), None)
    if chromium is None:
        bench_line("page", None, "<=", 1, "no chromium (apt-get install chromium)")
        return
    records = work / f"page-{relationships}.jsonl"
    graphgen.write(relationships, records)
    store = work / f"page-store-{relationships}"
    shutil.rmtree(store, ignore_errors=True)
    run([NEWSGRAPH, "load", str(records), "--silent", "--path", str(store)])
    hub = graphgen.agency(0)
    page = work / "page.html"
    shown = run([NEWSGRAPH, "show", hub, "--depth", "4", "--max-nodes", str(nodes), "--path", str(store),
                 "-o", str(page)])
    html = page.read_text(encoding="utf-8")
    note = "newsgraph-note" in html
    seconds, own, drawn = settle_seconds(chromium, page)
    detail(f"newsgraph show: {shown.stderr.strip()} in {shown.seconds:.1f} s; {drawn} nodes drawn; "
           f"settled {seconds:.1f} s after navigation (page clock {own:.1f} s); "
           f"{'a note says the page was capped' if note else 'no cap note'}")
    bench_line("page", seconds / 10, "<=", 1, f"seconds until a {drawn}-node page settles in headless Chromium ÷ 10 s")
