"""The data layer speaks no Dash: each page's data, the briefing packs' content and the vocabulary they share
import without Dash installed, so a pack, the benchmark or a script can use them alone.

If this broke, a change to a component would reach the packs' figures, and the data layer could no longer be
run or tested without the web framework."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("module", ["dashboard.pagedata.registry", "dashboard.briefing.content",
                                    "dashboard.briefing.render", "dashboard.vocabulary"])
def test_imports_without_dash(module):
    blocked = f"import sys; sys.modules['dash'] = None; import {module}"
    run = subprocess.run([sys.executable, "-c", blocked], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-800:]


def test_a_page_module_does_need_dash():
    """The check above can fail: a layout module, which draws with Dash, does not import with Dash blocked."""
    blocked = "import sys; sys.modules['dash'] = None; import dashboard.components.kpi"
    run = subprocess.run([sys.executable, "-c", blocked], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode != 0 and "dash" in run.stderr
