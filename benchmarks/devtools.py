"""The smallest Chromium DevTools client: over a pipe (--remote-debugging-pipe), so no extra package.

Used by the page benchmark (benchmarks/page.py) and by the browser tests
(tests/test_view.py), which also keep the events to see every request a page makes.
"""
from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

# Headless, offline (any network request fails: a page must work without one), no first-run noise.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
         "--disable-background-networking", "--disable-component-update", "--remote-debugging-pipe",
         "--host-resolver-rules=MAP * ~NOTFOUND")


class DevTools:
    """JSON messages ending in NUL on fds 3 (in) and 4 (out) of a headless Chromium.

    `flags` are added to FLAGS; `timeout` is the default for call(); with
    `keep_events` the messages that answer no call are kept in `events`.
    """

    def __init__(self, chromium: str, profile: Path, flags: Sequence[str] = (), timeout: float = 60,
                 keep_events: bool = False) -> None:
        cmd_r, self._cmd_w = os.pipe()
        self._res_r, res_w = os.pipe()

        def child() -> None:  # Chromium reads fd 3 and writes fd 4
            a, b = os.dup(cmd_r), os.dup(res_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [chromium, *FLAGS, *flags, f"--user-data-dir={profile}", "about:blank"],
            preexec_fn=child, pass_fds=(3, 4, cmd_r, res_w), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(cmd_r)
        os.close(res_w)
        self.timeout = timeout
        self.keep_events = keep_events
        self.events: list[dict] = []
        self._id = 0
        self._buffer = b""

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float | None = None) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._cmd_w, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while time.monotonic() < deadline:
            while b"\0" not in self._buffer:
                chunk = os.read(self._res_r, 1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if "id" not in reply:
                if self.keep_events:
                    self.events.append(reply)
            elif reply["id"] == self._id:
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
            self.proc.wait()
        os.close(self._cmd_w)
        os.close(self._res_r)
