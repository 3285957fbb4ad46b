"""The templates and data files ship inside the wheel and load from an installed copy, not the checkout."""

import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    if shutil.which("git") is None and not (ROOT / "pyproject.toml").exists():
        pytest.skip("no source tree")
    out = tmp_path_factory.mktemp("wheel")
    p = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0, p.stderr
    return next(out.glob("evidence_pack-*.whl"))


def test_wheel_contains_templates_fonts_and_profiles(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "evidence_pack/templates/justification/defective.txt.j2" in names
    assert "evidence_pack/templates/response/reject.txt.j2" in names
    assert "evidence_pack/platforms/aliexpress.toml" in names
    assert "evidence_pack/fonts/DroidSansFallbackFull.ttf" in names


def test_templates_load_from_installed_wheel(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import evidence_pack, evidence_pack.texts.templating as t; "
        "d = t.templates_dir(); "
        f"assert str(d).startswith({str(site)!r}), d; "
        f"assert evidence_pack.__file__.startswith({str(site)!r}), evidence_pack.__file__; "
        "t.environment().get_template('justification/defective.txt.j2'); print('ok')"
    )
    p = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    assert p.returncode == 0 and p.stdout.strip() == "ok", p.stderr
