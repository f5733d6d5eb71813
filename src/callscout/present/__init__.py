"""The presentation edge: the core hands over codes, values and units; this package writes them in the reader's
language (``formatting``: numbers, shares, money, durations, dates, plurals through Babel; ``messages``: the keyed
catalogue; ``findings``: a finding's text from its code and params)."""
