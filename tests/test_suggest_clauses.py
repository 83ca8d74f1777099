"""Clauses hung on a sentence that state a fact of their own, on sentences written for these tests (none is taken
from the evaluation articles)."""

from factcheck.services.suggestions.atomic import atomic_claims


def _texts(sentence: str) -> list[str]:
    return [claim.text for claim in atomic_claims(sentence, 0)]


def test_a_participle_after_a_closing_attribution_carries_a_second_reported_clause():
    sentence = (
        "The backlog is caused mostly by staff shortages, the audit office said in a report on Monday, "
        "estimating that 12,000 claims were left unanswered in 2024."
    )
    assert _texts(sentence) == [
        "The backlog is caused mostly by staff shortages.",
        "12,000 claims were left unanswered in 2024.",
    ]
    claim = atomic_claims(sentence, 0)[1]
    assert sentence[claim.start : claim.end] == "12,000 claims were left unanswered in 2024"


def test_a_result_clause_with_its_own_subject_is_a_claim_of_its_own():
    assert _texts(
        "Running a tractor for a day costs about 80 euros, so that many hill farmers cannot afford one."
    ) == [
        "Running a tractor for a day costs about 80 euros.",
        "Many hill farmers cannot afford one.",
    ]
    assert _texts("The ferry was cancelled, so the council moved the fair to June.") == [
        "The ferry was cancelled.",
        "The council moved the fair to June.",
    ]


def test_so_far_is_no_result_clause():
    assert _texts("Sales fell 3% in May, so far the worst month of the year.") == [
        "Sales fell 3% in May, so far the worst month of the year."
    ]
