"""The anggaran checks: each a small named rule over the prepared ``KonteksAnggaran``.

Registered in ``ATURAN_ANGGARAN`` and run in this order by ``hitung_anggaran``; the
order is the order of the findings on the Validasi sheet within a tingkat and cell.
To add a check: write a function here, decorate it with the jenis it reports
(docs/menambah_aturan.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from kinerja_xl.domain.anggaran import (
    _DICEK_REFERENSI,
    _HEADER,
    _KOLOM_RUPIAH,
    _NAMA_TINGKAT,
    KonteksAnggaran,
    _lokasi,
    _uraian_baku,
    _wakil_ketik,
)
from kinerja_xl.domain.angka import format_rupiah as _rp
from kinerja_xl.domain.aturan import DaftarAturan, Jenis, Tingkat
from kinerja_xl.domain.kode import BA_ES1, FORMAT_2021, FORMAT_LAMA
from kinerja_xl.domain.temuan import Temuan

ATURAN_ANGGARAN: DaftarAturan[KonteksAnggaran] = DaftarAturan("anggaran")
aturan = ATURAN_ANGGARAN.aturan
Indeks = int | np.integer[Any]


def _di_baris(
    k: KonteksAnggaran, i: Indeks, jenis: Jenis, pesan: str, kunci: str, tercatat: Any = None, seharusnya: Any = None
) -> Temuan:
    """A finding on data row ``i``: its ``kunci`` cell, named by the code as typed."""
    b = k.b
    return Temuan(
        jenis,
        pesan,
        lokasi=_lokasi(b.sumber[i], kunci),
        kode=b.teks_kode(i),
        nilai_tercatat=tercatat,
        nilai_seharusnya=seharusnya,
    )


def _di_simpul(
    k: KonteksAnggaran, i: Indeks, jenis: Jenis, pesan: str, kunci: str, tercatat: Any = None, seharusnya: Any = None
) -> Temuan:
    """A finding on node ``i`` of the code tree: the ``kunci`` cell of the row that typed it (if any)."""
    return Temuan(
        jenis,
        pesan,
        lokasi=_lokasi(k.baris_sumber(i), kunci),
        kode=k.kode_simpul(i),
        nilai_tercatat=tercatat,
        nilai_seharusnya=seharusnya,
    )


@aturan(Jenis.KODE_FORMAT)
def referensi_tambahan(k: KonteksAnggaran) -> Iterator[Temuan]:
    """Rows of the workbook's own Referensi list that cannot be read."""
    yield from k.temuan_referensi


@aturan(Jenis.NILAI_KOSONG)
def kode_kosong(k: KonteksAnggaran) -> Iterator[Temuan]:
    for i in np.flatnonzero(k.b.kode_kosong):
        yield Temuan(
            Jenis.NILAI_KOSONG,
            "Kode anggaran kosong; isi kode baris ini (mis. 3355.003 atau CQ.6709.QGE.001) agar dapat dijumlahkan.",
            lokasi=_lokasi(k.b.sumber[i], "kode"),
        )


@aturan(Jenis.KODE_FORMAT)
def kode_tidak_terbaca(k: KonteksAnggaran) -> Iterator[Temuan]:
    b = k.b
    for i in np.flatnonzero(~b.valid & ~b.kode_kosong):
        pesan = f"{b.kode['pesan'].iat[int(i)]} Baris ini tidak ikut dijumlahkan."
        yield _di_baris(k, i, Jenis.KODE_FORMAT, pesan, "kode", b.teks_kode(i))


@aturan(Jenis.NILAI_TIDAK_VALID)
def rupiah_tidak_terbaca(k: KonteksAnggaran) -> Iterator[Temuan]:
    b = k.b
    for kunci, salah in b.salah.items():
        for i, alasan in salah.items():
            pesan = f"{_HEADER[kunci]} baris kode '{b.teks_kode(i)}': {alasan}"
            yield _di_baris(k, i, Jenis.NILAI_TIDAK_VALID, pesan, kunci, b.data[kunci].iat[i])


@aturan(Jenis.FORMAT_KODE_CAMPURAN)
def format_kode_campuran(k: KonteksAnggaran) -> Iterator[Temuan]:
    b = k.b
    valid, fmt = b.valid, b.kode["format"]
    if fmt[valid].nunique() <= 1:
        return
    contoh = {f: b.teks_kode(int(np.flatnonzero(valid & (fmt == f).to_numpy())[0])) for f in (FORMAT_2021, FORMAT_LAMA)}
    yield Temuan(
        Jenis.FORMAT_KODE_CAMPURAN,
        f"Tabel memuat kode format sejak 2021 (mis. {contoh[FORMAT_2021]}) dan format sebelum 2021 "
        f"(mis. {contoh[FORMAT_LAMA]}). Keduanya dijumlahkan terpisah; pastikan semua baris dari tahun "
        "anggaran yang sama.",
        tingkat=Tingkat.PERINGATAN,
        lokasi=_lokasi(None, "kode"),
    )


def _angka_sama(k: KonteksAnggaran, p0: int, p: int) -> bool:
    a = k.b.angka
    return all((a[c][1][p] == a[c][1][p0]) and (a[c][0][p] == a[c][0][p0]) for c in _KOLOM_RUPIAH)


def _kode_ganda(k: KonteksAnggaran, kode_baku: str, p0: int, p: int) -> Temuan:
    b = k.b
    pagu_v, sumber, teks = b.angka["pagu"][0], b.sumber, b.teks_kode(p)
    if _angka_sama(k, p0, p):
        return Temuan(
            Jenis.KODE_GANDA,
            f"Kode {teks} tercatat dua kali dengan angka yang sama (juga di baris data "
            f"{sumber[p0] + 1}); baris ini tidak ikut dijumlahkan. Hapus salah satunya.",
            tingkat=Tingkat.PERINGATAN,
            lokasi=_lokasi(sumber[p], "kode"),
            kode=teks,
            nilai_tercatat=kode_baku,
        )
    return Temuan(
        Jenis.KODE_GANDA,
        f"Kode {teks} tercatat dua kali dengan angka berbeda (pagu {_rp(pagu_v[p])} di sini, "
        f"{_rp(pagu_v[p0])} di baris data {sumber[p0] + 1}); hanya baris pertama dijumlahkan. "
        "Satukan menjadi satu baris dengan angka yang benar.",
        tingkat=Tingkat.GALAT,
        lokasi=_lokasi(sumber[p], "pagu"),
        kode=teks,
        nilai_tercatat=int(pagu_v[p]),
        nilai_seharusnya=int(pagu_v[p0]),
    )


@aturan(Jenis.KODE_GANDA, Jenis.URAIAN_BERTENTANGAN)
def kode_ganda(k: KonteksAnggaran) -> Iterator[Temuan]:
    """A canonical code typed twice (only the first line is summed); a conflicting uraian beside it."""
    b = k.b
    uraian = b.data["uraian"]
    for kode_baku, p0, p in b.ganda:
        yield _kode_ganda(k, kode_baku, p0, p)
        u0, u1 = _uraian_baku(uraian.iat[p0]), _uraian_baku(uraian.iat[p])
        if u0 and u1 and u0 != u1:
            pesan = (
                f"Kode {b.teks_kode(p)} memakai uraian '{uraian.iat[p]}' padahal di baris data {b.sumber[p0] + 1} "
                f"uraiannya '{uraian.iat[p0]}'. Satu kode hanya boleh satu uraian."
            )
            yield _di_baris(k, p, Jenis.URAIAN_BERTENTANGAN, pesan, "uraian", str(uraian.iat[p]), str(uraian.iat[p0]))


@aturan(Jenis.JUMLAH_TIDAK_SESUAI)
def induk_tidak_sama_rincian(k: KonteksAnggaran) -> Iterator[Temuan]:
    """A typed parent figure against the sum of its children, to the rupiah."""
    p = k.p
    for kunci in ("pagu", "realisasi"):
        ketik_v, ada_v = p.ketik[kunci]
        jumlah = p.jumlah[kunci]
        for i in np.flatnonzero(p.diketik & p.punya_anak & ada_v & (ketik_v != jumlah)):
            pesan = (
                f"{kunci.capitalize()} {k.kode_simpul(i)} tertulis {_rp(ketik_v[i])}, sedangkan jumlah {kunci} "
                f"rinciannya {_rp(jumlah[i])} (selisih {_rp(int(ketik_v[i]) - int(jumlah[i]))}). "
                "Perbaiki angka baris ini atau rinciannya."
            )
            yield _di_simpul(k, i, Jenis.JUMLAH_TIDAK_SESUAI, pesan, kunci, int(ketik_v[i]), int(jumlah[i]))


@aturan(Jenis.NILAI_KOSONG)
def pagu_kosong(k: KonteksAnggaran) -> Iterator[Temuan]:
    """Empty Pagu on a typed line without children."""
    p = k.p
    p_ada, p_salah = p.ketik["pagu"][1], p.ketik["pagu_salah"][0]
    for i in np.flatnonzero(p.diketik & ~p.punya_anak & ~p_ada & ~p_salah):
        yield _di_simpul(k, i, Jenis.NILAI_KOSONG, f"Pagu kode {k.kode_simpul(i)} kosong; isi pagu baris ini.", "pagu")


@aturan(Jenis.REALISASI_MELEBIHI_PAGU)
def realisasi_melebihi_pagu(k: KonteksAnggaran) -> Iterator[Temuan]:
    p = k.p
    pagu_u, real_u = p.pakai["pagu"], p.pakai["realisasi"]
    lebih = p.diketik & (real_u > pagu_u) & (p.ketik["pagu"][1] | p.ketik["realisasi"][1])
    for i in np.flatnonzero(lebih):
        pesan = (
            f"Realisasi {k.kode_simpul(i)} {_rp(real_u[i])} melebihi pagunya {_rp(pagu_u[i])} "
            f"(lebih {_rp(int(real_u[i]) - int(pagu_u[i]))}); periksa realisasi atau revisi pagu."
        )
        yield _di_simpul(k, i, Jenis.REALISASI_MELEBIHI_PAGU, pesan, "realisasi", int(real_u[i]), int(pagu_u[i]))


@aturan(Jenis.JUMLAH_TIDAK_SESUAI, Jenis.NILAI_DITURUNKAN)
def bulanan_tidak_sama_setahun(k: KonteksAnggaran) -> Iterator[Temuan]:
    """Monthly RPD and realisasi against the annual figures; realisasi derived from the months."""
    b = k.b
    if not b.n:
        return
    pagu_v, pagu_ada = b.angka["pagu"]
    rpd_beda = b.rpd_ada.any(axis=1) & (b.rpd.sum(axis=1) != pagu_v) & pagu_ada & b.utama
    # months left empty before the last filled one are known only as a total (a SAKTI import of some
    # months): such a row's months cannot be held against its annual Realisasi
    terakhir = 11 - np.argmax(b.rb_ada[:, ::-1], axis=1)
    tanpa_celah = b.rb_ada.cumsum(axis=1)[np.arange(b.n), terakhir] == terakhir + 1
    rb_beda = (
        b.rb_ada.any(axis=1) & tanpa_celah & ~b.real_kosong & b.real_ada & (b.rb.sum(axis=1) != b.real_v) & b.utama
    )
    for i in np.flatnonzero(rpd_beda):
        pesan = (
            f"Jumlah RPD Jan-Des kode {b.teks_kode(i)} {_rp(b.rpd[i].sum())} tidak sama dengan pagunya "
            f"{_rp(pagu_v[i])}."
        )
        yield _di_baris(k, i, Jenis.JUMLAH_TIDAK_SESUAI, pesan, "rpd_1", int(b.rpd[i].sum()), int(pagu_v[i]))
    for i in np.flatnonzero(rb_beda):
        pesan = (
            f"Jumlah realisasi Jan-Des kode {b.teks_kode(i)} {_rp(b.rb[i].sum())} tidak sama dengan "
            f"Realisasi setahun {_rp(b.real_v[i])}."
        )
        yield _di_baris(k, i, Jenis.JUMLAH_TIDAK_SESUAI, pesan, "realisasi", int(b.real_v[i]), int(b.rb[i].sum()))
    n_dari_bulan = int((b.dari_bulan & b.utama).sum())
    if n_dari_bulan:
        yield Temuan(
            Jenis.NILAI_DITURUNKAN,
            f"Realisasi {n_dari_bulan} baris yang kosong diisi dari jumlah realisasi bulanannya.",
            lokasi=_lokasi(None, "realisasi"),
        )


@aturan(Jenis.KODE_TANPA_INDUK)
def induk_tidak_diketik(k: KonteksAnggaran) -> Iterator[Temuan]:
    """A child without its parent line although other lines of the parent's level are typed."""
    p = k.p
    diketik, induk_i = p.diketik, p.induk_i
    tingkat_diketik = set(zip(p.fmt[diketik], p.tingkat[diketik], strict=True))
    induk_tidak_diketik = (induk_i >= 0) & ~np.where(induk_i >= 0, diketik[np.clip(induk_i, 0, None)], True)
    for i in np.flatnonzero(diketik & induk_tidak_diketik):
        j = induk_i[i]
        if (p.fmt[j], p.tingkat[j]) in tingkat_diketik:
            pesan = (
                f"Kode {k.kode_simpul(i)} tidak punya baris induk {p.kb[j]} di tabel, padahal baris "
                f"{_NAMA_TINGKAT.get(p.tingkat[j], p.tingkat[j])} lain "
                "diketik. Induknya dihitung dari rinciannya; tambahkan baris induk bila memang ada."
            )
            yield _di_simpul(k, i, Jenis.KODE_TANPA_INDUK, pesan, "kode", seharusnya=str(p.kb[j]))


@aturan(Jenis.KODE_TANPA_INDUK)
def program_tidak_diketahui(k: KonteksAnggaran) -> Iterator[Temuan]:
    """A code without program whose program the reference does not know, while other lines have one."""
    p = k.p
    berprogram = pd.Series(p.kb, dtype=object).str.startswith(BA_ES1 + ".").to_numpy(dtype=bool) if p.m else p.diketik
    tanpa_program = p.diketik & ~berprogram & (p.induk_i < 0)
    if not (tanpa_program.any() and (~tanpa_program & p.diketik).any() and berprogram.any()):
        return
    for i in np.flatnonzero(tanpa_program):
        pesan = (
            f"Kode {k.kode_simpul(i)} tidak memuat program dan programnya tidak diketahui dari referensi, "
            "padahal baris lain berprogram. Tulis kode lengkap (mis. CQ.6709.QGE.001) atau tambahkan "
            "kegiatannya di lembar Referensi."
        )
        yield _di_simpul(k, i, Jenis.KODE_TANPA_INDUK, pesan, "kode")


_TINGKAT_BERINDUK = ["kegiatan", "kro", "ro", "output", "komponen", "subkomponen"]


@aturan(Jenis.KODE_FORMAT, Jenis.KODE_BERHENTI_DI_KRO)
def segmen_tertinggal(k: KonteksAnggaran) -> Iterator[Temuan]:
    """A line that stops one level early while all its siblings go deeper (at KRO level only a
    peringatan: published reports have legitimate KRO-level lines)."""
    p = k.p
    if not p.m:
        return
    induk_i, punya_anak = p.induk_i, p.punya_anak
    daun_ketik = p.diketik & ~punya_anak & np.isin(p.tingkat, _TINGKAT_BERINDUK)
    kelompok = np.where(induk_i >= 0, induk_i, -1 - (p.fmt == FORMAT_LAMA).astype(np.int64))
    saudara = (
        pd.DataFrame({"k": kelompok, "anak": punya_anak.astype(np.int64)}).groupby("k")["anak"].agg(["sum", "count"])
    )
    jml_anak = saudara["sum"].reindex(kelompok).to_numpy()
    jml = saudara["count"].reindex(kelompok).to_numpy()
    for i in np.flatnonzero(daun_ketik & (jml >= 2) & (jml_anak == jml - 1)):
        tingkat = str(p.tingkat[i])
        pesan = (
            f"Kode {k.kode_simpul(i)} berhenti di tingkat {_NAMA_TINGKAT.get(tingkat, tingkat)}, padahal semua "
            "kode sejenis di bawah "
            f"{p.kb[induk_i[i]] if induk_i[i] >= 0 else 'tingkat yang sama'} dirinci lebih dalam; "
            "kemungkinan segmen terakhir kodenya tertinggal."
        )
        jenis = Jenis.KODE_BERHENTI_DI_KRO if tingkat == "kro" else Jenis.KODE_FORMAT
        yield _di_simpul(k, i, jenis, pesan, "kode", k.kode_simpul(i))


def _kode_asing(k: KonteksAnggaran) -> tuple[np.ndarray, np.ndarray]:
    """(unknown program/kegiatan/KRO/RO/output/akun nodes, their last segment)."""
    p = k.p
    ref_kode = set(k.ref["kode"])
    kbs = pd.Series(p.kb, dtype=object)
    akhir = kbs.str.rpartition(".")[2].to_numpy(dtype=object)
    dua = kbs.str.extract(r"([^.]+\.[^.]+)$", expand=False).to_numpy(dtype=object)
    kenal = (
        kbs.isin(ref_kode).to_numpy()
        | (p.tingkat == "kro") & pd.Series(akhir).isin(ref_kode).to_numpy()
        | (p.tingkat == "ro") & pd.Series(dua).isin(ref_kode).to_numpy()
        | (p.tingkat == "akun") & pd.Series(akhir).str.startswith("5").to_numpy(dtype=bool)
    )
    cek = np.isin(p.tingkat, _DICEK_REFERENSI) | (p.tingkat == "akun")
    return cek & ~kenal, akhir


@aturan(Jenis.KODE_TIDAK_DIKENAL)
def kode_tidak_dikenal(k: KonteksAnggaran) -> Iterator[Temuan]:
    """A program/kegiatan/KRO/RO/output not in the reference list, or an akun that is not belanja."""
    p = k.p
    if not (np.isin(p.tingkat, _DICEK_REFERENSI) | (p.tingkat == "akun")).any():
        return
    asing, akhir = _kode_asing(k)
    if not asing.any():
        return
    wakil = _wakil_ketik(p.induk_i, p.diketik, p.kedalaman)
    for i in np.flatnonzero(asing):
        w = wakil[i]
        if p.tingkat[i] == "akun":
            pesan = (
                f"Akun {akhir[i]} pada kode {k.kode_simpul(i)} bukan akun belanja (51 pegawai, 52 barang, "
                "53 modal, ...); periksa kode akunnya."
            )
        else:
            pesan = (
                f"Kode {p.tingkat[i]} {p.kb[i]} tidak ada di daftar referensi KPU. Periksa kodenya, atau "
                "tambahkan kode dan uraiannya di lembar Referensi bila memang benar."
            )
        yield Temuan(
            Jenis.KODE_TIDAK_DIKENAL,
            pesan,
            lokasi=_lokasi(int(k.b.sumber[p.pos[w]]) if w >= 0 else None, "kode"),
            kode=k.kode_simpul(w) if w >= 0 else str(p.kb[i]),
            nilai_tercatat=str(p.kb[i]),
        )


@aturan(Jenis.INDUK_DIHITUNG)
def induk_dihitung(k: KonteksAnggaran) -> Iterator[Temuan]:
    """One info line for the parent figures the tool derived."""
    p = k.p
    n_turunan = int((~p.diketik).sum() + (p.diketik & p.pagu_dihitung).sum())
    if n_turunan:
        yield Temuan(
            Jenis.INDUK_DIHITUNG,
            f"{n_turunan} baris induk (program/kegiatan/KRO/RO/...) tidak diketik lengkap; pagu dan realisasinya "
            "dihitung dari jumlah rinciannya.",
            lokasi=_lokasi(None, "kode"),
        )


@aturan(Jenis.NILAI_TIDAK_VALID)
def volume_tidak_terbaca(k: KonteksAnggaran) -> Iterator[Temuan]:
    b = k.b
    for q, kunci, raw, alasan in k.vol.salah:
        yield _di_baris(k, q, Jenis.NILAI_TIDAK_VALID, f"{_HEADER[kunci]} kode {b.teks_kode(q)}: {alasan}", kunci, raw)
