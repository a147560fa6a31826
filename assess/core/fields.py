"""The field types every model of the tool is built from: ids, levels, weights, text, and strict bases."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
)

from assess.core.text import printable

MAX_TEXT = 2_000  # one anchor, action or note line; a rubric is data, not a book
MAX_ITEMS = 500  # competencies, rungs, steps ... in one list


ID_PATTERN, MAX_ID = r"^[a-z0-9][a-z0-9_-]*$", 64
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=MAX_ID)]


def is_id(text: str) -> bool:
    """Whether `text` is an id as `Id` reads one: for a reader that makes ids of what people typed."""
    return len(text) <= MAX_ID and re.match(ID_PATTERN, text) is not None
MIN_LEVEL, MAX_LEVEL = 0, 100  # what a rating can be, so every rubric's scale lies within
MAX_LEVELS = 35  # levels a scale may have: with "not sure", what a one-keystroke choice list holds
Level = Annotated[StrictInt, Field(ge=MIN_LEVEL, le=MAX_LEVEL)]


def _digits_as_int(value: object) -> object:
    """JSON object keys are strings: a stored rubric's `"3"` is level 3 again."""
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else value


LevelKey = Annotated[StrictInt, BeforeValidator(_digits_as_int)]
Weight = Annotated[float, Field(gt=0, le=1_000_000, allow_inf_nan=False)]
Text = Annotated[StrictStr, Field(min_length=1, max_length=MAX_TEXT), AfterValidator(printable)]
FactValue = StrictStr | StrictInt | StrictFloat


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
