"""The suite's own guards hold: no network outside loopback; `--help` stays light."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest

HEAVY = ("pandas", "weasyprint", "matplotlib", "questionary", "pypdf", "openpyxl", "psycopg")


def test_connection_outside_loopback_is_refused():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(AssertionError, match="network access outside loopback"):
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed
    finally:
        sock.close()


def test_loopback_is_allowed():
    server = socket.create_server(("127.0.0.1", 0))
    try:
        client = socket.create_connection(server.getsockname(), timeout=2)
        client.close()
    finally:
        server.close()


PROBE = """
import json, sys
import click
from assess.cli import app

def commands(group, prefix=()):
    context = click.Context(group)
    for name in group.list_commands(context):
        cmd = group.get_command(context, name)
        yield (*prefix, name)
        if isinstance(cmd, click.Group):
            yield from commands(cmd, (*prefix, name))

loaded = {}
try:
    app(["--help"], prog_name="assess", standalone_mode=False)
except SystemExit:
    pass
loaded["assess"] = sorted(m for m in sys.modules if m.startswith("assess.cli.") and m not in
                                           ("assess.cli.errors", "assess.cli.terminal"))  # neither is a command
for args in commands(app):
    try:
        app([*args, "--help"], prog_name="assess", standalone_mode=False)
    except SystemExit:
        pass
    loaded[" ".join(args) or "assess"] = sorted(m for m in HEAVY if m in sys.modules)
print(json.dumps(loaded))
"""


def test_help_imports_no_heavy_library():
    proc = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{PROBE}"], capture_output=True, text=True, check=True
    )
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "assess" in loaded and len(loaded) > 3
    assert {cmd: mods for cmd, mods in loaded.items() if mods} == {}


@pytest.mark.parametrize(("library", "adapter"), [("weasyprint", "report/pdf.py"), ("pypdf", "io/pdf_attachments.py")])
def test_one_module_talks_to_each_pdf_library(library, adapter):
    from pathlib import Path

    package = Path(__file__).parent.parent / "assess"
    importers = sorted(str(path.relative_to(package)) for path in package.rglob("*.py")
                       if f"import {library}" in path.read_text() or f"from {library}" in path.read_text())
    assert importers == [adapter]


@pytest.mark.parametrize("wrapped", [True, False])
def test_ctrl_c_wrapped_by_the_import_machinery_is_still_an_interrupt(monkeypatch, capsys, wrapped):
    import types

    import assess
    import assess.entry

    def interrupted(name):
        if not wrapped:
            raise ValueError("a real error")
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:  # as a class body interrupted while Python builds it reports it
            raise RuntimeError("Error calling __set_name__") from exc

    loading = types.ModuleType("assess.cli")
    loading.__getattr__ = interrupted
    monkeypatch.setitem(sys.modules, "assess.cli", loading)
    monkeypatch.setattr(assess, "cli", loading, raising=False)
    if wrapped:
        with pytest.raises(SystemExit) as stopped:
            assess.entry.main()
        assert stopped.value.code == 130 and capsys.readouterr().err == "\nassess: interrupted\n"
    else:
        with pytest.raises(ValueError, match="a real error"):
            assess.entry.main()


def test_the_entry_point_imports_nothing_slow_before_its_ctrl_c_guard():
    import ast
    from pathlib import Path

    package = Path(__file__).parent.parent / "assess"
    entry = ast.parse((package / "entry.py").read_text())
    loaded_first = [alias.name for node in entry.body if isinstance(node, ast.Import | ast.ImportFrom)
                    for alias in node.names]
    assert loaded_first == ["os", "sys"]  # both loaded by the interpreter before any code of ours
    init = ast.parse((package / "__init__.py").read_text())
    assert not [node for node in init.body if isinstance(node, ast.Import | ast.ImportFrom)]


LOCAL_PROBE = """
import json, sys
from assess.cli import app

for args in COMMANDS:
    try:
        app(args, prog_name="assess", standalone_mode=False)
    except SystemExit as stopped:
        assert not stopped.code, (args, stopped.code)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("psycopg", "psycopg_binary")
                        or m.startswith("assess.io.store.p") and m != "assess.io.store.pg_base")))
"""


def test_local_commands_load_nothing_of_the_organisation_store(tmp_path):
    """The local path stays as it was: with no store named, no command loads the PostgreSQL client or the store
    (only `pg_base`, the organisation store's interface, which loads no database library)."""
    from .conftest import MINI

    answers = tmp_path / "a.yaml"
    answers.write_text(f"rubric: {MINI}\nname: Jo\nfacts: {{degree: master, years: 6}}\n"
                       "ratings: {x1: 2, x2: 1, y1: 1, y2: 3}\n")
    commands = [["take", "--answers", str(answers)], ["history"], ["progress"],
                ["report", "-f", "json", "-o", str(tmp_path / "r.json")], ["export", "-o", str(tmp_path / "e.json")],
                ["team", "add", "t", str(tmp_path / "e.json")], ["team", "show", "t"]]
    env = {key: value for key, value in __import__("os").environ.items() if key != "ASSESS_STORE"}
    proc = subprocess.run([sys.executable, "-c", f"COMMANDS = {commands!r}\n{LOCAL_PROBE}"], capture_output=True,
                          text=True, env={**env, "ASSESS_HOME": str(tmp_path / "home"), "COLUMNS": "120"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []


PANDAS_PROBE = """
import sys
from assess.cli import app

try:
    app(ARGS, prog_name="assess", standalone_mode=False)
except SystemExit as stopped:
    assert not stopped.code, stopped.code
print("pandas" in sys.modules)
"""


@pytest.mark.parametrize(("args", "loads"), [(["history"], False), (["history", "-f", "json"], False),
                                             (["progress", "-f", "json"], False), (["history", "-f", "csv"], True)])
def test_only_a_csv_table_loads_pandas(tmp_path, args, loads):
    """pandas (about 0.6 s) writes the CSV tables only: listing the history in the terminal or as JSON needs none."""
    from .conftest import MINI

    answers = tmp_path / "a.yaml"
    answers.write_text(f"rubric: {MINI}\nname: Jo\nfacts: {{degree: master, years: 6}}\n"
                       "ratings: {x1: 2, x2: 1, y1: 1, y2: 3}\n")
    env = {**__import__("os").environ, "ASSESS_HOME": str(tmp_path / "home"), "COLUMNS": "120"}
    env.pop("ASSESS_STORE", None)
    took = subprocess.run([sys.executable, "-m", "assess", "take", "--answers", str(answers)], capture_output=True,
                          text=True, env=env)
    assert took.returncode == 0, took.stderr
    proc = subprocess.run([sys.executable, "-c", f"ARGS = {args!r}\n{PANDAS_PROBE}"], capture_output=True, text=True,
                          env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().splitlines()[-1] == str(loads)
