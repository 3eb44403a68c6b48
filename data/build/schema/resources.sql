-- ---------------------------------------------------------------------------
-- Resources: finance, workforce, customer feedback, the residents' survey and
-- the risk register.  The raw tables hold what the ledger, HR system, feedback
-- system, survey contractor and risk register record (filled by
-- data/demo/resources.py for the demo); the *_rollup and risk_status tables below
-- them are derived once per build by data/build/derive.py so that pages read a few
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

