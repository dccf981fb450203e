"""Named-query latency: p95 of `paths` and `founder-clients` on Neo4j, and embedded ÷ Neo4j."""
from __future__ import annotations

import time
from pathlib import Path

from queries import named

from . import graphgen
from .common import NEWSGRAPH, bench_line, detail, percentile, run

QUERIES = ("paths", "founder-clients")


def _calls(relationships: int, runs: int) -> dict[str, list[dict]]:
    params = graphgen.query_params(relationships, count=max(10, runs // 2))
    founders, pairs = params["founders"], params["pairs"]
    return {
        "paths": [{"source": pairs[i % len(pairs)][0], "target": pairs[i % len(pairs)][1]} for i in range(runs)],
        "founder-clients": [{"person": founders[i % len(founders)]} for i in range(runs)],
    }


def latencies(store, calls: dict[str, list[dict]], warmup: int = 5) -> dict[str, list[float]]:
    """Milliseconds per call of each query (after a few warm-up calls: plans cached, pages in memory)."""
    out = {}
    for name, params in calls.items():
        for p in params[:warmup]:
            named.run(store, name, p)
        times = []
        for p in params:
            start = time.perf_counter()
            named.run(store, name, p)
            times.append((time.perf_counter() - start) * 1000)
        out[name] = times
    return out


def report(where: str, times: dict[str, list[float]]) -> dict[str, float]:
    p95 = {name: percentile(values, 95) for name, values in times.items()}
    detail(f"{where}: " + ", ".join(f"{name} p50 {percentile(times[name], 50):.1f} ms, p95 {p95[name]:.1f} ms"
                                    for name in times))
    return p95


def neo4j_p95(store, relationships: int, runs: int, label: str) -> dict[str, float]:
    return report(f"Neo4j, {label}", latencies(store, _calls(relationships, runs)))


def bench_neo4j(p95: dict[str, float], label: str) -> None:
    worst = max(p95.values())
    bench_line("queries", worst / 100, "<=", 1, f"p95 of the slower query ÷ 100 ms, Neo4j, {label}")


def bench_embedded(work: Path, records: Path, relationships: int, runs: int, neo4j_p95: dict[str, float]) -> None:
    from graph.store import open_store

    folder = work / f"embedded-{relationships}"
    if not (folder / "graph.json").exists():
        loaded = run([NEWSGRAPH, "load", str(records), "--silent", "--path", str(folder)])
        detail(f"embedded store: newsgraph load of {relationships} relationships in {loaded.seconds:.1f} s")
    store = open_store("embedded", path=folder)
    start = time.perf_counter()
    store.graph  # noqa: B018 - read once, as a long-running process would
    detail(f"embedded store: graph.json read in {time.perf_counter() - start:.1f} s")
    p95 = report(f"embedded, {relationships} relationships", latencies(store, _calls(relationships, runs)))
    ratios = {name: p95[name] / neo4j_p95[name] for name in p95}
    worst = max(ratios, key=ratios.get)
    bench_line("embedded-store", ratios[worst], "<=", 3,
               "p95 embedded ÷ p95 Neo4j, " + ", ".join(f"{n} {r:.2f}" for n, r in ratios.items()))
