"""The build: the database's tables (schema/, one file a domain) and everything
derived from what units reported (derive.py with the SQL in derived/: rollups,
return status, SPC as at every period, exceptions, forecast calibration, the
resources rollups)."""
