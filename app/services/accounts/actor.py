"""The acting person of a request: who they are, their delegation and its groups."""

from __future__ import annotations

from dataclasses import dataclass

from app.models import AccountRole


@dataclass(frozen=True, slots=True)
class Actor:
    """The signed-in person, their delegation and the groups that delegation belongs to."""

    account_id: int
    username: str
    display_name: str
    role: AccountRole
    delegation_id: int
    delegation_code: str
    delegation_name: str
    group_ids: tuple[int, ...] = ()
    group_codes: tuple[str, ...] = ()
    token_id: int | None = None  # the API token that authenticated this request, if any
    session_id: int | None = None  # the browser session that authenticated this request, if any
    public_reader: bool = False  # nobody signed in: reading a document the operator made public

    def may_act_for(self, delegation_id: int) -> bool:
        """True for the actor's own delegation and for the groups it belongs to."""
        return not self.public_reader and (delegation_id == self.delegation_id or delegation_id in self.group_ids)


# Anonymous visitors reading a public document: an observer of no delegation, who changes nothing.
PUBLIC_READER = Actor(
    account_id=0,
    username="",
    display_name="Public reader",
    role=AccountRole.observer,
    delegation_id=0,
    delegation_code="",
    delegation_name="",
    public_reader=True,
)
