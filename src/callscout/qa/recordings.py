"""Call recordings of an evaluation's vendors: keep a checked recording, find it again (only within its
evaluation), its transcript and script check, the flags of what the customer said, the scorecards to grade
it with, the mystery-shopper log and the call picker. The cabinet's recordings pages are thin routes over
this one object (it owns the store and the recordings folder); the CLI's ``audio`` and ``qa`` commands use
the same core functions underneath.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from callscout.audio import DEFAULT_LIMITS, assess_file, record_assessment
from callscout.audio.asr import Segment, Transcript
from callscout.audio.verdict import judge
from callscout.calls import lookup
from callscout.calls.storage import CallStore, data_directory
from callscout.errors import DataError
from callscout.i18n import msg
from callscout.model import Evaluation
from callscout.qa import service
from callscout.qa.models import Form, Quiz
from callscout.qa.script import check_script, default_script
from callscout.store import Store
from callscout.store.jobs import remove_if_writer_gone
from callscout.store.ownership import NotFound, VendorRef, vendor_ref, vendor_refs
from callscout.store.store import RunSummary

AUDIO_EXTENSIONS = (".wav", ".mp3", ".ogg", ".opus", ".flac", ".m4a", ".mp4", ".aac", ".amr", ".webm")
DEFAULT_MAX_RECORDING_MB = 100
# The averages shown beside the grades: the groupings of ``callscout qa report --by``.
AVERAGE_GROUPS = ("operator", "vendor", "item", "week")
# The newest recordings of each vendor listed (a page, not an archive).
LISTED_PER_VENDOR = 200


def max_recording_bytes() -> int:
    configured = float(os.environ.get("CALLSCOUT_WEB_MAX_RECORDING_MB", DEFAULT_MAX_RECORDING_MB))
    return min(int(configured * 1024 * 1024), DEFAULT_LIMITS.max_bytes)


def recordings_directory(store: Store) -> Path:
    """Beside the store's call data: ``callscout.calls`` -> ``callscout.recordings``."""
    configured = os.environ.get("CALLSCOUT_RECORDINGS_DIR")
    if configured:
        return Path(configured).expanduser()
    calls = data_directory(store)
    return calls.with_name(calls.name.removesuffix(".calls") + ".recordings")


class RecordingNotFound(NotFound):
    """No such recording among this evaluation's vendors' (another evaluation's do not exist here)."""


@dataclass(frozen=True)
class ListedRecording:
    run: RunSummary
    vendor: str
    name: str
    verdict: str
    # The customer's complaint or negative phrases in its transcript (calls.transcripts.flags); empty
    # when there are none, None when the recording has no transcript (unknown, not "no complaint").
    flags: list[dict[str, Any]] | None

    @property
    def flag_kind(self) -> str | None:
        """ "complaint" before "negative": the worst thing the customer said."""
        if not self.flags:
            return None
        return "complaint" if any(item["kind"] == "complaint" for item in self.flags) else "negative"


def scorecard_answers(fields: Mapping[str, str | None], definition: Form) -> tuple[dict[str, Any], dict[str, str]]:
    """Answers from ``item_<code>`` and ``comment_<code>`` values; a blank optional item is "na" (a blank
    mandatory one is left out, and grading refuses it with the item named)."""
    answers: dict[str, Any] = {}
    comments: dict[str, str] = {}
    for _group, item in definition.items():
        value = fields.get(f"item_{item.code}")
        if value:
            answers[item.code] = value
        elif not item.mandatory:
            answers[item.code] = "na"
        comment = fields.get(f"comment_{item.code}")
        if comment:
            comments[item.code] = comment
    return answers, comments


class Recordings:
    """The recordings and quality control of the store's evaluations, always asked within one evaluation."""

    def __init__(self, store: Store, call_store: CallStore | None = None) -> None:
        self.store = store
        self.call_store = call_store or CallStore(store)
        self.folder = recordings_directory(store)

    def sweep_uploads(self) -> None:
        """Remove the half-written uploads of processes killed mid-upload (their pid is in the name)."""
        for leftover in self.folder.glob("upload-p*-*"):
            remove_if_writer_gone(leftover)

    def vendor(self, evaluation_id: int, name: str) -> VendorRef:
        """A vendor of this evaluation by name (a form's choice); others' vendors are not found."""
        try:
            return vendor_ref(self.store, evaluation_id, name)
        except NotFound:
            raise DataError(msg("qa.recordings.choose_vendor_of_this_evaluation")) from None

    # -- recordings -------------------------------------------------------------------------------------

    def listed(self, evaluation_id: int) -> list[ListedRecording]:
        """The latest check of each recording of the evaluation's vendors, newest first, each with the
        customer's complaint and negative phrases where it has a transcript."""
        from callscout.calls import transcripts

        result = []
        for ref in vendor_refs(self.store, evaluation_id):
            seen: set[str] = set()
            spoken: dict[str, Transcript] = {}
            for run in self.store.runs(kind="transcript", vendor_id=ref.id, limit=LISTED_PER_VENDOR):
                spoken.setdefault(run.target, _transcript(run.summary))
            for run in self.store.runs(kind="audio", vendor_id=ref.id, limit=LISTED_PER_VENDOR):
                if run.target in seen or "verdict" not in run.summary:
                    continue
                seen.add(run.target)
                verdict, _reasons = judge(run.summary)
                transcript = spoken.get(run.target)
                flags = transcripts.flags(transcript) if transcript is not None else None
                result.append(ListedRecording(run, ref.name, Path(run.target).name, verdict, flags))
        return sorted(result, key=lambda item: item.run.started_at, reverse=True)

    def get(self, evaluation_id: int, run_id: int) -> tuple[RunSummary, VendorRef]:
        """A recording of one of this evaluation's vendors, with its vendor."""
        refs = {ref.id: ref for ref in vendor_refs(self.store, evaluation_id)}
        for vendor_id, ref in refs.items():
            for run in self.store.runs(kind="audio", vendor_id=vendor_id, limit=LISTED_PER_VENDOR):
                if run.id == run_id and "verdict" in run.summary:
                    return run, ref
        raise RecordingNotFound(msg("qa.recordings.recording_not_found"))

    def stored_file(self, run: RunSummary) -> Path | None:
        """Only files kept here are served, never a path a run happens to name."""
        root = self.folder.resolve()
        path = Path(run.target).resolve()
        return path if path.is_relative_to(root) and path.is_file() else None

    def keep(self, uploaded: Path, evaluation_id: int, vendor: VendorRef) -> tuple[int, Path, dict[str, Any]]:
        """Check an uploaded file with the core's bounds, keep it in the recordings folder and record its
        check: (the check's run id, the kept file, the check). A file that is not a readable recording
        raises a DataError and is not kept."""
        path, check = self.keep_file(uploaded)
        run_id = record_assessment(self.store, check, str(path), vendor_id=vendor.id, evaluation_id=evaluation_id)
        return run_id, path, check

    def keep_file(self, uploaded: Path) -> tuple[Path, dict[str, Any]]:
        check = assess_file(uploaded)
        final = self.folder / uuid.uuid4().hex / uploaded.name
        final.parent.mkdir(parents=True)
        os.replace(uploaded, final)
        check["file"] = final.name
        return final, check

    def upload_folder(self) -> Path:
        """A fresh folder for one upload inside the recordings folder; the pid in its name lets a later
        start sweep it if this process is killed mid-upload. The caller removes it."""
        import tempfile

        self.folder.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f"upload-p{os.getpid()}-", dir=self.folder))

    @staticmethod
    def discard(folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    # -- transcripts and the script ---------------------------------------------------------------------

    def transcript(self, run: RunSummary) -> Transcript | None:
        runs = self.store.runs(kind="transcript", target=run.target, vendor_id=run.vendor_id, limit=1)
        return _transcript(runs[0].summary) if runs else None

    @staticmethod
    def script_for(evaluation: Evaluation) -> Any:
        return default_script([evaluation.buyer] if evaluation.buyer else None)

    def check_script(self, evaluation: Evaluation, transcript: Transcript) -> dict[str, Any]:
        return check_script(transcript, self.script_for(evaluation))

    def add_transcript(
        self, evaluation_id: int, evaluation: Evaluation, run: RunSummary, transcript: Transcript
    ) -> None:
        """Keep the recording's transcript and its script check (the quality stage reads the latest check
        of each vendor)."""
        owner = {"vendor_id": run.vendor_id, "evaluation_id": evaluation_id}
        self.store.record_run("transcript", run.target, [], summary=transcript.to_dict(), **owner)
        checked = self.check_script(evaluation, transcript)
        self.store.record_run("script", run.target, [], summary=checked, **owner)

    # -- quality control --------------------------------------------------------------------------------

    def forms(self, evaluation_id: int) -> list[tuple[str, Form]]:
        """The evaluation's own forms and the shared templates."""
        return [
            (row["code"], service.get_form(self.store, evaluation_id, row["code"]))
            for row in service.list_forms(self.store, evaluation_id)
        ]

    def gradable_forms(self, evaluation_id: int) -> list[tuple[str, Form]]:
        """The forms to grade with: shared templates are read-only and not offered."""
        shared = {row["code"] for row in service.list_forms(self.store, evaluation_id) if row["shared"]}
        return [(code, definition) for code, definition in self.forms(evaluation_id) if code not in shared]

    def scorecard_choice(self, evaluation_id: int, *preferred: str | None) -> dict[str, Any]:
        """The forms to rate with and the chosen one: the first of ``preferred`` given, else the first form."""
        available = self.gradable_forms(evaluation_id)
        chosen = next((code for code in preferred if code), None) or (available[0][0] if available else None)
        definition = next((definition for code, definition in available if code == chosen), None)
        return {"forms": available, "form_code": chosen, "form_definition": definition}

    def overview(self, evaluation_id: int) -> dict[str, Any]:
        """Forms, quizzes and their results, mystery calls, grades and their averages (the same core
        report as ``callscout qa report --by ...``), of this evaluation only."""
        return {
            "forms": self.forms(evaluation_id),
            "quizzes": [Quiz.model_validate(row.definition) for row in service.quizzes(self.store, evaluation_id)],
            "quiz_results": service.quiz_report(self.store, evaluation_id),
            "mystery": service.mystery_calls(self.store, evaluation_id),
            "grades": service.grades(self.store, evaluation_id),
            "averages": {by: service.report(self.store, evaluation_id, by) for by in AVERAGE_GROUPS},
        }

    def rate(
        self,
        evaluation_id: int,
        run: RunSummary,
        vendor: VendorRef,
        form_code: str,
        grader: str,
        fields: Mapping[str, str | None],
        *,
        operator: str | None = None,
        comment: str | None = None,
    ) -> None:
        definition = service.get_form(self.store, evaluation_id, form_code)
        answers, comments = scorecard_answers(fields, definition)
        service.rate(
            self.store,
            evaluation_id,
            recording_call_ref(run.id),
            form_code,
            grader,
            answers,
            vendor=vendor,
            operator=operator,
            comment=comment,
            item_comments=comments,
        )

    def rate_imported_call(
        self,
        evaluation_id: int,
        vendor: VendorRef,
        call_id: str,
        form_code: str,
        grader: str,
        fields: Mapping[str, str | None],
        *,
        comment: str | None = None,
    ) -> None:
        definition = service.get_form(self.store, evaluation_id, form_code)
        answers, comments = scorecard_answers(fields, definition)
        service.rate_imported_call(
            self.store,
            self.call_store,
            vendor,
            call_id,
            form_code,
            grader,
            answers,
            comment=comment,
            item_comments=comments,
        )

    def grades_of_recording(self, evaluation_id: int, run: RunSummary) -> list[dict[str, Any]]:
        return service.grades(self.store, evaluation_id, call_ref=recording_call_ref(run.id))

    def grades_of_call(self, evaluation_id: int, vendor: VendorRef, call_id: str) -> list[dict[str, Any]]:
        return [
            grade
            for grade in service.grades(self.store, evaluation_id, vendor_id=vendor.id)
            if grade["call_id"] == call_id
        ]

    def log_mystery_call(
        self,
        evaluation_id: int,
        vendor: VendorRef,
        *,
        recording: Path | None,
        form_code: str | None,
        fields: Mapping[str, str | None],
        **call: Any,
    ) -> None:
        """A mystery shopper's call: its recording (kept and checked like an upload), its scorecard."""
        kept = check = None
        if recording is not None:
            kept, check = self.keep_file(recording)
        answers = None
        if form_code:
            answers, _comments = scorecard_answers(fields, service.get_form(self.store, evaluation_id, form_code))
        service.log_mystery_call(
            self.store,
            vendor,
            recording=str(kept) if kept else None,
            recording_check=check,
            form_code=form_code,
            answers=answers,
            **call,
        )
        if kept is not None and check is not None:
            record_assessment(self.store, check, str(kept), vendor_id=vendor.id, evaluation_id=evaluation_id)

    # -- the call picker ---------------------------------------------------------------------------------

    def call_picker(
        self,
        evaluation_id: int,
        vendor: str | None,
        text: str | None,
        start: date | None,
        end: date | None,
        page: int,
    ) -> dict[str, Any]:
        """Calls of the evaluation's vendors' imported logs, searchable and paginated, to grade one."""
        refs = {ref.name: ref for ref in vendor_refs(self.store, evaluation_id)}
        imported = set(self.call_store.vendors(evaluation_id))
        vendors = [name for name, ref in refs.items() if ref.id in imported]
        chosen = vendor if vendor in vendors else (vendors[0] if vendors else "")
        found = None
        if chosen:
            found = lookup.find_calls(self.call_store, refs[chosen], text=text, start=start, end=end, page=page)
        return {"call_vendors": vendors, "chosen": chosen, "found_calls": found}

    def imported_call(self, vendor: VendorRef, call_id: str) -> dict[str, Any] | None:
        return lookup.get_call(self.call_store, vendor, call_id)


def recording_call_ref(run_id: int) -> str:
    """How grades name a recording (``recording:<run id>``)."""
    return f"recording:{run_id}"


def _transcript(summary: Mapping[str, Any]) -> Transcript:
    return Transcript([Segment(**segment) for segment in summary.get("segments", [])], summary.get("engine", "text"))


__all__ = [
    "AUDIO_EXTENSIONS",
    "ListedRecording",
    "RecordingNotFound",
    "Recordings",
    "max_recording_bytes",
    "recordings_directory",
    "scorecard_answers",
]
