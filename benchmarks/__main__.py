"""Run the benchmarks: `python -m benchmarks --scale small|full [--only STAGES]` (what `make bench` does).

Every row of the performance table prints one line
`BENCH <stage> ratio=<x> target=<op><y> ok|short`, with details on indented
lines before it. Work files go to --work (default a temporary folder); the
Neo4j runs use a private server (its own home and port), stopped at the end.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from . import extraction, neo4j_load, page, queries
from .common import Neo4jInstance, bench_line, detail

SCALES = {
    # About 10 minutes on 2 cores.
    "small": {"extract_docs": 400, "memory": (100, 1000), "memory_workers": 1, "load_rels": 100_000,
              "query_rels": 100_000, "embedded_rels": 100_000, "query_runs": 60, "repeats": 2, "load_batches": (1000,)},
    # The sizes: hours on 2 cores (100k documents alone are about an hour with --workers 2).
    "full": {"extract_docs": 1000, "memory": (1000, 100_000), "memory_workers": 2, "load_rels": 1_000_000,
             "query_rels": 1_000_000, "embedded_rels": 100_000, "query_runs": 200, "repeats": 2, "load_batches": ()},
}
STAGES = ("extraction", "memory", "neo4j", "queries", "page")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--only", default=",".join(STAGES), help=f"comma-separated: {', '.join(STAGES)}")
    parser.add_argument("--work", default=None, help="folder for corpora, outputs and stores (kept if given)")
    parser.add_argument("--neo4j-home", default=None, help="home of the private Neo4j (default: in --work)")
    parser.add_argument("--neo4j-port", type=int, default=7691)
    args = parser.parse_args(argv)
    scale = SCALES[args.scale]
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(only) - set(STAGES)
    if unknown:
        parser.error(f"unknown stage(s) {', '.join(sorted(unknown))}; stages: {', '.join(STAGES)}")
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="newsgraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    instance = Neo4jInstance(args.neo4j_home or work / "neo4j", args.neo4j_port)
    print(f"newsgraph benchmarks, scale {args.scale}, work folder {work}", flush=True)
    started = time.perf_counter()
    failed = 0

    def stage(name: str, rows: list[tuple[str, str, float]], job) -> None:
        nonlocal failed
        if name not in only:
            return
        t0 = time.perf_counter()
        try:
            job()
        except Exception as exc:  # noqa: BLE001 - one stage failing does not stop the others
            failed += 1
            traceback.print_exc(file=sys.stderr)
            for row, op, target in rows:
                bench_line(row, None, op, target, f"could not run: {type(exc).__name__}: {exc}")
        detail(f"stage {name}: {time.perf_counter() - t0:.0f} s")

    try:
        stage("extraction", [("extraction-1-process", ">=", 0.85), ("extraction-all-cores", ">=", 1.7)],
              lambda: extraction.speed(work, scale["extract_docs"], scale["repeats"]))
        stage("memory", [("extraction-memory", "<=", 1.3)],
              lambda: extraction.memory(work, *scale["memory"], workers=scale["memory_workers"]))
        stage("neo4j", [("neo4j-load", ">=", 100), ("neo4j-bulk", "<=", 3)],
              lambda: neo4j_load.bench(work, scale["load_rels"], instance, batch_sizes=scale["load_batches"]))

        def query_stages() -> None:
            p95 = {}
            if "neo4j" not in only or scale["query_rels"] != scale["load_rels"]:
                neo4j_load.import_graph(work, scale["query_rels"], instance)
            store = instance.store()
            try:
                p95[scale["query_rels"]] = queries.neo4j_p95(store, scale["query_rels"], scale["query_runs"],
                                                             f"{scale['query_rels']} relationships")
            finally:
                store.close()
            queries.bench_neo4j(p95[scale["query_rels"]], f"{scale['query_rels']} relationships")
            rels = scale["embedded_rels"]
            if rels not in p95:
                neo4j_load.import_graph(work, rels, instance)
                store = instance.store()
                try:
                    p95[rels] = queries.neo4j_p95(store, rels, scale["query_runs"], f"{rels} relationships")
                finally:
                    store.close()
            queries.bench_embedded(work, neo4j_load.records_file(work, rels), rels, scale["query_runs"], p95[rels])

        stage("queries", [("queries", "<=", 1), ("embedded-store", "<=", 3)], query_stages)
        stage("page", [("page", "<=", 1)], lambda: page.bench(work))
    finally:
        instance.stop()
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    detail(f"all stages: {time.perf_counter() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
