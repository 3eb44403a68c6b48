-- The single source of truth for the MI database (DuckDB).
-- Every table and column carries a COMMENT so the catalogue documents itself
-- (`SELECT * FROM duckdb_columns()` shows them).  Later domains (finance,
-- workforce, customers, risk, casework, benchmarking) add their own sections.
--
-- Conventions
--   * Periods are DATEs on the first day of the period (a month, the first month
--     of a quarter, or April for a financial year).
--   * `measure` holds only what units reported; everything derived (rollups up
--     the tree, year-to-date and rolling windows, RAG) lives in `rollup`, built
--     once per data build by data/rollup.sql.

CREATE TABLE build_info (
    built_at      TIMESTAMP NOT NULL,
    preset        VARCHAR   NOT NULL,
    seed          INTEGER   NOT NULL,
    first_period  DATE      NOT NULL,
    last_period   DATE      NOT NULL,
    council_name  VARCHAR   NOT NULL,
    demonstration BOOLEAN   NOT NULL
);
COMMENT ON TABLE build_info IS 'One row describing how and when this database file was built.';
COMMENT ON COLUMN build_info.built_at IS 'When the build finished (local time, no zone).';
COMMENT ON COLUMN build_info.preset IS 'Generator preset (tiny, council, large) or "import" for real data.';
COMMENT ON COLUMN build_info.seed IS 'Random seed of the generator; the same seed gives identical tables.';
COMMENT ON COLUMN build_info.first_period IS 'First month covered by measures.';
COMMENT ON COLUMN build_info.last_period IS 'Last month covered by measures.';
COMMENT ON COLUMN build_info.council_name IS 'Name of the council shown in the page header.';
COMMENT ON COLUMN build_info.demonstration IS 'True when the data are generated demonstration data (shown on every page).';

CREATE TABLE org_unit (
    code        VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    level       VARCHAR NOT NULL CHECK (level IN ('council', 'directorate', 'service', 'team')),
    parent_code VARCHAR,
    sort_order  INTEGER NOT NULL,
    is_schools  BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK ((level = 'council') = (parent_code IS NULL))
);
COMMENT ON TABLE org_unit IS 'The organisation tree: one council, its directorates, their services and their teams.';
COMMENT ON COLUMN org_unit.code IS 'Stable short code used in URLs, e.g. SCF-CSC-T03.';
COMMENT ON COLUMN org_unit.name IS 'Display name.';
COMMENT ON COLUMN org_unit.level IS 'council | directorate | service | team.';
COMMENT ON COLUMN org_unit.parent_code IS 'Code of the parent unit; NULL only for the council.';
COMMENT ON COLUMN org_unit.sort_order IS 'Order among siblings as the council lists them.';
COMMENT ON COLUMN org_unit.is_schools IS 'True for schools-based units, excluded from council-wide workforce figures.';

CREATE TABLE org_ancestor (
    org_code      VARCHAR NOT NULL,
    ancestor_code VARCHAR NOT NULL,
    depth         INTEGER NOT NULL,
    PRIMARY KEY (org_code, ancestor_code)
);
COMMENT ON TABLE org_ancestor IS 'Closure of org_unit: every unit paired with itself and each ancestor, so rollups and scope checks are one join.';
COMMENT ON COLUMN org_ancestor.org_code IS 'A unit.';
COMMENT ON COLUMN org_ancestor.ancestor_code IS 'The unit itself or one of its ancestors.';
COMMENT ON COLUMN org_ancestor.depth IS '0 for the unit itself, 1 for its parent, and so on.';

CREATE TABLE indicator (
    code                  VARCHAR PRIMARY KEY,
    name                  VARCHAR NOT NULL,
    definition            VARCHAR NOT NULL,
    unit                  VARCHAR NOT NULL CHECK (unit IN ('percent', 'count', 'days', 'weeks', 'currency', 'rate', 'ratio', 'score')),
    scale                 DOUBLE  NOT NULL DEFAULT 1,
    decimals              INTEGER NOT NULL DEFAULT 1,
    polarity              VARCHAR NOT NULL CHECK (polarity IN ('up', 'down', 'neither')),
    aggregation           VARCHAR NOT NULL CHECK (aggregation IN ('ratio', 'sum', 'max', 'latest', 'none')),
    basis                 VARCHAR NOT NULL CHECK (basis IN ('in_month', 'year_to_date', 'rolling_12_months', 'snapshot')),
    frequency             VARCHAR NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'annual')),
    lag_periods           INTEGER NOT NULL DEFAULT 0,
    tolerance             DOUBLE  NOT NULL DEFAULT 0,
    tolerance_kind        VARCHAR NOT NULL CHECK (tolerance_kind IN ('relative', 'absolute')),
    owner                 VARCHAR NOT NULL,
    directorate_code      VARCHAR NOT NULL,
    theme                 VARCHAR NOT NULL,
    portfolio             VARCHAR NOT NULL,
    on_corporate_scorecard BOOLEAN NOT NULL,
    national_code         VARCHAR,
    source                VARCHAR NOT NULL,
    due_working_days      INTEGER NOT NULL,
    seasonal              BOOLEAN NOT NULL DEFAULT FALSE,
    spc_applies           BOOLEAN NOT NULL DEFAULT TRUE
);
COMMENT ON TABLE indicator IS 'The catalogue of performance indicators: what is measured, how it rolls up and how it is judged.';
COMMENT ON COLUMN indicator.code IS 'Stable code used in URLs, e.g. CSC-ASSESS-45.';
COMMENT ON COLUMN indicator.name IS 'Short display name.';
COMMENT ON COLUMN indicator.definition IS 'Full definition: numerator, denominator, inclusions and exclusions.';
COMMENT ON COLUMN indicator.unit IS 'percent | count | days | weeks | currency | rate | ratio | score — how the displayed value reads.';
COMMENT ON COLUMN indicator.scale IS 'Multiplier from stored value to displayed value: 100 for percentages (value 0.85 shows as 85.0%), 1000 for rates per 1,000, else 1.';
COMMENT ON COLUMN indicator.decimals IS 'Decimal places shown.';
COMMENT ON COLUMN indicator.polarity IS 'up | down | neither: which direction is good; neither is never RAG-rated.';
COMMENT ON COLUMN indicator.aggregation IS 'How values combine across units and across the periods of a window: ratio = sum(numerator)/sum(denominator); sum; max; latest = stock at the latest period of the window, summed over units; none = reported at one level only, never rolled up.';
COMMENT ON COLUMN indicator.basis IS 'in_month | year_to_date (financial year from April) | rolling_12_months | snapshot: the window each displayed value covers.';
COMMENT ON COLUMN indicator.frequency IS 'monthly | quarterly | annual: how often a value is reported.';
COMMENT ON COLUMN indicator.lag_periods IS 'How many periods in arrears the value is normally published (e.g. 1 for quarterly waste data).';
COMMENT ON COLUMN indicator.tolerance IS 'How far worse than target is still amber: a fraction of the target when relative (0.05 = 5%), or in display units when absolute.';
COMMENT ON COLUMN indicator.tolerance_kind IS 'relative | absolute.';
COMMENT ON COLUMN indicator.owner IS 'Job title of the officer accountable for the indicator.';
COMMENT ON COLUMN indicator.directorate_code IS 'Directorate that owns the indicator (org_unit.code).';
COMMENT ON COLUMN indicator.theme IS 'Corporate outcome the indicator evidences.';
COMMENT ON COLUMN indicator.portfolio IS 'Cabinet member portfolio the indicator reports to.';
COMMENT ON COLUMN indicator.on_corporate_scorecard IS 'True when the indicator is on the council''s corporate scorecard.';
COMMENT ON COLUMN indicator.national_code IS 'Code of the nationally defined measure it follows (e.g. ASCOF 2A, NI 192), or NULL for local measures.';
COMMENT ON COLUMN indicator.source IS 'Where the figures come from (system or return).';
COMMENT ON COLUMN indicator.due_working_days IS 'Working days after the end of a period by which its return is due.';
COMMENT ON COLUMN indicator.spc_applies IS 'False when one period''s own value means nothing (e.g. council tax collected: the year''s debit is raised in April), so no SPC chart or SPC exception is drawn.';
COMMENT ON COLUMN indicator.seasonal IS 'True when the series has a strong seasonal pattern (SPC judges it against seasonally adjusted limits).';

CREATE TABLE indicator_unit (
    indicator_code VARCHAR NOT NULL,
    org_code       VARCHAR NOT NULL,
    PRIMARY KEY (indicator_code, org_code)
);
COMMENT ON TABLE indicator_unit IS 'Which units are expected to return each indicator: the denominator of "n of m units reported" and the source of missing-return exceptions.';
COMMENT ON COLUMN indicator_unit.indicator_code IS 'indicator.code.';
COMMENT ON COLUMN indicator_unit.org_code IS 'The reporting unit (usually a team; the council itself for aggregation none).';

CREATE TABLE measure (
    indicator_code VARCHAR NOT NULL,
    org_code       VARCHAR NOT NULL,
    period_start   DATE    NOT NULL,
    numerator      DOUBLE,
    denominator    DOUBLE,
    value          DOUBLE  NOT NULL,
    status         VARCHAR NOT NULL CHECK (status IN ('provisional', 'validated')),
    received_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (indicator_code, org_code, period_start)
);
COMMENT ON TABLE measure IS 'Values exactly as reported, each at the lowest level it is reported. Never holds rollups.';
COMMENT ON COLUMN measure.indicator_code IS 'indicator.code.';
COMMENT ON COLUMN measure.org_code IS 'The reporting unit (org_unit.code).';
COMMENT ON COLUMN measure.period_start IS 'First day of the period the value covers (its own period, not a window).';
COMMENT ON COLUMN measure.numerator IS 'Numerator for ratio indicators (e.g. assessments completed within 45 working days); NULL otherwise.';
COMMENT ON COLUMN measure.denominator IS 'Denominator for ratio indicators (e.g. assessments completed); NULL otherwise.';
COMMENT ON COLUMN measure.value IS 'The reported value before display scaling; for ratios numerator / denominator.';
COMMENT ON COLUMN measure.status IS 'provisional | validated.';
COMMENT ON COLUMN measure.received_at IS 'When the return arrived; compared with indicator.due_working_days to find late returns.';

CREATE TABLE target (
    indicator_code VARCHAR NOT NULL,
    org_code       VARCHAR NOT NULL,
    period_start   DATE    NOT NULL,
    target         DOUBLE  NOT NULL,
    PRIMARY KEY (indicator_code, org_code, period_start)
);
COMMENT ON TABLE target IS 'Profiled targets, in display units, for the value shown for that period and basis (a year-to-date target is the year-to-date figure expected by then). An indicator with no target is data only. A unit with no target of its own is judged against its nearest ancestor''s target for rates (aggregation ratio or max), never for counts.';
COMMENT ON COLUMN target.indicator_code IS 'indicator.code.';
COMMENT ON COLUMN target.org_code IS 'The unit the target is set for.';
COMMENT ON COLUMN target.period_start IS 'The period the target applies to.';
COMMENT ON COLUMN target.target IS 'Target in display units (85 means 85% for a percentage).';

CREATE TABLE commentary (
    indicator_code VARCHAR   NOT NULL,
    org_code       VARCHAR   NOT NULL,
    period_start   DATE      NOT NULL,
    author         VARCHAR   NOT NULL,
    written_at     TIMESTAMP NOT NULL,
    text           VARCHAR   NOT NULL,
    action         VARCHAR,
    action_owner   VARCHAR,
    recovery_date  DATE
);
COMMENT ON TABLE commentary IS 'What happened and what is being done, written by indicator owners for a unit and period.';
COMMENT ON COLUMN commentary.indicator_code IS 'indicator.code.';
COMMENT ON COLUMN commentary.org_code IS 'The unit the commentary is about.';
COMMENT ON COLUMN commentary.period_start IS 'The period it explains.';
COMMENT ON COLUMN commentary.author IS 'Who wrote it (job title).';
COMMENT ON COLUMN commentary.written_at IS 'When it was written.';
COMMENT ON COLUMN commentary.text IS 'What happened and why.';
COMMENT ON COLUMN commentary.action IS 'The action being taken, if any.';
COMMENT ON COLUMN commentary.action_owner IS 'Who owns the action.';
COMMENT ON COLUMN commentary.recovery_date IS 'When performance is expected to be back on target.';

CREATE TABLE calendar (
    day               DATE PRIMARY KEY,
    is_working_day    BOOLEAN NOT NULL,
    working_day_index INTEGER NOT NULL,
    bank_holiday      VARCHAR
);
COMMENT ON TABLE calendar IS 'Every day of the data''s span with England''s working days (weekends and bank holidays from the holidays library excluded).';
COMMENT ON COLUMN calendar.day IS 'The date.';
COMMENT ON COLUMN calendar.is_working_day IS 'False on Saturdays, Sundays and English bank holidays.';
COMMENT ON COLUMN calendar.working_day_index IS 'Count of working days from the start of the calendar up to and including this day; the difference between two days is the number of working days between them.';
COMMENT ON COLUMN calendar.bank_holiday IS 'Name of the bank holiday, if any.';

-- ---------------------------------------------------------------------------
-- Judgements, defined once and used by the rollup build and by queries.
-- Differences are rounded to 9 decimal places so that floating-point noise
-- (0.76 * 100 = 76.00000000000001) never moves a value across a boundary.

-- RAG: green on or better than target; amber worse but within tolerance;
-- red worse by more than the tolerance; a value exactly on a boundary takes
-- the better colour.  no_data when nothing was reported (checked first: a
-- missing return matters even for a data-only indicator); no_target when
-- there is no target or the polarity is neither.
CREATE MACRO rag_status(v, t, polarity, tolerance, tolerance_kind) AS
    CASE
        WHEN v IS NULL THEN 'no_data'
        WHEN t IS NULL OR polarity = 'neither' THEN 'no_target'
        WHEN round(CASE WHEN polarity = 'up' THEN t - v ELSE v - t END, 9) <= 0 THEN 'green'
        WHEN round(CASE WHEN polarity = 'up' THEN t - v ELSE v - t END
                   - CASE WHEN tolerance_kind = 'relative' THEN tolerance * abs(t) ELSE tolerance END, 9) <= 0
            THEN 'amber'
        ELSE 'red'
    END;

-- Direction of travel of v against an earlier value: improving | worsening |
-- same | n/a (no earlier value, or a polarity of neither).
CREATE MACRO direction_of_travel(v, earlier, polarity) AS
    CASE
        WHEN v IS NULL OR earlier IS NULL OR polarity = 'neither' THEN 'n/a'
        WHEN round(v - earlier, 9) = 0 THEN 'same'
        WHEN (v > earlier) = (polarity = 'up') THEN 'improving'
        ELSE 'worsening'
    END;

-- First day of the financial year (April–March) that contains d.
CREATE MACRO financial_year_start(d) AS
    make_date(year(d) - CAST(month(d) < 4 AS INTEGER), 4, 1);

-- The latest period of an indicator that should have been reported by the end
-- of `month`: the month itself, the last complete quarter or the last complete
-- financial year, moved back by the periods it is published in arrears.  A
-- scorecard for `month` shows the indicator's latest value only if it is for
-- this period or later; an older value is a missing return, not carried forward.
CREATE MACRO latest_due_period(month, frequency, lag_periods) AS
    CAST(CASE frequency
        WHEN 'monthly' THEN month - to_months(lag_periods)
        WHEN 'quarterly' THEN date_trunc('quarter', month + INTERVAL 1 MONTH) - to_months(3 + 3 * lag_periods)
        ELSE financial_year_start(month + INTERVAL 1 MONTH) - to_months(12 + 12 * lag_periods)
    END AS DATE);

-- ---------------------------------------------------------------------------
-- Derived tables, rebuilt from the tables above by data/rollup.sql at the end
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
-- SPC as at every period, built by data/derive.py after the rollup (via
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
COMMENT ON TABLE return_status IS 'Every return a unit was expected to make (indicator_unit × each period up to the latest due), when it was due and whether it arrived on time, late or not at all. Built by data/return_status.sql.';
COMMENT ON COLUMN return_status.indicator_code IS 'indicator.code.';
COMMENT ON COLUMN return_status.org_code IS 'The unit expected to report.';
COMMENT ON COLUMN return_status.period_start IS 'The period the return is for.';
COMMENT ON COLUMN return_status.due_date IS 'The period''s last day plus indicator.due_working_days working days.';
COMMENT ON COLUMN return_status.received_at IS 'When the return arrived (measure.received_at); NULL when missing.';
COMMENT ON COLUMN return_status.status IS 'on_time | late | missing.';
COMMENT ON COLUMN return_status.working_days_late IS 'Working days after the due date it arrived (0 when on time; NULL when missing).';

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
COMMENT ON TABLE exception_base IS 'Every indicator × unit × period that is an exception (red, amber, special-cause concern, or a missing or late return), with what ranks and describes it. Built by data/exceptions.sql; sorted by period so a month''s exceptions are read together.';
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
COMMENT ON COLUMN exception_base.score IS 'Rank for action: severity, distance from target, reach, spread and persistence (see data/exceptions.sql).';

CREATE TABLE forecast_calibration (
    indicator_code VARCHAR NOT NULL,
    month_of_year  INTEGER NOT NULL,
    low            DOUBLE  NOT NULL,
    high           DOUBLE  NOT NULL,
    n              INTEGER NOT NULL,
    PRIMARY KEY (indicator_code, month_of_year)
);
COMMENT ON TABLE forecast_calibration IS 'For each year-to-date indicator and point of the financial year, the spread of errors the year-end forecast method made in earlier years, across all units (dashboard/metrics/forecast.py). Built by data/forecast_calibration.py.';
COMMENT ON COLUMN forecast_calibration.indicator_code IS 'indicator.code (year-to-date indicators only).';
COMMENT ON COLUMN forecast_calibration.month_of_year IS 'Month of the financial year of the forecast (1 = April).';
COMMENT ON COLUMN forecast_calibration.low IS '5th percentile error (the 80% interval''s lower end, see dashboard/metrics/forecast.py): additive in display units for rates, relative (a fraction) for counts.';
COMMENT ON COLUMN forecast_calibration.high IS '95th percentile error, in the same terms.';
COMMENT ON COLUMN forecast_calibration.n IS 'How many past forecasts the percentiles rest on (at least 8).';
