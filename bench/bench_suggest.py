"""Benchmark: claim suggestions (segmenting, scoring, attribution, atomic claims) on a short and a long article.

Prints, as JSON, the median time per word for an article of about 500 words and one of about 5,000 words made of
the same paragraphs, and their ratio, all taken in one run (these machines are shared and noisy: compare the
ratio, not the milliseconds). Work that grows faster than the text (a look-back over the whole article for
every sentence, say) shows as a ratio well above 1. Exits 1 when the long article costs more than 3 times as
much per word as the short one.

    .venv/bin/python bench/bench_suggest.py
"""

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck.services.splitting import suggest_claims  # noqa: E402

LIMIT = 3.0
ROUNDS = 5
CORPUS = Path(__file__).resolve().parent.parent / "factcheck" / "demo" / "sample_article.txt"


def per_word_ms(text: str) -> float:
    words = len(text.split())
    times = []
    for _ in range(ROUNDS):
        began = time.perf_counter()
        suggest_claims(text)
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000 / words


def main() -> int:
    paragraphs = [p for p in CORPUS.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    body = "\n\n".join(paragraphs)
    short = body
    while len(short.split()) < 500:
        short += "\n\n" + body
    long = short
    while len(long.split()) < 5000:
        long += "\n\n" + short
    suggest_claims(short[:2000])  # warm-up: the segmenter is built once per thread
    short_ms, long_ms = per_word_ms(short), per_word_ms(long)
    result = {
        "short_words": len(short.split()),
        "long_words": len(long.split()),
        "short_ms_per_word": round(short_ms, 4),
        "long_ms_per_word": round(long_ms, 4),
        "ratio": round(long_ms / short_ms, 2),
        "limit": LIMIT,
    }
    print(json.dumps(result, indent=1))
    return 0 if result["ratio"] <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
