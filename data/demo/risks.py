"""The risk register: strategic, directorate, service and team risks, and their
reviews month by month.

The council's strategic risks and each directorate's risks are declared in
data/demo/catalogue_risks.py and reviewed monthly by the management teams; each
service keeps three service risks from a list of templates, reviewed
quarterly, replaced by another when closed (after two to six years); about one
team in sixteen keeps a team risk.  At each review the likelihood may move a
step (the risk's events — the improvement notice, the cyber incident, the wet
winter — push it), the impact rarely.  Most owners review on time; about one
risk in seven has an owner who often misses reviews, so some risks are overdue
for review at any month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.demo import catalogue_risks as cat
from data.demo.series import event_shape

BEFORE = np.datetime64("2004-04", "M")  # standing risks were on the register before any data
OPEN = np.datetime64("2200-01", "M")    # end of a risk still open


def _register(ctx) -> pd.DataFrame:
    """One row per risk (a loop over the few hundred declared risks, never over data rows)."""
    rng = ctx.rng("risk register")
    org = ctx.org
    rows = []

    def add(org_code, title, category, owner, likelihood, impact, description, actions, events, start, end, every):
        rows.append(dict(org_code=org_code, title=title, category=category, owner=owner, likelihood=likelihood,
                         impact=impact, description=description, actions=actions, events=events,
                         start=np.datetime64(start if start is not None else BEFORE, "M").astype(int),
                         end=np.datetime64(end if end is not None else OPEN, "M").astype(int), every=every))

    council = org.loc[org["level"] == "council", "code"].iloc[0]
    for title, category, owner, lik, imp, desc, actions, events, *span in cat.STRATEGIC:
        add(council, title, category, owner, lik, imp, desc, actions, events, *(span + [None, None])[:2], every=1)
    for code in org.loc[org["level"] == "directorate", "code"]:
        for title, category, owner, lik, imp, desc, actions, events, *span in cat.DIRECTORATE.get(code, []):
            add(code, title, category, owner, lik, imp, desc, actions, events, *(span + [None, None])[:2], every=1)

    def slots(units, templates, per_unit, every, owner):
        for code, name in units:
            order = rng.permutation(len(templates))
            for slot in range(per_unit):
                start = ctx.first - int(rng.integers(0, 48))
                n = slot
                while start <= ctx.last:
                    title, category, lik, imp, desc, actions = templates[order[n % len(order)]]
                    end = start + int(rng.integers(24, 73))
                    add(code, title.format(unit=name), category, owner.format(unit=name), lik, imp,
                        desc.format(unit=name), actions, [], start, end if end <= ctx.last else OPEN, every)
                    start, n = end + int(rng.integers(0, 7)), n + per_unit

    services = org[org["level"] == "service"]
    slots(zip(services["code"], services["name"]), cat.SERVICE, 3, 3, "Head of {unit}")
    teams = org[org["level"] == "team"]
    chosen = rng.random(len(teams)) < 1 / 16
    chosen[rng.choice(len(teams), min(2, len(teams)), replace=False)] = True
    slots(zip(teams["code"][chosen], teams["name"][chosen]), cat.TEAM, 1, 3, "Team Manager, {unit}")

    reg = pd.DataFrame(rows)
    reg["start"] = reg["start"].to_numpy().astype("datetime64[M]")
    reg["end"] = reg["end"].to_numpy().astype("datetime64[M]")
    reg = reg[reg["start"].to_numpy() <= ctx.last].reset_index(drop=True)
    n = len(reg)
    reg["target_likelihood"] = np.maximum(reg["likelihood"] - 1 - (rng.random(n) < 0.5), 1)
    reg["target_impact"] = np.maximum(reg["impact"] - (rng.random(n) < 0.3), 1)
    reg["lax"] = rng.random(n) < 0.15
    reg["identified_on"] = reg["start"].to_numpy().astype("datetime64[M]").astype("datetime64[D]") \
        + rng.integers(0, 28, n)
    ends = reg["end"].to_numpy().astype("datetime64[M]")
    closed = ends.astype("datetime64[D]") + rng.integers(0, 28, n)
    reg["closed_on"] = np.where(ends <= ctx.last, closed, np.datetime64("NaT"))
    # codes: the unit's code and a number, in the order risks were identified (declared order for standing ones)
    reg = reg.sort_values(["org_code", "start"], kind="stable").reset_index(drop=True)
    number = reg.groupby("org_code").cumcount() + 1
    reg["code"] = reg["org_code"] + "-R" + number.astype(str).str.zfill(2)
    return reg


def _reviews(ctx, reg: pd.DataFrame) -> pd.DataFrame:
    """Every review of every risk within the data's span (vectorised over reviews)."""
    rng = ctx.rng("risk reviews")
    start = reg["start"].to_numpy().astype("datetime64[M]")
    every = reg["every"].to_numpy()
    stop = np.minimum(reg["end"].to_numpy().astype("datetime64[M]"), ctx.last)
    first = np.maximum(start, ctx.first)  # standing risks: a baseline review in the first month of data
    count = np.where(first <= stop, (stop - first).astype(int) // every + 1, 0)
    r = np.repeat(np.arange(len(reg)), count)
    k = np.arange(len(r)) - np.repeat(np.cumsum(count) - count, count)
    month = first[r] + k * every[r]

    # likelihood: a bounded random walk plus the risk's events; impact: rare steps
    steps = rng.choice([-1, 0, 1], len(r), p=[0.12, 0.78, 0.1])
    steps[k == 0] = 0
    walk = np.cumsum(steps)
    walk -= np.repeat(walk[np.cumsum(count) - count], count) if len(r) else 0
    push = np.zeros(len(r))
    for name in {e for events in reg["events"] for e, _ in events}:  # a loop over the dozen event names
        size = np.array([dict(events).get(name, 0.0) for events in reg["events"]])[r]
        push += size * event_shape(name, month)
    likelihood = np.clip(np.floor(reg["likelihood"].to_numpy()[r] + np.clip(walk, -1, 1) + push + 0.5), 1, 5)
    impact_steps = np.where(rng.random(len(r)) < 0.03, rng.choice([-1, 1], len(r)), 0)
    impact_steps[k == 0] = 0
    iwalk = np.cumsum(impact_steps)
    iwalk -= np.repeat(iwalk[np.cumsum(count) - count], count) if len(r) else 0
    impact = np.clip(reg["impact"].to_numpy()[r] + np.clip(iwalk, -1, 1), 1, 5)

    # a review happens on a working day of its month, unless the owner misses it
    day = ctx.wd.add(month.astype("datetime64[D]") + rng.integers(0, 26, len(r)) - 1, 1)
    identified = reg["identified_on"].to_numpy().astype("datetime64[D]")[r]
    day = np.where((k == 0) & (start[r] >= ctx.first), identified, day)
    missed = rng.random(len(r)) < np.where(reg["lax"].to_numpy()[r], 0.4, 0.03)
    held = (k == 0) | ~missed
    held &= day <= (ctx.last + 1).astype("datetime64[D]") - 1
    held &= ~(day > reg["closed_on"].to_numpy().astype("datetime64[D]")[r])  # not after it was closed
    score = (likelihood * impact).astype(int)
    new = (k == 0) & (start[r] >= ctx.first)
    frame = pd.DataFrame({"r": r, "reviewed_on": day, "likelihood": likelihood.astype(int),
                          "impact": impact.astype(int), "score": score, "every": every[r], "held": held,
                          "new": new, "k": k})
    frame = frame[frame["held"]].copy()
    prior = frame.groupby("r")["score"].shift(1)  # the previous review actually held
    trend = np.select([frame["new"] & frame["k"].eq(0), prior.isna(), frame["score"] > prior,
                       frame["score"] < prior], ["new", "stable", "increasing", "decreasing"], "stable")
    frame["trend"] = trend
    return frame


def fill(con, ctx) -> dict[str, int]:
    reg = _register(ctx)
    reviews = _reviews(ctx, reg)
    con.executemany("INSERT INTO risk_appetite VALUES (?, ?, ?, ?, ?)",
                    [(c, a, s, t, text) for c, (a, s, t, text) in cat.APPETITE.items()])
    risks = pd.DataFrame({
        "code": reg["code"], "org_code": reg["org_code"], "title": reg["title"], "description": reg["description"],
        "category": reg["category"], "owner_role": reg["owner"], "likelihood": reg["likelihood"],
        "impact": reg["impact"], "target_likelihood": reg["target_likelihood"],
        "target_impact": reg["target_impact"], "mitigating_actions": reg["actions"],
        "review_frequency_months": reg["every"], "identified_on": reg["identified_on"].astype("datetime64[s]"),
        "closed_on": reg["closed_on"].to_numpy().astype("datetime64[s]")})
    con.register("risk_df", risks)
    con.execute("""
        INSERT INTO risk
        SELECT code, org_code, title, description, category, owner_role, likelihood, impact,
               likelihood * impact, target_likelihood, target_impact, target_likelihood * target_impact,
               mitigating_actions, review_frequency_months, CAST(identified_on AS DATE), CAST(closed_on AS DATE),
               NULL, NULL
        FROM risk_df ORDER BY code""")
    con.unregister("risk_df")
    review_rows = pd.DataFrame({
        "risk_code": reg["code"].to_numpy()[reviews["r"].to_numpy()],
        "reviewed_on": reviews["reviewed_on"].to_numpy().astype("datetime64[s]"),
        "likelihood": reviews["likelihood"], "impact": reviews["impact"], "trend": reviews["trend"],
        "every": reviews["every"]})
    con.register("review_df", review_rows)
    con.execute("""
        INSERT INTO risk_review
        SELECT risk_code, CAST(reviewed_on AS DATE), likelihood, impact, likelihood * impact, trend,
               CAST(CAST(reviewed_on AS DATE) + to_months(every) AS DATE)
        FROM review_df ORDER BY risk_code, reviewed_on""")
    con.unregister("review_df")
    # the register as it stands at the end of the data: latest review and when the next is due
    con.execute("""
        UPDATE risk SET last_review_on = v.reviewed_on,
                        next_review_due = CASE WHEN risk.closed_on IS NULL THEN v.next_review_due END
        FROM (SELECT risk_code, max(reviewed_on) AS reviewed_on,
                     arg_max(next_review_due, reviewed_on) AS next_review_due
              FROM risk_review GROUP BY risk_code) AS v
        WHERE v.risk_code = risk.code""")
    return {"risk": len(risks), "risk_review": len(review_rows)}
