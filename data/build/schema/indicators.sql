-- ---------------------------------------------------------------------------
-- Performance indicators: the catalogue, who returns each, the returns
-- themselves, targets and commentary, and the judgements (RAG, direction of
-- travel, the period due) defined once for the rollup build and the queries.

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

