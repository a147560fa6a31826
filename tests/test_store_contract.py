"""One contract, two stores: whatever the app asks of a `Store` holds alike for the local SQLite history and for
an organisation's PostgreSQL store (run as one of its people)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assess import __version__
from assess.core.answers import Answers, Rater, check_answers
from assess.core.errors import BadInput, NoCompletedRun, RunDamaged, RunNotFound, StorageError
from assess.core.scoring import score
from assess.core.snapshot import rubric_hash
from assess.io.rubric_files import load_rubric_file
from assess.io.store.sqlite import SQLiteStore

from .conftest import MINI

T0 = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
RATINGS = {"x1": 2, "x2": 1, "y1": 1, "y2": None}


@pytest.fixture(scope="module")
def mini():
    return load_rubric_file(MINI)


@pytest.fixture(params=["sqlite", "postgres"])
def kind(request):
    return request.param


@pytest.fixture
def opened(kind, tmp_path, request):
    """A function opening (again) the store under test: the same history each time."""
    if kind == "sqlite":
        return lambda: SQLiteStore(tmp_path / "h")
    team = request.getfixturevalue("org")
    team.add("ada")
    return lambda: team.store("ada", tmp_path / "pending")


@pytest.fixture
def store(opened):
    found = opened()
    yield found
    found.close()


def answers(ratings=None, profile="default", **kw) -> Answers:
    return Answers(rubric="mini", profile=profile, facts={"degree": "master", "years": 6},
                   ratings=RATINGS if ratings is None else ratings, **kw)


def add(store, rubric, ratings=None, *, profile="default", days=0, evidence=None, rater=None):
    given = check_answers(answers(ratings, profile, evidence=evidence or {}) if rater is None else
                          Answers(rubric="mini", profile=profile, rater=rater, ratings={"x1": 1, "x2": 1}),
                          rubric, "test")
    when = T0 + timedelta(days=days)
    return store.add_complete(answers=given, rubric=rubric, result=score(rubric, given),
                              started_at=when, finished_at=when + timedelta(minutes=20))


def test_a_draft_is_saved_answer_by_answer(store, opened, mini):
    draft = store.create_draft(answers=Answers(rubric="mini", name="Jo"), rubric=mini, started_at=T0)
    assert draft.status == "draft" and draft.result is None and draft.finished_at is None
    assert (draft.rubric_id, draft.rubric_version, draft.rubric_hash) == ("mini", "1", rubric_hash(mini))
    assert draft.tool_version == __version__ and draft.started_at == "2026-01-05T09:30:00+00:00"
    store.save_answer(draft.id, "facts", "degree", "phd")
    store.save_answer(draft.id, "ratings", "x1", 3)
    store.save_answer(draft.id, "ratings", "x2", None)
    store.save_answer(draft.id, "ratings", "x1", 2)
    store.save_answer(draft.id, "evidence", "x1", "Shipped the ranking model.")
    store.save_answer(draft.id, "evidence", "y1", "Gone soon.")
    store.save_answer(draft.id, "evidence", "y1", None)
    with opened() as again:
        found = again.find_draft("default")
    assert found is not None and found.id == draft.id and found.name == "Jo"
    assert found.answers.facts == {"degree": "phd"}
    assert list(found.answers.ratings.items()) == [("x1", 2), ("x2", None)]
    assert found.answers.evidence == {"x1": "Shipped the ranking model."}


def test_drafts_newest_by_rubric_and_by_rater(store, mini):
    old = store.create_draft(answers=Answers(rubric="mini"), rubric=mini, started_at=T0)
    new = store.create_draft(answers=Answers(rubric="mini"), rubric=mini, started_at=T0 + timedelta(hours=1))
    store.create_draft(answers=Answers(rubric="mini", profile="sam"), rubric=mini, started_at=T0 + timedelta(hours=2))
    pat = Rater(relation="peer", name="Pat")
    theirs = store.create_draft(answers=Answers(rubric="mini", rater=pat), rubric=mini, started_at=T0 + timedelta(3))
    assert store.find_draft("default").id == new.id
    assert store.find_draft("default", "mini").id == new.id
    assert store.find_draft("default", "director-ml-engineering") is None
    assert store.find_draft("nobody") is None
    assert store.find_draft("default", "mini", pat).id == theirs.id
    assert store.find_draft("default", "mini", Rater(relation="peer", name="Kim")) is None
    store.discard(new.id)
    assert store.find_draft("default").id == old.id


def test_completing_a_draft_freezes_it(store, mini):
    draft = store.create_draft(answers=answers(), rubric=mini, started_at=T0)
    result = score(mini, draft.answers)
    done = store.complete(draft.id, result=result, finished_at=T0 + timedelta(minutes=15))
    assert done.status == "complete" and done.finished_at == "2026-01-05T09:45:00+00:00" and done.result == result
    assert store.find_draft("default") is None and store.latest("default") == done
    message = f"run {done.id}: is complete; completed runs cannot change"
    for change in (lambda: store.save_answer(done.id, "ratings", "x1", 4),
                   lambda: store.complete(done.id, result=result, finished_at=T0), lambda: store.discard(done.id)):
        with pytest.raises(StorageError, match=message):
            change()
    assert store.get(done.id) == done


def test_bad_sections_and_unknown_runs_are_refused(store, mini):
    draft = store.create_draft(answers=Answers(rubric="mini"), rubric=mini, started_at=T0)
    with pytest.raises(BadInput, match="answer section 'notes' is not one of facts, ratings, evidence"):
        store.save_answer(draft.id, "notes", "x1", 1)
    with pytest.raises(RunNotFound, match="run 'ffffffffffff': no such run"):
        store.save_answer("ffffffffffff", "ratings", "x1", 1)
    with pytest.raises(BadInput, match="runs of 'them': not one of self, raters, all"):
        store.runs(who="them")
    with pytest.raises(BadInput, match="status 'done' is not one of draft, complete"):
        store.runs(status="done")


def test_runs_by_unique_prefix(store, mini, monkeypatch):
    import assess.io.store.postgres as postgres_store
    import assess.io.store.sqlite as sqlite_store

    ids = iter(["abc111111111", "abc222222222", "def333333333"])
    monkeypatch.setattr(sqlite_store, "new_run_id", lambda: next(ids))
    monkeypatch.setattr(postgres_store, "_new_run_id", lambda: next(ids))
    for days in range(3):
        add(store, mini, days=days)
    assert store.get("abc1").id == "abc111111111" and store.get("DEF").id == "def333333333"
    assert store.describe("def").id == "def333333333" and store.describe("def").status == "complete"
    with pytest.raises(RunNotFound, match="run 'abc': ambiguous, matches abc111111111, abc222222222"):
        store.get("abc")
    with pytest.raises(RunNotFound, match=r"run 'fff': no such run in "):
        store.get("fff")
    with pytest.raises(RunNotFound, match="run 'x%': not a run id"):
        store.get("x%")


def test_runs_ordered_and_filtered(store, mini):
    late = add(store, mini, days=30)
    early = add(store, mini, days=1)
    other = add(store, mini, profile="sam", days=2)
    draft = store.create_draft(answers=Answers(rubric="mini"), rubric=mini, started_at=T0 + timedelta(days=5))
    peer = add(store, mini, days=3, rater=Rater(relation="peer", name="Pat"))
    assert [r.id for r in store.runs("default")] == [early.id, late.id]
    assert [r.id for r in store.runs("default", status=None)] == [early.id, draft.id, late.id]
    assert [r.id for r in store.runs("default", status="draft")] == [draft.id]
    assert [r.id for r in store.runs()] == [early.id, other.id, late.id]
    assert [r.id for r in store.runs("default", last=1)] == [late.id]
    assert [r.id for r in store.runs("default", who="raters")] == [peer.id]
    assert [r.id for r in store.runs("default", who="all")] == [early.id, peer.id, late.id]
    assert [r.id for r in store.runs("default", until=early.finished_at)] == [early.id]
    assert store.latest("default").id == late.id
    assert store.profiles() == ["default", "sam"]
    with pytest.raises(NoCompletedRun, match="profile 'nobody': no completed runs yet"):
        store.latest("nobody")


def test_runs_of_one_second_keep_the_order_they_were_stored_in(store, mini):
    stored = [add(store, mini, ratings={**RATINGS, "x1": level}) for level in range(4)]
    assert [r.id for r in store.runs("default")] == [r.id for r in stored]
    assert [p.id for p in store.run_points("default")] == [r.id for r in stored]
    assert store.latest("default").id == stored[-1].id
    assert [r.id for r in store.runs("default", last=2)] == [r.id for r in stored[-2:]]


def test_run_points_are_what_progress_plots(store, mini):
    first = add(store, mini, days=1)
    second = add(store, mini, ratings={**RATINGS, "y1": 2}, days=40)
    add(store, mini, days=50, rater=Rater(relation="manager", name="Mo"))
    points = store.run_points("default")
    assert [p.id for p in points] == [first.id, second.id]
    assert points[1].readiness == second.result.readiness
    assert points[0].readiness_by_role == first.result.readiness_by_role and points[1].areas == second.result.areas
    assert list(points[0].readiness_by_role) == list(first.result.readiness_by_role)  # in rung order
    assert [p.id for p in store.run_points("default", "mini", until=first.finished_at)] == [first.id]
    assert store.run_points("default", "other") == []


def test_rubrics_are_kept_with_their_runs(store, mini):
    assert store.rubric(rubric_hash(mini)) is None and store.latest_rubric("mini") is None
    add(store, mini)
    add(store, mini, days=1)
    assert store.rubric(rubric_hash(mini)) == mini
    assert store.latest_rubric("mini") == mini
    (known,) = store.known_rubrics()
    assert (known.id, known.version, known.title, known.competencies, known.runs) == ("mini", "1", "Mini rubric", 4, 2)


def test_imports_keep_ids_and_skip_what_is_there(store, mini):
    run = add(store, mini)
    moved = run.model_copy(update={"id": "0123456789ab"})
    added = store.import_runs([(run, mini), (moved, mini), (moved, mini)])
    assert [r.id for r in added] == ["0123456789ab"]
    assert store.get("0123456789ab").result == run.result
    assert store.get("0123456789ab").answers == run.answers


def test_a_rerun_keeps_the_run_it_started_from(store, opened, mini):
    first = add(store, mini)
    draft = store.create_draft(answers=answers(), rubric=mini, started_at=T0 + timedelta(days=30),
                               started_from=first.id)
    assert draft.started_from == first.id and first.started_from is None
    with opened() as again:  # a resumed questionnaire finds the draft still continuing that run
        found = again.find_draft("default")
        assert found is not None and found.started_from == first.id
        done = again.complete(draft.id, result=score(mini, draft.answers), finished_at=T0 + timedelta(days=31))
    assert done.started_from == first.id
    assert [r.started_from for r in store.runs("default")] == [None, first.id]
    assert store.latest("default").started_from == first.id


def test_an_imported_shared_run_stays_shared(store, opened, mini):
    from assess.core.runs import SharedMark

    run = add(store, mini)
    mark = SharedMark(private_facts=["years"], placements={"ladder": "b"}, evidenced=["x1"])
    carried = run.model_copy(update={"id": "00aa00aa00aa", "shared": mark, "started_from": run.id})
    draft = run.model_copy(update={"id": "00bb00bb00bb", "status": "draft", "result": None, "finished_at": None,
                                   "shared": SharedMark()})
    assert [r.id for r in store.import_runs([(carried, mini), (draft, mini)])] == [carried.id, draft.id]
    with opened() as again:
        kept = again.get(carried.id)
        assert (kept.shared, kept.started_from) == (mark, run.id)
        assert kept == carried
        assert again.get(draft.id).shared == SharedMark() and again.get(run.id).shared is None
        assert [r.shared for r in again.runs("default")] == [None, mark]


def test_deleting_runs_and_profiles(store, mini):
    kept = add(store, mini)
    gone = add(store, mini, days=1)
    add(store, mini, profile="sam")
    add(store, mini, profile="sam", days=1)
    assert store.delete_runs([gone.id, "ffffffffffff"]) == 1
    assert [r.id for r in store.runs("default")] == [kept.id]
    assert store.delete_profile("sam") == 2 and store.profiles() == ["default"]
    with pytest.raises(RunNotFound):
        store.get(gone.id)


def test_a_run_that_no_longer_loads_is_listed_as_damaged(store, mini, kind, request):
    run = store.create_draft(answers=answers(), rubric=mini, started_at=T0)
    if kind == "sqlite":
        store._db.execute("UPDATE answers SET value = '\"seven\"' WHERE run_id = ? AND key = 'x1'", (run.id,))
    else:
        request.getfixturevalue("org").admin("UPDATE assess.runs SET answers = '{\"ratings\": {\"x1\": \"seven\"}}'")
    (damaged,) = store.damaged()
    assert damaged.id == run.id and "ratings.x1" in damaged.reason
    assert store.runs(status=None) == []
    with pytest.raises(RunDamaged, match=f"run {run.id} is damaged"):
        store.get(run.id)


def test_an_import_of_many_keeps_standings_and_marks(store, mini):
    from assess.app.runs import scored, standing_anew
    from assess.core.runs import RunPoint, SharedMark

    taken = add(store, mini)
    mark = SharedMark(private_facts=["degree"], placements={"ladder": "mid"}, evidenced=["x1"])
    plain = standing_anew(taken.model_copy(update={"id": "0123456789ab", "result": None}), mini, "test")
    shared = standing_anew(taken.model_copy(update={"id": "0123456789ac", "result": None, "shared": mark,
                                                    "started_from": taken.id}), mini, "test")
    draft = taken.model_copy(update={"id": "0123456789ad", "status": "draft", "result": None, "finished_at": None,
                                     "started_from": taken.id})
    assert store.present([taken.id, plain.id, "ffffffffffff"]) == {taken.id}
    added = store.import_runs([(plain, mini), (shared, mini), (draft, mini), (taken, mini)])
    assert [run.id for run in added] == [plain.id, shared.id, draft.id]
    assert store.present([plain.id, shared.id, draft.id, "ffffffffffff"]) == {plain.id, shared.id, draft.id}
    for run in (plain, shared):
        back = store.get(run.id)
        assert back.result is None and back.standing == run.standing and back.status == "complete"
        assert (back.shared, back.started_from) == (run.shared, run.started_from)
        assert scored(back, mini).result == scored(run, mini).result
    assert store.get(draft.id).started_from == taken.id and store.get(draft.id).standing is None
    points = {point.id: point for point in store.run_points("default")}
    assert points[plain.id] == RunPoint.of(plain) and points[shared.id] == RunPoint.of(shared)


def test_an_id_and_version_name_the_first_copy_of_a_rubric(store, mini):
    add(store, mini)
    doctored = mini.model_copy(update={"title": "Doctored", "scoring": mini.scoring.model_copy(update={"threshold": 1})})
    run = add(store, mini, days=1)
    store.import_runs([(run.model_copy(update={"id": "0123456789ab"}), doctored)])
    assert store.rubric(rubric_hash(doctored)) == doctored  # kept, for the runs stored with it
    assert store.held_rubric("mini", "1") == mini and store.latest_rubric("mini") == mini
    assert store.held_rubric("mini", "2") is None and store.held_rubric("other", "1") is None
    newer = mini.model_copy(update={"version": "2"})
    store.import_runs([(run.model_copy(update={"id": "0123456789ac"}), newer)])
    assert store.latest_rubric("mini") == newer and store.held_rubric("mini", "1") == mini


def test_a_stored_rubric_that_no_longer_loads_is_said_as_one(store, mini, kind, request):
    import hashlib

    from assess.core.errors import StoredRubricDamaged

    run = store.create_draft(answers=answers(), rubric=mini, started_at=T0)
    content = '{"id": "mini", "version": "1"}'  # what today's rubric model no longer reads
    digest = hashlib.sha256(content.encode()).hexdigest()
    if kind == "sqlite":
        store._db.execute("INSERT INTO rubrics (hash, id, version, title, content, stored_at) "
                          "VALUES (?, 'mini', '1', 'Mini', ?, '2000-01-01T00:00:00+00:00')", (digest, content))
        store._db.execute("UPDATE runs SET rubric_hash = ? WHERE id = ?", (digest, run.id))
    else:
        org = request.getfixturevalue("org")
        org.admin(f"INSERT INTO assess.rubrics (hash, id, version, title, content, stored_at) VALUES ('{digest}', "
                  f"'mini', '1', 'Mini', '{content}', '2000-01-01')")
        org.admin(f"UPDATE assess.runs SET rubric_hash = '{digest}' WHERE id = '{run.id}'")
    with pytest.raises(StoredRubricDamaged, match=f"the stored rubric {digest[:12]} no longer loads"):
        store.rubric(digest)
    assert store.held_rubric("mini", "1") is None  # the first copy held no longer loads: it holds nothing
