"""Where imported calls live: Parquet files beside the SQL store, listed in its ``call_imports`` table.

An import writes a temporary Parquet file, checks every row (problems, duplicates), renames the file
into place and commits its manifest row; readers only ever see files the manifest names. A crash or a
kill at any point therefore leaves the store as it was: at worst an unlisted file, removed next time.
"""

from __future__ import annotations

import fcntl
import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from callscout.calls import aggregates
from callscout.calls.formats import (
    PlanOptions,
    StagePlan,
    detect_format,
    get_format,
    json_fault_line,
    orders_plan,
    queue_log_agent_states_sql,
    queue_log_calls_sql,
)
from callscout.calls.mapping import ColumnMapping
from callscout.calls.objects import ObjectStore, calls_url
from callscout.calls.schema import ENUM_VOCABULARIES, MACROS
from callscout.calls.sources import Progress, Source, file_sha256, prepare, sql_literal
from callscout.calls.tables import CallImportRow, CallMappingRow
from callscout.errors import DataError, UsageError
from callscout.i18n import tr
from callscout.store import Store, home_directory
from callscout.store.jobs import remove_if_writer_gone
from callscout.store.tables import EvaluationRow, VendorRow

MAX_REPORTED_PROBLEMS = 5
# Files a call import lists in its details beside its calls (removed and read with them).
DETAIL_KINDS = ("agent_states", aggregates.DETAIL)
# How long an import waits for another import of the same vendor to commit.
LOCK_WAIT_S = 600.0
_CSV_LINE = re.compile(r"(?:CSV Error on Line|Line):\s*(\d+)")


def data_directory(store: Store) -> Path:
    configured = os.environ.get("CALLSCOUT_CALLS_DIR")
    if configured:
        return Path(configured).expanduser()
    if store.url.startswith("sqlite:///") and ":memory:" not in store.url:
        database = Path(store.url.removeprefix("sqlite:///")).expanduser()
        return database.with_name(database.stem + ".calls")
    return home_directory() / "calls"


def connect(memory_limit: str | None = None, threads: int | None = None) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(":memory:")
    if memory_limit:
        connection.execute(f"SET memory_limit = {sql_literal(memory_limit)}")
    if threads:
        connection.execute(f"SET threads = {int(threads)}")
    # Progress is tracked for the import's progress bar but never printed: stdout belongs to the shell.
    connection.execute("SET enable_progress_bar = true")
    connection.execute("SET enable_progress_bar_print = false")
    connection.execute(MACROS)
    return connection


@dataclass
class ImportResult:
    import_id: int | None
    vendor: str
    format: str
    source: str
    rows: int
    first_at: datetime | None
    last_at: datetime | None
    skipped: bool = False
    outcomes: dict[str, int] = field(default_factory=dict)
    mapping: ColumnMapping | None = None
    detected: bool = False  # the format was recognised, not named by the user
    # The same classes as ``calls kpi`` (kpi.import_losses): answered, abandoned (after the short-abandon
    # threshold), short_abandoned, ivr, incomplete, phantom, outbound; offered = answered + both abandons.
    losses: dict[str, Any] = field(default_factory=dict)
    missing_fields: list[str] = field(default_factory=list)  # call fields the KPIs use that no column gave
    lookalikes: list[tuple[str, str]] = field(default_factory=list)  # (header, field) looked like one, unused
    timezone: dict[str, Any] | None = None  # {"zone": ..., "how": "aware" | "named"} when zones mattered
    joined_events: int = 0  # calls of the CDR that a joined queue_log told more about

    def as_dict(self) -> dict[str, Any]:
        return {
            "import_id": self.import_id,
            "vendor": self.vendor,
            "format": self.format,
            "source": self.source,
            "rows": self.rows,
            "first_at": self.first_at.isoformat() if self.first_at else None,
            "last_at": self.last_at.isoformat() if self.last_at else None,
            "skipped": self.skipped,
            "outcomes": self.outcomes,
            "detected": self.detected,
            "columns": dict(self.mapping.columns) if self.mapping else None,
            "losses": self.losses,
            "missing_fields": self.missing_fields,
            "lookalike_headers": [{"header": header, "field": name} for header, name in self.lookalikes],
            "timezone": self.timezone,
            "joined_events": self.joined_events,
        }


class CallStore:
    """Call logs and orders of every vendor, over one SQL store."""

    def __init__(self, store: Store, directory: Path | None = None) -> None:
        self.store = store
        self.directory = directory or data_directory(store)
        # The Parquet files on an object store (CALLSCOUT_CALLS_URL=s3://…); ``directory`` is then the local
        # work area only (staging, checks, locks).
        self.remote: ObjectStore | None = ObjectStore.from_url(url) if (url := calls_url()) else None
        self.work_dir = self.directory / "tmp"
        self.directory.mkdir(parents=True, exist_ok=True)
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self._remove_orphans()

    # --- manifest ---------------------------------------------------------------------------------
    # Every read is scoped by an evaluation id (and vendor ids inside it): there is no way to list or read
    # another evaluation's imports through a vendor's name.

    def imports(
        self, evaluation_id: int, *, vendor_ids: Iterable[int] | None = None, kind: str = "calls"
    ) -> list[CallImportRow]:
        """The evaluation's imports of ``kind``; ``vendor_ids`` keeps those of these vendors."""
        query = (
            select(CallImportRow)
            .where(CallImportRow.evaluation_id == evaluation_id, CallImportRow.kind == kind)
            .order_by(CallImportRow.id)
        )
        if vendor_ids is not None:
            query = query.where(CallImportRow.vendor_id.in_(list(vendor_ids)))
        with self.store.session() as session:
            return list(session.scalars(query).unique())

    def vendors(self, evaluation_id: int) -> list[int]:
        """Ids of the evaluation's vendors that have imported calls."""
        with self.store.session() as session:
            rows = session.scalars(
                select(CallImportRow.vendor_id)
                .where(
                    CallImportRow.evaluation_id == evaluation_id,
                    CallImportRow.kind == "calls",
                    CallImportRow.vendor_id.is_not(None),
                )
                .distinct()
            )
            return sorted(rows)

    def files(
        self, evaluation_id: int, vendor_ids: Iterable[int] | None = None, kind: str = "calls"
    ) -> list[Path | str]:
        """The listed files of ``kind``: calls, orders, or agent_states (kept with the calls they came with);
        on an object store their s3:// URLs (DuckDB reads them through ``ObjectStore.register``)."""
        return [self._located(relative) for relative in self._relative_files(evaluation_id, vendor_ids, kind)]

    def _relative_files(self, evaluation_id: int, vendor_ids: Iterable[int] | None, kind: str) -> list[str]:
        if kind in DETAIL_KINDS:
            rows = self.imports(evaluation_id, vendor_ids=vendor_ids, kind="calls")
            return [row.details[kind] for row in rows if (row.details or {}).get(kind)]
        return [row.data_path for row in self.imports(evaluation_id, vendor_ids=vendor_ids, kind=kind)]

    def _located(self, relative: str) -> Path | str:
        return self.remote.url(relative) if self.remote else self.directory / relative

    def listed_files(
        self, evaluation_id: int, vendor_ids: Iterable[int] | None = None, root: str | None = None
    ) -> dict[str, list[str]]:
        """The files the manifest lists, by view (calls, orders, agent_states), under ``root``: the same
        layout read by another engine from where it sees it (a cluster's ``s3a://bucket/prefix``)."""
        # Spark names S3 s3a:// (Hadoop's S3A connector); DuckDB and s3fs name it s3://.
        default = self.remote.root("s3a") if self.remote else str(self.directory)
        base = (root or default).rstrip("/")
        return {
            view: [f"{base}/{relative}" for relative in self._relative_files(evaluation_id, ids, kind)]
            for view, ids, kind in (
                ("calls", vendor_ids, "calls"),
                ("orders", None, "orders"),  # the shop's, as in ``attach``
                ("agent_states", vendor_ids, "agent_states"),
            )
        }

    @contextmanager
    def spark_reader(
        self,
        evaluation_id: int,
        vendor_ids: Iterable[int] | None = None,
        *,
        options: Any = None,
        root: str | None = None,
    ) -> Iterator[Any]:
        """A DuckDB-like connection on Spark (``calls.spark``) over the same listed files: a query cannot
        see another evaluation's calls there either."""
        from callscout.calls.spark import SparkOptions, spark_reader, spark_session

        session = spark_session(options or SparkOptions())
        connection = spark_reader(
            session,
            self.listed_files(evaluation_id, vendor_ids, root),
            untold=self.untold_rows(evaluation_id, vendor_ids),
        )
        try:
            yield connection
        finally:
            connection.close()

    def _files_by_vendor(
        self, evaluation_id: int, vendor_ids: Iterable[int] | None, kind: str
    ) -> list[tuple[str, list[Path | str]]]:
        """The files of ``kind`` grouped by the vendor's name as it is now (its id owns the files; the name
        written into them at import may be an old one); on an object store their s3:// URLs."""
        rows = self.imports(evaluation_id, vendor_ids=vendor_ids, kind="calls" if kind in DETAIL_KINDS else kind)
        groups: dict[str, list[Path | str]] = {}
        for row in rows:
            if kind in DETAIL_KINDS:
                relative = (row.details or {}).get(kind)
                if not relative:
                    continue
            else:
                relative = row.data_path
            groups.setdefault(row.vendor_name, []).append(self._located(relative))
        return list(groups.items())

    def remove_import(self, evaluation_id: int, import_id: int) -> CallImportRow | None:
        """Remove one of this evaluation's imports; another evaluation's import "does not exist" (None)."""
        with self.store.session() as session:
            row = session.get(CallImportRow, import_id)
            if row is None or row.evaluation_id != evaluation_id:
                return None
            relatives = _data_paths(row)
            session.delete(row)
        # The manifest row is gone first, so a crash here only leaves unlisted files.
        if self.remote:
            self.remote.remove(relatives)
        for relative in relatives:
            (self.directory / relative).unlink(missing_ok=True)
        return row

    def _remove_orphans(self) -> None:
        """Delete files no manifest row names whose writer process is gone (a killed import)."""
        with self.store.session() as session:
            rows = list(session.scalars(select(CallImportRow)).unique())
        listed = {relative for row in rows for relative in _data_paths(row)}
        if self.remote:
            # Uploads of imports that died (final keys appear only inside the manifest's transaction); another
            # machine may be importing right now: only objects of an import long dead go.
            self.remote.remove(
                [
                    key
                    for key, modified in self.remote.listing("tmp/").items()
                    if key not in listed and self.remote.stale(modified)
                ]
            )
        for path in list(self.directory.glob("*/*.parquet")) + list(self.work_dir.glob("*")):
            relative = path.relative_to(self.directory).as_posix()
            if relative in listed:
                continue
            remove_if_writer_gone(path)  # files and upload folders of a killed import or upload

    # --- mappings ---------------------------------------------------------------------------------

    def save_mapping(self, name: str, mapping: ColumnMapping) -> None:
        with self.store.session() as session:
            row = session.scalar(select(CallMappingRow).where(CallMappingRow.name == name))
            if row is None:
                row = CallMappingRow(name=name, document={})
                session.add(row)
            row.document = mapping.model_dump(mode="json")

    def mapping(self, name: str) -> ColumnMapping:
        with self.store.session() as session:
            row = session.scalar(select(CallMappingRow).where(CallMappingRow.name == name))
            if row is None:
                known = ", ".join(self.mapping_names()) or tr("нет", "none")
                raise UsageError(
                    tr(
                        "сопоставление {name!r} не найдено; сохранённые: {known}",
                        "mapping {name!r} not found; saved: {known}",
                        name=name,
                        known=known,
                    )
                )
            return ColumnMapping.model_validate(row.document)

    def mapping_names(self) -> list[str]:
        with self.store.session() as session:
            return list(session.scalars(select(CallMappingRow.name).order_by(CallMappingRow.name)))

    def delete_mapping(self, name: str) -> bool:
        with self.store.session() as session:
            return bool(session.execute(delete(CallMappingRow).where(CallMappingRow.name == name)).rowcount)

    # --- reading ----------------------------------------------------------------------------------

    @contextmanager
    def reader(
        self,
        evaluation_id: int,
        vendor_ids: Iterable[int] | None = None,
        *,
        memory_limit: str | None = None,
        threads: int | None = None,
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A DuckDB connection with views ``calls`` and ``orders`` over the listed files of this evaluation
        only (of ``vendor_ids`` only, when given): a query cannot see another evaluation's calls."""
        connection = connect(memory_limit, threads)
        try:
            self.attach(connection, evaluation_id, vendor_ids)
            yield connection
        finally:
            connection.close()

    def attach(
        self, connection: duckdb.DuckDBPyConnection, evaluation_id: int, vendor_ids: Iterable[int] | None = None
    ) -> None:
        vendor_ids = None if vendor_ids is None else list(vendor_ids)
        from callscout.calls.schema import AGENT_STATE_COLUMNS, COLUMNS, ORDER_COLUMNS

        if self.remote:
            self.remote.register(connection)

        for view, kind, columns in (
            ("calls", "calls", COLUMNS),
            ("orders", "orders", ORDER_COLUMNS),
            ("agent_states", "agent_states", AGENT_STATE_COLUMNS),
        ):
            # The shop's orders are the evaluation's (conversion needs all of them), calls the vendors'.
            groups = self._files_by_vendor(evaluation_id, None if kind == "orders" else vendor_ids, kind)
            if groups:
                read = _union_read(groups, rename=kind != "orders")
                connection.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM {read}")
                present = {row[0] for row in connection.execute(f"DESCRIBE {view}").fetchall()}
                absent = [name for name in columns if name not in present]
                if absent:
                    added = "".join(f", CAST(NULL AS {columns[name]}) AS {name}" for name in absent)
                    connection.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT *{added} FROM {read}")
            else:
                empty = ", ".join(f"CAST(NULL AS {kind_}) AS {name}" for name, kind_ in columns.items())
                connection.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT {empty} WHERE false")
        self._attach_aggregates(connection, evaluation_id, vendor_ids)
        self._attach_untold(connection, evaluation_id, vendor_ids)

    def _attach_untold(
        self, connection: duckdb.DuckDBPyConnection, evaluation_id: int, vendor_ids: list[int] | None
    ) -> None:
        from callscout.calls import kpi

        connection.execute(kpi.untold_view_sql(self.untold_rows(evaluation_id, vendor_ids)))

    def untold_rows(
        self, evaluation_id: int, vendor_ids: Iterable[int] | None = None
    ) -> list[tuple[str, datetime, datetime, bool, bool]]:
        """Per call import its vendor's name, its span, and whether its format cannot show IVR-only or phantom
        calls (``Format.cannot_tell``, none counted in it): the calls' rows do not say which file they came from,
        and ``kpi.untold_outcomes`` needs it (the view ``call_imports_untold`` on DuckDB and on Spark)."""
        from callscout.calls.formats import all_formats

        rows = []
        for row in self.imports(evaluation_id, vendor_ids=vendor_ids, kind="calls"):
            if not (row.first_at and row.last_at):
                continue
            fmt = all_formats().get(row.format)
            cannot_tell = fmt.cannot_tell if fmt else ()
            losses = (row.details or {}).get("losses") or {}
            untold = [outcome in cannot_tell and not losses.get(outcome) for outcome in ("ivr", "phantom")]
            rows.append((row.vendor_name, row.first_at, row.last_at, untold[0], untold[1]))
        return rows

    def _attach_aggregates(
        self, connection: duckdb.DuckDBPyConnection, evaluation_id: int, vendor_ids: list[int] | None
    ) -> None:
        """The view ``call_aggregates`` over the imports' aggregate rows, only when every listed call import
        has them (imports made before they existed have none until ``build_aggregates``): the indicators
        then read them, else the calls."""
        rows = self.imports(evaluation_id, vendor_ids=vendor_ids, kind="calls")
        complete = bool(rows) and all((row.details or {}).get(aggregates.DETAIL) for row in rows)
        entries = sum(int((row.details or {}).get(aggregates.ENTRIES) or 0) for row in rows)
        if not complete or not aggregates.worth_reading(entries, sum(row.rows for row in rows)):
            connection.execute(f"DROP VIEW IF EXISTS {aggregates.VIEW}")
            return
        groups = self._files_by_vendor(evaluation_id, vendor_ids, aggregates.DETAIL)
        read = _union_read(groups, rename=True)
        connection.execute(f"CREATE OR REPLACE VIEW {aggregates.VIEW} AS SELECT * FROM {read}")

    def build_aggregates(self, evaluation_id: int, vendor_ids: Iterable[int] | None = None) -> int:
        """Aggregate rows for the listed call imports that have none (made before they existed) where their
        calls are dense enough (``aggregates.worth_building``), each file placed first and then named in its
        manifest row (a crash between leaves an unlisted file, removed as an orphan). Returns how many imports
        got them."""
        built = 0
        for row in self.imports(evaluation_id, vendor_ids=vendor_ids, kind="calls"):
            if (row.details or {}).get(aggregates.DETAIL):
                continue
            owner = Owner(evaluation_id, row.vendor_id, row.vendor_name)
            with self.vendor_lock(owner, row.source_name):
                token = f"p{os.getpid()}-{uuid.uuid4().hex[:12]}"
                relative = f"{owner.folder}/aggregates-{token}.parquet"
                staged = self.work_dir / f"aggregates-{token}.parquet"
                connection = connect()
                try:
                    if self.remote:
                        self.remote.register(connection)
                    source = f"read_parquet({sql_literal(self._located(row.data_path))})"
                    if not aggregates.worth_building(connection, source, row.rows):
                        continue  # calls too sparse for aggregate rows to pay: read from the calls
                    connection.execute(
                        f"COPY ({aggregates.build_sql(source, row.vendor_name)}) TO {sql_literal(staged)} "
                        "(FORMAT parquet)"
                    )
                    entries = connection.execute(aggregates.entries_sql(sql_literal(staged))).fetchone()[0]
                finally:
                    connection.close()
                try:
                    if self.remote:
                        self.remote.put(staged, relative)
                    else:
                        (self.directory / relative).parent.mkdir(parents=True, exist_ok=True)
                        os.replace(staged, self.directory / relative)
                finally:
                    staged.unlink(missing_ok=True)
                with self.store.session() as session:
                    listed = session.get(CallImportRow, row.id)
                    if listed is None:  # removed meanwhile: its aggregates go too
                        self._unlink(relative)
                        continue
                    listed.details = {
                        **(listed.details or {}),
                        aggregates.DETAIL: relative,
                        aggregates.ENTRIES: int(entries),
                    }
                built += 1
        return built

    def _unlink(self, relative: str) -> None:
        if self.remote:
            self.remote.remove([relative])
        (self.directory / relative).unlink(missing_ok=True)

    # --- importing --------------------------------------------------------------------------------

    def import_file(
        self,
        path: Path,
        *,
        evaluation_id: int,
        vendor_id: int | None,
        format_name: str | None = None,
        mapping: ColumnMapping | None = None,
        kind: str = "calls",
        if_exists: str = "error",
        progress: Progress | None = None,
        timezone: str | None = None,
        short_abandon_s: float | None = None,
        events: Path | None = None,
    ) -> ImportResult:
        """Import one file all-or-nothing for one vendor of one evaluation (``vendor_id`` None: the shop's
        orders, the evaluation's own); raises ``DataError`` naming the file and line of each problem.
        ``timezone`` (IANA name) is the zone times written with a zone are converted into, and the zone of
        naive times in a file that mixes both; ``short_abandon_s`` the threshold of the summary's losses;
        ``events`` an Asterisk queue_log (file or table export) of the same calls as a CDR ``path``: its queue
        events are joined to the CDR's calls by uniqueid (see ``_join_events``)."""
        path = Path(path)
        vendor = self._owner_name(evaluation_id, vendor_id, kind)
        owner = Owner(evaluation_id, vendor_id, vendor)
        zone_of_evaluation = self._evaluation_zone(evaluation_id)
        for leftover in self.work_dir.glob("*-p*-*"):
            remove_if_writer_gone(leftover)  # an earlier upload or import killed mid-way (kill -9)
        digest: dict[str, str] = {}
        hasher = threading.Thread(target=lambda: digest.update(sha=file_sha256(path)), daemon=True)
        source = prepare(path, self.work_dir, progress)
        hasher.start()
        token = f"p{os.getpid()}-{uuid.uuid4().hex[:12]}"
        stage_path = self.work_dir / f"stage-{token}.parquet"
        final_relative = f"{owner.folder}/{kind}-{token}.parquet"
        final_path = self.directory / final_relative
        connection = connect()
        if self.remote:
            self.remote.register(connection)  # the clash check reads the vendor's files already imported
        try:
            if kind == "orders":
                fmt_name, plan = "orders", orders_plan(source, vendor)
            else:
                fmt = get_format(format_name) if format_name else detect_format(source)
                fmt_name, plan = fmt.name, fmt.plan(source, vendor, mapping, PlanOptions(timezone, zone_of_evaluation))
            # The events stage of a queue log has its own columns; every other output is normalised rows.
            normalised = None if plan.events else vendor
            # Events are folded in file order; calls are written in whatever order the threads finish
            # (cheaper, and parallel), and put in file order again only when a bad line must be named.
            self._write_stage(
                connection, plan, stage_path, source, progress, normalised, in_order=plan.events or bool(plan.fold)
            )

            def in_file_order() -> None:
                self._copy(connection, plan.sql, stage_path, source, normalised, in_order=True)

            reorder = None if plan.events else in_file_order
            read_rows = None
            if progress:
                # Parquet keeps its row count in the footer: free to tell the user how much was read.
                read_rows = connection.execute(
                    f"SELECT count(*) FROM read_parquet({sql_literal(stage_path)})"
                ).fetchone()[0]
                progress("check", 0.0, read_rows)
            self._check_problems(connection, stage_path, plan, source.name, reorder)
            # An event log's agent logins and pauses, beside its calls (listed in the calls' manifest row).
            states_path: Path | None = None
            if plan.events:
                calls_path = self.work_dir / f"calls-{token}.parquet"
                calls_sql = queue_log_calls_sql(f"read_parquet({sql_literal(stage_path)})", vendor)
                self._copy(connection, calls_sql, calls_path, source, vendor)
                states_path = self.work_dir / f"agents-{token}.parquet"
                states_sql = queue_log_agent_states_sql(
                    f"read_parquet({sql_literal(stage_path)}, file_row_number=true)", vendor
                )
                self._copy(connection, states_sql, states_path, source)
                states_count = f"SELECT count(*) FROM read_parquet({sql_literal(states_path)})"
                if not connection.execute(states_count).fetchone()[0]:
                    states_path.unlink()
                    states_path = None
                stage_path.unlink(missing_ok=True)
                stage_path = calls_path
            elif plan.fold is not None:
                # One row per leg checked line by line above; one row per call from here on.
                calls_path = self.work_dir / f"calls-{token}.parquet"
                fold_sql = plan.fold(f"read_parquet({sql_literal(stage_path)})")
                self._copy(connection, fold_sql, calls_path, source, vendor)
                stage_path.unlink(missing_ok=True)
                stage_path = calls_path
            joined = 0
            if events is not None:
                if plan.events:
                    raise UsageError(
                        tr(
                            "queue_log присоединяется к CDR, а не к другому queue_log",
                            "a queue_log is joined to a CDR, not to another queue_log",
                        )
                    )
                stage_path, states_path, joined = self._join_events(
                    connection, stage_path, Path(events), vendor, token, PlanOptions(timezone, zone_of_evaluation)
                )
            hasher.join()
            sha = digest.get("sha") or file_sha256(path)
            already = self._already_imported(owner, kind, sha, source.name, if_exists)
            if already is not None:
                return already
            key = "order_id" if kind == "orders" else "call_id"
            if progress:
                progress("check", 0.5, read_rows)
            self._check_duplicates(connection, stage_path, plan, source.name, key, reorder)
            time_column = "ordered_at" if kind == "orders" else "arrival"
            rows, first_at, last_at = connection.execute(
                f"SELECT count(*), min({time_column}), max({time_column}) FROM read_parquet({sql_literal(stage_path)})"
            ).fetchone()
            if not rows:
                raise DataError(tr("{name}: в файле нет звонков", "{name}: the file holds no calls", name=source.name))
            outcomes: dict[str, int] = {}
            losses: dict[str, Any] = {}
            missing: list[str] = []
            if kind == "calls":
                from callscout.calls import kpi

                settings = kpi.KpiSettings()
                if short_abandon_s is not None:
                    settings.short_abandon_s = short_abandon_s
                summary = kpi.import_summary(
                    connection,
                    f"read_parquet({sql_literal(stage_path)})",
                    settings,
                    cannot_tell=fmt.cannot_tell,
                )
                outcomes, losses, missing = summary["outcomes"], summary["losses"], summary["missing_fields"]
            aggregates_path: Path | None = None
            if kind == "calls" and aggregates.worth_building(
                connection, f"read_parquet({sql_literal(stage_path)})", rows
            ):
                # The import's aggregate rows (``calls.aggregates``), committed with its calls or not at all.
                aggregates_path = self.work_dir / f"aggregates-{token}.parquet"
                connection.execute(
                    f"COPY ({aggregates.build_sql(f'read_parquet({sql_literal(stage_path)})', vendor)}) "
                    f"TO {sql_literal(aggregates_path)} (FORMAT parquet, COMPRESSION snappy)"
                )
                counted = connection.execute(aggregates.entries_sql(sql_literal(aggregates_path))).fetchone()
                aggregate_entries = counted[0] if counted else 0
            if progress:
                progress("check", 1.0, read_rows)
                progress("commit", 0.0, rows)
            # What another import of this vendor may change meanwhile (the imported files, the ids in them)
            # is checked again under the vendor's lock, and the manifest row is committed under it.
            with self.vendor_lock(owner, source.name):
                already = self._already_imported(owner, kind, sha, source.name, if_exists)
                if already is not None:
                    return already
                self._check_clashes(connection, stage_path, source.name, key, owner, kind)
                moves = [(stage_path, final_path)]
                details: dict[str, Any] = {
                    "outcomes": outcomes,
                    "losses": losses,
                    "missing_fields": missing,
                    "encoding": source.encoding,
                    "original_path": str(path.resolve()),
                }
                if states_path is not None:
                    details["agent_states"] = f"{owner.folder}/agents-{token}.parquet"
                    moves.append((states_path, self.directory / details["agent_states"]))
                if aggregates_path is not None:
                    details[aggregates.DETAIL] = f"{owner.folder}/aggregates-{token}.parquet"
                    details[aggregates.ENTRIES] = int(aggregate_entries)
                    moves.append((aggregates_path, self.directory / details[aggregates.DETAIL]))
                import_id = self._commit(
                    moves,
                    CallImportRow(
                        evaluation_id=evaluation_id,
                        vendor_id=vendor_id,
                        kind=kind,
                        format=fmt_name,
                        source_name=str(path.name),
                        source_sha256=sha,
                        source_size=path.stat().st_size,
                        rows=rows,
                        data_path=final_relative,
                        first_at=first_at,
                        last_at=last_at,
                        details=details,
                    ),
                )
            if progress:
                progress("commit", 1.0, rows)
            return ImportResult(
                import_id,
                vendor,
                fmt_name,
                source.name,
                rows,
                first_at,
                last_at,
                outcomes=outcomes,
                mapping=plan.mapping,
                detected=format_name is None and kind == "calls",
                losses=losses,
                missing_fields=missing,
                lookalikes=list(plan.lookalikes),
                timezone=(
                    {"zone": PlanOptions(timezone, zone_of_evaluation).zone, "how": plan.zones} if plan.zones else None
                ),
                joined_events=joined,
            )
        except duckdb.Error as error:
            # Whatever step DuckDB failed in (reading, checking, folding), the user gets words, not its text.
            raise _reader_error(error, source) from error
        finally:
            connection.close()
            source.cleanup()
            stage_path.unlink(missing_ok=True)
            for leftover in self.work_dir.glob(f"*{token}*"):
                leftover.unlink(missing_ok=True)

    def _join_events(
        self,
        connection: duckdb.DuckDBPyConnection,
        calls_path: Path,
        events_path: Path,
        vendor: str,
        token: str,
        options: PlanOptions,
    ) -> tuple[Path, Path | None, int]:
        """A CDR's calls with what the queue_log says about the same calls (its callid is the CDR's uniqueid):
        the queue, the agent who answered, the wait in the queue, the outcome in the queue, how it ended and
        who hung up come from the queue events; caller, times and recording from the CDR. Queue calls the CDR
        lacks are added; the queue_log's agent logins and pauses are kept as for a queue_log import."""
        source = prepare(events_path, self.work_dir)
        try:
            fmt = detect_format(source)
            if not fmt.name.startswith("asterisk_queue_log"):
                raise DataError(
                    tr(
                        "{name}: присоединить можно только Asterisk queue_log (файл или выгрузку таблицы), а это {fmt}",
                        "{name}: only an Asterisk queue_log (file or table export) can be joined, this is {fmt}",
                        name=source.name,
                        fmt=fmt.name,
                    )
                )
            plan = fmt.plan(source, vendor, None, options)
            events_stage = self.work_dir / f"events-{token}.parquet"
            self._copy(connection, plan.sql, events_stage, source, in_order=True)
            self._check_problems(connection, events_stage, plan, source.name, None)
            events_rel = f"read_parquet({sql_literal(events_stage)})"
            queue_calls = queue_log_calls_sql(events_rel, vendor)
            joined_path = self.work_dir / f"joined-{token}.parquet"
            taken = ("queue", "agent", "wait_s", "outcome", "exit_reason", "disconnect_side")
            replaced = ", ".join(
                f"CASE WHEN q.call_id IS NULL THEN c.{name} ELSE q.{name} END AS {name}" for name in taken
            )
            joined_sql = f"""
WITH c AS (SELECT * FROM read_parquet({sql_literal(calls_path)})),
     q AS (SELECT * FROM ({queue_calls}))
SELECT c.* REPLACE ({replaced},
       CASE WHEN q.call_id IS NULL THEN c.talk_s ELSE coalesce(q.talk_s, c.talk_s) END AS talk_s,
       CASE WHEN q.call_id IS NULL THEN c.answered_at ELSE coalesce(q.answered_at, c.answered_at) END AS answered_at)
FROM c LEFT JOIN q ON q.call_id = c.call_id
UNION ALL BY NAME
SELECT * FROM q WHERE call_id NOT IN (SELECT call_id FROM c)"""
            self._copy(connection, joined_sql, joined_path, source, vendor)
            matched = connection.execute(
                f"SELECT count(*) FROM read_parquet({sql_literal(calls_path)}) c "
                f"SEMI JOIN ({queue_calls}) q ON q.call_id = c.call_id"
            ).fetchone()[0]
            states_path: Path | None = self.work_dir / f"agents-{token}.parquet"
            states_sql = queue_log_agent_states_sql(
                f"read_parquet({sql_literal(events_stage)}, file_row_number=true)", vendor
            )
            self._copy(connection, states_sql, states_path, source)
            if not connection.execute(f"SELECT count(*) FROM read_parquet({sql_literal(states_path)})").fetchone()[0]:
                states_path.unlink()
                states_path = None
            events_stage.unlink(missing_ok=True)
            calls_path.unlink(missing_ok=True)
            return joined_path, states_path, int(matched)
        finally:
            source.cleanup()

    def _owner_name(self, evaluation_id: int, vendor_id: int | None, kind: str) -> str:
        """The vendor's name (written into its calls), after checking the vendor is this evaluation's."""
        with self.store.session() as session:
            if vendor_id is None:
                if kind != "orders":
                    raise UsageError(tr("укажите вендора: --vendor НАЗВАНИЕ", "name the vendor: --vendor NAME"))
                if session.get(EvaluationRow, evaluation_id) is None:
                    raise UsageError(tr("оценка не найдена", "evaluation not found"))
                return "orders"
            row = session.get(VendorRow, vendor_id)
            if row is None or row.evaluation_id != evaluation_id:
                raise UsageError(tr("вендор не найден в этой оценке", "the vendor is not in this evaluation"))
            return row.name

    def _evaluation_zone(self, evaluation_id: int) -> str | None:
        """The evaluation's time zone (``needs.timezone``), the import's zone unless the user names one."""
        with self.store.session() as session:
            row = session.get(EvaluationRow, evaluation_id)
            needs = (row.document or {}).get("needs") if row is not None else None
            return needs.get("timezone") if isinstance(needs, dict) else None

    def _owned(self, owner: Owner, kind: str) -> list[CallImportRow]:
        """The owner's imports of ``kind`` (the evaluation's own orders when the owner has no vendor id)."""
        query = select(CallImportRow).where(
            CallImportRow.evaluation_id == owner.evaluation_id, CallImportRow.kind == kind
        )
        query = query.where(
            CallImportRow.vendor_id.is_(None) if owner.vendor_id is None else CallImportRow.vendor_id == owner.vendor_id
        )
        with self.store.session() as session:
            return list(session.scalars(query.order_by(CallImportRow.id)).unique())

    def _already_imported(self, owner: Owner, kind: str, sha: str, name: str, if_exists: str) -> ImportResult | None:
        """The earlier import of the same file (``if_exists="skip"``), an error, or None when it is new."""
        vendor = owner.name
        existing = next((row for row in self._owned(owner, kind) if row.source_sha256 == sha), None)
        if existing is None:
            return None
        if if_exists == "skip":
            return ImportResult(
                existing.id,
                vendor,
                existing.format,
                name,
                existing.rows,
                existing.first_at,
                existing.last_at,
                skipped=True,
            )
        raise DataError(
            tr(
                "{name}: этот файл уже импортирован для {vendor} (импорт №{id})",
                "{name}: this file is already imported for {vendor} (import #{id})",
                name=name,
                vendor=vendor,
                id=existing.id,
            )
        )

    @contextmanager
    def vendor_lock(self, owner: Owner, name: str) -> Iterator[None]:
        """Imports of one vendor, in any process or thread on this machine, commit one at a time: an advisory
        lock (flock) on a file in the vendor's folder, released by the kernel if the holder dies. A second
        import waits for the first (both land, unless their calls clash) up to ``CALLSCOUT_IMPORT_LOCK_WAIT_S``
        seconds, then stops with "import in progress"."""
        vendor = owner.name
        folder = self.directory / owner.folder
        folder.mkdir(parents=True, exist_ok=True)
        wait_s = float(os.environ.get("CALLSCOUT_IMPORT_LOCK_WAIT_S", LOCK_WAIT_S))
        deadline = time.monotonic() + wait_s
        with open(folder / ".import.lock", "a+b") as handle:
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise DataError(
                            tr(
                                "{name}: для {vendor} идёт другой импорт; ничего не импортировано, повторите позже",
                                "{name}: another import for {vendor} is in progress; nothing was imported, "
                                "try again later",
                                name=name,
                                vendor=vendor,
                            )
                        ) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _commit(self, moves: list[tuple[Path, Path]], row: CallImportRow) -> int:
        """Commit the manifest row with its files moved from the work folder into place."""

        if self.remote:
            return self._commit_remote(moves, row)

        def undo() -> None:
            for _staged, final in moves:
                final.unlink(missing_ok=True)

        try:
            with self.store.session() as session:
                session.add(row)
                session.flush()
                # Renamed inside the transaction: if the commit fails the files go, if a rename fails
                # the row goes; a kill in between leaves unlisted files for _remove_orphans.
                for staged, final in moves:
                    final.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(staged, final)
                import_id = row.id
        except IntegrityError as error:
            undo()
            raise DataError(
                tr("файл уже импортирован для этого вендора", "the file is already imported for this vendor")
            ) from error
        except BaseException:
            undo()
            raise
        return import_id

    def _commit_remote(self, moves: list[tuple[Path, Path]], row: CallImportRow) -> int:
        """The object-store commit: the files go up under tmp/<token>/ first (the slow part, invisible to
        readers), then are copied into place while the manifest row's transaction is open; whatever fails,
        the copies and the temporary objects are removed and the manifest is as it was."""
        assert self.remote is not None
        placed = [(staged, final.relative_to(self.directory).as_posix()) for staged, final in moves]
        temporary = [f"tmp/{staged.stem}/{relative}" for staged, relative in placed]
        finals = [relative for _staged, relative in placed]
        try:
            for (staged, _relative), key in zip(placed, temporary, strict=True):
                self.remote.put(staged, key)
            with self.store.session() as session:
                session.add(row)
                session.flush()
                for key, relative in zip(temporary, finals, strict=True):
                    self.remote.copy(key, relative)
                import_id = row.id
        except IntegrityError as error:
            self.remote.remove(finals)
            raise DataError(
                tr("файл уже импортирован для этого вендора", "the file is already imported for this vendor")
            ) from error
        except BaseException:
            self.remote.remove(finals)
            raise
        finally:
            self.remote.remove(temporary)
            for staged, _relative in placed:
                staged.unlink(missing_ok=True)
        return import_id

    def _copy(
        self,
        connection: duckdb.DuckDBPyConnection,
        sql: str,
        target: Path,
        source: Source,
        vendor: str | None = None,
        *,
        in_order: bool = True,
    ) -> None:
        """Write ``sql`` to Parquet; with ``vendor`` its rows are normalised calls or orders, whose
        closed-vocabulary columns are written as ENUMs (see ``ENUM_VOCABULARIES``)."""
        if vendor is not None:
            sql = _enum_columns(connection, sql, vendor)
        connection.execute(f"SET preserve_insertion_order = {'true' if in_order else 'false'}")
        try:
            # A small dictionary limit: ids and phone numbers are nearly unique, and building a dictionary
            # for them only to drop it costs more than writing them plain.
            connection.execute(
                f"COPY ({sql}) TO {sql_literal(target)} "
                "(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 262144, DICTIONARY_SIZE_LIMIT 1000)"
            )
        except duckdb.Error as error:
            raise _reader_error(error, source) from error

    def _write_stage(
        self,
        connection: duckdb.DuckDBPyConnection,
        plan: StagePlan,
        target: Path,
        source: Source,
        progress: Progress | None,
        vendor: str | None,
        *,
        in_order: bool,
    ) -> None:
        if progress is None:
            self._copy(connection, plan.sql, target, source, vendor, in_order=in_order)
            return
        finished = threading.Event()

        def poll() -> None:
            while not finished.wait(0.2):
                with suppress(Exception):
                    share = connection.query_progress()
                    if share is not None and share >= 0:
                        progress("read", min(1.0, share / 100))

        watcher = threading.Thread(target=poll, daemon=True)
        watcher.start()
        try:
            self._copy(connection, plan.sql, target, source, vendor, in_order=in_order)
        finally:
            finished.set()
            watcher.join()
        progress("read", 1.0)

    def _check_problems(
        self,
        connection: duckdb.DuckDBPyConnection,
        stage: Path,
        plan: StagePlan,
        name: str,
        reorder: Callable[[], None] | None,
    ) -> None:
        """``reorder`` rewrites an unordered stage in file order, so that row numbers are line numbers."""
        total = connection.execute(
            f"SELECT count(*) FROM read_parquet({sql_literal(stage)}) WHERE problem IS NOT NULL"
        ).fetchone()[0]
        if not total:
            return
        if reorder is not None:
            reorder()
        rows = connection.execute(
            f"SELECT file_row_number, problem FROM read_parquet({sql_literal(stage)}, file_row_number=true) "
            f"WHERE problem IS NOT NULL ORDER BY file_row_number LIMIT {MAX_REPORTED_PROBLEMS + 1}"
        ).fetchall()
        word = tr(*plan.row_word)
        details = [
            f"{name}, {word} {number + plan.first_line}: {problem}" for number, problem in rows[:MAX_REPORTED_PROBLEMS]
        ]
        raise DataError(
            tr(
                "{name}: ошибок в строках: {count}; ничего не импортировано",
                "{name}: {count} bad row(s); nothing was imported",
                name=name,
                count=total,
            ),
            details=details,
        )

    def _check_duplicates(
        self,
        connection: duckdb.DuckDBPyConnection,
        stage: Path,
        plan: StagePlan,
        name: str,
        key: str,
        reorder: Callable[[], None] | None,
    ) -> None:
        """Ids that repeat inside the file."""
        stage_sql = sql_literal(stage)
        # Are there equal 64-bit hashes at all? Sorting the hashes and comparing neighbours costs a quarter
        # less than a hash table of every id; without equal hashes there are no equal ids.
        colliding = connection.execute(
            f"""SELECT count(*) FROM (
                  SELECT h, lag(h) OVER (ORDER BY h) AS previous
                  FROM (SELECT hash({key}) AS h FROM read_parquet({stage_sql})))
                WHERE h = previous"""
        ).fetchone()[0]
        if not colliding:
            return
        # Grouping 64-bit hashes is several times cheaper than grouping the id strings; only the rare
        # colliding hashes are then compared as strings.
        duplicates_sql = f"""WITH suspects AS (
                  SELECT hash({key}) AS h FROM read_parquet({stage_sql}) GROUP BY 1 HAVING count(*) > 1)
                SELECT {key}, list(file_row_number ORDER BY file_row_number)[:3], count(*)
                FROM read_parquet({stage_sql}, file_row_number=true) WHERE hash({key}) IN (SELECT h FROM suspects)
                GROUP BY 1 HAVING count(*) > 1 ORDER BY min(file_row_number) LIMIT {MAX_REPORTED_PROBLEMS}"""
        rows = connection.execute(duplicates_sql).fetchall()
        if rows and reorder is not None:
            reorder()
            rows = connection.execute(duplicates_sql).fetchall()
        if rows:
            word = tr(*plan.row_word)
            details = [
                tr(
                    "{id}: {word} {lines}",
                    "{id}: {word} {lines}",
                    id=value,
                    word=word,
                    lines=", ".join(str(number + plan.first_line) for number in numbers),
                )
                if not plan.events
                else str(value)
                for value, numbers, _count in rows
            ]
            raise DataError(
                tr(
                    "{name}: повторяющиеся идентификаторы ({column}); ничего не импортировано",
                    "{name}: duplicate ids ({column}); nothing was imported",
                    name=name,
                    column=key,
                ),
                details=details,
            )

    def _check_clashes(
        self, connection: duckdb.DuckDBPyConnection, stage: Path, name: str, key: str, owner: Owner, kind: str
    ) -> None:
        """Ids already imported for the vendor."""
        vendor = owner.name
        previous = [self._located(row.data_path) for row in self._owned(owner, kind)]
        if not previous:
            return
        listing = "[" + ", ".join(sql_literal(path) for path in previous) + "]"
        clashes = connection.execute(
            f"SELECT n.{key} FROM read_parquet({sql_literal(stage)}) n SEMI JOIN read_parquet({listing}) o "
            f"ON n.{key} = o.{key} LIMIT {MAX_REPORTED_PROBLEMS + 1}"
        ).fetchall()
        if clashes:
            raise DataError(
                tr(
                    "{name}: звонки с этими идентификаторами уже импортированы для {vendor}; ничего не импортировано",
                    "{name}: calls with these ids are already imported for {vendor}; nothing was imported",
                    name=name,
                    vendor=vendor,
                ),
                details=[str(value) for (value,) in clashes[:MAX_REPORTED_PROBLEMS]],
            )


def _data_paths(row: CallImportRow) -> list[str]:
    """The files a manifest row lists: its data, and an event log's agent states."""
    details = row.details or {}
    return [row.data_path, *(details[kind] for kind in DETAIL_KINDS if details.get(kind))]


def _union_read(groups: list[tuple[str, list[Path | str]]], *, rename: bool) -> str:
    """One relation over the files of every vendor. Files written before an optional column existed lack
    it: read by name, the gaps as NULL. With ``rename`` each vendor's rows carry the vendor's current name
    (a renamed vendor keeps its calls in every name filter and grouping)."""
    parts = []
    for name, paths in groups:
        listing = "[" + ", ".join(sql_literal(path) for path in paths) + "]"
        read = f"read_parquet({listing}, union_by_name=true)" if len(paths) > 1 else f"read_parquet({listing})"
        if rename:
            read = f"(SELECT * REPLACE (CAST({sql_literal(name)} AS VARCHAR) AS vendor) FROM {read})"
        parts.append(read)
    if len(parts) == 1:
        return parts[0]
    return "(" + " UNION ALL BY NAME ".join(f"SELECT * FROM {part}" for part in parts) + ")"


def _enum_columns(connection: duckdb.DuckDBPyConnection, sql: str, vendor: str) -> str:
    columns = {name for (name, *_rest) in connection.execute(f"DESCRIBE {sql}").fetchall()}
    vocabularies = {name: values for name, values in ENUM_VOCABULARIES.items() if name in columns}
    vocabularies["vendor"] = (vendor,)
    casts = []
    for column, values in vocabularies.items():
        listing = ", ".join(sql_literal(value) for value in values)
        connection.execute(f"CREATE OR REPLACE TYPE cs_enum_{column} AS ENUM ({listing})")
        casts.append(f"CAST({column} AS cs_enum_{column}) AS {column}")
    return f"SELECT * REPLACE ({', '.join(casts)}) FROM ({sql})"


@dataclass(frozen=True)
class Owner:
    """Whose file an import is: a vendor of an evaluation, or (no vendor id) the evaluation's shop orders."""

    evaluation_id: int
    vendor_id: int | None
    name: str

    @property
    def folder(self) -> str:
        """Files are placed by ids, never by names (a name is not unique across evaluations)."""
        return f"v{self.vendor_id}" if self.vendor_id is not None else f"e{self.evaluation_id}-orders"


def _reader_error(error: duckdb.Error, source: Source) -> DataError:
    """DuckDB's error in the user's words: the line, what is wrong with it and what to do. DuckDB's own
    text goes to the log only; the user never sees it raw."""
    import logging

    name = source.name
    message = str(error)
    logging.getLogger(__name__).info("reading %s failed: %s", name, message)
    match = _CSV_LINE.search(message)
    line = match.group(1) if match else None
    suggestion = None
    if "invalid unicode" in message.lower():
        reason = tr(
            "байты не в кодировке UTF-8 (в файле смешаны кодировки?)",
            "bytes that are not UTF-8 (mixed encodings in the file?)",
        )
    elif converting := re.search(
        r'Error when converting column "([^"]+)"\. Could not convert string "([^"]*)"', message
    ):
        reason = tr(
            "значение {value!r} в колонке {column!r} не распознано",
            "value {value!r} in column {column!r} does not parse",
            value=converting.group(2),
            column=converting.group(1),
        )
    elif match and (fault := _line_fault(source, int(match.group(1)), message)) is not None:
        reason, suggestion = fault.reason, fault.suggestion
    elif found := re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", message):
        reason = tr(
            "неверное число полей: {found}, ожидалось {expected} (строка обрезана или лишний разделитель)",
            "wrong number of fields: got {found}, expected {expected} (truncated line or a stray separator)",
            expected=found.group(1),
            found=found.group(2),
        )
    elif "json" in message.lower():
        reason = tr("неверный JSON", "malformed JSON")
        # DuckDB's JSON reader names no line: find it ourselves, so the error points at it as for CSV.
        if (fault_line := json_fault_line(source)) is not None:
            line = str(fault_line)
    elif match:
        reason = tr("строка не читается как CSV", "the line does not read as CSV")
        suggestion = tr("проверьте кавычки и разделители в этой строке", "check the quotes and separators of this line")
    else:
        reason = tr("файл не читается в выбранном формате", "the file does not read in the chosen format")
        suggestion = tr(
            "проверьте, что это журнал звонков этого формата, или выберите формат явно",
            "check that this is a call log of this format, or name the format",
        )
    details = [tr("что сделать: {text}", "what to do: {text}", text=suggestion)] if suggestion else None
    if line:
        return DataError(
            tr(
                "{name}, строка {line}: {reason}; ничего не импортировано",
                "{name}, line {line}: {reason}; nothing was imported",
                name=name,
                line=line,
                reason=reason,
            ),
            details=details,
        )
    return DataError(
        tr(
            "{name}: {reason}; ничего не импортировано",
            "{name}: {reason}; nothing was imported",
            name=name,
            reason=reason,
        ),
        details=details,
    )


def _line_fault(source: Source, line_number: int, message: str):  # type: ignore[no-untyped-def]
    """What is wrong with the line DuckDB named, seen by our own scanner (None when it finds nothing)."""
    import csv

    from callscout.calls.csvcheck import diagnose, read_line

    try:
        line = read_line(source.path, line_number)
    except OSError:
        return None
    if line is None:
        return None
    delimiter = source.delimiter()
    header = next(csv.reader([source.head_lines[0]], delimiter=delimiter), []) if source.head_lines else []
    expected = re.search(r"Expected Number of Columns: (\d+)", message)
    return diagnose(line, delimiter, int(expected.group(1)) if expected else len(header) or None, header or None)


def open_call_store(store: Store | None = None) -> CallStore:
    return CallStore(store or Store())
