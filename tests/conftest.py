"""Shared test fixtures. Settings: signaalwijzer.config.settings_test (see pyproject.toml)."""

import os

# For code under test that reads the environment itself (e.g. management commands run in a subprocess).
os.environ.setdefault("SIGNAALWIJZER_DEBUG", "true")
