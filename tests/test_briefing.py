"""Briefing packs as a cabinet member and an auditor would check them: the PDF
opens, has the sections in order with page numbers and a contents page, is a
tagged PDF with real text; its numbers are the dashboard's (read from the
dashboard's own CSV downloads and from the raw tables); an archived pack made
again after the data have changed is identical; bad requests fail clearly."""

from __future__ import annotations

import io
import re
import shutil

import duckdb
import pandas as pd
import pytest
from pypdf import PdfReader

from dashboard.briefing import archive, generate
from dashboard.briefing.__main__ import run
from dashboard.briefing.content import PackRequest, gather
from dashboard.db import EVERYTHING, Database
from dashboard.vocabulary import format_value
from dashboard.periods import BadPeriod, parse_quarter, quarter_key

MONTH = "2026-09"


def pdf_text(pdf: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [page.extract_text() for page in reader.pages]


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces folded (a table cell may wrap)."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def tiny_pack(tiny_db, tmp_path_factory):
    db = Database(tiny_db, cache_size=0)
    folder = tmp_path_factory.mktemp("archive")
    entry, pack = generate(db, PackRequest(org="", period=MONTH), scope=EVERYTHING, archive_folder=folder,
                           generated_by="test")
    return entry, pack, folder


def test_council_monthly_pack_from_the_command_line(council_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MI_DB", str(council_db))
    monkeypatch.setenv("MI_ARCHIVE", str(tmp_path / "archive"))
    out, html = tmp_path / "pack.pdf", tmp_path / "pack.html"
    assert run(["--period", MONTH, "--kind", "monthly", "--out", str(out), "--html", str(html)]) == 0
    reader, pages = pdf_text(out.read_bytes())
    # a cover, contents, summary, ~30 exceptions a page or so each, appendices: a pack, not a dashboard dump
    assert 30 <= len(pages) <= 90
    assert "Monthly performance pack" in pages[0] and "September 2026" in pages[0]
    assert "Contents" in pages[1]
    headings = ["1. Members' summary", "2. Plain-English glossary", "3. Performance summary",
                "4. Finance and workforce", "5. Risks above appetite or overdue for review", "6. Data quality",
                "Appendix A: exceptions in detail", "Appendix B: scorecard", "Appendix C: the data behind the charts"]
    # the contents page gives each section's page, the section starts on that page, in order
    starts = []
    for heading in headings:
        listed = re.search(re.escape(heading) + r"[ .]*?(\d+)\s*$", pages[1], re.MULTILINE)
        assert listed, heading
        starts.append(int(listed.group(1)))
        assert heading in pages[starts[-1] - 1]
    assert starts == sorted(starts)
    # a member reads a short summary and the glossary; the per-exception pages are an appendix
    assert starts[0] == 3 and 1 <= starts[1] - starts[0] <= 4 and starts[2] - starts[1] <= 2
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    # a tagged PDF in British English, with a title
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root and root["/Lang"] == "en-GB"
    assert reader.metadata.title.startswith("Monthly performance pack")
    # the scorecard continues across pages with its header repeated on each
    appendix = pages[starts[-2] - 1:starts[-1] - 1]
    assert len(appendix) >= 2 and all("Indicator Period Value Target" in flat(p) for p in appendix)
    assert "archived as" in capsys.readouterr().out
    assert len(archive.entries(tmp_path / "archive")) == 1


def test_pack_scorecard_equals_the_dashboards_download(tiny_pack, client, tiny_con):
    _entry, pack, _folder = tiny_pack
    csv = pd.read_csv(io.StringIO(client.get(f"/download/scorecard.csv?period={MONTH}").get_data(as_text=True)))
    decimals = dict(tiny_con.execute("SELECT code, decimals FROM indicator").fetchall())
    _reader, pages = pdf_text(pack.pdf)
    appendix = re.sub(r"\s+", "", " ".join(p for p in pages if "Unitsreporting" in re.sub(r"\s+", "", p)))  # cells wrap anywhere
    assert len(pack.document["scorecard"]) == len(csv)
    printed = {line["code"]: line for line in pack.document["scorecard"]}
    for row in csv.itertuples():
        line = printed[row.indicator_code]
        assert line["rag"] == row.rag
        shown = format_value(row.value if pd.notna(row.value) else None, row.unit, decimals[row.indicator_code])
        assert line["value_text"] == shown
        # the appendix row: name (code) period value target status
        assert re.search(re.escape(f"({row.indicator_code})") + r".{0,40}?" + re.escape(shown.replace(" ", "")),
                         appendix), row.indicator_code
    # the status counts on the summary page are the download's
    counts = csv["rag"].value_counts()
    summary = flat(next(p for p in pages[2:] if "3. Performance summary" in p))
    for rag, word in (("red", "Red"), ("amber", "Amber"), ("green", "Green")):
        assert re.search(rf"{word} {int(counts.get(rag, 0))} ", summary), (word, summary[:400])
    # and so are those in the members' summary's first sentence
    lead = flat(pages[2])
    for rag in ("red", "amber", "green"):
        n = int(counts.get(rag, 0))
        assert f"{n} {'was' if n == 1 else 'were'} {rag}" in lead, (rag, lead[:400])


def test_pack_exceptions_and_money_equal_the_dashboards_downloads(tiny_pack, client):
    _entry, pack, _folder = tiny_pack
    exc = pd.read_csv(io.StringIO(client.get(f"/download/exceptions.csv?period={MONTH}").get_data(as_text=True)))
    corporate = {line["code"] for line in pack.document["scorecard"]}
    expected = exc[(exc["state"] != "resolved") & exc["level"].isin(["council", "directorate"])
                   & exc["indicator_code"].isin(corporate)]
    shown = {(u["org_code"], e["code"]) for e in pack.document["exceptions"] for u in e["units"]}
    assert shown == set(zip(expected["org_code"], expected["indicator_code"]))
    deeper = exc[(exc["state"] != "resolved") & exc["level"].isin(["service", "team"])
                 & exc["indicator_code"].isin(corporate)]
    assert {d["level"]: d["exceptions"] for d in pack.document["deeper"]} == deeper["level"].value_counts().to_dict()

    fin = pd.read_csv(io.StringIO(client.get(f"/download/finance_categories.csv?period={MONTH}").get_data(as_text=True)))
    total = fin[fin["category"] == "total"].iloc[0]
    text = flat(" ".join(pdf_text(pack.pdf)[1]))
    printed = next(f for f in pack.document["resources"]["finance"] if f["total"])
    assert printed["forecast"] in text and printed["budget"] in text
    assert printed["forecast"] == _money(total["forecast_outturn"])


def _money(v: float) -> str:
    return f"£{v / 1e6:,.1f}m" if abs(v) >= 1e6 else f"£{v / 1e3:,.0f}k"


def test_data_quality_statement_counts_the_returns(tiny_pack, tiny_con):
    """Computed here from return_status and measure for each indicator's period due."""
    _entry, pack, _folder = tiny_pack
    codes = [line["code"] for line in pack.document["scorecard"]]
    rows = tiny_con.execute("""
        SELECT rs.status, m.status AS value_status
        FROM return_status rs JOIN indicator i ON i.code = rs.indicator_code
        LEFT JOIN measure m USING (indicator_code, org_code, period_start)
        WHERE rs.indicator_code IN (SELECT unnest(?))
          AND rs.period_start = latest_due_period(DATE '2026-09-01', i.frequency, i.lag_periods)""", [codes]).df()
    q = pack.document["data_quality"]
    assert q["expected"] == len(rows)
    assert (q["on_time"], q["late"], q["missing"]) == tuple(int((rows["status"] == s).sum())
                                                          for s in ("on_time", "late", "missing"))
    assert q["provisional"] == int((rows["value_status"] == "provisional").sum())
    text = flat(" ".join(pdf_text(pack.pdf)[1]))
    assert f"Of the {len(rows):,} returns due" in text


def test_archived_pack_made_again_after_the_data_change_is_identical(tiny_db, tmp_path):
    copy = tmp_path / "mi.duckdb"
    shutil.copy(tiny_db, copy)
    folder = tmp_path / "archive"
    entry, pack = generate(Database(copy, cache_size=0), PackRequest(org="SCF", period=MONTH), scope=EVERYTHING,
                           archive_folder=folder, generated_by="test")
    stored_pdf = (entry.folder / "pack.pdf").read_bytes()
    assert stored_pdf == pack.pdf and entry.manifest["content_hash"] == pack.content_hash

    # the figures are revised after the pack went out: every value and commentary changes
    con = duckdb.connect(str(copy))
    con.execute("UPDATE rollup SET display_value = display_value * 1.5 + 1")
    con.execute("UPDATE commentary SET text = 'Revised after the meeting.'")
    con.close()
    fresh = gather(Database(copy, cache_size=0), PackRequest(org="SCF", period=MONTH), scope=EVERYTHING)
    assert archive.build(fresh).content_hash != pack.content_hash

    again = archive.regenerate(archive.load(folder, entry.id))
    assert again.content_hash == entry.manifest["content_hash"]
    assert again.pdf == stored_pdf
    assert pdf_text(again.pdf)[1] == pdf_text(stored_pdf)[1]
    assert "Revised after the meeting." not in " ".join(pdf_text(again.pdf)[1])
    # the same pack from unchanged data is stored once
    assert archive.store(folder, pack, generated_by="test", database={}).id == entry.id
    assert len(archive.entries(folder)) == 1


def test_cabinet_report_has_the_committee_shape(tiny_db, tmp_path):
    db = Database(tiny_db, cache_size=0)
    _entry, pack = generate(db, PackRequest(org="", period="2026-Q2", kind="cabinet"), scope=EVERYTHING,
                            archive_folder=tmp_path, generated_by="test")
    _reader, pages = pdf_text(pack.pdf)
    text = flat(" ".join(pages))
    assert "Quarterly performance report to Cabinet" in flat(pages[0])
    assert "Q2 2026/27 (July to September 2026)" in flat(pages[0])
    order = ["1. Purpose of the report", "2. Recommendations", "Cabinet is asked to", "3. Members' summary",
             "Indicators by status in each cabinet portfolio", "The exceptions that matter most", "Budget",
             "People and residents", "4. Plain-English glossary", "XmR chart", "Assurance",
             "5. Performance summary", "6. Finance", "7. Implications", "Financial", "Legal", "Equality",
             "Risk", "8. Data quality", "Appendix A: exceptions and remedial action in detail",
             "Appendix B: scorecard", "Appendix C: the data behind the charts"]
    body, at = flat(" ".join(pages[2:])), 0        # after the cover and the contents page
    for heading in order:                          # each after the one before
        at = body.find(heading, at)
        assert at >= 0, heading
    # compared with the previous quarter's end (June), not last month
    assert "Previous quarter" in text
    assert pack.document["period"]["month"] == "2026-09"


def test_portfolio_pack_covers_only_that_portfolio(tiny_db, tmp_path, client):
    db = Database(tiny_db, cache_size=0)
    document = gather(db, PackRequest(org="", period=MONTH, portfolio="children and families"), scope=EVERYTHING)
    csv = pd.read_csv(io.StringIO(client.get(f"/download/scorecard.csv?period={MONTH}&scope=all").get_data(as_text=True)))
    mine = csv[csv["portfolio"] == "Children and Families"]
    assert sorted(line["code"] for line in document["scorecard"]) == sorted(mine["indicator_code"])
    assert document["title"] == "Monthly performance pack: Children and Families portfolio"
    assert all(line["portfolio"] == "Children and Families" for line in document["scorecard"])
    # a portfolio has no budget of its own: the money is the directorate's that owns most of its indicators
    owners = mine.merge(_indicator_directorates(tiny_db), on="indicator_code")
    lead = owners["directorate_code"].value_counts().index[0]
    fin = pd.read_csv(io.StringIO(client.get(f"/download/finance_categories.csv?org={lead}&period={MONTH}")
                                  .get_data(as_text=True)))
    total = next(f for f in document["resources"]["finance"] if f["total"])
    assert total["budget"] == _money(fin.loc[fin["category"] == "total", "current_budget"].iloc[0])
    assert document["resources"]["note"].startswith("Money, people and risks are those of")


def _indicator_directorates(path) -> pd.DataFrame:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT code AS indicator_code, directorate_code FROM indicator").df()


def test_members_summary_opens_the_pack(tiny_pack, client):
    """A cabinet member reads the first few pages: status by portfolio (as the scorecard download counts it),
    the top exceptions, budget and people, and a glossary of SPC, XmR and assurance; the detail comes after."""
    _entry, pack, _folder = tiny_pack
    _reader, pages = pdf_text(pack.pdf)
    assert "1. Members' summary" in pages[2]
    body = flat(" ".join(pages[2:]))
    summary = body[body.index("1. Members' summary"):body.index("2. Plain-English glossary", 100)]
    csv = pd.read_csv(io.StringIO(client.get(f"/download/scorecard.csv?period={MONTH}").get_data(as_text=True)))
    for portfolio, group in csv.groupby("portfolio"):
        red, amber, green = ((group["rag"] == k).sum() for k in ("red", "amber", "green"))
        assert re.search(re.escape(portfolio) + rf" {red} {amber} {green} {len(group) - red - amber - green} "
                         rf"{len(group)}", summary), portfolio
    assert pack.document["exceptions"][0]["name"] in summary
    assert "Budget" in summary and "People and residents" in summary
    glossary = body[body.index("2. Plain-English glossary", 100):body.index("3. Performance summary", 100)]
    for term in ("SPC", "XmR chart", "Upper and lower process limits", "Assurance", "Special cause"):
        assert term in glossary
    assert body.index("6. Data quality", 100) < body.index("Appendix A: exceptions in detail", 100)


def test_commentary_that_is_out_of_date_says_so(tiny_pack):
    """A recovery date before the period's end, or commentary written for an earlier period, is flagged."""
    _entry, pack, _folder = tiny_pack
    lines = [u for e in pack.document["exceptions"] for u in e["units"]]
    for u in lines:
        if u["recovery_date"]:
            ends = pd.Timestamp("2026-09-30")
            assert u["recovery_passed"] == (pd.Timestamp(u["recovery_date"]) < ends)
    text = flat(" ".join(pdf_text(pack.pdf)[1]))
    passed = [u for u in lines if u["recovery_passed"] and (u["commentary"] or u["action"])]
    assert text.count("— passed, and the indicator is still an exception.") == len(passed)
    stale = [u for u in lines if u["commentary_stale"]]
    assert text.count("(none written since;") == len(stale)


def test_no_text_runs_off_the_page(tiny_db):
    """Every line box of every page lies inside the page (a wide table would lose its last column)."""
    import weasyprint

    from dashboard.briefing.render import render_html

    for request in (PackRequest(org="", period=MONTH), PackRequest(org="", period="2026-Q2", kind="cabinet")):
        document = gather(Database(tiny_db, cache_size=0), request, scope=EVERYTHING)
        rendered = weasyprint.HTML(string=render_html(document)).render()
        for number, page in enumerate(rendered.pages, start=1):
            width = page.width
            for box in _descendants(page._page_box):
                if type(box).__name__ == "TextBox":
                    right = box.position_x + box.width
                    assert right <= width + 0.5, (request.kind, number, box.text[:40], right, width)


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


@pytest.mark.parametrize("argv, message", [
    (["--period", "2031-01"], "there are no data for January 2031"),
    (["--period", "Sept 2026"], "is not a month"),
    (["--period", "2026-Q3", "--kind", "cabinet"], "is not complete"),
    (["--period", "2026-Q5", "--kind", "cabinet"], "is not a quarter"),
    (["--period", "2026-q3", "--kind", "cabinet"], "is not complete"),
    (["--period", MONTH, "--org", "NOPE"], "no organisational unit with the code “NOPE”"),
    (["--period", MONTH, "--portfolio", "Parks"], "“Parks” is not a cabinet portfolio"),
    (["--period", MONTH, "--org", "SCF", "--portfolio", "Leader"], "covers the whole council"),
])
def test_command_line_refuses_bad_requests_clearly(tiny_db, tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.setenv("MI_DB", str(tiny_db))
    monkeypatch.setenv("MI_ARCHIVE", str(tmp_path / "archive"))
    assert run(argv + ["--out", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "archive").exists()


def test_command_line_without_a_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MI_DB", str(tmp_path / "absent.duckdb"))
    assert run(["--period", MONTH, "--out", str(tmp_path / "x.pdf")]) == 2
    assert "there is no database at" in capsys.readouterr().err


def test_financial_quarters():
    assert [m.isoformat() for m in parse_quarter("2026-Q4")] == ["2027-01-01", "2027-02-01", "2027-03-01"]
    assert [m.month for m in parse_quarter("2026-Q1")] == [4, 5, 6]
    assert quarter_key(parse_quarter("2025-Q3")[1]) == "2025-Q3"
    with pytest.raises(BadPeriod):
        parse_quarter("2026-Q0")


def test_pack_over_http_is_archived_and_listed(app, client, tmp_path, monkeypatch):
    import dataclasses
    settings = app.server.extensions["mi_settings"]
    monkeypatch.setitem(app.server.extensions, "mi_settings",
                        dataclasses.replace(settings, archive=str(tmp_path / "archive")))
    response = make_pack(client, org="AHCW", period=MONTH)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    [entry] = archive.entries(tmp_path / "archive")
    assert entry.manifest["content_hash"] == response.headers["X-Content-Hash"]
    assert entry.manifest["generated_by"] == "dashboard" and entry.manifest["org_code"] == "AHCW"
    stored = client.get(f"/briefing/archive/{entry.id}/pack.pdf")
    assert stored.status_code == 200 and stored.data == response.data
    assert client.get(f"/briefing/archive/{entry.id}/secrets.txt").status_code == 404
    # a manifest planted beside the archive is not reachable through it
    (tmp_path / "manifest.json").write_text("{}")
    for sneaky in ("..", "%2E%2E", ".", "..%2F..%2Fetc"):
        response = client.get(f"/briefing/archive/{sneaky}/manifest.json")
        assert response.status_code == 404 or response.mimetype != "application/json", sneaky
    for bad in ("..", ".", "../archive", ""):
        with pytest.raises(archive.NotArchived):
            archive.load(tmp_path / "archive", bad)
    preview = client.get(f"/briefing/pack.html?org=AHCW&period={MONTH}")
    assert preview.status_code == 200 and b"Adults, Health and Community Wellbeing" in preview.data
    assert len(archive.entries(tmp_path / "archive")) == 1      # a preview is not an issued pack
    bad = make_pack(client, period="2026-13")
    assert bad.status_code == 400 and "is not a month" in bad.get_data(as_text=True)
    assert make_pack(client, period=MONTH, org="NOPE").status_code == 404


def make_pack(client, **fields):
    """What the page's "Download the PDF" button sends: a POST with the form's token."""
    with client.session_transaction() as session:
        token = session.setdefault("csrf_token", "the-forms-token")
    return client.post("/briefing/pack.pdf", data={**fields, "csrf_token": token})


def test_a_pack_is_made_only_by_the_pages_form_and_not_too_often(tiny_db, tmp_path):
    """A link (GET) or a form from elsewhere (no token) makes no pack; ten in ten minutes is the limit."""
    from dashboard import create_app
    from dashboard.settings import Settings
    app = create_app(Settings(db_path=tiny_db, auth="none", users=str(tmp_path / "users.sqlite"),
                              archive=str(tmp_path / "archive")))
    client = app.server.test_client()
    get = client.get(f"/briefing/pack.pdf?period={MONTH}")
    assert get.status_code == 405 and "Download the PDF" in get.get_data(as_text=True)
    assert client.post("/briefing/pack.pdf", data={"period": MONTH}).status_code == 403
    assert archive.entries(tmp_path / "archive") == []
    store = app.server.extensions["mi_users"]
    for _ in range(10):          # ten packs made just now from this address (no sign-in: counted by address)
        store.log("pack_made", username=None, route="/briefing/pack.pdf", address="127.0.0.1")
    refused = make_pack(client, period=MONTH)
    assert refused.status_code == 429 and "wait a few minutes" in refused.get_data(as_text=True)
