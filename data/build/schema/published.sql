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
COMMENT ON COLUMN published_load.kind IS 'Importer used: ees | oflog | dluhc-ct | rsx | ons-sdg | register | neighbours.';
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
COMMENT ON COLUMN published_value.period_kind IS 'financial_year | financial_quarter | reporting_year | calendar_year | calendar_quarter | academic_year | tax_year | term | month | week | financial_half.';
COMMENT ON COLUMN published_value.period_start IS 'First day the value covers.';
COMMENT ON COLUMN published_value.period_end IS 'Last day the value covers (for a snapshot such as a workforce census, the census day).';
COMMENT ON COLUMN published_value.value IS 'The number as published (percentages as 0–100, money in the unit of published_measure.unit); NULL when the publisher gave a code instead.';
COMMENT ON COLUMN published_value.status IS 'value (an ordinary number) | provisional | revised | estimated (a number with that note) | suppressed | not_available | not_applicable | low (rounds to zero) | low_reliability | no_data (no number).';
COMMENT ON COLUMN published_value.symbol IS 'The publisher''s code as printed (x, c, z, low, u, [z], [x], [p]...); NULL for a plain number.';
COMMENT ON COLUMN published_value.source_ref IS 'Where in the file: "line 57" of a CSV or a spreadsheet cell such as "Table_5!F12".';
COMMENT ON COLUMN published_value.loaded_at IS 'When the load finished (published_load.loaded_at).';

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

