"""A PDF report carries its run (`assess import report.pdf`), and `assess report --share` leaves out what is private.

Everything goes through the real entry point. The PDFs are written once per module into homes named with
--home, since each takes a few seconds to render.
"""

from __future__ import annotations

import json
import os
import re
import stat
import zlib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from assess.cli import app
from assess.io.export import MAX_ATTACHMENT_BYTES, MAX_BYTES, PDF_ATTACHMENT

from .conftest import ROOT

pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "examples" / "director-ml-engineering" / "mid-career.yaml"
HOSTILE = '<link rel=attachment href="file:///etc/passwd">'
# Rated 4 with 2 years leading: an answer-quality warning that states the private fact's value.
IMPLAUSIBLE = "Coaching and career growth rated 4, but"


def cli(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def ok(*args: object) -> str:
    code, out, err = cli(*args)
    assert code == 0, err
    return out


def as_json(*args: object):
    return json.loads(ok(*args))


class Made:
    """One home with Sam Rivera's run (private: years_ml), and its full and shared reports."""

    def __init__(self, folder: Path) -> None:
        data = yaml.safe_load(EXAMPLE.read_text())
        data["private"] = ["years_ml"]
        data["ratings"]["ml-team-coaching"] = 4
        data["evidence"]["ml-hiring"] = HOSTILE
        self.evidence = [text for text in data["evidence"].values()]
        answers = folder / "answers.yaml"
        answers.write_text(yaml.safe_dump(data, sort_keys=False))
        self.home = folder / "home"
        ok("--home", self.home, "take", "--answers", answers)
        self.run_id = as_json("--home", self.home, "history", "-f", "json")[0]["id"]
        self.full = folder / "full.pdf"
        ok("--home", self.home, "report", "-p", "example", "-o", self.full)
        self.shared = folder / "shared.pdf"
        ok("--home", self.home, "report", "-p", "example", "--share", "--private", "years_leadership",
           "-o", self.shared)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Made:
    return Made(tmp_path_factory.mktemp("travels"))


def attachments(path: Path) -> dict[str, list[bytes]]:
    reader = PdfReader(path)
    return {name: list(contents) for name, contents in reader.attachments.items()}


def carried(path: Path) -> dict:
    found = attachments(path)
    assert list(found) == [PDF_ATTACHMENT]
    (content,) = found[PDF_ATTACHMENT]
    return json.loads(content)


def page_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def every_stream(path: Path) -> bytes:
    """The PDF's bytes with every stream decompressed beside them, read without the library under test."""
    raw = path.read_bytes()
    parts = [raw]
    for match in re.finditer(rb"stream\r?\n", raw):
        try:
            parts.append(zlib.decompressobj().decompress(raw[match.end():], 50_000_000))
        except zlib.error:
            continue
    return b"\n".join(parts)


def seen(text: str, path: Path) -> set[str]:
    """Where `text` is in the PDF: on a page, in an attachment, in its bytes or a decompressed stream (as is, or
    escaped as in JSON)."""
    forms = {text.encode(), json.dumps(text)[1:-1].encode()}
    where = set()
    if " ".join(text.split()) in page_text(path):
        where.add("page")
    if any(form in content for contents in attachments(path).values() for content in contents for form in forms):
        where.add("attachment")
    if any(form in every_stream(path) for form in forms):
        where.add("streams")
    return where


# --- the PDF carries its run -------------------------------------------------------------------


def test_a_report_pdf_imports_into_an_empty_home_with_the_same_readiness_and_placement(made, tmp_path):
    empty = tmp_path / "empty"
    assert ok("--home", empty, "import", made.full) == f"Imported 1 run from {made.full} (0 already present)\n"
    assert as_json("--home", empty, "history", "-f", "json") == as_json("--home", made.home, "history", "-f", "json")
    ok("--home", empty, "report", "-p", "example", "-f", "json", "-o", tmp_path / "there.json")
    ok("--home", made.home, "report", "-p", "example", "-f", "json", "-o", tmp_path / "here.json")
    there, here = (json.loads((tmp_path / f"{side}.json").read_text()) for side in ("there", "here"))
    assert (there["readiness"], there["placement"], there["placements"]) == \
        (here["readiness"], here["placement"], here["placements"])
    assert there == here
    # The whole run came along: answers, evidence and the facts it marks private.
    ok("--home", empty, "export", "-o", tmp_path / "there-export.json")
    ok("--home", made.home, "export", "-o", tmp_path / "here-export.json")
    runs = [json.loads((tmp_path / f"{side}-export.json").read_text())["runs"] for side in ("there", "here")]
    assert runs[0] == runs[1]
    assert runs[0][0]["answers"]["private"] == ["years_ml"]


def test_importing_the_same_pdf_twice_keeps_one_run(made, tmp_path):
    home = tmp_path / "h"
    ok("--home", home, "import", made.full)
    assert ok("--home", home, "import", made.full) == f"Imported 0 runs from {made.full} (1 already present)\n"
    assert [r["id"] for r in as_json("--home", home, "history", "-f", "json")] == [made.run_id]


def test_the_attachment_is_an_export_of_that_one_run_and_its_rubric_and_the_only_one(made):
    document = carried(made.full)
    assert (document["format"], document["version"]) == ("assess-history", 3)
    assert [run["id"] for run in document["runs"]] == [made.run_id]
    assert list(document["rubrics"]) == [document["runs"][0]["rubric_hash"]]
    assert "shared" not in document
    assert HOSTILE in document["runs"][0]["answers"]["evidence"].values()  # kept as text, never followed
    reader = PdfReader(made.full)
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            assert annot.get_object().get("/Subtype") != "/FileAttachment"
    assert b"root:x:0:0" not in every_stream(made.full)


def test_the_full_report_is_private_and_holds_the_evidence(made):
    assert stat.S_IMODE(made.full.stat().st_mode) == 0o600
    for text in made.evidence:
        assert seen(text, made.full) == {"page", "attachment", "streams"}, text  # the checks can see evidence


def test_a_pdf_without_a_run_is_refused_in_one_line(made, tmp_path):
    bare = tmp_path / "bare.pdf"
    writer = PdfWriter(clone_from=PdfReader(made.full))
    for entry in list(writer.attachment_list):
        entry.delete()
    writer.write(bare)
    code, out, err = cli("--home", tmp_path / "h", "import", bare)
    assert (code, out, err) == (2, "", f"assess: {bare}: this PDF carries no assess run (no {PDF_ATTACHMENT} "
                                       "attachment); import a PDF report written by assess, or an `assess export` "
                                       "file\n")
    assert not (tmp_path / "h").exists() or as_json("--home", tmp_path / "h", "history", "-f", "json") == []


def _with_attachment(path: Path, *contents: bytes, name: str = PDF_ATTACHMENT) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    for content in contents:
        writer.add_attachment(name, content)
    writer.write(path)
    return path


def test_a_tampered_attachment_is_rescored_not_trusted(made, tmp_path):
    document = carried(made.full)
    run = document["runs"][0]
    run["result"]["readiness"] = 99.9
    run["result"]["placement"] = "director-ml-eng"
    run["answers"]["ratings"]["ml-strategy"] = 4  # an answer changed: its result is computed from it
    tampered = _with_attachment(tmp_path / "tampered.pdf", json.dumps(document).encode())
    home = tmp_path / "h"
    ok("--home", home, "import", tampered)
    (listed,) = as_json("--home", home, "history", "-f", "json")
    original = as_json("--home", made.home, "history", "-f", "json")[0]
    assert listed["readiness"] != 99.9 and listed["placement"] == original["placement"] == "senior-mle"
    assert listed["readiness"] > original["readiness"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "{path}: assess-run.json: not JSON: Expecting value at line 1, column 1"),
        (b'{"format": "something-else"}',
         '{path}: assess-run.json: not an assess history export (expected "format": "assess-history")'),
        (b"\xff\xfe", "{path}: assess-run.json: not UTF-8 text (byte 0)"),
    ],
)
def test_a_bad_attachment_is_refused_in_one_line(tmp_path, content, message):
    path = _with_attachment(tmp_path / "bad.pdf", content)
    assert cli("--home", tmp_path / "h", "import", path) == (2, "", f"assess: {message.format(path=path)}\n")


def test_two_attachments_of_that_name_are_refused(made, tmp_path):
    content = attachments(made.full)[PDF_ATTACHMENT][0]
    path = _with_attachment(tmp_path / "two.pdf", content, content)
    code, _, err = cli("--home", tmp_path / "h", "import", path)
    assert (code, err) == (2, f"assess: {path}: the PDF has 2 attachments named {PDF_ATTACHMENT}; an assess report "
                              "has one\n")


def _flate_attachment_pdf(path: Path, packed: bytes) -> Path:
    """A minimal PDF whose one attachment is the Flate stream `packed`, written out object by object."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(assess-run.json) 4 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Type /Filespec /F (assess-run.json) /UF (assess-run.json) /EF << /F 5 0 R >> >>",
        b"<< /Type /EmbeddedFile /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(packed), packed),
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_the_minimal_pdf_of_these_tests_is_read(made, tmp_path):
    """The control for the next test: the same kind of file, within the limit, imports."""
    content = attachments(made.full)[PDF_ATTACHMENT][0]
    path = _flate_attachment_pdf(tmp_path / "small.pdf", zlib.compress(content))
    assert ok("--home", tmp_path / "h", "import", path) == f"Imported 1 run from {path} (0 already present)\n"


def _packed_spaces(size: int) -> bytes:
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    return b"".join(packer.compress(chunk[: min(len(chunk), size - start)]) for start in range(0, size, len(chunk))) \
        + packer.flush()


@pytest.mark.parametrize(
    ("size", "message"),
    [
        # Just past the limit: unpacked up to one byte more than allowed, then refused.
        (MAX_ATTACHMENT_BYTES + 1,
         f"attachment {PDF_ATTACHMENT} is {MAX_ATTACHMENT_BYTES + 1:,} bytes; the limit is {MAX_ATTACHMENT_BYTES:,}"),
        # Far past it (a file of 130 KB unpacking into 128 MB): unpacking stops at the limit.
        (128 << 20, f"the PDF unpacks to more than {MAX_ATTACHMENT_BYTES:,} bytes, the limit"),
    ],
)
def test_an_attachment_that_unpacks_past_the_limit_is_refused(tmp_path, size, message):
    path = _flate_attachment_pdf(tmp_path / "bomb.pdf", _packed_spaces(size))
    assert path.stat().st_size < size // 500  # compressed, it is small; unpacked, it is past the limit
    assert cli("--home", tmp_path / "h", "import", path) == (2, "", f"assess: {path}: {message}\n")


def test_an_uncompressed_attachment_past_the_limit_is_refused(tmp_path):
    path = _with_attachment(tmp_path / "big.pdf", b" " * (MAX_ATTACHMENT_BYTES + 1))
    assert cli("--home", tmp_path / "h", "import", path) == (
        2, "", f"assess: {path}: attachment {PDF_ATTACHMENT} is {MAX_ATTACHMENT_BYTES + 1:,} bytes; the limit is "
               f"{MAX_ATTACHMENT_BYTES:,}\n")


def test_an_encrypted_pdf_is_refused(made, tmp_path):
    writer = PdfWriter(clone_from=PdfReader(made.full))
    writer.encrypt("", "owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    assert cli("--home", tmp_path / "h", "import", path) == (
        2, "", f"assess: {path}: the PDF is encrypted; assess writes its reports unencrypted\n")


def test_hostile_files_exit_2_in_one_line(made, tmp_path):
    raw = made.full.read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(raw[: len(raw) // 3])
    not_pdf = tmp_path / "report.pdf"
    not_pdf.write_text("just text\n")
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as out:
        out.truncate(MAX_BYTES + 1)
    for path in (truncated, not_pdf, huge):
        code, out, err = cli("--home", tmp_path / "h", "import", path)
        assert (code, out) == (2, ""), err
        assert err.startswith(f"assess: {path}: ") and err.count("\n") == 1, err
    assert cli("--home", tmp_path / "h", "import", not_pdf)[2] == \
        f"assess: {not_pdf}: not a PDF (it does not start with %PDF-)\n"
    assert cli("--home", tmp_path / "h", "import", huge)[2] == \
        f"assess: {huge}: file is over the limit of {MAX_BYTES:,} bytes\n"


def test_a_device_named_like_a_pdf_is_not_read(tmp_path):
    endless = tmp_path / "endless.pdf"
    os.symlink("/dev/zero", endless)  # stat says 0 bytes; reading never ends
    assert cli("--home", tmp_path / "h", "import", endless) == (
        2, "", f"assess: {endless}: not a regular file (a device, pipe or socket); give a file\n")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0), flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)),
                                                     max_size=8))
def test_damaged_pdfs_import_or_exit_2_never_crash(made, tmp_path, cut, flips):
    raw = bytearray(made.full.read_bytes())
    for where, value in flips:
        raw[where % len(raw)] = value
    path = tmp_path / "damaged.pdf"
    path.write_bytes(bytes(raw[: len(raw) - cut % len(raw)]))
    code, _, err = cli("--home", tmp_path / "h", "import", path)
    assert code in (0, 2), err
    if code == 2:
        assert err.startswith("assess: ") and err.count("\n") == 1, err


# --- the shared version ---------------------------------------------------------------------------


def test_a_shared_pdf_holds_no_evidence_anywhere(made):
    for text in made.evidence:
        assert seen(text, made.shared) == set(), text
    run = carried(made.shared)["runs"][0]
    assert run["answers"]["evidence"] == {}


def test_a_shared_pdf_says_so_on_its_first_page_and_what_it_left_out(made):
    first = " ".join(PdfReader(made.shared).pages[0].extract_text().split())
    assert "SHARED VERSION" in first
    assert "Left out: every evidence sentence: the appendix shows ratings only" in first
    assert "the facts marked private: Years in machine learning" in first
    assert "whether the gates that ask about those facts are met" in first
    full_first = " ".join(PdfReader(made.full).pages[0].extract_text().split())
    assert "SHARED" not in full_first and "Left out" not in full_first


def test_a_shared_pdf_leaves_out_private_facts_and_the_gates_that_tell_them(made):
    text, full = page_text(made.shared), page_text(made.full)
    assert IMPLAUSIBLE in full and IMPLAUSIBLE not in text
    # The appendix's facts: a private one says so, the others keep their answer.
    assert "Years in machine learning private" in text
    assert "Years in machine learning 7" in full
    assert "Highest degree master" in text
    document = carried(made.shared)
    # What the report showed and the redacted answers no longer tell: each track's placement, and which ratings had
    # a sentence of evidence (never the sentences).
    full_result = carried(made.full)["runs"][0]
    evidenced = sorted(comp for comp, text in full_result["answers"]["evidence"].items() if text.strip())
    placements = {placed["track"]: placed["placement"] for placed in full_result["result"]["placements"]}
    assert document["shared"] == {"private_facts": ["years_ml", "years_leadership"], "placements": placements,
                                  "evidenced": evidenced}
    assert set(placements) == {"management", "ic"} and all(placements.values())
    (run,) = document["runs"]
    assert run["shared"] == document["shared"]
    assert run["answers"]["private"] == ["years_ml", "years_leadership"]
    assert set(run["answers"]["facts"]) == {"degree", "publications"}
    assert all(gate["actual"].get(fact) is None for gate in run["result"]["gates"]
               for fact in ("years_ml", "years_leadership"))
    assert not any(IMPLAUSIBLE in warning["message"] for warning in run["result"]["warnings"])
    assert seen(IMPLAUSIBLE, made.shared) == set() and seen(IMPLAUSIBLE, made.full) == {"page", "attachment", "streams"}


def test_importing_a_shared_pdf_says_it_is_shared(made, tmp_path):
    out = ok("--home", tmp_path / "h", "import", made.shared)
    assert out == (f"Imported 1 run from {made.shared} (0 already present)\n"
                   "It is the run of a shared report: its evidence was left out, and the facts marked private "
                   "(years_ml, years_leadership): the gates that ask about them count as met up to the placement the "
                   "report showed. Every report of it is a shared version, with the scores, placement and evidence "
                   "counts the shared report showed.\n")
    (listed,) = as_json("--home", tmp_path / "h", "history", "-f", "json")
    assert listed["id"] == made.run_id


def test_a_shared_report_follows_the_umask_but_never_opens_up_a_private_file(made, tmp_path):
    assert stat.S_IMODE(made.shared.stat().st_mode) == 0o666 & ~_umask()
    kept = tmp_path / "kept.pdf"
    kept.write_bytes(b"")
    kept.chmod(0o600)
    ok("--home", made.home, "report", "-p", "example", "--share", "-o", kept)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_the_demo_shares_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = ok("demo", "--share")
    (written,) = tmp_path.glob("assess-report-sam-rivera-*-shared.pdf")
    assert out == f"Wrote {written.name} (shared version)\n"
    document = carried(written)
    assert document["shared"]["private_facts"] == []
    assert document["runs"][0]["answers"]["evidence"] == {}
    home = tmp_path / "h"
    ok("--home", home, "import", written)
    assert as_json("--home", home, "history", "-f", "json")[0]["profile"] == "example"


def test_every_report_of_an_imported_shared_run_is_the_shared_version_the_mentor_was_given(made, tmp_path):
    mentor = tmp_path / "mentor"
    ok("--home", mentor, "import", made.shared)
    ok("--home", mentor, "report", "-p", "example", "-f", "json", "-o", tmp_path / "rebuilt.json")
    ok("--home", made.home, "report", "-p", "example", "--share", "--private", "years_leadership", "-f", "json",
       "-o", tmp_path / "given.json")
    rebuilt, given = (json.loads((tmp_path / f"{name}.json").read_text()) for name in ("rebuilt", "given"))
    # The same placement on every track, readiness, evidence counts and gate statuses as the shared report.
    for key in ("readiness", "placement", "next_role", "placements", "roles", "gates", "evidence", "readiness_by_role"):
        assert rebuilt[key] == given[key], key
    assert (rebuilt["placement"], rebuilt["evidence"]) == ("senior-mle", given["evidence"])
    assert given["evidence"]["evidenced"] > 0
    assert rebuilt["shared"]["private_facts"] == given["shared"]["private_facts"] == ["years_ml", "years_leadership"]
    assert rebuilt["shared"]["left_out"][0].startswith("this report is built from the run a shared report carried")
    # Its PDF says it is shared, holds no evidence and carries the run with its mark again.
    again = tmp_path / "again.pdf"
    ok("--home", mentor, "report", "-p", "example", "-o", again)
    first = " ".join(PdfReader(again).pages[0].extract_text().split())
    assert "SHARED VERSION" in first and "built from the run a shared report carried" in first
    assert carried(again)["shared"] == carried(made.shared)["shared"]
    for text in made.evidence:
        assert seen(text, again) == set(), text
    text = " ".join(ok("--home", mentor, "report", "-p", "example", "-f", "text").split())
    assert text.startswith("Shared version: this report is built from the run a shared report carried")
    assert "have no answer" not in text  # a private fact is not a missing answer


def test_a_shared_report_of_an_older_assess_still_imports_and_stays_shared(made, tmp_path):
    document = carried(made.shared)
    document["version"] = 2
    document["shared"] = {"private_facts": document["shared"]["private_facts"]}
    del document["runs"][0]["shared"]
    older = tmp_path / "older.json"
    older.write_text(json.dumps(document))
    mentor = tmp_path / "mentor"
    ok("--home", mentor, "import", older)
    ok("--home", mentor, "report", "-p", "example", "-f", "json", "-o", tmp_path / "r.json")
    rebuilt = json.loads((tmp_path / "r.json").read_text())
    assert rebuilt["shared"]["private_facts"] == ["years_ml", "years_leadership"]
    # Without the placements an older report did not state, its gates on private facts are not met: it scores as
    # its redacted answers do.
    from assess.core.answers import Answers
    from assess.core.scoring import score
    from assess.io.rubric_files import load_rubric

    rubric = load_rubric("director-ml-engineering")
    redacted = score(rubric, Answers.model_validate(document["runs"][0]["answers"]))
    assert [(p["track"], p["placement"]) for p in rebuilt["placements"]] == [
        (placed.track, placed.placement) for placed in redacted.placements]
    assert rebuilt["placement"] == redacted.placement
