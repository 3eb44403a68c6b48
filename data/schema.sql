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

CREATE TABLE data_source (
    domain    VARCHAR   PRIMARY KEY CHECK (domain IN ('finance', 'workforce', 'feedback', 'survey', 'risk', 'casework')),
    system    VARCHAR   NOT NULL,
    extract   VARCHAR   NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE data_source IS 'Where the raw tables of each domain other than performance indicators come from: the system or return they are extracted from, and when the extract was loaded. Indicators name their own source (indicator.source) and each return its arrival (measure.received_at). Pages show both in the "Source:" line under every chart, table and set of headline figures.';
COMMENT ON COLUMN data_source.domain IS 'finance (table finance) | workforce (workforce) | feedback (feedback) | survey (survey_result) | risk (risk, risk_review) | casework (casework_case, casework_staffing).';
COMMENT ON COLUMN data_source.system IS 'The system or return, named as the indicator catalogue names it (e.g. SAP, SAP HR, Lagan CRM, Mosaic).';
COMMENT ON COLUMN data_source.extract IS 'What is extracted from it, in a few words (e.g. general ledger), shown after the system''s name.';
COMMENT ON COLUMN data_source.loaded_at IS 'When the extract was last loaded into this database (local time, no zone); the demo''s are loaded with the build (build_info.built_at).';

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

CREATE TABLE return_summary (
    indicator_code  VARCHAR   NOT NULL,
    org_code        VARCHAR   NOT NULL,
    period_start    DATE      NOT NULL,
    returns         INTEGER   NOT NULL,
    provisional     INTEGER   NOT NULL,
    missing         INTEGER   NOT NULL,
    latest_received TIMESTAMP
);
COMMENT ON TABLE return_summary IS 'The returns behind each unit''s figures, per indicator and period: what the "Source:" lines count, summed over a value''s window by reading a few rows at the unit instead of every return below it. Built by data/return_status.sql; sorted by unit, indicator and period.';
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

-- ---------------------------------------------------------------------------
-- Resources: finance, workforce, customer feedback, the residents' survey and
-- the risk register.  The raw tables hold what the ledger, HR system, feedback
-- system, survey contractor and risk register record (filled by
-- data/resources.py for the demo); the *_rollup and risk_status tables below
-- them are derived once per build by data/derive.py so that pages read a few
-- precomputed rows for any unit and month.  Money is in whole pounds.

CREATE TABLE finance_category (
    code       VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL,
    is_income  BOOLEAN NOT NULL
);
COMMENT ON TABLE finance_category IS 'The subjective categories of the revenue budget, in the order budget reports list them.';
COMMENT ON COLUMN finance_category.code IS 'employees | premises | transport | supplies_and_services | third_party_payments | income.';
COMMENT ON COLUMN finance_category.name IS 'Display name.';
COMMENT ON COLUMN finance_category.sort_order IS 'Order in budget reports (income last).';
COMMENT ON COLUMN finance_category.is_income IS 'True for income, whose amounts are negative (credits).';

CREATE TABLE finance (
    org_code         VARCHAR NOT NULL,
    month            DATE    NOT NULL,
    category         VARCHAR NOT NULL,
    original_budget  DOUBLE  NOT NULL,
    current_budget   DOUBLE  NOT NULL,
    profiled_budget  DOUBLE  NOT NULL,
    actual           DOUBLE  NOT NULL,
    forecast_outturn DOUBLE  NOT NULL
);
COMMENT ON TABLE finance IS 'Revenue budget monitoring: one row per cost centre (a team), month and category it uses. Sign convention as in the ledger: spend positive, income negative, so net figures are plain sums over categories and forecast_outturn − current_budget > 0 is an overspend (or an income shortfall) in every category. A financial year runs April–March. Sorted by org_code, month.';
COMMENT ON COLUMN finance.org_code IS 'The cost centre: a team (org_unit.level = team).';
COMMENT ON COLUMN finance.month IS 'First day of the month.';
COMMENT ON COLUMN finance.category IS 'finance_category.code.';
COMMENT ON COLUMN finance.original_budget IS 'Budget for the whole financial year as approved before it began; the same in every month of the year.';
COMMENT ON COLUMN finance.current_budget IS 'Budget for the whole financial year at the end of this month: the original plus virements, in-year grants and contingency allocations made so far.';
COMMENT ON COLUMN finance.profiled_budget IS 'The part of the current budget expected to be spent in this month: the sum from April to this month is the current budget × the category''s profile to date, so a budget change re-profiles the rest of the year.';
COMMENT ON COLUMN finance.actual IS 'Actual spend (income negative) posted in the month, including year-end accruals in March; the twelve months of a year sum to its outturn.';
COMMENT ON COLUMN finance.forecast_outturn IS 'Forecast spend for the whole financial year as forecast at the end of this month; in March it equals the actual outturn (the sum of the year''s actuals).';

CREATE TABLE workforce (
    org_code            VARCHAR NOT NULL,
    month               DATE    NOT NULL,
    headcount           INTEGER NOT NULL,
    fte                 DOUBLE  NOT NULL,
    establishment_fte   DOUBLE  NOT NULL,
    sickness_short_days DOUBLE  NOT NULL,
    sickness_long_days  DOUBLE  NOT NULL,
    starters            INTEGER NOT NULL,
    leavers             INTEGER NOT NULL,
    agency_spend        DOUBLE  NOT NULL,
    training_completed  INTEGER NOT NULL,
    training_required   INTEGER NOT NULL
);
COMMENT ON TABLE workforce IS 'Staff of every team each month, from the HR and payroll system. Schools'' staff are the teams with org_unit.is_schools, which council-wide figures usually exclude. Sorted by org_code, month.';
COMMENT ON COLUMN workforce.org_code IS 'The team (org_unit.code).';
COMMENT ON COLUMN workforce.month IS 'First day of the month; stocks (headcount, FTE, establishment, training) are at its last day.';
COMMENT ON COLUMN workforce.headcount IS 'Employees in post at the month end (people, not FTE); agency workers excluded.';
COMMENT ON COLUMN workforce.fte IS 'Full-time equivalent of the employees in post at the month end.';
COMMENT ON COLUMN workforce.establishment_fte IS 'Funded posts (FTE) at the month end; vacancies = establishment_fte − fte (negative when over-established).';
COMMENT ON COLUMN workforce.sickness_short_days IS 'FTE working days lost in the month to short-term sickness absence (an absence of up to 20 working days).';
COMMENT ON COLUMN workforce.sickness_long_days IS 'FTE working days lost in the month to long-term sickness absence (an absence lasting more than 20 working days).';
COMMENT ON COLUMN workforce.starters IS 'Employees who joined in the month (headcount).';
COMMENT ON COLUMN workforce.leavers IS 'Employees who left in the month (headcount, all reasons).';
COMMENT ON COLUMN workforce.agency_spend IS 'Spend on agency workers in the month (pounds, part of the employees category in finance).';
COMMENT ON COLUMN workforce.training_completed IS 'Mandatory training modules in date at the month end, over all employees in post.';
COMMENT ON COLUMN workforce.training_required IS 'Mandatory training modules required at the month end (employees in post × modules their role requires).';

CREATE TABLE feedback_theme (
    code       VARCHAR PRIMARY KEY,
    area       VARCHAR NOT NULL,
    area_name  VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL
);
COMMENT ON TABLE feedback_theme IS 'What customer feedback is about: a short fixed list of themes for each service area.';
COMMENT ON COLUMN feedback_theme.code IS 'Stable code, e.g. HWY-POTHOLES.';
COMMENT ON COLUMN feedback_theme.area IS 'Service area code (children, education, adults, highways, waste, libraries, environment, customer, corporate).';
COMMENT ON COLUMN feedback_theme.area_name IS 'Service area display name.';
COMMENT ON COLUMN feedback_theme.name IS 'Theme display name.';
COMMENT ON COLUMN feedback_theme.sort_order IS 'Order within the area.';

CREATE TABLE feedback (
    id             BIGINT  NOT NULL,
    person_ref     VARCHAR NOT NULL,
    type           VARCHAR NOT NULL CHECK (type IN ('complaint', 'compliment', 'comment', 'enquiry')),
    channel        VARCHAR NOT NULL CHECK (channel IN ('phone', 'email', 'web_form', 'letter', 'in_person', 'social_media')),
    theme_code     VARCHAR NOT NULL,
    org_code       VARCHAR NOT NULL,
    received_on    DATE    NOT NULL,
    due_on         DATE,
    responded_on   DATE,
    stage          VARCHAR CHECK (stage IN ('1', '2', 'ombudsman')),
    outcome        VARCHAR CHECK (outcome IN ('upheld', 'partly_upheld', 'not_upheld')),
    escalated_from BIGINT,
    CHECK ((type = 'complaint') = (stage IS NOT NULL)),
    CHECK (outcome IS NULL OR (type = 'complaint' AND responded_on IS NOT NULL))
);
COMMENT ON TABLE feedback IS 'Customer feedback records: complaints (each stage a record of its own), compliments, comments and enquiries, one row each. Sorted by id (the order received).';
COMMENT ON COLUMN feedback.id IS 'Record number, unique, in the order received.';
COMMENT ON COLUMN feedback.person_ref IS 'Pseudonymous reference of the person who gave the feedback (the same person may appear more than once; escalations keep it). Never a name.';
COMMENT ON COLUMN feedback.type IS 'complaint | compliment | comment | enquiry.';
COMMENT ON COLUMN feedback.channel IS 'phone | email | web_form | letter | in_person | social_media.';
COMMENT ON COLUMN feedback.theme_code IS 'feedback_theme.code: what it is about.';
COMMENT ON COLUMN feedback.org_code IS 'The team it is about (org_unit.code).';
COMMENT ON COLUMN feedback.received_on IS 'Date received.';
COMMENT ON COLUMN feedback.due_on IS 'Response due: 20 working days after receipt for stage 1 complaints, 25 for stage 2, 10 for enquiries (England''s working days, calendar table); NULL for compliments, comments and Ombudsman cases, which the council does not time.';
COMMENT ON COLUMN feedback.responded_on IS 'Date of the response (for compliments and comments the acknowledgement; for the Ombudsman its final decision); NULL while still open at the data extract.';
COMMENT ON COLUMN feedback.stage IS 'Complaints only: 1 | 2 | ombudsman (Local Government and Social Care Ombudsman); NULL for other types.';
COMMENT ON COLUMN feedback.outcome IS 'Decided complaints only: upheld | partly_upheld | not_upheld; NULL until decided and for other types.';
COMMENT ON COLUMN feedback.escalated_from IS 'For stage 2 and Ombudsman records, the id of the earlier-stage record of the same complaint.';

CREATE TABLE district (
    code       VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    population INTEGER NOT NULL,
    sort_order INTEGER NOT NULL
);
COMMENT ON TABLE district IS 'The district council areas of the county (the places that also name area teams).';
COMMENT ON COLUMN district.code IS 'Short code.';
COMMENT ON COLUMN district.name IS 'District name.';
COMMENT ON COLUMN district.population IS 'Resident population (mid-year estimate), for weighting district results.';
COMMENT ON COLUMN district.sort_order IS 'Alphabetical order.';

CREATE TABLE survey_theme (
    code       VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    question   VARCHAR NOT NULL,
    asked_of   VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL
);
COMMENT ON TABLE survey_theme IS 'The satisfaction questions of the quarterly residents'' survey.';
COMMENT ON COLUMN survey_theme.code IS 'Stable code, e.g. ROADS.';
COMMENT ON COLUMN survey_theme.name IS 'Display name.';
COMMENT ON COLUMN survey_theme.question IS 'The question as asked.';
COMMENT ON COLUMN survey_theme.asked_of IS 'all residents | service users (only respondents who used the service answer).';
COMMENT ON COLUMN survey_theme.sort_order IS 'Order in survey reports.';

CREATE TABLE survey_result (
    quarter_start DATE    NOT NULL,
    theme_code    VARCHAR NOT NULL,
    district_code VARCHAR NOT NULL,
    respondents   INTEGER NOT NULL,
    satisfied     INTEGER NOT NULL,
    dissatisfied  INTEGER NOT NULL,
    PRIMARY KEY (quarter_start, theme_code, district_code),
    CHECK (satisfied + dissatisfied <= respondents)
);
COMMENT ON TABLE survey_result IS 'Residents'' survey counts per quarter, question and district. Rates and confidence intervals come from the counts (satisfied / respondents, summed over districts for the county; weight by district.population if wanted).';
COMMENT ON COLUMN survey_result.quarter_start IS 'First day of the financial quarter of the fieldwork (April, July, October, January).';
COMMENT ON COLUMN survey_result.theme_code IS 'survey_theme.code.';
COMMENT ON COLUMN survey_result.district_code IS 'district.code of the respondents'' home.';
COMMENT ON COLUMN survey_result.respondents IS 'Respondents who answered the question (excluding don''t know).';
COMMENT ON COLUMN survey_result.satisfied IS 'Of them, very or fairly satisfied (or agreeing, for value for money).';
COMMENT ON COLUMN survey_result.dissatisfied IS 'Of them, very or fairly dissatisfied; the rest answered neither.';

CREATE TABLE outcome_pair (
    code                  VARCHAR PRIMARY KEY,
    title                 VARCHAR NOT NULL,
    output_indicator_code VARCHAR NOT NULL,
    outcome_kind          VARCHAR NOT NULL CHECK (outcome_kind IN ('survey', 'feedback')),
    outcome_code          VARCHAR NOT NULL,
    outcome_org_code      VARCHAR,
    lag_months            INTEGER NOT NULL,
    relation              VARCHAR NOT NULL CHECK (relation IN ('positive', 'negative')),
    explanation           VARCHAR NOT NULL
);
COMMENT ON TABLE outcome_pair IS 'Declared pairs of an output (what a service does) and an outcome (what residents experience), to chart together.';
COMMENT ON COLUMN outcome_pair.code IS 'Stable code.';
COMMENT ON COLUMN outcome_pair.title IS 'Display title.';
COMMENT ON COLUMN outcome_pair.output_indicator_code IS 'indicator.code of the output measure.';
COMMENT ON COLUMN outcome_pair.outcome_kind IS 'survey (a residents'' survey theme) | feedback (a measure of customer feedback).';
COMMENT ON COLUMN outcome_pair.outcome_code IS 'For survey, survey_theme.code (share satisfied); for feedback, a measure from feedback_rollup: compliment_share = compliments received ÷ (compliments + complaints of all stages received).';
COMMENT ON COLUMN outcome_pair.outcome_org_code IS 'For feedback, the unit whose feedback is the outcome (with the units below it); NULL for survey themes (the county and its districts).';
COMMENT ON COLUMN outcome_pair.lag_months IS 'How many months the outcome typically follows the output by.';
COMMENT ON COLUMN outcome_pair.relation IS 'positive when a better output should bring a better outcome (both in their own good direction).';
COMMENT ON COLUMN outcome_pair.explanation IS 'Why the output should move the outcome, in a sentence or two.';

CREATE TABLE risk_appetite (
    category        VARCHAR PRIMARY KEY,
    appetite        VARCHAR NOT NULL CHECK (appetite IN ('averse', 'minimal', 'cautious', 'open', 'eager')),
    appetite_score  INTEGER NOT NULL,
    tolerance_score INTEGER NOT NULL,
    statement       VARCHAR NOT NULL,
    CHECK (appetite_score <= tolerance_score)
);
COMMENT ON TABLE risk_appetite IS 'The council''s risk appetite for each category of risk, as approved by the audit committee. RAG of a risk against appetite (risk_rag): green when its current score ≤ appetite_score, amber when above it but ≤ tolerance_score, red when above tolerance_score.';
COMMENT ON COLUMN risk_appetite.category IS 'Risk category (risk.category).';
COMMENT ON COLUMN risk_appetite.appetite IS 'averse | minimal | cautious | open | eager.';
COMMENT ON COLUMN risk_appetite.appetite_score IS 'Highest score (likelihood × impact) within appetite.';
COMMENT ON COLUMN risk_appetite.tolerance_score IS 'Highest score that can be tolerated for a time while actions reduce it.';
COMMENT ON COLUMN risk_appetite.statement IS 'The appetite statement.';

CREATE TABLE risk (
    code                    VARCHAR PRIMARY KEY,
    org_code                VARCHAR NOT NULL,
    title                   VARCHAR NOT NULL,
    description             VARCHAR NOT NULL,
    category                VARCHAR NOT NULL,
    owner_role              VARCHAR NOT NULL,
    inherent_likelihood     INTEGER NOT NULL CHECK (inherent_likelihood BETWEEN 1 AND 5),
    inherent_impact         INTEGER NOT NULL CHECK (inherent_impact BETWEEN 1 AND 5),
    inherent_score          INTEGER NOT NULL,
    target_likelihood       INTEGER NOT NULL CHECK (target_likelihood BETWEEN 1 AND 5),
    target_impact           INTEGER NOT NULL CHECK (target_impact BETWEEN 1 AND 5),
    target_score            INTEGER NOT NULL,
    mitigating_actions      VARCHAR NOT NULL,
    review_frequency_months INTEGER NOT NULL,
    identified_on           DATE    NOT NULL,
    closed_on               DATE,
    last_review_on          DATE,
    next_review_due         DATE
);
COMMENT ON TABLE risk IS 'The risk register: council strategic risks (owned by the council unit), directorate risks, service risks and a few team risks. Current likelihood and impact are in risk_review (history) and risk_status (as at any month).';
COMMENT ON COLUMN risk.code IS 'Stable code: the owning unit''s code and a number, e.g. SCF-R02.';
COMMENT ON COLUMN risk.org_code IS 'The unit whose register holds the risk (org_unit.code; the council for strategic risks).';
COMMENT ON COLUMN risk.title IS 'Short title.';
COMMENT ON COLUMN risk.description IS 'The risk: cause, event and consequence.';
COMMENT ON COLUMN risk.category IS 'Risk category (risk_appetite.category).';
COMMENT ON COLUMN risk.owner_role IS 'Job title of the risk owner (never a personal name).';
COMMENT ON COLUMN risk.inherent_likelihood IS 'Likelihood 1 (rare) – 5 (almost certain) when the risk was identified.';
COMMENT ON COLUMN risk.inherent_impact IS 'Impact 1 (negligible) – 5 (severe) when the risk was identified.';
COMMENT ON COLUMN risk.inherent_score IS 'inherent_likelihood × inherent_impact.';
COMMENT ON COLUMN risk.target_likelihood IS 'Likelihood expected once the mitigating actions are complete.';
COMMENT ON COLUMN risk.target_impact IS 'Impact expected once the mitigating actions are complete.';
COMMENT ON COLUMN risk.target_score IS 'target_likelihood × target_impact.';
COMMENT ON COLUMN risk.mitigating_actions IS 'The actions in place or planned to reduce the risk.';
COMMENT ON COLUMN risk.review_frequency_months IS 'How often the owner must review it: 1 (strategic and directorate risks) or 3 months.';
COMMENT ON COLUMN risk.identified_on IS 'When the risk was added to the register (standing risks may predate the data).';
COMMENT ON COLUMN risk.closed_on IS 'When it was closed; NULL while open.';
COMMENT ON COLUMN risk.last_review_on IS 'Latest review up to the end of the data (risk_review).';
COMMENT ON COLUMN risk.next_review_due IS 'When the next review is due after the latest one; NULL once closed. Overdue when earlier than the end of the data.';

CREATE TABLE risk_review (
    risk_code       VARCHAR NOT NULL,
    reviewed_on     DATE    NOT NULL,
    likelihood      INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    impact          INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
    score           INTEGER NOT NULL,
    trend           VARCHAR NOT NULL CHECK (trend IN ('new', 'increasing', 'decreasing', 'stable')),
    next_review_due DATE    NOT NULL,
    PRIMARY KEY (risk_code, reviewed_on)
);
COMMENT ON TABLE risk_review IS 'Every review of every risk within the data''s span: the current (residual) assessment as reviewed. The latest review on or before a day is the risk''s state that day.';
COMMENT ON COLUMN risk_review.risk_code IS 'risk.code.';
COMMENT ON COLUMN risk_review.reviewed_on IS 'Date of the review.';
COMMENT ON COLUMN risk_review.likelihood IS 'Current likelihood 1–5 with the controls in place.';
COMMENT ON COLUMN risk_review.impact IS 'Current impact 1–5.';
COMMENT ON COLUMN risk_review.score IS 'likelihood × impact (1–25).';
COMMENT ON COLUMN risk_review.trend IS 'Score against the previous review: increasing | decreasing | stable; new at the review that added the risk.';
COMMENT ON COLUMN risk_review.next_review_due IS 'reviewed_on + the risk''s review frequency.';

-- RAG of a risk score against its category's appetite (see risk_appetite).
CREATE MACRO risk_rag(score, appetite_score, tolerance_score) AS
    CASE
        WHEN score IS NULL THEN 'no_data'
        WHEN score <= appetite_score THEN 'green'
        WHEN score <= tolerance_score THEN 'amber'
        ELSE 'red'
    END;

-- ---------------------------------------------------------------------------
-- Derived resources tables: every unit at every level (through org_ancestor)
-- and month, additive counts and sums only (rates are Σnumerator / Σdenominator
-- at read time), sorted by org_code and month.  Built by data/derive.py.

CREATE TABLE finance_rollup (
    org_code              VARCHAR NOT NULL,
    month                 DATE    NOT NULL,
    category              VARCHAR NOT NULL,
    original_budget       DOUBLE  NOT NULL,
    current_budget        DOUBLE  NOT NULL,
    profiled_budget_month DOUBLE  NOT NULL,
    profiled_budget_ytd   DOUBLE  NOT NULL,
    actual_month          DOUBLE  NOT NULL,
    actual_ytd            DOUBLE  NOT NULL,
    forecast_outturn      DOUBLE  NOT NULL,
    cost_centres          INTEGER NOT NULL
);
COMMENT ON TABLE finance_rollup IS 'Budget monitoring of every unit (its cost centres and those below it) for every month and category, plus category total (the net of all categories, income negative). Year to date runs from April of the month''s financial year (from the first month of data in a partial first year). Variance = forecast_outturn − current_budget (> 0 overspend). Built by data/finance_rollup.sql; sorted by org_code, month, category.';
COMMENT ON COLUMN finance_rollup.org_code IS 'The unit (any level).';
COMMENT ON COLUMN finance_rollup.month IS 'First day of the month.';
COMMENT ON COLUMN finance_rollup.category IS 'finance_category.code, or total for the net of all categories.';
COMMENT ON COLUMN finance_rollup.original_budget IS 'Σ original budgets for the year.';
COMMENT ON COLUMN finance_rollup.current_budget IS 'Σ current budgets for the year at the month end.';
COMMENT ON COLUMN finance_rollup.profiled_budget_month IS 'Σ budget profiled to this month.';
COMMENT ON COLUMN finance_rollup.profiled_budget_ytd IS 'Σ budget profiled from April to this month (compare with actual_ytd).';
COMMENT ON COLUMN finance_rollup.actual_month IS 'Σ actual spend in the month.';
COMMENT ON COLUMN finance_rollup.actual_ytd IS 'Σ actual spend from April to this month.';
COMMENT ON COLUMN finance_rollup.forecast_outturn IS 'Σ forecast outturn for the year as forecast at this month (equal to the year''s actual in March).';
COMMENT ON COLUMN finance_rollup.cost_centres IS 'Cost centres (teams) summed: those with this category; for total, all of them.';

CREATE TABLE workforce_rollup (
    org_code                VARCHAR NOT NULL,
    month                   DATE    NOT NULL,
    scope                   VARCHAR NOT NULL CHECK (scope IN ('all', 'excluding_schools')),
    teams                   INTEGER NOT NULL,
    headcount               INTEGER NOT NULL,
    fte                     DOUBLE  NOT NULL,
    establishment_fte       DOUBLE  NOT NULL,
    sickness_short_days     DOUBLE  NOT NULL,
    sickness_long_days      DOUBLE  NOT NULL,
    sickness_short_days_12m DOUBLE  NOT NULL,
    sickness_long_days_12m  DOUBLE  NOT NULL,
    fte_avg_12m             DOUBLE  NOT NULL,
    headcount_avg_12m       DOUBLE  NOT NULL,
    months_12m              INTEGER NOT NULL,
    starters                INTEGER NOT NULL,
    leavers                 INTEGER NOT NULL,
    starters_12m            INTEGER NOT NULL,
    leavers_12m             INTEGER NOT NULL,
    agency_spend            DOUBLE  NOT NULL,
    agency_spend_ytd        DOUBLE  NOT NULL,
    training_completed      INTEGER NOT NULL,
    training_required       INTEGER NOT NULL
);
COMMENT ON TABLE workforce_rollup IS 'Workforce of every unit (its teams and those below) for every month, for all staff and excluding schools'' staff (org_unit.is_schools) as councils usually report. Rolling 12 months = this month and the 11 before (fewer at the start of the data: months_12m). Sickness per FTE = (short + long days over 12 months) ÷ fte_avg_12m; turnover = leavers_12m ÷ headcount_avg_12m; vacancy rate = 1 − fte ÷ establishment_fte. Built by data/workforce_rollup.sql; sorted by org_code, month, scope.';
COMMENT ON COLUMN workforce_rollup.org_code IS 'The unit (any level).';
COMMENT ON COLUMN workforce_rollup.month IS 'First day of the month.';
COMMENT ON COLUMN workforce_rollup.scope IS 'all | excluding_schools. A unit with only schools'' teams below it has no excluding_schools rows.';
COMMENT ON COLUMN workforce_rollup.teams IS 'Teams summed.';
COMMENT ON COLUMN workforce_rollup.headcount IS 'Σ employees in post at the month end.';
COMMENT ON COLUMN workforce_rollup.fte IS 'Σ FTE in post at the month end.';
COMMENT ON COLUMN workforce_rollup.establishment_fte IS 'Σ establishment FTE at the month end.';
COMMENT ON COLUMN workforce_rollup.sickness_short_days IS 'Σ FTE days lost to short-term sickness in the month.';
COMMENT ON COLUMN workforce_rollup.sickness_long_days IS 'Σ FTE days lost to long-term sickness (absences over 20 working days) in the month.';
COMMENT ON COLUMN workforce_rollup.sickness_short_days_12m IS 'Σ short-term days lost over the rolling 12 months.';
COMMENT ON COLUMN workforce_rollup.sickness_long_days_12m IS 'Σ long-term days lost over the rolling 12 months.';
COMMENT ON COLUMN workforce_rollup.fte_avg_12m IS 'Average over the rolling 12 months of the month-end FTE (the denominator of days lost per FTE).';
COMMENT ON COLUMN workforce_rollup.headcount_avg_12m IS 'Average over the rolling 12 months of the month-end headcount (the denominator of turnover).';
COMMENT ON COLUMN workforce_rollup.months_12m IS 'Months in the rolling window (12 once a year of data exists).';
COMMENT ON COLUMN workforce_rollup.starters IS 'Σ starters in the month.';
COMMENT ON COLUMN workforce_rollup.leavers IS 'Σ leavers in the month.';
COMMENT ON COLUMN workforce_rollup.starters_12m IS 'Σ starters over the rolling 12 months.';
COMMENT ON COLUMN workforce_rollup.leavers_12m IS 'Σ leavers over the rolling 12 months.';
COMMENT ON COLUMN workforce_rollup.agency_spend IS 'Σ agency spend in the month.';
COMMENT ON COLUMN workforce_rollup.agency_spend_ytd IS 'Σ agency spend from April to this month.';
COMMENT ON COLUMN workforce_rollup.training_completed IS 'Σ mandatory training modules in date at the month end.';
COMMENT ON COLUMN workforce_rollup.training_required IS 'Σ mandatory training modules required at the month end.';

CREATE TABLE feedback_rollup (
    org_code                 VARCHAR NOT NULL,
    month                    DATE    NOT NULL,
    type                     VARCHAR NOT NULL,
    stage                    VARCHAR NOT NULL,
    theme_code               VARCHAR NOT NULL,
    received                 INTEGER NOT NULL,
    responded                INTEGER NOT NULL,
    responded_with_due       INTEGER NOT NULL,
    responded_on_time        INTEGER NOT NULL,
    working_days_to_respond  INTEGER NOT NULL,
    upheld                   INTEGER NOT NULL,
    partly_upheld            INTEGER NOT NULL,
    not_upheld               INTEGER NOT NULL,
    open_at_month_end        INTEGER NOT NULL,
    overdue_at_month_end     INTEGER NOT NULL
);
COMMENT ON TABLE feedback_rollup IS 'Customer feedback about every unit (its teams and those below) per month, type, complaint stage and theme: only combinations with something to count have a row (sum over themes for a type''s totals; over 12 rows for 12 months). Decided = upheld + partly_upheld + not_upheld; on-time rate = responded_on_time ÷ responded_with_due; average working days = working_days_to_respond ÷ responded. Built by data/feedback_rollup.sql; sorted by org_code, month.';
COMMENT ON COLUMN feedback_rollup.org_code IS 'The unit (any level).';
COMMENT ON COLUMN feedback_rollup.month IS 'First day of the month.';
COMMENT ON COLUMN feedback_rollup.type IS 'complaint | compliment | comment | enquiry.';
COMMENT ON COLUMN feedback_rollup.stage IS 'For complaints 1 | 2 | ombudsman; none for other types.';
COMMENT ON COLUMN feedback_rollup.theme_code IS 'feedback_theme.code.';
COMMENT ON COLUMN feedback_rollup.received IS 'Records received in the month.';
COMMENT ON COLUMN feedback_rollup.responded IS 'Records responded to in the month.';
COMMENT ON COLUMN feedback_rollup.responded_with_due IS 'Of those responded to in the month, records with a due date.';
COMMENT ON COLUMN feedback_rollup.responded_on_time IS 'Of those, responded on or before the due date.';
COMMENT ON COLUMN feedback_rollup.working_days_to_respond IS 'Σ working days from receipt to response of the records responded to in the month.';
COMMENT ON COLUMN feedback_rollup.upheld IS 'Complaints decided in the month (responded) as upheld.';
COMMENT ON COLUMN feedback_rollup.partly_upheld IS 'Complaints decided in the month as partly upheld.';
COMMENT ON COLUMN feedback_rollup.not_upheld IS 'Complaints decided in the month as not upheld.';
COMMENT ON COLUMN feedback_rollup.open_at_month_end IS 'Records received by the month end and not yet responded to then.';
COMMENT ON COLUMN feedback_rollup.overdue_at_month_end IS 'Of those open, records with a due date before the month''s last day.';

CREATE TABLE risk_status (
    org_code          VARCHAR NOT NULL,
    month             DATE    NOT NULL,
    risk_code         VARCHAR NOT NULL,
    category          VARCHAR NOT NULL,
    likelihood        INTEGER NOT NULL,
    impact            INTEGER NOT NULL,
    score             INTEGER NOT NULL,
    target_score      INTEGER NOT NULL,
    appetite_score    INTEGER NOT NULL,
    tolerance_score   INTEGER NOT NULL,
    rag               VARCHAR NOT NULL,
    trend             VARCHAR NOT NULL,
    last_review_on    DATE    NOT NULL,
    next_review_due   DATE    NOT NULL,
    review_overdue    BOOLEAN NOT NULL
);
COMMENT ON TABLE risk_status IS 'Every risk open at the end of each month, as its latest review up to that day left it. Built by data/risk_status.sql; sorted by org_code, month, risk_code.';
COMMENT ON COLUMN risk_status.org_code IS 'The unit whose register holds the risk (risk.org_code).';
COMMENT ON COLUMN risk_status.month IS 'First day of the month; the state is as at its last day.';
COMMENT ON COLUMN risk_status.risk_code IS 'risk.code.';
COMMENT ON COLUMN risk_status.category IS 'risk.category.';
COMMENT ON COLUMN risk_status.likelihood IS 'Likelihood at the latest review.';
COMMENT ON COLUMN risk_status.impact IS 'Impact at the latest review.';
COMMENT ON COLUMN risk_status.score IS 'likelihood × impact at the latest review.';
COMMENT ON COLUMN risk_status.target_score IS 'risk.target_score.';
COMMENT ON COLUMN risk_status.appetite_score IS 'risk_appetite.appetite_score of the category.';
COMMENT ON COLUMN risk_status.tolerance_score IS 'risk_appetite.tolerance_score of the category.';
COMMENT ON COLUMN risk_status.rag IS 'red | amber | green against appetite, by risk_rag().';
COMMENT ON COLUMN risk_status.trend IS 'Trend recorded at the latest review (new | increasing | decreasing | stable).';
COMMENT ON COLUMN risk_status.last_review_on IS 'Date of the latest review up to the month end.';
COMMENT ON COLUMN risk_status.next_review_due IS 'When the next review was due after it.';
COMMENT ON COLUMN risk_status.review_overdue IS 'True when next_review_due is before the month''s last day (and no review since).';

CREATE TABLE risk_rollup (
    org_code        VARCHAR NOT NULL,
    month           DATE    NOT NULL,
    risks           INTEGER NOT NULL,
    own_risks       INTEGER NOT NULL,
    red             INTEGER NOT NULL,
    amber           INTEGER NOT NULL,
    green           INTEGER NOT NULL,
    above_target    INTEGER NOT NULL,
    reviews_overdue INTEGER NOT NULL,
    increasing      INTEGER NOT NULL,
    decreasing      INTEGER NOT NULL,
    new             INTEGER NOT NULL
);
COMMENT ON TABLE risk_rollup IS 'Counts of the risks open at each month end on the registers of every unit and the units below it (a unit with none has no row). Built by data/risk_status.sql from risk_status; sorted by org_code, month.';
COMMENT ON COLUMN risk_rollup.org_code IS 'The unit (any level).';
COMMENT ON COLUMN risk_rollup.month IS 'First day of the month.';
COMMENT ON COLUMN risk_rollup.risks IS 'Open risks on the registers of the unit and the units below.';
COMMENT ON COLUMN risk_rollup.own_risks IS 'Of them, on the unit''s own register.';
COMMENT ON COLUMN risk_rollup.red IS 'Of them, red against appetite.';
COMMENT ON COLUMN risk_rollup.amber IS 'Of them, amber.';
COMMENT ON COLUMN risk_rollup.green IS 'Of them, green.';
COMMENT ON COLUMN risk_rollup.above_target IS 'Of them, with a score above the target score.';
COMMENT ON COLUMN risk_rollup.reviews_overdue IS 'Of them, overdue for review at the month end.';
COMMENT ON COLUMN risk_rollup.increasing IS 'Of them, with an increasing trend at the latest review.';
COMMENT ON COLUMN risk_rollup.decreasing IS 'Of them, with a decreasing trend.';
COMMENT ON COLUMN risk_rollup.new IS 'Of them, new at the latest review.';

-- ---------------------------------------------------------------------------
-- Children's casework: case-level records of the children's social care teams
-- (the MASH, Assessment and Intervention, Family Support and Protection,
-- Children with Disabilities and Children in Care teams of SCF), from the case
-- management system, and each team's case-holding social workers (filled by
-- data/casework.py for the demo).  Queries compute everything from the case
-- rows (queries/casework.sql); nothing is derived at build time.
--
-- Working days (the rules every casework figure follows):
--   1. A working day is a Monday to Friday that is not one of England's bank
--      holidays (the calendar table, built from the holidays library).
--   2. A day that is not a working day counts as the next working day: its
--      "day 0" is that working day.  So a referral on Saturday has day 0 =
--      Monday, and so does a day viewed on Saturday.  day0_index() below gives
--      the working_day_index of any day's day 0.
--   3. The referral day is day 0.  Working days waiting (for allocation) on day D =
--      day0_index(D) − day0_index(referral_date); calendar days waiting =
--      D − referral_date.  Both are 0 on the day of referral.
--   4. "Due within 45 working days" = the working day whose working_day_index
--      is day0_index(referral_date) + 45 (assessment_due); an initial child
--      protection conference is due on the working day whose index is
--      day0_index(strategy_discussion_date) + 15 (conference_due).
--   5. Done on time = completed (or held) on or before the due date.  Overdue on
--      day D = not done by the end of D and due_date < D.  Working days to due
--      on D = working_day_index(due_date) − day0_index(D): negative exactly when
--      overdue, 0 when due on D (or, on a weekend, on the next working day).
--      "Due within the next n working days" = 0 ≤ working days to due ≤ n.
--   6. Every figure is as at the end of day D: a case is open on D when
--      referral_date ≤ D and (closed_date IS NULL or closed_date > D), and
--      unallocated when also (allocated_date IS NULL or allocated_date > D).
--
-- The calendar table starts early enough for every referral in casework_case
-- (for the council and large presets, the opening caseload's referrals go back
-- four years before the case window).

CREATE MACRO day0_index(working_day_index, is_working_day) AS
    working_day_index + CAST(NOT is_working_day AS INTEGER);

COMMENT ON TABLE calendar IS 'Every day from the first period (or the earliest casework referral, if earlier) to a year past the last, with England''s working days (weekends and bank holidays from the holidays library excluded). The casework working-day rules are in data/schema.sql (day0_index()).';

CREATE TABLE casework_category (
    code       VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    sort_order INTEGER NOT NULL
);
COMMENT ON TABLE casework_category IS 'The categories of children''s cases, in the order casework lists show them (child protection first).';
COMMENT ON COLUMN casework_category.code IS 'child_protection | child_in_need | looked_after | early_help.';
COMMENT ON COLUMN casework_category.name IS 'Display name.';
COMMENT ON COLUMN casework_category.sort_order IS 'Order in lists (1 = child protection).';

CREATE TABLE casework_case (
    case_id                  VARCHAR PRIMARY KEY,
    org_code                 VARCHAR NOT NULL,
    category                 VARCHAR NOT NULL CHECK (category IN ('child_protection', 'child_in_need', 'looked_after', 'early_help')),
    age_band                 VARCHAR NOT NULL CHECK (age_band IN ('Under 1', '1 to 4', '5 to 9', '10 to 15', '16 and over')),
    referral_date            DATE    NOT NULL,
    allocated_date           DATE,
    assessment_due           DATE    NOT NULL,
    assessment_completed     DATE,
    strategy_discussion_date DATE,
    conference_due           DATE,
    conference_date          DATE,
    closed_date              DATE,
    CHECK (allocated_date IS NULL OR allocated_date >= referral_date),
    CHECK (closed_date IS NULL OR closed_date >= referral_date),
    CHECK (category = 'child_protection' OR (strategy_discussion_date IS NULL AND conference_due IS NULL AND conference_date IS NULL)),
    CHECK ((strategy_discussion_date IS NULL) = (conference_due IS NULL))
);
COMMENT ON TABLE casework_case IS 'One row per child''s case held by a children''s social care team: every case referred from the start of the case window (casework_staffing''s first month) to the extraction day, plus the cases referred earlier and still open at the window''s start. Pseudonymous: no names, dates of birth or addresses. Dates after the extraction day are unknown (NULL). Working-day rules in the comment block above. Sorted by org_code, referral_date.';
COMMENT ON COLUMN casework_case.case_id IS 'Pseudonymous case reference, e.g. C0001234 (numbered in order of referral).';
COMMENT ON COLUMN casework_case.org_code IS 'The team holding the case (org_unit.code, a team).';
COMMENT ON COLUMN casework_case.category IS 'casework_category.code: child_protection | child_in_need | looked_after | early_help.';
COMMENT ON COLUMN casework_case.age_band IS 'The child''s age at referral in the DfE bands: Under 1 | 1 to 4 | 5 to 9 | 10 to 15 | 16 and over.';
COMMENT ON COLUMN casework_case.referral_date IS 'The day the referral was received (any day, weekends included); day 0 is that day or the next working day.';
COMMENT ON COLUMN casework_case.allocated_date IS 'The working day the case was allocated to a social worker; NULL if not allocated (yet, or ever: some early help cases close unallocated).';
COMMENT ON COLUMN casework_case.assessment_due IS 'The statutory timescale: the working day whose working_day_index is day0_index(referral_date) + 45.';
COMMENT ON COLUMN casework_case.assessment_completed IS 'The working day the assessment was completed; NULL if not yet, or never (closed after screening, or never allocated). On time when on or before assessment_due.';
COMMENT ON COLUMN casework_case.strategy_discussion_date IS 'Child protection only: the day of the strategy discussion (usually a working day; some weekend referrals have it that weekend). NULL otherwise or not yet.';
COMMENT ON COLUMN casework_case.conference_due IS 'Child protection only: the working day whose working_day_index is day0_index(strategy_discussion_date) + 15 — when the initial child protection conference is due. NULL without a strategy discussion.';
COMMENT ON COLUMN casework_case.conference_date IS 'Child protection only: the working day the initial child protection conference was held; NULL if not yet.';
COMMENT ON COLUMN casework_case.closed_date IS 'The working day the case was closed; NULL while open.';

CREATE TABLE casework_staffing (
    org_code          VARCHAR NOT NULL,
    month             DATE    NOT NULL,
    social_worker_fte DOUBLE  NOT NULL,
    PRIMARY KEY (org_code, month)
);
COMMENT ON TABLE casework_staffing IS 'Case-holding social workers of each casework team, month by month over the case window: the register of casework teams, and the denominator of caseload per social worker (open cases ÷ social_worker_fte of the latest month on or before the day). Sorted by org_code, month.';
COMMENT ON COLUMN casework_staffing.org_code IS 'The team (org_unit.code); every team holding cases has a row for every month of the window.';
COMMENT ON COLUMN casework_staffing.month IS 'First day of the month; the FTE is at its end.';
COMMENT ON COLUMN casework_staffing.social_worker_fte IS 'FTE of social workers holding cases, employed and agency (the employed are part of workforce.fte; team managers, family support workers and administrators are not counted).';

CREATE TABLE indicator_published (
    indicator_code VARCHAR NOT NULL,
    measure_code   VARCHAR NOT NULL,
    polarity       VARCHAR NOT NULL CHECK (polarity IN ('up', 'down', 'neither')),
    comparison     VARCHAR NOT NULL,
    PRIMARY KEY (indicator_code, measure_code)
);
COMMENT ON TABLE indicator_published IS 'Which published measure (imported by data.ingest) an internal indicator can be compared with: the indicator page then shows the home council''s published value against its comparators, labelled as published data with its own period and definition. Declared in data/catalogue_published.py; only measures of the same kind are paired (a rate with a rate, never a percentage of days with days per FTE).';
COMMENT ON COLUMN indicator_published.indicator_code IS 'indicator.code.';
COMMENT ON COLUMN indicator_published.measure_code IS 'published_measure.measure_code, as the publisher names it.';
COMMENT ON COLUMN indicator_published.polarity IS 'Which way is better for the published measure (up | down | neither), where the publisher''s file does not say.';
COMMENT ON COLUMN indicator_published.comparison IS 'How the published definition differs from the indicator''s, in a sentence shown beside the comparison.';

CREATE TABLE partner (
    code       VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL CHECK (kind IN ('police', 'fire', 'probation', 'nhs', 'district', 'transport')),
    sort_order INTEGER NOT NULL
);
COMMENT ON TABLE partner IS 'The organisations the council shares indicators with (fictional, like the demo council). Declared in data/catalogue_partners.py.';
COMMENT ON COLUMN partner.code IS 'Stable code.';
COMMENT ON COLUMN partner.name IS 'Display name.';
COMMENT ON COLUMN partner.kind IS 'police | fire | probation | nhs | district | transport.';
COMMENT ON COLUMN partner.sort_order IS 'Order on the partnerships page.';

CREATE TABLE partner_indicator (
    partner_code   VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    role           VARCHAR NOT NULL CHECK (role IN ('supplies', 'contributes')),
    what           VARCHAR NOT NULL,
    PRIMARY KEY (partner_code, indicator_code)
);
COMMENT ON TABLE partner_indicator IS 'The shared indicators: which partner supplies the figures of an indicator (its returns arrive from them) or contributes to the outcome it measures.';
COMMENT ON COLUMN partner_indicator.partner_code IS 'partner.code.';
COMMENT ON COLUMN partner_indicator.indicator_code IS 'indicator.code.';
COMMENT ON COLUMN partner_indicator.role IS 'supplies (the partner sends the data) | contributes (the partner''s work moves the figure).';
COMMENT ON COLUMN partner_indicator.what IS 'What the partner supplies or does, in a phrase.';

-- ---------------------------------------------------------------------------
-- Published data imported by data.ingest (benchmarking against other councils)
--
-- `python -m data.ingest <kind> FILE` reads a publisher's file as published
-- (DfE Explore Education Statistics CSVs, Oflog, DLUHC council tax receipts,
-- MHCLG revenue outturn, ONS waste, mySociety's register of authorities, DfE
-- statistical neighbours) into the tables below.  A fresh build has them empty.
-- Each load replaces the rows that came from the same source file (its name),
-- so loading a file twice changes nothing; the import works on a copy of the
-- database and swaps it in (os.replace), as data.generate does.  The import
-- creates these tables in a database built before they existed, from this
-- section: keep it last in the file and keep the marker line above.

CREATE TABLE published_load (
    source_file   VARCHAR   PRIMARY KEY,
    kind          VARCHAR   NOT NULL,
    dataset       VARCHAR   NOT NULL,
    publisher     VARCHAR   NOT NULL,
    title         VARCHAR   NOT NULL,
    source_path   VARCHAR   NOT NULL,
    source_bytes  BIGINT    NOT NULL,
    source_sha256 VARCHAR   NOT NULL,
    rows_read     INTEGER   NOT NULL,
    rows_loaded   INTEGER   NOT NULL,
    rows_skipped  INTEGER   NOT NULL,
    skipped_why   VARCHAR   NOT NULL,
    loaded_at     TIMESTAMP NOT NULL
);
COMMENT ON TABLE published_load IS 'One row per imported file: where it came from and what its latest load did. Reloading a file replaces its row, its values and its rejections.';
COMMENT ON COLUMN published_load.source_file IS 'File name as downloaded (no folder), e.g. dfe_csww_indicators_2017_to_2025.csv; the key that ties every imported row to its file.';
COMMENT ON COLUMN published_load.kind IS 'Importer used: ees | oflog | dluhc-ct | rsx | ons-sdg | ons-mye | register | neighbours.';
COMMENT ON COLUMN published_load.dataset IS 'The publication the file is a release of: the kind and the file name without its years (ees:dfe_csww_indicators for dfe_csww_indicators_2017_to_2025.csv), so a later release supersedes an earlier one in published_current.';
COMMENT ON COLUMN published_load.publisher IS 'Who published the file, e.g. Department for Education.';
COMMENT ON COLUMN published_load.title IS 'What the file is, from its own title where it has one.';
COMMENT ON COLUMN published_load.source_path IS 'Absolute path the file was read from.';
COMMENT ON COLUMN published_load.source_bytes IS 'Size of the file in bytes.';
COMMENT ON COLUMN published_load.source_sha256 IS 'SHA-256 of the file: the same hash means the same file was loaded.';
COMMENT ON COLUMN published_load.rows_read IS 'Data rows read from the file (header and notes rows not counted).';
COMMENT ON COLUMN published_load.rows_loaded IS 'Rows written: values for statistics files, authorities for the register, neighbour pairs for the groupings.';
COMMENT ON COLUMN published_load.rows_skipped IS 'Rows or cells not loaded; each is in published_rejection with its reason.';
COMMENT ON COLUMN published_load.skipped_why IS 'The reasons for skipping with their counts, e.g. "authority name not in the register: 245".';
COMMENT ON COLUMN published_load.loaded_at IS 'When the load finished (local time, no zone).';

CREATE TABLE published_measure (
    source_file  VARCHAR NOT NULL,
    measure_code VARCHAR NOT NULL,
    publisher    VARCHAR NOT NULL,
    measure_name VARCHAR NOT NULL,
    unit         VARCHAR,
    polarity     VARCHAR CHECK (polarity IN ('up', 'down', 'neither')),
    description  VARCHAR,
    decimals     INTEGER,
    kind         VARCHAR CHECK (kind IN ('count', 'amount', 'percent', 'rate', 'population', 'figure')),
    grouping     VARCHAR,
    position     INTEGER,
    polarity_source VARCHAR,
    PRIMARY KEY (source_file, measure_code)
);
COMMENT ON TABLE published_measure IS 'What each imported measure is, as its file describes it.';
COMMENT ON COLUMN published_measure.source_file IS 'published_load.source_file.';
COMMENT ON COLUMN published_measure.measure_code IS 'The publisher''s code where it has one (ASC1, RSX-edu-empl), else the EES column name (turnover_rate_fte) or a code made from the heading (ct_receipts_quarter, waste_landfill).';
COMMENT ON COLUMN published_measure.publisher IS 'Who published it.';
COMMENT ON COLUMN published_measure.measure_name IS 'Name as published (Oflog''s measure name, the RSX column heading) or made readable from the column name.';
COMMENT ON COLUMN published_measure.unit IS 'Unit of value where the file says it: percent, £ thousand, ...; NULL when not stated.';
COMMENT ON COLUMN published_measure.polarity IS 'up | down | neither: which direction is better, where the publisher says (Oflog''s rank_order); NULL when unknown.';
COMMENT ON COLUMN published_measure.description IS 'Longer description or notes from the file, if any.';
COMMENT ON COLUMN published_measure.decimals IS 'Decimal places the figures are published to: the EES metadata''s indicator_dp where given, else the fewest that write every figure of the file exactly (at most 3). Figures are stored and compared unrounded.';
COMMENT ON COLUMN published_measure.kind IS 'count | amount (money) | percent | rate (already per head) | population | figure (a score, ratio or average): counts and amounts grow with the size of an area, so benchmarking compares them per head or says they are raw (dashboard.metrics.published.kind_of).';
COMMENT ON COLUMN published_measure.grouping IS 'The heading the publisher groups the measure under (EES indicator_grouping), if any.';
COMMENT ON COLUMN published_measure.position IS 'The measure''s place in the file (its column, or its first row), for the publisher''s order.';
COMMENT ON COLUMN published_measure.polarity_source IS 'Who says which way is better: the publisher''s own file, or the declared list in data/ingest/polarity.py with its source; NULL when nobody does.';

CREATE TABLE published_value (
    source_file  VARCHAR   NOT NULL,
    publisher    VARCHAR   NOT NULL,
    measure_code VARCHAR   NOT NULL,
    breakdown    VARCHAR   NOT NULL DEFAULT '',
    area_code    VARCHAR   NOT NULL,
    area_name    VARCHAR   NOT NULL,
    area_type    VARCHAR   NOT NULL,
    period_label VARCHAR   NOT NULL,
    period_kind  VARCHAR   NOT NULL,
    period_start DATE      NOT NULL,
    period_end   DATE      NOT NULL,
    value        DOUBLE,
    status       VARCHAR   NOT NULL CHECK (status IN ('value', 'provisional', 'revised', 'estimated', 'suppressed',
                                                    'not_available', 'not_applicable', 'low', 'low_reliability', 'no_data')),
    symbol       VARCHAR,
    source_ref   VARCHAR   NOT NULL,
    loaded_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (source_file, measure_code, breakdown, area_code, period_start, period_end),
    CHECK (period_end >= period_start),
    CHECK ((value IS NULL) = (status IN ('suppressed', 'not_available', 'not_applicable', 'low', 'low_reliability', 'no_data')))
);
COMMENT ON TABLE published_value IS 'Published statistics about areas (councils, regions, England), one value per area, measure, breakdown and period, exactly as the file gave it. Pages join published_measure on (source_file, measure_code); published_current keeps only the newest file''s value where two releases overlap.';
COMMENT ON COLUMN published_value.source_file IS 'published_load.source_file: the file the value came from.';
COMMENT ON COLUMN published_value.publisher IS 'Who published it (published_load.publisher, repeated for simple filtering).';
COMMENT ON COLUMN published_value.measure_code IS 'published_measure.measure_code.';
COMMENT ON COLUMN published_value.breakdown IS 'The subgroup the value is for, from an EES file''s filter columns ("category: Referrals and Re-referrals"); empty when the file has none.';
COMMENT ON COLUMN published_value.area_code IS 'ONS (GSS) code of the area, e.g. E10000012 for Essex; for the few EES levels without ONS codes (schools, trusts) the EES identifier.';
COMMENT ON COLUMN published_value.area_name IS 'Area name as the file spells it (trailing spaces removed).';
COMMENT ON COLUMN published_value.area_type IS 'country | region | inner_outer_london | county | district | unitary | metropolitan_district | london_borough | police | fire | combined_authority | national_park | waste_authority | greater_london_authority | local_authority | other: from the ONS code''s prefix (E10 county...) or the file''s own class.';
COMMENT ON COLUMN published_value.period_label IS 'The period as people say it: 2024-25 (financial year), 2022-23 Q4, Year to 30 September 2025, 2023/24 (academic year), ...';
COMMENT ON COLUMN published_value.period_kind IS 'financial_year | financial_quarter | reporting_year | calendar_year | calendar_quarter | academic_year | tax_year | term | month | week | financial_half | mid_year (a population estimate at 30 June).';
COMMENT ON COLUMN published_value.period_start IS 'First day the value covers.';
COMMENT ON COLUMN published_value.period_end IS 'Last day the value covers (for a snapshot such as a workforce census, the census day).';
COMMENT ON COLUMN published_value.value IS 'The number as published (percentages as 0–100, money in the unit of published_measure.unit); NULL when the publisher gave a code instead.';
COMMENT ON COLUMN published_value.status IS 'value (an ordinary number) | provisional | revised | estimated (a number with that note) | suppressed | not_available | not_applicable | low (rounds to zero) | low_reliability | no_data (no number).';
COMMENT ON COLUMN published_value.symbol IS 'The publisher''s code as printed (x, c, z, low, u, [z], [x], [p]...); NULL for a plain number.';
COMMENT ON COLUMN published_value.source_ref IS 'Where in the file: "line 57" of a CSV or a spreadsheet cell such as "Table_5!F12".';
COMMENT ON COLUMN published_value.loaded_at IS 'When the load finished (published_load.loaded_at).';

CREATE TABLE published_breakdown (
    source_file     VARCHAR NOT NULL,
    breakdown       VARCHAR NOT NULL,
    filter_position INTEGER NOT NULL,
    filter_col      VARCHAR NOT NULL,
    filter_label    VARCHAR NOT NULL,
    filter_hint     VARCHAR,
    groups          VARCHAR,
    item            VARCHAR NOT NULL,
    item_position   INTEGER NOT NULL,
    is_total        BOOLEAN NOT NULL,
    PRIMARY KEY (source_file, breakdown, filter_col)
);
COMMENT ON TABLE published_breakdown IS 'What each breakdown of an imported file is: one row per breakdown (published_value.breakdown) and filter column, with the filter''s value in it. Files without filter columns have none.';
COMMENT ON COLUMN published_breakdown.source_file IS 'published_load.source_file.';
COMMENT ON COLUMN published_breakdown.breakdown IS 'published_value.breakdown, e.g. "population_type: Children looked after; age: Total".';
COMMENT ON COLUMN published_breakdown.filter_position IS 'The filter''s place among the file''s filter columns (0 first).';
COMMENT ON COLUMN published_breakdown.filter_col IS 'The filter column as the file names it.';
COMMENT ON COLUMN published_breakdown.filter_label IS 'Its label from the EES metadata, else made readable from the name.';
COMMENT ON COLUMN published_breakdown.filter_hint IS 'The EES metadata''s filter_hint, if any.';
COMMENT ON COLUMN published_breakdown.groups IS 'For a grouping column (another filter''s filter_grouping_column), the filter it groups; NULL otherwise.';
COMMENT ON COLUMN published_breakdown.item IS 'The filter''s value in this breakdown.';
COMMENT ON COLUMN published_breakdown.item_position IS 'The value''s place in the publisher''s order (first appearance in the file, 0 first).';
COMMENT ON COLUMN published_breakdown.is_total IS 'Whether the value is the filter''s aggregate ("Total" in the EES standard; "All ..." in some files).';

CREATE TABLE published_rejection (
    source_file VARCHAR NOT NULL,
    location    VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    text        VARCHAR NOT NULL
);
COMMENT ON TABLE published_rejection IS 'Every row or cell of an imported file that was not loaded, with the reason; replaced with the file''s next load.';
COMMENT ON COLUMN published_rejection.source_file IS 'published_load.source_file.';
COMMENT ON COLUMN published_rejection.location IS 'Where in the file: "line 57", "line 57, column cases", "Table_5!F12".';
COMMENT ON COLUMN published_rejection.reason IS 'Why it was not loaded, e.g. "authority name not in the register".';
COMMENT ON COLUMN published_rejection.text IS 'A short excerpt of what the row said.';

CREATE TABLE authority (
    code                VARCHAR PRIMARY KEY,
    area_code           VARCHAR,
    name                VARCHAR NOT NULL,
    official_name       VARCHAR NOT NULL,
    authority_type      VARCHAR NOT NULL,
    authority_type_name VARCHAR NOT NULL,
    area_type           VARCHAR NOT NULL,
    parent_county_code  VARCHAR,
    parent_area_code    VARCHAR,
    region              VARCHAR,
    nation              VARCHAR,
    combined_authority  VARCHAR,
    old_la_code         VARCHAR,
    ecode               VARCHAR,
    start_date          DATE,
    end_date            DATE,
    replaced_by         VARCHAR,
    is_current          BOOLEAN NOT NULL,
    population          INTEGER,
    alt_names           VARCHAR[] NOT NULL,
    source_file         VARCHAR NOT NULL,
    loaded_at           TIMESTAMP NOT NULL
);
COMMENT ON TABLE authority IS 'mySociety''s register of UK local authorities, current and abolished: codes, names, type and parent county. The register is one list: loading a register file replaces the whole table.';
COMMENT ON COLUMN authority.code IS 'The register''s three-letter code, e.g. ESS for Essex County Council.';
COMMENT ON COLUMN authority.area_code IS 'ONS (GSS) code, e.g. E10000012; NULL for the few old Northern Irish councils without one.';
COMMENT ON COLUMN authority.name IS 'Short name (the register''s nice-name), e.g. Essex.';
COMMENT ON COLUMN authority.official_name IS 'Official name, e.g. Essex County Council.';
COMMENT ON COLUMN authority.authority_type IS 'Register type code: CTY county, NMD non-metropolitan district, UA unitary, MD metropolitan district, LBO London borough, CC City of London, COMB combined authority, SRA Greater London Authority, SCO, WPA, NID.';
COMMENT ON COLUMN authority.authority_type_name IS 'The type in words, e.g. Non-metropolitan district.';
COMMENT ON COLUMN authority.area_type IS 'The type in published_value.area_type''s terms (county, district, unitary, ...).';
COMMENT ON COLUMN authority.parent_county_code IS 'For a district, the register code of its county (county-la), e.g. ESS for the 12 Essex districts; NULL otherwise.';
COMMENT ON COLUMN authority.parent_area_code IS 'ONS code of that county (resolved within the register).';
COMMENT ON COLUMN authority.region IS 'Region (England) or nation name as the register gives it.';
COMMENT ON COLUMN authority.nation IS 'England | Scotland | Wales | Northern Ireland.';
COMMENT ON COLUMN authority.combined_authority IS 'Register code of the combined authority it belongs to, if any.';
COMMENT ON COLUMN authority.old_la_code IS 'The old three-digit local authority code when the register has one (upper-tier authorities: the DfE code, 881 for Essex); NULL otherwise.';
COMMENT ON COLUMN authority.ecode IS 'DLUHC''s E-code used in finance returns (E1521 for Essex).';
COMMENT ON COLUMN authority.start_date IS 'When the authority came into being, where the register says.';
COMMENT ON COLUMN authority.end_date IS 'When it was abolished; NULL for a current authority.';
COMMENT ON COLUMN authority.replaced_by IS 'Register code(s) of its successor(s), comma separated.';
COMMENT ON COLUMN authority.is_current IS 'True while the authority exists.';
COMMENT ON COLUMN authority.population IS 'Population in 2020 as the register gives it.';
COMMENT ON COLUMN authority.alt_names IS 'Other spellings the register knows (used to resolve names in files without codes).';
COMMENT ON COLUMN authority.source_file IS 'published_load.source_file of the register.';
COMMENT ON COLUMN authority.loaded_at IS 'When the register was loaded.';

CREATE TABLE area_code_alias (
    scheme       VARCHAR NOT NULL CHECK (scheme IN ('dfe_la', 'ecode')),
    code         VARCHAR NOT NULL,
    area_code    VARCHAR NOT NULL,
    area_name    VARCHAR NOT NULL,
    first_period DATE,
    last_period  DATE,
    source_file  VARCHAR NOT NULL,
    PRIMARY KEY (scheme, code, area_code, source_file)
);
COMMENT ON TABLE area_code_alias IS 'Other codes for an area and the ONS code each stands for, as files pair them: the old three-digit DfE LA codes (old_la_code/new_la_code in EES files, the register''s three-digit codes) and DLUHC E-codes. One DfE code may stand for several ONS codes over time (815 North Yorkshire: E10000023 to 2023, then E06000065).';
COMMENT ON COLUMN area_code_alias.scheme IS 'dfe_la (old three-digit DfE LA code) | ecode (DLUHC E-code).';
COMMENT ON COLUMN area_code_alias.code IS 'The other code, e.g. 881.';
COMMENT ON COLUMN area_code_alias.area_code IS 'The ONS code it was paired with, e.g. E10000012.';
COMMENT ON COLUMN area_code_alias.area_name IS 'Area name as the file gives it.';
COMMENT ON COLUMN area_code_alias.first_period IS 'Start of the earliest period the file pairs them in; NULL from the register (no period).';
COMMENT ON COLUMN area_code_alias.last_period IS 'End of the latest period the file pairs them in; NULL from the register.';
COMMENT ON COLUMN area_code_alias.source_file IS 'published_load.source_file of the file that paired them.';

CREATE TABLE statistical_neighbour (
    source_file         VARCHAR NOT NULL,
    dfe_code            VARCHAR NOT NULL,
    area_code           VARCHAR,
    area_name           VARCHAR NOT NULL,
    rank                INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 10),
    neighbour_dfe_code  VARCHAR NOT NULL,
    neighbour_area_code VARCHAR,
    closeness           VARCHAR NOT NULL,
    is_current          BOOLEAN NOT NULL,
    loaded_at           TIMESTAMP NOT NULL,
    PRIMARY KEY (source_file, dfe_code, rank)
);
COMMENT ON TABLE statistical_neighbour IS 'DfE statistical neighbour groupings of children''s services authorities: each authority''s ten closest, nearest first. DfE codes are mapped to ONS codes through area_code_alias at load time; a code that cannot be mapped leaves the ONS code NULL (the load reports it).';
COMMENT ON COLUMN statistical_neighbour.source_file IS 'published_load.source_file.';
COMMENT ON COLUMN statistical_neighbour.dfe_code IS 'The authority''s three-digit DfE code, e.g. 881 for Essex.';
COMMENT ON COLUMN statistical_neighbour.area_code IS 'Its ONS code (the latest one paired with the DfE code), or NULL when it could not be mapped.';
COMMENT ON COLUMN statistical_neighbour.area_name IS 'Authority name as the file gives it.';
COMMENT ON COLUMN statistical_neighbour.rank IS '1 for the closest neighbour (SN1) to 10 (SN10).';
COMMENT ON COLUMN statistical_neighbour.neighbour_dfe_code IS 'The neighbour''s DfE code.';
COMMENT ON COLUMN statistical_neighbour.neighbour_area_code IS 'The neighbour''s ONS code, or NULL when it could not be mapped.';
COMMENT ON COLUMN statistical_neighbour.closeness IS 'DfE''s closeness label as published: Extremely Close | Very Close | Close | Somewhat close | Not Close.';
COMMENT ON COLUMN statistical_neighbour.is_current IS 'False for the groupings the file lists under "Old SNs" (authorities since reorganised).';
COMMENT ON COLUMN statistical_neighbour.loaded_at IS 'When the file was loaded.';

-- Where two releases of one publication give the same figure (their years
-- overlap), the newer release wins: the one whose figures reach the later
-- period, whatever order the files were loaded in (an older release reloaded
-- after a newer one must not bring back its unrevised figures); between two
-- reaching as far, the later load.
CREATE VIEW published_current AS
WITH releases AS (
    SELECT source_file, max(period_end) AS reaches FROM published_value GROUP BY source_file
),
ranked AS (
    SELECT v.*,
           row_number() OVER (PARTITION BY l.dataset, v.measure_code, v.breakdown, v.area_code, v.period_start, v.period_end
                              ORDER BY r.reaches DESC, l.loaded_at DESC, v.source_file DESC) AS newest
    FROM published_value AS v
    JOIN published_load AS l USING (source_file)
    JOIN releases AS r USING (source_file)
)
SELECT * EXCLUDE (newest) FROM ranked WHERE newest = 1;
COMMENT ON VIEW published_current IS 'published_value without the values superseded by a newer release of the same publication (published_load.dataset; newer = reaching the later period, then loaded later): one row per dataset, measure, breakdown, area and period, with the columns of published_value. queries/benchmarking.sql (published_series) applies the same rule within one publication.';

