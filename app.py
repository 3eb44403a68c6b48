"""Serve the dashboard: ``python app.py`` (development server, debug off) or
``gunicorn app:server`` (production).  Settings come from the environment."""

import logging

from dashboard import create_app
from dashboard.settings import Settings

settings = Settings.from_env()
app = create_app(settings)
server = app.server

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not settings.db_path.exists():
        logging.warning("database %s not found: pages will say so until it is built "
                        "(python -m data.generate --preset council --out %s)", settings.db_path, settings.db_path)
    app.run(host=settings.host, port=settings.port, debug=False)
