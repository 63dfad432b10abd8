"""`crochets delegations …` and `crochets users …`: manage who takes part, on the configured database."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from app.commands.runtime import fail, load_settings, open_database, prepare_data_dir

if TYPE_CHECKING:
    from sqlmodel import Session


@contextmanager
def database_session() -> Iterator[Session]:
    """A session on the configured database (migrated first); a service error becomes one line and status 2."""
    from sqlmodel import Session

    from app.services.errors import ServiceError

    settings = load_settings()
    if not settings.database_url:
        prepare_data_dir(settings.data_dir)
    engine = open_database(settings)
    try:
        with Session(engine) as session:
            yield session
    except ServiceError as error:
        fail(error.detail)
    finally:
        engine.dispose()


def register(cli: typer.Typer) -> None:
    """Add the `delegations` and `users` command groups to the CLI."""
    cli.add_typer(_delegations_commands(), name="delegations")
    cli.add_typer(_users_commands(), name="users")


def _delegations_commands() -> typer.Typer:
    group = typer.Typer(no_args_is_help=True, help="Delegations: member states, groups, observers, secretariat.")

    @group.command("add")
    def add(
        code: str = typer.Argument(..., help="Short code, e.g. ZAF or AFR."),
        name: str = typer.Argument(..., help="Full name, e.g. 'South Africa'."),
        kind: str = typer.Option(..., "--kind", help="member_state, group, observer or secretariat."),
        group_codes: list[str] = typer.Option([], "--group", help="A group this delegation belongs to (repeatable)."),
    ) -> None:
        """Register a delegation, optionally as a member of existing groups."""
        from app.services.accounts import delegations

        with database_session() as session:
            delegation = delegations.add(session=session, code=code, name=name, kind=kind, groups=group_codes)
            typer.echo(f"added delegation {delegation.code} ({delegation.name}, {delegation.kind})")

    @group.command("import")
    def import_csv(
        file: Path = typer.Argument(..., help="A UTF-8 CSV file with columns code,name,kind,groups."),
    ) -> None:
        """Add every delegation of a CSV file, or none when a row is wrong (groups separated by ; or spaces)."""
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            fail(f"cannot read {file}: {getattr(error, 'strerror', None) or error}")
        from app.services.accounts import delegations

        with database_session() as session:
            added = delegations.import_csv(session=session, text=text)
            typer.echo(f"imported {len(added)} delegation{'s' if len(added) != 1 else ''} from {file}")

    @group.command("list")
    def list_delegations() -> None:
        """Print every delegation with its kind and groups."""
        from app.services.accounts import delegations

        with database_session() as session:
            for row in delegations.list_all(session=session):
                typer.echo(f"{row.code:<10} {row.kind:<13} {row.name}  {' '.join(row.groups)}".rstrip())

    return group


def _users_commands() -> typer.Typer:
    group = typer.Typer(no_args_is_help=True, help="Accounts of the people who sign in, and their API tokens.")

    @group.command("add")
    def add(
        username: str = typer.Argument(..., help="Login name, without spaces."),
        delegation: str = typer.Option(..., "--delegation", help="Code of the delegation the person acts for."),
        role: str = typer.Option(..., "--role", help="admin, secretariat, chair, delegate or observer."),
        display_name: str = typer.Option("", "--display-name", help="Name shown to others [default: the username]."),
        password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
    ) -> None:
        """Create an account; the password is asked for twice (hidden), or read as one line from standard input."""
        from app.services.accounts import accounts

        with database_session() as session:
            accounts.check_new(session=session, username=username, delegation_code=delegation, role=role)
            password = _read_password(password_stdin)
            account = accounts.add(
                session=session,
                username=username,
                delegation_code=delegation,
                role=role,
                password=password,
                display_name=display_name,
            )
            typer.echo(f"added {account.role} {account.username} for {delegation.strip().upper()}")

    @group.command("token")
    def token(
        username: str = typer.Argument(..., help="The account the token signs in as."),
        label: str = typer.Option("", "--label", help="A note saying where the token is used."),
        expires: str = typer.Option(
            "", "--expires", help="When it stops working: 30d, 12h, 90m, or a UTC date or time (2026-12-31T18:00)."
        ),
    ) -> None:
        """Print a new API token for the account (shown once; only its hash is stored)."""
        from app.services.accounts import auth

        expires_at = _expiry(expires) if expires else None
        with database_session() as session:
            issued = auth.issue_token(session=session, username=username, label=label, expires_at=expires_at)
        typer.echo(issued.token)
        if issued.expires_at is not None:
            typer.echo(f"expires {issued.expires_at.isoformat(timespec='seconds')}", err=True)

    _account_actions(group)

    @group.command("list")
    def list_users() -> None:
        """Print every account with its role and delegation."""
        from app.services.accounts import accounts

        with database_session() as session:
            for account, delegation in accounts.list_all(session=session):
                state = "  (disabled)" if account.disabled_at is not None else ""
                typer.echo(
                    f"{account.username:<20} {account.role:<12} {delegation.code:<10} {account.display_name}{state}"
                )

    return group


def _account_actions(group: typer.Typer) -> None:
    """`users disable|enable|reset-password|revoke`: what the administration page does, from the server."""

    @group.command("disable")
    def disable(username: str = typer.Argument(..., help="The account to disable.")) -> None:
        """Disable an account: its sessions and API tokens end at once; it cannot sign in until enabled."""
        from app.services.accounts import administration

        with database_session() as session:
            account = administration.disable(session=session, actor=None, username=username)
            typer.echo(f"disabled {account.username}; its sessions and API tokens have ended")

    @group.command("enable")
    def enable(username: str = typer.Argument(..., help="The account to enable.")) -> None:
        """Enable a disabled account (its old sessions and tokens stay ended)."""
        from app.services.accounts import administration

        with database_session() as session:
            account = administration.enable(session=session, actor=None, username=username)
            typer.echo(f"enabled {account.username}")

    @group.command("reset-password")
    def reset_password(
        username: str = typer.Argument(..., help="The account whose password to set."),
        password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
    ) -> None:
        """Set a new password (asked twice, hidden); every session and API token of the account ends."""
        from app.services.accounts import accounts, administration

        with database_session() as session:
            accounts.get(session=session, username=username)
            password = _read_password(password_stdin)
            account = administration.reset_password(session=session, actor=None, username=username, password=password)
            typer.echo(f"password of {account.username} set; its sessions and API tokens have ended")

    @group.command("revoke")
    def revoke(username: str = typer.Argument(..., help="The account to sign out everywhere.")) -> None:
        """Sign an account out everywhere: end its browser sessions and revoke its API tokens."""
        from app.services.accounts import administration

        with database_session() as session:
            ended, revoked = administration.revoke(session=session, actor=None, username=username)
            typer.echo(f"{username}: {ended} session(s) ended, {revoked} API token(s) revoked")


def _expiry(text: str) -> datetime:
    """`30d`, `12h`, `90m`, or an ISO date or date and time (UTC unless it says otherwise)."""
    text = text.strip()
    units = {"d": "days", "h": "hours", "m": "minutes"}
    try:
        if text[:-1].isdigit() and text[-1:] in units:
            return datetime.now(UTC) + timedelta(**{units[text[-1]]: int(text[:-1])})
        moment = datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        fail(f"--expires: {text!r} is neither a duration (30d, 12h, 90m) nor a date (2026-12-31T18:00)")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            fail("--password-stdin: standard input is empty; send the password as one line")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        fail("no terminal to ask for the password; use --password-stdin")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
