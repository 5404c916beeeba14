"""What a run shows while it works: stage times in the log, a progress bar only where a person watches."""
from __future__ import annotations

import io
import logging

import pytest

from cchc_analysis import console


@pytest.fixture(autouse=True)
def logger_as_it_was():
    handlers, level = list(console.log.handlers), console.log.level
    yield
    console.log.handlers[:] = handlers
    console.log.setLevel(level)


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_stage_logs_its_start_and_its_time(caplog):
    with caplog.at_level(logging.INFO, logger=console.LOGGER_NAME):
        with console.stage("returns"):
            pass
    assert [r.getMessage() for r in caplog.records][0] == "returns …"
    assert caplog.records[-1].getMessage().startswith("returns: 0.")
    assert caplog.records[-1].getMessage().endswith(" s")


def test_no_bar_is_drawn_when_stderr_is_not_a_terminal(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    console.setup_logging(0)
    assert list(console.bar(range(3), desc="báo cáo")) == [0, 1, 2]
    assert "báo cáo" not in stream.getvalue() and "%" not in stream.getvalue()


def test_a_bar_is_drawn_on_a_terminal_and_not_when_quiet(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    console.setup_logging(0)
    assert list(console.bar(range(3), desc="báo cáo")) == [0, 1, 2]
    assert "báo cáo:" in terminal.getvalue() and "0/3" in terminal.getvalue()

    quiet = Terminal()
    monkeypatch.setattr("sys.stderr", quiet)
    console.setup_logging(-1)
    list(console.bar(range(3), desc="báo cáo"))
    assert quiet.getvalue() == ""


def test_verbose_logs_each_item_of_a_bar(caplog, monkeypatch):
    monkeypatch.setattr("sys.stderr", io.StringIO())
    console.setup_logging(1)
    with caplog.at_level(logging.DEBUG, logger=console.LOGGER_NAME):
        assert list(console.bar(["a.xlsx", "b.docx"], desc="báo cáo")) == ["a.xlsx", "b.docx"]
    assert [r.getMessage() for r in caplog.records] == ["báo cáo: a.xlsx", "báo cáo: b.docx"]


def test_quiet_logs_warnings_only_and_verbose_logs_detail():
    console.setup_logging(-1)
    assert not console.log.isEnabledFor(logging.INFO) and console.log.isEnabledFor(logging.WARNING)
    console.setup_logging(1)
    assert console.log.isEnabledFor(logging.DEBUG)
