-- The MI database (DuckDB), one file a domain, run in the order of
-- data/build/schema/__init__.py's FILES; together they are the single source of
-- truth for every table.  Every table and column carries a COMMENT so the
-- catalogue documents itself (`SELECT * FROM duckdb_columns()` shows them).
--
-- This file: how the database was built, where each domain's extract came
-- from, the organisation tree and the working-day calendar.
--
-- Conventions
--   * Periods are DATEs on the first day of the period (a month, the first month
--     of a quarter, or April for a financial year).
--   * `measure` holds only what units reported; everything derived (rollups up
--     the tree, year-to-date and rolling windows, RAG) lives in `rollup`, built
--     once per data build by data/build/derived/rollup.sql.

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

