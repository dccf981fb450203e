"""Entities: type spaCy's ORG/PERSON spans as Person, Company or Agency, strip
titles, and group the mentions of one document into entities (short forms,
acronyms and surnames resolve to the full name)."""
from __future__ import annotations

from dataclasses import dataclass, field

import spacy
from spacy.tokens import Doc, Span

from graph.names import normalize

from .lexicon import Lexicon

LABELS = ("Person", "Company", "Agency")
_SPACY_TO_LABEL = {"PERSON": "Person"}
_CONNECTORS = {"of", "the", "and", "for", "&", "de", "du", "der", "des", "la", "le"}
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "its", "their", "his"}


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
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    return doc[start:end]


def org_label(span: Span, lex: Lexicon) -> str:
    """Company or Agency, from the words of the name and the nouns around it."""
    words = [t.lower_.strip(".") for t in span]
    text = " ".join(words)
    if words and (words[-1] in {"inc", "ltd", "plc", "llc", "llp", "corp", "gmbh", "ag"}
                  or (words[-1] in lex.company_name_words and words[0] not in ("department", "ministry", "office"))):
        return "Company"  # "Blue Force Technologies": the last word says what it is
    if any(w in lex.agency_name_words for w in words) or any(
        " " in phrase and phrase in text for phrase in lex.agency_name_words
    ):
        return "Agency"
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
    return "Company"


def _organisation(span: Span, lex: Lexicon) -> bool:
    """Not a product, a programme, a university, a party or a place used as a modifier."""
    last = span[-1].lower_
    if last in lex.not_org_heads or last in lex.not_org_last_words or span.text.lower() in lex.not_org_names:
        return False
    if any(ch.isdigit() for ch in span.text) and any(
            t.lower_ in lex.currencies or t.lower_ in lex.multipliers or t.text[-2:].lower() == "bn" for t in span):
        return False  # "SEK 12.3bn": money the tagger took for a name
    if len(span) == 1 and (span[0].lower_ in lex.qualifiers or span[0].lower_ in lex.titles):
        return False  # "US", "Swedish", "Defence" alone
    if len(span) == 1 and span.end < len(span.doc) and span.doc[span.end].lower_ in lex.titles:
        return False  # "Digital Secretary Oliver Dowden": part of a title
    if len(span) == 1 and span.text in {e.text for e in span.doc.ents if e.label_ in ("GPE", "LOC", "FAC")}:
        return False  # a place the tagger also calls a place
    root = span.root
    # "The Costa Mesa company", "the Denver-based firm": a place describing a firm.
    if root.dep_ in ("compound", "npadvmod") and root.head.lemma_.lower() in lex.company_context \
            and any(c.lower_ == "the" for c in root.head.children) and not root.head.ent_type_:
        return False
    # "according to the Financial Times": a source, not a party.
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according":
        return False
    return True


def _looks_like_name(span: Span) -> bool:
    """Every word capitalised but the small ones: "Ministry of Defence", not "immigration enforcement"."""
    words = [t for t in span if t.is_alpha and t.lower_ not in _CONNECTORS]
    return bool(words) and all(t.text[:1].isupper() for t in words)


def _initials(name: str) -> str:
    words = name.replace("-", " ").split()
    return "".join(w[0] for w in words if w[:1].isupper() and w.lower() not in _CONNECTORS)


def _abbreviates(words: list[str], known: list[str]) -> bool:
    """"Met Police" for "Metropolitan Police": word by word, each a clipped form of the other."""
    if len(words) != len(known) or len(words) < 2 or words == known:
        return False
    return all(a.startswith(b) or b.startswith(a) for a, b in zip(words, known)) and all(
        len(min(a, b, key=len)) >= 3 for a, b in zip(words, known))


class EntityResolver:
    """Builds a document's entities mention by mention, in reading order."""

    def __init__(self, qualifiers: frozenset[str] = frozenset(), company_words: frozenset[str] = frozenset()) -> None:
        self.qualifiers = qualifiers
        self.company_words = company_words
        self.entities: list[Entity] = []
        self.by_norm: dict[str, int] = {}

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
            if label == ent.label and label == "Agency":
                shorter, longer = sorted((words, known), key=len)
                bare = all(len(normalize(f).split()) <= len(known) for f in ent.forms)
                if len(shorter) < len(longer) and longer[-len(shorter):] == shorter \
                        and all(w in self.qualifiers for w in longer[:-len(shorter)]) and (shorter is words or bare):
                    self._remember(i, text)  # "the Army" and "the US Army" (but not the Israeli one too)
                    return i
                if len(shorter) >= 2 and len(shorter) < len(longer) and longer[:len(shorter)] == shorter:
                    self._remember(i, text)  # "the Royal Free" and "Royal Free London NHS Foundation Trust"
                    return i
            if label == ent.label and _abbreviates(words, known):
                self._remember(i, text)
                return i
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
            if len(firms) == 1:
                self._remember(firms[0], text)
                return firms[0]
        return self._new(label, text, False)

    def _person(self, text: str, words: list[str]) -> int | None:
        for i, ent in enumerate(self.entities):
            if ent.label != "Person":
                continue
            known = normalize(ent.name).split()
            if len(words) == 1 and words[0] in (known[-1], known[0]):
                self._remember(i, text)
                return i
            if len(words) > 1 and len(known) > 1 and words[-1] == known[-1] and words[0][:1] == known[0][:1]:
                # "Alex Karp" and "Alexander Karp": same surname, same initial.
                if len(words) > len(known):
                    ent.name = text
                self._remember(i, text)
                return i
        if len(words) == 1:
            return None  # a lone surname we cannot place: more often a tagging slip than a person
        return self._new("Person", text, False)


def _extend_name(span: Span, lex: Lexicon, taken: set[int]) -> Span:
    """Take in capitalised name words the tagger left out ("Mayor of London Sadiq Khan")."""
    start = span.start
    while start > 0:
        prev = span.doc[start - 1]
        if prev.pos_ != "PROPN" or not prev.is_title or prev.i in taken or prev.lower_ in lex.titles:
            break
        start -= 1
    return span.doc[start:span.end]


_HEAD_WORDS = {"police", "ministry", "department", "council", "army", "navy", "agency", "commission",
               "authority", "office", "constabulary", "directorate", "inspectorate", "bureau"}


_WIDER_HEADS = {"trust", "council", "authority", "police", "agency", "office", "ministry", "department",
                "commission", "board", "force", "constabulary", "service", "executive", "directorate"}


def wider_names(doc: Doc) -> list[Span]:
    """"Royal Wolverhampton NHS Trust": a public body whose name holds a listed
    short form ("NHS") is its own body, not the NHS."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        start, end = ent.start, ent.end
        if ent.label_ == "Company":
            # "Microsoft UK", "Lockheed Martin Australia": a national arm is its own firm.
            if end < ent.sent.end and doc[end].ent_type_ == "GPE" and doc[end].is_title and doc[end].i + 1 < len(doc) \
                    and not doc[end].nbor(1).is_title:
                found.append(doc[start:end + 1])
            continue
        while start > ent.sent.start + 1 and (
                (doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title)
                or (doc[start - 1].lower_ in ("and", "of", "&") and doc[start - 2].pos_ == "PROPN" and doc[start - 2].is_title
                    and doc[start - 2].lower_ not in _WIDER_HEADS)):  # "… Trust and Taunton …" is two names
            start -= 1
        while end < ent.sent.end and doc[end].pos_ in ("PROPN", "NOUN") and doc[end].is_title:
            end += 1
        if (start, end) != (ent.start, ent.end) and doc[end - 1].lower_ in _WIDER_HEADS and end - start >= 3:
            found.append(doc[start:end])
    return spacy.util.filter_spans(found)


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
        ):
            j += 1
        span = doc[i:j]
        words = {t.lower_ for t in span}
        if j - i >= 2 and span[0].is_sent_start is not True and words & _HEAD_WORDS:
            found.append((span, "Agency"))
        elif j - i >= 2 and span[-1].lower_.strip(".") in {"inc", "ltd", "plc", "llc", "corp", "gmbh"}:
            found.append((span, "Company"))
        i = max(j, i + 1)
    return found


_DESCRIBED_HEADS = {"ministry", "government", "police", "army", "navy", "military", "council", "department",
                    "parliament", "cabinet", "regulator", "administration", "treasury", "coastguard", "ministries"}


def described_agencies(doc: Doc, taken: set[int]) -> list[Span]:
    """Public bodies named by description: "the French defence ministry",
    "Germany's interior ministry", "the Dutch government"."""
    found = []
    for tok in doc:
        if tok.lower_ not in _DESCRIBED_HEADS or tok.pos_ not in ("NOUN", "PROPN") or tok.i in taken \
                or tok.dep_ in ("compound", "amod"):  # "the US government arm" is not the government
            continue
        places = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod")
                  and c.ent_type_ in ("NORP", "GPE") and c.i < tok.i]
        if not places:
            continue
        start = min(p.left_edge.i for p in places)
        if any(i in taken for i in range(start, tok.i)):
            continue
        found.append(doc[start:tok.i + 1])
    return found


def resolve_entities(doc: Doc, lex: Lexicon) -> tuple[list[Entity], list[Mention]]:
    """Type, trim and group the entity spans of ``doc``."""
    typed: list[tuple[Span, str, str | None, str]] = []
    wider = wider_names(doc)
    inside = {t.i for span in wider for t in span}
    typed += [(span, "Company" if any(t.ent_type_ == "Company" for t in span) and span[-1].ent_type_ == "GPE"
               else "Agency", None, "shape") for span in wider]
    taken = {t.i for ent in doc.ents for t in ent} | inside
    for span, label in shaped_organisations(doc, lex, taken):
        typed.append((span, label, None, "shape"))
    named = {t.i for ent in doc.ents if ent.label_ in ("ORG", "PERSON", *LABELS) for t in ent}
    for span in described_agencies(doc, named):
        typed.append((span, "Agency", None, "description"))
    for ent in doc.ents:
        if ent.start in inside or ent.end - 1 in inside:
            continue
        if ent.label_ in LABELS:  # from the gazetteer
            typed.append((ent, ent.label_, ent.ent_id_ or None, "gazetteer"))
        elif ent.label_ == "PERSON" and ent[-1].lower_ in lex.company_name_words and len(ent) > 1:
            span = _trim(ent)  # "Scyne Advisory", "Horizons Ventures": a firm the tagger took for a person
            if span:
                typed.append((span, "Company", None, "ner+org_typer"))
        elif ent.label_ == "PERSON":
            span = _trim(_strip_title(_extend_name(ent, lex, taken), lex))
            if span and any(t.is_alpha for t in span):
                typed.append((span, "Person", None, "ner+title"))
        elif ent.label_ == "ORG":
            span = _trim(ent)
            if span and _looks_like_name(span) and _organisation(span, lex):
                typed.append((span, org_label(span, lex), None, "ner+org_typer"))
    typed.sort(key=lambda item: item[0].start)
    # A name tagged as a person anywhere, or right after a role word, is a person.
    people = {normalize(s.text) for s, label, _, _ in typed if label == "Person" and len(s) > 1}
    surnames = {p.split()[-1] for p in people}
    person_roots = {s.root.i for s, label, _, _ in typed if label == "Person"}
    typed = [(s, "Person", c, x) if label != "Person" and c is None and x != "description" and (
                normalize(s.text) in people or (len(s) == 1 and normalize(s.text) in surnames)
                or (1 < len(s) <= 3 and all(t.is_title for t in s)
                    and any(t.i in person_roots for t in [*s.root.conjuncts, s.root.head] if t.dep_ == "conj" or s.root.dep_ == "conj"))
                or (len(s) == 2 and all(t.is_title for t in s) and s.start > 0
                    and s.doc[s.start - 1].lower_ in lex.titles and s.doc[s.start - 1].lower_ not in lex.agency_name_words))
             else (s, label, c, x) for s, label, c, x in typed]
    # A form typed as an organisation anywhere is one everywhere: the tagger
    # sometimes takes a firm's name at the head of a sentence for a person.
    org_forms = {normalize(s.text): label for s, label, _, _ in typed if label != "Person"}
    typed = [(s, org_forms.get(normalize(s.text), "Person") if label == "Person" else label, c, x)
             for s, label, c, x in typed]
    resolver = EntityResolver(lex.qualifiers, lex.company_name_words)
    # Full names first, so that a surname met before its full name still resolves.
    for span, label, canonical, _ in typed:
        if label == "Person" and (canonical or len(normalize(span.text).split()) > 1):
            resolver.add(label, span.text, canonical)
    mentions = []
    for span, label, canonical, extractor in typed:
        index = resolver.add(label, span.text, canonical)
        if index is not None:
            mentions.append(Mention(span.start, span.end, index, extractor))
    entities, mentions = _merge_described(doc, resolver.entities, mentions)
    return _merge_known_as(doc, entities, mentions)


def _merge_known_as(doc: Doc, entities: list[Entity], mentions: list[Mention]) -> tuple[list[Entity], list[Mention]]:
    """"Sweden's Defence Materiel Administration, known as FMV", "… (FMV)": the
    second name is the first entity's alias."""
    for before, after in zip(mentions, mentions[1:]):
        between = [t.lower_ for t in doc[before.end:after.start]]
        if before.entity == after.entity or entities[before.entity].label == "Person" or doc[after.start].sent != doc[before.start].sent:
            continue
        if between in (["("], [",", "known", "as"], ["known", "as"], [",", "or"], [",", "also", "known", "as"]):
            _fold(entities, mentions, after.entity, into=before.entity)
    return entities, mentions


def _fold(entities: list[Entity], mentions: list[Mention], old: int, *, into: int) -> None:
    """Make entity ``old`` part of ``into``: its forms become aliases, its mentions point there."""
    entities[into].forms |= entities[old].forms
    for mention in mentions:
        if mention.entity == old:
            mention.entity = into


def _merge_described(doc: Doc, entities: list[Entity], mentions: list[Mention]) -> tuple[list[Entity], list[Mention]]:
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
    return entities, mentions
