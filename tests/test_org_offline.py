"""A connection to the organisation's store dropped mid-questionnaire loses no answer: what the server could not
take waits on this machine and is sent first once it is back. The network is cut for real, by a proxy on
127.0.0.1 between the store and the server."""

from __future__ import annotations

import socket
import stat
import threading
from datetime import UTC, datetime

import pytest

from assess.app.take import Completed, take
from assess.core.answers import Answers
from assess.core.errors import AnswersKeptHere, Unreachable
from assess.io.rubric_files import load_rubric_file
from assess.io.store.postgres import PostgresStore

from .conftest import MINI

CLOCK = lambda: datetime(2026, 3, 1, 9, tzinfo=UTC)  # noqa: E731


class Proxy:
    """Forwards 127.0.0.1:port to the server; `cut` drops every connection and refuses new ones until `restore`."""

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        probe = socket.create_server(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._open: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            server = socket.create_connection(self.target)
            self._open += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for each in (source, sink):
            try:
                each.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self) -> None:
        assert self._listener is not None
        try:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept under way, which a close alone does not
        except OSError:
            pass
        self._listener.close()
        for each in self._open:
            try:
                each.shutdown(socket.SHUT_RDWR)
                each.close()
            except OSError:
                pass
        self._open.clear()


@pytest.fixture
def proxy(pg_server):
    found = Proxy(pg_server.port)
    yield found
    found.cut()


def test_answers_given_while_the_server_is_out_of_reach_are_kept_here_and_sent_when_it_is_back(org, proxy, tmp_path):
    org.add("ada")
    url = org.url("ada").replace(f":{org.server.port}/", f":{proxy.port}/")
    pgpass = org.server.pgpass
    pgpass.write_text(pgpass.read_text() + pgpass.read_text().splitlines()[-1].replace(
        f":{org.server.port}:", f":{proxy.port}:") + "\n")
    rubric = load_rubric_file(MINI)
    pending = tmp_path / "pending"
    given = Answers(rubric=str(MINI), name="Jo")
    script = [("control.welcome", None), ("facts.degree", "master"), ("facts.years", 6), ("ratings.x1", 3),
              ("evidence.x1", "Led the X rewrite."), ("ratings.x2", 2), ("control.review-x", "continue"),
              ("ratings.y1", 1), ("ratings.y2", None), ("control.review-y", "continue")]
    steps = iter(script)

    def ask(question):
        expected, value = next(steps)
        assert question.id == expected
        if expected == "ratings.x1":
            proxy.cut()  # the network goes between two answers: the rest are given with no server
        return value

    with PostgresStore(url, pending) as store:
        with pytest.raises(AnswersKeptHere, match="5 answers kept on this machine") as kept:
            take(rubric, store, given=given, ask_name=False, clock=CLOCK, ask=ask)
    assert stat.S_IMODE(kept.value.kept.stat().st_mode) == 0o600
    on_server = org.admin("SELECT answers::text FROM assess.runs")
    assert on_server and '"degree":"master"' in on_server[0][0] and '"x1"' not in on_server[0][0]
    with pytest.raises(Unreachable, match="cannot reach the organisation's store"):
        PostgresStore(url, pending)  # still cut: nothing to do but say so; the file stays
    assert kept.value.kept.exists()

    proxy.restore()
    with PostgresStore(url, pending) as store:  # opening sends what waited, before anything else
        assert not kept.value.kept.exists()
        draft = store.find_draft("default", "mini")
        assert draft is not None
        assert draft.answers.ratings == {"x1": 3, "x2": 2, "y1": 1, "y2": None}
        assert draft.answers.evidence == {"x1": "Led the X rewrite."}
        steps = iter([("control.resume", "resume"), ("control.welcome", None)])
        done = take(rubric, store, given=given, ask_name=False, clock=CLOCK, ask=ask)
    assert isinstance(done, Completed) and done.run.status == "complete"
    assert done.run.answers.facts == {"degree": "master", "years": 6}
    assert done.run.answers.ratings == {"x1": 3, "x2": 2, "y1": 1, "y2": None}


def test_a_dropped_connection_is_opened_again_without_keeping_anything_here(org, tmp_path):
    org.add("ada")
    rubric = load_rubric_file(MINI)
    with org.store("ada", tmp_path / "pending") as store:
        draft = store.create_draft(answers=Answers(rubric="mini"), rubric=rubric, started_at=CLOCK())
        store.save_answer(draft.id, "ratings", "x1", 1)
        org.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", [org.login("ada")])
        store.save_answer(draft.id, "ratings", "x2", 2)  # the server dropped the session: a new one takes it
        assert not (tmp_path / "pending").exists()
        assert store.get(draft.id).answers.ratings == {"x1": 1, "x2": 2}
