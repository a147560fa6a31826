"""Placeholder until the history commands land; registers nothing yet."""
