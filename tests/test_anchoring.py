"""Anchors: making them, refusing bad spans, and finding the passage again in a corrected revision."""

import pytest

from factcheck.services.anchoring import PREFIX_LEN, Anchor, make_anchor, reanchor

ARTICLE = (
    "Harbour workers in Rijeka went on strike on Tuesday.\n\n"
    "The union said 1,400 members stopped work after talks on a 6% pay rise failed, "
    "and that the strike would last until the port authority made a new offer.\n\n"
    "Ships waiting outside the port rose to 23 by the evening, the coast guard said.\n"
)
QUOTE = "1,400 members stopped work after talks on a 6% pay rise failed"


def anchor_of(text: str, quote: str, occurrence: int = 0) -> Anchor:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return make_anchor(text, start, start + len(quote))


def test_make_anchor_stores_quote_and_context():
    anchor = anchor_of(ARTICLE, QUOTE)
    assert anchor.quote == QUOTE == ARTICLE[anchor.start : anchor.end]
    assert anchor.prefix == ARTICLE[anchor.start - PREFIX_LEN : anchor.start]
    assert anchor.suffix == ARTICLE[anchor.end : anchor.end + PREFIX_LEN]
    first = make_anchor(ARTICLE, 0, 7)
    assert first.prefix == "" and first.quote == "Harbour"


@pytest.mark.parametrize(
    "start, end, words",
    [
        (-1, 5, "outside"),
        (0, len(ARTICLE) + 1, "outside"),
        (10, 10, "empty"),
        (12, 3, "empty"),
        (52, 54, "whitespace"),
        ("3", 9, "whole number"),
        (0, 2.5, "whole number"),
    ],
)
def test_bad_anchors_raise_value_error_with_a_clear_message(start, end, words):
    with pytest.raises(ValueError, match=words):
        make_anchor(ARTICLE, start, end)


def test_unchanged_text_gives_the_same_anchor():
    anchor = anchor_of(ARTICLE, QUOTE)
    assert reanchor(ARTICLE, anchor) == anchor


def test_moved_text_is_found_at_its_new_offsets():
    anchor = anchor_of(ARTICLE, QUOTE)
    revised = "Correction appended on Wednesday.\n\n" + ARTICLE.replace("on Tuesday", "on Tuesday morning")
    moved = reanchor(revised, anchor)
    assert moved is not None
    assert moved.quote == QUOTE
    assert revised[moved.start : moved.end] == QUOTE
    assert moved.start == revised.index(QUOTE) != anchor.start
    assert moved.prefix == revised[moved.start - PREFIX_LEN : moved.start]


def test_small_typo_fix_is_still_found():
    typo_text = ARTICLE.replace("members stopped", "memebrs stopped")
    anchor = anchor_of(typo_text, QUOTE.replace("members", "memebrs"))
    fixed = reanchor(ARTICLE, anchor)
    assert fixed is not None
    assert fixed.quote == QUOTE


def test_quote_with_a_corrected_number_is_found_in_place():
    anchor = anchor_of(ARTICLE, QUOTE)
    revised = ARTICLE.replace("1,400 members", "1,450 members")
    found = reanchor(revised, anchor)
    assert found is not None
    assert found.quote == QUOTE.replace("1,400", "1,450")


def test_deleted_passage_gives_none():
    sentence = "Ships waiting outside the port rose to 23 by the evening, the coast guard said."
    anchor = anchor_of(ARTICLE, sentence)
    assert reanchor(ARTICLE.replace(sentence, ""), anchor) is None


def test_passage_rewritten_beyond_recognition_gives_none():
    anchor = anchor_of(ARTICLE, QUOTE)
    revised = ARTICLE.replace(QUOTE, "most dockers joined a walkout over wages")
    assert reanchor(revised, anchor) is None


def test_repeated_quote_is_told_apart_by_its_context():
    text = (
        "The mayor said no. Later the council voted on the harbour plan.\n"
        "The minister arrived in the afternoon and the mayor said no. Then the meeting ended."
    )
    second = anchor_of(text, "the mayor said no", occurrence=0)
    assert second.start == text.index("the mayor said no")
    revised = "Updated.\n" + text.replace("Later the council", "Later that day the council")
    found = reanchor(revised, second)
    assert found is not None
    assert found.start == revised.index("and the mayor said no") + len("and ")


def test_repeated_exact_quote_prefers_the_matching_context_over_the_first_hit():
    block = "Prices rose 5% in {month}, the statistics office said."
    text = " ".join(block.format(month=m) for m in ("May", "June", "July"))
    quote = "the statistics office said"
    anchor = anchor_of(text, quote, occurrence=2)
    revised = "Summary first. " + text
    found = reanchor(revised, anchor)
    assert found is not None
    assert found.start == revised.rindex(quote)


def test_empty_revision_gives_none():
    assert reanchor("", anchor_of(ARTICLE, QUOTE)) is None
    assert reanchor("   \n", anchor_of(ARTICLE, QUOTE)) is None


def test_a_short_quote_whose_passage_was_deleted_is_not_moved_to_the_same_words_elsewhere():
    old = (
        "The minister resigned on Monday after a vote. Officials met in Geneva for talks on the ceasefire. "
        "Later, a spokesman said talks in Geneva would resume on Friday at the earliest."
    )
    start = old.index("Officials met in Geneva")
    anchor = make_anchor(old, start + len("Officials met in "), start + len("Officials met in Geneva"))
    corrected = old.replace("Officials met in Geneva for talks on the ceasefire. ", "")
    assert "Geneva" in corrected
    assert reanchor(corrected, anchor) is None


def test_a_short_quote_still_found_when_its_context_survives():
    old = "Prices rose 4% in May, the statistics office said. Rents rose faster."
    anchor = make_anchor(old, old.index("4%"), old.index("4%") + 2)
    corrected = "Correction: " + old
    found = reanchor(corrected, anchor)
    assert found is not None and corrected[found.start : found.end] == "4%"
