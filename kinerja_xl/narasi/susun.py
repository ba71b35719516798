"""Assemble the LKj narrative (Ikhtisar, BAB III A and B) from one run's figures.

Every number handed to a template comes from ``Hasil`` (the same frames the
Capaian and Anggaran sheets are written from) and is formatted by the filters
of :mod:`kinerja_xl.narasi.render`; nothing here computes a new figure that a
table does not show. Causes and solutions come only from what staff typed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable

import pandas as pd

from kinerja_xl.domain.angka import JenisNilai, Nilai, format_angka, format_nilai, parse_nilai
from kinerja_xl.domain.kode import parse_kode
from kinerja_xl.domain.satuan import normalisasi_satuan
from kinerja_xl.domain.temuan import KinerjaError, Temuan
from kinerja_xl.narasi.dokumen import Sampul, TabelDokumen, penanda
from kinerja_xl.narasi.render import TemplateNarasi, f_bilangan, f_persen, f_rupiah, ribuan
from kinerja_xl.template import contract as c
from kinerja_xl.domain.sel import rekaman, sel_kosong as _kosong

# Placeholders staff must replace; never filled with invented text.
ISI_PENYEBAB = "[isi analisis penyebab]"
ISI_UPAYA = "[isi upaya perbaikan]"
ISI_KEBERHASILAN = "[isi analisis keberhasilan]"
BELUM_DIISI = "[belum diisi]"
BATAS_RENDAH = Decimal(50)  # penyerapan below this (percent) is called out in BAB III B

IKHTISAR = "Ikhtisar Eksekutif"
BAB3A = "BAB III A"
BAB3B = "BAB III B"

TINGKAT_NARASI = ("program", "kegiatan", "kro", "ro", "output")
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

    def penanda(self) -> list[tuple[str, str, str]]:
        """Every placeholder left in the text: (bagian, kode, placeholder)."""
        return [(p.bagian, p.kode, t) for p in self.blok for t in penanda(p.teks)]

    def baris(self) -> pd.DataFrame:
        """Rows of tblNarasi: one paragraph per row with its section and source codes."""
        rows = [
            {"Bagian": p.bagian, "Kode": p.kode, "Paragraf": p.teks} for p in self.blok if p.gaya == "paragraf"
        ]
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


_PERINGKAT = {
    "sakip": {"D": 1, "C": 2, "CC": 3, "B": 4, "BB": 5, "A": 6, "AA": 7},
    "bpk": {"TMP": 1, "TW": 2, "WDP": 3, "WTP": 4},
}


def _banding(a: Nilai | None, da: Decimal | None, b: Nilai | None, db: Decimal | None) -> int | None:
    """-1/0/1 comparing a with b when they are comparable, else None."""
    if da is not None and db is not None:
        return (da > db) - (da < db)
    if a is not None and b is not None and a.jenis is b.jenis is JenisNilai.PREDIKAT:
        if a.skala_predikat != b.skala_predikat:
            return None
        ranks = _PERINGKAT.get(a.skala_predikat or "", {})
        ra, rb = ranks.get(a.predikat or ""), ranks.get(b.predikat or "")
        if ra is None or rb is None:
            return None
        return (ra > rb) - (ra < rb)
    return None


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


# --- the narrative --------------------------------------------------------------------------


def susun_naskah(hasil: Any, templat: TemplateNarasi | None = None) -> Naskah:
    """Build the narrative of one run (``hasil`` is a ``services.hitung.Hasil``)."""
    tpl = templat or TemplateNarasi.muat()
    k = hasil.masukan.konfigurasi
    satker = k.teks(c.Kunci.NAMA_SATKER) or "satuan kerja"
    tahun = k.tahun
    tahun_teks = str(tahun) if tahun else "ini"
    ind = hasil.capaian.indikator
    sas = hasil.capaian.sasaran
    bar = hasil.anggaran.baris
    indeks = _IndeksAnggaran(bar)
    total = hasil.anggaran.total
    blok: list[Paragraf] = []

    def par(bagian: str, kode: str, teks: str, indent: int = 0) -> None:
        if teks:
            blok.append(Paragraf(bagian, kode, teks, "paragraf", indent))

    recs = rekaman(ind)
    kategori_urut = [p.kategori for p in hasil.skala.pita]
    hitung_kat = Counter(_teks(r.get("kategori")) for r in recs if r.get("status") == "dihitung")
    per_kategori = [
        {"kategori": kat, "jumlah": hitung_kat[kat], "frasa": f"{f_bilangan(hitung_kat[kat])} indikator berkategori {kat}"}
        for kat in kategori_urut + sorted(set(hitung_kat) - set(kategori_urut))
        if hitung_kat.get(kat)
    ]
    kurang = [
        {"nama": _nama(r), "kode": r["kode"], "capaian": r["capaian"],
         "frasa": f"{_nama(r)} ({f_persen(r['capaian'])})"}
        for r in recs
        if r.get("status") == "dihitung" and r.get("capaian") is not None and r["capaian"] < 100
    ]
    pagu_total, real_total = _rupiah(total.get("pagu")), _rupiah(total.get("realisasi"))
    penyerapan_total = _desimal(total.get("penyerapan"))

    # Ikhtisar Eksekutif
    blok.append(Paragraf(IKHTISAR, "", "IKHTISAR EKSEKUTIF", "judul1"))
    par(
        IKHTISAR,
        ", ".join(str(r["kode"]) for r in kurang),
        tpl.render(
            "ikhtisar",
            satker=satker,
            tahun=tahun_teks,
            jumlah_sasaran=len(sas),
            jumlah_indikator=len(recs),
            per_kategori=per_kategori,
            tidak_dihitung=sum(1 for r in recs if r.get("status") != "dihitung"),
            pagu=pagu_total,
            realisasi=real_total,
            penyerapan=penyerapan_total,
            kurang=kurang,
        ),
    )

    # BAB III A
    blok.append(Paragraf(BAB3A, "", "BAB III AKUNTABILITAS KINERJA", "judul1"))
    blok.append(Paragraf(BAB3A, "", "A. Capaian Kinerja Organisasi", "judul2"))
    par(BAB3A, "", tpl.render("bab3a_pengantar", satker=satker, tahun=tahun_teks, jumlah_sasaran=len(sas),
                                metode=k.metode))
    blok.append(Paragraf(BAB3A, "", f"Tabel Pengukuran Kinerja Tahun {tahun_teks}", "tabel_pengukuran"))

    per_sasaran: dict[str, list[dict[str, Any]]] = {}
    for r in recs:
        per_sasaran.setdefault(_teks(r.get("sasaran")), []).append(r)
    urutan_hasil: Counter[str] = Counter()
    sas_recs = rekaman(sas)
    kode_sas = [_teks(s.get("kode")) for s in sas_recs]
    for ks in per_sasaran:  # sasaran that only appear on indikator rows still get their section
        if ks not in kode_sas:
            sas_recs.append({"kode": ks, "uraian": per_sasaran[ks][0].get("uraian_sasaran"), "capaian": None,
                             "kategori": None, "jumlah_indikator": len(per_sasaran[ks]), "jumlah_dihitung": 0})
    for nomor, s in enumerate(sas_recs, 1):
        ks = _teks(s.get("kode"))
        anggota = per_sasaran.get(ks, [])
        uraian = _teks(s.get("uraian")) or (anggota and _teks(anggota[0].get("uraian_sasaran"))) or ks
        bagian = f"{BAB3A} Sasaran {nomor}"
        blok.append(Paragraf(bagian, ks, f"Sasaran {nomor}: {uraian}", "judul3"))
        par(bagian, ks, tpl.render(
            "sasaran", nomor=nomor, kode=ks, uraian=uraian,
            jumlah_indikator=int(s.get("jumlah_indikator") or len(anggota)),
            jumlah_dihitung=int(s.get("jumlah_dihitung") or 0),
            capaian=_desimal(s.get("capaian")), kategori=_teks(s.get("kategori")),
        ))
        dukung: list[dict[str, Any]] = []
        for r in anggota:
            kode = _teks(r.get("kode"))
            data = _data_indikator(r)
            hasil_kunci = "kurang" if data["kurang"] else data["status"] + ("" if data["status"] != "dihitung" else "_ok")
            par(bagian, kode, tpl.render("indikator", ind=data, urutan=urutan_hasil[hasil_kunci]), 1)
            urutan_hasil[hasil_kunci] += 1
            par(bagian, kode, tpl.render("pembanding", ind=data, tahun_lalu=str(tahun - 1) if tahun else "sebelumnya",
                                         **_pembanding(r)), 1)
            penyebab, upaya = _teks(r.get("analisis_penyebab")), _teks(r.get("upaya_perbaikan"))
            if data["kurang"]:
                par(bagian, kode, tpl.render("analisis", ind=data, jenis="kurang",
                                             penyebab=penyebab or ISI_PENYEBAB, upaya=upaya or ISI_UPAYA), 1)
            elif penyebab:
                jenis = "berhasil" if data["status"] == "dihitung" else "lain"
                par(bagian, kode, tpl.render("analisis", ind=data, jenis=jenis, penyebab=penyebab, upaya=upaya), 1)
            kode_ang = _teks(r.get("kode_anggaran"))
            if kode_ang:
                terkait = indeks.cari(kode_ang)
                for rec in terkait:
                    for leluhur in indeks.leluhur(rec):
                        if leluhur not in dukung:
                            dukung.append(leluhur)
                if terkait and data["status"] == "dihitung":
                    ctx = _efisiensi(data, terkait)
                    par(bagian, ", ".join([kode] + [_teks(t.get("kode")) for t in terkait]),
                        tpl.render("efisiensi", ind=data, **ctx), 1)
        if dukung:
            dukung.sort(key=lambda d: KEDALAMAN.get(_teks(d.get("tingkat")).lower(), 9))
            par(bagian, ", ".join(_teks(d.get("kode")) for d in dukung), tpl.render(
                "dukungan", nomor=nomor, uraian=uraian,
                baris=[{"tingkat": _teks(d.get("tingkat")), "kode": _teks(d.get("kode")),
                        "uraian": _teks(d.get("uraian")), "frasa": _frasa_baris(d)} for d in dukung],
            ))

    # BAB III B
    blok.append(Paragraf(BAB3B, "", "B. Realisasi Anggaran", "judul2"))
    pagu_awal_kol = [x for x in bar.get("pagu_awal", pd.Series(dtype=object)) if not _kosong(x)]
    pagu_awal_total = None
    if "pagu_awal" in bar and len(bar):
        akar = bar[bar["tingkat"].astype(str).str.lower() == "program"]
        nilai_awal = [x for x in akar.get("pagu_awal", []) if not _kosong(x)]
        if pagu_awal_kol and len(nilai_awal) == len(akar) and len(akar):
            pagu_awal_total = sum(int(x) for x in nilai_awal)
    par(BAB3B, "", tpl.render(
        "anggaran_pengantar", satker=satker, tahun=tahun_teks, pagu=pagu_total, realisasi=real_total,
        penyerapan=penyerapan_total, sisa=pagu_total - real_total, pagu_awal=pagu_awal_total,
        basis=k.teks(c.Kunci.BASIS_REALISASI),
    ))
    blok.append(Paragraf(BAB3B, "", f"Tabel Realisasi Anggaran Tahun {tahun_teks}", "tabel_anggaran"))
    rendah = []
    baris_tabel = []
    for rec in rekaman(bar):
        tingkat = _teks(rec.get("tingkat")).lower()
        if tingkat not in TINGKAT_NARASI:
            continue
        b = _data_baris(rec)
        baris_tabel.append(b)
        if b["rendah"]:
            rendah.append(b)
        par(BAB3B, b["kode"], tpl.render("anggaran_baris", b=b, batas_rendah=BATAS_RENDAH),
            KEDALAMAN.get(tingkat, 0))
    par(BAB3B, ", ".join(b["kode"] for b in rendah), tpl.render("anggaran_rendah", rendah=rendah,
                                                                 batas_rendah=BATAS_RENDAH))

    return Naskah(
        judul=f"Laporan Kinerja {satker} Tahun {tahun_teks}",
        blok=blok,
        tabel_pengukuran=_tabel_pengukuran(sas_recs, per_sasaran),
        tabel_anggaran=_tabel_anggaran(baris_tabel, pagu_total, real_total, penyerapan_total),
        temuan=list(tpl.temuan),
    )


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


def _pembanding(r: dict[str, Any]) -> dict[str, Any]:
    """Last year and Renstra, each only when its column is filled."""
    satuan = _teks(r.get("satuan"))
    pol = _teks(r.get("polaritas")).lower() or "positif"
    real_n, real_d = _nilai(_teks(r.get("realisasi")), r.get("realisasi_nilai"), satuan)
    out: dict[str, Any] = {"lalu": None, "renstra": None}
    lalu_teks = _teks(r.get("realisasi_tahun_lalu"))
    if lalu_teks:
        n, _ = _nilai(lalu_teks, None, satuan)
        arah_i = _banding(real_n, real_d, n, _angka_numerik(n))
        arah = {1: "naik", 0: "tetap", -1: "turun", None: None}[arah_i]
        membaik = None
        if arah_i not in (None, 0) and pol in ("positif", "negatif"):
            membaik = (arah_i > 0) == (pol == "positif")
        out["lalu"] = {"frasa": _frasa_nilai(lalu_teks, None, satuan), "arah": arah, "membaik": membaik}
    renstra_teks = _teks(r.get("target_renstra"))
    if renstra_teks:
        n, _ = _nilai(renstra_teks, None, satuan)
        b = _banding(real_n, real_d, n, _angka_numerik(n))
        tercapai = None
        if b is not None and pol in ("positif", "negatif"):
            tercapai = b >= 0 if pol == "positif" else b <= 0
        out["renstra"] = {"frasa": _frasa_nilai(renstra_teks, None, satuan), "tercapai": tercapai}
    return out


def _efisiensi(data: dict[str, Any], terkait: list[dict[str, Any]]) -> dict[str, Any]:
    """Capaian against the penyerapan of the linked lines: efficient when capaian is not below it."""
    anggaran = []
    for rec in terkait:
        p = _desimal(rec.get("penyerapan"))
        anggaran.append({
            "kode": _teks(rec.get("kode")), "uraian": _teks(rec.get("uraian")),
            "pagu": _rupiah(rec.get("pagu")), "realisasi": _rupiah(rec.get("realisasi")), "penyerapan": p,
            "frasa": f"{_frasa_baris(rec)} dengan pagu {f_rupiah(_rupiah(rec.get('pagu')))} dan realisasi "
                     f"{f_rupiah(_rupiah(rec.get('realisasi')))} atau {f_persen(p)}",
        })
    pagu = sum(a["pagu"] for a in anggaran)
    real = sum(a["realisasi"] for a in anggaran)
    cap = data["capaian"]
    efisien = None
    if cap is not None and pagu > 0:
        # capaian/100 >= realisasi/pagu, compared exactly in integers and Decimals
        efisien = cap * pagu >= Decimal(real) * 100
    return {"anggaran": anggaran, "efisien": efisien}


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
            rows.append({
                "No": str(nomor) if i == 0 else "",
                "Sasaran": uraian if i == 0 else "",
                "Indikator Kinerja": _nama(r),
                "Satuan": satuan,
                "Target": _sel_nilai(_teks(r.get("target")), r.get("target_nilai"), satuan),
                "Realisasi": _sel_nilai(_teks(r.get("realisasi")), r.get("realisasi_nilai"), satuan),
                "Capaian": f_persen(_desimal(r.get("capaian"))) if status == "dihitung" else "-",
                "Kategori": _teks(r.get("kategori")) if status == "dihitung" else _STATUS_TAMPIL.get(status, status),
            })
    return pd.DataFrame(rows, columns=list(KOLOM_PENGUKURAN))


_STATUS_TAMPIL = {
    "kualitatif": "Tidak dihitung (kualitatif)",
    "tidak_dapat_dihitung": "Tidak dapat dihitung",
    "tidak_ada_kejadian": "Tidak ada kejadian",
}


def _tabel_anggaran(baris: list[dict[str, Any]], pagu: int, real: int, penyerapan: Decimal | None) -> pd.DataFrame:
    rows = [
        {"Kode": b["kode"], "Uraian": b["uraian"], "Pagu (Rp)": ribuan(b["pagu"]),
         "Realisasi (Rp)": ribuan(b["realisasi"]), "Penyerapan": f_persen(b["penyerapan"]),
         "_kedalaman": b["kedalaman"]}
        for b in baris
    ]
    rows.append({"Kode": "", "Uraian": "Jumlah", "Pagu (Rp)": ribuan(pagu), "Realisasi (Rp)": ribuan(real),
                 "Penyerapan": f_persen(penyerapan), "_kedalaman": -1})
    return pd.DataFrame(rows, columns=[*KOLOM_ANGGARAN, "_kedalaman"])
