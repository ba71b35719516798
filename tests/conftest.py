"""Shared fixtures for the kinerja_xl test suite."""

from __future__ import annotations

import os

import pytest

from kinerja_xl.libreoffice import cari_soffice


@pytest.fixture(scope="session")
def soffice() -> str:
    """Path of LibreOffice's soffice; FAILS when CI is set and it is missing, else skips."""
    path = cari_soffice()
    if not path:
        pesan = "LibreOffice (soffice) tidak terpasang"
        if os.environ.get("CI"):
            pytest.fail(pesan + " padahal CI menuntutnya (jalankan `make libreoffice`).")
        pytest.skip(pesan)
    return path
