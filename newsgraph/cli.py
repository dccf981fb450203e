"""The newsgraph command line: thin commands over extract/, graph/ and queries/."""
from __future__ import annotations

import functools
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Iterator

import click

from extract.lexicon import LexiconError
from extract.reader import ReadError
from graph.records import RecordError, read_records
from graph.store import StoreError

from .options import nlp_options, output_options, progress_bar, store_options
from .output import render


def friendly(fn: Callable) -> Callable:
    """Library errors become one line and a non-zero exit, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from extract.pipeline import ModelError
        from queries.named import QueryError

        try:
            return fn(*args, **kwargs)
        except (StoreError, ReadError, RecordError, LexiconError, ModelError, QueryError) as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            raise click.ClickException("Interrupted; nothing of the current batch was written.") from None

    return wrapper


def _pipeline(model: str | None):
    from extract.pipeline import build_pipeline

    return build_pipeline(model)


def _extract(paths: tuple[str, ...], model: str | None, batch_size: int, workers: int, silent: bool) -> Iterator[dict]:
    from extract.reader import find_files
    from extract.run import extract_files

    files = list(find_files(list(paths)))
    if not files:
        raise ReadError("no .txt, .md or .html files found in " + ", ".join(paths))
    nlp = _pipeline(model)
    errors: list[str] = []

    def on_error(message: str) -> None:
        errors.append(message)
        click.echo(f"skipped: {message}", err=True)

    with progress_bar(len(files), "Extracting", silent) as bar:
        for record in extract_files(nlp, files, batch_size=batch_size, n_process=workers, on_error=on_error):
            bar.update(1)
            yield record
    if len(errors) == len(files):
        raise ReadError(errors[0] if len(errors) == 1 else f"none of the {len(files)} files could be read")


def _write_jsonl(records: Iterable[dict], output: str) -> int:
    """Write records to ``output`` atomically ("-" is standard output); returns how many."""
    count = 0
    if output == "-":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
            count += 1
        return count
    target = Path(output)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent if str(target.parent) else ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise
    return count


@click.group()
@click.version_option(package_name="newsgraph")
def cli() -> None:
    """newsgraph: texts in, an evidence-backed graph of who is linked to whom out.

    Everything runs on this machine. The embedded store (a folder) is the
    default; add --store neo4j to use a Neo4j server.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", default="-", show_default=True, help="JSON Lines file to write ('-' for stdout).")
@click.option("--silent", is_flag=True, help="No progress bar.")
@nlp_options
@friendly
def extract(paths, output, model, batch_size, workers, silent):
    """Extract entities, links and contracts from text files into JSON Lines.

    PATHS are .txt, .md or .html files, or folders of them. One line per
    document, in the gold-file shape of FORMAT.md plus evidence.

    Example:

        newsgraph extract data/corpus -o out.jsonl
    """
    count = _write_jsonl(_extract(paths, model, batch_size, workers, silent), output)
    if output != "-":
        click.echo(f"Wrote {count} documents to {output}", err=True)


def _validated(path: str, skip_bad: bool) -> Callable[[], Iterator[dict]]:
    """Check every line before anything is written, so a bad file stores nothing."""
    errors: list[str] = []
    for _ in read_records(path, skip_bad=skip_bad, errors=errors):
        pass
    for message in errors:
        click.echo(f"skipped: {message}", err=True)
    return lambda: read_records(path, skip_bad=True)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--skip-bad", is_flag=True, help="Skip malformed lines (reported) instead of stopping.")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=200, show_default=True,
              help="Documents per transaction.")
@click.option("--silent", is_flag=True)
@store_options
@friendly
def load(files, skip_bad, batch_size, silent, open_store):
    """Load extraction files (JSON Lines) into the store. Loading twice changes nothing.

    Example:

        newsgraph load out.jsonl --store neo4j
    """
    for file in files:
        if not Path(file).exists():
            raise ReadError(f"{file}: no such file")
    streams = [_validated(file, skip_bad) for file in files]
    store = open_store()
    try:
        with progress_bar(None, "Loading", silent) as bar:
            stats = store.load((r for stream in streams for r in stream()), batch_size=batch_size,
                               progress=bar.update)
    finally:
        store.close()
    click.echo(f"Loaded {stats} into the {store.kind} store", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", default=None, help="Also keep the extraction as JSON Lines here.")
@click.option("--silent", is_flag=True)
@nlp_options
@store_options
@friendly
def run(paths, output, silent, model, batch_size, workers, open_store):
    """Extract PATHS and load the result: the main job.

    Example:

        newsgraph run data/corpus
        newsgraph run articles/ --store neo4j
    """
    store = open_store()  # fail fast on a dead server, before the model loads
    try:
        records = list(_extract(paths, model, batch_size, workers, silent))
        if output:
            _write_jsonl(records, output)
        stats = store.load(records)
    finally:
        store.close()
    click.echo(f"Loaded {stats} into the {store.kind} store", err=True)


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r}: write parameters as key=value", param_hint="--param")
        params[key.strip()] = value
    return params


@cli.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@output_options
@store_options
@friendly
def query(name, params, fmt, open_store):
    """Run a named query (without NAME: list them with their parameters).

    Example:

        newsgraph query founder-clients --param person="Peter Thiel"
        newsgraph query paths -p source="Peter Thiel" -p target="NHS England" --json
    """
    from queries import named

    if not name:
        rows = [{"query": q.name, "parameters": ", ".join(_describe(p) for p in q.params), "description": q.description}
                for q in map(named.get, named.available())]
        click.echo(render(rows, fmt))
        return
    named.get(name)  # an unknown name fails before connecting
    store = open_store()
    try:
        rows = named.run(store, name, _params(params))
    finally:
        store.close()
    click.echo(render(rows, fmt))


def _describe(param) -> str:
    need = "required" if param.required else f"default {param.default}" if param.default is not None else "optional"
    return f"{param.name} ({param.kind}, {need})"


@cli.command()
@click.argument("statement")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A $parameter (repeatable; values are strings, or JSON).")
@click.option("--write", is_flag=True, help="Allow the statement to change data.")
@output_options
@store_options
@friendly
def cypher(statement, params, write, fmt, open_store):
    """Run your own Cypher on Neo4j, read-only unless --write.

    Example:

        newsgraph cypher --store neo4j "MATCH (p:Person)-[:FOUNDED]->(c) RETURN p.name, c.name"
        newsgraph cypher --store neo4j "MATCH (n {name: \\$name}) RETURN n" -p name=Palantir
    """
    values = {}
    for key, value in _params(params).items():
        try:
            values[key] = json.loads(value)
        except json.JSONDecodeError:
            values[key] = value
    store = open_store()
    try:
        if not hasattr(store, "cypher"):
            raise StoreError("Cypher needs Neo4j: add --store neo4j (start one with `make neo4j`). "
                             "On the embedded store use `newsgraph query`.")
        rows = store.cypher(statement, values, write=write)
    finally:
        store.close()
    click.echo(render(rows, fmt))


@cli.command()
@click.argument("entity", required=False)
@click.option("--depth", type=click.IntRange(0, 6), default=2, show_default=True, help="Links away from ENTITY.")
@click.option("--query", "query_name", default=None, help="Draw what a named query returns instead.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="Parameters of --query.")
@click.option("-o", "--output", default="newsgraph.html", show_default=True, type=click.Path(dir_okay=False))
@click.option("--max-nodes", type=click.IntRange(1, 100_000), default=500, show_default=True)
@store_options
@friendly
def show(entity, depth, query_name, params, output, max_nodes, open_store):
    """Write an interactive page (works offline) of an entity's neighbourhood.

    Example:

        newsgraph show "Peter Thiel" --depth 2 -o thiel.html
        newsgraph show --query founder-clients -p person="Peter Thiel" -o chain.html
    """
    from queries import named, subgraph
    from queries.view import render_html

    if not entity and not query_name:
        raise click.UsageError("Name an ENTITY or a --query.")
    store = open_store()
    try:
        if query_name:
            graph = subgraph.named_in_rows(store, named.run(store, query_name, _params(params)))
            focus, title = None, f"newsgraph: {query_name}"
        else:
            focus = subgraph.find_entity(store, entity)
            graph = subgraph.neighbourhood(store, focus, depth)
            title = f"newsgraph: {entity}"
    finally:
        store.close()
    if graph.number_of_nodes() == 0:
        raise StoreError("Nothing to draw: the query returned no entities.")
    path = render_html(graph, output, title=title, focus=focus, max_nodes=max_nodes)
    click.echo(f"Wrote {path} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} links)", err=True)


@cli.command(name="eval")
@click.argument("gold", type=click.Path(dir_okay=False))
@click.option("--pred", type=click.Path(dir_okay=False), default=None,
              help="Score this extraction file instead of extracting the gold texts now.")
@click.option("--details", is_flag=True, help="List misses and false hits.")
@click.option("--skip-bad", is_flag=True)
@nlp_options
@output_options
@friendly
def evaluate(gold, pred, details, skip_bad, model, batch_size, workers, fmt):
    """Score extraction against a gold file (FORMAT.md): precision, recall, F1.

    Example:

        newsgraph eval data/gold/sample.jsonl --details
    """
    from extract.evaluate import score
    from extract.run import extract_texts

    if not Path(gold).exists():
        raise ReadError(f"{gold}: no such file")
    gold_records = [json.loads(line) for line in _gold_lines(gold, skip_bad)]
    if pred:
        predicted = {r["id"]: r for r in read_records(pred, skip_bad=skip_bad)}
    else:
        nlp = _pipeline(model)
        predicted = {r["id"]: r for r in extract_texts(nlp, ((g["id"], g["text"], {}) for g in gold_records),
                                                      batch_size=batch_size)}
    report = score(gold_records, predicted)
    click.echo(render(report.rows(), fmt))
    if details:
        click.echo("\nMisses:" if report.misses else "\nMisses: none")
        for line in report.misses:
            click.echo(f"  - {line}")
        click.echo("False hits:" if report.false_hits else "False hits: none")
        for line in report.false_hits:
            click.echo(f"  + {line}")


def _gold_lines(path: str, skip_bad: bool) -> Iterator[str]:
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict) or "id" not in item or "text" not in item:
                    raise ValueError("a gold line is an object with 'id' and 'text'")
            except ValueError as exc:
                if skip_bad:
                    click.echo(f"skipped: {path}:{number}: {exc}", err=True)
                    continue
                raise RecordError(f"{path}:{number}: {exc}") from None
            yield line


@cli.command()
@output_options
@store_options
@friendly
def stats(fmt, open_store):
    """Count the nodes and links in the store.

    Example:

        newsgraph stats --store neo4j
    """
    store = open_store()
    try:
        counts = store.counts()
    finally:
        store.close()
    click.echo(render([{"kind": k, "count": v} for k, v in sorted(counts.items())], fmt))


if __name__ == "__main__":  # pragma: no cover
    cli(prog_name="newsgraph")
