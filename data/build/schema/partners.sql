-- ---------------------------------------------------------------------------
-- Partners and published comparisons: which organisations share which
-- indicators, and which published measure an indicator can be set against.

CREATE TABLE indicator_published (
    indicator_code VARCHAR NOT NULL,
    measure_code   VARCHAR NOT NULL,
    polarity       VARCHAR NOT NULL CHECK (polarity IN ('up', 'down', 'neither')),
    comparison     VARCHAR NOT NULL,
    PRIMARY KEY (indicator_code, measure_code)
);
COMMENT ON TABLE indicator_published IS 'Which published measure (imported by data.ingest) an internal indicator can be compared with: the indicator page then shows the home council''s published value against its comparators, labelled as published data with its own period and definition. Declared in data/demo/catalogue_published.py; only measures of the same kind are paired (a rate with a rate, never a percentage of days with days per FTE).';
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
COMMENT ON TABLE partner IS 'The organisations the council shares indicators with (fictional, like the demo council). Declared in data/demo/catalogue_partners.py.';
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

