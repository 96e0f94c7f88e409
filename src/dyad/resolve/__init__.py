"""Resolve: corpus-level decisions that need more than one article."""
