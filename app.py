"""Serve the dashboard: ``python app.py`` (development server, debug off) or
``gunicorn app:server`` (production).  Settings come from the environment."""

import gc
import logging

from dashboard import create_app
from dashboard.settings import Settings

settings = Settings.from_env()
app = create_app(settings)
server = app.server

# A page is built from a thousand or so short-lived components; with the
# default thresholds the collector's full passes over every cached frame came
# every few pages and doubled the slowest responses (council scorecard p95
# 102 → 86 ms, worst 179 → 96 ms, in-process).  What exists at start-up is
# frozen out of the collector, and young objects are collected less often.
gc.collect()
gc.freeze()
gc.set_threshold(100_000, 50, 1000)

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not settings.db_path.exists():
        logging.warning("database %s not found: pages will say so until it is built "
                        "(python -m data.generate --preset council --out %s)", settings.db_path, settings.db_path)
    from dashboard.security import QuietRequestHandler

    app.run(host=settings.host, port=settings.port, debug=False, request_handler=QuietRequestHandler)
