"""Each page's data without Dash: per page, ``Params.parse`` (the URL, read once), a frozen ``PageData`` of
tables, figures and their provenance, and ``data(db, viewer, params)``, the page's one fetch sequence.  The
layouts render it, /download exports its tables, and the benchmark and the briefing packs call it.
``registry.PAGES`` lists the pages."""
