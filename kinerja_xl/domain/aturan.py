"""The rule registry: every kind of finding (``Jenis``) and every check that reports one.

Each ``Jenis`` member carries, in one place, its default tingkat, a one-line name,
a description and the fix it suggests; ``kinerja-xl aturan`` and ``docs/aturan.md``
list them. A ``Temuan`` accepts only a ``Jenis`` (a misspelt name raises at once),
and ``Jenis`` is a ``StrEnum`` so ``temuan.jenis == "kode_format"`` keeps working.

A check is a small named function over an engine's prepared context, declared with
the jenis it may report::

    ATURAN_ANGGARAN = DaftarAturan[KonteksAnggaran]("anggaran")

    @ATURAN_ANGGARAN.aturan(Jenis.REALISASI_MELEBIHI_PAGU)
    def realisasi_melebihi_pagu(k: KonteksAnggaran) -> Iterator[Temuan]: ...

The engine runs ``ATURAN_ANGGARAN.jalankan(konteks)``: the checks in the order they
were declared. How to add a jenis or a check: ``docs/aturan.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any, Generic, TypeVar


class Tingkat(str, Enum):  # noqa: UP042 - a StrEnum would change str()/format() of published values
    """How serious a finding is: galat blocks the export."""

    GALAT = "galat"
    PERINGATAN = "peringatan"
    INFO = "info"


_G, _P, _I = Tingkat.GALAT, Tingkat.PERINGATAN, Tingkat.INFO


class Jenis(StrEnum):
    """Every kind of finding, with its default tingkat and its words for users (docs/domain.md)."""

    tingkat: Tingkat
    nama: str
    deskripsi: str
    saran: str

    def __new__(cls, nilai: str, tingkat: Tingkat, nama: str, deskripsi: str, saran: str) -> Jenis:
        obj = str.__new__(cls, nilai)
        obj._value_ = nilai
        obj.tingkat = tingkat
        obj.nama = nama
        obj.deskripsi = deskripsi
        obj.saran = saran
        return obj

    # --- kode dan anggaran
    KODE_FORMAT = (
        "kode_format",
        _G,
        "Kode anggaran tidak sesuai format",
        "Kode pada lembar Pagu tidak dapat dibaca sebagai kode anggaran KPU (format sejak 2021 atau sebelum "
        "2021), atau berhenti satu tingkat lebih awal daripada kode sejenisnya.",
        "Tulis kode lengkap sesuai DIPA, mis. CQ.6709.QGE.001 atau 3355.003.",
    )
    KODE_GANDA = (
        "kode_ganda",
        _G,
        "Kode tercatat lebih dari sekali",
        "Satu kode anggaran, kode indikator atau kode unit muncul di lebih dari satu baris. Galat bila "
        "angkanya berbeda, peringatan bila isinya sama.",
        "Satukan menjadi satu baris dengan angka yang benar, atau hapus baris rangkapnya.",
    )
    URAIAN_BERTENTANGAN = (
        "uraian_bertentangan",
        _G,
        "Satu kode memakai dua uraian",
        "Baris dengan kode anggaran yang sama memakai uraian yang berbeda.",
        "Pakai satu uraian untuk satu kode.",
    )
    JUMLAH_TIDAK_SESUAI = (
        "jumlah_tidak_sesuai",
        _G,
        "Jumlah tidak sama dengan rinciannya",
        "Pagu atau realisasi baris induk tidak sama dengan jumlah rinciannya, atau jumlah RPD/realisasi "
        "bulanan tidak sama dengan angka setahun; dicek sampai ke rupiah.",
        "Perbaiki angka baris induk atau rinciannya.",
    )
    REALISASI_MELEBIHI_PAGU = (
        "realisasi_melebihi_pagu",
        _G,
        "Realisasi melebihi pagu",
        "Realisasi anggaran sebuah baris lebih besar daripada pagunya.",
        "Periksa realisasi atau ajukan revisi pagu.",
    )
    KODE_BERHENTI_DI_KRO = (
        "kode_berhenti_di_kro",
        _P,
        "Baris anggaran berhenti di tingkat KRO",
        "Sebuah baris anggaran berhenti di tingkat KRO, padahal baris sejenisnya dirinci sampai RO atau lebih "
        "dalam. Laporan yang sah kadang memuat baris seperti ini, tetapi bisa juga segmen kodenya tertinggal.",
        "Periksa kodenya di DIPA; lengkapi segmen RO bila memang tertinggal, biarkan bila memang tercatat di "
        "tingkat KRO.",
    )
    FORMAT_KODE_CAMPURAN = (
        "format_kode_campuran",
        _P,
        "Format kode lama dan baru bercampur",
        "Tabel Pagu memuat kode format sejak 2021 dan format sebelum 2021; keduanya dijumlahkan terpisah.",
        "Pastikan semua baris berasal dari tahun anggaran yang sama.",
    )
    KODE_TIDAK_DIKENAL = (
        "kode_tidak_dikenal",
        _P,
        "Kode tidak ada di referensi",
        "Kode program, kegiatan, KRO, RO atau output tidak ada di daftar referensi KPU, atau akunnya "
        "bukan akun belanja.",
        "Periksa kodenya, atau tambahkan kode dan uraiannya di lembar Referensi bila memang benar.",
    )
    KODE_TANPA_INDUK = (
        "kode_tanpa_induk",
        _P,
        "Kode tanpa baris induk",
        "Sebuah kode tidak punya baris induk di tabel padahal baris setingkat induknya diketik, atau "
        "programnya tidak diketahui.",
        "Tambahkan baris induknya, atau tulis kode lengkap dengan programnya.",
    )
    INDUK_DIHITUNG = (
        "induk_dihitung",
        _I,
        "Baris induk dihitung dari rinciannya",
        "Baris induk (program/kegiatan/KRO/RO/...) yang tidak diketik lengkap; pagu dan realisasinya "
        "dijumlahkan dari rinciannya.",
        "Tidak perlu tindakan; ketik baris induknya bila ingin angkanya diperiksa.",
    )
    # --- isian
    NILAI_KOSONG = (
        "nilai_kosong",
        _G,
        "Sel wajib kosong",
        "Sel yang wajib diisi (Kode, Pagu, Kode Indikator, Target, Kode Unit) kosong.",
        "Isi sel tersebut.",
    )
    NILAI_TIDAK_VALID = (
        "nilai_tidak_valid",
        _G,
        "Nilai tidak dapat dibaca",
        "Isi sel tidak dapat dibaca tanpa menebak: rupiah tidak bulat atau negatif, angka volume, "
        "polaritas, akumulasi atau Batas Capaian yang tidak dikenal.",
        "Tulis angka atau pilihan yang sah sesuai petunjuk pada pesan.",
    )
    NILAI_MENCURIGAKAN = (
        "nilai_mencurigakan",
        _P,
        "Nilai persen mencurigakan",
        "Nilai seperti 0,95 tertulis pada indikator yang nilai persen lainnya puluhan persen.",
        "Periksa apakah maksudnya 95%.",
    )
    NILAI_DITURUNKAN = (
        "nilai_diturunkan",
        _I,
        "Nilai diturunkan dari angka lain",
        "Realisasi setahun yang kosong diisi dari realisasi triwulan atau bulanan.",
        "Tidak perlu tindakan; isi realisasi setahun bila ingin angka itu yang dipakai.",
    )
    KONFIGURASI_TIDAK_LENGKAP = (
        "konfigurasi_tidak_lengkap",
        _G,
        "Konfigurasi belum lengkap",
        "Nilai wajib di lembar Konfigurasi belum diisi atau di luar rentang yang sah.",
        "Isi nilainya di lembar Konfigurasi.",
    )
    SKALA_KATEGORI_TIDAK_VALID = (
        "skala_kategori_tidak_valid",
        _G,
        "Skala kategori tidak sah",
        "Tabel skala kategori capaian di lembar Konfigurasi tidak lengkap, bertumpuk atau berlubang.",
        "Perbaiki batas bawah dan atas tiap kategori agar bersambung tanpa celah.",
    )
    # --- struktur tabel dan isi sel
    KOLOM_HILANG = (
        "kolom_hilang",
        _G,
        "Kolom wajib tidak ada",
        "Judul kolom yang wajib ada pada tabel input tidak ditemukan, sehingga isinya tidak dapat dibaca.",
        "Kembalikan judul kolom persis seperti pada template (lihat pesan untuk nama yang diharapkan).",
    )
    KOLOM_GANDA = (
        "kolom_ganda",
        _G,
        "Judul kolom ganda",
        "Dua kolom pada satu tabel memakai judul yang sama; alat tidak dapat tahu kolom mana yang dimaksud.",
        "Ganti atau hapus salah satu kolom sehingga setiap judul hanya muncul sekali.",
    )
    KOLOM_BERUBAH = (
        "kolom_berubah",
        _G,
        "Judul kolom diubah",
        "Judul kolom ditulis berbeda dari template (huruf besar/kecil, spasi atau angka romawi, mis. "
        '"Realisasi TW 1" untuk "Realisasi TW I").',
        "Tulis judulnya persis seperti template, atau jalankan kinerja-xl migrasi yang mengembalikannya.",
    )
    KOLOM_OPSIONAL_HILANG = (
        "kolom_opsional_hilang",
        _I,
        "Kolom pilihan tidak ada",
        "Kolom yang tidak wajib tidak ada pada tabel; isinya dianggap kosong.",
        "Tidak perlu tindakan; tambahkan kolomnya bila ingin mengisinya.",
    )
    NILAI_GALAT_EXCEL = (
        "nilai_galat_excel",
        _G,
        "Sel berisi galat Excel",
        "Sel input berisi nilai galat Excel (#DIV/0!, #REF!, #N/A, ...) atau rumus yang menghasilkannya.",
        "Perbaiki rumus atau isi sel tersebut dengan nilai yang benar.",
    )
    TEKS_TERPOTONG = (
        "teks_terpotong",
        _P,
        "Teks terlalu panjang untuk satu sel",
        "Teks keluaran lebih dari 32.767 karakter (batas satu sel Excel) sehingga dipotong dengan tanda.",
        "Persingkat teks sumbernya (analisis atau uraian) agar muat dalam satu sel.",
    )
    # --- impor dari SAKTI
    REALISASI_BULAN_TIDAK_LENGKAP = (
        "realisasi_bulan_tidak_lengkap",
        _P,
        "Realisasi beberapa bulan hanya diketahui jumlahnya",
        "Berkas GLP039 bulan-bulan di antara dua berkas yang diimpor tidak ada; realisasi bulan itu hanya "
        "diketahui sebagai satu jumlah dan kolom bulanannya dibiarkan kosong.",
        "Impor juga GLP039 bulan-bulan yang belum ada bila realisasi bulanan diperlukan.",
    )
    PERIODE_BELUM_AKHIR_TAHUN = (
        "periode_belum_akhir_tahun",
        _P,
        "Data SAKTI belum sampai Desember",
        "Triwulan Pelaporan 4, tetapi berkas SAKTI terakhir yang diimpor untuk bulan sebelum Desember.",
        "Impor GLP039 bulan Desember.",
    )
    SUMBER_DANA_BERCAMPUR = (
        "sumber_dana_bercampur",
        _P,
        "Satu akun memakai beberapa sumber dana",
        "Di MonSAKTI satu akun memakai lebih dari satu sumber dana, tetapi GLP039 memberinya satu baris.",
        "Periksa pemisahan rupiah murni dan hibah di SAKTI.",
    )
    RPD_TANPA_PAGU = (
        "rpd_tanpa_pagu",
        _P,
        "RPD MonSAKTI tanpa baris GLP039",
        "Akun di MonSAKTI (RPD) tidak ada di GLP039, sehingga RPD-nya tidak ditulis ke lembar Pagu.",
        "Periksa apakah kedua berkas berasal dari revisi DIPA yang sama, lalu impor ulang.",
    )
    BASIS_REALISASI_BERBEDA = (
        "basis_realisasi_berbeda",
        _P,
        "Basis realisasi berbeda dengan SAKTI",
        "Basis Realisasi Anggaran di Konfigurasi bukan SP2D, padahal realisasi dari GLP039 berbasis SP2D.",
        "Ubah Basis Realisasi Anggaran menjadi SP2D bila realisasi yang dilaporkan berasal dari SAKTI.",
    )
    LOCK_PAGU = (
        "lock_pagu",
        _I,
        "Ada pagu yang dikunci (Lock Pagu)",
        "Sebagian pagu di laporan SAKTI terakhir dikunci karena sedang dalam usulan revisi DIPA/POK.",
        "Tidak perlu tindakan; impor lagi setelah revisi disahkan.",
    )
    # --- capaian
    PK_KOSONG = (
        "pk_kosong",
        _G,
        "Perjanjian Kinerja kosong",
        "Lembar PK belum berisi satu indikator pun, sehingga capaian, narasi dan dokumen PK tidak dapat dibuat.",
        "Isi sasaran, indikator dan target Perjanjian Kinerja di lembar PK.",
    )
    REALISASI_TANPA_INDIKATOR = (
        "realisasi_tanpa_indikator",
        _G,
        "Realisasi tanpa indikator PK",
        "Baris lembar Realisasi memakai Kode Indikator yang tidak ada di Perjanjian Kinerja.",
        "Perbaiki Kode Indikatornya atau tambahkan indikator tersebut di PK.",
    )
    TW_TIDAK_KONSISTEN = (
        "tw_tidak_konsisten",
        _G,
        "Angka triwulan tidak sesuai angka tahunan",
        "Target atau realisasi tahunan tidak sama dengan angka triwulannya menurut akumulasi indikator.",
        "Perbaiki angka tahunan atau angka triwulan, atau periksa pilihan Akumulasi.",
    )
    INDIKATOR_TANPA_REALISASI = (
        "indikator_tanpa_realisasi",
        _P,
        "Indikator belum memiliki realisasi",
        "Indikator PK belum memiliki realisasi untuk periode pelaporan.",
        "Isi realisasinya di lembar Realisasi.",
    )
    SATUAN_TIDAK_SESUAI = (
        "satuan_tidak_sesuai",
        _P,
        "Satuan target dan realisasi berbeda",
        "Target dan realisasi memakai satuan berbeda (mis. persen dan angka biasa); capaian tidak dihitung.",
        "Tulis realisasi dalam satuan yang sama dengan targetnya.",
    )
    CAPAIAN_TIDAK_DAPAT_DIHITUNG = (
        "capaian_tidak_dapat_dihitung",
        _P,
        "Capaian tidak dapat dihitung",
        "Capaian indikator tidak dapat dihitung (nilai kualitatif, target 0 atau negatif, predikat "
        "berbeda skala, ...); tidak pernah dianggap 0.",
        "Perbaiki target atau realisasinya, atau jelaskan di analisis.",
    )
    REALISASI_TIDAK_ADA_KEJADIAN = (
        "realisasi_tidak_ada_kejadian",
        _P,
        'Realisasi berbunyi "tidak ada kejadian"',
        'Realisasi ditulis sebagai teks seperti "tidak ada kasus" atau "tidak ada kejadian"; capaiannya '
        "tidak dihitung karena alat tidak menebak maksudnya.",
        "Bila memang tidak ada kejadian selama periode, isi kolom Tidak Ada Kejadian = Ya di lembar Realisasi.",
    )
    ANALISIS_KOSONG = (
        "analisis_kosong",
        _P,
        "Analisis Penyebab kosong",
        "Capaian indikator di bawah 100% tetapi Analisis Penyebab kosong.",
        "Tuliskan penyebab dan upaya perbaikannya.",
    )
    PENYERAPAN_BERBEDA = (
        "penyerapan_berbeda",
        _P,
        "Realisasi indikator penyerapan berbeda dengan hitungan",
        "Indikator persen tentang realisasi/penyerapan anggaran berbeda lebih dari 0,01 poin dengan penyerapan "
        "yang dihitung dari lembar Pagu (baris yang ditautkan, atau seluruh anggaran satker).",
        "Samakan realisasi indikator dengan penyerapan di lembar Anggaran, atau perbaiki Kode Anggarannya.",
    )
    STANDAR_NASIONAL_TIDAK_TERBACA = (
        "standar_nasional_tidak_terbaca",
        _P,
        "Standar nasional tidak dapat dibandingkan",
        "Standar Nasional sebuah indikator (lembar Renstra) kosong atau tidak terbaca sebagai angka, persen, "
        "rentang atau predikat, sehingga LKj tidak dapat membandingkan realisasi dengannya; atau Kode "
        "Indikatornya tidak ada di lembar PK.",
        "Ketik standarnya seperti target di PK (misalnya 90%, 80-90% atau WTP) dan pastikan Kode Indikatornya "
        "sama dengan di lembar PK.",
    )
    NARASI_BELUM_LENGKAP = (
        "narasi_belum_lengkap",
        _G,
        "Narasi LKj belum lengkap",
        "Dokumen LKj masih memuat isian yang belum ditulis staf (analisis, penjelasan atau teks Profil); "
        "ekspor ditolak sampai semuanya diisi.",
        "Isi teks yang ditandai di lembar Realisasi, Pagu atau Profil, atau ekspor dengan --paksa dan alasannya.",
    )
    KODE_ANGGARAN_TIDAK_ADA = (
        "kode_anggaran_tidak_ada",
        _P,
        "Kode Anggaran indikator tidak ada di Pagu",
        "Kode Anggaran pada indikator PK tidak ditemukan di lembar Pagu.",
        "Perbaiki Kode Anggaran indikator atau tambahkan barisnya di lembar Pagu.",
    )
    # --- unit kerja, rencana aksi, narasi
    KASKADE_TERPUTUS = (
        "kaskade_terputus",
        _P,
        "Kaskade indikator terputus",
        "Indikator unit kerja tidak tersambung ke indikator induknya (induk tidak ada atau bukan milik unit atasan).",
        "Perbaiki kolom Indikator Induk atau Unit Kerja indikator tersebut.",
    )
    UNIT_TIDAK_DIKENAL = (
        "unit_tidak_dikenal",
        _P,
        "Unit kerja tidak dikenal",
        "Unit Kerja pada indikator PK tidak ada di tabel Unit Kerja; indikator itu tidak dihitung untuk unit mana pun.",
        "Tambahkan unitnya di tabel Unit Kerja (lembar Konfigurasi) atau perbaiki namanya.",
    )
    RENCANA_AKSI_TANPA_INDIKATOR = (
        "rencana_aksi_tanpa_indikator",
        _P,
        "Rencana aksi tanpa indikator",
        "Baris Rencana Aksi memakai Kode Indikator yang tidak ada di Perjanjian Kinerja.",
        "Perbaiki Kode Indikatornya.",
    )
    TEMPLATE_NARASI_RUSAK = (
        "template_narasi_rusak",
        _P,
        "Template narasi rusak",
        "Template narasi yang diubah di workbook tidak dapat dipakai; template bawaan dipakai untuk bagian itu.",
        "Perbaiki teks template pada lembar Template Narasi.",
    )
    # --- Ringkasan
    GRAFIK_TERPOTONG = (
        "grafik_terpotong",
        _P,
        "Grafik Ringkasan tidak memuat semua baris",
        "Grafik di lembar Ringkasan punya tempat data tetap: 30 sasaran, 60 program dan kegiatan, 8 kategori. "
        "Satker ini punya lebih banyak sehingga grafik hanya menampilkan yang pertama; tabel dan dokumen tetap "
        "memuat semuanya.",
        "Tidak perlu tindakan bila grafik tidak dicetak; untuk grafik lengkap buat grafik sendiri dari lembar "
        "Capaian atau Anggaran.",
    )
    GRAFIK_PERLU_MIGRASI = (
        "grafik_perlu_migrasi",
        _P,
        "Grafik Ringkasan perlu migrasi",
        "Workbook dibuat dari template lama (Versi Skema sebelum 7) yang grafiknya tidak mengikuti tempat data "
        "Ringkasan yang baru; grafik lama dihapus agar tidak menampilkan angka yang salah.",
        "Jalankan kinerja-xl migrasi (atau salin isian ke template terbaru), lalu Proses Semua lagi: grafik "
        "Ringkasan kembali.",
    )


def jenis_dari(nilai: Jenis | str) -> Jenis:
    """A ``Jenis`` from its name; an unknown name is a programming error, raised at once."""
    if isinstance(nilai, Jenis):
        return nilai
    jenis = Jenis._value2member_map_.get(nilai)
    if not isinstance(jenis, Jenis):
        raise ValueError(f"jenis temuan '{nilai}' tidak terdaftar di kinerja_xl.domain.aturan.Jenis")
    return jenis


def katalog() -> list[dict[str, str]]:
    """The JSON shape of ``kinerja-xl aturan --json``: one entry per jenis."""
    return [
        {"jenis": j.value, "tingkat": j.tingkat.value, "nama": j.nama, "deskripsi": j.deskripsi, "saran": j.saran}
        for j in Jenis
    ]


K = TypeVar("K")
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Aturan(Generic[K]):
    """One registered check: the function and the jenis it may report."""

    nama: str
    jenis: tuple[Jenis, ...]
    periksa: Callable[..., Iterable[Any]]


class DaftarAturan(Generic[K]):
    """The checks of one engine (anggaran, capaian, lintas lembar, konfigurasi), in declaration order."""

    def __init__(self, mesin: str) -> None:
        self.mesin = mesin
        self.aturan_: list[Aturan[K]] = []
        SEMUA_DAFTAR.append(self)

    def aturan(self, *jenis: Jenis) -> Callable[[F], F]:
        """Decorator: register a check reporting ``jenis``; the function itself is returned unchanged."""
        if not jenis or not all(isinstance(j, Jenis) for j in jenis):
            raise TypeError("sebuah aturan harus menyebut minimal satu Jenis")

        def daftarkan(fungsi: F) -> F:
            self.aturan_.append(Aturan(fungsi.__name__, tuple(jenis), fungsi))
            return fungsi

        return daftarkan

    def jalankan(self, konteks: K) -> list[Any]:
        """Every check over the prepared context; a check reporting an undeclared jenis is a bug."""
        hasil: list[Any] = []
        for a in self.aturan_:
            for t in a.periksa(konteks):
                if t.jenis not in a.jenis:
                    raise AssertionError(f"aturan {a.nama} melaporkan {t.jenis}, bukan {a.jenis}")
                hasil.append(t)
        return hasil


SEMUA_DAFTAR: list[DaftarAturan[Any]] = []

# Checks that are part of a computing step and called by it directly (the skala, unit kerja and
# rencana aksi readers): registered here so the catalogue names them; never run with ``jalankan``.
ATURAN_LANGKAH: DaftarAturan[Any] = DaftarAturan("langkah")


def tingkat_bawaan(jenis: Jenis | str) -> Tingkat:
    return jenis_dari(jenis).tingkat


__all__ = [
    "ATURAN_LANGKAH",
    "Aturan",
    "DaftarAturan",
    "Jenis",
    "SEMUA_DAFTAR",
    "Tingkat",
    "jenis_dari",
    "katalog",
    "tingkat_bawaan",
]
