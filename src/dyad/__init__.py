"""Dyad: news coverage of international relations turned into a source-cited record."""

__version__ = "0.1.0"
