"""Legal entity checks: identifiers of Russian companies and entrepreneurs, registry and domain facts."""
