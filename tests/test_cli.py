"""The command line through CliRunner: exit codes and messages."""

import json
import shutil

import pytest
from click.testing import CliRunner

from evidence_pack.cli import cli
from tests.conftest import SAMPLES

WHEN = "2026-11-01T12:00:00Z"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_build_sample(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(SAMPLES / "wrong-colour", case, ignore=shutil.ignore_patterns("out"))
    r = run("build", case, "-o", tmp_path / "out", "--generated-at", WHEN)
    assert r.exit_code == 0, r.output
    assert "built" in r.output and "4 exhibits" in r.output
    assert (tmp_path / "out" / "evidence.pdf").is_file()


def test_build_bad_case_exit_1_names_field(make_case, tmp_path):
    root = make_case(toml=(make_case(name="ok") / "case.toml").read_text().replace('"12.50"', '"12,50"'))
    r = run("build", root, "-o", tmp_path / "o")
    assert r.exit_code == 1
    assert "case.toml: order.unit_price: '12,50' is not a number; write \"12.50\"" in r.output
    assert "Traceback" not in r.output
    assert not (tmp_path / "o").exists()


def test_build_unreadable_lists_all_then_skip(make_case, tmp_path):
    root = make_case(files={"photos/a.jpg": None, "photos/b.jpg": b"", "photos/c.jpg": b"garbage!"})
    r = run("build", root, "-o", tmp_path / "o")
    assert r.exit_code == 1 and "photos/b.jpg" in r.output and "photos/c.jpg" in r.output
    r = run("build", root, "-o", tmp_path / "o", "--skip-unreadable")
    assert r.exit_code == 0, r.output
    assert "left out: photos/b.jpg" in r.output


def test_usage_error_exit_2():
    assert run("build").exit_code == 2
    assert run("build", "x", "--platform", "nope").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_bad_generated_at_is_usage_error(tmp_path):
    r = run("build", tmp_path, "--generated-at", "yesterday")
    assert r.exit_code == 2 and "not a date-time" in r.output


def test_missing_folder(tmp_path):
    r = run("build", tmp_path / "nope")
    assert r.exit_code == 1 and "no such folder" in r.output


def test_check_ok_and_problems(make_case):
    assert run("check", SAMPLES / "one-of-two-dead").exit_code == 0
    text = (make_case(name="base") / "case.toml").read_text()
    text = text.replace('currency = "USD"', 'currency = "usdollar"').replace("quantity = 2", "quantity = 0")
    root = make_case(toml=text, files={"photos/a.jpg": None, "photos/b.jpg": b"", "chat/c.png": b"text"})
    r = run("check", root)
    assert r.exit_code == 1
    for words in ("order.currency", "order.quantity", "photos/b.jpg", "chat/c.png"):
        assert words in r.output


def test_check_json(make_case):
    root = make_case(files={"photos/a.jpg": None, "photos/b.jpg": b""})
    r = CliRunner().invoke(cli, ["check", str(root), "--json"])
    data = json.loads(r.stdout)
    assert r.exit_code == 1 and data["ok"] is False
    assert any("photos/b.jpg" in e for e in data["errors"])


def test_platforms_lists_limits():
    r = run("platforms")
    assert r.exit_code == 0
    assert "aliexpress" in r.output and "2,000,000 bytes per file" in r.output and "ASCII" in r.output
    assert "open within 180 days" in r.output


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_example(command):
    r = run(command, "--help")
    assert r.exit_code == 0
    assert "Example: evidence-pack" in r.output


def test_module_entry_point(tmp_path):
    import subprocess
    import sys

    p = subprocess.run([sys.executable, "-m", "evidence_pack", "--version"], capture_output=True, text=True)
    assert p.returncode == 0 and "evidence-pack" in p.stdout


def test_a_bug_is_reported_as_one(make_case, monkeypatch):
    """An unexpected exception says plainly that it is a bug, writes nothing, and exits 1; with
    EVIDENCE_PACK_DEBUG the traceback is shown."""
    import evidence_pack.build as build_mod

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(build_mod, "build_case", broken)
    case = make_case()
    result = CliRunner().invoke(cli, ["build", str(case)])
    assert result.exit_code == 1
    assert "internal error: ZeroDivisionError: division by zero" in result.output
    assert "This is a bug in evidence-pack; nothing was written" in result.output
    assert not (case / "out").exists()
    monkeypatch.setenv("EVIDENCE_PACK_DEBUG", "1")
    result = CliRunner().invoke(cli, ["build", str(case)])
    assert isinstance(result.exception, ZeroDivisionError)
