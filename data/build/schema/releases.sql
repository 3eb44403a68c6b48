-- ---------------------------------------------------------------------------
-- Releases and restatements: every build of the database is a release, dated
-- by the day its extract was taken (council.csv extracted_on).  A return that
-- changes a value an earlier release published is a restatement: the build
-- keeps both values (restatement) and, for every figure the change moved —
-- the value shown for an indicator at a unit and period, at any level —
-- both figures (figure_restatement).  Written by data/build/releases.py;
-- carried from the database a build replaces, so the history outlives it.

CREATE TABLE release (
    release_id       INTEGER   PRIMARY KEY,
    released_on      DATE      NOT NULL,
    built_at         TIMESTAMP NOT NULL,
    returns          INTEGER   NOT NULL,
    restated_returns INTEGER   NOT NULL,
    restated_figures INTEGER   NOT NULL
);
COMMENT ON TABLE release IS 'Every build of this database, oldest first: the release its figures belong to. The latest is what the dashboard shows.';
COMMENT ON COLUMN release.release_id IS '1 for the first build, then one more each build.';
COMMENT ON COLUMN release.released_on IS 'The day the extract was taken (council.csv extracted_on): the figures are as at this day.';
COMMENT ON COLUMN release.built_at IS 'When the build finished (local time, no zone).';
COMMENT ON COLUMN release.returns IS 'Returns (measure rows) in the release.';
COMMENT ON COLUMN release.restated_returns IS 'Of them, returns whose value differs from the one the previous release published.';
COMMENT ON COLUMN release.restated_figures IS 'Figures (rollup values at any unit) that those restatements moved.';

CREATE TABLE restatement (
    indicator_code  VARCHAR   NOT NULL,
    org_code        VARCHAR   NOT NULL,
    period_start    DATE      NOT NULL,
    release_id      INTEGER   NOT NULL,
    restated_on     DATE      NOT NULL,
    old_numerator   DOUBLE,
    old_denominator DOUBLE,
    old_value       DOUBLE    NOT NULL,
    old_received_at TIMESTAMP NOT NULL,
    new_numerator   DOUBLE,
    new_denominator DOUBLE,
    new_value       DOUBLE,
    new_received_at TIMESTAMP,
    PRIMARY KEY (indicator_code, org_code, period_start, release_id)
);
COMMENT ON TABLE restatement IS 'Returns restated: a unit''s value for a period as an earlier release published it and as the release restating it gives it (both kept). A return withdrawn has no new value.';
COMMENT ON COLUMN restatement.indicator_code IS 'indicator.code.';
COMMENT ON COLUMN restatement.org_code IS 'The reporting unit.';
COMMENT ON COLUMN restatement.period_start IS 'The period of the return.';
COMMENT ON COLUMN restatement.release_id IS 'The release that restated it (release.release_id).';
COMMENT ON COLUMN restatement.restated_on IS 'That release''s date (release.released_on).';
COMMENT ON COLUMN restatement.old_numerator IS 'Numerator as published before.';
COMMENT ON COLUMN restatement.old_denominator IS 'Denominator as published before.';
COMMENT ON COLUMN restatement.old_value IS 'Value as published before (before display scaling, as measure.value).';
COMMENT ON COLUMN restatement.old_received_at IS 'When the return published before had arrived.';
COMMENT ON COLUMN restatement.new_numerator IS 'Numerator as restated.';
COMMENT ON COLUMN restatement.new_denominator IS 'Denominator as restated.';
COMMENT ON COLUMN restatement.new_value IS 'Value as restated; NULL when the return was withdrawn.';
COMMENT ON COLUMN restatement.new_received_at IS 'When the restated return arrived.';

CREATE TABLE figure_restatement (
    indicator_code VARCHAR NOT NULL,
    org_code       VARCHAR NOT NULL,
    period_start   DATE    NOT NULL,
    release_id     INTEGER NOT NULL,
    restated_on    DATE    NOT NULL,
    old_value      DOUBLE,
    new_value      DOUBLE,
    old_rag        VARCHAR,
    new_rag        VARCHAR,
    PRIMARY KEY (indicator_code, org_code, period_start, release_id)
);
COMMENT ON TABLE figure_restatement IS 'Figures a restatement moved: the value shown for an indicator at a unit (any level) and period, as the previous release showed it and as this one does, in display units, with both RAGs. Pages flag a figure that has a row here beside it.';
COMMENT ON COLUMN figure_restatement.indicator_code IS 'indicator.code.';
COMMENT ON COLUMN figure_restatement.org_code IS 'The unit the figure is for (as rollup.org_code).';
COMMENT ON COLUMN figure_restatement.period_start IS 'The figure''s period (rollup.period_start).';
COMMENT ON COLUMN figure_restatement.release_id IS 'The release that restated it.';
COMMENT ON COLUMN figure_restatement.restated_on IS 'That release''s date.';
COMMENT ON COLUMN figure_restatement.old_value IS 'rollup.display_value as the previous release showed it.';
COMMENT ON COLUMN figure_restatement.new_value IS 'rollup.display_value now; NULL when no return is left for it.';
COMMENT ON COLUMN figure_restatement.old_rag IS 'RAG shown before.';
COMMENT ON COLUMN figure_restatement.new_rag IS 'RAG shown now.';
