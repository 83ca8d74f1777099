"""The desk's front page: counts that lead into the queue, and actions by role."""


def test_front_page_counts_link_to_the_queue(client, db, team, login):
    from factcheck.services import articles, claims

    article = articles.create_article(
        db, title="Budget story", text="The budget rose 5% in 2024.", actor=team["reviewer"]
    )
    claims.create_claim(db, article_id=article.id, text="The budget rose 5% in 2024.", actor=team["reviewer"])
    login(team["viewer"])
    html = client.get("/").get_data(as_text=True)
    assert 'href="/queue?status=open"><span class="n">1</span>' in html
    assert "Budget story" in html
    assert "Add an article" not in html  # a viewer reads only
    client.post("/logout", data={"csrf_token": html.split('name="csrf-token" content="')[1].split('"')[0]})
    login(team["reviewer"])
    assert "Add an article" in client.get("/").get_data(as_text=True)
