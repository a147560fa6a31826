"""Who may rate a person besides the person: kept free of models so the CLI lists them without loading any."""

from typing import Literal, get_args

Relation = Literal["manager", "peer", "direct-report", "mentor", "other"]
RELATIONS: tuple[str, ...] = get_args(Relation)
NAMED = ("manager", "mentor")  # shown by relation; the others only within a group of several raters
