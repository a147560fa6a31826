"""The PDF itself: every section present, page count, escaping, and nothing fetched or embedded."""

from __future__ import annotations

import io
import re
import socket
import threading
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from assess.io.locations import data_dir
from assess.report.input import pdf_metadata
from assess.report.pdf import render_pdf
from tests.reporting import render_html

from .test_report import HOSTILE_NAME, example_input

pytestmark = pytest.mark.slow

HEADINGS = [
    "GAP ANALYSIS REPORT", "Executive summary", "This quarter: the three things to work on first",
    "Readiness for each rung of the ladder", "Gate checklist for", "Areas: your level against",
    "Prioritised gaps for", "Development plan", "Within 3 months", "Within 6 months", "Within 12 months",
    "Progress since earlier runs", "Goals of the last plan", "Market context", "Answer quality and unknowns",
    "Appendix: every answer",
]


def _pdf(inp, paper="a4") -> PdfReader:
    data = render_pdf(render_html(inp, paper), assets=data_dir("reports"), metadata=pdf_metadata(inp))
    return PdfReader(io.BytesIO(data))


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_has_every_section_pages_and_metadata():
    reader = _pdf(example_input(progress=True, tool_version="1.2.3"))
    text = _text(reader)
    for heading in HEADINGS:
        assert heading in text, heading
    assert 10 <= len(reader.pages) <= 16
    assert "Executive summary" in reader.pages[0].extract_text()
    assert f"Page 1 of {len(reader.pages)}" in reader.pages[0].extract_text()
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in reader.pages[-1].extract_text()
    # chart labels are text, in the same font as the page
    assert "Strategy and" in text and "threshold 85" in text
    meta = reader.metadata
    assert meta is not None
    assert meta.creator == "assess 1.2.3"
    assert "rubric director-ml-engineering 3.0.0" in (meta.subject or "")
    assert meta.title == "Gap analysis for Sam Rivera: Director of Machine Learning Engineering"
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts and all(f.startswith("DejaVu-Sans") for f in fonts), fonts


def test_letter_paper():
    reader = _pdf(example_input(), paper="letter")
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_hostile_name_appears_literally():
    text = _text(_pdf(example_input(name=HOSTILE_NAME)))
    assert HOSTILE_NAME in text


class _Listener:
    """A real TCP listener on loopback that records every connection it gets."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def listener():
    server = _Listener()
    yield server
    server.close()


def _attachments(reader: PdfReader) -> list[str]:
    names = list(reader.attachments)
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            if annot.get_object().get("/Subtype") == "/FileAttachment":
                names.append("annotation")
    return names


def _listener_saw_nothing(listener: _Listener) -> None:
    # Proves the listener works, then that the render made no connection before this probe.
    before = listener.connections
    socket.create_connection(("127.0.0.1", listener.port)).close()
    for _ in range(50):
        if listener.connections > before:
            break
        threading.Event().wait(0.02)
    assert before == 0
    assert listener.connections == 1


def test_hostile_evidence_fetches_and_embeds_nothing(listener):
    evidence = {
        "ml-strategy": f'<img src="http://127.0.0.1:{listener.port}/x">',
        "ml-hiring": '<link rel=attachment href="file:///etc/passwd">',
    }
    reader = _pdf(example_input(evidence=evidence))
    assert _attachments(reader) == []
    text = _text(reader)
    assert "root:x:0:0" not in text
    assert f"127.0.0.1:{listener.port}/x" in text  # shown as text, not fetched
    _listener_saw_nothing(listener)


def test_fetcher_blocks_raw_html_that_skips_escaping(listener):
    """Defence in depth: even markup that reached the HTML unescaped fetches and embeds nothing."""
    html = render_html(example_input()).replace(
        "</body>",
        f'<img src="http://127.0.0.1:{listener.port}/x"><link rel="attachment" href="file:///etc/passwd">'
        '<a rel="attachment" href="file:///etc/passwd">passwd</a>'
        f'<div style="background: url(http://127.0.0.1:{listener.port}/bg)">x</div></body>',
    )
    html = html.replace("<head>", f'<head><link rel="stylesheet" href="http://127.0.0.1:{listener.port}/s.css">'
                        '<link rel="attachment" href="file:///etc/hostname">')
    reader = PdfReader(io.BytesIO(render_pdf(html, assets=data_dir("reports"))))
    assert _attachments(reader) == []
    raw = b"".join(page.get_contents().get_data() for page in reader.pages if page.get_contents())
    passwd = Path("/etc/passwd").read_bytes()
    assert passwd[:20] not in raw
    _listener_saw_nothing(listener)


@pytest.mark.skipif(not __import__("shutil").which("pdftoppm"), reason="needs poppler-utils (pdftoppm)")
def test_rendered_pages_have_content_and_nothing_outside_the_margins(tmp_path):
    import subprocess

    from PIL import Image

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(render_html(example_input(progress=True), "a4"), assets=data_dir("reports")))
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(PdfReader(pdf).pages)
    for page in pages:
        image = Image.open(page).convert("L")
        width, height = image.size
        dark = sum(image.histogram()[:128])
        assert dark > 200, f"{page.name} is nearly empty"
        # The page margins (2 % strips at the left and right edges) stay blank: nothing overflows.
        for left in (0, width - width // 50):
            strip = image.crop((left, 0, left + width // 50, height))
            assert strip.getextrema()[0] > 200, f"{page.name}: ink in the margin strip at x={left}"


@pytest.mark.parametrize("was_on", [True, False])
@pytest.mark.parametrize("fails", [False, True])
def test_the_cycle_collector_is_off_while_rendering_and_as_it_was_afterwards(monkeypatch, was_on, fails):
    import gc

    import assess.report.pdf

    seen = []

    def render(*args):
        seen.append(gc.isenabled())
        if fails:
            raise OSError("disk full")
        return b"%PDF"

    monkeypatch.setattr(assess.report.pdf, "_render", render)
    (gc.enable if was_on else gc.disable)()
    try:
        if fails:
            with pytest.raises(OSError):
                render_pdf("<p>x</p>", assets=data_dir("reports"))
        else:
            assert render_pdf("<p>x</p>", assets=data_dir("reports")) == b"%PDF"
        assert seen == [False] and gc.isenabled() is was_on
    finally:
        gc.enable()


# --- a report that respects the reader's time ----------------------------------------------------------------


def full_input():
    """Sam Rivera's demo run with its two earlier runs and five raters: every section of the report is there."""
    import dataclasses
    import random

    from assess.app.demo import demo_input
    from assess.core.answers import Answers, Rater
    from assess.core.others import calibrate
    from assess.core.runs import StoredRun
    from assess.core.scoring import score

    inp = demo_input(date(2026, 11, 26))
    rubric, rng, raters = inp.rubric, random.Random(3), []
    for number, (relation, name) in enumerate([("manager", "M"), ("peer", "P1"), ("peer", "P2"), ("peer", "P3"),
                                               ("direct-report", "D1")], start=1):
        ratings = {comp.id: max(0, min(4, (inp.answers.ratings.get(comp.id) or 0) + rng.choice((-2, -1, 0, 0, 1))))
                   for comp in rubric.competencies}
        answers = Answers(rubric=rubric.id, profile=inp.answers.profile, rater=Rater(relation=relation, name=name),
                          ratings=ratings)
        raters.append(StoredRun(id=f"{number:012x}", profile=inp.answers.profile, name=None, rubric_id=rubric.id,
                                rubric_version=rubric.version, rubric_hash="0" * 64, tool_version="t",
                                started_at="2026-05-20T10:00:00+00:00", finished_at="2026-05-20T10:00:00+00:00",
                                status="complete", answers=answers, result=score(rubric, answers)))
    return dataclasses.replace(inp, calibration=calibrate(rubric, inp.answers, raters))


def page_fills(reader: PdfReader) -> list[float]:
    """How far down each page its text reaches, as a share of the page's body (between the margins, so the
    running head and foot do not count): from each text run's position as pypdf extracts the page's text."""
    fills = []
    for page in reader.pages:
        top, bottom = float(page.mediabox.height) - 18 / 25.4 * 72, 20 / 25.4 * 72  # report.css @page margins
        heights = []

        def visit(text, cm, tm, font, size, heights=heights, top=top, bottom=bottom):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and bottom < y < top:
                heights.append(y)

        page.extract_text(visitor_text=visit)
        fills.append((top - min(heights)) / (top - bottom) if heights else 0.0)
    return fills


def test_page_fills_measure_how_far_down_the_text_reaches():
    margins = "<style>@page { size: A4; margin: 18mm 16mm 20mm 16mm } body { margin: 0 } p { margin: 0 }</style>"

    def fill(body: str) -> float:
        return page_fills(PdfReader(io.BytesIO(render_pdf(margins + body, assets=data_dir("reports")))))[0]

    assert fill("<p>one line</p>") < 0.05
    # A line 129.5 mm down a body 259 mm high (297 - 18 - 20): half of it, and its baseline a little more.
    assert 0.5 < fill('<div style="height: 129.5mm"></div><p>half way</p>') < 0.53


def test_the_full_report_with_others_and_progress_has_no_page_under_a_quarter_full():
    inp = full_input()
    reader = _pdf(inp)
    fills = page_fills(reader)
    assert min(fills) >= 0.25, [round(fill, 2) for fill in fills]
    text = _text(reader)
    for heading in ("How others see you", "Progress since earlier runs", "Goals of the last plan", "Appendix"):
        assert heading in text, heading


VARIANTS = ["self-assessment", "with progress", "full, on the projected day"]


def _variant(name: str):
    """The report as its readers meet it beside `full_input` (made months after its run): a first self-assessment,
    a rerun with progress, and the full report made on the day the pace projects, its sentence the shorter: where a
    sentence more or less lands decides what a page holds."""
    import dataclasses

    if name == "self-assessment":
        return example_input()
    if name == "with progress":
        return example_input(progress=True)
    full = full_input()
    return dataclasses.replace(full, today=date.fromisoformat(full.progress.projection.date))


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_report_has_a_page_under_a_quarter_full_and_no_summary_more_than_four_pages(variant):
    inp = _variant(variant)
    fills = page_fills(_pdf(inp))
    assert min(fills) >= 0.25, [round(fill, 2) for fill in fills]
    summary = PdfReader(io.BytesIO(render_pdf(render_html(inp, pages="summary"), assets=data_dir("reports"))))
    assert len(summary.pages) <= 4
    assert min(page_fills(summary)[:-1]) >= 0.25  # the summary's last page may be short: nothing follows it


def test_the_summary_is_at_most_four_pages_and_the_full_report_begins_with_it():
    inp = full_input()
    summary = PdfReader(io.BytesIO(render_pdf(render_html(inp, pages="summary"), assets=data_dir("reports"))))
    full = _pdf(inp)
    assert len(summary.pages) <= 4 and len(full.pages) > len(summary.pages)
    said = _text(summary)
    for heading in ("Executive summary", "Where you stand on each track", "This quarter", "Readiness for each rung",
                    "Gate checklist for", "Next rung:", "How others see you", "Since the previous run"):
        assert heading in said, heading
    for detail in ("Prioritised gaps for", "Development plan", "Appendix: every answer", "Market context"):
        assert detail not in said, detail
    numbered = re.compile(r"Page \d+ of \d+")
    for short, long in zip(summary.pages, full.pages):  # the same pages, but for their numbers
        assert numbered.sub("", short.extract_text()) == numbered.sub("", long.extract_text())
