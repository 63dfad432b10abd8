"""The text rules of `app.domain.text_rules` as the services apply them: a broken rule is Invalid (422)."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain import Inline
from app.domain.text_rules import Flag, TextRuleError, check_nesting, check_wording
from app.domain.text_rules import import_flags as _import_flags
from app.services.errors import Invalid


def wording(text: str, *, field: str, existing: str = "") -> None:
    """Refuse typed wording or a title bringing in a control, bidi or zero-width character."""
    try:
        check_wording(text, field=field, existing=existing)
    except TextRuleError as error:
        raise _invalid(error) from error


def nesting(content: Sequence[Inline], *, field: str) -> None:
    """Refuse content nested deeper than any draft is."""
    try:
        check_nesting(content, field=field)
    except TextRuleError as error:
        raise _invalid(error) from error


def import_flags(text: str, *, field: str = "text") -> list[Flag]:
    """The characters of a draft to flag in its preview; NUL and surrogate halves refuse the draft."""
    try:
        return _import_flags(text, field=field)
    except TextRuleError as error:
        raise _invalid(error) from error


def _invalid(error: TextRuleError) -> Invalid:
    return Invalid(str(error), line=error.line, column=error.column)
