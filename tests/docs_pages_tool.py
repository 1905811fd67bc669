"""tools/docs_pages.py as a module, for the tests of the documentation (it is not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load_docs_pages() -> ModuleType:
    """Import tools/docs_pages.py once, which knows where the generated parts of a page are."""
    if "docs_pages" in sys.modules:
        return sys.modules["docs_pages"]
    spec = importlib.util.spec_from_file_location("docs_pages", ROOT / "tools" / "docs_pages.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module
