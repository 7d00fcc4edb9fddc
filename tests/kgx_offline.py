"""Run ``kgx`` with no network: the Biolink model it validates against comes from the installed
``biolink-model`` wheel instead of GitHub.

``kgx`` builds a ``bmt.Toolkit()`` when it is imported, and ``Toolkit()`` by default downloads
``biolink-model.yaml`` and ``predicate_mapping.yaml``. The ``biolink-model`` package ships the same
schema file (``biolink_model/schema/biolink_model.yaml``), so the toolkit is pointed at it before
``kgx`` is imported; the predicate mapping (used only to map non-Biolink predicates, which CALCO's
KGX files do not need) is left empty because no package ships it, and the JSON-LD context that kgx
fetches for its prefix manager is made from the same schema's prefixes.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import Any


def local_biolink_schema() -> str:
    """Path of the Biolink model schema shipped in the ``biolink-model`` package."""
    return str(files("biolink_model").joinpath("schema").joinpath("biolink_model.yaml"))


def use_local_biolink_model(extra_prefixes: dict[str, str]) -> None:
    """Make every ``bmt.Toolkit()`` read the installed schema instead of fetching one.

    ``extra_prefixes``: the graph's own prefixes that Biolink's context lacks (``CALCO``), as a
    knowledge-graph build registers its local ID spaces.
    """
    import bmt.toolkit
    from linkml_runtime.utils.schemaview import SchemaView

    schema = local_biolink_schema()

    def offline_init(self: Any, schema_path: Any = schema, predicate_map: Any = None) -> None:
        self.view = SchemaView(schema_path)
        self.pmap = {}

    bmt.toolkit.Toolkit.__init__ = offline_init  # type: ignore[method-assign]
    # kgx's PrefixManager and Validator read the Biolink JSON-LD context from GitHub; the
    # namespaces of the same schema (its prefixes and default CURIE maps, which is what that
    # generated context holds) are given instead.
    import kgx.config

    namespaces = {str(k): str(v) for k, v in SchemaView(schema).namespaces().items()}
    kgx.config.jsonld_context_map["biolink"] = {**{k: v for k, v in extra_prefixes.items() if k not in namespaces}, **namespaces}


@contextmanager
def no_network() -> Iterator[None]:
    """Any attempt to open a connection other than to a local socket file fails loudly."""
    original = socket.socket.connect

    def refuse(self: socket.socket, address: Any) -> None:
        if isinstance(address, tuple):
            raise AssertionError(f"kgx tried to reach the network: {address}")
        original(self, address)

    socket.socket.connect = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.socket.connect = original  # type: ignore[method-assign]
