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

    from dashboard import auth, downloads, security, shell
    from dashboard.briefing import routes as briefing_routes
    from dashboard.db import Database

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
    app.index_string = app.index_string.replace("<html>", '<html lang="en-GB">')
    app.layout = shell.shell_layout()
    app.server.extensions["mi_database"] = Database(settings.db_path, cache_size=settings.query_cache_size,
                                                    memory_limit=settings.duckdb_memory,
                                                    threads=settings.duckdb_threads)
    app.server.extensions["mi_settings"] = settings
    auth.refuse_none_on_real_data(app.server.extensions["mi_database"], settings)
    auth.install(app.server, settings)      # first: the viewer, sign-in and cross-site checks come before all else
    security.install(app)
    auth.guard_pages(dash.page_registry)
    downloads.register_routes(app.server)
    briefing_routes.register_routes(app.server)
    return app
