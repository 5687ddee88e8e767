"""Package data: framework catalog sources (CSV, reviewed against the official texts)."""
