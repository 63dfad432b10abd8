"""The FastAPI application, built from settings."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from app import notify
from app.config import Settings
from app.db import build_engine
from app.web import auth, devices, docs, errors, headers, health, limits, live, security
from app.web.api import accounts as accounts_api
from app.web.api import comments as comments_api
from app.web.api import history as history_api
from app.web.api import negotiation as api
from app.web.api import reports as reports_api
from app.web.api import revising as revising_api
from app.web.api import structure as structure_api
from app.web.page_cache import PageCache
from app.web.pages import actions as page_actions
from app.web.pages import admin as admin_pages
from app.web.pages import chair_actions, projection, revise_pages, structure_actions
from app.web.pages import comments as comment_pages
from app.web.pages import documents as pages
from app.web.pages import imports as import_pages
from app.web.pages import reports as report_pages
from app.web.templating import build_templates

MAX_FIELD_BYTES = 48 * 1024 * 1024  # the base64 of the largest importable draft, with room to spare
MAX_BODY_BYTES = 64 * 1024 * 1024


# A full collection holds the GIL for as long as it walks the heap: while a worker thread parses a 5 MB draft
# into hundreds of thousands of objects, the default thresholds stalled the event loop for 0.35 s at a time.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_garbage_collector() -> None:
    """Collect less often: fewer full collections, each of which stops every thread, the event loop's too."""
    gc.set_threshold(*GC_THRESHOLDS)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application on the database and data directory the settings name."""
    settings = settings or Settings()
    engine = build_engine(settings.resolved_database_url())

    hub = live.Hub()
    relay = notify.Relay(engine, hub)  # PostgreSQL: changes cross processes through LISTEN/NOTIFY
    if relay.enabled:
        hub.sender = notify.announced

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        tune_garbage_collector()
        hub.bind(asyncio.get_running_loop())
        async with relay:
            yield
        hub.close()
        engine.dispose()

    app = FastAPI(
        title="Crochets",
        summary="Bracketed-text negotiation editor",
        version="0.1.0",
        lifespan=lifespan,
        # A pasted draft travels as one form field; the services refuse what is too long with a clear 413.
        form_limits={"max_part_size": MAX_FIELD_BYTES},
        # Operation ids are the route functions' names, so a generated client reads `take_position(...)`.
        generate_unique_id_function=lambda route: route.name,
        # Our own /docs page (pinned Swagger UI, no inline script); ReDoc would load unpinned code.
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(limits.ids_in_range)],
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.hub = hub
    # One process serialises its own writers to SQLite in arrival order; PostgreSQL locks rows instead.
    app.state.write_lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None
    app.state.templates = build_templates(settings)
    app.state.page_cache = PageCache(settings.page_cache_mb * 2**20)
    if settings.vendor_dir is not None:
        # Mounted before /static, which would otherwise answer /static/vendor/… with a 404.
        app.mount("/static/vendor", StaticFiles(directory=settings.vendor_dir), name="vendor")
    app.mount("/static", StaticFiles(directory=Path(str(files("app") / "static"))), name="static")
    errors.install(app)
    security.install(app, settings)
    devices.install(app, settings)
    app.add_middleware(limits.BodyLimit, max_bytes=MAX_BODY_BYTES)
    app.state.security_headers = headers.HeaderSet(settings)
    # Added last, so outermost: every response gets them (the 500 handler, outside all middleware, adds its own).
    app.add_middleware(headers.SecurityHeaders, header_set=app.state.security_headers)
    app.include_router(health.router)
    # The API's routers first: a request is matched against the routers in order, and the API's are the ones
    # clients call in bursts (a room's amendments and positions); no page path starts with /api.
    app.include_router(auth.api)
    app.include_router(api.router)
    app.include_router(revising_api.router)
    app.include_router(history_api.router)
    app.include_router(reports_api.router)
    app.include_router(structure_api.router)
    app.include_router(accounts_api.router)
    app.include_router(comments_api.router)
    app.include_router(docs.router)
    app.include_router(pages.router)
    app.include_router(page_actions.router)
    app.include_router(chair_actions.router)
    app.include_router(comment_pages.router)
    app.include_router(structure_actions.router)
    app.include_router(import_pages.router)
    app.include_router(revise_pages.router)
    app.include_router(report_pages.router)
    app.include_router(admin_pages.router)
    app.include_router(auth.pages)
    app.include_router(live.router)
    app.include_router(projection.router)
    return app
