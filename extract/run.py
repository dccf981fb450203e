"""Extraction jobs: files in, records out, streamed through nlp.pipe.

A document longer than spaCy's length limit is split at paragraph (else
line, sentence, word) boundaries into parts that are parsed one after
another and merged back into one record, offsets counted in the whole text.
"""
from __future__ import annotations

import re
import sys
from typing import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from graph.records import entity_alias_ids
from graph.schema import schema

from .reader import Document, ReadError, read_document
from .record import best_confidence, doc_to_record

# spaCy's parser and tagger need about 1 GB of memory per 100,000 characters
# of a Doc (spaCy's own estimate, behind its 1M max_length): longer documents
# go in parts of this size, so memory does not grow with the document.
MAX_CHARS = 100_000

# Where a part may end, best first: a paragraph, a line, a sentence, a word.
# A name never spans a paragraph or a sentence end, so no entity is cut.
_BOUNDARIES = [re.compile(p) for p in (r"\n[ \t]*\n\s*", r"\n\s*", r"[.!?][\"'”’)\]]*\s+", r"\s+")]


def split_text(text: str, limit: int = MAX_CHARS) -> list[tuple[int, str]]:
    """(offset, part) pairs, each part at most ``limit`` characters, cut at the best boundary.

    >>> split_text("One. Two.\\n\\nThree.", limit=12)
    [(0, 'One. Two.\\n\\n'), (11, 'Three.')]
    """
    parts: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        parts.append((start, text[start:end]))
        start = end
    parts.append((start, text[start:]))
    return parts


def _cut(text: str, start: int, end: int) -> int:
    """The end of the last boundary in the second half of text[start:end] (else ``end``)."""
    floor = start + (end - start) // 2
    for boundary in _BOUNDARIES:
        last = None
        for last in boundary.finditer(text, floor, end):
            pass
        if last is not None and last.end() > start:
            return last.end()
    return end


def _shift(items: list[dict], offset: int) -> list[dict]:
    """Evidence or mentions with their character offsets moved by ``offset``."""
    out = []
    for item in items:
        item = dict(item)
        for name in ("start", "end"):
            if isinstance(item.get(name), int):
                item[name] += offset
        out.append(item)
    return out


def merge_parts(doc_id: str, text: str, meta: dict, parts: list[tuple[int, dict]]) -> dict:
    """One record of a document from the records of its parts (offset, record).

    An entity named in several parts is one entity when the names agree by
    the stores' rule (graph.records.entity_alias_ids); links and contracts
    merge as a store would merge them: evidence kept, the strongest status.
    """
    sch = schema()
    entities: list[dict] = []
    by_id: dict[str, dict] = {}
    relations: dict[tuple[str, str, str], dict] = {}
    contracts: dict[tuple[str, str], dict] = {}
    for offset, record in parts:
        names: dict[str, str] = {}
        for ent in record["entities"]:
            ids = entity_alias_ids(ent["type"], [ent["name"], *ent["aliases"]])
            same = next((by_id[i] for i in ids if i in by_id), None)
            if same is None:
                same = dict(ent, aliases=list(ent["aliases"]), mentions=[])
                entities.append(same)
            else:
                same["aliases"] = sorted(set(same["aliases"]) | {ent["name"], *ent["aliases"]} - {same["name"]})
            same["mentions"] += _shift(ent.get("mentions", []), offset)
            for i in ids:
                by_id.setdefault(i, same)
            names[ent["name"]] = same["name"]
        for rel in record["relations"]:
            key = (rel["type"], names.get(rel["source"], rel["source"]), names.get(rel["target"], rel["target"]))
            merged = relations.setdefault(key, dict(rel, source=key[1], target=key[2], evidence=[]))
            merged["evidence"] += _shift(rel["evidence"], offset)
            merged["confidence"] = best_confidence(merged["evidence"])
        for con in record["contracts"]:
            pair = (names.get(con["buyer"], con["buyer"]), names.get(con["supplier"], con["supplier"]))
            merged = contracts.get(pair)
            shifted = dict(con, buyer=pair[0], supplier=pair[1], evidence=_shift(con["evidence"], offset),
                           blocked_evidence=_shift(con.get("blocked_evidence", []), offset),
                           blocked_by=sorted({names.get(b, b) for b in con.get("blocked_by", [])}))
            if merged is None:
                contracts[pair] = shifted
                continue
            if sch.status_rank(shifted["status"]) > sch.status_rank(merged["status"]):
                merged["status"] = shifted["status"]
            for prop in ("value", "currency"):
                if merged.get(prop) is None:
                    merged[prop] = shifted.get(prop)
            merged["blocked_by"] = sorted(set(merged["blocked_by"]) | set(shifted["blocked_by"]))
            merged["evidence"] += shifted["evidence"]
            merged["blocked_evidence"] += shifted["blocked_evidence"]
    for ent in entities:
        ent["aliases"] = sorted(set(ent["aliases"]) - {ent["name"]})
    return {"id": doc_id, "text": text,
            "entities": sorted(entities, key=lambda e: (e["type"], e["name"])),
            "relations": sorted(relations.values(), key=lambda r: (r["type"], r["source"], r["target"])),
            "contracts": sorted(contracts.values(), key=lambda c: (c["buyer"], c["supplier"])),
            "meta": meta}


def _documents(paths: Iterable, on_error: Callable[[str], None]) -> Iterator[Document]:
    for path in paths:
        try:
            yield read_document(path)
        except ReadError as exc:
            on_error(str(exc))


def _unparsed(nlp: Language, text: str, meta: dict) -> Doc:
    """The text as a Doc that carries its publication date: the reader takes the date
    out of the text (header lines, HTML meta), and the rules date a deal against it."""
    doc = nlp.make_doc(text)
    if meta.get("published"):
        doc.user_data["published"] = meta["published"]
    return doc


def _extract_long(nlp: Language, doc: Document, meta: dict) -> dict:
    """One record of a long document, its parts parsed one at a time (memory grows with a part, not the whole)."""
    parts = [(offset, doc_to_record(nlp(_unparsed(nlp, part, meta)), doc.id, meta))
             for offset, part in split_text(doc.text, MAX_CHARS)]
    return merge_parts(doc.id, doc.text, meta, parts)


def extract_texts(nlp: Language, items: Iterable[tuple[str, str, dict]], *, batch_size: int = 32) -> Iterator[dict]:
    """Records for (id, text, meta) triples."""
    stream = ((_unparsed(nlp, text, meta), (doc_id, meta)) for doc_id, text, meta in items)
    for doc, (doc_id, meta) in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        yield doc_to_record(doc, doc_id, meta)


def extract_files(nlp: Language, paths: Iterable, *, batch_size: int = 32, n_process: int = 1,
                  on_error: Callable[[str], None] = lambda msg: print(msg, file=sys.stderr)) -> Iterator[dict]:
    """Records for the files at ``paths``, in order; a file that cannot be read is reported and skipped.

    Documents stream through ``nlp.pipe`` in batches; a long one stops the
    stream and goes alone, part by part, so a batch never holds more than
    ``batch_size`` documents of at most MAX_CHARS characters.
    """
    documents = _documents(paths, on_error)
    waiting: list[Document] = []

    def short_ones() -> Iterator[tuple[str, Document]]:
        for doc in documents:
            if len(doc.text) > MAX_CHARS:
                waiting.append(doc)
                return
            yield _unparsed(nlp, doc.text, meta(doc)), doc

    def meta(doc: Document) -> dict:
        return {"model": nlp.meta.get("name", ""), **doc.meta}

    while True:
        for parsed, doc in nlp.pipe(short_ones(), as_tuples=True, batch_size=batch_size, n_process=n_process):
            yield doc_to_record(parsed, doc.id, meta(doc))
        if not waiting:
            return
        doc = waiting.pop()
        yield _extract_long(nlp, doc, meta(doc))
