"""The page: `newsgraph show` of a 2,000-node subgraph, timed in headless Chromium until it settles.

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe),
so no extra package is needed: the page counts as settled when its own script
says so (window.newsgraphReady: the layout stabilised and physics is off).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from . import graphgen
from .common import NEWSGRAPH, bench_line, detail, run


class DevTools:
    """The smallest DevTools client: JSON messages ending in NUL on fds 3 (in) and 4 (out)."""

    def __init__(self, chromium: str, profile: Path) -> None:
        cmd_r, self._cmd_w = os.pipe()
        self._res_r, res_w = os.pipe()

        def child() -> None:  # Chromium reads fd 3 and writes fd 4
            a, b = os.dup(cmd_r), os.dup(res_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
             "--disable-background-networking", "--disable-component-update", "--remote-debugging-pipe",
             "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={profile}", "--window-size=1400,900",
             "about:blank"],
            preexec_fn=child, pass_fds=(3, 4, cmd_r, res_w), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(cmd_r)
        os.close(res_w)
        self._id = 0
        self._buffer = b""

    def call(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 60) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._cmd_w, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while b"\0" not in self._buffer:
                chunk = os.read(self._res_r, 1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
        raise TimeoutError(method)

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=5)
        except Exception:  # noqa: BLE001 - it is going away either way
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._cmd_w)
        os.close(self._res_r)


def settle_seconds(chromium: str, page: Path, timeout: float = 120) -> tuple[float, float, int]:
    """(seconds from navigation to settled, the page's own performance.now() then, nodes drawn)."""
    with tempfile.TemporaryDirectory() as profile:
        tools = DevTools(chromium, Path(profile))
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
