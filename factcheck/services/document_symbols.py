"""UN document symbols: recognising one typed loosely, writing it the UN's way, linking its official page.

"s /2021/ 229" -> "S/2021/229"; "s/res/2510(2020)" -> "S/RES/2510 (2020)"; "e/cn.4/2005/l.10/add.1" ->
"E/CN.4/2005/L.10/Add.1". Other symbols (a court's case number) are kept as typed, whitespace tidied.
"""

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlsplit

from ..models.sources import MAX_SYMBOL

# First part of a UN document symbol: the organ or body that issued it.
UN_BODIES = {
    "A", "S", "E", "ST", "SG", "CRC", "CCPR", "CERD", "CEDAW", "CAT", "CRPD", "CMW", "CED", "HRI",
    "UNEP", "TD", "DP", "ICEF", "UNW", "FCCC", "SPLOS", "ISBA", "AC", "CD", "ECE", "ESCAP", "ECLAC",
    "ECA", "ESCWA", "UNHCR", "IDB", "PBC", "ATT", "APLC", "CCW", "BWC", "NPT", "UNDP", "UNICEF",
}  # fmt: skip
_SEGMENT = re.compile(r"[A-Za-z0-9.\-]+")
_SUFFIX_SEGMENT = re.compile(r"(add|rev|corr|amend|summary)(\.\d+)?", re.IGNORECASE)
_YEAR = re.compile(r"(.+?)\s*\(\s*(\d{4})\s*\)")
UN_DOC_HOSTS = {"undocs.org", "www.undocs.org", "documents.un.org"}
UN_LANGUAGES = {"en", "fr", "es", "ar", "ru", "zh"}


# --- document symbols ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Symbol:
    text: str  # as it will be stored
    is_un: bool


def parse_symbol(value: str) -> Symbol:
    """A document symbol tidied: whitespace collapsed; a UN symbol also uppercased, spaces around the
    slashes removed, "Add.1"/"Rev.1" parts and a resolution's "(2020)" year written the UN's way.

    :raise ValueError: empty, too long, or with control characters.
    """
    if not isinstance(value, str):
        raise ValueError("The document symbol must be text.")
    if any(unicodedata.category(ch) in {"Cc", "Cf"} and not ch.isspace() for ch in value):
        raise ValueError("The document symbol contains control characters.")
    text = " ".join(value.split())
    if not text:
        raise ValueError("The document symbol is empty.")
    compact = re.sub(r"\s*/\s*", "/", text)
    match = _YEAR.fullmatch(compact)
    body, year = (match.group(1), match.group(2)) if match else (compact, None)
    segments = body.split("/")
    if (
        len(segments) >= 2
        and segments[0].upper() in UN_BODIES
        and all(_SEGMENT.fullmatch(part) for part in segments)
    ):
        parts = [_un_segment(part) for part in segments]
        text = "/".join(parts) + (f" ({year})" if year else "")
        is_un = True
    else:
        is_un = False
    if len(text) > MAX_SYMBOL:
        raise ValueError(f"The document symbol is longer than {MAX_SYMBOL} characters.")
    return Symbol(text=text, is_un=is_un)


def _un_segment(part: str) -> str:
    if _SUFFIX_SEGMENT.fullmatch(part):
        return part[0].upper() + part[1:].lower()
    return part.upper()


def normalise_symbol(value: str) -> str:
    """The stored form of a document symbol ("s /2021/ 229" -> "S/2021/229"). :raise ValueError: see parse_symbol."""
    return parse_symbol(value).text


def is_un_symbol(value: str | None) -> bool:
    """Whether `value` reads as a UN document symbol (S/..., A/HRC/..., E/CN.4/..., CCPR/C/...)."""
    if not value:
        return False
    try:
        return parse_symbol(value).is_un
    except ValueError:
        return False


def official_document_url(symbol: str | None) -> str | None:
    """The official page of a UN document (https://undocs.org/en/<symbol>), or None for other symbols."""
    if not is_un_symbol(symbol):
        return None
    canonical = normalise_symbol(symbol).replace(" (", "(")
    return "https://undocs.org/en/" + quote(canonical, safe="/().-")


def symbol_from_url(url: str | None) -> str | None:
    """The UN symbol an undocs.org / documents.un.org address points at, if any."""
    if not url:
        return None
    parts = urlsplit(url)
    if (parts.hostname or "").lower() not in UN_DOC_HOSTS:
        return None
    candidates = []
    for key, values in parse_qs(parts.query).items():
        if key.lower() in {"s", "symbol", "finalsymbol"}:
            candidates.extend(values)
    path = unquote(parts.path).strip("/")
    if (parts.hostname or "").lower() != "documents.un.org" and path:
        first, _, rest = path.partition("/")
        candidates.append(rest if first.lower() in UN_LANGUAGES and rest else path)
    for candidate in candidates:
        if is_un_symbol(candidate):
            return normalise_symbol(candidate)
    return None
