"""Extraction on a Dask distributed cluster: partitions of files in, JSONL parts out.

Every worker loads the model once and turns a partition of files into one
JSON Lines part; the client writes the parts in partition order, so the
output is the same as one process gives. The files must be readable at the
same paths on every worker (a shared file system), and newsgraph with its
model must be installed there.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .parallel import chunks, extract_task, ordered

PARTITION_FILES = 64
CONNECT_TIMEOUT = "15s"


class ClusterError(RuntimeError):
    """The Dask cluster could not be reached or used; the message says how to fix it."""


def extract_part(paths: list[tuple[str, str]], model: str | None, batch_size: int) -> tuple[str, list[str]]:
    """One partition of (path as given, absolute path) pairs as a JSON Lines part, and
    the messages of files that could not be read.

    Files are read at their absolute paths (a worker's working directory is not
    the client's); records and messages name them as given, as one process would.
    """
    given = {absolute: path for path, absolute in paths}
    records, errors = extract_task(list(given), model, batch_size)
    for record in records:
        meta = record.get("meta") or {}
        if meta.get("source") in given:
            meta["source"] = given[meta["source"]]
    for absolute, path in given.items():
        errors = [message.replace(absolute, path) for message in errors]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), errors


def connect(address: str):
    """A Dask client for ``address`` (tcp://host:8786), or a local cluster for ``local`` / ``local:N``."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--dask needs Dask: pip install 'newsgraph[dask]'") from None
    try:
        if address == "local" or address.startswith("local:"):
            workers = int(address.partition(":")[2] or 2)
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
            client.newsgraph_cluster = cluster  # closed with the client by close()
            return client
        return Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"Cannot reach the Dask scheduler at {address!r} ({exc}). "
                           "Start one with `dask scheduler` and `dask worker ADDRESS`, or use --dask local.") from None


def close(client) -> None:
    cluster = getattr(client, "newsgraph_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def extract_parts(client, paths: Iterable, *, model: str | None = None, batch_size: int = 32,
                  partition_files: int = PARTITION_FILES,
                  on_error: Callable[[str], None] = lambda m: print(m, file=sys.stderr)) -> Iterator[str]:
    """JSON Lines parts of ``paths`` in order, extracted on the cluster of ``client``."""
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
    except Exception:  # noqa: BLE001 - a count only sizes the window
        workers = 1
    partitions = chunks(((str(p), str(Path(p).resolve())) for p in paths), partition_files)

    def submit(part: list[tuple[str, str]]):
        return client.submit(extract_part, part, model, batch_size, pure=False)

    for text, errors in ordered(submit, partitions, 2 * workers):
        for message in errors:
            on_error(message)
        yield text
