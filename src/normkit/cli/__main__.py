"""``python -m normkit.cli``: the ``normkit`` command."""

from . import main

main()
