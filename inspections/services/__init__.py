"""Use cases: one function each.  They check permission and lifecycle, write an audit row,
flush, and never commit — the web edge or CLI commits once."""
