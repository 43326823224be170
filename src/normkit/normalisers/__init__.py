"""The built-in normalisers, one module per family, each a default plugin.

A module registers its classes through the same hook a third-party plugin uses;
``normkit._registry.BUILTIN_MODULES`` lists the modules.
"""
