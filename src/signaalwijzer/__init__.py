"""Signaalwijzer: signalen van mensenhandel herkennen, wegen en doorzetten."""

__version__ = "0.1.0"
