"""Live control: the vendor's calls as they happen (events, followers), live figures, alerts, the digest."""
