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


@router.get("")
def list_accounts(request: Request, session: SessionDep, actor: ActorDep) -> list[dict[str, Any]]:
    """Every account with its delegation, state and live sessions (secretariat and administrators)."""
    overview = administration.overview(session=session, actor=actor, policy=request.app.state.session_policy)
    return [row.data() for row in overview.accounts]


@router.post("/{username}/disable")
def disable_account(username: str, session: WriteSessionDep, actor: ActorDep) -> dict[str, Any]:
    """Disable an account: its sessions and API tokens end at once."""
    return administration.describe(administration.disable(session=session, actor=actor, username=username))


@router.post("/{username}/enable")
def enable_account(username: str, session: WriteSessionDep, actor: ActorDep) -> dict[str, Any]:
    """Enable a disabled account (its old sessions and tokens stay ended)."""
    return administration.describe(administration.enable(session=session, actor=actor, username=username))


@router.put("/{username}/password")
def reset_password(username: str, body: PasswordIn, session: WriteSessionDep, actor: ActorDep) -> dict[str, Any]:
    """Set a new password; the account's sessions and API tokens end."""
    account = administration.reset_password(session=session, actor=actor, username=username, password=body.password)
    return administration.describe(account)


@router.post("/{username}/revoke")
def revoke_account(username: str, session: WriteSessionDep, actor: ActorDep) -> dict[str, Any]:
    """Sign an account out everywhere: how many sessions ended and API tokens were revoked."""
    ended, revoked = administration.revoke(session=session, actor=actor, username=username)
    return {"sessions_ended": ended, "tokens_revoked": revoked}
