"""``python -m cpt97124_mcp``: the same as the ``cpt97124-mcp`` command."""

import sys

from .cli.main import main

sys.exit(main())
