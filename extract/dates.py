"""Dates: read from metadata strings and from parsed sentences, resolved against
the publication date, and linked to the event a rule found (signed, blocked,
the start or end of a role)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.tokens import Span, Token

from .lexicon import DEFAULT_DATA_DIR, LexiconError, _toml, _words, data_dir


@dataclass(frozen=True)
class TimeWords:
    months: dict[str, int]
    weekdays: dict[str, int]
    offsets: dict[str, int]
    units: frozenset[str]
    day_words: dict[str, int]
    numbers: dict[str, int]
    from_words: frozenset[str]
    to_words: frozenset[str]
    range_starts: frozenset[str]
    range_links: frozenset[str]
    year_words: frozenset[str]
    contract_kinds: dict[str, str]
    phrasal_kinds: dict[str, str]
    signing_verbs: frozenset[str]
    period_relations: frozenset[str]
    start_verbs: frozenset[str]
    end_verbs: frozenset[str]
    carrier_verbs: frozenset[str]
    future_aux: frozenset[str]
    header_published: tuple[str, ...]
    header_publisher: tuple[str, ...]
    header_lines: int
    html_published: tuple[str, ...]
    html_publisher: tuple[str, ...]


def header_key(text: str) -> str:
    """A header or front matter key as the word lists hold it: "Publish_Date" -> "publish date"."""
    return re.sub(r"[\s_-]+", " ", text.strip().lower())


@cache
def load_time_words(folder: str | None = None) -> TimeWords:
    """data/lexicon/time.toml, read once per process (the project's own when a data
    folder made before it has none)."""
    path = (Path(folder) if folder else data_dir()) / "lexicon" / "time.toml"
    if not path.exists():
        path = DEFAULT_DATA_DIR / "lexicon" / "time.toml"
    spec = _toml(path)
    try:
        return _time_words(spec)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise LexiconError(f"{path}: missing or malformed entry {exc}") from None


def _time_words(spec: dict) -> TimeWords:
    rel, prep, ev, head, html = spec["relative"], spec["prepositions"], spec["events"], spec["header"], spec["html"]
    low = lambda d: {k.lower(): v for k, v in d.items()}  # noqa: E731
    return TimeWords(
        months=low(spec["months"]), weekdays=low(spec["weekdays"]), offsets=low(rel["offsets"]),
        units=_words(rel["units"]), day_words=low(rel["days"]), numbers=low(rel["numbers"]),
        from_words=_words(prep["from"]), to_words=_words(prep["to"]), range_starts=_words(prep["range_starts"]),
        range_links=_words(prep["range_links"]), year_words=_words(prep["year_words"]),
        contract_kinds=dict(ev["contract_kinds"]), phrasal_kinds=low(ev.get("phrasal_kinds", {})),
        signing_verbs=_words(ev.get("signing_verbs", [])), period_relations=frozenset(ev["period_relations"]),
        start_verbs=_words(ev["start_verbs"]), end_verbs=_words(ev["end_verbs"]),
        carrier_verbs=_words(ev["carrier_verbs"]), future_aux=_words(ev["future_aux"]),
        header_published=tuple(header_key(k) for k in head["published"]),
        header_publisher=tuple(header_key(k) for k in head["publisher"]), header_lines=int(head["max_lines"]),
        html_published=tuple(k.lower() for k in html["published"]),
        html_publisher=tuple(k.lower() for k in html["publisher"]),
    )


# --- dates as values -----------------------------------------------------------------------------

def iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """ "YYYY", "YYYY-MM" or "YYYY-MM-DD"; None for a date that does not exist.

    >>> iso(2024, 2, 30), iso(2024, 2), iso(2024)
    (None, '2024-02', '2024')
    """
    if not 1000 <= year <= 2999 or (month is not None and not 1 <= month <= 12):
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def iso_parts(value: str | None) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of an ISO date of any precision, None if it is not one."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value or "")
    if m is None:
        return None
    return int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None


@dataclass(frozen=True)
class When:
    """A date as the text gives it: absolute (a year is known) or relative to
    the publication date ("last year": unit "year", offset -1; "last March":
    month 3, offset -1; "in March": month 3, no offset)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    unit: str | None = None  # year, month, week, day
    weekday: int | None = None
    offset: int | None = None
    future: bool = False  # a bare month or weekday in a future clause is the next one

    def resolve(self, published: str | None) -> str | None:
        """The ISO date, or None when it is relative and the publication date cannot place it.

        >>> When(unit="year", offset=-1).resolve("2024-03-12"), When(month=3, offset=-1).resolve("2024-03-12")
        ('2023', '2023-03')
        """
        if self.year is not None:
            return iso(self.year, self.month, self.day if self.month else None)
        pub = iso_parts(published)
        if pub is None:
            return None
        year, month, day = pub
        offset = self.offset or 0
        if self.unit == "year":
            return iso(year + offset)
        if self.unit == "month":
            if month is None:
                return None
            n = year * 12 + month - 1 + offset
            return iso(n // 12, n % 12 + 1)
        if day is None:
            return None  # weeks, days and weekdays need a day to count from
        base = dt.date(year, month, day)
        if self.unit == "week":
            when = base + dt.timedelta(weeks=offset)
            return iso(when.year, when.month)  # a week is placed no finer than its month
        if self.unit == "day":
            return (base + dt.timedelta(days=offset)).isoformat()
        if self.weekday is not None:
            back = (base.weekday() - self.weekday) % 7
            ahead = (self.weekday - base.weekday()) % 7
            if self.offset == -1:
                delta = -(back or 7)
            elif self.offset == 1:
                delta = ahead or 7
            else:
                delta = ahead if self.future else -back
            return (base + dt.timedelta(days=delta)).isoformat()
        if self.month is not None:
            m = self.month
            if self.offset is None:
                target = (year if m >= month else year + 1) if self.future else (year if m <= month else year - 1)
            elif self.offset < 0:
                target = year if m < month else year - 1
            elif self.offset > 0:
                target = year if m > month else year + 1
            else:
                target = year
            return iso(target, m, self.day)
        return None


@dataclass(frozen=True)
class Dated:
    """The date an evidence item gives its event: what kind of date, and the
    start (and end, for a range) as the text gives them."""

    kind: str
    start: When | None
    end: When | None = None

    def fields(self, published: str | None) -> dict:
        """The evidence fields date, date_kind (and date_to), resolved; empty if nothing resolves."""
        start = self.start.resolve(published) if self.start else None
        end = self.end.resolve(published) if self.end else None
        if start is None and end is None:
            return {}
        if start is None:  # "until 2022" left of a range that did not resolve
            return {"date": end, "date_kind": "to"}
        out = {"date": start, "date_kind": self.kind}
        if end is not None and end != start:
            out["date_to"] = end
        return out


# --- dates in metadata strings --------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?(?:\s*[A-Z]{2,4})?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T?\d{4,6}Z?)?")
_SLASHED = re.compile(r"(\d{1,4})[/.](\d{1,2})[/.](\d{1,4})")
_WORD = re.compile(r"[^\W\d_]+\.?|\d+(?:st|nd|rd|th)?|[,:]")
# Words a line that is only a date may hold besides the date: times, zones, joiners.
_DATE_NOISE = re.compile(r"^(?:at|on|of|the|am|pm|a\.m\.|p\.m\.|gmt|bst|utc|cet|cest|est|edt|pst|pdt|et|pt|"
                         r"ct|z|updated|published|posted|last)$", re.I)


def parse_date(text: str, words: TimeWords | None = None) -> str | None:
    """The date a metadata value or a dateline gives, as ISO; None if it gives none.

    Numeric dates with the day and month in doubt ("03/04/2024") give None.

    >>> parse_date("2024-03-12T09:30:00Z"), parse_date("Tue, 12 Mar 2024 09:30 GMT"), parse_date("March 2024")
    ('2024-03-12', '2024-03-12', '2024-03')
    """
    words = words or load_time_words()
    value = text.strip()
    if not value or len(value) > 80:
        return None
    m = _ISO.fullmatch(value)
    if m:
        return iso(int(m[1]), int(m[2]), int(m[3]) if m[3] else None)
    m = _COMPACT.fullmatch(value)
    if m:
        return iso(int(m[1]), int(m[2]), int(m[3]))
    m = _SLASHED.fullmatch(value.split()[0]) if value.split() else None
    if m:
        a, b, c = (int(g) for g in m.groups())
        if len(m[1]) == 4:
            return iso(a, b, c)
        if len(m[3]) == 4:
            if a > 12 >= b:
                return iso(c, b, a)
            if b > 12 >= a:
                return iso(c, a, b)
        return None
    return _words_date(value, words)


def _words_date(value: str, words: TimeWords) -> str | None:
    """ "12 March 2024", "Tuesday, March 12, 2024 10:32 GMT", "March 2024": a month word and a year."""
    tokens = _WORD.findall(value)
    month_at = next((i for i, t in enumerate(tokens) if t.rstrip(".").lower() in words.months
                     and len(t.rstrip(".")) >= 3), None)
    years = [i for i, t in enumerate(tokens) if re.fullmatch(r"\d{4}", t)]
    if month_at is None or not years:
        return iso(int(tokens[0])) if len(tokens) == 1 and years else None
    month = words.months[tokens[month_at].rstrip(".").lower()]
    year = int(tokens[years[0]])
    day = None
    for i in (month_at - 1, month_at + 1, month_at - 2):  # "12 March", "March 12", "12th of March"
        if 0 <= i < len(tokens) and i not in years and (d := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", tokens[i])):
            if i != month_at - 2 or tokens[month_at - 1].lower() == "of":
                day = int(d[1])
                break
    return iso(year, month, day) or iso(year, month)


def date_line(line: str, words: TimeWords | None = None) -> str | None:
    """The date of a line that holds a date and nothing else (weekday, time and zone allowed)."""
    words = words or load_time_words()
    value = line.strip().strip("*_#>|").strip()
    if not value or len(value) > 60:
        return None
    found = parse_date(value, words)
    if found is None:
        return None
    if _ISO.fullmatch(value) or _COMPACT.fullmatch(value) or _SLASHED.match(value):
        return found
    for token in _WORD.findall(value):
        bare = token.rstrip(".").lower()
        if not (token in ",:" or re.fullmatch(r"\d+(?:st|nd|rd|th)?", token) or bare in words.months
                or bare in words.weekdays or _DATE_NOISE.match(token)):
            return None
    return found


# --- dates in sentences -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Mention:
    """A date phrase of a sentence: tokens [start, end), the token it hangs from,
    and the word before it that says which end of a period it is."""

    start: int
    end: int
    root: int
    when: When
    until: When | None = None  # the end of a range ("from 2015 to 2019")
    side: str | None = None  # "from", "to" or None


_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?$")
_YEAR = re.compile(r"(1[89]\d\d|2[01]\d\d)$")
_SHORT_YEAR = re.compile(r"\d\d$")
_JOINED_YEAR = re.compile(r"([a-z]+)-(1[89]\d\d|2[01]\d\d)$")


def _month(tok: Token, words: TimeWords) -> int | None:
    text = tok.text.rstrip(".")
    if not text[:1].isupper() or tok.tag_ == "MD":
        return None
    return words.months.get(text.lower()) if len(text) >= 3 else None


def _is_year(tok: Token, words: TimeWords) -> bool:
    if not _YEAR.match(tok.text):
        return False
    if tok.ent_type_ == "DATE":
        return True
    prev = tok.nbor(-1) if tok.i > tok.sent.start else None
    if prev is None or not (prev.lower_ in words.year_words or prev.lower_.rstrip("-") in words.year_words):
        return False
    nxt = tok.nbor(1) if tok.i + 1 < tok.sent.end else None
    return nxt is None or nxt.pos_ not in ("NOUN", "PROPN") or nxt.ent_type_ == "DATE"


def _absolute(tokens: list[Token], i: int, words: TimeWords) -> tuple[When, int] | None:
    """A date starting at tokens[i]: "12 March 2024", "March 12, 2024", "March 2024", "2024", "March"."""
    n = len(tokens)
    tok = tokens[i]
    day = None
    j = i
    if (d := _DAY.match(tok.text)) and not _YEAR.match(tok.text):
        k = i + 1 + (i + 1 < n and tokens[i + 1].lower_ == "of")
        if k < n and _month(tokens[k], words):
            day, j = int(d[1]), k
    month = _month(tokens[j], words)
    if month is not None:
        end = j + 1
        if day is None and end < n and (d := _DAY.match(tokens[end].text)) and not _YEAR.match(tokens[end].text):
            day, end = int(d[1]), end + 1
        k = end + (end < n and tokens[end].text == ",")
        if k < n and _YEAR.match(tokens[k].text):
            return When(int(tokens[k].text), month, day), k + 1
        if day is None and not (tokens[j].ent_type_ == "DATE" or (
                i > 0 and (tokens[i - 1].lower_ in words.year_words or tokens[i - 1].lower_ in words.offsets))):
            return None  # a month word alone is a date only after "in", "since"...: not "April Ryan"
        return When(None, month, day), end
    if day is None and _is_year(tok, words):
        return When(int(tok.text)), i + 1
    joined = _JOINED_YEAR.match(tok.lower_)
    if joined and joined[1] in words.year_words:
        return When(int(joined[2])), i + 1  # "mid-2021" is one token
    return None


def _relative(tokens: list[Token], i: int, words: TimeWords) -> tuple[When, int] | None:
    """ "last year", "this month", "next March", "last Tuesday", "yesterday", "two years ago", "on Monday"."""
    n = len(tokens)
    low = tokens[i].lower_
    if low in words.day_words:
        return When(unit="day", offset=words.day_words[low]), i + 1
    if low in words.offsets and i + 1 < n and not (i > 0 and tokens[i - 1].lower_ == "the"):
        # "over the last year" is a length of time, not a date
        nxt = tokens[i + 1]
        offset = words.offsets[low]
        if nxt.lemma_.lower() in words.units and nxt.lower_ == nxt.lemma_.lower():
            return When(unit=nxt.lower_, offset=offset), i + 2
        if (m := _month(nxt, words)) is not None:
            return When(month=m, offset=offset), i + 2
        if nxt.text[:1].isupper() and nxt.lower_ in words.weekdays:
            return When(weekday=words.weekdays[nxt.lower_], offset=offset), i + 2
    if (low in words.numbers or low.isdigit()) and i + 2 < n and tokens[i + 2].lower_ == "ago":
        unit = tokens[i + 1].lemma_.lower()
        count = int(low) if low.isdigit() else words.numbers[low]
        if unit in words.units or unit == "day":
            return When(unit=unit, offset=-count), i + 3
    if tokens[i].text[:1].isupper() and low in words.weekdays and len(low) > 3 and (
            (i > 0 and tokens[i - 1].lower_ == "on") or tokens[i].ent_type_ == "DATE"):
        return When(weekday=words.weekdays[low]), i + 1  # "on Monday"; not "the Sunday Times"
    return None


def sentence_dates(sent: Span, words: TimeWords) -> list[Mention]:
    """The date phrases of a sentence, ranges joined ("from March to June 2020")."""
    tokens = list(sent)
    found: list[tuple[int, int, When]] = []
    i = 0
    while i < len(tokens):
        hit = _relative(tokens, i, words) or _absolute(tokens, i, words)
        if hit is None:
            i += 1
            continue
        when, end = hit
        found.append((i, end, when))
        i = end
    mentions = []
    k = 0
    while k < len(found):
        start, end, when = found[k]
        before = tokens[start - 1].lower_ if start else ""
        until = None
        nxt = found[k + 1] if k + 1 < len(found) else None
        dash = end < len(tokens) and tokens[end].text in ("-", "–", "—")
        if nxt is None and dash and end + 1 < len(tokens) and when.year and _SHORT_YEAR.match(tokens[end + 1].text):
            # "2015-19"
            until, end = When(when.year // 100 * 100 + int(tokens[end + 1].text)), end + 2
        elif nxt is not None and nxt[0] == end + 1 and tokens[end].lower_ in words.range_links and (
                before in words.range_starts or dash):
            later = nxt[2]
            if when.year is None and when.unit is None and when.weekday is None and later.year is not None:
                when = When(later.year, when.month, when.day)  # "from March to June 2020"
            until, end, k = later, nxt[1], k + 1
        side = "from" if until is not None or before in words.from_words else "to" if before in words.to_words else None
        span = sent.doc[tokens[start].i:tokens[end - 1].i + 1]
        mentions.append(Mention(span.start, span.end, span.root.i, when, until, side))
        k += 1
    return mentions


# --- which date belongs to which event ----------------------------------------------------------------

def _verbal(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX")


def clause_head(tok: Token) -> Token:
    """The verb whose clause ``tok`` stands in (itself if it is one); the root if none."""
    while not _verbal(tok) and tok.head.i != tok.i:
        tok = tok.head
    return tok


def verb_key(verb: Token) -> str:
    """The verb's lemma, with its particle: "step down" (the parser may call "down" an adverb)."""
    lemma = verb.lemma_.lower()
    prt = next((c.lower_ for c in verb.children if c.dep_ == "prt" or (
        c.i == verb.i + 1 and c.dep_ == "advmod" and c.lower_ in ("down", "aside", "up", "out", "over"))), None)
    return f"{lemma} {prt}" if prt else lemma


def is_future(verb: Token, words: TimeWords) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in words.future_aux for c in verb.children)


def _governs(verb: Token, noun: Token) -> bool:
    """``noun`` is the verb's subject or object, or the object of one of its prepositions."""
    if noun.head.i == verb.i:
        return noun.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd")
    return noun.dep_ == "pobj" and noun.head.dep_ in ("prep", "agent", "dative") and noun.head.head.i == verb.i


class Dater:
    """The dates of one Doc's sentences, found once per sentence when a rule asks."""

    def __init__(self, words: TimeWords):
        self.words = words
        self._by_sent: dict[int, list[Mention]] = {}

    def mentions(self, sent: Span) -> list[Mention]:
        if sent.start not in self._by_sent:
            self._by_sent[sent.start] = sentence_dates(sent, self.words)
        return self._by_sent[sent.start]

    def linked(self, anchor: Token, governed: bool = False) -> tuple[Mention, Token | None] | None:
        """The date the sentence gives the event at ``anchor``, and the verb it came
        through (None: from the anchor's own phrase or clause). Not any date in the
        sentence: one in the anchor's phrase or clause first ("chief executive since
        2004", "signed in 2019"); for a noun, then one on a clause that describes it
        ("contracts that began in 2019"), then one on the verb it stands with if that
        verb carries it ("was chief executive in 2019", not "the chief executive said
        in 2019"); with ``governed``, any verb the noun is the subject or object of
        ("reached an agreement in July 2024")."""
        mentions = self.mentions(anchor.sent)
        if not mentions:
            return None
        doc = anchor.doc
        verb = clause_head(anchor)
        nominal = not _verbal(anchor)
        carrier = nominal and (verb_key(verb).split()[0] in self.words.carrier_verbs
                               or (governed and _governs(verb, anchor)))
        pools: tuple[list, list, list] = ([], [], [])  # own, describing clause, carrying verb
        for m in mentions:
            if m.start <= anchor.i < m.end:
                continue
            tok = doc[m.root]
            while tok.i != anchor.i and not _verbal(tok) and tok.head.i != tok.i:
                tok = tok.head
            if tok.i == anchor.i:
                pools[0].append((m, None))
            elif nominal and tok.dep_ in ("relcl", "acl") and tok.head.i == anchor.i:
                pools[1].append((m, tok))
            elif carrier and tok.i == verb.i:
                pools[2].append((m, verb))
            elif anchor.dep_ == "xcomp" and tok.i == anchor.head.i:
                pools[2].append((m, anchor.head))  # "agreed in 2020 to buy": the date of the verb it completes
        pool = next((p for p in pools if p), None)
        if pool is None:
            return None
        return min(pool, key=lambda item: (item[0].until is None,
                                           min(abs(item[0].start - anchor.i), abs(item[0].end - 1 - anchor.i))))

    def date(self, anchor: Token, kind: str = "at", governed: bool = False) -> Dated | None:
        """The Dated of the event at ``anchor``: the range or the side the text states
        ("since 2019" is from), else ``kind`` (signed, blocked, ended, from, to, at);
        a plain "at" takes the kind of the verb the date came through ("began in 2019": from)."""
        found = self.linked(anchor, governed)
        if found is None:
            return None
        mention, via = found
        when = mention.when
        if when.year is None and is_future(clause_head(anchor), self.words):
            when = When(when.year, when.month, when.day, when.unit, when.weekday, when.offset, future=True)
        if mention.until is not None:
            return Dated("from", when, mention.until)
        if kind == "at" and via is not None:
            key = verb_key(via)
            kind = self.words.phrasal_kinds.get(key) or (
                "from" if key in self.words.start_verbs else "to" if key in self.words.end_verbs else "at")
        return Dated(mention.side or kind, when)

    def relation_kind(self, type_: str, anchor: Token) -> str:
        """A role or holding starts with "appointed", "joined", "acquired" and ends with "resigned", "sold"."""
        if type_ not in self.words.period_relations:
            return "at"
        key = verb_key(anchor if _verbal(anchor) else clause_head(anchor))
        if key in self.words.end_verbs:
            return "to"
        if key in self.words.start_verbs:
            return "from"
        return "at"


def finish_evidence(ev: dict, doc_id: str, published: str | None) -> dict:
    """An evidence item as a record holds it: ``when`` resolved against the publication date."""
    out = {k: v for k, v in ev.items() if k != "when"}
    out["doc"] = doc_id
    out.setdefault("negated", False)
    when: Dated | None = ev.get("when")
    out.update({"date": None, "date_kind": None})
    if when is not None:
        out.update(when.fields(published))
    return out
