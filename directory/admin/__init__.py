"""The reviewers' admin: importing it registers every model admin."""

from directory.admin import accounts, listings  # noqa: F401
