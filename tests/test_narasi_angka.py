"""Every number the narrative prints must be a figure of the computed tables.

Each paragraph names its source codes in the Kode column; the test strips the
verbatim texts (names, uraian, staff analysis, codes), parses every remaining
number and checks it against the figures of those rows (plus the report
totals), and checks every "N (kata)" against terbilang(N).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.contoh import satker_contoh, satker_sintetis
from kinerja_xl.domain.angka import bulatkan, parse_nilai, parse_rupiah, terbilang
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.narasi.render import f_bilangan, f_rupiah_terbilang
from kinerja_xl.narasi.susun import BATAS_RENDAH, susun_naskah
from kinerja_xl.services.hitung import nilai
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.template import contract as c

RE_RUPIAH = re.compile(r"Rp (\d{1,3}(?:\.\d{3})*),-")
RE_TERBILANG = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*|\d+) \(([a-z ]+)\)")
RE_PERSEN = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*(?:,\d+)?|\d+(?:,\d+)?)%")
RE_ANGKA = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\w])")


def _d(teks: str) -> Decimal:
    return Decimal(teks.replace(".", "").replace(",", "."))


def _hasil(tabel):
    return nilai(baca_masukan(RecordingGateway(tabel)))


def _isi(v) -> bool:
    return v is not None and not (isinstance(v, float) and v != v) and str(v).strip() != ""


def _angka_nilai(teks, satuan) -> set[Decimal]:
    if not _isi(teks):
        return set()
    try:
        n = parse_nilai(str(teks), satuan=satuan)
    except ValueError:
        return set()
    return {x for x in (n.angka, n.bawah, n.atas) if x is not None}


def _sumber(hasil):
    """Per code: (verbatim texts, numeric figures, rupiah figures)."""
    per_kode: dict[str, tuple[set[str], set[Decimal], set[int]]] = {}

    def tambah(kode, teks=(), angka=(), rupiah=()):
        t, a, r = per_kode.setdefault(str(kode), (set(), set(), set()))
        t.update(x for x in teks if _isi(x))
        a.update(Decimal(int(x)) if hasattr(x, "item") else Decimal(x) for x in angka if x is not None)
        r.update(int(x) for x in rupiah if x is not None)

    ind = hasil.capaian.indikator
    for r in ind.to_dict("records"):
        cap = r["capaian"]
        tambah(
            r["kode"],
            teks=(
                r["kode"],
                r["indikator"],
                r["analisis_penyebab"],
                r["upaya_perbaikan"],
                r["keterangan"],
                r["uraian_sasaran"],
            ),
            angka=[
                r["target_nilai"],
                r["realisasi_nilai"],
                None if cap is None else bulatkan(cap, 2),
                *_angka_nilai(r["target"], r["satuan"]),
                *_angka_nilai(r["realisasi"], r["satuan"]),
                *_angka_nilai(r["realisasi_tahun_lalu"], r["satuan"]),
                *_angka_nilai(r["target_renstra"], r["satuan"]),
            ],
        )
    m = hasil.masukan
    keberhasilan = m.df(c.REALISASI_TABLE)["analisis_keberhasilan"].tolist()
    for r in ind.to_dict("records"):  # staff's text beside the realisasi (verbatim)
        j = r["baris_realisasi"]
        if j is not None and j == j and int(j) < len(keberhasilan):
            tambah(r["kode"], teks=(keberhasilan[int(j)],))
    for spec, kolom in ((c.RIWAYAT_TABLE, "realisasi"), (c.RENSTRA_TABLE, "target")):  # past years, Renstra
        satuan = dict(zip(ind["kode"], ind["satuan"], strict=True))
        for r in m.df(spec).to_dict("records"):
            tambah(
                r["kode_indikator"],
                teks=(r[kolom],) if not _angka_nilai(r[kolom], satuan.get(r["kode_indikator"])) else (),
                angka=[Decimal(str(r["tahun"])), *_angka_nilai(r[kolom], satuan.get(r["kode_indikator"]))],
            )
    satuan = dict(zip(ind["kode"], ind["satuan"], strict=True))
    for r in m.df(c.STANDAR_NASIONAL_TABLE).to_dict("records"):  # the national standard and its source
        nilai = _angka_nilai(r["standar"], satuan.get(r["kode_indikator"]))
        tambah(r["kode_indikator"], teks=(r["sumber"], *(() if nilai else (r["standar"],))), angka=nilai)
    penjelasan = m.df(c.PAGU_TABLE)["penjelasan"].tolist()
    for nomor, s in enumerate(hasil.capaian.sasaran.to_dict("records"), 1):
        tambah(
            s["kode"],
            teks=(s["kode"], s["uraian"]),
            angka=[
                nomor,
                s["jumlah_indikator"],
                s["jumlah_dihitung"],
                None if s["capaian"] is None else bulatkan(s["capaian"], 2),
            ],
        )
    for b in hasil.anggaran.baris.to_dict("records"):
        p = b["penyerapan"]
        awal = b["pagu_awal"] if _isi(b["pagu_awal"]) else None
        i = b["baris"]
        tambah(
            b["kode"],
            teks=(b["kode"], b["uraian"], None if i is None or i != i else penjelasan[int(i)]),
            angka=[None if p is None or p != p else bulatkan(p, 2)],
            rupiah=[b["pagu"], b["realisasi"], awal, None if awal is None else abs(int(b["pagu"]) - int(awal))],
        )
    return per_kode


def _global(hasil):
    k = hasil.masukan.konfigurasi
    ind = hasil.capaian.indikator
    total = hasil.anggaran.total
    angka = {
        Decimal(k.tahun),
        Decimal(k.tahun - 1),
        Decimal(len(ind)),
        Decimal(len(hasil.capaian.sasaran)),
        BATAS_RENDAH,
        Decimal(int((ind["status"] != "dihitung").sum())),
    }
    angka |= {Decimal(int(n)) for n in ind[ind["status"] == "dihitung"]["kategori"].value_counts()}
    angka |= set(range(1, len(hasil.capaian.sasaran) + 1))
    angka.add(bulatkan(total["penyerapan"], 2))
    bar = hasil.anggaran.baris
    rendah = [
        p
        for p in bar[bar["tingkat"].isin(["program", "kegiatan", "ro", "output"])]["penyerapan"]
        if p is not None and p == p and p < BATAS_RENDAH
    ]
    angka.add(Decimal(len(rendah)))
    pagu, real = int(total["pagu"]), int(total["realisasi"])
    prog = bar[bar["tingkat"] == "program"]["pagu_awal"]
    rupiah = {pagu, real, pagu - real}
    if len(prog) and all(_isi(x) for x in prog):
        rupiah.add(sum(int(x) for x in prog))
    teks = {k.teks(c.Kunci.NAMA_SATKER)}
    return teks, {Decimal(x) for x in angka}, rupiah


def periksa_angka(hasil, naskah) -> int:
    """Assert every number of every paragraph; returns how many numbers were checked."""
    per_kode = _sumber(hasil)
    g_teks, g_angka, g_rupiah = _global(hasil)
    dicek = 0
    for p in naskah.blok:
        if p.gaya != "paragraf":
            continue
        teks_izin, angka_izin, rupiah_izin = set(g_teks), set(g_angka), set(g_rupiah)
        for kode in [k.strip() for k in p.kode.split(",") if k.strip()]:
            t, a, r = per_kode[kode]
            teks_izin |= t
            angka_izin |= a
            rupiah_izin |= r
        if p.bagian.startswith("BAB III A Sasaran"):
            nomor = int(p.bagian.rsplit(" ", 1)[1])
            angka_izin.add(Decimal(nomor))
        teks = p.teks
        for v in sorted(teks_izin, key=len, reverse=True):  # verbatim texts are not figures
            teks = teks.replace(str(v), " ")
        for m in RE_TERBILANG.finditer(teks):
            assert m.group(2) == terbilang(int(_d(m.group(1)))), (p.teks, m.group(0))
        for m in re.finditer(r"(Rp [\d.]+,-) \(([a-z ]+)\)", teks):
            assert m.group(2) == terbilang(parse_rupiah(m.group(1)), rupiah=True), (p.teks, m.group(0))
        for m in RE_RUPIAH.finditer(teks):
            assert int(_d(m.group(1))) in rupiah_izin, (p.kode, m.group(0), p.teks)
            dicek += 1
        teks = RE_RUPIAH.sub(" ", teks)
        teks = re.sub(r"\(([a-z ]+)\)", " ", teks)
        for m in RE_PERSEN.finditer(teks):
            assert _d(m.group(1)) in angka_izin, (p.kode, m.group(0), p.teks)
            dicek += 1
        teks = RE_PERSEN.sub(" ", teks)
        for m in RE_ANGKA.finditer(teks):
            assert _d(m.group(1)) in angka_izin, (p.kode, m.group(0), p.teks)
            dicek += 1
    return dicek


@pytest.fixture(scope="module")
def hasil_contoh():
    return _hasil(satker_contoh())


def test_setiap_angka_contoh_sesuai_tabel(hasil_contoh):
    naskah = susun_naskah(hasil_contoh)
    assert periksa_angka(hasil_contoh, naskah) > 300


def test_setiap_angka_sintetis_sesuai_tabel():
    hasil = _hasil(satker_sintetis(skala=2, seed=3))
    assert periksa_angka(hasil, susun_naskah(hasil)) > 300


def test_angka_yang_salah_tertangkap(hasil_contoh):
    """The checker itself fails on a paragraph whose percentage disagrees with its table."""
    naskah = susun_naskah(hasil_contoh)
    p = next(b for b in naskah.blok if b.kode == "S02.01" and "80,00%" in b.teks)
    p.teks = p.teks.replace("80,00%", "81,00%")
    with pytest.raises(AssertionError):
        periksa_angka(hasil_contoh, naskah)


def test_terbilang_yang_salah_tertangkap(hasil_contoh):
    naskah = susun_naskah(hasil_contoh)
    p = next(b for b in naskah.blok if "(dua puluh)" in b.teks)
    p.teks = p.teks.replace("(dua puluh)", "(dua belas)")
    with pytest.raises(AssertionError):
        periksa_angka(hasil_contoh, naskah)


def test_ikhtisar_memuat_unsur_wajib(hasil_contoh):
    naskah = susun_naskah(hasil_contoh)
    ikhtisar = next(b for b in naskah.blok if b.bagian == "Ikhtisar Eksekutif" and b.gaya == "paragraf")
    total = hasil_contoh.anggaran.total
    assert f"{len(hasil_contoh.capaian.indikator)} (" in ikhtisar.teks
    assert f"({terbilang(int(total['pagu']), rupiah=True)})" in ikhtisar.teks
    for r in hasil_contoh.capaian.indikator.to_dict("records"):
        if r["status"] == "dihitung" and r["capaian"] < 100:
            assert r["indikator"] in ikhtisar.teks
            assert r["kode"] in ikhtisar.kode


def test_tabel_pengukuran_sama_dengan_capaian(hasil_contoh):
    naskah = susun_naskah(hasil_contoh)
    tab = naskah.tabel_pengukuran
    ind = hasil_contoh.capaian.indikator
    assert list(tab["Indikator Kinerja"]) == list(ind["indikator"])
    for sel, r in zip(tab["Capaian"], ind.to_dict("records"), strict=False):
        if r["status"] == "dihitung":
            assert _d(sel.rstrip("%")) == bulatkan(r["capaian"], 2)
        else:
            assert sel == "-"
    assert (tab["No"] != "").sum() == len(hasil_contoh.capaian.sasaran)


def test_tabel_anggaran_jumlah_sama_dengan_total(hasil_contoh):
    naskah = susun_naskah(hasil_contoh)
    akhir = naskah.tabel_anggaran.iloc[-1]
    assert akhir["Uraian"] == "Jumlah"
    assert int(_d(akhir["Pagu (Rp)"])) == int(hasil_contoh.anggaran.total["pagu"])
    program = naskah.tabel_anggaran[naskah.tabel_anggaran["_kedalaman"] == 0]
    assert sum(int(_d(x)) for x in program["Pagu (Rp)"]) == int(hasil_contoh.anggaran.total["pagu"])


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**13))
def test_rupiah_terbilang_terbaca_kembali(n):
    teks = f_rupiah_terbilang(n)
    m = re.fullmatch(r"(Rp [\d.]+,-) \(([a-z ]+)\)", teks)
    assert m and parse_rupiah(m.group(1)) == n and m.group(2) == terbilang(n, rupiah=True)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["laporan", "dokumen", "bulan", None]))
def test_bilangan_dengan_kata_dan_satuan(n, satuan):
    teks = f_bilangan(n, satuan)
    m = re.fullmatch(r"([\d.]+) \(([a-z ]+)\)( [a-z]+)?", teks)
    assert m and int(m.group(1).replace(".", "")) == n and m.group(2) == terbilang(n)
    assert (m.group(3) or "").strip() == (satuan or "")
    assert f_bilangan(Decimal("95.5"), "%") == "95,5%"
    assert f_bilangan(Decimal("2.5"), "laporan") == "2,5 laporan"


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_ribuan_sama_dengan_format_angka(n):
    from kinerja_xl.domain.angka import format_angka, format_rupiah
    from kinerja_xl.narasi.render import f_rupiah, ribuan

    assert ribuan(n) == format_angka(n)
    assert f_rupiah(n) == format_rupiah(n) + ",-"


def test_setiap_angka_lkj_sesuai_tabel(hasil_contoh):
    """The chapters the whole LKj adds (BAB I, II, IV) and its Ikhtisar/BAB III, written from the
    satker's own PK, quote only figures of that PK's tables (issue 16)."""
    from kinerja_xl.services.dokumen import naskah_lkj
    from kinerja_xl.services.unit import nilai_unit

    naskah = naskah_lkj(hasil_contoh)
    satker = hasil_contoh.satker
    unit_bawahan = len(nilai_unit(hasil_contoh).daftar.unit) - 1  # "terdiri atas N unit kerja" (tabel struktur)
    naskah.blok = [b for b in naskah.blok if not b.bagian.startswith("Lampiran")]
    global_asli = _global

    def _global_lkj(hasil):
        teks, angka, rupiah = global_asli(hasil)
        profil = hasil.masukan.df(c.PROFIL_TABLE)["teks"]  # staff's own text, verbatim
        konf = {hasil.masukan.konfigurasi.teks(k) for k in (c.Kunci.TANGGAL_PK, c.Kunci.TANGGAL_LAPORAN)}
        return teks | konf | {t for t in profil if _isi(t)}, angka | {Decimal(unit_bawahan)}, rupiah

    globals()["_global"] = _global_lkj
    try:
        assert periksa_angka(satker, naskah) > 100
    finally:
        globals()["_global"] = global_asli
