"""The web cabinet: FastAPI pages over the same core and store as the CLI."""

from callscout.web.app import create_app

__all__ = ["create_app"]
