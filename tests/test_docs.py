"""Docs stay honest: every command and every rule id is in the README, with help."""

import pytest

from cleantext.cli import build_parser, main, _register_extras
from cleantext.html.rules import HTML_RULES
from cleantext.rules import OTHER_RULES, RULES
from conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def _commands():
    _register_extras()
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_documented_and_has_help(command, capsys):
    assert f"cleantext {command}" in README
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert len(capsys.readouterr().out) > 100


@pytest.mark.parametrize("rule_id", sorted(RULES) + sorted(OTHER_RULES) + sorted(HTML_RULES))
def test_every_rule_id_is_in_the_readme(rule_id):
    assert f"`{rule_id}`" in README


def test_readme_opens_with_the_two_commands():
    body = README.split("\n## ")[0]
    assert "pip install . && cleantext clean examples/seed-article.txt" in body
    assert 'pip install -e ".[test]" && python -m pytest' in body
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert 'pip install -e ".[test]" && python -m pytest' in ci
