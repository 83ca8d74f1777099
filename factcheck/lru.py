"""A small thread-safe least-recently-used store, for what a process keeps between requests (kept searches, stamped
lists, rendered suggestion items). Its callers decide whether a kept value is still good (a stamp, a content key);
this only bounds how many are kept."""

from collections import OrderedDict
from threading import Lock


class Kept:
    """At most `size` values by key; getting or putting one makes it the newest, the oldest goes first."""

    def __init__(self, size: int) -> None:
        self.size, self.items, self.lock = size, OrderedDict(), Lock()

    def get(self, key, default=None):
        with self.lock:
            found = self.items.get(key, default)
            if key in self.items:
                self.items.move_to_end(key)
            return found

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()

    def __len__(self) -> int:
        return len(self.items)
