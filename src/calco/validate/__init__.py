"""Stage 4, validate: SHACL shapes over the assembled graph (and over any file, for ``calco validate``)."""

from __future__ import annotations

from calco.validate.shacl import Finding, Report, format_report, load_shapes, run_shapes

__all__ = ["Finding", "Report", "format_report", "load_shapes", "run_shapes"]
