"""Where imported calls live: Parquet files beside the SQL store, listed in its ``call_imports`` table.

An import writes a temporary Parquet file, checks every row (problems, duplicates), splits it by day,
renames the day files into place and commits its manifest row; readers only ever see files the manifest
names. A crash or a kill at any point therefore leaves the store as it was: at worst unlisted files,
removed next time.

The layout is partitioned by vendor and day: ``v<vendor id>/<YYYY-MM-DD>/calls-<token>.parquet``, one
file per day of an import (the day of ``arrival``, ``ordered_at`` for orders; ``undated`` for rows
without one), each listed with its day in the manifest row (``details["parts"]``). A reader given days
reads only the files of those days (partition pruning by the manifest: no listing of folders, the same on
an object store and on Spark). Imports written before the split (one file per import, no ``parts``) are
read as they are, pruned by their first and last call. The folder names carry no ``day=``: DuckDB would
read such a name as a Hive partition and add a ``day`` column to every view over the files.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from callscout.i18n import msg, tr
from callscout.store import Store, home_directory
from callscout.store.jobs import remove_if_writer_gone
from callscout.store.tables import EvaluationRow, VendorRow

if TYPE_CHECKING:
    import duckdb

MAX_REPORTED_PROBLEMS = 5
# Files a call import lists in its details beside its calls (removed and read with them).
DETAIL_KINDS = ("agent_states", aggregates.DETAIL)
# The folder of an import's rows without a time (they belong to no day, and no day range prunes them).
UNDATED = "undated"
# Days to read, both included; None at either end: open.
Days = tuple[date | None, date | None]
# How long an import waits for another import of the same vendor to commit.
LOCK_WAIT_S = 600.0
# The two key spaces of the import lock's PostgreSQL advisory locks (pg_advisory_lock(space, id)): a
# vendor's calls, an evaluation's shop orders. Any constants, shared by every CallScout process.
IMPORT_LOCK_VENDOR = 0x43530001
IMPORT_LOCK_ORDERS = 0x43530002
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
    # DuckDB is imported by the first connection: a report of an evaluation without call logs never needs it.
    import duckdb

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
        self,
        evaluation_id: int,
        vendor_ids: Iterable[int] | None = None,
        kind: str = "calls",
        *,
        days: Days | None = None,
    ) -> list[Path | str]:
        """The listed files of ``kind``: calls, orders, or agent_states (kept with the calls they came with);
        on an object store their s3:// URLs (DuckDB reads them through ``ObjectStore.register``). ``days``
        keeps the files that may hold rows of those days (agent states are not split by day)."""
        return [self._located(relative) for relative in self._relative_files(evaluation_id, vendor_ids, kind, days)]

    def _relative_files(
        self, evaluation_id: int, vendor_ids: Iterable[int] | None, kind: str, days: Days | None = None
    ) -> list[str]:
        return [
            relative
            for _name, relatives in self._relative_groups(evaluation_id, vendor_ids, kind, days)
            for relative in relatives
        ]

    def _relative_groups(
        self, evaluation_id: int, vendor_ids: Iterable[int] | None, kind: str, days: Days | None = None
    ) -> list[tuple[str, list[str]]]:
        """The listed files of ``kind`` (of ``days``) grouped by the vendor's name as it is now (its id owns
        the files; the name written into them at import may be an old one)."""
        groups: dict[str, list[str]] = {}
        for name, relatives in self._relatives_per_import(evaluation_id, vendor_ids, kind, days):
            groups.setdefault(name, []).extend(relatives)
        return list(groups.items())

    def _relatives_per_import(
        self, evaluation_id: int, vendor_ids: Iterable[int] | None, kind: str, days: Days | None = None
    ) -> Iterator[tuple[str, list[str]]]:
        """Each listed import's files of ``kind`` (of ``days``; imports without any left out) with its vendor's
        current name."""
        rows = self.imports(evaluation_id, vendor_ids=vendor_ids, kind="calls" if kind in DETAIL_KINDS else kind)
        for row in rows:
            if kind in DETAIL_KINDS:
                relative = (row.details or {}).get(kind)
                relatives = [relative] if relative else []
            else:
                relatives = _parts_of(row, days)
            if relatives:
                yield row.vendor_name, relatives

    def _located(self, relative: str) -> Path | str:
        return self.remote.url(relative) if self.remote else self.directory / relative

    def listed_files(
        self,
        evaluation_id: int,
        vendor_ids: Iterable[int] | None = None,
        root: str | None = None,
        *,
        days: Days | None = None,
    ) -> dict[str, list[str]]:
        """The files the manifest lists, by view (calls, orders, agent_states), under ``root``: the same
        layout read by another engine from where it sees it (a cluster's ``s3a://bucket/prefix``)."""
        return {
            view: [path for _name, paths in groups for path in paths]
            for view, groups in self.listed_groups(evaluation_id, vendor_ids, root, days=days).items()
        }

    def listed_groups(
        self,
        evaluation_id: int,
        vendor_ids: Iterable[int] | None = None,
        root: str | None = None,
        *,
        days: Days | None = None,
    ) -> dict[str, list[tuple[str | None, list[str]]]]:
        """As ``listed_files``, each view's files grouped by the vendor's current name (None for the shop's
        orders, which keep theirs): another engine's views carry a renamed vendor's name as DuckDB's do."""
        # Spark names S3 s3a:// (Hadoop's S3A connector); DuckDB and s3fs name it s3://.
        default = self.remote.root("s3a") if self.remote else str(self.directory)
        base = (root or default).rstrip("/")
        listed: dict[str, list[tuple[str | None, list[str]]]] = {}
        for view, ids, kind in (
            ("calls", vendor_ids, "calls"),
            ("orders", None, "orders"),  # the shop's, as in ``attach``
            ("agent_states", vendor_ids, "agent_states"),
        ):
            listed[view] = [
                (None if kind == "orders" else name, [f"{base}/{relative}" for relative in relatives])
                for name, relatives in self._relative_groups(evaluation_id, ids, kind, days)
            ]
        return listed

    @contextmanager
    def spark_reader(
        self,
        evaluation_id: int,
        vendor_ids: Iterable[int] | None = None,
        *,
        options: Any = None,
        root: str | None = None,
        days: Days | None = None,
    ) -> Iterator[Any]:
        """A DuckDB-like connection on Spark (``calls.spark``) over the same listed files (of ``days``): a
        query cannot see another evaluation's calls there either."""
        from callscout.calls.spark import SparkOptions, spark_reader, spark_session

        session = spark_session(options or SparkOptions())
        connection = spark_reader(
            session,
            self.listed_groups(evaluation_id, vendor_ids, root, days=days),
            untold=self.untold_rows(evaluation_id, vendor_ids),
        )
        try:
            yield connection
        finally:
            connection.close()

    def _files_by_vendor(
        self, evaluation_id: int, vendor_ids: Iterable[int] | None, kind: str, days: Days | None = None
    ) -> list[ReadGroup]:
        """The files of ``kind`` in groups to read, each under the vendor's name as it is now; on an object store
        their s3:// URLs. The day files of one import are a group of their own, of one schema (one partitioned
        ``COPY`` wrote them all): DuckDB reads them without ``union_by_name``, which would open every file to
        bind each statement (about 0.3 ms a file, and an all-dates dashboard reads hundreds of day files in
        several statements). The single files of a vendor's imports (written over time, maybe before an
        optional column existed) stay one group read by name."""
        singles: dict[str, list[Path | str]] = {}
        groups: list[ReadGroup] = []
        for name, relatives in self._relatives_per_import(evaluation_id, vendor_ids, kind, days):
            located = [self._located(relative) for relative in relatives]
            if len(located) > 1:
                groups.append(ReadGroup(name, located, one_schema=True))
            else:
                singles.setdefault(name, []).extend(located)
        groups += [ReadGroup(name, paths, one_schema=len(paths) == 1) for name, paths in singles.items()]
        return groups

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
        self._remove_empty_days({Path(relative).parent for relative in relatives})
        return row

    def _remove_empty_days(self, folders: Iterable[Path]) -> None:
        """Day folders left empty (another import may fill one again at any moment: rmdir fails then)."""
        for folder in folders:
            if len(folder.parts) == 2:  # v<id>/<day>, never the vendor's own folder
                with suppress(OSError):
                    (self.directory / folder).rmdir()

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
        paths = [*self.directory.glob("*/*.parquet"), *self.directory.glob("*/*/*.parquet")]
        for path in [path for path in paths if self.work_dir not in path.parents] + list(self.work_dir.glob("*")):
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
                known = ", ".join(self.mapping_names()) or msg("calls.storage.none")
                raise UsageError(msg("calls.storage.mapping_not_found_saved", name=name, known=known))
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
        days: Days | None = None,
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A DuckDB connection with views ``calls`` and ``orders`` over the listed files of this evaluation
        only (of ``vendor_ids`` only, when given): a query cannot see another evaluation's calls. With
        ``days`` only the files of those days are read (the views may still hold rows of neighbouring days
        of files written before the day split: queries keep their own period filter)."""
        connection = connect(memory_limit, threads)
        try:
            self.attach(connection, evaluation_id, vendor_ids, days=days)
            yield connection
        finally:
            connection.close()

    def attach(
        self,
        connection: duckdb.DuckDBPyConnection,
        evaluation_id: int,
        vendor_ids: Iterable[int] | None = None,
        *,
        days: Days | None = None,
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
            # Orders are not pruned: a call's order may come days after the call.
            groups = self._files_by_vendor(
                evaluation_id, None if kind == "orders" else vendor_ids, kind, days if kind == "calls" else None
            )
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
        connection.execute(
            kpi.outbound_view_sql(
                [
                    (row.vendor_name, ((row.details or {}).get("losses") or {}).get("outbound"))
                    for row in self.imports(evaluation_id, vendor_ids=vendor_ids, kind="calls")
                ]
            )
        )

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
        files = sum(len(_parts_of(row)) for row in rows)
        if not complete or not aggregates.worth_reading(entries, sum(row.rows for row in rows), files):
            connection.execute(f"DROP VIEW IF EXISTS {aggregates.VIEW}")
            return
        groups = self._files_by_vendor(evaluation_id, vendor_ids, aggregates.DETAIL)
        read = _union_read(groups, rename=True)
        connection.execute(f"CREATE OR REPLACE VIEW {aggregates.VIEW} AS SELECT * FROM {read}")

    def build_aggregates(self, evaluation_id: int, vendor_ids: Iterable[int] | None = None) -> int:
        """Aggregate rows for the listed call imports that have none (made before they existed, or whose calls
        were too sparse for the import to build them) where they pay (``aggregates.worth_building``: dense
        calls, or calls spread over many day files), each file placed first and then named in its
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
                    if not aggregates.worth_building(connection, source, row.rows, spread=True):
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
        import duckdb  # imported by connect() already: only its Error is named here

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
                    raise UsageError(msg("calls.storage.queue_log_is_joined_to_cdr"))
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
                raise DataError(msg("calls.storage.file_holds_no_calls", name=source.name))
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
            # The checked rows, one file per day (before the lock: another import of the vendor need not wait).
            parts = self._split_by_day(connection, stage_path, owner, kind, token, vendor, source)
            # What another import of this vendor may change meanwhile (the imported files, the ids in them)
            # is checked again under the vendor's lock, and the manifest row is committed under it.
            with self.vendor_lock(owner, source.name):
                already = self._already_imported(owner, kind, sha, source.name, if_exists)
                if already is not None:
                    return already
                self._check_clashes(connection, stage_path, source.name, key, owner, kind)
                moves = [(staged, self.directory / part["path"]) for staged, part in parts]
                details: dict[str, Any] = {
                    "outcomes": outcomes,
                    "losses": losses,
                    "missing_fields": missing,
                    "encoding": source.encoding,
                    "original_path": str(path.resolve()),
                    "parts": [part for _staged, part in parts],
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
                        # Every file of the import (a pattern DuckDB reads as one); readers use ``parts``.
                        data_path=f"{owner.folder}/*/{kind}-{token}*.parquet",
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
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)

    def _split_by_day(
        self,
        connection: duckdb.DuckDBPyConnection,
        stage: Path,
        owner: Owner,
        kind: str,
        token: str,
        vendor: str,
        source: Source,
    ) -> list[tuple[Path, dict[str, Any]]]:
        """The checked rows rewritten as one file per day in the work folder, each with its manifest entry
        (``day``, ``path`` in the layout, ``rows``); one pass (DuckDB's partitioned write)."""
        import duckdb  # imported by connect() already: only its Error is named here

        column = "ordered_at" if kind == "orders" else "arrival"
        folder = self.work_dir / f"days-{token}"
        sql = _enum_columns(
            connection,
            f"SELECT *, coalesce(strftime({column}, '%Y-%m-%d'), '{UNDATED}') AS cs_day "
            f"FROM read_parquet({sql_literal(stage)})",
            vendor,
        )
        connection.execute("SET preserve_insertion_order = false")
        try:
            connection.execute(
                f"COPY ({sql}) TO {sql_literal(folder)} (FORMAT parquet, PARTITION_BY (cs_day), "
                "COMPRESSION snappy, ROW_GROUP_SIZE 262144, DICTIONARY_SIZE_LIMIT 1000, FILENAME_PATTERN 'part{i}')"
            )
        except duckdb.Error as error:
            raise _reader_error(error, source) from error
        written = sorted(folder.glob("cs_day=*/*.parquet"))
        counts = dict(
            connection.execute(
                "SELECT file_name, num_rows FROM parquet_file_metadata($files)", {"files": [str(p) for p in written]}
            ).fetchall()
        )
        parts: list[tuple[Path, dict[str, Any]]] = []
        seen: dict[str, int] = {}
        for staged in written:
            day = staged.parent.name.removeprefix("cs_day=")
            number = seen[day] = seen.get(day, -1) + 1  # DuckDB may write a day in several files
            suffix = f"-{number}" if number else ""
            relative = f"{owner.folder}/{day}/{kind}-{token}{suffix}.parquet"
            parts.append(
                (
                    staged,
                    {"day": None if day == UNDATED else day, "path": relative, "rows": int(counts[str(staged)])},
                )
            )
        return parts

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
                raise DataError(msg("calls.storage.only_asterisk_queue_log_file_or", name=source.name, fmt=fmt.name))
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
                    raise UsageError(msg("calls.storage.name_vendor_vendor_name"))
                if session.get(EvaluationRow, evaluation_id) is None:
                    raise UsageError(msg("calls.storage.evaluation_not_found"))
                return "orders"
            row = session.get(VendorRow, vendor_id)
            if row is None or row.evaluation_id != evaluation_id:
                raise UsageError(msg("calls.storage.vendor_is_not_in_this_evaluation"))
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
            msg("calls.storage.this_file_is_already_imported_for", name=name, vendor=vendor, id=existing.id)
        )

    @contextmanager
    def vendor_lock(self, owner: Owner, name: str) -> Iterator[None]:
        """Imports of one vendor commit one at a time: a second import waits for the first (both land,
        unless their calls clash) up to ``CALLSCOUT_IMPORT_LOCK_WAIT_S`` seconds, then stops with "import in
        progress". On PostgreSQL the lock is the store's (an advisory lock on the vendor's id), so imports on
        every machine sharing the store and the object store take turns; on SQLite, a store of one machine,
        it is a file lock (flock) in the vendor's folder. Either is released if its holder dies (the kernel
        closes the file, PostgreSQL ends the dead client's session)."""
        wait_s = float(os.environ.get("CALLSCOUT_IMPORT_LOCK_WAIT_S", LOCK_WAIT_S))
        deadline = time.monotonic() + wait_s

        def busy() -> DataError:
            return DataError(msg("calls.storage.another_import_for_is_in_progress", name=name, vendor=owner.name))

        if self.store.engine.dialect.name == "postgresql":
            with self._shared_lock(owner, deadline, busy):
                yield
            return
        folder = self.directory / owner.folder
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / ".import.lock", "a+b") as handle:
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise busy() from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    @contextmanager
    def _shared_lock(self, owner: Owner, deadline: float, busy: Callable[[], DataError]) -> Iterator[None]:
        """A session-level advisory lock of PostgreSQL on its own connection, held while the import commits
        (the commit runs on another connection of the pool)."""
        from sqlalchemy import text

        space, key = (
            (IMPORT_LOCK_VENDOR, owner.vendor_id)
            if owner.vendor_id is not None
            else (IMPORT_LOCK_ORDERS, owner.evaluation_id)
        )
        with self.store.engine.connect() as connection:
            while not connection.execute(
                text("SELECT pg_try_advisory_lock(:space, :key)"), {"space": space, "key": key}
            ).scalar():
                connection.rollback()  # no transaction kept open while waiting
                if time.monotonic() >= deadline:
                    raise busy()
                time.sleep(0.05)
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:space, :key)"), {"space": space, "key": key})
                connection.commit()

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
                    _move_into_place(staged, final)
                import_id = row.id
        except IntegrityError as error:
            undo()
            raise DataError(msg("calls.storage.file_is_already_imported_for_this")) from error
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
        # Under the final file's name, which holds the import's token (the staged day files are part0, part1, …).
        temporary = [f"tmp/{Path(relative).stem}/{relative}" for _staged, relative in placed]
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
            raise DataError(msg("calls.storage.file_is_already_imported_for_this")) from error
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
        import duckdb  # imported by connect() already: only its Error is named here

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
            msg("calls.storage.bad_row_s_nothing_was_imported", name=name, count=total),
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
                msg(
                    "calls.storage.text",
                    id=value,
                    word=word,
                    lines=", ".join(str(number + plan.first_line) for number in numbers),
                )
                if not plan.events
                else str(value)
                for value, numbers, _count in rows
            ]
            raise DataError(
                msg("calls.storage.duplicate_ids_nothing_was_imported", name=name, column=key),
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
                msg("calls.storage.calls_with_these_ids_are_already", name=name, vendor=vendor),
                details=[str(value) for (value,) in clashes[:MAX_REPORTED_PROBLEMS]],
            )


def _move_into_place(staged: Path, final: Path) -> None:
    """Rename into the (day) folder; a removal of that folder's last import may rmdir it in between."""
    for attempt in range(3):
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(staged, final)
            return
        except FileNotFoundError:
            if attempt == 2 or not staged.exists():
                raise


def _data_paths(row: CallImportRow) -> list[str]:
    """The files a manifest row lists: its data (by day), and an event log's agent states."""
    details = row.details or {}
    return [*_parts_of(row), *(details[kind] for kind in DETAIL_KINDS if details.get(kind))]


def _parts_of(row: CallImportRow, days: Days | None = None) -> list[str]:
    """An import's data files that may hold rows of ``days`` (all without ``days``): its day files, or the
    one file of an import written before the day split, kept when its first..last call meets the days."""
    parts = (row.details or {}).get("parts")
    if parts is None:
        first = row.first_at.date() if row.first_at else None
        last = row.last_at.date() if row.last_at else None
        return [row.data_path] if days is None or _meets(first, last, days) else []
    return [
        part["path"]
        for part in parts
        if days is None or part["day"] is None or _meets(*(date.fromisoformat(part["day"]),) * 2, days)
    ]


def _meets(first: date | None, last: date | None, days: Days) -> bool:
    """Whether first..last (a file's days, None: unknown) and ``days`` share a day."""
    since, until = days
    return not ((until and first and first > until) or (since and last and last < since))


def days_of_period(start: datetime | None, end: datetime | None, *, after_hours: float = 0) -> Days:
    """The days whose files a report over [start, end) reads: the day before the start too (a call that
    began then may still be talking inside the period), and ``after_hours`` past the end (callbacks after
    the period count for misses inside it)."""
    since = start.date() - timedelta(days=1) if start else None
    # ``end`` is exclusive: its last moment, and the callbacks' window's, is a microsecond before.
    until = (end + timedelta(hours=after_hours) - timedelta(microseconds=1)).date() if end else None
    return since, until


@dataclass(frozen=True)
class ReadGroup:
    """Files read together under a vendor's current name; ``one_schema``: known to share one schema (no
    ``union_by_name``)."""

    name: str
    paths: list[Path | str]
    one_schema: bool


def _union_read(groups: list[ReadGroup], *, rename: bool) -> str:
    """One relation over the files of every group. Files written before an optional column existed lack
    it: read by name, the gaps as NULL. With ``rename`` each vendor's rows carry the vendor's current name
    (a renamed vendor keeps its calls in every name filter and grouping)."""
    parts = []
    for group in groups:
        name, paths = group.name, group.paths
        listing = "[" + ", ".join(sql_literal(path) for path in paths) + "]"
        read = f"read_parquet({listing})" if group.one_schema else f"read_parquet({listing}, union_by_name=true)"
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
        reason = msg("calls.storage.bytes_that_are_not_utf_8")
    elif converting := re.search(
        r'Error when converting column "([^"]+)"\. Could not convert string "([^"]*)"', message
    ):
        reason = msg(
            "calls.storage.value_in_column_does_not_parse", value=converting.group(2), column=converting.group(1)
        )
    elif match and (fault := _line_fault(source, int(match.group(1)), message)) is not None:
        reason, suggestion = fault.reason, fault.suggestion
    elif found := re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", message):
        reason = msg("calls.storage.wrong_number_of_fields_got_expected", expected=found.group(1), found=found.group(2))
    elif "json" in message.lower():
        reason = msg("calls.storage.malformed_json")
        # DuckDB's JSON reader names no line: find it ourselves, so the error points at it as for CSV.
        if (fault_line := json_fault_line(source)) is not None:
            line = str(fault_line)
    elif match:
        reason = msg("calls.storage.line_does_not_read_as_csv")
        suggestion = msg("calls.storage.check_quotes_and_separators_of_this")
    else:
        reason = msg("calls.storage.file_does_not_read_in_chosen")
        suggestion = msg("calls.storage.check_that_this_is_call_log")
    details = [msg("calls.storage.what_to_do", text=suggestion)] if suggestion else None
    if line:
        return DataError(
            msg("calls.storage.line_nothing_was_imported", name=name, line=line, reason=reason),
            details=details,
        )
    return DataError(
        msg("calls.storage.nothing_was_imported", name=name, reason=reason),
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
