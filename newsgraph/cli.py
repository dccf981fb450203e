"""The newsgraph command line: thin commands over extract/, graph/ and queries/."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Iterator

import click

from extract.reader import ReadError
from graph.records import read_records
from graph.store import StoreError

from .errors import friendly
from .options import nlp_options, output_options, progress_bar, store_options
from .workbench import COMMANDS, load_decided
from .output import render


def _pipeline(model: str | None):
    from extract.pipeline import build_pipeline

    return build_pipeline(model)


def _extract(paths: tuple[str, ...], model: str | None, batch_size: int, workers: int, silent: bool,
             dask: str | None = None) -> Iterator[dict]:
    from extract.parallel import extract_paths
    from extract.reader import find_files

    files = list(find_files(list(paths)))
    if not files:
        raise ReadError("no .txt, .md or .html files found in " + ", ".join(paths))
    errors: list[str] = []

    def on_error(message: str) -> None:
        errors.append(message)
        click.echo(f"skipped: {message}", err=True)

    if dask:
        records = _extract_on_dask(files, dask, model, batch_size, on_error)
    else:
        records = extract_paths(files, model=model, workers=workers, batch_size=batch_size, on_error=on_error)
    with progress_bar(len(files), "Extracting", silent) as bar:
        for record in records:
            bar.update(1)
            yield record
    if len(errors) == len(files):
        raise ReadError(errors[0] if len(errors) == 1 else f"none of the {len(files)} files could be read")


def _extract_on_dask(files: list, address: str, model: str | None, batch_size: int,
                     on_error: Callable[[str], None]) -> Iterator[dict]:
    from extract import distributed

    try:
        client = distributed.connect(address)
    except distributed.ClusterError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        for part in distributed.extract_parts(client, files, model=model, batch_size=batch_size, on_error=on_error):
            yield from (json.loads(line) for line in part.splitlines())
    finally:
        distributed.close(client)


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
@click.option("--dask", "dask_address", metavar="ADDRESS", default=None,
              help="Run on a Dask cluster: its scheduler (tcp://host:8786), or 'local[:N]' for N local workers.")
@nlp_options
@friendly
def extract(paths, output, model, batch_size, workers, silent, dask_address):
    """Extract entities, links and contracts from text files into JSON Lines.

    PATHS are .txt, .md or .html files, or folders of them. One line per
    document, in the gold-file shape of FORMAT.md plus evidence. The output
    is the same with --workers N (processes on this machine) or --dask
    (a cluster whose workers see the same files).

    Example:

    \b
        newsgraph extract data/corpus -o out.jsonl
        newsgraph extract articles/ --workers 2 -o out.jsonl
        newsgraph extract /shared/articles --dask tcp://scheduler:8786 -o out.jsonl
    """
    count = _write_jsonl(_extract(paths, model, batch_size, workers, silent, dask_address), output)
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

    \b
        newsgraph load out.jsonl --store neo4j
    """
    for file in files:
        if not Path(file).exists():
            raise ReadError(f"{file}: no such file")
    streams = [_validated(file, skip_bad) for file in files]
    store = open_store()
    try:
        with progress_bar(None, "Loading", silent) as bar:
            stats = load_decided(store, open_store.decisions, (r for stream in streams for r in stream()),
                                 batch_size=batch_size, progress=bar.update)
    finally:
        store.close()
    click.echo(f"Loaded {stats} into the {store.kind} store", err=True)


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["neo4j-admin", "ftm", "graphml", "gexf", "cypher"]),
              default="neo4j-admin", show_default=True,
              help="neo4j-admin: the CSVs of `neo4j-admin database import` (a folder); ftm: FollowTheMoney "
                   "entities (JSON lines) for Aleph and OpenSanctions; graphml, gexf: for Gephi and other "
                   "graph tools; cypher: a script for cypher-shell.")
@click.option("-o", "--output", required=True, type=click.Path(),
              help="File to write ('-' for stdout), or the folder for neo4j-admin.")
@click.option("--skip-bad", is_flag=True, help="Skip malformed lines of FILES (reported) instead of stopping.")
@store_options
@friendly
def export(files, fmt, output, skip_bad, open_store):
    """Write the graph for other tools: from extraction FILES, or else the store's.

    With FILES (JSON Lines), the graph is the one `newsgraph load` would build
    from them (same merge rule); without, the graph in the store. neo4j-admin
    is for the first load of a large corpus into an empty database; later
    loads merge into it. An FtM export imports again with `newsgraph import`.

    Example:

    \b
        newsgraph export out.jsonl --format neo4j-admin -o import/
        newsgraph export --format ftm -o graph.ftm.json
        newsgraph export --format gexf -o graph.gexf --store neo4j
        newsgraph export --format cypher -o graph.cypher
    """
    from graph.export_csv import write_rows
    from graph.formats import graph_rows, rows_graph, write_graph
    from graph.records import rows_of

    target = Path(output)
    if fmt == "neo4j-admin" and (output == "-" or target.is_file()):
        raise click.ClickException(f"{output}: neo4j-admin writes several files; name a folder.")
    if fmt != "neo4j-admin" and output != "-" and (target.is_dir() or not target.parent.is_dir()):
        raise click.ClickException(f"{output}: name a file in an existing folder.")
    if files:
        streams = [_validated(file, skip_bad) for file in files]
        rows = rows_of(r for stream in streams for r in stream())
        graph = rows_graph(rows)
    else:
        store = open_store()
        try:
            graph = store.export()
        finally:
            store.close()
        if graph.number_of_nodes() == 0:
            raise StoreError(f"The {store.kind} store holds no graph to export: load something first, "
                             "or name extraction FILES.")
        rows = graph_rows(graph)
    if fmt == "neo4j-admin":
        written = write_rows(rows, output)
        click.echo(f"Wrote {written.nodes} nodes, {written.relationships} relationships and "
                   f"{written.documents} documents to {output}/", err=True)
        click.echo("Import them into a new database (Neo4j stopped), then start it and finish once:", err=True)
        click.echo(f"  {written.command()}", err=True)
        click.echo(f"  newsgraph cypher --store neo4j --write \"$(cat {written.after_import})\"", err=True)
        return
    count = write_graph(fmt, output, graph, rows)
    what = {"ftm": f" ({count} FtM entities)", "cypher": f" ({count} statements)"}.get(fmt, "")
    if output != "-":
        click.echo(f"Wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} relationships"
                   f"{what} to {output}", err=True)


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

    \b
        newsgraph run data/corpus
        newsgraph run articles/ --store neo4j
    """
    store = open_store()  # fail fast on a dead server, before the model loads
    try:
        records = list(_extract(paths, model, batch_size, workers, silent))
        if output:
            _write_jsonl(records, output)
        stats = load_decided(store, open_store.decisions, records)
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
@click.option("--min-sources", type=click.IntRange(0), default=None,
              help="Only links stated by at least this many sources (publishers or folders).")
@click.option("--as-of", default=None, metavar="DATE", help="Only links that held on DATE (YYYY[-MM[-DD]]).")
@output_options
@store_options
@friendly
def query(name, params, min_sources, as_of, fmt, open_store):
    """Run a named query (without NAME: list them with their parameters).

    Example:

    \b
        newsgraph query founder-clients --param person="Peter Thiel"
        newsgraph query paths -p source="Peter Thiel" -p target="NHS England" --json
        newsgraph query clients -p company=Palantir --min-sources 2 --as-of 2020
    """
    from queries import named

    if not name:
        rows = [{"query": q.name, "parameters": ", ".join(_describe(p) for p in q.params), "description": q.description}
                for q in map(named.get, named.available())]
        click.echo(render(rows, fmt))
        return
    params = _params(params)
    for option, value in (("min_sources", min_sources), ("as_of", as_of)):
        if value is not None:
            params[option] = str(value)
    named.get(name)  # an unknown name fails before connecting
    store = open_store()
    try:
        rows = named.run(store, name, params)
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

    \b
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

    \b
        newsgraph show "Peter Thiel" --depth 2 -o thiel.html
        newsgraph show --query founder-clients -p person="Peter Thiel" -o chain.html
    """
    from queries import named, subgraph
    from queries.view import MAX_PAGE_NODES, render_html

    if not entity and not query_name:
        raise click.UsageError("Name an ENTITY or a --query.")
    store = open_store()
    try:
        if query_name:
            graph = subgraph.named_in_rows(store, named.run(store, query_name, _params(params)))
            focus, title = None, f"newsgraph: {query_name}"
        else:
            focus = subgraph.find_entity(store, entity)
            # Cut before the evidence is read: a big Neo4j neighbourhood costs little to draw capped.
            graph = subgraph.neighbourhood(store, focus, depth, max_nodes=min(max_nodes, MAX_PAGE_NODES))
            title = f"newsgraph: {entity}"
    finally:
        store.close()
    if graph.number_of_nodes() == 0:
        raise StoreError("Nothing to draw: the query returned no entities.")
    path = render_html(graph, output, title=title, focus=focus, max_nodes=max_nodes)
    total = graph.graph.get("total_nodes", graph.number_of_nodes())
    shown = min(graph.number_of_nodes(), max_nodes)
    note = f" of {total:,}" if total > shown else ""
    click.echo(f"Wrote {path} ({shown:,}{note} entities, {graph.number_of_edges():,} links)", err=True)


def _as_read(text: str) -> tuple[str, dict]:
    """A gold text as `run` would read it from a file: header lines ("Date:", "Source:")
    out of the text and into the metadata the rules date events against."""
    from extract.reader import read_header

    body, published, publisher = read_header(text)
    return body, {"published": published, "publisher": publisher}


@cli.command(name="eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--pred", type=click.Path(dir_okay=False), default=None,
              help="Score this extraction file instead of extracting the gold texts now.")
@click.option("--details", is_flag=True, help="List misses and false hits.")
@click.option("--skip-bad", is_flag=True)
@nlp_options
@output_options
@friendly
def evaluate(gold, pred, details, skip_bad, model, batch_size, workers, fmt):
    """Score extraction against gold files (FORMAT.md): precision, recall, F1.

    Several files are scored as one set.

    Example:

    \b
        newsgraph eval data/gold/sample.jsonl data/gold/dev.jsonl --details
    """
    from extract.evaluate import score
    from extract.run import extract_texts

    for path in gold:
        if not Path(path).exists():
            raise ReadError(f"{path}: no such file")
    gold_records = [record for path in gold for record in _reported(path, skip_bad, ("id", "text"))]
    if pred:
        predicted = {r["id"]: r for r in _reported(pred, skip_bad)}
    else:
        nlp = _pipeline(model)
        predicted = {r["id"]: r for r in extract_texts(nlp, ((g["id"], *_as_read(g["text"])) for g in gold_records),
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


def _reported(path: str, skip_bad: bool, required: tuple[str, ...] = ("id",)) -> Iterator[dict]:
    """Records of a JSON Lines file (gold files need text too): a bad line stops, or is reported and skipped."""
    errors: list[str] = []
    yield from read_records(path, skip_bad=skip_bad, errors=errors, required=required)
    for message in errors:
        click.echo(f"skipped: {message}", err=True)


@cli.command()
@output_options
@store_options
@friendly
def stats(fmt, open_store):
    """Count the nodes and links in the store.

    Example:

    \b
        newsgraph stats --store neo4j
    """
    store = open_store()
    try:
        counts = store.counts()
    finally:
        store.close()
    click.echo(render([{"kind": k, "count": v} for k, v in sorted(counts.items())], fmt))


for _command in COMMANDS:
    cli.add_command(_command)


from .exchange import import_entities  # noqa: E402  (other sources than texts: newsgraph/exchange.py)
cli.add_command(import_entities)

if __name__ == "__main__":  # pragma: no cover
    cli(prog_name="newsgraph")
