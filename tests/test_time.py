"""Dates: metadata strings, relative dates resolved against the publication date,
and the date a sentence gives the event a rule found (not any date in the sentence)."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from extract.dates import Dated, Dater, When, date_line, load_time_words, parse_date
from extract.run import extract_files, extract_texts

WORDS = load_time_words()


# --- metadata strings ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2024-03-12T09:30:00Z", "2024-03-12"),
    ("2024-03-12T09:30:00+01:00", "2024-03-12"),
    ("2024-03-12", "2024-03-12"),
    ("20240312", "2024-03-12"),
    ("2024/03/12", "2024-03-12"),
    ("Tue, 12 Mar 2024 09:30:00 +0000", "2024-03-12"),
    ("12 March 2024", "2024-03-12"),
    ("12th of March 2024", "2024-03-12"),
    ("March 12, 2024", "2024-03-12"),
    ("Sept. 3, 2021", "2021-09-03"),
    ("March 2024", "2024-03"),
    ("2024", "2024"),
    ("25/03/2024", "2024-03-25"),
    ("03/25/2024", "2024-03-25"),
    ("03/04/2024", None),  # day and month in doubt
    ("30 February 2024", "2024-02"),  # no such day: the month stands
    ("2024-13-01", None),
    ("soon", None),
    ("", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("line, expected", [
    ("Tuesday 12 March 2024", "2024-03-12"),
    ("12 March 2024 10:32 GMT", "2024-03-12"),
    ("**March 12, 2024**", "2024-03-12"),
    ("2024-03-12", "2024-03-12"),
    ("Palantir won the deal in March 2024", None),
    ("Khan blocks Met Police's £50m Palantir contract", None),
])
def test_a_line_that_is_only_a_date(line, expected):
    assert date_line(line) == expected


# --- relative dates --------------------------------------------------------------------------------------

@pytest.mark.parametrize("when, published, expected", [
    (When(unit="year", offset=-1), "2024-05-20", "2023"),  # last year
    (When(unit="year", offset=0), "2024", "2024"),  # this year, a year is enough
    (When(unit="month", offset=0), "2024-05-20", "2024-05"),  # this month
    (When(unit="month", offset=-1), "2024-01-10", "2023-12"),  # last month, across a year
    (When(unit="year", offset=-2), "2024-05-20", "2022"),  # two years ago
    (When(month=3, offset=-1), "2024-05-20", "2024-03"),  # last March
    (When(month=3, offset=-1), "2024-03-01", "2023-03"),
    (When(month=3, offset=-1), "2024-02-01", "2023-03"),
    (When(month=6, offset=1), "2024-05-20", "2024-06"),  # next June
    (When(month=3), "2024-05-20", "2024-03"),  # "in March", told in the past
    (When(month=6), "2024-05-20", "2023-06"),
    (When(month=3, future=True), "2024-05-20", "2025-03"),  # "will end in March"
    (When(month=3, day=12), "2024-05-20", "2024-03-12"),
    (When(unit="day", offset=-1), "2024-03-01", "2024-02-29"),  # yesterday
    (When(weekday=1, offset=-1), "2024-05-20", "2024-05-14"),  # last Tuesday, told on a Monday
    (When(weekday=0), "2024-05-20", "2024-05-20"),  # on Monday, told that Monday
    (When(weekday=4), "2024-05-20", "2024-05-17"),  # on Friday
    (When(unit="week", offset=-1), "2024-05-02", "2024-04"),  # last week: its month
    (When(unit="year", offset=-1), None, None),  # nothing to count from: dropped
    (When(month=3, offset=-1), "2024", None),  # "last March" needs the month
    (When(unit="day", offset=-1), "2024-05", None),
    (When(2019, 10), "2024-05-20", "2019-10"),  # absolute dates need no publication date
    (When(2019, 10), None, "2019-10"),
])
def test_relative_dates_resolve_against_the_publication_date(when, published, expected):
    assert when.resolve(published) == expected


def test_evidence_fields_of_a_range_and_of_nothing():
    assert Dated("from", When(2015), When(2019)).fields(None) == {"date": "2015", "date_kind": "from", "date_to": "2019"}
    assert Dated("signed", When(unit="year", offset=-1)).fields(None) == {}
    assert Dated("from", When(unit="year", offset=-1), When(2022)).fields(None) == {"date": "2022", "date_kind": "to"}


# --- the date of an event, on hand-built parses ------------------------------------------------------------

def parse(words, heads, deps, pos, lemmas, tags=None, ents=()):
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas,
              tags=tags or [""] * len(words), sent_starts=[True] + [False] * (len(words) - 1))
    doc.ents = [doc.char_span(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), label=label) for s, e, label in ents]
    return doc


def test_a_role_noun_takes_the_date_of_its_own_phrase():
    # "Karp has been chief executive since 2004 ."
    doc = parse(["Karp", "has", "been", "chief", "executive", "since", "2004", "."],
                [2, 2, 2, 4, 2, 2, 5, 2],
                ["nsubj", "aux", "ROOT", "amod", "attr", "prep", "pobj", "punct"],
                ["PROPN", "AUX", "AUX", "ADJ", "NOUN", "SCONJ", "NUM", "PUNCT"],
                ["Karp", "have", "be", "chief", "executive", "since", "2004", "."])
    assert Dater(WORDS).date(doc[4], "at") == Dated("from", When(2004))


def test_a_date_of_another_clause_is_not_the_roles():
    # "Karp , the chief executive , said in 2023 ."  The saying is dated, not the role.
    doc = parse(["Karp", ",", "the", "chief", "executive", ",", "said", "in", "2023", "."],
                [6, 0, 4, 4, 0, 0, 6, 6, 7, 6],
                ["nsubj", "punct", "det", "amod", "appos", "punct", "ROOT", "prep", "pobj", "punct"],
                ["PROPN", "PUNCT", "DET", "ADJ", "NOUN", "PUNCT", "VERB", "ADP", "NUM", "PUNCT"],
                ["Karp", ",", "the", "chief", "executive", ",", "say", "in", "2023", "."])
    dater = Dater(WORDS)
    assert dater.date(doc[4], "at") is None
    assert dater.date(doc[6], "at") == Dated("at", When(2023))  # the verb's own date


def test_ranges_and_sides_in_a_sentence():
    # "He served from March to June 2020 and then until 2022 ."
    words = ["He", "served", "from", "March", "to", "June", "2020", "and", "then", "until", "2022", "."]
    doc = parse(words, [1, 1, 1, 2, 3, 4, 5, 1, 9, 1, 9, 1],
                ["nsubj", "ROOT", "prep", "pobj", "prep", "pobj", "nummod", "cc", "advmod", "prep", "pobj", "punct"],
                ["PRON", "VERB", "ADP", "PROPN", "ADP", "PROPN", "NUM", "CCONJ", "ADV", "ADP", "NUM", "PUNCT"],
                [w.lower() for w in words], tags=["PRP", "VBD", "IN", "NNP", "IN", "NNP", "CD", "CC", "RB", "IN", "CD", "."])
    found = Dater(WORDS).mentions(doc[:])
    assert [(m.when, m.until, m.side) for m in found] == [
        (When(2020, 3), When(2020, 6), "from"), (When(2022), None, "to")]


def test_may_the_verb_and_a_name_are_no_dates():
    words = ["April", "Ryan", "may", "join", "in", "May", "or", "on", "12", "May", "."]
    doc = parse(words, [1, 3, 3, 3, 3, 4, 5, 3, 9, 7, 3],
                ["compound", "nsubj", "aux", "ROOT", "prep", "pobj", "cc", "prep", "nummod", "pobj", "punct"],
                ["PROPN", "PROPN", "AUX", "VERB", "ADP", "PROPN", "CCONJ", "ADP", "NUM", "PROPN", "PUNCT"],
                words, tags=["NNP", "NNP", "MD", "VB", "IN", "NNP", "CC", "IN", "CD", "NNP", "."])
    found = Dater(WORDS).mentions(doc[:])
    assert [(m.start, m.when) for m in found] == [(5, When(None, 5)), (8, When(None, 5, 12))]


# --- end to end, with the model ----------------------------------------------------------------------------

def items(record: dict) -> dict:
    """Evidence by (kind, type or status, source, target) of a record."""
    out = {}
    for r in record["relations"]:
        out[("rel", r["type"], r["source"], r["target"])] = r["evidence"]
    for c in record["contracts"]:
        out[("con", c["buyer"], c["supplier"])] = c["evidence"]
    return out


def extract_one(nlp, text: str, published: str | None = None) -> dict:
    return next(extract_texts(nlp, [("t", text, {"published": published})]))


def dates(evidence: list[dict]) -> list[tuple]:
    return [(ev["date"], ev["date_kind"], ev.get("date_to")) for ev in evidence]


@pytest.mark.parametrize("text, key, expected", [
    ("Peter Thiel founded Palantir in 2003.", ("rel", "FOUNDED", "Peter Thiel", "Palantir"), ("2003", "at", None)),
    ("NHS England signed a contract with Palantir in March 2021.", ("con", "NHS England", "Palantir"),
     ("2021-03", "signed", None)),
    ("The Home Office awarded the contract to Palantir in October 2019.", ("con", "Home Office", "Palantir"),
     ("2019-10", "signed", None)),
    ("Alex Karp has been chief executive of Palantir since 2004.", ("rel", "LEADS", "Alex Karp", "Palantir"),
     ("2004", "from", None)),
    ("Stephen Hemsley led UnitedHealth Group until 2017.", ("rel", "LEADS", "Stephen Hemsley", "UnitedHealth Group"),
     ("2017", "to", None)),
    ("Sarah Jones served as chair of Serco from 2015 to 2019.", ("rel", "LEADS", "Sarah Jones", "Serco"),
     ("2015", "from", "2019")),
    ("Jane Smith was appointed chief executive of Serco in 2019.", ("rel", "LEADS", "Jane Smith", "Serco"),
     ("2019", "from", None)),
    ("Jane Smith stepped down as chief executive of Serco in 2019.", ("rel", "LEADS", "Jane Smith", "Serco"),
     ("2019", "to", None)),
    ("Oracle acquired Cerner in 2022.", ("rel", "OWNS", "Oracle", "Cerner"), ("2022", "from", None)),
    ("The Home Office's contract with Serco ended in 2022.", ("con", "Home Office", "Serco"), ("2022", "ended", None)),
    ("Sadiq Khan halted the Metropolitan Police's contract with Palantir in 2020.",
     ("con", "Metropolitan Police", "Palantir"), ("2020", "blocked", None)),
    ("The Pentagon scrapped its contract with Microsoft in July 2021.", ("con", "Department of Defense", "Microsoft"),
     ("2021-07", "ended", None)),
    ("The Home Office has used Palantir's software since 2019.", ("con", "Home Office", "Palantir"),
     ("2019", "from", None)),
    ("Palantir has supplied the Home Office since 12 March 2019.", ("rel", "SUPPLIES", "Palantir", "Home Office"),
     ("2019-03-12", "from", None)),
    ("Sarah Jones was chair of Serco between 2015 and 2019.", ("rel", "LEADS", "Sarah Jones", "Serco"),
     ("2015", "from", "2019")),
    ("Sarah Jones was chair of Serco in 2015-19.", ("rel", "LEADS", "Sarah Jones", "Serco"), ("2015", "from", "2019")),
    ("NHS England signed a contract with Palantir in mid-2021.", ("con", "NHS England", "Palantir"),
     ("2021", "signed", None)),
])
def test_the_date_a_sentence_gives_the_event(nlp, text, key, expected):
    found = items(extract_one(nlp, text))
    assert key in found, found.keys()
    assert dates(found[key]) == [expected]


def test_who_blocked_it_and_when(nlp):
    record = extract_one(nlp, "Sadiq Khan halted the Metropolitan Police's contract with Palantir in 2020.")
    deal = record["contracts"][0]
    assert deal["blocked_by"] == ["Sadiq Khan"]
    assert dates(deal["blocked_evidence"]) == [("2020", "blocked", None)]


@pytest.mark.parametrize("text, published, key, expected", [
    ("NHS England signed a contract with Palantir last March.", "2024-05-20", ("con", "NHS England", "Palantir"),
     ("2024-03", "signed", None)),
    ("NHS England signed a contract with Palantir last March.", "2024-02-01", ("con", "NHS England", "Palantir"),
     ("2023-03", "signed", None)),
    ("NHS England signed a contract with Palantir last March.", None, ("con", "NHS England", "Palantir"),
     (None, None, None)),
    ("Serco's contract with the Home Office ended last year.", "2024-05-20", ("con", "Home Office", "Serco"),
     ("2023", "ended", None)),
    ("The Home Office signed a contract with Serco this month.", "2024-05-20", ("con", "Home Office", "Serco"),
     ("2024-05", "signed", None)),
    ("The Metropolitan Police's contract with Palantir will end in March.", "2024-05-20",
     ("con", "Metropolitan Police", "Palantir"), ("2025-03", "ended", None)),
    ("NHS England signed a contract with Palantir earlier this year.", "2024-05-20",
     ("con", "NHS England", "Palantir"), ("2024", "signed", None)),
    ("NHS England signed a contract with Palantir two years ago.", "2024-05-20",
     ("con", "NHS England", "Palantir"), ("2022", "signed", None)),
    ("NHS England signed a contract with Palantir on Tuesday.", "2024-05-20",
     ("con", "NHS England", "Palantir"), ("2024-05-14", "signed", None)),
    ("NHS England signed a contract with Palantir yesterday.", "2024-05-20",
     ("con", "NHS England", "Palantir"), ("2024-05-19", "signed", None)),
    ("The Home Office signed a contract with Serco in May.", "2024-05-20",
     ("con", "Home Office", "Serco"), ("2024-05", "signed", None)),
    # A length of time, not a date.
    ("NHS England signed a contract with Palantir over the last year.", "2024-05-20",
     ("con", "NHS England", "Palantir"), (None, None, None)),
])
def test_relative_dates_in_sentences(nlp, text, published, key, expected):
    assert dates(items(extract_one(nlp, text, published))[key]) == [expected]


@pytest.mark.parametrize("text, key", [
    ("Alex Karp, Palantir's chief executive, said in 2023 that the company would grow.",
     ("rel", "LEADS", "Alex Karp", "Palantir")),
    ("Palantir, which was founded in 2003, signed a deal with the Home Office.", ("con", "Home Office", "Palantir")),
    ("Palantir signed a contract with the Home Office, whose budget was cut in 2019.",
     ("con", "Home Office", "Palantir")),
])
def test_a_date_the_sentence_does_not_link_to_the_event_is_not_attached(nlp, text, key):
    found = items(extract_one(nlp, text))
    assert key in found, found.keys()
    assert dates(found[key]) == [(None, None, None)]


def test_header_lines_set_the_publication_date_and_give_no_entity(nlp, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Date: 20 May 2024\nSource: Reuters\n\nNHS England signed a contract with Palantir last March.\n",
                    encoding="utf-8")
    record = next(extract_files(nlp, [path]))
    assert (record["meta"]["published"], record["meta"]["publisher"]) == ("2024-05-20", "Reuters")
    assert record["text"].startswith("NHS England signed")
    assert "Reuters" not in {f for e in record["entities"] for f in [e["name"], *e["aliases"]]}
    evidence = items(record)[("con", "NHS England", "Palantir")]
    assert dates(evidence) == [("2024-03", "signed", None)]
    assert all(record["text"][ev["start"]:ev["end"]] == ev["sentence"] for ev in evidence)


@pytest.mark.parametrize("header, expected", [("Date: 2 June 2023", "active"), ("Date: 14 May 2019", "awarded")])
def test_a_deal_is_dated_against_the_publication_date_the_reader_found(nlp, tmp_path, header, expected):
    # The reader takes the header line out of the text; the deal's status must still see its date.
    path = tmp_path / "story.txt"
    path.write_text(f"{header}\n\nThe Home Office awarded Serco a contract in 2019 to run the centres.\n",
                    encoding="utf-8")
    record = next(extract_files(nlp, [path]))
    assert "2019" in record["text"] and "Date:" not in record["text"]
    assert [c["status"] for c in record["contracts"]] == [expected]
