"""The capaian checks: small named rules over the prepared PK and Realisasi tables.

Four registries, run by ``hitung_capaian_tabel`` at fixed points of each row's way:
``ATURAN_REALISASI`` once over the Realisasi table, then per PK row ``ATURAN_IDENTITAS``
(its kode), ``ATURAN_INDIKATOR`` (target and choices read) and ``ATURAN_HASIL`` (the
computed capaian). The checks in ``ATURAN_TURUNAN`` belong to a derivation and are called
by the step that derives (``_tahunan``, ``_triwulan``). How to add one: docs/menambah_aturan.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from kinerja_xl.domain.angka import JenisNilai, Nilai, format_angka, format_nilai
from kinerja_xl.domain.aturan import DaftarAturan, Jenis, Tingkat
from kinerja_xl.domain.capaian import (
    _AKUMULASI_TAMPIL,
    _PK_KEYS,
    _TW_REAL,
    ALASAN_SATUAN,
    Indikator,
    KonteksCapaian,
    Status,
    _baris_kosong,
    _kode,
    _sama,
    _tampil,
    _teks,
)
from kinerja_xl.domain.kosakata import Tabel
from kinerja_xl.domain.temuan import Lokasi, Temuan

Baris = tuple[KonteksCapaian, Indikator]
ATURAN_REALISASI: DaftarAturan[KonteksCapaian] = DaftarAturan("capaian.realisasi")
ATURAN_IDENTITAS: DaftarAturan[Baris] = DaftarAturan("capaian.identitas")
ATURAN_INDIKATOR: DaftarAturan[Baris] = DaftarAturan("capaian.indikator")
ATURAN_HASIL: DaftarAturan[Baris] = DaftarAturan("capaian.hasil")
ATURAN_TURUNAN: DaftarAturan[Any] = DaftarAturan("capaian.turunan")
_DATA_REALISASI = [*_TW_REAL, "realisasi", "tidak_ada_kejadian"]


def _baris_realisasi(k: KonteksCapaian) -> Iterator[tuple[int, str, dict[str, Any]]]:
    for j, r in enumerate(k.re_rows):
        yield j, _kode(r.get("kode_indikator")), r


@ATURAN_REALISASI.aturan(Jenis.NILAI_KOSONG, Jenis.KODE_GANDA, Jenis.REALISASI_TANPA_INDIKATOR)
def kode_realisasi(k: KonteksCapaian) -> Iterator[Temuan]:
    """Each Realisasi row names one PK indikator, once."""

    def lok(j: int) -> Lokasi:
        return Lokasi(tabel=Tabel.REALISASI, baris=j, kolom="kode_indikator")

    for j, kode, r in _baris_realisasi(k):
        if not kode:
            if not _baris_kosong(r, _DATA_REALISASI):
                yield Temuan(
                    Jenis.NILAI_KOSONG,
                    f"Baris Realisasi {j + 1} berisi data tetapi Kode Indikator kosong.",
                    lokasi=lok(j),
                )
        elif k.re_by_kode[kode.upper()] != j:
            yield Temuan(
                Jenis.KODE_GANDA,
                f"Kode Indikator {kode} muncul lebih dari sekali di lembar Realisasi; yang dipakai baris pertama.",
                lokasi=lok(j),
                kode=kode,
            )
        elif kode.upper() not in k.kode_pk:
            yield Temuan(
                Jenis.REALISASI_TANPA_INDIKATOR,
                f"Kode Indikator {kode} di lembar Realisasi tidak ada di PK.",
                lokasi=lok(j),
                kode=kode,
            )


@ATURAN_REALISASI.aturan(Jenis.PK_KOSONG)
def pk_kosong(k: KonteksCapaian) -> Iterator[Temuan]:
    """A PK without a single indikator (checked once, with the Realisasi table)."""
    if all(_baris_kosong(r, _PK_KEYS) for r in k.pk_rows):
        yield Temuan(
            Jenis.PK_KOSONG,
            "Lembar PK belum berisi indikator; isi sasaran, indikator dan target Perjanjian Kinerja.",
            lokasi=Lokasi(tabel=Tabel.PK, baris=0, kolom="kode_indikator"),
        )


@ATURAN_IDENTITAS.aturan(Jenis.NILAI_KOSONG, Jenis.KODE_GANDA)
def kode_indikator(b: Baris) -> Iterator[Temuan]:
    """Every PK row has a Kode Indikator, used once (peringatan when the rows are identical)."""
    k, ind = b
    i = ind.i
    if not ind.kode:
        yield Temuan(
            Jenis.NILAI_KOSONG, f"Baris PK {i + 1}: Kode Indikator kosong.", lokasi=ind.lokasi_pk("kode_indikator")
        )
        return
    p = k.pertama_pk.get(i, i)
    if p == i:
        return
    sama = all(_teks(k.pk_rows[p].get(key)) == _teks(ind.row.get(key)) for key in _PK_KEYS)
    yield Temuan(
        Jenis.KODE_GANDA,
        f"Kode Indikator {ind.kode} muncul lebih dari sekali di PK (baris "
        f"{p + 1} dan {i + 1})" + (" dengan isi sama." if sama else " dengan isi berbeda."),
        tingkat=Tingkat.PERINGATAN if sama else Tingkat.GALAT,
        lokasi=ind.lokasi_pk("kode_indikator"),
        kode=ind.kode,
    )


@ATURAN_INDIKATOR.aturan(Jenis.NILAI_KOSONG)
def target_kosong(b: Baris) -> Iterator[Temuan]:
    _, ind = b
    if ind.target is not None and ind.target.jenis is JenisNilai.KOSONG:
        yield Temuan(
            Jenis.NILAI_KOSONG,
            f"Target indikator {ind.kode or f'baris {ind.i + 1}'} kosong.",
            lokasi=ind.lokasi_pk("target"),
            kode=ind.kode,
        )


def _pilihan_tidak_dikenal(ind: Indikator, kunci: str, nama: str, pilihan: str) -> Temuan:
    """A PK choice column (polaritas, akumulasi) holding none of its choices."""
    return Temuan(
        Jenis.NILAI_TIDAK_VALID,
        f"{nama} '{_teks(ind.row.get(kunci))}' tidak dikenal; pilih {pilihan}.",
        lokasi=ind.lokasi_pk(kunci),
        kode=ind.kode,
        nilai_tercatat=ind.row.get(kunci),
    )


@ATURAN_INDIKATOR.aturan(Jenis.NILAI_TIDAK_VALID)
def polaritas_tidak_dikenal(b: Baris) -> Iterator[Temuan]:
    _, ind = b
    if ind.pol is None:
        yield _pilihan_tidak_dikenal(ind, "polaritas", "Polaritas", "Positif, Negatif atau Rentang")


@ATURAN_INDIKATOR.aturan(Jenis.NILAI_TIDAK_VALID)
def akumulasi_tidak_dikenal(b: Baris) -> Iterator[Temuan]:
    _, ind = b
    if ind.akm is None:
        yield _pilihan_tidak_dikenal(ind, "akumulasi", "Akumulasi", "Kumulatif, Akhir atau Rata-rata")


@ATURAN_TURUNAN.aturan(Jenis.INDIKATOR_TANPA_REALISASI)
def belum_ada_realisasi(k: KonteksCapaian, ind: Indikator) -> Iterator[Temuan]:
    yield Temuan(
        Jenis.INDIKATOR_TANPA_REALISASI,
        f"Indikator {ind.kode or f'baris {ind.i + 1}'} belum memiliki realisasi.",
        lokasi=ind.lokasi_pk("kode_indikator"),
        kode=ind.kode,
    )


@ATURAN_TURUNAN.aturan(Jenis.INDIKATOR_TANPA_REALISASI)
def belum_ada_realisasi_triwulan(k: KonteksCapaian, ind: Indikator, n_tw: int, batas_tw: str) -> Iterator[Temuan]:
    yield Temuan(
        Jenis.INDIKATOR_TANPA_REALISASI,
        f"Indikator {ind.kode} belum memiliki realisasi {batas_tw}.",
        lokasi=ind.lokasi_re(_TW_REAL[n_tw - 1]),
        kode=ind.kode,
    )


@ATURAN_TURUNAN.aturan(Jenis.TW_TIDAK_KONSISTEN)
def realisasi_tidak_sama_triwulan(
    k: KonteksCapaian, ind: Indikator, turunan: tuple[Nilai, str] | None
) -> Iterator[Temuan]:
    """The annual realisasi against its quarters under the indikator's akumulasi."""
    r = ind.r_tahun
    if turunan and r is not None and ind.akm and not _sama(turunan[0], r, ind.akm):
        yield Temuan(
            Jenis.TW_TIDAK_KONSISTEN,
            f"Realisasi tahunan {ind.kode} ({format_nilai(r)}) tidak sesuai dengan "
            f"{turunan[1]} ({_tampil(turunan[0])}) menurut akumulasi {_AKUMULASI_TAMPIL[ind.akm]}.",
            lokasi=ind.lokasi_re("realisasi"),
            kode=ind.kode,
            nilai_tercatat=format_nilai(r),
            nilai_seharusnya=_tampil(turunan[0]),
        )


@ATURAN_TURUNAN.aturan(Jenis.NILAI_DITURUNKAN)
def realisasi_diturunkan(k: KonteksCapaian, ind: Indikator, cara: str) -> Iterator[Temuan]:
    yield Temuan(
        Jenis.NILAI_DITURUNKAN,
        f"Realisasi tahunan {ind.kode} kosong; diturunkan dari {cara} = "
        f"{ind.real_teks} (akumulasi {_AKUMULASI_TAMPIL[ind.akm or '']}).",
        lokasi=ind.lokasi_re("realisasi"),
        kode=ind.kode,
        nilai_seharusnya=ind.real_teks,
    )


@ATURAN_TURUNAN.aturan(Jenis.TW_TIDAK_KONSISTEN)
def target_tidak_sama_triwulan(k: KonteksCapaian, ind: Indikator, tt: tuple[Nilai, str] | None) -> Iterator[Temuan]:
    """The annual PK target against its quarterly targets."""
    t = ind.target
    if tt and t is not None and ind.akm and tt[0].numerik and t.numerik and not _sama(tt[0], t, ind.akm):
        yield Temuan(
            Jenis.TW_TIDAK_KONSISTEN,
            f"Target tahunan {ind.kode} ({format_nilai(t)}) tidak sesuai dengan {tt[1]} target "
            f"({_tampil(tt[0])}) menurut akumulasi {_AKUMULASI_TAMPIL[ind.akm]}.",
            lokasi=ind.lokasi_pk("target"),
            kode=ind.kode,
            nilai_tercatat=format_nilai(t),
            nilai_seharusnya=_tampil(tt[0]),
        )


@ATURAN_HASIL.aturan(Jenis.CAPAIAN_TIDAK_DAPAT_DIHITUNG, Jenis.SATUAN_TIDAK_SESUAI)
def capaian_tidak_dihitung(b: Baris) -> Iterator[Temuan]:
    """A capaian that could not be computed, unless the reason was reported already."""
    _, ind = b
    h = ind.hasil
    assert h is not None
    if h.status is Status.KUALITATIF and _tanpa_kejadian(ind):
        return
    tidak_dihitung = f"Capaian {ind.kode} tidak dapat dihitung: {h.alasan}."
    if h.status is Status.KUALITATIF:
        lok = ind.lokasi_re("realisasi") if ind.j is not None else ind.lokasi_pk("target")
        yield Temuan(Jenis.CAPAIAN_TIDAK_DAPAT_DIHITUNG, tidak_dihitung, lokasi=lok, kode=ind.kode)
    elif h.status is Status.TIDAK_DAPAT_DIHITUNG and not ind.sudah_dilaporkan:
        if h.alasan.startswith(ALASAN_SATUAN):
            tp, rp = ind.target_pakai, ind.real_pakai
            assert tp is not None and rp is not None  # a unit mismatch is found between two read values
            yield Temuan(
                Jenis.SATUAN_TIDAK_SESUAI,
                f"Satuan target dan realisasi {ind.kode} berbeda: target "
                f"'{format_nilai(tp)}', realisasi '{format_nilai(rp)}'; capaian tidak dihitung.",
                lokasi=ind.lokasi_re("realisasi"),
                kode=ind.kode,
                nilai_tercatat=format_nilai(rp),
                nilai_seharusnya=format_nilai(tp),
            )
        else:
            lok = ind.lokasi_pk("target")
            yield Temuan(Jenis.CAPAIAN_TIDAK_DAPAT_DIHITUNG, tidak_dihitung, lokasi=lok, kode=ind.kode)


def _acuan_persen(ind: Indikator) -> list[Decimal]:
    t = ind.target
    assert t is not None
    acuan = [
        v.angka
        for v in (t, *ind.tw_target, *ind.r_tw, ind.r_tahun)
        if v is not None and v.jenis is JenisNilai.PERSEN and v.angka is not None
    ]
    if t.jenis is JenisNilai.RENTANG and t.satuan == "%" and t.atas is not None:
        acuan.append(t.atas)
    return acuan


@ATURAN_HASIL.aturan(Jenis.NILAI_MENCURIGAKAN)
def nilai_mencurigakan(b: Baris) -> Iterator[Temuan]:
    """0,95 typed where the indikator's other percentages are tens of percent."""
    k, ind = b
    if ind.j is None or ind.target is None or not any(a >= 10 for a in _acuan_persen(ind)):
        return
    for key, v in zip((*_TW_REAL, "realisasi"), (*ind.r_tw, ind.r_tahun), strict=True):
        raw = ind.rrow.get(key)
        polos = (ind.j, key) not in k.baca_re.persen and not (isinstance(raw, str) and "%" in raw)
        if (
            polos
            and v is not None
            and v.jenis is JenisNilai.PERSEN
            and v.angka is not None
            and 0 < v.angka < Decimal("1.5")
        ):
            yield Temuan(
                Jenis.NILAI_MENCURIGAKAN,
                f"Realisasi {ind.kode} tertulis {format_nilai(v)}, padahal nilai "
                f"persen lain indikator ini puluhan persen; mungkin maksudnya {format_angka(v.angka * 100)}%.",
                lokasi=ind.lokasi_re(key),
                kode=ind.kode,
                nilai_tercatat=format_nilai(v),
                nilai_seharusnya=f"{format_angka(v.angka * 100)}%",
            )


_TANPA_KEJADIAN = re.compile(
    r"\b(tidak|tak|belum)\s+(ada|terdapat|terjadi)\b(\s+(kasus|kejadian|perkara|sengketa|pelanggaran|pengaduan|"
    r"aduan|permohonan|gugatan|temuan))?|^\s*nihil\s*$",
    re.IGNORECASE,
)


def _tanpa_kejadian(ind: Indikator) -> bool:
    """Realisasi typed as text such as "tidak ada kasus" (never read as Tidak Ada Kejadian = Ya silently)."""
    r = ind.real_pakai
    return r is not None and r.jenis is JenisNilai.KUALITATIF and bool(_TANPA_KEJADIAN.search(r.teks or ""))


@ATURAN_HASIL.aturan(Jenis.REALISASI_TIDAK_ADA_KEJADIAN)
def realisasi_tidak_ada_kejadian(b: Baris) -> Iterator[Temuan]:
    """Realisasi "tidak ada kejadian" typed as text: suggest Tidak Ada Kejadian = Ya."""
    _, ind = b
    if ind.hasil is not None and ind.hasil.status is Status.KUALITATIF and _tanpa_kejadian(ind):
        r = ind.real_pakai
        assert r is not None
        yield Temuan(
            Jenis.REALISASI_TIDAK_ADA_KEJADIAN,
            f'Realisasi {ind.kode} tertulis "{r.teks}"; bila memang tidak ada kejadian, isi Tidak Ada '
            "Kejadian = Ya di lembar Realisasi agar capaiannya dinilai sesuai aturan.",
            lokasi=ind.lokasi_re("realisasi"),
            kode=ind.kode,
            nilai_tercatat=r.teks,
            nilai_seharusnya="Tidak Ada Kejadian = Ya",
        )
