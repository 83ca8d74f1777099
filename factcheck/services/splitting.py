"""Suggest the sentences of an article worth checking, and who the article attributes each one to.

The public entry: ``suggest_claims`` and the ``Suggestion`` it returns. The work is done by the
``suggestions`` package, one concern a module:

- ``segmentation``: cut the article into sentences with exact offsets, never across a line break; a list
  item starts after its marker;
- ``scoring``: check-worthiness as a sum of visible features, each one a line in ``reasons``;
  ``score >= CHECK_WORTHY_THRESHOLD`` flags a sentence; attribution counts only when what is attributed is
  checkable itself;
- ``vocabulary``: the features' words (figures, dates, frequencies, events, opinion, stance, quoted labels);
- ``forecasts``: a forecast told from a fact, a scheduled event, a commitment or a programme's firm terms;
- ``interviews``: who answers the "A:" lines of an interview (the interviewee, never a name in a question);
- ``attribution``: the claimant a sentence names itself ("X said", "according to X", "said spokesperson X");
- ``references``: back-references resolved to earlier mentions (he/she, a surname, "the ministry");
- ``claimants``: the claimant of every sentence in its context (bare quotes, interview answers, quotes cut
  into several sentences);
- ``subjects``: the speaker inside the phrase before a reporting verb (ages, affiliations, places, clauses);
- ``antecedents``: the latest company or group named, for "the company", "the group", "a company spokesperson";
- ``nonclaims``: appeals, data pointers, impressions, vague assessments and list instructions;
- ``atomic``: a check-worthy sentence cut into standalone claims, each with its span of the article;
- ``patterns``: the words and patterns they share, the verb lexicon among them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .suggestions.atomic import AtomicClaim, atomic_claims
from .suggestions.claimants import attribute_claimants, with_writer
from .suggestions.patterns import CREDIT, TERMINAL
from .suggestions.scoring import score_sentence
from .suggestions.segmentation import LIST_MARKER, split_sentences

__all__ = [
    "CHECK_WORTHY_THRESHOLD",
    "AtomicClaim",
    "Suggestion",
    "score_sentence",
    "split_sentences",
    "suggest_claims",
]

CHECK_WORTHY_THRESHOLD = 0.5


@dataclass(frozen=True)
class Suggestion:
    """One segment of the article: ``text == article[start:end]`` (end exclusive)."""

    start: int
    end: int
    text: str
    score: float
    check_worthy: bool
    claimant: str | None
    reasons: tuple[str, ...] = ()
    atomic_claims: tuple[AtomicClaim, ...] = ()  # for a check-worthy sentence: its standalone claims


def _normal(value: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", value.casefold()).split())


def suggest_claims(text: str, *, title: str | None = None) -> list[Suggestion]:
    """Every segment of ``text`` in order, scored, flagged and attributed.

    Offsets index ``text`` exactly (``text[s.start:s.end] == s.text``, whitespace trimmed). A line break
    always ends a segment; abbreviations and amounts never do. ``title``, when given, marks the segment
    that repeats it as a headline. Pure and fast: no I/O, a 5,000-word article in a fraction of a second.

    Beyond what a sentence says itself, a claimant comes from context: a bare quote continues the quote
    attributed just before it (same paragraph, or the paragraph before ending on an attributed quote), and
    an interview's answer lines ("A: …") belong to the latest person quoted. Headlines and questions put by
    the interviewer have none.
    """
    segments = split_sentences(text)
    sentences = [text[start:end] for start, end, _whole in segments]
    title_key = _normal(title) if title else None
    line_ids: list[int] = []
    line = 0
    for index, (start, _end, _whole) in enumerate(segments):
        if index and re.search(r"[\n\r\u2028\u2029]", text[segments[index - 1][1] : start]):
            line += 1
        line_ids.append(line)
    # A list item: the segment opens its line right after a list marker ("- ", "1. ").
    list_items = []
    for start, _end, _whole in segments:
        line_start = max(text.rfind(ch, 0, start) for ch in "\n\r\u2028\u2029") + 1
        marker = LIST_MARKER.match(text, line_start)
        list_items.append(bool(marker) and marker.end() == start)
    titles = []
    for index, ((_start, _end, whole_line), sentence) in enumerate(zip(segments, sentences, strict=True)):
        is_title = bool(title_key) and _normal(sentence) == title_key
        if not title_key and index == 0 and whole_line:
            is_title = not TERMINAL.search(sentence)
        titles.append(is_title)
    credits = [bool(CREDIT.search(sentence)) for sentence in sentences]
    captions = [
        not credits[i] and not titles[i] and i + 1 < len(sentences) and credits[i + 1]
        for i in range(len(sentences))
    ]
    spans = [(start, end) for start, end, _whole in segments]
    skipped = [is_title or is_credit for is_title, is_credit in zip(titles, credits, strict=True)]
    attributed = attribute_claimants(text, spans, line_ids=line_ids, list_items=list_items, skipped=skipped)
    # An opinion piece's own voice is its writer's claim, but it is no attribution to weigh in the score.
    claimants = with_writer(text, spans, attributed, skipped)

    suggestions: list[Suggestion] = []
    for index, ((start, end, whole_line), sentence) in enumerate(zip(segments, sentences, strict=True)):
        score, reasons = score_sentence(
            sentence,
            whole_line=whole_line,
            is_title=titles[index],
            attributed=attributed[index] is not None,
            claimant=attributed[index],
            caption=captions[index],
            list_item=list_items[index],
        )
        suggestions.append(
            Suggestion(
                start=start,
                end=end,
                text=sentence,
                score=score,
                check_worthy=score >= CHECK_WORTHY_THRESHOLD,
                claimant=claimants[index],
                reasons=reasons,
                atomic_claims=tuple(atomic_claims(sentence, start, text[:start], claimants[index]))
                if score >= CHECK_WORTHY_THRESHOLD
                else (),
            )
        )
    return suggestions
