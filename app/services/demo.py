"""The demo data set: delegations, one account each, and a draft resolution shipped with the package."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

from sqlmodel import Session

from app.services.accounts import accounts, delegations
from app.services.documents import catalog as documents

DEMO_DOCUMENT_FILE = "projet-resolution-numerique.fr.txt"
DEMO_TITLE = "Rôle de l'UIT dans le suivi des engagements relatifs à l'inclusion numérique"
DEMO_SYMBOL = "C26/DT/1"

# (code, name, kind, groups, username, role)
DEMO_DELEGATIONS: tuple[tuple[str, str, str, tuple[str, ...], str, str], ...] = (
    ("SEC", "Secretariat", "secretariat", (), "secretariat", "secretariat"),
    ("CHAIR", "Chair of the Working Group", "secretariat", (), "chair", "chair"),
    ("AFR", "African Group", "group", (), "afr", "delegate"),
    ("ARB", "Arab Group", "group", (), "arb", "delegate"),
    ("ZAF", "South Africa", "member_state", ("AFR",), "zaf", "delegate"),
    ("CHE", "Switzerland", "member_state", (), "che", "delegate"),
    ("USA", "United States of America", "member_state", (), "usa", "delegate"),
    ("BRA", "Brazil", "member_state", (), "bra", "delegate"),
    ("CHN", "China", "member_state", (), "chn", "delegate"),
    ("FRA", "France", "member_state", (), "fra", "delegate"),
    ("SAU", "Saudi Arabia", "member_state", ("ARB",), "sau", "delegate"),
    ("ISOC", "Internet Society", "observer", (), "isoc", "observer"),
)
ADMIN_USERNAME = "admin"


@dataclass(frozen=True, slots=True)
class DemoLogin:
    """A printed demo login."""

    username: str
    password: str
    role: str
    delegation: str


@dataclass(frozen=True, slots=True)
class DemoSet:
    """What `ensure_demo` found or created."""

    created: bool
    document_id: int
    logins: tuple[DemoLogin, ...]


def demo_password(username: str) -> str:
    """The demo password of a demo account (the demo is for trying Crochets, never for a real meeting)."""
    return f"{username}-demo"


def demo_text() -> str:
    """The shipped demo draft resolution."""
    return (files("app") / "demo" / DEMO_DOCUMENT_FILE).read_text(encoding="utf-8")


def ensure_demo(*, session: Session) -> DemoSet:
    """Create the demo data set once; on later calls find and reuse it."""
    logins = tuple(_logins())
    existing = documents.find_by_title(session=session, title=DEMO_TITLE)
    if existing is not None and existing.id is not None:
        return DemoSet(created=False, document_id=existing.id, logins=logins)
    for code, name, kind, groups, username, role in DEMO_DELEGATIONS:
        if delegations.find(session=session, code=code) is None:
            delegations.add(session=session, code=code, name=name, kind=kind, groups=groups, commit=False)
        if accounts.find(session=session, username=username) is None:
            accounts.add(
                session=session,
                username=username,
                delegation_code=code,
                role=role,
                password=demo_password(username),
                display_name=f"{name} ({role})",
                commit=False,
            )
    if accounts.find(session=session, username=ADMIN_USERNAME) is None:
        accounts.add(
            session=session,
            username=ADMIN_USERNAME,
            delegation_code="SEC",
            role="admin",
            password=demo_password(ADMIN_USERNAME),
            display_name="Administrator",
            commit=False,
        )
    document = documents.import_text(
        session=session, title=DEMO_TITLE, text=demo_text(), language="fr", symbol=DEMO_SYMBOL
    )
    assert document.id is not None
    return DemoSet(created=True, document_id=document.id, logins=logins)


def _logins() -> list[DemoLogin]:
    rows = [DemoLogin(ADMIN_USERNAME, demo_password(ADMIN_USERNAME), "admin", "SEC")]
    rows += [
        DemoLogin(username, demo_password(username), role, code)
        for code, _name, _kind, _groups, username, role in DEMO_DELEGATIONS
    ]
    return rows
