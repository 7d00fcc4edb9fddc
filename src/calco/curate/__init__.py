"""Curator tools that edit the source tables: normalise, mint IDs, obsolete terms, diff, release."""
