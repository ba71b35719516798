"""What staff read in the template: Petunjuk (the yearly steps and the settings), Catatan Teknis
(for the office's IT person) and the Glosarium rows generated from the rule registry.

Texts are pairs ``(jenis, teks)``: ``"h"`` a heading, ``"p"`` a paragraph. Staff words only:
no Python, no table formulas, no file of the repository on Petunjuk; those are on Catatan Teknis.
"""

from __future__ import annotations

from kinerja_xl.domain.aturan import Jenis
from kinerja_xl.domain.kosakata import BASIS_REALISASI, SKALA_DEFAULT
from kinerja_xl.template import contract as c

Teks = tuple[tuple[str, str], ...]


def _pita_kategori() -> str:
    """The default kategori bands with their boundaries written out."""
    bagian = []
    for bawah, atas, nama in SKALA_DEFAULT:
        if atas is None:
            bagian.append(f"{nama}: lebih dari {bawah}%")
        elif bawah == 0:
            bagian.append(f"{nama}: {bawah}% sampai dengan {atas}%")
        else:
            bagian.append(f"{nama}: lebih dari {bawah}% sampai dengan {atas}%")
    return "; ".join(bagian)


PETUNJUK: Teks = (
    ("h", "Langkah setiap tahun, berurutan"),
    (
        "p",
        f"1. Isi lembar {c.KONFIGURASI}: nama dan kode satker, provinsi, tahun, triwulan pelaporan, nama dan NIP "
        "penandatangan, tempat dan tanggal. Arti setiap pengaturan ada di bagian Pengaturan di bawah.",
    ),
    (
        "p",
        f"2. Isi lembar {c.PAGU}: tekan tombol Impor dari SAKTI dan pilih berkas GLP039 (satu per bulan) dan/atau "
        "MonSAKTI Detail satker Anda; atau ketik pagu dan realisasi per kode anggaran dalam rupiah tanpa desimal.",
    ),
    (
        "p",
        f"3. Isi lembar {c.PK} (Perjanjian Kinerja): satu baris per indikator dengan Kode Sasaran, Kode Indikator, "
        "Target (ketik seperti di dokumen PK: 95%, 1 laporan, BB), Polaritas dan Akumulasi. Untuk PK subbagian isi "
        "Unit Kerja dan Indikator Induk (Kode Indikator Sekretariat yang didukungnya).",
    ),
    (
        "p",
        f"4. Setiap triwulan isi lembar {c.REALISASI}: realisasi TW I sampai IV, analisis penyebab dan upaya "
        "perbaikan. Bila selama periode memang tidak ada kasus atau kejadian, pilih Ya di kolom Tidak Ada "
        f'Kejadian (jangan menulis "tidak ada kasus" di kolom Realisasi). Lembar {c.RENCANA_AKSI}: tandai bulan '
        "rencana dan bulan terlaksana setiap kegiatan.",
    ),
    (
        "p",
        "5. Tekan tombol Proses Semua. Alat menghitung capaian, memeriksa isian, menyusun narasi, ringkasan, "
        "capaian per unit, Rencana Aksi dan naskah PK per unit.",
    ),
    (
        "p",
        f"6. Buka lembar {c.VALIDASI}: perbaiki setiap galat (baris merah) di sel yang ditunjuk, lalu tekan Proses "
        f"Semua lagi. Peringatan perlu diperiksa tetapi tidak menghalangi pengiriman. Arti setiap temuan ada di "
        f"lembar {c.GLOSARIUM}.",
    ),
    (
        "p",
        "7. Tekan Ekspor ke Provinsi: berkas LKj_<KodeSatker>_<Tahun>.xlsx dibuat di folder yang sama; kirimkan "
        "berkas itu ke KPU Provinsi. Ekspor ditolak selama masih ada galat.",
    ),
    (
        "p",
        "8. Awal tahun berikutnya tekan Tahun Baru: workbook <nama workbook>_<Tahun+1>.xlsm dibuat di folder yang "
        "sama dengan PK, unit kerja dan Rencana Aksi terbawa, realisasi tahun ini masuk lembar Riwayat, dan Pagu "
        "kosong menunggu impor SAKTI tahun baru. Workbook tahun ini tidak diubah.",
    ),
    ("h", "Pengaturan di lembar Konfigurasi"),
    (
        "p",
        "Triwulan Pelaporan (1 sampai 4): triwulan terakhir yang dilaporkan; realisasi sampai triwulan ini yang "
        "dinilai.",
    ),
    (
        "p",
        "Bulan Pelaporan (1 sampai 12): bulan terakhir yang dinilai untuk Rencana Aksi; bila kosong dipakai bulan "
        "terakhir triwulan pelaporan.",
    ),
    (
        "p",
        "Skala kategori capaian (tabel di sebelah kanan Konfigurasi), bawaannya: " + _pita_kategori() + ". Setiap "
        "baris berarti lebih dari Batas Bawah sampai dengan Batas Atas; boleh diubah asal bersambung tanpa celah.",
    ),
    (
        "p",
        "Batas Capaian: capaian tertinggi yang dihitung untuk satu indikator, misalnya 120 berarti capaian di atas "
        "120% dicatat 120%. Kosong berarti tanpa batas.",
    ),
    (
        "p",
        "Metode Agregasi: cara menggabungkan capaian indikator menjadi capaian sasaran. Rata-rata = jumlah capaian "
        "dibagi banyaknya indikator. Geometrik = rata-rata ukur (akar pangkat n dari hasil kali capaian), lebih "
        "menurunkan nilai sasaran bila ada satu indikator yang rendah.",
    ),
    (
        "p",
        f"Basis Realisasi Anggaran ({' atau '.join(BASIS_REALISASI)}): dokumen yang menjadi dasar realisasi "
        "anggaran. SP2D = dana sudah dicairkan KPPN (dasar laporan SAKTI GLP039); SPP = baru diajukan.",
    ),
    ("p", "Versi Skema diisi oleh alat; jangan diubah."),
    ("h", "Tombol"),
    (
        "p",
        "Proses Semua menjalankan semuanya sekaligus. Hitung Capaian hanya menghitung capaian dan anggaran; "
        "Validasi hanya memeriksa isian dan menandai sel; Buat Narasi hanya menyusun narasi BAB III; Ekspor ke "
        "Provinsi membuat berkas kiriman.",
    ),
    ("h", "Cara mengetik"),
    (
        "p",
        "Sel kuning diisi; sel abu-abu berisi rumus, jangan ditimpa. Target dan realisasi diketik seperti di "
        "dokumen (95%, 99,52, 1 laporan, BB). Rupiah diketik sebagai angka bulat (26555194000). Lembar hasil "
        "dikunci agar tidak terketik dan ditulis ulang setiap proses.",
    ),
    (
        "p",
        f"Bila tombol tidak berjalan, hubungi petugas TI kantor; petunjuk teknis untuknya ada di lembar "
        f"{c.CATATAN_TEKNIS}. Setiap proses tercatat di lembar {c.LOG}.",
    ),
)

CATATAN_TEKNIS: Teks = (
    ("h", "Persyaratan komputer"),
    (
        "p",
        "Tombol memerlukan Python 3.11 atau lebih baru dan paket kinerja-xl (pip install kinerja-xl) di komputer "
        "ini, serta add-in xlwings. Di Excel, izinkan makro: File > Options > Trust Center > Trust Center Settings "
        "> Macro Settings, dan centang Trust access to the VBA project object model.",
    ),
    (
        "p",
        "Bila Python tidak ada di PATH, isi path lengkap pythonw.exe di lembar tersembunyi xlwings.conf, sel B1 "
        "(Interpreter_Win). Di macOS tombol berjalan, tetapi fungsi di sel tidak tersedia (batasan xlwings).",
    ),
    ("h", "Tanpa Excel: baris perintah"),
    (
        "p",
        "Semua tombol tersedia sebagai perintah kinerja-xl (Windows, macOS, Linux): kinerja-xl proses BERKAS, "
        "kinerja-xl validasi BERKAS, kinerja-xl ekspor BERKAS, kinerja-xl migrasi BERKAS untuk workbook dari "
        "template lama. kinerja-xl -h menampilkan bantuan setiap perintah. Setiap proses dari baris perintah juga "
        "dicatat di lembar Log.",
    ),
    ("h", "Fungsi di sel"),
    (
        "p",
        "Fungsi kinerja_xl dapat dipakai di rumus seperti fungsi Excel biasa: CAPAIAN(target; realisasi; "
        "[polaritas]; [batas]), KATEGORI(capaian), PENYERAPAN(pagu; realisasi), SISA(pagu; realisasi), "
        "TERBILANG(angka; [rupiah]), RUPIAH(angka), KODE_VALID(kode), KODE_INDUK(kode), TINGKAT_KODE(kode) dan "
        'JENIS_BELANJA(akun). Nilai yang tidak dapat dihitung menghasilkan alasan singkat, misalnya "kualitatif".',
    ),
    (
        "p",
        "Untuk banyak baris tulis SATU rumus untuk seluruh kolom agar Python dipanggil sekali. Microsoft 365 / "
        "Excel 2021: ketik di sel pertama, misalnya =PENYERAPAN(tblPagu[Pagu]; tblPagu[Realisasi]), lalu Enter; "
        "hasilnya tumpah ke bawah (dynamic array). Excel 2016/2019: blok dulu sel hasil sebanyak baris data, ketik "
        "rumus yang sama, lalu tekan Ctrl+Shift+Enter (rumus array).",
    ),
    ("h", "Berkas dan cadangan"),
    (
        "p",
        "Setiap simpan bersifat atomik dan menyimpan salinan sebelumnya sebagai BERKAS.bak di folder yang sama. "
        "Berkas yang sedang dibuka di Excel tidak ditimpa oleh baris perintah.",
    ),
)


def glosarium() -> list[tuple[str, str, str, str]]:
    """One row per kind of finding: (nama, tingkat, arti, saran) from the rule registry, galat first."""
    urut = {"galat": 0, "peringatan": 1, "info": 2}
    baris = [(j.nama, j.tingkat.value, j.deskripsi, j.saran) for j in Jenis]
    return sorted(baris, key=lambda b: urut[b[1]])


# Column widths that fit A4 portrait without scaling (92 units, about 535 points).
GLOSARIUM_KOLOM = (("Nama Temuan", 22), ("Tingkat", 10), ("Artinya", 34), ("Cara Memperbaiki", 26))
GLOSARIUM_TINGKAT: Teks = (
    (
        "p",
        "Galat: isian yang salah atau tidak dapat dibaca; ekspor ke provinsi ditolak sampai diperbaiki. "
        "Peringatan: perlu diperiksa, tidak menghalangi ekspor. Info: keterangan, tidak perlu tindakan.",
    ),
)
