"""The Python behind the workbook's buttons (kinerja_xl/template/KinerjaMacros.bas -> RunPython).

Each button runs the same service as the CLI command of the same name, through
:class:`~kinerja_xl.gateway.excel.ExcelGateway`. While it writes, screen
updating and automatic calculation are off (restored in ``finally``); progress
shows in Excel's status bar; the writes are applied in one go at the end, so a
failure leaves the workbook as it was and ends in one Indonesian message box
plus a row in the Log sheet (time, action, message, technical detail).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.gateway.excel import ExcelGateway

JUDUL = "kinerja_xl"

AKSI_HITUNG = "Hitung Capaian"
AKSI_VALIDASI = "Validasi"
AKSI_NARASI = "Buat Narasi"
AKSI_EKSPOR = "Ekspor ke Provinsi"
AKSI_PROSES = "Proses Semua"
AKSI_IMPOR = "Impor dari SAKTI"
AKSI_TAHUN_BARU = "Tahun Baru"


def _buku() -> Any:
    import xlwings as xw

    return xw.Book.caller()


def _ringkas_temuan(lap: Any) -> str:
    r = lap.ringkasan
    return f"{r.get('galat', 0)} galat, {r.get('peringatan', 0)} peringatan, {r.get('info', 0)} info"


def _pesan_sukses(aksi: str, hasil: Any) -> str:
    """One sentence for the message box, from what the service returned."""
    if aksi == AKSI_HITUNG:
        ind = hasil.capaian.indikator
        dihitung = int((ind["status"] == "dihitung").sum()) if len(ind) else 0
        teks = f"Hitung Capaian selesai: {len(ind)} indikator, {dihitung} dihitung. Lihat lembar Capaian dan Anggaran."
        if hasil.ada_galat:
            teks += " Masih ada galat: tekan Validasi untuk melihatnya."
        return teks
    if aksi == AKSI_VALIDASI:
        return (
            f"Validasi selesai: {_ringkas_temuan(hasil)}. Lihat lembar Validasi; klik alamat sel untuk menuju selnya."
        )
    if aksi == AKSI_NARASI and isinstance(hasil, HasilNarasi):
        teks = f"Narasi selesai: {len(hasil.baris)} paragraf di lembar Narasi. LKj ditulis ke {hasil.docx}"
        teks += f" dan {hasil.pdf}." if hasil.pdf else " (PDF: simpan sebagai PDF dari Word)."
        if hasil.di_dokumen:
            teks += (
                " Workbook ini tidak berada di folder lokal (misalnya OneDrive), jadi dokumen disimpan di "
                "folder Documents."
            )
        return teks
    if aksi == AKSI_NARASI:
        return f"Narasi selesai: {len(hasil)} paragraf di lembar Narasi."
    if aksi == AKSI_PROSES:
        teks = (
            f"Proses selesai: capaian, anggaran, validasi ({_ringkas_temuan(hasil.laporan)}), narasi dan "
            "ringkasan ditulis."
        )
        return teks
    if aksi == AKSI_IMPOR:
        return hasil.pesan() + "".join(f"\n\n{t.tingkat.value.capitalize()}: {t.pesan}" for t in hasil.temuan)
    if aksi == AKSI_TAHUN_BARU:
        teks = hasil.pesan()
        if hasil.peringatan:
            teks += (
                f"\n\n{len(hasil.peringatan)} indikator tanpa target Renstra tahun {hasil.tahun_baru}: target "
                "tahun ini dipakai sebagai usulan; periksa lembar PK."
            )
        if hasil.temuan:
            teks += f"\n\nTemuan workbook ini yang ikut terbawa: {len(hasil.temuan)} (lihat lembar Validasi)."
        return teks
    if aksi == AKSI_EKSPOR:
        teks = hasil.pesan() if hasattr(hasil, "pesan") else f"Ekspor selesai: {hasil}"
        if not getattr(hasil, "ditandatangani", True):
            teks += (
                "\n\nBerkas TIDAK ditandatangani karena dialog kunci satker dibatalkan. Untuk mengirim berkas "
                "bertanda tangan, tekan Ekspor ke Provinsi lagi dan pilih berkas kunci satker (.pem)."
            )
        return teks
    return f"{aksi} selesai."


def _pesan_galat(aksi: str, e: BaseException) -> str:
    if isinstance(e, KinerjaError):
        return f"{aksi} tidak dapat diselesaikan.\n\n{e}\n\nWorkbook tidak diubah."
    return (
        f"{aksi} gagal karena galat yang tidak terduga. Workbook tidak diubah.\n\n"
        "Rincian teknis dicatat di lembar Log; kirimkan baris terakhirnya kepada petugas pendukung."
    )


def _jalankan(aksi: str, book: Any, fungsi: Callable[[ExcelGateway], Any]) -> Any:
    """Run one button: the service over an ExcelGateway, writes applied at the end.

    Returns what the service returned, or None when it failed (the failure has
    then been shown in a message box and logged).
    """
    app = book.app
    gw = ExcelGateway(book)
    layar = app.screen_updating
    kalkulasi = app.calculation
    app.screen_updating = False
    app.calculation = "manual"
    try:
        try:
            gw.progres(f"{aksi}: mulai", 0.0)
            hasil = fungsi(gw)
            pesan = _pesan_sukses(aksi, hasil)
            gw.catat_log(aksi, pesan)
            gw.progres(f"{aksi}: menulis ke workbook", None)
            gw.simpan()
        except Exception as e:  # noqa: BLE001 - every failure must reach the user as one message
            gw.batalkan()
            pesan = _pesan_galat(aksi, e)
            detail = "".join(traceback.format_exception(type(e), e, e.__traceback__))[-8000:]
            try:
                ringkas = str(e) if isinstance(e, KinerjaError) else f"Galat tak terduga ({type(e).__name__})."
                gw.catat_log(aksi, ringkas, detail)
                gw.simpan()
            except Exception:  # noqa: BLE001 - the Log is best effort; the message box still comes
                pass
            app.alert(pesan, title=JUDUL, mode="critical")
            return None
        app.alert(pesan, title=JUDUL, mode="info")
        return hasil
    finally:
        app.calculation = kalkulasi
        app.screen_updating = layar
        app.status_bar = False


# --- the services, as the buttons call them ------------------------------------------------


def _hitung(gw: ExcelGateway) -> Any:
    from kinerja_xl.services.hitung import hitung as layanan

    return layanan(gw)


def _validasi(gw: ExcelGateway) -> Any:
    from kinerja_xl.services.validasi import validasi as layanan

    return layanan(gw)


@dataclass
class HasilNarasi:
    """What the Buat Narasi button did: the Narasi rows and the LKj files it wrote."""

    baris: Any
    docx: Path
    pdf: Path | None
    di_dokumen: bool  # the workbook is not in a local folder (OneDrive, SharePoint): files went to Documents


def folder_dokumen(gw: ExcelGateway) -> tuple[Path, bool]:
    """Beside the workbook; the user's Documents folder when its path is not a local folder (a URL)."""
    berkas = gw.berkas
    if berkas is not None:
        return berkas.parent, False
    rumah = Path.home()
    return (rumah / "Documents" if (rumah / "Documents").is_dir() else rumah), True


def _narasi(gw: ExcelGateway) -> Any:
    from kinerja_xl.libreoffice import cari_soffice
    from kinerja_xl.services.narasi import narasi as layanan

    folder, di_dokumen = folder_dokumen(gw)
    nama = Path(str(gw.book.name or "LKj")).stem.replace("/", "_") or "LKj"
    docx = folder / f"{nama}_LKj.docx"
    pdf = folder / f"{nama}_LKj.pdf" if cari_soffice() else None
    return HasilNarasi(layanan(gw, docx=docx, pdf=pdf), docx, pdf, di_dokumen)


def _proses(gw: ExcelGateway) -> Any:
    from kinerja_xl.services.proses import proses as layanan

    return layanan(gw)


def _minta_sandi(berkas: Path) -> str | None:
    """A masked passphrase prompt on top of Excel (Excel's own InputBox shows what is typed); None on Batal."""
    import tkinter
    from tkinter import simpledialog

    root = tkinter.Tk()
    root.withdraw()
    root.attributes("-topmost", True)
    try:
        return simpledialog.askstring(JUDUL, f"Sandi kunci satker ({berkas.name}):", show="*", parent=root)
    finally:
        root.destroy()


def _ekspor(gw: ExcelGateway, berkas_kunci: str = "") -> Any:
    """The export beside the workbook, signed with the key file chosen in the button's dialog
    ("" when the dialog was cancelled: exported unsigned, and the message says so)."""
    from kinerja_xl.gateway.paket_ekspor import baca_berkas_kunci
    from kinerja_xl.services.ekspor import ekspor as layanan

    kunci = None
    if berkas_kunci.strip():
        path = Path(berkas_kunci.strip())
        kunci = baca_berkas_kunci(path, lambda: _minta_sandi(path))
    berkas = gw.berkas
    ke = berkas.parent if berkas is not None else Path.cwd()
    return layanan(gw, ke=ke, kunci=kunci)


LAYANAN: dict[str, tuple[str, Callable[[ExcelGateway], Any]]] = {
    "hitung": (AKSI_HITUNG, _hitung),
    "validasi": (AKSI_VALIDASI, _validasi),
    "narasi": (AKSI_NARASI, _narasi),
    "ekspor": (AKSI_EKSPOR, _ekspor),
    "proses": (AKSI_PROSES, _proses),
}
"""Macro name (contract.TOMBOL) -> (action shown to staff, service call)."""


def hitung() -> Any:
    """Button "Hitung Capaian"."""
    return _jalankan(AKSI_HITUNG, _buku(), _hitung)


def validasi() -> Any:
    """Button "Validasi"."""
    return _jalankan(AKSI_VALIDASI, _buku(), _validasi)


def narasi() -> Any:
    """Button "Buat Narasi"."""
    return _jalankan(AKSI_NARASI, _buku(), _narasi)


def ekspor(berkas_kunci: str = "") -> Any:
    """Button "Ekspor ke Provinsi": the export file goes beside the workbook, signed with the satker's
    key file chosen in the button's dialog (``berkas_kunci``; "" = the dialog was cancelled: unsigned)."""
    return _jalankan(AKSI_EKSPOR, _buku(), lambda gw: _ekspor(gw, berkas_kunci))


def proses() -> Any:
    """Button "Proses Semua"."""
    return _jalankan(AKSI_PROSES, _buku(), _proses)


def _impor(gw: ExcelGateway, berkas: list[str]) -> Any:
    """Read the chosen files, import; a Pagu sheet with typed rows is replaced only after a Yes."""
    from kinerja_xl.gateway.sakti import baca_baris
    from kinerja_xl.services.impor import PaguSudahTerisi
    from kinerja_xl.services.impor import impor as layanan

    sumber = [(Path(p).name, baca_baris(p)) for p in berkas]
    try:
        return layanan(gw, sumber)
    except PaguSudahTerisi as e:
        jawab = gw.book.app.alert(
            f"Lembar Pagu sudah berisi {e.baris} baris. Ganti semuanya dengan isi ekspor SAKTI?\n\n"
            "Berkas di disk belum berubah sampai workbook disimpan: tutup tanpa menyimpan untuk membatalkan.",
            title=JUDUL,
            buttons="yes_no",
            mode="info",
        )
        if jawab != "yes":
            raise KinerjaError("Impor dibatalkan; lembar Pagu tidak diubah.") from None
        return layanan(gw, sumber, ganti=True)


def impor(daftar: str) -> Any:
    """Button "Impor dari SAKTI" (lembar Pagu): ``daftar`` is the chosen files' paths joined by "|"."""
    berkas = [p for p in daftar.split("|") if p.strip()]
    return _jalankan(AKSI_IMPOR, _buku(), lambda gw: _impor(gw, berkas))


def _tahun_baru(gw: ExcelGateway) -> Any:
    """Next year's workbook beside this one (Documents when it is not in a local folder); an existing
    file of that name is replaced only after a Yes."""
    from kinerja_xl.api import tahun_baru as layanan
    from kinerja_xl.cli import template_bawaan
    from kinerja_xl.services.tahun_baru import TujuanSudahAda

    folder, _ = folder_dokumen(gw)
    asal = folder / (Path(str(gw.book.name or "LKj")).stem.replace("/", "_") + ".xlsm")
    try:
        return layanan(gw, None, template_bawaan(), asal=asal)
    except TujuanSudahAda as e:
        jawab = gw.book.app.alert(
            f"Berkas {e.tujuan.name} sudah ada di {e.tujuan.parent}. Ganti dengan workbook baru?",
            title=JUDUL,
            buttons="yes_no",
            mode="info",
        )
        if jawab != "yes":
            raise KinerjaError(f"Tahun Baru dibatalkan; berkas {e.tujuan.name} tidak diubah.") from None
        return layanan(gw, None, template_bawaan(), asal=asal, ganti=True)


LAYANAN["tahun_baru"] = (AKSI_TAHUN_BARU, _tahun_baru)


def tahun_baru() -> Any:
    """Button "Tahun Baru" (lembar Petunjuk): next year's workbook; this one is not changed."""
    return _jalankan(AKSI_TAHUN_BARU, _buku(), _tahun_baru)
