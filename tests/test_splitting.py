"""Sentence suggestions: cutting, offsets, check-worthiness and claimants, on sentences written for the tests."""

import time

import pytest

from factcheck.services.splitting import CHECK_WORTHY_THRESHOLD, Suggestion, suggest_claims


def texts(text: str, **kwargs) -> list[str]:
    return [s.text for s in suggest_claims(text, **kwargs)]


def only(sentence: str) -> Suggestion:
    (suggestion,) = suggest_claims(sentence)
    return suggestion


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Gen. Omar Bashir met Mr. Lee at the U.N. office on Friday. The talks lasted 3.5 hours.",
            ["Gen. Omar Bashir met Mr. Lee at the U.N. office on Friday.", "The talks lasted 3.5 hours."],
        ),
        (
            "The U.S. Treasury paid $1,000.50 to each family. Dr. Alvarez said the sum was approx. 2.5 times more.",
            [
                "The U.S. Treasury paid $1,000.50 to each family.",
                "Dr. Alvarez said the sum was approx. 2.5 times more.",
            ],
        ),
        (
            "Col. Jean-Marc Duval (U.N. mission) said 1.2 million people fled. No. 7 camp closed.",
            ["Col. Jean-Marc Duval (U.N. mission) said 1.2 million people fled.", "No. 7 camp closed."],
        ),
    ],
)
def test_abbreviations_and_amounts_never_cut(text, expected):
    assert texts(text) == expected


def test_line_breaks_always_cut_and_headline_caption_credit_are_own_segments():
    text = (
        "Floods cut off northern villages\n"
        "Rescue boats reach Karlovo, Bulgaria, March 3, 2021. (Reuters Photo)\n\n\n"
        "  Rain fell for six days, the weather service said  \n"
        "and more is due.\n"
    )
    assert texts(text) == [
        "Floods cut off northern villages",
        "Rescue boats reach Karlovo, Bulgaria, March 3, 2021.",
        "(Reuters Photo)",
        "Rain fell for six days, the weather service said",
        "and more is due.",
    ]


def test_offsets_exact_with_curly_quotes_and_non_ascii():
    text = (
        "Ünal Çelik’s café — “the best in İzmir” — closed.\u00a0Zoë Ashworth, 34, paid €2.500 for it.\r\n"
        "\n“It’s over,” said Ms. Núñez.  "
    )
    suggestions = suggest_claims(text)
    assert [s.text for s in suggestions] == [
        "Ünal Çelik’s café — “the best in İzmir” — closed.",
        "Zoë Ashworth, 34, paid €2.500 for it.",
        "“It’s over,” said Ms. Núñez.",
    ]
    for s in suggestions:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()


def test_empty_and_whitespace_text_give_nothing():
    assert suggest_claims("") == []
    assert suggest_claims(" \n\n\t ") == []


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("Wheat prices rose 12% in May, a report by the farm weekly Agrarni Vesti said.", "Agrarni Vesti"),
        ("The bridge was closed for repairs, a report by regional broadcaster TV Sever said.", "TV Sever"),
        ("Three ferries were cancelled, Captain Ilse Marten told Reuters on Tuesday.", "Captain Ilse Marten"),
        ("The port authority said 40 containers were lost overboard.", "The port authority"),
        ("“We were not warned,” said Pieter Hals, a fisherman in Urk.", "Pieter Hals"),
        ("“We were not warned,” a fisherman in Urk said.", "a fisherman in Urk"),
        (
            "The dam holds 2 billion cubic metres, according to the Water Agency of Tirol.",
            "the Water Agency of Tirol",
        ),
        ("According to data published by Eurostat, exports fell in 2022.", "Eurostat"),
        ("Exports fell 3% last year, a report said.", "a report"),
        ("Exports fell 3% last year, the Lisbon daily Correio Norte reported Monday.", "Correio Norte"),
        (
            "Exports fell, Baltic News Service (BNS) reported Friday, citing customs data.",
            "Baltic News Service (BNS)",
        ),
        (
            "The mine reopened, the Financial Gazette said last week, citing a leaked memo.",
            "the Financial Gazette",
        ),
        ("As reported by Le Monde Diplomatique, the treaty was signed in 1999.", "Le Monde Diplomatique"),
        ("The vaccine was approved in 2021, citing trial data from Oslo University.", "Oslo University"),
        ("Anna Berg, 45, said the harbour would stay closed.", "Anna Berg"),
        ("The mayor, who took office in 2019, said the plan was sound.", "The mayor"),
        ("Prices will rise, said Anna Berg, an economist at Nordea.", "Anna Berg"),
        ("The council approved the budget on Monday.", None),
        ("Insurance claims rose 5% in 2022.", None),
        ("The ministry added 20 new staff in May.", None),
        ("A reported 300 people attended the rally in Tartu.", None),
        ("The army closed the border crossing at Narva, citing security concerns.", None),
    ],
)
def test_claimant_patterns(sentence, claimant):
    assert only(sentence).claimant == claimant


def test_pronoun_and_back_reference_take_the_earlier_claimant():
    text = (
        "Two ships collided off Gdynia, the Polish Maritime Office said on Sunday. "
        "Nobody was hurt, it said.\n\n"
        "The cargo was grain, a shipping newsletter reported, citing a port official who was not named. "
        "According to the official, the crew numbered 19."
    )
    claimants = [s.claimant for s in suggest_claims(text)]
    assert claimants == [
        "the Polish Maritime Office",
        "the Polish Maritime Office",
        "a shipping newsletter",
        "a port official",
    ]


@pytest.mark.parametrize(
    "weak",
    [
        "I think the mayor should resign over this shameful affair.",
        "Will the ministry of health release the figures?",
        "The economy will likely recover in the coming months, some believe.",
        "Inflation is expected to ease soon.",
        "(Getty Images)",
        "Photo: Anna Berg / AFP",
        "Election day",
    ],
)
def test_opinions_questions_predictions_credits_fragments_are_not_check_worthy(weak):
    suggestion = only(weak)
    assert not suggestion.check_worthy, suggestion.reasons
    assert suggestion.score < CHECK_WORTHY_THRESHOLD


def test_factual_sentences_score_above_opinion_question_prediction_and_credit():
    factual = only("The Bank of Ghana raised its main rate to 27% on Monday, the governor said.")
    plain_fact = only("Police in Accra arrested two suspects after the robbery.")
    assert factual.check_worthy and plain_fact.check_worthy
    for weak in (
        "I believe the governor made a terrible decision.",
        "Will the Bank of Ghana raise its rate again?",
        "The Bank of Ghana is expected to raise its rate again.",
        "(AFP Photo)",
    ):
        assert only(weak).score < plain_fact.score <= factual.score


def test_headline_equal_to_title_is_not_check_worthy():
    title = "Ghana raises interest rates to 27%"
    first = suggest_claims(f"{title}\nThe Bank of Ghana raised its main rate to 27% on Monday.", title=title)[
        0
    ]
    assert first.text == title and not first.check_worthy
    assert any("title" in reason for reason in first.reasons)


def test_scores_are_within_bounds_and_flag_matches_threshold():
    text = "Prices rose 3% in 2022, the statistics office said. What next? I think prices should fall."
    for suggestion in suggest_claims(text):
        assert 0.0 <= suggestion.score <= 1.0
        assert suggestion.check_worthy == (suggestion.score >= CHECK_WORTHY_THRESHOLD)


def test_five_thousand_words_well_under_a_second():
    paragraph = (
        "The council of Tromsø approved a budget of $4.2 million on Monday, the mayor’s office said. "
        "Opposition members, however, said the plan was “reckless” and should be withdrawn. "
        "Gen. Hansen of the U.N. mission said 1,200 people had left the area since 2019.\n\n"
    )
    text = paragraph * (5000 // len(paragraph.split()) + 1)
    suggest_claims(text[:2000])  # warm-up: the segmenter is built once per thread
    began = time.perf_counter()
    suggestions = suggest_claims(text)
    assert time.perf_counter() - began < 1.0
    assert len(suggestions) >= 3 * (5000 // len(paragraph.split()))
