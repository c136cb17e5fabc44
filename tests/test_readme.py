"""The README's command-line tour is true to the CLI: every command it shows exists and takes the
options it is shown with."""

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"
GROUPS = {"eval"}  # commands whose first argument is a subcommand


def _tour() -> list[list[str]]:
    lines = []
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("    marsad "):
            command = line.split("#", 1)[0].strip()
            lines.append(shlex.split(command.replace("[", "").replace("]", ""))[1:])
    return lines


def test_the_readme_shows_a_tour_of_the_command_line():
    assert len(_tour()) >= 20


@pytest.mark.parametrize("args", _tour(), ids=lambda a: " ".join(a[:2]))
def test_each_command_of_the_tour_exists_with_its_options(args):
    path = args[:2] if args[0] in GROUPS else args[:1]
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, f"marsad {' '.join(path)}: {result.output}"
    for option in (a for a in args if a.startswith("--")):
        assert re.search(rf"{re.escape(option)}\b", result.output), f"marsad {' '.join(path)} has no {option}"
