"""The README tells the truth: the two commands first, and every environment variable the code reads."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV_READ = re.compile(
    r"""(?:env_(?:str|bool|int|list)\(|os\.environ(?:\.get)?[\[(])\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def environment_variables_read_by_the_app() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "src" / "signaalwijzer").rglob("*.py"):
        names.update(ENV_READ.findall(path.read_text(encoding="utf-8")))
    # Set by our own entry points for Django, not configuration.
    return names - {"DJANGO_SETTINGS_MODULE"}


def test_readme_starts_with_make_run_and_make_test():
    first_block = README.split("```")[1]
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make run", "make test"]


def test_every_environment_variable_is_in_the_configuration_table():
    table = README.split("## Configuration", 1)[1]
    read = environment_variables_read_by_the_app()
    assert {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"} <= read
    missing = sorted(name for name in read if f"`{name}`" not in table)
    assert not missing, f"not documented in the README's configuration table: {missing}"
