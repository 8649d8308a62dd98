"""The MCP resources: the rule catalog (whole and per rule), the unit table, the code catalog, data versions
(the data files and the imported CMS NCCI tables).

All are JSON (``application/json``) read from the rules core and its data files (``rules/data/``), so a client
can show a coder the same table and sources the tools use.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from mcp.server import MCPServer
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS

from ..rules import RuleInputError, data_version
from ..rules.codes import catalog
from ..rules.data_files import DATA_FILES, load_data
from ..rules.ncci import store_status
from ..rules.unit_table import MINIMUM_MINUTES, UNIT_MINUTES, unit_table
from ..tools.explain_rule import explanation
from ..tools.list_rules import rules_listing

JSON = "application/json"
UNIT_TABLE_ROWS = 12


def as_json(value: Any) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False)


def rule_catalog() -> str:
    """Every rule id with its title; rules://rule/{rule_id} has one rule in full."""
    return rules_listing().model_dump_json(indent=1)


def rule_resource(rule_id: str) -> str:
    """One rule in full: explain_rule's output for this id (explanation, citations, example, misconceptions)."""
    try:
        return explanation(rule_id, None, None).model_dump_json(indent=1)
    except RuleInputError as exc:  # the caller's mistake (invalid params, as for an unknown URI), not a server fault
        uri = f"rules://rule/{rule_id}"
        raise MCPError(INVALID_PARAMS, f"{uri}: {exc}", {"uri": uri}) from None


def units_table() -> str:
    """The 15-minute unit table (CMS Pub. 100-04 Ch. 5 §20.2 C; the same bands per code under the CPT midpoint rule)."""
    return as_json({
        "source": "CMS Pub. 100-04 Medicare Claims Processing Manual, Ch. 5, §20.2 C",
        "url": "https://www.cms.gov/regulations-and-guidance/guidance/manuals/downloads/clm104c05.pdf",
        "rule_ids": ["units.cms-total-time", "units.ama-midpoint", "units.minimum-minutes"],
        "minimum_minutes": MINIMUM_MINUTES,
        "unit_minutes": UNIT_MINUTES,
        "formula": "0 units under 8 minutes, else floor((minutes + 7) / 15); the pattern continues past 2 hours",
        "rows": unit_table(UNIT_TABLE_ROWS),
    })


def code_catalog() -> str:
    """The code catalog data file: timed/untimed, discipline, labels in the project's own words, sources."""
    return as_json(load_data("codes"))


def code_list() -> str:
    """The code catalog in brief, one row per code: code, label, timed, discipline (codes://catalog has sources)."""
    rows = [[c.code, c.label, c.timed, c.discipline] for c in catalog().values()]
    return json.dumps({"columns": ["code", "label", "timed", "discipline"], "rows": rows}, ensure_ascii=False,
                      separators=(",", ":"))


def data_versions() -> str:
    """The version of every data file the answers rest on, and the CMS NCCI tables the user imported (null: none)."""
    files = [{"name": name, "version": load_data(name)["version"], "description": load_data(name).get("description")}
             for name in DATA_FILES]
    status = store_status()
    return as_json({"data_version": data_version(), "files": files,
                    "ncci_tables": {"ptp": status.ptp and asdict(status.ptp), "mue": status.mue and asdict(status.mue),
                                    "import": "cpt97124-mcp data import-ptp FILE | import-mue FILE"}})


def register_resources(server: MCPServer) -> None:
    """Register the static resources and the per-rule template."""
    server.resource("rules://catalog", name="rule_catalog", title="Rule catalog", mime_type=JSON)(rule_catalog)
    server.resource("rules://rule/{rule_id}", name="rule", title="One rule with its sources", mime_type=JSON)(
        rule_resource)
    server.resource("units://table", name="unit_table", title="15-minute unit table", mime_type=JSON)(units_table)
    server.resource("codes://catalog", name="code_catalog", title="Code catalog", mime_type=JSON)(code_catalog)
    server.resource("codes://list", name="code_list", title="Code catalog, compact", mime_type=JSON)(code_list)
    server.resource("data://versions", name="data_versions", title="Data versions", mime_type=JSON)(data_versions)
