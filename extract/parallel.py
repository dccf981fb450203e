"""Extraction on every core: chunks of files to processes that each load the model once.

spaCy's own ``n_process`` cannot carry newsgraph's results back (they live in
``Doc._`` extensions that do not serialise), and it would ship every parsed
Doc to the parent. Here a worker runs the whole job on a chunk of files
(read, parse, rules, record) and sends back only the records, in order, so
the output is the same as one process gives. Each chunk runs inside
``nlp.memory_zone()``: strings a chunk adds to the vocabulary are freed after
it, so a long run does not grow.
"""
from __future__ import annotations

import multiprocessing
import sys
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Callable, Iterable, Iterator, Sequence

from spacy.language import Language

from .run import extract_files

# Files per task: big enough that sending a task costs nothing next to
# parsing it, small enough that the workers finish together.
CHUNK_FILES = 32

_FORK = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
_pipelines: dict[tuple[str | None, str | None], Language] = {}
_lock = threading.Lock()


def pipeline(model: str | None = None, data_dir: str | None = None) -> Language:
    """The pipeline for ``model``, built once per process."""
    from .pipeline import build_pipeline

    key = (model, data_dir)
    if key not in _pipelines:
        _pipelines[key] = build_pipeline(model, data_dir=data_dir)
    return _pipelines[key]


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """Lists of ``size`` items (the last may be shorter).

    >>> list(chunks(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def extract_chunk(nlp: Language, paths: Sequence, *, batch_size: int = 32) -> tuple[list[dict], list[str]]:
    """Records of ``paths`` and the messages of files that could not be read."""
    errors: list[str] = []
    with nlp.memory_zone():
        records = list(extract_files(nlp, [str(p) for p in paths], batch_size=batch_size, on_error=errors.append))
    return records, errors


def extract_task(paths: Sequence[str], model: str | None, batch_size: int,
                 data_dir: str | None = None) -> tuple[list[dict], list[str]]:
    """One task of a pool or a cluster: the pipeline is loaded on first use, then kept."""
    with _lock:  # one Language per process; a multi-threaded worker takes turns
        return extract_chunk(pipeline(model, data_dir), paths, batch_size=batch_size)


def ordered(submit: Callable[[list], Future], items: Iterable[list], window: int) -> Iterator:
    """Results of ``submit(item)`` in the order of ``items``, at most ``window`` in flight."""
    pending: deque = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def extract_paths(paths: Iterable, *, model: str | None = None, workers: int = 1, batch_size: int = 32,
                  chunk_files: int = CHUNK_FILES, data_dir: str | None = None,
                  on_error: Callable[[str], None] = _stderr) -> Iterator[dict]:
    """Records of the files at ``paths``, in order, on ``workers`` processes.

    The output does not depend on ``workers``. A file that cannot be read is
    reported through ``on_error`` and skipped.
    """
    size = max(chunk_files, batch_size)
    if workers <= 1:
        nlp = pipeline(model, data_dir)
        for chunk in chunks(paths, size):
            records, errors = extract_chunk(nlp, chunk, batch_size=batch_size)
            for message in errors:
                on_error(message)
            yield from records
        return
    if _FORK:
        # Load once here; forked workers share it (copy-on-write) and start at once,
        # as spaCy's own n_process does. Elsewhere each spawned worker loads its own.
        pipeline(model, data_dir)
    context = multiprocessing.get_context("fork" if _FORK else "spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context)
    try:
        def submit(chunk: list) -> Future:
            return pool.submit(extract_task, [str(p) for p in chunk], model, batch_size, data_dir)

        for records, errors in ordered(submit, chunks(paths, size), 2 * workers):
            for message in errors:
                on_error(message)
            yield from records
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
