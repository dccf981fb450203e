"""FollowTheMoney (FtM) entities: the graph as JSON lines for Aleph and OpenSanctions, and back.

Export: every node becomes a Person, Company, PublicBody or Contract; every
edge an interval entity (Directorship, Employment, Ownership, ContractAward,
UnknownLink) whose ``description`` holds the supporting sentences and whose
``proof`` points at an Article per newsgraph document. The exact newsgraph
data (keys, names, aliases, document ids, every evidence item) rides along
in the hidden ``indexText`` property, so an import rebuilds the same graph.

Import: entities newsgraph exported become the records of the documents they
came from; any other FtM entity (a sanctions or procurement list) becomes a
record of its own, ``ftm:<entity id>``. Both go through ``store.load``, so the
same resolution merges them with what the texts said.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

import networkx as nx
from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy
from followthemoney.util import make_entity_id

from .names import company_key, normalize
from .records import RecordError, entity_alias_ids, record_rows
from .schema import schema

ID_PREFIX = "newsgraph"
# newsgraph label -> FtM schema, and back (Organization is the nearest FtM has to "a firm" after Company).
NODE_SCHEMATA = {"Person": "Person", "Company": "Company", "Agency": "PublicBody", "Contract": "Contract"}
IMPORT_LABELS = {"Person": "Person", "Company": "Company", "Organization": "Company", "PublicBody": "Agency"}
# newsgraph edge type -> (FtM schema, source property, target property, role).
EDGE_SCHEMATA = {
    "FOUNDED": ("Directorship", "director", "organization", "founder"),
    "LEADS": ("Directorship", "director", "organization", "head"),
    "WORKS_FOR": ("Employment", "employee", "employer", "works for"),
    "INVESTED_IN": ("Ownership", "owner", "asset", "investor"),
    "OWNS": ("Ownership", "owner", "asset", "owner"),
    "SUPPLIES": ("UnknownLink", "subject", "object", "supplier"),
    "BLOCKED": ("UnknownLink", "subject", "object", "blocked"),
    "SUPPLIER_OF": ("ContractAward", "supplier", "contract", "supplier"),
}
# BUYER_OF is the Contract's ``authority``; its evidence travels in the Contract's payload.

# The payload: compact ASCII JSON (which FtM's text cleaning leaves as it is), cut into
# values below FtM's 65,000-character limit, each marked with its place.
_PAYLOAD = re.compile(r"^newsgraph:(\d+)/(\d+):(.*)$", re.DOTALL)
_CHUNK = 60_000
_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")


class FtmError(RecordError):
    """An FtM file or entity newsgraph cannot read; the message says where and why."""


# --- export -------------------------------------------------------------------------

def _make(schema_name: str, *id_parts: str) -> EntityProxy:
    proxy = model.make_entity(schema_name)
    proxy.id = make_entity_id(ID_PREFIX, *id_parts)
    return proxy


def _add(proxy: EntityProxy, prop: str, values: object) -> None:
    """Add values cut to what the property's type takes (the exact ones are in the payload)."""
    limit = proxy.schema.properties[prop].type.max_length
    values = values if isinstance(values, list) else [values]
    proxy.add(prop, [v if not isinstance(v, str) or len(v) <= limit else v[: limit - 1] + "…"
                     for v in values if v is not None])


def _payload_values(data: dict) -> list[str]:
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    chunks, start = [], 0
    while start < len(text):
        end = min(start + _CHUNK, len(text))
        while end < len(text) and text[end - 1] == " ":  # FtM strips a value's ends
            end -= 1
        chunks.append(text[start:end])
        start = end
    return [f"newsgraph:{i}/{len(chunks)}:{chunk}" for i, chunk in enumerate(chunks, 1)]


def _add_payload(proxy: EntityProxy, data: dict) -> None:
    values = _payload_values(data)
    proxy.add("indexText", values)
    if len([v for v in proxy.get("indexText") if v.startswith("newsgraph:")]) != len(values):
        raise FtmError(f"{proxy.schema.name} {proxy.id}: too much evidence for one FtM entity")


def document_id(doc_id: str) -> str:
    """The FtM id of the Article that stands for a newsgraph document."""
    return make_entity_id(ID_PREFIX, "document", doc_id)


def node_id(key: str) -> str:
    """The FtM id of a node: the same for every export of the same graph."""
    return make_entity_id(ID_PREFIX, key)


def _documents(graph: nx.MultiDiGraph) -> dict[str, dict]:
    """Each document's source and publication date, as its evidence gives them."""
    docs: dict[str, dict] = {}
    for _, attrs in graph.nodes(data=True):
        for doc in attrs.get("doc_ids", []):
            docs.setdefault(doc, {})
    for _, _, attrs in graph.edges(data=True):
        for item in attrs.get("evidence", []):
            info = docs.setdefault(item["doc"], {})
            if item.get("source") and item["source"] != item["doc"]:
                info.setdefault("source", item["source"])
            if item.get("published"):
                info.setdefault("published", item["published"])
    return docs


def _edge_payload(u: str, v: str, type_: str, attrs: dict) -> dict:
    return {"type": type_, "source": u, "target": v, "doc_ids": sorted(attrs.get("doc_ids", [])),
            "evidence": attrs.get("evidence", [])}


def _describe_evidence(proxy: EntityProxy, attrs: dict) -> None:
    support = [i for i in attrs.get("evidence", []) if not i.get("negated")]
    against = [i for i in attrs.get("evidence", []) if i.get("negated")]
    _add(proxy, "description", [i["sentence"] for i in support if i.get("sentence", "").strip()])
    _add(proxy, "publisher", sorted({i["source"] for i in support if i.get("source") not in (None, i["doc"])}))
    proxy.add("date", sorted({i["date"] for i in support if i.get("date")}))
    if attrs.get("valid_from"):
        proxy.add("startDate", attrs["valid_from"])
    if attrs.get("valid_to"):
        proxy.add("endDate", attrs["valid_to"])
    docs = len({i["doc"] for i in support})
    summary = f"stated in {docs} document{'s' if docs != 1 else ''}"
    if against:
        summary += f"; contradicted in {len({i['doc'] for i in against})}: " + \
            " | ".join(sorted({i['sentence'] for i in against if i.get('sentence')}))
    _add(proxy, "summary", summary)
    proxy.add("proof", [document_id(d) for d in sorted(attrs.get("doc_ids", []))])


def ftm_entities(graph: nx.MultiDiGraph) -> Iterator[EntityProxy]:
    """The FtM entities of a neutral graph (``store.export()``), in a fixed order:
    documents, then nodes, then links, so every reference points backwards."""
    for doc, info in sorted(_documents(graph).items()):
        article = _make("Article", "document", doc)
        _add(article, "title", doc)
        _add(article, "publisher", info.get("source"))
        article.add("publishedAt", info.get("published"))
        _add_payload(article, {"document": doc})
        yield article
    buyers: dict[str, list[tuple[str, dict]]] = {}
    for u, v, type_, attrs in graph.edges(keys=True, data=True):
        if type_ == "BUYER_OF":
            buyers.setdefault(v, []).append((u, attrs))
    for key in sorted(graph.nodes):
        attrs = graph.nodes[key]
        label = attrs["label"]
        proxy = _make(NODE_SCHEMATA[label], key)
        node = {"key": key, "label": label, "name": attrs["name"], "aliases": sorted(attrs.get("aliases", [])),
                "doc_ids": sorted(attrs.get("doc_ids", []))}
        _add(proxy, "name", attrs["name"])
        if not proxy.has("name"):  # a name FtM cleans away entirely (only quotes): its key names it
            proxy.add("name", key.split(":", 1)[1])
        _add(proxy, "alias", attrs.get("aliases", []))
        proxy.add("proof", [document_id(d) for d in node["doc_ids"]])
        payload: dict = {"node": node}
        if label == "Contract":
            for prop in ("status", "value", "currency", "description"):
                node[prop] = attrs.get(prop)
            _add(proxy, "title", attrs["name"])
            _add(proxy, "status", attrs.get("status"))
            proxy.add("amount", attrs.get("value"))
            _add(proxy, "currency", attrs.get("currency"))
            _add(proxy, "description", attrs.get("description"))
            edges = sorted(buyers.get(key, []), key=lambda pair: pair[0])
            proxy.add("authority", [node_id(u) for u, _ in edges])
            payload["edges"] = [_edge_payload(u, key, "BUYER_OF", e) for u, e in edges]
        _add_payload(proxy, payload)
        yield proxy
    for u, v, type_, attrs in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        if type_ == "BUYER_OF":
            continue
        schema_name, source_prop, target_prop, role = EDGE_SCHEMATA[type_]
        proxy = _make(schema_name, u, type_, v)
        proxy.add(source_prop, node_id(u))
        proxy.add(target_prop, node_id(v))
        proxy.add("role", role)
        _describe_evidence(proxy, attrs)
        _add_payload(proxy, {"edges": [_edge_payload(u, v, type_, attrs)]})
        yield proxy


def write_ftm(graph: nx.MultiDiGraph, out: IO[str]) -> int:
    """Write the graph as FtM JSON lines; returns how many entities."""
    count = 0
    for proxy in ftm_entities(graph):
        out.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


# --- import -------------------------------------------------------------------------

@dataclass
class FtmImport:
    """What an FtM file gives: records to load, and what was left out and why."""

    records: list[dict] = field(default_factory=list)
    entities: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    errors: list[str] = field(default_factory=list)  # bad lines skipped (skip_bad)

    def summary(self) -> str:
        text = f"{self.entities} FtM entities -> {len(self.records)} records"
        if self.skipped:
            text += "; left out: " + ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items()))
        return text


def _payload(proxy: EntityProxy) -> dict | None:
    parts: dict[int, str] = {}
    total = 0
    for value in proxy.get("indexText"):
        match = _PAYLOAD.match(value)
        if match:
            parts[int(match.group(1))] = match.group(3)
            total = int(match.group(2))
    if not parts:
        return None
    if sorted(parts) != list(range(1, total + 1)):
        raise FtmError("its newsgraph data (indexText) is incomplete")
    try:
        data = json.loads("".join(parts[i] for i in sorted(parts)))
    except ValueError:
        raise FtmError("its newsgraph data (indexText) is not JSON") from None
    if not isinstance(data, dict):
        raise FtmError("its newsgraph data (indexText) is not a JSON object")
    return data


def _parse_line(line: str) -> tuple[str, dict]:
    """A line's schema name and entity dict, or an FtmError saying what is wrong with it."""
    try:
        data = json.loads(line)
    except ValueError as exc:
        raise FtmError(f"not JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("schema"), str) \
            or not isinstance(data.get("id"), str) or not data["id"].strip():
        raise FtmError("an FtM entity is a JSON object with an 'id' and a 'schema'")
    props = data.get("properties", {})
    if not isinstance(props, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in props.values()):
        raise FtmError("'properties' must map property names to lists of text")
    return data["schema"], data


_JSON_SPACE = " \t\r\n"


def read_entities(path: str | Path, *, skip_bad: bool = False,
                  errors: list[str] | None = None) -> Iterator[EntityProxy | Unknown]:
    """FtM entities of a JSON Lines file, each re-validated by the library.

    A bad line raises an FtmError starting ``path:line:`` (or, with
    ``skip_bad``, is noted in ``errors`` and skipped). An entity of a schema
    this version of FtM does not know (a newer one may) comes as ``Unknown``.
    """
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise FtmError(f"{path}: cannot be read ({exc.strerror})") from None
    with fh:
        for number, raw in enumerate(fh, 1):
            try:
                try:
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError:
                    raise FtmError("not UTF-8 text") from None
                if not line.strip(_JSON_SPACE):
                    continue
                schema_name, data = _parse_line(line)
                if model.get(schema_name) is None:
                    yield Unknown(schema_name)
                    continue
                try:
                    proxy = model.get_proxy(data, cleaned=False)
                except InvalidData as exc:
                    raise FtmError(str(exc)) from None
                _check(_payload(proxy))  # broken newsgraph data is a bad line
                yield proxy
            except (FtmError, RecursionError) as exc:
                reason = "nested too deeply" if isinstance(exc, RecursionError) else exc
                message = f"{path}:{number}: {reason}"
                if not skip_bad:
                    raise FtmError(message) from None
                if errors is not None:
                    errors.append(message)


@dataclass
class Unknown:
    """An entity of a schema the installed FtM does not know: counted, not read."""

    schema: str


def read_ftm(path: str | Path, *, skip_bad: bool = False, canonical: Canonical | None = None) -> FtmImport:
    """Records to load from an FtM JSON Lines file (see the module's docstring).

    ``canonical`` (``listed_names``) names other sources' entities as the
    extractor names them; newsgraph's own export keeps its names.
    """
    out = FtmImport()
    ours_nodes: dict[str, dict] = {}
    ours_edges: list[dict] = []
    entities: dict[str, EntityProxy] = {}  # all, so that a link added elsewhere can end at one of ours
    foreign: list[str] = []
    for proxy in read_entities(path, skip_bad=skip_bad, errors=out.errors):
        out.entities += 1
        if isinstance(proxy, Unknown):
            out.skipped[f"{proxy.schema} (not an FtM schema this version knows)"] += 1
            continue
        payload = _payload(proxy)
        entities[proxy.id] = proxy
        if payload is not None:
            _collect_ours(payload, ours_nodes, ours_edges)
        else:
            foreign.append(proxy.id)
    if ours_nodes or ours_edges:
        graph = _payload_graph(ours_nodes, ours_edges, out.skipped)
        for record in records_from_graph(graph):
            try:
                record_rows(record)
            except RecordError as exc:
                raise FtmError(f"{path}: newsgraph document {record['id']!r}: {exc}") from None
            out.records.append(record)
    for record in _foreign_records(entities, foreign, out.skipped, Path(path).name, canonical):
        try:
            record_rows(record)
        except RecordError as exc:  # an entity our mapping cannot place is left out, not the file
            out.skipped[f"entities newsgraph could not place ({exc})"] += 1
            continue
        out.records.append(record)
    return out


def _check(payload: dict | None) -> None:
    """newsgraph data (from ``_payload``) that a rebuild can use, or an FtmError."""
    if payload is None:
        return
    node = payload.get("node")
    if node is not None and not (
            isinstance(node, dict) and isinstance(node.get("key"), str) and node.get("label") in schema().labels
            and isinstance(node.get("name"), str) and isinstance(node.get("aliases", []), list)
            and isinstance(node.get("doc_ids", []), list)):
        raise FtmError("its newsgraph node needs a key, a label of the schema, a name, aliases and doc_ids")
    edges = payload.get("edges", [])
    if not isinstance(edges, list) or not all(
            isinstance(e, dict) and e.get("type") in schema().relations and isinstance(e.get("source"), str)
            and isinstance(e.get("target"), str) and isinstance(e.get("evidence"), list)
            and all(isinstance(i, dict) and isinstance(i.get("doc"), str) for i in e["evidence"])
            for e in edges):
        raise FtmError("its newsgraph links need a type of the schema, ends and evidence with documents")


def _collect_ours(payload: dict, nodes: dict[str, dict], edges: list[dict]) -> None:
    if payload.get("node") is not None:
        nodes[payload["node"]["key"]] = payload["node"]
    edges.extend(payload.get("edges", []))


def _payload_graph(nodes: dict[str, dict], edges: list[dict], skipped: Counter) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for key, node in nodes.items():
        graph.add_node(key, **node)
    for edge in edges:
        if edge["source"] not in nodes or edge["target"] not in nodes:
            skipped[f"newsgraph {edge['type']} links to entities not in the file"] += 1
            continue
        graph.add_edge(edge["source"], edge["target"], key=edge["type"], **edge)
    return graph


# --- a graph back into records --------------------------------------------------------
#
# The resolver merges an entity into the node that already holds one of its forms,
# so what a document names, and in what order documents load, decides the graph.
# The records below are built so that loading them in their order makes each node
# again under its own key and name: a node's first document names it by its name;
# every record names all its entities before it lists any alias (a link finds the
# entity it names, not one with that name as an alias); a form that two nodes share
# comes only where the node it belongs to outvotes the other.

_RECORD_LEVEL = ("doc", "source", "published")  # a record gives these to its evidence


def _items(attrs: dict, doc: str) -> list[dict]:
    return [{k: v for k, v in item.items() if k not in _RECORD_LEVEL}
            for item in attrs.get("evidence", []) if item.get("doc") == doc]


def _forms(attrs: dict) -> list[str]:
    return [attrs["name"], *attrs.get("aliases", [])]


def _alias_id(label: str, form: str) -> str | None:
    ids = entity_alias_ids(label, [form])
    return ids[0] if ids else None


class _Rebuild:
    """The state of one rebuild: the graph, the load order and who holds which form."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.docs = sorted({d for _, a in graph.nodes(data=True) for d in a.get("doc_ids", [])}
                           | {i["doc"] for _, _, a in graph.edges(data=True) for i in a.get("evidence", [])})
        self.parties: dict[str, tuple[str, str]] = {}
        for key, attrs in graph.nodes(data=True):
            if attrs["label"] == "Contract":
                ends = {t: u for u, _, t in graph.in_edges(key, keys=True) if t in ("BUYER_OF", "SUPPLIER_OF")}
                if len(ends) == 2:
                    self.parties[key] = (ends["BUYER_OF"], ends["SUPPLIER_OF"])
        self.holders: dict[str, set[str]] = {}  # alias id -> keys of the nodes with a form of it
        for key, attrs in graph.nodes(data=True):
            if attrs["label"] != "Contract":
                for alias_id in entity_alias_ids(attrs["label"], _forms(attrs)):
                    self.holders.setdefault(alias_id, set()).add(key)
        self.name_ids = {key: _alias_id(a["label"], a["name"]) for key, a in graph.nodes(data=True)
                         if a["label"] != "Contract"}
        self.order = list(self.docs)
        self._settle()

    def shared(self, key: str, form: str) -> set[str]:
        """The other nodes that have a form with the same alias id."""
        alias_id = _alias_id(self.graph.nodes[key]["label"], form)
        return (self.holders.get(alias_id, set()) - {key}) if alias_id else set()

    def _firsts(self) -> None:
        pos = {doc: i for i, doc in enumerate(self.order)}
        self.pos = pos
        self.first = {key: min(a["doc_ids"], key=pos.__getitem__)
                      for key, a in self.graph.nodes(data=True) if a.get("doc_ids")}
        self.shown = self._contract_names()

    def _settle(self) -> None:
        """Load order: by id, except that a document moves forward where a later one
        needs it first: a party's other document before a contract's first one that
        names the party otherwise; a node's first document before the last one of a
        node that has the first one's name as an alias."""
        self._firsts()
        for _ in range(20):  # each round settles most; what is left only names a contract otherwise
            moves = []
            for doc, key, contract in self.conflicts:
                # Best a document with no contract that names the party otherwise: it names it by its name.
                others = sorted((d for d in self.graph.nodes[key]["doc_ids"]
                                 if d not in self.graph.nodes[contract]["doc_ids"]),
                                key=lambda d: (d in self.renaming.get(key, ()), self.pos[d]))
                if others:
                    moves.append((others[0], doc))
            for key, attrs in self.graph.nodes(data=True):
                last = max(attrs.get("doc_ids", []), key=self.pos.get, default=None)
                for form in _forms(attrs) if last is not None and attrs["label"] != "Contract" else []:
                    for rival in self._named(key, form):
                        if rival in self.first and self.pos[self.first[rival]] > self.pos[last]:
                            moves.append((self.first[rival], last))
            if not moves:
                break
            moved = set()
            for doc, before in moves:
                if doc not in moved and self.order.index(doc) > self.order.index(before):
                    self.order.remove(doc)
                    self.order.insert(self.order.index(before), doc)
                    moved.add(doc)
            if not moved:
                break
            self._firsts()

    def _named(self, key: str, form: str) -> list[str]:
        """The other nodes whose name ``form`` is (by alias id)."""
        alias_id = _alias_id(self.graph.nodes[key]["label"], form)
        return [r for r in self.shared(key, form) if self.name_ids.get(r) == alias_id]

    def _contract_names(self) -> dict[tuple[str, str], str]:
        """(doc, party) -> the name the contract's first document must give the party
        for the contract to be named "<buyer> – <supplier> contract" as stored."""
        shown: dict[tuple[str, str], str] = {}
        self.conflicts: list[tuple[str, str, str]] = []
        self.renaming: dict[str, set[str]] = {}  # party -> documents of contracts named after another form
        for key, (buyer, supplier) in sorted(self.parties.items()):
            name, doc = self.graph.nodes[key]["name"], self.first.get(key)
            if doc is None or not name.endswith(" contract"):
                continue
            for buyer_name in _forms(self.graph.nodes[buyer]):
                supplier_name = name[len(buyer_name) + 3: -len(" contract")]
                if not (name.startswith(buyer_name + " – ")
                        and supplier_name in _forms(self.graph.nodes[supplier])):
                    continue
                for party, form in ((buyer, buyer_name), (supplier, supplier_name)):
                    if form == self.graph.nodes[party]["name"] or \
                            (self.shared(party, form) and not self.takes(doc, party, form)):
                        continue
                    self.renaming.setdefault(party, set()).update(self.graph.nodes[key]["doc_ids"])
                    if self.first.get(party) == doc:
                        self.conflicts.append((doc, party, key))
                    elif shown.setdefault((doc, party), form) != form:
                        shown.pop((doc, party))
                break
        return shown

    def name_in(self, doc: str, key: str) -> str:
        return self.shown.get((doc, key), self.graph.nodes[key]["name"])

    def safe(self, key: str) -> list[str]:
        """A node's forms that no other node has."""
        return sorted(f for f in _forms(self.graph.nodes[key]) if not self.shared(key, f))

    def takes(self, doc: str, key: str, form: str) -> bool:
        """Whether a record of ``doc`` can give the node a form another node has too:
        the node outvotes the other (by its own forms, else by key on a tie), and a node
        whose name the form is exists by then (every record names all its entities
        first, so in its own first document it does)."""
        attrs = self.graph.nodes[key]
        votes = len(entity_alias_ids(attrs["label"], [attrs["name"], *self.safe(key)]))
        if not (votes >= 2 or (votes == 1 and all(key < r for r in self.shared(key, form)))):
            return False
        return all(r in self.first and self.pos[doc] >= self.pos[self.first[r]] for r in self._named(key, form))

    def entities(self, doc: str, keys: list[str]) -> list[dict]:
        """A document's entity entries: every name first, then the aliases."""
        names, late, more = [], [], []
        for key in keys:
            attrs = self.graph.nodes[key]
            name, shown, safe = attrs["name"], self.name_in(doc, key), self.safe(key)
            entry = {"type": attrs["label"], "name": shown, "aliases": []}
            if shown != name and self.shared(key, shown):
                # Shown under a form another node has: its own forms must come along to outvote it.
                late.append(dict(entry, aliases=sorted({name, *safe} - {shown})))
            else:
                names.append(entry)
            entry = dict(entry, name=name)
            if set(safe) - {name}:
                more.append(dict(entry, aliases=sorted(set(safe) - {name})))
            for form in sorted(f for f in _forms(attrs) if self.shared(key, f) and f != name):
                if self.takes(doc, key, form):
                    more.append(dict(entry, aliases=sorted({*safe, form} - {name})))
        return names + late + more


def records_from_graph(graph: nx.MultiDiGraph) -> list[dict]:
    """Per-document extraction records that load, in their order, into the same graph
    (a neutral graph: nodes with names, aliases and doc_ids; edges with parsed evidence)."""
    sch = schema()
    state = _Rebuild(graph)
    records = {doc: {"id": doc, "entities": [], "relations": [], "contracts": [], "meta": {}} for doc in state.docs}
    members: dict[str, list[str]] = {doc: [] for doc in state.docs}
    for key in sorted(graph.nodes):
        if graph.nodes[key]["label"] != "Contract":
            for doc in graph.nodes[key].get("doc_ids", []):
                members[doc].append(key)
    for doc in state.docs:
        records[doc]["entities"] = state.entities(doc, members[doc])
    name_in = state.name_in
    for u, v, type_, attrs in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        for item in attrs.get("evidence", []):
            meta = records[item["doc"]]["meta"]
            if item.get("source") and item["source"] != item["doc"]:
                meta.setdefault("publisher", item["source"])
            if item.get("published"):
                meta.setdefault("published", item["published"])
        if sch.relations[type_].contract:
            continue
        for doc in sorted({i["doc"] for i in attrs.get("evidence", [])}):
            records[doc]["relations"].append({"type": type_, "source": name_in(doc, u), "target": name_in(doc, v),
                                              "evidence": _items(attrs, doc)})
    for key, (buyer, supplier) in sorted(state.parties.items()):
        attrs = graph.nodes[key]
        buying = graph.edges[buyer, key, "BUYER_OF"]
        blockers = sorted(u for u, _, t in graph.in_edges(key, keys=True) if t == "BLOCKED")
        for doc in sorted(attrs.get("doc_ids", [])):
            blocked = [b for b in blockers if _items(graph.edges[b, key, "BLOCKED"], doc)]
            contract = {"buyer": name_in(doc, buyer), "supplier": name_in(doc, supplier),
                        "status": attrs.get("status"), "value": attrs.get("value"),
                        "currency": attrs.get("currency"), "description": attrs.get("description"),
                        "blocked_by": [name_in(doc, b) for b in blocked], "evidence": _items(buying, doc)}
            if blocked:
                contract["blocked_evidence"] = [i for b in blocked for i in _items(graph.edges[b, key, "BLOCKED"], doc)]
            records[doc]["contracts"].append(contract)
    return [records[doc] for doc in state.order]


# --- entities from other FtM sources ------------------------------------------------

_STATUS_WORDS = [("cancel", "cancelled"), ("terminat", "ended"), ("complet", "ended"), ("expire", "ended"),
                 ("closed", "ended"), ("ended", "ended"), ("block", "blocked"), ("suspend", "blocked"),
                 ("active", "active"), ("ongoing", "active"), ("progress", "active"), ("award", "awarded"),
                 ("sign", "awarded"), ("conclud", "awarded"), ("plan", "proposed"), ("tender", "proposed"),
                 ("propos", "proposed"), ("pending", "proposed")]


def _status(contract: EntityProxy) -> str:
    """A newsgraph status from an FtM Contract's free-text status (an award is an award)."""
    statuses = schema().statuses
    for text in contract.get("status"):
        if text.strip().lower() in statuses:
            return text.strip().lower()
        for word, status in _STATUS_WORDS:
            if word in text.lower():
                return status
    return "cancelled" if contract.get("cancelled") else "awarded"


def _date(value: str | None) -> str | None:
    match = _ISO.match(value or "")
    return match.group(0) if match else None


Canonical = Callable[[str, list[str]], "str | None"]


def listed_names(entries: Iterable[tuple[str, str, Iterable[str]]]) -> Canonical:
    """A lookup of the names a list (the extractor's gazetteer: label, name, aliases)
    gives entities: the listed name of the first form that one entry alone holds.

    The extractor names a listed entity by its listed name whatever form the text
    used ("Palantir Technologies" -> "Palantir"); an FtM entity is named the same way.
    """
    found: dict[tuple[str, str], set[str]] = {}
    for label, name, aliases in entries:
        for form in (name, *aliases):
            found.setdefault((label, _norm(label, form)), set()).add(name)

    def lookup(label: str, forms: list[str]) -> str | None:
        for form in forms:
            names = found.get((label, _norm(label, form)), set())
            if len(names) == 1:
                return next(iter(names))
        return None

    return lookup


def _norm(label: str, form: str) -> str:
    return company_key(form) if label == "Company" else normalize(form)


def _entity(proxy: EntityProxy, canonical: Canonical | None = None) -> dict | None:
    label = IMPORT_LABELS.get(proxy.schema.name)
    names = proxy.get("name")
    if label is None or not names:
        return None
    name = proxy.caption if proxy.caption in names else names[0]
    forms = set(names) | set(proxy.get("alias"))
    listed = canonical(label, [name, *sorted(forms - {name})]) if canonical else None
    name = listed or name
    return {"type": label, "name": name, "aliases": sorted(forms - {name})}


def _meta(proxy: EntityProxy, file_name: str) -> dict:
    datasets = proxy.context.get("datasets")
    publisher = next(iter(proxy.get("publisher")), None) or \
        (", ".join(datasets) if isinstance(datasets, list) and datasets else None) or file_name
    return {"publisher": publisher}


def _evidence(proxy: EntityProxy, parts: Iterable[str]) -> dict:
    text = " ".join(proxy.get("description") + proxy.get("summary")) or \
        f"{proxy.schema.label}: " + ", ".join(p for p in parts if p)
    item: dict = {"sentence": text, "extractor": f"ftm:{proxy.schema.name}", "confidence": 1.0}
    start, at = _date(proxy.first("startDate", quiet=True)), _date(proxy.first("date", quiet=True))
    end = _date(proxy.first("endDate", quiet=True))
    if start or at:
        item.update(date=start or at, date_kind="from" if start else "at")
        if end:
            item["date_to"] = end
    elif end:
        item.update(date=end, date_kind="to")
    return item


def _link_type(proxy: EntityProxy, source_label: str) -> str | None:
    """The newsgraph relation an FtM interval entity states, if it states one."""
    role = " ".join(proxy.get("role", quiet=True)).lower()
    name = proxy.schema.name
    if name == "Directorship":
        return "FOUNDED" if "found" in role else "LEADS"
    if name in ("Employment", "Membership"):
        return "FOUNDED" if "found" in role else "WORKS_FOR"
    if name == "Ownership":
        shares = [float(p) for p in re.findall(r"\d+(?:\.\d+)?", " ".join(proxy.get("percentage")))]
        minority = bool(shares) and max(shares) < 50
        if source_label == "Agency" or minority or any(w in role for w in ("invest", "stake", "fund", "back")):
            return "INVESTED_IN"
        return "OWNS"
    if name == "UnknownLink":
        if "found" in role:
            return "FOUNDED"
        if "block" in role:
            return "BLOCKED"
        if "suppl" in role or "client" in role or "customer" in role:
            return "SUPPLIES"
    return None


_LINKS = {"Directorship": ("director", "organization"), "Employment": ("employee", "employer"),
          "Membership": ("member", "organization"), "Ownership": ("owner", "asset"),
          "UnknownLink": ("subject", "object")}


def _some(record: dict | None) -> list[dict]:
    return [record] if record is not None else []


def _clash(ents: list[dict]) -> bool:
    """True if one entity's name is another one's form: a record names its entities
    by any form, so the link would find the wrong one."""
    seen: dict[str, tuple[str, str]] = {}
    for ent in ents:
        me = (ent["type"], normalize(ent["name"]))
        owner = seen.get(normalize(ent["name"]))
        if owner is not None and owner != me:
            return True
        for form in (ent["name"], *ent["aliases"]):
            seen.setdefault(normalize(form), me)
    return False


def _foreign_records(entities: dict[str, EntityProxy], foreign: list[str], skipped: Counter, file_name: str,
                     canonical: Canonical | None) -> Iterator[dict]:
    """One record per entity of another source (``foreign``: their ids, in file order)."""
    sch = schema()

    def entity(proxy: EntityProxy | None) -> dict | None:
        return _entity(proxy, canonical) if proxy is not None else None

    awards_of: dict[str, list[EntityProxy]] = {}
    for proxy in entities.values():
        if proxy.schema.name == "ContractAward":
            for contract_id in proxy.get("contract"):
                awards_of.setdefault(contract_id, []).append(proxy)

    def record(proxy: EntityProxy, ents: list[dict], **parts) -> dict | None:
        if _clash(ents):
            skipped[f"{proxy.schema.name} between entities of the same name"] += 1
            return None
        out = {"id": f"ftm:{proxy.id}", "entities": ents, "relations": [], "contracts": [],
               "meta": _meta(proxy, file_name)}
        out.update(parts)
        return out

    def contract_parts(award: EntityProxy) -> tuple[dict, list[dict]] | None:
        """The newsgraph contract of one award (buyer: the Contract's authority), with its parties."""
        contract = entities.get(award.first("contract") or "")
        buyer = entities.get(contract.first("authority") or "") if contract else None
        supplier = entities.get(award.first("supplier") or "")
        ents = [entity(buyer), entity(supplier)]
        if ents[0] is None or ents[1] is None or \
                not sch.check_relation("BUYER_OF", ents[0]["type"], "Contract") or \
                not sch.check_relation("SUPPLIER_OF", ents[1]["type"], "Contract"):
            return None
        amount = award.first("amount") or contract.first("amount")
        try:
            value = float(amount) if amount is not None else None
        except ValueError:
            value = None
        title = contract.first("title") or contract.first("name")
        return ({"buyer": ents[0]["name"], "supplier": ents[1]["name"], "status": _status(contract),
                 "value": value, "currency": award.first("currency") or contract.first("currency"),
                 "description": contract.first("description") or title, "blocked_by": [],
                 "evidence": [_evidence(award, [ents[1]["name"], title, ents[0]["name"]])]}, ents)

    for proxy in map(entities.get, foreign):
        name = proxy.schema.name
        if name in IMPORT_LABELS:
            ent = entity(proxy)
            if ent is None:
                skipped[f"{name} without a name"] += 1
                continue
            yield from _some(record(proxy, [ent]))
        elif name == "ContractAward":
            parts = contract_parts(proxy)
            if parts is None:
                skipped["ContractAward without a buyer (the Contract's authority) or supplier newsgraph takes"] += 1
                continue
            contract, ents = parts
            yield from _some(record(proxy, ents, contracts=[contract]))
        elif name in _LINKS:
            source_prop, target_prop = _LINKS[name]
            source = entities.get(proxy.first(source_prop) or "")
            target = entities.get(proxy.first(target_prop) or "")
            if source is None or target is None:
                skipped[f"{name} with an end not in the file"] += 1
                continue
            src = entity(source)
            if src is None:
                skipped[f"{name} from a {source.schema.name} (not a newsgraph entity)"] += 1
                continue
            type_ = _link_type(proxy, src["type"])
            if type_ == "BLOCKED" and target.schema.name == "Contract":
                found = [contract_parts(a) for a in awards_of.get(target.id, [])]
                found = [f for f in found if f is not None]
                if not found or not sch.check_relation("BLOCKED", src["type"], "Contract"):
                    skipped[f"{name} (blocked) of a contract newsgraph cannot place"] += 1
                    continue
                contracts = [dict(c, blocked_by=[src["name"]],
                                  blocked_evidence=[_evidence(proxy, [src["name"], "blocked", target.caption])])
                             for c, _ in found]
                ents = [src] + [e for _, pair in found for e in pair]
                yield from _some(record(proxy, ents, contracts=contracts))
                continue
            dst = entity(target)
            if type_ is None or dst is None or not sch.check_relation(type_, src["type"], dst["type"]):
                skipped[f"{name} ({src['type']} -> {target.schema.name}) with no newsgraph link type"] += 1
                continue
            ev = _evidence(proxy, [src["name"], " ".join(proxy.get("role")), dst["name"]])
            yield from _some(record(proxy, [src, dst], relations=[{"type": type_, "source": src["name"],
                                                                   "target": dst["name"], "evidence": [ev]}]))
        elif name != "Contract":  # a Contract comes in through its awards
            skipped[f"{name} (a schema newsgraph does not map)"] += 1

