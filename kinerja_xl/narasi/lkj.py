"""The whole LKj in PermenPAN-RB 53/2014 order, from one run's figures and the Profil sheet.

cover · Kata Pengantar · Daftar Isi · Daftar Tabel · Ikhtisar Eksekutif · BAB I Pendahuluan ·
BAB II Perencanaan Kinerja · BAB III Akuntabilitas Kinerja (A and B, from
:func:`kinerja_xl.narasi.susun.susun_naskah`) · BAB IV Penutup · Lampiran.

The LKj reports the satker's own PK (the rows of the Sekretariat, signed by the Sekretaris
with the Ketua): :func:`hasil_satker` narrows a run to those rows, and every satker-level
summary is written from it. Unit PKs appear only in the lampiran. Text staff have not
written is a visible placeholder (:mod:`kinerja_xl.narasi.dokumen`), never invented.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kinerja_xl.domain.capaian import HasilCapaian
from kinerja_xl.domain.sel import rekaman
from kinerja_xl.domain.sel import sel_teks as _teks
from kinerja_xl.narasi.dokumen import Sampul, TabelDokumen, isi_belum
from kinerja_xl.narasi.render import TemplateNarasi, f_bilangan, f_persen
from kinerja_xl.narasi.susun import BAB3A, BAB3B, IKHTISAR, Naskah, Paragraf, susun_naskah
from kinerja_xl.template import contract as c

PENGANTAR = "Kata Pengantar"
DAFTAR_ISI = "Daftar Isi"
DAFTAR_TABEL = "Daftar Tabel"
BAB1 = "BAB I"
BAB2 = "BAB II"
BAB4 = "BAB IV"
LAMPIRAN = "Lampiran"
# Headings of the parts, in the order the document prints them (the structure test checks it).
URUTAN_BAGIAN = (
    "KATA PENGANTAR",
    "DAFTAR ISI",
    "DAFTAR TABEL",
    "IKHTISAR EKSEKUTIF",
    "BAB I PENDAHULUAN",
    "BAB II PERENCANAAN KINERJA",
    "BAB III AKUNTABILITAS KINERJA",
    "BAB IV PENUTUP",
    "LAMPIRAN",
)


@dataclass
class Bahan:
    """What the document is written from: the satker's figures, units, profile text, settings."""

    hasil: Any  # services.hitung.Hasil narrowed to the satker's PK (hasil_satker)
    semua: Any  # the run's Hasil with every unit's indikator (lampiran)
    unit: Any  # services.unit.HasilUnit
    profil: dict[str, str]
    dokumen_pk: list[Any]  # services.dokumen_pk.DokumenPK, the Sekretariat's first
    matriks: pd.DataFrame  # Rencana Aksi matrix rows
    logo: bytes | None = None

    @property
    def satker(self) -> str:
        return self.hasil.masukan.konfigurasi.teks(c.Kunci.NAMA_SATKER) or "Satuan Kerja"

    @property
    def tahun(self) -> str:
        return self.hasil.masukan.konfigurasi.teks(c.Kunci.TAHUN)

    def konf(self, kunci: str) -> str:
        return self.hasil.masukan.konfigurasi.teks(kunci)

    def teks_profil(self, kunci: str) -> str:
        return (self.profil.get(kunci) or "").strip() or isi_belum(f"{kunci} (lembar {c.PROFIL})")


def hasil_satker(hasil: Any, hu: Any) -> Any:
    """The run narrowed to the satker's own PK: the Sekretariat's indikator and their sasaran.

    Sasaran keep the order (and so the numbers) of the Sekretariat's PK form; capaian per
    sasaran is the unit aggregation of the Sekretariat, the same figure as tblCapaianUnit.
    """
    sek = hu.daftar.sekretariat.kode
    ind = hasil.capaian.indikator
    milik = [hu.unit_baris.get(int(b)) == sek for b in ind["baris_pk"]] if len(ind) else []
    ind_sek = ind[pd.Series(milik, index=ind.index, dtype=bool)] if len(ind) else ind
    per_unit = hu.capaian
    sas = per_unit[per_unit["unit"] == sek].drop(columns=["unit"]).reset_index(drop=True)
    capaian = HasilCapaian(ind_sek.reset_index(drop=True), sas, hasil.capaian.temuan)
    return dataclasses.replace(hasil, capaian=capaian, turunan={})


# --- the pipeline ---------------------------------------------------------------------------


def susun_lkj(bahan: Bahan, templat: TemplateNarasi | None = None) -> Naskah:
    """The whole LKj: the narrative of BAB III and the Ikhtisar, framed by the other parts."""
    inti = susun_naskah(bahan.hasil, templat)
    blok: list[Paragraf] = []
    tabel: dict[str, TabelDokumen] = {}
    for langkah in (_pembuka, _ikhtisar, _bab1, _bab2, _bab3, _bab4, _lampiran):
        langkah(bahan, inti, blok, tabel)
    naskah = dataclasses.replace(
        inti,
        blok=blok,
        tabel=tabel,
        kepala=f"Laporan Kinerja {bahan.satker} Tahun {bahan.tahun}".strip(),
        lampiran_pk=list(bahan.dokumen_pk),
    )
    provinsi = bahan.konf(c.Kunci.PROVINSI).upper()
    naskah.sampul = Sampul(
        [
            "LAPORAN KINERJA",
            f"(LKj) TAHUN {bahan.tahun}".strip(),
            f"SEKRETARIAT {bahan.satker.upper()}",
            provinsi and f"PROVINSI {provinsi}",
        ],
        bahan.logo,
    )
    return naskah


def _judul(blok: list[Paragraf], bagian: str, teks: str, tingkat: int = 1) -> None:
    blok.append(Paragraf(bagian, "", teks, f"judul{tingkat}"))


def _par(blok: list[Paragraf], bagian: str, teks: str, kode: str = "") -> None:
    if teks:
        blok.append(Paragraf(bagian, kode, teks))


def _tabel(blok: list[Paragraf], tabel: dict[str, TabelDokumen], bagian: str, kunci: str, t: TabelDokumen) -> None:
    tabel[kunci] = t
    blok.append(Paragraf(bagian, kunci, t.judul, "tabel"))


def _pembuka(bahan: Bahan, inti: Naskah, blok: list[Paragraf], tabel: dict[str, TabelDokumen]) -> None:
    """Cover, Kata Pengantar signed by the Sekretaris, Daftar Isi and Daftar Tabel."""
    blok.append(Paragraf("Sampul", "", "", "sampul"))
    blok.append(Paragraf(PENGANTAR, "", "", "halaman_baru"))
    _judul(blok, PENGANTAR, "KATA PENGANTAR")
    _par(
        blok,
        PENGANTAR,
        f"Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa karena Laporan Kinerja "
        f"Sekretariat {bahan.satker} Tahun {bahan.tahun} dapat diselesaikan. Laporan ini menyajikan capaian "
        f"Perjanjian Kinerja yang ditandatangani Sekretaris bersama Ketua {bahan.satker}, beserta realisasi "
        "anggaran yang mendukungnya, sebagai wujud akuntabilitas kepada Komisi Pemilihan Umum Provinsi dan "
        "masyarakat.",
    )
    _par(
        blok,
        PENGANTAR,
        "Kami berharap laporan ini menjadi bahan evaluasi dan perbaikan kinerja pada tahun "
        "berikutnya. Saran dan masukan untuk penyempurnaannya kami terima dengan terbuka.",
    )
    blok.append(Paragraf(PENGANTAR, "", ttd_sekretaris(bahan.konf, bahan.satker), "ttd"))
    blok.append(Paragraf(DAFTAR_ISI, "", "", "halaman_baru"))
    blok.append(Paragraf(DAFTAR_ISI, "", "DAFTAR ISI", "judul_daftar"))
    blok.append(Paragraf(DAFTAR_ISI, "", "", "daftar_isi"))
    blok.append(Paragraf(DAFTAR_TABEL, "", "", "halaman_baru"))
    blok.append(Paragraf(DAFTAR_TABEL, "", "DAFTAR TABEL", "judul_daftar"))
    blok.append(Paragraf(DAFTAR_TABEL, "", "", "daftar_tabel"))


def ttd_sekretaris(konf: Any, satker: str) -> str:
    """The Sekretaris's signature block (place, date, name, NIP) under a Kata Pengantar; ``konf(kunci)``
    reads Konfigurasi. The LKj, the RKT and the Laporan Tahunan sign the same way."""
    tempat = konf(c.Kunci.TEMPAT) or isi_belum(c.Kunci.TEMPAT)
    tanggal = konf(c.Kunci.TANGGAL_LAPORAN) or isi_belum(f"{c.Kunci.TANGGAL_LAPORAN} (lembar {c.KONFIGURASI})")
    nama = konf(c.Kunci.NAMA_SEKRETARIS) or isi_belum(c.Kunci.NAMA_SEKRETARIS)
    nip = konf(c.Kunci.NIP_SEKRETARIS)
    return "\n".join([f"{tempat}, {tanggal}", f"Sekretaris {satker},", "", "", nama, f"NIP. {nip}" if nip else ""])


def _ikhtisar(bahan: Bahan, inti: Naskah, blok: list[Paragraf], tabel: dict[str, TabelDokumen]) -> None:
    blok.append(Paragraf(IKHTISAR, "", "", "halaman_baru"))
    blok.extend(p for p in inti.blok if p.bagian == IKHTISAR)


def _bab1(bahan: Bahan, inti: Naskah, blok: list[Paragraf], tabel: dict[str, TabelDokumen]) -> None:
    """Pendahuluan: latar belakang, tugas dan fungsi, struktur organisasi (tblUnit), isu strategis."""
    blok.append(Paragraf(BAB1, "", "", "halaman_baru"))
    _judul(blok, BAB1, "BAB I PENDAHULUAN")
    _judul(blok, BAB1, "A. Latar Belakang", 2)
    _par(blok, BAB1, bahan.teks_profil(c.KunciProfil.LATAR_BELAKANG))
    _judul(blok, BAB1, "B. Tugas dan Fungsi", 2)
    _par(blok, BAB1, bahan.teks_profil(c.KunciProfil.TUGAS_FUNGSI))
    _judul(blok, BAB1, "C. Struktur Organisasi", 2)
    daftar = bahan.unit.daftar.unit
    _par(
        blok,
        BAB1,
        f"Sekretariat {bahan.satker} dipimpin oleh Sekretaris dan terdiri atas "
        f"{f_bilangan(len(daftar) - 1)} unit kerja di bawahnya; pejabat setiap unit kerja disajikan pada tabel "
        "berikut.",
    )
    rows = [
        {"No": str(i), "Unit Kerja": u.nama, "Pejabat": u.pejabat or "-", "NIP": u.nip or "-"}
        for i, u in enumerate(daftar, 1)
    ]
    _tabel(
        blok,
        tabel,
        BAB1,
        "struktur",
        TabelDokumen(
            "Struktur Organisasi dan Pejabat",
            pd.DataFrame(rows),
            ("No", "Unit Kerja", "Pejabat", "NIP"),
            (0.8, 7.2, 4.6, 3.4),
        ),
    )
    _judul(blok, BAB1, "D. Isu Strategis", 2)
    _par(blok, BAB1, bahan.teks_profil(c.KunciProfil.ISU_STRATEGIS))


def _bab2(bahan: Bahan, inti: Naskah, blok: list[Paragraf], tabel: dict[str, TabelDokumen]) -> None:
    """Perencanaan Kinerja: the Renstra (visi, misi, tujuan, sasaran with Renstra targets) and the year's PK."""
    blok.append(Paragraf(BAB2, "", "", "halaman_baru"))
    _judul(blok, BAB2, "BAB II PERENCANAAN KINERJA")
    _judul(blok, BAB2, "A. Rencana Strategis", 2)
    for kunci in (c.KunciProfil.VISI, c.KunciProfil.MISI, c.KunciProfil.TUJUAN):
        _par(blok, BAB2, f"{kunci}: {bahan.teks_profil(kunci)}")
    _bab2_renstra(bahan, blok, tabel)
    _bab2_pk(bahan, inti, blok, tabel)


def _bab2_renstra(bahan: Bahan, blok: list[Paragraf], tabel: dict[str, TabelDokumen]) -> None:
    """Bab II A's table: each PK sasaran/indikator with its Renstra target this year and in the Renstra's last year."""
    renstra = target_renstra(bahan.hasil)
    akhir = max((t for per in renstra.values() for t in per), default=None)
    tahun = int(bahan.tahun) if bahan.tahun.isdigit() else None
    kol_ini, kol_akhir = f"Target Renstra {bahan.tahun}".strip(), f"Target Renstra {akhir or ''}".strip()
    rows = []
    for no, _ks, sas, r in _baris_pk(bahan.hasil):
        per = renstra.get(_teks(r.get("kode")).upper(), {})
        rows.append(
            {
                "No": no,
                "Sasaran Strategis": sas,
                "Indikator Kinerja": _teks(r.get("indikator")),
                kol_ini: per.get(tahun, _teks(r.get("target_renstra"))) or "-",
                kol_akhir: per.get(akhir, "-") if akhir else "-",
            }
        )
    sumber = ", ".join(
        _teks(r.get("kode")) for *_, r in _baris_pk(bahan.hasil) if _teks(r.get("kode")).upper() in renstra
    )
    _par(
        blok,
        BAB2,
        f"Sasaran strategis Sekretariat beserta target Renstra tahun {bahan.tahun}"
        + (f" dan tahun akhir Renstra ({akhir})" if akhir and akhir != tahun else "")
        + " sebagai berikut.",
        sumber,
    )
    _tabel(
        blok,
        tabel,
        BAB2,
        "renstra",
        TabelDokumen(
            "Sasaran Strategis dan Target Renstra",
            pd.DataFrame(rows, columns=["No", "Sasaran Strategis", "Indikator Kinerja", kol_ini, kol_akhir]),
            ("No", "Sasaran Strategis", "Indikator Kinerja", kol_ini, kol_akhir),
            (0.8, 5.0, 5.8, 2.2, 2.2),
            frozenset({kol_ini, kol_akhir}),
        ),
    )


def _bab2_pk(bahan: Bahan, inti: Naskah, blok: list[Paragraf], tabel: dict[str, TabelDokumen]) -> None:
    """Bab II B: who signed the year's Perjanjian Kinerja and when, and its indikator with their targets."""
    _judul(blok, BAB2, f"B. Perjanjian Kinerja Tahun {bahan.tahun}".strip(), 2)
    sek = bahan.dokumen_pk[0] if bahan.dokumen_pk else None
    _par(
        blok,
        BAB2,
        f"Perjanjian Kinerja Tahun {bahan.tahun} ditandatangani Sekretaris bersama Ketua "
        f"{bahan.satker}"
        + (f" pada {sek.tanggal}" if sek is not None and sek.tanggal else "")
        + f"; memuat {f_bilangan(len(inti.tabel_pengukuran))} indikator kinerja sebagai berikut.",
    )
    rows = [
        {
            "No": no,
            "Sasaran Strategis": sas,
            "Indikator Kinerja": _teks(r.get("indikator")),
            "Target": _teks(r.get("target")),
        }
        for no, ks, sas, r in _baris_pk(bahan.hasil)
    ]
    _tabel(
        blok,
        tabel,
        BAB2,
        "pk",
        TabelDokumen(
            f"Perjanjian Kinerja Tahun {bahan.tahun}".strip(),
            pd.DataFrame(rows, columns=["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]),
            ("No", "Sasaran Strategis", "Indikator Kinerja", "Target"),
            (0.8, 6.0, 6.6, 2.6),
            frozenset({"Target"}),
        ),
    )


def _baris_pk(hasil: Any) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(No, Kode Sasaran, Sasaran, indikator row): the sasaran named and numbered on its first row."""
    out, lalu, no = [], None, 0
    for r in rekaman(hasil.capaian.indikator):
        ks = _teks(r.get("sasaran"))
        baru = ks != lalu
        no += baru
        lalu = ks
        out.append((str(no) if baru else "", ks, (_teks(r.get("uraian_sasaran")) or ks) if baru else "", r))
    return out


def target_renstra(hasil: Any) -> dict[str, dict[int, str]]:
    """Kode Indikator (upper case) -> {Tahun: Target} from tblRenstra."""
    df = hasil.masukan.df(c.RENSTRA_TABLE) if c.RENSTRA_TABLE.name in hasil.masukan.tabel else pd.DataFrame()
    out: dict[str, dict[int, str]] = {}
    for r in rekaman(df) if len(df) else []:
        kode, tahun, target = _teks(r.get("kode_indikator")).upper(), _tahun(r.get("tahun")), _teks(r.get("target"))
        if kode and tahun is not None and target:
            out.setdefault(kode, {})[tahun] = target
    return out


def _tahun(v: Any) -> int | None:
    t = _teks(v)
    if t.endswith(".0"):
        t = t[:-2]
    return int(t) if t.isdigit() else None


def _bab3(bahan: Bahan, inti: Naskah, blok: list[Paragraf], tabel: dict[str, TabelDokumen]) -> None:
    blok.append(Paragraf(BAB3A, "", "", "halaman_baru"))
    blok.extend(p for p in inti.blok if p.bagian.startswith(BAB3A) or p.bagian == BAB3B)


def _bab4(bahan: Bahan, inti: Naskah, blok: list[Paragraf], tabel: dict[str, TabelDokumen]) -> None:
    """Penutup: kesimpulan from the figures, langkah ke depan from staff's text."""
    blok.append(Paragraf(BAB4, "", "", "halaman_baru"))
    _judul(blok, BAB4, "BAB IV PENUTUP")
    _judul(blok, BAB4, "A. Kesimpulan", 2)
    sas = rekaman(bahan.hasil.capaian.sasaran)
    dihitung = [s for s in sas if s.get("capaian") is not None]
    kat = Counter(_teks(s.get("kategori")) for s in dihitung)
    rincian = "; ".join(f"{f_bilangan(n)} sasaran {k}" for k, n in kat.most_common())
    teks = (
        f"Dari {f_bilangan(len(sas))} sasaran Perjanjian Kinerja Sekretariat, capaian {f_bilangan(len(dihitung))} "
        f"sasaran dapat diukur" + (f": {rincian}." if rincian else ".")
    )
    rendah = [s for s in dihitung if s["capaian"] < 100]
    if rendah:
        teks += (
            " Sasaran yang capaiannya di bawah 100% adalah "
            + ", ".join(f"{_teks(s.get('uraian')) or _teks(s.get('kode'))} ({f_persen(s['capaian'])})" for s in rendah)
            + "."
        )
    elif dihitung:
        teks += " Seluruh sasaran yang dapat diukur capaiannya mencapai sekurang-kurangnya 100%."
    else:
        teks += " Belum ada sasaran yang capaiannya dapat diukur."
    _par(blok, BAB4, teks, ", ".join(_teks(s.get("kode")) for s in sas))
    _judul(blok, BAB4, "B. Langkah ke Depan", 2)
    _par(blok, BAB4, bahan.teks_profil(c.KunciProfil.LANGKAH))


def _lampiran(bahan: Bahan, inti: Naskah, blok: list[Paragraf], tabel: dict[str, TabelDokumen]) -> None:
    """PK forms, Rencana Aksi matrix, Pengukuran Kinerja per triwulan, capaian per unit kerja."""
    blok.append(Paragraf(LAMPIRAN, "", "", "halaman_baru"))
    _judul(blok, LAMPIRAN, "LAMPIRAN")
    _judul(blok, LAMPIRAN, "Lampiran 1. Perjanjian Kinerja", 2)
    blok.append(Paragraf(LAMPIRAN, "", "", "lampiran_pk"))
    blok.append(Paragraf(LAMPIRAN, "", "", "halaman_baru"))
    _judul(blok, LAMPIRAN, "Lampiran 2. Rencana Aksi", 2)
    _tabel(
        blok,
        tabel,
        LAMPIRAN,
        "rencana_aksi",
        TabelDokumen(
            f"Matriks Rencana Aksi Tahun {bahan.tahun}".strip(),
            bahan.matriks,
            tuple(bahan.matriks.columns),
            (2.2, 2.4, 1.2, 2.6, *(0.5,) * 12, 1.6),
            ukuran=7,
        ),
    )
    _judul(blok, LAMPIRAN, "Lampiran 3. Pengukuran Kinerja", 2)
    _tabel(blok, tabel, LAMPIRAN, "pengukuran_tw", _tabel_triwulan(bahan))
    _judul(blok, LAMPIRAN, "Lampiran 4. Capaian Kinerja per Unit Kerja", 2)
    _lampiran_unit(bahan, blok, tabel)


_KOLOM_TW = ("No", "Indikator Kinerja", "Target", "TW I", "TW II", "TW III", "TW IV", "Realisasi", "Capaian")


def _tabel_triwulan(bahan: Bahan) -> TabelDokumen:
    """The satker's indikator with the realisasi of each triwulan as typed."""
    real = bahan.hasil.masukan.df(c.REALISASI_TABLE)
    rows = []
    for no, _ks, _sas, r in _baris_pk(bahan.hasil):
        j = r.get("baris_realisasi")
        rr = real.iloc[int(j)].to_dict() if j is not None and j == j and 0 <= int(j) < len(real) else {}
        rows.append(
            {
                "No": no,
                "Indikator Kinerja": _teks(r.get("indikator")),
                "Target": _teks(r.get("target")),
                **{f"TW {tw}": _teks(rr.get(f"realisasi_tw{i}")) or "-" for i, tw in enumerate(c.TW, 1)},
                "Realisasi": _teks(r.get("realisasi")) or "-",
                "Capaian": f_persen(r.get("capaian")) if r.get("status") == "dihitung" else "-",
            }
        )
    return TabelDokumen(
        f"Pengukuran Kinerja per Triwulan Tahun {bahan.tahun}".strip(),
        pd.DataFrame(rows, columns=list(_KOLOM_TW)),
        _KOLOM_TW,
        (0.8, 4.6, 1.6, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5),
        frozenset(_KOLOM_TW[2:]),
        ukuran=8,
    )


_KOLOM_UNIT = ("No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian", "Kategori")


def _lampiran_unit(bahan: Bahan, blok: list[Paragraf], tabel: dict[str, TabelDokumen]) -> None:
    """Each subbagian: its narrative paragraph and its indikator (never counted in the satker's totals)."""
    hu = bahan.unit
    narasi = {_teks(r["unit"]): _teks(r["paragraf"]) for r in rekaman(hu.narasi)} if len(hu.narasi) else {}
    ind = rekaman(bahan.semua.capaian.indikator)
    ada = False
    for u in hu.daftar.unit:
        if u.sekretariat:
            continue
        milik = [r for r in ind if hu.unit_baris.get(int(r["baris_pk"])) == u.kode]
        if not milik:
            continue
        ada = True
        _judul(blok, LAMPIRAN, u.nama, 3)
        _par(blok, LAMPIRAN, narasi.get(u.kode, ""), u.kode)
        rows, lalu, no = [], None, 0
        for r in milik:
            ks = _teks(r.get("sasaran"))
            no += ks != lalu
            rows.append(
                {
                    "No": str(no) if ks != lalu else "",
                    "Sasaran": (_teks(r.get("uraian_sasaran")) or ks) if ks != lalu else "",
                    "Indikator Kinerja": _teks(r.get("indikator")),
                    "Target": _teks(r.get("target")),
                    "Realisasi": _teks(r.get("realisasi")) or "-",
                    "Capaian": f_persen(r.get("capaian")) if r.get("status") == "dihitung" else "-",
                    "Kategori": _teks(r.get("kategori")) if r.get("status") == "dihitung" else "-",
                }
            )
            lalu = ks
        _tabel(
            blok,
            tabel,
            LAMPIRAN,
            f"unit_{u.kode}",
            TabelDokumen(
                f"Capaian Kinerja {u.nama}",
                pd.DataFrame(rows, columns=list(_KOLOM_UNIT)),
                _KOLOM_UNIT,
                (0.8, 3.6, 4.2, 1.8, 1.8, 1.8, 2.0),
                frozenset({"Target", "Realisasi", "Capaian"}),
                ukuran=8,
            ),
        )
    if not ada:
        _par(blok, LAMPIRAN, "Tidak ada unit kerja di bawah Sekretariat yang memiliki Perjanjian Kinerja sendiri.")


__all__ = ["Bahan", "URUTAN_BAGIAN", "hasil_satker", "susun_lkj", "target_renstra", "ttd_sekretaris"]
