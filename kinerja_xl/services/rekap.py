"""Use case `rekap`: the KPU Provinsi consolidates the exports of its kab/kota.

Every file is checked on its own (in worker processes, python-calamine, one file
in memory per worker at a time); a bad file is listed with its reason and never
stops the rekap. Workers return only compact rows, so memory does not grow with
the size of the workbooks. Totals are sums of integer rupiah, so the province
total equals the sum of its satker exactly.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import xlsxwriter

from kinerja_xl.domain import daftar_kunci as dk
from kinerja_xl.domain import kanonik
from kinerja_xl.domain.angka import bulatkan, format_rupiah
from kinerja_xl.domain.kosakata import Status
from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.gateway.base import Grafik, kolom_huruf
from kinerja_xl.gateway.berkas import titik_gangguan, tulis_atomik, tulis_teks_atomik
from kinerja_xl.gateway.ekspor_xlsx import MK, KumpulanEkspor, SumberEkspor
from kinerja_xl.gateway.grafik_xlsxwriter import gambar_grafik
from kinerja_xl.services.periksa import periksa_berkas
from kinerja_xl.template import contract as c
from kinerja_xl.template.cetak import WARNA_GRAFIK, WARNA_LAIN

__all__ = ["Ditolak", "RingkasanSatker", "HasilRekap", "rekap", "ringkas_berkas", "nama_rekap"]

KATEGORI_DEFAULT = tuple(k for _, _, k in c.SKALA_DEFAULT)
TIDAK_DIHITUNG = "Tidak Dihitung"


@dataclass(frozen=True)
class Ditolak:
    berkas: str
    alasan: str
    jenis: str
    kode_satker: str = ""


@dataclass
class RingkasanSatker:
    """What the rekap keeps of one accepted export (compact, picklable)."""

    berkas: str
    kode_satker: str
    nama_satker: str
    provinsi: str
    tahun: int
    waktu: str
    manifest: str
    pagu: int
    realisasi: int
    peringatan: int
    galat: int
    dipaksa: bool
    tanda_tangan: str  # a daftar_kunci status: sah, milik_satker_lain, kunci_dicabut, tidak_dikenal, tidak_ada
    indikator: list[tuple]  # (kode_sasaran, kode, indikator, satuan, target, realisasi, capaian, kategori, status)
    sasaran: list[tuple]  # (kode, uraian, capaian, kategori, jumlah_indikator, jumlah_dihitung)
    anggaran: list[tuple]  # (kode, kode_baku, tingkat, uraian, pagu, realisasi, sisa, penyerapan)
    alasan_paksa: str = ""
    kode_kunci: str = ""  # the satker the signing key belongs to, per the registry

    @property
    def penyerapan(self) -> Decimal | None:
        return bulatkan(Fraction(self.realisasi * 100, self.pagu)) if self.pagu else None

    @property
    def rata_capaian(self) -> Decimal | None:
        """Mean of the satker's sasaran capaian (as exported), half-up to 2 decimals."""
        nilai = [Decimal(s[2]) for s in self.sasaran if s[2]]
        return bulatkan(sum(nilai, Decimal(0)) / len(nilai)) if nilai else None

    def kategori(self) -> Counter:
        # Status in words (this version) or as the code (exports written before): both read the same
        return Counter(
            i[7] if Status.dari_teks(i[8]) is Status.DIHITUNG and i[7] else TIDAK_DIHITUNG for i in self.indikator
        )


@dataclass
class HasilRekap:
    keluar: Path | None
    tahun: int | None
    diterima: list[RingkasanSatker]
    ditolak: list[Ditolak]
    total: dict[str, Any] = field(default_factory=dict)
    json_out: Path | None = None
    csv_dir: Path | None = None
    provinsi: str = ""
    belum_mengirim: list[tuple[str, str]] = field(default_factory=list)  # (kode_satker, nama_satker)

    @property
    def kode_keluar(self) -> int:
        if not self.diterima:
            return 2
        return 1 if self.ditolak else 0

    def pesan(self) -> str:
        baris = [
            f"Rekap {len(self.diterima)} satker tahun {self.tahun or '-'}"
            + (f" ditulis ke {self.keluar}." if self.keluar and self.diterima else ".")
        ]
        if self.total and self.diterima:
            baris.append(
                f"Total pagu {format_rupiah(self.total['pagu'])}, realisasi {format_rupiah(self.total['realisasi'])}, "
                f"penyerapan {_persen_teks(self.total['penyerapan'])}."
            )
        if self.ditolak:
            baris.append(f"{len(self.ditolak)} berkas ditolak:")
            baris += [f"- {Path(d.berkas).name}: {d.alasan}" for d in self.ditolak]
        if self.belum_mengirim:
            baris.append(
                f"{len(self.belum_mengirim)} satker belum mengirim: "
                + ", ".join(f"{k} {n}".strip() for k, n in self.belum_mengirim)
            )
        if not self.diterima:
            baris.append("Tidak ada berkas yang dapat direkap.")
        return "\n".join(baris)


def _persen_teks(d: Decimal | None) -> str:
    return "-" if d is None else f"{d:.2f}".replace(".", ",") + "%"


def nama_rekap(provinsi: str, tahun: int | str) -> str:
    nama = re.sub(r'[\\/:*?"<>|\s]+', "_", provinsi.strip()) or "Provinsi"
    return f"Rekap_{nama}_{tahun}.xlsx"


# --- per file, in a worker ----------------------------------------------------------
def _teks(v: Any) -> str:
    return kanonik.nilai_kanonik(v)


def _rupiah(v: Any) -> int:
    if type(v) is float and v.is_integer():
        return int(v)
    if v is None:
        return 0
    if type(v) is str and v.lstrip("-").isdigit():  # canonical text of a whole number
        return int(v)
    t = _teks(v)
    if not t:
        return 0
    d = Decimal(t)
    if d != d.to_integral_value():
        raise ValueError(t)
    return int(d)


def _cek_angka(berkas) -> list[str]:
    """The figures the rekap consolidates, recomputed from the export's own tables.

    Every budget line's sisa and penyerapan, and the satker totals (top-level lines)
    against the Metadata totals. The full engine recomputation is `hitung_ulang=True`.
    """
    salah = []
    baris = _baris(berkas, c.ANGGARAN_TABLE, ("Kode Baku", "Pagu", "Realisasi", "Sisa", "Penyerapan (%)"))
    kode_semua = {r[0] for r in baris if r[0]}
    tp = tr = 0
    for i, r in enumerate(baris):
        try:
            pagu, real, sisa = _rupiah(r[1]), _rupiah(r[2]), _rupiah(r[3])
        except ValueError:
            salah.append(f"Anggaran baris {i + 5}: pagu/realisasi bukan rupiah bulat")
            continue
        if sisa != pagu - real:
            salah.append(f"Anggaran baris {i + 5}: sisa {sisa} bukan pagu − realisasi ({pagu - real})")
        pny = persen_kanonik(real, pagu)
        if r[4] != pny:
            salah.append(f"Anggaran baris {i + 5}: penyerapan {r[4]} bukan realisasi/pagu ({pny})")
        kode = r[0]
        if kode and not any(k in kode_semua for k in _awalan(kode)):
            tp += pagu
            tr += real
    md = berkas.metadata
    if (tp, tr) != (_rupiah(md.get(MK.TOTAL_PAGU)), _rupiah(md.get(MK.TOTAL_REALISASI))):
        salah.append(f"total pagu/realisasi tabel Anggaran ({tp}/{tr}) tidak sama dengan Metadata")
    return salah


def persen_kanonik(realisasi: int, pagu: int) -> str:
    """``nilai_kanonik(bulatkan(Fraction(realisasi * 100, pagu)))`` in integers ("" when pagu is 0): the
    rekap checks every budget line of every file, and Fraction and Decimal are slow per line."""
    if not pagu:
        return ""
    q = (2 * abs(realisasi) * 10_000 + abs(pagu)) // (2 * abs(pagu))  # half-up, hundredths of a percent
    if not q:
        return "0"
    bulat, sen = divmod(q, 100)
    teks = f"{bulat}.{sen:02d}".rstrip("0").rstrip(".")
    return "-" + teks if (realisasi < 0) != (pagu < 0) else teks


def _awalan(kode: str) -> list[str]:
    bagian = kode.split(".")
    return [".".join(bagian[:i]) for i in range(1, len(bagian))]


def _baris(berkas: Any, spec: c.TableSpec, kolom: tuple[str, ...]) -> list[list[str]]:
    """The named columns of a table's rows, matched by header name (never by position), as canonical text
    (the form the table was hashed in, computed once per file)."""
    semua = berkas.baris_teks(spec)
    indeks = [spec.headers.index(h) for h in kolom]
    return [[r[j] for j in indeks] for r in semua]


_K_INDIKATOR = (
    "Kode Sasaran",
    "Kode Indikator",
    "Indikator Kinerja",
    "Satuan",
    "Target",
    "Realisasi",
    "Capaian (%)",
    "Kategori",
    "Status",
)
_K_SASARAN = ("Kode Sasaran", "Sasaran", "Capaian (%)", "Kategori", "Jumlah Indikator", "Jumlah Dihitung")
_K_ANGGARAN = ("Kode", "Kode Baku", "Tingkat", "Uraian", "Pagu", "Realisasi", "Sisa", "Penyerapan (%)")


def _ditolak_periksa(path: str, hp: Any) -> Ditolak:
    m = hp.masalah[0] if hp.masalah else None
    tempat = f"{m.lembar}!{m.sel}: " if m is not None and m.sel else ""
    jenis = m.jenis if m is not None else hp.status
    return Ditolak(path, tempat + hp.alasan(), jenis, _teks(hp.metadata.get(MK.KODE_SATKER)))


def _tolak_tanda_tangan(path: str, kode: str, tt: dict[str, str]) -> Ditolak:
    alasan = {
        dk.MILIK_LAIN: f"ditandatangani dengan kunci milik satker {tt['kode_satker']}, bukan satker {kode} yang "
        "disebut berkas.",
        dk.DICABUT: f"ditandatangani dengan kunci satker {kode} yang sudah dicabut.",
        dk.TIDAK_DIKENAL: "ditandatangani dengan kunci yang tidak ada di daftar kunci provinsi.",
        dk.TIDAK_ADA: "tidak bertanda tangan satker (ekspor tanpa --kunci, atau format lama).",
    }[tt["status"]]
    return Ditolak(path, f"tanda tangan {tt['status']}: {alasan}", tt["status"], kode)


def ringkas_berkas(
    sumber: SumberEkspor, daftar: dk.DaftarKunci | None = None, hitung_ulang: bool = False
) -> RingkasanSatker | Ditolak:
    """Check one export and keep only what the rekap needs (runs in a worker).

    With a key registry only an export whose signature is ``sah`` is consolidated."""
    path = str(sumber.berkas)
    try:
        hp, berkas = periksa_berkas(sumber, daftar, hitung_ulang=hitung_ulang)
    except Exception as e:  # one broken file must never stop the rekap
        return Ditolak(path, f"berkas tidak dapat diperiksa ({type(e).__name__}: {e})", "galat_baca")
    if berkas is None or not hp.utuh:
        return _ditolak_periksa(path, hp)
    md = berkas.metadata
    kode = _teks(md.get(MK.KODE_SATKER))
    if daftar is not None and hp.tanda_tangan["status"] != dk.SAH:
        return _tolak_tanda_tangan(path, kode, hp.tanda_tangan)
    try:
        salah = _cek_angka(berkas)
        tahun = int(Decimal(_teks(md.get(MK.TAHUN))))
    except Exception as e:
        salah, tahun = [f"angka tidak terbaca ({e})"], 0
    if salah:
        lagi = f" (dan {len(salah) - 1} lainnya)" if len(salah) > 1 else ""
        return Ditolak(path, f"angka tidak konsisten: {salah[0]}{lagi}", "angka_berbeda", kode)
    satker = _indikator_satker(berkas.baris_teks(c.PK_TABLE))
    indikator = [tuple(r) for r in _baris(berkas, c.CAPAIAN_TABLE, _K_INDIKATOR) if r[1].upper() in satker]
    sasaran = [
        (r[0], r[1], r[2], r[3], _rupiah(r[4]), _rupiah(r[5]))
        for r in _baris(berkas, c.CAPAIAN_SASARAN_TABLE, _K_SASARAN)
    ]
    anggaran = [
        (r[0], r[1], r[2], r[3], _rupiah(r[4]), _rupiah(r[5]), _rupiah(r[6]), r[7])
        for r in _baris(berkas, c.ANGGARAN_TABLE, _K_ANGGARAN)
    ]
    tingkat = Counter(r[0] for r in _baris(berkas, c.VALIDASI_TABLE, ("Tingkat",)))
    return RingkasanSatker(
        berkas=path,
        kode_satker=kode,
        nama_satker=_teks(md.get(MK.NAMA_SATKER)),
        provinsi=_teks(md.get(MK.PROVINSI)),
        tahun=tahun,
        waktu=_teks(md.get(MK.WAKTU)),
        manifest=_teks(md.get(MK.HASH_MANIFEST)),
        pagu=_rupiah(md.get(MK.TOTAL_PAGU)),
        realisasi=_rupiah(md.get(MK.TOTAL_REALISASI)),
        peringatan=tingkat.get("peringatan", 0),
        galat=tingkat.get("galat", 0),
        dipaksa=_teks(md.get(MK.DIPAKSA)) == "Ya",
        tanda_tangan=hp.tanda_tangan["status"],
        indikator=indikator,
        sasaran=sasaran,
        anggaran=anggaran,
        alasan_paksa=_teks(md.get(MK.ALASAN)),
        kode_kunci=hp.tanda_tangan["kode_satker"],
    )


_SEKRETARIAT = {"", c.KODE_UNIT_SEKRETARIAT.upper(), dict(c.UNIT_BAWAAN)[c.KODE_UNIT_SEKRETARIAT].upper()}


def _indikator_satker(pk: list) -> set[str]:
    """Kode Indikator of the satker's own PK (Unit Kerja empty or the Sekretariat): the rekap counts
    these; unit PKs are cascades, never in a satker's totals."""
    i_kode, i_unit = c.PK_TABLE.headers.index("Kode Indikator"), c.PK_TABLE.headers.index("Unit Kerja")
    return {
        _teks(r[i_kode]).upper()
        for r in pk
        if len(r) > i_kode and (len(r) <= i_unit or _teks(r[i_unit]).upper() in _SEKRETARIAT)
    }


def _ringkas_satu(args: tuple) -> RingkasanSatker | Ditolak:
    titik_gangguan("pekerja_" + args[0].berkas.name)  # tests: a worker that dies on this file
    return ringkas_berkas(*args)


# --- the province --------------------------------------------------------------------
def _cek_keluar(
    berkas: list[SumberEkspor], keluar: Path | None, json_out: Path | str | None, csv_dir: Path | str | None
) -> list[SumberEkspor]:
    """Refuse an output that is one of the inputs; a previous rekap file (Rekap_*.xlsx) is dropped from the inputs."""
    nyata = {os.path.realpath(s.berkas) for s in berkas}
    keluaran = [Path(x) for x in (json_out,) if x is not None]
    if csv_dir is not None:
        keluaran += [Path(csv_dir) / f"{n}.csv" for n in _NAMA_CSV]
    if keluar is not None and not keluar.is_dir() and keluar.suffix:
        if os.path.realpath(keluar) in nyata and not keluar.name.startswith("Rekap_"):
            keluaran.append(keluar)
        berkas = [s for s in berkas if os.path.realpath(s.berkas) != os.path.realpath(keluar)]
    elif keluar is not None:  # a folder: the rekap it already holds is the output being replaced
        folder = os.path.realpath(keluar)
        berkas = [
            s
            for s in berkas
            if not (s.berkas.name.startswith("Rekap_") and os.path.realpath(s.berkas.parent) == folder)
        ]
    for k in keluaran:
        if os.path.realpath(k) in nyata:
            raise KinerjaError(
                f"Berkas keluaran {k} adalah salah satu berkas masukan rekap; pilih nama atau folder keluaran lain "
                "(berkas masukan tidak ditimpa)."
            )
    return berkas


def _periksa_semua(
    berkas: list[SumberEkspor],
    daftar: dk.DaftarKunci | None,
    hitung_ulang: bool,
    pekerja: int | None,
    progres: Any = None,
) -> list[RingkasanSatker | Ditolak]:
    """Check every file, in worker processes when there are several; a worker that dies rejects only its file."""
    tugas = [(s, daftar, hitung_ulang) for s in berkas]
    n = pekerja if pekerja is not None else min(os.cpu_count() or 1, max(len(tugas), 1))
    if n <= 1 or len(tugas) <= 1:
        urut = []
        for t in tugas:
            urut.append(_ringkas_satu(t))
            if progres is not None:
                progres(len(urut), len(tugas))
        return urut
    hasil: dict[int, RingkasanSatker | Ditolak] = {}
    with ProcessPoolExecutor(max_workers=n) as pool:
        futures = {pool.submit(_ringkas_satu, t): i for i, t in enumerate(tugas)}
        for f, i in futures.items():
            try:
                hasil[i] = f.result()
            except BrokenProcessPool:
                pass
            if progres is not None:
                progres(
                    len(hasil), len(tugas)
                )  # which file broke the pool is not known: each unfinished one is retried alone below
    for i, t in enumerate(tugas):
        if i not in hasil:
            hasil[i] = _ringkas_terpisah(t)
    return [hasil[i] for i in range(len(tugas))]


def _ringkas_terpisah(t: tuple) -> RingkasanSatker | Ditolak:
    """One file in its own worker process, so a crash (memory, a native library) rejects that file only."""
    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(_ringkas_satu, t).result()
    except BrokenProcessPool:
        return Ditolak(
            str(t[0].berkas),
            "pembaca berkas berhenti mendadak (berkas terlalu besar untuk memori atau rusak); "
            "minta satker mengekspor ulang.",
            "galat_baca",
        )


def waktu_instan(teks: str) -> _dt.datetime:
    """An export's `Waktu Ekspor` as an instant (WIB, WITA, WIT or any offset); unreadable -> the earliest."""
    try:
        w = _dt.datetime.fromisoformat(teks.strip())
    except ValueError:
        return _dt.datetime.min.replace(tzinfo=_dt.UTC)
    return w if w.tzinfo is not None else w.replace(tzinfo=_dt.timezone(_dt.timedelta(hours=7)))  # naive: WIB


def _saring_provinsi(
    baik: list[RingkasanSatker], provinsi: str | None
) -> tuple[list[RingkasanSatker], list[Ditolak], str]:
    """The rekap's province (given, else the majority); exports of another province are rejected."""
    kunci = lambda t: normalisasi_nama(t)  # noqa: E731 - "Kalimantan Timur" == "KALIMANTAN  TIMUR"
    if provinsi is None:
        hitung = Counter(kunci(h.provinsi) for h in baik)
        mayoritas = max(hitung.items(), key=lambda kv: (kv[1], kv[0]))[0] if hitung else ""
        provinsi = next((h.provinsi for h in baik if kunci(h.provinsi) == mayoritas), "")
    tetap, tolak = [], []
    for h in baik:
        if kunci(h.provinsi) == kunci(provinsi):
            tetap.append(h)
        else:
            tolak.append(
                Ditolak(
                    h.berkas,
                    f"Provinsi '{h.provinsi}', sedangkan rekap ini untuk Provinsi '{provinsi}'; tidak dijumlahkan.",
                    "provinsi_berbeda",
                    h.kode_satker,
                )
            )
    return tetap, tolak, provinsi


def _pilih(
    hasil: list[RingkasanSatker | Ditolak], tahun: int | None, provinsi: str | None = None
) -> tuple[list[RingkasanSatker], list[Ditolak], int | None, str]:
    """One provinsi and one tahun for all, one file per satker; everything else listed with its reason."""
    baik = [h for h in hasil if isinstance(h, RingkasanSatker)]
    ditolak = [h for h in hasil if isinstance(h, Ditolak)]
    baik, lain, provinsi = _saring_provinsi(baik, provinsi)
    ditolak += lain
    if tahun is None and baik:
        hitung = Counter(h.tahun for h in baik)
        teratas = max(hitung.values())
        # The year most files carry; a tie goes to the later year (the current report).
        tahun = max(t for t, n in hitung.items() if n == teratas)
    tetap = []
    for h in baik:
        if h.tahun != tahun:
            ditolak.append(
                Ditolak(
                    h.berkas,
                    f"tahun {h.tahun}, sedangkan rekap ini untuk tahun {tahun}.",
                    "tahun_berbeda",
                    h.kode_satker,
                )
            )
        else:
            tetap.append(h)
    per_satker: dict[str, list[RingkasanSatker]] = defaultdict(list)
    for h in tetap:
        per_satker[h.kode_satker].append(h)
    diterima = []
    for kode, daftar in per_satker.items():
        daftar.sort(key=lambda h: (waktu_instan(h.waktu), h.berkas), reverse=True)
        pilih = daftar[0]
        diterima.append(pilih)
        for lain in daftar[1:]:
            if lain.manifest == pilih.manifest:
                alasan = f"salinan berkas yang sama untuk satker {kode} ({Path(pilih.berkas).name}); dihitung sekali."
            else:
                alasan = (
                    f"satker {kode} mengirim lebih dari satu berkas; yang dipakai {Path(pilih.berkas).name} "
                    f"(diekspor {pilih.waktu}), berkas ini diekspor lebih dulu ({lain.waktu})."
                )
            ditolak.append(Ditolak(lain.berkas, alasan, "satker_ganda", kode))
    diterima.sort(key=lambda h: h.kode_satker)
    ditolak.sort(key=lambda d: d.berkas)
    return diterima, ditolak, tahun, provinsi


def baca_daftar_satker(teks: str, nama: str = "daftar satker") -> list[tuple[str, str]]:
    """The province's satker list (UTF-8 CSV, header `kode_satker,nama_satker`)."""
    baris = list(csv.reader(io.StringIO(teks.lstrip("\ufeff"))))
    if not baris or [h.strip().lower() for h in baris[0][:2]] != ["kode_satker", "nama_satker"]:
        raise KinerjaError(f"{nama}: baris pertama harus 'kode_satker,nama_satker'.")
    hasil: dict[str, str] = {}
    for row in baris[1:]:
        if row and row[0].strip():
            hasil.setdefault(row[0].strip(), row[1].strip() if len(row) > 1 else "")
    return list(hasil.items())


def _belum_mengirim(
    daftar: list[tuple[str, str]], diterima: list[RingkasanSatker], ditolak: list[Ditolak]
) -> list[tuple[str, str]]:
    """Satker of the list from which no file at all arrived (a rejected file is listed under Ditolak)."""
    ada = {s.kode_satker.upper() for s in diterima} | {d.kode_satker.upper() for d in ditolak if d.kode_satker}
    return [(k, n) for k, n in daftar if k.upper() not in ada]


def rekap(
    sumber: KumpulanEkspor,
    keluar: Path | str | None,
    *,
    json_out: Path | str | None = None,
    csv_dir: Path | str | None = None,
    daftar_kunci: dk.DaftarKunci | None = None,
    pekerja: int | None = None,
    hitung_ulang: bool = False,
    tahun: int | None = None,
    provinsi: str | None = None,
    daftar_satker: list[tuple[str, str]] | None = None,
    csv_excel: Path | str | None = None,
    progres: Any = None,
) -> HasilRekap:
    """`kinerja-xl rekap`: check every export, consolidate the good ones, list the rest.

    ``keluar`` may be a folder (the file is then named Rekap_<Provinsi>_<Tahun>.xlsx).
    ``hitung_ulang`` also re-runs the full engine on every file (slower; ``periksa``
    always does).
    """
    keluar_p = Path(keluar) if keluar is not None else None
    berkas, tolakan = sumber.kumpulkan()
    tak_terbaca = [Ditolak(x.berkas, x.alasan, x.jenis) for x in tolakan]
    berkas = _cek_keluar(list(berkas), keluar_p, json_out, csv_dir)
    hasil = _periksa_semua(berkas, daftar_kunci, hitung_ulang, pekerja, progres) + tak_terbaca
    diterima, ditolak, tahun, provinsi = _pilih(hasil, tahun, provinsi)
    out = HasilRekap(None, tahun, diterima, ditolak, _total(diterima), provinsi=provinsi)
    if daftar_satker is not None:
        out.belum_mengirim = _belum_mengirim(daftar_satker, diterima, ditolak)
    if diterima and keluar_p is not None:
        out.keluar = _tulis_workbook(keluar_p, out)
    if json_out is not None:
        tulis_teks_atomik(Path(json_out), json.dumps(as_json(out), ensure_ascii=False, indent=2), perintah="rekap")
        out.json_out = Path(json_out)
    if csv_dir is not None and diterima:
        tulis_csv(Path(csv_dir), out)
        out.csv_dir = Path(csv_dir)
    if csv_excel is not None and diterima:
        tulis_csv(Path(csv_excel), out, excel=True)
    return out


def _tulis_workbook(keluar: Path, out: HasilRekap) -> Path:
    provinsi = out.provinsi or Counter(s.provinsi for s in out.diterima).most_common(1)[0][0]
    try:
        if keluar.is_dir() or not keluar.suffix:
            keluar.mkdir(parents=True, exist_ok=True)
            keluar = keluar / nama_rekap(provinsi, out.tahun)
        keluar.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise KinerjaError(f"Folder keluaran {keluar} tidak dapat dibuat ({e.strerror or e}).") from None
    tulis_atomik(keluar, lambda p: tulis_rekap(p, out, provinsi), perintah="rekap")
    return keluar


def _total(diterima: list[RingkasanSatker]) -> dict[str, Any]:
    pagu = sum(s.pagu for s in diterima)
    real = sum(s.realisasi for s in diterima)
    kategori: Counter = Counter()
    for s in diterima:
        kategori.update(s.kategori())
    semua_sasaran = [Decimal(x[2]) for s in diterima for x in s.sasaran if x[2]]
    return {
        "jumlah_satker": len(diterima),
        "pagu": pagu,
        "realisasi": real,
        "sisa": pagu - real,
        "penyerapan": bulatkan(Fraction(real * 100, pagu)) if pagu else None,
        "jumlah_indikator": sum(len(s.indikator) for s in diterima),
        "kategori": dict(kategori),
        "rata_capaian_sasaran": bulatkan(sum(semua_sasaran, Decimal(0)) / len(semua_sasaran))
        if semua_sasaran
        else None,
        "peringatan": sum(s.peringatan for s in diterima),
    }


def _kategori_urut(diterima: list[RingkasanSatker]) -> list[str]:
    ada = set()
    for s in diterima:
        ada.update(s.kategori())
    urut = [k for k in KATEGORI_DEFAULT if k in ada or k in KATEGORI_DEFAULT]
    urut += sorted(k for k in ada if k not in urut and k != TIDAK_DIHITUNG)
    return urut + [TIDAK_DIHITUNG]


def normalisasi_nama(teks: str) -> str:
    """Indikator names compared across satker: case, accents, punctuation, spaces ignored."""
    t = unicodedata.normalize("NFKD", teks).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", t).split())


def indikator_bersama(diterima: list[RingkasanSatker]) -> list[tuple[str, dict[str, str]]]:
    """Indikator that at least two satker share, matched by normalised name or by code.

    Entries linked by either key form one group (union-find); a satker with two
    entries in a group shows the first. Returns (label, {kode_satker: capaian}).
    """
    induk: dict[int, int] = {}

    def cari(x: int) -> int:
        while induk.setdefault(x, x) != x:
            induk[x] = induk[induk[x]]
            x = induk[x]
        return x

    entri = []
    pertama: dict[tuple[str, str], int] = {}
    for s in diterima:
        for ind in s.indikator:
            i = len(entri)
            entri.append((s.kode_satker, ind))
            cari(i)
            for kunci in (("nama", normalisasi_nama(ind[2])), ("kode", ind[1].strip().upper())):
                if not kunci[1]:
                    continue
                if kunci in pertama:
                    induk[cari(i)] = cari(pertama[kunci])
                else:
                    pertama[kunci] = i
    grup: dict[int, list[int]] = defaultdict(list)
    for i in range(len(entri)):
        grup[cari(i)].append(i)
    hasil = []
    for anggota in grup.values():
        per_satker: dict[str, str] = {}
        nama = Counter()
        for i in anggota:
            kode_s, ind = entri[i]
            nama[ind[2] or ind[1]] += 1
            per_satker.setdefault(kode_s, ind[6])
        if len(per_satker) >= 2:
            hasil.append((nama.most_common(1)[0][0], per_satker))
    hasil.sort(key=lambda g: (-len(g[1]), g[0]))
    return hasil


def as_json(h: HasilRekap) -> dict[str, Any]:
    def d(x: Any) -> Any:
        return None if x is None else float(x) if isinstance(x, Decimal) else x

    return {
        "tahun": h.tahun,
        "total": {k: d(v) for k, v in h.total.items()},
        "satker": [
            {
                "kode_satker": s.kode_satker,
                "nama_satker": s.nama_satker,
                "berkas": Path(s.berkas).name,
                "pagu": s.pagu,
                "realisasi": s.realisasi,
                "penyerapan": d(s.penyerapan),
                "rata_capaian": d(s.rata_capaian),
                "kategori": dict(s.kategori()),
                "peringatan": s.peringatan,
                "galat": s.galat,
                "tanda_tangan": {"status": s.tanda_tangan, "kode_satker": s.kode_kunci},
                "dipaksa": s.dipaksa,
                "alasan_paksa": s.alasan_paksa,
            }
            for s in h.diterima
        ],
        "ditolak": [
            {"berkas": Path(x.berkas).name, "jenis": x.jenis, "kode_satker": x.kode_satker, "alasan": x.alasan}
            for x in h.ditolak
        ],
        "belum_mengirim": [{"kode_satker": k, "nama_satker": n} for k, n in h.belum_mengirim],
        "provinsi": h.provinsi,
    }


_NAMA_CSV = ("indikator", "anggaran", "satker", "ditolak", "belum_mengirim")


@contextmanager
def _csv_atomik(path: Path) -> Iterator[io.StringIO]:
    """A CSV built in memory and written atomically: a kill never leaves half a table."""
    buf = io.StringIO(newline="")
    yield buf
    tulis_teks_atomik(path, buf.getvalue(), perintah="rekap")


_AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r")
_ANGKA_TEKS = re.compile(r"[+-]?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?")


def sel_csv(v: Any) -> Any:
    """A CSV field a spreadsheet cannot run (OWASP CSV injection): text starting with = + - @ tab or CR gets
    a leading apostrophe; numbers, negative ones and their plain text form included, stay numbers."""
    if isinstance(v, str) and v.startswith(_AWAL_RUMUS) and not _ANGKA_TEKS.fullmatch(v):
        return "'" + v
    return v


class _CsvAman:
    """csv.writer whose rows pass through :func:`sel_csv`; ``excel``: `;`, comma decimal in ``angka`` columns."""

    def __init__(self, f: Any, excel: bool = False, angka: Iterable[int] = ()):
        self._w = csv.writer(f, delimiter=";" if excel else ",")
        self._excel, self._angka = excel, set(angka)

    def writerow(self, row: list[Any]) -> None:
        if self._excel:
            row = [_desimal_koma(v) if j in self._angka else v for j, v in enumerate(row)]
        self._w.writerow([sel_csv(v) for v in row])


def _desimal_koma(v: Any) -> Any:
    teks = kanonik.nilai_kanonik(v)
    return teks.replace(".", ",") if _ANGKA_TEKS.fullmatch(teks) else v


_KOLOM_CSV = {
    "indikator": (
        "kode_satker",
        "nama_satker",
        "tahun",
        "kode_sasaran",
        "kode_indikator",
        "indikator",
        "satuan",
        "target",
        "realisasi",
        "capaian",
        "kategori",
        "status",
    ),
    "anggaran": (
        "kode_satker",
        "nama_satker",
        "tahun",
        "kode",
        "kode_baku",
        "tingkat",
        "uraian",
        "pagu",
        "realisasi",
        "sisa",
        "penyerapan",
    ),
    "satker": (
        "kode_satker",
        "nama_satker",
        "tahun",
        "pagu",
        "realisasi",
        "penyerapan",
        "rata_capaian",
        "galat",
        "peringatan",
        "tanda_tangan",
        "dipaksa",
        "alasan_paksa",
        "waktu_ekspor",
        "berkas",
    ),
    "ditolak": ("berkas", "kode_satker", "jenis", "alasan"),
    "belum_mengirim": ("kode_satker", "nama_satker"),
}
_ANGKA_CSV = {"target", "realisasi", "capaian", "pagu", "sisa", "penyerapan", "rata_capaian"}


def _baris_csv(h: HasilRekap) -> dict[str, list[list[Any]]]:
    d = kanonik.nilai_kanonik
    return {
        "indikator": [[s.kode_satker, s.nama_satker, s.tahun, *ind] for s in h.diterima for ind in s.indikator],
        "anggaran": [[s.kode_satker, s.nama_satker, s.tahun, *a] for s in h.diterima for a in s.anggaran],
        "satker": [
            [
                s.kode_satker,
                s.nama_satker,
                s.tahun,
                s.pagu,
                s.realisasi,
                d(s.penyerapan),
                d(s.rata_capaian),
                s.galat,
                s.peringatan,
                s.tanda_tangan,
                "ya" if s.dipaksa else "tidak",
                s.alasan_paksa,
                s.waktu,
                Path(s.berkas).name,
            ]
            for s in h.diterima
        ],
        "ditolak": [[Path(x.berkas).name, x.kode_satker, x.jenis, x.alasan] for x in h.ditolak],
        "belum_mengirim": [[k, n] for k, n in h.belum_mengirim],
    }


def tulis_csv(folder: Path, h: HasilRekap, excel: bool = False) -> None:
    """Tidy long tables for analysts (columns in docs/rekap.md). ``excel``: the same files `;`-separated,
    comma decimal, UTF-8 with BOM, so an Indonesian Excel opens them in columns."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise KinerjaError(f"Folder CSV {folder} tidak dapat dibuat ({e.strerror or e}).") from None
    for nama, rows in _baris_csv(h).items():
        kolom = _KOLOM_CSV[nama]
        with _csv_atomik(folder / f"{nama}.csv") as f:
            if excel:
                f.write("\ufeff")
            w = _CsvAman(f, excel, [j for j, k in enumerate(kolom) if k in _ANGKA_CSV])
            w.writerow(list(kolom))
            for row in rows:
                w.writerow(row)


# --- the rekap workbook --------------------------------------------------------------
@dataclass
class _Format:
    """The cell formats of the rekap workbook, made once per workbook."""

    judul: Any
    sub: Any
    head: Any
    rp: Any
    pct: Any
    tebal_rp: Any
    tebal: Any
    tebal_pct: Any
    bungkus: Any

    @classmethod
    def untuk(cls, wb: xlsxwriter.Workbook) -> _Format:
        return cls(
            judul=wb.add_format({"bold": True, "font_size": 14}),
            sub=wb.add_format({"bold": True, "font_size": 12}),
            head=wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}),
            rp=wb.add_format({"num_format": "#,##0"}),
            pct=wb.add_format({"num_format": "0.00"}),
            tebal_rp=wb.add_format({"num_format": "#,##0", "bold": True, "top": 1}),
            tebal=wb.add_format({"bold": True, "top": 1}),
            tebal_pct=wb.add_format({"num_format": "0.00", "bold": True, "top": 1}),
            bungkus=wb.add_format({"text_wrap": True}),
        )


def _tulis(ws: Any, r: int, k: int, v: Any, f: _Format, fmt: Any = None) -> None:
    """One cell: text stays text, Decimal percentages get the percent format, empty is skipped."""
    if v is None or v == "":
        return
    if isinstance(v, str):
        ws.write_string(r, k, v, fmt)
    elif isinstance(v, Decimal):
        ws.write_number(r, k, float(v), fmt or f.pct)
    else:
        ws.write_number(r, k, v, fmt)


_LEBAR_BAWAAN = 8.43  # Excel's default column width (characters)
_TINGGI_BARIS = 15.0  # points per line of 11-pt text


def baris_teks(teks: str, lebar: float) -> int:
    """Lines ``teks`` takes when wrapped (at word boundaries) in a column ``lebar`` characters wide."""
    muat = max(int(lebar * 0.95) - 1, 1)  # bold headers and proportional fonts run a little wider
    baris, isi = 1, 0
    for kata in str(teks).split():
        n = len(kata)
        if isi and isi + 1 + n > muat:
            baris, isi = baris + 1, 0
        baris += (n - 1) // muat if n > muat else 0
        isi = n % muat if n > muat else (isi + 1 + n if isi else n)
    return baris


def _lebar_kolom(ws: Any, lebar: dict[int, float]) -> None:
    for j, w in lebar.items():
        ws.set_column(j, j, w)


def _kepala(ws: Any, r: int, kolom: Iterable[str], f: _Format, lebar: dict[int, float], awal: int = 0) -> None:
    """Column headers on row ``r`` from column ``awal``, wrapped, the row as tall as its longest header needs,
    so no header is cut on screen or on paper."""
    baris = 1
    for j, k in enumerate(kolom):
        ws.write_string(r, awal + j, k, f.head)
        baris = max(baris, baris_teks(k, lebar.get(awal + j, _LEBAR_BAWAAN)))
    ws.set_row(r, _TINGGI_BARIS * baris)


def tulis_rekap(path: Path, h: HasilRekap, provinsi: str) -> None:
    """The rekap workbook at ``path`` (a temporary file the atomic writer then moves into place)."""
    wb = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    f = _Format.untuk(wb)
    kategori = _kategori_urut(h.diterima)
    ringkasan = _lembar_ringkasan(wb, h, provinsi, kategori, f)
    kol = _lembar_per_satker(wb, h, kategori, f)
    for g in grafik_per_satker(len(h.diterima), kategori, kol):
        gambar_grafik(wb, ringkasan, "Ringkasan", g)
    _lembar_peringkat(wb, h, f)
    _lembar_capaian_sasaran(wb, h, f)
    _lembar_indikator_bersama(wb, h, f)
    _lembar_ditolak(wb, h, f)
    _lembar_belum_mengirim(wb, h, f)
    _cetak_a4(wb)
    wb.close()


# Header row (0-based) repeated on every printed page, per sheet.
_BARIS_JUDUL = {
    "Per Satker": 0,
    "Peringkat": 1,
    "Capaian Sasaran": 0,
    "Indikator Bersama": 1,
    "Ditolak": 0,
    "Belum Mengirim": 0,
}


def _cetak_a4(wb: xlsxwriter.Workbook) -> None:
    """Every sheet prints on A4 landscape, one page wide, its header rows repeated on each page."""
    for ws in wb.worksheets():
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.center_horizontally()
        if ws.name in _BARIS_JUDUL:
            ws.repeat_rows(_BARIS_JUDUL[ws.name])


_WARNA_PENYERAPAN = WARNA_GRAFIK["Berhasil"]


def _warna(kategori: str, i: int) -> str:
    """The satker workbook's colour of a kategori (services/ringkasan.py), so both read alike."""
    return WARNA_GRAFIK.get(kategori, "BFBFBF" if kategori == TIDAK_DIHITUNG else WARNA_LAIN[i % len(WARNA_LAIN)])


def _lembar_belum_mengirim(wb: xlsxwriter.Workbook, h: HasilRekap, f: _Format) -> None:
    """Satker of the --daftar list from which no file arrived (only when a list was given)."""
    if not h.belum_mengirim:
        return
    ws = wb.add_worksheet("Belum Mengirim")
    lebar = {0: 14, 1: 50}
    _lebar_kolom(ws, lebar)
    _kepala(ws, 0, ("Kode Satker", "Nama Satker"), f, lebar)
    for i, (kode, nama) in enumerate(h.belum_mengirim, 1):
        ws.write_string(i, 0, kode)
        ws.write_string(i, 1, nama)


def _lembar_ringkasan(wb: xlsxwriter.Workbook, h: HasilRekap, provinsi: str, kategori: list[str], f: _Format) -> Any:
    ws = wb.add_worksheet("Ringkasan")
    ws.set_column(0, 0, 38)
    ws.set_column(1, 1, 24)
    ws.write_string(0, 0, f"Rekap Laporan Kinerja KPU Provinsi {provinsi} Tahun {h.tahun}", f.judul)
    t = h.total
    baris = [
        ("Satker direkap", t["jumlah_satker"], None),
        ("Berkas ditolak", len(h.ditolak), None),
        ("Total pagu (Rp)", t["pagu"], f.rp),
        ("Total realisasi anggaran (Rp)", t["realisasi"], f.rp),
        ("Sisa anggaran (Rp)", t["sisa"], f.rp),
        ("Penyerapan (%)", t["penyerapan"], f.pct),
        ("Jumlah indikator", t["jumlah_indikator"], None),
        ("Rata-rata capaian seluruh sasaran (%)", t["rata_capaian_sasaran"], f.pct),
        ("Jumlah peringatan validasi", t["peringatan"], None),
    ]
    for i, (label, v, fmt) in enumerate(baris, 2):
        ws.write_string(i, 0, label)
        _tulis(ws, i, 1, v, f, fmt)
    r = 2 + len(baris) + 1
    ws.write_string(r, 0, "Indikator per kategori", f.sub)
    awal_kat = r + 1
    for j, k in enumerate(kategori):
        ws.write_string(awal_kat + j, 0, k)
        ws.write_number(awal_kat + j, 1, t["kategori"].get(k, 0))
    akhir_kat = awal_kat + len(kategori)  # 1-based row of the last kategori line
    grafik = Grafik(
        "pie",
        "Indikator per Kategori (provinsi)",
        "D3",
        f"A{awal_kat + 1}:A{akhir_kat}",
        (("Indikator per kategori", f"B{awal_kat + 1}:B{akhir_kat}"),),
        tuple(_warna(k, i) for i, k in enumerate(kategori)),
        lebar_cm=15,
        tinggi_cm=9,
    )
    gambar_grafik(wb, ws, "Ringkasan", grafik)
    return ws


def _lembar_per_satker(wb: xlsxwriter.Workbook, h: HasilRekap, kategori: list[str], f: _Format) -> list[str]:
    ws = wb.add_worksheet("Per Satker")
    kol = [
        "Kode Satker",
        "Nama Satker",
        "Jumlah Indikator",
        *kategori,
        "Rata-rata Capaian Sasaran (%)",
        "Pagu",
        "Realisasi",
        "Sisa",
        "Penyerapan (%)",
        "Jumlah Galat",
        "Jumlah Peringatan",
        "Tanda Tangan",
        "Ekspor Dipaksa",
        "Alasan Ekspor Dipaksa",
        "Berkas",
    ]
    lebar = _lebar_per_satker(kol)
    _lebar_kolom(ws, lebar)
    _kepala(ws, 0, kol, f, lebar)
    for i, s in enumerate(h.diterima, 1):
        kt = s.kategori()
        nilai = [
            s.kode_satker,
            s.nama_satker,
            len(s.indikator),
            *[kt.get(k, 0) for k in kategori],
            s.rata_capaian,
            s.pagu,
            s.realisasi,
            s.pagu - s.realisasi,
            s.penyerapan,
            s.galat,
            s.peringatan,
            _LABEL_TT[s.tanda_tangan],
            "Ya" if s.dipaksa else "Tidak",
            s.alasan_paksa,
            Path(s.berkas).name,
        ]
        for j, v in enumerate(nilai):
            _tulis(ws, i, j, v, f, f.rp if kol[j] in ("Pagu", "Realisasi", "Sisa") else None)
    _baris_total(ws, h, kol, kategori, f)
    ws.freeze_panes(1, 2)
    return kol


def _lebar_per_satker(kol: list[str]) -> dict[int, float]:
    """Column widths of Per Satker: rupiah totals of a whole province fit, names and reasons readable."""
    khusus = {
        "Kode Satker": 12,
        "Nama Satker": 34,
        "Pagu": 19,
        "Realisasi": 19,
        "Sisa": 17,
        "Tanda Tangan": 18,
        "Alasan Ekspor Dipaksa": 30,
        "Berkas": 24,
    }
    return {j: float(khusus.get(k, 12)) for j, k in enumerate(kol)}


def _baris_total(ws: Any, h: HasilRekap, kol: list[str], kategori: list[str], f: _Format) -> None:
    """The TOTAL PROVINSI row under the satker rows of Per Satker."""
    n = len(h.diterima)
    t = h.total
    ws.write_string(n + 1, 0, "TOTAL PROVINSI", f.tebal)
    ws.write_string(n + 1, 1, f"{n} satker", f.tebal)
    total_kol = {
        "Jumlah Indikator": t["jumlah_indikator"],
        "Pagu": t["pagu"],
        "Realisasi": t["realisasi"],
        "Sisa": t["sisa"],
        "Jumlah Peringatan": t["peringatan"],
        **{k: t["kategori"].get(k, 0) for k in kategori},
    }
    for j, k in enumerate(kol):
        if k in total_kol:
            ws.write_number(n + 1, j, total_kol[k], f.tebal_rp if k in ("Pagu", "Realisasi", "Sisa") else f.tebal)
        elif k == "Penyerapan (%)" and t["penyerapan"] is not None:
            ws.write_number(n + 1, j, float(t["penyerapan"]), f.tebal_pct)
        elif k == "Rata-rata Capaian Sasaran (%)" and t["rata_capaian_sasaran"] is not None:
            ws.write_number(n + 1, j, float(t["rata_capaian_sasaran"]), f.tebal_pct)


_LABEL_TT = {
    dk.SAH: "Sah",
    dk.MILIK_LAIN: "Kunci satker lain",
    dk.DICABUT: "Kunci dicabut",
    dk.TIDAK_DIKENAL: "Kunci tidak dikenal",
    dk.TIDAK_ADA: "Tidak ada",
}


def grafik_per_satker(n: int, kategori: list[str], kol: list[str]) -> list[Grafik]:
    """Penyerapan and kategori per satker, over the Per Satker sheet, drawn on Ringkasan.

    Horizontal bars, one per satker, so every satker name fits as a label; the charts grow
    with the number of satker (never squeezed); the value axes start at zero."""
    if not n:
        return []
    nama = f"B2:B{n + 1}"
    tinggi = max(9.0, 0.55 * n + 3.0)
    jp = kolom_huruf(kol.index("Penyerapan (%)") + 1)
    return [
        Grafik(
            "bar",
            "Penyerapan Anggaran per Satker (%)",
            "D21",
            nama,
            (("Penyerapan (%)", f"{jp}2:{jp}{n + 1}"),),
            (_WARNA_PENYERAPAN,),
            lebar_cm=19,
            tinggi_cm=tinggi,
            format_sumbu="0",
            lembar_data="Per Satker",
            mendatar=True,
            legenda=False,
        ),
        Grafik(
            "bar",
            "Indikator per Kategori per Satker",
            "P21",  # right of the first chart (D:N is about 19 cm wide), never over it
            nama,
            tuple((k, f"{kolom_huruf(4 + j)}2:{kolom_huruf(4 + j)}{n + 1}") for j, k in enumerate(kategori)),
            tuple(_warna(k, j) for j, k in enumerate(kategori)),
            lebar_cm=19,
            tinggi_cm=tinggi,
            format_sumbu="0",
            bertumpuk=True,
            lembar_data="Per Satker",
            mendatar=True,
        ),
    ]


def _lembar_peringkat(wb: xlsxwriter.Workbook, h: HasilRekap, f: _Format) -> None:
    ws = wb.add_worksheet("Peringkat")
    ws.write_string(0, 0, "Peringkat menurut penyerapan anggaran", f.sub)
    ws.write_string(0, 5, "Peringkat menurut rata-rata capaian sasaran", f.sub)
    lebar = {0: 11, 1: 12, 2: 32, 3: 14, 4: 4, 5: 11, 6: 12, 7: 32, 8: 14}
    _lebar_kolom(ws, lebar)
    _kepala(ws, 1, ("Peringkat", "Kode Satker", "Nama Satker", "Penyerapan (%)"), f, lebar)
    _kepala(ws, 1, ("Peringkat", "Kode Satker", "Nama Satker", "Capaian (%)"), f, lebar, awal=5)
    for off, kunci in ((0, lambda s: s.penyerapan), (5, lambda s: s.rata_capaian)):
        urut = sorted(h.diterima, key=lambda s: (kunci(s) is None, -(kunci(s) or 0), s.kode_satker))
        peringkat, sebelumnya = 0, object()
        for i, s in enumerate(urut, 1):
            v = kunci(s)
            if v != sebelumnya:
                peringkat, sebelumnya = i, v  # ties share a rank (1, 2, 2, 4)
            ws.write_number(1 + i, off, peringkat)
            ws.write_string(1 + i, off + 1, s.kode_satker)
            ws.write_string(1 + i, off + 2, s.nama_satker)
            _tulis(ws, 1 + i, off + 3, v, f, f.pct)


def _lembar_capaian_sasaran(wb: xlsxwriter.Workbook, h: HasilRekap, f: _Format) -> None:
    ws = wb.add_worksheet("Capaian Sasaran")
    kol_s = [
        "Kode Satker",
        "Nama Satker",
        "Kode Sasaran",
        "Sasaran",
        "Capaian (%)",
        "Kategori",
        "Jumlah Indikator",
        "Jumlah Dihitung",
    ]
    lebar = {0: 12, 1: 30, 2: 10, 3: 50, 4: 12, 5: 16, 6: 11, 7: 11}
    _lebar_kolom(ws, lebar)
    _kepala(ws, 0, kol_s, f, lebar)
    r = 1
    for s in h.diterima:
        for sas in s.sasaran:
            ws.write_string(r, 0, s.kode_satker)
            ws.write_string(r, 1, s.nama_satker, f.bungkus)
            ws.write_string(r, 2, sas[0])
            ws.write_string(r, 3, sas[1], f.bungkus)
            n = max(baris_teks(sas[1], lebar[3]), baris_teks(s.nama_satker, lebar[1]))
            if n > 1:
                ws.set_row(r, _TINGGI_BARIS * n)
            _tulis(ws, r, 4, Decimal(sas[2]) if sas[2] else None, f, f.pct)
            _tulis(ws, r, 5, sas[3], f)
            ws.write_number(r, 6, sas[4])
            ws.write_number(r, 7, sas[5])
            r += 1
    ws.autofilter(0, 0, max(r - 1, 0), len(kol_s) - 1)


def _lembar_indikator_bersama(wb: xlsxwriter.Workbook, h: HasilRekap, f: _Format) -> None:
    ws = wb.add_worksheet("Indikator Bersama")
    ws.write_string(
        0,
        0,
        "Capaian (%) indikator yang dimiliki beberapa satker (dicocokkan menurut nama yang dinormalkan atau kode)",
        f.sub,
    )
    lebar = {0: 60.0, 1: 10.0, **{2 + j: 16.0 for j in range(len(h.diterima))}}
    _lebar_kolom(ws, lebar)
    _kepala(ws, 1, ["Indikator", "Jumlah Satker", *(f"{s.kode_satker} {s.nama_satker}" for s in h.diterima)], f, lebar)
    kolom_satker = {s.kode_satker: 2 + j for j, s in enumerate(h.diterima)}
    for i, (label, per) in enumerate(indikator_bersama(h.diterima), 2):
        ws.write_string(i, 0, label)
        ws.write_number(i, 1, len(per))
        for kode, cap in per.items():
            if cap:
                ws.write_number(i, kolom_satker[kode], float(Decimal(cap)), f.pct)
            else:
                ws.write_string(i, kolom_satker[kode], "-")
    ws.freeze_panes(2, 2)


def _lembar_ditolak(wb: xlsxwriter.Workbook, h: HasilRekap, f: _Format) -> None:
    ws = wb.add_worksheet("Ditolak")
    lebar = {0: 30, 1: 12, 2: 20, 3: 90}
    _lebar_kolom(ws, lebar)
    _kepala(ws, 0, ("Berkas", "Kode Satker", "Jenis", "Alasan"), f, lebar)
    for i, d in enumerate(h.ditolak, 1):
        ws.write_string(i, 0, Path(d.berkas).name, f.bungkus)
        _tulis(ws, i, 1, d.kode_satker, f)
        ws.write_string(i, 2, d.jenis)
        ws.write_string(i, 3, d.alasan, f.bungkus)
        n = max(baris_teks(d.alasan, lebar[3]), baris_teks(Path(d.berkas).name, lebar[0]))
        if n > 1:
            ws.set_row(i, _TINGGI_BARIS * n)
