"""The renderer version archived with each pack: it hashes every template and
every dashboard module the pack's code imports (found from the imports, not a
list), so an edit to any of them — dashboard/vocabulary.py, say — changes it."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.briefing import archive, render, version
from dashboard.briefing.version import compute_version, pack_files, renderer_version

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "dashboard/briefing/templates").rglob("*")
                   if p.is_file())
USED = ["dashboard/vocabulary.py", "dashboard/briefing/content.py", "dashboard/briefing/render.py",
        "dashboard/briefing/charts.py", "dashboard/briefing/archive.py", "dashboard/pagedata/finance.py",
        "dashboard/metrics/money.py", "dashboard/metrics/spc.py", "dashboard/metrics/spc_rules.py",
        "dashboard/metrics/forecast.py", "dashboard/pagedata/exception_list.py", "dashboard/periods.py",
        "dashboard/asat.py",                 # imported inside content.gather, not at the top
        "dashboard/returns/overlay.py"]
UNUSED = ["dashboard/pages/benchmarking.py", "dashboard/components/spc.py", "dashboard/auth/oidc.py", "dashboard/briefing/routes.py",
          "dashboard/pagedata/comparison.py", "dashboard/shell.py"]


def _copy(tmp_path: Path) -> Path:
    """The package's code and templates, copied: what a change to them does to the version."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "dashboard", root / "dashboard", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return root


def test_the_files_hashed_are_the_templates_and_the_modules_the_pack_uses():
    hashed = list(pack_files())
    assert hashed == sorted(hashed)
    assert TEMPLATES and set(TEMPLATES) <= set(hashed)
    assert "dashboard/briefing/templates/pack.css" in hashed      # the CSS the render inlines
    for path in USED:
        assert path in hashed, path
    assert all(p.startswith("dashboard/") and (p.endswith(".py") or p in TEMPLATES) for p in hashed)


def test_modules_the_pack_does_not_use_are_not_hashed():
    hashed = set(pack_files())
    for path in UNUSED:
        assert (ROOT / path).is_file(), path
        assert path not in hashed, path


def test_every_module_a_pack_loads_is_hashed_and_the_unused_are_not_loaded():
    """A process that imports what gathers, renders and archives a pack loads only hashed modules."""
    code = ("import json, sys\n"
            "import dashboard.briefing, dashboard.briefing.archive, dashboard.briefing.content\n"
            "print(json.dumps(sorted(n for n in sys.modules if n == 'dashboard' or n.startswith('dashboard.'))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    assert "dashboard.vocabulary" in loaded
    files = {version.package_modules(ROOT)[name] for name in loaded}
    assert files <= set(pack_files()), files - set(pack_files())
    assert not {"dashboard.auth.oidc", "dashboard.pages.benchmarking"} & set(loaded)


def test_a_copy_of_the_code_has_the_same_version(tmp_path):
    assert compute_version(_copy(tmp_path)) == compute_version(ROOT) == renderer_version()


@pytest.mark.parametrize("path", USED + TEMPLATES)
def test_editing_a_file_the_pack_uses_changes_the_version(tmp_path, path):
    root = _copy(tmp_path)
    before = compute_version(root)
    file = root / path
    file.write_bytes(file.read_bytes().replace(b"\n", b"\n\n", 1))     # one blank line more
    assert compute_version(root) != before


def test_editing_any_hashed_file_changes_the_version(tmp_path):
    root = _copy(tmp_path)
    before = compute_version(root)
    hashed = list(pack_files(root))
    assert len(hashed) > 30
    for path in hashed:
        original = (root / path).read_bytes()
        (root / path).write_bytes(original + b" ")
        assert compute_version(root) != before, path
        (root / path).write_bytes(original)
    assert compute_version(root) == before


@pytest.mark.parametrize("path", UNUSED)
def test_editing_a_file_the_pack_does_not_use_leaves_the_version(tmp_path, path):
    root = _copy(tmp_path)
    before = compute_version(root)
    (root / path).write_bytes((root / path).read_bytes() + b"\n# edited\n")
    assert compute_version(root) == before


def test_a_module_the_pack_comes_to_import_is_hashed(tmp_path):
    """No list to keep up to date: an import added to vocabulary.py brings its module in."""
    root = _copy(tmp_path)
    assert "dashboard/shell.py" not in pack_files(root)
    formatting = root / "dashboard/vocabulary.py"
    formatting.write_text(formatting.read_text(encoding="utf-8") + "\n\ndef _later():\n    from dashboard import shell\n",
                          encoding="utf-8")
    assert "dashboard/shell.py" in pack_files(root)
    (root / "dashboard/briefing/templates/extra.css").write_text("p { color: red; }\n", encoding="utf-8")
    assert "dashboard/briefing/templates/extra.css" in pack_files(root)


def test_the_library_versions_are_part_of_it(monkeypatch):
    libraries = version.library_versions()
    for name in ("weasyprint", "jinja2", "markupsafe", "pydyf"):
        assert libraries[name] == importlib.metadata.version(name)
    before = compute_version(ROOT)
    monkeypatch.setattr(version, "library_versions", lambda: {**libraries, "weasyprint": "0.1"})
    assert compute_version(ROOT) != before


def test_the_version_is_the_same_every_time_and_in_another_process(tmp_path):
    assert compute_version(ROOT) == compute_version(ROOT) == renderer_version()
    assert len(renderer_version()) == 16 and int(renderer_version(), 16) >= 0
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", "from dashboard.briefing.render import renderer_version; "
                          "print(renderer_version())"], cwd=tmp_path, env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == renderer_version()


def test_archive_and_render_record_the_same_version():
    assert render.renderer_version is archive.renderer_version is renderer_version
    renderer_version()
    assert renderer_version.cache_info().currsize == 1       # read once per process


def _ast_imports(source: str, name: str, is_package: bool, *, functions: bool) -> set:
    """What version._imports should find, from the syntax tree."""
    package = name if is_package else name.rpartition(".")[0]
    found = set()

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and not functions:
                continue
            if isinstance(child, ast.Import):
                found.update((a.name, True) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = package.split(".")[:len(package.split(".")) - max(child.level - 1, 0)] if child.level else []
                source_name = ".".join(base + ([child.module] if child.module else []))
                found.add((source_name, False))
                found.update((source_name, True) if a.name == "*" else (f"{source_name}.{a.name}", None)
                             for a in child.names)
            visit(child)

    visit(ast.parse(source))
    return found


def test_the_import_scanner_finds_what_the_syntax_tree_has():
    modules = version.package_modules(ROOT)
    assert len(modules) > 80
    for name, path in modules.items():
        source = (ROOT / path).read_text(encoding="utf-8")
        is_package = path.endswith("__init__.py")
        for functions in (True, False):
            assert set(version._imports(source, name, is_package, functions=functions)) == \
                _ast_imports(source, name, is_package, functions=functions), (path, functions)


def test_the_scanner_skips_strings_and_comments_and_knows_functions():
    source = ('"""Docstring:\nfrom dashboard import shell\n"""\n'
              "# import dashboard.pages\n"
              "x = 'import dashboard.auth'\n"
              "from dashboard.metrics import (money,\n    rates as r)\n"
              "import dashboard.periods as p, dashboard.ids\n"
              "from . import spc\n"
              "class A:\n    from dashboard import frames\n"
              "    def f(self):\n        from dashboard import asat\n"
              "try:\n    from dashboard import urls\nexcept ImportError:\n    pass\n")
    everything = set(version._imports(source, "dashboard.briefing.x", False, functions=True))
    assert everything == {("dashboard.metrics", False), ("dashboard.metrics.money", None),
                          ("dashboard.metrics.rates", None), ("dashboard.periods", True), ("dashboard.ids", True),
                          ("dashboard.briefing", False), ("dashboard.briefing.spc", None),
                          ("dashboard", False), ("dashboard.frames", None), ("dashboard.asat", None),
                          ("dashboard.urls", None)}
    module_level = set(version._imports(source, "dashboard.briefing.x", False, functions=False))
    assert module_level == everything - {("dashboard.asat", None)}
