"""Every website check, one module each. Importing this package registers them all."""

from callscout.web_audit.checks import (  # noqa: F401 - imported to register
    call_recordings,
    clients_and_reviews,
    contacts,
    experience_claims,
    news,
    privacy_policy,
    requisites,
    services_and_prices,
    site_basics,
    text_quality,
)
