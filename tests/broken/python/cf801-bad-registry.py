"""CF801: a registry that cannot be imported."""

from ceasefire import import_registry

import_registry("no_such_module:REGISTRY")
