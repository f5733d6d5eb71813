"""CallScout: choose an outsourced call center on evidence, then hold it to its contract."""

__version__ = "0.1.0"
