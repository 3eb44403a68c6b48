-- ---------------------------------------------------------------------------
-- Children's casework: case-level records of the children's social care teams
-- (the MASH, Assessment and Intervention, Family Support and Protection,
-- Children with Disabilities and Children in Care teams of SCF), from the case
-- management system, and each team's case-holding social workers (filled by
-- data/demo/casework.py for the demo).  Queries compute everything from the case
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

COMMENT ON TABLE calendar IS 'Every day from the first period (or the earliest casework referral, if earlier) to a year past the last, with England''s working days (weekends and bank holidays from the holidays library excluded). The casework working-day rules are in data/build/schema/casework.sql (day0_index()).';

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

