-- ---------------------------------------------------------------------------
-- Derived tables, rebuilt from the tables above by data/build/derived/rollup.sql at the end
-- of every data build.  Nothing else writes them.

CREATE TABLE rollup (
    indicator_code     VARCHAR NOT NULL,
    org_code           VARCHAR NOT NULL,
    period_start       DATE    NOT NULL,
    period_last_month  DATE    NOT NULL,
    window_start       DATE    NOT NULL,
    numerator          DOUBLE,
    denominator        DOUBLE,
    value              DOUBLE  NOT NULL,
    display_value      DOUBLE  NOT NULL,
    period_value       DOUBLE,
    units_reporting    INTEGER NOT NULL,
    units_expected     INTEGER NOT NULL,
    provisional_rows   INTEGER NOT NULL,
    target             DOUBLE,
    target_org_code    VARCHAR,
    rag                VARCHAR NOT NULL,
    previous_value     DOUBLE,
    direction          VARCHAR NOT NULL,
    year_ago_value     DOUBLE,
    direction_year     VARCHAR NOT NULL
);
COMMENT ON TABLE rollup IS 'Every indicator at every unit that reports it or has descendants that do, for every period with at least one reported row: the value for the indicator''s basis, its target and RAG, and its direction of travel. Built once per data build; sorted by org, indicator and period.';
COMMENT ON COLUMN rollup.indicator_code IS 'indicator.code.';
COMMENT ON COLUMN rollup.org_code IS 'The unit the value is for (the reporting unit itself or an ancestor).';
COMMENT ON COLUMN rollup.period_start IS 'The value''s own period (first day).';
COMMENT ON COLUMN rollup.period_last_month IS 'First day of the last month the period covers (the period itself for monthly data, +2 months for a quarter, +11 for a year): a value is shown for a chosen month only once its period has ended.';
COMMENT ON COLUMN rollup.window_start IS 'First period included by the basis: the period itself, April of the financial year (year to date) or 11 months earlier (rolling 12 months).';
COMMENT ON COLUMN rollup.numerator IS 'Sum of reported numerators over the units below and the window (ratio indicators only).';
COMMENT ON COLUMN rollup.denominator IS 'Sum of reported denominators over the units below and the window (ratio indicators only).';
COMMENT ON COLUMN rollup.value IS 'Value before display scaling: numerator / denominator for ratio, else the sum, maximum, latest stock or the value as reported.';
COMMENT ON COLUMN rollup.display_value IS 'value × indicator.scale, the figure people see (percentages 0–100).';
COMMENT ON COLUMN rollup.period_value IS 'The period''s own value in display units, whatever the basis (for year to date and rolling indicators, the month alone): the series SPC is applied to.';
COMMENT ON COLUMN rollup.units_reporting IS 'How many units below (or the unit itself) reported for this period.';
COMMENT ON COLUMN rollup.units_expected IS 'How many units below are expected to report the indicator (indicator_unit).';
COMMENT ON COLUMN rollup.provisional_rows IS 'How many of the rows in the window are still provisional.';
COMMENT ON COLUMN rollup.target IS 'The target that applies (own, or the nearest ancestor''s for rates), display units.';
COMMENT ON COLUMN rollup.target_org_code IS 'Unit whose target applies (this unit or an ancestor).';
COMMENT ON COLUMN rollup.rag IS 'red | amber | green | no_target, by rag_status().';
COMMENT ON COLUMN rollup.previous_value IS 'display_value of the previous period of the same frequency, if reported.';
COMMENT ON COLUMN rollup.direction IS 'direction_of_travel() against previous_value.';
COMMENT ON COLUMN rollup.year_ago_value IS 'display_value of the same period a year earlier, if reported.';
COMMENT ON COLUMN rollup.direction_year IS 'direction_of_travel() against year_ago_value.';

-- ---------------------------------------------------------------------------
-- SPC as at every period, built by data/build/derive.py after the rollup (via
-- dashboard/metrics/spc_bulk.py; method in docs/spc.md, "Exceptions: SPC as at
-- each period").  Nothing else writes it.

CREATE TABLE spc_status (
    indicator_code      VARCHAR NOT NULL,
    org_code            VARCHAR NOT NULL,
    period_start        DATE    NOT NULL,
    point_type          VARCHAR CHECK (point_type IN ('common_cause', 'improvement', 'concern', 'neither')),
    variation           VARCHAR NOT NULL CHECK (variation IN ('common_cause', 'improvement_high', 'improvement_low',
                                                              'concern_high', 'concern_low', 'neither_high',
                                                              'neither_low', 'none')),
    assurance           VARCHAR NOT NULL CHECK (assurance IN ('pass', 'fail', 'hit_or_miss', 'none')),
    mean                DOUBLE,
    lpl                 DOUBLE,
    upl                 DOUBLE,
    concern_since       DATE,
    seasonally_adjusted BOOLEAN NOT NULL
);
COMMENT ON TABLE spc_status IS 'SPC (XmR, Making Data Count rules) of every rollup row as at its own period: what the chart of the series drawn with only the data up to that period says about that period. One row per rollup row; sorted by org, indicator and period. The series is rollup.period_value on consecutive periods of the indicator''s frequency; a period with no value is a gap.';
COMMENT ON COLUMN spc_status.indicator_code IS 'indicator.code.';
COMMENT ON COLUMN spc_status.org_code IS 'The unit (as in rollup).';
COMMENT ON COLUMN spc_status.period_start IS 'The period judged, the last one of the series as at then (rollup.period_start).';
COMMENT ON COLUMN spc_status.point_type IS 'common_cause | improvement | concern | neither (special cause with polarity neither); NULL when not judged: fewer than 13 values so far, no two consecutive periods yet, or no value for this period.';
COMMENT ON COLUMN spc_status.variation IS 'The variation icon as at the period: common_cause, improvement_high|low, concern_high|low, neither_high|low (high/low = direction of the special cause), none without limits. For a period with no value, that of the latest period with one.';
COMMENT ON COLUMN spc_status.assurance IS 'The assurance icon as at the period: pass | fail | hit_or_miss (target beyond the limits on the good side, on the bad side, or between them) | none (no limits, no target, polarity neither, or a year-to-date or rolling target, which is for the cumulative figure). The target is the latest rollup.target up to the period.';
COMMENT ON COLUMN spc_status.mean IS 'Centre line as at the period (mean of all values so far), display units; NULL without limits. For a seasonally adjusted series, plus this period''s seasonal effect.';
COMMENT ON COLUMN spc_status.lpl IS 'Lower process limit as at the period: mean − 2.66 × mean moving range (moving ranges only between consecutive periods); NULL without limits.';
COMMENT ON COLUMN spc_status.upl IS 'Upper process limit as at the period: mean + 2.66 × mean moving range; NULL without limits.';
COMMENT ON COLUMN spc_status.concern_since IS 'When variation is concern: the first period of the unbroken run of the series'' rows judged concern as at their own period, ending here (a period with no row does not break it). NULL otherwise.';
COMMENT ON COLUMN spc_status.seasonally_adjusted IS 'True when the indicator is seasonal and the series was judged on seasonally adjusted values (effects fitted once on the whole series, so with later data); false for other indicators and for seasonal series too short (under about three years) to fit.';

CREATE TABLE return_status (
    indicator_code    VARCHAR NOT NULL,
    org_code          VARCHAR NOT NULL,
    period_start      DATE    NOT NULL,
    due_date          DATE    NOT NULL,
    received_at       TIMESTAMP,
    status            VARCHAR NOT NULL CHECK (status IN ('on_time', 'late', 'missing')),
    working_days_late INTEGER
);
COMMENT ON TABLE return_status IS 'Every return a unit was expected to make (indicator_unit × each period up to the latest due), when it was due and whether it arrived on time, late or not at all. Built by data/build/derived/return_status.sql.';
COMMENT ON COLUMN return_status.indicator_code IS 'indicator.code.';
COMMENT ON COLUMN return_status.org_code IS 'The unit expected to report.';
COMMENT ON COLUMN return_status.period_start IS 'The period the return is for.';
COMMENT ON COLUMN return_status.due_date IS 'The period''s last day plus indicator.due_working_days working days.';
COMMENT ON COLUMN return_status.received_at IS 'When the return arrived (measure.received_at); NULL when missing.';
COMMENT ON COLUMN return_status.status IS 'on_time | late | missing.';
COMMENT ON COLUMN return_status.working_days_late IS 'Working days after the due date it arrived (0 when on time; NULL when missing).';

CREATE TABLE return_summary (
    indicator_code  VARCHAR   NOT NULL,
    org_code        VARCHAR   NOT NULL,
    period_start    DATE      NOT NULL,
    returns         INTEGER   NOT NULL,
    provisional     INTEGER   NOT NULL,
    missing         INTEGER   NOT NULL,
    latest_received TIMESTAMP
);
COMMENT ON TABLE return_summary IS 'The returns behind each unit''s figures, per indicator and period: what the "Source:" lines count, summed over a value''s window by reading a few rows at the unit instead of every return below it. Built by data/build/derived/return_status.sql; sorted by unit, indicator and period.';
COMMENT ON COLUMN return_summary.indicator_code IS 'indicator.code.';
COMMENT ON COLUMN return_summary.org_code IS 'The unit: counts cover it and every unit below it.';
COMMENT ON COLUMN return_summary.period_start IS 'The period the returns are for.';
COMMENT ON COLUMN return_summary.returns IS 'Returns received (measure rows) from the unit and the units below it for the period.';
COMMENT ON COLUMN return_summary.provisional IS 'How many of those are still provisional (measure.status).';
COMMENT ON COLUMN return_summary.missing IS 'Expected returns for the period that never arrived (return_status.status missing).';
COMMENT ON COLUMN return_summary.latest_received IS 'When the latest of those returns arrived; NULL when none did.';

CREATE TABLE exception_base (
    indicator_code    VARCHAR NOT NULL,
    org_code          VARCHAR NOT NULL,
    level             VARCHAR NOT NULL,
    period_start      DATE    NOT NULL,
    rag               VARCHAR,
    value             DOUBLE,
    target            DOUBLE,
    distance          DOUBLE,
    concern           BOOLEAN NOT NULL,
    concern_since     DATE,
    return_status     VARCHAR,
    working_days_late INTEGER,
    units_off_target  INTEGER,
    units_rated       INTEGER,
    people            DOUBLE,
    streak            INTEGER NOT NULL,
    rag_streak        INTEGER NOT NULL,
    next_reported     DATE,
    reasons           VARCHAR[] NOT NULL,
    score             DOUBLE  NOT NULL
);
COMMENT ON TABLE exception_base IS 'Every indicator × unit × period that is an exception (red, amber, special-cause concern, or a missing or late return), with what ranks and describes it. Built by data/build/derived/exceptions.sql; sorted by period so a month''s exceptions are read together.';
COMMENT ON COLUMN exception_base.indicator_code IS 'indicator.code.';
COMMENT ON COLUMN exception_base.org_code IS 'The unit.';
COMMENT ON COLUMN exception_base.level IS 'The unit''s level (council, directorate, service, team).';
COMMENT ON COLUMN exception_base.period_start IS 'The period of the value (rollup.period_start).';
COMMENT ON COLUMN exception_base.rag IS 'RAG of the value; no_data for a missing return.';
COMMENT ON COLUMN exception_base.value IS 'The value shown (display units), if any.';
COMMENT ON COLUMN exception_base.target IS 'The target that applies, if any.';
COMMENT ON COLUMN exception_base.distance IS 'How far worse than target, as a share of the target (red and amber only).';
COMMENT ON COLUMN exception_base.concern IS 'True when the SPC chart shows special-cause concern at this period (spc_status).';
COMMENT ON COLUMN exception_base.concern_since IS 'When the current unbroken run of concern began.';
COMMENT ON COLUMN exception_base.return_status IS 'missing or late when the unit''s own return was (return_status), else NULL.';
COMMENT ON COLUMN exception_base.working_days_late IS 'Working days late, for a late return.';
COMMENT ON COLUMN exception_base.units_off_target IS 'Reporting units below this one that are red or amber for the period.';
COMMENT ON COLUMN exception_base.units_rated IS 'Reporting units below this one with a RAG against a target for the period.';
COMMENT ON COLUMN exception_base.people IS 'People or cases affected: the denominator of a rate, else the value.';
COMMENT ON COLUMN exception_base.streak IS 'Consecutive periods, ending with this one, in which this indicator and unit has been an exception.';
COMMENT ON COLUMN exception_base.rag_streak IS 'Consecutive periods, ending with this one, with the same RAG colour ("red for the 3rd month").';
COMMENT ON COLUMN exception_base.next_reported IS 'The next period with a value for this indicator and unit, if any: a lagged indicator''s due period stops being shown once a later one has arrived.';
COMMENT ON COLUMN exception_base.reasons IS 'Why it is an exception: any of red, amber, concern, missing, late.';
COMMENT ON COLUMN exception_base.score IS 'Rank for action: severity, distance from target, reach, spread and persistence (see data/build/derived/exceptions.sql).';

CREATE TABLE forecast_calibration (
    indicator_code VARCHAR NOT NULL,
    month_of_year  INTEGER NOT NULL,
    low            DOUBLE  NOT NULL,
    high           DOUBLE  NOT NULL,
    n              INTEGER NOT NULL,
    PRIMARY KEY (indicator_code, month_of_year)
);
COMMENT ON TABLE forecast_calibration IS 'For each year-to-date indicator and point of the financial year, the spread of errors the year-end forecast method made in earlier years, across all units (dashboard/metrics/forecast.py). Built by data/build/forecast_calibration.py.';
COMMENT ON COLUMN forecast_calibration.indicator_code IS 'indicator.code (year-to-date indicators only).';
COMMENT ON COLUMN forecast_calibration.month_of_year IS 'Month of the financial year of the forecast (1 = April).';
COMMENT ON COLUMN forecast_calibration.low IS '5th percentile error (the 80% interval''s lower end, see dashboard/metrics/forecast.py): additive in display units for rates, relative (a fraction) for counts.';
COMMENT ON COLUMN forecast_calibration.high IS '95th percentile error, in the same terms.';
COMMENT ON COLUMN forecast_calibration.n IS 'How many past forecasts the percentiles rest on (at least 8).';

