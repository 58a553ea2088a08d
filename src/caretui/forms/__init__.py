"""Form specs, shared sections and band tables: configuration, not code."""
