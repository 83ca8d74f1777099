"""Types and limits the API's data models share: ids and versions, text that must not be blank, dates, enums.

A limit is declared once, here or in its entity's model file, and imported by the services (which also
serve the browser and the CLI), the WTForms forms and, through the data models, the OpenAPI document.
"""

import re
import sys
from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, StrictInt, StrictStr, WithJsonSchema
from sqlmodel import SQLModel

MAX_ID = 2**63 - 1  # the largest value of a 64-bit signed integer: every id, version and offset fits in one
MAX_PAGE = 10**9  # pages of a listing (page x per_page must stay a 64-bit offset)
MAX_URL = 2000  # any stored address (article, source, archived copy)
MAX_USERNAME = 64
MAX_RATING_SLUG = 32


class InputModel(SQLModel):
    """A request body of the API: strict JSON types, no unknown fields. `refusal` starts the 422 message."""

    model_config = ConfigDict(extra="forbid")
    refusal: ClassVar[str] = "The request cannot be done"


class OutputModel(SQLModel):
    """An object the API answers with: every field always present (null where the type says so)."""

    model_config = ConfigDict(extra="forbid")


# "Blank" as Python's str.strip() sees it (what the services strip), which is wider than a regex's \s
# (it includes the separators U+001C..U+001F): a required text must contain one character outside it.
_SPACE = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
NOT_BLANK = "[^" + "".join(f"\\u{ord(c):04x}" for c in _SPACE) + "]"

Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID, json_schema_extra={"format": "int64"})]
Version = Annotated[
    StrictInt,
    Field(
        ge=1,
        le=MAX_ID,
        json_schema_extra={"format": "int64"},
        description="The version your change is based on (409 when it is no longer the current one).",
    ),
]
Count = Annotated[StrictInt, Field(ge=0, le=MAX_ID, json_schema_extra={"format": "int64"})]


def text_field(max_length: int | None, *, required: bool = False, description: str | None = None) -> Any:
    """A string of at most `max_length` characters; `required` ones must not be blank (as str.strip() sees it)."""
    if required:
        return Annotated[
            StrictStr,
            Field(min_length=1, max_length=max_length, pattern=NOT_BLANK, description=description),
        ]
    return Annotated[StrictStr, Field(max_length=max_length, description=description)]


def one_of(values: Iterable[int], labels: dict[int, str] | None = None) -> Any:
    """A whole number from `values` (JSON Schema `enum`); booleans and 1.0 are not whole numbers here."""
    allowed = tuple(values)
    why = "one of " + ", ".join(f"{v} ({labels[v]})" if labels else str(v) for v in allowed)

    def check(value: int) -> int:
        if value not in allowed:
            raise ValueError(why)
        return value

    return Annotated[
        StrictInt, AfterValidator(check), WithJsonSchema({"type": "integer", "enum": list(allowed)})
    ]


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_iso_date(value: object) -> date | None:
    """A date from "2020-01-31" or from a date-time that begins with it ("2020-01-31T10:00:00Z": the date is
    kept); None for None or "". The one date parser of the API, the services and the forms.

    :raise ValueError: anything else (another type, another format, a day that does not exist).
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        value = value.strip()
        if _DATE.fullmatch(value[:10]):
            try:
                if len(value) == 10:
                    return date.fromisoformat(value)
                if value[10] in "Tt":
                    return datetime.fromisoformat(value[:10] + "T" + value[11:].replace("Z", "+00:00")).date()
            except ValueError:
                pass
    raise ValueError("a date like 2020-01-31")


def _date_or_none(value: object) -> date | None:
    return parse_iso_date(value)


DATE_SCHEMA = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "format": "date-time"},
        {"type": "string", "maxLength": 0},
        {"type": "null"},
    ],
    "description": "A date (YYYY-MM-DD) or a date-time (its date is kept); empty or null for none.",
}
LooseDate = Annotated[date | None, BeforeValidator(_date_or_none), WithJsonSchema(DATE_SCHEMA)]


def _query_int(value: object) -> object:
    """Query strings carry text: "12" is 12; "+12", "1.0", "1_000", " 12" and 20 digits are not numbers."""
    if isinstance(value, str):
        if not (value.isascii() and value.isdigit() and len(value) <= 19):
            raise ValueError("a whole number")
        return int(value)
    return value


def query_int(low: int, high: int, description: str | None = None) -> Any:
    """A whole number from `low` to `high` in a query string."""
    return Annotated[
        StrictInt,
        Field(ge=low, le=high, description=description, json_schema_extra={"format": "int64"}),
        BeforeValidator(_query_int),  # after Field, so that the bounds show as minimum/maximum
    ]


QueryId = query_int(1, MAX_ID)


_QUERY_DATE_SCHEMA = {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}]}


def _query_date(value: object) -> object:
    if isinstance(value, str) and value.strip() and not _DATE.fullmatch(value.strip()):
        raise ValueError("a date (YYYY-MM-DD)")
    return parse_iso_date(value)


QueryDate = Annotated[date | None, BeforeValidator(_query_date), WithJsonSchema(_QUERY_DATE_SCHEMA)]
