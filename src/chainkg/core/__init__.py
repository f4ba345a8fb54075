"""Shared ground for every layer: namespaces and IRIs, where the data lives, atomic files."""
