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
from pathlib import Path
from typing import Any, Callable

from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.gateway.excel import ExcelGateway

JUDUL = "kinerja_xl"

AKSI_HITUNG = "Hitung Capaian"
AKSI_VALIDASI = "Validasi"
AKSI_NARASI = "Buat Narasi"
AKSI_EKSPOR = "Ekspor ke Provinsi"
AKSI_PROSES = "Proses Semua"


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
        return f"Validasi selesai: {_ringkas_temuan(hasil)}. Lihat lembar Validasi; klik alamat sel untuk menuju selnya."
    if aksi == AKSI_NARASI:
        return f"Narasi selesai: {len(hasil)} paragraf di lembar Narasi."
    if aksi == AKSI_PROSES:
        teks = f"Proses selesai: capaian, anggaran, validasi ({_ringkas_temuan(hasil.laporan)}), narasi dan ringkasan ditulis."
        return teks
    if aksi == AKSI_EKSPOR:
        return hasil.pesan() if hasattr(hasil, "pesan") else f"Ekspor selesai: {hasil}"
    return f"{aksi} selesai."


def _pesan_galat(aksi: str, e: BaseException) -> str:
    if isinstance(e, KinerjaError):
        return f"{aksi} tidak dapat diselesaikan.\n\n{e}\n\nBuku kerja tidak diubah."
    return (
        f"{aksi} gagal karena kesalahan yang tidak terduga. Buku kerja tidak diubah.\n\n"
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
            gw.progres(f"{aksi}: menulis ke buku kerja", None)
            gw.simpan()
        except Exception as e:  # noqa: BLE001 - every failure must reach the user as one message
            gw.batalkan()
            pesan = _pesan_galat(aksi, e)
            detail = "".join(traceback.format_exception(type(e), e, e.__traceback__))[-8000:]
            try:
                ringkas = str(e) if isinstance(e, KinerjaError) else f"Kesalahan tak terduga ({type(e).__name__})."
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

    return layanan(gw, simpan=False)


def _validasi(gw: ExcelGateway) -> Any:
    from kinerja_xl.services.validasi import validasi as layanan

    return layanan(gw, simpan=False)


def _narasi(gw: ExcelGateway) -> Any:
    from kinerja_xl.services.narasi import narasi as layanan

    return layanan(gw, simpan=False)


def _proses(gw: ExcelGateway) -> Any:
    from kinerja_xl.services.proses import proses as layanan

    return layanan(gw, simpan=False)


def _ekspor(gw: ExcelGateway) -> Any:
    from kinerja_xl.services.ekspor import ekspor as layanan

    berkas = gw.berkas
    ke = berkas.parent if berkas is not None else Path.cwd()
    return layanan(gw, ke=ke)


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


def ekspor() -> Any:
    """Button "Ekspor ke Provinsi": the export file goes beside the workbook."""
    return _jalankan(AKSI_EKSPOR, _buku(), _ekspor)


def proses() -> Any:
    """Button "Proses Semua"."""
    return _jalankan(AKSI_PROSES, _buku(), _proses)
