"""What a long run shows while it works: stage lines with their time in the log, a progress bar on a terminal.

Everything goes to stderr (stdout keeps the summary a script may read). The bars appear only when stderr is a
terminal and the log is not quiet; in CI and in a log file the stage lines alone tell how far the run got.
"""
from __future__ import annotations

import logging
import sys
import time
from contextlib import contextmanager

LOGGER_NAME = "cchc_analysis"
log = logging.getLogger(LOGGER_NAME)


class BarSafeHandler(logging.StreamHandler):
    """A log line written above the bars being drawn (tqdm.write), not through the middle of one."""

    def emit(self, record: logging.LogRecord) -> None:
        from tqdm import tqdm

        try:
            tqdm.write(self.format(record), file=self.stream)
        except Exception:  # as logging's own handlers do: a broken stream never stops the run
            self.handleError(record)


def setup_logging(verbosity: int = 0) -> None:
    """Log lines "HH:MM:SS message" to stderr: stages at the default level, more with -v, warnings only with -q."""
    level = {-1: logging.WARNING, 0: logging.INFO}.get(max(verbosity, -1), logging.DEBUG)
    handler = BarSafeHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
    log.handlers[:] = [handler]
    log.setLevel(level)


def on_terminal() -> bool:
    """Bars only where a person watches: stderr is a terminal and stage lines are wanted."""
    stream = sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and log.isEnabledFor(logging.INFO)


def bar(iterable=None, *, desc: str, total: int | None = None, unit: str = "tệp"):
    """A tqdm bar over iterable on a terminal; elsewhere the items pass unchanged and nothing is drawn.

    With -v each item is also logged ("báo cáo: returns/pnv.xlsx"), so a log file says which file a run was on.
    """
    from tqdm import tqdm

    if iterable is not None and log.isEnabledFor(logging.DEBUG):
        total = total if total is not None else len(iterable) if hasattr(iterable, "__len__") else None
        iterable = _logged(iterable, desc)
    return tqdm(iterable, desc=desc, total=total, unit=unit, disable=not on_terminal(), leave=False,
                file=sys.stderr, dynamic_ncols=True)


def _logged(iterable, desc: str):
    for item in iterable:
        log.debug("%s: %s", desc, getattr(item, "name", item))
        yield item


@contextmanager
def stage(name: str):
    """Log the start and the time of one stage of the run ("returns: 3.2 s")."""
    log.info("%s …", name)
    start = time.perf_counter()
    yield
    log.info("%s: %.1f s", name, time.perf_counter() - start)
