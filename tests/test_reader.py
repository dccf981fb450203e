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
