"""Call-log analytics: import vendors' raw call logs, compute the client cabinet's indicators ourselves,
check contracts (SLA) and vendors' own reports, and compare vendors in a trial."""
