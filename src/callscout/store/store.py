"""The Store: the only place that talks to the database."""

from __future__ import annotations

import ast
import hashlib
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, delete, event, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from callscout.errors import DataError, UsageError
from callscout.i18n import msg, tr
from callscout.model import Evaluation, Finding, Vendor
from callscout.store.tables import (
    ContentRow,
    EvaluationRow,
    FindingRow,
    ResultDocumentRow,
    RunRow,
    SnapshotRow,
    VendorRow,
    utcnow,
)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
# How many result documents (one per run, each a whole report.json) an evaluation keeps: the newest, so that the
# store does not grow by a document with every build. ``CALLSCOUT_KEEP_RUNS`` (a positive integer) changes it.
KEEP_RUNS_ENV = "CALLSCOUT_KEEP_RUNS"
DEFAULT_KEEP_RUNS = 20


def keep_runs() -> int:
    """The number of result documents an evaluation keeps (read when a run is saved, not at import)."""
    configured = os.environ.get(KEEP_RUNS_ENV, "").strip()
    return int(configured) if configured.isdigit() and int(configured) > 0 else DEFAULT_KEEP_RUNS


# pg_advisory_xact_lock key of the schema migration (any constant shared by all CallScout processes).
MIGRATION_LOCK_KEY = 0x43616C6C


def home_directory() -> Path:
    configured = os.environ.get("CALLSCOUT_HOME")
    return Path(configured).expanduser() if configured else Path.home() / ".callscout"


def default_database_url() -> str:
    configured = os.environ.get("CALLSCOUT_DATABASE_URL")
    if configured:
        return configured
    return f"sqlite:///{home_directory() / 'callscout.db'}"


def _alembic_config(url: str) -> Config:
    # Alembic is imported where it is used: commands that never open a store do not pay for it.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


@cache
def _head_revisions() -> frozenset[str]:
    """The heads of the migration scripts, read from their ``revision``/``down_revision`` lines (what
    Alembic's script directory computes, without importing Alembic)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        values = dict(match.groups() for match in _REVISION_LINE.finditer(script.read_text(encoding="utf-8")))
        if "revision" not in values:
            continue
        revisions.add(ast.literal_eval(values["revision"]))
        down = ast.literal_eval(values.get("down_revision", "None"))
        parents.update([down] if isinstance(down, str) else down or ())
    return frozenset(revisions - parents)


def _enable_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets the web app read while an import writes; foreign keys are off by default in SQLite.
        # The timeout first: switching to WAL takes a lock another process (a migration) may hold.
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


class Store:
    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = url or default_database_url()
        if self.url.startswith("sqlite:///") and not self.url.startswith("sqlite:///:memory:"):
            Path(self.url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = create_engine(self.url, future=True)
        except (SQLAlchemyError, ImportError, ValueError) as error:
            raise UsageError(msg("store.store.cannot_open_database", url=self.safe_url, error=error)) from error
        if self.engine.dialect.name == "sqlite":
            _enable_sqlite_pragmas(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if migrate:
            self.migrate()

    @property
    def safe_url(self) -> str:
        """The URL without its password, for messages."""
        if "@" not in self.url or "://" not in self.url:
            return self.url
        scheme, rest = self.url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"

    def migrate(self) -> None:
        """Bring the schema to head. Two commands started at once on a fresh store take turns: the
        second waits for the first migration and then finds nothing left to do ("table already exists"
        otherwise, and the loser's work lost)."""
        if self._at_head():
            return
        from alembic import command

        try:
            with self._migration_lock(), self.engine.begin() as connection:
                if self.engine.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                config = _alembic_config(self.url)
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
            if self.engine.dialect.name == "sqlite":
                # A migration may have switched a connection's pragmas (0008 turns foreign keys off while it
                # rebuilds a table): connections opened from now on get them set again.
                self.engine.dispose()
        except OperationalError as error:
            raise UsageError(msg("store.store.database_is_unavailable", url=self.safe_url, error=error.orig)) from error

    def _at_head(self) -> bool:
        """The store already has every migration: one query instead of loading Alembic and its scripts
        (half a second of every command that opens the store). Anything unexpected says no, and Alembic
        decides as before."""
        try:
            with self.engine.connect() as connection:
                current = {row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))}
        except SQLAlchemyError:
            return False
        return bool(current) and current == _head_revisions()

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """For a SQLite file, an exclusive lock on a file beside it (PostgreSQL uses an advisory lock)."""
        if not self.url.startswith("sqlite:///") or self.url.startswith("sqlite:///:memory:"):
            yield
            return
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock, as before
            yield
            return
        lock_path = Path(self.url.removeprefix("sqlite:///").split("?", 1)[0]).expanduser()
        with open(lock_path.with_name(lock_path.name + ".migrate-lock"), "a+b") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    @staticmethod
    def head_revision() -> str | None:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(_alembic_config("sqlite://")).get_current_head()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back whole on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()

    # --- evaluations and vendors -------------------------------------------------------------

    def save_evaluation(
        self,
        evaluation: Evaluation,
        source_path: str | None = None,
        *,
        evaluation_id: int | None = None,
        delete_data: bool = False,
        renamed: Mapping[str, str] | None = None,
    ) -> int:
        """Update the evaluation ``evaluation_id`` (the cabinet's edits), or insert or update one by name (the
        command line's files), its vendors mirrored.

        A vendor missing from ``evaluation`` is deleted only if it holds no data (call imports, live
        events, quiz results, mystery calls); one that does raises ``VendorHoldsData`` and nothing is
        stored, unless ``delete_data`` says the user asked for its data to go too. Graded vendors are never
        deleted. ``renamed`` maps old vendor names to new ones: the vendor keeps its id and all it owns.

        The whole evaluation is validated first (raises ``evalfile.InvalidEvaluation``, nothing stored)."""
        from callscout.evalfile import validated_document

        document = validated_document(evaluation)
        with self.session() as session:
            if evaluation_id is not None:
                row = session.get(EvaluationRow, evaluation_id)
                if row is None:
                    raise UsageError(msg("store.store.evaluation_not_found"))
                row.name = evaluation.name
            else:
                row = _row_by_name(session, evaluation.name)
            if row is None:
                row = EvaluationRow(name=evaluation.name, document={})
                session.add(row)
            row.document = document
            if source_path is not None:
                row.source_path = source_path
            existing = {vendor.name: vendor for vendor in row.vendors}
            for old, new in (renamed or {}).items():
                if old in existing and new not in existing:
                    existing[new] = existing.pop(old)
            wanted = []
            for position, vendor in enumerate(evaluation.vendors):
                vendor_row = existing.pop(vendor.name, None) or VendorRow(name=vendor.name, document={})
                vendor_row.name = vendor.name
                vendor_row.position = position
                vendor_row.website = vendor.website
                vendor_row.document = document["vendors"][position]
                wanted.append(vendor_row)
            _refuse_removing_graded(session, list(existing.values()))
            if not delete_data:
                _refuse_removing_data(session, list(existing.values()))
            row.vendors = wanted
            session.flush()
            return row.id

    def create_evaluation(self, evaluation: Evaluation, owner_id: int) -> int:
        """A new evaluation of this cabinet user. Names are unique per owner: another user's evaluation of
        the same name neither blocks it nor is revealed by it."""
        from callscout.evalfile import validated_document

        with self.session() as session:
            taken = select(EvaluationRow.id).where(
                EvaluationRow.owner_id == owner_id, EvaluationRow.name == evaluation.name
            )
            if session.scalar(taken) is not None:
                raise DataError(msg("store.store.you_already_have_evaluation_called", name=evaluation.name))
            document = validated_document(evaluation)
            row = EvaluationRow(name=evaluation.name, owner_id=owner_id, document=document)
            row.vendors = [
                VendorRow(name=vendor.name, position=position, website=vendor.website, document=vendor_document)
                for position, (vendor, vendor_document) in enumerate(
                    zip(evaluation.vendors, document["vendors"], strict=True)
                )
            ]
            session.add(row)
            session.flush()
            return row.id

    def load_evaluation(self, name: str) -> Evaluation | None:
        with self.session() as session:
            row = _row_by_name(session, name)
            return _evaluation(row) if row else None

    def evaluation_id(self, name: str) -> int | None:
        with self.session() as session:
            row = _row_by_name(session, name)
            return row.id if row else None

    def evaluation_by_id(self, evaluation_id: int) -> Evaluation | None:
        with self.session() as session:
            row = session.get(EvaluationRow, evaluation_id)
            return _evaluation(row) if row else None

    def evaluation_source(self, evaluation_id: int) -> str | None:
        """The evaluation file it was last saved from (None: made in the cabinet)."""
        with self.session() as session:
            row = session.get(EvaluationRow, evaluation_id)
            return row.source_path if row else None

    def evaluation_document(self, evaluation_id: int) -> tuple[str, dict[str, Any]] | None:
        """The stored name and document as they are, unvalidated: the way out for a broken evaluation."""
        with self.session() as session:
            row = session.get(EvaluationRow, evaluation_id)
            return (row.name, dict(row.document)) if row else None

    def evaluation_names(self) -> list[str]:
        with self.session() as session:
            return list(session.scalars(select(EvaluationRow.name).order_by(EvaluationRow.name)))

    def delete_evaluation(self, name: str) -> bool:
        with self.session() as session:
            row = _row_by_name(session, name)
            if row is None:
                return False
            _refuse_removing_graded(session, list(row.vendors), evaluation_id=row.id)
            session.delete(row)
            return True

    def vendor_id(self, evaluation_name: str, vendor_name: str) -> int | None:
        """By names, for the command line (the cabinet and the core resolve ids: ``store.ownership``)."""
        with self.session() as session:
            row = _row_by_name(session, evaluation_name)
            if row is None:
                return None
            return session.scalar(
                select(VendorRow.id).where(VendorRow.evaluation_id == row.id, VendorRow.name == vendor_name)
            )

    def vendors(self, evaluation_name: str) -> list[Vendor]:
        with self.session() as session:
            row = _row_by_name(session, evaluation_name)
            if row is None:
                return []
            return [Vendor.model_validate(vendor.document) for vendor in row.vendors]

    # --- the result documents of the runs --------------------------------------------------------

    def save_result_document(
        self, evaluation_id: int, document: dict[str, Any], *, options: dict[str, Any] | None = None
    ) -> int:
        """Keep one run's result document (as report.json holds it) with its options, beside the evaluation's
        earlier ones, tied to the run's scoring record when there is one. Returns its id (the run's number).

        The evaluation's documents older than its newest ``keep_runs()`` go in the same transaction, so that a
        run never leaves the store past its bound, and a failed save removes nothing."""
        with self.session() as session:
            run_id = session.scalar(
                select(RunRow.id)
                .where(RunRow.evaluation_id == evaluation_id, RunRow.kind == "scoring")
                .order_by(RunRow.id.desc())
                .limit(1)
            )
            row = ResultDocumentRow(
                evaluation_id=evaluation_id,
                run_id=run_id,
                callscout_version=str(document.get("callscout_version") or ""),
                created_at=utcnow(),
                options=options,
                document=document,
            )
            session.add(row)
            session.flush()
            # The newest document past the bound: it and every older one of the evaluation go (ids grow with time).
            oldest_dropped = session.scalar(
                select(ResultDocumentRow.id)
                .where(ResultDocumentRow.evaluation_id == evaluation_id)
                .order_by(ResultDocumentRow.id.desc())
                .offset(keep_runs())
                .limit(1)
            )
            if oldest_dropped is not None:
                session.execute(
                    delete(ResultDocumentRow).where(
                        ResultDocumentRow.evaluation_id == evaluation_id, ResultDocumentRow.id <= oldest_dropped
                    )
                )
            return row.id

    def result_document(self, evaluation_id: int, document_id: int | None = None) -> dict[str, Any] | None:
        """The evaluation's latest result document (see ``model.result.ResultDocument``), or the one of its run
        ``document_id``; None before its first run, or when that run is not one of this evaluation's."""
        query = select(ResultDocumentRow.document).where(ResultDocumentRow.evaluation_id == evaluation_id)
        if document_id is not None:
            query = query.where(ResultDocumentRow.id == document_id)
        with self.session() as session:
            return session.scalar(query.order_by(ResultDocumentRow.id.desc()).limit(1))

    def result_runs(self, evaluation_id: int, limit: int = 100) -> list[ResultRun]:
        """The evaluation's runs that kept a result document, the latest first (without the documents)."""
        query = (
            select(
                ResultDocumentRow.id,
                ResultDocumentRow.created_at,
                ResultDocumentRow.callscout_version,
                ResultDocumentRow.options,
                RunRow.summary,
            )
            .outerjoin(RunRow, RunRow.id == ResultDocumentRow.run_id)
            .where(ResultDocumentRow.evaluation_id == evaluation_id)
            .order_by(ResultDocumentRow.id.desc())
            .limit(limit)
        )
        with self.session() as session:
            rows = session.execute(query).all()
        return [
            ResultRun(
                id=id_,
                created_at=created_at,
                callscout_version=version,
                options=options or {},
                winner=(summary or {}).get("winner"),
                confidence=(summary or {}).get("confidence"),
            )
            for id_, created_at, version, options, summary in rows
        ]

    # --- runs, findings, snapshots -------------------------------------------------------------

    def record_run(
        self,
        kind: str,
        target: str,
        findings: Sequence[Finding],
        *,
        summary: dict[str, Any] | None = None,
        snapshots: Sequence[Snapshot] = (),
        vendor_id: int | None = None,
        evaluation_id: int | None = None,
        started_at: datetime | None = None,
        status: str = "done",
    ) -> int:
        """Save a finished run with its findings and what was fetched, in one transaction."""
        with self.session() as session:
            run = RunRow(
                kind=kind,
                target=target,
                vendor_id=vendor_id,
                evaluation_id=evaluation_id,
                started_at=started_at or utcnow(),
                finished_at=utcnow(),
                status=status,
                summary=summary or {},
            )
            for finding in findings:
                run.findings.append(
                    FindingRow(
                        check=finding.check,
                        code=finding.code,
                        status=finding.status.value,
                        severity=finding.severity.value,
                        message=finding.message,
                        evidence=[item.model_dump(mode="json") for item in finding.evidence],
                        params=dict(finding.params) or None,
                    )
                )
            for snapshot in snapshots:
                digest = None
                if snapshot.body is not None:
                    digest = hashlib.sha256(snapshot.body).hexdigest()
                    if session.get(ContentRow, digest) is None:
                        session.add(ContentRow(sha256=digest, size=len(snapshot.body), body=snapshot.body))
                        session.flush()
                run.snapshots.append(
                    SnapshotRow(
                        url=snapshot.url,
                        fetched_at=snapshot.fetched_at or utcnow(),
                        status_code=snapshot.status_code,
                        content_type=snapshot.content_type,
                        sha256=digest,
                        size=len(snapshot.body) if snapshot.body is not None else 0,
                    )
                )
            session.add(run)
            session.flush()
            return run.id

    def runs(
        self, *, kind: str | None = None, target: str | None = None, vendor_id: int | None = None, limit: int = 100
    ) -> list[RunSummary]:
        """Runs newest first: the history of a target across audits."""
        query = select(RunRow).order_by(RunRow.started_at.desc(), RunRow.id.desc()).limit(limit)
        if kind:
            query = query.where(RunRow.kind == kind)
        if target:
            query = query.where(RunRow.target == target)
        if vendor_id is not None:
            query = query.where(RunRow.vendor_id == vendor_id)
        with self.session() as session:
            return [RunSummary.from_row(row) for row in session.scalars(query)]

    def evaluation_run_findings(self, evaluation_id: int, run_id: int, kind: str) -> list[Finding] | None:
        """The findings of run ``run_id`` when it is a ``kind`` run of this evaluation; None when it is not
        (another evaluation's run is not found through this one)."""
        with self.session() as session:
            found = session.scalar(
                select(RunRow.id).where(RunRow.id == run_id, RunRow.evaluation_id == evaluation_id, RunRow.kind == kind)
            )
        return self.run_findings(run_id) if found is not None else None

    def run_findings(self, run_id: int) -> list[Finding]:
        with self.session() as session:
            rows = session.scalars(select(FindingRow).where(FindingRow.run_id == run_id).order_by(FindingRow.id))
            return [
                Finding(
                    check=row.check,
                    code=row.code,
                    status=row.status,
                    severity=row.severity,
                    message=row.message,
                    evidence=row.evidence,
                    params=row.params or {},
                )
                for row in rows
            ]

    def run_snapshots(self, run_id: int) -> list[Snapshot]:
        with self.session() as session:
            rows = session.scalars(select(SnapshotRow).where(SnapshotRow.run_id == run_id).order_by(SnapshotRow.id))
            result = []
            for row in rows:
                body = session.get(ContentRow, row.sha256).body if row.sha256 else None
                result.append(
                    Snapshot(
                        url=row.url,
                        body=body,
                        status_code=row.status_code,
                        content_type=row.content_type,
                        fetched_at=row.fetched_at,
                    )
                )
            return result


def _row_by_name(session: Session, name: str) -> EvaluationRow | None:
    """The evaluation called ``name`` for the command line, which names evaluations by their files: the one
    made from the command line (no owner) first, else the only one of that name; several is an error."""
    rows = session.scalars(select(EvaluationRow).where(EvaluationRow.name == name).order_by(EvaluationRow.id)).all()
    unowned = [row for row in rows if row.owner_id is None]
    if len(unowned) == 1:
        return unowned[0]
    if len(rows) <= 1:
        return rows[0] if rows else None
    raise UsageError(
        msg(
            "store.store.several_evaluations_are_called_pass_its", name=name, ids=", ".join(str(row.id) for row in rows)
        )
    )


def _refuse_removing_graded(session: Session, vendors: list[VendorRow], evaluation_id: int | None = None) -> None:
    """Removing a vendor removes everything it owns (imports, guest links, quizzes, mystery calls), but
    submitted QA grades are immutable evidence: a vendor (or evaluation) with grades stays."""
    ids = [vendor.id for vendor in vendors if vendor.id is not None]
    if not ids and evaluation_id is None:
        return
    listing = ", ".join(str(int(vendor_id)) for vendor_id in ids) or "NULL"
    query = f"SELECT count(*) FROM qa_grades WHERE vendor_id IN ({listing})"
    if evaluation_id is not None:
        query += f" OR evaluation_id = {int(evaluation_id)}"
    graded = session.execute(text(query)).scalar()
    if graded:
        raise DataError(msg("store.store.vendor_has_submitted_qa_grade_s", count=graded))


# What a vendor may own besides its grades, as (table, what it is in Russian and English). Each table has a
# ``vendor_id`` column with ON DELETE CASCADE: deleting the vendor deletes these rows.
_VENDOR_DATA = (
    ("call_imports", ("импортов звонков", "call imports")),
    ("live_events", ("событий онлайн-контроля", "live events")),
    ("live_alerts", ("тревог", "alerts")),
    ("qa_quiz_results", ("результатов тестов операторов", "operator quiz results")),
    ("qa_mystery_calls", ("контрольных звонков", "mystery calls")),
)


def vendor_holdings(session: Session, vendor_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """What each vendor owns, by table: ``{vendor_id: {"call_imports": 2, "calls": 33344, ...}}`` (tables
    where it owns nothing left out). Calls are counted from the import manifest (survey answers, topics and
    results are columns of those calls)."""
    ids = [int(vendor_id) for vendor_id in vendor_ids]
    holdings: dict[int, dict[str, int]] = {vendor_id: {} for vendor_id in ids}
    if not ids:
        return holdings
    listing = ", ".join(str(vendor_id) for vendor_id in ids)
    for table, _label in _VENDOR_DATA:
        rows = session.execute(
            text(f"SELECT vendor_id, count(*) FROM {table} WHERE vendor_id IN ({listing}) GROUP BY vendor_id")
        )
        for vendor_id, count in rows:
            holdings[vendor_id][table] = int(count)
    rows = session.execute(
        text(
            "SELECT vendor_id, coalesce(sum(rows), 0) FROM call_imports "
            f"WHERE kind = 'calls' AND vendor_id IN ({listing}) GROUP BY vendor_id"
        )
    )
    for vendor_id, count in rows:
        if count:
            holdings[vendor_id]["calls"] = int(count)
    return {vendor_id: held for vendor_id, held in holdings.items() if held}


def holdings_text(held: dict[str, int]) -> str:
    """«импортов звонков: 2 (33344 звонков), событий онлайн-контроля: 120» in the reader's language."""
    parts = []
    for table, (russian, english) in _VENDOR_DATA:
        if held.get(table):
            part = f"{tr(russian, english)}: {held[table]}"
            if table == "call_imports" and held.get("calls"):
                part += " " + msg("store.store.calls", count=held["calls"])
            parts.append(part)
    return ", ".join(parts)


class VendorHoldsData(DataError):
    """Removing these vendors would delete their data, and nobody asked for that."""

    def __init__(self, holdings: dict[str, dict[str, int]]) -> None:
        self.holdings = holdings
        names = ", ".join(f"«{name}»" for name in holdings)
        first = next(iter(holdings))
        if len(holdings) == 1:
            what = holdings_text(holdings[first])
        else:
            what = "; ".join(f"«{name}» — {holdings_text(held)}" for name, held in holdings.items())
        super().__init__(msg("store.store.vendor_was_not_removed_it_holds", names=names, what=what, first=first))


def _refuse_removing_data(session: Session, vendors: list[VendorRow]) -> None:
    by_id = {vendor.id: vendor.name for vendor in vendors if vendor.id is not None}
    held = vendor_holdings(session, list(by_id))
    if held:
        raise VendorHoldsData({by_id[vendor_id]: items for vendor_id, items in held.items()})


class Snapshot:
    """What a run fetched, kept so its findings can be reproduced later."""

    __slots__ = ("body", "content_type", "fetched_at", "status_code", "url")

    def __init__(
        self,
        url: str,
        body: bytes | None,
        *,
        status_code: int | None = None,
        content_type: str | None = None,
        fetched_at: datetime | None = None,
    ) -> None:
        self.url = url
        self.body = body
        self.status_code = status_code
        self.content_type = content_type
        self.fetched_at = fetched_at

    @property
    def sha256(self) -> str | None:
        return hashlib.sha256(self.body).hexdigest() if self.body is not None else None


@dataclass(frozen=True)
class ResultRun:
    """One run's result document as the run list shows it: its number, time, options and outcome."""

    id: int
    created_at: datetime
    callscout_version: str
    options: dict[str, Any]
    winner: str | None
    confidence: str | None


class RunSummary:
    __slots__ = ("finished_at", "id", "kind", "started_at", "status", "summary", "target", "vendor_id")
    id: int
    kind: str
    target: str
    vendor_id: int | None
    started_at: datetime
    finished_at: datetime | None
    status: str
    summary: dict[str, Any]

    def __init__(self, **values: Any) -> None:
        for key, value in values.items():
            setattr(self, key, value)

    @classmethod
    def from_row(cls, row: RunRow) -> RunSummary:
        return cls(
            id=row.id,
            kind=row.kind,
            target=row.target,
            vendor_id=row.vendor_id,
            started_at=row.started_at,
            finished_at=row.finished_at,
            status=row.status,
            summary=row.summary,
        )


def _evaluation(row: EvaluationRow) -> Evaluation:
    from callscout.evalfile import stored_evaluation

    return stored_evaluation(row.id, row.name, row.document)


def open_store(url: str | None = None) -> Store:
    return Store(url)
