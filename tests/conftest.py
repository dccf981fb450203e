"""Shared fixtures: the two stores (a real Neo4j, never a mock) and the model."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.store import StoreError, open_store

DATA = Path(__file__).resolve().parent.parent / "data"


def neo4j_settings() -> dict:
    return {
        "uri": os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"),
        "user": os.environ.get("NEO4J_USER", "neo4j"),
        "password": os.environ.get("NEO4J_PASSWORD", "newsgraph"),
    }


@pytest.fixture(scope="session")
def neo4j_session_store():
    try:
        store = open_store("neo4j", **neo4j_settings())
    except StoreError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Neo4j (make neo4j): {exc}")
        pytest.skip(f"no Neo4j: {exc} (start one with `make neo4j`)")
    yield store
    store.close()


def relation_keys(record: dict) -> set[tuple[str, str, str]]:
    """The (type, source, target) of every relation of an extraction record."""
    return {(r["type"], r["source"], r["target"]) for r in record["relations"]}


def wipe(store) -> None:
    store.cypher("MATCH (n) DETACH DELETE n", write=True)


@pytest.fixture
def neo4j_store(neo4j_session_store):
    """An empty Neo4j database (the test server is ours to wipe)."""
    wipe(neo4j_session_store)
    yield neo4j_session_store
    wipe(neo4j_session_store)


@pytest.fixture
def embedded_store(tmp_path):
    store = open_store("embedded", path=tmp_path / "store")
    yield store
    store.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request):
    """The behaviour suite runs on both stores."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture(scope="session")
def nlp():
    from extract.pipeline import build_pipeline

    return build_pipeline()
