"""Placeholder until the take commands land; registers nothing yet."""
