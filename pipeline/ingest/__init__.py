"""Files into Documents: discovery, doc ids, one reader per format behind one guard, encoding detection."""
