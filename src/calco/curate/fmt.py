"""``calco fmt``: put the source tables in canonical form, so diffs show only real changes.

A formatter must never change what the tables say. So ``calco fmt`` only touches tables that load
cleanly (it runs the build's own loader, :func:`calco.load.load_source`, and refuses with the
loader's ``file:line`` problems otherwise), and before writing it loads the formatted tables again
and requires the same content: the same records with the same values, only in another order.
A refused table is left byte-identical.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from calco.curate.tables import SCHEMAS, read_rows, render_rows
from calco.errors import CalcoError, SourceError
from calco.export.atomic import write_atomically
from calco.load import load_source
from calco.model import Source

#: Fields that say where a record was read, not what it says.
POSITION_FIELDS = {"line", "path", "directory"}


def canonical(directory: Path) -> dict[str, bytes]:
    """Every table of ``directory`` in canonical form, after checking the tables load cleanly and keep their content."""
    before = load_source(directory)  # raises SourceError: the loader's file:line problems
    rendered = {name: render_rows(name, read_rows(directory / name)) for name in SCHEMAS}
    _require_same_content(directory, before, rendered)
    return rendered


def unformatted(directory: Path) -> list[str]:
    """Names of the tables that are not in canonical form (refusing tables that do not load)."""
    return [name for name, data in canonical(directory).items() if (directory / name).read_bytes() != data]


def format_tables(directory: Path) -> list[Path]:
    """Rewrite every table in canonical form; return the files that changed."""
    return write_atomically({directory / name: data for name, data in canonical(directory).items()})


def content(source: Source) -> dict[str, Counter[Any]]:
    """What the tables say, without where: each table's records (line numbers dropped, set-valued
    fields as sorted tuples) as a multiset, so two loads compare equal exactly when only order differs."""
    return {
        "terms": Counter(_value(t) for t in source.terms),
        "assertions": Counter(_value(a) for a in source.assertions),
        "imports": Counter(_value(i) for i in source.imports),
        "mappings": Counter(_value(m) for m in source.mappings),
    }


def _require_same_content(directory: Path, before: Source, rendered: dict[str, bytes]) -> None:
    """Load the formatted tables from a scratch copy of ``directory`` and require :func:`content` unchanged."""
    with tempfile.TemporaryDirectory(prefix="calco-fmt-") as scratch:
        copy = Path(scratch) / directory.name
        shutil.copytree(directory, copy)
        for name, data in rendered.items():
            (copy / name).write_bytes(data)
        try:
            after = load_source(copy)
        except SourceError as error:
            raise CalcoError(f"formatting {directory} would make it fail to load ({error.problems[0].message}); nothing was changed, please report this") from None
    if content(after) != content(before):
        changed = [table for table, records in content(after).items() if records != content(before)[table]]
        raise CalcoError(f"formatting {directory} would change what {', '.join(changed)} say; nothing was changed, please report this")


def _value(record: object) -> Any:
    """A hashable, order-free image of a loaded record."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return (type(record).__name__, tuple((f.name, _value(getattr(record, f.name))) for f in dataclasses.fields(record) if f.name not in POSITION_FIELDS))
    if isinstance(record, (tuple, list, set, frozenset)):
        return tuple(sorted((_value(v) for v in record), key=repr))
    return record
