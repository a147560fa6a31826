from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from assess.cli import app

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
MINI = DATA / "mini.yaml"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """No test ever touches the real user data dir."""
    home = tmp_path / "assess-home"
    monkeypatch.setenv("ASSESS_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "200")  # rich wraps tables to the terminal; tests read whole lines
    return home


@pytest.fixture
def mini_data() -> dict:
    return copy.deepcopy(yaml.safe_load(MINI.read_text()))


@pytest.fixture
def run():
    """Invoke the real `assess` entry point; returns the click Result (exit_code, stdout, stderr)."""

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


def write_yaml(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path
