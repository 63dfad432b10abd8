"""Decoding input bytes: UTF-8 with or without a byte-order mark, nothing else."""

from __future__ import annotations

from app.domain.errors import EncodingError


def decode_utf8(data: bytes) -> str:
    """Decode UTF-8 bytes, keeping a byte-order mark as a leading U+FEFF; raise EncodingError otherwise."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise EncodingError(error.start, data[error.start]) from None
