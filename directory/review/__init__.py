"""Reviewers' work: verifying and publishing, proposals, suggestions, history, the queue, notifications."""
