"""Snapshot of the sample satker's narrative (reviewed for grammar), plus grammar checks on every paragraph.

Regenerate after a deliberate wording change with
``KINERJA_PERBARUI_SNAPSHOT=1 .venv/bin/pytest tests/test_narasi_snapshot.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kinerja_xl.contoh import satker_contoh, satker_sintetis
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.narasi.susun import susun_naskah
from kinerja_xl.services.hitung import nilai
from kinerja_xl.services.masukan import baca_masukan

SNAPSHOT = Path(__file__).parent / "snapshots" / "narasi_contoh.txt"


def _teks(tabel) -> str:
    naskah = susun_naskah(nilai(baca_masukan(RecordingGateway(tabel))).satker)  # what the LKj prints
    return "\n\n".join(f"[{b.gaya}] [{b.bagian} | {b.kode}]\n{b.teks}" for b in naskah.blok) + "\n"


def test_snapshot_contoh():
    teks = _teks(satker_contoh())
    if os.environ.get("KINERJA_PERBARUI_SNAPSHOT"):
        SNAPSHOT.write_text(teks, encoding="utf-8")
    assert teks == SNAPSHOT.read_text(encoding="utf-8")


@pytest.mark.parametrize("tabel", [satker_contoh, lambda: satker_sintetis(skala=2, seed=5)], ids=["contoh", "sintetis"])
def test_tata_bahasa(tabel):
    naskah = susun_naskah(nilai(baca_masukan(RecordingGateway(tabel()))))
    paragraf = [b.teks for b in naskah.blok if b.gaya == "paragraf"]
    for p in paragraf:
        assert p[0].isupper() or p[0].isdigit() or p[0] == "[", p
        assert p.endswith((".", ".)")), p
        assert "  " not in p and " ," not in p and " ." not in p and "((" not in p, p
        assert not re.search(r"\d (laporan|dokumen|bulan|kegiatan)s\b", p), p  # no English plurals
        assert not re.search(r"\b(\w+) \1\b", p, re.IGNORECASE) or re.search(r"\b(\d+) \1\b", p), p  # no doubled words
        assert "None" not in p and "nan" not in p.split() and "{{" not in p, p
    # many indikator with the same outcome do not all read the same
    awal = [p.split(" ")[0:2] for p in paragraf if " capaian" in p or "capaiannya" in p]
    assert len({tuple(a) for a in awal}) >= 3
