"""Wordings that differ only in typography fold to the same text; different words do not."""

from __future__ import annotations

import pytest

from app.services.negotiation.typography import folded


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("ci\u2011dessus", "ci-dessus"),
        ("ci\u2013dessus", "ci-dessus"),
        ("Plan\u00a0d'action", "plan d’action"),
        ("« transformer notre monde »", '"Transformer notre monde"'),
        ("les  parties\u202fprenantes ", "les parties prenantes"),
    ],
)
def test_typography_folds_away(one: str, other: str) -> None:
    assert folded(one) == folded(other)


@pytest.mark.parametrize(("one", "other"), [("ci-dessus", "ci-dessous"), ("parties-prenantes", "parties prenantes")])
def test_words_do_not(one: str, other: str) -> None:
    assert folded(one) != folded(other)
