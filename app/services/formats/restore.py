"""Restoring a JSON backup (see `backup`) as a new document, with new ids."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from app.domain import render_inlines
from app.models import Account, AccountRole, BracketSetRow, Delegation, Document, Paragraph
from app.services import permissions
from app.services.accounts import delegations
from app.services.accounts.auth import Actor
from app.services.errors import Forbidden, Invalid, ServiceError
from app.services.formats import backup_check
from app.services.formats.backup_schema import (
    FORMAT,
    MODELS,
    TABLES,
    VERSION,
    BackupObject,
    Column,
    remap_content,
    remap_snapshot,
    upgraded,
)
from app.services.negotiation import audit, text_history
from app.services.negotiation.audit import Subject
from app.services.negotiation.content import Contents

# Written after every row exists, since they refer to rows created later.
DEFERRED = frozenset({"content", "resolution_alternative_id", "derived_from_id", "merged_into_id"})


class _Restorer:
    def __init__(self, session: Session, actor: Actor | None, data: BackupObject) -> None:
        self.session, self.actor = session, actor
        self.new_ids: dict[str, dict[int, int]] = {}
        self.accounts = {a.username: a.id for a in session.exec(select(Account))}
        self.missing_accounts: set[str] = set()
        self.credited = 0
        self.created_delegations: list[str] = []
        self.texts: dict[int, dict[int, str]] = {}  # paragraph id -> version -> text
        self.version_times: dict[tuple[int, int], datetime] = {}
        self.delegations = self._delegations(data.get("delegations", []))

    def _delegations(self, listed: list[BackupObject]) -> dict[str, int]:
        found = {d.code: d.id or 0 for d in self.session.exec(select(Delegation))}
        missing = [entry["code"] for entry in listed if entry["code"] not in found]
        if missing and self.actor is not None and self.actor.role != AccountRole.admin:
            raise Forbidden(
                f"backup: delegations {', '.join(missing)} are not registered here; only an administrator "
                "may create delegations: register them first, or ask an administrator to restore"
            )
        for entry in listed:
            if entry["code"] not in found:
                created = delegations.add(
                    session=self.session, code=entry["code"], name=entry["name"], kind=entry["kind"], commit=False
                )
                found[created.code] = created.id or 0
                self.created_delegations.append(created.code)
        return found

    def value(self, column: Column, value: Any, table: str) -> Any:
        kind = column.kind
        if value is None:
            return None
        if kind == "time":
            return datetime.fromisoformat(value)
        if kind == "account":
            if value in self.accounts:
                return self.accounts[value]
            self.missing_accounts.add(value)
            if table == "positions":  # a position needs an account
                if self.actor is None:
                    raise Invalid(
                        f"backup: a position was taken by {value!r}, an account unknown here; "
                        "restore as a secretariat account to be credited with such positions"
                    )
                self.credited += 1
                return self.actor.account_id
            return None
        if kind == "delegation":
            if value not in self.delegations:
                raise Invalid(f"backup: delegation {value!r} is used but not listed under 'delegations'")
            return self.delegations[value]
        if kind.startswith("ref:"):
            return self.new_ids[kind[4:]].get(value)
        if kind == "snapshot":
            return remap_snapshot(value, self.new_ids["paragraphs"], to_text=True)
        return value

    def insert(self, table: str, rows: list[BackupObject], document_id: int) -> None:
        spec = next(t for t in TABLES if t.name == table)
        model = MODELS[table]
        ids: dict[int, int] = {}
        self.new_ids[table] = ids
        for data in rows:
            fields = {c.name: self.value(c, data[c.key], table) for c in spec.columns if c.name not in DEFERRED}
            if "document_id" in model.model_fields:
                fields["document_id"] = document_id
            if "content" in model.model_fields:
                fields["content"] = "[]"
            if table == "paragraph_versions":
                self.texts.setdefault(fields["paragraph_id"], {})[fields["version"]] = fields["text"]
                self.version_times[(fields["paragraph_id"], fields["version"])] = fields["created_at"]
                continue  # stored as deltas once every version of the paragraph is known (`versions`)
            if table == "events":
                fields |= self.event_versions(fields)
            row = model(**fields)
            self.session.add(row)
            self.session.flush()
            ids[int(data["id"])] = row.id

    def versions(self) -> None:
        """Each paragraph's versions as deltas back from its text (checked to be its latest version's)."""
        prepared = {}
        for paragraph_id, texts in self.texts.items():
            paragraph = self.session.get(Paragraph, paragraph_id)
            assert paragraph is not None
            for row in text_history.stored_rows(paragraph_id=paragraph_id, texts_by_version=texts, live=paragraph.text):
                prepared[(paragraph_id, row.version)] = row
        for key, created_at in self.version_times.items():  # in the backup's order, which is the rows' order
            prepared[key].created_at = created_at
            self.session.add(prepared[key])
        self.session.flush()

    def event_versions(self, fields: BackupObject) -> BackupObject:
        """An event's texts named as paragraph versions when they are such texts, as `audit.record` does."""
        found = audit.versions_of(self.texts.get(fields["paragraph_id"], {}), fields["before"], fields["after"])
        if found is None:
            return {}
        return {"before": None, "after": None, "before_version": found[0], "after_version": found[1]}

    def link(self, data: BackupObject) -> None:
        """Write the columns that refer to rows created after their own."""
        sets, placeholders = self.new_ids["bracket_sets"], self.new_ids["placeholders"]
        for table in ("paragraphs", "alternatives"):
            for entry in data[table]:
                row = self.session.get(MODELS[table], self.new_ids[table][entry["id"]])
                assert row is not None
                row.content = remap_content(entry["content"], sets, placeholders, to_text=True)
                self.session.add(row)
        paragraphs = self.new_ids["paragraphs"]
        for entry in data["paragraphs"]:
            if entry["derived_from"] is not None or entry["merged_into"] is not None:
                paragraph = self.session.get(Paragraph, paragraphs[entry["id"]])
                assert paragraph is not None
                paragraph.derived_from_id = paragraphs.get(entry["derived_from"])
                paragraph.merged_into_id = paragraphs.get(entry["merged_into"])
                self.session.add(paragraph)
        for entry in data["bracket_sets"]:
            if entry["resolution_alternative"] is not None:
                row = self.session.get(BracketSetRow, sets[entry["id"]])
                assert row is not None
                row.resolution_alternative_id = self.new_ids["alternatives"][entry["resolution_alternative"]]
                self.session.add(row)


def restore(*, session: Session, actor: Actor | None, data: Any) -> Document:
    """Bring a backup back as a new document (secretariat; None for the command line)."""
    if actor is not None:
        permissions.require_secretariat(actor, "restore backups")
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Invalid(f"backup: this is not a Crochets backup (its 'format' is not {FORMAT!r})")
    version = data.get("version")
    if version not in (1, 2, VERSION) or isinstance(version, bool):
        raise Invalid(f"backup: version {version!r} is not supported; this Crochets reads versions 1 to {VERSION}")
    data = upgraded(data)
    backup_check.check(data)
    try:
        document = _restore(session, actor, data)
        _check_texts(session, document)
    except ServiceError:
        session.rollback()
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        session.rollback()
        raise Invalid(f"backup: malformed ({type(error).__name__}: {error})") from error
    session.commit()
    session.refresh(document)
    return document


def _check_texts(session: Session, document: Document) -> None:
    """Refuse a backup whose paragraph texts are not what their contents render to."""
    assert document.id is not None
    session.flush()
    contents = Contents(session, document.id)
    for paragraph in session.exec(select(Paragraph).where(Paragraph.document_id == document.id)):
        if render_inlines(contents.tree(paragraph.content)) != paragraph.text:
            raise Invalid(
                f"backup: inconsistent: paragraph at position {paragraph.position}: its text is not what its "
                "content renders to"
            )


def _restore(session: Session, actor: Actor | None, data: BackupObject) -> Document:
    info = data["document"]
    document = Document(
        title=str(info["title"]),
        symbol=str(info["symbol"]),
        language=str(info["language"]),
        bom=str(info["bom"]),
        leading=str(info["leading"]),
        syntax=str(info.get("syntax", "plain")),  # backups made before Markdown imports were all plain text
        layout=str(info.get("layout", "lines")),
        bare_numbers=str(info.get("bare_numbers", "negotiable")),  # older backups: every `[9]` negotiated
        proposals_open=bool(info["proposals_open"]),
        created_at=datetime.fromisoformat(info["created_at"]),
    )
    session.add(document)
    session.flush()
    assert document.id is not None
    restorer = _Restorer(session, actor, data)
    for table in TABLES:
        if table.name == "events":
            restorer.versions()  # events name the versions holding their texts
        restorer.insert(table.name, list(data[table.name]), document.id)
    restorer.link(data)
    summary = f"restored from a backup: {len(data['paragraphs'])} paragraphs, {len(data['events'])} events"
    if data["comments"]:
        summary += f", {len(data['comments'])} comments"
    if restorer.created_delegations:
        summary += f"; created delegations {', '.join(restorer.created_delegations)}"
    if restorer.missing_accounts:
        summary += f"; accounts unknown here: {', '.join(sorted(restorer.missing_accounts))}"
    if restorer.credited and actor is not None:
        summary += f" ({restorer.credited} positions credited to {actor.username})"
    audit.record(session=session, subject=Subject(document.id), actor=actor, action="restored", summary=summary)
    return document
