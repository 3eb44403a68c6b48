"""The renderer version of a briefing pack: a hash of everything besides the
document that shapes a pack's HTML and PDF.

It is kept in each archived pack's manifest: rendering the stored document
again reproduces the pack byte for byte only under the same version.  So it
hashes

* every file under ``dashboard/briefing/templates`` (the template, the CSS
  the render inlines);
* the source of every ``dashboard`` module the pack's code imports,
  transitively: found by reading the import statements from the
  modules that gather, render and archive a pack, so a module the pack comes
  to use is hashed without anyone listing it (a hand list drifts: an edit to
  ``dashboard/vocabulary.py`` once changed issued packs and not the version);
* the installed versions of the libraries that render: Jinja2 and MarkupSafe
  (the HTML), WeasyPrint and what it requires (the PDF).

Files are hashed in sorted order of their paths relative to the repository,
so the version is the same in every process and on every machine with the
same code.  Standard-library and third-party imports are not followed.

Which imports are followed: every import statement of a module the pack
imports, including those inside its functions (``content.gather`` imports
``dashboard.asat`` inside the function), and of a package imported for its
own names (``from dashboard.briefing import generate``).  A package that is
only the parent of a module imported (``dashboard`` for ``dashboard.vocabulary``)
runs only its module level then, so only its module-level imports are
followed: ``dashboard.create_app`` imports the whole app, none of which
shapes a pack.

Not covered: what is outside Python (the system's fonts, Pango, HarfBuzz,
which WeasyPrint lays the PDF out with) and any module imported by a name
made at run time (importlib), of which the pack's code has none.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import re
import sys
from pathlib import Path

PACKAGE = "dashboard"
# the modules that gather a pack's document, render it and archive it (their imports are found, not listed)
ROOTS = ("dashboard.briefing.content", "dashboard.briefing.charts", "dashboard.briefing.render",
         "dashboard.briefing.archive", "dashboard.briefing")
TEMPLATES = "dashboard/briefing/templates"
# libraries whose versions shape the HTML (Jinja2, MarkupSafe) and the PDF (WeasyPrint and its requirements)
LIBRARIES = ("jinja2", "markupsafe", "weasyprint")

REPO = Path(__file__).resolve().parents[2]


def package_modules(root: Path) -> dict[str, str]:
    """Every module of the ``dashboard`` package under ``root``: its name → its file, relative to ``root``
    ('dashboard.briefing' → 'dashboard/briefing/__init__.py')."""
    modules = {}
    top = os.path.join(root, PACKAGE)
    for folder, subfolders, files in os.walk(top):
        subfolders[:] = sorted(s for s in subfolders if s.isidentifier())   # not __pycache__ nor assets' folders
        if "__init__.py" not in files:
            subfolders[:] = []
            continue
        package = os.path.relpath(folder, root).replace(os.sep, ".")
        for file in files:
            if file.endswith(".py") and file[:-3].isidentifier():
                name = package if file == "__init__.py" else f"{package}.{file[:-3]}"
                modules[name] = os.path.relpath(os.path.join(folder, file), root).replace(os.sep, "/")
    return modules


# Import statements are found with regular expressions rather than ``ast``: parsing the ~50
# modules took half a second, scanning them takes milliseconds.  Strings and comments are cut out
# first (text in them is no import), then each statement that imports is found, and each def and
# class when it matters whether an import is inside a function.  A test checks that this finds what
# ``ast`` finds, in every module of the package.
_STRINGS = re.compile(r"""
    '''(?:[^'\\]|\\[\s\S]|'(?!''))*''' | \"\"\"(?:[^"\\]|\\[\s\S]|"(?!""))*\"\"\"
  | '(?:[^'\\\n]|\\[\s\S])*' | "(?:[^"\\\n]|\\[\s\S])*" | \#[^\n]*
""", re.VERBOSE)
_IMPORT = r"""
    from[ \t]+(?P<source>\.*[\w.]*)[ \t]+import[ \t]*(?P<names>\([^)]*\)|[^\n;]*(?:\\\n[^\n;]*)*)
  | import[ \t]+(?P<modules>[^\n;]*(?:\\\n[^\n;]*)*)
"""
_IMPORTS = re.compile(rf"^(?P<indent>[ \t]*)(?:{_IMPORT})", re.VERBOSE | re.MULTILINE)
# the same, and the start of every other statement: where an import is among the defs and classes
_STATEMENTS = re.compile(rf"""^(?P<indent>[ \t]*)(?:{_IMPORT}
    | (?P<block>(?:async[ \t]+)?def|class)\b | (?P<line>)(?=\S))""", re.VERBOSE | re.MULTILINE)


def _names(text: str) -> list[str]:
    """'a.b as c, d' or '(x, y as z,)': the names imported (a.b, d; x, y)."""
    text = text.replace("\\\n", " ").strip().strip("()")
    return [part.split()[0] for part in text.split(",") if part.strip()]


def _imports(source: str, name: str, is_package: bool, *, functions: bool) -> list[tuple[str, bool | None]]:
    """(module, imported for its own names) of each import statement in ``source``, module ``name``:
    ``functions`` False leaves out those inside functions.  ``from pkg import x`` gives (pkg, False)
    and (pkg.x, None): module pkg.x if there is one, else a name of pkg (the caller looks)."""
    found: list[tuple[str, bool | None]] = []
    package = name if is_package else name.rpartition(".")[0]
    blocks: list[tuple[int, bool]] = []     # the def and class statements around a line: (indent, is a def)
    for m in (_IMPORTS if functions else _STATEMENTS).finditer(_STRINGS.sub("", source)):
        if not functions:
            indent = len(m.group("indent"))
            while blocks and blocks[-1][0] >= indent:
                blocks.pop()
            if m.group("block"):
                blocks.append((indent, m.group("block") != "class"))
                continue
            if m.group("line") is not None or any(is_def for _, is_def in blocks):
                continue
        if m.group("modules") is not None:
            # "import a.b.c" binds a, and its code may use a.b.c: each is imported
            found.extend((module, True) for module in _names(m.group("modules")))
            continue
        written = m.group("source")
        dots = len(written) - len(written.lstrip("."))
        source_name = written[dots:]
        if dots:
            base = package.split(".")
            base = base[:len(base) - (dots - 1)]
            source_name = ".".join(base + ([source_name] if source_name else []))
        found.append((source_name, False))
        for alias in _names(m.group("names")):
            found.append((source_name, True) if alias == "*" else (f"{source_name}.{alias}", None))
    return found


def pack_modules(root: Path = REPO) -> dict[str, bytes]:
    """The source of every ``dashboard`` module a pack's code imports, and of their parent packages:
    its path relative to ``root`` ('dashboard/vocabulary.py') → its bytes."""
    modules = package_modules(root)
    sources: dict[str, bytes] = {}
    full: set[str] = set()          # modules whose every import is followed
    parent_only: set[str] = set()   # packages run only as a parent of a module: module-level imports followed
    pending: list[tuple[str, bool]] = [(name, True) for name in ROOTS]
    while pending:
        name, own = pending.pop()
        if name not in modules or name in full or (not own and name in parent_only):
            continue
        path = modules[name]
        is_package = path.endswith("/__init__.py")
        own = own or not is_package          # a module (not a package) is only ever imported for its names
        (full if own else parent_only).add(name)
        parts = name.split(".")
        pending.extend((".".join(parts[:i]), False) for i in range(1, len(parts)))
        if path not in sources:
            sources[path] = (root / path).read_bytes()
        text = sources[path].decode("utf-8")
        for imported, imported_own in _imports(text, name, is_package, functions=own):
            if imported_own is None:     # from pkg import x: a module pkg.x, or a name of pkg
                pending.append((imported, True) if imported in modules else (imported.rpartition(".")[0], True))
            else:
                pending.append((imported, imported_own))
    return sources


def pack_files(root: Path = REPO) -> dict[str, bytes]:
    """Every file a pack's HTML and PDF depend on, its path relative to ``root`` → its bytes, in the
    order they are hashed: the modules the pack's code imports and the templates."""
    files = pack_modules(root)
    for path in (root / TEMPLATES).rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return dict(sorted(files.items()))


def library_versions() -> dict[str, str]:
    """The installed version of each library in LIBRARIES and of what WeasyPrint requires (not extras).
    Read from the names of the ``*.dist-info`` folders on sys.path, the first found as import finds
    them ('weasyprint-70.0.dist-info'): asking importlib.metadata for each took 20 ms."""
    installed: dict[str, tuple[str, str]] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info") and "-" in folder:
                name, _, version = folder[:-len(".dist-info")].partition("-")
                installed.setdefault(_normal(name), (version, os.path.join(entry or ".", folder)))
    wanted = [_normal(name) for name in LIBRARIES]
    if "weasyprint" in installed:
        metadata = Path(installed["weasyprint"][1], "METADATA").read_text(encoding="utf-8")
        for line in metadata.splitlines():
            if line.startswith("Requires-Dist:") and "extra ==" not in line:
                wanted.append(_normal(re.split(r"[\s\[<>=!~;(]", line[len("Requires-Dist:"):].strip(), maxsplit=1)[0]))
    versions = {}
    for name in wanted:
        if name in installed:
            versions[name] = installed[name][0]
        else:
            try:
                versions[name] = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                versions[name] = "absent"
    return dict(sorted(versions.items()))


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def compute_version(root: Path = REPO) -> str:
    digest = hashlib.sha256()
    for name, version in library_versions().items():
        digest.update(f"{name}=={version}\n".encode())
    for path, data in pack_files(root).items():
        # the path and length frame each file's bytes: moving text between files changes the hash too
        digest.update(f"{path}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()[:16]


@functools.cache      # the code and templates of a running process do not change: read them once
def renderer_version() -> str:
    """What the HTML and PDF of a document depend on besides the document (see this module's docstring).
    Kept in each archived pack's manifest: rendering its document again reproduces its content hash only
    with the same renderer."""
    return compute_version(REPO)
