"""What every benchmark shares: BENCH lines, timed subprocesses with their memory, a private Neo4j."""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NEWSGRAPH = str(BIN / "newsgraph")


def bench_line(stage: str, ratio: float | None, op: str, target: float, note: str = "") -> str:
    """`BENCH <stage> ratio=<x> target=<op><y> ok|short`; a stage that could not run is short."""
    if ratio is None:
        ok = False
        shown = "nan"
    else:
        ok = ratio >= target if op == ">=" else ratio <= target
        shown = f"{ratio:.3g}" if ratio < 1000 else f"{ratio:.0f}"
    line = f"BENCH {stage} ratio={shown} target={op}{target:g} {'ok' if ok else 'short'}"
    print(line, flush=True)
    if note:
        print(f"      {note}", flush=True)
    return line


def detail(text: str) -> None:
    print(f"  . {text}", flush=True)


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes, the whole process tree at its largest
    stdout: str
    stderr: str
    cpu: float = 0.0  # user + system seconds of the process tree


def load_average() -> float:
    return os.getloadavg()[0]


def run(cmd: list[str], *, env: dict | None = None, check: bool = True, timeout: float | None = None) -> Run:
    """Run ``cmd``, timing it and sampling the memory of its process tree every 50 ms."""
    import psutil

    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, cwd=REPO)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            root = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not stop.is_set():
            try:
                rss = root.memory_info().rss + sum(c.memory_info().rss for c in root.children(recursive=True))
                peak = max(peak, rss)
            except psutil.Error:
                pass
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        stop.set()
        sampler.join()
        if proc.poll() is None:
            proc.kill()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])}… failed ({proc.returncode}): {err[-2000:]}")
    return Run(seconds, peak, out, err, cpu)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[index]


# --- a private Neo4j -----------------------------------------------------------------

class Neo4jInstance:
    """A Neo4j of our own (scripts/neo4j.sh with its own home and port), never the shared one."""

    def __init__(self, home: str | Path, port: int, heap: str = "2g", pagecache: str = "1g") -> None:
        self.home, self.port = Path(home), port
        self.env = {"NEWSGRAPH_NEO4J_HOME": str(self.home), "NEO4J_BOLT_PORT": str(port),
                    "NEO4J_PASSWORD": "newsgraph", "NEO4J_HEAP": heap, "NEO4J_PAGECACHE": pagecache}
        self.uri = f"bolt://127.0.0.1:{port}"

    def script(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(REPO / "scripts" / "neo4j.sh"), *args], capture_output=True, text=True,
                              env={**os.environ, **self.env}, timeout=600)

    def admin(self, *args: str) -> Run:
        return run(["bash", str(REPO / "scripts" / "neo4j-admin.sh"), *args], env=self.env)

    def start(self) -> None:
        done = self.script("start")
        if done.returncode != 0:
            raise RuntimeError(f"cannot start the benchmark Neo4j: {done.stdout}{done.stderr}")

    def stop(self) -> None:
        self.script("stop")

    def wipe(self) -> None:
        """Stop and delete the data: the next start is an empty database."""
        self.stop()
        shutil.rmtree(self.home / "data", ignore_errors=True)

    def store(self):
        from graph.store import open_store

        return open_store("neo4j", uri=self.uri, user="neo4j", password="newsgraph")

    def cli_options(self) -> list[str]:
        return ["--store", "neo4j", "--neo4j-uri", self.uri, "--neo4j-user", "neo4j", "--neo4j-password", "newsgraph"]


@contextlib.contextmanager
def neo4j_instance(home: str | Path, port: int) -> Iterator[Neo4jInstance]:
    instance = Neo4jInstance(home, port)
    try:
        yield instance
    finally:
        instance.stop()
