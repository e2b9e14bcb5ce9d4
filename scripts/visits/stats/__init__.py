"""Statistics of the programme for the internal site: tables, CSV files and SVG charts,
with counts of detained people protected against small-count disclosure."""

from visits.stats.pages import statistics_files

__all__ = ["statistics_files"]
