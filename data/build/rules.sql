-- Cross-table rules of a council's extract, run by data/build/checks.py on
-- the typed tables of the staging database (each with _line, the line or row
-- of its file).  Every query returns (table_name, line, column_name, reason);
-- a line of NULL means the file as a whole.  Severity error stops the build;
-- warning is listed and the build goes on.

-- name: one_council_row
-- severity: error
SELECT 'council', NULL, NULL, 'must have exactly one row (it has ' || count(*) || ')'
FROM council HAVING count(*) <> 1;

-- name: council_months_in_order
-- severity: error
SELECT 'council', _line, 'last_month', 'is before first_month'
FROM council WHERE last_month < first_month;

-- name: one_council_in_the_tree
-- severity: error
SELECT 'org_unit', NULL, 'level', 'has no unit of level council: the tree needs one council at its top'
FROM org_unit HAVING count(*) FILTER (WHERE level = 'council') = 0
UNION ALL
SELECT 'org_unit', _line, 'level', 'is a second council (the first is on line ' || first_line || '): one council per extract'
FROM (SELECT _line, level, first_value(_line) OVER (ORDER BY _line) AS first_line,
             row_number() OVER (ORDER BY _line) AS n
      FROM org_unit WHERE level = 'council') WHERE n > 1;

-- name: root_has_no_parent
-- severity: error
SELECT 'org_unit', _line, 'parent_code',
       CASE WHEN level = 'council' THEN 'the council has no parent: leave parent_code empty'
            ELSE 'is empty: every unit but the council has a parent' END
FROM org_unit WHERE (level = 'council') <> (parent_code IS NULL) AND level IS NOT NULL;

-- name: unit_with_two_parents
-- severity: error
SELECT 'org_unit', u._line, 'parent_code',
       'gives ' || u.code || ' a second parent, ' || u.parent_code || ' (line ' || f._line || ' says ' || f.parent_code || ')'
FROM org_unit AS u
JOIN (SELECT code, parent_code, _line, row_number() OVER (PARTITION BY code ORDER BY _line) AS n FROM org_unit) AS f
  ON f.code = u.code AND f.n = 1
WHERE u._line <> f._line AND u.parent_code IS DISTINCT FROM f.parent_code;

-- name: parent_above_child
-- severity: error
WITH rank(level, r) AS (VALUES ('council', 1), ('directorate', 2), ('service', 3), ('team', 4))
SELECT 'org_unit', u._line, 'parent_code',
       u.code || ' is a ' || u.level || ' but its parent ' || p.code || ' is a ' || p.level || ': a parent is higher in the tree'
FROM org_unit AS u JOIN org_unit AS p ON p.code = u.parent_code
JOIN rank AS ru ON ru.level = u.level JOIN rank AS rp ON rp.level = p.level
WHERE rp.r >= ru.r;

-- name: unit_in_a_cycle
-- severity: error
WITH RECURSIVE up(code, start, path, depth) AS (
    SELECT code, code, [code], 0 FROM org_unit WHERE parent_code IS NOT NULL
    UNION ALL
    SELECT p.parent_code, up.start, list_append(up.path, p.parent_code), up.depth + 1
    FROM up JOIN org_unit AS p ON p.code = up.code
    WHERE p.parent_code IS NOT NULL AND NOT list_contains(list_slice(up.path, 1, len(up.path) - 1), up.code)
      AND up.depth < 64
)
SELECT DISTINCT 'org_unit', u._line, 'parent_code',
       'is in a loop: ' || array_to_string(up.path, ' → ') || ' (a unit cannot be its own ancestor)'
FROM up JOIN org_unit AS u ON u.code = up.start
WHERE up.code = up.start AND up.depth > 0;

-- name: directorate_is_a_directorate
-- severity: error
SELECT 'indicator', i._line, 'directorate_code', i.directorate_code || ' is a ' || o.level || ', not a directorate'
FROM indicator AS i JOIN org_unit AS o ON o.code = i.directorate_code WHERE o.level <> 'directorate';

-- name: period_starts_a_period
-- severity: error
SELECT t, _line, 'period_start',
       strftime(period_start, '%Y-%m-%d') || CASE
           WHEN day(period_start) <> 1 THEN ' is not the first day of a month'
           WHEN frequency = 'quarterly' THEN ' does not start a financial quarter: a quarterly indicator''s periods start in April, July, October or January'
           ELSE ' does not start a financial year: an annual indicator''s periods start in April' END
FROM (SELECT 'measure' AS t, m._line, m.period_start, i.frequency FROM measure AS m JOIN indicator AS i ON i.code = m.indicator_code
      UNION ALL
      SELECT 'target', t._line, t.period_start, i.frequency FROM target AS t JOIN indicator AS i ON i.code = t.indicator_code)
WHERE day(period_start) <> 1
   OR (frequency = 'quarterly' AND month(period_start) NOT IN (1, 4, 7, 10))
   OR (frequency = 'annual' AND month(period_start) <> 4);

-- name: months_start_a_month
-- severity: error
SELECT t, _line, c, strftime(d, '%Y-%m-%d') || ' is not the first day of a month'
FROM (SELECT 'finance' AS t, _line, 'month' AS c, month AS d FROM finance
      UNION ALL SELECT 'workforce', _line, 'month', month FROM workforce
      UNION ALL SELECT 'casework_staffing', _line, 'month', month FROM casework_staffing
      UNION ALL SELECT 'survey_result', _line, 'quarter_start', quarter_start FROM survey_result)
WHERE day(d) <> 1
UNION ALL
SELECT 'survey_result', _line, 'quarter_start', strftime(quarter_start, '%Y-%m-%d') || ' does not start a financial quarter (April, July, October or January)'
FROM survey_result WHERE day(quarter_start) = 1 AND month(quarter_start) NOT IN (1, 4, 7, 10);

-- name: dates_within_the_extract
-- severity: error
WITH span AS (SELECT first_month, last_month, extracted_on FROM council LIMIT 1)
SELECT t, _line, c,
       strftime(d, '%Y-%m') || CASE WHEN d < span.first_month THEN ' is before the extract''s first month, ' || strftime(span.first_month, '%Y-%m')
                                    ELSE ' is after the extract''s last month, ' || strftime(span.last_month, '%Y-%m') END || ' (council.csv)'
FROM (SELECT 'measure' AS t, _line, 'period_start' AS c, period_start AS d FROM measure
      UNION ALL SELECT 'finance', _line, 'month', month FROM finance
      UNION ALL SELECT 'workforce', _line, 'month', month FROM workforce
      UNION ALL SELECT 'casework_staffing', _line, 'month', month FROM casework_staffing), span
WHERE d < span.first_month OR d > span.last_month;

-- name: nothing_after_the_extract_day
-- severity: error
WITH span AS (SELECT extracted_on FROM council LIMIT 1)
SELECT t, _line, c, strftime(d, '%Y-%m-%d') || ' is after the day the extract was taken, '
                    || strftime(span.extracted_on, '%Y-%m-%d') || ' (council.csv)'
FROM (SELECT 'measure' AS t, _line, 'received_at' AS c, CAST(received_at AS DATE) AS d FROM measure
      UNION ALL SELECT 'casework_case', _line, 'referral_date', referral_date FROM casework_case
      UNION ALL SELECT 'casework_case', _line, 'allocated_date', allocated_date FROM casework_case
      UNION ALL SELECT 'casework_case', _line, 'closed_date', closed_date FROM casework_case
      UNION ALL SELECT 'feedback', _line, 'received_on', received_on FROM feedback
      UNION ALL SELECT 'risk_review', _line, 'reviewed_on', reviewed_on FROM risk_review), span
WHERE d > span.extracted_on;

-- name: proportion_at_most_whole
-- severity: error
-- A proportion (indicator.proportion: the numerator counts part of the denominator) cannot pass 100% over
-- the window the indicator shows (the month, the year to date or 12 months), Σnumerator ÷ Σdenominator.
-- Only a window with every return in it is judged: one with a return missing (reported by return status)
-- may pass 100% for want of it, e.g. a year to date without April's debit.
WITH rows AS (
    SELECT m._line, m.indicator_code, m.org_code, m.period_start, m.numerator, m.denominator, i.basis,
           CASE i.frequency WHEN 'monthly' THEN 1 WHEN 'quarterly' THEN 3 ELSE 12 END AS step
    FROM measure AS m JOIN indicator AS i ON i.code = m.indicator_code
    WHERE i.proportion AND i.aggregation = 'ratio'
),
windows AS (
    SELECT *,
           CASE basis WHEN 'year_to_date' THEN sum(numerator) OVER year WHEN 'rolling_12_months' THEN sum(numerator) OVER rolling
                      ELSE numerator END AS num_window,
           CASE basis WHEN 'year_to_date' THEN sum(denominator) OVER year WHEN 'rolling_12_months' THEN sum(denominator) OVER rolling
                      ELSE denominator END AS den_window,
           CASE basis WHEN 'year_to_date' THEN count(*) OVER year WHEN 'rolling_12_months' THEN count(*) OVER rolling
                      ELSE 1 END AS returns_in_window,
           CASE basis
               WHEN 'year_to_date' THEN date_diff('month', greatest(financial_year_start(period_start),
                                                                     (SELECT first_month FROM council LIMIT 1)), period_start) // step + 1
               WHEN 'rolling_12_months' THEN least(12 // step, date_diff('month', (SELECT first_month FROM council LIMIT 1),
                                                                          period_start) // step + 1)
               ELSE 1 END AS periods_in_window
    FROM rows
    WINDOW year AS (PARTITION BY indicator_code, org_code, financial_year_start(period_start) ORDER BY period_start
                    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
           rolling AS (PARTITION BY indicator_code, org_code ORDER BY period_start
                       RANGE BETWEEN INTERVAL 11 MONTH PRECEDING AND CURRENT ROW)
)
SELECT 'measure', _line, 'numerator',
       CASE WHEN basis = 'in_month' OR basis = 'snapshot'
            THEN printf('%g is more than the denominator, %g: a percentage cannot pass 100%%', numerator, denominator)
            ELSE printf('brings the %s to %g out of %g: a percentage cannot pass 100%%',
                        CASE basis WHEN 'year_to_date' THEN 'year to date' ELSE '12 months' END, num_window, den_window) END
FROM windows WHERE num_window > den_window AND returns_in_window = periods_in_window;

-- name: counts_not_negative
-- severity: error
SELECT 'measure', m._line, 'value', printf('%g is negative: %s is a count', m.value, i.code)
FROM measure AS m JOIN indicator AS i ON i.code = m.indicator_code
WHERE i.unit = 'count' AND m.value < 0;

-- name: ratio_returns_have_both_parts
-- severity: error
SELECT 'measure', m._line, CASE WHEN m.numerator IS NULL THEN 'numerator' ELSE 'denominator' END,
       'is empty: ' || i.code || ' is a ratio, so each return gives its numerator and denominator'
FROM measure AS m JOIN indicator AS i ON i.code = m.indicator_code
WHERE i.aggregation = 'ratio' AND (m.numerator IS NULL OR m.denominator IS NULL);

-- name: return_from_a_unit_that_reports_it
-- severity: error
SELECT 'measure', m._line, 'org_code',
       m.org_code || ' does not return ' || m.indicator_code || ' (no such pair in indicator_unit)'
FROM measure AS m
WHERE EXISTS (SELECT 1 FROM indicator WHERE code = m.indicator_code)
  AND EXISTS (SELECT 1 FROM org_unit WHERE code = m.org_code)
  AND NOT EXISTS (SELECT 1 FROM indicator_unit AS u WHERE u.indicator_code = m.indicator_code AND u.org_code = m.org_code);

-- name: target_for_a_unit_with_returns
-- severity: error
WITH RECURSIVE up(org_code, ancestor_code, depth) AS (
    SELECT code, code, 0 FROM org_unit
    UNION ALL
    SELECT up.org_code, p.parent_code, up.depth + 1 FROM up JOIN org_unit AS p ON p.code = up.ancestor_code
    WHERE p.parent_code IS NOT NULL AND up.depth < 64
)
SELECT 'target', t._line, 'org_code',
       'no unit at or below ' || t.org_code || ' returns ' || t.indicator_code || ', so the target would never be used'
FROM target AS t
WHERE EXISTS (SELECT 1 FROM org_unit WHERE code = t.org_code)
  AND EXISTS (SELECT 1 FROM indicator WHERE code = t.indicator_code)
  AND NOT EXISTS (SELECT 1 FROM indicator_unit AS u JOIN up ON up.org_code = u.org_code
                  WHERE u.indicator_code = t.indicator_code AND up.ancestor_code = t.org_code);

-- name: money_sign_convention
-- severity: error
SELECT 'finance', f._line, col,
       printf('%g is %s: in the ledger''s convention %s', amount,
              CASE WHEN c.is_income THEN 'positive' ELSE 'negative' END,
              CASE WHEN c.is_income THEN 'income is negative (a credit)' ELSE 'spend is positive' END)
FROM (SELECT _line, category, 'original_budget' AS col, original_budget AS amount FROM finance
      UNION ALL SELECT _line, category, 'current_budget', current_budget FROM finance) AS f
JOIN finance_category AS c ON c.code = f.category
WHERE (c.is_income AND f.amount > 0) OR (NOT c.is_income AND f.amount < 0);

-- name: case_dates_in_order
-- severity: error
SELECT 'casework_case', _line, col,
       strftime(d, '%Y-%m-%d') || ' is before the referral, ' || strftime(referral_date, '%Y-%m-%d') || ': ' || what
FROM (SELECT _line, referral_date, 'allocated_date' AS col, allocated_date AS d, 'allocated before it was referred' AS what FROM casework_case
      UNION ALL SELECT _line, referral_date, 'assessment_completed', assessment_completed, 'assessed before it was referred' FROM casework_case
      UNION ALL SELECT _line, referral_date, 'closed_date', closed_date, 'closed before it was referred' FROM casework_case)
WHERE d < referral_date;

-- name: child_protection_fields
-- severity: error
SELECT 'casework_case', _line, 'strategy_discussion_date',
       CASE WHEN category <> 'child_protection' THEN 'is given for a ' || category || ' case: strategy discussions and conferences are for child protection only'
            ELSE 'and conference_due go together: give both or neither' END
FROM casework_case
WHERE (category <> 'child_protection' AND (strategy_discussion_date IS NOT NULL OR conference_due IS NOT NULL OR conference_date IS NOT NULL))
   OR ((strategy_discussion_date IS NULL) <> (conference_due IS NULL));

-- name: complaint_stages
-- severity: error
SELECT 'feedback', _line, CASE WHEN outcome IS NOT NULL AND (type <> 'complaint' OR responded_on IS NULL) THEN 'outcome' ELSE 'stage' END,
       CASE WHEN type = 'complaint' AND stage IS NULL THEN 'is empty: a complaint has a stage (1, 2 or ombudsman)'
            WHEN type <> 'complaint' AND stage IS NOT NULL THEN 'is given for a ' || type || ': only complaints have stages'
            ELSE 'is given before a response: only a complaint responded to has an outcome' END
FROM feedback
WHERE (type = 'complaint') <> (stage IS NOT NULL)
   OR (outcome IS NOT NULL AND (type <> 'complaint' OR responded_on IS NULL));

-- name: responses_after_receipt
-- severity: error
SELECT 'feedback', _line, 'responded_on', strftime(responded_on, '%Y-%m-%d') || ' is before it was received, ' || strftime(received_on, '%Y-%m-%d')
FROM feedback WHERE responded_on < received_on;

-- name: survey_counts_add_up
-- severity: error
SELECT 'survey_result', _line, 'respondents',
       printf('%d satisfied and %d dissatisfied are more than the %d respondents', satisfied, dissatisfied, respondents)
FROM survey_result WHERE satisfied + dissatisfied > respondents;

-- name: appetite_within_tolerance
-- severity: error
SELECT 'risk_appetite', _line, 'appetite_score', printf('%d is above the tolerance score, %d', appetite_score, tolerance_score)
FROM risk_appetite WHERE appetite_score > tolerance_score;

-- name: latest_value_outside_spc_limits
-- severity: warning
-- Each series' latest return against the XmR limits of all its returns (mean ± 2.66 × mean moving range),
-- and jumps of more than 3 × the mean moving range: worth a look before the figures are published.
WITH series AS (
    SELECT m._line, m.indicator_code, m.org_code, m.period_start,
           CASE WHEN i.aggregation = 'ratio' THEN m.numerator / nullif(m.denominator, 0) ELSE m.value END AS x,
           i.scale
    FROM measure AS m JOIN indicator AS i ON i.code = m.indicator_code WHERE i.spc_applies
),
moves AS (
    SELECT *, abs(x - lag(x) OVER w) AS mr, lag(x) OVER w AS previous,
           row_number() OVER (PARTITION BY indicator_code, org_code ORDER BY period_start DESC) AS newest
    FROM series WINDOW w AS (PARTITION BY indicator_code, org_code ORDER BY period_start)
),
limits AS (
    SELECT indicator_code, org_code, avg(x) AS mean, avg(mr) AS mean_mr, count(x) AS n
    FROM moves GROUP BY ALL HAVING count(x) >= 13
)
SELECT 'measure', m._line, 'value',
       CASE WHEN abs(m.x - l.mean) > 2.66 * l.mean_mr
            THEN printf('%.4g is outside the SPC limits of %s at %s (%.4g to %.4g)', m.x * m.scale, m.indicator_code, m.org_code,
                        (l.mean - 2.66 * l.mean_mr) * m.scale, (l.mean + 2.66 * l.mean_mr) * m.scale)
            ELSE printf('%.4g jumped from %.4g, more than 3 times the usual move of %s at %s', m.x * m.scale, m.previous * m.scale,
                        m.indicator_code, m.org_code) END
FROM moves AS m JOIN limits AS l USING (indicator_code, org_code)
WHERE m.newest = 1 AND l.mean_mr > 0 AND (abs(m.x - l.mean) > 2.66 * l.mean_mr OR m.mr > 3 * l.mean_mr)
ORDER BY m._line;
