"""Vendor website audit: a bounded, safe crawler and the checks a careful buyer makes by hand."""
