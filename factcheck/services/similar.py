"""Has this been checked before? The archive's claims most like a text, ranked, each with its current verdict.

Two steps, so that the answer stays fast at any archive size:

1. **Candidates from the database's own full-text index** (migration 0007): SQLite's FTS5 table `claim_fts`
   ranked by `bm25`, PostgreSQL's `to_tsvector('english', text)` GIN index ranked by `ts_rank`. The query is
   the text's content words (stop words dropped; numbers also in their other spelling, "six" / "6"; irregular
   verbs also in their base form, "flew" / "fly"), OR-ed together. Every term is quoted (FTS5) or bound
   (PostgreSQL), so no text can break the query syntax.
2. **Rerank** the best CANDIDATES in Python: the overlap of the two texts' content words (light stemming, a
   small table of paraphrase equivalents, near spellings matched with RapidFuzz) and RapidFuzz's token-set
   ratio, minus a penalty where numbers, dates or names differ. `differs` says where: numbers are compared
   by value ("six" = "6" = "6.0", "half" = "50%"), years as dates, names by their stem ("Syria" = "Syrian",
   "UN" = "United Nations").

No semantic model: nothing can be downloaded here, and the measured recall on the held-out pairs
(bench/eval_similar.py) is what a model would have to beat.
"""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz
from sqlalchemy import bindparam, or_, text
from sqlalchemy import text as sa_text
from sqlmodel import Session, col, select

from ..errors import Conflict, Invalid
from ..models import Claim, ExternalReview, Rating, User, Verdict
from ..timeutil import iso
from . import audit
from .claim_rules import check_content_change, check_version, touch
from .claims import get_claim
from .roles import require_role

CANDIDATES = 40  # how many full-text candidates are read
RERANKED = 15  # how many of them are compared in full
MAX_TERMS = 24  # OR-ed terms in the full-text query
MAX_QUERY_CHARS = 2000
DEFAULT_LIMIT, MAX_LIMIT = 5, 50
MIN_SCORE = 0.2  # below this an answer is noise, not a match
ALREADY_CHECKED = 0.45  # from here a match is worth showing a reviewer before they make the claim
DUPLICATE = 0.8  # from here, with no number, date or name difference, two claims are the same claim
BUSY_STATUSES = ("in_progress", "in_review")

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her
    here hers him his how i if in into is it its itself just me more most my of off on once only or
    other our out over own same she should so some such than that the their them then there these they this
    those through to too under until up very was we were what when where which while who whom why will with
    would you your according says said say reported report reports claims claim claimed per cent percent
    part operation were been being became become""".split()
)

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
FRACTIONS = {"half": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25}
MULTIPLES = {
    "twice": 2, "double": 2, "doubled": 2, "twofold": 2, "tripled": 3, "triple": 3, "threefold": 3,
    "halved": 0.5, "quadrupled": 4, "fourfold": 4,
}  # fmt: skip
DIGIT_WORDS = {value: word for word, value in UNITS.items() if word != "dozen"}
MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
IRREGULAR = {
    "flew": "fly", "flown": "fly", "paid": "pay", "sold": "sell", "bought": "buy", "fell": "fall",
    "fallen": "fall", "rose": "rise", "risen": "rise", "shot": "shoot", "gave": "give", "given": "give",
    "took": "take", "taken": "take", "went": "go", "gone": "go", "made": "make", "sent": "send",
    "spent": "spend", "built": "build", "led": "lead", "held": "hold", "found": "find", "began": "begin",
    "begun": "begin", "broke": "break", "broken": "break", "stole": "steal", "stolen": "steal", "hid": "hide",
    "hidden": "hide", "laid": "lay", "fought": "fight", "brought": "bring", "caught": "catch",
    "told": "tell", "won": "win", "lost": "lose", "met": "meet", "left": "leave", "kept": "keep", "ran": "run",
    "saw": "see", "seen": "see", "came": "come", "got": "get", "grew": "grow", "grown": "grow", "knew": "know",
    "known": "know", "wrote": "write", "written": "write", "drove": "drive", "driven": "drive",
    "chose": "choose", "chosen": "choose", "struck": "strike", "fed": "feed", "sank": "sink", "sunk": "sink",
    "sought": "seek", "threw": "throw", "thrown": "throw", "wore": "wear", "worn": "wear", "killed": "kill",
    "children": "child", "men": "man", "women": "woman", "people": "person",
}  # fmt: skip
# Words a paraphrase swaps for each other (mapped to one of them). Kept small and general: what rewording a
# claim commonly does, not a thesaurus.
EQUIVALENT = {
    "ex": "former", "servicemen": "soldier", "servicewomen": "soldier", "troops": "soldier",
    "jobless": "unemployment", "unemployed": "unemployment", "drop": "fall", "dropped": "fall",
    "decline": "fall", "declined": "fall", "decrease": "fall", "increase": "rise", "increased": "rise",
    "up": "rise", "shut": "close", "final": "last", "plane": "jet", "aircraft": "jet", "vessel": "ship",
    "vessels": "ship", "boats": "ship", "firm": "company", "power": "electricity", "lack": "no",
    "without": "no", "poured": "dump", "dumped": "dump", "decade": "ten years", "twofold": "double",
    "via": "through", "nation": "country", "national": "country", "hit": "reach", "reached": "reach",
    "got": "reach", "salary": "pay", "wage": "pay", "wages": "pay", "kill": "kill", "dead": "kill",
    "deaths": "kill", "death": "kill", "armed": "arm", "weapons": "arm",
}  # fmt: skip

CURRENCY_WORDS = {"$": "dollars", "€": "euros", "£": "pounds"}
CURRENCY = re.compile(r"[$€£]")
YEAR_BEFORE = frozenset("in since by of until from before after during the early late mid".split()) | MONTHS
_WORD = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*")
_NUMERIC = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$")


# --- reading a claim: its content words, numbers, dates and names ------------------------------------------


@dataclass(frozen=True)
class Number:
    value: float
    surface: str
    is_year: bool = False
    is_fraction: bool = False


@dataclass
class Reading:
    """What the comparison needs of one text."""

    words: list[str]  # the surface words, in order (for the full-text query)
    tokens: list[str]  # content tokens, canonical (stemmed, equivalents mapped, numbers as "#value")
    numbers: list[Number] = field(default_factory=list)
    months: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)  # capitalised words and acronyms, as written
    first: str | None = (
        None  # the first word when capitalised content: a name only if the other text lacks it
    )
    lowered: list[str] = field(default_factory=list)


def stem(word: str) -> str:
    """A light English stem: enough for "helicopters" / "helicopter", "recruited" / "recruit"."""
    word = IRREGULAR.get(word, word)
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2] if not word.endswith("eed") else word
    return word


def _canonical(word: str) -> list[str]:
    lowered = word.lower()
    mapped = EQUIVALENT.get(lowered) or EQUIVALENT.get(stem(lowered))
    if mapped:
        return [stem(part) for part in mapped.split()]
    return [stem(lowered)]


def _number_value(word: str) -> float | None:
    if _NUMERIC.match(word):
        return float(word.replace(",", ""))
    return None


@lru_cache(maxsize=20_000)
def read(text_: str) -> Reading:
    """The words, canonical tokens, numbers (by value), months and names of a claim's text (cached: callers
    must not change the Reading)."""
    raw = _WORD.findall(CURRENCY.sub(lambda m: " " + CURRENCY_WORDS[m.group()] + " ", text_ or ""))
    words: list[str] = []
    for w in raw:
        w = re.sub(r"['’]s$", "", w)  # Haftar's -> Haftar
        words.extend(part for part in re.split(r"['’]", w) if part)
    lowered = [w.lower() for w in words]
    reading = Reading(words=words, tokens=[], lowered=lowered)
    i = 0
    while i < len(words):
        low = lowered[i]
        consumed, value = _parse_number(lowered, i)
        if consumed:
            surface = " ".join(words[i : i + consumed])
            is_year = (
                consumed == 1
                and re.fullmatch(r"\d{4}", low) is not None
                and 1800 <= value <= 2100
                and (i == 0 or lowered[i - 1] in YEAR_BEFORE)
            )
            is_fraction = 0 < value < 1
            reading.numbers.append(Number(value, surface, is_year=is_year, is_fraction=is_fraction))
            reading.tokens.append(f"#{value:g}")
            i += consumed
            continue
        if low in MONTHS and not (low == "may" and i > 0 and words[i][0].islower()):
            reading.months.add(low)
            reading.tokens.append(low)
        elif low not in STOPWORDS:
            reading.tokens.extend(_canonical(low))
            if _is_name(words, i):
                reading.names.append(words[i])
            elif i == 0 and words[0][:1].isupper():
                reading.first = words[0]
        i += 1
    return reading


def _is_name(words: list[str], i: int) -> bool:
    word = words[i]
    if len(word) > 1 and word.isupper() and word.isalpha():
        return True  # an acronym, even first: "UN", "UAE"
    return i > 0 and word[:1].isupper() and not word.isupper() and word.lower() not in STOPWORDS


def _parse_number(lowered: list[str], i: int) -> tuple[int, float]:
    """How many words from i make one number, and its value (0, 0 when none). "2,000", "three hundred and
    fifty", "half a million", "forty eight", "two thirds", "twice"."""
    word = lowered[i]
    if word in MULTIPLES:
        return 1, float(MULTIPLES[word])
    if word in FRACTIONS and not (i + 1 < len(lowered) and lowered[i + 1] == "a"):
        return 1, FRACTIONS[word]
    if word in FRACTIONS and i + 2 < len(lowered) and lowered[i + 2] in SCALES:
        return 3, FRACTIONS[word] * SCALES[lowered[i + 2]]
    if word in ("a", "an") and i + 1 < len(lowered) and lowered[i + 1] in ("hundred", "thousand", "million"):
        total, j = _number_run(lowered, i + 1, start=1.0)
        return j - i, total
    if word in ("a", "an", "one") and i + 1 < len(lowered) and lowered[i + 1] in FRACTIONS:
        return 2, FRACTIONS[lowered[i + 1]]
    if _number_value(word) is None and word not in UNITS:
        return 0, 0
    if word in UNITS and i + 1 < len(lowered) and lowered[i + 1] in ("thirds", "quarters"):
        return 2, UNITS[word] * FRACTIONS[lowered[i + 1]]
    total, j = _number_run(lowered, i)
    return j - i, total


def _number_run(lowered: list[str], i: int, start: float | None = None) -> tuple[float, int]:
    total, current, j = 0.0, start or 0.0, i
    while j < len(lowered):
        word = lowered[j]
        value = _number_value(word)
        if value is not None and j == i and start is None:
            current = value
        elif word in UNITS and (j == i or current % 100 >= 0):
            if (
                value is None
                and j > i
                and current
                and current % 10 == 0
                and UNITS[word] < 10
                and current < 100
            ):
                current += UNITS[word]
            elif j == i or current == 0 or lowered[j - 1] in ("and",) or lowered[j - 1] in SCALES:
                current += UNITS[word]
            else:
                break
        elif word in SCALES:
            if word == "hundred":
                current = (current or 1) * 100
            else:
                total += (current or 1) * SCALES[word]
                current = 0.0
        elif word == "and" and j + 1 < len(lowered) and lowered[j + 1] in UNITS and j > i:
            pass
        else:
            break
        j += 1
    return total + current, j


# --- comparing two readings ----------------------------------------------------------------------------------


def _found(mine: list[str], theirs: list[str]) -> int:
    """How many of `mine` have a match among `theirs` (exact first; the soft comparison only for the rest)."""
    exact = set(theirs)
    return sum(1 for t in mine if t in exact or any(_tokens_match(t, u) for u in exact))


@lru_cache(maxsize=200_000)
def _tokens_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if a[:1] != b[:1] or a.startswith("#") or b.startswith("#"):
        return False
    shorter = min(len(a), len(b))
    common = len(_common_prefix(a, b))
    if common >= 4 and common >= 0.6 * shorter:  # "china" / "chinese", "illegal" / "illegally"
        return True
    return shorter >= 5 and fuzz.ratio(a, b) >= 85


def _numbers_equal(a: Number, b: Number) -> bool:
    if a.is_fraction != b.is_fraction:
        fraction, other = (a, b) if a.is_fraction else (b, a)
        return abs(fraction.value * 100 - other.value) <= 1.5
    return abs(a.value - b.value) <= 1e-6 * max(abs(a.value), abs(b.value))


def _name_found(name: str, other: Reading) -> bool:
    low = name.lower()
    if low in other.lowered:
        return True
    if name.isupper() and len(name) <= 6:  # an acronym: itself, or the initials of capitalised words in a row
        initials = "".join(w[0] for w in other.words if w[:1].isupper()).lower()
        if low in initials:
            return True
    return any(_stems_meet(low, word) for word in other.lowered if word[:1] == low[:1])


@lru_cache(maxsize=200_000)
def _stems_meet(a: str, b: str) -> bool:
    """ "syria" / "syrian", "china" / "chinese": a common start of 4 letters or more, most of the shorter."""
    common = len(_common_prefix(a, b))
    return common >= 4 and common >= 0.6 * min(len(a), len(b))


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def differences(query: Reading, match: Reading) -> list[dict]:
    """Where two claims differ: `{"kind": "number" | "date" | "name", "query": [...], "match": [...]}` with the
    words as each text wrote them. Numbers and dates are listed when either side has one the other lacks;
    names only when both sides have one the other lacks (a name only one side gives is a detail, not a
    contradiction)."""
    out = []
    lone_query = [n for n in query.numbers if not any(_numbers_equal(n, other) for other in match.numbers)]
    lone_match = [n for n in match.numbers if not any(_numbers_equal(n, other) for other in query.numbers)]
    for kind, is_year in (("number", False), ("date", True)):
        only_query = [n.surface for n in lone_query if n.is_year == is_year]
        only_match = [n.surface for n in lone_match if n.is_year == is_year]
        if kind == "date":
            if query.months and match.months and query.months != match.months:
                only_query += sorted(m.capitalize() for m in query.months - match.months)
                only_match += sorted(m.capitalize() for m in match.months - query.months)
        if only_query or only_match:
            out.append({"kind": kind, "query": only_query, "match": only_match})
    only_query = [
        n for n in dict.fromkeys(query.names + _lone_first(query, match)) if not _name_found(n, match)
    ]
    only_match = [
        n for n in dict.fromkeys(match.names + _lone_first(match, query)) if not _name_found(n, query)
    ]
    if only_query and only_match:
        out.append({"kind": "name", "query": only_query, "match": only_match})
    swapped = _swapped_words(query, match)
    if swapped:
        out.append({"kind": "word", "query": swapped[0], "match": swapped[1]})
    return out


def _lone_first(reading: Reading, other: Reading) -> list[str]:
    """The first word, as a name, when the other text has nothing like it ("Turkey sent ..." / "Russia sent
    ..."); a capitalised first word the other text shares is just the start of a sentence."""
    if reading.first is None:
        return []
    tokens = _canonical(reading.first.lower())
    if any(_tokens_match(t, u) for t in tokens for u in other.tokens):
        return []
    return [reading.first]


def _swapped_words(query: Reading, match: Reading) -> tuple[list[str], list[str]] | None:
    """Words that make two otherwise alike claims different: an opposite ("rose" / "fell", "men" / "women"),
    or the one content word each side does not share when they share three or more ("hospitals" /
    "schools" in the same sentence). Numbers and names are compared on their own."""
    a = [t for t in query.tokens if not t.startswith("#")]
    b = [t for t in match.tokens if not t.startswith("#")]
    lone_a = [t for t in dict.fromkeys(a) if not any(_tokens_match(t, u) for u in b)]
    lone_b = [u for u in dict.fromkeys(b) if not any(_tokens_match(u, t) for t in a)]
    opposite = [(t, u) for t in lone_a for u in lone_b if frozenset((t, u)) in OPPOSITES]
    if opposite:
        return [t for t, _ in opposite], [u for _, u in opposite]
    shared = len(set(a)) - len(lone_a)
    names = {n.lower() for n in query.names + match.names}
    if (
        len(lone_a) == 1
        and len(lone_b) == 1
        and shared >= 3
        and not {lone_a[0], lone_b[0]} & names
        and _same_place(query.tokens, lone_a[0], match.tokens, lone_b[0])
    ):
        return lone_a, lone_b
    return None


def _same_place(a: list[str], x: str, b: list[str], y: str) -> bool:
    """Whether x in a and y in b stand between the same words (one neighbour alike is enough): a swap, not
    one extra detail on each side."""
    i, j = a.index(x), b.index(y)
    before = i > 0 and j > 0 and _tokens_match(a[i - 1], b[j - 1])
    after = i + 1 < len(a) and j + 1 < len(b) and _tokens_match(a[i + 1], b[j + 1])
    return before or after


PENALTY = {"number": 0.25, "date": 0.2, "name": 0.25, "word": 0.2}
ONE_SIDED = 0.3  # of the penalty, when only one side has the number or date
# Words that turn a claim into another one when swapped for each other (canonical tokens).
OPPOSITES = {
    frozenset(pair)
    for pair in (
        ("man", "woman"), ("rise", "fall"), ("more", "less"), ("more", "fewer"), ("buy", "sell"),
        ("win", "lose"), ("open", "close"), ("up", "down"), ("before", "after"), ("higher", "lower"),
        ("boy", "girl"), ("men", "women"), ("male", "female"), ("import", "export"), ("east", "west"),
        ("north", "south"), ("increase", "cut"), ("ban", "allow"), ("legal", "illegal"),
    )
}  # fmt: skip


def score(query: Reading, match: Reading) -> tuple[float, list[dict]]:
    """How alike two claims are, 0..1, and where they differ (`differences`)."""
    a, b = query.tokens, match.tokens
    if not a or not b:
        return 0.0, []
    found_a, found_b = _found(a, b), _found(b, a)
    overlap = (found_a + found_b) / (len(a) + len(b))
    ratio = fuzz.token_set_ratio(" ".join(a), " ".join(b)) / 100
    value = 0.7 * overlap + 0.3 * ratio
    differs = differences(query, match)
    for item in differs:
        both = bool(item["query"]) and bool(item["match"])
        value -= PENALTY[item["kind"]] * (1 if both else ONE_SIDED)
    return max(0.0, min(1.0, round(value, 4))), differs


# --- the full-text candidates --------------------------------------------------------------------------------


def query_terms(reading: Reading) -> list[str]:
    """The full-text query's terms: the content words, numbers in both spellings, base forms of irregular
    verbs and paraphrase equivalents. Only letters and digits (each word as the index cut it)."""
    terms: list[str] = []
    for word in reading.lowered:
        if word in STOPWORDS or word in ("a", "an"):
            continue
        parts = [p for p in re.split(r"[^\w]|_", word) if p]
        terms.extend(parts)
        value = _number_value(word)
        if value is not None and value.is_integer() and int(value) in DIGIT_WORDS:
            terms.append(DIGIT_WORDS[int(value)])
        if word in UNITS:
            terms.append(str(UNITS[word]))
        for extra in (IRREGULAR.get(word), EQUIVALENT.get(word)):
            if extra:
                terms.extend(extra.split())
    return list(dict.fromkeys(t for t in terms if t not in STOPWORDS))[:MAX_TERMS]


RARE = 500  # a term in at most this many claims is searched alone; more common ones only together
COMMON_KEPT = 4  # the rarest common terms combined
MAX_TOGETHER = 4


def _quoted(term: str) -> str:
    # a quoted string (a quote inside doubled): FTS5 reads no operator, column or prefix from it
    return '"' + term.replace('"', '""') + '"'


@dataclass(frozen=True)
class FullText:
    """A searched table: its FTS5 table (SQLite) and its text column (PostgreSQL's index is on it)."""

    fts: str
    table: str
    column: str


CLAIMS = FullText("claim_fts", "claim", "text")
EXTERNAL = FullText("external_review_fts", "external_review", "claim_text")


def _plan(session: Session, terms: list[str], index: FullText = CLAIMS) -> list[tuple[str, ...]]:
    """What a candidate must hold: the rare terms each alone, or a combination of the rarest common terms,
    each combination as small as keeps its expected claims under RARE. So a lookup reads a bounded number
    of claims however large the archive, and a claim must share a rare word or several common ones."""
    frequencies = _document_frequencies(session, terms, index)
    total = max(1, session.execute(text(f"SELECT max(id) FROM {index.table}")).scalar() or 1)  # noqa: S608
    plan: list[tuple[str, ...]] = [(t,) for t in terms if 0 < frequencies[t] <= RARE]
    common = sorted((t for t in terms if frequencies[t] > RARE), key=lambda t: frequencies[t])[:COMMON_KEPT]
    if len(common) >= 2:
        size, expected = 1, float(total)
        for term in common:
            size, expected = size + 1, expected * frequencies[term] / total
            if size >= 2 and (expected <= RARE or size >= MAX_TOGETHER):
                break
        plan += list(combinations(common, min(max(size, 2), len(common))))
    elif common and not plan:
        plan.append((common[0],))
    return plan


def _fts5_query(plan: list[tuple[str, ...]]) -> str:
    return " OR ".join(
        _quoted(group[0]) if len(group) == 1 else "(" + " AND ".join(_quoted(t) for t in group) + ")"
        for group in plan
    )


def _tsquery(plan: list[tuple[str, ...]], params: dict) -> str:
    """PostgreSQL: the plan as a tsquery built from bound words (plainto_tsquery reads no operators)."""
    names = {}
    for group in plan:
        for term in group:
            names.setdefault(term, f"t{len(names)}")
    params.update({name: term for term, name in names.items()})
    return " || ".join(
        "(" + " && ".join(f"plainto_tsquery('english', :{names[t]})" for t in group) + ")" for group in plan
    )


PROBE = 2000  # a term's count of claims is read up to this many (reading on costs time, says nothing new)


# Terms found common (RARE or more claims) lately, per database and index:
# (database, table, term) -> (kept until, their count).
# A common term stays common for minutes in any real archive, and counting one read up to PROBE index
# entries, most of a lookup's time (take-next checks one on every take). A rare term's count can change
# with the next claim, so rare ones are always counted.
_COMMON: dict[tuple[str, str, str], tuple[float, int]] = {}
COMMON_KEPT_SECONDS = 60.0
_clock = time.monotonic  # (tests move it on)
_COMMON_KEPT_MAX = 5000


def _document_frequencies(session: Session, terms: list[str], index: FullText = CLAIMS) -> dict[str, int]:
    """How many claims hold each term, up to PROBE: each counted by its own bounded query, which reads at most
    PROBE entries (SQLite's FTS5 vocabulary table would read the whole list of a common term). A term found
    common in the last COMMON_KEPT_SECONDS keeps the count it had then, without a query."""
    bind = session.get_bind()
    if bind.dialect.name == "sqlite":
        # the table names are this module's constants; the term is bound
        sql = f"SELECT count(*) FROM (SELECT rowid FROM {index.fts} WHERE {index.fts} MATCH :q LIMIT :cap)"  # noqa: S608
        probe, bound = text(sql), _quoted
    else:
        probe = text(
            f"SELECT count(*) FROM (SELECT 1 FROM {index.table} WHERE to_tsvector('english', {index.column}) @@ "  # noqa: S608
            "plainto_tsquery('english', :q) LIMIT :cap) AS found"
        )
        bound = str
    database, now = str(bind.engine.url), _clock()  # the bind is an engine or a connection
    counts = {}
    for term in terms:
        key = (database, index.table, term)
        kept = _COMMON.get(key)
        if kept is not None and kept[0] > now:
            counts[term] = kept[1]
            continue
        counts[term] = session.execute(probe, {"q": bound(term), "cap": PROBE}).scalar() or 0
        if counts[term] >= RARE:
            if len(_COMMON) >= _COMMON_KEPT_MAX:
                _COMMON.clear()
            _COMMON[key] = (now + COMMON_KEPT_SECONDS, counts[term])
    return counts


def _candidate_ids(
    session: Session,
    terms: list[str],
    *,
    exclude: int | None,
    statuses: tuple[str, ...] | None,
    exclude_article: int | None = None,
) -> list[int]:
    plan = _plan(session, terms) if terms else []
    if not plan:
        return []
    params: dict = {"n": CANDIDATES, "exclude": exclude or 0, "article": exclude_article or 0}
    status_sql = " AND c.article_id <> :article" if exclude_article else ""
    if statuses:
        status_sql += " AND c.status IN :statuses"
        params["statuses"] = list(statuses)
    if session.get_bind().dialect.name == "sqlite":
        params["q"] = _fts5_query(plan)
        sql = (
            # only fixed fragments and bound names are put in; every word is a bound parameter
            "SELECT f.rowid FROM claim_fts f JOIN claim c ON c.id = f.rowid "  # noqa: S608
            f"WHERE claim_fts MATCH :q AND f.rowid <> :exclude{status_sql} ORDER BY bm25(claim_fts) LIMIT :n"
        )
    else:
        sql = (
            f"SELECT c.id FROM claim c CROSS JOIN (SELECT {_tsquery(plan, params)} AS query) q "  # noqa: S608
            "WHERE to_tsvector('english', c.text) @@ q.query AND c.id <> :exclude"
            f"{status_sql} ORDER BY ts_rank(to_tsvector('english', c.text), q.query) DESC, c.id LIMIT :n"
        )
    statement = text(sql)
    if statuses:
        statement = statement.bindparams(bindparam("statuses", expanding=True))
    return [row[0] for row in session.execute(statement, params)]


# --- the answer ----------------------------------------------------------------------------------------------


@dataclass
class Match:
    claim: Claim
    score: float
    differs: list[dict]
    verdict: Verdict | None = None
    rating: Rating | None = None

    @property
    def verdict_at(self) -> datetime | None:
        if self.verdict is None:
            return None
        return self.verdict.decided_at if self.verdict.state == "published" else self.verdict.proposed_at

    @property
    def same_claim(self) -> bool:
        """Above DUPLICATE with no difference in numbers, dates or names."""
        return self.score >= DUPLICATE and not self.differs


def _check_text(value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid("Give the text of a claim to compare.", fields={"text": "required"})
    if len(value) > MAX_QUERY_CHARS:
        raise Invalid(
            f"The text is too long to compare (at most {MAX_QUERY_CHARS} characters).",
            fields={"text": f"at most {MAX_QUERY_CHARS} characters"},
        )
    return value


def _limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise Invalid(f"limit must be from 1 to {MAX_LIMIT}.", fields={"limit": f"from 1 to {MAX_LIMIT}"})
    return limit


def similar_to_text(
    session: Session,
    *,
    text: str,
    limit: int | None = None,
    exclude_id: int | None = None,
    exclude_article_id: int | None = None,
    statuses: tuple[str, ...] | None = None,
    min_score: float = MIN_SCORE,
) -> list[Match]:
    """The archive's claims most like `text`, best first (at most `limit`, each scoring `min_score` or more),
    with each one's current verdict and rating. `exclude_id`: leave that claim out (the claim itself);
    `exclude_article_id`: leave that article's claims out; `statuses`: only claims in these.

    :raise Invalid: empty or oversize text, a limit outside 1..MAX_LIMIT.
    """
    query = read(_check_text(text))
    limit = _limit(limit)
    ids = _candidate_ids(
        session, query_terms(query), exclude=exclude_id, statuses=statuses, exclude_article=exclude_article_id
    )
    if not ids:
        return []
    claims = session.exec(select(Claim).where(col(Claim.id).in_(ids))).all()
    # a cheap first cut (shared canonical tokens), then the full comparison of the best RERANKED
    mine = set(query.tokens)
    claims = sorted(
        claims, key=lambda c: -len(mine & set(read(c.text).tokens)) / (len(read(c.text).tokens) + 1)
    )
    matches = []
    for claim in claims[:RERANKED]:
        value, differs = score(query, read(claim.text))
        if value >= min_score:
            matches.append(Match(claim, value, differs))
    matches.sort(key=lambda m: (-m.score, m.claim.id))
    matches = matches[:limit]
    _attach_verdicts(session, matches)
    return matches


def similar_to_claim(session: Session, *, claim_id: int, limit: int | None = None) -> list[Match]:
    """The claims most like this one (itself left out). :raise NotFound: no such claim."""
    claim = get_claim(session, claim_id=claim_id)
    return similar_to_text(session, text=claim.text, limit=limit, exclude_id=claim.id)


def _attach_verdicts(session: Session, matches: list[Match]) -> None:
    ids = {m.claim.verdict_id for m in matches if m.claim.verdict_id is not None}
    if not ids:
        return
    rows = session.exec(
        select(Verdict, Rating).join(Rating, Rating.id == Verdict.rating_id).where(col(Verdict.id).in_(ids))
    ).all()
    found = {verdict.id: (verdict, rating) for verdict, rating in rows}
    for match in matches:
        match.verdict, match.rating = found.get(match.claim.verdict_id, (None, None))


def match_dict(match: Match, *, link: Callable[[int], str]) -> dict:
    """The API's similar-claim object; `link(claim_id)` is the claim screen's address."""
    claim = match.claim
    return {
        "claim_id": claim.id,
        "article_id": claim.article_id,
        "text": claim.text,
        "score": match.score,
        "status": claim.status,
        "rating": match.rating.slug if match.rating else None,
        "rating_label": match.rating.label if match.rating else None,
        "verdict_state": match.verdict.state if match.verdict else None,
        "verdict_at": iso(match.verdict_at),
        "same_as_id": claim.same_as_id,
        "url": link(claim.id),
        "differs": match.differs,
    }


MAX_CHECKED_TEXTS = 60  # sentences and claims of one article looked up at once


def already_checked(
    session: Session, *, texts: dict[str, str], exclude_article_id: int | None = None
) -> dict[str, Match]:
    """For each text (by key), its best match in the rest of the archive that is worth showing a reviewer
    before they make the claim: scoring ALREADY_CHECKED or more and having a verdict (proposed or
    published) or being worked on. Texts without one are left out; at most MAX_CHECKED_TEXTS are looked up."""
    found: dict[str, Match] = {}
    for key, value in list(texts.items())[:MAX_CHECKED_TEXTS]:
        if not isinstance(value, str) or not value.strip():
            continue
        matches = similar_to_text(
            session,
            text=value[:MAX_QUERY_CHARS],
            limit=3,
            exclude_article_id=exclude_article_id,
            min_score=ALREADY_CHECKED,
        )
        worth = [m for m in matches if m.verdict is not None or m.claim.status in BUSY_STATUSES]
        if worth:
            found[key] = worth[0]
    return found


def busy_duplicate(session: Session, *, claim: Claim) -> Claim | None:
    """A claim being worked on (in progress or in review) that is the same claim as `claim`: linked to it
    ("same as", either way, or both to one earlier claim) or matching it above DUPLICATE with no
    difference in numbers, dates or names. None when there is none."""
    linked = [Claim.same_as_id == claim.id]
    if claim.same_as_id is not None:
        linked += [Claim.id == claim.same_as_id, Claim.same_as_id == claim.same_as_id]
    found = session.exec(
        select(Claim).where(col(Claim.status).in_(BUSY_STATUSES), Claim.id != claim.id, or_(*linked)).limit(1)
    ).first()
    if found is not None:
        return found
    for match in similar_to_text(
        session, text=claim.text, limit=3, exclude_id=claim.id, statuses=BUSY_STATUSES, min_score=DUPLICATE
    ):
        if match.same_claim:
            return match.claim
    return None


# --- other desks' reviews (services.external_reviews) --------------------------------------------------------


@dataclass
class ExternalMatch:
    review: "ExternalReview"
    score: float
    differs: list[dict]


def similar_external(session: Session, *, text: str, limit: int | None = None) -> list[ExternalMatch]:
    """The imported reviews of other desks most like `text`, best first, searched and scored as the desk's own
    claims are. :raise Invalid: as similar_to_text."""
    query = read(_check_text(text))
    limit = _limit(limit)
    plan = _plan(session, query_terms(query), EXTERNAL)
    if not plan:
        return []
    params: dict = {"n": CANDIDATES}
    if session.get_bind().dialect.name == "sqlite":
        params["q"] = _fts5_query(plan)
        sql = (
            "SELECT rowid FROM external_review_fts WHERE external_review_fts MATCH :q "
            "ORDER BY bm25(external_review_fts) LIMIT :n"
        )
    else:
        sql = (
            f"SELECT e.id FROM external_review e CROSS JOIN (SELECT {_tsquery(plan, params)} AS query) q "  # noqa: S608
            "WHERE to_tsvector('english', e.claim_text) @@ q.query "
            "ORDER BY ts_rank(to_tsvector('english', e.claim_text), q.query) DESC, e.id LIMIT :n"
        )
    ids = [row[0] for row in session.execute(sa_text(sql), params)]
    if not ids:
        return []
    found = []
    for review in session.exec(select(ExternalReview).where(col(ExternalReview.id).in_(ids))).all():
        value, differs = score(query, read(review.claim_text))
        if value >= MIN_SCORE:
            found.append(ExternalMatch(review, value, differs))
    found.sort(key=lambda m: (-m.score, m.review.id))
    return found[:limit]


def external_dict(match: ExternalMatch) -> dict:
    """The API's external match object: another desk's review, labelled as such by its `external_id`."""
    review = match.review
    return {
        "external_id": review.id,
        "text": review.claim_text,
        "score": match.score,
        "publisher": review.publisher,
        "rating": review.rating_label,
        "reviewed_at": review.reviewed_at.isoformat() if review.reviewed_at else None,
        "url": review.url,
        "status": None,  # another desk's review has no status on this desk
        "differs": match.differs,
    }


# --- "same as #812": linking a claim to an earlier verdict ---------------------------------------------------


def link_same_as(
    session: Session, *, claim_id: int, same_as_id: int | None, actor: User, version: int | None = None
) -> Claim:
    """Record that claim `claim_id` is the same claim as `same_as_id` (whose verdict answers it), or remove the
    link (`same_as_id` None). Written to the history as `claim.same_as`.

    :raise Forbidden: not an editor.
    :raise NotFound: either claim does not exist.
    :raise Invalid: a claim linked to itself, or to a claim that is itself linked (link to its original).
    :raise Conflict: `version` is not the current one; the claim is published or not checkable (the link
        would change a published fact-check's ClaimReview: link before publishing, or reopen first).
    """
    require_role(actor, "edit", "link a claim to an earlier verdict")
    claim = get_claim(session, claim_id=claim_id, for_update=True)
    if version is not None:
        check_version(session, claim, version)
    check_content_change(session, claim, actor, "link it to an earlier verdict")
    if same_as_id is not None:
        if same_as_id == claim.id:
            raise Invalid(
                "A claim cannot be the same as itself.", fields={"same_as_id": "another claim's id"}
            )
        target = get_claim(session, claim_id=same_as_id)
        if target.same_as_id is not None:
            raise Invalid(
                f"Claim {target.id} is itself the same as claim {target.same_as_id}: link to that one.",
                fields={"same_as_id": f"claim {target.same_as_id}, the original"},
            )
        if session.exec(select(Claim.id).where(Claim.same_as_id == claim.id).limit(1)).first() is not None:
            raise Conflict(
                f"Other claims are linked to claim {claim.id} as their original; it cannot itself be linked.",
                fields={"same_as_id": "this claim is an original"},
            )
    before = claim.same_as_id
    if before == same_as_id:
        return claim
    claim.same_as_id = same_as_id
    touch(claim, actor)
    audit.record(
        session,
        actor=actor,
        action="claim.same_as",
        object_type="claim",
        object_id=claim.id,
        claim_id=claim.id,
        before={"same_as": before},
        after={"same_as": same_as_id},
    )
    session.commit()
    return claim
