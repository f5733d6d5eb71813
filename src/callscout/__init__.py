"""CallScout: choose an outsourced call center on evidence, then hold it to its contract."""

import sys as _sys

__version__ = "0.1.0"

# httpx imports its own command-line client when imported (click, rich.syntax and pygments: about a tenth of a
# CPU-second and a hundred modules in every command that opens a connection, `audit` and `evaluate` included).
# CallScout never runs that client: a None entry makes that one import fail, and httpx installs its stub instead.
_sys.modules.setdefault("httpx._main", None)
