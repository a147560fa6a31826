"""The "How others see you" section as the report renders it: present only with raters, escaped, and honest
about ratings left out."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from assess.core.others import calibrate
from assess.io.locations import data_dir
from assess.report import charts
from assess.report.input import ReportInput, pdf_metadata
from assess.report.pdf import render_pdf
from assess.report.render import report_json
from tests.reporting import render_html, render_markdown

from .test_calibration import ME, RUBRIC, four_raters, rater, stored


def report_input(raters, rubric=RUBRIC) -> ReportInput:
    me = stored(ME)
    return ReportInput(rubric=rubric, answers=me.answers, result=me.result, taken_on=date(2026, 5, 19),
                       today=date(2026, 6, 1), tool_version="0.0.0-test", run_id=me.id,
                       calibration=calibrate(rubric, me.answers, raters))


def test_without_raters_there_is_no_section_and_no_json_key():
    inp = report_input([])
    assert 'id="others"' not in render_html(inp)
    assert "How others see you" not in render_markdown(inp)
    assert "calibration" not in report_json(inp)


def test_the_section_sits_after_the_areas_and_lists_what_counted():
    html = render_html(report_input(four_raters()))
    assert html.index('id="areas"') < html.index('id="others"') < html.index('id="gaps"')
    section = html.split('id="others"')[1].split("</section>")[0]
    assert "ratings of 1 manager and 3 peers" in section
    assert section.count("<tr><td>peer</td><td>2026-05-19</td></tr>") == 3
    assert '<span class="tag">blind spot</span>' in section
    assert section.count('<span class="tag nearer">hidden strength</span>') == 2
    inp = report_input(four_raters())
    assert render_html(inp) == render_html(inp)


def test_two_peers_are_shown_as_others_and_counted():
    inp = report_input([rater("peer", "a"), rater("peer", "b")])
    md = render_markdown(inp)
    section = md.split("## How others see you")[1].split("\n## ")[0]
    assert "beside the ratings of 2 other raters" in section and "peer" not in section.split("Ratings that count")[0]
    assert "Ratings that count: other rater (2026-05-19), other rater (2026-05-19)." in section
    assert [group["relation"] for group in report_json(inp)["calibration"]["raters"]] == ["others"]


def test_chart_labels_are_escaped():
    hostile = RUBRIC.model_copy(update={"areas": [a.model_copy(update={"title": f"<b>{a.id}</b> & co"})
                                                  for a in RUBRIC.areas]})
    html = render_html(report_input(four_raters(), hostile))
    chart = html.split('id="others"')[1].split("</svg>")[0]
    assert "&lt;b&gt;x&lt;/b&gt; &amp; co" in chart and "<b>" not in chart


def test_paired_bars_place_values_on_the_scale():
    svg = charts.paired_bars([charts.PairedBar("A", 2.0, 4.0)], min_level=0, max_level=4)
    # plot from x=200 over 360 px: level 2 is 180 px, level 4 the full 360
    assert '<rect x="200" y="' in svg and 'width="180"' in svg and 'width="360"' in svg
    assert ">2.0</text>" in svg and ">4.0</text>" in svg


@pytest.mark.slow
def test_the_pdf_section_reads_as_text():
    inp = report_input(four_raters())
    data = render_pdf(render_html(inp), assets=data_dir("reports"), metadata=pdf_metadata(inp))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    first = next(i for i, text in enumerate(pages) if "Your self-assessment beside the ratings" in text)
    page = "\n".join(pages[first:first + 2])  # the section, which may run onto the next page
    for said in ("Blind spots", "Hidden strengths", "Others' mean", "Area X", "69.6", "75.6"):
        assert said in page, said


def test_an_areas_mean_is_one_number_on_every_page():
    # Self x1 4, x2 "not sure", y1 3, y2 0. Area X: (4 + 0) / 2 = 2.0, "not sure" counted at the lowest level as
    # scoring counts it; area Y: (3 + 0) / 2 = 1.5. Others' means x1 2.0, x2 3.3, y1 1.3, y2 2.0: area X
    # (2.0 + 3.3) / 2 = 2.65 -> 2.7 (halves up), area Y (1.3 + 2.0) / 2 = 1.65 -> 1.7.
    me = stored({"x1": 4, "x2": None, "y1": 3, "y2": 0})
    inp = ReportInput(rubric=RUBRIC, answers=me.answers, result=me.result, taken_on=date(2026, 5, 19),
                      today=date(2026, 6, 1), tool_version="0.0.0-test", run_id=me.id,
                      calibration=calibrate(RUBRIC, me.answers, four_raters()))
    html = render_html(inp)
    areas = html.split('id="areas"')[1].split("</table>")[0]
    assert '<td>Area X</td><td class="num">2.0</td>' in areas and '<td>Area Y</td><td class="num">1.5</td>' in areas
    chart = html.split('id="others"')[1].split("</svg>")[0]
    labels = [text.split(">")[-1] for text in chart.split("</text>") if text.split(">")[-1][:1].isdigit()]
    assert labels[-4:] == ["2.0", "2.7", "1.5", "1.7"]  # you, others' mean; per area, in the table's numbers
    assert "| Area X | 2.0 | 2.5 |" in render_markdown(inp)  # expected at c: (3 + 2) / 2 = 2.5


def test_mean_levels_round_halves_up():
    from assess.core.means import mean_level

    assert mean_level([2, 2.5]) == 2.3 and mean_level([1.3, 2.0]) == 1.7 and mean_level([]) is None
    assert mean_level([1, 1, 2]) == 1.3
