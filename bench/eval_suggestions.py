"""Score the sentence suggestions against gold annotations: ``python bench/eval_suggestions.py [GOLD.json ...]``.

Without arguments it reads every ``*.gold.json`` in ``../shared/corpus`` (beside the repo) when that folder
exists, else the demo copy ``factcheck/demo/sample_article.gold.json``. Prints the four sentence figures and
the three atomic-claim figures, one per line, pooled over all files, and exits 1 when a sentence figure is
below its bar (see ``factcheck.services.suggestion_eval``).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from factcheck.services.suggestion_eval import BARS, EvalCounts, evaluate_gold_file  # noqa: E402


def default_gold_files() -> list[Path]:
    """The shared corpus's gold files when the corpus is there, else the demo's."""
    corpus = REPO.parent / "shared" / "corpus"
    found = sorted(corpus.glob("*.gold.json")) if corpus.is_dir() else []
    return found or [REPO / "factcheck" / "demo" / "sample_article.gold.json"]


def main(argv: list[str]) -> int:
    """Print the figures for the given gold files (or the defaults); 1 when a bar is missed, else 0."""
    paths = [Path(arg) for arg in argv] or default_gold_files()
    total = EvalCounts()
    for path in paths:
        total = total + evaluate_gold_file(path)
    failed = False
    for name, value in total.figures().items():
        print(f"{name}: {value:.3f}")
        failed = failed or value < BARS[name]
    for name, value in total.atomic_figures().items():
        print(f"{name}: {value:.3f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
