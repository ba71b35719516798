"""Commands for sending to and consolidating at the KPU Provinsi.

`daftarkan(app)` registers: ekspor, periksa, rekap and `kunci buat`. Like every
command, each one only parses arguments, calls the service and reports.
Exit codes: ekspor 0 written / 1 refused (galat) / 2 could not run; periksa 0
intact / 1 edited / 2 not an export; rekap 0 all accepted / 1 some rejected / 2
nothing usable.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from kinerja_xl.domain import kanonik
from kinerja_xl.domain.temuan import KinerjaError


def _kunci(path: Path | None):
    """The satker's private key for signing; asks for the passphrase when the file is encrypted."""
    from kinerja_xl.gateway.paket_ekspor import baca_berkas_kunci

    if path is None:
        return None
    return baca_berkas_kunci(path, lambda: typer.prompt("Sandi kunci satker", hide_input=True))


def _daftar(path: Path | None, cetak: bool = False):
    """The province's key registry (UTF-8 CSV); its malformed lines are printed, the rest used."""
    from kinerja_xl.domain.daftar_kunci import baca_daftar_kunci

    if path is None:
        return None
    if not path.is_file():
        raise KinerjaError(f"Daftar kunci '{path}' tidak ditemukan.")
    try:
        teks = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise KinerjaError(f"Daftar kunci '{path}' bukan teks UTF-8; simpan ulang sebagai CSV UTF-8.") from None
    daftar = baca_daftar_kunci(teks, path.name)
    for catatan in daftar.catatan if cetak else ():
        typer.echo(catatan, err=True)
    return daftar


def _daftar_satker(path: Path | None) -> list[tuple[str, str]] | None:
    """The province's satker list (CSV kode_satker,nama_satker) for `rekap --daftar`; None when not given."""
    from kinerja_xl.services.rekap import baca_daftar_satker

    if path is None:
        return None
    if not path.is_file():
        raise KinerjaError(f"Daftar satker '{path}' tidak ditemukan.")
    return baca_daftar_satker(path.read_text(encoding="utf-8-sig"), path.name)


def _cetak_cakupan_bukti(daftar_kunci: Path | None) -> None:
    """Tell what the rekap's acceptance proves: unchanged content only, or also a registered signer."""
    if daftar_kunci is None:
        typer.echo(
            "Pemeriksaan memakai SHA-256 (perubahan setelah ekspor); tanpa --daftar-kunci tidak dibuktikan "
            "satker mana yang membuat berkas."
        )
    else:
        typer.echo("Setiap berkas yang diterima ditandatangani sah dengan kunci terdaftar milik satkernya (Ed25519).")


@contextmanager
def _bilah_progres() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on a terminal while the exports are read; nothing when output is redirected."""
    import sys

    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        tugas = bar.add_task("Membaca berkas ekspor", total=None)
        yield lambda selesai, jumlah: bar.update(tugas, completed=selesai, total=jumlah)


def daftarkan(app: typer.Typer) -> None:
    """Register the provincial commands on the main `kinerja-xl` app."""
    from kinerja_xl.cli import _jalankan, _tulis_json

    @app.command()
    def ekspor(
        berkas: Path = typer.Argument(..., help="Workbook LKj (.xlsm/.xlsx) yang akan dikirim ke provinsi."),
        ke: Path | None = typer.Option(None, "--ke", help="Folder tujuan (bawaan: folder workbook)."),
        paksa: str | None = typer.Option(
            None, "--paksa", help="Ekspor meskipun ada galat; isi dengan alasannya (dicatat di berkas)."
        ),
        kunci: Path | None = typer.Option(
            None,
            "--kunci",
            help="Kunci pribadi satker (dari 'kunci buat --satker'): tandatangani seluruh berkas ekspor (Ed25519).",
        ),
        pdf: bool = typer.Option(
            False,
            "--pdf",
            help="Cetak juga satu PDF: dokumen LKj, lalu lembar Ringkasan, Capaian, Anggaran dan Narasi (LibreOffice).",
        ),
    ) -> None:
        """Buat LKj_<KodeSatker>_<Tahun>.xlsx tanpa makro untuk dikirim ke KPU Provinsi."""
        from kinerja_xl.gateway.file import FileGateway
        from kinerja_xl.services.ekspor import EksporDitolak
        from kinerja_xl.services.ekspor import ekspor as ekspor_service

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
        daftar_kunci: Path | None = typer.Option(
            None, "--daftar-kunci", help="Daftar kunci publik satker (CSV): periksa juga siapa yang menandatangani."
        ),
        json_out: Path | None = typer.Option(None, "--json", help="Tulis hasil pemeriksaan sebagai JSON."),
    ) -> None:
        """Periksa apakah berkas ekspor masih utuh atau diubah setelah ekspor, dan di mana."""
        from kinerja_xl.gateway.ekspor_xlsx import EksporXlsx
        from kinerja_xl.services.periksa import periksa as periksa_service

        def body() -> int:
            hasil = periksa_service(EksporXlsx(berkas), _daftar(daftar_kunci))
            typer.echo(hasil.pesan())
            if json_out is not None:
                _tulis_json(json_out, hasil.as_json())
            return hasil.kode_keluar

        _jalankan(body)

    @app.command()
    def rekap(
        sumber: list[Path] = typer.Argument(..., help="Folder berisi berkas ekspor, atau berkas-berkasnya."),
        keluar: Path = typer.Option(
            ..., "--keluar", help="Berkas rekap (Rekap_<Provinsi>_<Tahun>.xlsx) atau folder tujuannya."
        ),
        json_out: Path | None = typer.Option(None, "--json", help="Tulis ringkasan rekap sebagai JSON."),
        csv_dir: Path | None = typer.Option(
            None, "--csv", help="Folder untuk tabel panjang CSV (indikator, anggaran, satker, ditolak)."
        ),
        daftar_kunci: Path | None = typer.Option(
            None, "--daftar-kunci", help="Daftar kunci publik satker (CSV): hanya terima ekspor bertanda tangan sah."
        ),
        pekerja: int | None = typer.Option(None, "--pekerja", help="Jumlah proses pembaca (bawaan: jumlah inti CPU)."),
        hitung_ulang: bool = typer.Option(
            False, "--hitung-ulang", help="Hitung ulang seluruh angka tiap berkas dengan mesin (lebih lambat)."
        ),
        daftar: Path | None = typer.Option(
            None, "--daftar", help="Daftar satker provinsi (CSV kode_satker,nama_satker): catat yang belum mengirim."
        ),
        provinsi: str | None = typer.Option(
            None,
            "--provinsi",
            help="Nama provinsi rekap (bawaan: provinsi terbanyak di berkas); berkas provinsi lain ditolak.",
        ),
        csv_excel: Path | None = typer.Option(
            None,
            "--csv-excel",
            help="Folder untuk CSV yang sama dengan pemisah ';' dan koma desimal (Excel Indonesia).",
        ),
    ) -> None:
        """Gabungkan ekspor LKj kab/kota menjadi rekap provinsi; berkas yang rusak dicatat alasannya."""
        from kinerja_xl.gateway.ekspor_xlsx import KumpulanXlsx
        from kinerja_xl.services.rekap import rekap as rekap_service

        def body() -> int:
            satker = _daftar_satker(daftar)
            with _bilah_progres() as progres:
                hasil = rekap_service(
                    KumpulanXlsx(sumber),
                    keluar,
                    json_out=json_out,
                    csv_dir=csv_dir,
                    daftar_kunci=_daftar(daftar_kunci, cetak=True),
                    pekerja=pekerja,
                    hitung_ulang=hitung_ulang,
                    provinsi=provinsi,
                    daftar_satker=satker,
                    csv_excel=csv_excel,
                    progres=progres,
                )
            typer.echo(hasil.pesan())
            _cetak_cakupan_bukti(daftar_kunci)
            return hasil.kode_keluar

        _jalankan(body)

    kunci_app = typer.Typer(help="Kunci satker untuk menandatangani ekspor.", no_args_is_help=True)

    @kunci_app.command("buat")
    def kunci_buat(
        keluar: Path = typer.Argument(..., help="Berkas kunci pribadi satker yang dibuat (PEM)."),
        satker: str = typer.Option(..., "--satker", help="Kode Satker pemilik kunci."),
        nama: str = typer.Option("", "--nama", help="Nama Satker untuk baris daftar kunci provinsi."),
        sandi: bool = typer.Option(False, "--sandi", help="Lindungi kunci pribadi dengan sandi (ditanyakan)."),
        timpa: bool = typer.Option(False, "--timpa", help="Timpa berkas kunci yang sudah ada."),
    ) -> None:
        """Buat kunci pribadi satker; cetak baris KODE,NAMA,KUNCI_PUBLIK untuk daftar kunci provinsi."""

        def body() -> int:
            if not satker.strip():
                raise KinerjaError("--satker harus berisi Kode Satker.")
            if keluar.exists() and not timpa:
                raise KinerjaError(f"Berkas '{keluar}' sudah ada; gunakan --timpa untuk menggantinya.")
            teks_sandi = typer.prompt("Sandi kunci", hide_input=True, confirmation_prompt=True) if sandi else ""
            if sandi and not teks_sandi:
                raise KinerjaError("Sandi tidak boleh kosong.")
            k = kanonik.buat_kunci()
            keluar.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(keluar, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(kanonik.pem_kunci(k, teks_sandi.encode("utf-8") if teks_sandi else None))
            import csv
            import io

            baris = io.StringIO()
            csv.writer(baris, lineterminator="").writerow([satker.strip(), nama.strip(), kanonik.kunci_publik(k)])
            typer.echo(baris.getvalue())
            typer.echo(
                f"Kunci pribadi disimpan di {keluar}; jangan dibagikan. Kirim baris di atas ke KPU Provinsi "
                "untuk daftar kuncinya.",
                err=True,
            )
            return 0

        _jalankan(body)

    app.add_typer(kunci_app, name="kunci")
