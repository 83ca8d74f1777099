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
    r"\bphoto(?:graph)?\s*(?:by|credit)\b|^\([^()]{0,60}/[^()]{0,60}\)$|"
    r"(?-i:^[A-ZÀ-Ý][A-ZÀ-Ý.'’-]+\b[^\n]{0,80}\s[-–—]+$)",  # a dateline on its own (DATELINE below)
    re.IGNORECASE,
)
# A wire-copy dateline opening a paragraph: the place in capitals, then optionally its region or country and a
# date, optionally the agency in brackets, then a dash ("LONDON (Reuters) - ", "TOWN, Country, Nov. 12 (Agency)
# - "). It is layout, like a credit: its own segment, never a claim.
DATELINE = re.compile(
    r"(?:[A-ZÀ-Ý][A-ZÀ-Ý.'’-]+(?:\s+[A-ZÀ-Ý][A-ZÀ-Ý.'’-]+){0,3})(?:,\s+[A-Z][\w.]*(?:\s+[A-Z\d][\w.]*){0,3}){0,2}"
    r"(?:\s+\([A-Z][^()]{1,40}\))?\s+[-–—]+(?=\s+\S)"
)
# Courtesy and rank titles, abbreviated or not, that may stand before a name ("Mr.", "Dr", "Gen.", "Judge"): the
# one list for subjects, references and antecedents.
COURTESY_TITLE = (
    r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Rev|Sen|Rep|Gov|Gen|Col|Capt|Lt|Maj|Sgt|Cpl|"
    r"Insp|Supt|Det|Chief|Inspector|Superintendent|Detective|Sergeant|Constable|Officer|Judge|Justice|"
    r"Cmdr|Adm|Brig|Amb|Atty|Hon)\.?"
)
# Nouns a company goes by in a sentence ("the company", "the chipmaker", "rail operator X"): the one list for
# antecedents and atomic claims.
COMPANY_NOUNS = (
    r"company|firm|group|chipmaker|\w+maker|retailer|lender|insurer|airline|carrier|operator|supplier|"
    r"manufacturer|producer|developer|start-?up|wholesaler|brewer|miner|exporter"
)
# A sentence end, with any closing quotes or brackets after it.
TERMINAL = re.compile(r"[.!?…][\"'”’)\]»]*$")
QUOTE_OPEN = '“"«‘'
# The verb lexicon: the one home of the verbs attribution and scoring read. Each line is a lemma and its
# forms (base, third person, past, participle in -ing); the groups say what kind of verb it is. A phrasal verb
# joins its words with "_" ("pointed_out"): the patterns read any spacing between them.
_LEXICON = {
    # speech and writing: the subject is who the reported clause is attributed to
    "speech": """say says said saying|tell tells told telling|state states stated stating|announce announces
        announced announcing|claim claims claimed claiming|add adds added adding|note notes noted noting|write
        writes wrote writing|tweet tweets tweeted tweeting|post posts posted posting|confirm confirms confirmed
        confirming|allege alleges alleged alleging|insist insists insisted insisting|explain explains explained
        explaining|warn warns warned warning|acknowledge acknowledges acknowledged acknowledging|admit admits
        admitted admitting|accuse accuses accused accusing|argue argues argued arguing|deny denies denied
        denying|ask asks asked asking|maintain maintains maintained maintaining|contend contends contended
        contending|testify testifies testified testifying|recall recalls recalled recalling|complain complains
        complained complaining|concede concedes conceded conceding|counter counters countered countering|
        respond responds responded responding|reply replies replied replying|stress stresses stressed
        stressing|emphasise emphasises emphasised emphasising|emphasize emphasizes emphasized emphasizing|
        observe observes observed observing|remark remarks remarked remarking|declare declares declared
        declaring|assert asserts asserted asserting|boast boasts boasted boasting|recount recounts recounted
        recounting|believe believes believed believing|report reports reported reporting|predict predicts
        predicted predicting|suggest suggests suggested suggesting|assure assures assured assuring|affirm affirms
        affirmed affirming|point_out points_out pointed_out pointing_out|demand demands demanded demanding|
        promise promises promised promising|pledge pledges pledged pledging|vow vows vowed vowing""",
    # evidence: what a study, an inquiry or figures established
    "finding": """show shows showed showing|find finds found finding|conclude concludes concluded concluding|
        reveal reveals revealed revealing|disclose discloses disclosed disclosing|indicate indicates indicated
        indicating""",
    # estimating a quantity: "X estimated the damage at ...", "X put the toll far higher"
    "valuation": """estimate estimates estimated estimating|put puts putting|value values valued valuing|
        peg pegs pegged pegging|place places placed placing|reckon reckons reckoned reckoning|calculate
        calculates calculated calculating""",
    # disputing another's account: the subject is who speaks in the clause that follows ("..., saying ...")
    "dispute": """dispute disputes disputed disputing|reject rejects rejected rejecting|contest contests
        contested contesting|challenge challenges challenged challenging|question questions questioned
        questioning|rebut rebuts rebutted rebutting|refute refutes refuted refuting|dismiss dismisses dismissed
        dismissing""",
}
_FORMS = {
    group: [line.split() for line in " ".join(lines.split()).split("|")] for group, lines in _LEXICON.items()
}


def _alternation(groups: tuple[str, ...], *, participles: bool = False) -> str:
    words = {form for group in groups for forms in _FORMS[group] for form in forms}
    if not participles:
        words = {w for w in words if not w.endswith("ing") or w in {"bring", "sing"}}
    return "|".join(w.replace("_", r"\s+") for w in sorted(words, key=lambda w: (-len(w), w)))


# Reporting verbs: speech, writing, evidence ("figures show", "the study found") and estimates, concession,
# denial and accusation. Directives ("urged donors to", "called for") carry no claim and are left out.
_VERBS = _alternation(("speech", "finding")) + "|estimate|estimates|estimated"
REPORTING_VERB = re.compile(rf"\b(?:{_VERBS})\b")
# Verbs that are also nouns or plain actions ("insurance claims", "the firm added staff", "police found a
# body"): reporting verbs only when a reported clause or the end of one follows.
AMBIGUOUS_VERBS = frozenset(
    """
    claim claims note notes report reports state states add added adds noted post posts posted estimate estimates
    estimated show shows showed find finds found maintain maintains maintained counter counters countered recall
    recalls recalled observe observes observed reveal reveals revealed disclose discloses disclosed conclude
    concludes concluded respond responds responded reply replies replied indicate indicates indicated suggest
    suggests suggested stress stresses stressed predict predicts predicted confirm confirms remark remarks
    declare declares declared demand demands demanded promise promises promised pledge pledges pledged vow vows
    vowed""".split()
)
# Evidence verbs: what a study or inquiry found is checkable, whoever found it.
FINDING = re.compile(rf"\b(?:{_alternation(('finding',))})\b")
# "X disputed the figure", "X rejects that account": a dispute whose subject goes on to speak.
DISPUTING_VERB = re.compile(rf"\b(?:{_alternation(('dispute',))})\b")
# "X estimated the damage at 5 million", "X put the toll far higher": a valuation, the subject's estimate.
VALUATION = re.compile(
    rf"\b(?:{_alternation(('valuation',))})\s+(?:[\w’'-]+\s+){{1,8}}?(?:at\s+(?:(?:about|around|some|nearly|"
    r"almost|over|more\s+than|less\s+than|up\s+to|as\s+(?:much|many|high|low)\s+as|roughly|at\s+least)\s+)?"
    r"(?:[$€£¥]|\d)|(?:(?:far|much|even|significantly|considerably|slightly|well|a\s+lot)\s+)?(?:higher|lower|"
    r"greater|larger|smaller|bigger|longer|shorter|closer|nearer)\b)"
)
# The participle or coordinated verb that carries a statement on from an earlier verb: "X disputed the figure,
# saying ...", "X rejects that account and says ...".
CARRIED_SPEECH = re.compile(
    r"(?:,\s*|\band\s+)(?:saying|adding|arguing|insisting|noting|stating|claiming|explaining|maintaining|"
    r"says|said|adds|added|argues|argued|insists|insisted|notes|noted)\b"
)
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
