"""Input bounds shared by the core and the tool schemas (one home, so they cannot drift): messages and schemas use
these names, never the numbers."""

MAX_SERVICES = 50
MAX_MINUTES = 1440  # one calendar day, per service and in total (CMS Pub. 100-04 Ch. 5 §20.2: per day)
MAX_MODIFIERS = 4
MAX_UNITS = 999  # units of one claim line
MAX_LINES = 50  # claim lines of one date of service
MAX_YTD_AMOUNT = 10_000_000  # dollars of therapy accrued in one year
MAX_ALTERNATIVES = 100  # tie allocations listed by compute_units (the count of all is given)
MAX_CANDIDATES = 5  # other rules a free-text topic may match, best first
CODE_PATTERN = r"^(?:[0-9]{4}[0-9FTU]|[A-Z][0-9]{4})$"
CODE_ALLOWED = (
    "5 characters: a CPT code (4 digits + digit/F/T/U, e.g. 97124) or a HCPCS code (letter + 4 digits, e.g. G0283)"
)
