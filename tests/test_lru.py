"""factcheck.lru.Kept: what a process keeps between requests is bounded, the least recently used going first."""

import threading

from factcheck.lru import Kept


def test_the_least_recently_used_goes_first():
    kept = Kept(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # "a" is now the newest
    kept.put("c", 3)
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (1, None, 3)
    assert len(kept) == 2
    assert kept.get("missing", "default") == "default"
    kept.clear()
    assert len(kept) == 0 and kept.get("a") is None


def test_threads_never_see_more_than_its_size():
    kept, sizes = Kept(50), []

    def work(n: int) -> None:
        for i in range(2000):
            kept.put((n, i), i)
            kept.get((n, i // 2))
            sizes.append(len(kept))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert max(sizes) <= 50 and len(kept) == 50
