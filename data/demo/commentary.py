"""Commentary on off-target results, written the way owners write it.

Runs after data/build/derived/rollup.sql so it comments exactly where the dashboard shows red
or amber: most red and many amber results at council and directorate level,
fewer at service level and a few red results of teams (teams: the last three
years only).  Texts are assembled from templates, vectorised per indicator: the
figure against its target, the reason (the indicator's own reasons, the event
behind the dip when one is under way — the improvement notice, the wet winter,
the ERP go-live — or a reason typical of the directorate), the direction of
travel, an action with an owner and a recovery date.  Times come from the
seeded generator: written a few working days after the return was due.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.demo.spec import THEMES
from data.demo.returns import due_dates, month_end
from data.demo.series import EVENTS, event_shape

CHANCE = {("council", "red"): 0.9, ("council", "amber"): 0.6, ("directorate", "red"): 0.7,
          ("directorate", "amber"): 0.35, ("service", "red"): 0.45, ("service", "amber"): 0.2,
          ("team", "red"): 0.05}
EVENT_WHY = {
    "notice": "Following the Ofsted inspection and the improvement notice, staff turnover and caseloads in the "
              "area teams were too high to keep up with demand.",
    "covid": "Use of the service had not yet recovered to pre-pandemic levels.",
    "cost_of_living": "Cost of living pressures increased demand and made it harder for residents to pay.",
    "erp": "The go-live of the new ERP system held up processing while approval workflows were fixed.",
    "wet_winter": "Exceptionally wet weather damaged the network and diverted crews to flooding.",
    "garden_charge": "The new garden waste subscription reduced the tonnage collected for composting.",
    "telephony": "The move to the new telephony platform caused call routing problems.",
    "recruitment": "New recruits were still completing their induction.",
    "nhs_winter": "Unprecedented NHS winter pressures increased the number of people leaving hospital needing care.",
    "cyber": "The cyber incident in February took case management systems offline for several days.",
    "heatwave": "The July heatwave changed demand sharply.",
    "new_contract": "Mobilisation of the new contract disrupted the service for several weeks.",
}
THEME_WHY = {  # reasons typical of the corporate outcome, for indicators without their own
    "cyp": ("Staff turnover in the team reduced capacity.", "Demand rose at the start of the school term.",
            "Work was completed but not recorded in Mosaic in time."),
    "adults": ("Home care market capacity was short in the rural districts.",
               "Vacancies among social workers and occupational therapists slowed the work.",
               "A recording backlog in LAS understated activity."),
    "place": ("The term contractor did not meet the contract standard.", "Weather disrupted the planned programme.",
              "Volumes were higher than forecast."),
    "residents": ("Demand was higher than forecast.", "Staff absence reduced capacity at peak times."),
    "council": ("Vacancies in the team slowed processing.", "System issues delayed the month-end run."),
}
ALL_WHY = ("Data quality checks found recording errors, since corrected.",)
ACTIONS = {  # by corporate outcome
    "cyp": ("Weekly performance clinics with team managers to clear overdue work.",
            "Agency staff engaged to cover vacancies while permanent recruitment continues.",
            "Practice guidance reissued and compliance audited monthly.",
            "Progress reviewed monthly by the improvement board."),
    "adults": ("Additional capacity commissioned for the winter.",
               "Daily huddles with NHS partners to unblock discharges.",
               "Waiting lists triaged by risk, with interim support offered."),
    "place": ("Additional crews deployed through the term contractor.",
              "Contract performance notice issued and recovery plan agreed.",
              "Communications campaign with residents."),
    "residents": ("Additional staff rostered at peak times.", "Weekly tracking of open cases with services.",
                  "Cases at risk of going over time escalated to heads of service."),
    "council": ("Backlog cleared with overtime and temporary staff.", "Workflow fixes deployed and monitored daily.",
                "Managers reminded of their responsibilities; compliance reported monthly."),
}
ALL_ACTIONS = ("Recovery plan agreed at the directorate leadership team.",
               "Monthly review with the portfolio holder until back on target.")
DIRECTOR = {"FIN": "Director of Finance (Section 151 Officer)", "HR": "Director of HR",
            "CS": "Director of Customer Services", "CAM": "Director of Corporate and Asset Management"}
MONTHS = np.array(["January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December"], dtype=object)


def _fmt(values: np.ndarray, spec) -> np.ndarray:
    """Display strings for values in display units (vectorised)."""
    values = np.round(np.asarray(values, dtype=float), 9)
    if spec.unit == "currency":
        big = np.abs(values) >= 1e6
        mid = (np.abs(values) >= 1e4) & ~big
        return np.where(big, np.char.mod("£%.1fm", values / 1e6),
                        np.where(mid, np.char.mod("£%.0fk", values / 1e3), np.char.mod("£%.0f", values)))
    text = np.char.mod(f"%.{spec.decimals}f", values)
    suffix = {"percent": "%", "days": " days", "weeks": " weeks"}.get(spec.unit, "")
    if spec.unit == "rate":
        suffix = f" per {int(spec.scale):,}"
    return np.char.add(text, suffix)


def _labels(periods: pd.Series, frequency: str) -> np.ndarray:
    month, year = periods.dt.month.to_numpy(), periods.dt.year.to_numpy()
    fy = year - (month < 4)
    fy_text = fy.astype(str).astype(object) + "/" + np.char.mod("%02d", (fy + 1) % 100).astype(object)
    if frequency == "annual":
        return fy_text
    if frequency == "quarterly":
        return "Q" + (((month - 4) % 12) // 3 + 1).astype(str).astype(object) + " " + fy_text
    return MONTHS[month - 1] + " " + year.astype(str).astype(object)


def _pick(rng, options, n):
    options = np.asarray(options, dtype=object)
    return options[rng.integers(0, len(options), n)]


def write(con, specs, org, wd, as_of, seed) -> int:
    df = con.execute("""
        SELECT r.indicator_code, r.org_code, r.period_start, r.display_value, r.target, r.rag, r.direction,
               o.level, o.name AS org_name
        FROM rollup AS r JOIN org_unit AS o ON o.code = r.org_code
        WHERE r.rag = 'red' OR (r.rag = 'amber' AND o.level <> 'team')
        ORDER BY r.indicator_code, r.org_code, r.period_start""").df()
    if df.empty:
        return 0
    rng = np.random.default_rng([seed, 7919])
    chance = np.array([CHANCE.get(k, 0.0) for k in zip(df["level"], df["rag"], strict=True)])
    latest = df["period_start"].max() - pd.DateOffset(months=36)
    keep = (rng.random(len(df)) < chance) & ((df["level"] != "team") | (df["period_start"] > latest))
    df = df[keep].reset_index(drop=True)
    directorate = dict(zip(org["code"], org["directorate"], strict=True))
    by_code = {s.code: s for s in specs}
    frames = []
    for code, part in df.groupby("indicator_code", sort=True):  # a loop over indicators
        spec, n = by_code[code], len(part)
        dirs = part["org_code"].map(directorate).fillna(spec.directorate_code).to_numpy()
        dirs = np.where(part["level"].to_numpy() == "council", spec.directorate_code, dirs)
        periods = part["period_start"].to_numpy().astype("datetime64[M]")
        theme = next(k for k, v in THEMES.items() if v == spec.theme)
        why = _pick(rng, spec.why or THEME_WHY[theme], n)
        sel = rng.random(n) < 0.15
        why[sel] = _pick(rng, ALL_WHY, sel.sum())
        good = 1.0 if spec.polarity == "up" else -1.0
        for event in spec.m.get("events", ()):
            if event[0] not in EVENTS:
                continue
            effect = event_shape(event[0], periods) * event[1] * good
            sel = (effect < -0.3) & (rng.random(n) < 0.75)
            if len(event) > 2:
                sel &= dirs == event[2]
            why[sel] = EVENT_WHY[event[0]]
        shown, target = _fmt(part["display_value"], spec), _fmt(part["target"], spec)
        travel = np.select([part["direction"] == "improving", part["direction"] == "worsening"],
                           [" It improved on the previous period but is still short of target.",
                            " It worsened on the previous period."], "")
        where = np.where(part["level"] == "council", "", " for " + part["org_name"].astype(object))
        tolerance = np.where(part["rag"] == "red", "outside tolerance", "within tolerance")
        text = (_labels(part["period_start"], spec.frequency) + ": " + shown.astype(object) + where
                + " against a target of " + target.astype(object) + " (" + tolerance + "). " + why + travel)
        level = part["level"].to_numpy()
        head = "Head of " + part["org_name"].astype(object).to_numpy()
        director = part["org_code"].map(DIRECTOR).fillna("Executive Director for " + part["org_name"]).to_numpy(object)
        author = np.select([level == "council", level == "directorate", level == "service"],
                           [spec.owner, director, head], "Team Manager, " + part["org_name"].astype(object))
        owner = np.where(level == "council", spec.owner, author)
        action = _pick(rng, ACTIONS[theme], n)
        sel = rng.random(n) < 0.25
        action[sel] = _pick(rng, ALL_ACTIONS, sel.sum())
        due = due_dates(periods, spec.frequency, spec.lag_periods, spec.due_working_days, wd)
        day = wd.add(due, rng.integers(1, 7, n))
        written = day.astype("datetime64[s]") + rng.integers(9 * 3600, int(17.5 * 3600), n).astype("timedelta64[s]")
        recovery = month_end(day.astype("datetime64[M]") + rng.integers(2, 7, n))
        no_action = (part["rag"].to_numpy() == "amber") & (rng.random(n) < 0.12)
        frames.append(pd.DataFrame({
            "indicator_code": code, "org_code": part["org_code"].to_numpy(),
            "period_start": part["period_start"].to_numpy(), "author": author, "written_at": written,
            "text": text.to_numpy() if hasattr(text, "to_numpy") else text,
            "action": np.where(no_action, None, action), "action_owner": np.where(no_action, None, owner),
            "recovery_date": np.where(no_action, np.datetime64("NaT"), recovery).astype("datetime64[s]"),
        })[day <= as_of])
    notes = pd.concat(frames, ignore_index=True)
    con.register("notes_df", notes)
    con.execute("""INSERT INTO commentary
        SELECT indicator_code, org_code, CAST(period_start AS DATE), author, written_at, text, action,
               action_owner, CAST(recovery_date AS DATE) FROM notes_df""")
    con.unregister("notes_df")
    return len(notes)
