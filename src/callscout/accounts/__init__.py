"""Users, roles and sessions: the core the web cabinet and ``callscout user`` share.

Passwords are hashed with argon2; session and guest tokens are random and only their SHA-256 is
stored, so a leaked database does not hand out live sessions.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache
from typing import NamedTuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Integer, bindparam, delete, select

from callscout.accounts.tables import GuestLinkRow, MembershipRow, SessionRow, UserRow
from callscout.errors import DataError
from callscout.i18n import msg
from callscout.store import Store
from callscout.store.tables import EvaluationRow, VendorRow, utcnow

SESSION_LIFETIME = timedelta(days=7)
GUEST_LINK_LIFETIME = timedelta(days=30)
MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verifying against a dummy hash when the login is unknown keeps timing the same as for a wrong password
    (computed on first login, not at import: hashing costs a fifth of a second)."""
    return _hasher.hash("callscout-dummy-password")


class Role(StrEnum):
    OWNER = "owner"
    ANALYST = "analyst"
    VIEWER = "viewer"

    def allows(self, needed: Role) -> bool:
        order = [Role.VIEWER, Role.ANALYST, Role.OWNER]
        return order.index(self) >= order.index(needed)


@dataclass(frozen=True)
class User:
    id: int
    login: str
    display_name: str | None
    is_admin: bool


@dataclass(frozen=True)
class WebSession:
    user: User
    csrf_token: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _user(row: UserRow) -> User:
    return User(row.id, row.login, row.display_name, row.is_admin)


def normalise_login(login: str) -> str:
    value = login.strip().lower()
    if not value or len(value) > 120 or any(character.isspace() for character in value):
        raise DataError(msg("accounts.login_must_be_non_empty_without"))
    return value


def create_user(
    store: Store, login: str, password: str, *, display_name: str | None = None, is_admin: bool = False
) -> User:
    login = normalise_login(login)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DataError(msg("accounts.password_at_least_characters", n=MIN_PASSWORD_LENGTH))
    with store.session() as session:
        if session.scalar(select(UserRow).where(UserRow.login == login)) is not None:
            raise DataError(msg("accounts.user_already_exists", login=login))
        row = UserRow(login=login, display_name=display_name, password_hash=_hasher.hash(password), is_admin=is_admin)
        session.add(row)
        session.flush()
        return _user(row)


def has_users(store: Store) -> bool:
    with store.session() as session:
        return session.scalar(select(UserRow.id).limit(1)) is not None


def authenticate(store: Store, login: str, password: str) -> User | None:
    try:
        login = normalise_login(login)
    except DataError:
        return None
    with store.session() as session:
        row = session.scalar(select(UserRow).where(UserRow.login == login))
        try:
            _hasher.verify(row.password_hash if row else _dummy_hash(), password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if row is None or row.disabled:
            return None
        if _hasher.check_needs_rehash(row.password_hash):
            row.password_hash = _hasher.hash(password)
        return _user(row)


def start_session(store: Store, user: User) -> tuple[str, WebSession]:
    """Return the cookie token (shown once) and the session with its CSRF token."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    with store.session() as session:
        session.execute(delete(SessionRow).where(SessionRow.expires_at < utcnow()))
        session.add(
            SessionRow(
                token_sha256=_digest(token), user_id=user.id, csrf_token=csrf, expires_at=utcnow() + SESSION_LIFETIME
            )
        )
    return token, WebSession(user, csrf)


class Access(NamedTuple):
    """A user's role in an evaluation (None: no access) and the evaluation's version, its ``updated_at``,
    which every save moves (None: no such evaluation). Read fresh on each request, so a revoked or changed
    role applies at once, while whatever was derived from the evaluation can be reused until it moves."""

    role: Role | None
    version: datetime | None


NO_ACCESS = Access(None, None)

# Built once: every request of the cabinet runs these, and building and compiling a statement costs
# more than the query itself. Core rows, not ORM objects, for the same reason.
_SESSION_QUERY = (
    select(
        UserRow.id,
        UserRow.login,
        UserRow.display_name,
        UserRow.is_admin,
        UserRow.disabled,
        SessionRow.csrf_token,
        SessionRow.expires_at,
        EvaluationRow.updated_at,
        MembershipRow.role,
    )
    .select_from(SessionRow)
    .join(UserRow, UserRow.id == SessionRow.user_id)
    .outerjoin(EvaluationRow, EvaluationRow.id == bindparam("evaluation_id", type_=Integer))
    .outerjoin(MembershipRow, (MembershipRow.evaluation_id == EvaluationRow.id) & (MembershipRow.user_id == UserRow.id))
    .where(SessionRow.token_sha256 == bindparam("digest"))
)
_ACCESS_QUERY = (
    select(EvaluationRow.updated_at, MembershipRow.role)
    .outerjoin(
        MembershipRow,
        (MembershipRow.evaluation_id == EvaluationRow.id) & (MembershipRow.user_id == bindparam("user_id")),
    )
    .where(EvaluationRow.id == bindparam("evaluation_id"))
)


def _access(is_admin: bool, role: str | None, version: datetime | None) -> Access:
    if version is None:
        return NO_ACCESS
    if is_admin:
        return Access(Role.OWNER, version)
    return Access(Role(role) if role else None, version)


def session_access(store: Store, token: str | None, evaluation_id: int | None) -> tuple[WebSession | None, Access]:
    """The session and, in the same query, the user's access to one evaluation. Read from the store on
    every request, never cached: a sign-out, an expiry or a disabled user takes effect on the next one."""
    if not token or len(token) > 200:
        return None, NO_ACCESS
    with store.engine.connect() as connection:
        row = connection.execute(_SESSION_QUERY, {"digest": _digest(token), "evaluation_id": evaluation_id}).first()
    if row is None or row.disabled or row.expires_at < utcnow():
        return None, NO_ACCESS
    web_session = WebSession(User(row.id, row.login, row.display_name, row.is_admin), row.csrf_token)
    return web_session, _access(row.is_admin, row.role, row.updated_at)


def load_session(store: Store, token: str | None) -> WebSession | None:
    return session_access(store, token, None)[0]


def end_session(store: Store, token: str | None) -> None:
    if token:
        with store.session() as session:
            session.execute(delete(SessionRow).where(SessionRow.token_sha256 == _digest(token)))


def grant(store: Store, user_id: int, evaluation_id: int, role: Role) -> None:
    with store.session() as session:
        row = session.scalar(
            select(MembershipRow).where(MembershipRow.user_id == user_id, MembershipRow.evaluation_id == evaluation_id)
        )
        if row is None:
            session.add(MembershipRow(user_id=user_id, evaluation_id=evaluation_id, role=role.value))
        else:
            row.role = role.value


def access(store: Store, user: User, evaluation_id: int) -> Access:
    with store.engine.connect() as connection:
        row = connection.execute(_ACCESS_QUERY, {"user_id": user.id, "evaluation_id": evaluation_id}).first()
    return _access(user.is_admin, row.role, row.updated_at) if row else NO_ACCESS


def visible_evaluations(store: Store, user: User) -> list[tuple[int, str, Role]]:
    with store.session() as session:
        if user.is_admin:
            rows = session.execute(select(EvaluationRow.id, EvaluationRow.name).order_by(EvaluationRow.name))
            return [(id_, name, Role.OWNER) for id_, name in rows]
        rows = session.execute(
            select(EvaluationRow.id, EvaluationRow.name, MembershipRow.role)
            .join(MembershipRow, MembershipRow.evaluation_id == EvaluationRow.id)
            .where(MembershipRow.user_id == user.id)
            .order_by(EvaluationRow.name)
        )
        return [(id_, name, Role(role)) for id_, name, role in rows]


def create_guest_link(store: Store, evaluation_id: int, vendor_id: int, created_by: int | None) -> str:
    """A link to one vendor (by id) of one evaluation; the vendor's removal removes the link with it."""
    token = secrets.token_urlsafe(24)
    with store.session() as session:
        vendor = session.get(VendorRow, vendor_id)
        if vendor is None or vendor.evaluation_id != evaluation_id:
            raise DataError(msg("accounts.vendor_is_not_in_this_evaluation"))
        session.add(
            GuestLinkRow(
                token_sha256=_digest(token),
                evaluation_id=evaluation_id,
                vendor_id=vendor_id,
                created_by=created_by,
                expires_at=utcnow() + GUEST_LINK_LIFETIME,
            )
        )
    return token


def resolve_guest_link(store: Store, token: str) -> tuple[int, int] | None:
    """(evaluation id, vendor id) of a live link: not expired, not revoked, its vendor still there."""
    if not token or len(token) > 200:
        return None
    with store.session() as session:
        row = session.get(GuestLinkRow, _digest(token))
        if row is None or row.expires_at < utcnow() or row.revoked_at is not None:
            return None
        return row.evaluation_id, row.vendor_id


@dataclass(frozen=True)
class GuestLink:
    """A guest link as its owner sees it: the token itself is never stored, ``handle`` names the link."""

    handle: str
    vendor: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

    @property
    def live(self) -> bool:
        return self.revoked_at is None and self.expires_at >= utcnow()


HANDLE_LENGTH = 12


def guest_links(store: Store, evaluation_id: int) -> list[GuestLink]:
    with store.session() as session:
        rows = session.execute(
            select(GuestLinkRow, VendorRow.name)
            .join(VendorRow, VendorRow.id == GuestLinkRow.vendor_id)
            .where(GuestLinkRow.evaluation_id == evaluation_id)
            .order_by(GuestLinkRow.created_at, GuestLinkRow.token_sha256)
        ).all()
        return [
            GuestLink(row.token_sha256[:HANDLE_LENGTH], name, row.created_at, row.expires_at, row.revoked_at)
            for row, name in rows
        ]


def revoke_guest_link(store: Store, evaluation_id: int, handle: str) -> bool:
    """Revoke this evaluation's link named by its handle (or by the whole link's token). False: no such
    live link here (another evaluation's links cannot be named)."""
    handle = handle.strip().rsplit("/", 1)[-1]
    digest = _digest(handle) if len(handle) > HANDLE_LENGTH else None
    with store.session() as session:
        rows = session.scalars(
            select(GuestLinkRow).where(GuestLinkRow.evaluation_id == evaluation_id, GuestLinkRow.revoked_at.is_(None))
        ).all()
        for row in rows:
            if (digest and row.token_sha256 == digest) or (
                len(handle) == HANDLE_LENGTH and row.token_sha256.startswith(handle.lower())
            ):
                row.revoked_at = utcnow()
                return True
    return False
