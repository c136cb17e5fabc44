"""Linking stories and events across documents: duplicates, story clusters, corroboration."""
