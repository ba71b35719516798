"""The `kinerja-xl` command line: the headless door, one command per service.

Nothing is computed here: each command builds a FileGateway, calls the service
the matching Excel button calls, and reports. Exit codes: 0 done and clean,
1 done with galat (or refused), 2 could not run.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any, Callable, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table

from kinerja_xl.domain.angka import format_persen, format_rupiah
from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.template import contract as c
from kinerja_xl.domain.sel import rekaman

app = typer.Typer(
    name="kinerja-xl",
    help="Laporan Kinerja (LKj) KPU Kabupaten/Kota: hitung capaian, validasi, narasi, ekspor dan rekap.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
console = Console(stderr=False)
err = Console(stderr=True)

BERHASIL, ADA_GALAT, GAGAL = 0, 1, 2


def _tulis_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _gateway(path: Path, progres: Callable[[str, float | None], None] | None = None):
    from kinerja_xl.gateway.file import FileGateway

    if not path.exists():
        raise KinerjaError(f"Berkas '{path}' tidak ditemukan.")
    return FileGateway(path, progres=progres)


def _jalankan(fungsi: Callable[[], int]) -> None:
    """Run a command body; a user-fixable problem is one Indonesian line and exit 2."""
    try:
        code = fungsi()
    except KinerjaError as e:
        err.print(f"[bold red]Gagal:[/] {e}")
        raise typer.Exit(GAGAL)
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
    t = Table(title=judul, show_lines=False, caption=f"... dan {lain} sasaran lain di lembar {c.CAPAIAN}." if lain > 0 else None)
    for h in ("Kode Sasaran", "Capaian", "Kategori", "Indikator (dihitung/jumlah)"):
        t.add_column(h)
    for r in semua[:_MAKS_BARIS_LAYAR]:
        t.add_row(str(r["kode"]), format_persen(r["capaian"]), str(r["kategori"] or "-"), f"{r['jumlah_dihitung']}/{r['jumlah_indikator']}")
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
    json_out: Optional[Path] = typer.Option(None, "--json", help="Tulis hasil juga sebagai JSON ke berkas ini."),
) -> None:
    """Hitung capaian per indikator dan per sasaran serta rekap anggaran; tulis lembar Capaian dan Anggaran."""
    from kinerja_xl.services.hitung import hitung as hitung_service

    def body() -> int:
        hasil = hitung_service(_gateway(berkas))
        if json_out:
            _tulis_json(json_out, hasil.as_json())
        console.print(_tabel_sasaran(hasil))
        _cetak_anggaran(hasil)
        return ADA_GALAT if hasil.ada_galat else BERHASIL

    _jalankan(body)


@app.command()
def validasi(
    berkas: Path = typer.Argument(..., help="Berkas workbook LKj (.xlsm/.xlsx)."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Tulis laporan validasi juga sebagai JSON."),
) -> None:
    """Periksa semua isian (kode, jumlah, target, realisasi, konfigurasi); tulis lembar Validasi dan tandai sel."""
    from kinerja_xl.services.validasi import validasi as validasi_service

    def body() -> int:
        lap = validasi_service(_gateway(berkas))
        if json_out:
            _tulis_json(json_out, lap.as_json())
        for t in lap.temuan[:30]:
            if t.tingkat.value != "info":
                console.print(f"[{t.tingkat.value}] {t.lokasi.lembar}!{t.lokasi.sel} {t.pesan}")
        if len(lap.temuan) > 30:
            console.print(f"... dan {len(lap.temuan) - 30} temuan lain di lembar Validasi.")
        console.print(f"Validasi: {_ringkas_temuan(lap.ringkasan)}.")
        return ADA_GALAT if lap.ada_galat else BERHASIL

    _jalankan(body)


@app.command()
def narasi(
    berkas: Path = typer.Argument(..., help="Berkas workbook LKj (.xlsm/.xlsx)."),
    docx: Optional[Path] = typer.Option(None, "--docx", help="Tulis juga dokumen Word (.docx) ke berkas ini."),
) -> None:
    """Susun narasi LKj (Ikhtisar, BAB III A dan B) dari angka yang dihitung; tulis lembar Narasi."""
    from kinerja_xl.services.narasi import narasi as narasi_service

    def body() -> int:
        narasi_service(_gateway(berkas), docx=docx)
        console.print(f"Narasi ditulis ke lembar {c.NARASI} pada {berkas}" + (f" dan {docx}" if docx else "") + ".")
        return BERHASIL

    _jalankan(body)


def _proses_berkas(berkas: Path):
    from kinerja_xl.services.proses import proses as proses_service

    if console.is_terminal:
        with Progress(TextColumn("{task.description}"), BarColumn(), console=console, transient=True) as bar:
            task = bar.add_task("Memproses", total=1.0)

            def lapor(pesan: str, fraksi: float | None) -> None:
                bar.update(task, description=pesan, **({"completed": fraksi} if fraksi is not None else {}))

            return proses_service(_gateway(berkas, lapor))
    return proses_service(_gateway(berkas))


@app.command()
def proses(berkas: Path = typer.Argument(..., help="Berkas workbook LKj (.xlsm/.xlsx).")) -> None:
    """Jalankan semua langkah: hitung, validasi, narasi dan ringkasan, dalam satu kali simpan."""

    def body() -> int:
        hasil = _proses_berkas(berkas)
        console.print(_tabel_sasaran(hasil.hasil))
        _cetak_anggaran(hasil.hasil)
        console.print(f"Validasi: {_ringkas_temuan(hasil.laporan.ringkasan)}. Hasil disimpan di {berkas}.")
        return ADA_GALAT if hasil.ada_galat else BERHASIL

    _jalankan(body)


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
    """Pindahkan isian workbook ke template terbaru (lembar, tabel, VBA dan tombol baru); berkas lama disimpan sebagai .bak."""
    from kinerja_xl.services.migrasi import migrasi as migrasi_service

    def body() -> int:
        if not berkas.exists():
            raise KinerjaError(f"Berkas '{berkas}' tidak ditemukan.")
        hasil = migrasi_service(berkas, template_bawaan())
        salinan = ", ".join(f"{n} {b} baris" for n, b in hasil.baris.items())
        console.print(
            f"Workbook dipindahkan dari skema {hasil.versi_lama or '(tanpa versi)'} ke skema {hasil.versi_baru}: {salinan}."
        )
        if hasil.dilewati:
            console.print(f"Tabel baru berisi nilai bawaan template: {', '.join(hasil.dilewati)}.")
        console.print(f"Berkas lama disimpan sebagai {berkas.name}.bak. Jalankan 'kinerja-xl proses {berkas}'.")
        return BERHASIL

    _jalankan(body)


def template_bawaan() -> Path:
    """The repository's committed template; an installed package builds its own once.

    The build is deterministic, so the built copy equals the committed file.
    """
    repo = Path(__file__).resolve().parents[1] / "workbook" / "Template_LKj.xlsm"
    if repo.exists():
        return repo
    import tempfile

    from kinerja_xl import __version__
    from kinerja_xl.template.build import bangun_template

    # keyed by the schema too: a template cached by a build of another schema must not be reused
    cache = Path(tempfile.gettempdir()) / f"kinerja_xl-{__version__}-skema{c.VERSI_SKEMA}" / "Template_LKj.xlsm"
    if not cache.exists():
        bangun_template(cache)
    return cache


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
    console.print(f"LKj contoh: {dok.docx.resolve()}" + (f" dan {dok.pdf.resolve()}" if dok.pdf else
                                                           " (PDF: pasang LibreOffice)"))


@app.command()
def demo(folder: Path = typer.Argument(Path("demo"), help="Folder tujuan berkas contoh.")) -> None:
    """Buat workbook contoh 'KPU Kota Contoh', isi dengan data contoh, lalu jalankan proses."""
    from kinerja_xl.contoh import satker_contoh

    def body() -> int:
        data = satker_contoh()
        tujuan = folder / "LKj_KPU_Kota_Contoh.xlsm"
        isi_workbook(tujuan, data)
        console.print(f"Workbook contoh dibuat: {tujuan}")
        hasil = _proses_berkas(tujuan)
        console.print(_tabel_sasaran(hasil.hasil))
        _cetak_anggaran(hasil.hasil)
        console.print(
            f"Validasi: {_ringkas_temuan(hasil.laporan.ringkasan)} (data contoh sengaja memuat beberapa kesalahan; "
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
