"""Kithkin: a local-first, relationship-first network manager."""

__version__ = "0.1.0"
