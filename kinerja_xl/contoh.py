"""The built-in sample satker, a synthetic large satker, and the Bontang 2017 seed.

`satker_contoh()` is what `kinerja-xl demo` fills the template with: a fictional
"KPU Kota Contoh" (2025, triwulan IV) typed the way staff type, with a few
deliberate mistakes (`KESALAHAN_SENGAJA`) so the demo shows the checks at work.
`satker_sintetis()` scales that sample up for benchmarks and the province rekap;
`bontang_2017()` gives the real published KPU Kota Bontang 2017 tables as inputs.

Every table is a DataFrame whose columns are the contract headers and whose cells
are text (or None for an empty cell), exactly as read from the workbook.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from kinerja_xl.template import contract as c

__all__ = ["KESALAHAN_SENGAJA", "bontang_2017", "satker_contoh", "satker_sintetis"]

_TABEL_CSV = {
    c.KONFIGURASI_TABLE.name: "konfigurasi.csv",
    c.SKALA_TABLE.name: "skala.csv",
    c.PK_TABLE.name: "pk.csv",
    c.REALISASI_TABLE.name: "realisasi.csv",
    c.PAGU_TABLE.name: "pagu.csv",
    c.REFERENSI_TABLE.name: "referensi.csv",
    c.UNIT_TABLE.name: "unit.csv",
    c.RENCANA_AKSI_TABLE.name: "rencana_aksi.csv",
    c.PROFIL_TABLE.name: "profil.csv",
    c.RIWAYAT_TABLE.name: "riwayat.csv",
    c.RENSTRA_TABLE.name: "renstra.csv",
    c.SKALA_PREDIKAT_TABLE.name: "skala_predikat.csv",
    c.TEMPLATE_NARASI_TABLE.name: "template_narasi.csv",  # no overrides: the shipped wording
    c.STANDAR_NASIONAL_TABLE.name: "standar_nasional.csv",
}

# The mistakes planted in the sample, each with the finding the engine must report
# and the repair `satker_sintetis(bersih=True)` applies. `kode` is the value of the
# row's first column (for a PK row that is its Kode Sasaran; `kode_indikator` then
# names the row and is the finding's kode). `perbaikan` lists cells as
# {key of the row (Kode Indikator on PK and Realisasi, Kode on Pagu): {header: correct
# text}}; a value of None for the whole row means the row must be removed. `akibat`
# (optional) lists the findings that follow mechanically from the same mistake.
KESALAHAN_SENGAJA: list[dict] = [
    {
        # The RO line was typed Rp 1.000.000 above the sum of its komponen; the KRO,
        # kegiatan and program lines above it carry the same Rp 1.000.000, so only
        # this one line disagrees with its children.
        "lembar": c.PAGU,
        "header": "Pagu",
        "kode": "WA.3356.EBA.962",
        "jenis": "jumlah_tidak_sesuai",
        "nilai_tercatat": 130_720_000,
        "nilai_seharusnya": 129_720_000,
        "perbaikan": {
            "WA.3356.EBA.962": {"Pagu": "129720000"},
            "WA.3356.EBA": {"Pagu": "4562986000"},
            "WA.3356": {"Pagu": "5063523000"},
            "WA": {"Pagu": "7826761000"},
        },
    },
    {
        # Electricity booked above its pagu; the spend was moved from a sibling akun,
        # so the sub-komponen total is still right.
        "lembar": c.PAGU,
        "header": "Realisasi",
        "kode": "WA.3356.EBA.994.002.B.522111",
        "jenis": "realisasi_melebihi_pagu",
        "nilai_tercatat": 103_615_000,
        "nilai_seharusnya": 100_165_000,
        "perbaikan": {
            "WA.3356.EBA.994.002.B.522111": {"Realisasi": "95029800", "Realisasi Des": "7854100"},
            "WA.3356.EBA.994.002.B.521219": {
                "Realisasi": "46618700",
                "Realisasi Okt": "4169100",
                "Realisasi Nov": "4169100",
                "Realisasi Des": "4169600",
            },
        },
    },
    {
        # Akun 524113 typed without its last digit.
        "lembar": c.PAGU,
        "header": "Kode",
        "kode": "WA.3356.EBA.956.051.A.52411",
        "jenis": "kode_format",
        "nilai_tercatat": "WA.3356.EBA.956.051.A.52411",
        "nilai_seharusnya": "WA.3356.EBA.956.051.A.524113",
        "perbaikan": {"WA.3356.EBA.956.051.A.52411": {"Kode": "WA.3356.EBA.956.051.A.524113"}},
        # A line whose code cannot be read cannot be placed in the tree, so its
        # sub-komponen no longer adds up: these follow from the same single mistake.
        "akibat": [
            {"jenis": "jumlah_tidak_sesuai", "kode": "WA.3356.EBA.956.051.A", "header": "Pagu"},
            {"jenis": "jumlah_tidak_sesuai", "kode": "WA.3356.EBA.956.051.A", "header": "Realisasi"},
        ],
    },
    {
        # A qualitative word against a count target: capaian cannot be computed.
        "lembar": c.REALISASI,
        "header": "Realisasi",
        "kode": "S14.02",
        "jenis": "capaian_tidak_dapat_dihitung",
        "nilai_tercatat": "Baik",
        "nilai_seharusnya": "1 Dokumen",
        "perbaikan": {"S14.02": {"Realisasi": "1 Dokumen"}},
    },
    {
        # Capaian 85,33 (512 of 600 visitors) with no Analisis Penyebab.
        "lembar": c.REALISASI,
        "header": "Analisis Penyebab",
        "kode": "S20.01",
        "jenis": "analisis_kosong",
        "nilai_tercatat": None,
        "nilai_seharusnya": None,
        "perbaikan": {
            "S20.01": {
                "Analisis Penyebab": "Rumah Pintar Pemilu tutup selama tiga minggu pada triwulan II dan IV "
                "karena dipakai sebagai tempat penyimpanan sementara logistik.",
                "Upaya Perbaikan": "Memisahkan ruang penyimpanan logistik dari ruang pamer dan menjadwalkan "
                "kunjungan sekolah sejak awal tahun.",
            }
        },
    },
    {
        # A realisasi row for an indikator the PK does not have.
        "lembar": c.REALISASI,
        "header": "Kode Indikator",
        "kode": "S12.03",
        "jenis": "realisasi_tanpa_indikator",
        "nilai_tercatat": "S12.03",
        "nilai_seharusnya": None,
        "perbaikan": {"S12.03": None},
    },
    {
        # Cascade break: the KUL indikator on salary payments names Indikator Induk S03.05,
        # a typo for the Sekretariat's S03.02 (which other KUL indikator still support).
        "lembar": c.PK,
        "header": "Indikator Induk",
        "kode": "S05",
        "kode_indikator": "S05.02",
        "jenis": "kaskade_terputus",
        "nilai_tercatat": "S03.05",
        "nilai_seharusnya": "S03.02",
        "perbaikan": {"S05.02": {"Indikator Induk": "S03.02"}},
    },
]

_LEMBAR_TABEL = {c.PAGU: c.PAGU_TABLE, c.REALISASI: c.REALISASI_TABLE, c.PK: c.PK_TABLE}


def _baca_csv(path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    return df.astype(object).where(df != "", None)


@lru_cache(maxsize=1)
def _contoh_tersimpan() -> dict[str, pd.DataFrame]:
    folder = Path(__file__).resolve().parent / "data" / "contoh_satker"
    return {nama: _baca_csv(folder / berkas) for nama, berkas in _TABEL_CSV.items()}


def satker_contoh() -> dict[str, pd.DataFrame]:
    """The sample satker's input tables (fresh copies: callers may mutate them)."""
    tabel = {k: v.copy() for k, v in _contoh_tersimpan().items()}
    konf = tabel[c.KONFIGURASI_TABLE.name]
    konf.loc[konf["Kunci"] == c.Kunci.VERSI_SKEMA, "Nilai"] = c.VERSI_SKEMA  # the sample is always current
    return tabel


def _perbaiki(tabel: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Apply the repairs of KESALAHAN_SENGAJA: the sample without its planted mistakes."""
    for salah in KESALAHAN_SENGAJA:
        spec = _LEMBAR_TABEL[salah["lembar"]]
        # Kode (Pagu) / Kode Indikator (PK, Realisasi) identifies the row
        kunci = "Kode Indikator" if "Kode Indikator" in spec.headers else spec.columns[0].header
        df = tabel[spec.name]
        for kode, sel in salah["perbaikan"].items():
            cocok = df.index[df[kunci] == kode]
            if len(cocok) != 1:
                raise KeyError(f"baris {kode!r} tidak ditemukan tepat satu kali pada {spec.name}")
            if sel is None:
                df = df.drop(index=cocok)
                continue
            for header, nilai in sel.items():
                df.loc[cocok[0], header] = nilai
        tabel[spec.name] = df.reset_index(drop=True)
    return tabel


# --- synthetic satker ------------------------------------------------------------------

_RUPIAH_KOLOM = ["Pagu", "Pagu Awal", "Realisasi"] + [f"RPD {b}" for b in c.BULAN] + [f"Realisasi {b}" for b in c.BULAN]
_NAMA_SUKU = (
    "Tanjung",
    "Sungai",
    "Bukit",
    "Teluk",
    "Muara",
    "Padang",
    "Batu",
    "Air",
    "Kuala",
    "Lubuk",
    "Tebing",
    "Pulau",
)
_NAMA_AKAR = (
    "Sari",
    "Jaya",
    "Mulya",
    "Raya",
    "Indah",
    "Permai",
    "Makmur",
    "Baru",
    "Asri",
    "Lestari",
    "Harapan",
    "Sejahtera",
    "Damai",
    "Abadi",
    "Kencana",
    "Mekar",
    "Agung",
)
_PROVINSI = (
    "Jawa Barat",
    "Jawa Tengah",
    "Jawa Timur",
    "Sumatera Utara",
    "Sulawesi Selatan",
    "Kalimantan Timur",
    "Nusa Tenggara Barat",
    "Riau",
    "Lampung",
    "Bali",
)


def _nama_satker(seed: int) -> str:
    jenis = "Kota" if seed % 4 == 0 else "Kabupaten"
    suku = _NAMA_SUKU[seed % len(_NAMA_SUKU)]
    akar = _NAMA_AKAR[(seed // len(_NAMA_SUKU)) % len(_NAMA_AKAR)]
    putaran = seed // (len(_NAMA_SUKU) * len(_NAMA_AKAR))
    return f"KPU {jenis} {suku} {akar}" + (f" {putaran + 1}" if putaran else "")


def _skala_satu(v: str | None, faktor: int) -> str | None:
    if v is None:
        return None
    n = int(v.replace(".", "")) * faktor // 100
    return f"{n:,}".replace(",", ".") if "." in v else str(n)


def _skala_rupiah(kolom: pd.Series, faktor: int) -> pd.Series:
    """Scale amounts by faktor/100, keeping the typed style ("1.000.000" or "1000000").

    Every sample amount is a multiple of Rp 100, so the result is an exact integer and
    typed parent lines still equal the sum of their children. A plain loop: a few
    thousand cells, where pandas' per-column overhead would dominate.
    """
    if faktor == 100:
        return kolom
    return pd.Series([_skala_satu(v, faktor) for v in kolom], index=kolom.index, dtype=object)


def _jumlah(kolom: pd.Series) -> str | None:
    angka = pd.to_numeric(kolom.fillna("").str.replace(".", "", regex=False), errors="coerce").astype("Int64")
    return None if angka.isna().all() else str(int(angka.sum()))


def satker_sintetis(
    skala: int = 20,
    seed: int = 0,
    kode_satker: str | None = None,
    tahun: int | None = None,
    bersih: bool = False,
) -> dict[str, pd.DataFrame]:
    """A larger satker: the sample repeated `skala` times with unique codes.

    Copy 0 keeps the sample's kegiatan codes (and its planted mistakes unless
    `bersih`); copies 1.. get fresh 4-digit kegiatan codes and sasaran S101, S201 ...,
    without mistakes. Program lines are merged so the sums stay consistent. The seed
    picks the satker's name, code, province and a 90–110 % scaling of all rupiah, so
    many synthetic satker can be consolidated into one province rekap.
    """
    if skala < 1:
        raise ValueError("skala harus minimal 1")
    dasar = satker_contoh()
    if bersih:
        dasar = _perbaiki(dasar)
    bersih_dasar = dasar if bersih or skala == 1 else _perbaiki(satker_contoh())

    salinan = _salinan(dasar, bersih_dasar, skala)
    pagu = _gabung_program(pd.concat(salinan[c.PAGU_TABLE.name], ignore_index=True))
    faktor = 90 + (seed * 7) % 21
    for kol in _RUPIAH_KOLOM:
        pagu[kol] = _skala_rupiah(pagu[kol], faktor)
    konf = _konfigurasi_sintetis(dasar[c.KONFIGURASI_TABLE.name], seed, kode_satker, tahun)

    return {
        c.KONFIGURASI_TABLE.name: konf,
        c.SKALA_TABLE.name: dasar[c.SKALA_TABLE.name].copy(),
        c.PK_TABLE.name: pd.concat(salinan[c.PK_TABLE.name], ignore_index=True),
        c.REALISASI_TABLE.name: pd.concat(salinan[c.REALISASI_TABLE.name], ignore_index=True),
        c.PAGU_TABLE.name: pagu,
        c.REFERENSI_TABLE.name: pd.concat(salinan[c.REFERENSI_TABLE.name], ignore_index=True),
        c.UNIT_TABLE.name: dasar[c.UNIT_TABLE.name].copy(),
        c.RENCANA_AKSI_TABLE.name: pd.concat(salinan[c.RENCANA_AKSI_TABLE.name], ignore_index=True),
        c.PROFIL_TABLE.name: dasar[c.PROFIL_TABLE.name].copy(),
        c.SKALA_PREDIKAT_TABLE.name: dasar[c.SKALA_PREDIKAT_TABLE.name].copy(),
        # past years and Renstra targets of copy 0 (the sample's codes)
        c.RIWAYAT_TABLE.name: dasar[c.RIWAYAT_TABLE.name].copy(),
        c.RENSTRA_TABLE.name: dasar[c.RENSTRA_TABLE.name].copy(),
        c.TEMPLATE_NARASI_TABLE.name: dasar[c.TEMPLATE_NARASI_TABLE.name].copy(),
        c.STANDAR_NASIONAL_TABLE.name: dasar[c.STANDAR_NASIONAL_TABLE.name].copy(),
    }


_POLA_KEGIATAN = re.compile(r"^([A-Z]{2})\.(\d{4})")


def _salinan(
    dasar: dict[str, pd.DataFrame], bersih_dasar: dict[str, pd.DataFrame], skala: int
) -> dict[str, list[pd.DataFrame]]:
    """``skala`` copies of the tables; copy i>0 gets fresh kegiatan codes and sasaran/indikator prefix S<i>."""
    kegiatan_asal = sorted({k.split(".")[1] for k in dasar[c.PAGU_TABLE.name]["Kode"] if k.count(".") >= 1})
    dipakai = set(kegiatan_asal)
    kode_baru = (f"{n:04d}" for n in range(1001, 10000) if f"{n:04d}" not in dipakai)
    hasil: dict[str, list[pd.DataFrame]] = {
        t.name: [] for t in (c.PAGU_TABLE, c.PK_TABLE, c.REALISASI_TABLE, c.REFERENSI_TABLE, c.RENCANA_AKSI_TABLE)
    }
    for i in range(skala):
        sumber = dasar if i == 0 else bersih_dasar
        peta = {k: k for k in kegiatan_asal} if i == 0 else {k: next(kode_baru) for k in kegiatan_asal}

        def ganti(s: pd.Series, peta: dict[str, str] = peta) -> pd.Series:
            return s.str.replace(
                _POLA_KEGIATAN, lambda m: f"{m.group(1)}.{peta.get(m.group(2), m.group(2))}", regex=True
            )

        pg = sumber[c.PAGU_TABLE.name].copy()
        pg["Kode"] = ganti(pg["Kode"])
        hasil[c.PAGU_TABLE.name].append(pg)
        rf = sumber[c.REFERENSI_TABLE.name].copy()
        rf["Kode"] = ganti(rf["Kode"])
        hasil[c.REFERENSI_TABLE.name].append(rf if i == 0 else rf[rf["Kode"].str.contains(".", regex=False)])
        pk, rl, ra = (sumber[t.name].copy() for t in (c.PK_TABLE, c.REALISASI_TABLE, c.RENCANA_AKSI_TABLE))
        if i:
            _awalan_sasaran(f"S{i}", pk, rl, ra)
        pk["Kode Anggaran"] = ganti(pk["Kode Anggaran"].fillna("")).where(pk["Kode Anggaran"].notna(), None)
        hasil[c.RENCANA_AKSI_TABLE.name].append(ra)
        hasil[c.PK_TABLE.name].append(pk)
        hasil[c.REALISASI_TABLE.name].append(rl)
    return hasil


def _awalan_sasaran(awal: str, pk: pd.DataFrame, rl: pd.DataFrame, ra: pd.DataFrame) -> None:
    pk["Kode Sasaran"] = awal + pk["Kode Sasaran"].str[1:]
    pk["Kode Indikator"] = awal + pk["Kode Indikator"].str[1:]
    rl["Kode Indikator"] = awal + rl["Kode Indikator"].str[1:]
    for df, kol in ((pk, "Indikator Induk"), (ra, "Kode Indikator")):
        df[kol] = (awal + df[kol].fillna("").str[1:]).where(df[kol].notna(), None)


def _gabung_program(semua: pd.DataFrame) -> pd.DataFrame:
    """One line per program (its figures summed over the copies) followed by its lines."""
    program = ~semua["Kode"].str.contains(".", regex=False)
    bagian = []
    for kode_program in semua.loc[program, "Kode"].drop_duplicates():
        baris = semua[program & (semua["Kode"] == kode_program)]
        gabung = baris.iloc[[0]].copy()
        for kol in ("Pagu", "Pagu Awal", "Realisasi"):
            gabung[kol] = _jumlah(baris[kol])
        bagian.append(gabung)
        bagian.append(semua[semua["Kode"].str.startswith(kode_program + ".")])
    return pd.concat(bagian, ignore_index=True)


def _konfigurasi_sintetis(konf: pd.DataFrame, seed: int, kode_satker: str | None, tahun: int | None) -> pd.DataFrame:
    """The sample's Konfigurasi with the seed's satker name, code and province."""
    konf = konf.copy()
    nilai = dict(zip(konf["Kunci"], konf["Nilai"], strict=True))
    nama = _nama_satker(seed)
    nilai[c.Kunci.NAMA_SATKER] = nama
    nilai[c.Kunci.KODE_SATKER] = kode_satker or f"{700000 + seed:06d}"
    nilai[c.Kunci.PROVINSI] = _PROVINSI[(seed // 97) % len(_PROVINSI)]
    nilai[c.Kunci.TEMPAT] = nama.split(" ", 2)[2]
    if tahun is not None:
        nilai[c.Kunci.TAHUN] = str(tahun)
        nilai[c.Kunci.TANGGAL_PK] = f"31 Januari {tahun}"
    konf["Nilai"] = konf["Kunci"].map(nilai)
    return konf


# --- KPU Kota Bontang 2017 -------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


# The LKj's own inputs the 2017 report does not give: empty tables.
_TABEL_KOSONG_BONTANG = (
    c.PROFIL_TABLE,
    c.RIWAYAT_TABLE,
    c.RENSTRA_TABLE,
    c.TEMPLATE_NARASI_TABLE,
    c.STANDAR_NASIONAL_TABLE,
)


def bontang_2017(folder: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """The tables of the published LKj KPU Kota Bontang 2017 (seed 004) as input tables.

    PK and realisasi come from tests/fixtures/bontang_2017_{pk,realisasi}.csv; the
    budget from bontang_2017_pagu.csv when that file exists (an empty tblPagu
    otherwise). The report prints no satker code; Kode Satker holds the city's
    wilayah code 6474 that appears in its own decree numbers.
    """
    folder = Path(folder) if folder else FIXTURES
    konf = {
        c.Kunci.NAMA_SATKER: "KPU Kota Bontang",
        c.Kunci.KODE_SATKER: "6474",
        c.Kunci.PROVINSI: "Kalimantan Timur",
        c.Kunci.TAHUN: "2017",
        c.Kunci.TRIWULAN: "4",
        c.Kunci.NAMA_SEKRETARIS: "BASIR, S.Pi., M.Si",
        c.Kunci.NIP_SEKRETARIS: "197307042000031007",
        c.Kunci.NAMA_KETUA: "Suardi, S.Sos",
        c.Kunci.TEMPAT: "Bontang",
        c.Kunci.TANGGAL_PK: None,
        c.Kunci.BATAS_CAPAIAN: None,
        c.Kunci.METODE_AGREGASI: "Rata-rata",
        c.Kunci.BASIS_REALISASI: "SP2D",
        c.Kunci.VERSI_SKEMA: c.VERSI_SKEMA,
        c.Kunci.BULAN_PELAPORAN: "12",
        c.Kunci.TANGGAL_LAPORAN: None,
    }
    pk = _baca_csv(folder / "bontang_2017_pk.csv").reindex(columns=c.PK_TABLE.headers)
    pk = pk.astype(object).where(pk.notna(), None)
    # The report prints one PK per official; Penanggung Jawab says whose. It links no
    # unit indikator to a Sekretariat indikator, so Indikator Induk stays empty.
    pk["Unit Kerja"] = [None if v is None else _UNIT_BONTANG.get(v) for v in pk["Penanggung Jawab"]]
    pagu_csv = folder / "bontang_2017_pagu.csv"
    if pagu_csv.exists():
        pagu = _baca_csv(pagu_csv).reindex(columns=c.PAGU_TABLE.headers)
        pagu = pagu.astype(object).where(pagu.notna(), None)
    else:
        pagu = pd.DataFrame(columns=c.PAGU_TABLE.headers, dtype=object)
    return {
        c.KONFIGURASI_TABLE.name: pd.DataFrame({"Kunci": list(konf), "Nilai": list(konf.values())}, dtype=object),
        c.SKALA_TABLE.name: satker_contoh()[c.SKALA_TABLE.name],
        c.PK_TABLE.name: pk,
        c.REALISASI_TABLE.name: _baca_csv(folder / "bontang_2017_realisasi.csv")
        .reindex(columns=c.REALISASI_TABLE.headers)
        .astype(object)
        .replace({float("nan"): None}),
        c.PAGU_TABLE.name: pagu,
        c.REFERENSI_TABLE.name: pd.DataFrame(columns=c.REFERENSI_TABLE.headers, dtype=object),
        c.UNIT_TABLE.name: pd.DataFrame(
            [(k, n, None, None) for k, n in _UNIT_BONTANG_NAMA], columns=c.UNIT_TABLE.headers, dtype=object
        ),
        c.RENCANA_AKSI_TABLE.name: pd.DataFrame(columns=c.RENCANA_AKSI_TABLE.headers, dtype=object),
        **{spec.name: pd.DataFrame(columns=spec.headers, dtype=object) for spec in _TABEL_KOSONG_BONTANG},
        c.SKALA_PREDIKAT_TABLE.name: satker_contoh()[c.SKALA_PREDIKAT_TABLE.name],
    }


# Bontang 2017's units (the 2017 structure, seed 004) and the Penanggung Jawab naming each.
_UNIT_BONTANG_NAMA = (
    (c.KODE_UNIT_SEKRETARIAT, "Sekretariat"),
    ("KUL", "Subbagian Keuangan, Umum dan Logistik"),
    ("HUKUM", "Subbagian Hukum"),
    ("PD", "Subbagian Program dan Data"),
    ("THPM", "Subbagian Teknis dan Hubungan Partisipasi Masyarakat"),
)
_UNIT_BONTANG = {
    "Sekretaris": c.KODE_UNIT_SEKRETARIAT,
    "Kasubbag Keuangan, Umum dan Logistik": "KUL",
    "Kasubbag Hukum": "HUKUM",
    "Kasubbag Program dan Data": "PD",
    "Kasubbag Teknis dan Hubungan Partisipasi Masyarakat": "THPM",
}
