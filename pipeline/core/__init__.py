"""The Document and its records, the stage protocol, span helpers, coded errors, per-document limits: what every other layer builds on."""
