"""Monthly returns: owners enter values and commentary, heads of service sign off, analysts and checkers
keep the data honest.  The store (``store.py``) is separate from the read-only DuckDB build."""
