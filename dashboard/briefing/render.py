"""A pack's document → HTML (one self-contained file: styles and charts
inline) → tagged PDF.  Rendering is deterministic: the same document always
gives the same HTML, whose hash is the pack's content hash."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import jinja2
from markupsafe import Markup

from dashboard.briefing.charts import spc_chart
from dashboard.components.spc import POINT_TEXT
from dashboard.formatting import format_value

# WeasyPrint logs every layout step at INFO; a server's log needs only its warnings
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
TEMPLATES = Path(__file__).resolve().parent / "templates"
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)
_env.filters["n"] = lambda x: f"{x:,}"


def render_html(document: dict) -> str:
    d = document
    cabinet = d["kind"] == "cabinet"
    figures = {e["code"]: i for i, e in enumerate((e for e in d["exceptions"] if e["chart"]), start=1)}
    return _env.get_template("pack.html.j2").render(
        d=d,
        css=Markup((TEMPLATES / "pack.css").read_text(encoding="utf-8")),
        sections=_sections(cabinet),
        levels_text=_levels_text(d),
        unrecovered=sum(1 for e in d["exceptions"] for u in e["units"]
                        if u["rag"] == "red" and not u["recovery_date"]),
        figures=figures,
        chart=_chart,
        fmt=lambda v, e: format_value(v, e["unit"], e["decimals"]),
        point_text=lambda kind: POINT_TEXT.get(kind, "Not judged"),
    )


def content_hash(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def render_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1: headings, tables and reading order for screen readers)."""
    import weasyprint     # imported here: it takes a second, and only packs need it

    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def _sections(cabinet: bool) -> list[tuple[str, str]]:
    if cabinet:
        return [("purpose", "1. Purpose of the report"), ("recommendations", "2. Recommendations"),
                ("summary", "3. Performance summary for the quarter"), ("exceptions", "4. Exceptions and remedial action"),
                ("finance", "5. Finance"), ("risks", "6. Implications"), ("data-quality", "7. Data quality"),
                ("scorecard", "Appendix A: scorecard"), ("chart-data", "Appendix B: the data behind the charts")]
    return [("summary", "1. Summary"), ("exceptions", "2. Exceptions"), ("finance", "3. Finance and workforce"),
            ("risks", "4. Risks above appetite"), ("data-quality", "5. Data quality"),
            ("scorecard", "Appendix A: scorecard"), ("chart-data", "Appendix B: the data behind the charts")]


def _levels_text(d: dict) -> str:
    from dashboard.briefing.content import levels_in_full

    shown = levels_in_full(d["org"]["level"])
    if shown[0] == "council":
        return "council and directorate level" if len(shown) > 1 else "council level"
    return f"{d['org']['name']} and {'its ' + shown[1] + 's' if len(shown) > 1 else ''}".strip()


def _chart(entry: dict) -> Markup:
    fmt = lambda v: format_value(v, entry["unit"], entry["decimals"])
    title = f"SPC chart of {entry['name']} at {entry['chart_unit']}: {entry['variation']}."
    return Markup(spc_chart(entry["chart"], target=entry["target"], value_title=entry["name"][:48],
                            title=title, fmt=fmt))
