"""Hostile files and hostile situations, through the real command in a subprocess: devices and FIFOs as
input or output, names too long, read-only folders, a full disk, damaged databases and runs, readers
holding deleted answers, escape sequences, usage errors and interrupts. Every one ends in one line and
a clear exit code, never a hang, a traceback or a half-written file."""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect
import pytest

from .conftest import ROOT, write_yaml

pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "examples" / "director-ml-engineering" / "mid-career.yaml"
IS_ROOT = os.geteuid() == 0
# The set-up's virtualenv on the PATH, as `source .venv/bin/activate` puts it: hints then name plain `assess`.
ON_PATH = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


def assess(*args, home: Path, timeout: float = 30, cwd: Path | None = None, as_other: bool = False,
           file_limit: int | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    """The real command in its own process. `as_other`: as an unprivileged user, so file permissions apply even
    when the suite runs as root. `file_limit`: the largest file it may write, as a full disk would."""
    env = {**os.environ, "ASSESS_HOME": str(home), "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1",
           "PATH": ON_PATH}

    def limits() -> None:
        if file_limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    command = [sys.executable, "-m", "assess", *map(str, args)]
    if as_other and IS_ROOT:  # root without the right to override file permissions: they apply again
        command = ["capsh", "--drop=cap_dac_override,cap_dac_read_search", "--", "-c", 'exec "$@"', "--", *command]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd or ROOT, timeout=timeout,
                          preexec_fn=limits, input=input)


def one_line(proc: subprocess.CompletedProcess, code: int = 2) -> str:
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("assess: "), proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    return proc.stderr


@pytest.fixture
def shared_tmp():
    """A folder another user can reach (pytest's tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="assess-hostile-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


# --- inputs that are not ordinary files ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["device", "fifo"])
@pytest.mark.parametrize("command", ["score", "take", "validate", "import", "template", "named in answers"])
def test_a_device_or_fifo_is_refused_wherever_a_file_is_read(tmp_path, fifo, kind, command):
    target = Path("/dev/zero") if kind == "device" else fifo
    answers = write_yaml(tmp_path / "answers.yaml", {"rubric": str(target)})
    args = {
        "score": ["score", target],
        "take": ["take", "--answers", target],
        "validate": ["rubrics", "validate", target],
        "import": ["import", target],
        "template": ["template", "--rubric", target],
        "named in answers": ["score", answers],
    }[command]
    message = one_line(assess(*args, home=tmp_path / "home", timeout=20))
    assert f"{target}: not a regular file" in message


@pytest.mark.parametrize("command", [["demo", "-f", "md", "-o"], ["export", "-o"]])
def test_output_onto_a_fifo_or_device_is_refused_not_replaced(tmp_path, fifo, command):
    for target in (fifo, Path("/dev/null")):
        assert "not a regular file" in one_line(assess(*command, target, home=tmp_path / "home", timeout=20))
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_output_through_a_link_lands_in_the_file_it_names_and_the_link_stays(tmp_path, fifo):
    kept = tmp_path / "reports" / "2026.md"
    kept.parent.mkdir()
    kept.write_text("last year's")
    link = tmp_path / "latest.md"
    link.symlink_to(kept)
    assert assess("demo", "-f", "md", "-o", link, home=tmp_path / "home").returncode == 0
    assert link.is_symlink() and kept.read_text().startswith("# ")
    assert sorted(p.name for p in kept.parent.iterdir()) == ["2026.md"]  # no temp file left beside it
    # A link to a pipe (as /dev/stdout is, in a pipeline) is refused, not replaced.
    to_pipe = tmp_path / "stdout"
    to_pipe.symlink_to(fifo)
    assert "not a regular file" in one_line(assess("demo", "-f", "md", "-o", to_pipe, home=tmp_path / "home"))
    assert to_pipe.is_symlink() and stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_history_database_that_links_elsewhere_changes_nothing_there(tmp_path, fifo):
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    notes.chmod(0o644)
    fifo.chmod(0o644)
    for target, said in ((fifo, "not a regular file"), (notes, "not an assess history database")):
        database = home / "assess.sqlite3"
        database.unlink(missing_ok=True)
        database.symlink_to(target)
        assert said in one_line(assess("history", home=home))
        assert stat.S_IMODE(target.stat().st_mode) == 0o644  # not tightened through the link
    assert notes.read_text() == "my notes\n"


def test_a_name_too_long_for_the_file_system(tmp_path):
    message = one_line(assess("demo", "-f", "md", "-o", tmp_path / ("r" * 300 + ".md"), home=tmp_path / "home"))
    assert "file name too long" in message
    assert list(tmp_path.iterdir()) == []


needs_capsh = pytest.mark.skipif(IS_ROOT and shutil.which("capsh") is None,
                                 reason="as root, permissions are tested with capsh (Debian libcap2-bin)")


@needs_capsh
def test_a_healthy_history_in_a_read_only_folder_is_not_called_foreign(shared_tmp):
    home = shared_tmp / "home"
    assert assess("take", "--answers", EXAMPLE, home=home, as_other=True).returncode == 0
    home.chmod(0o500)
    try:
        for args in (["history"], ["take", "--answers", EXAMPLE]):
            message = one_line(assess(*args, home=home, as_other=True))
            assert "not an assess history database" not in message
            assert "read-only" in message or "may read and write it and its folder" in message
    finally:
        home.chmod(0o700)


@needs_capsh
def test_a_report_into_a_folder_one_may_not_write(shared_tmp):
    folder = shared_tmp / "locked"
    folder.mkdir(mode=0o555)
    message = one_line(assess("demo", "-f", "md", "-o", folder / "r.md", home=shared_tmp / "home", as_other=True))
    assert "permission denied; check who may write it and its folder" in message


def test_a_full_disk_when_writing_an_export_or_the_history(tmp_path):
    home = tmp_path / "home"
    assert assess("take", "--answers", EXAMPLE, home=home).returncode == 0
    out = tmp_path / "history.json"
    # 64 KiB: enough to open the history (its shared-memory file takes 32), not to write the export.
    message = one_line(assess("export", "-o", out, home=home, file_limit=65536))
    assert "no space left" in message or "too large" in message
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["home"]
    fresh = tmp_path / "fresh"
    message = one_line(assess("take", "--answers", EXAMPLE, home=fresh, file_limit=8192))
    assert "disk is full" in message or "check the disk" in message


def test_corruption_past_the_header_gets_the_same_advice_as_a_foreign_file(tmp_path):
    home = tmp_path / "home"
    for _ in range(3):
        assert assess("take", "--answers", EXAMPLE, home=home).returncode == 0
    db = home / "assess.sqlite3"
    sqlite3.connect(db).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    with db.open("r+b") as data:
        data.seek(4096 * 2)
        data.write(os.urandom(4096 * 3))
    message = one_line(assess("history", home=home))
    assert "not an assess history database, or a damaged one" in message and "move it away" in message


# --- damaged runs ---------------------------------------------------------------------------------------------


def test_a_run_that_no_longer_loads_is_listed_as_damaged_and_can_be_deleted(tmp_path):
    home = tmp_path / "home"
    assert assess("take", "--answers", EXAMPLE, home=home).returncode == 0
    assert assess("take", "--answers", EXAMPLE, home=home).returncode == 0
    db = sqlite3.connect(home / "assess.sqlite3")
    broken = db.execute("SELECT id FROM runs ORDER BY rowid LIMIT 1").fetchone()[0]
    db.execute("DROP TRIGGER answers_frozen_update")  # as an editor by hand, or a faulty old version, would
    db.execute("UPDATE answers SET value = 'NaN' WHERE run_id = ? AND section = 'ratings' "
               "AND key = 'ml-strategy'", (broken,))
    db.commit()
    db.close()
    listing = assess("history", home=home)
    assert listing.returncode == 0 and "damaged" in listing.stdout and broken in listing.stdout
    assert f"Run {broken} is damaged" in listing.stderr
    rows = json.loads(assess("history", "-f", "json", home=home).stdout)
    assert sorted(row["status"] for row in rows) == ["complete", "damaged"]
    assert assess("progress", home=home).returncode == 0
    exported = assess("export", "-o", tmp_path / "x.json", home=home)
    assert exported.returncode == 0 and "(1 run damaged, left out; see `assess history`)" in exported.stdout
    assert "is damaged" in one_line(assess("report", broken, home=home))
    deleted = assess("delete", broken, "--yes", home=home)
    assert (deleted.returncode, deleted.stdout) == (0, "Deleted 1 run.\n")
    assert "damaged" not in assess("history", home=home).stdout


def test_stored_text_that_is_not_utf8_damages_one_run_not_the_history(tmp_path):
    """Bytes flipped on disk inside a run's name and inside another run's result: both runs are listed as damaged
    (or left out of the numbers), never a query that fails for the whole history with the bytes printed."""
    home = tmp_path / "home"
    for _ in range(3):
        assert assess("take", "--answers", EXAMPLE, home=home).returncode == 0
    db = home / "assess.sqlite3"
    sqlite3.connect(db).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    raw = bytearray(db.read_bytes())
    raw[raw.find(b"Sam Rivera") + 1] = 0xFE
    raw[raw.rfind(b'"readiness_by_role"') + 2] = 0xFF
    db.write_bytes(raw)
    listing = assess("history", home=home)
    assert listing.returncode == 0 and "its stored name is not readable text" in listing.stderr
    broken = [row["id"] for row in json.loads(assess("history", "-f", "json", home=home).stdout)
              if row["status"] == "damaged"]
    assert len(broken) >= 1
    for command in (["progress", "-p", "example", "-f", "json"], ["export", "-o", tmp_path / "x.json"]):
        done = assess(*command, home=home)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (command, done.stderr)
    # Which row each flipped byte lands in depends on how SQLite laid the pages out: the newest run's name or its
    # result (or both) is hit, and its report says which, in one line.
    newest = one_line(assess("report", "-p", "example", "-f", "md", "-o", tmp_path / "r.md", home=home))
    assert re.search(r"is damaged \(its stored (name|result) is not readable text\); `assess delete", newest), newest
    for run_id in broken:
        deleted = assess("delete", run_id, "--yes", home=home)
        assert deleted.returncode == 0, deleted.stderr
    assert "damaged" not in assess("history", home=home).stdout


# --- privacy --------------------------------------------------------------------------------------------------

SECRET = "SECRET-EVIDENCE-0042 rebuilt the fraud model"


def _with_secret(tmp_path: Path) -> Path:
    data = json.loads(json.dumps(__import__("yaml").safe_load(EXAMPLE.read_text())))
    data["evidence"] = {**data.get("evidence", {}), "ml-strategy": SECRET}
    data["ratings"]["ml-strategy"] = 3
    return write_yaml(tmp_path / "secret.yaml", data)


def _on_disk(home: Path) -> bytes:
    return b"".join(p.read_bytes() for p in home.iterdir() if p.name.startswith("assess.sqlite3"))


def test_delete_leaves_no_trace_and_says_when_a_reader_holds_it_back(tmp_path):
    home = tmp_path / "home"
    assert assess("take", "--answers", _with_secret(tmp_path), "--profile", "gone", home=home).returncode == 0
    assert assess("take", "--answers", EXAMPLE, home=home).returncode == 0
    assert SECRET.encode() in _on_disk(home)
    reader = sqlite3.connect(home / "assess.sqlite3")
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM answers").fetchone()  # holds a read snapshot with the secret in it
    message = one_line(assess("delete", "--profile", "gone", "--yes", home=home))
    assert "another assess is reading the history" in message and "assess delete --purge" in message
    assert json.loads(assess("history", "-f", "json", "-p", "gone", home=home).stdout) == []
    reader.rollback()
    reader.close()
    purged = assess("delete", "--purge", home=home)
    assert purged.returncode == 0, purged.stderr
    assert SECRET.encode() not in _on_disk(home)


def test_a_history_folder_others_can_open_is_tightened_or_pointed_out(tmp_path):
    home = tmp_path / "home"
    assert assess("take", "--answers", EXAMPLE, home=home).returncode == 0
    home.chmod(0o755)
    (home / "assess.sqlite3").chmod(0o644)
    assert assess("history", home=home).stderr == ""
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "assess.sqlite3").stat().st_mode) == 0o600
    (home / "notes.txt").write_text("mine")
    home.chmod(0o755)
    warned = assess("history", home=home)
    assert warned.returncode == 0 and "chmod 700" in warned.stderr and "other users can open" in warned.stderr
    assert stat.S_IMODE(home.stat().st_mode) == 0o755  # a folder the person chose is theirs to change


# --- terminals and usage --------------------------------------------------------------------------------------


def test_escape_sequences_in_user_text_never_reach_the_terminal(tmp_path):
    hostile = write_yaml(tmp_path / "a.yaml", {"name": "Eve\x1b]0;owned\x07\x1b[2J"})
    message = one_line(assess("score", hostile, home=tmp_path / "home"))
    assert "name: contains the control character U+001B" in message
    assert "\x1b" not in message
    path = tmp_path / "odd\x1b[31mname.yaml"
    message = one_line(assess("score", path, home=tmp_path / "home"))
    assert "\x1b" not in message and "odd\\u001b[31mname.yaml: no such file" in message


@pytest.mark.parametrize(("args", "said"), [
    (["take", "--bogus"], "No such option '--bogus'; see `assess take --help`"),
    (["score"], "Missing argument 'FILE'; see `assess score --help`"),
    (["report", "-f", "docx"], "'docx' is not one of 'pdf', 'html', 'md', 'json', 'text'; see `assess report --help`"),
    (["nosuch"], "No such command 'nosuch'; see `assess --help`"),
])
def test_usage_errors_are_one_line_with_the_help_to_run(tmp_path, args, said):
    assert said in one_line(assess(*args, home=tmp_path / "home"))


# --- interrupts -----------------------------------------------------------------------------------------------


def test_ctrl_c_while_the_modules_load_is_one_line_not_a_traceback(tmp_path):
    import time

    env = {**os.environ, "ASSESS_HOME": str(tmp_path / "home")}
    startups = []
    for _ in range(3):  # the interpreter's own start, before any code of ours can run, is out of reach
        began = time.monotonic()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        startups.append(time.monotonic() - began)
    command = [str(Path(sys.executable).parent / "assess"), "demo", "-f", "md", "-o", str(tmp_path / "r.md")]
    for delay in (0.01, 0.03, 0.06, 0.1, 0.2):
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        time.sleep(max(startups) * 1.5 + delay)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=30)
        assert "Traceback" not in err, err
        assert child.returncode in (0, 130), (child.returncode, err)
        if child.returncode == 130:
            assert err.strip().splitlines() == ["assess: interrupted"]


def _spawn(args, home: Path) -> pexpect.spawn:
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "ASSESS_HOME": str(home), "PATH": ON_PATH}
    return pexpect.spawn(sys.executable, ["-m", "assess", *map(str, args)], env=env, encoding="utf-8",
                         timeout=60, dimensions=(40, 120))


def test_ctrl_c_at_the_delete_question_deletes_nothing(tmp_path):
    home = tmp_path / "home"
    assert assess("take", "--answers", EXAMPLE, home=home).returncode == 0
    child = _spawn(["delete", "--profile", "example"], home)
    child.expect_exact("[y/N]: ")
    # The question is a plain line read, where Ctrl-C is a signal: one that lands between the prompt being
    # written and the read starting is only noticed at the next key (a CPython race), so wait for the read.
    time.sleep(0.5)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Nothing deleted." in child.before and "Traceback" not in child.before
    assert len(json.loads(assess("history", "-f", "json", home=home).stdout)) == 1


def test_ctrl_d_at_a_text_prompt_stops_like_ctrl_c(tmp_path):
    child = _spawn(["take"], tmp_path / "home")
    child.expect_exact("Your name for the report")
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.before and "internal error" not in child.before
    assert "run `assess take` to" in child.before
