"""Who may call each unsafe route: the one declared policy the authorisation matrix checks the app against.

Every POST, PUT, PATCH and DELETE route of the app needs an entry here (the matrix fails on a route without
one). Roles: admin, secretariat, chair, owner (a delegate of the delegation that owns the target: ZAF, whose
proposal it is), other (a delegate of another delegation: USA), observer, anonymous. A role in `allowed` must get
through and succeed (a status under 400); a role in `hidden` is refused with 404, so as not to tell that the
thing exists; every other role must get 401 (anonymous) or 403, and the stored state must not change.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.security.conftest import ROLES, World

ALL = frozenset(ROLES)
SIGNED_IN = ALL - {"anonymous"}
DELEGATES = frozenset({"owner", "other"})
CHAIR = frozenset({"chair"})
REVISION_ISSUERS = frozenset({"chair", "secretariat", "admin"})
SECRETARIAT = frozenset({"secretariat", "admin"})  # imports, restores, delegations and accounts
NEXT_VERSION = "Le Conseil [décide] [convient].\n"  # a next version to preview
TARGET_ACCOUNT = "bra"  # the account the account-management routes act on (a delegate)


@dataclass(frozen=True)
class Call:
    """One request: the concrete path and what it carries."""

    path: str
    json: Any = None
    form: dict[str, str] | None = None
    files: dict[str, tuple[str, bytes, str]] | None = None


@dataclass(frozen=True)
class Rule:
    """The roles a route lets through, how to call it, and why."""

    allowed: frozenset[str]
    call: Callable[[World], Call]
    why: str
    hidden: frozenset[str] = field(default_factory=frozenset)


def _amended(world: World) -> str:
    return str(world.paragraph["text"]).replace("saisir l'occasion", "profiter", 1)


def _amendment(world: World) -> dict[str, Any]:
    return {"text": _amended(world), "base_version": world.paragraph["version"]}


def _form(world: World, **fields: Any) -> dict[str, str]:
    return {name: str(value) for name, value in fields.items()}


P = "/paragraphs/{paragraph_id}"
A = "/api/v1"
POLICY: dict[tuple[str, str], Rule] = {
    # Signing in and out: anyone, the route itself checks the credentials.
    ("POST", "/login"): Rule(
        ALL,
        lambda w: Call("/login", form={"username": "bra", "password": w.accounts["owner"].password}),
        "signing in is for everyone",
    ),
    ("POST", "/logout"): Rule(ALL, lambda w: Call("/logout", form={}), "signing out ends only one's own session"),
    ("POST", f"{A}/tokens"): Rule(
        ALL,
        lambda w: Call(f"{A}/tokens", json={"username": "bra", "password": w.accounts["owner"].password}),
        "a token is exchanged for a username and password",
    ),
    ("DELETE", f"{A}/tokens/current"): Rule(
        SIGNED_IN, lambda w: Call(f"{A}/tokens/current"), "anyone revokes the token they call with"
    ),
    ("DELETE", f"{A}/tokens/{{token_id}}"): Rule(
        frozenset({"owner", "admin"}),
        lambda w: Call(f"{A}/tokens/{w.accounts['owner'].token_id}"),
        "one's own tokens; an administrator anyone's",
        hidden=frozenset({"secretariat", "chair", "other", "observer"}),
    ),
    # Delegates propose, back and withdraw, for their delegation.
    ("POST", f"{P}/preview"): Rule(
        DELEGATES,
        lambda w: Call(f"/paragraphs/{w.paragraph['id']}/preview", form={"text": _amended(w)}),
        "the preview of a delegate's edit",
    ),
    ("POST", f"{P}/amend"): Rule(
        DELEGATES,
        lambda w: Call(f"/paragraphs/{w.paragraph['id']}/amend", form=_form(w, **_amendment(w))),
        "delegates propose wording",
    ),
    ("POST", f"{A}{P}/amendments"): Rule(
        DELEGATES,
        lambda w: Call(f"{A}/paragraphs/{w.paragraph['id']}/amendments", json=_amendment(w)),
        "delegates propose wording",
    ),
    ("POST", "/selection-proposals"): Rule(
        DELEGATES,
        lambda w: Call(
            "/selection-proposals",
            form=_form(
                w,
                paragraph_id=w.paragraph["id"],
                start=w.selection[0],
                end=w.selection[1],
                action="delete",
                base_version=w.paragraph["version"],
            ),
        ),
        "delegates propose on a selection",
    ),
    ("POST", "/bracket-sets/{bracket_set_id}/alternatives"): Rule(
        DELEGATES,
        lambda w: Call(f"/bracket-sets/{w.open_set_id}/alternatives", form={"text": "une autre formulation"}),
        "delegates add alternatives",
    ),
    ("POST", f"{A}/bracket-sets/{{bracket_set_id}}/alternatives"): Rule(
        DELEGATES,
        lambda w: Call(f"{A}/bracket-sets/{w.open_set_id}/alternatives", json={"text": "une autre formulation"}),
        "delegates add alternatives",
    ),
    ("POST", "/alternatives/{alternative_id}/position"): Rule(
        DELEGATES,
        lambda w: Call(f"/alternatives/{w.imported_alternative_id}/position", form={"stance": "supports"}),
        "delegates support or object",
    ),
    ("PUT", f"{A}/alternatives/{{alternative_id}}/position"): Rule(
        DELEGATES,
        lambda w: Call(f"{A}/alternatives/{w.imported_alternative_id}/position", json={"stance": "objects"}),
        "delegates support or object",
    ),
    ("DELETE", f"{A}/alternatives/{{alternative_id}}/position"): Rule(
        frozenset({"owner"}),
        lambda w: Call(f"{A}/alternatives/{w.owner_alternative_id}/position"),
        "a delegation withdraws only its own position",
        hidden=frozenset({"other"}),
    ),
    # Delegates comment, for their delegation; a comment is withdrawn only by the delegation it is for.
    ("POST", "/bracket-sets/{bracket_set_id}/comments"): Rule(
        DELEGATES,
        lambda w: Call(f"/bracket-sets/{w.open_set_id}/comments", form={"text": "Un commentaire."}),
        "delegates comment on sets",
    ),
    ("POST", f"{A}/bracket-sets/{{bracket_set_id}}/comments"): Rule(
        DELEGATES,
        lambda w: Call(f"{A}/bracket-sets/{w.open_set_id}/comments", json={"text": "Un commentaire."}),
        "delegates comment on sets",
    ),
    ("POST", f"{A}{P}/comments"): Rule(
        DELEGATES,
        lambda w: Call(f"{A}/paragraphs/{w.paragraph['id']}/comments", json={"text": "Un commentaire."}),
        "delegates comment on paragraphs",
    ),
    ("POST", "/comments/{comment_id}/withdraw"): Rule(
        frozenset({"owner"}),
        lambda w: Call(f"/comments/{w.owner_comment_id}/withdraw", form={}),
        "a delegation withdraws only its own comments (comments are public: others are refused, not hidden)",
    ),
    ("POST", f"{A}/comments/{{comment_id}}/withdrawal"): Rule(
        frozenset({"owner"}),
        lambda w: Call(f"{A}/comments/{w.owner_comment_id}/withdrawal"),
        "a delegation withdraws only its own comments (comments are public: others are refused, not hidden)",
    ),
    # The chair resolves, fills, sets statuses and phases, writes its own text.
    ("POST", "/bracket-sets/{bracket_set_id}/resolve"): Rule(
        CHAIR,
        lambda w: Call(
            f"/bracket-sets/{w.open_set_id}/resolve", form={"alternative_id": str(w.imported_alternative_id)}
        ),
        "only the chair resolves",
    ),
    ("POST", f"{A}/bracket-sets/{{bracket_set_id}}/resolution"): Rule(
        CHAIR,
        lambda w: Call(
            f"{A}/bracket-sets/{w.open_set_id}/resolution", json={"alternative_id": w.imported_alternative_id}
        ),
        "only the chair resolves",
    ),
    ("POST", "/bracket-sets/{bracket_set_id}/undo"): Rule(
        CHAIR, lambda w: Call(f"/bracket-sets/{w.resolved_set_id}/undo", form={}), "only the chair undoes a resolution"
    ),
    ("DELETE", f"{A}/bracket-sets/{{bracket_set_id}}/resolution"): Rule(
        CHAIR, lambda w: Call(f"{A}/bracket-sets/{w.resolved_set_id}/resolution"), "only the chair undoes"
    ),
    ("POST", "/placeholders/{placeholder_id}/fill"): Rule(
        CHAIR, lambda w: Call(f"/placeholders/{w.placeholder_id}/fill", form={"text": "1340"}), "the chair fills"
    ),
    ("POST", f"{A}/placeholders/{{placeholder_id}}/value"): Rule(
        CHAIR, lambda w: Call(f"{A}/placeholders/{w.placeholder_id}/value", json={"text": "1340"}), "the chair fills"
    ),
    ("POST", f"{P}/status"): Rule(
        CHAIR,
        lambda w: Call(f"/paragraphs/{w.plain_paragraph_id}/status", form={"status": "informals"}),
        "the chair sets statuses",
    ),
    ("PUT", f"{A}{P}/status"): Rule(
        CHAIR,
        lambda w: Call(f"{A}/paragraphs/{w.plain_paragraph_id}/status", json={"status": "ad_ref"}),
        "the chair sets statuses",
    ),
    ("POST", f"{P}/chair-text"): Rule(
        CHAIR,
        lambda w: Call(f"/paragraphs/{w.paragraph['id']}/chair-text", form=_form(w, **_amendment(w))),
        "the chair writes its own text",
    ),
    ("PUT", f"{A}{P}/text"): Rule(
        CHAIR, lambda w: Call(f"{A}/paragraphs/{w.paragraph['id']}/text", json=_amendment(w)), "the chair's text"
    ),
    ("POST", "/documents/{document_id}/phase"): Rule(
        CHAIR,
        lambda w: Call(f"/documents/{w.document_id}/phase", form={"proposals_open": "false"}),
        "the chair opens and closes the proposal phase",
    ),
    ("PUT", f"{A}/documents/{{document_id}}/phase"): Rule(
        CHAIR,
        lambda w: Call(f"{A}/documents/{w.document_id}/phase", json={"proposals_open": False}),
        "the chair opens and closes the proposal phase",
    ),
    ("POST", "/documents/{document_id}/current"): Rule(
        CHAIR,
        lambda w: Call(f"/documents/{w.document_id}/current", form={"paragraph_id": str(w.paragraph["id"])}),
        "the chair chooses what the room discusses",
    ),
    ("POST", "/documents/{document_id}/visit"): Rule(
        SIGNED_IN, lambda w: Call(f"/documents/{w.document_id}/visit", form={}), "each reader records their own visit"
    ),
    ("POST", "/documents/{document_id}/revisions"): Rule(
        REVISION_ISSUERS,
        lambda w: Call(f"/documents/{w.document_id}/revisions", form={"note": "Rev"}),
        "the chair or the secretariat issues revisions",
    ),
    ("POST", f"{A}/documents/{{document_id}}/revisions"): Rule(
        REVISION_ISSUERS,
        lambda w: Call(f"{A}/documents/{w.document_id}/revisions", json={"note": "Rev"}),
        "the chair or the secretariat issues revisions",
    ),
    ("POST", "/documents/{document_id}/revise/preview"): Rule(
        REVISION_ISSUERS,
        lambda w: Call(f"/documents/{w.document_id}/revise/preview", form={"text": NEXT_VERSION}),
        "those who issue revisions preview a next version (nothing stored)",
    ),
    ("POST", "/documents/{document_id}/revise"): Rule(
        REVISION_ISSUERS,
        lambda w: Call(
            f"/documents/{w.document_id}/revise",
            form={"note": "next", "payload": base64.b64encode(NEXT_VERSION.encode()).decode("ascii")},
        ),
        "those who issue revisions import a next version",
    ),
    ("POST", f"{A}/documents/{{document_id}}/revisions/preview"): Rule(
        REVISION_ISSUERS,
        lambda w: Call(f"{A}/documents/{w.document_id}/revisions/preview", json={"text": NEXT_VERSION}),
        "those who issue revisions preview a next version (nothing stored)",
    ),
    # The secretariat imports and restores documents, and manages delegations and accounts.
    ("POST", "/import/preview"): Rule(
        SECRETARIAT,
        lambda w: Call("/import/preview", form={"title": "Projet", "text": "Le Conseil [décide] [convient]."}),
        "imports are the secretariat's",
    ),
    ("POST", "/import"): Rule(
        SECRETARIAT,
        lambda w: Call(
            "/import",
            form={"title": "Projet", "payload": base64.b64encode("Le Conseil [décide].".encode()).decode("ascii")},
        ),
        "imports are the secretariat's",
    ),
    ("POST", f"{A}/documents"): Rule(
        SECRETARIAT,
        lambda w: Call(f"{A}/documents", json={"title": "Projet", "text": "Le Conseil [décide] [convient]."}),
        "imports are the secretariat's",
    ),
    ("POST", f"{A}/documents/import-docx"): Rule(
        SECRETARIAT,
        lambda w: Call(
            f"{A}/documents/import-docx",
            form={"title": "Projet Word"},
            files={"file": ("projet.docx", w.docx, "application/octet-stream")},
        ),
        "imports are the secretariat's",
    ),
    ("POST", f"{A}/documents/restore"): Rule(
        SECRETARIAT, lambda w: Call(f"{A}/documents/restore", json=w.backup), "restores are the secretariat's"
    ),
    ("POST", "/admin/delegations"): Rule(
        SECRETARIAT,
        lambda w: Call("/admin/delegations", form={"code": "NOR", "name": "Norway", "kind": "member_state"}),
        "the secretariat manages delegations",
    ),
    ("POST", "/admin/accounts"): Rule(
        SECRETARIAT,
        lambda w: Call(
            "/admin/accounts",
            form={"username": "nils", "delegation": "BRA", "role": "delegate", "password": "a long password"},
        ),
        "the secretariat manages accounts",
    ),
}

for _verb, _method in (("disable", "POST"), ("enable", "POST"), ("revoke", "POST")):
    for _prefix in ("/admin/accounts", f"{A}/accounts"):
        POLICY[(_method, f"{_prefix}/{{username}}/{_verb}")] = Rule(
            SECRETARIAT,
            lambda w, p=_prefix, v=_verb: Call(
                f"{p}/{TARGET_ACCOUNT}/{v}", form={} if p.startswith("/admin") else None
            ),
            f"the secretariat manages accounts ({_verb})",
        )
POLICY[("POST", "/admin/accounts/{username}/password")] = Rule(
    SECRETARIAT,
    lambda w: Call(f"/admin/accounts/{TARGET_ACCOUNT}/password", form={"password": "a new long password"}),
    "the secretariat resets passwords",
)
POLICY[("PUT", f"{A}/accounts/{{username}}/password")] = Rule(
    SECRETARIAT,
    lambda w: Call(f"{A}/accounts/{TARGET_ACCOUNT}/password", json={"password": "a new long password"}),
    "the secretariat resets passwords",
)

# The chair reshapes the text: insert, delete, split, merge, move, relabel, undo (the world holds one relabel).
POLICY.update(
    {
        ("POST", f"{P}/insert"): Rule(
            CHAIR,
            lambda w: Call(f"/paragraphs/{w.plain_paragraph_id}/insert", form={"text": "Nouveau paragraphe."}),
            "only the chair changes the structure",
        ),
        ("POST", f"{A}{P}/insert"): Rule(
            CHAIR,
            lambda w: Call(f"{A}/paragraphs/{w.plain_paragraph_id}/insert", json={"text": "Nouveau paragraphe."}),
            "only the chair changes the structure",
        ),
        ("POST", f"{P}/delete"): Rule(
            CHAIR,
            lambda w: Call(
                f"/paragraphs/{w.paragraph['id']}/delete", form=_form(w, base_version=w.paragraph["version"])
            ),
            "only the chair changes the structure",
        ),
        ("DELETE", f"{A}{P}"): Rule(
            CHAIR,
            lambda w: Call(f"{A}/paragraphs/{w.paragraph['id']}?base_version={w.paragraph['version']}"),
            "only the chair changes the structure",
        ),
        ("POST", f"{P}/split"): Rule(
            CHAIR,
            lambda w: Call(
                f"/paragraphs/{w.paragraph['id']}/split",
                form=_form(w, words="préparatoires", base_version=w.paragraph["version"]),
            ),
            "only the chair changes the structure",
        ),
        ("POST", f"{A}{P}/split"): Rule(
            CHAIR,
            lambda w: Call(
                f"{A}/paragraphs/{w.paragraph['id']}/split",
                json={"offset": w.selection[0], "base_version": w.paragraph["version"]},
            ),
            "only the chair changes the structure",
        ),
        ("POST", f"{P}/merge"): Rule(
            CHAIR,
            lambda w: Call(
                f"/paragraphs/{w.paragraph['id']}/merge", form=_form(w, base_version=w.paragraph["version"])
            ),
            "only the chair changes the structure",
        ),
        ("POST", f"{A}{P}/merge"): Rule(
            CHAIR,
            lambda w: Call(f"{A}/paragraphs/{w.paragraph['id']}/merge", json={"base_version": w.paragraph["version"]}),
            "only the chair changes the structure",
        ),
        ("POST", f"{P}/move"): Rule(
            CHAIR,
            lambda w: Call(f"/paragraphs/{w.paragraph['id']}/move", form=_form(w, before_id=w.title_paragraph_id)),
            "only the chair changes the structure",
        ),
        ("POST", f"{A}{P}/move"): Rule(
            CHAIR,
            lambda w: Call(f"{A}/paragraphs/{w.paragraph['id']}/move", json={"before_id": w.title_paragraph_id}),
            "only the chair changes the structure",
        ),
        ("POST", f"{P}/label"): Rule(
            CHAIR,
            lambda w: Call(f"/paragraphs/{w.paragraph['id']}/label", form={"label": "98."}),
            "only the chair changes the structure",
        ),
        ("PUT", f"{A}{P}/label"): Rule(
            CHAIR,
            lambda w: Call(f"{A}/paragraphs/{w.paragraph['id']}/label", json={"label": "98."}),
            "only the chair changes the structure",
        ),
        ("POST", "/documents/{document_id}/structure/undo"): Rule(
            CHAIR,
            lambda w: Call(f"/documents/{w.document_id}/structure/undo", form={}),
            "only the chair undoes a structure change",
        ),
        ("POST", f"{A}/documents/{{document_id}}/structure/undo"): Rule(
            CHAIR,
            lambda w: Call(f"{A}/documents/{w.document_id}/structure/undo", json={}),
            "only the chair undoes a structure change",
        ),
    }
)
