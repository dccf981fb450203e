"""Entities: type spaCy's ORG/PERSON spans as Person, Company or Agency, strip
titles, and group the mentions of one document into entities (short forms,
acronyms and surnames resolve to the full name)."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import numpy
import spacy
from rigour.territories import lookup_territory
from spacy.attrs import ORTH
from spacy.tokens import Doc, Span

from graph.names import generic_tail, normalize

from .lexicon import Lexicon, lexicon_file, rule_words
from .paths import list_head, subject_bearer

LABELS = ("Person", "Company", "Agency")
_SPACY_TO_LABEL = {"PERSON": "Person"}
_CONNECTORS = {"of", "the", "and", "for", "on", "&", "de", "du", "der", "des", "la", "le"}
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "its", "their", "his"}


@dataclass(frozen=True)
class NameWords:
    """The word lists of ``orgs.toml`` the Lexicon does not carry."""
    weak_agency: frozenset[str]
    admin_units: frozenset[str]
    portfolios: frozenset[str]
    portfolio_heads: frozenset[str]
    division: frozenset[str]
    kind_nouns: frozenset[str]
    product_or_firm: frozenset[str]
    product_nouns: frozenset[str]
    naming_verbs: frozenset[str]
    place_nouns: frozenset[str]
    not_person_first: frozenset[str]
    not_person_last: frozenset[str]
    person_nouns: frozenset[str]
    facility_nouns: frozenset[str]
    shared_nouns: frozenset[str]
    given_names: frozenset[tuple[str, str]]  # (short form, full name) pairs
    name_prefixes: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    of_heads: frozenset[str] = frozenset()
    former: frozenset[str] = frozenset()
    home_nouns: frozenset[str] = frozenset()
    legal_suffixes: frozenset[str] = frozenset()
    firm_tails: frozenset[str] = frozenset()
    public_heads: frozenset[str] = frozenset()
    general_offices: frozenset[str] = frozenset()
    place_services: frozenset[str] = frozenset()
    acquiring: frozenset[str] = frozenset()
    running: frozenset[str] = frozenset()
    parts: frozenset[str] = frozenset()
    officers: frozenset[str] = frozenset()


@cache
def _name_words(data_dir: Path) -> NameWords:
    orgs = lexicon_file(str(data_dir), "orgs.toml")

    def words(section: str, key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in orgs.get(section, {}).get(key, []))

    return NameWords(
        weak_agency=words("agency", "weak_name_words"), admin_units=words("agency", "admin_units"),
        portfolios=words("agency", "portfolios"),
        portfolio_heads=words("agency", "portfolio_heads"), division=words("company", "division_words"),
        kind_nouns=words("not_org", "kind_nouns"),
        product_or_firm=words("not_org", "product_or_firm_nouns"),
        product_nouns=words("not_org", "product_nouns"), naming_verbs=words("not_org", "naming_verbs"),
        place_nouns=words("not_org", "place_nouns"), not_person_first=words("not_person", "first_words"),
        not_person_last=words("not_person", "last_words"), person_nouns=words("not_person", "nouns"),
        facility_nouns=words("company", "facility_nouns"), shared_nouns=words("not_person", "shared_nouns"),
        name_prefixes=words("person", "name_prefixes"), honorifics=words("person", "honorifics"),
        of_heads=words("agency", "of_heads"), former=words("company", "former_name_adverbs"),
        home_nouns=words("company", "home_nouns"),
        legal_suffixes=words("company", "legal_suffixes"), firm_tails=words("company", "firm_tails"),
        public_heads=words("agency", "public_heads"), general_offices=words("agency", "general_offices"),
        place_services=words("agency", "place_services"),
        acquiring=words("typing", "acquiring_verbs"), running=words("typing", "running_verbs"),
        parts=words("typing", "part_nouns"), officers=words("typing", "officer_nouns"),
        given_names=frozenset((short.lower(), full.lower())
                              for full, shorts in orgs.get("person", {}).get("given_names", {}).items()
                              for short in shorts))


def name_words(lex: Lexicon) -> NameWords:
    return _name_words(Path(lex.data_dir))


@dataclass
class Mention:
    start: int  # token offsets in the doc
    end: int
    entity: int  # index into Doc._.ng_entities
    extractor: str

    def span(self, doc: Doc) -> Span:
        return doc[self.start:self.end]


@dataclass
class Entity:
    label: str
    name: str
    forms: set[str] = field(default_factory=set)  # surface forms seen
    from_gazetteer: bool = False

    @property
    def norms(self) -> set[str]:
        return {normalize(f) for f in self.forms | {self.name}}


def _strip_title(span: Span, lex: Lexicon) -> Span:
    """"Mayor Sadiq Khan" -> "Sadiq Khan"; keeps at least one token."""
    start = span.start
    doc = span.doc
    while start < span.end - 1 and (doc[start].lower_.rstrip(".") in lex.titles or doc[start].lower_ in _CONNECTORS
                                   or doc[start].is_punct):
        start += 1
    return doc[start:span.end]


def _trim(span: Span) -> Span:
    """Drop a leading "the" and a trailing possessive or punctuation; stop at a line break."""
    doc, start, end = span.doc, span.start, span.end
    breaks = [t.i for t in span if "\n" in t.text]
    if breaks:  # keep the longer side of the break
        cut = breaks[0]
        start, end = (start, cut) if cut - start >= end - cut - 1 else (cut + 1, end)
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")
                           or doc[end - 1].lower_ in ("and", "&", "of", "for")  # "Office for National Statistics and"
                           or (end - 1 > start and doc[end - 1].is_lower and doc[end - 1].pos_ in ("VERB", "AUX"))):
        end -= 1  # (and "Ministry of Health engaged": the verb after the name)
    return doc[start:end]


def org_label(span: Span, lex: Lexicon) -> str:
    """Company or Agency, from the words of the name and the nouns around it."""
    nw = name_words(lex)
    words = [t.lower_.strip(".") for t in span]
    text = " ".join(words)
    if words and (words[-1] in nw.legal_suffixes
                  or (words[-1] in lex.company_name_words and words[0] not in ("department", "ministry", "office"))):
        return "Company"  # "Blue Force Technologies": the last word says what it is
    if any(w in lex.agency_name_words and w not in nw.weak_agency for w in words) or any(
        " " in phrase and phrase in text for phrase in lex.agency_name_words
    ):
        return "Agency"
    if len(words) > 1 and words[-1] in nw.public_heads and not any(w in lex.company_name_words for w in words):
        return "Agency"  # "Insolvency Service", "Official Receiver" (not "Bytes Software Services")
    if any(w == "general" and k > 0 and words[k - 1] in nw.general_offices for k, w in enumerate(words)):
        return "Agency"  # "Auditor General of Quebec"
    if len(words) == 2 and words[1] in nw.place_services and (is_place_name(span[0].text) or _is_place(span[0])):
        return "Agency"  # "NSW Health", "Auckland Transport"
    if _unit_of_a_place(span, nw):
        return "Agency"  # "Capital Region of Denmark", "City of Paris"
    if any(w in lex.company_name_words for w in words):
        return "Company"
    # The nouns it is an apposition to, or compounds with ("the data firm Palantir").
    context = [span.root.head] + list(span.root.children)
    if span.root.dep_ == "appos" or span.root.head.dep_ == "appos":
        context += list(span.root.head.children) + [span.root.head.head]
    lemmas = {t.lemma_.lower() for t in context
              if (t.i < span.start or t.i >= span.end) and t.pos_ == "NOUN" and not t.ent_type_}
    if lemmas & lex.agency_context and not lemmas & lex.company_context:
        return "Agency"
    if any(w in nw.weak_agency for w in words) and not lemmas & lex.company_context and (
            words[0] in lex.qualifiers or words[0] in nw.weak_agency or "of" in words
            or span[0].ent_type_ in ("NORP", "GPE") or _is_place(span[0])
            or (len(span) > 2 and (is_place_name(span[-1].text) or is_place_name(span[0].text)))):
        return "Agency"  # "Swedish Security Service", "National Health Service", "Corrective Services NSW",
        # "Queensland Corrective Services", not "Reliance Defence"
    return "Company"


def _is_place(tok) -> bool:
    """A word the tagger calls a place or a people somewhere in the document."""
    return any(e.label_ in ("GPE", "NORP", "LOC") and e.text == tok.text for e in tok.doc.ents)


@lru_cache(maxsize=1 << 14)
def is_place_name(text: str) -> bool:
    """A country, territory or region by one of its names (not its codes: "BT", "Arm" and
    "EE" are firms), as rigour (followthemoney's library of names) knows them."""
    territory = lookup_territory(text)
    if territory is None:
        return False
    codes = {c.lower() for c in [territory.code, territory.alpha3, *territory.other_codes, *territory.codes] if c}
    return text.lower().replace("-", "") not in codes and text.lower() not in codes


def _organisation(span: Span, lex: Lexicon) -> bool:
    """Not a product, a programme, a university, a party or a place used as a modifier."""
    last = span[-1].lower_
    if last in lex.not_org_heads or last in lex.not_org_last_words or span.text.lower() in lex.not_org_names:
        return False
    if any(ch.isdigit() for ch in span.text) and any(
            t.lower_ in lex.currencies or t.lower_ in lex.multipliers or t.text[-2:].lower() == "bn" for t in span):
        return False  # "SEK 12.3bn": money the tagger took for a name
    if len(span) == 1 and span.text in set(lex.currencies.values()):
        return False  # "EUR 628m", "CHF 2 billion": the code alone, the sum cut off
    if len(span) == 1 and (span[0].lower_ in lex.qualifiers or span[0].lower_ in lex.titles):
        return False  # "US", "Swedish", "Defence" alone
    if is_place_name(span.text):
        return False  # "Egypt", "Abu Dhabi", "Canberra": a country or region the tagger took for a body
    if len(span) == 1 and span.end < len(span.doc) and span.doc[span.end].lower_ in lex.titles:
        return False  # "Digital Secretary Oliver Dowden": part of a title
    if len(span) == 1 and _mostly_a_place(span) and not _has_a_firms_officer(span, lex) and not _founded_by_someone(span):
        return False  # a place the tagger also calls a place (not "Circle's chief executive")
    if len(span) == 1 and _only_a_modifier(span, lex):
        return False  # "the Olympic venues", "a Crown corporation", "the GST technology"
    root = span.root
    # "The Costa Mesa company", "the Denver-based firm", "an Abu Dhabi gun maker": a place describing a firm.
    if root.dep_ in ("compound", "npadvmod") and root.head.lemma_.lower() in lex.company_context \
            and any(c.lower_ in ("the", "a", "an") for c in root.head.children) and not root.head.ent_type_:
        return False
    # "the Midland Metropolitan in Sandwell": a one-word name placing another name is a place.
    if len(span) == 1 and root.dep_ == "pobj" and root.head.lower_ in ("in", "at") and root.head.head.pos_ == "PROPN" \
            and root.head.head.ent_type_:
        return False
    # "according to the Financial Times": a source, not a party (a public body quoted is one:
    # "according to the Yokohama City Government").
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according" \
            and org_label(span, lex) != "Agency":
        return False
    nw = name_words(lex)
    words = [t.lower_ for t in span]
    # "Society for Civil Rights", "Public Service Alliance of Canada": the head comes before "of".
    cut = next((k for k, w in enumerate(words) if w in ("of", "for") and k > 0), None)
    if cut is not None and (words[cut - 1] in lex.not_org_last_words or words[cut - 1] in lex.not_org_heads):
        return False
    doc = span.doc
    if span.end < len(doc) and not span[-1].whitespace_ and doc[span.end].text in ("-", "–"):
        return False  # "Collins-class", "POL-INTEL", "SSN-AUKUS": a piece of a longer word
    if span.start > 0 and not doc[span.start - 1].whitespace_ and doc[span.start - 1].text in ("-", "–"):
        return False
    if len(span) > 1 and _MODEL.match(span[0].text):
        return False  # "A330 Multi Role Tanker Transport": a model, not a maker
    # "the Health and Social Care Secretary": part of a minister's title (not "Tesla Chief Executive …").
    if span.end < len(doc) and doc[span.end].lower_ in ("secretary", "minister") and doc[span.end].is_title \
            and not doc[span.end].is_sent_start and span[-1].text[-1:] != "." \
            and not any(w in lex.agency_name_words and w not in nw.weak_agency for w in words):
        return False
    if _names_a_thing(span, lex, nw):
        return False
    if _expands_to_a_thing(span, lex, nw):
        return False
    return True


def _has_a_firms_officer(span: Span, lex: Lexicon) -> bool:
    """"Circle's chief executive", "Net1's chairman": only an organisation has these
    (a city has a mayor, not a chief executive)."""
    root = span.root
    return root.dep_ == "poss" and root.head.lemma_.lower() in (
        rule_words(lex, "LEADS", "company_roles") | name_words(lex).officers)


def _founded_by_someone(span: Span) -> bool:
    """"Moniepoint was founded in 2015 by Tosin Eniolorunda and Felix Ike": what people
    found is an organisation, whatever the tagger called the word elsewhere."""
    root = span.root
    if root.dep_ != "nsubjpass" or root.head.lemma_.lower() not in _FOUNDING:
        return False
    founders = [g for c in root.head.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
                for g in (p, *p.conjuncts)]
    return any(g.ent_type_ in ("PERSON", "Person") for g in founders)


def _only_a_modifier(span: Span, lex: Lexicon) -> bool:
    """A one-word name that never stands as a noun phrase of its own in the
    story, only before a noun ("the Olympic venues", "a Crown corporation"), is
    a word describing the noun, not a party. A firm is named on its own somewhere
    ("Palantir said", "Palantir's software") even when it also modifies ("the
    Palantir deal")."""
    doc = span.doc
    uses = numpy.flatnonzero(doc.to_array(ORTH) == span[0].orth)
    # (before a deal noun the name is still a party: "the Acme contract")
    return all(doc[i].dep_ in ("compound", "amod", "nmod") and doc[i].head.i > i
               and doc[i].head.pos_ in ("NOUN", "PROPN") and doc[i].head.lemma_.lower() not in lex.contract_nouns
               for i in uses.tolist())


def _mostly_a_place(span: Span) -> bool:
    """The tagger calls the word a place at least as often as an organisation
    ("Bavaria"; not "Aerojet", an ORG three times and a GPE twice)."""
    labels = _ent_labels(span.doc).get(span.text, [])
    places = sum(label in ("GPE", "LOC", "FAC") for label in labels)
    return places > 0 and places >= len(labels) - places


@lru_cache(maxsize=4)
def _ent_labels(doc: Doc) -> dict[str, list[str]]:
    """The labels the tagger gave each name of the document, built once per document."""
    labels: dict[str, list[str]] = {}
    for ent in doc.ents:
        labels.setdefault(ent.text, []).append(ent.label_)
    return labels


_MODEL = re.compile(r"^[A-Z]{1,3}-?\d{2,}[A-Z]?$")


def _kind(tok, lex: Lexicon, nw: NameWords, *, owned_too: bool = False) -> bool:
    """A common noun that says what a product or programme is; with
    ``owned_too``, also a noun like "platform" or "software" that needs an owner
    or a naming verb to say so (which the caller has seen)."""
    lemma = tok.lemma_.lower()
    phrase = " ".join([c.lower_ for c in tok.children if c.dep_ == "compound" and c.i < tok.i] + [lemma])
    if " " in phrase and (phrase in lex.company_context or phrase in lex.agency_context):
        return False  # "the investment vehicle of …" is a fund
    if not (tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.is_lower)) or tok.ent_type_:
        return False
    if lemma in nw.kind_nouns or (owned_too and lemma in nw.product_or_firm):
        return True
    return lemma in lex.not_org_heads and lemma not in nw.product_or_firm and lemma not in lex.company_context \
        and lemma not in lex.agency_context


def _owned(tok) -> bool:
    """"Palantir's Gotham platform", "its software": a thing with an owner."""
    return any(c.dep_ == "poss" and c.pos_ in ("PROPN", "PRON", "NOUN") for c in tok.children)


def _names_a_thing(span: Span, lex: Lexicon, nw: NameWords, strict: bool = False) -> bool:
    """The name of a product, programme or place, by the words around it:
    "GlobalEye, an early-warning aircraft", "the WannaCry ransomware", "Oracle's
    PeopleSoft software", "a version called DAR", "its plant in Derby"."""
    root = span.root
    head = root.head
    outside = lambda t: t.i < span.start or t.i >= span.end  # noqa: E731
    # Apposition, either way round, or a list the name closes ("its programme, Commercial Cloud Enterprise").
    if root.dep_ == "appos" and outside(head) and _kind(head, lex, nw, owned_too=_owned(head)):
        return True
    if root.dep_ == "conj" and outside(head) and _kind(head, lex, nw) and span.start > 0 \
            and span.doc[span.start - 1].text == "," and head.i == span.start - 2:
        return True
    if any(c.dep_ == "appos" and outside(c) and _kind(c, lex, nw, owned_too=_owned(c)) for c in root.children):
        return True
    # "administers Medicaid and several other programmes": one of the kind it is listed with
    if any(c.dep_ == "conj" and outside(c) and _kind(c, lex, nw) and any(g.lower_ == "other" for g in c.children)
           for c in root.children):
        return True
    if strict:  # a person's name: only a noun for a thing says it is not one ("TS Cloud", "INS Vikrant")
        return (root.dep_ == "appos" and outside(head) and _kind(head, lex, nw)) or any(
            c.dep_ == "appos" and outside(c) and _kind(c, lex, nw) for c in root.children) or (
            root.dep_ == "pobj" and head.lower_ == "as" and head.head.lemma_.lower() in nw.naming_verbs
            and head.head.dep_ in ("acl", "relcl") and _kind(head.head.head, lex, nw))
    # ("Air Force One jets": the parser hangs a name ending in a number on the noun as a number)
    if root.dep_ in ("compound", "nummod") and outside(head) and (head.pos_ == "NOUN" or (head.pos_ == "PROPN" and head.is_lower)):
        lemma = head.lemma_.lower()
        if lemma in nw.product_nouns:
            return True
        owner = [c for c in head.children if c.dep_ == "poss" and outside(c) and c.pos_ in ("PROPN", "PRON")]
        if owner and _kind(head, lex, nw, owned_too=True):
            return True  # "Oracle's PeopleSoft software", "its Gotham platform"
    # Naming verbs: "a version called DAR", "the contract, known as Unity", "a gang known as ALPHV".
    verb = None
    if root.dep_ in ("oprd", "attr", "xcomp", "dobj") and head.lemma_.lower() in nw.naming_verbs:
        verb = head
    elif root.dep_ == "pobj" and head.lower_ == "as" and head.head.lemma_.lower() in nw.naming_verbs:
        verb = head.head
    if verb is not None:
        named = verb.head if verb.dep_ in ("acl", "relcl", "amod", "advcl") else next(
            (c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")), None)
        if named is not None and _kind(named, lex, nw, owned_too=True):
            return True
    # "runs under the name VeRA"
    k = span.start
    if k >= 2 and span.doc[k - 1].lower_ == "name" and span.doc[k - 2].lower_ == "the":
        return True
    # "its reactor plant in Derby", "a plant in Gavião Peixoto": a place.
    if root.dep_ == "pobj" and head.lower_ in ("in", "at", "near") and head.head.pos_ == "NOUN" \
            and head.head.lemma_.lower() in nw.place_nouns:
        return True
    return False


def _expands_to_a_thing(span: Span, lex: Lexicon, nw: NameWords) -> bool:
    """"IVAS" where the text spells out "Integrated Visual Augmentation System", or
    "JEDI" for "the Joint Enterprise Defense Infrastructure contract": an acronym
    of a product or a programme."""
    text = span.text
    if len(span) != 1 or not text.isupper() or not 2 <= len(text) <= 6:
        return False
    doc = span.doc
    i = 0
    while i < len(doc):
        if not doc[i].is_title or doc[i].ent_type_:
            i += 1
            continue
        j = i
        while j < len(doc) and (doc[j].is_title or (doc[j].lower_ in _CONNECTORS and j + 1 < len(doc)
                                                    and doc[j + 1].is_title)):
            j += 1
        if _initials(doc[i:j].text) == text:
            last, after = doc[j - 1], doc[j] if j < len(doc) else None
            return last.lower_ in lex.not_org_heads or last.lower_ in nw.kind_nouns or (
                after is not None and after.pos_ == "NOUN" and (
                    after.lemma_.lower() in lex.not_org_heads or after.lemma_.lower() in nw.kind_nouns))
        i = max(j, i + 1)
    return False


def _looks_like_name(span: Span) -> bool:
    """Every word capitalised but the small ones: "Ministry of Defence", "eMed",
    "Net1", "8VC", not "immigration enforcement"."""
    words = [t.text.lstrip("0123456789") for t in span if t.text.isalnum() and not t.is_digit
             and t.lower_ not in _CONNECTORS]
    if len(span) == 1 and _MODEL.match(span[0].text):
        return False  # "G36", "K2": a model
    return bool(words) and all(_capitalised(w) for w in words)


def _capitalised(word: str) -> bool:
    """"Palantir", "NHS", and the inner capital of "eMed", "iRobot" or "autoTicket"."""
    return word[:1].isupper() or (len(word) > 2 and word[:1].islower() and word.isalpha()
                                  and any(c.isupper() for c in word[1:]))


def _person_shaped(span: Span, nw: NameWords) -> bool:
    """Not a ship ("INS Vikrant") or a building ("Tinsley House") the tagger took for a person."""
    return len(span) == 1 or (span[0].lower_.strip(".") not in nw.not_person_first
                              and span[-1].lower_ not in nw.not_person_last)


def _epithet(span: Span, lex: Lexicon) -> str | None:
    """"the reseller Insight", "the US company eMed", "the regulator Ofcom": the
    common noun right before a name says what it is. Company, Agency or None."""
    doc = span.doc
    k = span.start - 1
    if k >= 2 and doc[k].lower_ == "based" and doc[k - 1].text == "-" and not doc[k - 1].whitespace_:
        return "Company"  # "Oslo-based Fjordlight": a place describes a firm
    if k < 1 or doc[k].pos_ != "NOUN" or not doc[k].is_lower or doc[k].ent_type_:
        return None
    lemma = noun_word(doc[k])  # "start-up", split by the tokenizer
    if lemma in lex.titles:
        return None  # "the investor Peter Thiel"
    j = k - 1
    while j >= 0 and j > k - 5 and (doc[j].pos_ in ("ADJ", "NOUN", "PROPN", "VERB") or doc[j].text == "-") \
            and doc[j].lower_ not in ("the", "a", "an"):
        j -= 1
    # the epithet opens a noun phrase: after "the", "its", a possessor, or, as headlines and
    # news write it, with no article at the start of a clause ("Basel medtech start-up
    # Cardiolux has raised", "a spokeswoman for Munich cloud provider Wolkenwerk")
    if not (j < 0 or doc[j].lower_ in ("the", "a", "an") or doc[j].tag_ == "PRP$" or doc[j].dep_ == "poss"
            or j < k - 1 and (doc[j].pos_ in ("ADP", "CCONJ", "SCONJ", "PUNCT", "SPACE") or doc[j + 1].is_sent_start)):
        return None
    if lemma in lex.company_context:
        return "Company"
    if lemma in lex.agency_context:
        return "Agency"
    return None


def _titled_name(span: Span, lex: Lexicon) -> bool:
    """A title and a given name and surname, tagged as one organisation ("Governor Mitch
    Daniels"): no word of the name is a title or a word of a firm's or a body's name."""
    return 3 <= len(span) <= 4 and span[0].is_title and span[0].lower_ in lex.titles and all(
        t.is_title and t.is_alpha and t.lower_ not in lex.titles and t.lower_ not in lex.company_name_words
        and t.lower_ not in lex.agency_name_words for t in span[1:])


def _firm_before_comma(span: Span, lex: Lexicon) -> bool:
    """"a small Texas start-up, Ridgeback Autonomy,": a name set off by commas right after
    a firm's noun that opens with an article names that firm (not "the company, Smith said")."""
    doc = span.doc
    k = span.start - 2
    if k < 1 or doc[span.start - 1].text != "," or span.end >= len(doc) or doc[span.end].text not in (",", ".", ";"):
        return False
    kind = noun_word(doc[k])  # ("start-up", split by the tokenizer, whatever the tagger made of "up")
    if not doc[k].is_lower or not (doc[k].pos_ == "NOUN" or "-" in kind) or kind not in lex.company_context:
        return False
    k -= 2 * kind.count("-")
    j = k - 1
    while j >= 0 and j > k - 5 and doc[j].pos_ in ("ADJ", "NOUN", "PROPN") and doc[j].lower_ not in ("the", "a", "an"):
        j -= 1
    return j >= 0 and doc[j].lower_ in ("a", "an")


def _named_by_epithet(span: Span) -> bool:
    """"the hedge fund firm Brevan Howard": the noun and the name make one phrase, the
    name its apposition or the noun its modifier; not the subject of a clause on the noun
    ("the company Peter Thiel founded")."""
    noun = span.doc[span.start - 1]
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and (after.pos_ in ("VERB", "AUX") or after.lower_ in _FOUNDING):
        return False  # "the holding company Warren Buffett has run since 1965", parsed as one phrase
    return (span.root.dep_ == "appos" and span.root.head.i == noun.i) or (noun.dep_ == "compound" and noun.head.i == span.root.i)


_FOUNDING = {"found", "co-found", "cofound"}
_ROMAN = re.compile(r"^[IVX]+$")


def noun_word(tok, as_written: bool = False) -> str:
    """A noun's lemma (or, ``as_written``, the word itself) with the words the tokenizer
    split off at its hyphens: "start-up" comes as "start", "-", "up"."""
    doc, i = tok.doc, tok.i
    while i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
        i -= 2
    last = tok.text if as_written else tok.lemma_
    return (doc[i:tok.i].text + last).lower() if i < tok.i else last.lower()


def _appositives(span: Span, *, before: bool = True) -> list:
    """The nouns a name stands in apposition to: "Aylien, a Dublin start-up", and
    with ``before`` "the consortium, Águas Azuis". Only a noun phrase with its own
    article or owner that starts right after the name's comma: the parser also
    hangs "the British company" of a later name on an earlier one."""
    root = span.root
    near = [c for c in [*span[-1].children, *_appos_after_comma(span)]
            if c.dep_ == "appos" and c.left_edge.i in (span.end, span.end + 1)]
    if before and root.dep_ == "appos" and root.head.i < span.start:
        near.append(root.head)
    return [t for t in near if t.pos_ == "NOUN" and not (span.start <= t.i < span.end)
            and any(c.dep_ in ("det", "poss") for c in t.children)]


def _described_as(span: Span, *, before: bool = True) -> set[str]:
    return {noun_word(t) for t in _appositives(span, before=before)}


def _owner_label(noun, labels_at: dict[int, str]) -> str | None:
    """"a unit of the arms group Polska Grupa Zbrojeniowa", "Safran's identity unit": a
    part is of its owner's kind."""
    owners = [c for c in noun.children if c.dep_ == "poss"]
    owners += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    owners += [a for o in list(owners) for a in o.children if a.dep_ == "appos"]  # "the group PGZ"
    return next((labels_at[o.i] for o in owners if o.i in labels_at and labels_at[o.i] != "Person"), None)


def _context_label(span: Span, lex: Lexicon, labels_at: dict[int, str], *, acquired: bool = True,
                   before: bool = True, listed_with: int = 1, lists: bool = True) -> str | None:
    """What the sentence says a name is, when the tagger's type is missing or
    doubtful: an organisation by the noun it stands beside ("Aylien, a Dublin
    start-up"), a firm by what was done to it ("bought Martin UAV", with
    ``acquired``), or the kind most of the names it is listed with are ("Greenoaks,
    Thrive Capital and Lightspeed Venture Partners"; ``listed_with`` of them at least)."""
    nw = name_words(lex)
    # "Phoenix, the pay platform": a system as often as its maker
    nouns = _described_as(span, before=before) - nw.product_or_firm
    if nouns & lex.company_context:
        return "Company"
    if nouns & lex.agency_context:
        return "Agency"
    root = span.root
    said = [c for c in root.head.children if c.dep_ == "attr"] if root.dep_ == "nsubj" and root.head.lemma_ == "be" else []
    for noun in [*_appositives(span, before=before), *said]:  # "Morpho is part of the group Safran"
        if noun.lemma_.lower() in nw.parts and (owner := _owner_label(noun, labels_at)):
            return owner
    if not lists:
        labels_at = {}
    if acquired and root.dep_ in ("dobj", "nsubjpass") and root.head.lemma_.lower() in nw.acquiring | _FOUNDING:
        return "Company"
    if acquired and root.dep_ == "nsubjpass" and root.head.lemma_.lower() in nw.running and any(
            c.dep_ == "agent" for c in root.head.children):
        return "Company"  # "Digital Vibes was run by Tahera Mather"
    listed = ([root.head] if root.dep_ == "conj" else []) + list(root.conjuncts)
    kinds = Counter(labels_at[t.i] for t in listed if t.i in labels_at and not span.start <= t.i < span.end)
    if kinds:
        label, n = kinds.most_common(1)[0]
        if 2 * n > sum(kinds.values()) and n >= listed_with:
            return label
    return None


def _brand_caps(span: Span) -> bool:
    """"Martin UAV", "BNY Mellon": a word of three capitals or more is an
    organisation's, not a person's (not "JD Vance", not "Henry VIII")."""
    return any(t.is_alpha and t.is_upper and len(t) >= 3 and not _ROMAN.match(t.text) for t in span)


def _office_holder(span: Span, lex: Lexicon) -> Span | None:
    """"Mayor of Greater Manchester Andy Burnham", "Governor of California Gavin
    Newsom": the tagger makes one name of the place and the person after "<title>
    of"; the last two words are the person. So with "Ontario Premier Doug Ford", where
    the title stands inside the name."""
    doc = span.doc
    titled = [t.i for t in span[1:-2] if t.lower_ in lex.titles and t.is_title]
    if titled and span.end - titled[-1] - 1 in (2, 3) and all(t.is_title and t.is_alpha for t in doc[titled[-1] + 1:span.end]):
        person = doc[titled[-1] + 1:span.end]  # "Ontario Premier Doug Ford": a place, a title, a person
    elif len(span) < 3 or span.start < 2 or doc[span.start - 1].lower_ != "of" \
            or doc[span.start - 2].lower_ not in lex.titles or not all(t.is_title for t in span[-2:]):
        return None
    else:
        person = doc[span.end - 2:span.end]
    if any(t.lower_ in lex.agency_name_words or t.lower_ in lex.company_name_words or t.ent_type_ == "GPE"
           for t in person):
        return None
    return person


_NAME_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "du", "le", "la", "bin", "al"}
_CHAIRING = {"chair", "head"}


def _name_cased(tok) -> bool:
    """"Peacock", and the surnames whose prefix takes a second capital: "McCabe",
    "MacKenzie", "DeJoy", "LeBlanc", "DiCaprio" (which ``is_title`` refuses)."""
    return tok.is_title or bool(_SURNAME_CASE.match(tok.text))


_SURNAME_CASE = re.compile(r"^(?:Mc|Mac|De|Di|Da|Du|Le|La|Van|Von|Fitz|O')[A-Z][a-z]+$")


def _person_in_apposition(span: Span, lex: Lexicon, nw: NameWords) -> bool:
    """"his successor, Nadine Dorries,", "Clare Barclay, chief executive of …": a
    two- or three-word name the tagger called an organisation, beside a word for a person."""
    words = [t for t in span if t.text not in ("-", "–")]  # "Klaus-Peter Schulenberg"
    particles = sum(0 < k < len(words) - 1 and t.lower_ in _NAME_PARTICLES for k, t in enumerate(words))
    if not 1 < len(words) - particles <= 3 or not all(_name_cased(t) or (0 < k < len(words) - 1 and t.lower_ in _NAME_PARTICLES)
                                          for k, t in enumerate(words)) or any(
            t.lower_ in lex.company_name_words or t.lower_ in lex.agency_name_words for t in span):
        return False  # ("Marieke de Vries")
    root = span.root
    listed = list_head(root, deps=("conj", "appos"))  # "founded by Daniel Dines … and Marius Tîrcă"
    verb = listed.head.head
    if listed.dep_ == "pobj" and listed.head.dep_ == "agent" and (
            verb.lemma_.lower() in _FOUNDING or (verb.lemma_.lower() in _CHAIRING and not (
                verb.dep_ == "acl" and verb.head.lemma_.lower() in lex.company_context))):
        # "the start-up founded by Vishal Marria", "the board, chaired by Popo Molefe" (not "a
        # consortium headed by Hyundai Rotem")
        return True
    if _relative_pronoun(span) == "who":
        return True  # "Stanislas Niox-Chateau, who remains its chief executive"
    # (of any word of the name: the parser may split it, "Isaías" hung apart from "Táboas")
    near = [c for t in span for c in t.children if c.dep_ == "appos" and not span.start <= c.i < span.end] + (
        [root.head] if root.dep_ == "appos" else [])
    if root.dep_ == "nsubj":
        # "Helena Helmersson stepped down as chief executive", "joined as finance chief"
        near += [g for c in root.head.children if c.dep_ == "prep" and c.lower_ == "as"
                 for g in c.children if g.dep_ == "pobj"]
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        # "Nishikawa is president and chief executive", "Eren Ozmen is the company's president"
        attrs = [c for c in root.head.children if c.dep_ == "attr"]
        near += attrs + [c for a in attrs for c in a.conjuncts]
    return any(t.pos_ == "NOUN" and (t.lemma_.lower() in lex.titles or t.lemma_.lower() in nw.person_nouns)
               and not t.ent_type_ for t in near)


def _appos_after_comma(span: Span) -> list:
    """"autoTicket, a joint venture of …": the noun phrase right after the name's
    comma, which the parser sometimes hangs on an earlier noun."""
    doc = span.doc
    if span.end + 2 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].pos_ == "DET":
        return [t for t in doc[span.end + 2:min(span.end + 6, len(doc))]
                if t.dep_ == "appos" and t.left_edge.i == span.end + 1]
    return []


def _party_to_a_deal(tok, lex: Lexicon) -> bool:
    """One word a contract is awarded or handed "to", or made "with", or an order placed
    "from": the other side of a deal, a firm (people are hired, not awarded contracts)."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in ("to", "with", "from"):
        return False
    head = tok.head.head
    if head.pos_ == "NOUN" and head.lemma_.lower() in lex.contract_nouns:
        return tok.head.lower_ in ("with", "from")
    if tok.head.lower_ == "from" and head.i < tok.i:
        from .contracts import goods_bought  # (contracts builds on this module)

        if goods_bought(head, lex):
            return True  # "bought 150 patrol cars from Zenith" (not "a stake from Smith")
    while head.pos_ in ("NOUN", "ADP", "NUM", "ADJ") and head.dep_ in ("pobj", "prep", "conj", "dobj", "amod") \
            and head.head.i != head.i:
        head = head.head  # "awarded a contract for 20 trains and 15 years of maintenance to Stadler"
    return head.pos_ == "VERB" and head.lemma_.lower() in lex.buyer_verbs and head.lemma_.lower() != "hire" and any(
        c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in lex.contract_nouns for c in head.children)


def _phrase_after_comma(span: Span) -> list:
    """The words whose phrase opens with the article right after the name's comma, from the
    article's head up ("Cubic, the US company that …": company)."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != "," or doc[span.end + 1].lower_ not in ("a", "an", "the"):
        return []
    chain, tok = [], doc[span.end + 1]
    while tok.head.i != tok.i and tok.head.left_edge.i == span.end + 1:
        tok = tok.head
        chain.append(tok)
    return chain


def _firm_noun(tok, lex: Lexicon, nw: NameWords) -> bool:
    """A common noun that makes a name beside it a firm ("company", "consortium"), not one
    that also means a product ("platform")."""
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.company_context and tok.lemma_.lower() not in nw.shared_nouns


def _firm_after_comma(span: Span, lex: Lexicon, nw: NameWords) -> bool:
    """"Cubic, the US company that has run …": a firm's noun phrase right after the
    name's comma, however the parser hung it (here as the verb's object)."""
    chain = _phrase_after_comma(span)
    return bool(chain) and chain[0].i <= span.end + 5 and _firm_noun(chain[0], lex, nw)


def _after_honorific(span: Span, nw: NameWords) -> bool:
    """"Baroness Michelle Mone", "Dame Antonia Romeo": a given name and a surname
    after an honorific, inside the name or just before it ("Mr Bruton": a surname alone
    will do inside the name)."""
    doc = span.doc
    least = 2
    if span[0].lower_.rstrip(".") in nw.honorifics:
        span, least = span[1:], 1  # "Mr Bruton's department": the surname alone, inside the name
    elif span.start == 0 or doc[span.start - 1].lower_.rstrip(".") not in nw.honorifics:
        return False
    return least <= len(span) <= 3 and all(t.is_title and t.is_alpha for t in span)


def _relative_pronoun(span: Span) -> str | None:
    """"Haenel, which is owned by …", "Niox-Chateau, who remains …": the pronoun
    that opens a relative clause on the name says whether it is a person."""
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].lower_ in ("who", "which") \
            and doc[span.end + 1].head.dep_ == "relcl":
        return doc[span.end + 1].lower_
    return None


def _name_at(doc: Doc, i: int, taken: set[int]) -> Span | None:
    """The capitalised name that starts at token ``i`` ("Area-I", "Shane Legg"), if any."""
    tok = doc[i]
    if i in taken or tok.pos_ not in ("PROPN", "NOUN") or not _capitalised(tok.text):
        return None
    if tok.is_sent_start and tok.pos_ != "PROPN":
        return None  # "Shares fell"
    if i > 0 and not tok.is_sent_start and _capitalised(doc[i - 1].text) and doc[i - 1].pos_ == "PROPN":
        return None  # the middle of a longer name: "Water" of "Thames Water"
    if _glued_start(doc, i) != i:
        return None  # "Laure" of "Marie-Laure"
    j = i + 1
    while j < len(doc) and j not in taken and (
            (doc[j].pos_ == "PROPN" and _capitalised(doc[j].text))
            or (doc[j].text == "-" and not doc[j - 1].whitespace_ and j + 1 < len(doc) and not doc[j].whitespace_
                and _capitalised(doc[j + 1].text))
            or (doc[j - 1].text == "-" and _capitalised(doc[j].text))
            # "Tools for Humanity": "for" and a capitalised word hung on the name so far
            or (doc[j].lower_ == "for" and i <= doc[j].head.i < j and j + 1 < len(doc) and j + 1 not in taken
                and doc[j + 1].pos_ == "PROPN" and _capitalised(doc[j + 1].text) and doc[j + 1].head.i == j)):
        j += 1
    return doc[i:j]


def _named_by_context(doc: Doc, lex: Lexicon, taken: set[int],
                      typed: dict[int, str] | None = None) -> list[tuple[Span, str]]:
    """Names the tagger missed that the sentence types: a firm after its epithet
    ("the reseller Insight"), in apposition to one ("Area-I, a maker of drones"),
    or founded ("He founded Autonomy"); a person listed with people ("Demis
    Hassabis, Shane Legg and Mustafa Suleyman")."""
    nw = name_words(lex)
    found = []
    people = {t.i for ent in doc.ents if ent.label_ in ("PERSON", "Person") for t in ent}
    orgs = {ent.root.i: ent.label_ for ent in doc.ents if ent.label_ in ("Company", "Agency")}
    orgs.update({i: label for i, label in (typed or {}).items() if label in ("Company", "Agency")})
    i = 0
    while i < len(doc):
        span = _name_at(doc, i, taken)
        if span is None or span.text.lower() in lex.not_org_names or span[-1].lower_ in lex.titles:
            i += 1
            continue
        root = span.root
        label = None
        if all(t.ent_type_ == "" for t in span):
            label = _epithet(span, lex)
            appos = [c.lemma_.lower() for c in [*span[-1].children, *_appos_after_comma(span)]
                     if c.dep_ == "appos" and c.pos_ == "NOUN"]
            # "Anita Anand, the President of the Treasury Board": a capitalised title counts too.
            roles = [c.lower_ for c in span[-1].children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN")]
            if label is None and 2 <= len(span) <= 4 and all(t.is_title for t in span) and any(
                    a in lex.titles or a in nw.person_nouns for a in appos + roles) and not any(
                    t.lower_ in lex.company_name_words or t.lower_ in lex.agency_name_words for t in span):
                label = "Person"  # "Dame Antonia Romeo, the department's permanent secretary,"
            elif label is None and (set(appos) | _described_as(span)) & lex.company_context:
                label = "Company"  # "Area-I, a maker of air-launched drones"
            elif label is None and (set(appos) | _described_as(span)) & lex.agency_context:
                label = "Agency"  # "Ofwat, the regulator"
            if label is None and _after_honorific(span, nw):
                label = "Person"  # "Baroness Michelle Mone": an honorific only a person bears
            if label is None and root.dep_ in ("dobj", "nsubjpass") and root.head.lemma_.lower() in _FOUNDING \
                    and len(span) <= 3:
                label = "Company"
            if label is None and _sold_by_a_firm(span, orgs, nw):
                label = "Company"  # "Broadspectrum was bought by Ferrovial"
            if label is None and root.dep_ == "poss" and root.head.lemma_.lower() in lex.contract_nouns \
                    and len(span) <= 3 and root.pos_ == "PROPN":
                label = org_label(span, lex)  # "IndiGo's wet lease": a party's own deal
            if label is None and 2 <= len(span) <= 3 and all(t.is_title and t.is_alpha for t in span) \
                    and root.dep_ == "conj" and (root.head.i in people or any(c.i in people for c in root.conjuncts)):
                label = "Person"
            if label is None and root.pos_ == "PROPN" and (root.dep_ == "conj" or root.conjuncts):
                # "the merger of Nexter and Krauss-Maffei Wegmann", "backers include Eurazeo,
                # General Atlantic and …": listed with firms, a firm
                label = _context_label(span, lex, orgs, acquired=False)
                label = label if label in ("Company", "Agency") else None
        if label == "Person":
            span = _strip_title(span, lex)
        if label:
            found.append((span, label))
        i = span.end
    return found


def _sold_by_a_firm(span: Span, labels_at: dict[int, str], nw: NameWords) -> bool:
    """"Siemens sold Innomotics to KKR", tagged a place: what a firm buys or sells, by a name
    no list of places knows, is a firm."""
    root = span.root
    return root.dep_ in ("dobj", "nsubjpass") and root.pos_ == "PROPN" and len(span) <= 3 \
        and root.head.lemma_.lower() in nw.acquiring | {"sell"} and not is_place_name(span.text) \
        and _dealt_by_a_firm(root.head, labels_at)


_COMPASS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
            "north-east", "north-west", "south-east", "south-west"}


def _home_of_the_next(span: Span, lex: Lexicon, nw: NameWords) -> bool:
    """"bought Aarhus recycler Grøn Cirkel", "the Oslo start-up Fjordline Data": one word
    before a firm's kind and the firm's name is where the firm is from, not a firm (not
    "Siemens subsidiary Innomotics": a part names its owner); so is a name "south of" something."""
    doc = span.doc
    k = span.end
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in _COMPASS:
        return True  # "a stretch of the E39 south of Bergen"
    if len(span) != 1 or k + 1 >= len(doc) or not doc[k].is_lower:
        return False
    kind = noun_word(doc[k])
    if k + 3 < len(doc) and doc[k].lower_ == "start" and doc[k + 1].text == "-" and doc[k + 2].lower_ == "up":
        kind, k = "start-up", k + 2  # the tokenizer split it, and the tagger may take "start" for a verb
    elif doc[k].pos_ != "NOUN":
        return False
    # (a firm's kind, or a doer's noun: "recycler", "operator"; not a person's: "founder", "spokesman")
    return (kind in lex.company_context or kind.endswith(("er", "or"))) and kind not in nw.parts \
        and kind not in nw.shared_nouns and kind not in lex.titles and kind not in nw.person_nouns \
        and doc[k + 1].is_title and doc[k + 1].pos_ == "PROPN"


def _a_home(span: Span, lex: Lexicon, nw: NameWords) -> bool:
    """One word that says where a firm is: "Heidelberg-based", "based in Hyderabad", "a
    company from Heidelberg", "the aeronautics company in Alverca", or the word before a
    firm's kind and name (_home_of_the_next)."""
    if _home_of_the_next(span, lex, nw):
        return True
    if len(span) != 1:
        return False
    tok, doc = span[0], span.doc
    if tok.i + 2 < len(doc) and not tok.whitespace_ and doc[tok.i + 1].text == "-" and doc[tok.i + 2].lower_ == "based":
        return True
    prep = tok.head
    return tok.dep_ == "pobj" and prep.lower_ in ("in", "from") and prep.head.i < tok.i and (
        prep.head.lower_ == "based" or (prep.head.pos_ == "NOUN" and noun_word(prep.head) in nw.home_nouns))


def _dealt_by_a_firm(verb, orgs: dict[int, str]) -> bool:
    """A buying or selling verb whose doer is a firm (or "it"): its subject, or in the passive
    its agent."""
    doers = [c for c in subject_bearer(verb).children if c.dep_ == "nsubj"] + [  # "has agreed to buy TransCore"
        g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if verb.lemma_.lower() == "sell":  # "was sold last year to KKR"
        doers += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
    return any(orgs.get(d.i) == "Company" or d.lower_ == "it" for d in doers)


def _initials(name: str) -> str:
    words = name.replace("-", " ").split()
    return "".join(w[0] for w in words if w[:1].isupper() and w.lower() not in _CONNECTORS)


def _long_forms(ent: Entity) -> list[str]:
    return [f for f in ent.forms if len(f.split()) > 1 or "-" in f]


def _initials_less_a_word(name: str) -> set[str]:
    """The initials of a name of four capitalised words or more, each less one word."""
    full = _initials(name)
    return {full[:k] + full[k + 1:] for k in range(len(full))} if len(full) >= 4 else set()


def _abbreviates(words: list[str], known: list[str]) -> bool:
    """"Met Police" for "Metropolitan Police": word by word, each a clipped form of the other."""
    if len(words) != len(known) or len(words) < 2 or words == known:
        return False
    return all(a.startswith(b) or b.startswith(a) for a, b in zip(words, known)) and all(
        len(min(a, b, key=len)) >= 3 for a, b in zip(words, known))


def same_given_name(a: str, b: str, variants: frozenset[tuple[str, str]] = frozenset()) -> bool:
    """"Alex" and "Alexander", "Chris" and "Christopher", "Bill" and "William",
    "A." and "Andrew": the given names of one person; "Andrew" and "Anne" are not."""
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    if a == b:
        return True
    short, full = sorted((a, b), key=len)
    if len(short) == 1:
        return full.startswith(short)  # an initial
    return (len(short) >= 3 and full.startswith(short)) or (a, b) in variants or (b, a) in variants


def _behind_initials(known: list[str], word: str) -> bool:
    return len(known) > 1 and known[-1] == word and all(len(w) == 1 for w in known[:-1])


class EntityResolver:
    """Builds a document's entities mention by mention, in reading order."""

    def __init__(self, qualifiers: frozenset[str] = frozenset(), company_words: frozenset[str] = frozenset(),
                 given_names: frozenset[tuple[str, str]] = frozenset()) -> None:
        self.qualifiers = qualifiers
        self.company_words = company_words
        self.given_names = given_names
        self.entities: list[Entity] = []
        self.by_norm: dict[str, int] = {}
        self.last_seen: dict[int, int] = {}  # entity -> order of its latest mention in reading order
        self.clock = 0

    def seen(self, index: int | None) -> None:
        """Note that ``index`` was just mentioned (for "Tseng" after two Tsengs)."""
        if index is not None:
            self.clock += 1
            self.last_seen[index] = self.clock

    def _new(self, label: str, name: str, gazetteer: bool) -> int:
        self.entities.append(Entity(label, name, {name}, gazetteer))
        index = len(self.entities) - 1
        self.by_norm.setdefault(normalize(name), index)
        return index

    def _remember(self, index: int, form: str) -> None:
        self.entities[index].forms.add(form)
        self.by_norm.setdefault(normalize(form), index)

    def add(self, label: str, text: str, canonical: str | None) -> int | None:
        norm = normalize(text)
        if not norm or norm in _PRONOUNS:
            return None
        if canonical:  # a gazetteer hit names the entity outright
            for i, ent in enumerate(self.entities):
                plain = normalize(ent.name).split()
                listed = normalize(canonical).split()
                same = not ent.from_gazetteer and (
                    normalize(ent.name) in (norm, normalize(canonical))
                    or (label == "Company" and listed[:len(plain)] == plain
                        and (len(plain) == 1 or all(w in self.company_words for w in listed[len(plain):]))))
                if ent.label == label and (ent.name == canonical or same):
                    if not ent.from_gazetteer:  # a plain mention seen first takes the listed name
                        ent.forms.add(ent.name)
                        ent.name, ent.from_gazetteer = canonical, True
                    self._remember(i, text)
                    return i
            index = self._new(label, canonical, True)
            self._remember(index, text)
            return index
        if norm in self.by_norm:
            index = self.by_norm[norm]
            self._remember(index, text)
            return index
        words = norm.split()
        if label == "Person":
            return self._person(text, words)
        for i, ent in enumerate(self.entities):
            if ent.label not in ("Company", "Agency"):
                continue
            if text.isupper() and 2 <= len(text) <= 6 and _initials(ent.name) == text:
                self._remember(i, text)
                return i
            known = normalize(ent.name).split()
            if label == "Company" and ent.label == "Company":
                shorter, longer = sorted((words, known), key=len)
                # "Palantir Technologies" is Palantir; "Accenture Federal Services" is another firm.
                if longer[:len(shorter)] == shorter and all(w in self.company_words for w in longer[len(shorter):]):
                    self._remember(i, text)
                    return i
                if len(shorter) == 1 and _behind_initials(longer, shorter[0]):
                    self._remember(i, text)  # "Haenel" and "C.G. Haenel", in either order
                    return i
            if label == ent.label and label == "Agency":
                shorter, longer = sorted((words, known), key=len)
                bare = all(len(normalize(f).split()) <= len(known) for f in ent.forms)
                if len(shorter) < len(longer) and longer[-len(shorter):] == shorter \
                        and all(w in self.qualifiers for w in longer[:-len(shorter)]) and (shorter is words or bare):
                    self._remember(i, text)  # "the Army" and "the US Army" (but not the Israeli one too)
                    if longer is words and not ent.from_gazetteer:
                        ent.name = text  # the headline's "Postal Service" is the United States Postal Service
                    return i
                if len(shorter) >= 2 and len(shorter) < len(longer) and longer[:len(shorter)] == shorter:
                    self._remember(i, text)  # "the Royal Free" and "Royal Free London NHS Foundation Trust"
                    return i
            if label == ent.label and _abbreviates(words, known):
                self._remember(i, text)
                return i
        if label == "Company" and len(words) >= 2:
            # "Palo Alto" after "Palo Alto Networks", "Micro Focus" after "Micro Focus International":
            # the first words of one firm named before (two firms so named: neither)
            firms = [i for i, ent in enumerate(self.entities) if ent.label == "Company"
                     and normalize(ent.name).split()[:len(words)] == words and len(normalize(ent.name).split()) > len(words)]
            if len(firms) == 1:
                self._remember(firms[0], text)
                return firms[0]
        if label == "Agency" and len(words) == 1:
            # "the Council" after "Birmingham City Council": the head word of one agency only.
            bodies = [i for i, ent in enumerate(self.entities)
                      if ent.label == "Agency" and normalize(ent.name).split()[-1] == words[0]]
            if len(bodies) == 1:
                self._remember(bodies[0], text)
                return bodies[0]
        if label == "Company" and len(words) == 1:
            # "Northrop" after "Northrop Grumman": a firm's first word, if it names only one firm.
            firms = [i for i, ent in enumerate(self.entities)
                     if ent.label == "Company" and normalize(ent.name).split()[0] == words[0]]
            # "Haenel" after "C.G. Haenel": the name less its initials.
            firms = firms or [i for i, ent in enumerate(self.entities) if ent.label == "Company"
                              and _behind_initials(normalize(ent.name).split(), words[0])]
            if len(firms) == 1:
                self._remember(firms[0], text)
                return firms[0]
        return self._new(label, text, False)

    def _person(self, text: str, words: list[str]) -> int | None:
        if len(words) == 1:
            # A lone surname (or given name): the person of that name; of two
            # ("Brandon Tseng", "Ryan Tseng"), the one named last.
            named = [i for i, ent in enumerate(self.entities) if ent.label == "Person"
                     and words[0] in (normalize(ent.name).split()[-1], normalize(ent.name).split()[0])]
            if not named:
                return None  # a lone surname we cannot place: more often a tagging slip than a person
            i = max(named, key=lambda k: (self.last_seen.get(k, 0), -k))
            self._remember(i, text)
            return i
        for i, ent in enumerate(self.entities):
            if ent.label != "Person":
                continue
            known = normalize(ent.name).split()
            if "-" in text and len(known) > len(words) and known[-len(words):] == words:
                self._remember(i, text)  # "Niox-Chateau" for "Stanislas Niox-Chateau"
                return i
            if len(known) > 1 and words[-1] == known[-1] and same_given_name(words[0], known[0], self.given_names) \
                    and all(same_given_name(w, k, self.given_names) for w, k in zip(words[1:-1], known[1:-1])):
                # "Alex Karp" and "Alexander Karp": same surname, one given name.
                if len(words) > len(known):
                    ent.name = text
                self._remember(i, text)
                return i
        return self._new("Person", text, False)


def _glued_start(doc: Doc, start: int) -> int:
    """"Marie-Laure": the tagger may begin a name after the hyphen of a double
    given name; a capitalised part glued on by a hyphen belongs to the name."""
    while start >= 2 and doc[start - 1].text in ("-", "–") and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and _capitalised(doc[start - 2].text) and doc[start - 2].is_alpha:
        start -= 2
    return start


def _glued_end(doc: Doc, end: int) -> int:
    """"Marie" tagged alone in "Marie-Laure Denis": the rest of the double given
    name, and the surname after it."""
    glued = end
    while glued + 1 < len(doc) and doc[glued].text in ("-", "–") and not doc[glued - 1].whitespace_ \
            and not doc[glued].whitespace_ and _capitalised(doc[glued + 1].text) and doc[glued + 1].is_alpha:
        glued += 2
    if glued == end:
        return end
    while glued < len(doc) and doc[glued - 1].whitespace_ and doc[glued].pos_ == "PROPN" and doc[glued].is_title \
            and not doc[glued].ent_type_:
        glued += 1
    return glued


_MINISTERS = {"minister", "ministers", "secretary"}


def _portfolio_of_a_minister(span: Span) -> bool:
    """"Gwede Mantashe, the Minister of Mineral Resources and Energy": the words after a
    minister's "of" are the portfolio of the title (the relation rules find its
    department), not a body of their own."""
    doc = span.doc
    return span.start >= 2 and doc[span.start - 1].lower_ in ("of", "for") and doc[span.start - 2].lower_ in _MINISTERS \
        and not any(t.lower_ in ("department", "ministry", "office", "state") for t in span)


def _place_after(doc: Doc, i: int) -> int | None:
    """The end of the place the tagger names from token ``i`` on, if one starts there."""
    if i >= len(doc) or doc[i].ent_type_ not in ("GPE", "LOC") or doc[i].ent_iob_ != "B":
        return None
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return end


def _place_and_its_of(ent: Span) -> Span:
    """"the Capital Region" tagged apart from its "of Denmark": the two as one span."""
    doc = ent.doc
    end = _place_after(doc, ent.end + 1) if ent.end < len(doc) and doc[ent.end].lower_ == "of" else None
    return doc[ent.start:end or ent.end]


def _unit_of_a_place(span: Span, nw: NameWords) -> bool:
    """"City of Paris", "Capital Region of Denmark", "State of California": a unit of
    government named after its place (not "Paris" or "Denmark" alone)."""
    words = [t.lower_ for t in span]
    return len(words) >= 3 and span[0].is_title and any(
        w == "of" and words[k - 1] in nw.admin_units and span[k - 1].is_title for k, w in enumerate(words) if k)


def _cut_late(span: Span, taken: set[int], upper: bool = True) -> Span:
    """"Supply Chain" tagged without the "DHL" the parser hangs on it: a capitalised word
    (or, with ``upper``, one in capitals) right before a name that is a compound of it
    opens the name."""
    doc, start = span.doc, span.start
    while start > span.sent.start and start - 1 not in taken and doc[start - 1].pos_ == "PROPN" \
            and (doc[start - 1].is_title or (upper and doc[start - 1].is_upper)) and doc[start - 1].dep_ == "compound" \
            and span.start <= doc[start - 1].head.i < span.end:
        start -= 1
    return span if start == span.start else Span(doc, start, span.end, label=span.label_)


def _cut_short(span: Span, lex: Lexicon, taken: set[int]) -> Span:
    """"Digital" tagged alone in "paid Digital Vibes": a name whose last word the
    parser hangs on the capitalised word after it goes on to that word, unless that
    word is a title ("Defence Secretary John Healey")."""
    doc, end = span.doc, span.end
    while end < span.sent.end and end not in taken and doc[end - 1].dep_ == "compound" and doc[end - 1].head.i == end \
            and doc[end].pos_ == "PROPN" and _capitalised(doc[end].text) and doc[end].lower_ not in lex.titles:
        end += 1
    return span if end == span.end else Span(doc, span.start, end, label=span.label_)


def _extend_name(span: Span, lex: Lexicon, taken: set[int]) -> Span:
    """Take in capitalised name words the tagger left out ("Mayor of London Sadiq
    Khan", "Marie-Laure Denis")."""
    doc = span.doc
    span = doc[span.start:_glued_end(doc, span.end)]
    start = _glued_start(span.doc, span.start)
    while start > 0:
        prev = span.doc[start - 1]
        if prev.pos_ != "PROPN" or not prev.is_title or prev.i in taken or prev.lower_ in lex.titles:
            break
        start -= 1
    return span.doc[start:span.end]


_HEAD_WORDS = {"police", "ministry", "department", "council", "army", "navy", "agency", "commission",
               "authority", "office", "constabulary", "directorate", "inspectorate", "bureau", "forces"}


_WIDER_HEADS = {"trust", "council", "authority", "police", "agency", "office", "ministry", "department",
                "commission", "board", "force", "constabulary", "service", "executive", "directorate",
                "bureau", "unit", "command", "forces", "inspectorate", "organisation", "organization",
                "administration"}


def wider_names(doc: Doc, lex: Lexicon) -> list[tuple[Span, str]]:
    """"Royal Wolverhampton NHS Trust": a public body whose name holds a listed
    short form ("NHS") is its own body, not the NHS; "Microsoft UK" and
    "Rolls-Royce Submarines" are firms of their own, not Microsoft or Rolls-Royce."""
    division = name_words(lex).division
    found = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        start, end = ent.start, ent.end
        if ent.label_ == "Company":
            # "Microsoft UK", "Lockheed Martin Australia": a national arm is its own firm.
            if end < ent.sent.end and doc[end].ent_type_ == "GPE" and (doc[end].is_title or doc[end].is_upper) \
                    and doc[end].i + 1 < len(doc) \
                    and not doc[end].nbor(1).is_title:
                found.append(doc[start:end + 1])
            # "Google Health", "Rolls-Royce Submarines": a division word after the firm's name
            # (not "Bombardier Global 6000", a model).
            elif end < ent.sent.end and doc[end].is_title and not doc[end].ent_type_ and doc[end].lower_ in division \
                    and doc[end].pos_ in ("PROPN", "NOUN") and (end + 1 >= len(doc) or not (
                        doc[end + 1].like_num or (doc[end + 1].is_title and doc[end + 1].pos_ == "PROPN"))):
                end += 1
                # "Embraer Defense & Security", "Airbus Defence and Space": two division words
                if end + 1 < ent.sent.end and doc[end].lower_ in ("&", "and") and doc[end + 1].is_title \
                        and doc[end + 1].lower_ in division:
                    end += 2
                found.append(doc[start:end])
            continue
        while start > ent.sent.start + 1 and (
                (doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title)
                or (doc[start - 1].lower_ in ("and", "of", "&") and doc[start - 2].pos_ == "PROPN" and doc[start - 2].is_title
                    and doc[start - 2].lower_ not in _WIDER_HEADS)):  # "… Trust and Taunton …" is two names
            start -= 1
        # "King's College Hospital" + "NHS Foundation Trust": a name the tagger read whole over
        # its possessive goes on being read whole
        before = next((e for e in doc.ents if e.start < start <= e.end and e.label_ == "ORG"
                       and any(t.tag_ == "POS" for t in e[1:-1])), None) if start < ent.start else None
        if before is not None:
            start = before.start
        while end < ent.sent.end and ((doc[end].pos_ in ("PROPN", "NOUN") and doc[end].is_title) or (
                doc[end].lower_ in ("and", "of", "&", "for") and end + 1 < ent.sent.end and doc[end + 1].is_title
                and doc[end + 1].pos_ == "PROPN" and doc[end - 1].lower_ not in _WIDER_HEADS and end > ent.end - 1)):
            end += 1  # "Danish Defence" + "Acquisition and Logistics Organisation"
        # "Treasury" (listed) + "Board": a head word after a listed name makes another body.
        if (start, end) != (ent.start, ent.end) and doc[end - 1].lower_ in _WIDER_HEADS and (
                end - start >= 3 or (start == ent.start and ent.label_ == "Agency" and end - ent.end == 1)):
            found.append(doc[start:end])
    return [(span, "Company" if doc[span.start].ent_type_ == "Company" else "Agency")
            for span in spacy.util.filter_spans(found)]


def official_names(doc: Doc, lex: Lexicon) -> list[tuple[Span, str]]:
    """"London Organising Committee of the Olympic and Paralympic Games", "Office
    of the Auditor General of Norway", "Federal Ministry for Digital and Transport":
    the tagger cuts a long official name at "of"/"for" or drops a leading
    "Federal". The name goes on over the whole of-phrase the parser hangs on its
    head noun while every word of it is capitalised or a small word."""
    heads = name_words(lex).of_heads
    found = []
    for ent in doc.ents:
        elided = ent.end < len(doc) and _ELIDED.match(doc[ent.end].text) is not None
        if ent.label_ not in ("ORG", "Agency") and not (ent.label_ == "FAC" and elided):
            continue
        span = _trim(ent) if ent.label_ != "Agency" else ent
        if not span:
            continue
        if elided and span.end == ent.end:  # "Conseil d'État", "Cour d'Appel"
            wide = doc[span.start:ent.end + 1]
            found.append((wide, org_label(wide, lex)))
            continue
        start, end, last = span.start, span.end, doc[ent.end - 1]
        prep = last if last.lower_ in ("of", "for") else next(
            (c for c in last.children if c.dep_ == "prep" and c.lower_ in ("of", "for") and c.i == ent.end), None)
        if prep is not None and (last.lower_ in heads or any(t.lower_ in heads for t in span)):
            tail = doc[prep.i:prep.right_edge.i + 1]
            if _name_tail(tail, lex):
                end = tail.end
        while start > 0 and doc[start - 1].lower_ in lex.qualifiers and doc[start - 1].is_title \
                and doc[start - 1].ent_type_ in ("", "ORG") and doc[start].lower_ in heads:
            start -= 1  # "The Federal" + "Ministry of Defence"
        end = _last_portfolio(doc, start, end, heads)
        listed = _listed_portfolios(doc, start)
        if listed < start and _is_place(doc[end - 1]):
            start = listed
            found.append((doc[start:end], "Agency"))
            continue
        if (start, end) != (ent.start, ent.end) and (start, end) != (span.start, span.end):
            wide = doc[start:end]
            found.append((wide, org_label(wide, lex)))
    return found


def _last_portfolio(doc: Doc, start: int, end: int, heads: frozenset[str]) -> int:
    """"Department of Forestry, Fisheries" + "and the Environment": a body named by a list of
    portfolios that the tagger cuts before the last one. Returns where the name ends."""
    words = [t.lower_ for t in doc[start:end]]
    if not any(w in heads for w in words) or not ({"of", "for"} & set(words)):
        return end

    def item(k: int) -> int:  # past the capitalised words of one portfolio ("Climate Action")
        while k < len(doc) and doc[k].is_title and doc[k].pos_ in ("PROPN", "NOUN") and doc[k].ent_type_ in ("", "ORG"):
            k += 1
        return k

    listed = "," in words
    k = end
    # "Department of Communications" + ", Climate Action and Environment": the tagger stopped at the first comma
    while k + 1 < len(doc) and doc[k].text == "," and item(k + 1) > k + 1:
        k, listed = item(k + 1), True
    if not listed or k + 1 >= len(doc) or doc[k].lower_ not in ("and", "&"):
        return end
    first = k + 1 + (doc[k + 1].lower_ == "the")
    return item(first) if item(first) > first else end


def _listed_portfolios(doc: Doc, start: int) -> int:
    """"Immigration, Refugees and" before "Citizenship Canada": a department
    named by a list of its portfolios and its country, which the tagger cuts
    after the last "and". The items are single capitalised words nothing else
    claims, and the list has a comma (so "Ernst and Young Canada" stays a firm).
    Returns where the name starts."""
    if start < 4 or doc[start - 1].lower_ not in ("and", "&"):
        return start
    k, commas = start - 2, 0
    while k >= 0 and doc[k].is_title and doc[k].is_alpha and not doc[k].ent_type_ and doc[k].pos_ in ("PROPN", "NOUN"):
        if k >= 1 and doc[k - 1].text == ",":
            k, commas = k - 2, commas + 1
            continue
        break
    if commas == 0 or k < 0 or not doc[k].is_title or (k > 0 and _capitalised(doc[k - 1].text) and not doc[k].is_sent_start):
        return start
    return k

_ELIDED = re.compile(r"^[dl]['’][A-ZÀ-Ý]")


def _name_tail(tail: Span, lex: Lexicon) -> bool:
    """"of the Olympic and Paralympic Games": capitalised words and small ones,
    ending on a capitalised word, no person or listed firm inside."""
    if len(tail) < 2 or len(tail) > 12 or not (tail[-1].is_title or tail[-1].is_upper):
        return False
    # "… of Defence and the Treasury", "… of Justice and Serco": a list of bodies, not one name.
    if any(t.lower_ in ("and", "&") and t.i + 1 < tail.end and (
            tail.doc[t.i + 1].pos_ == "DET" or tail.doc[t.i + 1].ent_type_ in ("Agency", "Company", "PERSON", "Person"))
           for t in tail):
        return False
    return all((t.is_title or t.is_upper or t.lower_ in _CONNECTORS or t.text in (",", "-", "'s"))
               and t.ent_type_ not in ("PERSON", "Person", "Company", "DATE") or (t.ent_type_ == "DATE" and t.is_title and not t.like_num)
               for t in tail)


_PORTFOLIO_HEADS = {"department", "ministry", "office", "committee", "commission", "secretary"}


def _another_party(tok, ent: Span) -> bool:
    """"the Ministry of Defence and Lockheed Martin": after the "and" comes a
    listed firm, body or person, or a word the parser joins to the ministry
    itself rather than to its portfolios."""
    if tok.ent_type_ in ("Company", "Agency", "Person", "PERSON"):
        return True
    while tok.dep_ == "compound" and tok.head.i > tok.i:
        tok = tok.head
    return tok.dep_ == "conj" and tok.head.i < ent.end and tok.head.i == ent.root.i


def portfolio_lists(doc: Doc) -> list[Span]:
    """"Department for Digital, Culture, Media and Sport": a department named by a
    list of portfolios, which the tagger cuts at the first comma."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "Agency"):
            continue
        words = [t.lower_ for t in ent]
        if not any(w in _PORTFOLIO_HEADS and k + 1 < len(words) and words[k + 1] in ("for", "of")
                   for k, w in enumerate(words)):
            continue
        end, seen_and = ent.end, False
        while end + 1 < len(doc) and doc[end].text in (",", "and", "&") and doc[end + 1].is_title and not seen_and \
                and not _another_party(doc[end + 1], ent):
            seen_and = doc[end].text != ","
            end += 1
            while end < len(doc) and doc[end].is_title and doc[end].pos_ in ("PROPN", "NOUN"):
                end += 1
        if seen_and and end > ent.end:
            found.append(doc[ent.start:end])
    return found


def shaped_organisations(doc: Doc, lex: Lexicon, taken: set[int]) -> list[tuple[Span, str]]:
    """Capitalised names the tagger missed whose words say what they are:
    "Metropolitan Police", "Ministry of Defence", "Acme Holdings Ltd"."""
    found = []
    i = 0
    while i < len(doc):
        if doc[i].i in taken or not (doc[i].is_title or doc[i].is_upper) or doc[i].pos_ not in ("PROPN", "NOUN"):
            i += 1
            continue
        j = i
        while j < len(doc) and doc[j].i not in taken and (
            (doc[j].pos_ in ("PROPN", "NOUN") and (doc[j].is_title or doc[j].is_upper))
            or (doc[j].lower_ in ("of", "for", "and", "&") and j + 1 < len(doc) and doc[j + 1].is_title)
            # "Commission on Elections", "Committee on Foreign Investment"
            or (doc[j].lower_ == "on" and j > i and doc[j - 1].lower_ in _ON_HEADS and j + 1 < len(doc)
                and doc[j + 1].is_title and doc[j + 1].i not in taken)
        ):
            j += 1
        if j > i + 1 and doc[j - 1].lower_ == "on":
            j -= 1
        span = doc[i:j]
        words = {t.lower_ for t in span}
        if j - i >= 2 and span[0].is_sent_start is not True and words & _HEAD_WORDS:
            found.append((span, "Agency"))
        elif j - i >= 2 and doc[j - 1].lower_ == "of" and doc[j - 2].lower_ in name_words(lex).admin_units \
                and (end := _place_after(doc, j)) is not None:
            # "the City of Paris", "Capital Region of Denmark": a unit of government of a place
            j = end
            found.append((doc[i:j], "Agency"))
        elif j - i >= 2 and span[-1].lower_.strip(".") in name_words(lex).legal_suffixes:
            found.append((span, "Company"))
        elif 2 <= j - i <= 4 and span[-1].lower_ in name_words(lex).firm_tails and span[-1].is_title \
                and span[0].is_sent_start is not True and not words & lex.titles \
                and not (doc[i - 1].pos_ == "PROPN" and doc[i - 1].is_title and doc[i - 1].ent_type_ != "CARDINAL"):
            # (not the tail of a name the tagger took in part: "Airport Holdings" of "Adani Airport Holdings")
            if i > 0 and doc[i - 1].is_title and doc[i - 1].is_alpha and doc[i - 1].ent_type_ == "CARDINAL" \
                    and not doc[i - 1].is_sent_start:
                span = doc[i - 1:j]  # "Eight Roads Ventures"
            found.append((span, "Company"))
        i = max(j, i + 1)
    return found


_ON_HEADS = {"commission", "committee", "council", "board", "panel"}
_NOT_NAMES = ("WORK_OF_ART", "PRODUCT", "NORP", "FAC", "LOC", "EVENT", "LAW")


def spelled_out(doc: Doc, lex: Lexicon, taken: set[int]) -> list[tuple[Span, str]]:
    """Capitalised names the tagger missed whose initials the story also writes as a
    name: "Cash Paymaster Services" beside "CPS" (then the initials are this body, not
    a listed one of the same initials)."""
    acronyms = {t.text for t in doc if t.is_upper and t.is_alpha and 2 <= len(t) <= 6}
    if not acronyms:
        return []
    found = []
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and j not in taken and (
                (doc[j].pos_ == "PROPN" and doc[j].is_title)
                or (j > i and doc[j].lower_ in _CONNECTORS and j + 1 < len(doc) and doc[j + 1].is_title)):
            j += 1
        span = doc[i:j]
        if j - i >= 2 and _initials(span.text) in acronyms and _organisation(span, lex) \
                and not (span.root.dep_ == "compound" and span.root.head.pos_ == "NOUN"):  # "the … Infrastructure contract"
            found.append((span, org_label(span, lex)))
        i = max(j, i + 1)
    return found


_DESCRIBED_HEADS = {"ministry", "government", "police", "army", "navy", "military", "council", "department",
                    "parliament", "cabinet", "administration", "treasury", "coastguard", "ministries",
                    "municipality"}


def described_agencies(doc: Doc, taken: set[int], lex: Lexicon) -> list[Span]:
    """Public bodies named by description: "the French defence ministry",
    "Germany's interior ministry", "the Dutch government", "Hesse's police",
    "the police in North Rhine-Westphalia", "the federal interior ministry"."""
    nw = name_words(lex)
    places = {e.text for e in doc.ents if e.label_ in ("GPE", "NORP")}
    found = []
    for tok in doc:
        if tok.lower_ not in _DESCRIBED_HEADS or tok.pos_ not in ("NOUN", "PROPN") or tok.i in taken \
                or tok.dep_ in ("compound", "amod"):  # "the US government arm" is not the government
            continue
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < tok.i]
        where = [c for c in mods if c.ent_type_ in ("NORP", "GPE")
                 or (c.dep_ == "poss" and c.pos_ == "PROPN" and c.text in places)]  # "Hesse's" tagged a person here
        determined = any(c.dep_ in ("det", "poss") for c in tok.children)
        if where:
            if tok.lower_ == "police" and not determined:
                continue  # "German police split over Palantir": police officers, not a force
            start = min(p.left_edge.i for p in where)
            end = tok.i + 1
        elif tok.lower_ == "police" and determined and any(
                c.dep_ == "prep" and c.lower_ == "in" and any(g.ent_type_ == "GPE" for g in c.children) for c in tok.children):
            prep = next(c for c in tok.children if c.dep_ == "prep" and c.lower_ == "in")
            start, end = tok.i, prep.right_edge.i + 1  # "the police in North Rhine-Westphalia"
        elif tok.lower_ in nw.portfolio_heads and tok.is_lower and determined and any(
                c.lower_ in nw.portfolios and c.dep_ in ("compound", "amod") for c in mods):
            start, end = min(c.left_edge.i for c in mods), tok.i + 1  # "the (state's) interior ministry"
        else:
            continue
        if any(i in taken for i in range(start, end) if i != tok.i and doc[i].text not in places):
            continue
        found.append(doc[start:end])
    return found


def resolve_entities(doc: Doc, lex: Lexicon) -> tuple[list[Entity], list[Mention]]:
    """Type, trim and group the entity spans of ``doc``."""
    nw = name_words(lex)
    # the tagger's spans mended before typing, each pass on what the one before left
    for mend in (_initialled_people, _person_of_an_organisation, _longer_than_the_gazetteer, _and_inside_a_name,
                 _bracket_inside_a_name, _comma_inside_a_name, _possessive_inside_a_name, _the_inside_a_name,
                 _of_at_the_end_of_a_name):
        mend(doc, lex)
    typed: list[tuple[Span, str, str | None, str]] = []
    named = wider_names(doc, lex) + official_names(doc, lex)
    labels = {(span.start, span.end): label for span, label in named}
    wider = [(span, labels.get((span.start, span.end), "Agency")) for span in spacy.util.filter_spans(
        [span for span, _ in named] + [_trim(span) for span in portfolio_lists(doc)])]
    inside = {t.i for span, _ in wider for t in span}
    typed += [(span, label, None, "shape") for span, label in wider]
    taken = {t.i for ent in doc.ents for t in ent} | inside
    for span, label in shaped_organisations(doc, lex, taken):
        typed.append((span, label, None, "shape"))
    # (over a name the tagger took for a work or a product: "Cash Paymaster Services")
    spelled = spelled_out(doc, lex, {t.i for ent in doc.ents if ent.label_ not in _NOT_NAMES for t in ent} | inside
                          | {t.i for span, *_ in typed for t in span})
    typed += [(span, label, None, "shape") for span, label in spelled]
    inside |= {t.i for span, _ in spelled for t in span}
    taken |= inside
    named = {t.i for ent in doc.ents if ent.label_ in ("ORG", "PERSON", *LABELS) for t in ent}
    for span in described_agencies(doc, named, lex):
        typed.append((span, "Agency", None, "description"))
    # A name the text shows to be a product, a programme or a place is one in
    # every sentence ("From WannaCry to Teams" after "the WannaCry ransomware").
    things = set()
    for ent in doc.ents:
        if ent.label_ == "ORG":
            span = _trim(ent)
            if span and (_names_a_thing(span, lex, nw) or _expands_to_a_thing(span, lex, nw)):
                things.add(normalize(span.text))
        elif ent.label_ == "PERSON" and _names_a_thing(ent, lex, nw, strict=True):
            things.add(normalize(ent.text))
    misread = _other_initials(doc, lex)
    doubtful: list[int] = []  # people the tagger found whom the sentence may show to be firms
    places: list[Span] = []  # names the tagger took for places or peoples
    for ent in doc.ents:
        if ent.start in inside or ent.end - 1 in inside:
            continue
        if ent.label_ in ("ORG", "PERSON") and things and normalize(ent.text) in things:
            continue
        if ent.label_ == "PERSON":
            ent = _cut_short(ent, lex, taken)  # "Sakura" tagged alone in "Sakura Internet was founded"
        if ent.label_ in LABELS and ent.text in misread:
            typed.append((ent, misread[ent.text], None, "context"))
        elif ent.label_ in LABELS:  # from the gazetteer
            typed.append((ent, ent.label_, ent.ent_id_ or None, "gazetteer"))
        elif ent.label_ == "PERSON" and ent[-1].lower_ in lex.company_name_words and len(ent) > 1:
            span = _trim(ent)  # "Scyne Advisory", "Horizons Ventures": a firm the tagger took for a person
            if span:
                typed.append((span, "Company", None, "ner+org_typer"))
        elif ent.label_ == "PERSON":
            span = _trim(_strip_title(_extend_name(ent, lex, taken), lex))
            if span and len(span) > 1 and span[-1].lower_ in lex.company_name_words:
                typed.append((span, "Company", None, "ner+org_typer"))  # "AI" tagged alone in "Argo AI"
                continue
            if span and len(span) == 1 and span[0].is_title and (
                    _firm_after_comma(span, lex, nw) or _party_to_a_deal(span[0], lex)):
                # "Cubic, the US company that …", "awarded a contract … to Stadler"
                typed.append((span, "Company", None, "context"))
                continue
            if not span or not any(t.is_alpha for t in span) or not _person_shaped(span, nw):
                continue
            epithet = _epithet(span, lex)
            if epithet and (len(span) == 1 or _named_by_epithet(span)):  # "the hospital operator Circle"
                typed.append((span, epithet, None, "context"))
            elif len(span) > 1 and _firm_before_comma(span, lex):
                typed.append((span, "Company", None, "context"))  # "a small Texas start-up, Ridgeback Autonomy,"
            elif any(c.dep_ == "appos" and c.pos_ == "NOUN" and (
                    c.lemma_.lower() in lex.company_context or c.lemma_.lower() in nw.facility_nouns)
                    and c.lemma_.lower() not in lex.titles and c.lemma_.lower() not in nw.shared_nouns
                    # (right after the name's comma: not "the payments company" of a later name
                    # that the parser hung on this one)
                    and c.left_edge.i in (span.end, span.end + 1)
                    for c in span.root.children):
                typed.append((span, "Company", None, "context"))  # "Newport Wafer Fab, the UK's largest chip plant"
            else:
                doubtful.append(len(typed))
                typed.append((span, "Person", None, "ner+title"))
        elif ent.label_ in ("GPE", "LOC") and _unit_of_a_place(unit := _trim(_place_and_its_of(ent)), nw):
            # "the City of Paris", "the Capital Region" + "of Denmark": tagged a place
            typed.append((unit, "Agency", None, "ner+org_typer"))
        elif ent.label_ in ("GPE", "LOC") and len(ent) == 2 and ent[0].lower_ == "region" and ent[1].is_title:
            typed.append((ent, "Agency", None, "ner+org_typer"))  # "Region Zealand", "Region Skåne"
        elif ent.label_ in ("GPE", "NORP", "PRODUCT", "WORK_OF_ART", "LOC") and len(ent) <= 3:
            span = _trim(ent)  # "the fintech group Zopa", tagged a place
            if span and _looks_like_name(span) and (_epithet(span, lex) == "Company" or any(
                    c.dep_ == "appos" and c.head.i == span.root.i and _firm_noun(c, lex, nw)
                    for c in _phrase_after_comma(span))):
                # (or "East West Connect, the consortium of …", tagged a place)
                typed.append((span, "Company", None, "ner+org_typer"))
            elif span and _looks_like_name(span) and ent.label_ != "LOC":
                places.append(_cut_late(span, taken, upper=False))  # "Waterfront Toronto", tagged "Toronto"
        elif ent.label_ == "ORG" and _portfolio_of_a_minister(_trim(ent)) and _office_holder(_trim(ent), lex) is None:
            continue  # "the Minister of Mineral Resources and Energy": a title, not a body
        elif ent.label_ == "ORG":
            if ent[-1].lower_ in _WIDER_HEADS:
                ent = _place_and_its_of(ent)  # "the Passenger Rail Agency" tagged apart from "of South Africa"
            for span in _two_names(_trim(_cut_late(_cut_short(ent, lex, taken), taken)), lex):
                holder = _office_holder(span, lex)
                if holder is not None:  # "Mayor of Greater Manchester Andy Burnham"
                    typed.append((holder, "Person", None, "ner+title"))
                elif len(span) > 1 and span[0].lower_.rstrip(".") in nw.honorifics and _after_honorific(span, nw):
                    typed.append((span[1:], "Person", None, "ner+title"))  # "Mr McCourt said", tagged a body
                elif _titled_name(span, lex):
                    typed.append((span[1:], "Person", None, "ner+title"))  # "then-Governor Mitch Daniels's push"
                elif span and _looks_like_name(span) and _organisation(span, lex) and not _a_home(span, lex, nw):
                    label = "Person" if _person_in_apposition(span, lex, nw) else org_label(span, lex)
                    typed.append((span, label, None, "ner+title" if label == "Person" else "ner+org_typer"))
    typed += _second_look(typed, doubtful, places, lex, nw)
    spans = {t.i for span, *_ in typed for t in span}
    roots = {span.root.i: label for span, label, *_ in typed}
    typed += [(span, label, None, "context") for span, label in _named_by_context(doc, lex, taken | spans, roots)]
    typed.sort(key=lambda item: item[0].start)
    typed, firms = _not_people(typed, nw)
    # A name tagged as a person anywhere, or right after a role word, is a person.
    people = {normalize(s.text) for s, label, _, _ in typed if label == "Person" and len(s) > 1}
    surnames = {normalize(doc[_glued_start(doc, s.end - 1):s.end].text)
                for s, label, _, _ in typed if label == "Person" and len(s) > 1}
    person_roots = {s.root.i for s, label, _, _ in typed if label == "Person"}
    person_labels = {i: "Person" for i in person_roots}
    families = {normalize(s[-1].text) for s, label, _, _ in typed if label == "Person" and len(s) > 1}
    # (Not a longer name the sentence itself typed: "Sakura Internet was founded in 1996" is
    # a firm wherever else the tagger took "Sakura" for a person; a lone surname listed
    # with firms is still the person's.)
    typed = [(s, "Person", c, x) if label != "Person" and c is None and x != "description"
             and (x != "context" or len(s) == 1)
             and s[-1].lower_ not in lex.company_name_words and s[-1].lower_ not in lex.agency_name_words
             and normalize(s.text) not in firms and (
                normalize(s.text) in people or (_glued_start(doc, s.end - 1) == s.start and normalize(s.text) in surnames)
                # "Amara Oduya launched the firm with her brother, Chidi Oduya": a family name
                or (1 < len(s) <= 3 and all(t.is_title and t.is_alpha for t in s) and normalize(s[-1].text) in families
                    and not any(c.dep_ == "appos" and c.lemma_.lower() in lex.company_context for c in s.root.children))
                or (1 < len(s) <= 3 and all(t.is_title for t in s)
                    and any(t.i in person_roots for t in [*s.root.conjuncts, s.root.head] if t.dep_ == "conj" or s.root.dep_ == "conj"))
                or _paired_with_a_person(s, person_labels)
                or (len(s) == 2 and all(t.is_title for t in s) and s.start > 0
                    and s.doc[s.start - 1].lower_ in lex.titles
                    # (a lower-case "executive" is a role: "chief executive Pieter Elbers")
                    and (s.doc[s.start - 1].lower_ not in lex.agency_name_words or s.doc[s.start - 1].is_lower)))
             else (s, label, c, x) for s, label, c, x in typed]
    # A form typed as an organisation anywhere is one everywhere: the tagger
    # sometimes takes a firm's name at the head of a sentence for a person.
    org_forms = {normalize(s.text): label for s, label, _, _ in typed if label != "Person"}
    typed = [(s, org_forms.get(normalize(s.text), "Person") if label == "Person" else label, c, x)
             for s, label, c, x in typed]
    # What a sentence says an organisation is ("Waterfront Toronto, the agency set up by …")
    # holds where its name alone said nothing (no word of a firm's or a public body's).
    said = {normalize(s.text): label for s, label, c, x in typed if x == "context" and label in ("Company", "Agency")}
    typed = [(s, said[normalize(s.text)], c, x) if label in ("Company", "Agency") and c is None and x == "ner+org_typer"
             and normalize(s.text) in said and not any(t.lower_ in lex.agency_name_words or t.lower_ in lex.company_name_words
                                                        or t.lower_ in nw.legal_suffixes for t in s)
             else (s, label, c, x) for s, label, c, x in typed]
    resolver = EntityResolver(lex.qualifiers, lex.company_name_words | nw.legal_suffixes, nw.given_names)
    # Full names first, so that a surname met before its full name still resolves;
    # listed organisations too, so that "the Army" in a headline finds the US Army named below.
    for span, label, canonical, _ in typed:
        if (label == "Person" and (canonical or len(normalize(span.text).split()) > 1)) or canonical:
            resolver.add(label, span.text, canonical)
    mentions = []
    for span, label, canonical, extractor in typed:
        index = resolver.add(label, span.text, canonical)
        resolver.seen(index)
        if index is not None:
            mentions.append(Mention(span.start, span.end, index, extractor))
    entities, mentions = _merge_described(doc, resolver.entities, mentions, lex)
    entities, mentions = _merge_known_as(doc, entities, mentions)
    entities, mentions = _merge_acronyms(doc, entities, mentions)
    entities, mentions = _merge_trading_names(doc, entities, mentions, lex)
    return entities, _mentions_again(doc, entities, mentions)


def _initial(tok) -> bool:
    return tok.is_upper and tok.is_alpha and len(tok) == 1 or (len(tok) == 2 and tok.text[0].isupper() and tok.text[1] == ".")


def _initialled_people(doc: Doc, lex: Lexicon) -> None:
    """"Defence Minister A K Antony", "Air Chief Marshal S P Tyagi", "his predecessor N
    Chandrasekaran": initials without stops before a surname, as Indian reporting writes
    names, are a person's name; the tagger cuts them into places, products and firms.
    Two initials or more, or one (not "A" or "I") after a title or a lower-case word;
    never after another capitalised word ("Plan B Capital") nor over a gazetteer name."""
    found = []
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and _initial(doc[j]) and doc[j].ent_type_ not in LABELS:
            j += 1
        if j == i:
            i += 1
            continue
        k = j
        while k < len(doc) and k - j < 3 and doc[k].is_title and doc[k].is_alpha and len(doc[k]) > 1 \
                and doc[k].pos_ == "PROPN" and doc[k].ent_type_ not in LABELS \
                and doc[k].lower_ not in lex.company_name_words and doc[k].lower_ not in lex.agency_name_words:
            k += 1
        before = doc[i - 1] if i > 0 else None
        opens = before is None or before.is_sent_start or not before.is_title or before.lower_ in lex.titles
        if k > j and opens and (j - i >= 2 or (doc[i].text not in ("A", "I") and (
                before is not None and (before.is_lower or before.lower_ in lex.titles)))):
            found.append(Span(doc, i, k, label="PERSON"))
            i = k
        else:
            i = max(j, i + 1)
    if not found:
        return
    taken = {t.i for span in found for t in span}
    kept = []
    for ent in doc.ents:
        inside = [t.i for t in ent if t.i in taken]
        if not inside:
            kept.append(ent)
        elif ent.start < inside[0] and doc[inside[0] - 1].lower_ not in lex.titles:  # not "Air Chief Marshal"
            kept.append(Span(doc, ent.start, inside[0], label=ent.label_, kb_id=ent.kb_id_))
    doc.ents = spacy.util.filter_spans(kept + found)


def _person_of_an_organisation(doc: Doc, lex: Lexicon) -> None:
    """"Russell Dreisenstock of Prosus", "Vivian Wu of the Chan Zuckerberg Initiative":
    the tagger takes a person and the body after "of" for one name; the name ends before
    "of", and the body is left to the rules that type names (not "Duke of Westminster":
    two name words at least, not a title)."""
    spans = list(doc.ents)
    changed = False
    for n, ent in enumerate(spans):
        if ent.label_ != "PERSON":
            continue
        k = next((t.i for t in ent if t.lower_ == "of"), None)
        if k is None or k - ent.start < 2 or k + 1 >= ent.end or not doc[k + 1].is_title \
                or any(t.lower_ in lex.titles for t in doc[ent.start:k]):
            continue
        spans[n] = Span(doc, ent.start, k, label="PERSON")
        changed = True
    if changed:
        doc.ents = spans


def _split_names(doc: Doc, split_at: Callable[[Span], int | None]) -> None:
    """Make two names of each span that ``split_at`` says holds two, apart at the token it
    gives (which belongs to neither)."""
    spans = []
    for ent in doc.ents:
        at = split_at(ent)
        if at is None:
            spans.append(ent)
        else:
            spans += [Span(doc, ent.start, at, label=ent.label_), Span(doc, at + 1, ent.end, label=ent.label_)]
    if len(spans) > len(doc.ents):
        doc.ents = spans


def _bracket_inside_a_name(doc: Doc, lex: Lexicon) -> None:
    """"the Commission on Elections (Comelec)": the tagger takes the short name in with
    the long one up to the bracket; two names, which `_merge_known_as` makes one."""
    def bracket(ent: Span) -> int | None:
        opened = [t.i for t in ent if t.text == "(" and t.i > ent.start]
        if opened and opened[-1] + 1 < ent.end and not any(t.text == ")" for t in doc[opened[-1]:ent.end]):
            return opened[-1]
        return None

    _split_names(doc, bracket)


def _comma_inside_a_name(doc: Doc, lex: Lexicon) -> None:
    """"handed to Stagecoach, Fife Council confirmed", "Tekne Capital, Ghisallo and …": the
    tagger runs two names together over a comma; a name holds none."""
    def comma(ent: Span) -> int | None:
        commas = [t.i for t in ent if t.text == "," and ent.start < t.i < ent.end - 1]
        # (not an official name that lists its remits: "Department of Communications, Climate
        # Action and Environment", "Innovation, Science and Economic Development Canada")
        listing = commas and any(t.lower_ in ("and", "&", "of") for t in ent)
        if ent.label_ in ("ORG", "PERSON") and len(commas) == 1 and not listing and doc[commas[0] - 1].is_title \
                and doc[commas[0] + 1].is_title:
            return commas[0]
        return None

    _split_names(doc, comma)


def _possessive_inside_a_name(doc: Doc, lex: Lexicon) -> None:
    """"the Ministry of Health's R$310 million": the tagger runs a name on past its
    possessive; the name ends there (not "McDonald's Corporation": a name goes on)."""
    spans, changed = [], False
    heads = name_words(lex).of_heads
    for ent in doc.ents:
        cut = next((t.i for t in ent if t.tag_ == "POS" and t.i > ent.start and t.i + 1 < ent.end
                    and not (doc[t.i + 1].is_title and doc[t.i + 1].is_alpha)), None)
        # "Victoria's Department of Education": the place whose body it is stays out of its name
        owner = next((t.i for t in ent if t.tag_ == "POS" and ent.start < t.i <= ent.start + 2 and t.i + 3 < ent.end
                      and doc[t.i + 1].lower_ in heads and doc[t.i + 2].lower_ == "of"), None)
        if cut is not None:
            spans.append(Span(doc, ent.start, cut, label=ent.label_))
            changed = True
        elif owner is not None:
            spans.append(Span(doc, owner + 1, ent.end, label=ent.label_))
            changed = True
        else:
            spans.append(ent)
    if changed:
        doc.ents = spans


def _join_cut_names(doc: Doc, cut: Callable[[Span, Span], bool], *, gap: int = 1,
                    labels: tuple[str, ...] = ("ORG",)) -> None:
    """Make one name (of the first's label) of two spans of ``labels``, ``gap`` words apart,
    that ``cut`` says the tagger cut apart."""
    spans = list(doc.ents)
    merged, skip = [], False
    for first, second in zip(spans, spans[1:] + [None]):
        if skip:
            skip = False
            continue
        if second is not None and first.label_ in labels and second.label_ in labels \
                and second.start == first.end + gap and cut(first, second):
            merged.append(Span(doc, first.start, second.end, label=first.label_))
            skip = True
        else:
            merged.append(first)
    if len(merged) < len(spans):
        doc.ents = merged


def _of_at_the_end_of_a_name(doc: Doc, lex: Lexicon) -> None:
    """"The City of" + "Ottawa": the tagger ends a name on its "of" and starts the place
    after it as a name of its own; one name."""
    _join_cut_names(doc, lambda first, second: first[-1].lower_ == "of" and len(first) > 1,
                    gap=0, labels=("GPE", "ORG", "LOC"))


def _the_inside_a_name(doc: Doc, lex: Lexicon) -> None:
    """"the Czech Office for the Protection of Competition": the tagger cuts an official
    name at "for the" or "of the"; one name."""
    heads = name_words(lex).of_heads
    _join_cut_names(doc, lambda first, second: first[-1].lower_ in heads and doc[first.end].lower_ in ("for", "of")
                    and second[0].lower_ == "the" and len(second) > 1 and second[1].is_title)


def _and_inside_a_name(doc: Doc, lex: Lexicon) -> None:
    """"HLSI Security Systems and Technologies": the tagger cuts a firm's name at its "and"
    when a firm's word stands on both sides of it and alone after it; one name."""
    words = lex.company_name_words
    _join_cut_names(doc, lambda first, second: len(second) == 1 and doc[first.end].lower_ == "and"
                    and first[-1].lower_ in words and second[0].lower_ in words)


def _longer_than_the_gazetteer(doc: Doc, lex: Lexicon) -> None:
    """A gazetteer name inside a longer name: "Gautam Adani" and "Sagar Adani" are
    people and "Adani Airport Holdings" a firm of its own, not the Adani Group. A given
    name before a firm's one-word name ending there makes a person; capitalised words
    after a firm's name that end in a firm's word ("Holdings", "Solutions") make a firm,
    even where the tagger called them a name ("Thyssenkrupp" + "Marine Systems"). Both
    go to the tagger's branches. (A public body's short form is no one's surname:
    "Somerset NHS" is part of a trust's name.)"""
    found = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        k = ent.end
        # the tagger may have called the firm's own words a name ("Thyssenkrupp" + "Marine Systems")
        while k < ent.sent.end and k - ent.end < 3 and doc[k].pos_ == "PROPN" and doc[k].is_title \
                and doc[k].ent_type_ in ("", "ORG"):
            k += 1
        if k > ent.end and doc[k - 1].ent_type_ and k < len(doc) and doc[k].ent_iob_ == "I":
            k = ent.end  # not half of a name the tagger read on
        before = doc[ent.start - 1] if ent.start > ent.sent.start else None
        if k > ent.end and doc[k - 1].lower_ in lex.company_name_words and ent.label_ == "Company":
            found.append(Span(doc, ent.start, k, label="ORG"))
        elif k > ent.end and ent.label_ == "Company" and _own_name_after_a_firm(doc[ent.start:k], lex):
            found.append(Span(doc, ent.start, k, label="Company"))  # a firm's arm: typed, of no gazetteer entry
        elif len(ent) == 1 and ent.label_ == "Company" and k == ent.end and before is not None and before.pos_ == "PROPN" \
                and before.is_title and before.is_alpha \
                and not before.ent_type_ and before.lower_ not in lex.titles \
                and before.lower_ not in lex.company_name_words and before.lower_ not in lex.agency_name_words \
                and (before.i == before.sent.start or not (doc[before.i - 1].pos_ == "PROPN" and doc[before.i - 1].is_title)):
            found.append(Span(doc, before.i, ent.end, label="PERSON"))
        elif len(ent) == 1 and ent.label_ == "Agency" and ent[0].is_upper and k == ent.end + 1 \
                and doc[ent.end].lower_ not in lex.titles and doc[ent.end].lower_ not in lex.company_name_words \
                and (k == len(doc) or not (doc[k].is_title and doc[k].pos_ in ("PROPN", "NOUN"))):
            found.append(Span(doc, ent.start, k, label="Agency"))  # "NHS Lothian", "NHS Grampian": a board of its own
    if found:
        taken = {t.i for span in found for t in span}
        doc.ents = spacy.util.filter_spans([e for e in doc.ents if not any(t.i in taken for t in e)] + found)


def _own_name_after_a_firm(span: Span, lex: Lexicon) -> bool:
    """"BT Cornwall", "L&T Energy Hydrocarbon", "Bain Capital Crypto": a firm's name and
    capitalised words the tagger left untyped, ending the phrase, name an arm of its own.
    Not words that go on ("Deloitte Haskins & Sells", "Boeing P-8A Poseidon aircraft") nor
    a product the sentence describes ("Oracle Fusion, a cloud package")."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > span.sent.start else None
    if before is not None and before.pos_ == "PROPN" and before.is_title and not before.ent_type_:
        return False  # "Zhejiang Geely Holding": the name began before the gazetteer's
    if after is not None and (after.pos_ in ("PROPN", "NOUN", "NUM") or after.text in ("&", "-", "(")):
        return False
    if any(not (t.is_title or t.is_upper) or not t.is_alpha for t in span[len(span) - 1:]):
        return False
    nw = name_words(lex)
    last = span[-1].lower_
    if (last in lex.agency_name_words and last not in nw.weak_agency) or last in nw.kind_nouns:
        return False  # "Microsoft Office", "Boeing Satellite": a product or a body's word
    if span.root.dep_ in ("compound", "nmod") and span.root.head.i >= span.end:
        return False
    described = _described_as(span, before=False)
    return not described or bool(described & lex.company_context)


def clipped_name(word: str, name: str) -> bool:
    """"Comelec" for "Commission on Elections", "Ofsted" for "Office for Standards in
    Education": the word is the heads of the name's words in turn (two letters or more
    of each, from the first word on, two words or more), its small words left out.

    >>> clipped_name("Comelec", "Commission on Elections"), clipped_name("Comcast", "Commission on Elections")
    (True, False)
    """
    words = [w.lower() for w in name.split() if w[:1].isupper() and w.isalpha()]
    word = word.lower()

    def split(rest: str, k: int) -> bool:
        if not rest:
            return k >= 2
        if k == len(words):
            return False
        return any(words[k].startswith(rest[:n]) and split(rest[n:], k + 1)
                   for n in range(min(len(rest), len(words[k])), 1, -1))
    return len(words) >= 2 and split(word, 0)


def _other_initials(doc: Doc, lex: Lexicon) -> dict[str, str]:
    """Listed initials the story shows to be another kind of body: "the Spanish train maker
    CAF", "Alstom, Hyundai Rotem and CAF" is no Canadian Armed Forces. The initials, and
    what the story says they are."""
    found = {}
    listed = {t.i: ent.label_ for ent in doc.ents if ent.label_ in ("Company", "Agency") for t in ent}
    for ent in doc.ents:
        if ent.label_ in ("Company", "Agency") and len(ent) == 1 and ent.text.isupper():
            # (or listed with the other kind only: "Alstom, Hyundai Rotem and CAF")
            kinds = {listed.get(c.i) for c in ent.root.conjuncts} - {None}
            said = _epithet(ent, lex) or (kinds.pop() if len(kinds) == 1 else None) or next(
                ("Company" if c.lemma_.lower() in lex.company_context else "Agency" for c in ent.root.children
                 if c.dep_ == "appos" and c.pos_ == "NOUN"
                 and (c.lemma_.lower() in lex.company_context or c.lemma_.lower() in lex.agency_context)), None)
            if said and said != ent.label_:
                found[ent.text] = said
    return found


def _mentions_again(doc: Doc, entities: list[Entity], mentions: list[Mention]) -> list[Mention]:
    """Every other place the story writes a name it has already given, which the
    tagger passed over ("ideaForge says …" after "ideaForge Technology"): its full
    forms, a firm's name less its generic tail, a person's surname when no one else
    in the story bears it. Not inside a longer name ("Heron" of "Heron Park")."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    by_words: dict[tuple[str, ...], set[int]] = {}
    surnames: dict[str, set[int]] = {}
    for m in mentions:
        words = tuple(t.text for t in doc[m.start:m.end])
        label = entities[m.entity].label
        by_words.setdefault(words, set()).add(m.entity)
        if label == "Company":
            keep = len(words)
            while keep > 1 and (generic_tail(words[keep - 1]) or not words[keep - 1][:1].isalnum()):
                keep -= 1
            by_words.setdefault(words[:keep], set()).add(m.entity)
        elif label == "Person" and len(words) > 1:
            surnames.setdefault(words[-1], set()).add(m.entity)
    for surname, people in surnames.items():
        if len(people) == 1:
            by_words.setdefault((surname,), set()).update(people)
    # "the South African National Roads Agency (SANRAL)": the short name given in brackets,
    # which the tagger passed over, is the body's own
    for m in list(mentions):
        k = m.end
        if entities[m.entity].label != "Person" and k + 2 < len(doc) and doc[k].text == "(" \
                and doc[k + 2].text == ")" and k + 1 not in covered and doc[k + 1].is_upper \
                and doc[k + 1].text.isalnum() and len(doc[k + 1]) >= 2:
            entities[m.entity].forms.add(doc[k + 1].text)
            by_words.setdefault((doc[k + 1].text,), set()).add(m.entity)
    # (the bodies' forms by their first two letters: a clipped name starts with them)
    starts: dict[str, list[tuple[int, str]]] = {}
    for e in {m.entity for m in mentions if entities[m.entity].label != "Person"}:
        for f in entities[e].forms:
            if " " in f:
                starts.setdefault(f[:2].lower(), []).append((e, f))
    for tok in doc:
        if tok.i not in covered and tok.is_alpha and len(tok) >= 4 and tok.is_title and (tok.text,) not in by_words:
            clipped = {e for e, f in starts.get(tok.lower_[:2], ()) if clipped_name(tok.text, f)}
            if len(clipped) == 1:
                by_words[(tok.text,)] = clipped
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for words, owners in by_words.items():
        if len(owners) == 1 and _capitalised(words[0]) and len("".join(words)) >= 3:
            firsts.setdefault(words[0], []).append(words)
    found = []
    for tok in doc:
        if tok.i in covered or tok.text not in firsts:
            continue
        for words in sorted(firsts[tok.text], key=len, reverse=True):
            end = tok.i + len(words)
            if end > len(doc) or tuple(t.text for t in doc[tok.i:end]) != words \
                    or any(i in covered for i in range(tok.i, end)):
                continue
            before = doc[tok.i - 1] if tok.i > 0 else None
            after = doc[end] if end < len(doc) else None
            if (before is not None and not tok.is_sent_start and before.pos_ == "PROPN" and _capitalised(before.text)) \
                    or (after is not None and after.pos_ == "PROPN" and _capitalised(after.text)):
                continue  # part of a longer name
            found.append(Mention(tok.i, end, next(iter(by_words[words])), "again"))
            covered.update(range(tok.i, end))
            break
    return sorted(mentions + found, key=lambda m: m.start) if found else mentions


def _second_look(typed: list, doubtful: list[int], places: list[Span], lex: Lexicon, nw: NameWords) -> list:
    """Names whose tagger type the sentence contradicts, once every other name is
    typed: a "person" bought, described as a start-up, spelt with an acronym or,
    as one word, listed among firms, is an organisation (retyped in ``typed``);
    a "place" described or listed as a firm, an agency or a person is one (returned)."""
    labels_at = {s.root.i: label for s, label, *_ in typed}
    for k in doubtful:
        span, _, canonical, _ = typed[k]
        if _after_honorific(span, nw):
            continue
        # Listed beside a firm, "Peter Thiel" is still a person; a lone "Servier" is not.
        label = _context_label(span, lex, labels_at, before=False, lists=len(span) == 1)
        if label is None and _brand_caps(span):
            label = org_label(span, lex)
        if label in ("Company", "Agency"):
            typed[k] = (span, label, canonical, "context")
            labels_at[span.root.i] = label
    found = []
    if not places:
        return found
    # A place listed with places votes against: "Kent, Surrey and Sussex".
    votes = {t.i: "place" for t in places[0].doc if t.ent_type_ in ("GPE", "LOC")} | labels_at
    for span in places:
        if _a_home(span, lex, nw):
            continue  # "the Oslo start-up Fjordline Data", listed with firms
        label = "Company" if _founded_by_someone(span) or _sold_by_a_firm(span, votes, nw) else _context_label(
            span, lex, votes, acquired=False, listed_with=2)
        if label is None and _paired_with_a_person(span, votes):
            label = "Person"  # "founded by Tosin Eniolorunda and Felix Ike": tagged a place beside a person
        if label in ("Company", "Agency") or (label == "Person" and 2 <= len(span) <= 3
                                              and all(t.is_title and t.is_alpha for t in span)):
            found.append((span, label, None, "context"))
    return found


def _paired_with_a_person(span: Span, labels_at: dict[int, str]) -> bool:
    """A two- or three-word capitalised name joined by "and" to a person's name ("Tosin
    Eniolorunda and Felix Ike", "Raj Ganguly and Eduardo Saverin" as the parser may hang
    the first on the second)."""
    if not 2 <= len(span) <= 3 or not all(t.is_title and t.is_alpha for t in span):
        return False
    root = span.root
    if root.dep_ == "conj" and labels_at.get(root.head.i) == "Person":
        return True
    if any(labels_at.get(c.i) == "Person" for c in root.children if c.dep_ == "conj"):
        return True
    return root.dep_ in ("nmod", "compound") and labels_at.get(root.head.i) == "Person" \
        and any(c.dep_ == "cc" for c in root.children)


def _two_names(span: Span, lex: Lexicon) -> list[Span]:
    """"DHL Supply Chain and Linfox" tagged as one name: two, when the story also writes
    either side on its own ("Linfox was founded …") or each side is a firm's name of two
    words or more ("Boyu Capital and Hopu Investment Management"); "Marks and Spencer"
    stays one, and so does a portfolio ("Department of Mineral Resources and Energy")."""
    doc = span.doc
    for k in range(span.start + 1, span.end - 1):
        if doc[k].lower_ != "and" and doc[k].text != ",":  # "taking over WeTransfer, Bending Spoons said"
            continue
        if any(t.lower_ == "of" for t in doc[span.start:k]):
            break
        left, right = doc[span.start:k], doc[k + 1:span.end]
        if doc[k].lower_ == "and" and len(left) > 1 and len(right) > 1 and all(
                part[-1].lower_ in lex.company_name_words and part[0].is_title for part in (left, right)):
            return [left, right]
        if doc[k].lower_ == "and" and all(2 <= len(part) <= 4 and all(_name_cased(t) for t in part) and not any(
                t.lower_ in lex.company_name_words or t.lower_ in lex.agency_name_words for t in part)
                for part in (left, right)):
            return [left, right]  # "founded by Udi Mokady and Alon N. Cohen": two people's names
        for part in (doc[span.start:k], doc[k + 1:span.end]):
            words = [t.text for t in part]
            for i in range(len(doc) - len(words) + 1):
                if span.start <= i < span.end or [t.text for t in doc[i:i + len(words)]] != words:
                    continue
                before = doc[i - 1] if i > 0 else None
                after = doc[i + len(words)] if i + len(words) < len(doc) else None
                if not any(t is not None and t.pos_ == "PROPN" and _capitalised(t.text) for t in (before, after)):
                    return [doc[span.start:k], doc[k + 1:span.end]]
    return [span]


def _not_people(typed: list, nw: NameWords) -> tuple[list, set[str]]:
    """Names the tagger took for people that the story shows to be firms: one
    taken up by "which" ("Haenel, which is owned by Caracal"), one with a capital
    inside a word ("Kapsch TrafficCom"), or one that starts with a name the story
    uses for an organisation ("Aerojet Rocketdyne" beside "Aerojet's motors").
    Returns the retyped list and the forms now known to be firms."""
    orgs = {normalize(s.text) for s, label, _, _ in typed if len(s) == 1 and label != "Person" and s[0].ent_type_ == "ORG"}
    # (not the surname of a person the story names in full: "controls introduced under
    # Sneader, which some saw as …" after "Kevin Sneader")
    surnames = {normalize(s[-1].text) for s, label, _, _ in typed if label == "Person" and len(s) > 1
                and s[0].is_alpha and len(s[0]) > 1}  # a given name, not initials ("C.G. Haenel")
    which = {normalize(s.text) for s, _, _, _ in typed if len(s) == 1 and _relative_pronoun(s) == "which"} - surnames
    firms = set(which)
    out = []
    for s, label, c, x in typed:
        norm = normalize(s.text)
        if label == "Person" and c is None and (
                norm in which or any(_camel(t.text, nw) for t in s)
                or (len(s) > 1 and normalize(s[0].text) in orgs | which) or (len(s) > 1 and norm.split()[-1] in which)):
            label = "Company"
            firms.add(norm)
        out.append((s, label, c, x))
    return out, firms


def _camel(word: str, nw: NameWords) -> bool:
    """"TrafficCom", "PeopleSoft": a capital after a run of small letters is a
    brand's spelling, not a person's name ("McKinsey", "DeSantis", "MacArthur",
    "FitzGerald" are names, so the run must be three letters or more and not a
    surname prefix)."""
    for k in range(4, len(word)):
        if word[k].isupper() and word[k - 3:k].isalpha() and word[k - 3:k].islower() \
                and word[:k].lower() not in nw.name_prefixes:
            return True
    return False


def _merge_acronyms(doc: Doc, entities: list[Entity], mentions: list[Mention]) -> tuple[list[Entity], list[Mention]]:
    """"HP" (listed) and "Hewlett-Packard", "SSCL" and "Shared Services Connected
    Ltd": an organisation's initials and its full name are one entity, when no
    other organisation of the story has the same initials. A listed body met only
    by its initials is the story's own full name with them, when that is another
    name: "CPS" after "Cash Paymaster Services" is no Crown Prosecution Service."""
    live = {m.entity for m in mentions}
    written = {}
    for m in mentions:
        written.setdefault(m.entity, set()).add(doc[m.start:m.end].text)
    for a in sorted(live):
        ent = entities[a]
        if ent.label == "Person":
            continue
        short = {f for f in ent.forms if f.isupper() and f.isalpha() and 2 <= len(f) <= 6}
        if not short:
            continue
        only_initials = ent.from_gazetteer and written.get(a, set()) <= short
        others = [b for b in sorted(live) if b != a and (entities[b].label == ent.label or (
                  only_initials and entities[b].label != "Person"))]
        # the names whose initials these are; failing any, those less a word ("SML" for
        # "Strategic Mobilisation Ghana Limited": a place inside is often left out)
        full = [b for b in others if any(_initials(f) in short for f in _long_forms(entities[b]))]
        if not full and not any(_initials(f) in short for f in _long_forms(ent)):
            full = [b for b in others if any(short & _initials_less_a_word(f) for f in _long_forms(entities[b]))]
        if len(full) != 1:
            continue
        b = full[0]
        if ent.from_gazetteer and entities[b].from_gazetteer and not only_initials:
            continue  # two listed bodies both written out: the list knows best (not "CAF" beside the
            # Construcciones y Auxiliar de Ferrocarriles that the story names in full: not the Canadian Armed Forces)
        if only_initials and _initials(ent.name) in short \
                and normalize(ent.name) not in {normalize(f) for f in entities[b].forms}:
            source, into = a, b  # the list spells the initials out as another body than the story does
            entities[a].forms = {f for f in entities[a].forms if f in written.get(a, set())}
        else:
            source, into = (b, a) if ent.from_gazetteer else (a, b)
        _fold(entities, mentions, source, into=into)
        live.discard(source)
    return entities, mentions


_TRADING_VERBS = {"trade", "operate", "rebrand", "rename", "brand"}


def _merge_trading_names(doc: Doc, entities: list[Entity], mentions: list[Mention],
                         lex: Lexicon) -> tuple[list[Entity], list[Mention]]:
    """"The firm, which traded as ASI Data Science, …", "Acme, now trading as
    Apex": a firm's other name is an alias of the firm, not another firm."""
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    for k, m in enumerate(mentions):
        if entities[m.entity].label != "Company" or entities[m.entity].from_gazetteer:
            continue  # a listed name is a firm of its own
        root = m.span(doc).root
        if not (root.dep_ == "pobj" and root.head.lower_ == "as" and _names_again(root.head.head, lex)):
            continue
        verb = root.head.head
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and verb.dep_ in ("acl", "advcl", "relcl"):
            subject = verb.head
        if subject is not None and subject.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
            subject = verb.head
        if subject is not None and subject.i not in by_token and subject.dep_ == "appos" and subject.head.i in by_token:
            subject = subject.head  # "Broadspectrum, the services group formerly known as …"
        if subject is None:
            continue
        if subject.i in by_token:
            target = by_token[subject.i].entity
        elif lex.anaphors.get(subject.lemma_.lower()) == "Company" and any(
                c.dep_ == "det" and c.lower_ in ("the", "this") for c in subject.children):  # not "its health business"
            counts: dict[int, int] = {}
            for earlier in mentions[:k]:
                if entities[earlier.entity].label == "Company" and earlier.entity != m.entity:
                    counts[earlier.entity] = counts.get(earlier.entity, 0) + 1
            if not counts:
                continue
            target = max(counts, key=lambda e: (counts[e], -e))  # "the firm": the firm the story is about
        else:
            continue
        if target != m.entity and entities[target].label == "Company":
            _fold(entities, mentions, m.entity, into=target)
    return entities, mentions


def _names_again(verb, lex: Lexicon) -> bool:
    """"traded as", "renamed as", or "formerly known as": a verb that gives a firm another name."""
    lemma = verb.lemma_.lower()
    return lemma in _TRADING_VERBS or (lemma in name_words(lex).naming_verbs and any(
        c.dep_ == "advmod" and c.lower_ in name_words(lex).former for c in verb.children))


def _merge_known_as(doc: Doc, entities: list[Entity], mentions: list[Mention]) -> tuple[list[Entity], list[Mention]]:
    """"Sweden's Defence Materiel Administration, known as FMV", "… (FMV)": the
    second name is the first entity's alias."""
    for before, after in zip(mentions, mentions[1:]):
        between = [t.lower_ for t in doc[before.end:after.start]]
        if before.entity == after.entity or entities[before.entity].label == "Person" or doc[after.start].sent != doc[before.start].sent:
            continue
        if between in (["("], [",", "known", "as"], ["known", "as"], [",", "or"], [",", "also", "known", "as"]) \
                or (between == [","] and entities[after.entity].label != "Person" and _own_name(doc, before, after)):
            _fold(entities, mentions, after.entity, into=before.entity)
    return entities, mentions


def _own_name(doc: Doc, before: Mention, after: Mention) -> bool:
    """"the Swedish Transport Agency, Transportstyrelsen, which …": a one-word
    name set off by commas in apposition to a body is that body's own name (not
    a list: "Lockheed, Boeing and Raytheon" goes on with "and")."""
    root = after.span(doc).root
    return after.end - after.start == 1 and root.dep_ == "appos" and before.start <= root.head.i < before.end \
        and after.end < len(doc) and doc[after.end].text in (",", ".", ";", ")") \
        and not (after.end + 1 < len(doc) and doc[after.end + 1].lower_ in ("and", "or", "&"))


def _fold(entities: list[Entity], mentions: list[Mention], old: int, *, into: int) -> None:
    """Make entity ``old`` part of ``into``: its forms become aliases, its mentions point there."""
    entities[into].forms |= entities[old].forms
    for mention in mentions:
        if mention.entity == old:
            mention.entity = into


def _merge_described(doc: Doc, entities: list[Entity], mentions: list[Mention],
                     lex: Lexicon) -> tuple[list[Entity], list[Mention]]:
    """"Denmark's national police, Rigspolitiet,": a description and the name in
    apposition to it are one entity, known by the name."""
    by_root = {m.span(doc).root.i: m for m in mentions}
    for m in mentions:
        if m.extractor != "description":
            continue
        root = m.span(doc).root
        named = [by_root[c.i] for c in root.children if c.dep_ == "appos" and c.i in by_root]
        named += [by_root[root.head.i]] if root.dep_ == "appos" and root.head.i in by_root else []
        for other in named:
            if other.entity != m.entity and entities[other.entity].label == entities[m.entity].label:
                _fold(entities, mentions, m.entity, into=other.entity)
    return _merge_portfolios(doc, entities, mentions, lex)


def _merge_portfolios(doc: Doc, entities: list[Entity], mentions: list[Mention],
                      lex: Lexicon) -> tuple[list[Entity], list[Mention]]:
    """"the health ministry" in a story that names the "Ministry of Solidarity and
    Health": a ministry described by its portfolio is the one named ministry of
    the story whose name holds that portfolio and head word, unless the
    description places it elsewhere ("the French defence ministry" beside the
    British "Ministry of Defence")."""
    nw = name_words(lex)
    live = sorted({m.entity for m in mentions})
    for m in mentions:
        if m.extractor != "description":
            continue
        span = m.span(doc)
        head = span.root.lower_
        portfolio = {t.lower_ for t in span if t.lower_ in nw.portfolios}
        if head not in nw.portfolio_heads or not portfolio:
            continue
        places = {t.lower_ for t in span if t.ent_type_ in ("GPE", "NORP")}
        named = [e for e in live if e != m.entity and entities[e].label == "Agency" and any(
            _holds_portfolio(normalize(f).split(), head, portfolio, places) for f in entities[e].forms)]
        if len(named) == 1:
            _fold(entities, mentions, m.entity, into=named[0])
    return entities, mentions


def _holds_portfolio(words: list[str], head: str, portfolio: set[str], places: set[str]) -> bool:
    return head in words and bool(portfolio & set(words)) and all(p in words for p in places)
