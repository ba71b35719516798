"""Assemble the LKj narrative (Ikhtisar, BAB III A and B) from one run's figures.

Every number handed to a template comes from ``Hasil`` (the same frames the
Capaian and Anggaran sheets are written from) and is formatted by the filters
of :mod:`kinerja_xl.narasi.render`; nothing here computes a new figure that a
table does not show. Causes and solutions come only from what staff typed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from kinerja_xl.domain.angka import JenisNilai, Nilai, format_angka, format_nilai, parse_nilai
from kinerja_xl.domain.kode import parse_kode
from kinerja_xl.domain.satuan import normalisasi_satuan
from kinerja_xl.domain.sel import rekaman
from kinerja_xl.domain.sel import sel_kosong as _kosong
from kinerja_xl.domain.temuan import KinerjaError, Temuan
from kinerja_xl.narasi.dokumen import Sampul, TabelDokumen, penanda
from kinerja_xl.narasi.render import TemplateNarasi, f_bilangan, f_persen, f_rupiah, ribuan
from kinerja_xl.template import contract as c

# Placeholders staff must replace; never filled with invented text.
ISI_PENYEBAB = "[isi analisis penyebab]"
ISI_UPAYA = "[isi upaya perbaikan]"
ISI_KEBERHASILAN = "[isi analisis keberhasilan]"
BELUM_DIISI = "[belum diisi]"
BATAS_RENDAH = Decimal(50)  # penyerapan below this (percent) is called out in BAB III B

IKHTISAR = "Ikhtisar Eksekutif"
BAB3A = "BAB III A"
BAB3B = "BAB III B"

TINGKAT_NARASI = ("program", "kegiatan", "kro", "ro", "output")  # rows of the budget table
# Lines BAB III B narrates, each once: a KRO mostly repeats its kegiatan's figures, so it is in the table only.
TINGKAT_PARAGRAF = ("program", "kegiatan", "ro", "output")
LABEL_TINGKAT = {
    "program": "Program",
    "kegiatan": "Kegiatan",
    "kro": "Klasifikasi Rincian Output (KRO)",
    "ro": "Rincian Output (RO)",
    "output": "Output",
}
KEDALAMAN = {"program": 0, "kegiatan": 1, "kro": 2, "ro": 3, "output": 2}

KOLOM_PENGUKURAN = ("No", "Sasaran", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian", "Kategori")
KOLOM_ANGGARAN = ("Kode", "Uraian", "Pagu (Rp)", "Realisasi (Rp)", "Penyerapan")


@dataclass
class Paragraf:
    """One block of the narrative: a heading, a paragraph, or where a table goes."""

    bagian: str
    kode: str
    teks: str
    gaya: str = "paragraf"  # judul1 / judul2 / judul3 / paragraf / tabel_pengukuran / tabel_anggaran
    indent: int = 0


@dataclass
class Naskah:
    """The whole narrative in reading order, its tables, and findings about templates.

    The LKj (:mod:`kinerja_xl.narasi.lkj`) adds the cover, further tables (``tabel``,
    referred to by blocks of gaya ``tabel``), the header text and the PK forms.
    """

    judul: str
    blok: list[Paragraf]
    tabel_pengukuran: pd.DataFrame
    tabel_anggaran: pd.DataFrame
    temuan: list[Temuan] = field(default_factory=list)
    tabel: dict[str, TabelDokumen] = field(default_factory=dict)
    sampul: Sampul | None = None
    kepala: str = ""  # the page header (satker name); empty = none
    lampiran_pk: list[Any] = field(default_factory=list)  # DokumenPK forms printed at a `lampiran_pk` block
    lanskap: bool = False  # A4 landscape pages (the RKT's wide table)

    def penanda(self) -> list[tuple[str, str, str]]:
        """Every placeholder left in the text: (bagian, kode, placeholder)."""
        return [(p.bagian, p.kode, t) for p in self.blok for t in penanda(p.teks)]

    def baris(self) -> pd.DataFrame:
        """Rows of tblNarasi: one paragraph per row with its section and source codes."""
        rows = [{"Bagian": p.bagian, "Kode": p.kode, "Paragraf": p.teks} for p in self.blok if p.gaya == "paragraf"]
        return pd.DataFrame(rows, columns=c.NARASI_TABLE.headers)


# --- small readers over engine rows ---------------------------------------------------------


def _teks(v: Any) -> str:
    return "" if _kosong(v) else str(v).strip()


def _desimal(v: Any) -> Decimal | None:
    if _kosong(v):
        return None
    if isinstance(v, Decimal):
        return v
    if isinstance(v, float):
        return Decimal(str(v))
    return Decimal(v) if isinstance(v, int) else Decimal(str(v))


def _rupiah(v: Any) -> int:
    return 0 if _kosong(v) else int(v)


def _satuan_tampil(satuan: str) -> str:
    """The unit as a sentence writes it: known short forms expanded ("Lap" -> "laporan")."""
    if not satuan:
        return ""
    baku = normalisasi_satuan(satuan)
    return baku or satuan


def _nilai(teks: str, angka: Any, satuan: str) -> tuple[Nilai | None, Decimal | None]:
    """The typed value as the engine read it: its kind from the text, its number from the engine."""
    n: Nilai | None = None
    if teks:
        try:
            n = parse_nilai(teks, satuan=satuan or None)
        except (KinerjaError, ValueError):
            n = None
    return n, _desimal(angka)


def _frasa_nilai(teks: str, angka: Any, satuan: str) -> str:
    """A target/realisasi as a sentence says it: "1 (satu) laporan", "95%", "predikat BB"."""
    n, d = _nilai(teks, angka, satuan)
    if d is None:
        d = _angka_numerik(n)
    unit = _satuan_tampil(satuan)
    if d is not None:
        if (n is not None and n.jenis is JenisNilai.PERSEN) or unit == "%":
            return f_bilangan(d, "%")
        if n is not None and n.satuan == "rupiah":
            return f_rupiah(int(d)) if d == int(d) else f"Rp {format_angka(d)}"
        return f_bilangan(d, (n.satuan if n is not None and n.satuan else unit) or None)
    if n is None:
        return f'"{teks}"' if teks else BELUM_DIISI
    if n.jenis is JenisNilai.PREDIKAT:
        return f"predikat {n.predikat}"
    if n.jenis is JenisNilai.RENTANG:
        return f"rentang {format_nilai(n)}"
    if n.jenis is JenisNilai.KOSONG:
        return BELUM_DIISI
    if n.jenis is JenisNilai.KUALITATIF:
        return f'"{n.teks}"'
    return format_nilai(n)


def _sel_nilai(teks: str, angka: Any, satuan: str) -> str:
    """A target/realisasi cell of the pengukuran table (the unit has its own column)."""
    n, d = _nilai(teks, angka, satuan)
    if d is not None:
        persen = (n is not None and n.jenis is JenisNilai.PERSEN) or _satuan_tampil(satuan) == "%"
        return format_angka(d) + ("%" if persen else "")
    if n is None:
        return teks or "-"
    return format_nilai(n) or "-"


class SkalaPredikat:
    """Ordered predicate scales of tblSkalaPredikat (or the shipped ones): a higher Peringkat is better."""

    def __init__(self, baris: Iterable[tuple[str, str, Any]]):
        self.skala: dict[str, dict[str, int]] = {}
        self.nama: dict[tuple[str, str], str] = {}  # (skala, normalised) -> as written
        for skala, nilai, peringkat in baris:
            s, n = _teks(skala), _teks(nilai)
            try:
                p = int(Decimal(_teks(peringkat).replace(",", ".")))
            except (ArithmeticError, ValueError):
                continue
            if s and n:
                self.skala.setdefault(s, {})[_norm_predikat(n)] = p
                self.nama[(s, _norm_predikat(n))] = n

    @classmethod
    def dari(cls, df: pd.DataFrame | None) -> SkalaPredikat:
        if df is None or not len(df):
            return cls(c.SKALA_PREDIKAT_BAWAAN)
        return cls(zip(df["skala"], df["nilai"], df["peringkat"], strict=True))

    def kenal(self, nilai: str) -> bool:
        """Whether a value belongs to one of the scales."""
        n = _norm_predikat(nilai)
        return any(n in ranks for ranks in self.skala.values())

    def banding(self, a: str, b: str) -> int | None:
        """Rank of a minus rank of b on the first scale that holds both; None when none does."""
        na, nb = _norm_predikat(a), _norm_predikat(b)
        for ranks in self.skala.values():
            if na in ranks and nb in ranks:
                return ranks[na] - ranks[nb]
        return None


_AWALAN_PREDIKAT = ("predikat ", "opini ", "nilai ", "kategori ")


def _norm_predikat(teks: str) -> str:
    t = " ".join(str(teks).split()).strip().strip('"').lower()
    for awal in _AWALAN_PREDIKAT:
        if t.startswith(awal):
            t = t[len(awal) :]
    return t


def _banding(
    a: Nilai | None, da: Decimal | None, b: Nilai | None, db: Decimal | None, skala: SkalaPredikat | None = None
) -> int | None:
    """Compare a with b: sign of the difference (a predicate scale: the difference in ranks);
    0 when a numeric a lies inside a range b; None when the two cannot be compared."""
    if da is not None and b is not None and b.jenis is JenisNilai.RENTANG and b.bawah is not None:
        return 0 if b.bawah <= da <= b.atas else (-1 if da < b.bawah else 1)
    if da is not None and db is not None:
        return (da > db) - (da < db)
    if a is not None and b is not None and skala is not None:
        ta = a.predikat if a.jenis is JenisNilai.PREDIKAT else a.teks
        tb = b.predikat if b.jenis is JenisNilai.PREDIKAT else b.teks
        if ta and tb and a.jenis in _JENIS_PREDIKAT and b.jenis in _JENIS_PREDIKAT:
            return skala.banding(str(ta), str(tb))
    return None


_JENIS_PREDIKAT = (JenisNilai.PREDIKAT, JenisNilai.KUALITATIF)


def _angka_numerik(n: Nilai | None) -> Decimal | None:
    return n.angka if n is not None and n.numerik else None


# --- budget lines ---------------------------------------------------------------------------


class _IndeksAnggaran:
    """Budget lines by canonical code, and by every dotted suffix of it (short forms)."""

    def __init__(self, baris: pd.DataFrame):
        self.rows: dict[str, dict[str, Any]] = {}
        self.suffix: dict[str, list[str]] = {}
        for rec in rekaman(baris):
            kb = _teks(rec.get("kode_baku"))
            if not kb or kb in self.rows:
                continue
            self.rows[kb] = rec
            bagian = kb.split(".")
            for i in range(len(bagian)):
                self.suffix.setdefault(".".join(bagian[i:]), []).append(kb)

    def cari(self, teks: str) -> list[dict[str, Any]]:
        """Lines a PK Kode Anggaran cell points at ("CQ.6709.QGE.001; WA.3355")."""
        hasil: list[dict[str, Any]] = []
        for bagian in teks.replace(";", ",").split(","):
            t = bagian.strip()
            if not t:
                continue
            try:
                baku = parse_kode(t).baku
            except (KinerjaError, ValueError):
                continue
            for kb in self.suffix.get(baku, []):
                rec = self.rows[kb]
                if rec not in hasil:
                    hasil.append(rec)
        return hasil

    def leluhur(self, rec: dict[str, Any]) -> list[dict[str, Any]]:
        """The line and its parents, outermost first."""
        rantai = [rec]
        seen = {_teks(rec.get("kode_baku"))}
        induk = _teks(rec.get("induk"))
        while induk and induk in self.rows and induk not in seen:
            seen.add(induk)
            rantai.append(self.rows[induk])
            induk = _teks(self.rows[induk].get("induk"))
        return rantai[::-1]


IndeksAnggaran = _IndeksAnggaran  # public name for the checks that follow PK budget links (validasi)

_LABEL_KALIMAT = {"program": "Program", "kegiatan": "Kegiatan", "kro": "KRO", "ro": "RO", "output": "Output"}


def _nama_baris(rec: dict[str, Any], awal_kalimat: bool = True) -> str:
    """ "Kegiatan Pengelolaan Data Pemilih (CQ.6709)"; no "Program Program ..." when the uraian names its level."""
    tingkat = _teks(rec.get("tingkat")).lower()
    label = _LABEL_KALIMAT.get(tingkat, tingkat.capitalize() or "Baris")
    uraian = _teks(rec.get("uraian"))
    kode = _teks(rec.get("kode"))
    if uraian and uraian.lower().startswith(label.lower() + " "):
        nama = uraian if awal_kalimat or label.isupper() else uraian[0].lower() + uraian[1:]
        return f"{nama} ({kode})"
    if not awal_kalimat and not label.isupper():
        label = label.lower()
    return f"{label} {uraian} ({kode})" if uraian else f"{label} {kode}"


def _frasa_baris(rec: dict[str, Any]) -> str:
    return _nama_baris(rec, awal_kalimat=False)


# --- the narrative: a pipeline of named steps ------------------------------------------------


@dataclass
class _Konteks:
    """What every step reads (one run's figures and the inputs beside them) and the blocks it writes."""

    hasil: Any
    tpl: TemplateNarasi
    satker: str
    tahun: int | None
    indeks: _IndeksAnggaran
    skala: SkalaPredikat
    riwayat: dict[str, list[tuple[int, str]]]  # Kode Indikator (upper) -> [(Tahun, Realisasi)], oldest first
    renstra: dict[str, dict[int, str]]  # Kode Indikator (upper) -> {Tahun: Target}
    standar: dict[str, tuple[str, str]]  # Kode Indikator (upper) -> (Standar, Sumber): tblStandarNasional
    keberhasilan: dict[int, str]  # tblRealisasi row -> Analisis Keberhasilan
    penjelasan: dict[int, str]  # tblPagu row -> Penjelasan
    blok: list[Paragraf] = field(default_factory=list)
    urutan: Counter[str] = field(default_factory=Counter)

    @property
    def tahun_teks(self) -> str:
        return str(self.tahun) if self.tahun else "ini"

    def par(self, bagian: str, kode: str, teks: str, indent: int = 0) -> None:
        if teks:
            self.blok.append(Paragraf(bagian, kode, teks, "paragraf", indent))


def _kolom_teks(df: pd.DataFrame | None, kunci: str) -> dict[int, str]:
    if df is None or kunci not in df:
        return {}
    return {i: _teks(v) for i, v in enumerate(df[kunci]) if _teks(v)}


def _tabel_masukan(hasil: Any, spec: c.TableSpec) -> pd.DataFrame | None:
    m = hasil.masukan
    return m.df(spec) if spec.name in getattr(m, "tabel", {}) else None


def _per_tahun(df: pd.DataFrame | None, kolom: str) -> dict[str, list[tuple[int, str]]]:
    out: dict[str, list[tuple[int, str]]] = {}
    for r in rekaman(df) if df is not None and len(df) else []:
        kode, nilai = _teks(r.get("kode_indikator")).upper(), _teks(r.get(kolom))
        tahun = _teks(r.get("tahun")).removesuffix(".0")
        if kode and nilai and tahun.isdigit():
            out.setdefault(kode, []).append((int(tahun), nilai))
    return {k: sorted(v) for k, v in out.items()}


def standar_nasional(df: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    """Kode Indikator (upper) -> (Standar, Sumber) of the rows that give a standard (the first row of a code)."""
    out: dict[str, tuple[str, str]] = {}
    for r in rekaman(df) if df is not None and len(df) else []:
        kode, standar = _teks(r.get("kode_indikator")).upper(), _teks(r.get("standar"))
        if kode and standar and kode not in out:
            out[kode] = (standar, _teks(r.get("sumber")))
    return out


def _konteks(hasil: Any, tpl: TemplateNarasi) -> _Konteks:
    k = hasil.masukan.konfigurasi
    return _Konteks(
        hasil=hasil,
        tpl=tpl,
        satker=k.teks(c.Kunci.NAMA_SATKER) or "satuan kerja",
        tahun=k.tahun,
        indeks=_IndeksAnggaran(hasil.anggaran.baris),
        skala=SkalaPredikat.dari(_tabel_masukan(hasil, c.SKALA_PREDIKAT_TABLE)),
        riwayat=_per_tahun(_tabel_masukan(hasil, c.RIWAYAT_TABLE), "realisasi"),
        renstra={kd: dict(v) for kd, v in _per_tahun(_tabel_masukan(hasil, c.RENSTRA_TABLE), "target").items()},
        standar=standar_nasional(_tabel_masukan(hasil, c.STANDAR_NASIONAL_TABLE)),
        keberhasilan=_kolom_teks(_tabel_masukan(hasil, c.REALISASI_TABLE), "analisis_keberhasilan"),
        penjelasan=_kolom_teks(_tabel_masukan(hasil, c.PAGU_TABLE), "penjelasan"),
    )


def susun_naskah(hasil: Any, templat: TemplateNarasi | None = None) -> Naskah:
    """Build the narrative of one run (``hasil`` is a ``services.hitung.Hasil``): Ikhtisar, BAB III A, B.

    The wording is the run's (``hasil.masukan.templat``: shipped, with the satker's overrides)
    unless ``templat`` is given.
    """
    ktx = _konteks(hasil, templat if templat is not None else hasil.masukan.templat)
    recs = rekaman(hasil.capaian.indikator)
    sas_recs, per_sasaran = _sasaran_urut(hasil, recs)
    _ikhtisar(ktx, recs, len(sas_recs))
    _bab3a(ktx, sas_recs, per_sasaran)
    baris_tabel = _bab3b(ktx)
    total = hasil.anggaran.total
    return Naskah(
        judul=f"Laporan Kinerja {ktx.satker} Tahun {ktx.tahun_teks}",
        blok=ktx.blok,
        tabel_pengukuran=_tabel_pengukuran(sas_recs, per_sasaran),
        tabel_anggaran=_tabel_anggaran(
            baris_tabel, _rupiah(total.get("pagu")), _rupiah(total.get("realisasi")), _desimal(total.get("penyerapan"))
        ),
        temuan=list(ktx.tpl.temuan),
    )


def _sasaran_urut(hasil: Any, recs: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, list]]:
    """Sasaran rows in order, and the indikator rows of each; a sasaran named only on indikator rows
    still gets its section."""
    per_sasaran: dict[str, list[dict[str, Any]]] = {}
    for r in recs:
        per_sasaran.setdefault(_teks(r.get("sasaran")), []).append(r)
    sas_recs = rekaman(hasil.capaian.sasaran)
    kode_sas = {_teks(s.get("kode")) for s in sas_recs}
    for ks, anggota in per_sasaran.items():
        if ks not in kode_sas:
            sas_recs.append(
                {
                    "kode": ks,
                    "uraian": anggota[0].get("uraian_sasaran"),
                    "capaian": None,
                    "kategori": None,
                    "jumlah_indikator": len(anggota),
                    "jumlah_dihitung": 0,
                }
            )
    return sas_recs, per_sasaran


def _frasa_kurang(r: dict[str, Any]) -> str:
    """How the Ikhtisar names a shortfall: "Nilai hasil evaluasi SAKIP (predikat B dari target BB, capaian 80,00%)"."""
    satuan = _teks(r.get("satuan"))
    real_n, _ = _nilai(_teks(r.get("realisasi")), r.get("realisasi_nilai"), satuan)
    if real_n is not None and real_n.jenis in _JENIS_PREDIKAT:
        target = _frasa_nilai(_teks(r.get("target")), r.get("target_nilai"), satuan).removeprefix("predikat ")
        realisasi = _frasa_nilai(_teks(r.get("realisasi")), r.get("realisasi_nilai"), satuan)
        return f"{_nama(r)} ({realisasi} dari target {target}, capaian {f_persen(r['capaian'])})"
    return f"{_nama(r)} ({f_persen(r['capaian'])})"


def _ikhtisar(ktx: _Konteks, recs: list[dict[str, Any]], jumlah_sasaran: int) -> None:
    hasil = ktx.hasil
    dihitung = [r for r in recs if r.get("status") == "dihitung"]
    kategori_urut = [p.kategori for p in hasil.skala.pita]
    hitung_kat = Counter(_teks(r.get("kategori")) for r in dihitung)
    per_kategori = [
        {
            "kategori": kat,
            "jumlah": hitung_kat[kat],
            "frasa": f"{f_bilangan(hitung_kat[kat])} indikator berkategori {kat}",
        }
        for kat in kategori_urut + sorted(set(hitung_kat) - set(kategori_urut))
        if hitung_kat.get(kat)
    ]
    kurang = [
        {"nama": _nama(r), "kode": r["kode"], "capaian": r["capaian"], "frasa": _frasa_kurang(r)}
        for r in dihitung
        if r.get("capaian") is not None and r["capaian"] < 100
    ]
    total = hasil.anggaran.total
    ktx.blok.append(Paragraf(IKHTISAR, "", "IKHTISAR EKSEKUTIF", "judul1"))
    ktx.par(
        IKHTISAR,
        ", ".join(str(r["kode"]) for r in kurang),
        ktx.tpl.render(
            "ikhtisar",
            satker=ktx.satker,
            tahun=ktx.tahun_teks,
            jumlah_sasaran=jumlah_sasaran,
            jumlah_indikator=len(recs),
            jumlah_dihitung=len(dihitung),
            per_kategori=per_kategori,
            tidak_dihitung=len(recs) - len(dihitung),
            pagu=_rupiah(total.get("pagu")),
            realisasi=_rupiah(total.get("realisasi")),
            penyerapan=_desimal(total.get("penyerapan")),
            kurang=kurang,
        ),
    )


def _bab3a(ktx: _Konteks, sas_recs: list[dict[str, Any]], per_sasaran: dict[str, list]) -> None:
    k = ktx.hasil.masukan.konfigurasi
    ktx.blok.append(Paragraf(BAB3A, "", "BAB III AKUNTABILITAS KINERJA", "judul1"))
    ktx.blok.append(Paragraf(BAB3A, "", "A. Capaian Kinerja Organisasi", "judul2"))
    ktx.par(
        BAB3A,
        "",
        ktx.tpl.render(
            "bab3a_pengantar", satker=ktx.satker, tahun=ktx.tahun_teks, jumlah_sasaran=len(sas_recs), metode=k.metode
        ),
    )
    ktx.blok.append(Paragraf(BAB3A, "", f"Tabel Pengukuran Kinerja Tahun {ktx.tahun_teks}", "tabel_pengukuran"))
    for nomor, s in enumerate(sas_recs, 1):
        _sasaran(ktx, nomor, s, per_sasaran.get(_teks(s.get("kode")), []))


def _sasaran(ktx: _Konteks, nomor: int, s: dict[str, Any], anggota: list[dict[str, Any]]) -> None:
    """The seven points of one sasaran: figures, past years, Renstra, causes, efficiency, support."""
    ks = _teks(s.get("kode"))
    uraian = _teks(s.get("uraian")) or (anggota and _teks(anggota[0].get("uraian_sasaran"))) or ks
    bagian = f"{BAB3A} Sasaran {nomor}"
    capaian = _desimal(s.get("capaian"))
    ktx.blok.append(Paragraf(bagian, ks, f"Sasaran {nomor}: {uraian}", "judul3"))
    ktx.par(
        bagian,
        ks,
        ktx.tpl.render(
            "sasaran",
            nomor=nomor,
            kode=ks,
            uraian=uraian,
            jumlah_indikator=int(s.get("jumlah_indikator") or len(anggota)),
            jumlah_dihitung=int(s.get("jumlah_dihitung") or 0),
            capaian=capaian,
            kategori=_teks(s.get("kategori")),
        ),
    )
    for r in anggota:
        _indikator(ktx, bagian, r)
    ro, induk = _anggaran_sasaran(ktx, anggota)
    for rec in ro:
        p = _desimal(rec.get("penyerapan"))
        efisien = None if capaian is None or p is None else capaian >= p
        ktx.par(
            bagian,
            f"{ks}, {_teks(rec.get('kode'))}",
            ktx.tpl.render(
                "efisiensi",
                nomor=nomor,
                capaian=capaian,
                efisien=efisien,
                ro={"kode": _teks(rec.get("kode")), "nama": _nama_baris(rec), "penyerapan": p},
            ),
            1,
        )
    if induk:
        ktx.par(
            bagian,
            ", ".join(_teks(d.get("kode")) for d in induk),
            ktx.tpl.render(
                "dukungan",
                nomor=nomor,
                uraian=uraian,
                baris=[
                    {
                        "tingkat": _teks(d.get("tingkat")),
                        "kode": _teks(d.get("kode")),
                        "uraian": _teks(d.get("uraian")),
                        "frasa": _frasa_baris(d),
                    }
                    for d in induk
                ],
            ),
        )


def _anggaran_sasaran(ktx: _Konteks, anggota: list[dict[str, Any]]) -> tuple[list, list]:
    """The budget lines the sasaran's indikator name (one paragraph each), and their parents."""
    terkait: list[dict[str, Any]] = []
    induk: list[dict[str, Any]] = []
    for r in anggota:
        for rec in ktx.indeks.cari(_teks(r.get("kode_anggaran"))):
            if rec not in terkait:
                terkait.append(rec)
    for rec in terkait:
        for leluhur in ktx.indeks.leluhur(rec)[:-1]:
            if leluhur not in induk and leluhur not in terkait:
                induk.append(leluhur)
    induk.sort(key=lambda d: KEDALAMAN.get(_teks(d.get("tingkat")).lower(), 9))
    return terkait, induk


def _indikator(ktx: _Konteks, bagian: str, r: dict[str, Any]) -> None:
    kode = _teks(r.get("kode"))
    data = _data_indikator(r)
    status = data["status"]
    kunci = "kurang" if data["kurang"] else status + ("" if status != "dihitung" else "_ok")
    ktx.par(bagian, kode, ktx.tpl.render("indikator", ind=data, urutan=ktx.urutan[kunci]), 1)
    ktx.urutan[kunci] += 1
    if status != "tidak_ada_kejadian":
        ktx.par(bagian, kode, ktx.tpl.render("pembanding", ind=data, **_pembanding(ktx, r)), 1)
    penyebab, upaya = _teks(r.get("analisis_penyebab")), _teks(r.get("upaya_perbaikan"))
    j = r.get("baris_realisasi")
    berhasil = "" if _kosong(j) else ktx.keberhasilan.get(int(j), "")
    if data["kurang"]:
        ktx.par(
            bagian,
            kode,
            ktx.tpl.render(
                "analisis", ind=data, jenis="kurang", penyebab=penyebab or ISI_PENYEBAB, upaya=upaya or ISI_UPAYA
            ),
            1,
        )
    elif status == "dihitung" and data["capaian"] is not None:
        ktx.par(
            bagian,
            kode,
            ktx.tpl.render(
                "analisis", ind=data, jenis="berhasil", penyebab=berhasil or penyebab or ISI_KEBERHASILAN, upaya=upaya
            ),
            1,
        )
    elif penyebab:
        ktx.par(bagian, kode, ktx.tpl.render("analisis", ind=data, jenis="lain", penyebab=penyebab, upaya=upaya), 1)


def _bab3b(ktx: _Konteks) -> list[dict[str, Any]]:
    """Realisasi Anggaran: the total, then each program, kegiatan and RO once, with staff's Penjelasan."""
    bar = ktx.hasil.anggaran.baris
    total = ktx.hasil.anggaran.total
    pagu_total, real_total = _rupiah(total.get("pagu")), _rupiah(total.get("realisasi"))
    ktx.blok.append(Paragraf(BAB3B, "", "B. Realisasi Anggaran", "judul2"))
    pagu_awal_total = None
    if "pagu_awal" in bar and len(bar):
        akar = bar[bar["tingkat"].astype(str).str.lower() == "program"]
        nilai_awal = [x for x in akar.get("pagu_awal", []) if not _kosong(x)]
        if len(akar) and len(nilai_awal) == len(akar):
            pagu_awal_total = sum(int(x) for x in nilai_awal)
    ktx.par(
        BAB3B,
        "",
        ktx.tpl.render(
            "anggaran_pengantar",
            satker=ktx.satker,
            tahun=ktx.tahun_teks,
            pagu=pagu_total,
            realisasi=real_total,
            penyerapan=_desimal(total.get("penyerapan")),
            sisa=pagu_total - real_total,
            pagu_awal=pagu_awal_total,
            basis=ktx.hasil.masukan.konfigurasi.teks(c.Kunci.BASIS_REALISASI),
        ),
    )
    ktx.blok.append(Paragraf(BAB3B, "", f"Tabel Realisasi Anggaran Tahun {ktx.tahun_teks}", "tabel_anggaran"))
    rendah, baris_tabel = [], []
    for rec in rekaman(bar):
        tingkat = _teks(rec.get("tingkat")).lower()
        if tingkat not in TINGKAT_NARASI:
            continue
        b = _data_baris(rec)
        i = rec.get("baris")
        b["penjelasan"] = "" if _kosong(i) else ktx.penjelasan.get(int(i), "")
        baris_tabel.append(b)
        if tingkat not in TINGKAT_PARAGRAF:
            continue
        if b["rendah"]:
            rendah.append(b)
        ktx.par(
            BAB3B,
            b["kode"],
            ktx.tpl.render("anggaran_baris", b=b, batas_rendah=BATAS_RENDAH),
            KEDALAMAN.get(tingkat, 0),
        )
    ktx.par(
        BAB3B,
        ", ".join(b["kode"] for b in rendah),
        ktx.tpl.render("anggaran_rendah", rendah=rendah, batas_rendah=BATAS_RENDAH),
    )
    return baris_tabel


def _nama(r: dict[str, Any]) -> str:
    return _teks(r.get("indikator")) or _teks(r.get("kode"))


def _data_indikator(r: dict[str, Any]) -> dict[str, Any]:
    satuan = _teks(r.get("satuan"))
    cap = _desimal(r.get("capaian"))
    status = _teks(r.get("status"))
    return {
        "kode": _teks(r.get("kode")),
        "nama": _nama(r),
        "satuan": _satuan_tampil(satuan),
        "target": _frasa_nilai(_teks(r.get("target")), r.get("target_nilai"), satuan),
        "realisasi": _frasa_nilai(_teks(r.get("realisasi")), r.get("realisasi_nilai"), satuan),
        "capaian": cap,
        "kategori": _teks(r.get("kategori")),
        "status": status,
        "keterangan": _teks(r.get("keterangan")),
        "polaritas": _teks(r.get("polaritas")).lower() or "positif",
        "kurang": status == "dihitung" and cap is not None and cap < 100,
    }


def _arah(b: int | None, pol: str) -> dict[str, Any]:
    """ "naik"/"turun"/"tetap" with whether that is better for the indikator's polaritas."""
    arah = None if b is None else ("naik" if b > 0 else "turun" if b < 0 else "tetap")
    membaik = None
    if b not in (None, 0) and pol in ("positif", "negatif"):
        membaik = (b > 0) == (pol == "positif")
    return {"arah": arah, "membaik": membaik}


def _tren(urut: list[int | None]) -> str | None:
    """The direction over all years (oldest first): None when any pair cannot be compared."""
    if len(urut) < 2 or any(b is None for b in urut):
        return None
    if all(b == 0 for b in urut):
        return "tetap"
    if all(b >= 0 for b in urut):  # type: ignore[operator]
        return "cenderung naik"
    if all(b <= 0 for b in urut):  # type: ignore[operator]
        return "cenderung turun"
    return "berfluktuasi"


def _pembanding(ktx: _Konteks, r: dict[str, Any]) -> dict[str, Any]:
    """Past years (tblRiwayat, else PK Realisasi Tahun Lalu) and the Renstra targets (tblRenstra, else
    PK Target Renstra): only what is filled."""
    satuan = _teks(r.get("satuan"))
    pol = _teks(r.get("polaritas")).lower() or "positif"
    kode = _teks(r.get("kode")).upper()
    real = _nilai(_teks(r.get("realisasi")), r.get("realisasi_nilai"), satuan)
    lalu_pk = _teks(r.get("realisasi_tahun_lalu"))
    riwayat = [(t, v) for t, v in ktx.riwayat.get(kode, []) if ktx.tahun is None or t < ktx.tahun]
    if not riwayat and lalu_pk:
        riwayat = [(ktx.tahun - 1 if ktx.tahun else 0, lalu_pk)]
    nilai = [_nilai(v, None, satuan) for _, v in riwayat]
    out: dict[str, Any] = {
        "riwayat": [],
        "lalu": None,
        "tren": None,
        "renstra": None,
        "renstra_akhir": None,
        "standar": None,
    }
    if riwayat:
        out["riwayat"] = [{"tahun": t or "sebelumnya", "frasa": _frasa_nilai(v, None, satuan)} for t, v in riwayat]
        (n, d), (t_lalu, v_lalu) = nilai[-1], riwayat[-1]
        b = _banding(*real, n, d if d is not None else _angka_numerik(n), ktx.skala)
        predikat = all(x is not None and x.jenis in _JENIS_PREDIKAT for x in (n, real[0]))
        tingkat = abs(b) if b and predikat else None
        out["lalu"] = {
            "tahun": t_lalu or "sebelumnya",
            "frasa": _frasa_nilai(v_lalu, None, satuan),
            "tingkat": tingkat,
            **_arah(None if b is None else (b > 0) - (b < 0), pol),
        }
        deret = [(x, y if y is not None else _angka_numerik(x)) for x, y in (*nilai, real)]
        out["tren"] = (
            _tren([_banding(*deret[i + 1], *deret[i], ktx.skala) for i in range(len(deret) - 1)])
            if len(riwayat) >= 2
            else None
        )
    renstra = dict(ktx.renstra.get(kode, {}))
    if not renstra and _teks(r.get("target_renstra")):
        renstra = {ktx.tahun or 0: _teks(r.get("target_renstra"))}
    for kunci, tahun in (("renstra", ktx.tahun or 0), ("renstra_akhir", max(renstra, default=None))):
        if tahun is None or tahun not in renstra or (kunci == "renstra_akhir" and tahun == (ktx.tahun or 0)):
            continue
        out[kunci] = {
            "tahun": tahun or "",
            "frasa": _frasa_nilai(renstra[tahun], None, satuan),
            "tercapai": _memenuhi(ktx, real, renstra[tahun], satuan, pol),
        }
    if kode in ktx.standar:
        standar, sumber = ktx.standar[kode]
        out["standar"] = {
            "frasa": _frasa_nilai(standar, None, satuan),
            "sumber": sumber,
            "tercapai": _memenuhi(ktx, real, standar, satuan, pol),
        }
    return out


def _memenuhi(
    ktx: _Konteks, real: tuple[Nilai | None, Decimal | None], target: str, satuan: str, pol: str
) -> bool | None:
    """Whether the realisasi meets a target typed as text (a Renstra target, a national standard): inside a
    range meets it; otherwise by polarity; None when the two cannot be compared."""
    n, _ = _nilai(target, None, satuan)
    b = _banding(*real, n, _angka_numerik(n), ktx.skala)
    if b is not None and n is not None and n.jenis is JenisNilai.RENTANG:
        return b == 0 or (b > 0 and pol == "positif") or (b < 0 and pol == "negatif")
    if b is not None and pol in ("positif", "negatif"):
        return b >= 0 if pol == "positif" else b <= 0
    return None


def nilai_terbanding(teks: str, satuan: str, skala: SkalaPredikat) -> bool:
    """A target or standard the narrative can compare a realisasi with: a number, a percent, a range, a
    SAKIP/BPK predicate, or a value of one of the predicate scales (tblSkalaPredikat)."""
    n, _ = _nilai(teks, None, satuan)
    if n is None or n.jenis is JenisNilai.KOSONG:
        return False
    if n.jenis in (JenisNilai.ANGKA, JenisNilai.PERSEN, JenisNilai.PREDIKAT):
        return True
    if n.jenis is JenisNilai.RENTANG:
        return n.bawah is not None and n.atas is not None
    return skala.kenal(n.teks or teks)


def _data_baris(rec: dict[str, Any]) -> dict[str, Any]:
    tingkat = _teks(rec.get("tingkat")).lower()
    pagu, real = _rupiah(rec.get("pagu")), _rupiah(rec.get("realisasi"))
    pagu_awal = None if _kosong(rec.get("pagu_awal")) else int(rec["pagu_awal"])
    perubahan = None if pagu_awal is None else pagu - pagu_awal
    p = _desimal(rec.get("penyerapan"))
    return {
        "tingkat": tingkat,
        "tingkat_label": LABEL_TINGKAT.get(tingkat, tingkat),
        "nama": _nama_baris(rec),
        "kode": _teks(rec.get("kode")),
        "uraian": _teks(rec.get("uraian")),
        "pagu": pagu,
        "realisasi": real,
        "penyerapan": p,
        "pagu_awal": pagu_awal,
        "perubahan": perubahan,
        "rendah": p is not None and p < BATAS_RENDAH,
        "kedalaman": KEDALAMAN.get(tingkat, 0),
        "frasa": f"{_frasa_baris(rec)} ({f_persen(p)})",
    }


def _tabel_pengukuran(sas_recs: Iterable[dict[str, Any]], per_sasaran: dict[str, list[dict[str, Any]]]) -> pd.DataFrame:
    """The Tabel Pengukuran Kinerja as the LKj prints it: the sasaran named on its first indikator row."""
    rows = []
    for nomor, s in enumerate(sas_recs, 1):
        ks = _teks(s.get("kode"))
        anggota = per_sasaran.get(ks, [])
        uraian = _teks(s.get("uraian")) or (anggota and _teks(anggota[0].get("uraian_sasaran"))) or ks
        for i, r in enumerate(anggota):
            satuan = _teks(r.get("satuan"))
            status = _teks(r.get("status"))
            rows.append(
                {
                    "No": str(nomor) if i == 0 else "",
                    "Sasaran": uraian if i == 0 else "",
                    "Indikator Kinerja": _nama(r),
                    "Satuan": satuan,
                    "Target": _sel_nilai(_teks(r.get("target")), r.get("target_nilai"), satuan),
                    "Realisasi": _sel_nilai(_teks(r.get("realisasi")), r.get("realisasi_nilai"), satuan),
                    "Capaian": f_persen(_desimal(r.get("capaian"))) if status == "dihitung" else "-",
                    "Kategori": _teks(r.get("kategori"))
                    if status == "dihitung"
                    else _STATUS_TAMPIL.get(status, status),
                }
            )
    return pd.DataFrame(rows, columns=list(KOLOM_PENGUKURAN))


_STATUS_TAMPIL = {
    "kualitatif": "Tidak dihitung (kualitatif)",
    "tidak_dapat_dihitung": "Tidak dapat dihitung",
    "tidak_ada_kejadian": "Tidak ada kejadian",
}


def _tabel_anggaran(baris: list[dict[str, Any]], pagu: int, real: int, penyerapan: Decimal | None) -> pd.DataFrame:
    rows = [
        {
            "Kode": b["kode"],
            "Uraian": b["uraian"],
            "Pagu (Rp)": ribuan(b["pagu"]),
            "Realisasi (Rp)": ribuan(b["realisasi"]),
            "Penyerapan": f_persen(b["penyerapan"]),
            "_kedalaman": b["kedalaman"],
        }
        for b in baris
    ]
    rows.append(
        {
            "Kode": "",
            "Uraian": "Jumlah",
            "Pagu (Rp)": ribuan(pagu),
            "Realisasi (Rp)": ribuan(real),
            "Penyerapan": f_persen(penyerapan),
            "_kedalaman": -1,
        }
    )
    return pd.DataFrame(rows, columns=[*KOLOM_ANGGARAN, "_kedalaman"])
