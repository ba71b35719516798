"""The workbook contract: every sheet, table and header name, defined once.

Every door (xlwings, the file gateway, the template builder, the tests) takes
its names from here. Headers may gain extra columns later; renaming one breaks
filled workbooks in the field, so names here are a published contract.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinerja_xl.domain.kosakata import (  # noqa: F401 - re-exported: the drop-downs and names use them
    AKUMULASI,
    BASIS_REALISASI,
    BULAN,
    KODE_UNIT_SEKRETARIAT,
    METODE_AGREGASI,
    POLARITAS,
    SKALA_DEFAULT,
    TINGKAT_KODE,
    TW,
    UNIT_BAWAAN,
    Tabel,
)

# 2: tblPagu gains "Sumber Dana", tblReferensi gains "Sumber" (SAKTI import, one bump for both columns).
# 3: sheet Profil (tblProfil), tblRiwayat, tblRenstra, tblSkalaPredikat, Konfigurasi "Tanggal Laporan",
#    tblRealisasi "Analisis Keberhasilan", tblPagu "Penjelasan" (the whole LKj document, one bump).
# 4: Konfigurasi "Judul RKT" (the title of the RKT document).
# 5: Glosarium and Catatan Teknis sheets, tblValidasi "Saran Perbaikan" (sheets that read like the paper form).
# 6: tblStandarNasional (Kode Indikator, Standar, Sumber) on the Renstra sheet (the national standard of the LKj).
VERSI_SKEMA = "7"


@dataclass(frozen=True)
class Kolom:
    """One column of a table: the header staff see and the key the JSON uses."""

    header: str
    key: str
    wajib: bool = False  # a required input cell: empty is `nilai_kosong` (galat)
    teks: bool = False  # stored as text so "95%" stays what was typed


@dataclass(frozen=True)
class TableSpec:
    """An Excel Table (ListObject): its sheet, its name and its columns."""

    sheet: str
    name: str
    columns: tuple[Kolom, ...]
    input: bool = True
    # The header whose cell in the table's total row (Excel's totals row) reads JUMLAH; "" = no total row.
    # Readers never count that row as data: it is not in any table's rows, hashes or rekap sums.
    kolom_jumlah: str = ""

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def kolom(self, header: str) -> Kolom:
        for c in self.columns:
            if c.header == header:
                return c
        raise KeyError(header)


# --- sheet names, in workbook order -------------------------------------------------
PETUNJUK = "Petunjuk"
KONFIGURASI = "Konfigurasi"
PROFIL = "Profil"  # input: the satker's own text for BAB I, II and IV; the logo image
RENSTRA = "Renstra"  # input: the Renstra target of each indikator per year
RIWAYAT = "Riwayat"  # input: realisasi of past years per indikator
PK = "PK"
REALISASI = "Realisasi"
PAGU = "Pagu"
REFERENSI = "Referensi"
RENCANA_AKSI = "RencanaAksi"  # input: the monthly plan per indikator
TEMPLATE_NARASI = "Template Narasi"  # input: workbook overrides of the shipped narrative templates
CAPAIAN = "Capaian"
CAPAIAN_UNIT = "Capaian Unit"  # output: capaian per unit kerja and sasaran
RENCANA_AKSI_HASIL = "Hasil Rencana Aksi"  # output: Rencana Aksi results per indikator
MATRIKS_RENCANA_AKSI = "Matriks Rencana Aksi"  # output: the plan printed as the LKj attaches it
ANGGARAN = "Anggaran"
VALIDASI = "Validasi"
NARASI = "Narasi"
RINGKASAN = "Ringkasan"
LOG = "Log"
GLOSARIUM = "Glosarium"  # reading: every kind of finding in words, from the rule registry
CATATAN_TEKNIS = "Catatan Teknis"  # reading: Python, xlwings, Trust Center, array formulas
XLWINGS_CONF = "xlwings.conf"

# Unit kerja: KODE_UNIT_SEKRETARIAT and UNIT_BAWAAN are vocabulary (domain/kosakata.py).
PREFIKS_LEMBAR_PK = "PK "  # the printable PK form of unit KUL is sheet "PK KUL"


def lembar_pk(kode_unit: str) -> str:
    """Sheet name of a unit's printable PK form."""
    return f"{PREFIKS_LEMBAR_PK}{kode_unit}"


LEMBAR_PK_BAWAAN = tuple(lembar_pk(k) for k, _ in UNIT_BAWAAN)

INPUT_SHEETS = (
    PETUNJUK,
    KONFIGURASI,
    PROFIL,
    PK,
    RENSTRA,
    RIWAYAT,
    REALISASI,
    PAGU,
    RENCANA_AKSI,
    REFERENSI,
    TEMPLATE_NARASI,
)
OUTPUT_SHEETS = (
    CAPAIAN,
    CAPAIAN_UNIT,
    RENCANA_AKSI_HASIL,
    ANGGARAN,
    VALIDASI,
    NARASI,
    RINGKASAN,
    MATRIKS_RENCANA_AKSI,
    *LEMBAR_PK_BAWAAN,
    LOG,
)
# Free-form printable documents (one A4 page layout each), written whole by the tool.
LEMBAR_DOKUMEN = (MATRIKS_RENCANA_AKSI, *LEMBAR_PK_BAWAAN)
# Sheets written whole by the template builder for reading (no table, never rewritten by a run).
LEMBAR_BACAAN = (GLOSARIUM, CATATAN_TEKNIS)
SHEETS = INPUT_SHEETS + OUTPUT_SHEETS + LEMBAR_BACAAN + (XLWINGS_CONF,)
# How each sheet prints (orientation, fitting, widths, breaks): template/cetak.py, one table.


# --- Konfigurasi keys ---------------------------------------------------------------
class Kunci:
    """Keys of tblKonfigurasi, exactly as the Kunci column shows them."""

    NAMA_SATKER = "Nama Satker"
    KODE_SATKER = "Kode Satker"
    PROVINSI = "Provinsi"
    TAHUN = "Tahun"
    TRIWULAN = "Triwulan Pelaporan"
    NAMA_SEKRETARIS = "Nama Sekretaris"
    NIP_SEKRETARIS = "NIP Sekretaris"
    NAMA_KETUA = "Nama Ketua"
    TEMPAT = "Tempat"
    TANGGAL_PK = "Tanggal PK"
    BATAS_CAPAIAN = "Batas Capaian"
    METODE_AGREGASI = "Metode Agregasi"
    BASIS_REALISASI = "Basis Realisasi Anggaran"
    VERSI_SKEMA = "Versi Skema"
    BULAN_PELAPORAN = "Bulan Pelaporan"  # 1-12; Rencana Aksi is judged up to this month
    TANGGAL_LAPORAN = "Tanggal Laporan"  # the date under the Kata Pengantar of the LKj
    JUDUL_RKT = "Judul RKT"  # the RKT's title; empty = JUDUL_RKT_BAWAAN


KUNCI_KONFIGURASI = (
    Kunci.NAMA_SATKER,
    Kunci.KODE_SATKER,
    Kunci.PROVINSI,
    Kunci.TAHUN,
    Kunci.TRIWULAN,
    Kunci.NAMA_SEKRETARIS,
    Kunci.NIP_SEKRETARIS,
    Kunci.NAMA_KETUA,
    Kunci.TEMPAT,
    Kunci.TANGGAL_PK,
    Kunci.BATAS_CAPAIAN,
    Kunci.METODE_AGREGASI,
    Kunci.BASIS_REALISASI,
    Kunci.VERSI_SKEMA,
    Kunci.BULAN_PELAPORAN,
    Kunci.TANGGAL_LAPORAN,
    Kunci.JUDUL_RKT,
)
JUDUL_RKT_BAWAAN = "Rencana Kerja Tahunan"  # some satkers write "Rencana Kinerja Tahunan"
# Keys that must be filled before the tool can produce a report.
KUNCI_WAJIB = (Kunci.NAMA_SATKER, Kunci.KODE_SATKER, Kunci.PROVINSI, Kunci.TAHUN, Kunci.TRIWULAN)

# --- drop-down lists ----------------------------------------------------------------
YA = ("Ya",)
TRIWULAN = ("1", "2", "3", "4")
BULAN_PELAPORAN = tuple(str(i) for i in range(1, 13))
# POLARITAS, AKUMULASI, METODE_AGREGASI, BASIS_REALISASI, TINGKAT_KODE, BULAN, TW and
# SKALA_DEFAULT are the business vocabulary, re-exported from kinerja_xl.domain.kosakata.

# --- tables -------------------------------------------------------------------------
K = Kolom

KONFIGURASI_TABLE = TableSpec(
    KONFIGURASI, "tblKonfigurasi", (K("Kunci", "kunci", wajib=True), K("Nilai", "nilai", teks=True))
)
SKALA_TABLE = TableSpec(
    KONFIGURASI,
    "tblSkala",
    (K("Batas Bawah", "batas_bawah", wajib=True), K("Batas Atas", "batas_atas"), K("Kategori", "kategori", wajib=True)),
)
PK_TABLE = TableSpec(
    PK,
    "tblPK",
    (
        K("Kode Sasaran", "kode_sasaran", wajib=True),
        K("Sasaran", "sasaran"),
        K("Kode Indikator", "kode_indikator", wajib=True),
        K("Indikator Kinerja", "indikator"),
        K("Satuan", "satuan"),
        K("Polaritas", "polaritas"),
        K("Target", "target", wajib=True, teks=True),
        K("Target TW I", "target_tw1", teks=True),
        K("Target TW II", "target_tw2", teks=True),
        K("Target TW III", "target_tw3", teks=True),
        K("Target TW IV", "target_tw4", teks=True),
        K("Akumulasi", "akumulasi"),
        K("Kode Anggaran", "kode_anggaran"),
        K("Realisasi Tahun Lalu", "realisasi_tahun_lalu", teks=True),
        K("Target Renstra", "target_renstra", teks=True),
        K("Penanggung Jawab", "penanggung_jawab"),
        K("Unit Kerja", "unit_kerja"),  # Kode Unit of tblUnit; empty = the Sekretariat
        K("Indikator Induk", "indikator_induk"),  # the Sekretariat indikator this one supports
    ),
)
REALISASI_TABLE = TableSpec(
    REALISASI,
    "tblRealisasi",
    (
        K("Kode Indikator", "kode_indikator", wajib=True),
        K("Realisasi TW I", "realisasi_tw1", teks=True),
        K("Realisasi TW II", "realisasi_tw2", teks=True),
        K("Realisasi TW III", "realisasi_tw3", teks=True),
        K("Realisasi TW IV", "realisasi_tw4", teks=True),
        K("Realisasi", "realisasi", teks=True),
        K("Tidak Ada Kejadian", "tidak_ada_kejadian"),
        K("Analisis Penyebab", "analisis_penyebab"),
        K("Analisis Keberhasilan", "analisis_keberhasilan"),  # causes of success (capaian >= 100)
        K("Upaya Perbaikan", "upaya_perbaikan"),
        K("Sumber Data", "sumber_data"),
    ),
)
PAGU_TABLE = TableSpec(
    PAGU,
    "tblPagu",
    (
        K("Kode", "kode", wajib=True),
        K("Uraian", "uraian"),
        K("Pagu", "pagu", wajib=True),
        K("Pagu Awal", "pagu_awal"),
        K("Realisasi", "realisasi"),
        K("Target Volume", "target_volume"),
        K("Realisasi Volume", "realisasi_volume"),
        K("Satuan Volume", "satuan_volume"),
        K("Penjelasan", "penjelasan"),  # staff's explanation of the line for BAB III B
        *(K(f"RPD {b}", f"rpd_{i}") for i, b in enumerate(BULAN, 1)),
        *(K(f"Realisasi {b}", f"realisasi_{i}") for i, b in enumerate(BULAN, 1)),
        # schema 2: where the money comes from (RM rupiah murni, hibah ...); lines of two sources stay apart
        K("Sumber Dana", "sumber_dana"),
    ),
)
REFERENSI_TABLE = TableSpec(
    REFERENSI,
    "tblReferensi",
    (
        K("Kode", "kode", wajib=True),
        K("Uraian", "uraian", wajib=True),
        K("Tingkat", "tingkat"),
        K("Sumber", "sumber"),  # schema 2: report and period a row came from ("GLP039 2025-10"), or "Diketik"
    ),
)
UNIT_TABLE = TableSpec(
    KONFIGURASI,
    "tblUnit",
    (
        K("Kode Unit", "kode_unit", wajib=True),
        K("Nama Unit", "nama_unit", wajib=True),
        K("Pejabat", "pejabat"),
        K("NIP", "nip", teks=True),
    ),
)
RENCANA_AKSI_TABLE = TableSpec(
    RENCANA_AKSI,
    "tblRencanaAksi",
    (
        K("Kode Indikator", "kode_indikator", wajib=True),
        K("Kegiatan", "kegiatan"),
        *(K(f"B{i}", f"b{i}") for i in range(1, 13)),
        K("Pelaksana", "pelaksana"),
        *(K(f"Realisasi B{i}", f"realisasi_b{i}") for i in range(1, 13)),
    ),
)


# --- the LKj's own inputs ---------------------------------------------------------
class KunciProfil:
    """Keys of tblProfil: the satker's text for the chapters the figures cannot write."""

    LATAR_BELAKANG = "Latar Belakang"
    TUGAS_FUNGSI = "Tugas dan Fungsi"
    ISU_STRATEGIS = "Isu Strategis"
    VISI = "Visi"
    MISI = "Misi"
    TUJUAN = "Tujuan"
    LANGKAH = "Langkah ke Depan"


KUNCI_PROFIL = (
    KunciProfil.LATAR_BELAKANG,
    KunciProfil.TUGAS_FUNGSI,
    KunciProfil.ISU_STRATEGIS,
    KunciProfil.VISI,
    KunciProfil.MISI,
    KunciProfil.TUJUAN,
    KunciProfil.LANGKAH,
)
PROFIL_TABLE = TableSpec(PROFIL, "tblProfil", (K("Kunci", "kunci", wajib=True), K("Teks", "teks", teks=True)))
RIWAYAT_TABLE = TableSpec(
    RIWAYAT,
    "tblRiwayat",
    (
        K("Kode Indikator", "kode_indikator", wajib=True),
        K("Tahun", "tahun", wajib=True),
        K("Realisasi", "realisasi", teks=True),
    ),
)
RENSTRA_TABLE = TableSpec(
    RENSTRA,
    "tblRenstra",
    (
        K("Kode Indikator", "kode_indikator", wajib=True),
        K("Tahun", "tahun", wajib=True),
        K("Target", "target", teks=True),
    ),
)
# Schema 6: the national standard of an indikator, when one is given (LKj BAB III A compares with it
# as with a Renstra target: a number, a range "80-90%" or a predicate). Beside tblRenstra.
STANDAR_NASIONAL_TABLE = TableSpec(
    RENSTRA,
    "tblStandarNasional",
    (
        K("Kode Indikator", "kode_indikator", wajib=True),
        K("Standar", "standar", teks=True),
        K("Sumber", "sumber", teks=True),
    ),
)
# Ordered predicate scales (higher Peringkat is better); satkers add rows for their own scales.
SKALA_PREDIKAT_TABLE = TableSpec(
    KONFIGURASI,
    "tblSkalaPredikat",
    (
        K("Skala", "skala", wajib=True),
        K("Nilai", "nilai", wajib=True, teks=True),
        K("Peringkat", "peringkat", wajib=True),
    ),
)
SKALA_PREDIKAT_BAWAAN = (
    *(("SAKIP", p, 7 - i) for i, p in enumerate(("AA", "A", "BB", "B", "CC", "C", "D"))),
    *(
        ("KIP", p, 5 - i)
        for i, p in enumerate(
            ("Informatif", "Menuju Informatif", "Cukup Informatif", "Kurang Informatif", "Tidak Informatif")
        )
    ),
    *(("Opini BPK", p, 4 - i) for i, p in enumerate(("WTP", "WDP", "TW", "TMP"))),
    *(("IKM", p, 4 - i) for i, p in enumerate(("A", "B", "C", "D"))),
)

# The satker's overrides of the shipped narrative templates (every key optional). An input table like
# the others: read once by baca_masukan, carried by the export (so periksa recomputes the same Narasi),
# by migrasi and by tahun-baru.
TEMPLATE_NARASI_TABLE = TableSpec(
    TEMPLATE_NARASI, "tblTemplateNarasi", (K("Kunci", "kunci"), K("Template", "template", teks=True))
)

# Output tables: the JSON keys are those of `kinerja-xl hitung --json` / `validasi --json`.
CAPAIAN_TABLE = TableSpec(
    CAPAIAN,
    "tblCapaian",
    (
        K("Kode Indikator", "kode"),
        K("Kode Sasaran", "sasaran"),
        K("Indikator Kinerja", "indikator"),
        K("Satuan", "satuan"),
        K("Target", "target"),
        K("Realisasi", "realisasi"),
        K("Nilai Target", "target_nilai"),
        K("Nilai Realisasi", "realisasi_nilai"),
        K("Capaian (%)", "capaian"),
        K("Kategori", "kategori"),
        K("Status", "status"),
        K("Keterangan", "keterangan"),
    ),
    input=False,
)
CAPAIAN_SASARAN_TABLE = TableSpec(
    CAPAIAN,
    "tblCapaianSasaran",
    (
        K("Kode Sasaran", "kode"),
        K("Sasaran", "uraian"),
        K("Capaian (%)", "capaian"),
        K("Kategori", "kategori"),
        K("Jumlah Indikator", "jumlah_indikator"),
        K("Jumlah Dihitung", "jumlah_dihitung"),
    ),
    input=False,
)
ANGGARAN_TABLE = TableSpec(
    ANGGARAN,
    "tblAnggaran",
    (
        K("Kode", "kode"),
        K("Kode Baku", "kode_baku"),
        K("Dihitung", "dihitung"),
        K("Tingkat", "tingkat"),
        K("Uraian", "uraian"),
        K("Pagu", "pagu"),
        K("Realisasi", "realisasi"),
        K("Sisa", "sisa"),
        K("Penyerapan (%)", "penyerapan"),
    ),
    input=False,
    kolom_jumlah="Uraian",
)
VALIDASI_TABLE = TableSpec(
    VALIDASI,
    "tblValidasi",
    (
        K("Jenis", "jenis"),
        K("Tingkat", "tingkat"),
        K("Lembar", "lembar"),
        K("Sel", "sel"),
        K("Kode", "kode"),
        K("Pesan", "pesan"),
        K("Nilai Tercatat", "nilai_tercatat"),
        K("Nilai Seharusnya", "nilai_seharusnya"),
        K("Saran Perbaikan", "saran"),  # schema 5: the registry's fix in one sentence
    ),
    input=False,
)
NARASI_TABLE = TableSpec(
    NARASI,
    "tblNarasi",
    (K("Bagian", "bagian"), K("Kode", "kode"), K("Paragraf", "paragraf")),
    input=False,
)
LOG_TABLE = TableSpec(
    LOG,
    "tblLog",
    (K("Waktu", "waktu"), K("Aksi", "aksi"), K("Pesan", "pesan"), K("Detail Teknis", "detail")),
    input=False,
)
CAPAIAN_UNIT_TABLE = TableSpec(
    CAPAIAN_UNIT,
    "tblCapaianUnit",
    (K("Unit Kerja", "unit"), *CAPAIAN_SASARAN_TABLE.columns),  # the satker's sasaran table, per unit
    input=False,
)
NARASI_UNIT_TABLE = TableSpec(
    CAPAIAN_UNIT,
    "tblNarasiUnit",
    (K("Unit Kerja", "unit"), K("Paragraf", "paragraf")),
    input=False,
)
RENCANA_AKSI_HASIL_TABLE = TableSpec(
    RENCANA_AKSI_HASIL,
    "tblRencanaAksiHasil",
    (
        K("Kode Indikator", "kode"),
        K("Indikator Kinerja", "indikator"),  # schema 5: the name, not only the code
        K("Bulan Direncanakan", "direncanakan"),
        K("Bulan Terlaksana", "terlaksana"),
        K("Persentase Terlaksana", "persentase"),
        K("Terlaksana Tanpa Rencana", "tanpa_rencana"),
        K("Rencana Belum Terlaksana", "belum_terlaksana"),
        K("Keterangan", "keterangan"),
    ),
    input=False,
)

# Input tables a workbook made with an older template (unit, Rencana Aksi, the LKj's own inputs) or an
# export made before they travelled with it (Template Narasi) lacks: read as empty when missing. Every
# table added after the first template is one of them.
TABEL_OPSIONAL = (
    UNIT_TABLE,
    RENCANA_AKSI_TABLE,
    PROFIL_TABLE,
    RIWAYAT_TABLE,
    RENSTRA_TABLE,
    SKALA_PREDIKAT_TABLE,
    TEMPLATE_NARASI_TABLE,
    STANDAR_NASIONAL_TABLE,
)
INPUT_TABLES = (
    KONFIGURASI_TABLE,
    SKALA_TABLE,
    PK_TABLE,
    REALISASI_TABLE,
    PAGU_TABLE,
    REFERENSI_TABLE,
    *TABEL_OPSIONAL,
)
# Input headers a table may lack (read as empty, info `kolom_opsional_hilang`); any other missing
# header is galat `kolom_hilang`. Not a change of the workbook: VERSI_SKEMA stays.
KOLOM_OPSIONAL: dict[str, frozenset[str]] = {
    PK_TABLE.name: frozenset(
        {
            "Akumulasi",
            "Kode Anggaran",
            "Realisasi Tahun Lalu",
            "Target Renstra",
            "Penanggung Jawab",
            "Unit Kerja",
            "Indikator Induk",
        }
    ),
    REALISASI_TABLE.name: frozenset(
        {"Tidak Ada Kejadian", "Analisis Penyebab", "Upaya Perbaikan", "Sumber Data", "Analisis Keberhasilan"}
    ),
    PAGU_TABLE.name: frozenset(
        {
            "Pagu Awal",
            "Target Volume",
            "Realisasi Volume",
            "Satuan Volume",
            "Penjelasan",
            "Sumber Dana",
            *(f"RPD {b}" for b in BULAN),
            *(f"Realisasi {b}" for b in BULAN),
        }
    ),
    UNIT_TABLE.name: frozenset({"Pejabat", "NIP"}),
    RENCANA_AKSI_TABLE.name: frozenset({"Pelaksana", *(f"Realisasi B{i}" for i in range(1, 13))}),
    REFERENSI_TABLE.name: frozenset({"Tingkat", "Sumber"}),
    SKALA_TABLE.name: frozenset({"Batas Atas"}),
}
OUTPUT_TABLES = (
    CAPAIAN_TABLE,
    CAPAIAN_SASARAN_TABLE,
    ANGGARAN_TABLE,
    VALIDASI_TABLE,
    NARASI_TABLE,
    LOG_TABLE,
    CAPAIAN_UNIT_TABLE,
    NARASI_UNIT_TABLE,
    RENCANA_AKSI_HASIL_TABLE,
)
TABLES = INPUT_TABLES + OUTPUT_TABLES


def table(name: str) -> TableSpec:
    """Look a table up by its Excel name (``tblPK``)."""
    for t in TABLES:
        if t.name == name:
            return t
    raise KeyError(name)


# --- template layout ---------------------------------------------------------------
# Every sheet: title in row 1, a help line in row 2, buttons (if any) in row 3, the
# table header in row 4, data from row 5. The file gateway reads table refs from the
# file itself; the builder and the tests take the anchors from here.
BARIS_HEADER = 4
JUMLAH = "Jumlah"  # the label of a table's total row (TableSpec.kolom_jumlah)
ANCHOR = {
    KONFIGURASI_TABLE.name: "A4",
    SKALA_TABLE.name: "E4",  # beside tblKonfigurasi (A:B, mark column C), one empty column between
    PK_TABLE.name: "A4",
    REALISASI_TABLE.name: "A4",
    PAGU_TABLE.name: "A4",
    REFERENSI_TABLE.name: "A4",
    CAPAIAN_TABLE.name: "A4",
    # beside tblCapaian (A:L) with two empty columns between, because the tool grows
    # tables downwards and two stacked tables would collide.
    CAPAIAN_SASARAN_TABLE.name: "O4",
    ANGGARAN_TABLE.name: "A4",
    VALIDASI_TABLE.name: "A4",
    NARASI_TABLE.name: "A4",
    LOG_TABLE.name: "A4",
    UNIT_TABLE.name: "J4",  # beside tblSkala (E:G, mark column H), one empty column between
    SKALA_PREDIKAT_TABLE.name: "P4",  # beside tblUnit (J:M, mark column N), one empty column between
    PROFIL_TABLE.name: "A4",
    RIWAYAT_TABLE.name: "A4",
    RENSTRA_TABLE.name: "A4",
    STANDAR_NASIONAL_TABLE.name: "F4",  # beside tblRenstra (A:C, mark column D), one empty column between
    RENCANA_AKSI_TABLE.name: "A4",
    TEMPLATE_NARASI_TABLE.name: "A4",
    CAPAIAN_UNIT_TABLE.name: "A4",
    NARASI_UNIT_TABLE.name: "J4",  # beside tblCapaianUnit (A:G), two empty columns between
    RENCANA_AKSI_HASIL_TABLE.name: "A4",
}

# Calculated columns appended to input tables (after the contract columns): plain
# formulas so the workbook still shows these figures where Python is not installed.
# Sisa is rupiah; Penyerapan and Capaian (rumus) hold fractions formatted 0.00%, and
# x100 they equal the engine's figure to 2 decimals.
KOLOM_RUMUS = {
    PAGU_TABLE.name: (K("Sisa", "sisa_rumus"), K("Penyerapan", "penyerapan_rumus")),
    PK_TABLE.name: (K("Capaian (rumus)", "capaian_rumus"),),
}

# The Excel door's validation marks: one hidden column at the end of every input
# table, holding "[tingkat:Header] pesan" lines, read by conditional formatting, so
# marking costs one write per table however many cells are marked.
KOLOM_TANDA = K("Tanda Validasi", "tanda_validasi")


def kolom_template(spec: TableSpec) -> list[Kolom]:
    """Every column the template gives a table: the contract's, the formula
    fallbacks, and (input tables) the hidden validation-mark column."""
    return list(spec.columns) + list(KOLOM_RUMUS.get(spec.name, ())) + ([KOLOM_TANDA] if spec.input else [])


def _angka(ref: str) -> str:
    """Formula text parsing an Indonesian-typed number ("99,52", "95%", "1.868.000").

    A % sign is dropped (95% of a % indikator means 95), NUMBERVALUE uses fixed
    separators so the result does not depend on the machine's locale, and a cell that
    already holds a number is used as it is (NUMBERVALUE would misread its dot).
    """
    return f'IF(ISNUMBER({ref}),{ref},_xlfn.NUMBERVALUE(SUBSTITUTE({ref},"%",""),",","."))'


_T = "tblPK[[#This Row],[Target]]"
_POL = "tblPK[[#This Row],[Polaritas]]"
_R = "INDEX(tblRealisasi[Realisasi],MATCH(tblPK[[#This Row],[Kode Indikator]],tblRealisasi[Kode Indikator],0))"
_TAK = (
    "INDEX(tblRealisasi[Tidak Ada Kejadian],MATCH(tblPK[[#This Row],[Kode Indikator]],tblRealisasi[Kode Indikator],0))"
)
_BATAS = 'INDEX(tblKonfigurasi[Nilai],MATCH("Batas Capaian",tblKonfigurasi[Kunci],0))'
_BATAS_FRAKSI = f'IF(LEN(TRIM({_BATAS}&""))=0,9.99E+307,{_angka(_BATAS)}/100)'
# Capaian of a purely numeric Positif/Negatif indikator whose annual Realisasi is
# typed; everything else (Rentang, predikat, text, empty, target 0, Tidak Ada Kejadian)
# is "" and left to the engine. A Batas Capaian in Konfigurasi caps the figure as the engine does.
_RUMUS_CAPAIAN = (
    f'=IFERROR(IF(OR(LEN(TRIM({_T}&""))=0,LEN(TRIM({_R}&""))=0,'
    f'AND({_POL}<>"Positif",{_POL}<>"Negatif"),{_TAK}="Ya",{_angka(_T)}=0),"",'
    f'MIN({_BATAS_FRAKSI},IF({_POL}="Positif",{_angka(_R)}/{_angka(_T)},'
    f'MAX(0,(2*{_angka(_T)}-{_angka(_R)})/{_angka(_T)})))),"")'
)

# Formula per calculated column, as stored in the file (`,` separators, full
# structured references, _xlfn. prefixes): the file writer writes them for new rows.
RUMUS = {
    PAGU_TABLE.name: {
        "Sisa": '=IF(LEN(tblPagu[[#This Row],[Pagu]]&"")=0,"",'
        "tblPagu[[#This Row],[Pagu]]-N(tblPagu[[#This Row],[Realisasi]]))",
        "Penyerapan": '=IFERROR(tblPagu[[#This Row],[Realisasi]]/tblPagu[[#This Row],[Pagu]],"")',
    },
    PK_TABLE.name: {"Capaian (rumus)": _RUMUS_CAPAIAN},
}

# Drop-down lists (data validation) per table column header.
DAFTAR_PILIHAN = {
    PK_TABLE.name: {"Polaritas": POLARITAS, "Akumulasi": AKUMULASI},
    REALISASI_TABLE.name: {"Tidak Ada Kejadian": YA},
    PROFIL_TABLE.name: {"Kunci": KUNCI_PROFIL},
    REFERENSI_TABLE.name: {"Tingkat": TINGKAT_KODE},
}
# Drop-down lists whose choices are another table's column (they grow with it).
DAFTAR_RUJUKAN = {
    PK_TABLE.name: {"Unit Kerja": "tblUnit[Kode Unit]"},
}
# Drop-down lists on Konfigurasi Nilai cells, per Kunci.
PILIHAN_KONFIGURASI = {
    Kunci.TRIWULAN: TRIWULAN,
    Kunci.METODE_AGREGASI: METODE_AGREGASI,
    Kunci.BASIS_REALISASI: BASIS_REALISASI,
    Kunci.BULAN_PELAPORAN: BULAN_PELAPORAN,
}

# Button captions -> public Subs of template/KinerjaMacros.bas -> kinerja_xl.xl.macros.
TOMBOL = (
    ("Hitung Capaian", "HitungCapaian", "hitung"),
    ("Validasi", "Validasi", "validasi"),
    ("Buat Narasi", "BuatNarasi", "narasi"),
    ("Ekspor ke Provinsi", "EksporKeProvinsi", "ekspor"),
    ("Proses Semua", "ProsesSemua", "proses"),
)
LEMBAR_TOMBOL = (PETUNJUK, CAPAIAN, VALIDASI, RINGKASAN)
# A button that belongs to one input sheet only: sheet -> (caption, Sub, macros function).
TOMBOL_LEMBAR = {
    PAGU: (("Impor dari SAKTI", "ImporDariSakti", "impor"),),
    PETUNJUK: (("Tahun Baru", "TahunBaru", "tahun_baru"),),
}  # next year's workbook
MODUL_MACRO = "kinerja_xl.xl.macros"
MODUL_UDF = "kinerja_xl.xl.udfs"

# --- printable PK form and Rencana Aksi matrix ----------------------------------
# The statement page fills rows 1..BARIS_LAMPIRAN_PK-1 of a "PK <kode>" sheet; the template
# puts a page break above BARIS_LAMPIRAN_PK, where the lampiran table starts. Pages are A4
# portrait, centred, one page wide (template/cetak.py). Texts are broken into rows at the
# column width (no wrapped cells: renderers size wrapped rows differently).
BARIS_LAMPIRAN_PK = 41
LEBAR_KOLOM_PK = {"A": 5, "B": 34, "C": 44, "D": 14}
# Matrix: Sasaran, Indikator, Target, Target TW I..IV (from the PK), Kegiatan, Jan..Des, Pelaksana
# (A4 landscape, fitted to the width at about 80 %).
LEBAR_KOLOM_MATRIKS = {
    "A": 20,
    "B": 22,
    "C": 9,
    **{h: 8 for h in "DEFG"},  # "1 Dokumen" breaks between its words, never inside one
    "H": 22,
    **{chr(ord("I") + i): 4 for i in range(12)},
    "U": 16,  # "Penyelenggaraan" whole
}

# The title in row 1 of every sheet (the template, the export and the printed page).
JUDUL_LEMBAR = {
    PETUNJUK: "Petunjuk Penggunaan Template Laporan Kinerja (LKj)",
    KONFIGURASI: "Konfigurasi",
    PK: "Perjanjian Kinerja (PK)",
    REALISASI: "Realisasi Kinerja",
    PAGU: "Pagu dan Realisasi Anggaran",
    REFERENSI: "Referensi Kode Anggaran",
    CAPAIAN: "Capaian Kinerja",
    ANGGARAN: "Realisasi Anggaran",
    VALIDASI: "Hasil Validasi",
    NARASI: "Narasi BAB III",
    RINGKASAN: "Ringkasan",
    LOG: "Log Proses",
    GLOSARIUM: "Glosarium Temuan Validasi",
    CATATAN_TEKNIS: "Catatan Teknis untuk Petugas TI",
    RENCANA_AKSI: "Rencana Aksi Kinerja",
    TEMPLATE_NARASI: "Template Narasi",
    PROFIL: "Profil Satuan Kerja",
    RENSTRA: "Target Renstra per Tahun",
    RIWAYAT: "Realisasi Tahun-Tahun Sebelumnya",
    CAPAIAN_UNIT: "Capaian Kinerja per Unit Kerja",
    RENCANA_AKSI_HASIL: "Hasil Rencana Aksi",
    MATRIKS_RENCANA_AKSI: "Matriks Rencana Aksi Kinerja",
    **{lembar_pk(k): f"Perjanjian Kinerja {n}" for k, n in UNIT_BAWAAN},
}


# The engine names the tables it reads by business name (domain.kosakata.Tabel); this is where each sits.
SPEC_TABEL: dict[Tabel, TableSpec] = {
    Tabel.KONFIGURASI: KONFIGURASI_TABLE,
    Tabel.SKALA: SKALA_TABLE,
    Tabel.PK: PK_TABLE,
    Tabel.REALISASI: REALISASI_TABLE,
    Tabel.PAGU: PAGU_TABLE,
    Tabel.REFERENSI: REFERENSI_TABLE,
    Tabel.UNIT: UNIT_TABLE,
    Tabel.RENCANA_AKSI: RENCANA_AKSI_TABLE,
    Tabel.STANDAR_NASIONAL: STANDAR_NASIONAL_TABLE,
}
