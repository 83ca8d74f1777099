"""The article text cut into display segments for the split screen.

Each segment is a stretch of the stored revision text with the same marks: the suggestion it belongs to and
the claims that cover it. The template renders one <span data-start> per segment, so the browser can turn
a mouse selection back into character offsets of the stored text (line breaks get segments of their own:
the HTML parser would turn a stored "\\r\\n" into "\\n" and shift every offset after it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
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

    @property
    def claim_ids(self) -> str:
        """The covering claims' ids, space-separated (the highlight's data-claims)."""
        return " ".join(str(claim.id) for claim in self.claims)

    @property
    def title(self) -> str:
        """The highlight's tooltip: "Claim 7: its wording | Claim 9: ..." (escaped by the template)."""
        return " | ".join(f"Claim {claim.id}: {claim.text}" for claim in self.claims)


def score_band(score: float) -> str:
    """'high', 'mid' or 'low': how a suggestion's check-worthiness score is shown."""
    if score >= 0.7:
        return "high"
    if score >= 0.5:
        return "mid"
    return "low"


def claimed_counts(suggestions: list[Suggestion], placed: list[Claim]) -> dict[int, int]:
    """{suggestion index: how many placed claims overlap it}, for every suggestion.

    Suggestions are sentences in reading order (starts and ends rising), so each claim's overlaps are found
    by bisection rather than by comparing every claim with every sentence."""
    claimed = dict.fromkeys(range(len(suggestions)), 0)
    ends = [item.end for item in suggestions]
    in_order = all(a.start <= b.start for a, b in zip(suggestions, suggestions[1:], strict=False)) and all(
        a <= b for a, b in zip(ends, ends[1:], strict=False)
    )
    for claim in placed:
        first = bisect_right(ends, claim.start) if in_order else 0
        for i in range(first, len(suggestions)):
            item = suggestions[i]
            if in_order and item.start >= claim.end:
                break
            if claim.start < item.end and item.start < claim.end:
                claimed[i] += 1
    return claimed


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
    # Every claim boundary inside the text is a cut, so a claim covers a segment exactly when the segment
    # starts inside it: a sweep in reading order keeps the claims open at each cut, as (tightness, id,
    # start, end, claim) so that sorting them puts the tightest claim first.
    waiting = sorted(((c.end - c.start, c.id, c.start, c.end, c) for c in placed), key=lambda w: w[2])
    next_claim = 0
    open_claims: list[tuple] = []
    result: list[Segment] = []
    which = 0
    for start, end in zip(cuts, cuts[1:], strict=False):
        while which < len(suggestions) and suggestions[which].end <= start:
            which += 1
        inside = which < len(suggestions) and suggestions[which].start <= start < suggestions[which].end
        while next_claim < len(waiting) and waiting[next_claim][2] <= start:
            open_claims.append(waiting[next_claim])
            next_claim += 1
        if open_claims:
            open_claims = [w for w in open_claims if start < w[3]]
        piece = text[start:end]
        result.append(
            Segment(
                start=start,
                end=end,
                text=piece,
                suggestion=which if inside else None,
                claims=[w[4] for w in sorted(open_claims, key=lambda w: w[:2])] if open_claims else [],
                is_break=_BREAKS.fullmatch(piece) is not None,
            )
        )
    return result
