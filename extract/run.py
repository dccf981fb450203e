"""Extraction jobs: files in, records out, streamed through nlp.pipe."""
from __future__ import annotations

import sys
from typing import Callable, Iterable, Iterator

from spacy.language import Language

from .reader import Document, ReadError, read_document
from .record import doc_to_record

# spaCy's default max_length (1M characters) guards memory; longer documents
# are cut at a paragraph boundary into parts processed one after another.
MAX_CHARS = 900_000


def _documents(paths: Iterable, on_error: Callable[[str], None]) -> Iterator[tuple[str, Document]]:
    for path in paths:
        try:
            doc = read_document(path)
        except ReadError as exc:
            on_error(str(exc))
            continue
        if len(doc.text) > MAX_CHARS:
            on_error(f"{path}: longer than {MAX_CHARS} characters; only the first part is read")
            cut = doc.text.rfind("\n", 0, MAX_CHARS)
            doc = Document(doc.id, doc.text[: cut if cut > 0 else MAX_CHARS], doc.path, doc.sha256)
        yield doc.text, doc


def extract_texts(nlp: Language, items: Iterable[tuple[str, str, dict]], *, batch_size: int = 32) -> Iterator[dict]:
    """Records for (id, text, meta) triples."""
    stream = ((text, (doc_id, meta)) for doc_id, text, meta in items)
    for doc, (doc_id, meta) in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        yield doc_to_record(doc, doc_id, meta)


def extract_files(nlp: Language, paths: Iterable, *, batch_size: int = 32, n_process: int = 1,
                  on_error: Callable[[str], None] = lambda msg: print(msg, file=sys.stderr)) -> Iterator[dict]:
    """Records for the files at ``paths``; a file that cannot be read is reported and skipped."""
    stream = ((text, doc) for text, doc in _documents(paths, on_error))
    for parsed, doc in nlp.pipe(stream, as_tuples=True,
                                batch_size=batch_size, n_process=n_process):
        yield doc_to_record(parsed, doc.id, {"model": nlp.meta.get("name", ""), **doc.meta})
