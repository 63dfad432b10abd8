"""Usernames: one canonical form (NFKC, case-folded), so that `Che`, `ｃｈｅ` and `che` are one name.

A new username is made of letters, marks, digits and `. _ - @ +`, starting with a letter or a digit: such a name
is safe in a URL path, a shell and a log line. Zero-width, bidi-control and other invisible characters, which
make two names look alike, are refused with the character's code and position, never silently stripped.
"""

from __future__ import annotations

import unicodedata

from app.services.errors import Invalid

MAX_LENGTH = 80
PUNCTUATION = "._-@+"
_WHAT = {"Cc": "a control character", "Cf": "an invisible formatting character (zero-width or bidi)"}


def canonical(username: str) -> str:
    """The form names are stored and compared in: NFKC, case-folded (and NFKC again, which folding can undo)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username.strip()).casefold())


def normalise(username: str) -> str:
    """The canonical form of a new username; Invalid names the first character that is not allowed and where."""
    name = canonical(username)
    if not name or len(name) > MAX_LENGTH:
        raise Invalid(f"username {username!r} must be 1 to {MAX_LENGTH} characters")
    for index, char in enumerate(name, start=1):
        problem = _problem(char, first=index == 1)
        if problem:
            raise Invalid(
                f"username {username!r}: character {index} is {problem} (U+{ord(char):04X} "
                f"{unicodedata.name(char, 'unnamed')}); use letters, digits and {' '.join(PUNCTUATION)}"
            )
    return name


def _problem(char: str, *, first: bool) -> str:
    category = unicodedata.category(char)
    if category in _WHAT:
        return _WHAT[category]
    if char.isspace() or category.startswith("Z"):
        return "a space"
    if category[0] in "LN" or (category[0] == "M" and not first):
        return ""
    if char in PUNCTUATION and not first:
        return ""
    return "not allowed at the start" if char in PUNCTUATION or category[0] == "M" else "not allowed"
