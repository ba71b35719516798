"""Shared fixtures for the kinerja_xl test suite."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from kinerja_xl.libreoffice import cari_soffice

# Machines here are shared and noisy: a property test must fail on a wrong answer, never
# on a slow example. CI also runs a fixed sequence of examples, so a red run reproduces.
settings.register_profile("kinerja", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", parent=settings.get_profile("kinerja"), derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "kinerja")


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
