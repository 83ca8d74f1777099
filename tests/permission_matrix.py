"""The checked-in permission matrix: every (endpoint, method) of the app and the capability it needs.

Capabilities (factcheck/permissions.py): public < signed_in < read (viewer) < write (reviewer)
< edit (editor) < admin. A route that is missing here fails test_permissions.
"""

MATRIX: dict[tuple[str, str], str] = {
    ("static", "GET"): "public",
    # health and readiness probes (issue 15): no sign-in, no cookie
    ("health.healthz", "GET"): "public",
    ("health.readyz", "GET"): "public",
    # auth
    ("auth.login", "GET"): "public",
    ("auth.login", "POST"): "public",
    ("auth.logout", "POST"): "signed_in",
    ("auth.change_password", "GET"): "signed_in",
    ("auth.change_password", "POST"): "signed_in",
    # desk
    ("main.index", "GET"): "read",
    # admin
    ("admin.user_list", "GET"): "admin",
    ("admin.user_list", "POST"): "admin",
    ("admin.change_role", "POST"): "admin",
    ("admin.deactivate", "POST"): "admin",
    ("admin.activate", "POST"): "admin",
    ("admin.issue_token", "POST"): "admin",
    ("admin.revoke_token", "POST"): "admin",
    # claim screen
    ("claims.show", "GET"): "read",
    # has this been checked before (issue 13)
    ("claims.similar_json", "GET"): "read",
    ("claims.checked_before_json", "GET"): "read",
    ("claims.same_as", "POST"): "edit",
    ("api.similar_to_text", "GET"): "read",
    ("api.similar_to_claim", "GET"): "read",
    ("api.claim_same_as", "POST"): "edit",
    ("api.export_similar", "GET"): "read",
    ("claims.export_similar", "GET"): "read",
    # articles and claims (issue 3)
    ("articles.index", "GET"): "read",
    ("articles.new", "GET"): "write",
    ("articles.new", "POST"): "write",
    ("articles.upload", "POST"): "write",
    ("articles.fetch", "POST"): "write",
    ("articles.show", "GET"): "read",
    ("articles.add_claim", "POST"): "write",
    ("articles.edit_claim", "POST"): "write",
    ("articles.correct", "GET"): "write",
    ("articles.correct", "POST"): "write",
    # sources and evidence (issue 4)
    ("sources.index", "GET"): "read",
    ("sources.new", "GET"): "write",
    ("sources.new", "POST"): "write",
    ("sources.show", "GET"): "read",
    ("sources.edit", "GET"): "write",
    ("sources.edit", "POST"): "write",
    ("sources.upload", "POST"): "write",
    ("sources.download", "GET"): "read",
    ("sources.search_file", "GET"): "read",
    ("sources.quote", "GET"): "read",
    ("sources.add_evidence", "POST"): "write",
    ("sources.edit_evidence", "POST"): "write",
    ("sources.remove_evidence", "POST"): "write",
    # queue and workflow (issue 5)
    ("queue.index", "GET"): "read",
    ("queue.take_next", "POST"): "write",
    ("queue.bulk", "POST"): "edit",
    ("claims.take", "POST"): "write",
    ("claims.release", "POST"): "write",
    ("claims.assign", "POST"): "edit",
    ("claims.propose", "POST"): "write",
    ("claims.return_verdict", "POST"): "edit",
    ("claims.approve", "POST"): "edit",
    ("claims.reopen", "POST"): "edit",
    ("claims.not_checkable", "POST"): "write",
    ("claims.reopen_not_checkable", "POST"): "edit",
    ("claims.plan", "POST"): "edit",
    ("claims.comment", "POST"): "write",
    ("claims.corrections", "GET"): "public",
    # exports, reports, dashboard, rating scale (issue 6)
    ("reports.export_verdicts", "GET"): "read",
    ("reports.export_evidence", "GET"): "read",
    ("reports.claimreview_article", "GET"): "public",
    ("reports.claimreview_desk", "GET"): "public",
    ("reports.public_report", "GET"): "public",
    ("reports.rating_css", "GET"): "public",
    ("reports.dashboard", "GET"): "edit",
    ("admin.ratings", "GET"): "admin",
    ("admin.rating_update", "POST"): "admin",
    ("admin.rating_add", "POST"): "admin",
    ("admin.rating_move", "POST"): "admin",
    ("admin.rating_unproven", "POST"): "admin",
    ("admin.claimreview_import", "GET"): "admin",
    ("admin.claimreview_import", "POST"): "admin",
    # API
    ("api.openapi", "GET"): "public",
    # API: articles (issue 3)
    ("api.create_article", "POST"): "write",
    ("api.get_article", "GET"): "read",
    ("api.article_suggestions", "GET"): "read",
    ("api.create_claim", "POST"): "write",
    # API: sources and evidence (issue 4)
    ("api.create_source", "POST"): "write",
    ("api.list_sources", "GET"): "read",
    ("api.get_source", "GET"): "read",
    ("api.add_evidence", "POST"): "write",
    ("api.edit_evidence", "PATCH"): "write",
    ("api.remove_evidence", "DELETE"): "write",
    # API: claims, queue and workflow (issue 5)
    ("api.claim_list", "GET"): "read",
    ("api.claim_detail", "GET"): "read",
    ("api.claim_patch", "PATCH"): "write",
    ("api.queue_next", "POST"): "write",
    ("api.claim_take", "POST"): "write",
    ("api.claim_assign", "POST"): "edit",
    ("api.claim_release", "POST"): "write",
    ("api.claim_verdict", "POST"): "write",
    ("api.claim_approve", "POST"): "edit",
    ("api.claim_return", "POST"): "edit",
    ("api.claim_reopen", "POST"): "edit",
    ("api.claim_not_checkable", "POST"): "write",
    ("api.claim_comment", "POST"): "write",
    ("api.claim_history", "GET"): "read",
    # API: exports and ClaimReview (issue 6)
    ("api.export_verdicts", "GET"): "read",
    ("api.export_evidence", "GET"): "read",
    ("api.article_claimreview", "GET"): "read",
    # the inbox, confirmations (issue 12)
    ("inbox.index", "GET"): "read",
    ("inbox.mark_read", "POST"): "read",
    ("inbox.open_item", "POST"): "read",
    ("api.inbox_list", "GET"): "read",
    ("api.inbox_read", "POST"): "read",
    ("claims.approve_confirm", "GET"): "edit",
    ("admin.deactivate_confirm", "GET"): "admin",
}

# Values for URL arguments that are not plain ids (ids are 1: the first row of each table in a fresh database).
URL_ARGUMENTS: dict[str, str] = {
    "filename": "app.css",
}
