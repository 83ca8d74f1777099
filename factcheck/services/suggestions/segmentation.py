"""Cut an article into sentences with exact offsets.

Every line of the article (headline, caption, credit, paragraph) is cut on its own, so a line break always
ends a segment. Inside a line, pysbd (a rule-based port of the Pragmatic Segmenter, no model to load, tested
on its "golden rules" for abbreviations, initials, amounts, quotes and ellipses) finds the sentence
boundaries. We place pysbd's sentences back onto the line ourselves with a left-to-right search instead of
using its ``char_span`` mode, which re-searches the whole text and can misplace repeated sentences; that keeps
offsets exact whatever the text holds (curly quotes, accents, dashes). Two cheap repairs then undo the cuts
news copy still trips on: after a title abbreviation ("Gen.", "Mr.") and before a lowercase word or digit;
and a quoted question or exclamation stays with the attribution after it ("“Why?” Mr. Doyle asked"). A
direct quote of several sentences is cut at its sentence ends, as annotators do (“A. / B,” X said.). A
list item ("- ", "• ", "* ", "– ", "1. ", "2) ", "a) ") starts after its marker: the marker is layout, not text.
A wire dateline opening a line ("LONDON (Reuters) - ") is a segment of its own (``patterns.DATELINE``).
"""

from __future__ import annotations

import re
import threading

import pysbd

from .patterns import DATELINE, OPENERS, TERMINAL

_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_TITLE_ABBREVIATIONS = frozenset(
    "Mr Mrs Ms Dr Gen Lt Col Maj Capt Cmdr Adm Brig Sgt Cpl Pvt Gov Sen Rep Rev Prof St Pres Supt Insp "
    "Amb Atty Hon Messrs No Nos Vol Fig Art Sec Ch Para approx incl esp vs cf ca nos".split()
)
_ENDS_WITH_TITLE = re.compile(r"(?:^|[\s(])([A-Za-z]{1,6})\.$")
_ENDS_WITH_DIGIT_DOT = re.compile(r"\d\.$")
_QUOTED = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"")
_QUOTE_ENDS_ASKING = re.compile(r"[?!][”\"’»]$")
# An attribution clause after a quote: a name or pronoun, then a reporting verb; or a reporting verb, then a
# name ("Mr. Doyle asked", "He said", "Said Ms. Lee" is rare but the same).
_ATTRIBUTION_OPENS = re.compile(
    r"(?:(?:(?:the|a|an)\s+)?(?:[A-Z][\w’'-]*\.?\s+){1,4}|(?:He|She|They|It|We|I)\s+)(?:[a-z]+ly\s+)?"
    r"(?:said|says|asked|asks|added|adds|told|wrote|writes|posted|tweeted|shouted|replied|cried|wondered|"
    r"demanded|insisted|declared|exclaimed|responded|continued|noted)\b|(?:Said|Asked|Added|Wrote)\s+[A-Z]"
)
# A list marker at the start of a line: a bullet or dash, or a number or letter with "." or ")".
LIST_MARKER = re.compile(r"[ \t]*(?:[-•*–—▪●◦‣]|\d{1,2}[.)]|[a-z][)])[ \t]+(?=\S)")
_local = threading.local()


def _segmenter() -> pysbd.Segmenter:
    # pysbd keeps per-call state on the instance, so each thread gets its own.
    segmenter = getattr(_local, "segmenter", None)
    if segmenter is None:
        segmenter = _local.segmenter = pysbd.Segmenter(language="en", clean=False)
    return segmenter


def _trim(line: str, start: int, end: int) -> tuple[int, int] | None:
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + lead + len(stripped)


def _should_join(line: str, left: tuple[int, int], right: tuple[int, int]) -> bool:
    before = line[left[0] : left[1]]
    after = line[right[0] : right[1]].lstrip(OPENERS)
    title = _ENDS_WITH_TITLE.search(before)
    if title and title.group(1) in _TITLE_ABBREVIATIONS:
        return True
    if after[:1].islower():
        return True
    # A quoted question or exclamation and its attribution are one sentence: “Why?” Mr. Doyle asked.
    if _QUOTE_ENDS_ASKING.search(before) and _ATTRIBUTION_OPENS.match(line, right[0]):
        return True
    return bool(_ENDS_WITH_DIGIT_DOT.search(before) and after[:1].isdigit())


def _quote_cuts(line: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """``span`` cut at the sentence ends inside its direct quotes: “A. B,” X said. -> “A. / B,” X said."""
    start, end = span
    cuts: list[tuple[int, int]] = []
    for quote in _QUOTED.finditer(line, start, end):
        inner_start = quote.start() + 1
        inner = line[inner_start : quote.end() - 1]
        pieces = [piece.strip() for piece in _segmenter().segment(inner) if piece.strip()]
        cursor = 0
        previous: tuple[int, int] | None = None
        for piece in pieces:
            found = inner.find(piece, cursor)
            if found < 0:
                break
            here = (inner_start + found, inner_start + found + len(piece))
            if previous and not _should_join(line, previous, here) and TERMINAL.search(line[: previous[1]]):
                cuts.append((previous[1], here[0]))
            previous = here
            cursor = found + len(piece)
    if not cuts:
        return [span]
    spans, left = [], start
    for left_end, right_start in cuts:
        spans.append((left, left_end))
        left = right_start
    spans.append((left, end))
    return spans


def _cut_line(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter().segment(line):
        found = line.find(piece.strip(), cursor) if piece.strip() else -1
        if found < 0:
            continue
        # Text pysbd skipped over (it should not) is kept with the sentence that follows it.
        start = cursor if line[cursor:found].strip() else found
        span = _trim(line, start, found + len(piece.strip()))
        if span:
            spans.append(span)
        cursor = found + len(piece.strip())
    tail = _trim(line, cursor, len(line))
    if tail:
        spans.append(tail)
    joined: list[tuple[int, int]] = []
    for span in spans:
        if joined and _should_join(line, joined[-1], span):
            joined[-1] = (joined[-1][0], span[1])
        else:
            joined.append(span)
    return [piece for span in joined for piece in _quote_cuts(line, span)]


def split_sentences(text: str) -> list[tuple[int, int, bool]]:
    """Cut ``text`` into (start, end, whole_line) spans: trimmed, in order, never across a line break."""
    result: list[tuple[int, int, bool]] = []
    for line in _LINE.finditer(text):
        marker = LIST_MARKER.match(line.group())
        offset = line.start() + (marker.end() if marker else 0)
        dateline = DATELINE.match(text, offset, line.end())
        if dateline:  # "LONDON (Reuters) - ...": the dateline is a segment of its own, like a credit
            result.append((offset, dateline.end(), False))
            offset = (
                dateline.end()
                + len(text[dateline.end() : line.end()])
                - len(text[dateline.end() : line.end()].lstrip())
            )
        spans = _cut_line(text[offset : line.end()])
        for start, end in spans:
            result.append((offset + start, offset + end, len(spans) == 1))
    return result
