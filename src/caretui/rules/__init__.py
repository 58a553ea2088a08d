"""Pure rules of the practice: no database, no screens."""
