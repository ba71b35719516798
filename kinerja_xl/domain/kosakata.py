"""The business vocabulary: the words and fixed lists of the LKj, apart from the workbook layout.

Polaritas, akumulasi, the status of a capaian, the kategori scale, budget levels, the
months and quarters, the default unit kerja, and the names of the tables and fields the
engine reads and writes. Which sheet, Excel table, header text and cell a table or field
sits in is layout (``kinerja_xl.template.contract``, which re-exports the lists below so
``c.POLARITAS`` keeps working); the domain names a place by ``Tabel`` + field key and the
services turn that into a sheet cell. The rules in words: docs/domain.md.
"""

from __future__ import annotations

from enum import StrEnum


class Polaritas(StrEnum):
    """Which direction is good for an indikator (docs/domain.md, "Capaian")."""

    POSITIF = "positif"
    NEGATIF = "negatif"
    RENTANG = "rentang"

    @property
    def tampil(self) -> str:
        return self.value.capitalize()


class Akumulasi(StrEnum):
    """How quarterly figures make the annual one."""

    KUMULATIF = "kumulatif"
    AKHIR = "akhir"
    RATA_RATA = "rata-rata"

    @property
    def tampil(self) -> str:
        return self.value.capitalize()


class MetodeAgregasi(StrEnum):
    """How indikator capaian make a sasaran capaian."""

    RATA_RATA = "rata-rata"
    GEOMETRIK = "geometrik"

    @property
    def tampil(self) -> str:
        return self.value.capitalize()


class Status(StrEnum):
    """Whether an indikator's capaian could be computed; never a silent 0."""

    DIHITUNG = "dihitung"
    KUALITATIF = "kualitatif"
    TIDAK_DAPAT_DIHITUNG = "tidak_dapat_dihitung"
    TIDAK_ADA_KEJADIAN = "tidak_ada_kejadian"

    @property
    def tampil(self) -> str:
        """The status in words, as the Capaian sheet shows it (the JSON keeps the code)."""
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def dari_teks(cls, teks: object) -> Status | None:
        """The status a cell shows, in words or as the code (exports written before the words)."""
        kunci = str(teks or "").strip().lower().replace(" ", "_")
        return next((s for s in cls if s.value == kunci), None)


class Tabel(StrEnum):
    """The tables the engine reads (input) and fills (output), by business name."""

    KONFIGURASI = "konfigurasi"
    SKALA = "skala"
    PK = "pk"
    REALISASI = "realisasi"
    PAGU = "pagu"
    REFERENSI = "referensi"
    UNIT = "unit"
    RENCANA_AKSI = "rencana_aksi"
    STANDAR_NASIONAL = "standar_nasional"


# --- drop-down lists (what staff pick from) ----------------------------------------------
POLARITAS = tuple(p.tampil for p in Polaritas)
AKUMULASI = tuple(a.tampil for a in Akumulasi)
METODE_AGREGASI = tuple(m.tampil for m in MetodeAgregasi)
BASIS_REALISASI = ("SP2D", "SPP")
TINGKAT_KODE = ("program", "kegiatan", "kro", "ro", "output", "komponen", "subkomponen", "akun")
# A level as the Anggaran sheet shows it: KRO and RO are abbreviations, written in capitals.
TINGKAT_TAMPIL = {t: (t.upper() if t in ("kro", "ro") else t.capitalize()) for t in TINGKAT_KODE}

BULAN = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
TW = ("I", "II", "III", "IV")

# Default kategori scale, half-open bands (bawah, atas]; the lowest includes its bawah.
SKALA_DEFAULT = (
    (100, None, "Sangat Berhasil"),
    (90, 100, "Berhasil"),
    (70, 90, "Cukup Berhasil"),
    (50, 70, "Kurang Berhasil"),
    (0, 50, "Tidak Berhasil"),
)

# Unit kerja: the Sekretariat and its four subbagian, each signing its own PK.
KODE_UNIT_SEKRETARIAT = "SEK"
UNIT_BAWAAN = (
    (KODE_UNIT_SEKRETARIAT, "Sekretariat"),
    ("KUL", "Subbagian Keuangan, Umum dan Logistik"),
    ("TPH", "Subbagian Teknis Penyelenggaraan, Partisipasi dan Hubungan Masyarakat"),
    ("PDI", "Subbagian Perencanaan, Data dan Informasi"),
    ("HSDM", "Subbagian Hukum dan Sumber Daya Manusia"),
)
# A unit's PK form is a sheet named "PK <kode>" and Excel sheet names hold 31 characters.
PANJANG_KODE_UNIT = 28

# --- the fields of each table the engine reads (keys; header text is layout) ---------------
KOLOM_PK = (
    "kode_sasaran",
    "sasaran",
    "kode_indikator",
    "indikator",
    "satuan",
    "polaritas",
    "target",
    "target_tw1",
    "target_tw2",
    "target_tw3",
    "target_tw4",
    "akumulasi",
    "kode_anggaran",
    "realisasi_tahun_lalu",
    "target_renstra",
    "penanggung_jawab",
    "unit_kerja",
    "indikator_induk",
)
KOLOM_PAGU = (
    "kode",
    "uraian",
    "pagu",
    "pagu_awal",
    "realisasi",
    "target_volume",
    "realisasi_volume",
    "satuan_volume",
    "penjelasan",
    *(f"rpd_{i}" for i in range(1, 13)),
    *(f"realisasi_{i}" for i in range(1, 13)),
    "sumber_dana",
)
KOLOM_SKALA = ("batas_bawah", "batas_atas", "kategori")

# The names of the figures as findings mention them (the same words as the sheet headers).
NAMA_KOLOM: dict[Tabel, dict[str, str]] = {
    Tabel.PAGU: {
        "kode": "Kode",
        "uraian": "Uraian",
        "pagu": "Pagu",
        "pagu_awal": "Pagu Awal",
        "realisasi": "Realisasi",
        "target_volume": "Target Volume",
        "realisasi_volume": "Realisasi Volume",
        "satuan_volume": "Satuan Volume",
        **{f"rpd_{i}": f"RPD {b}" for i, b in enumerate(BULAN, 1)},
        **{f"realisasi_{i}": f"Realisasi {b}" for i, b in enumerate(BULAN, 1)},
    },
    Tabel.SKALA: {"batas_bawah": "Batas Bawah", "batas_atas": "Batas Atas", "kategori": "Kategori"},
}

# --- output fields the engine produces (the output tables show these keys) ----------------
KOLOM_CAPAIAN = (
    "kode",
    "sasaran",
    "indikator",
    "satuan",
    "target",
    "realisasi",
    "target_nilai",
    "realisasi_nilai",
    "capaian",
    "kategori",
    "status",
    "keterangan",
)
KOLOM_CAPAIAN_SASARAN = ("kode", "uraian", "capaian", "kategori", "jumlah_indikator", "jumlah_dihitung")
KOLOM_CAPAIAN_UNIT = ("unit", *KOLOM_CAPAIAN_SASARAN)
KOLOM_NARASI_UNIT = ("unit", "paragraf")
KOLOM_RENCANA_AKSI_HASIL = (
    "kode",
    "indikator",
    "direncanakan",
    "terlaksana",
    "persentase",
    "tanpa_rencana",
    "belum_terlaksana",
    "keterangan",
)
