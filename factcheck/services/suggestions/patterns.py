"""Words and patterns that cutting, scoring and attribution share.

The lowest module of the package: it imports none of the others, so each of them may import it.
"""

from __future__ import annotations

import re

# What may open a sentence before its first word: quotes and brackets.
OPENERS = "\"'“‘([«"
# Calendar words: a date in a sentence, never a name.
MONTHS = "January February March April May June July August September October November December"
_MONTH_ABBREVIATIONS = "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
DATE_WORDS = frozenset((MONTHS + " " + DAYS + " " + _MONTH_ABBREVIATIONS).split())
# A photo credit line ("(Photo: Reuters/Jane Doe)", "Getty Images").
CREDIT = re.compile(
    r"\((?:[^()]{0,40}\b)?(?:photo|photograph|picture|image|video|file|illustration)s?\b[^()]{0,40}\)|"
    r"^(?:photo|photograph|picture|image|video|illustration)s?\s*(?:by\b|:|credit)|getty images|©|"
    r"\bphoto(?:graph)?\s*(?:by|credit)\b|^\([^()]{0,60}/[^()]{0,60}\)$",
    re.IGNORECASE,
)
# A sentence end, with any closing quotes or brackets after it.
TERMINAL = re.compile(r"[.!?…][\"'”’)\]»]*$")
QUOTE_OPEN = '“"«‘'
# Reporting verbs: speech, writing, evidence ("figures show", "the study found"), concession, denial and
# accusation. Directives ("urged donors to", "called for") carry no claim and are left out.
_VERBS = (
    r"say|says|said|tell|tells|told|report|reports|reported|state|states|stated|announce|announces|"
    r"announced|claim|claims|claimed|add|adds|added|note|notes|noted|write|writes|wrote|tweet|tweets|"
    r"tweeted|post|posts|posted|confirm|confirms|confirmed|allege|alleges|alleged|insist|insists|insisted|"
    r"explain|explains|explained|warn|warns|warned|acknowledge|acknowledges|acknowledged|admit|admits|"
    r"admitted|estimate|estimates|estimated|show|shows|showed|find|finds|found|accuse|accuses|accused|"
    r"argue|argues|argued|deny|denies|denied|ask|asks|asked|predict|predicts|predicted|conclude|"
    r"concludes|concluded|reveal|reveals|revealed|disclose|discloses|disclosed|maintain|maintains|"
    r"maintained|contend|contends|contended|suggest|suggests|suggested|indicate|indicates|indicated|"
    r"testify|testifies|testified|recall|recalls|recalled|complain|complains|complained|concede|concedes|"
    r"conceded|counter|counters|countered|respond|responds|responded|reply|replies|replied|stress|"
    r"stresses|stressed|emphasise|emphasises|emphasised|emphasize|emphasizes|emphasized|observe|"
    r"observes|observed|remark|remarks|remarked|declare|declares|declared|assert|asserts|asserted|"
    r"boast|boasts|boasted|recount|recounts|recounted|believe|believes|believed"
)
REPORTING_VERB = re.compile(rf"\b(?:{_VERBS})\b")
