"""
The behaviour matrix: what a `login_required` view answers, for each place of
the token middleware (the columns) and each kind of request (the rows).

One source, two readers: test_matrix.py sends every request in every
configuration and asserts every cell, and the site renders its tables from
this module (docs_src/hooks/matrix.py), so the page cannot disagree with the tests.

A cell is the status code, followed by the user the view saw when it is 200.
The users: alice has the token, bob the session, carol is inactive.
"""

# Where the token middleware sits (the names of tests.presets.ORDERS), as
# headings short enough for four columns on a laptop's page: the page says
# that "after" and "before" are said of AuthenticationMiddleware.
COLUMNS = {
    "after": "After",
    "before": "Before",
    "token only": "Alone",
    "session only": "No token middleware",
}

# The two token setups of tests.presets: DOT's classes, and this tutorial's.
SETUPS = ["stock", "hardened"]


def same(*cells):
    """A row whose cells are the same with DOT's classes and with the tutorial's."""
    return {"stock": list(cells), "hardened": list(cells)}


# (what the request carries, the kinds of request sent for it, the cells)
ROWS = [
    ("No credentials", ["nothing"], same("302", "302", "500", "302")),
    (
        "A valid token of alice",
        ["token"],
        same("200 alice", "200 alice", "200 alice", "302"),
    ),
    (
        "A session of bob, no token",
        ["session"],
        same("200 bob", "200 bob", "500", "200 bob"),
    ),
    (
        "A session of bob and a token of alice",
        ["session and token"],
        {
            "stock": ["200 bob", "200 alice", "200 alice", "200 bob"],
            # BearerTokenMiddleware decides in process_view, after every
            # middleware's request phase: the session has been read by then.
            "hardened": ["200 bob", "200 bob", "200 alice", "200 bob"],
        },
    ),
    (
        "An expired, revoked or unknown token",
        ["expired token", "revoked token", "unknown token"],
        same("302", "302", "500", "302"),
    ),
    (
        "A token of carol, an inactive user",
        ["inactive user's token"],
        {
            "stock": ["200 carol", "200 carol", "200 carol", "302"],
            "hardened": ["302", "302", "500", "302"],
        },
    ),
    (
        "A client-credentials token, which has no user",
        ["client-credentials token"],
        same("302", "302", "500", "302"),
    ),
    (
        "A token of alice without the `login` scope",
        ["token without login scope"],
        {
            "stock": ["200 alice", "200 alice", "200 alice", "302"],
            "hardened": ["302", "302", "500", "302"],
        },
    ),
    (
        "`Bearer` alone, `Basic …`, 5 000 characters of garbage, non-ASCII bytes",
        ["scheme alone", "basic", "garbage", "non-ascii"],
        same("302", "302", "500", "302"),
    ),
    (
        "A valid token after a lowercase `bearer`",
        ["lowercase scheme"],
        same("200 alice", "200 alice", "200 alice", "302"),
    ),
    (
        "A valid token in `?access_token=`, not in the header",
        ["token in query"],
        same("302", "302", "500", "302"),
    ),
    (
        "A valid token, and a bad escape in the query: `?q=%zz`",
        ["bad escape in query"],
        # DOT's backend parses the query string too, through the provider's
        # ProviderCore (step 1), which reads a stray "%" as Django does.
        same("200 alice", "200 alice", "200 alice", "302"),
    ),
]


def cells():
    """Every cell: (setup, column, row label, request kind, expected)."""
    for label, kinds, outcomes in ROWS:
        for setup in SETUPS:
            for column, expected in zip(COLUMNS, outcomes[setup], strict=True):
                for kind in kinds:
                    yield setup, column, label, kind, expected
