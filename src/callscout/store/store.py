"""The Store: the only place that talks to the database."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from callscout.errors import UsageError
from callscout.i18n import tr
from callscout.model import Evaluation, Finding, Vendor
from callscout.store.tables import (
    ContentRow,
    EvaluationRow,
    FindingRow,
    RunRow,
    SnapshotRow,
    VendorRow,
    utcnow,
)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


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


def _enable_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets the web app read while an import writes; foreign keys are off by default in SQLite.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


class Store:
    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = url or default_database_url()
        if self.url.startswith("sqlite:///") and not self.url.startswith("sqlite:///:memory:"):
            Path(self.url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine = create_engine(self.url, future=True)
        except (SQLAlchemyError, ImportError, ValueError) as error:
            raise UsageError(
                tr(
                    "не удалось открыть базу {url}: {error}",
                    "cannot open database {url}: {error}",
                    url=self.safe_url,
                    error=error,
                )
            ) from error
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
        from alembic import command

        try:
            with self.engine.begin() as connection:
                config = _alembic_config(self.url)
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except OperationalError as error:
            raise UsageError(
                tr(
                    "база данных {url} недоступна: {error}",
                    "database {url} is unavailable: {error}",
                    url=self.safe_url,
                    error=error.orig,
                )
            ) from error

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

    def save_evaluation(self, evaluation: Evaluation, source_path: str | None = None) -> int:
        """Insert or update an evaluation by name, its vendors mirrored (removed ones deleted)."""
        with self.session() as session:
            row = session.scalar(select(EvaluationRow).where(EvaluationRow.name == evaluation.name))
            if row is None:
                row = EvaluationRow(name=evaluation.name, document={})
                session.add(row)
            row.document = evaluation.model_dump(mode="json")
            if source_path is not None:
                row.source_path = source_path
            existing = {vendor.name: vendor for vendor in row.vendors}
            wanted = []
            for position, vendor in enumerate(evaluation.vendors):
                vendor_row = existing.pop(vendor.name, None) or VendorRow(name=vendor.name, document={})
                vendor_row.position = position
                vendor_row.website = vendor.website
                vendor_row.document = vendor.model_dump(mode="json")
                wanted.append(vendor_row)
            row.vendors = wanted
            session.flush()
            return row.id

    def load_evaluation(self, name: str) -> Evaluation | None:
        with self.session() as session:
            row = session.scalar(select(EvaluationRow).where(EvaluationRow.name == name))
            return Evaluation.model_validate(row.document) if row else None

    def evaluation_id(self, name: str) -> int | None:
        with self.session() as session:
            return session.scalar(select(EvaluationRow.id).where(EvaluationRow.name == name))

    def evaluation_by_id(self, evaluation_id: int) -> Evaluation | None:
        with self.session() as session:
            row = session.get(EvaluationRow, evaluation_id)
            return Evaluation.model_validate(row.document) if row else None

    def evaluation_names(self) -> list[str]:
        with self.session() as session:
            return list(session.scalars(select(EvaluationRow.name).order_by(EvaluationRow.name)))

    def delete_evaluation(self, name: str) -> bool:
        with self.session() as session:
            row = session.scalar(select(EvaluationRow).where(EvaluationRow.name == name))
            if row is None:
                return False
            session.delete(row)
            return True

    def vendor_id(self, evaluation_name: str, vendor_name: str) -> int | None:
        with self.session() as session:
            return session.scalar(
                select(VendorRow.id)
                .join(EvaluationRow)
                .where(EvaluationRow.name == evaluation_name, VendorRow.name == vendor_name)
            )

    def vendors(self, evaluation_name: str) -> list[Vendor]:
        with self.session() as session:
            rows = session.scalars(
                select(VendorRow)
                .join(EvaluationRow)
                .where(EvaluationRow.name == evaluation_name)
                .order_by(VendorRow.position)
            )
            return [Vendor.model_validate(row.document) for row in rows]

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


class RunSummary:
    __slots__ = ("finished_at", "id", "kind", "started_at", "status", "summary", "target", "vendor_id")

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


def open_store(url: str | None = None) -> Store:
    return Store(url)
