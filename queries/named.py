"""Named queries: `.cypher` files with a parameter header, run on either store.

A file in ``queries/cypher/`` starts with a header the runner reads::

    // name: profile
    // description: An entity, its neighbours and the evidence of each link.
    // param: entity (entity, required) name or alias of a Person, Company, Agency
    // param: limit (int, default 50, min 1) most rows returned
    // columns: entity, direction, type, ...

Param kinds: ``entity`` (a name; the runner adds ``<param>_norm``, the
normalised form the query compares with ``n.norm_aliases``), ``int``
(optionally bounded by ``min N`` / ``max N``), ``str`` and ``status`` (one of
the schema's contract statuses) and ``date`` (YYYY, YYYY-MM or YYYY-MM-DD,
sent as the first day it covers, so it compares with the stores' ISO dates).
On Neo4j the file's text runs as is; on the
embedded store the function of the same name in ``queries.embedded_queries``
(dashes become underscores) gets the graph and the bound parameters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import networkx as nx

from graph.names import normalize
from graph.records import ISO_DATE, period_start
from graph.schema import schema

from . import embedded_queries

KINDS = ("entity", "int", "str", "status", "date")
_HEADER_LINE = re.compile(r"^//\s*(name|description|param|columns):\s*(.*?)\s*$")
_PARAM = re.compile(r"^(?P<name>[a-z][a-z0-9_]*)\s*\((?P<spec>[^)]*)\)\s*(?P<description>.*)$")


class QueryError(ValueError):
    """A query name or parameter that cannot be used; the message says what would work."""


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    required: bool = False
    default: Any = None
    minimum: int | None = None
    maximum: int | None = None
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    text: str

    @property
    def function_name(self) -> str:
        """The embedded implementation's name in queries.embedded_queries."""
        return self.name.replace("-", "_")


# parsing -------------------------------------------------------------------
def _parse_param(text: str, where: str) -> Param:
    match = _PARAM.match(text)
    if not match:
        raise QueryError(f"{where}: a param line reads 'NAME (KIND, required|optional|default X) description', not {text!r}")
    name, description = match["name"], match["description"]
    kind, *options = [part.strip() for part in match["spec"].split(",")]
    if kind not in KINDS:
        raise QueryError(f"{where}: param {name!r} has kind {kind!r}; kinds are {', '.join(KINDS)}")
    required, raw_default, bounds = False, None, {}
    for option in options:
        word, _, value = option.partition(" ")
        if option == "required":
            required = True
        elif option == "optional":
            pass
        elif word == "default" and value:
            raw_default = value.strip()
        elif word in ("min", "max") and kind == "int" and value.strip().lstrip("-").isdigit():
            bounds[word] = int(value)
        else:
            raise QueryError(f"{where}: param {name!r} has an unknown option {option!r}")
    param = Param(name, kind, required, None, bounds.get("min"), bounds.get("max"), description)
    if raw_default is not None:
        if required:
            raise QueryError(f"{where}: param {name!r} is required and so cannot have a default")
        # The default goes through the same checks as a value given by a user.
        param = replace(param, default=_cast(param, raw_default, where))
    return param


def parse(text: str, where: str = "<query>") -> NamedQuery:
    """Read a query file's header; the text itself is kept as it is."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("//"):
            break  # the header is the leading block of comment lines
        match = _HEADER_LINE.match(line)
        if not match:
            continue  # a free comment line inside the header
        key, value = match.groups()
        if key == "param":
            params.append(_parse_param(value, where))
        elif key in fields:
            raise QueryError(f"{where}: the header names {key!r} twice")
        else:
            fields[key] = value
    missing = [key for key in ("name", "description", "columns") if not fields.get(key)]
    if missing:
        raise QueryError(f"{where}: the header lacks {', '.join(missing)}")
    names = [p.name for p in params]
    clashes = {n for n in names if names.count(n) > 1} | {
        f"{p.name}_norm" for p in params if p.kind == "entity" and f"{p.name}_norm" in names}
    if clashes:
        raise QueryError(f"{where}: parameter names clash: {', '.join(sorted(clashes))}")
    columns = tuple(c.strip() for c in fields["columns"].split(",") if c.strip())
    return NamedQuery(fields["name"], fields["description"], tuple(params), columns, text)


@cache
def _queries() -> dict[str, NamedQuery]:
    folder = resources.files("queries").joinpath("cypher")
    found: dict[str, NamedQuery] = {}
    for entry in folder.iterdir():
        if not entry.name.endswith(".cypher"):
            continue
        query = parse(entry.read_text(encoding="utf-8"), f"queries/cypher/{entry.name}")
        if query.name != entry.name.removesuffix(".cypher"):
            raise QueryError(f"queries/cypher/{entry.name}: the header names it {query.name!r}")
        found[query.name] = query
    return dict(sorted(found.items()))


# public API ----------------------------------------------------------------
def available() -> list[str]:
    """The names of the named queries, sorted."""
    return list(_queries())


def get(name: str) -> NamedQuery:
    """The named query ``name``; an unknown name raises QueryError listing the known ones."""
    query = _queries().get(name)
    if query is None:
        raise QueryError(f"Unknown query {name!r}. Available: {', '.join(available())}")
    return query


def _cast(param: Param, raw: Any, where: str) -> Any:
    if param.kind == "int":
        if isinstance(raw, bool) or not isinstance(raw, (int, str)):
            raise QueryError(f"{where}: parameter {param.name!r} must be a whole number, not {raw!r}")
        try:
            value = int(raw.strip()) if isinstance(raw, str) else raw
        except ValueError:
            raise QueryError(f"{where}: parameter {param.name!r} must be a whole number, not {raw!r}") from None
        if param.minimum is not None and value < param.minimum:
            raise QueryError(f"{where}: parameter {param.name!r} must be at least {param.minimum}, not {value}")
        if param.maximum is not None and value > param.maximum:
            raise QueryError(f"{where}: parameter {param.name!r} must be at most {param.maximum}, not {value}")
        return value
    if not isinstance(raw, str):
        raise QueryError(f"{where}: parameter {param.name!r} must be text, not {raw!r}")
    if param.kind == "status":
        statuses = schema().statuses
        value = raw.strip().lower()
        if value not in statuses:
            raise QueryError(f"{where}: parameter {param.name!r} must be one of {', '.join(statuses)}, not {raw!r}")
        return value
    if param.kind == "date":
        value = raw.strip()
        if not ISO_DATE.match(value):
            raise QueryError(f"{where}: parameter {param.name!r} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not {raw!r}")
        return period_start(value)
    if param.kind == "entity":
        value = raw.strip()
        if not normalize(value):
            raise QueryError(f"{where}: parameter {param.name!r} needs a name, not {raw!r}")
        return value
    return raw


def bind(query: NamedQuery, raw_params: dict[str, Any]) -> dict[str, Any]:
    """Check and cast ``raw_params`` (strings, as from a command line) for ``query``.

    Every declared parameter gets a value (None when optional and not given),
    since Cypher fails on a parameter it is not sent; each entity parameter
    also gets ``<name>_norm``. Raises QueryError on an unknown or missing
    parameter or a value of the wrong kind.
    """
    where = f"query {query.name!r}"
    known = [p.name for p in query.params]
    unknown = sorted(set(raw_params) - set(known))
    if unknown:
        raise QueryError(f"{where} has no parameter {unknown[0]!r}. Parameters: {', '.join(known) or 'none'}")
    bound: dict[str, Any] = {}
    for param in query.params:
        raw = raw_params.get(param.name)
        if raw is None:
            if param.required:
                raise QueryError(f"{where} needs parameter {param.name!r} ({param.description or param.kind})")
            value = param.default
        else:
            value = _cast(param, raw, where)
        bound[param.name] = value
        if param.kind == "entity":
            bound[f"{param.name}_norm"] = normalize(value) if value is not None else None
    return bound


def run(store: Any, name: str, raw_params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run the named query on a store (Neo4j, the embedded store, or a bare networkx graph).

    Both stores give the same rows in the same order for the same graph.
    """
    query = get(name)
    params = bind(query, raw_params or {})
    if hasattr(store, "cypher"):
        rows = store.cypher(query.text, params)
    else:
        graph = store if isinstance(store, nx.Graph) else store.graph
        function = getattr(embedded_queries, query.function_name, None)
        if function is None:
            raise QueryError(f"Query {name!r} has no embedded implementation (queries.embedded_queries.{query.function_name}).")
        # The embedded functions normalise names themselves: they take only the declared params.
        rows = function(graph, **{p.name: params[p.name] for p in query.params})
    # Cypher and Python order strings alike in all but corner cases; one stable
    # sort here makes the two stores agree even there.
    return sorted(rows, key=lambda row: tuple(embedded_queries.sort_key(row.get(c)) for c in query.columns))
