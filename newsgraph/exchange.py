"""`newsgraph import`: sources other than texts (FollowTheMoney entities) into the store."""
from __future__ import annotations

import click

from .errors import friendly
from .options import progress_bar, store_options
from .workbench import load_decided


@click.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["ftm"]), default="ftm", show_default=True,
              help="ftm: FollowTheMoney entities, one JSON object a line (newsgraph's own export, "
                   "or e.g. an OpenSanctions or procurement list).")
@click.option("--skip-bad", is_flag=True, help="Skip malformed lines (reported) instead of stopping.")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=200, show_default=True,
              help="Records per transaction.")
@click.option("--silent", is_flag=True)
@store_options
@friendly
def import_entities(file, fmt, skip_bad, batch_size, silent, open_store):
    """Load FollowTheMoney entities beside the texts, merged by the same resolution.

    People, companies, organisations and public bodies, and the directorships,
    employments, memberships, ownerships, contract awards and links between
    them. Entities newsgraph exported come back as the documents they came
    from; others become one record each (`ftm:<entity id>`), so importing the
    same file again changes nothing. Schemata newsgraph has no place for are
    counted and left out.

    Example:

    \b
        newsgraph import sanctions.ftm.json --format ftm
        newsgraph import graph.ftm.json --path other-store
    """
    from extract.lexicon import data_dir, read_gazetteer
    from graph.ftm import listed_names, read_ftm

    # Entities the extractor knows by a listed name get that name here too, so they merge.
    gazetteer = read_gazetteer(data_dir() / "gazetteers")
    canonical = listed_names((e.label, e.name, e.aliases) for e in gazetteer)
    found = read_ftm(file, skip_bad=skip_bad, canonical=canonical)
    for message in found.errors:
        click.echo(f"skipped: {message}", err=True)
    click.echo(f"Read {found.summary()}", err=True)
    if not found.records:
        raise click.ClickException(f"{file}: no entities newsgraph can load.")
    store = open_store()
    try:
        with progress_bar(None, "Loading", silent) as bar:
            stats = load_decided(store, open_store.decisions, found.records, batch_size=batch_size,
                                 progress=bar.update)
    finally:
        store.close()
    click.echo(f"Loaded {stats} into the {store.kind} store", err=True)
