"""domain/sakti and domain/sakti_gabung as pure functions over rows (no files)."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sakti_data as sd

from kinerja_xl.contoh_sakti import CATATAN, dengan_induk, grid_glp039
from kinerja_xl.domain.sakti import (
    BarisAnggaran,
    LayoutTidakDikenal,
    RekonsiliasiGagal,
    baca_laporan,
    kenali,
    subkomponen_baku,
)
from kinerja_xl.domain.sakti_gabung import gabung


@pytest.mark.parametrize("teks, baku", [("0A", "A"), ("0B", "B"), ("AB", "AB"), ("A", "A"), ("01", "01")])
def test_subkomponen_as_the_code_form_writes_it(teks: str, baku: str) -> None:
    assert subkomponen_baku(teks) == baku


def _grid(akun: list[BarisAnggaran], **kw) -> list[list]:
    lap = sd.laporan_nyata(sd.OKTOBER)
    nama = {b.segmen: b.uraian for b in lap.baris}
    return grid_glp039(replace(lap, baris=dengan_induk(akun, nama)), **kw)


def test_ro_with_letters_reads_as_an_ro() -> None:
    akun = [replace(a, segmen=(*a.segmen[:3], "U09", *a.segmen[4:])) for a in sd.laporan_nyata(sd.OKTOBER).akun]
    lap = baca_laporan(_grid(akun), "x")
    assert {b.segmen[3] for b in lap.baris if b.tingkat == "ro"} == {"U09"}
    assert gabung([replace(lap, kode_ba="076")]).pagu[3]["Kode"] == "076.01.WA.6336.EBA.U09"


def test_a_wrapped_line_repeated_after_the_page_break_is_read_once() -> None:
    akun = sd.laporan_nyata(sd.OKTOBER).akun
    rows = _grid(akun, per_halaman=7, ulang_tiap=1)
    ulang = sum(1 for i, r in enumerate(rows[1:-1], 1) if r[1] == CATATAN and rows[i + 1] == rows[i - 1])
    assert ulang >= 5
    lap = baca_laporan(rows, "x")
    assert len(lap.akun) == len(akun) and sum(a.pagu for a in lap.akun) == sd.PAGU_NYATA
    # the continuation may also be the wrapped text alone, without its code
    i = next(i for i, r in enumerate(rows) if r[1] == CATATAN and rows[i + 1] == rows[i - 1] and rows[i - 1][7])
    rows[i + 1][7], rows[i + 1][12] = "", "Dalam Kota"
    assert len(baca_laporan(rows, "x").akun) == len(akun)


def test_a_line_under_the_wrong_parent_is_refused() -> None:
    rows = sd.baris_nyata(sd.OKTOBER)
    i = next(i for i, r in enumerate(rows) if r[5] == "127.0A")
    rows[i][5] = "126.0A"  # a sub-komponen of 126 under komponen 127
    with pytest.raises(LayoutTidakDikenal, match="sub-komponen '126.0A' berada di bawah komponen '127'"):
        baca_laporan(rows, "x")


def test_an_amount_outside_every_column_is_refused() -> None:
    rows = sd.baris_nyata(sd.OKTOBER)
    i = next(i for i, r in enumerate(rows) if r[7] == "522191")
    rows[i][20] = 5.0  # an akun line with a number in column U: under no header
    with pytest.raises(LayoutTidakDikenal, match="kolom 21"):
        baca_laporan(rows, "x")


def test_unknown_rows_name_what_is_recognised() -> None:
    with pytest.raises(LayoutTidakDikenal, match="MonSAKTI"):
        kenali([["Nama", "Jumlah"], ["ATK", "1000"]], "lain.csv")


def test_sd_that_is_not_lalu_plus_ini_is_a_reconciliation_failure() -> None:
    akun = sd.laporan_nyata(sd.OKTOBER).akun
    akun = [replace(a, ini=a.ini + 5) if i == 3 else a for i, a in enumerate(akun)]
    lap = replace(baca_laporan(_grid(akun), "x"), kode_ba="076")
    with pytest.raises(RekonsiliasiGagal, match="bukan periode lalu"):
        gabung([lap])


def test_lock_pagu_is_an_info_finding() -> None:
    akun = sd.laporan_nyata(sd.OKTOBER).akun
    akun = [replace(a, lock=250_000) if i in (2, 5) else a for i, a in enumerate(akun)]
    lap = replace(baca_laporan(_grid(akun), "x"), kode_ba="076")
    kunci = [t for t in gabung([lap]).temuan if t.jenis == "lock_pagu"]
    assert len(kunci) == 1 and kunci[0].tingkat.value == "info"
    assert "2 akun" in kunci[0].pesan and "Rp 500.000" in kunci[0].pesan
