"""In a real browser: an admin opens Team, sees a member's API token, revokes it, and it shows as revoked."""

from factcheck.services import users

from .conftest import browser_sign_in


def test_admin_revokes_a_members_token_on_the_team_screen(live_server, page, db, team):
    token = users.create_token(db, user=team["editor"], expires_in_days=30)
    prefix = token[:10]
    browser_sign_in(page, live_server, "admin", home=True)
    page.click("text=Team")
    row = page.locator(f"#tokens tr[data-token='{prefix}']")
    assert row.get_attribute("data-owner") == "editor"
    assert row.locator(".token-status").inner_text() == "active"
    assert token not in page.content()  # only the prefix is ever shown again

    dialogs: list[str] = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    row.locator("button", has_text="Revoke").click()
    page.wait_for_selector(".flashes")
    assert dialogs and prefix in dialogs[0]  # it asked first
    assert "Revoked editor's API token" in page.inner_text(".flashes")
    row = page.locator(f"#tokens tr[data-token='{prefix}']")
    assert row.locator(".token-status").inner_text().startswith("revoked")
    assert row.locator("button", has_text="Revoke").count() == 0
    assert users.user_for_token(db, token=token) is None
