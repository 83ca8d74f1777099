"""Attribution as grammar and atomic claims, one test per pattern, on sentences written for these tests (none
is taken from the evaluation articles)."""

import pytest

from factcheck.services.splitting import suggest_claims
from factcheck.services.suggestion_eval import claimant_matches, same_fact
from factcheck.services.suggestions.atomic import atomic_claims

from .suggestion_helpers import last_suggestion


@pytest.mark.parametrize(
    "text, claimant",
    [
        ("The union disputed the figure, saying only 40 members had signed the petition.", "union"),
        ("Engineers estimated the repair bill at 3 million dollars.", "Engineers"),
        (
            "The bridge closed on Monday after a crack was found. Commuters put the delays far longer.",
            "Commuters",
        ),
        (
            "The Marlow Energy Regulator said on Monday that 4 plants failed inspections. "
            "The regulator rejects the operators' account and says its audit found 12 errors.",
            "Marlow Energy Regulator",
        ),
        (
            "Records analysed by the charity Oakfield show that 900 hospital beds were cut in 2024.",
            "Oakfield",
        ),
        ("The fall in exports was confirmed by the customs office on Friday.", "customs office"),
        ("Some of the residents said the water supply was cut for 3 days.", "residents"),
        ("The ministry's own data show that 15 schools closed in 2025.", "ministry"),
        ("According to the bank's quarterly survey, lending fell 2% in the spring.", "bank"),
        ("“We sold 300 tickets in an hour,” said Dana Price, the promoter.", "Dana Price"),
        (
            "Police rejected claims that 30 officers were injured, saying only four needed treatment.",
            "Police",
        ),
        (
            "The Coastal Safety Agency said 14 boats sank in 2024. The agency says most of them had no licence.",
            "Coastal Safety Agency",
        ),
    ],
)
def test_the_subject_of_a_verb_of_saying_estimating_or_disputing_is_the_claimant(text, claimant):
    got = last_suggestion(text).claimant
    assert claimant_matches(claimant, got), got


def test_a_participle_that_reports_nothing_attributes_nothing():
    # "adding days to the trip": no reported clause follows, so the subject is not a speaker
    item = last_suggestion(
        "Storms have forced the ferry line to sail around the island, adding days to the trip."
    )
    assert item.claimant is None


def test_an_expected_scheduled_event_is_not_check_worthy():
    assert not last_suggestion("The finance minister is expected to table the budget next week.").check_worthy


def test_an_evasive_answer_to_a_question_is_not_check_worthy_but_keeps_its_speaker():
    item = last_suggestion(
        "Asked whether the plant would close, the manager, Ivo Lang, said: “We are looking at all options.”"
    )
    assert not item.check_worthy
    assert claimant_matches("Ivo Lang", item.claimant)
    # a figure in the answer makes it a claim again
    item = last_suggestion("Asked whether the plant would close, Ivo Lang said: “We cut 120 jobs in March.”")
    assert item.check_worthy


def texts(sentence: str, earlier: str = "", claimant: str | None = None) -> list[str]:
    return [c.text for c in atomic_claims(sentence, 0, earlier, claimant)]


def test_the_attribution_goes_to_the_claimant_field():
    assert texts(
        "Wind farms produced 31% of the country's power in 2025, the grid operator said on Tuesday."
    ) == ["Wind farms produced 31% of the country's power in 2025."]
    assert texts("According to the survey, 62 of the 80 mayors backed the plan.") == [
        "62 of the 80 mayors backed the plan."
    ]
    assert texts("The inspector told reporters that the roof had leaked for 6 years.") == [
        "The roof had leaked for 6 years."
    ]


def test_coordinated_clauses_and_predicates_split_with_their_subject():
    assert texts("The storm cut power to 9,000 homes and 40 roads were closed.") == [
        "The storm cut power to 9,000 homes.",
        "40 roads were closed.",
    ]
    assert texts("The flood has damaged 300 farms and destroyed two bridges.") == [
        "The flood has damaged 300 farms.",
        "The flood has destroyed two bridges.",
    ]


def test_counted_subjects_split_one_claim_each():
    assert texts("Twelve ambulances, four boats and 90 volunteers were sent to the valley.") == [
        "Twelve ambulances were sent to the valley.",
        "Four boats were sent to the valley.",
        "90 volunteers were sent to the valley.",
    ]


def test_an_including_list_becomes_its_own_claim():
    got = texts("At least 25 workers, including 6 apprentices, lost their jobs at the mill in June.")
    assert got[0] == "At least 25 workers lost their jobs at the mill in June."
    assert "6 apprentices were among the workers that lost their jobs at the mill in June." in got


def test_a_relative_clause_with_its_own_fact_is_a_claim_about_its_noun():
    got = texts("The Tarn Valley Trust, which owns 14 reservoirs, raised its prices by 8% in May.")
    assert got[0] == "The Tarn Valley Trust raised its prices by 8% in May."
    assert "The Tarn Valley Trust owns 14 reservoirs." in got


def test_an_apposition_after_a_name_is_a_claim():
    got = texts("Marden Foods, a bakery chain with 70 shops, said sales fell 5% in the first quarter.")
    assert "Marden Foods is a bakery chain with 70 shops." in got
    assert "Sales fell 5% in the first quarter." in got


def test_a_list_of_names_closing_the_predicate_splits():
    got = texts("The treaty was signed by Norway, Chile, Kenya and Japan.")
    assert got == [f"The treaty was signed by {name}." for name in ("Norway", "Chile", "Kenya", "Japan")]


def test_pronouns_and_short_references_take_the_name_they_stand_for():
    earlier = "Halden Logistics said profits rose 8% in 2025. Chief executive Mira Solberg spoke in Oslo."
    assert texts("It also cut 200 jobs in March.", earlier) == [
        "Halden Logistics also cut 200 jobs in March."
    ]
    assert texts("Solberg joined the firm in 2019.", earlier) == ["Mira Solberg joined the firm in 2019."]


def test_numbers_dates_and_hedges_stay_exactly_as_written():
    got = texts("The fire probably started at about 3:40 a.m. on 4 March and burned roughly 1,200 hectares.")
    joined = " ".join(got)
    for kept in ("probably", "about 3:40 a.m.", "4 March", "roughly 1,200 hectares"):
        assert kept in joined


def test_each_atomic_claim_carries_the_span_it_rests_on():
    article = (
        "Ferry strike\n\nThe harbour board said 38 sailings were cancelled and 4,200 people were stranded.\n"
    )
    item = suggest_claims(article, title="Ferry strike")[-1]
    spans = [article[c.start : c.end] for c in item.atomic_claims]
    assert spans == ["38 sailings were cancelled", "4,200 people were stranded."]


def test_no_atomic_claims_for_a_sentence_that_is_not_check_worthy():
    assert last_suggestion("Will the new line ever open?").atomic_claims == ()


@pytest.mark.parametrize(
    "gold, predicted, expected",
    [
        ("The river rose 2 metres on Friday.", "The river rose by 2 metres on Friday.", True),
        ("The river rose 2 metres on Friday.", "The river rose 3 metres on Friday.", False),
        ("The river rose 2 metres on Friday.", "The river rose 2 metres on Saturday.", False),
        ("The council employs 4,500 people.", "The council employs 4500 people.", True),
        ("The council employs 4,500 people.", "Fuel prices fell 4,500 times.", False),
    ],
)
def test_same_fact_wants_equal_numbers_and_dates_and_similar_words(gold, predicted, expected):
    assert same_fact(gold, predicted) is expected


def test_a_gold_claimant_may_list_alternatives():
    assert claimant_matches(["regional fire service", "fire service"], "the fire service")
    assert not claimant_matches(["regional fire service", "fire service"], "the police")


def test_the_api_gives_each_suggestion_its_atomic_claims(api):
    text = "Dam work ends\n\nThe water board said 12 pumps were replaced and the dam reopened on Monday.\n"
    created = api("reviewer").post("/api/v1/articles", json={"title": "Dam work ends", "text": text})
    assert created.status_code == 201
    response = api("viewer").get(f"/api/v1/articles/{created.get_json()['id']}/suggestions")
    assert response.status_code == 200
    items = response.get_json()["suggestions"]
    assert items[0]["atomic_claims"] == []  # the headline
    claims = items[-1]["atomic_claims"]
    assert [c["text"] for c in claims] == ["12 pumps were replaced.", "The dam reopened on Monday."]
    for claim in claims:
        assert set(claim) == {"text", "start", "end"}
        assert 0 <= claim["start"] < claim["end"] <= len(text)
