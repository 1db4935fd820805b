#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accsm_portal.settings.base")
    # Without a SECRET_KEY this is a developer's checkout (makemigrations, makemessages, a
    # pre-commit check): run in development mode rather than refuse. A deployment always sets
    # SECRET_KEY, and the web process (wsgi.py) still refuses to start without one.
    if not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
