from __future__ import annotations

import copy
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from assess.cli import app

from .org_fixtures import org, pg_server  # noqa: F401 - the organisation store's fixtures, for every test module

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
MINI = DATA / "mini.yaml"


@pytest.fixture(scope="session")
def template_cache(tmp_path_factory) -> Path:
    """Compiled report templates, shared by the session and kept out of each test's own directory."""
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch, template_cache):
    """No test ever touches the real user data dir or cache."""
    home = tmp_path / "assess-home"
    monkeypatch.setenv("ASSESS_HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(template_cache))
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


def all_commands(group: click.Group | None = None, prefix: tuple[str, ...] = ()):
    """Every command and sub-command of `assess`, as the words that name it, loaded the way `assess` loads them."""
    group = group or app
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


def write_yaml(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


_LOOPBACK_PREFIXES = ("127.", "::1", "localhost")


@pytest.fixture(autouse=True, scope="session")
def no_network_outside_loopback():
    """Any connection from the test process to a non-loopback address fails the test that made it."""
    import socket

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def check(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = str(address[0])
            if not host.startswith(_LOOPBACK_PREFIXES):
                raise AssertionError(f"network access outside loopback attempted: {address!r}")

    def connect(sock, address):
        check(sock, address)
        return real_connect(sock, address)

    def connect_ex(sock, address):
        check(sock, address)
        return real_connect_ex(sock, address)

    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
    yield
    socket.socket.connect, socket.socket.connect_ex = real_connect, real_connect_ex
