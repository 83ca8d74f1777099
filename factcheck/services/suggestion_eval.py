"""How well ``suggest_claims`` agrees with a reviewer's gold annotation of an article.

Four sentence figures, each a fraction in 0..1:

- segmentation accuracy: gold sentences whose (start, end) a suggestion matches exactly;
- check-worthy recall and precision: over the gold sentences a suggestion matches exactly;
- claimant accuracy: over gold sentences that are check-worthy or have a claimant, compared with the
  suggestion overlapping them most (a gold sentence no suggestion overlaps counts as a miss). A gold claimant
  may be a list of acceptable alternatives; any one of them matching is enough.

And three atomic-claim figures (``ATOMIC_FIGURES``): recall, precision and F1 of the suggested atomic claims
against the gold ``atomic_claims`` of each sentence. A suggested atomic claim is matched, one to one, to a gold
claim of a gold sentence its span overlaps when both state the same fact (``same_fact``): the same numbers
(digits as written, thousands separators ignored), the same calendar words (months, days), and similar
wording: token F1 of their content words (lowercased, possessives and plural "s" dropped, function words left
out) at least ``ATOMIC_MATCH_F1``. Names are not required to be equal: a gold claim may spell out a name the
sentence only points to ("the blaze" / "the Calder Ridge wildfire"), and the wording threshold weighs that.
Precision counts every suggested atomic claim in the article, including those on sentences the gold leaves
without claims.

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
ATOMIC_FIGURES = ("atomic_claim_recall", "atomic_claim_precision", "atomic_claim_f1")
FUZZY_CLAIMANT_RATIO = 85
ATOMIC_MATCH_F1 = 0.5


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
    atomic_gold: int = 0
    atomic_predicted: int = 0
    atomic_matched: int = 0

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

    def atomic_figures(self) -> dict[str, float]:
        """Recall, precision and F1 of suggested atomic claims, named as in ``ATOMIC_FIGURES``."""
        recall = self.atomic_matched / self.atomic_gold if self.atomic_gold else 1.0
        if self.atomic_predicted:
            precision = self.atomic_matched / self.atomic_predicted
        else:
            precision = 1.0 if not self.atomic_gold else 0.0
        f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        return dict(zip(ATOMIC_FIGURES, (recall, precision, f1), strict=True))


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


def claimant_matches(gold: str | list[str] | None, predicted: str | None) -> bool:
    """Whether a predicted claimant counts as the gold one (or one of the gold alternatives), by the lenient
    rules in the module docstring."""
    if isinstance(gold, list):
        return any(claimant_matches(one, predicted) for one in gold) if gold else predicted is None
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


_FUNCTION_WORDS = frozenset(
    "a an the of in on at to for from by with and or but as is are was were be been being has have had that "
    "this these those it its their his her they he she which who whom whose there than into over after about "
    "also some any".split()
)
_CALENDAR = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)


def _content_words(claim: str) -> list[str]:
    words = re.findall(r"\w[\w.,-]*\w|\w", _fold(claim).replace("’", "'").replace("'s ", " "))
    tokens = []
    for word in words:
        word = word.replace(",", "") if re.fullmatch(r"[\d,.]+", word) else word.strip(".,")
        if word in _FUNCTION_WORDS or not word:
            continue
        tokens.append(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word)
    return tokens


def _fold(value: str) -> str:
    value = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in value if not unicodedata.combining(ch))


def _numbers(claim: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in re.findall(r"\d[\d,.]*", claim)}


def token_f1(one: str, other: str) -> float:
    """F1 of the content words two claims share (a multiset overlap), 0..1."""
    a, b = _content_words(one), _content_words(other)
    if not a or not b:
        return 0.0
    left = list(b)
    shared = 0
    for word in a:
        if word in left:
            left.remove(word)
            shared += 1
    if not shared:
        return 0.0
    precision, recall = shared / len(a), shared / len(b)
    return 2 * precision * recall / (precision + recall)


def same_fact(gold: str, predicted: str) -> bool:
    """Whether a suggested atomic claim states the gold one's fact, by the rules in the module docstring."""
    if _numbers(gold) != _numbers(predicted):
        return False
    if set(_CALENDAR.findall(_fold(gold))) != set(_CALENDAR.findall(_fold(predicted))):
        return False
    return token_f1(gold, predicted) >= ATOMIC_MATCH_F1


def _match_atomic(gold_sentences: list[dict], suggestions: list[Suggestion], counts: EvalCounts):
    """Pair suggested atomic claims with gold ones on overlapping sentences, best wording first, one to one."""
    predicted = [claim for suggestion in suggestions for claim in getattr(suggestion, "atomic_claims", ())]
    counts.atomic_predicted += len(predicted)
    pairs = []
    for gold in gold_sentences:
        for gold_index, gold_claim in enumerate(gold.get("atomic_claims") or ()):
            key = (gold["start"], gold_index)
            for index, claim in enumerate(predicted):
                overlaps = claim.start < gold["end"] and gold["start"] < claim.end
                if overlaps and same_fact(gold_claim, claim.text):
                    pairs.append((token_f1(gold_claim, claim.text), key, index))
        counts.atomic_gold += len(gold.get("atomic_claims") or ())
    used_gold, used_predicted = set(), set()
    for _score, key, index in sorted(pairs, key=lambda pair: -pair[0]):
        if key not in used_gold and index not in used_predicted:
            used_gold.add(key)
            used_predicted.add(index)
    counts.atomic_matched += len(used_gold)


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
    _match_atomic(gold_sentences, suggestions, counts)
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
