"""Check-worthiness of announced arrangements, imposed obligations and notes, on sentences written for these
tests (none is taken from the evaluation articles)."""

import pytest

from .suggestion_helpers import last_suggestion


@pytest.mark.parametrize(
    "sentence",
    [
        # a service arrangement an operator announces: its terms are checkable as announced
        "Shuttle buses will run between the two terminals, the airport said.",
        "Ticket holders will be refunded in full, according to the promoter.",
        # a reported term of a plan with a figure
        "The agency says the cap would cover about 12,000 flats.",
        # an obligation a ruling imposes, with its figure
        "The builder must also pay 85,000 euros in damages.",
        # an announced stoppage from a calendar day
        "Cabin crew at Sorna Air will walk out for 24 hours from Tuesday.",
    ],
)
def test_an_announced_arrangement_or_imposed_obligation_is_check_worthy(sentence):
    assert last_suggestion(sentence).check_worthy


@pytest.mark.parametrize(
    "sentence",
    [
        # a threat hedged by a condition: "has warned" is attribution, not a fact beside the forecast
        "The nurses' union has warned that it could stage more stoppages in June if talks fail.",
        # a translator's note
        "(Translated from German by the Tallis Wire foreign desk.)",
        # "must" with no imposed payment stays a judgement
        "The city must do more for its parks.",
    ],
)
def test_a_threat_a_translators_note_or_a_judgement_is_not_check_worthy(sentence):
    assert not last_suggestion(sentence).check_worthy
