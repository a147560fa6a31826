"""assess: measure yourself against a role, see your gaps and how to close them."""

# Written here, and read by the build (pyproject `[tool.hatch.version]`): asking importlib.metadata
# for it cost about 0.1 s on every command.
__version__ = "0.2.0"

__all__ = ["__version__", "check_answers", "load_answers_file", "load_rubric", "score"]


def __getattr__(name: str):  # lazy, so `assess --help` does not import pydantic models it does not need
    if name == "load_rubric":
        from assess.io.rubric_files import load_rubric

        return load_rubric
    if name == "score":
        from assess.core.scoring import score

        return score
    if name in ("check_answers", "load_answers_file"):
        from assess.io import answers_files as answers

        return getattr(answers, name)
    raise AttributeError(name)
