"""Reports as files (REPORTS.md §4): a report becomes a ``Document`` of tables
(``documents``), which each format writes (``xlsx``, ``delimited``, ``pdf``)."""
