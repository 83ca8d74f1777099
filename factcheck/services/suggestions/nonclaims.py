"""Sentences that carry numbers or names yet state no checkable claim.

News copy is full of them: a police appeal ("asked witnesses to call 101, quoting reference ..."), a pointer to
where data lives ("publishes weekly figures at example.org/data"), an eyewitness's impression ("It was over in
seconds"), a vague assessment ("the effect has been modest"), and, in lists, an instruction ("Reroute around
the cape"). ``scoring`` subtracts a weight for each; each pattern names a class of phrasing, not a story.
Two exceptions that keep a claim checkable: an estimate a named body made, and a report embedded after a
"declined to comment".
"""

from __future__ import annotations

import re

# An appeal or instruction to readers: call a number, contact the police, quote a reference.
APPEAL = re.compile(
    r"\b(?:ask(?:s|ed|ing)?|urg(?:e|es|ed|ing)|appeal(?:s|ed|ing)?\s+(?:to|for)|encourag(?:e|es|ed|ing)|"
    r"call(?:s|ed|ing)?\s+on)\s+(?:any\s+)?(?:witnesses|anyone|anybody|members\s+of\s+the\s+public|the\s+public|"
    r"people|residents|drivers|motorists|those|readers|viewers|customers)\b[^.]{0,60}?\b(?:to\s+(?:call|contact|"
    r"come\s+forward|get\s+in\s+touch|report|ring|email|submit|upload|share)|with\s+information)\b|"
    r"\bquoting\s+(?:the\s+)?(?:reference|ref\.?|crime\s+(?:reference|number)|incident\s+number|log)\b|"
    r"\b(?:call|ring|contact)\s+(?:Crimestoppers|\d{3}\b|the\s+(?:police|hotline|helpline))",
    re.IGNORECASE,
)
# Where figures are published, not what they say: a publishing verb before a web address ("publishes its
# figures at <domain>/<path>"), or an address in brackets before "shows" or "lists".
_ADDRESS = r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|gov|int|net|io|info|eu|uk)(?:/\S*)?"
POINTER = re.compile(
    rf"\b(?:publish(?:es|ed)?|posts?|releases?|updates?|lists?|maintains?|hosts?|offers?|provides?)\b"
    rf"[^.]{{0,80}}?\b(?:at|on|via)\s+(?:{_ADDRESS})|\((?:{_ADDRESS})\)\s+(?:shows?|lists?|tracks?|has)\b",
    re.IGNORECASE,
)
# An eyewitness's impression of how something felt or looked, not what happened.
IMPRESSION = re.compile(
    r"\b(?:it|that|everything|the\s+whole\s+thing)\s+(?:was|felt|seemed|looked|sounded)\s+(?:over\b|like\b|"
    r"as\s+if\b|surreal|chaotic|chaos|terrifying|scary|frightening|horrific|unreal|crazy|mad|insane|"
    r"incredible|awful|so\s+\w+)|\b(?:everybody|everyone|people|we|I)\s+(?:just\s+)?(?:froze|panicked|"
    r"screamed|was\s+(?:shaking|terrified|stunned)|were\s+(?:shaking|terrified|stunned))\b|"
    r"\b(?:felt|seemed|looked|sounded)\s+(?:like|as\s+if)\b",
    re.IGNORECASE,
)
# A vague assessment of size or effect ("has been modest", "remains limited") with no figure to check.
VAGUE = re.compile(
    r"\b(?:is|are|was|were|been|remains?|remained|seems?|seemed|looks?|looked|proved|appears?)\s+(?:so\s+far\s+)?"
    r"(?:relatively\s+|fairly\s+|quite\s+|rather\s+|very\s+|only\s+|still\s+)?(?:modest|limited|minimal|"
    r"negligible|marginal|muted|mild|manageable|considerable|substantial|significant|sizeable|sizable|"
    r"dramatic|severe|huge|enormous|tiny|small|big|large)\b",
    re.IGNORECASE,
)
# An estimate a named body made ("The IMF estimated in its April report that ... could add 0.6 points"):
# that the estimate was made, and its figure, are checkable even though it looks ahead.
INSTITUTIONAL_ESTIMATE = re.compile(
    r"(?:^|[(\s])(?:The\s+)?(?:[A-Z][\w.&’'-]*\s+){1,6}(?:estimated|estimates|calculated|calculates|"
    r"projected|projects|modell?ed|forecast|forecasts)\b"
)
# "declined to comment on X, which Bloomberg reported ...": the embedded report is still a claim.
EMBEDDED_REPORT = re.compile(
    r"\b(?:which|that|as|what)\s+(?:the\s+)?(?:[A-Z][\w.&’'-]*\s+){1,5}(?:\w+ly\s+)?(?:reported|said|"
    r"revealed|disclosed|wrote|found|first\s+reported)\b"
)
_SUBJECT_WORDS = {
    "a", "an", "the", "this", "that", "these", "those", "its", "his", "her", "their", "our", "my", "your",
    "about", "around", "roughly", "nearly", "almost", "over", "under", "more", "less", "fewer", "most",
    "some", "many", "few", "all", "each", "every", "no", "one", "two", "three", "it", "he", "she", "they",
    "we", "i", "you", "there", "here", "in", "on", "at", "by", "for", "from", "since", "after", "before",
    "during", "while", "when", "if", "as", "with", "without", "only", "just", "also", "not", "both",
}  # fmt: skip
_FINITE = re.compile(
    r"(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|should|did|does|do|\w+ed|"
    r"\w+[^s\W]s|rose|fell|grew|stood|took|made|went|came|won|lost|paid|sold|held|led|hit|cut|set|put)$",
    re.IGNORECASE,
)


def is_instruction(item: str) -> bool:
    """Whether a list item is an instruction: it opens on a bare verb ("Reroute around Africa"), no subject.

    The first word is no determiner, number, pronoun or preposition, does not look plural ("Prices"), and the
    second is a lowercase word that is not a finite verb ("Inflation rose" has a subject; "Pay war-risk
    premiums" has none).
    """
    words = re.findall(r"[\w’'-]+", item)
    if len(words) < 2 or not words[0][:1].isupper() or words[0][:1].isdigit():
        return False
    first, second = words[0], words[1]
    if first.lower() in _SUBJECT_WORDS or first.isupper() or first.lower().endswith(("ly", "ing")):
        return False
    if first.endswith("s") and not first.endswith("ss"):
        return False
    return second[:1].islower() and not _FINITE.match(second)


# A note from the editors about the copy itself, not about the world: "has been edited for length and
# clarity", "This article has been updated", "Additional reporting by ...".
EDITORIAL_NOTE = re.compile(
    r"\b(?:has|have|had)\s+been\s+(?:lightly\s+)?(?:edited|condensed|abridged|shortened|translated|transcribed)"
    r"\s+(?:for|from)\b|\bthis\s+(?:article|story|report|piece|interview|transcript|page)\s+(?:has\s+been|was)\s+"
    r"(?:updated|corrected|amended|edited|changed)\b|^(?:additional\s+)?(?:reporting|editing|writing)\s+by\b|"
    # A translator's note in brackets: "(Translated from Spanish by the English desk.)"
    r"^\W*(?:translated|adapted)\s+from\s+[A-Z]\w+\s+by\b",
    re.IGNORECASE,
)
