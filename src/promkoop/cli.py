"""The `promkoop` command: Django's management commands under one name.

`promkoop migrate`, `promkoop load-reference`, `promkoop import FILE`,
`promkoop demo`, `promkoop runserver` … Dashes in a command name are accepted
for the project's own commands (`load-reference` runs `load_reference`).
"""
import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "promkoop.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "promkoop"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
