"""The JSON API of account management: list, disable, enable, reset a password, sign out everywhere."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from app.services.accounts import administration
from app.web.deps import SessionDep, WriteSessionDep
from app.web.security import ActorDep

router = APIRouter(prefix="/api/v1/accounts", tags=["accounts"])


class PasswordIn(BaseModel):
    """A new password."""

    password: str = Field(min_length=1, max_length=1024)


class AccountOut(BaseModel):
    """An account: its canonical username, name, role and whether it is disabled."""

    username: str
    display_name: str
    role: str
    disabled: bool


class AccountListed(AccountOut):
    """An account in the list, with its delegation and how many browser sessions it has open."""

    delegation_code: str
    live_sessions: int


class SignedOut(BaseModel):
    """What signing an account out everywhere ended."""

    sessions_ended: int
    tokens_revoked: int


@router.get("")
def list_accounts(request: Request, session: SessionDep, actor: ActorDep) -> list[AccountListed]:
    """Every account with its delegation, state and live sessions (secretariat and administrators)."""
    overview = administration.overview(session=session, actor=actor, policy=request.app.state.session_policy)
    return [AccountListed.model_validate(row.data()) for row in overview.accounts]


@router.post("/{username}/disable")
def disable_account(username: str, session: WriteSessionDep, actor: ActorDep) -> AccountOut:
    """Disable an account: its sessions and API tokens end at once."""
    return _out(administration.disable(session=session, actor=actor, username=username))


@router.post("/{username}/enable")
def enable_account(username: str, session: WriteSessionDep, actor: ActorDep) -> AccountOut:
    """Enable a disabled account (its old sessions and tokens stay ended)."""
    return _out(administration.enable(session=session, actor=actor, username=username))


@router.put("/{username}/password")
def reset_password(username: str, body: PasswordIn, session: WriteSessionDep, actor: ActorDep) -> AccountOut:
    """Set a new password; the account's sessions and API tokens end."""
    account = administration.reset_password(session=session, actor=actor, username=username, password=body.password)
    return _out(account)


@router.post("/{username}/revoke")
def revoke_account(username: str, session: WriteSessionDep, actor: ActorDep) -> SignedOut:
    """Sign an account out everywhere: how many sessions ended and API tokens were revoked."""
    ended, revoked = administration.revoke(session=session, actor=actor, username=username)
    return SignedOut(sessions_ended=ended, tokens_revoked=revoked)


def _out(account: Any) -> AccountOut:
    return AccountOut.model_validate(administration.describe(account))
