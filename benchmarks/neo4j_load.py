"""Loading Neo4j: `newsgraph load` against one transaction per row, and against neo4j-admin import."""
from __future__ import annotations

import json
import re
import time
from itertools import islice
from pathlib import Path

from graph.records import rows_of

from . import graphgen
from .common import NEWSGRAPH, Neo4jInstance, bench_line, detail, run

_LOADED = re.compile(r"Loaded (\d+) documents, (\d+) node rows, (\d+) edge rows")


def records_file(work: Path, relationships: int) -> Path:
    path = work / f"graph-{relationships}.jsonl"
    if not path.exists():
        graphgen.write(relationships, path)
    return path


def _label(key: str) -> str:
    return key.split(":", 1)[0]


def per_row(instance: Neo4jInstance, path: Path, rows_wanted: int) -> tuple[int, float]:
    """Rows/s of the naive way: one MERGE, one transaction, one round trip per row."""
    with open(path, encoding="utf-8") as fh:
        sample = rows_of(json.loads(line) for line in islice(fh, max(1, rows_wanted // 9)))
    store = instance.store()
    try:
        store.ensure_schema()
        props = lambda row, skip: {k: v for k, v in row.items() if k not in skip and v is not None}
        start = time.perf_counter()
        with store.driver.session() as session:
            for row in sample.nodes.values():
                query = f"MERGE (n:{row['label']} {{key: $key}}) SET n += $props"
                session.execute_write(lambda tx: tx.run(query, key=row["key"], props=props(row, {"key"})).consume())
            for row in sample.edges.values():
                query = (f"MATCH (a:{_label(row['source'])} {{key: $source}}) MATCH (b:{_label(row['target'])} {{key: $target}}) "
                         f"MERGE (a)-[r:{row['type']}]->(b) SET r += $props")
                session.execute_write(lambda tx: tx.run(query, source=row["source"], target=row["target"],
                                                        props=props(row, {"source", "target", "type"})).consume())
        seconds = time.perf_counter() - start
    finally:
        store.close()
    return len(sample.nodes) + len(sample.edges), seconds


def load(instance: Neo4jInstance, path: Path, batch_size: int | None = None) -> tuple[int, float]:
    """Rows and seconds of `newsgraph load` (the whole command: checking the file, then loading)."""
    extra = ["--batch-size", str(batch_size)] if batch_size else []
    result = run([NEWSGRAPH, "load", str(path), "--silent", *instance.cli_options(), *extra])
    match = _LOADED.search(result.stderr)
    rows = int(match[2]) + int(match[3]) if match else 0
    return rows, result.seconds


def bench(work: Path, relationships: int, instance: Neo4jInstance, *, baseline_rows: int = 2000,
          batch_sizes: tuple[int, ...] = ()) -> None:
    path = records_file(work, relationships)

    instance.wipe()
    instance.start()
    naive_rows, naive_seconds = per_row(instance, path, baseline_rows)
    naive = naive_rows / naive_seconds
    detail(f"one transaction per row: {naive_rows} rows in {naive_seconds:.1f} s = {naive:.0f} rows/s")

    loads = {}
    for batch in (None, *batch_sizes):
        instance.wipe()
        instance.start()
        rows, seconds = load(instance, path, batch)
        loads[batch] = (rows, seconds)
        detail(f"newsgraph load{f' --batch-size {batch}' if batch else ''} ({relationships} relationships asked, "
               f"empty database): {rows} rows in {seconds:.1f} s = {rows / seconds:.0f} rows/s")
    rows, seconds = loads[None]
    bench_line("neo4j-load", (rows / seconds) / naive, ">=", 100,
               f"rows/s of newsgraph load ÷ rows/s of one transaction per row")

    # The same graph through the bulk importer, into an empty database (left running for the queries).
    import_seconds = import_graph(work, relationships, instance)
    bench_line("neo4j-bulk", seconds / import_seconds, "<=", 3,
               "time of newsgraph load on an empty database ÷ time of neo4j-admin database import")


def import_graph(work: Path, relationships: int, instance: Neo4jInstance) -> float:
    """Export the graph's CSVs, bulk-import them into an empty database, start it; the import's seconds."""
    from graph.export_csv import CsvExport, finish_import

    path = records_file(work, relationships)
    csv_dir = work / f"csv-{relationships}"
    exported = run([NEWSGRAPH, "export", str(path), "--format", "neo4j-admin", "-o", str(csv_dir)])
    files = CsvExport(csv_dir, node_files=sorted(csv_dir.glob("nodes_*.csv")),
                      relationship_files=[csv_dir / "relationships.csv"])
    instance.wipe()
    imported = instance.admin(*files.import_args())
    instance.start()
    store = instance.store()
    try:
        start = time.perf_counter()
        finish_import(store)
        finish = time.perf_counter() - start
        counts = store.counts()
    finally:
        store.close()
    rels = sum(v for k, v in counts.items() if k.isupper())
    detail(f"newsgraph export --format neo4j-admin {exported.seconds:.1f} s; neo4j-admin database import "
           f"{imported.seconds:.1f} s (JVM start included); after-import statement {finish:.1f} s; "
           f"{rels} relationships imported")
    return imported.seconds
