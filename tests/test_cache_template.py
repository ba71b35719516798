"""The built template is cached per user, in a private folder (never a shared temporary folder)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kinerja_xl import cli
from kinerja_xl.domain.temuan import KinerjaError

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")


def test_cache_is_per_user_and_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = cli.folder_cache()
    assert folder.is_relative_to(tmp_path / "cache")
    assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0
    assert folder.stat().st_uid == os.getuid()


def test_cache_writable_by_others_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = cli.folder_cache()
    folder.chmod(0o777)
    with pytest.raises(KinerjaError, match="pengguna lain"):
        cli.folder_cache()


def test_installed_package_builds_into_the_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(cli, "__file__", str(tmp_path / "terpasang" / "kinerja_xl" / "cli.py"))
    dibangun: list[Path] = []

    def bangun(p: Path) -> None:
        assert p.suffix == ".xlsm"  # the real builder refuses any other name
        dibangun.append(p)
        p.write_bytes(b"x")

    monkeypatch.setattr("kinerja_xl.template.build.bangun_template", bangun)
    path = cli.template_bawaan()
    assert path.parent == cli.folder_cache() and path.read_bytes() == b"x"
    assert cli.template_bawaan() == path and len(dibangun) == 1
    assert not str(path).startswith("/tmp/kinerja_xl-")
