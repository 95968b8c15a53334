"""The roles of people who sign in: the groups that migration 0006 creates."""

ADVOCATES = "advocates"
REVIEWERS = "reviewers"
