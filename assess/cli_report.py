"""Placeholder until the report commands land; registers nothing yet."""
