"""Weighing engine: turns observed indicators into an explained outcome and next steps.

Pure Python: no Django import. See `rules.py` for the rules, each stated with its source.
"""
