"""The demo council: a seeded simulation of the fictional Eastmere County Council's
catalogue, returns, ledger, HR, feedback, survey, risks and casework
(``python -m data.generate``)."""
