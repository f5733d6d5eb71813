"""Column layouts of the call-detail exports Russian buyers get from cloud PBXs and contact-center platforms.

One module per export, each with the same small API (the python-stdnum shape), found by walking this
package; a new layout is a new module and nothing else:

``NAME``          the format name (``calls import --format NAME``; ``-`` and ``_`` are the same);
``LABEL``         (Russian, English) name shown to the user;
``SOURCE``        where the column layout was confirmed (public documentation or sample files);
``COLUMN_NAMES``  for a file without a header line: the names of its columns, in order (else ``None``);
``DELIMITER``     the separator, or ``None`` to take the most frequent one of the first line;
``COLUMNS``       call field -> column name, as the generic cabinet format's ``--map`` would give;
``EXPRESSIONS``   call field -> DuckDB SQL over the raw columns (text) where one column is not enough;
                  ``{zone}`` stands for the import's time zone;
``FOLD_LEGS``     True when one call is logged as several rows (legs) sharing its call id;
``sniff(headers, rows)``  True when the first line (``headers``) and the next lines (``rows``, split into
                  fields) are this layout; never raises on any input.
Only layouts confirmed from a public source are here; each module cites it.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType

from callscout.registry import package_modules, require

REQUIRED = ("NAME", "LABEL", "SOURCE", "COLUMN_NAMES", "DELIMITER", "COLUMNS", "EXPRESSIONS", "FOLD_LEGS", "sniff")


@cache
def all_presets() -> tuple[ModuleType, ...]:
    """Every preset module of this package, by name."""
    return tuple(require(module, REQUIRED, "preset") for module in package_modules(__name__))
