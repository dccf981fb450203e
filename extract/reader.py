"""Reading documents from disk: text, Markdown and HTML, in any common encoding,
with the publication date and publisher their metadata or header lines give."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

from charset_normalizer import from_bytes

from .dates import TimeWords, date_line, header_key, load_time_words, parse_date

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".text"}
MAX_BYTES = 50 * 1024 * 1024


class ReadError(ValueError):
    """A file that cannot be read as a document; the message names the file and why."""


@dataclass(frozen=True)
class Document:
    """A document to parse. ``text`` is what the pipeline sees and what evidence
    offsets count in: for HTML the visible text, and never the header lines or
    front matter that gave ``published`` and ``publisher``."""

    id: str
    text: str
    path: str
    sha256: str
    published: str | None = None  # ISO date
    publisher: str | None = None

    @property
    def meta(self) -> dict:
        return {"source": self.path, "sha256": self.sha256, "publisher": self.publisher, "published": self.published}


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
    return read_html(html)[0]


def read_html(html: str, words: TimeWords | None = None) -> tuple[str, str | None, str | None]:
    """(visible text, published, publisher) of a page: dates and site name from its
    <meta> tags, JSON-LD or <time datetime>, read before the page chrome is dropped."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    published, publisher = _html_meta(soup, words or load_time_words())
    for tag in soup(["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form"]):
        tag.decompose()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line), published, publisher


def _html_meta(soup, words: TimeWords) -> tuple[str | None, str | None]:
    metas: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        value = (tag.get("content") or "").strip()
        if key and value:
            metas.setdefault(key, value)
    published = next((d for k in words.html_published if k in metas and (d := parse_date(metas[k], words))), None)
    publisher = next((_site_name(metas[k]) for k in words.html_publisher if k in metas and _site_name(metas[k])), None)
    if published is None or publisher is None:
        ld_date, ld_publisher = _json_ld(soup, words)
        published, publisher = published or ld_date, publisher or ld_publisher
    if published is None:
        for tag in soup.find_all(attrs={"itemprop": "datePublished"}) + soup.find_all("time"):
            value = tag.get("datetime") or tag.get("content") or tag.get_text(" ", strip=True)
            if value and (published := parse_date(str(value), words)):
                break
    return published, publisher


def _json_ld(soup, words: TimeWords) -> tuple[str | None, str | None]:
    """datePublished and publisher.name of a page's schema.org JSON-LD."""
    date = name = None
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
        except (ValueError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
                continue
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("@graph"), list):
                stack.extend(item["@graph"])
            if date is None and item.get("datePublished"):
                date = parse_date(str(item["datePublished"]), words)
            pub = item.get("publisher")
            pub = pub.get("name") if isinstance(pub, dict) else pub
            if name is None and isinstance(pub, str):
                name = _site_name(pub)
    return date, name


def _site_name(value: str) -> str | None:
    """A publisher's name; a URL gives its host ("www.reuters.com" -> "reuters.com")."""
    value = value.strip()
    if re.match(r"https?://", value):
        host = urlparse(value).hostname or ""
        if "facebook." in host:
            return None  # article:publisher is often the outlet's Facebook page
        value = host.removeprefix("www.")
    return value[:120] or None


# --- header lines and front matter of text and Markdown -----------------------------------------------

_FRONT = re.compile(r"\A(---|\+\+\+)[ \t]*\n(.*?)\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MD_MARKS = "*_#> \t"
HEAD_CHARS = 4000  # header lines live in the first few lines: never scan a whole long document


def _key(text: str) -> str:
    return header_key(text.strip().strip(_MD_MARKS))


def read_header(text: str, words: TimeWords | None = None) -> tuple[str, str | None, str | None]:
    """(text without its header, published, publisher) of a text or Markdown document.

    The header is YAML or TOML front matter (its ``title`` kept as the first line),
    and, among the first lines, lines like "Date: 12 March 2024", "Published:
    2024-03-12", "Source: Reuters" or a date on a line of its own. Those lines are
    taken out of the text, so they give no entity and no evidence; the text
    parsed, stored and pointed into by offsets is what is left.
    """
    words = words or load_time_words()
    published = publisher = None
    front = _FRONT.match(text[:HEAD_CHARS * 4])
    if front:
        title = None
        for line in front.group(2).splitlines():
            m = re.match(r"\s*([A-Za-z][\w .-]*?)\s*[:=]\s*(.+?)\s*$", line)
            if not m:
                continue
            key, value = _key(m[1]), m[2].strip().strip("'\"")
            if key == "title" and title is None:
                title = value
            elif published is None and key in words.header_published:
                published = parse_date(value, words)
            elif publisher is None and key in words.header_publisher and value:
                publisher = _site_name(value)
        text = (title + "\n\n" if title else "") + text[front.end():].lstrip("\n")
    cuts = []  # (start, end) of the header lines, newline included
    seen = pos = 0
    while seen < words.header_lines and pos < min(len(text), HEAD_CHARS):
        end = text.find("\n", pos, pos + 300)
        if end < 0 and len(text) - pos > 300:
            break  # a long line: the body has begun (and it is not copied to find out)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if line.strip():
            seen += 1
            found = _header_line(line, words)
            if found is not None:
                key, value = found
                if key == "published":
                    published = published or value
                else:
                    publisher = publisher or value
                cuts.append((pos, end + 1))
        pos = end + 1
    if cuts:
        parts, last = [], 0
        for a, b in cuts:
            parts.append(text[last:a])
            last = b
        parts.append(text[last:])
        text = re.sub(r"\A(?:[ \t]*\n)+", "", "".join(parts))  # no blank lines on top where the header was
    return text, published, publisher


def _header_line(line: str, words: TimeWords) -> tuple[str, str] | None:
    """("published", ISO date) or ("publisher", name) for a header line, else None."""
    bare = line.strip().strip(_MD_MARKS)
    m = re.match(r"([A-Za-z][A-Za-z _-]{1,24}?)\s*[*_]*\s*:\s*[*_]*\s*(.+)$", bare)
    if m:
        key, value = _key(m[1]), m[2].strip().strip(_MD_MARKS)
        if key in words.header_published:
            date = parse_date(value, words) or date_line(value, words)
            return ("published", date) if date else None
        if key in words.header_publisher and 0 < len(value.split()) <= 8 and not value.endswith("."):
            name = _site_name(value)
            return ("publisher", name) if name else None
        return None
    m = re.match(r"(?:published|posted|first published)(?:\s+on)?\s+(.+)$", bare, re.I)
    if m and (date := date_line(m[1], words)):
        return "published", date  # "Published 12 March 2024"
    date = date_line(bare, words)
    return ("published", date) if date else None


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
    words = load_time_words()
    published = publisher = None
    if path.suffix.lower() in (".html", ".htm") or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        text, published, publisher = read_html(text, words)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, head_published, head_publisher = read_header(text, words)
    if not text.strip():
        raise ReadError(f"{path}: no text in the file")
    return Document(path.stem, text, str(path), hashlib.sha256(data).hexdigest(),
                    published or head_published, publisher or head_publisher)


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
