"""Commands for sending to and consolidating at the KPU Provinsi.

`daftarkan(app)` registers: ekspor, periksa, rekap and `kunci buat`. Like every
command, each one only parses arguments, calls the service and reports.
Exit codes: ekspor 0 written / 1 refused (galat) / 2 could not run; periksa 0
intact / 1 edited / 2 not an export; rekap 0 all accepted / 1 some rejected / 2
nothing usable.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from kinerja_xl.domain import kanonik
from kinerja_xl.domain.temuan import KinerjaError


def _kunci(path: Optional[Path]) -> bytes | None:
    if path is None:
        return None
    if not path.is_file():
        raise KinerjaError(f"Berkas kunci '{path}' tidak ditemukan.")
    return kanonik.baca_kunci(path.read_bytes())


def daftarkan(app: typer.Typer) -> None:
    """Register the provincial commands on the main `kinerja-xl` app."""
    from kinerja_xl.cli import _jalankan, _tulis_json

    @app.command()
    def ekspor(
        berkas: Path = typer.Argument(..., help="Workbook LKj (.xlsm/.xlsx) yang akan dikirim ke provinsi."),
        ke: Optional[Path] = typer.Option(None, "--ke", help="Folder tujuan (bawaan: folder workbook)."),
        paksa: Optional[str] = typer.Option(None, "--paksa", help="Ekspor meskipun ada galat; isi dengan alasannya (dicatat di berkas)."),
        kunci: Optional[Path] = typer.Option(None, "--kunci", help="Berkas kunci dari provinsi: tandatangani ekspor (HMAC-SHA256)."),
        pdf: bool = typer.Option(False, "--pdf", help="Cetak juga lembar Ringkasan, Capaian, Anggaran dan Narasi ke PDF (LibreOffice)."),
    ) -> None:
        """Buat LKj_<KodeSatker>_<Tahun>.xlsx tanpa makro untuk dikirim ke KPU Provinsi."""
        from kinerja_xl.gateway.file import FileGateway
        from kinerja_xl.services.ekspor import EksporDitolak, ekspor as ekspor_service

        def body() -> int:
            if not berkas.exists():
                raise KinerjaError(f"Berkas '{berkas}' tidak ditemukan.")
            try:
                hasil = ekspor_service(FileGateway(berkas), ke, paksa=paksa, kunci=_kunci(kunci), pdf=pdf)
            except EksporDitolak as e:
                typer.echo(str(e), err=True)
                return 1
            typer.echo(hasil.pesan())
            return 0

        _jalankan(body, berkas, "ekspor")

    @app.command()
    def periksa(
        berkas: Path = typer.Argument(..., help="Berkas ekspor LKj_*.xlsx."),
        kunci: Optional[Path] = typer.Option(None, "--kunci", help="Berkas kunci provinsi: periksa juga tanda tangan HMAC-SHA256."),
        json_out: Optional[Path] = typer.Option(None, "--json", help="Tulis hasil pemeriksaan sebagai JSON."),
    ) -> None:
        """Periksa apakah berkas ekspor masih utuh atau diubah setelah ekspor, dan di mana."""
        from kinerja_xl.services.periksa import periksa as periksa_service

        def body() -> int:
            hasil = periksa_service(berkas, _kunci(kunci))
            typer.echo(hasil.pesan())
            if json_out is not None:
                _tulis_json(json_out, hasil.as_json())
            return hasil.kode_keluar

        _jalankan(body)

    @app.command()
    def rekap(
        sumber: list[Path] = typer.Argument(..., help="Folder berisi berkas ekspor, atau berkas-berkasnya."),
        keluar: Path = typer.Option(..., "--keluar", help="Berkas rekap (Rekap_<Provinsi>_<Tahun>.xlsx) atau folder tujuannya."),
        json_out: Optional[Path] = typer.Option(None, "--json", help="Tulis ringkasan rekap sebagai JSON."),
        csv_dir: Optional[Path] = typer.Option(None, "--csv", help="Folder untuk tabel panjang CSV (indikator, anggaran, satker, ditolak)."),
        kunci: Optional[Path] = typer.Option(None, "--kunci", help="Berkas kunci provinsi: hanya terima ekspor yang ditandatangani dengannya."),
        pekerja: Optional[int] = typer.Option(None, "--pekerja", help="Jumlah proses pembaca (bawaan: jumlah inti CPU)."),
        hitung_ulang: bool = typer.Option(False, "--hitung-ulang", help="Hitung ulang seluruh angka tiap berkas dengan mesin (lebih lambat)."),
    ) -> None:
        """Gabungkan ekspor LKj kab/kota menjadi rekap provinsi; berkas yang rusak dicatat alasannya."""
        from kinerja_xl.services.rekap import rekap as rekap_service

        def body() -> int:
            hasil = rekap_service(sumber, keluar, json_out=json_out, csv_dir=csv_dir, kunci=_kunci(kunci),
                                  pekerja=pekerja, hitung_ulang=hitung_ulang)
            typer.echo(hasil.pesan())
            if kunci is None:
                typer.echo("Pemeriksaan memakai SHA-256 (perubahan tidak sengaja); tanpa --kunci keaslian berkas tidak dibuktikan.")
            else:
                typer.echo("Setiap berkas yang diterima ditandatangani sah dengan kunci provinsi (HMAC-SHA256).")
            return hasil.kode_keluar

        _jalankan(body)

    kunci_app = typer.Typer(help="Kunci provinsi untuk menandatangani dan memeriksa ekspor.", no_args_is_help=True)

    @kunci_app.command("buat")
    def kunci_buat(
        keluar: Path = typer.Argument(Path("kunci_provinsi.key"), help="Berkas kunci yang dibuat."),
        timpa: bool = typer.Option(False, "--timpa", help="Timpa berkas kunci yang sudah ada."),
    ) -> None:
        """Buat kunci rahasia provinsi (bagikan hanya kepada satker; simpan baik-baik)."""

        def body() -> int:
            if keluar.exists() and not timpa:
                raise KinerjaError(f"Berkas '{keluar}' sudah ada; gunakan --timpa untuk menggantinya (ekspor lama tidak dapat diperiksa dengan kunci baru).")
            k = kanonik.buat_kunci()
            keluar.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(keluar, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(kanonik.teks_kunci(k))
            typer.echo(f"Kunci dibuat: {keluar} (sidik {kanonik.sidik_kunci(k)}). Berikan kepada satker untuk 'kinerja-xl ekspor --kunci'.")
            return 0

        _jalankan(body)

    app.add_typer(kunci_app, name="kunci")
