"""Date formats for Django's own rendering (the admin, `|date`), matching the dashboard's:
"2 Dec 2026" and "2 Dec 2026, 07:38" (UTC, 24-hour), never "Dec. 2, 2026, 7:38 a.m."."""
