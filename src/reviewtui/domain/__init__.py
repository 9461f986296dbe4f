"""The review itself: events, the fold, KPI math, templates, exports. Pure: no I/O, no clock, no textual."""
