"""The MI dashboard: ``create_app(settings)`` builds the Dash app.

Heavy imports happen inside create_app so that command-line tools in this
package (``python -m dashboard.spc``) start quickly.
"""

from __future__ import annotations

from pathlib import Path

from dashboard.settings import Settings

HERE = Path(__file__).resolve().parent


def create_app(settings: Settings | None = None):
    import dash

    from dashboard import asat, auth, downloads, security, shell
    from dashboard.briefing import routes as briefing_routes
    from dashboard.db import Database
    from dashboard.returns import routes as returns_routes

    settings = settings or Settings.from_env()
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(HERE / "assets"),
        title="Council performance",
        update_title=None,
        # Pages are rendered from the URL on demand, so their components are
        # not all known up front; layout functions query the database and
        # must not run at start-up to build a validation layout.
        suppress_callback_exceptions=True,
        serve_locally=True,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    _adopt_page_callbacks(app)
    app.index_string = app.index_string.replace("<html>", '<html lang="en-GB">')
    app.layout = shell.shell_layout()
    app.server.extensions["mi_database"] = Database(settings.db_path, cache_size=settings.query_cache_size,
                                                    memory_limit=settings.duckdb_memory,
                                                    threads=settings.duckdb_threads)
    app.server.extensions["mi_settings"] = settings
    auth.refuse_none_on_real_data(app.server.extensions["mi_database"], settings)
    auth.install(app.server, settings)      # first: the viewer, sign-in and cross-site checks come before all else
    security.install(app)
    asat.install(app.server)                # ?as_at=: figures as they stood, for pages, downloads and packs
    auth.guard_pages(dash.page_registry)
    asat.mark_pages(dash.page_registry)
    downloads.register_routes(app.server)
    briefing_routes.register_routes(app.server)
    returns_routes.register_routes(app.server, settings)
    return app


_PAGE_CALLBACKS: tuple[dict, dict] = ({}, {})      # by output: the callback map's entries and the callback list's


def _adopt_page_callbacks(app) -> None:
    """Give ``app`` its own copy of the pages' ``dash.callback``s.  Dash hands them to whichever app
    serves a request first and leaves none for the others; a process with several apps (the tests,
    the benchmark) would otherwise have apps whose selects do nothing, and whose callback endpoint
    could not be checked."""
    from dash import _callback

    # Each Dash() runs the page modules again (their callbacks registered anew); the shell's are
    # registered once per process.  Keep every one seen, newest first, by output.
    _PAGE_CALLBACKS[0].update(_callback.GLOBAL_CALLBACK_MAP)
    _PAGE_CALLBACKS[1].update({spec["output"]: spec for spec in _callback.GLOBAL_CALLBACK_LIST})
    _callback.GLOBAL_CALLBACK_MAP.clear()  # this app keeps its own copy; none is left for Dash to hand out
    _callback.GLOBAL_CALLBACK_LIST.clear()
    app.callback_map.update(_PAGE_CALLBACKS[0])
    app._callback_list.extend(_PAGE_CALLBACKS[1].values())
