"""The terminal side of the questionnaire; the only module that imports questionary.

`ask(question)` shows one `questions.Question` and returns its value. CLI tests replace `ask` to
drive the command without a terminal; keystroke tests pass `input`/`output`.
Ctrl-C raises KeyboardInterrupt (`unsafe_ask`), so the flow can say what was saved.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from typing import Any

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText

from assess.core.questions import NO_DEFAULT, Question, check_text, parse_number

MAX_WIDTH = 100
STYLE = questionary.Style(
    [
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("answer", "fg:ansicyan bold"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("instruction", "fg:ansibrightblack"),
    ]
)
def _keys_hint(question: Question) -> str:
    keys = [choice.key for choice in question.choices if choice.key]
    kept = next((choice.key or choice.title for choice in question.choices if choice.value == question.default), "")
    enter = f"Enter keeps {kept}" if question.last and kept else "Enter"
    if not keys:
        return f"(↑/↓, {enter})"
    digits = [k for k in keys if k.isdigit()]
    others = [k for k in keys if not k.isdigit()]
    shown = f"{digits[0]}-{digits[-1]}" if len(digits) > 2 else " ".join(digits)
    return f"({' or '.join([shown, *others])}, {enter})"


def _text_hint(question: Question) -> str | None:
    return "(last time's answer; Enter keeps it)" if question.last else None


def _width() -> int:
    return max(40, min(shutil.get_terminal_size((80, 24)).columns, MAX_WIDTH) - 1)


def _intro(question: Question) -> FormattedText:
    """Position, competency and its anchors, wrapped to the terminal with hanging indents."""
    width = _width()
    parts: list[tuple[str, str]] = [("fg:ansibrightblack", "─" * width + "\n")]
    if question.position:
        parts.append(("fg:ansicyan", question.position))
        parts.append(("", f"  {question.area}\n" if question.area else "\n"))
    if question.heading:
        parts.append(("bold", question.heading + "\n"))
    if question.description:
        parts.append(("", textwrap.fill(question.description, width) + "\n"))
    if question.last:
        parts.append(("fg:ansicyan", textwrap.fill(f"Last time: {question.last}. Enter keeps it.", width) + "\n"))
    if question.anchors:
        parts.append(("", "\n"))
    for anchor in question.anchors:
        head = f"  {anchor.level} {anchor.label}: "
        lines = textwrap.wrap(head + anchor.text, width, subsequent_indent="    ")
        parts.append(("bold", head))
        parts.append(("", lines[0][len(head) :] + "\n"))
        parts.extend(("", line + "\n") for line in lines[1:])
        if anchor.detail:
            detail = textwrap.wrap(f"e.g. {anchor.detail}", width, initial_indent="    ", subsequent_indent="    ")
            parts.extend(("fg:ansibrightblack", line + "\n") for line in detail)
    return FormattedText(parts)


def ask(question: Question, *, input: Any = None, output: Any = None) -> object:
    """Show `question` and return its value (a choice's value, text, or a number)."""
    io = {"input": input, "output": output}
    if question.position or question.heading:
        print_formatted_text(_intro(question), output=output, end="")
    if question.kind == "select":
        return _select(question, io)
    if question.kind == "number":
        return _number(question, io)
    default = "" if question.default in (None, NO_DEFAULT) else str(question.default)
    answer = questionary.text(question.prompt, default=default, validate=_validator(check_text, question),
                              instruction=_text_hint(question), style=STYLE, **io).unsafe_ask()
    return check_text(answer, question.maximum)


def _select(question: Question, io: dict[str, Any]) -> object:
    # Values are indexes: questionary replaces a None value with the title, and "not sure" is None.
    choices = [
        questionary.Choice(choice.title, value=index, shortcut_key=choice.key or False)
        for index, choice in enumerate(question.choices)
    ]
    default = None
    if question.default is not NO_DEFAULT:
        default = next((c for c, q in zip(choices, question.choices, strict=True) if q.value == question.default), None)
    keyed = any(choice.key for choice in question.choices)
    index = questionary.select(
        question.prompt,
        choices=choices,
        default=default,
        use_shortcuts=keyed,
        instruction=_keys_hint(question),
        style=STYLE,
        **io,
    ).unsafe_ask()
    return question.choices[index].value


def _validator(parse: Callable[[str, float], object], question: Question) -> Callable[[str], bool | str]:
    """A questionary validator from a parser: its ValueError is the message shown under the prompt."""

    def valid(text: str) -> bool | str:
        try:
            parse(text, question.maximum)
        except ValueError as err:
            return str(err)
        return True

    return valid


def _number(question: Question, io: dict[str, Any]) -> object:
    default = "" if question.default in (None, NO_DEFAULT) else str(question.default)
    text = questionary.text(question.prompt, default=default, validate=_validator(parse_number, question),
                            instruction=_text_hint(question), style=STYLE, **io).unsafe_ask()
    return parse_number(text, question.maximum)
