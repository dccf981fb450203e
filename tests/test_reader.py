"""Reading documents: encodings, HTML, and the files that are not documents."""
from __future__ import annotations

import pytest

from extract.reader import ReadError, find_files, read_document


def test_utf8_text(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Palantir won a £330m contract from NHS England.", encoding="utf-8")
    doc = read_document(path)
    assert doc.id == "story" and "£330m" in doc.text and len(doc.sha256) == 64


def test_other_encodings_are_detected(tmp_path):
    path = tmp_path / "latin.txt"
    text = "Le ministère de l'Intérieur a signé un contrat de 14 millions d'euros avec la société Thalès. " * 3
    path.write_bytes(text.encode("latin-1"))
    assert "ministère" in read_document(path).text
    utf16 = tmp_path / "wide.txt"
    utf16.write_bytes("Serco runs NHS Test and Trace call centres.".encode("utf-16"))
    assert "Serco" in read_document(utf16).text


def test_html_gives_visible_text_only(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><style>p{}</style><script>var thiel = 1;</script></head>"
                    "<body><nav>Home | News</nav><p>Peter Thiel co-founded <b>Palantir</b>.</p></body></html>")
    text = read_document(path).text
    assert "Peter Thiel co-founded" in text and "Palantir" in text
    assert "var thiel" not in text and "Home | News" not in text


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\t ", "empty"),
    (bytes(range(256)) * 40, "binary"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary"),
])
def test_files_that_are_not_documents(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=message):
        read_document(path)


def test_missing_path():
    with pytest.raises(ReadError, match="no such file"):
        list(find_files(["/nonexistent/newsgraph/file.txt"]))


def test_folders_are_walked_for_documents_only(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("y")
    (tmp_path / "c.png").write_bytes(b"\x89PNG")
    assert [p.name for p in find_files([tmp_path])] == ["a.txt", "b.md"]


# --- publication date and publisher ----------------------------------------------------------------------

BODY = "Mayor of London Sadiq Khan has blocked the deal."


@pytest.mark.parametrize("name, content, published, publisher", [
    ("meta.html", '<html><head><meta property="article:published_time" content="2024-03-12T09:30:00+00:00">'
                  '<meta property="og:site_name" content="The Guardian"></head>'
                  '<body><header><time datetime="2020-01-01">1 Jan</time></header><p>' + BODY + '</p></body></html>',
     "2024-03-12", "The Guardian"),
    ("named.html", '<html><head><meta name="date" content="12 March 2024"><meta name="publisher" '
                   'content="https://www.reuters.com/"></head><body><p>' + BODY + '</p></body></html>',
     "2024-03-12", "reuters.com"),
    ("ld.html", '<html><head><script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
                '"datePublished": "2023-11-21T08:00:00Z", "publisher": {"@type": "Organization", "name": "Reuters"}}]}'
                '</script></head><body><p>' + BODY + '</p></body></html>', "2023-11-21", "Reuters"),
    ("time.html", '<html><body><article><time datetime="2022-05-04T10:00">4 May</time><p>' + BODY + '</p></article>'
                  '</body></html>', "2022-05-04", None),
    ("front.md", "---\ntitle: \"Khan blocks the deal\"\npublish_date: 2024-03-12\npublisher: Evening Standard\n---\n\n" + BODY,
     "2024-03-12", "Evening Standard"),
    ("toml.md", "+++\ndate = \"2024-03-12T10:00:00Z\"\nsource = \"Reuters\"\n+++\n" + BODY, "2024-03-12", "Reuters"),
    ("lines.txt", "Khan blocks the deal\nDate: 12 March 2024\nSource: Reuters\n\n" + BODY, "2024-03-12", "Reuters"),
    ("bold.md", "# Khan blocks the deal\n**Published:** March 12, 2024\n\n" + BODY, "2024-03-12", None),
    ("posted.txt", "Published 12 March 2024\n" + BODY, "2024-03-12", None),
    ("alone.txt", "Tuesday 12 March 2024\n\n" + BODY, "2024-03-12", None),
    ("plain.txt", BODY + "\n", None, None),
])
def test_publication_date_and_publisher(tmp_path, name, content, published, publisher):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    doc = read_document(path)
    assert (doc.meta["published"], doc.meta["publisher"]) == (published, publisher)
    assert set(doc.meta) == {"source", "sha256", "published", "publisher"}
    assert BODY in doc.text


def test_header_lines_leave_the_text_and_nothing_else_does(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Khan blocks the deal\nDate: 12 March 2024\nSource: Reuters\n\n" + BODY +
                    "\nSource: the mayor's office said the date: 5 May 2020 was final.\n", encoding="utf-8")
    text = read_document(path).text
    assert text == "Khan blocks the deal\n\n" + BODY + "\nSource: the mayor's office said the date: 5 May 2020 was final.\n"
    front = tmp_path / "front.md"
    front.write_text("---\ntitle: Khan blocks the deal\ndate: 2024-03-12\n---\n" + BODY, encoding="utf-8")
    assert read_document(front).text == "Khan blocks the deal\n\n" + BODY


def test_lines_that_only_look_like_a_header_stay(tmp_path):
    path = tmp_path / "story.txt"
    text = "Date: to be confirmed\nSource: people familiar with the talks, who asked not to be named.\n" + BODY
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    assert (doc.text, doc.published, doc.publisher) == (text, None, None)


def test_a_header_is_read_from_the_top_of_a_long_document_only(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(("A paragraph of words. " * 30 + "\n") * 10 + "Date: 12 March 2024\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.published is None and doc.text.endswith("Date: 12 March 2024\n")
