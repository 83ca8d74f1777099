"""Pronouns, hearers and quoted speech in atomic claims, on sentences written for these tests (none is taken
from the evaluation articles)."""

from .suggestion_helpers import atomic_texts


def test_a_possessive_opening_the_reported_clause_names_the_speaker():
    sentence = "Brindle Motors said on Monday that its exports fell 6% in 2025."
    assert atomic_texts(sentence, claimant="Brindle Motors") == ["Brindle Motors' exports fell 6% in 2025."]


def test_she_after_a_body_that_speaks_is_the_person_it_belongs_to():
    earlier = "Trade envoy Maren Holt visited the port on Friday. "
    sentence = "Holt's office said she would travel to Oslo next week."
    assert atomic_texts(sentence, earlier, claimant="Holt's office") == [
        "Maren Holt would travel to Oslo next week."
    ]


def test_and_that_opens_a_second_reported_clause():
    sentence = "The hospital said 12 patients had been moved and that 3 wards were closed."
    assert atomic_texts(sentence) == ["12 patients had been moved.", "3 wards were closed."]


def test_and_that_as_a_subject_is_kept_and_a_bare_demonstrative_claim_is_dropped():
    # "that will ..." points back to the clause before: no standalone claim
    sentence = "Fuel costs rose 9% in May, and that will push bus fares up."
    assert atomic_texts(sentence) == ["Fuel costs rose 9% in May."]


def test_the_hearer_after_told_is_no_part_of_the_claim():
    sentence = "The coach told local radio the stadium would hold 8,000 fans."
    assert atomic_texts(sentence) == ["The stadium would hold 8,000 fans."]


def test_a_verb_of_saying_after_a_closing_quote_ends_the_claim_however_long_the_description():
    sentence = "“Ticket sales doubled in March,” said Ola Berg, the festival's long-serving head of marketing and sales."
    assert atomic_texts(sentence)[0] == "Ticket sales doubled in March."


def test_a_name_with_of_or_for_inside_takes_its_apposition_whole():
    sentence = "The Institute for Coastal Studies, a research group in Brell, said 40 dunes had eroded."
    assert atomic_texts(sentence)[0] == "The Institute for Coastal Studies is a research group in Brell."


def test_a_short_quoted_label_closing_a_claim_is_no_claim():
    assert atomic_texts("The union said the offer was “an insult”.") == []


def test_a_longer_quote_inside_a_claim_is_kept():
    sentence = "The panel said the delays were “long enough to put patients at risk” in two hospitals."
    assert atomic_texts(sentence) == [
        "The delays were “long enough to put patients at risk” in two hospitals."
    ]


def test_a_phrase_of_place_cut_off_a_sentence_is_no_claim():
    sentence = "Across the border, the Tarn Statistics Office reported last week that bread prices rose 4%."
    assert atomic_texts(sentence) == ["Bread prices rose 4%."]


def test_a_role_before_the_name_is_a_claim_about_the_name():
    sentence = "The head of the Tarn Dockers Union, Ada Lind, said 40 cranes stood idle."
    assert atomic_texts(sentence) == [
        "Ada Lind is the head of the Tarn Dockers Union.",
        "40 cranes stood idle.",
    ]


def test_a_role_owned_through_a_common_noun_is_no_claim():
    sentence = "The firm's lawyer, Ada Lind, said 40 cranes stood idle."
    assert atomic_texts(sentence) == ["40 cranes stood idle."]


def test_a_relative_clause_on_a_described_speaker_is_a_fact_about_the_speaker():
    sentence = "“The water came in at night,” said Ivo Marsh, 70, a farmer who lost 30 sheep on Friday."
    assert "Ivo Marsh lost 30 sheep on Friday." in atomic_texts(sentence)


def test_and_so_repeats_the_predicate_for_the_second_subject():
    assert atomic_texts("The bakery closed in May, and so did the butcher next door.") == [
        "The bakery closed in May.",
        "The butcher next door closed in May.",
    ]
    assert atomic_texts("The old bridge is gone, and so are the two piers beside it.") == [
        "The old bridge is gone.",
        "The two piers beside it are gone.",
    ]


def test_this_is_not_the_first_time_is_a_statement_not_a_back_reference():
    sentence = "This is not the first time the river has flooded the old town."
    assert atomic_texts(sentence) == [sentence]


def test_a_relative_clause_runs_on_through_a_list_and_a_name_with_of_is_its_antecedent():
    sentence = (
        "The Guild of Ferry Pilots, which trains pilots, deckhands and engineers, opened 3 schools in 2025."
    )
    assert atomic_texts(sentence) == [
        "The Guild of Ferry Pilots opened 3 schools in 2025.",
        "The Guild of Ferry Pilots trains pilots, deckhands and engineers.",
    ]


def test_a_pointer_into_a_document_is_no_part_of_the_claim():
    assert atomic_texts("At least 12 trucks crossed the border at night (paras. 31-34).") == [
        "At least 12 trucks crossed the border at night."
    ]


def test_a_run_of_capitals_across_a_full_stop_is_two_names_and_a_place_is_no_body():
    from factcheck.services.suggestions.references import bodies

    earlier = (
        "The minister spoke at Government Buildings.\n\nThe Ministry of Transport said fares would rise. "
    )
    assert bodies(earlier) == ["Government Buildings", "Ministry of Transport"]
    # "the government" is no building named after it, nor the bare word "Government".
    earlier = "“We will act,” she told reporters at Government Buildings. The Government has not said when. "
    assert atomic_texts("The government had cut the grant by 12% in 2024.", earlier) == [
        "The government had cut the grant by 12% in 2024."
    ]
    assert atomic_texts(
        "The ministry had cut the grant by 12% in 2024.", "The Ministry of Transport said so. "
    ) == ["Ministry of Transport had cut the grant by 12% in 2024."]
