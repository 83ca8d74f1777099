"""In a real browser: the admin signs in through the form, adds a reviewer, signs out."""

from .conftest import browser_sign_in


def test_admin_adds_a_reviewer_and_signs_out(live_server, page, team):
    browser_sign_in(page, live_server, "admin", through_form=True)
    page.click("text=Team")
    page.fill("#add-user input[name=username]", "leila")
    page.fill("#add-user input[name=display_name]", "Leila Reviewer")
    page.select_option("#add-user select[name=role]", "reviewer")
    page.fill("#add-user input[name=password]", "leila's long password")
    page.click("#add-user button[type=submit]")
    row = page.locator("tr[data-username=leila]")
    assert row.locator("select").input_value() == "reviewer"
    assert "Added leila as reviewer" in page.inner_text(".flashes")

    page.click("text=Sign out")
    page.wait_for_url("**/login")
    page.goto(f"{live_server}/admin/users")
    assert "/login" in page.url

    browser_sign_in(page, live_server, "leila", "leila's long password", through_form=True)
    assert "Leila Reviewer" in page.inner_text(".account")
    page.goto(f"{live_server}/admin/users")
    assert "Not allowed" in page.inner_text("h1")
