"""``python -m cpt97124_mcp.server``: the same as the ``cpt97124-mcp`` command."""

import sys

from .cli import main

sys.exit(main())
