"""The `signaalwijzer` console script: Django's manage.py with our settings as default.

`signaalwijzer migrate`, `signaalwijzer runserver`, `signaalwijzer kennis check`, `signaalwijzer screen ...`
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signaalwijzer.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["signaalwijzer", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
