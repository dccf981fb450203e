"""Scale-out: one process, --workers 2 and a local Dask cluster give the same records."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from newsgraph.cli import cli

from conftest import DATA

CORPUS = DATA / "corpus"


def _extract(tmp_path, name: str, *options: str) -> bytes:
    out = tmp_path / f"{name}.jsonl"
    result = CliRunner().invoke(cli, ["extract", str(CORPUS), "-o", str(out), "--silent", *options])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


@pytest.fixture(scope="module")
def one_process(tmp_path_factory) -> bytes:
    return _extract(tmp_path_factory.mktemp("one"), "one")


@pytest.fixture(scope="module")
def dask_cluster():
    try:
        import dask.distributed as distributed
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("CI needs Dask: pip install -e '.[dask]' (make test does)")
        pytest.skip("no Dask: pip install -e '.[dask]'")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    try:
        yield cluster
    finally:
        cluster.close()


def test_one_process_covers_the_corpus(one_process):
    records = [json.loads(line) for line in one_process.decode().splitlines()]
    assert len(records) == len(list(CORPUS.glob("*.txt")))
    assert all(r["entities"] for r in records)


def test_workers_give_the_same_records(tmp_path, one_process):
    # A batch and a chunk smaller than the corpus, so both workers get several tasks.
    assert _extract(tmp_path, "two", "--workers", "2", "--batch-size", "2") == one_process


def test_dask_gives_the_same_records(tmp_path, one_process, dask_cluster):
    assert _extract(tmp_path, "dask", "--dask", dask_cluster.scheduler_address) == one_process


def test_dask_partitions_keep_order(tmp_path, one_process, dask_cluster):
    from dask.distributed import Client

    from extract.distributed import extract_parts
    from extract.reader import find_files

    files = list(find_files([str(CORPUS)]))
    with Client(dask_cluster) as client:
        parts = list(extract_parts(client, files, batch_size=2, partition_files=1))
    assert len(parts) == len(files)
    assert "".join(parts).encode() == one_process


def test_unreachable_scheduler_is_one_line(tmp_path, dask_cluster, monkeypatch):
    monkeypatch.setattr("extract.distributed.CONNECT_TIMEOUT", "2s")
    result = CliRunner().invoke(cli, ["extract", str(CORPUS), "-o", str(tmp_path / "x.jsonl"),
                                      "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code != 0
    assert "Dask scheduler" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.jsonl").exists()
