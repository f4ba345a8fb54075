"""Curated records as people edit them: the record schema, YAML loading with line numbers,
the sources manifest and locating quotes in source texts."""
