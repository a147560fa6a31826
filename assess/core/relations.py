"""Who may rate a person besides the person: kept free of imports so the CLI lists them without loading models."""

RELATIONS = ("manager", "peer", "direct-report", "mentor", "other")
NAMED = ("manager", "mentor")  # shown by relation; the others only within a group of several raters
