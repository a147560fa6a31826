"""The report's pure parts: HTML, Markdown and JSON rendering, charts, file names, the URL fetcher."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta

import pytest

from assess.app.demo import demo_input, demo_runs
from assess.core.answers import check_answers
from assess.core.scoring import score
from assess.io.answers_files import load_answers_file
from assess.io.rubric_files import load_rubric
from assess.report.charts import RadarAxis, Series, radar, trend, wrap_words
from assess.report.input import ReportInput, pdf_metadata
from assess.report.render import report_json, report_path
from tests.reporting import render_html, render_markdown

from .conftest import ROOT

EXAMPLE = ROOT / "examples" / "director-ml-engineering" / "mid-career.yaml"
TODAY = date(2026, 11, 26)
HOSTILE_NAME = "Ada <i>L</i> & Co"


def example_input(*, name: str | None = None, evidence: dict[str, str] | None = None, progress: bool = False,
                  tool_version: str = "0.0.0-test") -> ReportInput:
    """Sam Rivera's latest example run, optionally renamed or with extra evidence."""
    if progress:
        inp = demo_input(TODAY)
    else:
        rubric = load_rubric("director-ml-engineering")
        answers = check_answers(load_answers_file(EXAMPLE), rubric, EXAMPLE)
        inp = ReportInput(rubric=rubric, answers=answers, result=score(rubric, answers),
                          taken_on=date(2026, 5, 19), today=TODAY, tool_version=tool_version, run_id="0123456789ab")
    update: dict[str, object] = {}
    if name is not None:
        update["name"] = name
    if evidence:
        update["evidence"] = {**inp.answers.evidence, **evidence}
    if update:
        inp = dataclasses.replace(inp, answers=inp.answers.model_copy(update=update))
    return dataclasses.replace(inp, tool_version=tool_version)


SECTIONS = ["cover", "summary", "rungs", "gates", "areas", "gaps", "plan", "market", "quality", "appendix"]


def test_html_has_every_section_in_order():
    html = render_html(example_input())
    positions = [html.index(f'id="{section}"') for section in SECTIONS]
    assert positions == sorted(positions)
    assert 'id="progress"' not in html  # one run: no progress section


def test_hostile_name_and_evidence_are_escaped():
    evidence = {"ml-strategy": '<img src="http://127.0.0.1:9/x"><script>alert(1)</script>'}
    html = render_html(example_input(name=HOSTILE_NAME, evidence=evidence))
    assert "Ada &lt;i&gt;L&lt;/i&gt; &amp; Co" in html
    assert "<i>L</i>" not in html
    assert "&lt;img src=&#34;http://127.0.0.1:9/x&#34;&gt;&lt;script&gt;" in html
    assert "<img" not in html and "<script" not in html


def test_summary_names_readiness_placement_quarter_and_closest_to_expectation():
    html = render_html(example_input())
    assert "63.4" in html
    assert "Senior Machine Learning Engineer" in html
    assert "This quarter: the three things to work on first" in html
    assert "Top strengths" in html  # reproducibility 3 against the Director's 2
    assert "<strong>5</strong> are evidenced" in html and "<strong>8</strong> are claimed" in html
    inp = example_input()
    capped = {c.id: min(inp.answers.ratings.get(c.id) or 0, c.expected["director-ml-eng"]) for c in
              inp.rubric.competencies}
    answers = inp.answers.model_copy(update={"ratings": capped})
    html = render_html(dataclasses.replace(inp, answers=answers, result=score(inp.rubric, answers)))
    # Nothing is rated above the Director's expectations, so the strengths box says so.
    assert "Closest to expectation" in html
    assert "No competency is rated above what Director of Machine Learning Engineering expects" in html


def test_strengths_shown_when_ratings_beat_the_target():
    inp = example_input()
    ratings = {**inp.answers.ratings, "ml-foundations": 4}
    rubric = inp.rubric
    answers = inp.answers.model_copy(update={"ratings": ratings})
    result = score(rubric, answers)
    html = render_html(dataclasses.replace(inp, answers=answers, result=result))
    assert "Top strengths" in html and "Closest to expectation" not in html
    assert "ML foundations and modelling <span class=\"muted nowrap\">(4; expected 3)</span>" in html
    assert "1. ML foundations and modelling (4; expected 3)\n" in render_markdown(
        dataclasses.replace(inp, answers=answers, result=result))


def test_gap_table_shows_anchor_text_of_current_and_expected_level():
    inp = example_input()
    html = render_html(inp)
    comp = inp.rubric.competency("responsible-ai")
    text = html.replace("&#39;", "'")
    assert f"<strong>Learning.</strong> {comp.anchors[1].behaviour}" in text
    assert f"<strong>Expert / sets org practice.</strong> {comp.anchors[4].behaviour}" in text


def test_progress_section_with_earlier_runs():
    html = render_html(example_input(progress=True))
    assert 'id="progress"' in html
    for text in ("Goals of the last plan", "Areas between the last two runs", "Competencies that moved",
                 "Readiness over time", "2025-05-14", "2025-11-12", "2026-05-19",
                 "10 steps of the previous plan: 6 met, 2 partly met, 2 not due yet."):
        assert text in html, text
    assert "would have reached 85 around <strong>2026-07-05</strong>" in html  # the report is of 2026-11-26


def test_paper_size():
    assert "@page { size: letter; }" in render_html(example_input(), paper="letter")
    assert "@page { size: A4; }" in render_html(example_input())


def test_markdown_report():
    md = render_markdown(example_input(name=HOSTILE_NAME, progress=True))
    # A Markdown previewer would render raw HTML (and fetch an <img src>): user text is escaped for it.
    assert md.startswith("# Gap analysis for Ada &lt;i&gt;L&lt;/i&gt; &amp; Co: Director of Machine Learning Engineering\n")
    assert "<i>" not in md
    for heading in ("## Executive summary", "## Readiness for each rung", "## Prioritised gaps", "## Development plan",
                    "## Progress since earlier runs", "## Market context", "## Appendix: every answer"):
        assert f"\n{heading}" in md, heading
    assert "\n\n\n\n" not in md


def test_markdown_escapes_html_in_evidence_and_keeps_quotes():
    evidence = {"ml-strategy": 'Sam\'s <img src="http://127.0.0.1:9/x"> roadmap'}
    md = render_markdown(example_input(evidence=evidence))
    assert "Sam's &lt;img src=\"http://127.0.0.1:9/x\"&gt; roadmap" in md
    assert "<img" not in md


def test_markdown_shows_links_images_and_line_breaks_in_evidence_as_text():
    evidence = {"ml-strategy": "Roadmap ![seen](http://127.0.0.1:9/pixel.png) [docs](http://x)\n## Readiness: 100"
                               " | forged cell \\ end"}
    md = render_markdown(example_input(evidence=evidence))
    line = next(line for line in md.splitlines() if "Roadmap" in line)
    assert line.endswith("— Roadmap !\\[seen\\](http://127.0.0.1:9/pixel.png) \\[docs\\](http://x) ## Readiness: 100"
                         " \\| forged cell \\\\ end")
    assert "\n## Readiness: 100" not in md


def test_json_is_the_result_plus_progress():
    plain = report_json(example_input())
    inp = example_input()
    assert plain == inp.result.model_dump(mode="json", by_alias=True)
    with_progress = report_json(example_input(progress=True))
    dates = [p["finished_at"][:10] for p in with_progress["progress"]["runs"]]
    assert dates == ["2025-05-14", "2025-11-12", "2026-05-19"]
    assert with_progress["progress"]["goals"][0]["from"] == 0
    json.dumps(with_progress)


def whose(inp):
    return {"who": inp.answers.name or inp.answers.profile, "taken_on": inp.taken_on, "run_id": inp.run_id}


def test_default_report_path_from_name_and_the_day_the_run_was_taken(tmp_path):
    assert report_path(tmp_path, "pdf", **whose(example_input())) == tmp_path / "assess-report-sam-rivera-2026-05-19.pdf"
    hostile = report_path(tmp_path, "md", **whose(example_input(name=HOSTILE_NAME)))
    assert hostile == tmp_path / "assess-report-ada-i-l-i-co-2026-05-19.md"
    nameless = example_input()
    nameless = dataclasses.replace(nameless, answers=nameless.answers.model_copy(update={"name": None}))
    assert report_path(tmp_path, "html", **whose(nameless)).name == "assess-report-example-2026-05-19.html"
    assert report_path(tmp_path, "json", **whose(example_input(name="---"))).name == "assess-report-report-2026-05-19.json"


def test_a_report_file_of_another_run_is_kept(tmp_path):
    taken = report_path(tmp_path, "pdf", **whose(example_input()))
    taken.write_bytes(b"%PDF earlier")
    assert report_path(tmp_path, "pdf", **whose(example_input())) == tmp_path / "assess-report-sam-rivera-2026-05-19-0123456789ab.pdf"


def test_pdf_metadata_names_tool_and_rubric_versions():
    meta = pdf_metadata(example_input(tool_version="1.2.3"))
    assert meta["creator"] == "assess 1.2.3"
    assert meta["subject"] == (
        "Director of Machine Learning Engineering self-assessment, rubric director-ml-engineering 3.0.0"
    )
    assert "rubric director-ml-engineering 3.0.0" in meta["keywords"]


def test_demo_runs_are_three_growing_runs_of_one_profile():
    runs, rubric = demo_runs()
    assert [r.finished_at[:10] for r in runs] == ["2025-05-14", "2025-11-12", "2026-05-19"]
    assert {r.profile for r in runs} == {"example"} and {r.name for r in runs} == {"Sam Rivera"}
    readiness = [r.result.readiness for r in runs if r.result]
    assert readiness == [40.9, 52.7, 63.4]


# --- charts ---------------------------------------------------------------------------------


def test_radar_escapes_its_labels_and_sets_the_font():
    axes = [RadarAxis("A & <b>", 1, 3), RadarAxis("Second area", 2.5, 3), RadarAxis("Third", 4, 4)]
    svg = radar(axes)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 560 440"')
    assert 'font-family="DejaVu Sans"' in svg
    assert "A &amp; &lt;b&gt;" in svg and "<b>" not in svg


def test_trend_places_points_by_date():
    svg = trend([date(2025, 1, 1), date(2025, 1, 11), date(2025, 12, 31)], [Series("Lead", [10.0, 20.0, 30.0])],
                threshold=85)
    assert svg.count("<circle") == 4  # three points and the legend marker
    assert "threshold 85" in svg and ">2025-01-11<" in svg
    # The plot runs from x 58 to 568 over 364 days, so 10 days in is 58 + 510 * 10 / 364 = 72.01, not a third of
    # the way; y is 16 + 192 * (1 - value / 100).
    assert '<polyline points="58,188.8 72.01,169.6 568,150.4"' in svg


def test_runs_taken_the_same_day_are_not_stacked_on_one_date():
    days = [date(2025, 1, 1), date(2025, 1, 1), date(2025, 12, 31)]
    svg = trend(days, [Series("Lead", [10.0, 20.0, 30.0])])
    # The second run of 1 January steps 16 to the right of the first; the date is written once, with the count.
    assert '<polyline points="58,188.8 74,169.6 568,150.4"' in svg
    assert svg.count(">2025-01-01 (2 runs)<") == 1 and ">2025-01-01<" not in svg and ">2025-12-31<" in svg
    one_day = trend([date(2025, 1, 1)] * 3, [Series("Lead", [10.0, 20.0, 30.0])])
    assert '<polyline points="58,188.8 313,169.6 568,150.4"' in one_day
    assert one_day.count("2025-01-01 (3 runs)") == 1


def test_wrap_words():
    assert wrap_words("Governance, ethics, security and compliance", 22) == [
        "Governance, ethics,", "security and", "compliance"
    ]
    assert wrap_words("a b c", 3) == ["a b", "c"]
    assert wrap_words("", 5) == [""]


# --- the fetcher --------------------------------------------------------------------------


@pytest.fixture
def fetcher(tmp_path):
    from assess.report.pdf import AssetsOnlyFetcher

    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "logo.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("secret")
    return AssetsOnlyFetcher(assets)


def test_fetcher_allows_data_urls_and_own_assets(fetcher, tmp_path):
    from assess.report.pdf import RefusedURL

    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    assert fetcher.fetch((tmp_path / "assets" / "logo.svg").as_uri()).read() == b"<svg/>"
    for url in (
        (tmp_path / "secret.txt").as_uri(),
        (tmp_path / "assets").as_uri() + "/../secret.txt",
        "file:///etc/passwd",
        "file://otherhost/etc/passwd",
        "http://127.0.0.1:9/x",
        "https://example.com/x.png",
        "ftp://127.0.0.1/x",
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)




# --- a report that respects the reader's time -----------------------------------------------------------------


def mini_input(ratings, *, rubric_update=None, facts=None):
    from assess.core.answers import Answers
    from assess.io.rubric_files import load_rubric_file

    from .conftest import MINI

    rubric = load_rubric_file(MINI)
    if rubric_update:
        rubric = rubric.model_copy(update=rubric_update)
    answers = check_answers(Answers(rubric=str(MINI), facts=facts or {"degree": "master", "years": 6},
                                    ratings=ratings), rubric, "test")
    return ReportInput(rubric=rubric, answers=answers, result=score(rubric, answers), taken_on=date(2026, 5, 19),
                       today=TODAY, tool_version="0.0.0-test", run_id="0123456789ab")


def gap_titles(html):
    table = html.split('<table class="gaps">')[1].split("</table>")[0]
    return [cell.split("</strong>")[0] for cell in table.split("<td><strong>")[1:]]


def test_gaps_below_the_rubrics_size_share_one_line_and_core_ones_never_do():
    # Against c (shares x1 8, x2 2, y1 1, y2 3 of 14): y2 1 of 2 adds 100 * 3/14 * 1/2 = 10.7 points, x2 1 of 2
    # 7.1, y1 3 of 4 1.8, and x1 (core) 2 of 3 is 19.0.
    ratings = {"x1": 2, "x2": 1, "y1": 3, "y2": 1}
    default = render_html(mini_input(ratings))
    assert gap_titles(default) == ["X one", "Y two", "X two", "Y one"]  # none under the default, 1 point
    assert "smaller gap" not in default
    scoring = mini_input(ratings).rubric.scoring
    folded = render_html(mini_input(ratings, rubric_update={"scoring": scoring.model_copy(
        update={"fold_gaps_below": 10.7})}))
    assert gap_titles(folded) == ["X one", "Y two"]  # 10.7 is not under 10.7; x1 is core, so shown whatever
    assert ("<strong>2 smaller gaps</strong>, each adding under 10.7 readiness points: X two (1 → 2); Y one (3 → 4)."
            in folded)
    every = mini_input(ratings, rubric_update={"scoring": scoring.model_copy(update={"fold_gaps_below": 100})})
    assert gap_titles(render_html(every)) == ["X one"]
    md = render_markdown(every)
    assert "3 smaller gaps, each adding under 100 readiness points: Y two (1 → 2); X two (1 → 2); Y one (3 → 4)." in md
    assert report_json(every)["gaps"] == report_json(mini_input(ratings))["gaps"]  # only what the table shows


def test_fold_gaps_below_is_a_rubric_setting_with_bounds():
    from pydantic import ValidationError

    from assess.core.rubric_parts import ScoringSettings

    assert ScoringSettings().fold_gaps_below == 1
    for bad in (-0.1, 100.1, float("nan")):
        with pytest.raises(ValidationError):
            ScoringSettings(fold_gaps_below=bad)


def test_the_quarters_box_counts_what_it_lists():
    # Placed at b, the plan for c: x1 2 -> 3 (19.0 points), x2 1 -> 2 (7.1), y1 2 -> 3 (3.6) within 3 months.
    inp = mini_input({"x1": 2, "x2": 1, "y1": 2, "y2": 2})
    assert [step.competency for step in inp.result.plan.horizon(3)] == ["x1", "x2", "y1"]
    assert "This quarter: the three things to work on first" in render_html(inp)
    one = mini_input({"x1": 3, "x2": 2, "y1": 2, "y2": 2})  # y1 2 of 4 is the only gap left
    assert len(one.result.plan.horizon(3)) == 1
    assert "This quarter: the one thing to work on first" in render_html(one)


def test_a_caveat_several_market_figures_share_is_said_once():
    from assess.core.rubric_parts import MarketFact

    unnamed = "publisher not named in the role profile"
    market = [MarketFact(label=f"Figure {n}", value=str(n), source="S > M", publisher=unnamed, year="2024",
                         scope="US") for n in range(3)]
    market.append(MarketFact(label="Named", value="9", source="S > M", publisher="BLS", year="2023", scope="US"))
    html = render_html(mini_input({"x1": 2, "x2": 1, "y1": 2, "y2": 2}, rubric_update={"market": market}))
    section = html.split('id="market"')[1].split("</section>")[0]
    assert section.count(unnamed) + section.count(unnamed.capitalize()) == 1
    assert "<td>Figure 0 *</td>" in section and "<td>Named</td>" in section
    assert "* Publisher not named in the role profile." in section
    assert "BLS; 2023; US" in section and "2024; US" in section


def test_not_sure_is_written_one_way_in_every_report_format():
    import re

    inp = example_input(progress=True)
    assert inp.result.unknowns  # the example answers one competency "not sure"
    for text in (render_html(inp), render_markdown(inp)):
        found = re.findall(r"not\s+sure", text, flags=re.IGNORECASE)
        assert len(found) > 3 and set(found) == {"not sure"}
    appendix = render_html(inp).split('id="appendix"')[1]
    assert '<span class="tag unknown">not sure</span>' in appendix


def test_the_quarters_box_and_the_plan_name_the_rung_they_aim_at():
    # Sam is placed at Senior on both tracks; the plan aims at Team Lead, the next rung on the path to Director,
    # so its first steps differ from the top gaps for Director beside them.
    inp = example_input()
    assert inp.result.plan.role == "ml-team-lead"
    html, md = render_html(inp), render_markdown(inp)
    assert "<h3>This quarter: the three things to work on first, toward Machine Learning Team Lead</h3>" in html
    assert "\n### This quarter: the three things to work on first, toward Machine Learning Team Lead\n" in md
    plan = html.split('<section id="plan">')[1].split("</section>")[0]
    assert ("<p>The plan aims at <strong>Machine Learning Team Lead</strong>, the next rung on the path to Director "
            "of Machine Learning Engineering: the move you can make next.</p>") in plan
    assert "<h3>Career steps from Senior Machine Learning Engineer to Machine Learning Team Lead</h3>" in plan
    assert "In the order of the gaps for Machine Learning Team Lead: blocking core skills first" in plan
    # At the top rung there is no rung to aim at: the plan closes the target's own gaps and names none.
    top = mini_input({"x1": 3, "x2": 2, "y1": 2, "y2": 2})
    assert (top.result.next_role, top.result.plan.role) == (None, None)
    html = render_html(top)
    assert "to work on first</h3>" in html and "toward" not in html and "The plan aims at" not in html
    assert "\n### This quarter: the one thing to work on first\n" in render_markdown(top)


def test_a_projected_day_behind_the_reports_date_is_said_as_what_the_pace_predicted():
    inp = example_input(progress=True)
    day = date.fromisoformat(inp.progress.projection.date)  # 2026-07-05, from the runs up to 2026-05-19
    ahead = "would reach 85 around 2026-07-05."
    behind = "would have reached 85 around 2026-07-05, before this report's date: a new run shows whether it did."
    for today, said in ((day, ahead), (day + timedelta(days=1), behind)):
        html = " ".join(render_html(dataclasses.replace(inp, today=today)).split())
        summary = html.split('id="summary"')[1].split("</section>")[0]
        assert f"At its own pace, readiness for Machine Learning Team Lead {said}" in summary
        progress = html.split('id="progress"')[1].split("</section>")[0]
        now = "then" if said == behind else "now"
        assert f"({now} 81.2) {said.replace(' 2026-07-05', ' <strong>2026-07-05</strong>')}" in progress
        md = render_markdown(dataclasses.replace(inp, today=today))
        assert ("around 2026-07-05, before this report's date" in md) == (said == behind)


def test_the_rubrics_notes_stay_out_of_the_candidates_report():
    inp = example_input(progress=True)
    notes = [" ".join(paragraph.split()) for paragraph in inp.rubric.notes.strip().split("\n\n")]
    assert len(notes) > 3 and "2.0 runs compare" in " ".join(notes)  # the reasoning and the changelog
    for text in (render_html(inp), render_markdown(inp)):
        flat = " ".join(text.split())
        assert not [paragraph[:60] for paragraph in notes if paragraph[:60] in flat]
    about = " ".join(render_html(inp).split('id="about"')[1].split("</section>")[0].split())
    assert "<code>assess rubrics show director-ml-engineering</code> prints them" in about
