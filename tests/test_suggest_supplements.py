"""Trailing supplements and speaker asides as atomic claims, on sentences written for these tests (none is taken
from the evaluation articles)."""

import pytest

from factcheck.services.suggestions.atomic import atomic_claims

from .suggestion_helpers import atomic_texts


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "A kilo of coffee cost 14.20 euros in Harlow shops in May, compared with 11.50 euros a year earlier.",
            [
                "A kilo of coffee cost 14.20 euros in Harlow shops in May.",
                "A kilo of coffee cost 11.50 euros in Harlow shops a year earlier.",
            ],
        ),
        (
            "The median house price in Tolby reached 312,000 pounds, up from 287,000 pounds in 2022.",
            [
                "The median house price in Tolby reached 312,000 pounds.",
                "The median house price in Tolby was 287,000 pounds in 2022.",
            ],
        ),
        (
            "The dairy will bottle about 9 million litres of milk in 2027, 8% more than in 2026.",
            [
                "The dairy will bottle about 9 million litres of milk in 2027.",
                "The dairy will bottle 8% more milk in 2027 than in 2026.",
            ],
        ),
        (
            "Bus fares in Kirrin rose 6.5% in the year to March, the steepest increase since 1998.",
            [
                "Bus fares in Kirrin rose 6.5% in the year to March.",
                "The 6.5% rise in bus fares in Kirrin was the steepest increase since 1998.",
            ],
        ),
    ],
)
def test_a_trailing_figure_for_another_time_or_a_ranking_is_its_own_claim(sentence, expected):
    assert atomic_texts(sentence) == expected


def test_a_ranking_after_a_clause_without_a_change_is_cut_off_not_rewritten():
    # "the largest ..." ranks the haul, but there is no verb of change to name it by
    assert atomic_texts(
        "Customs officers seized 40 kilos of cocaine at Brell harbour, the largest haul this year."
    ) == ["Customs officers seized 40 kilos of cocaine at Brell harbour."]


def test_a_sentence_without_a_supplement_keeps_its_span():
    claims = atomic_claims("The ferry carried 310 passengers, and the crew rescued 12 of them.", 0)
    assert [c.text for c in claims][0] == "The ferry carried 310 passengers."


def test_a_relative_clause_on_the_speaker_is_a_fact_about_the_speaker():
    sentence = (
        "Harbour master Lea Quint, who has run the port since 2019, said on Friday that 3 cranes had failed."
    )
    assert atomic_texts(sentence) == ["Lea Quint has run the port since 2019.", "3 cranes had failed."]


def test_the_noun_of_a_dispute_is_no_verb_of_disputing():
    # "the challenge, said" is an aside ending before the verb of saying, not "X challenged ..., said ..."
    sentence = "Mayor Ivo Brandt, who lost the challenge, said on Monday that the road would reopen in June."
    assert atomic_texts(sentence)[-1] == "The road would reopen in June."


def test_a_restrictive_relative_clause_with_its_own_time_is_a_fact_of_its_own():
    sentence = "A flood that hit the valley on Friday night has closed 3 roads and cut power to 900 homes."
    assert atomic_texts(sentence) == [
        "A flood has closed 3 roads.",
        "A flood has cut power to 900 homes.",
        "A flood hit the valley on Friday night.",
    ]


def test_a_relative_clause_that_defines_a_class_stays_in_the_subject():
    sentence = "Drivers who passed the new test were 20% less likely to crash than other drivers."
    assert atomic_texts(sentence) == [sentence]


def test_a_deadline_closing_coordinated_verbs_holds_for_each():
    sentence = "The crews had cleared 40 kilometres of road and were 70% finished by Thursday evening."
    assert atomic_texts(sentence) == [
        "The crews had cleared 40 kilometres of road by Thursday evening.",
        "The crews were 70% finished by Thursday evening.",
    ]


def test_a_date_after_the_last_verb_stays_with_it():
    sentence = "The judge rejected 2 of the motions and set a hearing for March 4."
    assert atomic_texts(sentence) == [
        "The judge rejected 2 of the motions.",
        "The judge set a hearing for March 4.",
    ]


def test_counted_objects_of_one_verb_give_one_claim_each():
    sentence = "Last year the museum lent 120 paintings and 45 sculptures, and sold 3,000 catalogues."
    assert atomic_texts(sentence) == [
        "Last year the museum lent 120 paintings.",
        "Last year the museum lent 45 sculptures.",
        "Last year the museum sold 3,000 catalogues.",
    ]


def test_a_range_is_one_count_not_two():
    sentence = "The storm damaged between 200 and 300 houses in Ardlow."
    assert atomic_texts(sentence) == [sentence]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "The harbour closed its north quay, saying the crane had failed an inspection.",
            ["The harbour closed its north quay.", "The crane had failed an inspection."],
        ),
        (
            "Operating profit fell to 12 million euros, or 3 euros a share, from 19 million euros in 2024.",
            [
                "Operating profit fell to 12 million euros, or 3 euros a share.",
                "Operating profit was 19 million euros in 2024.",
            ],
        ),
        (
            "Dunmore's jobless rate was 7.1% in June, well above the national 5% average.",
            [
                "Dunmore's jobless rate was 7.1% in June.",
                "Dunmore's jobless rate was well above the national 5% average.",
            ],
        ),
        (
            # a share of what the clause counted is cut off, its list not spread over the subject
            "The ferry carried about 300 passengers, most of them from Arlen, Tove and Moss.",
            ["The ferry carried about 300 passengers."],
        ),
    ],
)
def test_a_carried_clause_an_earlier_figure_or_a_reference_figure_is_its_own_claim(sentence, expected):
    assert atomic_texts(sentence) == expected


def test_an_identifying_the_apposition_is_a_claim_and_leaves_the_main_claim():
    sentence = "In Norvia, the region's poorest province, wages rose 3% in 2025."
    assert atomic_texts(sentence) == [
        "Norvia is the region's poorest province.",
        "In Norvia wages rose 3% in 2025.",
    ]


def test_a_sentence_adverb_in_commas_leaves_the_claim():
    assert atomic_texts("Bread prices, however, rose to 3.10 euros from 2.90 euros.") == [
        "Bread prices rose to 3.10 euros.",
        "Bread prices were 2.90 euros.",
    ]


def test_a_month_before_a_ranking_is_no_name_in_apposition():
    sentence = "Car sales rose 8% in October, the biggest jump since 2019."
    assert "October is the biggest jump since 2019." not in atomic_texts(sentence)


def test_but_did_not_gives_the_subject_a_second_claim():
    sentence = "The inspectors checked the dam for approx. 40 minutes but did not order a closure."
    assert atomic_texts(sentence) == [
        "The inspectors checked the dam for approx. 40 minutes.",
        "The inspectors did not order a closure.",
    ]


def test_an_example_in_commas_leaves_the_claim():
    sentence = (
        "A quiet street, e.g. one with under 50 cars an hour, was linked to a 9% drop in asthma visits."
    )
    assert atomic_texts(sentence) == ["A quiet street was linked to a 9% drop in asthma visits."]


def test_a_hyphenated_adjective_is_no_verb():
    sentence = "The scientists said wind-driven mixing was the main cause of the bloom."
    assert atomic_texts(sentence) == ["Wind-driven mixing was the main cause of the bloom."]


def test_the_n_year_old_stands_for_the_person_named_last():
    earlier = "Brell United have signed winger Tomas Ek. "
    claims = [c.text for c in atomic_claims("The 19-year-old scored 7 goals in 2025.", len(earlier), earlier)]
    assert claims == ["Tomas Ek scored 7 goals in 2025."]


def test_a_past_event_in_a_closing_time_clause_is_its_own_claim():
    sentence = (
        "Two men were arrested on Friday after a lorry crashed into the toll booth on the Harlow bridge."
    )
    assert atomic_texts(sentence) == [
        "Two men were arrested on Friday.",
        "A lorry crashed into the toll booth on the Harlow bridge.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The index fell 2% after the figures were published.",  # too short to carry a fact of its own
        "Rents rose 4% after the council capped fees, deposits and agency charges.",  # the clause runs on in a list
        "The firm has known of the leak since 2019.",  # "since 2019": no clause
    ],
)
def test_a_time_clause_stays_when_it_is_short_runs_on_or_has_no_subject(sentence):
    assert atomic_texts(sentence) == [sentence]


def test_the_level_a_change_arrived_at_and_a_closing_as_clause_are_claims():
    sentence = (
        "The price of wool has fallen by a third in a year, to 2.40 euros a kilo, as the mills cut output."
    )
    assert atomic_texts(sentence) == [
        "The price of wool has fallen by a third in a year.",
        "The price of wool is 2.40 euros a kilo.",
        "The mills cut output.",
    ]


def test_as_without_a_clause_stays():
    sentence = "The shop closed on Monday, as a precaution."
    assert atomic_texts(sentence) == ["The shop closed on Monday, as a precaution."]


def test_a_closing_participle_clause_is_a_claim_of_the_nearest_clause():
    assert atomic_texts(
        "Heart disease was the main cause of death in Tarvia in 2024, accounting for 21% of deaths."
    ) == [
        "Heart disease was the main cause of death in Tarvia in 2024.",
        "Heart disease accounted for 21% of deaths in 2024.",
    ]
    assert atomic_texts(
        "Police closed the road after a lorry hit the bridge near Orm, injuring 3 drivers."
    ) == [
        "Police closed the road.",
        "A lorry injured 3 drivers.",
        "A lorry hit the bridge near Orm.",
    ]


def test_two_names_before_a_relative_clause_are_one_list_not_two_clauses():
    sentence = "The study followed 500 nurses in Norway and Sweden who wore step counters for a month."
    assert atomic_texts(sentence) == [sentence]


def test_a_list_of_nouns_after_while_is_one_subject_and_up_from_belongs_to_it():
    sentence = "Rents rose 2% in June, while gas, water and power bills rose 5%, up from 4% in May."
    assert atomic_texts(sentence) == [
        "Rents rose 2% in June.",
        "Gas, water and power bills rose 5%.",
        "Gas, water and power bills were 4% in May.",
    ]


def test_a_change_of_an_object_has_no_earlier_figure_of_the_subject():
    # "cut its target to 80 from 95": the target changed, not the bank
    texts = atomic_texts("The bank cut its price target for Orlen to 80 euros from 95 euros.")
    assert texts == ["The bank cut its price target for Orlen to 80 euros from 95 euros."]


def test_a_where_clause_after_a_place_is_a_fact_in_that_place():
    assert atomic_texts("In Harlow, where 40% of adults cycle, the council built 12 new bike lanes.") == [
        "In Harlow the council built 12 new bike lanes.",
        "40% of adults cycle in Harlow.",
    ]


def test_a_verb_with_its_own_since_keeps_it_when_a_deadline_closes_the_next():
    sentence = "The mill had known about the leak since 2019 but had fixed it only in 2024."
    assert atomic_texts(sentence) == [
        "The mill had known about the leak since 2019.",
        "The mill had fixed it only in 2024.",
    ]


def test_a_time_clause_opening_with_a_gerund_has_no_subject_of_its_own():
    sentence = "The crew turned back on Monday after discovering that the hull had cracked near the bow."
    assert atomic_texts(sentence)[0] != "The crew turned back on Monday."
