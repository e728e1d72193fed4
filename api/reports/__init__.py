"""Reports and analytics (issue 12, ``../shared/REPORTS.md`` §1–3): the student report,
class and school analytics, journal completeness, saved (frozen) reports and their
comparison. The indicators' formulas have one home: ``indicators``."""
