"""The general patterns added after the round-6 gold (#14): datelines, opinion bylines, more verbs of saying,
closing-quote attributions, numbers inside clauses, the speaker's pronouns. Every sentence here is invented."""

import pytest

from factcheck.services.splitting import suggest_claims
from factcheck.services.suggestions.atomic import atomic_claims
from factcheck.services.suggestions.attribution import direct_claimant
from factcheck.services.suggestions.segmentation import split_sentences


def _texts(text):
    return [text[start:end] for start, end, _whole in split_sentences(text)]


@pytest.mark.parametrize(
    "line, dateline",
    [
        ("OSLO (Nordwire) - The port handled 4% more ships in May.", "OSLO (Nordwire) -"),
        (
            "PORTO, Portugal, May 3 (Agência Sul) – Fares rose 2% on Monday.",
            "PORTO, Portugal, May 3 (Agência Sul) –",
        ),
        ("SAINT-ÉTIENNE — The mill closed in 1998.", "SAINT-ÉTIENNE —"),
    ],
)
def test_a_wire_dateline_is_a_segment_of_its_own_and_no_claim(line, dateline):
    assert _texts(line)[0] == dateline
    first = suggest_claims(line)[0]
    assert first.text == dateline and not first.check_worthy and first.claimant is None


def test_capitals_without_a_dash_are_no_dateline():
    assert _texts("NATO said on Monday it would send 300 troops.") == [
        "NATO said on Monday it would send 300 troops."
    ]


OPINION = (
    "Comment\n"
    "The tram plan deserves a second look\n"
    "By Mira Kessel\n\n"
    "The city spent 12 million euros on the study in 2022. I drove a tram for nine years. "
    "The transport office said 40% of riders are students.\n"
)


def test_an_opinion_piece_is_its_bylines_writers_claim_unless_it_names_another_source():
    by_text = {s.text: s for s in suggest_claims(OPINION, title="The tram plan deserves a second look")}
    assert by_text["The city spent 12 million euros on the study in 2022."].claimant == "Mira Kessel"
    assert by_text["The transport office said 40% of riders are students."].claimant != "Mira Kessel"
    assert by_text["By Mira Kessel"].claimant is None
    # the first person stands for the writer in the atomic claim
    first_person = by_text["I drove a tram for nine years."]
    assert [c.text for c in first_person.atomic_claims] == ["Mira Kessel drove a tram for nine years."]


def test_a_byline_without_an_opinion_label_changes_nothing():
    news = OPINION.replace("Comment\n", "")
    by_text = {s.text: s for s in suggest_claims(news, title="The tram plan deserves a second look")}
    assert by_text["The city spent 12 million euros on the study in 2022."].claimant is None


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("The mayor assured residents that the bridge would reopen by June.", "mayor"),
        ("Ines Duarte pointed out that the clinic treated 3,000 patients last year.", "Ines Duarte"),
        ("The tenants' union, for its part, demanded that rents be frozen for two years.", "tenants' union"),
        ("The head of the dockers' union, Piet Claes, affirmed that 200 jobs were at risk.", "Piet Claes"),
        ("The bureau estimated in its annual review that 8,000 homes lack heating.", "bureau"),
    ],
)
def test_more_verbs_of_saying_and_a_role_named_in_apposition(sentence, claimant):
    found = direct_claimant(sentence)[0]
    assert found and claimant.lower() in found.lower(), found


def test_an_attribution_after_a_closing_quote_is_cut_off_the_claim():
    claims = atomic_claims("“The school lost 40 pupils last year,” the head teacher explained.", 0)
    assert [c.text for c in claims] == ["The school lost 40 pupils last year."]


def test_a_number_with_a_thousands_separator_does_not_cut_a_relative_clause():
    sentence = "The Dockers' Guild, which represents about 4,500 workers, called the stoppage on Monday."
    texts = [c.text for c in atomic_claims(sentence, 0)]
    assert "The Dockers' Guild represents about 4,500 workers." in texts


def test_the_pronoun_opening_the_reported_clause_is_the_speaker():
    sentence = "Harbour Ferries said it expects to run half its crossings on Friday."
    claims = atomic_claims(sentence, 0, "", "Harbour Ferries")
    assert [c.text for c in claims] == ["Harbour Ferries expects to run half its crossings on Friday."]


def test_a_capitalised_common_noun_is_not_taken_for_a_surname():
    earlier = "The Guild of Night Nurses called a strike. About 900 nurses voted. "
    claims = atomic_claims("Nurses also want two more rest days a month.", len(earlier), earlier)
    assert claims[0].text.startswith("Nurses also want")


def test_an_it_inside_a_quote_is_not_resolved_to_an_earlier_company():
    earlier = "Vantor Mills was fined. “This was careless. "
    claims = atomic_claims("It went on for a decade,” the judge said.", len(earlier), earlier, "the judge")
    assert all("Vantor" not in c.text for c in claims)


def test_a_share_among_listed_names_stays_one_claim():
    claims = atomic_claims(
        "The region exported wine worth 90 million euros, mainly to Japan, Canada and Norway.", 0
    )
    assert len(claims) == 1
