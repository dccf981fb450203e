"""The analyst's workbench: review duplicates, record decisions, see why and when two entities are linked."""
from __future__ import annotations

import json

import click

from graph import decisions as decided
from graph.decisions import DecisionError, DecisionLog

from .errors import friendly
from .options import output_options, store_options
from .output import render


def load_decided(store, log: DecisionLog, records, **kwargs):
    """Load with the analyst's decisions: first bring what is stored up to them."""
    made = log.read()
    decided.apply(store, log, made=made)
    return store.load(records, judgements=log.judgements(made), **kwargs)


def _entity(store, name: str, label: str | None) -> dict:
    """The one entity ``name`` names, or an error that lists the candidates."""
    from queries import named

    rows = named.run(store, "entity", {"name": name, "label": label})
    if not rows:
        raise DecisionError(f"No {label or 'entity'} named {name!r} in the {store.kind} store "
                            "(`newsgraph query entity -p name=…` looks names up)")
    if len(rows) > 1:
        listed = "; ".join(f"{r['name']} ({r['label']})" for r in rows)
        raise DecisionError(f"{name!r} names {len(rows)} entities: {listed}. Add --label to pick one")
    return rows[0]


def _pair(store, a: str, b: str, label: str | None) -> tuple[dict, dict]:
    """The two entities a decision names; the second is looked up under the first's label."""
    one = _entity(store, a, label)
    return one, _entity(store, b, label or one["label"])


def _forms(row: dict) -> list[str]:
    return [row["name"], *row["aliases"]]


def _apply(store, log: DecisionLog, what: str) -> None:
    count = decided.apply(store, log)
    click.echo(f"{what}; {count} documents resolved again in the {store.kind} store.", err=True)


label_option = click.option("--label", type=click.Choice(["Person", "Company", "Agency"]), default=None,
                            help="The label, when a name is used by entities of several labels.")
why_option = click.option("--why", "reason", default="", help="Why (kept with the decision).")


@click.command()
@click.argument("a")
@click.argument("b")
@label_option
@why_option
@store_options
@friendly
def merge(a, b, label, reason, open_store):
    """Record that A and B are one entity (named A) and apply it, now and on every later load.

    Example:

    \b
        newsgraph merge "Alex Karp" "Alexander Karp" --why "same CEO"
    """
    store = open_store()
    try:
        one, two = _pair(store, a, b, label)
        if one["key"] == two["key"]:
            raise DecisionError(f"{a!r} and {b!r} are already one entity ({one['name']})")
        d = open_store.decisions.record("merge", one["label"], one["name"], two["name"],
                                        _forms(one), _forms(two), reason)
        _apply(store, open_store.decisions, f"Decision {d.id}: {two['name']} merged into {one['name']}")
    finally:
        store.close()


@click.command(name="not-same")
@click.argument("a")
@click.argument("b")
@label_option
@why_option
@store_options
@friendly
def not_same(a, b, label, reason, open_store):
    """Record that A and B are different entities: no load merges them again.

    When the resolver has already made them one entity, this splits B off.

    Example:

    \b
        newsgraph not-same "Amazon" "Amazon Web Services"
    """
    store = open_store()
    try:
        one, two = _pair(store, a, b, label)
        if one["key"] == two["key"]:  # one node holding both names: split the second off
            d = open_store.decisions.record("split", one["label"], a, b, [a], [b], reason)
        else:
            d = open_store.decisions.record("not-same", one["label"], one["name"], two["name"],
                                            _forms(one), _forms(two), reason)
        _apply(store, open_store.decisions, f"Decision {d.id}: {d.a} is not {d.b}")
    finally:
        store.close()


@click.command()
@click.argument("entity")
@click.option("--alias", "aliases", multiple=True, required=True,
              help="A name of ENTITY that belongs to another entity (repeatable).")
@label_option
@why_option
@store_options
@friendly
def split(entity, aliases, label, reason, open_store):
    """Split names that the resolver wrongly merged off ENTITY into an entity of their own.

    Example:

    \b
        newsgraph split "Palantir" --alias "Palantir Foundation"
    """
    from graph.names import normalize

    store = open_store()
    try:
        row = _entity(store, entity, label)
        held = {normalize(f) for f in row["aliases"]}
        missing = [a for a in aliases if normalize(a) not in held]
        if missing:
            raise DecisionError(f"{row['name']} has no alias {missing[0]!r} (aliases: {', '.join(row['aliases']) or 'none'})")
        gone = {normalize(a) for a in aliases}
        keep = [f for f in _forms(row) if normalize(f) not in gone]
        d = open_store.decisions.record("split", row["label"], row["name"], aliases[0], keep, list(aliases), reason)
        _apply(store, open_store.decisions, f"Decision {d.id}: {', '.join(aliases)} split off {row['name']}")
    finally:
        store.close()


@click.command()
@click.argument("decision_id")
@why_option
@store_options
@friendly
def undo(decision_id, reason, open_store):
    """Undo a decision (see `newsgraph decisions`); the store follows.

    Example:

    \b
        newsgraph undo d3 --why "two different people"
    """
    u = open_store.decisions.undo(decision_id, reason)
    store = open_store()
    try:
        _apply(store, open_store.decisions, f"Decision {u.id}: {decision_id} undone")
    finally:
        store.close()


@click.command(name="decisions")
@output_options
@store_options
@friendly
def list_decisions(fmt, open_store):
    """List the decisions made, with who, when, why, and whether each is in force.

    Example:

    \b
        newsgraph decisions --json
    """
    log = open_store.decisions
    made = log.read()
    undone = {d.undoes: d.id for d in made if d.op == "undo"}
    rows = [{"id": d.id, "op": d.op, "label": d.label, "a": d.a, "b": d.b if d.op != "undo" else d.undoes,
             "who": d.who, "when": d.when, "why": d.why,
             "state": f"undone by {undone[d.id]}" if d.id in undone else ("" if d.op == "undo" else "in force")}
            for d in made]
    click.echo(render(rows, fmt) if rows or fmt == "json" else f"No decisions yet ({log.path}).")


@click.command()
@click.option("--label", type=click.Choice(["Person", "Company", "Agency"]), default=None, help="Only this label.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.6, show_default=True)
@click.option("--limit", type=click.IntRange(1, 10_000), default=30, show_default=True)
@output_options
@store_options
@friendly
def review(label, min_score, limit, fmt, open_store):
    """List likely duplicates the resolver did not merge, scored, with evidence for each side.

    Judge each with `newsgraph merge A B` or `newsgraph not-same A B`.

    Example:

    \b
        newsgraph review --label Person
    """
    from graph.review import ReviewError, candidates

    store = open_store()
    try:
        graph = store.export()
    finally:
        store.close()
    judged = open_store.decisions.judgements()

    def excluded(a: str, b: str) -> bool:
        na, nb = graph.nodes[a], graph.nodes[b]
        return judged.apart(na["label"], na["name"], nb["name"]) or judged.apart(nb["label"], nb["name"], na["name"])

    try:
        found = candidates(graph, labels=[label] if label else None, min_score=min_score, limit=limit,
                           exclude=excluded)
    except ReviewError as exc:
        raise DecisionError(str(exc)) from None

    def said(items: list[dict]) -> str:
        return " | ".join(f"[{i.get('doc')}] {i.get('sentence')}" for i in items[:2])

    rows = [{"score": round(c.score, 2), "label": c.label, "a": c.a_name, "b": c.b_name,
             "reasons": "; ".join(c.reasons), "a_evidence": said(c.a_evidence), "b_evidence": said(c.b_evidence)}
            for c in found]
    click.echo(render(rows, fmt) if rows or fmt == "json" else "No likely duplicates above the score.")


def _items(row: dict) -> list[dict]:
    return [json.loads(e) for e in row.get("evidence") or []]


def _stance(item: dict) -> str:
    return "contradicts" if item.get("negated") else "supports"


@click.command()
@click.argument("a")
@click.argument("b")
@output_options
@store_options
@friendly
def why(a, b, fmt, open_store):
    """Every sentence behind the links between A and B: document, source, offsets, extractor, confidence.

    Contradicting evidence (a denial, a retraction) is listed as such.

    Example:

    \b
        newsgraph why "Peter Thiel" Palantir
    """
    from queries import named

    store = open_store()
    try:
        rows = named.run(store, "why", {"a": a, "b": b})
    finally:
        store.close()
    if not rows:
        raise DecisionError(f"No link between {a!r} and {b!r} in the {store.kind} store")
    links = [{"link": f"{r['source']} -{r['type']}-> {r['target']}", "via": r["via"], "documents": r["documents"],
              "sources": r["sources"], "contradicting": r["contradicting"]} for r in rows]
    evidence = [{"link": f"{r['source']} -{r['type']}-> {r['target']}", "stance": _stance(i), "doc": i.get("doc"),
                 "source": i.get("source"), "published": i.get("published"), "start": i.get("start"),
                 "end": i.get("end"), "extractor": i.get("extractor"), "confidence": i.get("confidence"),
                 "sentence": i.get("sentence")}
                for r in rows for i in _items(r)]
    if fmt == "json":
        click.echo(json.dumps({"links": links, "evidence": evidence}, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(render(evidence, "csv"))
    else:
        click.echo(render(links, "table"))
        click.echo()
        click.echo(render(evidence, "table", max_width=120))


@click.command()
@click.argument("entity")
@click.option("--undated", is_flag=True, help="Also list evidence with no date at all.")
@output_options
@store_options
@friendly
def timeline(entity, undated, fmt, open_store):
    """The dated evidence of ENTITY's links, oldest first.

    A row's date is the one its sentence states (signed, blocked, ended,
    from, to, at); else the document's publication date (kind "published").

    Example:

    \b
        newsgraph timeline Palantir
    """
    from queries import named

    store = open_store()
    try:
        rows = named.run(store, "timeline", {"entity": entity})
        if not rows:
            _entity(store, entity, None)  # an unknown name is an error, not an empty timeline
    finally:
        store.close()
    out, seen = [], set()
    for r in rows:
        for i in _items(r):
            date, kind = (i.get("date"), i.get("date_kind")) if i.get("date") else (i.get("published"), "published")
            if date is None and not undated:
                continue
            if i.get("date_to"):
                kind = f"{kind} to {i['date_to']}"
            # A contract's parties share its sentences: one row for the deal, not one per party.
            link = f"contract: {r['via']}" if r["via"] else f"{r['source']} -{r['type']}-> {r['target']}"
            row = {"date": date, "kind": kind if date else None, "link": link, "stance": _stance(i),
                   "doc": i.get("doc"), "sentence": i.get("sentence")}
            if tuple(row.values()) not in seen:
                seen.add(tuple(row.values()))
                out.append(row)
    out.sort(key=lambda row: (row["date"] is None, row["date"] or "", row["link"], row["doc"] or ""))
    click.echo(render(out, fmt, max_width=120) if out or fmt == "json"
               else f"No dated evidence for {entity!r} (try --undated).")


COMMANDS = [review, merge, not_same, split, undo, list_decisions, why, timeline]
