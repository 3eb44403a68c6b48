"""Turn rollup rows into the series SPC expects: one value per period, in
order, with a gap (NaN) for every period nobody reported."""

from __future__ import annotations

import pandas as pd

STEP_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}
SEASON_LENGTH = {"monthly": 12, "quarterly": 4}


def period_series(frame: pd.DataFrame, *, column: str, frequency: str) -> pd.Series:
    """``frame[column]`` indexed by every period from the first to the last
    (gaps as NaN), so the SPC engine sees missing periods as gaps."""
    if frame.empty:
        return pd.Series(dtype=float)
    starts = pd.to_datetime(frame["period_start"])
    full = pd.date_range(starts.min(), starts.max(), freq=f"{STEP_MONTHS[frequency]}MS")
    return pd.Series(frame[column].to_numpy(dtype=float), index=starts).reindex(full)
