"""Every website check, one module each, found by walking this package (``web_audit.base.REGISTRY``)."""
