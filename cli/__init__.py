"""The command line: ``cpt97124-mcp`` and its subcommands (``main``), batch input and output for ``validate``.

Each subcommand calls the same tool functions as the MCP server (``tools/``), so ``--json`` prints exactly what
the tool answers. Nothing is imported with this package: a command loads only what it uses (start-up time
counts in batch runs).
"""
