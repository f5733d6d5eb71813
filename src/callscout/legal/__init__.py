"""Legal entity verification: registry records, domain age and cross-checks of what a site claims."""
