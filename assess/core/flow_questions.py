"""The questions that steer the questionnaire rather than answer it: resume a draft or continue the last run,
whose profile it is, and whether to write the report. Pure, like `questions`."""

from __future__ import annotations

from assess.core.questions import Choice, Question

RESUME, START_OVER = "resume", "start-over"


def resume_question(answered: int, total: int, started_at: str) -> Question:
    return Question(
        section="control",
        key="resume",
        kind="select",
        prompt=f"Unfinished assessment from {started_at[:16].replace('T', ' ')} UTC, {answered} of {total} answered:",
        choices=(
            Choice("Resume where I stopped", RESUME),
            Choice("Start over (deletes those answers)", START_OVER),
        ),
        default=RESUME,
    )


FROM_LAST, BLANK = "from-last", "blank"


def start_from_question(taken_on: str) -> Question:
    """Offered when the profile has a completed run and nothing unfinished: a rerun starts from that run."""
    return Question(
        section="control",
        key="start-from",
        kind="select",
        prompt=f"You took this assessment on {taken_on[:10]}. Start from those answers?",
        choices=(
            Choice("Start from my last answers: each is the default, Enter keeps it", FROM_LAST),
            Choice("Start blank", BLANK),
        ),
        default=FROM_LAST,
    )


STOP: object = object()  # a profile may have any name, so stopping is no name


def profile_question(name: str, near: str | None, *, rater: bool) -> Question:
    """Before storing a run for `name`, a profile with no self-assessment: keep it, take the close one, or stop."""
    keep = (f"Keep the ratings for {name!r}: they count once it has a self-assessment" if rater
            else f"Start the new profile {name!r}")
    choices = [Choice(keep, name)]
    if near is not None:
        choices.append(Choice(f"{'Rate' if rater else 'Use'} {near!r} instead", near))
    choices.append(Choice("Stop: store nothing", STOP))
    what = "has no self-assessment yet" if rater else "is new"
    return Question(section="control", key="profile", kind="select",
                    prompt=f"Profile {name!r} {what}" + (f"; did you mean {near!r}?" if near else ":"),
                    choices=tuple(choices), default=name)


WRITE, SKIP = "write", "skip"


def report_question(path: str) -> Question:
    return Question(
        section="control",
        key="report",
        kind="select",
        prompt="Write your PDF report now?",
        choices=(Choice(f"Yes, to {path}", WRITE), Choice("Not now", SKIP)),
        default=WRITE,
    )
