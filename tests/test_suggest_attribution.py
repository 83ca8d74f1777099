"""Attribution forms added for #14, on sentences written for these tests (none is taken from the evaluation
articles)."""

import pytest

from factcheck.services.suggestion_eval import claimant_matches

from .suggestion_helpers import atomic_texts, last_suggestion


@pytest.mark.parametrize(
    "text, claimant",
    [
        # data credited through a participle, with a long name
        (
            "Records gathered by the National Coastal Monitoring Office show that 14 beaches eroded in 2025.",
            "National Coastal Monitoring Office",
        ),
        # a promise reports a clause like "said"
        (
            "Mayor Ana Pellit, who opened the bridge on Friday, promised that the toll would fall to 2 euros.",
            "Ana Pellit",
        ),
        # a name in apposition to a description of the speaker
        (
            "A tenants' group from the estate, the Elm Park Tenants, said rents had doubled since 2020.",
            "Elm Park Tenants",
        ),
        # a possessive pronoun before the source: the sentence's subject owns it
        ("Harwick doubled its recycling rate in 2024, its council reported.", "Harwick council"),
        ("The board spent 2 million euros on travel in 2025, as its own accounts show.", "board"),
        # an operator named with its industry word is the company "the operator" points back to
        (
            "Kestrel Rail said 30 trains were cancelled on Monday. Extra buses ran on 4 routes, the operator said.",
            "Kestrel Rail",
        ),
    ],
)
def test_the_source_is_found_in_ordinary_english(text, claimant):
    got = last_suggestion(text).claimant
    assert claimant_matches(claimant, got), got


def test_a_promise_to_act_is_no_reported_clause():
    # "promised to" carries no reported clause: the verb is the event, not an attribution
    item = last_suggestion("The council promised to rebuild the pier.")
    assert item.claimant is None


def test_a_verb_of_saying_after_a_determiner_is_a_noun_and_closes_no_attribution():
    sentence = "The drivers' union, Rail First, disputed that estimate, saying most of the lines closed were rural routes."
    texts = atomic_texts(sentence)
    assert "Most of the lines closed were rural routes." in texts
    assert "The drivers' union, Rail First." not in texts


def test_a_demand_with_a_bare_verb_is_claimed_as_a_demand_not_as_a_fact():
    texts = atomic_texts("The tenants' union demanded that the city freeze rents in 2026.")
    assert texts == ["The tenants' union demanded that the city freeze rents in 2026."]
    # A reported fact after "said that" is still the fact.
    texts = atomic_texts("The tenants' union said that the city froze rents in 2025.")
    assert texts == ["The city froze rents in 2025."]
