"""A team of nine people on the mini rubric over two quarters, each person's answers chosen so that every number
of the team views can be worked out by hand (tests/test_team.py does so, line by line).

Quarter 1: Ada, Ben, Cai, Dee, Eve, Fay, Gus and Ivy. Quarter 2: the same but Ivy (whose quarter-1 input grows
older than the window), and Hal, new. Fay shares her report keeping `years` private. Inputs are the files people
would hand over: shared report PDFs (`assess report --share`) or the document such a PDF carries.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml
from click.testing import CliRunner

from assess.cli import app
from assess.core.answers import Answers, check_answers
from assess.core.scoring import score
from assess.core.share import Sharing, shared_run
from assess.io.export import export_document
from assess.io.rubric_files import load_rubric_file
from assess.io.store.sqlite import SQLiteStore

from .conftest import MINI

Q1, Q2 = "2026-03-02T10:00:00+00:00", "2026-06-01T10:00:00+00:00"
Q1_BUILD, Q2_BUILD = "2026-03-09", "2026-09-07"
FAY_YEARS = 7.25  # private: must reach no team output
# name: degree, years, private facts, quarter-1 ratings, quarter-2 ratings (x1, x2, y1, y2; None: not sure)
TEAM = {
    "Ada": ("master", 9, [], (4, 3, 4, 3), (4, 3, 4, 3)),
    "Ben": ("bachelor", 6, [], (3, 2, 3, 2), (3, 2, 3, 2)),
    "Cai": ("master", 4, [], (2, 1, 2, 0), (2, 1, 2, 1)),
    "Dee": ("bachelor", 2, [], (3, 1, 2, 0), (3, 1, 2, 0)),
    "Eve": ("none", 0, [], (1, 0, 0, 0), (1, 0, 1, 0)),
    "Fay": ("master", FAY_YEARS, ["years"], (3, 2, 3, 2), (3, 2, 3, 2)),
    "Gus": ("phd", 3, [], (2, 2, 1, 1), (2, 2, 1, 1)),
    "Ivy": ("master", 5, [], (3, 3, 1, 1), None),
    "Hal": ("master", 10, [], None, (None, 1, 2, 0)),
}
NEEDS = {
    "rubric": str(MINI),
    "skills": [{"competency": "x1", "level": 3, "people": 2}, {"competency": "y1", "level": 3, "people": 1},
               {"competency": "y2", "level": 2, "people": 1}, {"competency": "x2", "level": 3, "people": 1}],
    "rungs": [{"rung": "c", "people": 1}, {"rung": "b", "people": 3}],
}


def evidence_of(name: str) -> str:
    return f"Ran the EVIDENCE-{name.upper()} migration for three teams."


def answers(name: str, quarter: int) -> Answers:
    degree, years, private, *ratings = TEAM[name]
    given = ratings[quarter - 1]
    assert given is not None
    return Answers(rubric=str(MINI), profile=name.lower(), name=name, facts={"degree": degree, "years": years},
                   ratings=dict(zip(("x1", "x2", "y1", "y2"), given, strict=True)),
                   evidence={"x1": evidence_of(name)}, private=private)


def cli(*args: object) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@dataclass
class Quarters:
    home: Path  # where the lead keeps the team
    folder: Path
    q1: list[Path]
    q2: list[Path]
    needs: Path

    def team(self, *args: object) -> str:
        return cli("--home", self.home, "team", *args)

    def built(self) -> dict:
        """The team of both quarters built, and its views as of the second, as JSON."""
        self.team("add", "plat", *self.q1, "--needs", self.needs, "--on", Q1_BUILD)
        self.team("add", "plat", *self.q2, "--on", Q2_BUILD)
        return json.loads(self.team("show", "plat", "--on", Q2_BUILD, "-f", "json"))


def make_quarters(folder: Path, kind: str) -> Quarters:
    """Everyone's runs stored in their own history (as if each took them), then the files each hands over."""
    rubric = load_rubric_file(MINI)
    people = folder / "people"
    store = SQLiteStore(people)
    files: dict[int, list[Path]] = {1: [], 2: []}
    for quarter, when in ((1, Q1), (2, Q2)):
        for name in TEAM:
            if TEAM[name][quarter + 2] is None:
                continue
            checked = check_answers(answers(name, quarter), rubric, name)
            moment = datetime.fromisoformat(when)
            run = store.add_complete(answers=checked, rubric=rubric, result=score(rubric, checked), started_at=moment,
                                     finished_at=moment)
            out = folder / f"q{quarter}" / f"{name.lower()}.{'pdf' if kind == 'pdf' else 'json'}"
            out.parent.mkdir(exist_ok=True)
            private = TEAM[name][2]
            if kind == "pdf":
                flags = [a for fact in private for a in ("--private", fact)]
                cli("--home", people, "report", run.id, "--share", *flags, "-o", out)
            else:
                shared = shared_run(run, rubric, Sharing(tuple(private)))
                document = export_document([shared], [rubric], exported_at=when, tool_version="test",
                                           shared=shared.shared)
                out.write_text(json.dumps(document))
            files[quarter].append(out)
    store.close()
    needs = folder / "needs.yaml"
    needs.write_text(yaml.safe_dump(NEEDS, sort_keys=False))
    return Quarters(folder / "lead", folder, files[1], files[2], needs)


def write_exports(folder: Path, people: dict[str, tuple], when: str = Q2, *, shared: bool = False) -> list[Path]:
    """One export document per person (name: ratings of x1, x2, y1, y2), full or as a shared PDF carries it."""
    rubric = load_rubric_file(MINI)
    store = SQLiteStore(folder / f"home-{len(list(folder.glob('home-*')))}")
    moment = datetime.fromisoformat(when)
    paths = []
    for name, ratings in people.items():
        given = Answers(rubric=str(MINI), profile=re.sub(r"[^\w.-]", "-", name.lower())[:60], name=name,
                        facts={"degree": "master", "years": 6}, ratings=dict(zip(("x1", "x2", "y1", "y2"), ratings)),
                        evidence={"x1": evidence_of(name)})
        checked = check_answers(given, rubric, name)
        run = store.add_complete(answers=checked, rubric=rubric, result=score(rubric, checked), started_at=moment,
                                 finished_at=moment)
        if shared:
            run = shared_run(run, rubric, Sharing())
        document = export_document([run], [rubric], exported_at=when, tool_version="test",
                                   shared=run.shared if shared else None)
        path = folder / f"{run.id}.json"
        path.write_text(json.dumps(document))
        paths.append(path)
    store.close()
    return paths
