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
# Labelling and directive verbs: "X called the plan “too little, too late”", "It urged countries to ...". Not
# reporting verbs (they carry no reported clause), but their subject is who the sentence attributes.
LABEL_OR_DIRECTIVE = re.compile(
    r"\b(?:(?:called|branded|dubbed|labell?ed|described)(?=\s+[^“\"]{1,60}?[“\"‘][a-z])|urged|urges|"
    r"appealed\s+(?:for|to)|(?:called|calls)\s+(?:for|on))\b"
)
# "Rovers are reportedly preparing a bid": the outlet passes on what other media report.
REPORTEDLY = re.compile(r"\b(?:reportedly|is\s+said\s+to|are\s+said\s+to|was\s+said\s+to|were\s+said\s+to)\b")
MEDIA_REPORTS = "media reports"
# Lowercase descriptors dropped before a name: media, roles and job titles, kinds of organisation.
PERSON_TITLES = {
    "spokesman", "spokeswoman", "spokesperson", "official", "analyst", "researcher", "expert", "commander",
    "journalist", "reporter", "correspondent", "economist", "strategist", "lawyer", "solicitor",
    "attorney", "barrister", "judge", "prosecutor", "leader", "chief", "director", "secretary", "chairman",
    "chairwoman", "chair", "executive", "founder", "professor", "coordinator", "adviser", "advisor",
    "diplomat", "envoy", "ambassador", "senator", "lawmaker", "legislator", "councillor", "mayor",
    "governor", "minister", "investigator", "activist", "campaigner", "doctor", "surgeon", "nurse",
    "resident", "witness", "survivor", "farmer", "teacher", "student", "author", "historian", "scientist",
    "trader", "banker", "manager", "officer", "commissioner", "inspector", "head", "editor", "columnist",
    "president", "chancellor", "premier", "negotiator", "representative", "deputy", "colonel", "general",
}  # fmt: skip
DESCRIPTORS = {
    "outlet", "agency", "newspaper", "daily", "weekly", "channel", "broadcaster", "website", "site",
    "network", "station", "monitor", "group", "watchdog", "magazine", "paper", "tabloid", "television",
    "tv", "outlets", "organization", "organisation", "charity", "company", "firm", "wholesaler",
    "retailer", "chipmaker", "carmaker", "automaker", "drugmaker", "manufacturer", "lender", "insurer",
    "airline", "operator", "union", "party", "institute", "think-tank",
} | PERSON_TITLES  # fmt: skip
