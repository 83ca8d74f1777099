"""The claim screen reads each thing once and derives the rest (web/claims/screen.py): what it derives must be
what the services' own lookups give, for every kind of claim."""

from factcheck.services import claims, comments, workflow

from .test_claim_dicts import _page


def test_the_return_note_from_the_verdicts_and_comments_read_is_the_services_own(db, team):
    page = _page(db, team)
    again = page[-3]  # returned, still held: propose and return it a second time, with another reason
    workflow.propose(
        db, claim_id=again.id, rating="false", rationale="Now with the table.", actor=team["reviewer"]
    )
    workflow.return_verdict(
        db, claim_id=again.id, comment="Still not the **right** table.", actor=team["admin"]
    )
    notes = []
    for claim in page:
        db.refresh(claim)
        verdicts = workflow.verdicts(db, claim_id=claim.id)
        said = [item.comment for item in comments.list_comments(db, claim_id=claim.id)]
        derived = claims.returned_note_from(db, claim, verdicts, said)
        assert derived == claims.returned_note(db, claim), claim.id
        notes.append(derived)
    assert sum(note is not None for note in notes) == 2
    assert notes[-3].reason == "Still not the **right** table." and notes[-3].by.id == team["admin"].id
