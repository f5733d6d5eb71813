"""PDF rendering (``render_pdf``: WeasyPrint, offline) and the child process that runs it in parallel with the
rest of the report. This module stays light (no Jinja, no templates): the child imports it on the report's
critical path.

WeasyPrint takes about two thirds of a report's time and runs in one thread; the charts, the HTML page,
the workbook and the JSON take the rest. The child is a fresh interpreter (``python -m`` this module, not a
fork: the parent may hold threads, such as vl-convert's JavaScript engine or a web server's pool, whose
locks a fork would copy in a locked state). It starts first, so that loading Python and WeasyPrint overlaps
with drawing the charts; it is given the print page on its standard input and writes the PDF file itself.

Protocol: ``python -m callscout.report.pdf_worker TARGET`` reads the page (UTF-8) until end of input and
writes TARGET atomically; on failure it exits with status 1 and the reason as the last line of its stderr.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

from callscout.errors import UsageError
from callscout.i18n import msg

_FAILURE_PREFIX = "callscout-pdf-error: "


def _offline_fetcher() -> Any:
    """The PDF is rendered offline: only our own data: images load; a vendor URL is never fetched."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before the URLFetcher class takes a plain function

        def refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
            raise ValueError(f"external resources are not loaded: {url[:100]}")

        return refuse
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


PDF_ENGINES = ("weasyprint", "chromium", "auto")
_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def pdf_engine() -> str:
    """Who lays out the PDF, from ``CALLSCOUT_PDF_ENGINE``: ``weasyprint`` (the default, pure Python),
    ``chromium`` (the browser's print-to-PDF: the same pages from the same print page for about a fifth of
    WeasyPrint's CPU time on a 20-vendor report) or ``auto`` (Chromium where it is installed)."""
    wanted = os.environ.get("CALLSCOUT_PDF_ENGINE", "").strip().lower() or "weasyprint"
    if wanted not in PDF_ENGINES:
        raise UsageError(
            msg("report.pdf_worker.callscout_pdf_engine_expected_one_of", value=wanted, engines=", ".join(PDF_ENGINES))
        )
    if wanted == "auto":
        return "chromium" if chromium_binary() else "weasyprint"
    return wanted


def chromium_binary() -> str | None:
    return next((found for name in _CHROMIUM_NAMES if (found := shutil.which(name))), None)


def render_pdf(html: str) -> bytes:
    if pdf_engine() == "chromium":
        return _chromium_pdf(html)
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_offline_fetcher()).write_pdf()


def _chromium_pdf(html: str, timeout: float = 180.0) -> bytes:
    """Headless Chromium prints the page. Offline like WeasyPrint: every http(s) request goes to a proxy
    that does not exist (loopback included), so no vendor URL is ever fetched; the page is our own template
    with every untrusted text escaped and its images inline."""
    binary = chromium_binary()
    if binary is None:
        raise UsageError(msg("report.pdf_worker.chromium_is_not_installed_callscout_pdf"))
    with tempfile.TemporaryDirectory(prefix="callscout-pdf-") as folder:
        page, target = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            binary,
            "--headless",
            "--disable-gpu",
            "--disable-extensions",
            "--disable-background-networking",
            "--no-first-run",
            "--proxy-server=http://127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>",
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        try:
            completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise UsageError(msg("report.pdf_worker.chromium_did_not_print_pdf_in", seconds=int(timeout))) from None
        if completed.returncode != 0 or not target.is_file():
            raise UsageError(
                msg("report.pdf_worker.chromium_did_not_print_pdf"),
                details=completed.stderr.strip().splitlines()[-5:],
            )
        return target.read_bytes()


def parallel_worth_it() -> bool:
    """A second process only pays where a second core runs it."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return cores > 1


def child_environment() -> dict[str, str]:
    """The environment of a child ``python -m callscout…``: it imports this very copy of CallScout, whatever put
    it on the parent's path."""
    import callscout

    package_root = str(Path(callscout.__file__).resolve().parents[1])
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, environment.get("PYTHONPATH")]))
    return environment


class PdfRender:
    """One PDF being rendered by a child process: ``start`` it early, ``send`` it the page, ``wait`` for it."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._feeder: threading.Thread | None = None

    def start(self) -> None:
        environment = child_environment()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed by wait() or cancel(), after the child
        self._process = subprocess.Popen(
            [sys.executable, "-m", "callscout.report.pdf_worker", str(self.target)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            env=environment,
        )

    def send(self, html: str) -> None:
        """Hand over the print page without waiting for the child to read it (it may still be loading)."""
        process = self._process
        assert process is not None and process.stdin is not None, "start() first"
        data = html.encode("utf-8")

        def feed() -> None:
            try:
                process.stdin.write(data)
                process.stdin.close()
            except (BrokenPipeError, OSError):
                pass  # the child died; wait() reports why

        self._feeder = threading.Thread(target=feed, name="pdf-feed", daemon=True)
        self._feeder.start()

    def wait(self) -> Path:
        """The written PDF, or a UsageError with the child's reason (the environment lacks something)."""
        process = self._process
        assert process is not None and self._stderr is not None, "start() first"
        code = process.wait()
        if self._feeder is not None:
            self._feeder.join()
        self._stderr.seek(0)
        stderr = self._stderr.read().decode("utf-8", "replace")
        self._stderr.close()
        if code == 0 and self.target.is_file():
            if stderr.strip():
                sys.stderr.write(stderr)  # WeasyPrint's warnings, as they would appear in one process
            return self.target
        reasons = [line[len(_FAILURE_PREFIX) :] for line in stderr.splitlines() if line.startswith(_FAILURE_PREFIX)]
        reason = reasons[-1] if reasons else (stderr.strip().splitlines() or [f"exit status {code}"])[-1]
        raise UsageError(
            msg("report.pdf_worker.could_not_render_pdf_report", reason=reason),
            details=[line for line in stderr.strip().splitlines()[-8:] if not line.startswith(_FAILURE_PREFIX)],
        )

    def cancel(self) -> None:
        """Stop the child (the rest of the report failed); leave no partial file."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        if self._stderr is not None and not self._stderr.closed:
            self._stderr.close()


def main(arguments: list[str]) -> int:
    target = Path(arguments[0])
    try:
        if pdf_engine() == "weasyprint":
            from weasyprint import HTML

            # Load fonts while the parent still draws the charts.
            HTML(string="<p style='font-family: \"DejaVu Sans\"'>Отчёт</p>").render()
        html = sys.stdin.buffer.read().decode("utf-8")
        pdf = render_pdf(html)
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(pdf)
        os.replace(partial, target)
    except Exception as error:  # noqa: BLE001 - any failure becomes the parent's clear error
        sys.stderr.write(f"{_FAILURE_PREFIX}{type(error).__name__}: {error}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
