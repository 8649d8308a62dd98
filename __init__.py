"""cpt97124-mcp: exact, cited billing units and claim checks for CPT 97124 and other timed therapy codes.

The rules core (``cpt97124_mcp.rules``) is pure Python; ``tools``, ``prompts`` and ``server`` adapt it
to the Model Context Protocol and the command line.
"""

__version__ = "0.1.0"
