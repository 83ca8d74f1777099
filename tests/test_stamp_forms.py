"""idempotency._stamped finds each form's CSRF input from its `csrf_token"` instead of trying CSRF_INPUT at
every "<input" of the page (#10); it must put the keys exactly where CSRF_INPUT.sub would."""

import itertools
import random

from factcheck import idempotency

PIECES = [
    b'<input name="csrf_token" type="hidden" value="t">',
    b'<input id="c7-csrf_token" name="c7-csrf_token" type="hidden" value="t">',
    b'<input name="evidence-3-csrf_token">',
    b'<input name="-csrf_token">',
    b'<INPUT name="csrf_token">',
    b'<inputs name="csrf_token">',
    b'<input type="text" name="text" value="csrf_token&#34;">',
    b'<input a="<input" name="csrf_token">',
    b'<input name="csrf_token"',
    b'<p>csrf_token"</p>',
    b"<form>",
    b"</form>",
    b" ",
    b">",
    b"<input",
    b'name="csrf_token"',
]


class NumberedKeys:
    """Keys numbered from 0 (the real ones are uuid4s), so two stampings can be compared."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.numbers = itertools.count()

    def __call__(self) -> bytes:
        return b"<KEY %d>" % next(self.numbers)


def test_keys_go_where_the_pattern_puts_them(monkeypatch):
    keys = NumberedKeys()
    monkeypatch.setattr(idempotency, "_key_input", keys)
    randomly = random.Random(15)
    stamped = 0
    for _round in range(3000):
        page = b"".join(randomly.choice(PIECES) for _ in range(randomly.randint(0, 12)))
        keys.reset()
        expected = idempotency.CSRF_INPUT.sub(lambda m: m.group(0) + keys(), page)
        keys.reset()
        assert b"".join(idempotency._stamped(page)) == expected, page
        stamped += expected.count(b"<KEY ")
    assert stamped > 1000  # the pages did have forms to stamp
