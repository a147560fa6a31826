"""The wheel carries its rubrics and examples: installed elsewhere, the commands still work."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(ROOT)],
        check=True, capture_output=True,
    )
    wheel = next((work / "dist").glob("assess-*.whl"))
    target = work / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True, capture_output=True,
    )
    # The wheel's copy first; the dependencies come from this environment's site-packages.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), *site.getsitepackages()]),
           "ASSESS_HOME": str(work / "home"), "COLUMNS": "200"}
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()

    def assess(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path[:0] = sys.argv.pop(1).split(':');"
                               "from assess.cli import app; app(prog_name='assess')", env["PYTHONPATH"], *args],
                              cwd=elsewhere, env=env, capture_output=True, text=True, check=False)

    return assess, target


@pytest.mark.slow
def test_installed_wheel_runs_from_another_folder(installed, tmp_path):
    assess, target = installed
    where = assess("--version")
    assert where.returncode == 0, where.stderr
    listing = assess("rubrics", "list")
    assert listing.returncode == 0, listing.stderr
    assert "director-ml-engineering" in listing.stdout
    template = assess("template")
    assert template.returncode == 0
    answers = tmp_path / "answers.yaml"
    answers.write_text(template.stdout.replace("  ml-strategy:\n", "  ml-strategy: 3\n"))
    scored = assess("score", str(answers), "--format", "json")
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["rubric"] == "director-ml-engineering"
    origin = assess("rubrics", "validate", str(target / "assess" / "_data" / "rubrics" / "director-ml-engineering.yaml"))
    assert origin.returncode == 0, origin.stderr
    check = subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path[:0]=[sys.argv[1]]; import assess.io.locations as r;"
                            "print(r.data_dir('rubrics'))", str(target)], capture_output=True, text=True, check=True)
    assert check.stdout.strip().startswith(str(target)), check.stdout
