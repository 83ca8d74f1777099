"""How well ``suggest_claims`` agrees with a reviewer's gold annotation of an article.

Four figures, each a fraction in 0..1:

- segmentation accuracy: gold sentences whose (start, end) a suggestion matches exactly;
- check-worthy recall and precision: over the gold sentences a suggestion matches exactly;
- claimant accuracy: over gold sentences that are check-worthy or have a claimant, compared with the
  suggestion overlapping them most (a gold sentence no suggestion overlaps counts as a miss).

Claimants are compared leniently (``claimant_matches``): case, punctuation, accents and a leading article are
ignored; a gold "a report (Naher)" or "a security source (via Naher)" accepts the part outside or inside the
parentheses; a prediction matches when one contains the other word for word or their RapidFuzz token ratio is
at least 85. None matches only None.

Counts are kept rather than ratios so several articles pool into one micro-averaged figure.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from factcheck.services.splitting import Suggestion, suggest_claims

BARS = {
    "segmentation_accuracy": 0.95,
    "check_worthy_recall": 0.9,
    "check_worthy_precision": 0.8,
    "claimant_accuracy": 0.8,
}
FUZZY_CLAIMANT_RATIO = 85


@dataclass
class EvalCounts:
    """Raw counts behind the four figures; add two with ``+`` to pool articles."""

    gold_sentences: int = 0
    segments_matched: int = 0
    true_positive: int = 0
    gold_positive: int = 0
    predicted_positive: int = 0
    claimants_scored: int = 0
    claimants_right: int = 0

    def __add__(self, other: EvalCounts) -> EvalCounts:
        return EvalCounts(*(a + b for a, b in zip(vars(self).values(), vars(other).values(), strict=True)))

    def figures(self) -> dict[str, float]:
        """The four figures, named as in ``BARS``; a figure with nothing to count is 1.0."""

        def ratio(num: int, den: int) -> float:
            return num / den if den else 1.0

        return {
            "segmentation_accuracy": ratio(self.segments_matched, self.gold_sentences),
            "check_worthy_recall": ratio(self.true_positive, self.gold_positive),
            "check_worthy_precision": ratio(self.true_positive, self.predicted_positive),
            "claimant_accuracy": ratio(self.claimants_right, self.claimants_scored),
        }


def _normal(value: str) -> str:
    value = unicodedata.normalize("NFKD", value.casefold())
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    words = re.sub(r"[^\w\s]", " ", value).split()
    if words and words[0] in {"a", "an", "the"}:
        words = words[1:]
    return " ".join(words)


def _gold_variants(gold: str) -> list[str]:
    variants = [gold]
    match = re.fullmatch(r"\s*(.*?)\s*\((.*)\)\s*", gold)
    if match:
        inside = re.sub(r"^\s*(?:via|citing)\s+", "", match.group(2), flags=re.IGNORECASE)
        variants += [match.group(1), inside]
    return [v for v in (_normal(v) for v in variants) if v]


def claimant_matches(gold: str | None, predicted: str | None) -> bool:
    """Whether a predicted claimant counts as the gold one, by the lenient rules in the module docstring."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    guess = _normal(predicted)
    if not guess:
        return False
    for variant in _gold_variants(gold):
        if f" {variant} " in f" {guess} " or f" {guess} " in f" {variant} ":
            return True
        if fuzz.token_ratio(variant, guess) >= FUZZY_CLAIMANT_RATIO:
            return True
    return False


def _best_overlap(start: int, end: int, suggestions: list[Suggestion]) -> Suggestion | None:
    best, best_len = None, 0
    for suggestion in suggestions:
        overlap = min(end, suggestion.end) - max(start, suggestion.start)
        if overlap > best_len:
            best, best_len = suggestion, overlap
    return best


def evaluate(text: str, gold_sentences: list[dict], suggestions: list[Suggestion]) -> EvalCounts:
    """Count agreements between ``suggestions`` for ``text`` and the gold sentence annotations."""
    by_span = {(s.start, s.end): s for s in suggestions}
    counts = EvalCounts()
    for gold in gold_sentences:
        piece = text[gold["start"] : gold["end"]]
        start = gold["start"] + len(piece) - len(piece.lstrip())
        end = gold["end"] - len(piece) + len(piece.rstrip())
        counts.gold_sentences += 1
        matched = by_span.get((start, end))
        if matched is not None:
            counts.segments_matched += 1
            counts.gold_positive += bool(gold["check_worthy"])
            counts.predicted_positive += matched.check_worthy
            counts.true_positive += bool(gold["check_worthy"] and matched.check_worthy)
        if gold["check_worthy"] or gold.get("claimant"):
            counts.claimants_scored += 1
            overlapping = matched or _best_overlap(start, end, suggestions)
            if overlapping is not None and claimant_matches(gold.get("claimant"), overlapping.claimant):
                counts.claimants_right += 1
    return counts


def article_path_for(gold_path: Path, gold: dict) -> Path:
    """The article a gold file annotates: its "article" key next to it, or the demo's sample_article.txt."""
    named = gold_path.parent / gold.get("article", "")
    if gold.get("article") and named.is_file():
        return named
    return gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))


def evaluate_gold_file(gold_path: Path) -> EvalCounts:
    """Run ``suggest_claims`` on the article of one gold file and count agreements."""
    gold = json.loads(gold_path.read_bytes().decode("utf-8"))
    text = article_path_for(gold_path, gold).read_bytes().decode("utf-8")  # offsets: no newline translation
    suggestions = suggest_claims(text, title=gold.get("title"))
    return evaluate(text, gold["sentences"], suggestions)
