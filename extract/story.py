"""What a sentence leaves to its story: its names found by any token of theirs, and
the firm the story is about, for "the round", "its customers" or "the start-up" when
the sentence itself names no firm (extract/rounds.py, extract/clients.py)."""
from __future__ import annotations

from typing import Iterator

from spacy.tokens import Doc, Span, Token

_LIST = ("conj", "appos")


class SentenceArgs:
    """The entity arguments of one sentence, found by any token of their span."""

    def __init__(self, args: list) -> None:
        self.by_token = {}
        for a in args:
            for i in range(a.start, a.end):
                self.by_token.setdefault(i, a)
            self.by_token.setdefault(a.root.i, a)

    def at(self, tok: Token | None):
        return None if tok is None else self.by_token.get(tok.i)

    def listed(self, tok: Token) -> list:
        """The names a list starting at ``tok`` holds: "Warburg Pincus, Dawn Capital and
        AlbionVC" (the parser joins names by conj or, as often, by appos)."""
        found, todo, seen = [], [tok], set()
        while todo:
            t = todo.pop()
            if t.i in seen:
                continue
            seen.add(t.i)
            arg = self.at(t)
            if arg is not None and all(arg.entity != f.entity for f in found):
                found.append(arg)
            # "HSBC, Standard Chartered and Danske Bank" may come out as names modifying the last
            todo += [c for c in t.children if c.dep_ in _LIST or c.dep_ == "nmod" and self.at(c) is not None]
            if arg is not None and t.i == arg.root.i:
                # "the Capital Region of Denmark and Region Zealand": the next name hung on a word inside
                todo += [c for w in t.doc[arg.start:arg.end] if w.i != t.i for c in w.children
                         if c.dep_ == "conj" and not arg.start <= c.i < arg.end]
        for arg in self._items_after(tok):
            if all(arg.entity != f.entity for f in found):
                found.append(arg)
        return found

    def _items_after(self, tok: Token) -> list:
        """The items of a comma list that starts with the name at ``tok``, read flat: the
        parser hangs "Bpifrance" of "GV, the venture arm of Google's parent Alphabet,
        Bpifrance and Cathay Innovation" on Alphabet. An item is a stretch between commas
        (or "and") that is one name; a stretch that starts otherwise ("the venture arm
        of …", "which flies …") describes the item before it; the list ends at the first
        stretch after a description that is neither."""
        first = self.at(tok)
        if first is None or first.start != tok.i and tok.i != first.root.i:
            return []
        sent, items, i = tok.sent, [], first.end
        while i < sent.end and sent.doc[i].text == ",":
            j = i + 1
            if j < sent.end and sent.doc[j].lower_ in ("and", "or"):
                j += 1
            end = j
            while end < sent.end and sent.doc[end].text not in (",", ";", ".") and not (
                    sent.doc[end].lower_ in ("and", "or") and sent.doc[end].dep_ == "cc"):
                end += 1
            arg = self.at(sent.doc[j]) if j < sent.end else None
            if arg is not None and arg.start == j and arg.end == end:
                items.append(arg)
            elif j >= sent.end or not (sent.doc[j].pos_ in ("DET", "PRON") or sent.doc[j].is_lower):
                break
            if end < sent.end and sent.doc[end].lower_ in ("and", "or"):
                last = self.at(sent.doc[end + 1]) if end + 1 < sent.end else None
                stop = end + 1
                while last is not None and stop < sent.end and self.at(sent.doc[stop]) is last:
                    stop += 1
                if last is not None and last.start == end + 1 and (stop >= sent.end or sent.doc[stop].is_punct):
                    items.append(last)
                break
            i = end
        return items


class Story:
    """Sentences of a document with their arguments, counting the firms named so far."""

    def __init__(self, doc: Doc, entities: list, args_by_sent: dict[int, list]) -> None:
        self.doc, self.entities, self.args_by_sent = doc, entities, args_by_sent
        self.mentioned: dict[int, int] = {}

    def sentences(self) -> Iterator[tuple[Span, SentenceArgs]]:
        """(sentence, its arguments) for the sentences that name anything."""
        for sent in self.doc.sents:
            sent_args = self.args_by_sent.get(sent.start, [])
            for a in sent_args:
                if self.entities[a.entity].label == "Company" and not a.anaphor:
                    self.mentioned[a.entity] = self.mentioned.get(a.entity, 0) + 1
            if sent_args:
                yield sent, SentenceArgs(sent_args)

    def firm(self, last_raiser=None, investors: frozenset[int] = frozenset()) -> int | None:
        """The firm the story names most, once it has named one at least twice (a headline
        has not settled on one yet); ``last_raiser`` breaks a tie or stands in before. A firm
        the story tells as an ``investors`` one (Berkshire Hathaway in a story of its stake
        in Nubank) is not the firm whose round it is, while another is named."""
        mentioned = {e: n for e, n in self.mentioned.items() if e not in investors} or self.mentioned
        most = max(mentioned.values(), default=0)
        if most < 2:
            return last_raiser.entity if last_raiser is not None else None
        if last_raiser is not None and mentioned.get(last_raiser.entity) == most:
            return last_raiser.entity
        return max(mentioned, key=mentioned.get)
