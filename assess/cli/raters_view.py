"""What the terminal says about raters beyond the summary: those whose ratings have grown too old to count."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from assess.cli.errors import runnable
from assess.core.others import ExpiredRaters
from assess.core.rubric import Rubric
from assess.core.wording import expired_text


def expired_summary(rubric: Rubric, expired: Sequence[ExpiredRaters], profile: str) -> Text:
    """The raters to ask again, by relation, and the command that writes the file to send each of them."""
    relation = expired[0].relation
    text = Text("Ask again: ", style="bold yellow")
    text.append(expired_text(expired, rubric.scoring.rater_window_months), style="yellow")
    text.append(runnable(f"\n  `assess template --rater {relation} --profile {profile} > for-them.yaml` writes the "
                         "file to send; `assess take --answers FILE` adds it back.\n"))
    return text
