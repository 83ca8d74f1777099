"""The checked-in permission matrix: every (endpoint, method) of the app and the capability it needs.

Capabilities (factcheck/permissions.py): public < signed_in < read (viewer) < write (reviewer)
< edit (editor) < admin. A route that is missing here fails test_permissions.
"""

MATRIX: dict[tuple[str, str], str] = {
    ("static", "GET"): "public",
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
    # claim screen
    ("claims.show", "GET"): "read",
    # articles and claims (issue 3)
    # sources and evidence (issue 4)
    # queue and workflow (issue 5)
    # exports, reports, dashboard, rating scale (issue 6)
    # API
    ("api.openapi", "GET"): "public",
    # API: articles (issue 3)
    # API: sources and evidence (issue 4)
    # API: claims, queue and workflow (issue 5)
    # API: exports and ClaimReview (issue 6)
}

# Values for URL arguments that are not plain ids (ids are 1: the first row of each table in a fresh database).
URL_ARGUMENTS: dict[str, str] = {
    "filename": "app.css",
}
