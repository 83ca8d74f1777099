"""Sentence suggestions: cutting, offsets, check-worthiness and claimants, on sentences written for the tests."""

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


def test_five_thousand_words_are_all_segmented_and_scored():
    """Every sentence of a long article gets its suggestion. (How fast: bench/bench_suggest.py, as a ratio of a
    long article's time per word to a short one's, taken in one run; no timing in unit tests.)"""
    paragraph = (
        "The council of Tromsø approved a budget of $4.2 million on Monday, the mayor’s office said. "
        "Opposition members, however, said the plan was “reckless” and should be withdrawn. "
        "Gen. Hansen of the U.N. mission said 1,200 people had left the area since 2019.\n\n"
    )
    copies = 5000 // len(paragraph.split()) + 1
    suggestions = suggest_claims(paragraph * copies)
    assert len(suggestions) == 3 * copies
    assert all(s.check_worthy for s in suggestions[::3])  # the budget figure, in every copy


# --- rules learnt from articles written independently of the sample (sentences invented for the tests) ---


def flag(sentence: str) -> bool:
    return only(sentence).check_worthy


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("“This is a proud day for our city,” said Mayor Ingrid Solberg.", False),
        ("“Our patience has run out,” said Ingrid Solberg, the port director in Bergen.", True),
        ("“We have shipped 3,400 tonnes of grain since March,” said Ingrid Solberg.", True),
        ("“The mood is grim,” Ingrid Solberg told Reuters in Bergen on Friday.", False),
    ],
)
def test_a_quote_is_judged_on_what_it_says_not_on_who_says_it(sentence, expected):
    assert flag(sentence) is expected, only(sentence).reasons


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The new terminal will handle about 2 million passengers a year, the airport operator said.", False),
        ("Unemployment will probably climb above 7% in 2026, she added.", False),
        ("The central bank is expected to cut rates at its June meeting, economists say.", False),
        ("The ministry said it would double the subsidy, to €400 per family.", True),
        ("The ministry said it would review the subsidy.", False),
        ("The parliament will vote on the bill on Thursday.", True),
        ("The board of Tallinn Port next meets on June 2.", True),
        ("The firm has hired 300 engineers in Lyon and will open a second lab there.", True),
    ],
)
def test_forecasts_are_not_check_worthy_unless_scheduled_or_beside_a_fact(sentence, expected):
    assert flag(sentence) is expected, only(sentence).reasons


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Senator Amy Rhodes accused the cabinet of a reckless gamble with pensions.", False),
        ("Mr. Okafor argued that the tax cut had been a foolish waste of public money.", False),
        ("Honestly, the regulators have been far too slow on this.", False),
        ("The prosecutor argued that the defendant had moved €40,000 to a bank in Cyprus in 2021.", True),
        ("At a summit in Nairobi on Monday, President Ruto urged lenders to cancel debt.", True),
    ],
)
def test_stance_with_evaluation_and_outlet_opinion_are_not_check_worthy(sentence, expected):
    assert flag(sentence) is expected, only(sentence).reasons


@pytest.mark.parametrize(
    "caption, expected",
    [
        ("Commuters wait on a platform at a station in Lyon, France, June 3, 2023.", False),
        ("Riot police detain a protester during a rally in Paris, France, March 23, 2023.", True),
        ("Prime Minister Ana Lind greets Chancellor Olaf Brandt in Stockholm, Sweden, May 4, 2023.", True),
    ],
)
def test_a_caption_is_a_claim_only_when_it_shows_an_event_or_named_people(caption, expected):
    suggestions = suggest_claims(
        f"Rail strike spreads\n{caption} (Reuters Photo)\n\nTrains stopped on Monday."
    )
    assert suggestions[1].text == caption
    assert suggestions[1].check_worthy is expected, suggestions[1].reasons


@pytest.mark.parametrize(
    "sentence",
    [
        "The embassy did not respond to a request for comment on Tuesday.",
        "The Ministry of Energy declined to comment on the leaked memo.",
        "Lawyers for Mr. Haas could not be reached for comment.",
    ],
)
def test_no_comment_lines_are_not_check_worthy(sentence):
    assert not flag(sentence), only(sentence).reasons


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("“The road is closed,” said spokesperson Mira Kovac of the regional police.", "Mira Kovac"),
        ("Mira Kovac, deputy head of the regional police, said the road closed on Monday.", "Mira Kovac"),
        ("Police spokesperson Mira Kovac said the road closed on Monday.", "Mira Kovac"),
        ("Timber exports fell 8% in 2023, a survey by the Forest Council showed.", "the Forest Council"),
        ("Rents rose 6% in 2023, tax records show.", "tax records"),
        ("Unemployment rose to 9% last year, the audit found.", "the audit"),
        ("The Fisheries Board has denied overfishing the bay.", "The Fisheries Board"),
        ("Senator Ruth Vane insisted the vote had been lawful.", "Senator Ruth Vane"),
        ("The union warned that 2,000 jobs were at risk.", "The union"),
        ("Prices fell 2% in May, according to the monthly estimate.", "the monthly estimate"),
        ("Police found 12 bodies near the river.", None),
        ("The governor urged residents to leave the coast on Friday.", None),
        ("The clinic asked patients to wear masks.", None),
    ],
)
def test_claimant_titles_and_the_full_class_of_reporting_verbs(sentence, claimant):
    assert only(sentence).claimant == claimant


def claimants_of(text: str, **kwargs) -> list[str | None]:
    return [s.claimant for s in suggest_claims(text, **kwargs)]


def test_back_references_take_the_named_report_or_company():
    text = (
        "Forty schools were unsafe, the Audit Commission said in its report on Friday. "
        "Repairs were delayed by two years, the report said.\n\n"
        "Brightwell Foods Ltd. reported a 5% fall in sales on Tuesday. "
        "Danish shipbuilder Kroll Marine announced 300 new jobs in Esbjerg. "
        "The company said the order book was full until 2027.\n\n"
        "The dock was flooded, the source said."
    )
    assert claimants_of(text) == [
        "the Audit Commission",
        "the Audit Commission",
        "Brightwell Foods Ltd",
        "Kroll Marine",
        "Kroll Marine",
        "the source",
    ]


def test_he_and_she_take_the_latest_person_quoted():
    text = (
        "Lena Holt, an economist at Vantor Bank, said rents rose 4% in May. "
        "The Vantor Bank said its mortgage book grew 2%. "
        "She argued that the rise reflected a shortage of 30,000 homes.\n\n"
        "Councillor Tom Reyes accused the council of hiding costs. "
        "“Where did the £2 million go?” he asked at the meeting."
    )
    assert claimants_of(text) == [
        "Lena Holt",
        "The Vantor Bank",
        "Lena Holt",
        "Councillor Tom Reyes",
        "Councillor Tom Reyes",
    ]


def test_quotes_continue_and_interview_answers_belong_to_the_interviewee():
    text = (
        "“The river rose two metres overnight,” said Jonas Berg, a farmer near Lund. “We lost 40 sheep.”\n\n"
        "“The water came fast. Nobody warned us,” Berg told the local radio.\n\n"
        "“Our insurance pays nothing for 2024.”\n\n"
        "In an interview, Berg described the night:\n\n"
        "Q: When did the water arrive?\n\n"
        "A: Around three. It reached the roof by noon.\n\n"
        "The dam was built in 1962."
    )
    got = dict(zip(texts(text), claimants_of(text), strict=True))
    assert got["“We lost 40 sheep.”"] == "Jonas Berg"
    assert got["“Our insurance pays nothing for 2024.”"] == "Jonas Berg"
    assert got["Q: When did the water arrive?"] is None
    assert got["A: Around three."] == "Jonas Berg"
    assert got["It reached the roof by noon."] == "Jonas Berg"
    assert got["The dam was built in 1962."] is None


def test_a_headline_has_no_claimant_even_with_a_reporting_verb():
    title = "Officials say dam failed before floods"
    text = f"{title}\nThe dam failed on Monday, officials said."
    assert claimants_of(text, title=title) == [None, "officials"]
    assert claimants_of(text) == [None, "officials"]


# --- rules learnt from a second hold-out (sentences invented for the tests) ---


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "“Who signed off on this?” Ms. Farrow asked reporters in Leeds. The mill closed in 2019.",
            ["“Who signed off on this?” Ms. Farrow asked reporters in Leeds.", "The mill closed in 2019."],
        ),
        (
            "“Enough!” Councillor Dean Price shouted at the meeting. The vote was 7 to 2.",
            ["“Enough!” Councillor Dean Price shouted at the meeting.", "The vote was 7 to 2."],
        ),
        (
            "“Why now?” He said the plan was dropped. It cost $3 million.",
            ["“Why now?” He said the plan was dropped.", "It cost $3 million."],
        ),
        ("“Why now?” The mill closed in 2019.", ["“Why now?”", "The mill closed in 2019."]),
    ],
)
def test_a_quoted_question_stays_with_its_attribution(text, expected):
    assert texts(text) == expected


def test_a_quote_of_two_sentences_is_cut_and_both_belong_to_the_speaker():
    text = "“The pumps failed at 6 a.m. We lost 300 tonnes of feed,” Nora Quist wrote on Facebook."
    got = suggest_claims(text)
    assert [s.text for s in got] == [
        "“The pumps failed at 6 a.m.",
        "We lost 300 tonnes of feed,” Nora Quist wrote on Facebook.",
    ]
    assert [s.claimant for s in got] == ["Nora Quist", "Nora Quist"]
    # abbreviations inside a quote never cut it
    assert texts("“The U.S. Navy left on Monday,” said Dr. Ilse Brun.") == [
        "“The U.S. Navy left on Monday,” said Dr. Ilse Brun."
    ]


def test_subjects_with_appositives_and_pronouns_never_come_out_as_said():
    text = (
        "The five-judge tribunal, led by former prosecutor Alan Rusk, said in its 80-page ruling on Friday that "
        "the permit was unlawful. "
        "It also found that 14 trees were felled without consent, the ruling said. "
        "Farmer Hugo Lind said the river flooded twice in 2023. "
        "He also alleged that 40 sheep had drowned."
    )
    got = claimants_of(text)
    assert "said" not in got
    assert got[0] == "The tribunal"
    assert got[1] == "The tribunal"
    assert got[3] == "Farmer Hugo Lind"


def test_a_titled_surname_takes_the_full_name_mentioned_earlier():
    text = (
        "The contract went to Greenway Ltd after Liberal candidate Oskar Fenn lost the vote. "
        "Mr. Fenn said 1,200 signatures had been ignored. "
        "Dr. Ruth Alder, a hydrologist at the University of Kent, said the dam was 40 years old. "
        "Prof. Alder said it had cracked in 2021."
    )
    assert claimants_of(text) == [None, "Oskar Fenn", "Dr. Ruth Alder", "Dr. Ruth Alder"]


def test_back_references_to_a_statement_or_ministry_take_the_named_body():
    text = (
        "Norway’s Ministry of Fisheries welcomed the quota in a statement on Monday. "
        "“Stocks of cod rose 12% in 2024,” the statement said.\n\n"
        "The ministry said it would spend NOK 40 million on patrols in 2025.\n\n"
        "The Coastal Department of Rogaland published its own count. The department said 300 boats were idle."
    )
    got = suggest_claims(text)
    assert [s.claimant for s in got] == [
        None,
        "Ministry of Fisheries",
        "Ministry of Fisheries",
        None,
        "Coastal Department of Rogaland",
    ]
    assert got[2].check_worthy, got[2].reasons


@pytest.mark.parametrize(
    "sentence, claimant",
    [
        ("The harbour master, Lise Aune, denied any wrongdoing.", "Lise Aune"),
        ("“The ferry is safe,” Lise Aune posted on X on Sunday.", "Lise Aune"),
        ("“We sailed at 9 p.m.,” Lise Aune wrote on Facebook.", "Lise Aune"),
        ("“We sailed at 9 p.m.,” Lise Aune tweeted.", "Lise Aune"),
        (
            "The inspectorate found no evidence of tampering but said the logs were incomplete.",
            "The inspectorate",
        ),
    ],
)
def test_denials_posts_and_findings_have_their_claimant(sentence, claimant):
    assert only(sentence).claimant == claimant


def test_in_his_view_is_the_opinion_of_the_person_last_quoted():
    text = (
        "“Ferries are safe,” said Jon Brekke, a naval architect in Oslo. "
        "In his view, the new rules are “an expensive overreaction” to one accident."
    )
    got = suggest_claims(text)
    assert got[1].claimant == "Jon Brekke"
    assert not got[1].check_worthy, got[1].reasons


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The agency said it would hire 250 inspectors over two years, starting in June.", True),
        ("The council announced that it will close 3 libraries by March.", True),
        (
            "Mr. Lund predicted that if fares fell by 10%, about 5,000 more people could be carrying passes by 2030.",
            False,
        ),
        ("A ruling on the appeal is expected in October.", False),
        (
            "“Even if the ferry had sailed, it is very unlikely anyone would have been hurt,” said Jon Brekke.",
            False,
        ),
        ("“In my view, the fine of €2 million was far too low,” said Jon Brekke.", False),
        ("The regulator found no evidence of price-fixing but said the fees were “hard to justify.”", True),
    ],
)
def test_announced_commitments_and_findings_count_but_forecasts_and_judgements_do_not(sentence, expected):
    assert flag(sentence) is expected, only(sentence).reasons


# --- List items, appositions, affiliations, back-references and non-claims (rules of news copy) ---


def test_list_items_start_after_their_marker_and_instructions_are_not_claims():
    text = (
        "Town braces for floods\nVolunteers list four steps:\n- Boil tap water for a minute before drinking it.\n"
        "2) Store at least 10 litres per person, which lasts about three days.\n"
        "• Exports of grain fell 14% in 2023.\na) Check on elderly neighbours daily."
    )
    found = suggest_claims(text)
    assert [s.text for s in found] == [
        "Town braces for floods",
        "Volunteers list four steps:",
        "Boil tap water for a minute before drinking it.",
        "Store at least 10 litres per person, which lasts about three days.",
        "Exports of grain fell 14% in 2023.",
        "Check on elderly neighbours daily.",
    ]
    assert [s.check_worthy for s in found[2:]] == [False, True, True, False]
    assert [s.claimant for s in found[1:4]] == ["Volunteers"] * 3


@pytest.mark.parametrize(
    "text, claimant",
    [
        (
            "Tomas Reyes, 41, a welder from Leeds who saw the fire, said the roof fell in at 3 a.m.",
            "Tomas Reyes",
        ),
        ("Hana Ito, 27, said the ferry left two hours late.", "Hana Ito"),
        (
            "“We found 12 cartridges,” Det. Sgt. Owen Pryce of the county’s major crimes team said.",
            "Det. Sgt. Owen Pryce",
        ),
        ("Profit rose 9% to $2.1 billion, the Oslo, Norway-based company said.", "the company"),
        ("The IMF estimated that tariffs cut trade by 3% in 2019.", "The IMF"),
        ("Prices jumped 8% after a report by The Clarion said the mill had closed.", "The Clarion"),
        (
            "The firm declined to comment on the sale, which Reuters reported on Monday had stalled.",
            "Reuters",
        ),
        ("The convoy lost 14 trucks — more than half by the army’s own count — in a week.", "the army"),
        ("Many farmers believe the dam cut yields, but officials argue rainfall fell 30%.", "Many farmers"),
        (
            "The river rose 2 metres, according to the Met Office, though residents believe it was more.",
            "the Met Office",
        ),
    ],
)
def test_ages_affiliations_places_and_embedded_attributions(text, claimant):
    assert suggest_claims(text)[0].claimant == claimant


def test_a_pronoun_after_an_age_in_apposition_takes_the_name():
    text = "Ruth Kerr, 63, said she heard shots at 9 p.m.\n“It felt like a war zone,” she said."
    assert [s.claimant for s in suggest_claims(text)] == ["Ruth Kerr", "Ruth Kerr"]


def test_every_sentence_inside_an_open_quote_takes_its_speaker():
    text = (
        "“Orders fell 12% in May,” said Chief Financial Officer Lena Park.\n"
        "“Stock is down 20% since March. We have cut 300 jobs. I expect a recovery by spring.”"
    )
    assert [s.claimant for s in suggest_claims(text)] == ["Chief Financial Officer Lena Park"] * 4


def test_the_company_and_a_company_spokesperson_take_the_company_named_last():
    text = (
        "Shares of Brightwell Robotics fell 6% on Monday.\n"
        "Sales rose 3% to $1.2 billion, the Austin, Texas-based company said.\n"
        "A company spokesperson said 40 jobs would go by June."
    )
    claimants = [s.claimant for s in suggest_claims(text)]
    assert claimants[1] == "Brightwell Robotics"
    assert claimants[2] == "A Brightwell Robotics spokesperson"


def test_the_group_takes_the_group_named_last():
    text = (
        "Since April, Kivu rebels have seized 12 villages, according to the U.N. mission.\n"
        "The group says it is protecting civilians from army raids."
    )
    assert suggest_claims(text)[1].claimant == "Kivu rebels"


def test_told_someone_to_do_something_is_an_instruction_not_a_report():
    found = only("Few traders expect a rebound, and most banks have told clients to hedge their exposure.")
    assert found.claimant is None


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Police asked witnesses to call 101, quoting reference 4471/02MAY.", False),
        ("The agency publishes monthly arrival figures at example.org/arrivals.", False),
        ("Analysts say the impact on rents has so far been modest.", False),
        ("“It was like a bomb had gone off, everyone just froze,” said Ian Moss, 40.", False),
        ("The World Bank estimated in its June report that the drought could cut output by 1.2%.", True),
        ("In Peru, where unemployment stood at 6.8% in May, economists worry rates could rise.", True),
        ("The mayor declined to comment on the deal, which the Herald reported had cost $4 million.", True),
        ("The mayor declined to comment on the deal.", False),
    ],
)
def test_appeals_pointers_impressions_and_vague_assessments_versus_estimates_and_figures(sentence, expected):
    assert only(sentence).check_worthy is expected


INTERVIEW = (
    "Transport Secretary Nadia Quist said the rail levy would raise £300m a year.\n"
    "Opposition spokesman Rhys Pellow called the levy “a tax on commuters”.\n"
    "He said fares had risen by 9% since 2021.\n"
    "The following interview with the secretary has been condensed for clarity.\n"
    "Q: Unions say the timetable is unworkable. Will you change it?\n"
    "A: We have added 40 trains a day since March.\n"
    "A: That is the aim."
)


def test_interview_answers_belong_to_the_interviewee_not_to_names_in_questions():
    found = {s.text: s for s in suggest_claims(INTERVIEW)}
    assert found["He said fares had risen by 9% since 2021."].claimant == "Rhys Pellow"
    assert found["Q: Unions say the timetable is unworkable."].check_worthy is False
    assert found["Will you change it?"].claimant is None
    answer = found["A: We have added 40 trains a day since March."]
    assert answer.check_worthy and answer.claimant == "Transport Secretary Nadia Quist"
    assert found["A: That is the aim."].claimant == "Transport Secretary Nadia Quist"
    assert found["A: That is the aim."].check_worthy is False


def test_without_an_introduction_answers_go_to_the_person_quoted_most():
    text = (
        "Coach Ilse Varga said the squad had trained twice a day in May.\n"
        "“We are ready,” Varga said.\n"
        "Rival coach Tom Brandt said his side had lost three players to injury.\n"
        "Q: Brandt thinks you are favourites. Are you?\n"
        "A: We have won 14 of our last 16 games."
    )
    assert suggest_claims(text)[-1].claimant == "Coach Ilse Varga"


def test_he_said_takes_the_person_the_previous_sentence_is_about():
    text = (
        "Mayor Lena Fox said the bridge would reopen in June.\n"
        "Councillor Amir Sadiq visited the site on Monday.\n"
        "He said repairs had cost £2m more than planned."
    )
    assert suggest_claims(text)[-1].claimant == "Amir Sadiq"


def test_report_and_statement_back_references_take_their_issuer():
    text = (
        "A report by the Coastal Research Institute said sea levels rose 4mm in 2023.\n"
        "The report warned that 12 towns faced flooding by 2040.\n"
        "It also said defences had been cut by 15%.\n"
        "The Dune Restoration Scheme will fund new barriers, the environment ministry said in a statement.\n"
        "According to the statement, €80m will come from regional budgets.\n"
        "The rest will be paid by water companies, it said."
    )
    claimants = [s.claimant for s in suggest_claims(text)]
    assert claimants[1:3] == ["the Coastal Research Institute", "the Coastal Research Institute"]
    assert claimants[4:] == ["the environment ministry", "the environment ministry"]


def test_labels_directives_and_reportedly():
    text = (
        "Ferry union leader Joan Hale called the offer “an insult”.\n"
        "Seawatch, a wildlife charity, said the cull was unnecessary.\n"
        "It urged ministers to protect 40% of the coastline by 2035.\n"
        "The harbour master urged patience.\n"
        "The club is reportedly weighing a £5m bid for the stadium."
    )
    found = suggest_claims(text)
    assert found[0].claimant == "Joan Hale" and found[0].check_worthy is False
    assert found[2].claimant == "Seawatch" and found[2].check_worthy
    assert found[3].claimant is None
    assert found[4].claimant == "media reports" and found[4].check_worthy


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # Attribution alone does not make an evaluation or a plan checkable.
        ("Farmers say the ministry’s repeated delays make planting harder to plan.", False),
        ("Dr. Kemi Ade said the lab planned to share revised results every month.", False),
        ("Ramblers, a walking charity, said the fence was “a disgrace to the valley”.", False),
        # A spelled-out number in a rhetorical or emotional turn counts nobody.
        ("“I can’t believe two grown men can behave like that,” the mother said.", False),
        ("“Four ministers resigned in March,” the mother said.", True),
        # A normative "deserve" is opinion; a "should" before a verb of change is a hedge.
        ("“The figures since the 1990s deserve scrutiny,” she said.", False),
        ("We have opened 30 new clinics, and waiting times should fall to eight weeks by spring.", True),
        # Firm terms of a programme in the future tense, versus an expectation.
        ("According to the statement, €400m of the fund will come from the national lottery.", True),
        ("We expect the first grants to arrive in about six weeks, the minister said.", False),
        # A frequency or trend inside a quote is checkable.
        (
            "“A once-in-a-century flood now hits the valley almost every winter,” said hydrologist Ana Ruiz.",
            True,
        ),
        ("“Rivers simply don’t have room to spread out,” said hydrologist Ana Ruiz.", False),
        # Editorial notes and fixture logistics.
        ("This story has been updated to include a response from the club.", False),
        ("The transcript has been edited for length and clarity.", False),
        ("United beat Rovers 3-1 on Sunday, their first win since August.", True),
    ],
)
def test_attributed_opinion_plans_rhetoric_programme_terms_and_notes(sentence, expected):
    found = only(sentence)
    assert found.check_worthy is expected, found.reasons
