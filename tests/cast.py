"""The cast of the seed negotiation, built once per test session into template databases."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from app.db import build_engine
from app.services.accounts import auth
from app.services.documents import catalog as documents
from tests import databases
from tests.conftest import AuthAccount, corpus_file, create_account

SEED = "itu-council-wsis-draft-resolution.fr.txt"
SEED_TITLE = "Rôle de l'UIT dans l'examen du SMSI"


@dataclass(frozen=True)
class Cast:
    """One account per role in the seed negotiation."""

    secretariat: AuthAccount
    chair: AuthAccount
    zaf: AuthAccount
    che: AuthAccount
    usa: AuthAccount
    bra: AuthAccount
    observer: AuthAccount


@dataclass(frozen=True)
class Template:
    """A migrated template database (its URL) holding the cast (and, for a negotiation, the imported seed)."""

    url: str
    cast: Cast
    document_id: int | None = None


def seed_text() -> str:
    """The seed resolution exactly as published (bytes decoded as UTF-8)."""
    return corpus_file(SEED).read_bytes().decode("utf-8")


def build_cast(migrated: str, path: Path) -> Template:
    """Accounts are slow to make (argon2), so the cast is made once into a template that tests copy."""
    url = databases.copy(migrated, path, lasting=True)
    engine = build_engine(url)
    create_account(engine, "afr-coordinator", delegation="AFR", delegation_name="African Group", kind="group")
    cast = Cast(
        secretariat=create_account(
            engine,
            "sec",
            role="secretariat",
            delegation="SEC",
            delegation_name="Secretariat",
            kind="secretariat",
            display_name="Sam Secretariat",
        ),
        chair=create_account(
            engine,
            "chair",
            role="chair",
            delegation="CHAIR",
            delegation_name="Chair",
            kind="secretariat",
            display_name="Chair of the Working Group",
        ),
        zaf=create_account(
            engine,
            "zaf",
            delegation="ZAF",
            delegation_name="South Africa",
            groups=("AFR",),
            display_name="Thandi Nkosi",
        ),
        che=create_account(engine, "che", delegation="CHE", delegation_name="Switzerland", display_name="Luca Meier"),
        usa=create_account(engine, "usa", delegation="USA", delegation_name="United States", display_name="Dana Lee"),
        bra=create_account(engine, "bra", delegation="BRA", delegation_name="Brazil", display_name="Ana Silva"),
        observer=create_account(
            engine,
            "isoc",
            role="observer",
            delegation="ISOC",
            delegation_name="Internet Society",
            kind="observer",
            display_name="Olga Observer",
        ),
    )
    engine.dispose()
    return Template(url, cast)


def build_negotiation(cast_template: Template, path: Path) -> Template:
    """The cast with the seed imported by the secretariat (Rev.0)."""
    url = databases.copy(cast_template.url, path, lasting=True)
    engine = build_engine(url)
    with Session(engine) as session:
        actor = auth.actor_for_account(session=session, account_id=cast_template.cast.secretariat.account_id)
        document = documents.import_text(session=session, title=SEED_TITLE, text=seed_text(), actor=actor)
        document_id = document.id
    engine.dispose()
    return Template(url, cast_template.cast, document_id)
