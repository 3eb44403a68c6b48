"""A pack's document → HTML (one self-contained file: styles and charts
inline) → tagged PDF.  Rendering is deterministic: the same document always
gives the same HTML, whose hash is the pack's content hash."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import jinja2
from markupsafe import Markup

from dashboard.briefing.charts import spc_chart
from dashboard.briefing.content import levels_in_full
from dashboard.briefing import version
from dashboard.vocabulary import POINT_TEXT, format_value

# WeasyPrint logs every layout step at INFO; a server's log needs only its warnings
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
TEMPLATES = Path(__file__).resolve().parent / "templates"
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)
_env.filters["n"] = lambda x: f"{x:,}"


# what the HTML and PDF depend on besides the document (version.py); archive records it in each manifest
renderer_version = version.renderer_version


def render_html(document: dict) -> str:
    d = document
    sections = _sections(d["kind"] == "cabinet")
    figures = {e["code"]: i for i, e in enumerate((e for e in d["exceptions"] if e["chart"]), start=1)}
    return _env.get_template("pack.html.j2").render(
        d=d,
        css=Markup((TEMPLATES / "pack.css").read_text(encoding="utf-8")),
        sections=sections,
        title=dict(sections),
        levels_text=_levels_text(d),
        plans=_plans(d),
        figures=figures,
        chart=_chart,
        fmt=lambda v, e: format_value(v, e["unit"], e["decimals"]),
        limits=lambda p, e: ("–" if p["lpl"] is None else
                             f"{format_value(p['lpl'], e['unit'], e['decimals'])} to "
                             f"{format_value(p['upl'], e['unit'], e['decimals'])}"),
        point_text=lambda kind: POINT_TEXT.get(kind, "Not judged"),
        ref={key: _ref(text) for key, text in sections},
        portfolios=_by_portfolio(d),
        top=_top_exceptions(d),
        key_charts=[e for e in d["exceptions"] if e["chart"]][:KEY_CHARTS],
        people=PEOPLE,
    )


def content_hash(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def render_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1: headings, tables and reading order for screen readers)."""
    import weasyprint     # imported here: it takes a second, and only packs need it

    # The same HTML must give the same PDF, byte for byte (a pack remade as at its day is the archived pack):
    # the fonts embedded are subsets made by fontTools, which stamps each with the time it was made unless
    # SOURCE_DATE_EPOCH (the reproducible-builds convention) says otherwise.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def _sections(cabinet: bool) -> list[tuple[str, str]]:
    """(id, heading) of each section in order: the contents page and the headings both read this.
    A member reads the members' summary and the glossary (2–4 pages); the detail is in the appendices."""
    if cabinet:
        return [("purpose", "1. Purpose of the report"), ("recommendations", "2. Recommendations"),
                ("members-summary", "3. Members' summary"), ("glossary", "4. Plain-English glossary"),
                ("summary", "5. Performance summary for the quarter"), ("finance", "6. Finance and workforce"),
                ("risks", "7. Implications"), ("data-quality", "8. Data quality"),
                ("exceptions", "Appendix A: exceptions and remedial action in detail"),
                ("scorecard", "Appendix B: scorecard"), ("chart-data", "Appendix C: the data behind the charts")]
    return [("members-summary", "1. Members' summary"), ("glossary", "2. Plain-English glossary"),
            ("summary", "3. Performance summary"), ("finance", "4. Finance and workforce"),
            ("risks", "5. Risks above appetite or overdue for review"), ("data-quality", "6. Data quality"),
            ("exceptions", "Appendix A: exceptions in detail"), ("scorecard", "Appendix B: scorecard"),
            ("chart-data", "Appendix C: the data behind the charts")]


def _ref(heading: str) -> str:
    """How the text refers to a section: "section 4", "appendix A"."""
    number = heading.split(":")[0].split(".")[0]
    return f"appendix {number.split()[-1]}" if number.startswith("Appendix") else f"section {number}"


TOP_EXCEPTIONS = 5      # named in the members' summary
KEY_CHARTS = 2          # the charts that matter: those of the most material exceptions
PEOPLE = ("Sickness", "Vacancy rate", "Complaints", "Residents satisfied", "Agency spend")


def _by_portfolio(d: dict) -> list[dict]:
    """Indicators by status in each cabinet portfolio (from the scorecard), most red first."""
    rows: dict[str, dict] = {}
    for x in d["scorecard"]:
        row = rows.setdefault(x["portfolio"] or "No portfolio", {"portfolio": x["portfolio"] or "No portfolio",
                                                                 "red": 0, "amber": 0, "green": 0, "other": 0})
        row[x["rag"] if x["rag"] in ("red", "amber", "green") else "other"] += 1
    for row in rows.values():
        row["total"] = row["red"] + row["amber"] + row["green"] + row["other"]
    return sorted(rows.values(), key=lambda r: (-r["red"], -r["amber"], r["portfolio"]))


def _top_exceptions(d: dict) -> list[dict]:
    """The most material exceptions (the document lists them in that order), each with its worst line."""
    rank = {"red": 0, "amber": 1}
    out = []
    for e in d["exceptions"][:TOP_EXCEPTIONS]:
        worst = min(e["units"], key=lambda u: rank.get(u["rag"], 2))
        out.append({"code": e["code"], "name": e["name"], "owner": e["owner"], "unit": worst["org_name"],
                    "rag": worst["rag"], "rag_text": worst["rag_text"], "summary": worst["summary"],
                    "value_text": worst["value_text"], "target_text": worst["target_text"],
                    "units": len(e["units"])})
    return out


def _levels_text(d: dict) -> str:
    """Where the exceptions shown in full are: "council and directorate level", "SCF and its services"."""
    shown = levels_in_full(d["org"]["level"])
    if shown[0] == "council":
        return "council and directorate level"
    return f"{d['org']['name']} and its {shown[1]}s" if len(shown) > 1 else d["org"]["name"]


def _plans(d: dict) -> dict:
    """Recovery plans of the red and amber exceptions, by indicator: how many
    have none, and how many have a recovery date already gone."""
    missing, passed = set(), set()
    for e in d["exceptions"]:
        for u in e["units"]:
            if u["rag"] in ("red", "amber"):
                if not u["recovery_date"]:
                    missing.add(e["code"])
                elif u["recovery_passed"]:
                    passed.add(e["code"])
    return {"missing": len(missing), "passed": len(passed - missing)}


def _chart(entry: dict) -> Markup:
    fmt = lambda v: format_value(v, entry["unit"], entry["decimals"])
    title = f"SPC chart of {entry['name']} at {entry['chart_unit']}: {entry['variation']}."
    return Markup(spc_chart(entry["chart"], target=entry["target"], value_title=_short(entry["name"], 46),
                            title=title, fmt=fmt))


def _short(text: str, width: int) -> str:
    """Cut at a word, with an ellipsis: an axis title has room for about ``width`` characters."""
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0].rstrip(",;:") + "…"
