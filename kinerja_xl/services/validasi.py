"""Use case `validasi`: every engine check plus the checks that span sheets.

Writes the Validasi sheet (one row per finding, each linking to its cell) and
marks the offending input cells; the marks are the only thing the tool ever
changes on an input sheet, and they vanish once the cell is fixed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pandas as pd

from kinerja_xl.domain.angka import bulatkan, format_persen, format_rupiah
from kinerja_xl.domain.aturan import DaftarAturan, Jenis
from kinerja_xl.domain.kode import parse_kode
from kinerja_xl.domain.kosakata import Tabel
from kinerja_xl.domain.sel import rekaman
from kinerja_xl.domain.temuan import Lokasi, Temuan, Tingkat, ringkas
from kinerja_xl.gateway.base import Rumus, Tanda, WorkbookGateway
from kinerja_xl.services.hitung import Hasil, json_value, nilai
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.services.unit import temuan_unit
from kinerja_xl.template import contract as c
from kinerja_xl.template import ringkasan as tr

_URUT_TINGKAT = {Tingkat.GALAT: 0, Tingkat.PERINGATAN: 1, Tingkat.INFO: 2}
_URUT_LEMBAR = {nama: i for i, nama in enumerate(c.SHEETS)}


@dataclass
class Laporan:
    """The validation report: all findings, sorted, plus counts per tingkat."""

    temuan: list[Temuan]

    @property
    def ringkasan(self) -> dict[str, int]:
        return ringkas(self.temuan)

    @property
    def ada_galat(self) -> bool:
        return any(t.galat for t in self.temuan)

    def as_json(self) -> dict[str, Any]:
        return {"temuan": [t.as_dict() for t in self.temuan], "ringkasan": self.ringkasan}

    def gabung(self, temuan: Iterable[Temuan]) -> None:
        """Merge findings made beside the report (narasi's template findings): each once, in the report's order.

        The result is the same whichever step ran first.
        """
        ada = {_sama(t) for t in self.temuan}
        for t in temuan:
            if _sama(t) not in ada:
                ada.add(_sama(t))
                self.temuan.append(t)
        self.temuan.sort(key=_urut)


def _sama(t: Temuan) -> tuple[Jenis, str, str]:
    return (t.jenis, t.kode, t.pesan)


def _urut(t: Temuan) -> tuple[int, int, tuple[int, str]]:
    """Report order: galat first, then by sheet and cell."""
    return (_URUT_TINGKAT[t.tingkat], _URUT_LEMBAR.get(t.lokasi.lembar, 99), _urut_sel(t.lokasi.sel))


ATURAN_LINTAS: DaftarAturan[Hasil] = DaftarAturan("lintas_lembar")


def _kode_pagu(hasil: Hasil) -> set[str]:
    """Every dotted tail of every budget code: a PK may name a budget line by a short form."""
    kode_pagu: set[str] = set()
    for kode in hasil.anggaran.baris["kode_baku"].dropna().astype(str):
        bagian = kode.split(".")
        kode_pagu.update(".".join(bagian[i:]) for i in range(len(bagian)))
    return kode_pagu


def _baku(teks: str) -> str | None:
    try:
        return parse_kode(teks).baku
    except ValueError:
        return None


@ATURAN_LINTAS.aturan(Jenis.KODE_ANGGARAN_TIDAK_ADA)
def kode_anggaran_tidak_ada(hasil: Hasil) -> Iterator[Temuan]:
    """Each Kode Anggaran of a PK indikator names a line of the Pagu sheet."""
    kode_pagu = _kode_pagu(hasil)
    pk = hasil.masukan.df(c.PK_TABLE)
    for i, raw in enumerate(pk["kode_anggaran"]):
        if raw is None or not str(raw).strip():
            continue
        for bagian in str(raw).replace(";", ",").split(","):
            teks = bagian.strip()
            if not teks:
                continue
            baku = _baku(teks)
            if baku is None or baku not in kode_pagu:
                yield Temuan(
                    Jenis.KODE_ANGGARAN_TIDAK_ADA,
                    f"Kode Anggaran '{teks}' pada indikator {pk['kode_indikator'][i]} tidak ditemukan di lembar Pagu.",
                    lokasi=Lokasi(c.PK, baris=i, kolom="Kode Anggaran"),
                    kode=str(pk["kode_indikator"][i] or ""),
                    nilai_tercatat=teks,
                )


@ATURAN_LINTAS.aturan(Jenis.ANALISIS_KOSONG)
def analisis_kosong(hasil: Hasil) -> Iterator[Temuan]:
    """A capaian below 100% needs its Analisis Penyebab."""
    for row in rekaman(hasil.capaian.indikator):
        cap = row.get("capaian")
        if cap is None or pd.isna(cap) or cap >= 100:
            continue
        analisis = row.get("analisis_penyebab")
        if analisis is not None and str(analisis).strip() and not pd.isna(analisis):
            continue
        baris = row.get("baris_realisasi")
        lokasi = (
            Lokasi(c.REALISASI, baris=int(baris), kolom="Analisis Penyebab")
            if baris is not None and not pd.isna(baris)
            else Lokasi(c.PK, baris=int(row["baris_pk"]), kolom="Kode Indikator")
        )
        yield Temuan(
            Jenis.ANALISIS_KOSONG,
            f"Capaian indikator {row['kode']} {format_persen(cap)} di bawah 100% tetapi Analisis Penyebab kosong. "
            "Tuliskan penyebab dan upaya perbaikannya.",
            lokasi=lokasi,
            kode=str(row["kode"]),
            nilai_tercatat=json_value(cap),
        )


_KATA_PENYERAPAN = re.compile(r"penyerapan|realisasi\s+(?:belanja|anggaran)", re.IGNORECASE)
_SELISIH_PENYERAPAN = Decimal("0.01")


@ATURAN_LINTAS.aturan(Jenis.PENYERAPAN_BERBEDA)
def penyerapan_berbeda(hasil: Hasil) -> Iterator[Temuan]:
    """A % indikator about realisasi/penyerapan anggaran must equal the computed penyerapan of its
    budget lines (of the whole satker when it names none), within 0,01 point."""
    from kinerja_xl.narasi.susun import IndeksAnggaran

    indeks = IndeksAnggaran(hasil.anggaran.baris)
    total = hasil.anggaran.total
    for r in rekaman(hasil.capaian.indikator):
        if _sel(r.get("satuan")) != "%" or not _KATA_PENYERAPAN.search(_sel(r.get("indikator"))):
            continue
        real = r.get("realisasi_nilai")
        baris = indeks.cari(_sel(r.get("kode_anggaran")))
        pagu = sum(int(b["pagu"] or 0) for b in baris) if baris else int(total.get("pagu") or 0)
        dipakai = sum(int(b["realisasi"] or 0) for b in baris) if baris else int(total.get("realisasi") or 0)
        if real is None or pd.isna(real) or pagu <= 0:
            continue
        seharusnya = bulatkan(Fraction(dipakai * 100, pagu))
        if abs(Decimal(str(real)) - seharusnya) > _SELISIH_PENYERAPAN:
            asal = "baris anggaran yang ditautkan" if baris else "seluruh anggaran satker"
            yield Temuan(
                Jenis.PENYERAPAN_BERBEDA,
                f"Realisasi indikator {r['kode']} ({format_persen(Decimal(str(real)))}) berbeda dengan penyerapan "
                f"{asal} yang dihitung dari lembar {c.PAGU} ({format_persen(seharusnya)}).",
                lokasi=Lokasi(c.REALISASI, baris=int(r["baris_realisasi"]), kolom="Realisasi")
                if not pd.isna(r.get("baris_realisasi"))
                else Lokasi(c.PK, baris=int(r["baris_pk"]), kolom="Kode Indikator"),
                kode=str(r["kode"]),
                nilai_tercatat=json_value(real),
                nilai_seharusnya=float(seharusnya),
            )


@ATURAN_LINTAS.aturan(Jenis.STANDAR_NASIONAL_TIDAK_TERBACA)
def standar_nasional_tidak_terbaca(hasil: Hasil) -> Iterator[Temuan]:
    """Each national standard (tblStandarNasional) names a PK indikator and reads as a number, a percent,
    a range or a predicate, so the LKj can compare the realisasi with it."""
    from kinerja_xl.narasi.susun import SkalaPredikat, nilai_terbanding

    if c.STANDAR_NASIONAL_TABLE.name not in hasil.masukan.tabel:
        return
    df = hasil.masukan.df(c.STANDAR_NASIONAL_TABLE)
    pk = hasil.masukan.df(c.PK_TABLE)
    satuan = {_sel(k).upper(): _sel(s) for k, s in zip(pk["kode_indikator"], pk["satuan"], strict=True)}
    skala = SkalaPredikat.dari(hasil.masukan.df(c.SKALA_PREDIKAT_TABLE))
    for i, r in enumerate(rekaman(df)):
        kode, standar = _sel(r.get("kode_indikator")), _sel(r.get("standar"))
        if not kode:
            continue
        if kode.upper() not in satuan:
            pesan, kolom = (
                f"Kode Indikator '{kode}' pada tabel Standar Nasional tidak ada di lembar {c.PK}.",
                "kode_indikator",
            )
        elif not nilai_terbanding(standar, satuan[kode.upper()], skala):
            isi = f"'{standar}' tidak terbaca sebagai angka, persen, rentang atau predikat" if standar else "kosong"
            pesan, kolom = f"Standar Nasional indikator {kode} {isi}; LKj tidak dapat membandingkannya.", "standar"
        else:
            continue
        yield Temuan(
            Jenis.STANDAR_NASIONAL_TIDAK_TERBACA,
            pesan,
            lokasi=Lokasi(tabel=Tabel.STANDAR_NASIONAL, baris=i, kolom=kolom),
            kode=kode,
            nilai_tercatat=standar or None,
        )


@ATURAN_LINTAS.aturan(Jenis.ANALISIS_KOSONG)
def keberhasilan_tanpa_analisis(hasil: Hasil) -> Iterator[Temuan]:
    """An indikator of the satker's own PK that met its target while Analisis Keberhasilan is empty:
    the LKj shows a placeholder there (and `ekspor` refuses it)."""
    from kinerja_xl.services.unit import nilai_unit

    hu = nilai_unit(hasil)
    sek = hu.daftar.sekretariat.kode
    real = hasil.masukan.df(c.REALISASI_TABLE)
    isi = real["analisis_keberhasilan"].tolist() if "analisis_keberhasilan" in real else []
    for r in rekaman(hasil.capaian.indikator):
        cap, j = r.get("capaian"), r.get("baris_realisasi")
        if (
            r.get("status") != "dihitung"
            or cap is None
            or pd.isna(cap)
            or cap < 100
            or j is None
            or pd.isna(j)
            or hu.unit_baris.get(int(r["baris_pk"])) != sek
            or _sel(r.get("analisis_penyebab"))
        ):
            continue
        if int(j) < len(isi) and _sel(isi[int(j)]):
            continue
        yield Temuan(
            Jenis.ANALISIS_KOSONG,
            f"Indikator {r['kode']} mencapai targetnya ({format_persen(cap)}) tetapi Analisis Keberhasilan kosong. "
            "Tuliskan faktor pendukung keberhasilannya untuk BAB III LKj.",
            lokasi=Lokasi(c.REALISASI, baris=int(j), kolom="Analisis Keberhasilan"),
            kode=str(r["kode"]),
            nilai_tercatat=json_value(cap),
        )


@ATURAN_LINTAS.aturan(Jenis.GRAFIK_TERPOTONG)
def grafik_terpotong(hasil: Hasil) -> Iterator[Temuan]:
    """The Ringkasan's charts have fixed data blocks (template/ringkasan.py): more rows show the first N."""
    bar = hasil.anggaran.baris
    for jumlah, kapasitas, apa in (
        (len(hasil.satker.capaian.sasaran), tr.MAKS_SASARAN, "sasaran"),
        (int(bar["tingkat"].isin(["program", "kegiatan"]).sum()), tr.MAKS_PROGRAM, "program dan kegiatan"),
        (len(hasil.skala.pita), tr.K_MAKS, "kategori skala capaian"),
    ):
        if jumlah > kapasitas:
            yield Temuan(
                Jenis.GRAFIK_TERPOTONG,
                f"Satker ini punya {jumlah} {apa}; grafik di lembar Ringkasan hanya menampilkan {kapasitas} "
                "yang pertama.",
                lokasi=Lokasi(c.RINGKASAN, f"A{tr.BARIS_JUMLAH}"),
                nilai_tercatat=jumlah,
                nilai_seharusnya=kapasitas,
            )


@ATURAN_LINTAS.aturan(Jenis.GRAFIK_PERLU_MIGRASI)
def grafik_perlu_migrasi(hasil: Hasil) -> Iterator[Temuan]:
    """A workbook of a schema before the template's charts: Proses Semua removes its stale charts."""
    k = hasil.masukan.konfigurasi
    versi = k.teks(c.Kunci.VERSI_SKEMA)
    if tr.grafik_usang(versi):
        yield Temuan(
            Jenis.GRAFIK_PERLU_MIGRASI,
            f"Workbook ini masih Versi Skema {versi}: grafik lama di lembar Ringkasan dihapus. Jalankan "
            f"kinerja-xl migrasi agar grafik Ringkasan (Versi Skema {c.VERSI_SKEMA}) tampil lagi.",
            lokasi=Lokasi(c.KONFIGURASI, k.sel.get(c.Kunci.VERSI_SKEMA, "")),
            nilai_tercatat=versi,
            nilai_seharusnya=c.VERSI_SKEMA,
        )


def _sel(v: Any) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v).strip()


def periksa_lintas_lembar(hasil: Hasil) -> list[Temuan]:
    """Checks no single engine sees (``ATURAN_LINTAS``), placed on their cells."""
    return hasil.masukan.letakkan(ATURAN_LINTAS.jalankan(hasil))


def laporan(hasil: Hasil) -> Laporan:
    """All findings of a run, ordered for people: galat first, then by sheet and cell."""
    semua = hasil.temuan + periksa_lintas_lembar(hasil) + temuan_unit(hasil)
    semua.sort(key=_urut)
    return Laporan(semua)


def _urut_sel(sel: str) -> tuple[int, str]:
    huruf = sel.rstrip("0123456789")
    angka = sel[len(huruf) :]
    return (int(angka) if angka else 0, huruf.rjust(3))


def baris_validasi(lap: Laporan) -> pd.DataFrame:
    """tblValidasi rows, galat first: the finding's name in words and its fix from the registry,
    amounts on the Pagu sheet as Rupiah; the Sel column links to the cell with HYPERLINK."""
    rows = []
    for t in sorted(lap.temuan, key=lambda t: _URUT_TINGKAT[t.tingkat]):
        d = t.as_dict()
        sel = d["sel"]
        if sel and d["lembar"]:
            sel = Rumus(f'=HYPERLINK("#\'{d["lembar"]}\'!{sel}","{sel}")')
        rupiah = d["lembar"] == c.PAGU and "volume" not in str(t.lokasi.kolom or "").lower()
        rows.append(
            {
                "Jenis": t.jenis.nama,
                "Tingkat": d["tingkat"],
                "Lembar": d["lembar"],
                "Sel": sel,
                "Kode": d["kode"],
                "Pesan": d["pesan"],
                "Nilai Tercatat": _teks(d["nilai_tercatat"], rupiah),
                "Nilai Seharusnya": _teks(d["nilai_seharusnya"], rupiah),
                "Saran Perbaikan": t.jenis.saran,
            }
        )
    return pd.DataFrame(rows, columns=c.VALIDASI_TABLE.headers)


def _teks(v: Any, rupiah: bool = False) -> Any:
    """A recorded value for people: empty for none, Rupiah for a whole amount of a Pagu money column."""
    if v is None:
        return ""
    if rupiah and not isinstance(v, bool):
        try:
            angka = Decimal(str(v).strip())
        except (ArithmeticError, ValueError):
            return v
        if angka.is_finite() and angka == angka.to_integral_value():
            return format_rupiah(int(angka))
    return v


def tanda_sel(lap: Laporan) -> list[Tanda]:
    """Marks for galat and peringatan on input cells (one per cell, the worst wins)."""
    per_sel: dict[tuple[str, str], Temuan] = {}
    for t in lap.temuan:
        if t.tingkat is Tingkat.INFO or not t.lokasi.sel or t.lokasi.lembar not in c.INPUT_SHEETS:
            continue
        key = (t.lokasi.lembar, t.lokasi.sel)
        lama = per_sel.get(key)
        if lama is None or _URUT_TINGKAT[t.tingkat] < _URUT_TINGKAT[lama.tingkat]:
            per_sel[key] = t
    pesan: dict[tuple[str, str], list[str]] = {}
    for t in lap.temuan:
        key = (t.lokasi.lembar, t.lokasi.sel)
        if key in per_sel and t.tingkat is not Tingkat.INFO:
            pesan.setdefault(key, []).append(t.pesan)
    return [
        Tanda(lembar, s, per_sel[(lembar, s)].tingkat_.value, "\n".join(pesan[(lembar, s)])) for (lembar, s) in per_sel
    ]


def tulis_validasi(gateway: WorkbookGateway, lap: Laporan) -> None:
    gateway.progres("Menulis lembar Validasi", None)
    gateway.tulis_tabel(c.VALIDASI_TABLE, baris_validasi(lap))
    gateway.tandai(tanda_sel(lap))


def laporkan_temuan_tulis(gateway: WorkbookGateway, lap: Laporan) -> None:
    """Findings of the writes themselves (a text cut to fit a cell) join the report and the Validasi sheet."""
    baru = gateway.ambil_temuan_tulis()
    if baru:
        lap.temuan.extend(baru)
        gateway.tulis_tabel(c.VALIDASI_TABLE, baris_validasi(lap))


def validasi(gateway: WorkbookGateway) -> Laporan:
    """The `Validasi` button and `kinerja-xl validasi` (the caller commits)."""
    lap = laporan(nilai(baca_masukan(gateway)))
    tulis_validasi(gateway, lap)
    laporkan_temuan_tulis(gateway, lap)
    return lap
