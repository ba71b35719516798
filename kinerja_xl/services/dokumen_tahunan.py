"""Use case `dokumen tahunan`: the Laporan Tahunan as KPU kab/kota publish it, as Word and PDF.

Kata Pengantar (signed as the LKj) · BAB I Pendahuluan (Profil text) · BAB II Struktur Organisasi
(A: units and officials, tugas dan fungsi; B: Program dan Anggaran, one table per program with its
kegiatan and the program row equal to their sum) · BAB III Capaian (per program, then kegiatan,
KRO and RO: "Alokasi anggarannya sebesar Rp X, dengan realisasi sebesar Rp Y atau Z%, yang terdiri
dari N (terbilang) kegiatan/KRO/RO, yaitu sebagai berikut:"; at RO level the line's Penjelasan and
its volume) · BAB IV Penutup (Profil text). Every rupiah comes from the budget roll-up the LKj uses
(``Hasil.anggaran.baris``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from kinerja_xl.domain.anggaran import penyerapan
from kinerja_xl.domain.sel import rekaman
from kinerja_xl.domain.sel import sel_teks as _teks
from kinerja_xl.gateway.base import WorkbookGateway
from kinerja_xl.narasi.dokumen import Sampul, TabelDokumen, isi_belum
from kinerja_xl.narasi.lkj import ttd_sekretaris
from kinerja_xl.narasi.render import f_angka, f_bilangan, f_persen, f_rupiah, ribuan
from kinerja_xl.narasi.susun import Naskah, Paragraf
from kinerja_xl.services.dokumen import HasilDokumen, tulis_lkj
from kinerja_xl.services.hitung import Hasil, nilai
from kinerja_xl.services.masukan import baca_masukan
from kinerja_xl.services.unit import nilai_unit
from kinerja_xl.template import contract as c

AKHIRAN = "Laporan_Tahunan"  # default file names: <workbook name>_Laporan_Tahunan.docx/.pdf
__all__ = ["AKHIRAN", "URUTAN_TAHUNAN", "dokumen_tahunan", "kalimat_alokasi", "naskah_tahunan"]

URUTAN_TAHUNAN = (
    "KATA PENGANTAR",
    "DAFTAR ISI",
    "BAB I PENDAHULUAN",
    "BAB II STRUKTUR ORGANISASI",
    "BAB III CAPAIAN",
    "BAB IV PENUTUP",
)
KOLOM_PROGRAM = ("No", "Kode", "Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "%")
_ANAK = {"program": "kegiatan", "kegiatan": "kro", "kro": "ro"}
_SEBUT = {"kegiatan": "kegiatan", "kro": "KRO", "ro": "RO"}
_HURUF = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def kalimat_alokasi(pagu: int, realisasi: int, anak: int | None = None, tingkat_anak: str = "") -> str:
    """The sentence of BAB III; with ``anak`` the count of children in words and "yaitu sebagai berikut:"."""
    persen = f_persen(penyerapan(pagu, realisasi))
    teks = (
        f"Alokasi anggarannya sebesar Rp {ribuan(pagu)}, dengan realisasi sebesar Rp {ribuan(realisasi)} atau {persen}"
    )
    if anak is None:
        return teks + "."
    return teks + f", yang terdiri dari {f_bilangan(anak)} {_SEBUT[tingkat_anak]}, yaitu sebagai berikut:"


class _Pohon:
    """The rolled-up budget lines by code with their children, in the table's (depth-first) order."""

    def __init__(self, hasil: Hasil) -> None:
        self.rows = rekaman(hasil.anggaran.baris)
        self.anak: dict[str, list[dict[str, Any]]] = {}
        for r in self.rows:
            self.anak.setdefault(_teks(r.get("induk")), []).append(r)
        pagu = hasil.masukan.df(c.PAGU_TABLE)
        self.penjelasan = {i: _teks(v) for i, v in enumerate(pagu["penjelasan"])} if "penjelasan" in pagu else {}

    def program(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r.get("tingkat") == "program"]

    def anak_tingkat(self, r: dict[str, Any], tingkat: str) -> list[dict[str, Any]]:
        """The children of a line at ``tingkat`` (through a line the engine derived in between)."""
        out = []
        for a in self.anak.get(_teks(r.get("kode_baku")), []):
            out.extend(
                [a]
                if a.get("tingkat") == tingkat
                else self.anak_tingkat(a, tingkat)
                if a.get("tingkat") not in ("komponen", "subkomponen", "akun")
                else []
            )
        return out


def _nama(r: dict[str, Any]) -> str:
    return f"{_teks(r.get('uraian')) or _teks(r.get('kode'))} ({_teks(r.get('kode'))})"


def _rp(r: dict[str, Any], kolom: str) -> int:
    v = r.get(kolom)
    return 0 if v is None or v != v else int(v)


def _tabel_program(pohon: _Pohon, prog: dict[str, Any]) -> TabelDokumen:
    """One program's kegiatan with pagu, realisasi and %; the program row is the sum of its kegiatan."""
    keg = pohon.anak_tingkat(prog, "kegiatan")
    rows = [
        {
            "No": str(i),
            "Kode": _teks(k.get("kode")),
            "Kegiatan": _teks(k.get("uraian")),
            "Pagu (Rp)": ribuan(_rp(k, "pagu")),
            "Realisasi (Rp)": ribuan(_rp(k, "realisasi")),
            "%": f_persen(penyerapan(_rp(k, "pagu"), _rp(k, "realisasi"))),
        }
        for i, k in enumerate(keg, 1)
    ]
    pagu, real = sum(_rp(k, "pagu") for k in keg), sum(_rp(k, "realisasi") for k in keg)
    rows.append(
        {
            "No": "",
            "Kode": _teks(prog.get("kode")),
            "Kegiatan": f"Jumlah {_teks(prog.get('uraian'))}",
            "Pagu (Rp)": ribuan(pagu),
            "Realisasi (Rp)": ribuan(real),
            "%": f_persen(penyerapan(pagu, real)),
        }
    )
    return TabelDokumen(
        f"Pagu dan Realisasi {_teks(prog.get('uraian')) or _teks(prog.get('kode'))}",
        pd.DataFrame(rows, columns=list(KOLOM_PROGRAM)),
        KOLOM_PROGRAM,
        (0.8, 2.6, 6.0, 2.6, 2.6, 1.4),
        frozenset({"Pagu (Rp)", "Realisasi (Rp)", "%"}),
        ukuran=8,
    )


def _volume(r: dict[str, Any]) -> str:
    target, real, satuan = r.get("target_volume"), r.get("realisasi_volume"), _teks(r.get("satuan_volume"))
    if target is None or target != target:
        return ""
    teks = f"Target volumenya {f_angka(target)} {satuan}".rstrip()
    if real is not None and real == real:
        teks += f", dengan realisasi {f_angka(real)} {satuan}".rstrip()
    return teks + "."


class _Penyusun:
    """Collects the blocks and tables of the document."""

    def __init__(self, hasil: Hasil) -> None:
        self.hasil, self.blok, self.tabel = hasil, [], {}
        self.konf = hasil.masukan.konfigurasi.teks
        self.satker = self.konf(c.Kunci.NAMA_SATKER) or "Satuan Kerja"
        self.tahun = self.konf(c.Kunci.TAHUN)
        t = hasil.masukan.tabel.get(c.PROFIL_TABLE.name)
        self.profil = (
            {_teks(k): _teks(v) for k, v in zip(t.data["Kunci"], t.data["Teks"], strict=False)}
            if t is not None and len(t.data)
            else {}
        )

    def p(self, bagian: str, teks: str, gaya: str = "paragraf", kode: str = "", indent: int = 0) -> None:
        self.blok.append(Paragraf(bagian, kode, teks, gaya, indent))

    def profil_teks(self, kunci: str) -> str:
        return self.profil.get(kunci, "").strip() or isi_belum(f"{kunci} (lembar {c.PROFIL})")

    def tab(self, bagian: str, kunci: str, t: TabelDokumen) -> None:
        self.tabel[kunci] = t
        self.p(bagian, t.judul, "tabel", kunci)


def _pembuka(s: _Penyusun) -> None:
    s.p("Sampul", "", "sampul")
    s.p("Kata Pengantar", "", "halaman_baru")
    s.p("Kata Pengantar", "KATA PENGANTAR", "judul1")
    s.p(
        "Kata Pengantar",
        f"Laporan Tahunan Sekretariat {s.satker} Tahun {s.tahun} menyajikan gambaran organisasi, "
        "program dan anggaran, serta capaian pelaksanaan kegiatan selama satu tahun anggaran, sebagai bentuk "
        "pertanggungjawaban kepada Komisi Pemilihan Umum Provinsi dan masyarakat.",
    )
    s.p("Kata Pengantar", "Semoga laporan ini bermanfaat sebagai bahan evaluasi dan perbaikan pada tahun berikutnya.")
    s.p("Kata Pengantar", ttd_sekretaris(s.konf, s.satker), "ttd")
    s.p("Daftar Isi", "", "halaman_baru")
    s.p("Daftar Isi", "DAFTAR ISI", "judul_daftar")
    s.p("Daftar Isi", "", "daftar_isi")
    s.p("BAB I", "", "halaman_baru")
    s.p("BAB I", "BAB I PENDAHULUAN", "judul1")
    s.p("BAB I", "A. Latar Belakang", "judul2")
    s.p("BAB I", s.profil_teks(c.KunciProfil.LATAR_BELAKANG))
    s.p("BAB I", "B. Visi, Misi dan Tujuan", "judul2")
    for kunci in (c.KunciProfil.VISI, c.KunciProfil.MISI, c.KunciProfil.TUJUAN):
        s.p("BAB I", f"{kunci}: {s.profil_teks(kunci)}")
    s.p("BAB I", "C. Isu Strategis", "judul2")
    s.p("BAB I", s.profil_teks(c.KunciProfil.ISU_STRATEGIS))


def _bab2(s: _Penyusun, pohon: _Pohon) -> None:
    s.p("BAB II", "", "halaman_baru")
    s.p("BAB II", "BAB II STRUKTUR ORGANISASI", "judul1")
    s.p("BAB II", "A. Struktur Organisasi, Tugas dan Fungsi", "judul2")
    daftar = nilai_unit(s.hasil).daftar.unit
    s.p(
        "BAB II",
        f"Sekretariat {s.satker} dipimpin oleh Sekretaris dan terdiri atas {f_bilangan(len(daftar) - 1)} "
        "unit kerja di bawahnya, dengan pejabat sebagai berikut.",
    )
    rows = [
        {"No": str(i), "Unit Kerja": u.nama, "Pejabat": u.pejabat or "-", "NIP": u.nip or "-"}
        for i, u in enumerate(daftar, 1)
    ]
    s.tab(
        "BAB II",
        "unit",
        TabelDokumen(
            "Unit Kerja dan Pejabat", pd.DataFrame(rows), ("No", "Unit Kerja", "Pejabat", "NIP"), (0.8, 7.2, 4.6, 3.4)
        ),
    )
    s.p("BAB II", s.profil_teks(c.KunciProfil.TUGAS_FUNGSI))
    s.p("BAB II", "B. Program dan Anggaran", "judul2")
    progs = pohon.program()
    s.p(
        "BAB II",
        f"Pada Tahun Anggaran {s.tahun} Sekretariat {s.satker} melaksanakan {f_bilangan(len(progs))} "
        "program; kegiatan setiap program beserta pagu dan realisasinya sebagai berikut.",
    )
    for prog in progs:
        s.tab("BAB II", f"program_{_teks(prog.get('kode'))}", _tabel_program(pohon, prog))


def _bab3(s: _Penyusun, pohon: _Pohon) -> None:
    s.p("BAB III", "", "halaman_baru")
    s.p("BAB III", "BAB III CAPAIAN", "judul1")
    for i, prog in enumerate(pohon.program()):
        s.p("BAB III", f"{_HURUF[i % 26]}. {_nama(prog)}", "judul2")
        _uraikan(s, pohon, prog, 0)


def _uraikan(s: _Penyusun, pohon: _Pohon, r: dict[str, Any], kedalaman: int) -> None:
    """The line's sentence, then each child (kegiatan as a heading, KRO and RO as numbered paragraphs)."""
    tingkat = _teks(r.get("tingkat"))
    anak = pohon.anak_tingkat(r, _ANAK[tingkat]) if tingkat in _ANAK else []
    pagu, real = _rp(r, "pagu"), _rp(r, "realisasi")
    kode = _teks(r.get("kode"))
    if tingkat == "ro":
        i = r.get("baris")
        ekstra = [pohon.penjelasan.get(int(i), "") if i is not None and i == i else "", _volume(r)]
        s.p("BAB III", " ".join([kalimat_alokasi(pagu, real), *[e for e in ekstra if e]]), kode=kode, indent=kedalaman)
        return
    s.p(
        "BAB III",
        kalimat_alokasi(pagu, real, len(anak), _ANAK[tingkat]) if tingkat in _ANAK else kalimat_alokasi(pagu, real),
        kode=kode,
        indent=kedalaman,
    )
    for no, a in enumerate(anak, 1):
        if a.get("tingkat") == "kegiatan":
            s.p("BAB III", f"{no}. Kegiatan {_nama(a)}", "judul3")
            _uraikan(s, pohon, a, 0)
        else:
            s.p(
                "BAB III",
                f"{no}. {_SEBUT[_teks(a.get('tingkat'))]} {_nama(a)}",
                kode=_teks(a.get("kode")),
                indent=kedalaman + 1,
            )
            _uraikan(s, pohon, a, kedalaman + 1)


def _bab4(s: _Penyusun) -> None:
    total = s.hasil.anggaran.total
    s.p("BAB IV", "", "halaman_baru")
    s.p("BAB IV", "BAB IV PENUTUP", "judul1")
    s.p(
        "BAB IV",
        f"Secara keseluruhan, pagu Sekretariat {s.satker} Tahun Anggaran {s.tahun} sebesar "
        f"{f_rupiah(int(total.get('pagu') or 0))} terealisasi sebesar {f_rupiah(int(total.get('realisasi') or 0))} "
        f"atau {f_persen(total.get('penyerapan'))}.",
    )
    s.p("BAB IV", s.profil_teks(c.KunciProfil.LANGKAH))


def naskah_tahunan(hasil: Hasil, logo: bytes | None = None) -> Naskah:
    """The whole Laporan Tahunan of one run (no I/O)."""
    s = _Penyusun(hasil)
    pohon = _Pohon(hasil)
    _pembuka(s)
    _bab2(s, pohon)
    _bab3(s, pohon)
    _bab4(s)
    provinsi = s.konf(c.Kunci.PROVINSI).upper()
    naskah = Naskah(
        f"Laporan Tahunan {s.tahun}",
        s.blok,
        pd.DataFrame(),
        pd.DataFrame(),
        tabel=s.tabel,
        kepala=f"Laporan Tahunan {s.satker} Tahun {s.tahun}".strip(),
    )
    naskah.sampul = Sampul(
        [
            "LAPORAN TAHUNAN",
            f"TAHUN {s.tahun}".strip(),
            f"SEKRETARIAT {s.satker.upper()}",
            provinsi and f"PROVINSI {provinsi}",
        ],
        logo,
    )
    return naskah


def dokumen_tahunan(gateway: WorkbookGateway, *, docx: Path, pdf: Path | None = None) -> HasilDokumen:
    """`kinerja-xl dokumen tahunan FILE`: read once, compose, write; the workbook is not changed."""
    hasil = nilai(baca_masukan(gateway))
    gateway.progres("Menyusun Laporan Tahunan", None)
    naskah = naskah_tahunan(hasil, logo=gateway.baca_gambar(c.PROFIL))
    gateway.progres("Menulis Laporan Tahunan", None)
    return tulis_lkj(naskah, docx, pdf)
