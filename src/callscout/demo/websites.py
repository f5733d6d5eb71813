"""The demo vendors' websites, bundled as files laid out as URL paths (``index.html`` for directories).

Built by ``scripts/build_demo_sites.py``; served on 127.0.0.1 by the demo and read by the audit tests.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

DEMO_SITE_HOSTS: tuple[str, ...] = (
    "golospro.example",
    "linia24.example",
    "teleservice-plus.example",
    "kontakt-express.example",
    "callmind.example",
    "otkrytyi-dialog.example",
)


def demo_sites_dir() -> Path:
    """Folder with one sub-folder per demo host."""
    with as_file(files("callscout.demo").joinpath("sites")) as path:
        return Path(path)
