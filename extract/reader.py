"""Reading documents from disk: text, Markdown and HTML, in any common encoding."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from charset_normalizer import from_bytes

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".text"}
MAX_BYTES = 50 * 1024 * 1024


class ReadError(ValueError):
    """A file that cannot be read as a document; the message names the file and why."""


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    path: str
    sha256: str

    @property
    def meta(self) -> dict:
        return {"source": self.path, "sha256": self.sha256}


def decode(data: bytes, path: str) -> str:
    if not data.strip():
        raise ReadError(f"{path}: the file is empty")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(f"{path}: this looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Ties between code pages are common on short texts; news in English and
    # western European languages is far more often cp1252 than cp1250.
    preferred = ["cp1252", "latin_1", "iso8859_15", "mac_roman"]
    best = min(from_bytes(data), default=None,
               key=lambda m: (round(m.chaos, 3), -round(m.coherence, 3),
                              preferred.index(m.encoding) if m.encoding in preferred else len(preferred)))
    if best is None:
        raise ReadError(f"{path}: cannot tell the text encoding (is it a binary file?)")
    text = str(best)
    if sum(1 for ch in text[:4096] if ch.isprintable() or ch.isspace()) < 0.9 * len(text[:4096]):
        raise ReadError(f"{path}: this looks like a binary file, not text")
    return text


def html_to_text(html: str) -> str:
    """Visible text of a page, one block a line; scripts, styles and navigation left out."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form"]):
        tag.decompose()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line)


def read_document(path: str | Path) -> Document:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ReadError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB; split it first")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ReadError(f"{path}: is a folder") from None
    except PermissionError:
        raise ReadError(f"{path}: permission denied") from None
    text = decode(data, str(path))
    if path.suffix.lower() in (".html", ".htm") or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(f"{path}: no text in the file")
    return Document(path.stem, text, str(path), hashlib.sha256(data).hexdigest())


def find_files(paths: list[str | Path]) -> Iterator[Path]:
    """The files named, and the documents in the folders named (sorted, recursively)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.exists():
            yield path
        else:
            raise ReadError(f"{path}: no such file or folder")
