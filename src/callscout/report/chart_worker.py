"""Charts drawn ahead by a child process, on the second core, while the pipeline's stages go on.

The first chart a process draws starts vl-convert's JavaScript engine (about half a CPU-second), each chart
then costs 0.05-0.3 s, and vl-convert holds the GIL throughout: a thread would stall the stages instead of
overlapping them. A child process starts the engine as soon as the first chart is known to be missing from
the workspace's cache (see ``charts.draw_ahead``: the economics charts are known after the economics stage,
long before the report), draws what it is sent and hands the SVG back; the parent puts it in the cache and
the report exactly as if it had drawn it itself (the same vl-convert, spec and locale: the same picture).

It is a fresh interpreter (``python -m`` this module, not a fork: the parent may hold threads whose locks a fork
would copy locked) that imports nothing of CallScout but this light module.

Protocol: one JSON line per chart on the standard input, ``{"key", "spec", "locale"}``; one JSON line per chart
on the standard output, ``{"key", "svg"}`` or ``{"key", "error"}``. End of input ends the child.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from typing import IO, Any

# Drawn first: it starts the engine before any real chart arrives (the output of later charts does not depend
# on what the engine drew before).
_WARM_UP = {"data": {"values": [{"x": 1}]}, "mark": "point", "encoding": {"x": {"field": "x", "type": "quantitative"}}}
# How long the report waits for a chart the child was sent before drawing it itself.
WAIT_S = 120.0


class ChartWorker:
    """The child process, started on the first ``send``. ``result`` waits for a chart it was sent; ``close``
    ends the child. Thread-safe: the cabinet's builds share nothing but may run side by side."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._requests: queue.Queue[bytes | None] = queue.Queue()
        self._replies: dict[str, str | None] = {}
        self._sent: set[str] = set()
        self._done = threading.Condition()
        self._ended = False
        self._failed = False

    def start(self) -> None:
        """Start the child now (it starts its engine at once); ``send`` starts it otherwise."""
        with self._done:
            if self._process is None and not self._failed:
                try:
                    self._start()
                except OSError:  # no interpreter to start (an embedded Python): the parent draws
                    self._failed = True

    def _start(self) -> None:
        from callscout.report.pdf_worker import child_environment

        self._process = subprocess.Popen(
            [sys.executable, "-m", "callscout.report.chart_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=child_environment(),
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        # Writes go through a thread: a large spec fills the pipe while the child draws, and the stages must
        # not wait for that.
        threading.Thread(target=self._feed, args=(self._process.stdin,), name="chart-feed", daemon=True).start()
        threading.Thread(target=self._read, args=(self._process.stdout,), name="chart-read", daemon=True).start()

    def _feed(self, stdin: IO[bytes]) -> None:
        try:
            while (request := self._requests.get()) is not None:
                stdin.write(request)
                stdin.flush()
            stdin.close()
        except (BrokenPipeError, OSError, ValueError):
            pass  # the child died or was stopped: the charts it owed are drawn by the parent

    def _read(self, stdout: IO[bytes]) -> None:
        try:
            for line in stdout:
                try:
                    reply = json.loads(line)
                    key, svg = str(reply["key"]), reply.get("svg")
                except (ValueError, KeyError, TypeError):
                    continue
                with self._done:
                    self._replies[key] = svg if isinstance(svg, str) else None
                    self._done.notify_all()
        except (OSError, ValueError):
            pass
        finally:
            with self._done:
                self._ended = True
                self._done.notify_all()

    def send(self, key: str, spec: dict[str, Any], locale: str) -> None:
        """Have the chart ``key`` drawn; returns at once."""
        with self._done:
            if key in self._sent or self._failed:
                return
            if self._process is None:
                try:
                    self._start()
                except OSError:  # no interpreter to start (an embedded Python): the parent draws
                    self._failed = True
                    return
            self._sent.add(key)
        line = json.dumps({"key": key, "spec": spec, "locale": locale}, ensure_ascii=False) + "\n"
        self._requests.put(line.encode("utf-8"))

    def result(self, key: str, timeout: float = WAIT_S) -> str | None:
        """The SVG of a chart sent earlier, once drawn; None when it was not sent, could not be drawn or took
        too long (the caller draws it then)."""
        with self._done:
            if key not in self._sent:
                return None
            self._done.wait_for(lambda: key in self._replies or self._ended, timeout)
            return self._replies.get(key)

    def close(self) -> None:
        """End the child: at once if it still draws charts nobody waits for."""
        self._requests.put(None)
        process = self._process
        if process is None:
            return
        with self._done:
            owed = self._sent - self._replies.keys()
        if owed:
            process.kill()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> int:
    import vl_convert

    vl_convert.vegalite_to_svg(_WARM_UP)
    for line in sys.stdin.buffer:
        try:
            request = json.loads(line)
            key = str(request["key"])
        except (ValueError, KeyError, TypeError):
            continue
        try:
            reply = {"key": key, "svg": vl_convert.vegalite_to_svg(request["spec"], format_locale=request["locale"])}
        except Exception as error:  # noqa: BLE001 - the parent draws the chart itself and reports what failed
            reply = {"key": key, "error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(reply) + "\n")  # ASCII: whatever the child's locale
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    code = main()
    # Without the interpreter's teardown (the JavaScript engine's included): the parent waits for this exit.
    sys.stdout.flush()
    os._exit(code)
