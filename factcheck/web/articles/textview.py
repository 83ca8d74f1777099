"""The article text cut into display segments for the split screen.

Each segment is a stretch of the stored revision text with the same marks: the suggestion it belongs to and
the claims that cover it. The template renders one <span data-start> per segment, so the browser can turn
a mouse selection back into character offsets of the stored text (line breaks get segments of their own:
the HTML parser would turn a stored "\\r\\n" into "\\n" and shift every offset after it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...models import Claim
from ...services.splitting import Suggestion

_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


@dataclass
class Segment:
    start: int
    end: int
    text: str
    suggestion: int | None  # index into the suggestions list
    claims: list[Claim]
    is_break: bool = False


def score_band(score: float) -> str:
    """'high', 'mid' or 'low': how a suggestion's check-worthiness score is shown."""
    if score >= 0.7:
        return "high"
    if score >= 0.5:
        return "mid"
    return "low"


def segments(text: str, suggestions: list[Suggestion], placed: list[Claim]) -> list[Segment]:
    """Cut `text` at every suggestion and claim boundary and every line break, in reading order."""
    cuts = {0, len(text)}
    for item in suggestions:
        cuts.update((item.start, item.end))
    for claim in placed:
        cuts.update((claim.start, claim.end))
    breaks = [(m.start(), m.end()) for m in _BREAKS.finditer(text)]
    for start, end in breaks:
        cuts.update((start, end))
    cuts = sorted(c for c in cuts if 0 <= c <= len(text))
    result: list[Segment] = []
    which = 0
    for start, end in zip(cuts, cuts[1:], strict=False):
        while which < len(suggestions) and suggestions[which].end <= start:
            which += 1
        inside = which < len(suggestions) and suggestions[which].start <= start < suggestions[which].end
        covering = [c for c in placed if c.start <= start and end <= c.end]
        covering.sort(key=lambda c: (c.end - c.start, c.id))  # the tightest claim first
        result.append(
            Segment(
                start=start,
                end=end,
                text=text[start:end],
                suggestion=which if inside else None,
                claims=covering,
                is_break=not _BREAKS.sub("", text[start:end]),
            )
        )
    return result
