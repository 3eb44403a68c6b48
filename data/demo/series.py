"""Vectorised simulation of what units report: one (units × periods) matrix per indicator.

Every value starts from a latent score per unit and period, on the logit scale
for proportions and the log scale for everything else:

    score = unit effect (spread) + trend + season + events + AR(1) noise per unit
            + council-wide noise

and becomes a return according to the model's kind:

* ``prop``  — ratio of whole numbers: denominator drawn (``den`` per team-month),
  numerator ~ Binomial(denominator, p).  ``den_mode="fte"`` draws FTE in halves
  (vacancy rate), ``"amount"`` whole tonnes or pounds, ``"front"`` the council-tax
  pattern (the year's debit raised in April, small in-year increases after it,
  cash collected month by month along the instalment profile).
* ``rate``  — ratio with numerator ≈ rate × denominator: counts (``num="poisson"``)
  or amounts such as days, kg or pounds (``num="amount"``); ``den_mode="spread"``
  spreads an annual population over the months (person-years), so twelve months
  sum to the population and a window gives an annual rate; ``"fte"`` is staff in
  post (FTE in halves, or FTE-years with ``den_per_year``).
* ``count`` / ``money`` — whole numbers per period (Poisson / rounded pounds).
* ``stock`` — a level at the period end (whole number).
* ``peak``  — a longest wait or worst case per unit and period.
* ``single`` — one council-level series (aggregation none).

Events are named shapes over time shared by indicators (the children's services
improvement notice of March 2023, the wet winter of 2023/24, the ERP go-live,
...); each indicator says how strongly it responds, optionally only in one
directorate.  About one value in 500 is an outlier.  The trend is flat before April 2017 and after March 2027, so the
long history of the large preset does not drift out of range.
"""

from __future__ import annotations

import numpy as np

# Named shapes: (month, level) points, linearly interpolated, 0 outside.
EVENTS = {
    # Ofsted judged children's services inadequate early in 2023; improvement notice March 2023.
    "notice": [("2022-04", 0), ("2023-02", -1), ("2023-06", -0.8), ("2024-06", 0.6), ("2025-03", 1), ("2040-01", 1)],
    "covid": [("2000-01", 0), ("2020-03", 1), ("2021-04", 1), ("2022-06", 0)],
    "cost_of_living": [("2022-06", 0), ("2022-12", 1), ("2023-09", 1), ("2024-03", 0)],
    "erp": [("2022-10", 0), ("2022-11", 1), ("2023-01", 0.6), ("2023-04", 0)],
    "wet_winter": [("2023-10", 0), ("2024-01", 1), ("2024-03", 1), ("2024-06", 0),
                   ("2025-11", 0), ("2026-01", 0.5), ("2026-03", 0)],
    "garden_charge": [("2025-03", 0), ("2025-04", 1), ("2040-01", 1)],
    "telephony": [("2024-10", 0), ("2024-11", 1), ("2024-12", 0.7), ("2025-02", 0)],
    "recruitment": [("2023-06", 0), ("2024-09", 1), ("2040-01", 1)],
    "nhs_winter": [("2022-10", 0), ("2022-12", 1), ("2023-02", 1), ("2023-04", 0)],
    "cyber": [("2025-01", 0), ("2025-02", 1), ("2025-03", 0.4), ("2025-04", 0)],
    "heatwave": [("2022-06", 0), ("2022-07", 1), ("2022-08", 0.5), ("2022-09", 0)],
    "new_contract": [("2024-03", 0), ("2024-04", 1), ("2040-01", 1)],
}
TREND_FROM, TREND_TO = np.datetime64("2017-04", "M"), np.datetime64("2027-03", "M")
TREND_ORIGIN = np.datetime64("2021-04", "M")
# Share of the year's council tax collected in each month, April first (ten instalments).
OUTLIER_RATE = 0.002
COLLECTION_PROFILE = np.array([10.6, 9.6, 9.4, 9.3, 9.2, 9.1, 9.0, 8.9, 8.8, 8.7, 4.6, 2.8]) / 100.0


def expit(x):
    return 1.0 / (1.0 + np.exp(-x))


def logit(p):
    return np.log(p / (1.0 - p))


def event_shape(name: str, months: np.ndarray) -> np.ndarray:
    points = EVENTS[name]
    xs = np.array([np.datetime64(m, "M") for m, _ in points]).astype(np.int64)
    ys = np.array([v for _, v in points], dtype=float)
    return np.interp(months.astype(np.int64), xs, ys, left=0.0, right=0.0)


def month_of_year(months: np.ndarray) -> np.ndarray:
    return months.astype(np.int64) % 12 + 1


def _by_period(monthly: np.ndarray, length: int) -> np.ndarray:
    """Average a per-month array over each period of ``length`` months."""
    return monthly.reshape(-1, length).mean(axis=1)


def _season(months, amp_peak):
    amp, peak = amp_peak
    return amp * np.cos(2 * np.pi * (month_of_year(months) - peak) / 12.0)


def _ar_noise(rng, n_units, n_periods, sd, phi=0.5):
    out = np.empty((n_units, n_periods))
    out[:, 0] = rng.normal(0.0, sd / np.sqrt(1 - phi**2), n_units)
    shocks = rng.normal(0.0, sd, (n_units, n_periods))
    for t in range(1, n_periods):  # a loop over periods, vectorised across units
        out[:, t] = phi * out[:, t - 1] + shocks[:, t]
    return out


def simulate(m: dict, periods: np.ndarray, length: int, unit_dirs: np.ndarray, rng) -> dict:
    """Returns num, den (NaN where not a ratio) and value, each (units × periods)."""
    kind = m["kind"]
    n_units, n_periods = len(unit_dirs), len(periods)
    months = (periods[:, None] + np.arange(length)).ravel()  # every month of every period

    size = np.exp(rng.normal(0.0, m.get("size", 0.35), n_units))  # how big each unit is
    if kind == "single":
        size = np.ones(n_units)
    unit_eff = rng.normal(0.0, m.get("spread", 0.25 if kind != "single" else 0.0), n_units)

    years = (np.clip(months, TREND_FROM, TREND_TO) - TREND_ORIGIN).astype(np.int64) / 12.0
    common_t = _by_period(m.get("trend", 0.0) * years + _season(months, m.get("season", (0.0, 1))), length)
    score = unit_eff[:, None] + common_t[None, :]
    for event in m.get("events", ()):
        name, mag = event[0], event[1]
        shape = _by_period(event_shape(name, months), length) * mag
        if len(event) > 2:  # only one directorate responds
            score += np.where(unit_dirs[:, None] == event[2], shape[None, :], 0.0)
        else:
            score += shape[None, :]
    noise_sd = m.get("noise", 0.08 if kind != "stock" else 0.04)
    score += _ar_noise(rng, n_units, n_periods, noise_sd, phi=m.get("phi", 0.5 if kind != "stock" else 0.85))
    score += _ar_noise(rng, 1, n_periods, m.get("common", 0.04), phi=m.get("common_phi", 0.5))

    den_score = _by_period(_season(months, m.get("den_season", (0.0, 1))), length)[None, :]
    for name, mag in m.get("den_events", ()):
        den_score = den_score + _by_period(event_shape(name, months), length)[None, :] * mag
    den_score = den_score + rng.normal(0.0, m.get("den_noise", 0.08), (n_units, n_periods))

    nan = np.full((n_units, n_periods), np.nan)
    level = m["level"]
    if kind == "single":
        link = m.get("link", "log")
        if link == "logit":
            value = expit(logit(level) + score)
        elif link == "identity":
            value = level + score * m.get("unit_sd", 1.0)
        else:
            value = level * np.exp(score)
        if m.get("profile") == "ytd":  # cumulative through the financial year
            position = (month_of_year(periods) - 4) % 12
            value = value * (np.cumsum(np.ones(12)) / 12.0)[position] ** 0.8
        return {"num": nan, "den": nan, "value": np.round(value, m.get("round", 4))}
    if kind in ("count", "money", "stock", "peak"):
        zero = rng.random(n_units) < m.get("zero", 0.0)
        mean = level * np.exp(score)
        if kind == "count":
            value = rng.poisson(mean * size[:, None] * length).astype(float)
        elif kind == "money" and m.get("link") == "identity":  # signed amounts, e.g. a variance
            value = np.round((level + score * m.get("unit_sd", 1.0)) * size[:, None])
        elif kind == "money":
            value = np.round(mean * size[:, None] * length)
        elif kind == "stock":
            value = np.round(mean * size[:, None])
        else:
            value = np.round(mean * size[:, None] ** 0.3, m.get("round", 0))
        value[zero] = 0.0
        odd = rng.random(value.shape) < OUTLIER_RATE  # a one-off spike: a data-entry slip or a real incident
        value = np.where(odd, np.round(value * rng.uniform(2.5, 4.0, value.shape)), value)
        return {"num": nan, "den": nan, "value": value}

    den = _denominator(m, size, den_score, periods, length, rng)
    if kind == "prop":
        p = expit(logit(level) + score)
        if m.get("den_mode") == "front":  # cash collected: the year's debit × the month's share × rate
            position = (month_of_year(periods) - 4) % 12
            num = np.round(_annual_debit(m, size, periods) * COLLECTION_PROFILE[position][None, :] * p)
        elif m.get("den_mode") == "fte":
            num = np.minimum(np.round(den * p * 2) / 2, den)
        elif m.get("den_mode") == "amount":
            num = np.round(den * p)
        else:
            num = rng.binomial(den.astype(np.int64), p).astype(float)
    else:
        rate = level * np.exp(score)
        if m.get("num", "poisson") == "poisson":
            num = rng.poisson(rate * den).astype(float)
        else:
            num = np.round(rate * den * m.get("num_step", 1.0)) / m.get("num_step", 1.0)
    odd = rng.random(num.shape) < OUTLIER_RATE  # a one-off: a recording error or a real bad month
    factor = rng.uniform(0.3, 0.6, num.shape) if kind == "prop" else rng.uniform(2.0, 3.5, num.shape)
    num = np.where(odd, np.round(num * factor), num)
    return {"num": num, "den": den, "value": num / den}


def _denominator(m, size, den_score, periods, length, rng):
    mode = m.get("den_mode", "count")
    years = (periods - TREND_ORIGIN).astype(np.int64) / 12.0
    base = m["den"] * size[:, None] * np.exp(m.get("den_growth", 0.0) * years)[None, :]
    if mode == "front":  # the year's debit in April (or the first month), small increases (new homes) later
        first = (month_of_year(periods) == 4) | (np.arange(len(periods)) == 0)
        growth = rng.uniform(0.0006, 0.003, base.shape)
        debit = _annual_debit(m, size, periods)
        return np.round(np.where(first[None, :], debit, debit * growth))
    if mode == "count":
        return np.maximum(rng.poisson(base * length * np.exp(den_score)), 1).astype(float)
    if mode == "amount":
        return np.maximum(np.round(base * length * np.exp(den_score)), 1.0)
    if mode == "fte":  # staff in post, in half FTEs (or FTE-years with den_per_year)
        fte = np.maximum(np.round(base * np.exp(0.5 * den_score) * 2) / 2, 0.5)
        return fte * length / m["den_per_year"] if "den_per_year" in m else fte
    if mode == "spread":  # person-years: an annual population spread over the months
        return np.maximum(np.round(base * length / 12.0 * (1 + 0.002 * den_score)), 1.0)
    raise ValueError(f"unknown den_mode {mode}")


def _annual_debit(m, size, periods):
    """The debit raised at the start of each period's financial year (grows with den_growth a year)."""
    april = periods - (month_of_year(periods) - 4) % 12
    years = (april - TREND_ORIGIN).astype(np.int64) / 12.0
    return m["den"] * size[:, None] * np.exp(m.get("den_growth", 0.0) * years)[None, :]
