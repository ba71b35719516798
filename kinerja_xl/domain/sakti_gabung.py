"""Several SAKTI sources of one satker and year -> the rows of tblPagu and Referensi.

Pure: checks that the sources belong together, reconciles each GLP039 with its own
JUMLAH SELURUHNYA and parent lines, chains the s.d. figures of consecutive months,
and merges: Pagu from the latest GLP039, Pagu Awal from the earliest, Realisasi from
the latest s.d., ``Realisasi <Bulan>`` from each month's Periode Ini, RPD from
MonSAKTI. Lines keep their sumber dana apart (rupiah murni and hibah are never summed
into one line). Parents carry the source's own amounts, so the engine's parent =
sum of children check verifies the import itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kinerja_xl.domain.angka import format_rupiah
from kinerja_xl.domain.aturan import Jenis
from kinerja_xl.domain.kode import BA_ES1
from kinerja_xl.domain.kosakata import BULAN
from kinerja_xl.domain.sakti import (
    JENIS_GLP039,
    JENIS_MONSAKTI,
    NAMA_JENIS,
    TINGKAT,
    BarisAnggaran,
    Laporan,
    RekonsiliasiGagal,
)
from kinerja_xl.domain.temuan import KinerjaError, Temuan, Tingkat

BA_KPU = "076"
_MAKS_DAFTAR = 12  # lines named in one message


def _rp(n: int) -> str:
    return format_rupiah(int(n))


def label_sumber(lap: Laporan) -> str:
    """What Referensi's Sumber column says (``GLP039 2025-10``)."""
    return f"{NAMA_JENIS[lap.jenis]} {lap.periode}".strip()


# --- do the sources belong together? ----------------------------------------------------------


def periksa_sumber(laporan: list[Laporan], kode_satker: str, tahun: int | None) -> None:
    """Refuse (KinerjaError, exit 2) sources of another BA, satker or year, and two files of one month."""
    for lap in laporan:
        if lap.jenis == JENIS_GLP039 and lap.kode_ba != BA_KPU:
            raise KinerjaError(
                f"Berkas '{lap.berkas}' adalah laporan Kementerian/Lembaga BA {lap.kode_ba}, bukan "
                f"satker KPU (BA {BA_KPU}); impor dibatalkan, tidak ada yang ditulis."
            )
    satker = {lap.kode_satker for lap in laporan}
    if len(satker) > 1:
        daftar = "; ".join(f"{lap.berkas}: {lap.kode_satker}" for lap in laporan)
        raise KinerjaError(f"Berkas-berkas berasal dari satker yang berbeda ({daftar}); impor satu satker saja.")
    if kode_satker and kode_satker not in satker:
        raise KinerjaError(
            f"Berkas '{laporan[0].berkas}' milik satker {laporan[0].kode_satker}, sedangkan Kode Satker "
            f"di lembar Konfigurasi adalah {kode_satker}; impor dibatalkan."
        )
    tahun_berkas = {lap.tahun for lap in laporan if lap.tahun}
    if len(tahun_berkas) > 1:
        daftar = "; ".join(f"{lap.berkas}: {lap.tahun}" for lap in laporan if lap.tahun)
        raise KinerjaError(f"Berkas-berkas dari tahun anggaran yang berbeda ({daftar}); impor satu tahun saja.")
    if tahun and tahun_berkas and tahun not in tahun_berkas:
        raise KinerjaError(
            f"Berkas '{laporan[0].berkas}' untuk tahun anggaran {tahun_berkas.pop()}, sedangkan "
            f"Tahun di lembar Konfigurasi adalah {tahun}; impor dibatalkan."
        )
    bulan = Counter(lap.bulan for lap in laporan if lap.jenis == JENIS_GLP039)
    for b, n in bulan.items():
        if n > 1:
            sama = ", ".join(lap.berkas for lap in laporan if lap.jenis == JENIS_GLP039 and lap.bulan == b)
            raise KinerjaError(
                f"Dua berkas GLP039 untuk bulan yang sama ({BULAN[(b or 1) - 1]}): {sama}. Pilih satu berkas per bulan."
            )


# --- reconciliation ---------------------------------------------------------------------------


def _anak_tidak_cocok(lap: Laporan) -> dict[str, list[str]]:
    """Per field (pagu, sd): parent lines whose amount differs from the sum of their direct children."""
    jumlah: dict[tuple[str, ...], list[int]] = {}
    for b in lap.baris:
        if len(b.segmen) > 1:
            j = jumlah.get(b.segmen[:-1])
            if j is None:
                jumlah[b.segmen[:-1]] = [b.pagu, b.sd]
            else:
                j[0] += b.pagu
                j[1] += b.sd
    salah: dict[str, list[str]] = {"pagu": [], "sd": []}
    for b in sorted((b for b in lap.baris if b.segmen in jumlah), key=lambda b: -len(b.segmen)):
        j = jumlah[b.segmen]
        for k, nilai, anak in (("pagu", b.pagu, j[0]), ("sd", b.sd, j[1])):
            if nilai != anak:
                salah[k].append(f"{b.teks}: {_rp(nilai)} tetapi jumlah rinciannya {_rp(anak)}")
    return salah


def rekonsiliasi(lap: Laporan) -> dict[str, int]:
    """Akun sums minus JUMLAH SELURUHNYA (pagu, realisasi s.d.); RekonsiliasiGagal when any is not 0,
    a parent is not the sum of its children, or a line's s.d. is not Periode Lalu + Periode Ini."""
    akun = lap.akun
    selisih = {"pagu": 0, "realisasi": 0}
    if lap.jumlah is not None:
        selisih = {
            "pagu": sum(b.pagu for b in akun) - lap.jumlah["pagu"],
            "realisasi": sum(b.sd for b in akun) - lap.jumlah["sd"],
        }
    masalah: list[str] = []
    induk = _anak_tidak_cocok(lap)
    for nama, bidang, kunci in (("pagu", "pagu", "pagu"), ("realisasi s.d. periode", "sd", "realisasi")):
        if selisih[kunci]:
            assert lap.jumlah is not None
            masalah.append(
                f"jumlah {nama} akun {_rp(lap.jumlah[bidang] + selisih[kunci])} berbeda "
                f"{_rp(abs(selisih[kunci]))} dari JUMLAH SELURUHNYA {_rp(lap.jumlah[bidang])}"
            )
        masalah += [f"{nama} {m}" for m in induk[bidang]]
    masalah += [
        f"{b.teks}: s.d. periode {_rp(b.sd)} bukan periode lalu {_rp(b.lalu)} + periode ini {_rp(b.ini)}"
        for b in lap.baris
        if b.lalu + b.ini != b.sd
    ]
    if masalah:
        raise RekonsiliasiGagal(_pesan_rekonsiliasi(lap.berkas, masalah), selisih)
    return selisih


def _pesan_rekonsiliasi(berkas: str, masalah: list[str]) -> str:
    lebih = len(masalah) - _MAKS_DAFTAR
    daftar = "; ".join(masalah[:_MAKS_DAFTAR]) + (f"; dan {lebih} lagi" if lebih > 0 else "")
    return f"Angka berkas '{berkas}' tidak cocok dengan jumlahnya sendiri, tidak ada yang ditulis: {daftar}."


def periksa_rantai(glp: list[Laporan]) -> None:
    """For lines in two consecutive months: s.d. of month m = s.d. of m-1 + Periode Ini of m."""
    masalah: list[str] = []
    for a, b in zip(glp, glp[1:], strict=False):
        if b.bulan != (a.bulan or 0) + 1:
            continue
        lalu = {(x.segmen, k): x for x, k in _berkunci(a.baris)}
        for x, k in _berkunci(b.baris):
            y = lalu.get((x.segmen, k))
            if y is not None and y.sd + x.ini != x.sd:
                masalah.append(
                    f"{x.teks} di {b.berkas}: s.d. {BULAN[b.bulan - 1]} {_rp(x.sd)} bukan s.d. "
                    f"{BULAN[(a.bulan or 1) - 1]} {_rp(y.sd)} + periode ini {_rp(x.ini)} "
                    f"(selisih {_rp(x.sd - y.sd - x.ini)})"
                )
    if masalah:
        lebih = len(masalah) - _MAKS_DAFTAR
        raise RekonsiliasiGagal(
            "Realisasi s.d. periode tidak bersambung antarbulan, tidak ada yang ditulis: "
            + "; ".join(masalah[:_MAKS_DAFTAR])
            + (f"; dan {lebih} lagi" if lebih > 0 else "")
            + ".",
            {"pagu": 0, "realisasi": 0},
        )


def _berkunci(baris: list[BarisAnggaran]) -> list[tuple[BarisAnggaran, int]]:
    """Each line with its occurrence number: a code repeated in one source stays a separate line."""
    ke: Counter[tuple[tuple[str, ...], str]] = Counter()
    hasil = []
    for b in baris:
        ke[(b.segmen, b.sumber_dana)] += 1
        hasil.append((b, ke[(b.segmen, b.sumber_dana)]))
    return hasil


# --- merging ----------------------------------------------------------------------------------


@dataclass
class _Garis:
    """One output line across the sources."""

    tingkat: str
    segmen: tuple[str, ...]
    uraian: str
    sumber_dana: str = ""
    per_bulan: dict[int, BarisAnggaran] = field(default_factory=dict)
    pagu: int = 0
    rpd: list[int] | None = None


@dataclass
class Gabungan:
    """What the import writes, and what it tells the user."""

    pagu: list[dict[str, Any]]  # tblPagu rows by header
    referensi: list[tuple[str, str, str, str]]  # kode, uraian, tingkat, sumber
    temuan: list[Temuan]
    baris_akun: int
    baris_induk: int
    total: dict[str, int]
    rekonsiliasi: dict[str, int]
    bulan_terakhir: int | None


def _garis_glp039(glp: list[Laporan], garis: dict[tuple[Any, ...], _Garis], urutan: dict[tuple[str, ...], int]) -> None:
    for lap in reversed(glp):  # the latest first: its order and names win
        for b, k in _berkunci(lap.baris):
            urutan.setdefault(b.segmen, len(urutan))  # GLP039 prints every parent as a line before its children
            g = garis.setdefault((b.segmen, "", k), _Garis(b.tingkat, b.segmen, b.uraian))
            g.per_bulan[lap.bulan or 0] = b


def _garis_monsakti(
    mon: list[Laporan], garis: dict[tuple[Any, ...], _Garis], urutan: dict[tuple[str, ...], int], ada_glp: bool
) -> list[Temuan]:
    """Akun lines of MonSAKTI (with parents summed) or, next to GLP039, their RPD only."""
    temuan: list[Temuan] = []
    rpd: dict[tuple[str, ...], list[int]] = {}
    sumber: dict[tuple[str, ...], set[str]] = {}
    for lap in mon:
        for b, k in _berkunci(lap.baris):
            if ada_glp:
                jml = rpd.setdefault(b.segmen, [0] * 12)
                rpd[b.segmen] = [x + y for x, y in zip(jml, b.rpd, strict=True)]
                sumber.setdefault(b.segmen, set()).add(b.sumber_dana)
                continue
            for d in range(1, len(b.segmen) + 1):
                urutan.setdefault(b.segmen[:d], len(urutan))
                tingkat = TINGKAT[d - 1]
                kunci = (b.segmen[:d], b.sumber_dana if d == len(b.segmen) else "", k if d == len(b.segmen) else 1)
                g = garis.setdefault(
                    kunci, _Garis(tingkat, b.segmen[:d], lap.nama.get(b.segmen[:d], ""), b.sumber_dana, rpd=[0] * 12)
                )
                g.pagu += b.pagu
                g.rpd = [x + y for x, y in zip(g.rpd or [0] * 12, b.rpd, strict=True)]
                if g.sumber_dana != b.sumber_dana:
                    g.sumber_dana = ""  # a parent over several sumber dana
    if ada_glp:
        di_glp = {segmen for (segmen, _, _), g in garis.items() if g.tingkat == "akun"}
        lepas = sorted(".".join(s) for s in rpd if s not in di_glp)
        if lepas:
            temuan.append(
                Temuan(
                    Jenis.RPD_TANPA_PAGU,
                    f"{len(lepas)} akun MonSAKTI tidak ada di GLP039 (mis. {', '.join(lepas[:3])}); "
                    "RPD-nya tidak ditulis. Periksa apakah kedua berkas dari revisi DIPA yang sama.",
                    kode=lepas[0],
                )
            )
    for (segmen, _, _), g in garis.items():
        if ada_glp and g.tingkat == "akun" and segmen in rpd:
            g.rpd = rpd[segmen]
            jenis = sorted(s for s in sumber[segmen] if s)
            g.sumber_dana = ", ".join(jenis)
            if len(jenis) > 1:
                temuan.append(
                    Temuan(
                        Jenis.SUMBER_DANA_BERCAMPUR,
                        f"Akun {'.'.join(segmen)} memakai {len(jenis)} sumber dana ({g.sumber_dana}) di "
                        "MonSAKTI, tetapi GLP039 memberinya satu baris; periksa pemisahannya di SAKTI.",
                        kode=".".join(segmen),
                    )
                )
    return temuan


def _temuan_bulan(glp: list[Laporan], triwulan: int) -> list[Temuan]:
    """Months known only as one total, Lock Pagu, and a year-end report from before December."""
    temuan: list[Temuan] = []
    per_bulan = {lap.bulan: lap for lap in glp}
    sebelum: Laporan | None = None
    for lap in glp:
        awal = (sebelum.bulan or 0) + 1 if sebelum else 1
        if lap.bulan and lap.bulan > awal:
            lalu = lap.jumlah["lalu"] if lap.jumlah else sum(b.lalu for b in lap.akun)
            sd_sebelum = (sebelum.jumlah["sd"] if sebelum.jumlah else sum(b.sd for b in sebelum.akun)) if sebelum else 0
            rentang = BULAN[awal - 1] + ("" if lap.bulan - 1 == awal else f"–{BULAN[lap.bulan - 2]}")
            temuan.append(
                Temuan(
                    Jenis.REALISASI_BULAN_TIDAK_LENGKAP,
                    f"Realisasi {rentang} tidak ada berkas GLP039-nya: hanya diketahui jumlahnya, "
                    f"{_rp(lalu - sd_sebelum)} "
                    f"(periode lalu {NAMA_JENIS[lap.jenis]} {BULAN[lap.bulan - 1]}"
                    + (f" dikurangi s.d. {BULAN[sebelum.bulan - 1]}" if sebelum and sebelum.bulan else "")
                    + f"); kolom Realisasi {rentang} dibiarkan kosong.",
                    nilai_tercatat=lalu - sd_sebelum,
                )
            )
        sebelum = lap
    akhir = glp[-1]
    kunci = [b for b in akhir.akun if b.lock]
    if kunci:
        temuan.append(
            Temuan(
                Jenis.LOCK_PAGU,
                f"{len(kunci)} akun di {akhir.berkas} memiliki Lock Pagu (jumlah "
                f"{_rp(sum(b.lock for b in kunci))}): pagu itu sedang dalam usulan revisi "
                "DIPA/POK.",
                tingkat=Tingkat.INFO,
            )
        )
    if triwulan == 4 and akhir.bulan and akhir.bulan < 12 and 12 not in per_bulan:
        temuan.append(
            Temuan(
                Jenis.PERIODE_BELUM_AKHIR_TAHUN,
                f"Triwulan Pelaporan 4, tetapi berkas terakhir untuk {BULAN[akhir.bulan - 1]} "
                f"{akhir.tahun}; realisasi setahun belum lengkap. Impor juga GLP039 bulan Desember.",
            )
        )
    return temuan


def _baris_pagu(g: _Garis, glp: list[Laporan], ba_es1: str) -> dict[str, Any]:
    kode = ".".join((ba_es1, *g.segmen))
    baris: dict[str, Any] = {"Kode": kode, "Uraian": g.uraian, "Sumber Dana": g.sumber_dana or None}
    if glp:
        akhir, awal = glp[-1], glp[0]
        b_akhir, b_awal = g.per_bulan.get(akhir.bulan or 0), g.per_bulan.get(awal.bulan or 0)
        baris["Pagu"] = b_akhir.pagu if b_akhir else 0
        baris["Pagu Awal"] = b_awal.pagu if b_awal else 0
        baris["Realisasi"] = b_akhir.sd if b_akhir else 0
        for lap in glp:
            b = g.per_bulan.get(lap.bulan or 0)
            baris[f"Realisasi {BULAN[(lap.bulan or 1) - 1]}"] = b.ini if b else 0
    else:
        baris["Pagu"] = g.pagu
    if g.rpd is not None:
        for i, nilai in enumerate(g.rpd):
            baris[f"RPD {BULAN[i]}"] = nilai
    return baris


def _rpd_induk(garis: dict[tuple[Any, ...], _Garis]) -> None:
    """Parents of lines with RPD get their children's RPD sum (next to GLP039, which has none)."""
    akun = [g for g in garis.values() if g.tingkat == "akun" and g.rpd is not None]
    if not akun:
        return
    jumlah: dict[tuple[str, ...], list[int]] = {}
    for g in akun:
        for d in range(1, len(g.segmen)):
            j = jumlah.setdefault(g.segmen[:d], [0] * 12)
            jumlah[g.segmen[:d]] = [x + y for x, y in zip(j, g.rpd or [0] * 12, strict=True)]
    for g in garis.values():
        if g.tingkat != "akun" and g.segmen in jumlah:
            g.rpd = jumlah[g.segmen]


def _referensi(
    laporan: list[Laporan], garis: dict[tuple[Any, ...], _Garis], ba_es1: str
) -> list[tuple[str, str, str, str]]:
    """Every code with the name its source gives (the latest source first)."""
    ref: dict[str, tuple[str, str, str, str]] = {}
    urut = sorted(laporan, key=lambda lap: (lap.jenis != JENIS_GLP039, -(lap.bulan or 0)))
    for lap in urut:
        nama = {b.segmen: (b.tingkat, b.uraian) for b in lap.baris if b.uraian}
        nama.update({s: (TINGKAT[len(s) - 1], u) for s, u in lap.nama.items()})
        label = label_sumber(lap)
        for segmen, (tingkat, uraian) in nama.items():
            kode = ".".join((ba_es1, *segmen))
            if kode not in ref:
                ref[kode] = (kode, uraian, tingkat, label)
    return list(ref.values())


def gabung(laporan: list[Laporan], *, kode_satker: str = "", tahun: int | None = None, triwulan: int = 4) -> Gabungan:
    """Check, reconcile and merge the sources (RekonsiliasiGagal / KinerjaError: nothing to write)."""
    periksa_sumber(laporan, kode_satker, tahun)
    glp = sorted((lap for lap in laporan if lap.jenis == JENIS_GLP039), key=lambda lap: lap.bulan or 0)
    mon = [lap for lap in laporan if lap.jenis == JENIS_MONSAKTI]
    selisih = {"pagu": 0, "realisasi": 0}
    for lap in glp:
        for k, v in rekonsiliasi(lap).items():
            selisih[k] += v
    periksa_rantai(glp)
    ba_es1 = glp[-1].ba_es1 if glp else BA_ES1
    garis: dict[tuple[Any, ...], _Garis] = {}
    urutan: dict[tuple[str, ...], int] = {}
    _garis_glp039(glp, garis, urutan)
    temuan = _garis_monsakti(mon, garis, urutan, bool(glp))
    _rpd_induk(garis)
    if glp:
        temuan += _temuan_bulan(glp, triwulan)
    if len(laporan) == 1:
        urut = list(garis.items())  # one source: its own order
    else:
        urut = sorted(
            garis.items(),
            key=lambda kv: ([urutan[kv[0][0][:d]] for d in range(1, len(kv[0][0]) + 1)], kv[0][1], kv[0][2]),
        )
    pagu = [_baris_pagu(g, glp, ba_es1) for _, g in urut]
    akun = [b for b, (_, g) in zip(pagu, urut, strict=True) if g.tingkat == "akun"]
    return Gabungan(
        pagu=pagu,
        referensi=_referensi(laporan, garis, ba_es1),
        temuan=temuan,
        baris_akun=len(akun),
        baris_induk=len(pagu) - len(akun),
        total={"pagu": sum(b["Pagu"] for b in akun), "realisasi": sum(b.get("Realisasi") or 0 for b in akun)},
        rekonsiliasi=selisih,
        bulan_terakhir=glp[-1].bulan if glp else None,
    )
