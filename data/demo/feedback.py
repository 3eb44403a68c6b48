"""Customer feedback: one record per complaint, compliment, comment or enquiry.

Volumes: at the council preset about 3,200 stage 1 complaints, 2,400
compliments, 900 comments and 5,200 enquiries a year (an English county's
order of magnitude), shared between teams by how much public contact their
kind of team has; the large preset's twenty-fold teams get twenty times the
records.  A team's records have themes from its service area's short list.

* Seasons and events: highways contact peaks in late winter and after the wet
  winter of 2023/24; education in September; waste after the garden waste
  charge (April 2025); the contact centre after the telephony change and the
  cyber incident; the pandemic cut volumes.  A worse experience ("tone") means
  more complaints, fewer compliments, slower answers and more complaints upheld.
* Children's social care (SCF-CSC) responds to its own assessment timeliness
  (CSC-ASSESS-45) two months earlier: the output-versus-outcome pair
  CHILDREN-FEEDBACK.  Other children's teams follow the improvement-notice story.
* Complaints: stage 1 is due 20 working days after receipt, stage 2 25 working
  days, enquiries 10; compliments and comments are acknowledged, with no due
  date.  Working days skip weekends and English bank holidays (data.calendar).
  About one stage 1 complaint in ten escalates to stage 2 (more when not
  upheld or answered late) and about a third of stage 2 complaints go to the
  Local Government and Social Care Ombudsman, whose decision is the "response".
* Phone calls, letters and visits are received on working days; e-mail, web
  forms and social media on any day.  The channel mix moves from phone and
  letter towards web forms over the years.
* A response after the data were extracted (``as_of``) is not known: the record
  is open (responded_on NULL, no outcome).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.demo import catalogue_resources as cat
from data.demo import resources
from data.demo.catalogue_org import build_org
from data.demo.series import event_shape, expit, logit, month_of_year

STAGE1_DAYS, STAGE2_DAYS, ENQUIRY_DAYS = 20, 25, 10
COMPLAINT, COMPLIMENT, COMMENT, ENQUIRY = range(4)
UPHELD, PARTLY, NOT_UPHELD = 1, 2, 3
STAGES = ("1", "2", "ombudsman")
OUTCOMES = ("upheld", "partly_upheld", "not_upheld")
CHANNEL_MIX = ((2006, (0.38, 0.22, 0.08, 0.22, 0.09, 0.01)), (2026, (0.2, 0.3, 0.32, 0.04, 0.03, 0.11)))
SEASON = {"highways": (0.3, 2), "education": (0.25, 9), "waste": (0.15, 1), "adults": (0.1, 1),
          "customer": (0.1, 1)}  # (amplitude, peak month)
SHAPES = {"garden": [("2025-03", 0), ("2025-04", 1), ("2025-08", 0.3), ("2026-01", 0.15), ("2040-01", 0.15)]}
# area -> ("tone" | "volume", event, magnitude): tone > 0 is a better experience
EVENTS = {
    "children": [("tone", "notice", 0.3)],
    "education": [("tone", "notice", 0.15)],
    "highways": [("tone", "wet_winter", -0.5), ("volume", "wet_winter", 0.3)],
    "waste": [("tone", "garden", -0.8), ("volume", "garden", 0.5)],
    "customer": [("tone", "telephony", -0.5), ("tone", "cyber", -0.6), ("volume", "cyber", 0.3)],
    "adults": [("tone", "cost_of_living", -0.2), ("tone", "nhs_winter", -0.2)],
    "libraries": [("volume", "covid", -0.6)],
}
LINK = {"CHILDREN-FEEDBACK": 0.3}  # tone per standard deviation of the paired output


def _shape(name, months):
    if name in SHAPES:
        xs = np.array([np.datetime64(m, "M") for m, _ in SHAPES[name]]).astype(np.int64)
        return np.interp(months.astype(np.int64), xs, [v for _, v in SHAPES[name]], left=0.0, right=0.0)
    return event_shape(name, months)


def _council_weights(mult: np.ndarray) -> np.ndarray:
    """Σ contact weight × area multiplier over the council preset's teams, per type: rates are set so
    the council preset gets FEEDBACK_PER_YEAR, whatever the preset."""
    kinds = build_org("council").query("level == 'team'")["kind"].value_counts()
    fb = np.array([cat.profile(k)["fb"] for k in kinds.index])
    area = np.array([cat.AREA_CODES.index(cat.profile(k)["area"]) for k in kinds.index])
    return (kinds.to_numpy()[:, None] * fb[:, None] * mult[area]).sum(axis=0)


def _modifiers(ctx, teams, months, con):
    """Log-scale volume and tone per team and month."""
    n_t = len(teams)
    area = teams["area"].to_numpy()
    moy = month_of_year(months)
    years_on = np.clip((months - np.datetime64("2017-04", "M")).astype(int) / 12, 0, 10)
    volume = np.tile(np.log1p(0.02 * years_on) + np.log1p(-0.3 * event_shape("covid", months)), (n_t, 1))
    tone = np.zeros((n_t, len(months)))
    for a, (amp, peak) in SEASON.items():
        volume[area == a] += np.log1p(amp * np.cos(2 * np.pi * (moy - peak) / 12))[None, :]
    for a, events in EVENTS.items():
        for what, name, size in events:
            target = tone if what == "tone" else volume
            target[area == a] += size * _shape(name, months)[None, :]
    for code, title, output, kind, outcome, org_code, lag, relation, _ in cat.OUTCOME_PAIRS:
        if kind != "feedback":
            continue
        rows = resources.indicator_rows(con, output)
        rows = rows[rows["parent_code"] == org_code]
        sel = (teams["service"] == org_code).to_numpy()
        if rows.empty or not sel.any():
            continue
        x = resources.on_months(resources.scaled(rows, "month"), months)
        z = resources.lagged(resources.standardise(x), lag)
        tone[sel] = LINK[code] * (1 if relation == "positive" else -1) * z[None, :]
    return volume, tone


def _sample(rng, cumulative: np.ndarray) -> np.ndarray:
    """One draw per row from rows of cumulative probabilities."""
    return (rng.random(len(cumulative))[:, None] > cumulative).sum(axis=1)


def _respond(rng, wd, received, due_days, p_on_time):
    """Working days taken and the response date: on time with p_on_time (skewed towards the deadline),
    else a few working days late; without a due date, an acknowledgement within days."""
    n = len(received)
    on_time = rng.random(n) < p_on_time
    taken = np.where(on_time, np.ceil(due_days * np.sqrt(rng.random(n))), due_days + rng.geometric(0.12, n))
    taken = np.where(due_days > 0, np.maximum(taken, 1), 1 + np.minimum(rng.geometric(0.35, n), 14))
    due = wd.add(received, np.maximum(due_days, 1))
    return wd.add(received, taken.astype(np.int64)), np.where(due_days > 0, due, np.datetime64("NaT"))


def _outcome(rng, p_upheld_or_partly):
    n = len(p_upheld_or_partly)
    up = rng.random(n) < p_upheld_or_partly
    return np.where(up, np.where(rng.random(n) < 0.45, UPHELD, PARTLY), NOT_UPHELD)


def simulate(ctx, teams: pd.DataFrame, con) -> dict[str, np.ndarray]:
    rng = ctx.rng("feedback")
    months = ctx.months[ctx.stored]
    n_t, n_m = len(teams), len(months)
    area = pd.Categorical(teams["area"], categories=cat.AREA_CODES).codes.astype(np.int64)
    mult = np.array([cat.FEEDBACK_AREAS[a][2] for a in cat.AREA_CODES])
    per_month = np.array([cat.FEEDBACK_PER_YEAR[t] for t in cat.FEEDBACK_TYPES]) / 12
    rate = per_month[None, :] * (teams["fb"] * np.sqrt(teams["size"])).to_numpy()[:, None] * mult[area] \
        / _council_weights(mult)[None, :]
    volume, tone = _modifiers(ctx, teams, months, con)
    sign = np.array([-1.0, 1.0, 0.0, 0.0])
    counts = rng.poisson(rate[:, None, :] * np.exp(volume[:, :, None] + sign * tone[:, :, None]))
    t, m, k = np.unravel_index(np.repeat(np.arange(counts.size), counts.ravel()), counts.shape)
    n = len(t)

    # received: any day of the month (e-mail, web, social media) or any working day (the rest)
    starts = months.astype("datetime64[D]")
    lengths = ((months + 1).astype("datetime64[D]") - starts).astype(int)
    received = starts[m] + np.floor(rng.random(n) * lengths[m]).astype("timedelta64[D]")
    year = months.astype("datetime64[Y]").astype(int)[m] + 1970
    share = np.clip((year - CHANNEL_MIX[0][0]) / (CHANNEL_MIX[1][0] - CHANNEL_MIX[0][0]), 0, 1)[:, None]
    mix = np.array(CHANNEL_MIX[0][1]) * (1 - share) + np.array(CHANNEL_MIX[1][1]) * share
    channel = _sample(rng, np.cumsum(mix / mix.sum(axis=1, keepdims=True), axis=1).astype(np.float32))
    office = np.isin(channel, [cat.CHANNELS.index(c) for c in ("phone", "letter", "in_person")])
    working = ctx.working_days_in(months)  # phone, letters and visits: any working day of the month
    nth = 1 + np.floor(rng.random(n) * working[m]).astype(np.int64)
    received = np.where(office, ctx.wd.add(starts[m] - 1, nth), received)
    last_day = (ctx.last + 1).astype("datetime64[D]") - 1
    keep = received <= last_day
    t, m, k, channel, received = t[keep], m[keep], k[keep], channel[keep], received[keep]
    n = len(t)

    # theme: the area's list, the first themes commonest; staff conduct is what compliments are about
    themes = [cat.FEEDBACK_AREAS[a][1] for a in cat.AREA_CODES]
    width = max(len(x) for x in themes)
    table = np.zeros((len(themes), 4, width))
    for a, x in enumerate(themes):
        w = 1 / np.arange(1, len(x) + 1) ** 0.7
        table[a, :, :len(x)] = w
        staff = [j for j, (code, _) in enumerate(x) if code.endswith("-STAFF")]
        table[a, COMPLIMENT, staff] *= 6
    cumulative = np.cumsum(table / table.sum(axis=-1, keepdims=True), axis=-1)
    cumulative[..., -1] = 1.0
    theme = _sample(rng, cumulative[area[t], k].astype(np.float32))
    offsets = np.cumsum([0] + [len(x) for x in themes])[:-1]
    theme = offsets[area[t]] + theme

    # stage 1 complaints, enquiries (due dates) and acknowledgements
    team_eff = rng.normal(0.0, 0.45, n_t)
    cyber = event_shape("cyber", months)
    base = np.where(k == ENQUIRY, logit(0.88), logit(0.8))
    p_on = expit(base + team_eff[t] + 0.5 * tone[t, m] - 0.9 * cyber[m])
    due_days = np.select([k == COMPLAINT, k == ENQUIRY], [STAGE1_DAYS, ENQUIRY_DAYS], 0)
    responded, due = _respond(rng, ctx.wd, received, due_days, p_on)
    outcome = np.where(k == COMPLAINT, _outcome(rng, expit(logit(0.42) - 0.5 * tone[t, m])), 0)
    stage = np.where(k == COMPLAINT, 1, 0)
    person = rng.integers(0, max(int(n * 0.85), 1), n)
    records = {"t": t, "k": k, "channel": channel, "theme": theme, "received": received, "due": due,
               "responded": responded, "stage": stage, "outcome": outcome, "parent": np.full(n, -1),
               "person": person}

    # escalations: stage 2, then the Ombudsman
    parts = [records]
    known = responded <= ctx.as_of
    late = responded > due
    p2 = 0.06 * np.where(outcome == NOT_UPHELD, 1.7, 1.0) * np.where(late, 1.8, 1.0)
    pick = np.flatnonzero((stage == 1) & known & (rng.random(n) < p2))
    received2 = ctx.wd.add(responded[pick], rng.integers(3, 31, len(pick)))
    pick, received2 = pick[received2 <= last_day], received2[received2 <= last_day]
    responded2, due2 = _respond(rng, ctx.wd, received2, np.full(len(pick), STAGE2_DAYS), 0.7)
    outcome2 = _outcome(rng, np.full(len(pick), 0.35))
    parts.append({**{c: records[c][pick] for c in ("t", "k", "theme", "person", "channel")},
                  "received": received2, "due": due2, "responded": responded2, "stage": np.full(len(pick), 2),
                  "outcome": outcome2, "parent": pick})
    known2 = responded2 <= ctx.as_of
    p3 = 0.3 * np.where(outcome2 == NOT_UPHELD, 1.5, 0.7)
    pick3 = np.flatnonzero(known2 & (rng.random(len(pick)) < p3))
    received3 = ctx.wd.add(responded2[pick3], rng.integers(15, 100, len(pick3)))
    pick3, received3 = pick3[received3 <= last_day], received3[received3 <= last_day]
    responded3 = ctx.wd.add(received3, rng.integers(30, 200, len(pick3)))
    parts.append({"t": records["t"][pick][pick3], "k": records["k"][pick][pick3],
                  "theme": records["theme"][pick][pick3], "person": records["person"][pick][pick3],
                  "channel": np.full(len(pick3), cat.CHANNELS.index("email")), "received": received3,
                  "due": np.full(len(pick3), np.datetime64("NaT"), dtype="datetime64[D]"),
                  "responded": responded3, "stage": np.full(len(pick3), 3),
                  "outcome": np.where(rng.random(len(pick3)) < 0.35, UPHELD, NOT_UPHELD),
                  "parent": n + pick3})
    out = {c: np.concatenate([p[c] for p in parts]) for c in records}
    out["open"] = out["responded"] > ctx.as_of
    out["outcome"] = np.where(out["open"], 0, out["outcome"])
    return out


def fill(con, ctx, teams: pd.DataFrame) -> dict[str, int]:
    r = simulate(ctx, teams, con)
    o = teams["o"].to_numpy(np.int32)[r["t"]]
    received = r["received"].astype("datetime64[D]").astype(np.int64)
    order = np.lexsort((np.arange(len(o)), r["k"], o, received))  # by date received, then unit and type
    ident = np.empty(len(order), np.int64)
    ident[order] = np.arange(1, len(order) + 1)

    def days(a):
        return np.where(np.isnat(a), -1, a.astype("datetime64[D]").astype(np.int64)).astype(np.int32)

    responded = np.where(r["open"], np.datetime64("NaT"), r["responded"])
    frame = pd.DataFrame({
        "id": ident, "person": r["person"].astype(np.int64), "k": r["k"].astype(np.int8),
        "channel": r["channel"].astype(np.int8), "theme": r["theme"].astype(np.int16), "o": o,
        "received": days(r["received"]), "due": days(r["due"]), "responded": days(responded),
        "stage": r["stage"].astype(np.int8), "outcome": r["outcome"].astype(np.int8),
        "parent": np.where(r["parent"] >= 0, ident[np.maximum(r["parent"], 0)], -1),
    })
    lookups = {
        "type_df": pd.DataFrame({"k": np.arange(4, dtype=np.int8), "code": cat.FEEDBACK_TYPES}),
        "channel_df": pd.DataFrame({"channel": np.arange(6, dtype=np.int8), "code": cat.CHANNELS}),
        "theme_df": pd.DataFrame({"theme": np.arange(len(cat.theme_rows()), dtype=np.int16),
                                  "code": [row[0] for row in cat.theme_rows()]}),
        "stage_df": pd.DataFrame({"stage": np.arange(1, 4, dtype=np.int8), "code": STAGES}),
        "outcome_df": pd.DataFrame({"outcome": np.arange(1, 4, dtype=np.int8), "code": OUTCOMES}),
    }
    for name, df in lookups.items():
        con.register(name, df)
    con.register("feedback_df", frame)
    con.execute("""
        INSERT INTO feedback
        SELECT f.id, printf('P%07d', f.person), k.code, ch.code, th.code, o.code,
               DATE '1970-01-01' + f.received,
               CASE WHEN f.due >= 0 THEN DATE '1970-01-01' + f.due END,
               CASE WHEN f.responded >= 0 THEN DATE '1970-01-01' + f.responded END,
               s.code, oc.code,
               CASE WHEN f.parent >= 0 THEN f.parent END
        FROM feedback_df AS f
        JOIN type_df AS k USING (k)
        JOIN channel_df AS ch USING (channel)
        JOIN theme_df AS th USING (theme)
        JOIN org_codes_df AS o USING (o)
        LEFT JOIN stage_df AS s USING (stage)
        LEFT JOIN outcome_df AS oc USING (outcome)
        ORDER BY f.id""")
    con.unregister("feedback_df")
    for name in lookups:
        con.unregister(name)
    return {"feedback": len(frame)}
