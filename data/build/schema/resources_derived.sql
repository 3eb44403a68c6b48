-- ---------------------------------------------------------------------------
-- Derived resources tables: every unit at every level (through org_ancestor)
-- and month, additive counts and sums only (rates are Σnumerator / Σdenominator
-- at read time), sorted by org_code and month.  Built by data/build/derive.py.

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
COMMENT ON TABLE finance_rollup IS 'Budget monitoring of every unit (its cost centres and those below it) for every month and category, plus category total (the net of all categories, income negative). Year to date runs from April of the month''s financial year (from the first month of data in a partial first year). Variance = forecast_outturn − current_budget (> 0 overspend). Built by data/build/derived/finance_rollup.sql; sorted by org_code, month, category.';
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
    vacant_fte              DOUBLE  NOT NULL,
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
COMMENT ON TABLE workforce_rollup IS 'Workforce of every unit (its teams and those below) for every month, for all staff and excluding schools'' staff (org_unit.is_schools) as councils usually report. Rolling 12 months = this month and the 11 before (fewer at the start of the data: months_12m). Sickness per FTE = (short + long days over 12 months) ÷ fte_avg_12m; turnover = leavers_12m ÷ headcount_avg_12m; vacancy rate = vacant_fte ÷ establishment_fte (each team''s vacant posts, so one team''s surplus never fills another''s vacancy). Built by data/build/derived/workforce_rollup.sql; sorted by org_code, month, scope.';
COMMENT ON COLUMN workforce_rollup.org_code IS 'The unit (any level).';
COMMENT ON COLUMN workforce_rollup.month IS 'First day of the month.';
COMMENT ON COLUMN workforce_rollup.scope IS 'all | excluding_schools. A unit with only schools'' teams below it has no excluding_schools rows.';
COMMENT ON COLUMN workforce_rollup.teams IS 'Teams summed.';
COMMENT ON COLUMN workforce_rollup.headcount IS 'Σ employees in post at the month end.';
COMMENT ON COLUMN workforce_rollup.fte IS 'Σ FTE in post at the month end.';
COMMENT ON COLUMN workforce_rollup.establishment_fte IS 'Σ establishment FTE at the month end.';
COMMENT ON COLUMN workforce_rollup.vacant_fte IS 'Σ over teams of vacant posts at the month end: greatest(establishment_fte − fte, 0) per team, the numerator of the vacancy rate (HR-VACANCY) at every level.';
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
COMMENT ON TABLE feedback_rollup IS 'Customer feedback about every unit (its teams and those below) per month, type, complaint stage and theme: only combinations with something to count have a row (sum over themes for a type''s totals; over 12 rows for 12 months). Decided = upheld + partly_upheld + not_upheld; on-time rate = responded_on_time ÷ responded_with_due; average working days = working_days_to_respond ÷ responded. Built by data/build/derived/feedback_rollup.sql; sorted by org_code, month.';
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
COMMENT ON TABLE risk_status IS 'Every risk open at the end of each month, as its latest review up to that day left it. Built by data/build/derived/risk_status.sql; sorted by org_code, month, risk_code.';
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
COMMENT ON TABLE risk_rollup IS 'Counts of the risks open at each month end on the registers of every unit and the units below it (a unit with none has no row). Built by data/build/derived/risk_status.sql from risk_status; sorted by org_code, month.';
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

