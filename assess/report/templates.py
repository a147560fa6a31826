"""The report's jinja2 templates: HTML escaping everything, Markdown escaping what a previewer would act on.

The templates live in the folder the caller names (the package's `reports/`); their compiled form is kept in
a cache folder the caller has checked is private, and a compiled template is only read back when the file is
ours and nobody else can write it: it is code that runs.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import jinja2

from assess.core.wording import signed
from assess.report.input import ReportInput
from assess.report.view import context

# What a Markdown previewer would act on rather than show: HTML (`<img src=...>`), links and images
# (`![x](http://...)`, which it would fetch), a `|` ending a table cell, and a line break that starts a heading or a
# link definition of its own. Quotes, stars and underscores stay: at worst they emphasise.
_MARKDOWN_INERT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "[": "\\[", "]": "\\]",
                                 "|": "\\|", "\n": " ", "\t": " "})


class Templates:
    """The report templates in `folder`; `cache`, when given, keeps them compiled between runs (~0.04 s each)."""

    def __init__(self, folder: Path, cache: Path | None = None) -> None:
        self.folder = folder
        self._cache = _OwnBytecodeCache(str(cache)) if cache is not None else None

    def html(self, inp: ReportInput, paper: str = "a4", pages: str = "full") -> str:
        return self._environment(autoescape=True).get_template("report.html.j2").render(**context(inp, paper, pages))

    def markdown(self, inp: ReportInput, pages: str = "full") -> str:
        return self._environment(autoescape=False).get_template("report.md.j2").render(**context(inp, "a4", pages))

    def _environment(self, *, autoescape: bool) -> jinja2.Environment:
        env = jinja2.Environment(
            bytecode_cache=self._cache,
            loader=jinja2.FileSystemLoader(str(self.folder)),
            # HTML escapes everything; Markdown escapes what would turn into HTML (see _markdown_text).
            autoescape=autoescape,  # noqa: S701
            finalize=None if autoescape else _markdown_text,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters["num"] = _num
        env.filters["signed"] = signed
        env.filters["one"] = lambda v: "n/a" if v is None else f"{v:.1f}"
        env.filters["capitalize_first"] = lambda text: text[:1].upper() + text[1:]
        return env


class _OwnBytecodeCache(jinja2.FileSystemBytecodeCache):
    """jinja2's file cache, reading back only compiled templates that are ours and writable by us alone."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = Path(self.directory) / (self.pattern % bucket.key)
        try:
            with open(path, "rb") as found:  # noqa: PTH123
                info = os.fstat(found.fileno())
                if info.st_uid != os.geteuid() or stat.S_IMODE(info.st_mode) & 0o022 or not stat.S_ISREG(info.st_mode):
                    return  # planted, or loosened: compiled afresh instead
                bucket.load_bytecode(found)
        except OSError:
            return

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a cache that cannot be written is only slower


def _markdown_text(value: object) -> object:
    """Every value a Markdown report shows, as text only (see _MARKDOWN_INERT)."""
    return value.translate(_MARKDOWN_INERT) if isinstance(value, str) else value


def _num(value: float | int | str | None) -> str:
    if value is None:
        return "not given"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


__all__ = ["Templates"]
