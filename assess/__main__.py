"""`python -m assess`, the same as the `assess` command."""

from .entry import main

main()
