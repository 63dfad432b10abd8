"""The parser makes its commonest nodes without their dataclass `__init__` (a fifth of pass 2): each must equal
the node its constructor makes, every field set, and must stay in step if a field is added to the tree."""

from __future__ import annotations

import dataclasses

import pytest

from app.domain import nodes
from app.domain.tree import Alternative, BlockAlternative, BlockSet, BracketSet, Paragraph, Text


def test_the_fast_nodes_set_every_field_of_their_class() -> None:
    assert [f.name for f in dataclasses.fields(Text)] == ["text"]
    assert [f.name for f in dataclasses.fields(Alternative)] == ["content", "key", "original"]
    assert [f.name for f in dataclasses.fields(Paragraph)] == ["prefix", "label", "kind", "content", "trailing"]
    assert [f.name for f in dataclasses.fields(BracketSet)] == ["alternatives", "separators", "key"]
    assert [f.name for f in dataclasses.fields(BlockAlternative)] == ["first", "last", "label"]
    assert [f.name for f in dataclasses.fields(BlockSet)] == ["kind", "alternatives", "opening", "closing", "key"]


def test_the_fast_nodes_equal_the_constructed_ones() -> None:
    text = nodes.text("shall")
    assert text == Text("shall") and hash(text) == hash(Text("shall")) and repr(text) == repr(Text("shall"))
    alternative = nodes.alternative((text,))
    assert alternative == Alternative((Text("shall"),)) and alternative.key is None and alternative.original is False
    paragraph = nodes.paragraph("1. ", "1", "operative", (text,), "\n")
    assert paragraph == Paragraph("1. ", "1", "operative", (Text("shall"),), "\n")
    assert repr(paragraph) == repr(Paragraph("1. ", "1", "operative", (Text("shall"),), "\n"))
    pair = nodes.bracket_set((alternative, alternative), (" ",))
    assert pair == BracketSet((alternative, alternative), (" ",)) and pair.key is None
    assert hash(pair) == hash(BracketSet((alternative, alternative), (" ",)))
    option = nodes.block_alternative(3, 5, "Option 1")
    assert option == BlockAlternative(3, 5, "Option 1") and repr(option) == repr(BlockAlternative(3, 5, "Option 1"))
    block = nodes.block_set("bracket", (nodes.block_alternative(3, 5, ""),), 0, 7)
    assert block == BlockSet("bracket", (BlockAlternative(3, 5),), 0, 7) and block.key is None
    assert repr(block) == repr(BlockSet("bracket", (BlockAlternative(3, 5),), 0, 7)) and block.first == 3
    options = nodes.block_set("options", (option,), None, None)
    assert options == BlockSet("options", (BlockAlternative(3, 5, "Option 1"),)) and hash(options) == hash(
        BlockSet("options", (BlockAlternative(3, 5, "Option 1"),))
    )


def test_the_fast_nodes_stay_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        nodes.text("shall").text = "may"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        nodes.paragraph("", None, "text", (), "").kind = "title"  # type: ignore[misc]
