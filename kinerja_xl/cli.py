"""The `kinerja-xl` command line: the headless door, one command per service.

Nothing is computed here: each command builds a FileGateway, calls the service
the matching Excel button calls, and reports. Exit codes: 0 done and clean,
1 done with galat (or refused), 2 could not run.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from lxml import etree
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table

from kinerja_xl import cli_bahasa
from kinerja_xl.domain.angka import format_persen, format_rupiah
from kinerja_xl.domain.sel import rekaman
from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.template import contract as c

cli_bahasa.pasang()  # click's own words (Usage, Options, errors) in Bahasa Indonesia

app = typer.Typer(
    name="kinerja-xl",
    help="Laporan Kinerja (LKj) KPU Kabupaten/Kota: hitung capaian, validasi, narasi, ekspor dan rekap.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
console = Console(stderr=False)
err = Console(stderr=True)

BERHASIL, ADA_GALAT, GAGAL = 0, 1, 2


def _cetak_versi(nilai: bool) -> None:
    if nilai:
        from kinerja_xl import __version__

        typer.echo(f"kinerja-xl {__version__}")
        raise typer.Exit(BERHASIL)


@app.callback()
def _utama(
    versi: bool = typer.Option(
        False, "--version", callback=_cetak_versi, is_eager=True, help="Tampilkan versi kinerja-xl lalu keluar."
    ),
) -> None:
    """Laporan Kinerja (LKj) KPU Kabupaten/Kota: hitung capaian, validasi, narasi, ekspor dan rekap."""


def _tulis_json(path: Path, data: dict[str, Any]) -> None:
    from kinerja_xl.gateway.berkas import tulis_teks_atomik

    tulis_teks_atomik(path, json.dumps(data, ensure_ascii=False, indent=2))


def _gateway(path: Path, progres: Callable[[str, float | None], None] | None = None, aksi: str | None = None):
    """The workbook behind the port; with ``aksi`` the run is recorded on the Log sheet when it saves."""
    from kinerja_xl import __version__
    from kinerja_xl.gateway.file import FileGateway

    if not path.exists():
        raise KinerjaError(f"Berkas '{path}' tidak ditemukan.")
    gw = FileGateway(path, progres=progres)
    if aksi:
        gw.catat_log(
            aksi,
            f"{aksi} dijalankan dari baris perintah; hasil disimpan.",
            f"baris perintah kinerja-xl, kinerja_xl {__version__}",
        )
    return gw


def _pesan_tak_terduga(e: BaseException) -> str:
    if isinstance(e, MemoryError):
        return "Memori tidak cukup untuk menyelesaikan perintah ini; berkas tidak diubah."
    if isinstance(e, KeyboardInterrupt):
        return "Dibatalkan oleh pengguna; berkas tidak diubah."
    if isinstance(e, OSError):
        return f"Berkas atau folder tidak dapat diakses ({e.strerror or e}); berkas tidak diubah."
    if isinstance(e, (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, UnicodeError)):
        return (
            "Isi berkas rusak (bagian XML atau data terkompresi tidak terbaca); berkas tidak diubah. "
            "Buka dan simpan ulang berkas di Excel, lalu ulangi."
        )
    return (
        f"Terjadi galat yang tidak terduga ({e}); berkas tidak diubah. "
        "Laporkan pesan ini beserta berkasnya kepada pengelola kinerja_xl."
    )


def _jalankan(fungsi: Callable[[], int], berkas: Path | None = None, perintah: str = "kinerja-xl") -> None:
    """Run a command body; any failure other than findings is one Indonesian line and exit 2, never 1.

    With ``berkas`` the whole run (read to save) holds the workbook's lock, so two runs on one
    file never interleave; a second run waits a few seconds, then names the holder.
    """
    from contextlib import nullcontext

    from kinerja_xl.gateway.berkas import kunci

    try:
        dikunci = berkas is not None and berkas.is_file()
        with kunci(berkas, perintah) if dikunci else nullcontext():
            code = fungsi()
    except typer.Exit:
        raise
    except KinerjaError as e:
        err.print(f"[bold red]Gagal:[/] {escape(str(e))}", highlight=False)
        raise typer.Exit(GAGAL) from None
    except (Exception, KeyboardInterrupt) as e:  # the last line of defence: never a traceback, never exit 1
        err.print(f"[bold red]Gagal:[/] {escape(_pesan_tak_terduga(e))}", highlight=False)
        raise typer.Exit(GAGAL) from None
    raise typer.Exit(code)


def _ringkas_temuan(ringkasan: dict[str, int]) -> str:
    return f"{ringkasan['galat']} galat, {ringkasan['peringatan']} peringatan, {ringkasan['info']} info"


_MAKS_BARIS_LAYAR = 40


def _tabel_sasaran(hasil) -> Table:
    """Capaian per sasaran for the terminal; a large satker shows its first rows only
    (the full table is the Capaian sheet)."""
    semua = rekaman(hasil.satker.capaian.sasaran)
    lain = len(semua) - _MAKS_BARIS_LAYAR
    judul = "Capaian per sasaran" + (f" ({_MAKS_BARIS_LAYAR} pertama dari {len(semua)})" if lain > 0 else "")
    t = Table(
        title=judul,
        show_lines=False,
        caption=f"... dan {lain} sasaran lain di lembar {c.CAPAIAN}." if lain > 0 else None,
    )
    for h in ("Kode Sasaran", "Capaian", "Kategori", "Indikator (dihitung/jumlah)"):
        t.add_column(h)
    for r in semua[:_MAKS_BARIS_LAYAR]:
        t.add_row(
            str(r["kode"]),
            format_persen(r["capaian"]),
            str(r["kategori"] or "-"),
            f"{r['jumlah_dihitung']}/{r['jumlah_indikator']}",
        )
    return t


def _cetak_anggaran(hasil) -> None:
    tot = hasil.anggaran.total
    console.print(
        f"Pagu {format_rupiah(int(tot['pagu']))}, realisasi {format_rupiah(int(tot['realisasi']))}, "
        f"penyerapan {format_persen(tot.get('penyerapan'))}"
    )


@app.command()
def hitung(
    berkas: Path = typer.Argument(..., help="Berkas workbook LKj (.xlsm/.xlsx)."),
    json_out: Path | None = typer.Option(None, "--json", help="Tulis hasil juga sebagai JSON ke berkas ini."),
) -> None:
    """Hitung capaian per indikator dan per sasaran serta rekap anggaran; tulis lembar Capaian dan Anggaran."""
    from kinerja_xl.gateway.base import satu_kerja
    from kinerja_xl.services.hitung import hitung as hitung_service

    def body() -> int:
        with satu_kerja(_gateway(berkas, aksi="Hitung Capaian")) as gw:
            hasil = hitung_service(gw)
        if json_out:
            _tulis_json(json_out, hasil.as_json())
        console.print(_tabel_sasaran(hasil))
        _cetak_anggaran(hasil)
        if hasil.ada_galat:
            galat = sum(1 for t in hasil.temuan if t.galat)
            err.print(
                f"Selesai dengan {galat} galat isian; jalankan 'kinerja-xl validasi "
                f"{berkas}' dan lihat lembar {c.VALIDASI}.",
                highlight=False,
                markup=False,
            )
            return ADA_GALAT
        return BERHASIL

    _jalankan(body, berkas, "hitung")


@app.command()
def validasi(
    berkas: Path = typer.Argument(..., help="Berkas workbook LKj (.xlsm/.xlsx)."),
    json_out: Path | None = typer.Option(None, "--json", help="Tulis laporan validasi juga sebagai JSON."),
) -> None:
    """Periksa semua isian (kode, jumlah, target, realisasi, konfigurasi); tulis lembar Validasi dan tandai sel."""
    from kinerja_xl.gateway.base import satu_kerja
    from kinerja_xl.services.validasi import validasi as validasi_service

    def body() -> int:
        with satu_kerja(_gateway(berkas, aksi="Validasi")) as gw:
            lap = validasi_service(gw)
        if json_out:
            _tulis_json(json_out, lap.as_json())
        for t in lap.temuan[:30]:
            if t.tingkat.value != "info":
                console.print(f"[{t.tingkat.value}] {t.lokasi.lembar}!{t.lokasi.sel} {t.pesan}")
        if len(lap.temuan) > 30:
            console.print(f"... dan {len(lap.temuan) - 30} temuan lain di lembar Validasi.")
        console.print(f"Validasi: {_ringkas_temuan(lap.ringkasan)}.")
        return ADA_GALAT if lap.ada_galat else BERHASIL

    _jalankan(body, berkas, "validasi")


@app.command()
def aturan(
    sebagai_json: bool = typer.Option(False, "--json", help="Cetak daftar aturan sebagai JSON."),
) -> None:
    """Daftar semua jenis temuan yang diperiksa: tingkat, nama, uraian dan saran perbaikannya."""
    from kinerja_xl.domain.aturan import katalog

    def body() -> int:
        daftar = katalog()
        if sebagai_json:
            typer.echo(json.dumps(daftar, ensure_ascii=False, indent=2))
            return BERHASIL
        t = Table(title="Aturan pemeriksaan", show_lines=False)
        for h in ("Jenis", "Tingkat", "Nama", "Saran"):
            t.add_column(h)
        for a in daftar:
            t.add_row(a["jenis"], a["tingkat"], a["nama"], a["saran"])
        console.print(t)
        return BERHASIL

    _jalankan(body)


@app.command()
def narasi(
    berkas: Path = typer.Argument(..., help="Berkas workbook LKj (.xlsm/.xlsx)."),
    docx: Path | None = typer.Option(None, "--docx", help="Tulis juga dokumen Word (.docx) ke berkas ini."),
) -> None:
    """Susun narasi LKj (Ikhtisar, BAB III A dan B) dari angka yang dihitung; tulis lembar Narasi."""
    from kinerja_xl.gateway.base import satu_kerja
    from kinerja_xl.services.narasi import narasi as narasi_service

    def body() -> int:
        with satu_kerja(_gateway(berkas, aksi="Buat Narasi")) as gw:
            narasi_service(gw, docx=docx)
        console.print(f"Narasi ditulis ke lembar {c.NARASI} pada {berkas}" + (f" dan {docx}" if docx else "") + ".")
        return BERHASIL

    _jalankan(body, berkas, "narasi")


def _proses_berkas(berkas: Path):
    from kinerja_xl.gateway.base import satu_kerja
    from kinerja_xl.services.proses import proses as proses_service

    if console.is_terminal:
        with Progress(TextColumn("{task.description}"), BarColumn(), console=console, transient=True) as bar:
            task = bar.add_task("Memproses", total=1.0)

            def lapor(pesan: str, fraksi: float | None) -> None:
                bar.update(task, description=pesan, **({"completed": fraksi} if fraksi is not None else {}))

            with satu_kerja(_gateway(berkas, lapor, aksi="Proses Semua")) as gw:
                return proses_service(gw)
    with satu_kerja(_gateway(berkas, aksi="Proses Semua")) as gw:
        return proses_service(gw)


@app.command()
def proses(berkas: Path = typer.Argument(..., help="Berkas workbook LKj (.xlsm/.xlsx).")) -> None:
    """Jalankan semua langkah: hitung, validasi, narasi dan ringkasan, dalam satu kali simpan."""

    def body() -> int:
        hasil = _proses_berkas(berkas)
        console.print(_tabel_sasaran(hasil.hasil))
        _cetak_anggaran(hasil.hasil)
        console.print(f"Validasi: {_ringkas_temuan(hasil.laporan.ringkasan)}. Hasil disimpan di {berkas}.")
        return ADA_GALAT if hasil.ada_galat else BERHASIL

    _jalankan(body, berkas, "proses")


@app.command()
def template(
    path: Path = typer.Argument(Path("workbook/Template_LKj.xlsm"), help="Lokasi berkas template yang dibuat."),
) -> None:
    """Bangun ulang Template_LKj.xlsm dari sumbernya (lembar, tabel, VBA dan tombol)."""
    from kinerja_xl.template.build import bangun_template

    def body() -> int:
        hasil = bangun_template(path)
        console.print(f"Template dibuat: {hasil}")
        return BERHASIL

    _jalankan(body)


@app.command()
def migrasi(berkas: Path = typer.Argument(..., help="Berkas workbook LKj yang dibuat dengan template lama.")) -> None:
    """Pindahkan isian workbook ke template terbaru (lembar, tabel, VBA dan tombol baru).

    Berkas lama disimpan sebagai .bak."""
    from kinerja_xl.api import migrasi as migrasi_service

    def body() -> int:
        if not berkas.exists():
            raise KinerjaError(f"Berkas '{berkas}' tidak ditemukan.")
        hasil = migrasi_service(berkas, template_bawaan())
        if hasil.terbaru:
            console.print(f"Workbook sudah versi terbaru (skema {hasil.versi_baru}); tidak ada yang diubah.")
            return BERHASIL
        salinan = ", ".join(f"{n} {b} baris" for n, b in hasil.baris.items())
        console.print(
            f"Workbook dipindahkan dari skema {hasil.versi_lama or '(tanpa versi)'} ke skema {hasil.versi_baru}: "
            f"{salinan}."
        )
        if hasil.dilewati:
            console.print(f"Tabel baru berisi nilai bawaan template: {', '.join(hasil.dilewati)}.")
        console.print(f"Berkas lama disimpan sebagai {berkas.name}.bak. Jalankan 'kinerja-xl proses {berkas}'.")
        return BERHASIL

    _jalankan(body, berkas, "migrasi")


@app.command()
def impor(
    berkas: Path = typer.Argument(..., help="Berkas workbook LKj (.xlsm/.xlsx) yang lembar Pagu-nya diisi."),
    sumber: list[Path] = typer.Argument(
        ..., metavar="SUMBER", help="Satu atau beberapa ekspor SAKTI: GLP039 (xlsx/CSV), MonSAKTI Detail (CSV)."
    ),
    ganti: bool = typer.Option(
        False, "--ganti", help="Ganti isi lembar Pagu yang sudah diketik (baris lama tetap di .bak)."
    ),
    json_out: Path | None = typer.Option(None, "--json", help="Tulis ringkasan impor sebagai JSON ke berkas ini."),
) -> None:
    """Isi lembar Pagu, Referensi dan Konfigurasi dari ekspor SAKTI satker sendiri (GLP039, MonSAKTI Detail)."""
    from kinerja_xl.domain.sakti import RekonsiliasiGagal
    from kinerja_xl.gateway.base import satu_kerja
    from kinerja_xl.gateway.sakti import baca_baris
    from kinerja_xl.services.impor import baca_semua, json_sumber
    from kinerja_xl.services.impor import impor as impor_service

    def body() -> int:
        gw = _gateway(berkas, aksi="Impor dari SAKTI")
        baris = [(p.name, baca_baris(p)) for p in sumber]
        try:
            with satu_kerja(gw):
                hasil = impor_service(gw, baris, ganti=ganti)
        except RekonsiliasiGagal as e:
            if json_out:
                _tulis_json(
                    json_out,
                    {
                        "sumber": json_sumber(baca_semua(baris)),
                        "baris_akun": 0,
                        "baris_induk": 0,
                        "total": {"pagu": 0, "realisasi": 0},
                        "rekonsiliasi": e.selisih,
                        "referensi_baru": 0,
                        "baris_diganti": 0,
                    },
                )
            err.print(f"Tidak cocok: {e}", markup=False)
            return ADA_GALAT
        if json_out:
            _tulis_json(json_out, hasil.as_json())
        for t in hasil.temuan:
            console.print(f"[{t.tingkat.value}] {t.pesan}", markup=False)
        console.print(hasil.pesan(), markup=False)
        return BERHASIL

    _jalankan(body)


def template_bawaan() -> Path:
    """The repository's committed template; an installed package builds its own once, per user.

    The build is deterministic, so the built copy equals the committed file. The copy is
    cached in the user's own private cache folder, never in a shared temporary folder where
    another user could plant a workbook with macros.
    """
    repo = Path(__file__).resolve().parents[1] / "workbook" / "Template_LKj.xlsm"
    if repo.exists():
        return repo
    from kinerja_xl.template.build import bangun_template

    # keyed by the schema too: a template cached by a build of another schema must not be reused
    cache = folder_cache() / f"Template_LKj_skema{c.VERSI_SKEMA}.xlsm"
    if not cache.exists():
        import tempfile

        from kinerja_xl.gateway.berkas import tulis_atomik

        with tempfile.TemporaryDirectory(dir=cache.parent) as tmp:  # the builder wants an .xlsm name
            sementara = Path(tmp) / cache.name
            bangun_template(sementara)
            tulis_atomik(cache, lambda t: shutil.copyfile(sementara, t), kunci_target=False)
    return cache


def folder_cache() -> Path:
    """kinerja_xl's per-user cache folder for this version: created private (0700), refused if others can write it."""
    from kinerja_xl import __version__

    if os.name == "nt":
        dasar = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        dasar = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = dasar / "kinerja_xl" / __version__
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name != "nt":
        st = folder.stat()
        if st.st_uid != os.getuid() or st.st_mode & 0o022:
            raise KinerjaError(f"Folder cache {folder} dapat ditulis pengguna lain; hapus folder itu lalu ulangi.")
    return folder


def isi_workbook(tujuan: Path, tabel: dict[str, Any]) -> Path:
    """Copy the template to ``tujuan`` and fill its input tables (demo, tests, benchmarks)."""
    from kinerja_xl.gateway.file import FileGateway

    tujuan.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template_bawaan(), tujuan)
    gw = FileGateway(tujuan)
    for spec in c.INPUT_TABLES:
        if spec.name in tabel:
            gw.tulis_tabel(spec, _sebagai_diketik(spec, tabel[spec.name]))
    gw.simpan()
    bak = tujuan.with_name(tujuan.name + ".bak")
    if bak.exists():
        bak.unlink()
    return tujuan


_TEKS_PAGU = {"Kode", "Uraian", "Satuan Volume"}


def _sebagai_diketik(spec: c.TableSpec, df: Any) -> Any:
    """Amounts as Excel stores what staff type: plain digits in a Pagu cell become a number.

    Text such as "27.404.000" stays text (pasted from another document), so the
    engine meets both forms, as it does in the field.
    """
    if spec is not c.PAGU_TABLE:
        return df
    df = df.copy()
    for kolom in df.columns:
        if kolom in _TEKS_PAGU:
            continue
        df[kolom] = [int(v) if isinstance(v, str) and v.isdigit() else v for v in df[kolom]]
    return df


def _demo_lkj(workbook: Path) -> None:
    """The sample's LKj beside the workbook: Word, and PDF where LibreOffice is installed."""
    from kinerja_xl.gateway.file import FileGateway
    from kinerja_xl.libreoffice import cari_soffice
    from kinerja_xl.services.dokumen import dokumen_lkj, nama_bawaan

    pdf = nama_bawaan(workbook, "pdf") if cari_soffice() else None
    dok = dokumen_lkj(FileGateway(workbook), docx=nama_bawaan(workbook, "docx"), pdf=pdf)
    console.print(
        f"LKj contoh: {dok.docx.resolve()}" + (f" dan {dok.pdf.resolve()}" if dok.pdf else " (PDF: pasang LibreOffice)")
    )
    _demo_dokumen_tahun(workbook, pdf is not None)


def _demo_dokumen_tahun(workbook: Path, ada_pdf: bool) -> None:
    """The sample's RKT and Laporan Tahunan beside its LKj."""
    from kinerja_xl.gateway.file import FileGateway
    from kinerja_xl.services import dokumen_rkt, dokumen_tahunan
    from kinerja_xl.services.dokumen import nama_bawaan

    def rkt(**kw: Any) -> Any:
        return dokumen_rkt.dokumen_rkt(**kw)[0]  # its findings are on the Validasi sheet already

    for nama, akhiran, tulis in (
        ("RKT", dokumen_rkt.AKHIRAN, rkt),
        ("Laporan Tahunan", dokumen_tahunan.AKHIRAN, dokumen_tahunan.dokumen_tahunan),
    ):
        pdf = nama_bawaan(workbook, "pdf", akhiran) if ada_pdf else None
        dok = tulis(gateway=FileGateway(workbook), docx=nama_bawaan(workbook, "docx", akhiran), pdf=pdf)
        console.print(f"{nama} contoh: {dok.docx.resolve()}" + (f" dan {dok.pdf.resolve()}" if dok.pdf else ""))


@app.command()
def demo(folder: Path = typer.Argument(Path("demo"), help="Folder tujuan berkas contoh.")) -> None:
    """Buat workbook contoh 'KPU Kota Contoh', impor anggarannya dari ekspor SAKTI contoh, lalu jalankan proses."""
    from kinerja_xl.contoh import satker_contoh
    from kinerja_xl.gateway.file import FileGateway

    def body() -> int:
        from kinerja_xl.contoh_sakti import berkas_contoh
        from kinerja_xl.gateway.base import satu_kerja
        from kinerja_xl.services.impor import impor_berkas

        data = satker_contoh()
        data.pop(c.PAGU_TABLE.name)  # Pagu is filled the normal way: from the satker's own SAKTI exports
        tujuan = folder / "LKj_KPU_Kota_Contoh.xlsm"
        isi_workbook(tujuan, data)
        with satu_kerja(FileGateway(tujuan)) as gw:
            impor = impor_berkas(gw, berkas_contoh())
        tujuan.with_name(tujuan.name + ".bak").unlink(missing_ok=True)
        console.print(f"Workbook contoh dibuat: {tujuan}")
        console.print(impor.pesan(), markup=False)
        hasil = _proses_berkas(tujuan)
        console.print(_tabel_sasaran(hasil.hasil))
        _cetak_anggaran(hasil.hasil)
        console.print(
            f"Validasi: {_ringkas_temuan(hasil.laporan.ringkasan)} (data contoh sengaja memuat beberapa galat isian; "
            f"lihat lembar {c.VALIDASI})."
        )
        console.print(f"Hasil: {tujuan.resolve()}")
        _demo_lkj(tujuan)
        return BERHASIL

    _jalankan(body)


from kinerja_xl import cli_provinsi  # noqa: E402  (registers ekspor, periksa, rekap, kunci)

cli_provinsi.daftarkan(app)

from kinerja_xl import cli_dokumen  # noqa: E402  (registers `dokumen lkj`)

cli_dokumen.daftarkan(app)


def main() -> None:  # pragma: no cover - console script shim
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
