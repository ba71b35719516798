"""The worksheet functions as plain Python (xlwings' decorators are no-ops on Linux).

They take one cell or whole columns (2-D lists, as xlwings passes ndim=2 ranges),
answer in the same shape, give short Indonesian reasons instead of errors, and
hand all rows of an array call to the engine in one call.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.domain import capaian as capaian_mod
from kinerja_xl.domain.angka import bulatkan
from kinerja_xl.xl import udfs
from kinerja_xl.xl.udfs import (
    CAPAIAN,
    JENIS_BELANJA,
    KATEGORI,
    KODE_INDUK,
    KODE_VALID,
    PENYERAPAN,
    RUPIAH,
    SISA,
    TERBILANG,
    TINGKAT_KODE,
)


def kolom(*v):
    return [[x] for x in v]


def test_capaian_satu_sel_mengembalikan_angka():
    assert CAPAIAN(95, 100) == 105.26
    assert CAPAIAN("20%", "30%", "Negatif") == 50.0  # exact: not 50.000000000000014
    assert CAPAIAN("BB", "B") == 80.0
    assert CAPAIAN("80-90", 95, "Rentang") == 94.44


def test_capaian_kolom_dengan_kosong_galat_dan_teks():
    hasil = CAPAIAN(
        kolom(100, None, "1 Dokumen", "#N/A", 0, 5, "1 laporan", 100),
        kolom(105.26, None, "Baik", 1, 5, -2146826281, "1 Lap", 130),
        kolom("Positif", None, None, None, "Negatif", None, None, "positif"),
        120,
    )
    assert hasil[0] == [105.26]
    assert hasil[1] == [""]  # an empty row stays empty
    assert "kualitatif" in hasil[2][0]
    assert hasil[3] == ["galat #N/A"]
    assert hasil[4] == [0.0]  # negatif, target 0, realisasi > 0
    assert hasil[5] == ["galat #DIV/0!"]  # raw COM error integer
    assert hasil[6] == [100.0]
    assert hasil[7] == [120.0]  # the cap
    assert all(len(r) == 1 for r in hasil) and len(hasil) == 8


def test_capaian_target_nol_dan_polaritas_salah_beralasan_singkat():
    assert "target 0" in CAPAIAN(0, 5)
    assert CAPAIAN(10, 5, "Naik") == "polaritas tidak dikenal"
    assert CAPAIAN(kolom(1, 2), kolom(1, 2, 3)) == "ukuran rentang berbeda"


def test_satu_panggilan_array_mencapai_mesin_sekali(monkeypatch):
    panggilan = []
    asli = capaian_mod.capaian_massal

    def hitung(*a, **k):
        panggilan.append(len(a[0]))
        return asli(*a, **k)

    monkeypatch.setattr(capaian_mod, "capaian_massal", hitung)
    n = 2000
    hasil = CAPAIAN(kolom(*([100] * n)), kolom(*range(n)), "Positif")
    assert panggilan == [n]
    assert len(hasil) == n and hasil[57] == [57.0]


def test_baris_dan_bentuk_dipertahankan():
    baris = CAPAIAN([[100, 100, 100]], [[50, 100, None]])
    assert len(baris) == 1 and baris[0][:2] == [50.0, 100.0]
    assert isinstance(baris[0][2], str) and baris[0][2]
    assert SISA([[1000, 2000]], 500) == [[500, 1500]]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=10**6), st.integers(min_value=0, max_value=10**6)),
        min_size=1,
        max_size=30,
    )
)
def test_capaian_kolom_sama_dengan_per_sel(pasangan):
    t = [p[0] for p in pasangan]
    r = [p[1] for p in pasangan]
    kol = CAPAIAN(kolom(*t), kolom(*r))
    for (ti, ri), got in zip(pasangan, kol if len(pasangan) > 1 else [[kol]], strict=False):
        assert got[0] == CAPAIAN(ti, ri)
        assert Decimal(str(got[0])) == bulatkan(Decimal(ri) * 100 / Decimal(ti), 2)


def test_kategori_skala_bawaan_dan_tabel_skala():
    assert KATEGORI(kolom(105.26, 100, 90.5, 90, 50, "kualitatif", None)) == kolom(
        "Sangat Berhasil", "Berhasil", "Berhasil", "Cukup Berhasil", "Tidak Berhasil", "capaian bukan angka", ""
    )
    skala = [[80, None, "Baik"], [0, 80, "Kurang"]]
    assert KATEGORI(kolom(80, 80.01), skala) == kolom("Kurang", "Baik")
    assert KATEGORI(95, [[0, 50, "A"], [60, None, "B"]]) == "skala tidak valid"


def test_penyerapan_dan_sisa():
    assert PENYERAPAN(26555194000, 26428000000) == float(bulatkan(Decimal(26428000000) * 100 / 26555194000, 2))
    assert PENYERAPAN(kolom(1000, 0, "Rp 1.868.000", None), kolom(995, 5, "1.000.000", None)) == kolom(
        99.5, "pagu 0", 53.53, ""
    )
    assert "pecahan" in PENYERAPAN(1000, 99.5)
    assert SISA(kolom(1000, "Rp 2.000", None), kolom(900, None, 5)) == kolom(100, 2000, "")


def test_terbilang_dan_rupiah():
    assert TERBILANG(26555194000, True) == (
        "dua puluh enam miliar lima ratus lima puluh lima juta seratus sembilan puluh empat ribu rupiah"
    )
    assert TERBILANG(1001000) == "satu juta seribu"
    assert TERBILANG(kolom(1, None, "abc"), "Ya")[0] == ["satu rupiah"]
    assert TERBILANG(kolom(1, None, "abc"))[1] == [""]
    assert "bukan angka" in TERBILANG(kolom(1, None, "abc"))[2][0]
    assert RUPIAH(kolom(26555194000, -5000, "x"))[:2] == kolom("Rp 26.555.194.000", "-Rp 5.000")
    assert "bukan nilai rupiah" in RUPIAH("x")


def test_kode_fungsi_kolom():
    kode = kolom("076.01.CQ.6709.QGE.001", "3355.003", "12.34.5!", None, 6709.0, "#REF!")
    assert KODE_VALID(kode) == kolom(True, True, False, "", True, "galat #REF!")
    assert KODE_INDUK(kode)[:3] == kolom("076.01.CQ.6709.QGE", "076.01.01.3355", "kode tidak valid")
    assert TINGKAT_KODE(kode)[:3] == kolom("ro", "output", "kode tidak valid")
    assert KODE_INDUK("CQ") == "tingkat teratas"
    assert JENIS_BELANJA(kolom(521211, "524111", 511111.0, "x", "076.01.CQ.6709.QGE.001.051.A.532111")) == kolom(
        "barang", "perjalanan", "pegawai", "bukan akun", "modal"
    )


def test_tidak_pernah_teks_galat_python():
    """Whatever lands in a cell, the answer is a value or a short Indonesian reason."""
    aneh = [object(), float("nan"), True, "", "   ", "#VALUE!", 1e308, -1, "1,868,000", "1.234,5"]
    for f, argn in (
        (CAPAIAN, 2),
        (PENYERAPAN, 2),
        (SISA, 2),
        (TERBILANG, 1),
        (RUPIAH, 1),
        (KATEGORI, 1),
        (KODE_VALID, 1),
        (KODE_INDUK, 1),
        (TINGKAT_KODE, 1),
        (JENIS_BELANJA, 1),
    ):
        for v in aneh:
            try:
                hasil = f(*([kolom(v, v)] * argn))
            except Exception as e:  # pragma: no cover - the assertion message says which
                pytest.fail(f"{f.__name__}({v!r}) raised {type(e).__name__}: {e}")
            for (x,) in hasil:
                assert not (isinstance(x, str) and ("Traceback" in x or "Error" in x)), (f.__name__, v, x)


def test_udf_diekspor_dengan_nama_huruf_besar():
    from kinerja_xl.template.vba_udf import fungsi_udf

    nama = [n for n, _ in fungsi_udf(udfs)]
    assert nama == sorted(udfs.__all__)
