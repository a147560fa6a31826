"""Answer checks: straight-lining, ratings the facts make implausible, and claimed against evidenced ratings.
They warn; they never block."""

from __future__ import annotations

from collections import Counter

from assess.core.answers import Answers
from assess.core.results import AnswerWarning, EvidenceCount
from assess.core.rubric import Rubric

STRAIGHT_LINE_MIN_ANSWERS = 10
STRAIGHT_LINE_SHARE = 0.9


def quality_warnings(rubric: Rubric, answers: Answers) -> list[AnswerWarning]:
    given = [r for r in answers.ratings.values() if r is not None]
    warnings: list[AnswerWarning] = []
    if len(given) >= STRAIGHT_LINE_MIN_ANSWERS:
        level, count = Counter(given).most_common(1)[0]
        if count / len(given) >= STRAIGHT_LINE_SHARE:
            warnings.append(AnswerWarning(
                kind="straight-lining",
                message=f"{count} of {len(given)} ratings are {level}: check each one against its anchor statement",
            ))
    for comp in rubric.competencies:
        rating = answers.ratings.get(comp.id)
        for check in comp.plausible:
            fact = answers.facts.get(check.fact)
            if rating is None or rating <= check.max_level or isinstance(fact, str):
                continue
            if fact is None or fact < check.min:
                title = rubric.fact(check.fact).title
                stated = "not given" if fact is None else f"{fact:g}"
                warnings.append(AnswerWarning(
                    kind="implausible",
                    competency=comp.id,
                    message=f"{comp.title} rated {rating}, but {title[0].lower()}{title[1:]} is {stated}; "
                    f"level {rating} usually takes at least {check.min:g}",
                ))
                break
    return warnings


def evidence_count(rubric: Rubric, answers: Answers) -> EvidenceCount:
    high = [comp for comp, r in answers.ratings.items() if r is not None and r >= rubric.evidence_level]
    evidenced = sum(1 for comp in high if answers.evidence.get(comp, "").strip())
    return EvidenceCount(claimed=len(high) - evidenced, evidenced=evidenced)
