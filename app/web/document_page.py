"""Serving the document page: its paragraphs from the page cache, or rendered and kept, or streamed when too large
to keep (a tenfold Geneva: 28 MB of HTML, which must never exist as one string)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import chain

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.responses import Response, StreamingResponse

from app.services.reading.page import LONG_TEXT, DocumentPage, LazyParagraphs, Summary
from app.services.reading.page_update import Update
from app.web.page_cache import (
    CSRF_SLOT,
    EVENT_SLOT,
    PARAGRAPH_SLOT,
    PARAGRAPHS_SLOT,
    PageCache,
    PageKey,
    RenderedParagraphs,
)
from app.web.templating import is_htmx

PAGE = "pages/documents/show.html"
PARAGRAPHS = "partials/paragraphs.html"
PARAGRAPH = "partials/paragraph.html"
STREAM_PIECE = 64 * 1024  # characters of HTML per piece of a streamed page
HTML_PER_TEXT = 6  # a page's HTML is about 7.6 times its paragraphs' text (Geneva's); less is the safe side


def serve(
    request: Request,
    context: Mapping[str, object],
    *,
    cache: PageCache,
    key: PageKey,
    cached: RenderedParagraphs | None,
) -> Response:
    """The page of `context["page"]` (or, for htmx, its paragraphs): `cached` written into the page around them,
    or the paragraphs rendered now — kept under `key` when they fit the cache, streamed otherwise.

    Everything that can fail is read before; the shell and the paragraphs up to the cache's largest entry are
    rendered before the response starts, so a template that fails early still answers an error page, not half
    a 200."""
    templates: Jinja2Templates = request.app.state.templates
    values = _values(request, templates, context)
    token = str(values["csrf_token"](request))  # type: ignore[operator]
    head, tail = _shell(templates, values)
    if cached is not None:
        return _whole(head + cached.html(token, key.last_event_id) + tail)
    page = context["page"]
    assert isinstance(page, DocumentPage)
    strings = templates.get_template(PARAGRAPHS).generate(_slotted(values))
    event = str(page.last_event_id)
    done: list[bytes] = []  # the list's head, then each paragraph as soon as the next one begins
    current: list[str] = []
    size = 0
    paragraphs = page.paragraphs
    if isinstance(paragraphs, LazyParagraphs) and paragraphs.text_length() * HTML_PER_TEXT > cache.largest:
        size = cache.largest  # too large to keep, surely: streamed from the start, nothing held
    for string in strings:
        size += len(string)
        first, *others = string.split(PARAGRAPH_SLOT)
        current.append(first)
        for other in others:
            done.append("".join(current).encode())
            current = [other]
        if size > cache.largest:
            filled = (_filled(piece, token, event) for piece in _pieces(chain(current, strings)))
            pieces = chain((_filled_bytes(piece, token, event) for piece in done), filled)
            first_piece = next(pieces, b"")  # before the response starts, as the shell
            return _streamed(chain((head, first_piece), pieces, (tail,)))
    done.append("".join(current).encode())
    whole = isinstance(paragraphs, LazyParagraphs) and not key.filtered  # a page that can be updated
    summaries: tuple[Summary, ...] = ()
    if isinstance(paragraphs, LazyParagraphs) and whole:
        summaries = tuple(paragraphs.summaries(page.total_paragraphs > LONG_TEXT))
    entry = RenderedParagraphs.of(
        done, page.open_sets, page.outline, page.total_paragraphs, summaries, page.layout if whole else None
    )
    cache.put(key, entry)
    return _whole(head + entry.html(token, page.last_event_id) + tail)


def updated(
    request: Request, context: Mapping[str, object], kept: RenderedParagraphs, update: Update
) -> RenderedParagraphs:
    """A kept page with the paragraphs of `update` (the paragraphs of `context["page"]`) rendered anew."""
    templates: Jinja2Templates = request.app.state.templates
    values = _slotted(_values(request, templates, context))
    template = templates.get_template(PARAGRAPH)
    rendered = [template.render(values | {"paragraph": paragraph}) for paragraph in update.paragraphs]
    return kept.updated(update.summaries, rendered, update.layout)


def _filled(piece: str, token: str, event: str) -> bytes:
    """A streamed piece with the session's token and the event written in."""
    return piece.replace(PARAGRAPH_SLOT, "").replace(CSRF_SLOT, token).replace(EVENT_SLOT, event).encode()


def _filled_bytes(piece: bytes, token: str, event: str) -> bytes:
    return piece.replace(CSRF_SLOT.encode(), token.encode()).replace(EVENT_SLOT.encode(), event.encode())


def _slotted(values: Mapping[str, object]) -> dict[str, object]:
    """The values with slots for what differs between readers and events, and between paragraphs."""
    slots = {"csrf_token": lambda _request: CSRF_SLOT, "event_slot": EVENT_SLOT, "paragraph_slot": PARAGRAPH_SLOT}
    return dict(values) | slots


def _values(request: Request, templates: Jinja2Templates, context: Mapping[str, object]) -> dict[str, object]:
    values = dict(context)
    values.setdefault("request", request)
    for processor in templates.context_processors:
        values.update(processor(request))
    values["csrf_token"] = templates.env.globals["csrf_token"]
    return values


def _shell(templates: Jinja2Templates, values: Mapping[str, object]) -> tuple[bytes, bytes]:
    """The page around its paragraphs (nothing for an htmx request, which asks for the paragraphs only)."""
    request = values["request"]
    assert isinstance(request, Request)
    if is_htmx(request):
        return b"", b""
    html = templates.get_template(PAGE).render(dict(values) | {"paragraphs_html": Markup(PARAGRAPHS_SLOT)})
    head, tail = html.split(PARAGRAPHS_SLOT)
    return head.encode(), tail.encode()


def _whole(body: bytes) -> Response:
    response = Response(body, media_type="text/html")
    response.headers["Vary"] = "HX-Request"
    return response


def _streamed(pieces: Iterable[bytes]) -> Response:
    response = StreamingResponse(pieces, media_type="text/html")
    response.headers["Vary"] = "HX-Request"
    return response


def _pieces(strings: Iterator[str]) -> Iterator[str]:
    """Jinja's output (many small strings) joined into pieces of about STREAM_PIECE characters. A CSRF slot lies
    within one of Jinja's strings, so it is never cut between two pieces."""
    buffer: list[str] = []
    size = 0
    for string in strings:
        buffer.append(string)
        size += len(string)
        if size >= STREAM_PIECE:
            yield "".join(buffer)
            buffer.clear()
            size = 0
    if buffer:
        yield "".join(buffer)
