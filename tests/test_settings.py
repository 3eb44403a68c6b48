"""Settings: each one documented in the README and read from the environment.

If this broke, an administrator would find a setting nobody told them about,
or a mistyped PORT would start the app on a surprise port."""

import pytest

from dashboard.settings import Settings
from tests.conftest import ROOT


def test_readme_lists_every_setting():
    readme = (ROOT / "README.md").read_text()
    for env, default, _help in Settings.documentation():
        assert f"`{env}`" in readme and f"`{default}`" in readme, env


def test_from_environment():
    s = Settings.from_env({"MI_DB": "/tmp/x.duckdb", "PORT": "8060"})
    assert str(s.db_path) == "/tmp/x.duckdb" and s.port == 8060


def test_bad_port_is_a_clear_error():
    with pytest.raises(SystemExit, match="PORT"):
        Settings.from_env({"PORT": "eighty"})
