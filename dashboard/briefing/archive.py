"""The record of what went to the leadership team and to Cabinet.

Each generated pack is stored in its own folder of the archive (a setting; by
default beside the database, which the serving process never writes):

    <archive>/<id>/document.json   the frozen document: every value, commentary, the as-at date
    <archive>/<id>/pack.html       the pack as rendered
    <archive>/<id>/pack.pdf        the PDF as issued
    <archive>/<id>/manifest.json   what, for whom, when, from which database, and the content hash

The content hash is the SHA-256 of the rendered HTML, which is a pure function
of the document: rendering the stored document again gives the same hash (and
the same PDF, byte for byte) whatever the database holds by then.  The same
pack generated twice from unchanged data has the same hash and is stored once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dashboard.briefing.render import content_hash, render_html, render_pdf, renderer_version

# never "." or "..": an id names a folder inside the archive, and fits in a file name
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,119}", re.ASCII)


class NotArchived(LookupError):
    """No pack with that id in the archive."""


@dataclass(frozen=True)
class Pack:
    document: dict
    html: str
    pdf: bytes
    content_hash: str


@dataclass(frozen=True)
class Entry:
    id: str
    folder: Path
    manifest: dict


def build(document: dict) -> Pack:
    # rendered from its JSON form, exactly as a stored document will be read back
    document = json.loads(canonical_json(document))
    html = render_html(document)
    return Pack(document, html, render_pdf(html), content_hash(html))


def store(folder: Path, pack: Pack, *, generated_by: str, database: dict) -> Entry:
    """Keep ``pack`` (once: an identical pack already stored is returned as it is)."""
    d = pack.document
    parts = [d["period"]["key"], d["kind"], d["org"]["code"], _slug(d["portfolio"]), pack.content_hash[:12]]
    pack_id = "_".join(p for p in parts if p)
    target = folder / pack_id
    if (target / "manifest.json").exists():
        return load(folder, pack_id)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {
        "id": pack_id, "kind": d["kind"], "title": d["title"], "org_code": d["org"]["code"],
        "org_name": d["org"]["name"], "portfolio": d["portfolio"], "period": d["period"]["key"],
        "period_label": d["period"]["label"], "content_hash": pack.content_hash,
        "as_at": (d.get("as_at") or {}).get("day"),      # remade as at this day (--as-at), the pack is the same
        "generated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "generated_by": generated_by, "database": database, "format": d["format"],
        "renderer": renderer_version(),
    }
    # written in a temporary folder and renamed into place: a reader never sees half a pack
    staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=folder))
    try:
        (staging / "document.json").write_text(canonical_json(d), encoding="utf-8")
        (staging / "pack.html").write_text(pack.html, encoding="utf-8")
        (staging / "pack.pdf").write_bytes(pack.pdf)
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        os.rename(staging, target)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if (target / "manifest.json").exists():    # another process stored the same pack first
            return load(folder, pack_id)
        raise
    return Entry(pack_id, target, manifest)


def entries(folder: Path) -> list[Entry]:
    """Every stored pack, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        manifest = path / "manifest.json"
        if not path.name.startswith(".") and manifest.is_file():
            found.append(Entry(path.name, path, json.loads(manifest.read_text(encoding="utf-8"))))
    return sorted(found, key=lambda e: (e.manifest["generated_at"], e.id), reverse=True)


def load(folder: Path, pack_id: str) -> Entry:
    if not _ID.fullmatch(pack_id or ""):      # before touching the file system (a long id raised ENAMETOOLONG)
        raise NotArchived(f"There is no archived pack “{pack_id}”.")
    path = folder / pack_id
    if path.resolve().parent != folder.resolve() or not (path / "manifest.json").is_file():
        raise NotArchived(f"There is no archived pack “{pack_id}”.")
    return Entry(pack_id, path, json.loads((path / "manifest.json").read_text(encoding="utf-8")))


def regenerate(entry: Entry) -> Pack:
    """The pack made again from its stored document alone.  Its content hash is
    the stored one when the renderer is the one that made it (``same_renderer``)."""
    document = json.loads((entry.folder / "document.json").read_text(encoding="utf-8"))
    return build(document)


def same_renderer(entry: Entry) -> bool:
    return entry.manifest.get("renderer") == renderer_version()


def canonical_json(document: dict) -> str:
    return json.dumps(document, sort_keys=True, ensure_ascii=False, indent=1, allow_nan=False)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")
