"""Deltas rebuild the new text exactly from the old one, and stay small when little changed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.delta import DeltaError, apply_delta, decode, encode, fingerprint, make_delta

PIECES = st.sampled_from(["a", "b", " ", "[", "]", "\n", "\r\n", "é", "\u202e", "shall ", "the Parties "])
TEXTS = st.lists(PIECES | st.text(max_size=4), max_size=80).map("".join)


@settings(max_examples=300, deadline=None)
@given(old=TEXTS, new=TEXTS)
def test_a_delta_rebuilds_any_text_from_any_other(old: str, new: str) -> None:
    assert apply_delta(old, decode(encode(make_delta(old, new)))) == new


@settings(max_examples=200, deadline=None)
@given(old=TEXTS, cut=st.integers(min_value=0), insert=TEXTS)
def test_a_delta_rebuilds_edits_of_a_long_text(old: str, cut: int, insert: str) -> None:
    long = old * 20
    at = cut % (len(long) + 1)
    new = long[:at] + insert + long[at + len(insert) // 2 :]
    assert apply_delta(long, make_delta(long, new)) == new


def test_a_small_change_in_a_long_text_costs_what_it_changed() -> None:
    old = " ".join(f"word{n}" for n in range(50_000))
    new = old.replace("word777 ", "[word777] [mot777] ").replace("word40000 ", "")
    assert len(encode(make_delta(old, new))) < 120
    moved = old[200_000:] + old[:200_000]
    assert len(encode(make_delta(old, moved))) < 40


def test_stored_deltas_are_checked() -> None:
    for stored in ("", "{}", "[[1]]", "[[-1, 2]]", "[true]", "[[1, 2, 3]]", "[[true, 1]]"):
        with pytest.raises(DeltaError):
            decode(stored)
    with pytest.raises(DeltaError, match="reaches outside"):
        apply_delta("short", [[3, 10]])
    assert fingerprint("a") != fingerprint("b") and len(fingerprint("\ud800")) == 32
