"""Clauses hung on a sentence that state a fact of their own, on sentences written for these tests (none is taken
from the evaluation articles)."""

from factcheck.services.suggestions.atomic import atomic_claims

from .suggestion_helpers import atomic_texts


def test_a_participle_after_a_closing_attribution_carries_a_second_reported_clause():
    sentence = (
        "The backlog is caused mostly by staff shortages, the audit office said in a report on Monday, "
        "estimating that 12,000 claims were left unanswered in 2024."
    )
    assert atomic_texts(sentence) == [
        "The backlog is caused mostly by staff shortages.",
        "12,000 claims were left unanswered in 2024.",
    ]
    claim = atomic_claims(sentence, 0)[1]
    assert sentence[claim.start : claim.end] == "12,000 claims were left unanswered in 2024"


def test_a_result_clause_with_its_own_subject_is_a_claim_of_its_own():
    assert atomic_texts(
        "Running a tractor for a day costs about 80 euros, so that many hill farmers cannot afford one."
    ) == [
        "Running a tractor for a day costs about 80 euros.",
        "Many hill farmers cannot afford one.",
    ]
    assert atomic_texts("The ferry was cancelled, so the council moved the fair to June.") == [
        "The ferry was cancelled.",
        "The council moved the fair to June.",
    ]


def test_so_far_is_no_result_clause():
    assert atomic_texts("Sales fell 3% in May, so far the worst month of the year.") == [
        "Sales fell 3% in May, so far the worst month of the year."
    ]


def test_an_owned_noun_measured_by_a_second_figure_is_a_claim_of_its_own():
    assert atomic_texts(
        "The 2 million pounds for the bridge is less than 1% of the county's transport budget of 300 million pounds."
    ) == [
        "The 2 million pounds for the bridge is less than 1% of the county's transport budget.",
        "The county's transport budget is 300 million pounds.",
    ]
    # "its" is the clause's subject's.
    assert atomic_texts("The firm paid 40 million euros in 2023, a fraction of its debt of 2 billion euros.")[
        -1
    ] == ("The firm’s debt is 2 billion euros.")


def test_a_noun_measured_by_the_only_figure_stays_whole():
    assert atomic_texts("The council approved its budget of 610 million euros on Monday.") == [
        "The council approved its budget of 610 million euros on Monday."
    ]


def test_my_in_the_quote_of_a_named_person_is_the_speakers():
    sentence = "“My shop has lost half its trade since March,” said Ada Lind, who sells shoes in Tolby."
    texts = atomic_texts(sentence, claimant="Ada Lind")
    assert "Ada Lind’s shop has lost half its trade since March." in texts
    # A body is no person: its "my" is left as written.
    texts = atomic_texts(sentence, claimant="The Tolby Traders")
    assert not any("Tolby Traders’s" in text for text in texts)


def test_a_superlative_placed_by_a_with_phrase_is_a_claim_of_its_own():
    assert atomic_texts(
        "Bus fares rose in all nine districts in 2024, with the steepest rises in Harlow and in Kem."
    ) == [
        "Bus fares rose in all nine districts in 2024.",
        "The steepest rises were in Harlow and in Kem.",
    ]
    assert atomic_texts("Turnout fell in every ward, with the largest drop among voters under 30.")[-1] == (
        "The largest drop was among voters under 30."
    )


def test_a_bare_verb_coordinated_after_a_modal_takes_the_modal():
    assert atomic_texts(
        "Members with a season pass can book a court up to 14 days ahead, or bring a guest on any weekday."
    ) == [
        "Members with a season pass can book a court up to 14 days ahead.",
        "Members with a season pass can bring a guest on any weekday.",
    ]
    assert atomic_texts("The plant will close in 2027 and move its 400 jobs to Tolby.") == [
        "The plant will close in 2027.",
        "The plant will move its 400 jobs to Tolby.",
    ]


def test_alternative_objects_after_a_modal_are_one_claim():
    assert atomic_texts("Savers can open an account with 100 euros or a cheque.") == [
        "Savers can open an account with 100 euros or a cheque."
    ]


def test_a_remark_on_a_figure_with_its_own_subject_is_a_claim_of_its_own():
    assert atomic_texts(
        "Organisers put the crowd at about 40,000 people, a figure the police have not confirmed."
    ) == [
        "Organisers put the crowd at about 40,000 people.",
        "The police have not confirmed the figure of about 40,000 people.",
    ]
    assert atomic_texts(
        "The mayor said at least 300 trees had been felled illegally, a claim that the parks office denies."
    ) == ["At least 300 trees had been felled illegally.", "The parks office denies the claim."]


def test_a_remark_whose_verb_has_a_complement_stays_whole():
    assert atomic_texts("Sales rose to 2 million units, a number which analysts called modest.") == [
        "Sales rose to 2 million units, a number which analysts called modest."
    ]


def test_a_change_against_an_earlier_time_after_a_counted_object_is_a_relative_amount():
    assert atomic_texts(
        "Ferry operators carried 2.1 million passengers on the Tolby crossing in 2024, up 8% from a year earlier."
    ) == [
        "Ferry operators carried 2.1 million passengers on the Tolby crossing in 2024.",
        "Ferry operators carried 8% more passengers on the Tolby crossing in 2024 than a year earlier.",
    ]


def test_a_change_against_an_earlier_time_after_a_level_is_said_of_the_subject():
    assert atomic_texts(
        "Home sales reached 41,000 in the first quarter, down 3% on the same period last year."
    ) == [
        "Home sales reached 41,000 in the first quarter.",
        "Home sales were down 3% in the first quarter from the same period last year.",
    ]


def test_making_a_name_something_is_a_claim_about_the_name():
    assert atomic_texts(
        "Passenger numbers at Kem airport passed 9 million in 2024, making Kem the busiest airport in the region."
    ) == [
        "Passenger numbers at Kem airport passed 9 million in 2024.",
        "Kem was the busiest airport in the region.",
    ]
    # "it" would have to be resolved inside the sentence: left whole.
    assert atomic_texts("The storm killed 12 people, making it the deadliest in a decade.") == [
        "The storm killed 12 people, making it the deadliest in a decade."
    ]


def test_a_count_of_days_closing_a_penalty_for_a_gerund_is_how_often_the_act_happened():
    assert atomic_texts(
        "A chemical firm was fined 800,000 euros on Monday for releasing ammonia into the harbour at Kem "
        "on at least 40 days in 2023."
    ) == [
        "A chemical firm was fined 800,000 euros on Monday for releasing ammonia into the harbour at Kem.",
        "A chemical firm released ammonia into the harbour at Kem on at least 40 days in 2023.",
    ]
    # No count of occasions: the penalty and its reason stay one claim.
    assert atomic_texts(
        "The club was fined 20,000 pounds for fielding an ineligible player in two matches."
    ) == ["The club was fined 20,000 pounds for fielding an ineligible player in two matches."]


def test_a_modal_relative_clause_on_an_indefinite_object_says_what_the_object_would_do():
    assert atomic_texts(
        "Farmers in Kem oppose a draft law that would cap water use at 300 litres a day."
    ) == [
        "Farmers in Kem oppose a draft law.",
        "The draft law would cap water use at 300 litres a day.",
    ]
    # On the subject, running into the main verb: left whole.
    assert atomic_texts("A law that would ban cars from the centre was passed in May.") == [
        "A law that would ban cars from the centre was passed in May."
    ]


def test_a_clause_coordinated_after_a_closing_attribution_goes_on_with_the_statement():
    assert atomic_texts(
        "Fares will rise by 5% in April, the operator said, and ticket offices will close at 8 p.m."
    ) == [
        "Fares will rise by 5% in April.",
        "Ticket offices will close at 8 p.m.",
    ]
    # "she" is the person the reported clause is about.
    assert atomic_texts(
        "One climber was flown to hospital with a broken leg, the rescue service said, and she is in a serious "
        "condition."
    ) == ["One climber was flown to hospital with a broken leg.", "One climber is in a serious condition."]


def test_a_named_holder_of_a_named_place_is_a_claim_of_its_own():
    assert atomic_texts("Aid trucks reached the Tolby militia-held Kem province on Monday.") == [
        "Kem province is held by the Tolby militia.",
        "Aid trucks reached the Tolby militia-held Kem province on Monday.",
    ]
    # No holder named: nothing to add.
    assert atomic_texts("Aid trucks reached the rebel-held Kem province on Monday.") == [
        "Aid trucks reached the rebel-held Kem province on Monday."
    ]


def test_an_including_list_of_names_runs_on_through_its_commas():
    assert atomic_texts("Ten ports, including Kem, Tolby and Harlow, were shut on Monday.") == [
        "Ten ports were shut on Monday.",
        "Kem, Tolby and Harlow were among the Ten ports that were shut on Monday.",
    ]
    assert atomic_texts("About 2,000 of them have moved to nearby towns, including Kem, Tolby and Harlow.")[
        0
    ] == ("About 2,000 of them have moved to nearby towns.")


def test_including_a_place_names_no_member():
    assert atomic_texts("Prices rose across the bloc, including in Kem, where rents doubled.") == [
        "Prices rose across the bloc.",
        "Rents doubled in Kem.",
    ]


def test_two_modifiers_of_one_counted_noun_are_no_two_clauses():
    assert atomic_texts(
        "Since May, the militia has fired more than 300 rocket and mortar rounds at the port of Kem."
    ) == ["Since May, the militia has fired more than 300 rocket and mortar rounds at the port of Kem."]
    assert atomic_texts("Exports rose by 3% and imports fell by 2% in May.") == [
        "Exports rose by 3%.",
        "Imports fell by 2% in May.",
    ]
