"""No typing lost: the workbook lock, the read fingerprint, atomic saves and their faults (issue 12).

Faults are injected deterministically: ``KINERJA_XL_GANGGUAN`` kills a child run at a named
point or makes its disk full; no sleeps, no tmpfs, no root needed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kinerja_xl.cli import app, isi_workbook
from kinerja_xl.contoh import satker_contoh
from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.gateway import berkas as B
from kinerja_xl.gateway.base import Lembar
from kinerja_xl.gateway.file import FileGateway
from kinerja_xl.template import contract as C

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def _teks(res) -> str:
    return " ".join(res.output.split())


@pytest.fixture(scope="module")
def contoh(tmp_path_factory) -> Path:
    return isi_workbook(tmp_path_factory.mktemp("contoh") / "LKj.xlsm", satker_contoh())


@pytest.fixture
def wb(contoh: Path, tmp_path: Path) -> Path:
    p = tmp_path / "LKj.xlsm"
    shutil.copyfile(contoh, p)
    return p


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    kode = "import sys; from kinerja_xl.cli import app; sys.argv[0] = 'kinerja-xl'; app()"
    return subprocess.run(
        [sys.executable, "-c", kode, *args], capture_output=True, text=True, env=_env(**env), timeout=600
    )


def _sisa(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~kinerja-"))


def _lembar_uji(gw: FileGateway) -> None:
    gw.tulis_lembar(Lembar("Uji", cells={"A1": "halo"}))


# --- lost update ---------------------------------------------------------------------------
def test_simpan_menolak_bila_berkas_diubah_setelah_dibaca(wb: Path) -> None:
    gw = FileGateway(wb)
    gw.baca_tabel(C.PK_TABLE)
    versi_user = wb.read_bytes() + b"\0"  # the user's own save (any other bytes)
    wb.write_bytes(versi_user)
    _lembar_uji(gw)
    with pytest.raises(B.BerkasDiubah, match="Berkas diubah sejak dibaca; jalankan lagi"):
        gw.simpan()
    assert wb.read_bytes() == versi_user
    assert not _sisa(wb.parent)


def _excel_menyimpan(monkeypatch, wb: Path, saat: str, isi: bytes) -> None:
    """Excel (another program) saves ``isi`` over ``wb`` when the run reaches the fault point ``saat``."""
    asli = B.titik_gangguan

    def simpan_excel(titik: str) -> None:
        if titik == saat:
            wb.write_bytes(isi)
        asli(titik)

    monkeypatch.setattr(B, "titik_gangguan", simpan_excel)


def test_proses_tidak_menimpa_simpanan_excel_di_tengah_jalan(wb: Path, monkeypatch) -> None:
    """Excel saves between proses' read and its write: proses writes nothing and exits 2."""
    versi_user = wb.read_bytes() + b"\0\0"
    _excel_menyimpan(monkeypatch, wb, "setelah_baca", versi_user)
    res = runner.invoke(app, ["proses", str(wb)])
    assert res.exit_code == 2, res.output
    assert "Berkas diubah sejak dibaca; jalankan lagi" in _teks(res)
    assert wb.read_bytes() == versi_user
    assert "Traceback" not in res.output


def test_simpan_berturut_dengan_satu_gateway(wb: Path) -> None:
    gw = FileGateway(wb)
    _lembar_uji(gw)
    gw.simpan()
    gw.tulis_lembar(Lembar("Uji", cells={"A1": "lagi"}))
    gw.simpan()  # its own first save is not someone else's change
    assert FileGateway(wb)._grid_of("Uji")[0][0] == "lagi"


# --- one run per workbook ------------------------------------------------------------------
def test_run_kedua_menunggu_lalu_keluar_2_menyebut_pemegang(wb: Path, monkeypatch) -> None:
    kode = (
        "import sys; from kinerja_xl.gateway.berkas import kunci\n"
        "with kunci(sys.argv[1], 'narasi-uji'):\n"
        "    print('siap', flush=True); sys.stdin.readline()\n"
    )
    pemegang = subprocess.Popen(
        [sys.executable, "-c", kode, str(wb)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=_env()
    )
    try:
        assert pemegang.stdout.readline().strip() == "siap"
        monkeypatch.setattr(B, "TUNGGU_KUNCI", 0.2)
        sebelum = wb.read_bytes()
        res = runner.invoke(app, ["hitung", str(wb)])
        assert res.exit_code == 2, res.output
        teks = _teks(res)
        assert "sedang diproses oleh narasi-uji" in teks and f"PID {pemegang.pid}" in teks
        assert wb.read_bytes() == sebelum
    finally:
        pemegang.communicate("\n", timeout=60)
    res = runner.invoke(app, ["hitung", str(wb)])  # released: the next run goes through
    assert res.exit_code in (0, 1), res.output


def test_dua_run_bersamaan_keduanya_tersimpan(wb: Path) -> None:
    """narasi and hitung started together: both outputs are in the workbook afterwards."""
    kode = "import sys; from kinerja_xl.cli import app; sys.argv[0] = 'kinerja-xl'; app()"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", kode, cmd, str(wb)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for cmd in ("narasi", "hitung")
    ]
    hasil = [p.communicate(timeout=600) + (p.returncode,) for p in procs]
    assert [h[2] for h in hasil][0] == 0 and hasil[1][2] in (0, 1), hasil
    gw = FileGateway(wb)
    assert gw.baca_tabel(C.CAPAIAN_TABLE).data.shape[0] > 0
    narasi = gw._grid_of(C.NARASI)
    assert any(v for baris in narasi for v in baris)


# --- where and how the file is written --------------------------------------------------------
def test_workbook_bertautan_disimpan_melalui_tautannya(wb: Path, tmp_path: Path) -> None:
    link = tmp_path / "pintasan.xlsm"
    link.symlink_to(wb)
    gw = FileGateway(link)
    _lembar_uji(gw)
    gw.simpan()
    assert link.is_symlink() and os.readlink(link) == str(wb)
    assert FileGateway(wb)._grid_of("Uji")[0][0] == "halo"
    assert (wb.parent / (wb.name + ".bak")).is_file()


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_berkas_baru_mengikuti_umask(wb: Path, tmp_path: Path, umask: int, mode: int) -> None:
    lama = os.umask(umask)
    try:
        gw = FileGateway(wb)
        _lembar_uji(gw)
        baru = tmp_path / "baru.xlsm"
        gw.simpan(baru)
        B.tulis_teks_atomik(tmp_path / "laporan" / "r.json", "{}")
    finally:
        os.umask(lama)
    assert baru.stat().st_mode & 0o777 == mode
    assert (tmp_path / "laporan" / "r.json").stat().st_mode & 0o777 == mode


def test_ekspor_dibuat_dengan_umask(wb: Path, tmp_path: Path) -> None:
    lama = os.umask(0o022)
    try:
        res = runner.invoke(app, ["ekspor", str(wb), "--ke", str(tmp_path / "kirim"), "--paksa", "uji"])
    finally:
        os.umask(lama)
    assert res.exit_code == 0, res.output
    (ekspor,) = (tmp_path / "kirim").glob("LKj_*.xlsx")
    assert ekspor.stat().st_mode & 0o777 == 0o644
    assert not _sisa(tmp_path / "kirim")


def test_kunci_libreoffice_dihormati(wb: Path) -> None:
    (wb.parent / f".~lock.{wb.name}#").write_text(",orang,host,29.11.2026 08:00,file:///x;")
    sebelum = wb.read_bytes()
    res = runner.invoke(app, ["hitung", str(wb)])
    assert res.exit_code == 2
    assert "sedang dibuka program lain (LibreOffice)" in _teks(res)
    assert wb.read_bytes() == sebelum


# --- faults --------------------------------------------------------------------------------
@pytest.mark.parametrize("titik", ["setelah_baca", "tengah_tulis", "sebelum_ganti"])
def test_run_dimatikan_tidak_merusak_dan_sisa_dibersihkan(wb: Path, titik: str) -> None:
    sebelum = wb.read_bytes()
    res = _cli("hitung", str(wb), KINERJA_XL_GANGGUAN=titik)
    assert res.returncode == B.KODE_MATI, res.stderr
    assert wb.read_bytes() == sebelum
    if titik != "setelah_baca":
        assert _sisa(wb.parent), "a killed run leaves its temporary file"
    lain = wb.parent / ".~kinerja-bukan-milik.txt"
    lain.write_text("punya orang")
    res = runner.invoke(app, ["hitung", str(wb)])
    assert res.exit_code in (0, 1), res.output
    assert _sisa(wb.parent) == [lain.name]  # ours removed, a name we did not make kept
    assert wb.read_bytes() != sebelum


def test_sisa_tidak_dibuang_selagi_kunci_dipegang(wb: Path) -> None:
    sisa = wb.parent / f".~kinerja-{wb.name}.abcd1234.tmp"
    kode = (
        "import sys; from kinerja_xl.gateway.berkas import kunci\n"
        "with kunci(sys.argv[1], 'proses'):\n"
        "    print('siap', flush=True); sys.stdin.readline()\n"
    )
    pemegang = subprocess.Popen(
        [sys.executable, "-c", kode, str(wb)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=_env()
    )
    try:
        assert pemegang.stdout.readline().strip() == "siap"
        sisa.write_bytes(b"setengah")  # the holder's own file, mid-write
        with pytest.raises(KinerjaError, match="sedang diproses"):
            with B.kunci(wb, "uji", tunggu=0.1):
                pass
        assert sisa.exists()  # its owner may still be writing it
    finally:
        pemegang.communicate("\n", timeout=60)
    with B.kunci(wb, "uji"):
        assert not sisa.exists()


@pytest.mark.parametrize("titik", ["tengah_tulis", "sebelum_ganti"])
def test_disk_penuh_satu_pesan_tanpa_sisa(wb: Path, titik: str) -> None:
    sebelum = wb.read_bytes()
    res = _cli("proses", str(wb), KINERJA_XL_GANGGUAN=f"{titik}:penuh")
    assert res.returncode == 2, res.stderr
    pesan = " ".join(res.stderr.split())
    assert "Ruang disk penuh saat menyimpan LKj.xlsm; berkas lama tidak berubah" in pesan
    assert "Traceback" not in res.stderr + res.stdout
    assert wb.read_bytes() == sebelum
    assert not _sisa(wb.parent)


def test_target_tidak_dapat_ditulis(wb: Path) -> None:
    sebelum = wb.read_bytes()
    res = _cli("validasi", str(wb), KINERJA_XL_GANGGUAN="sebelum_ganti:izin")
    assert res.returncode == 2, res.stderr
    assert "tidak dapat ditulis" in " ".join(res.stderr.split())
    assert wb.read_bytes() == sebelum and not _sisa(wb.parent)


def test_json_ke_dev_full_dan_folder_baru(wb: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["hitung", str(wb), "--json", "/dev/full"])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "bukan berkas biasa" in _teks(res)
    tujuan = tmp_path / "belum" / "ada" / "h.json"
    res = runner.invoke(app, ["validasi", str(wb), "--json", str(tujuan)])
    assert res.exit_code in (0, 1) and tujuan.is_file()


def test_pengecualian_tak_terduga_keluar_2_bukan_1(wb: Path, monkeypatch) -> None:
    import kinerja_xl.services.hitung as hitung

    def meledak(*a, **k):
        raise RuntimeError("contoh")

    monkeypatch.setattr(hitung, "hitung", meledak)
    res = runner.invoke(app, ["hitung", str(wb)])
    assert res.exit_code == 2
    assert "galat yang tidak terduga" in _teks(res) and "Traceback" not in res.output


def test_bak_tetap_lama_atau_baru(wb: Path) -> None:
    sebelum = wb.read_bytes()
    gw = FileGateway(wb)
    _lembar_uji(gw)
    gw.simpan()
    assert (wb.parent / (wb.name + ".bak")).read_bytes() == sebelum


# --- the Excel door ---------------------------------------------------------------------------
def _book_excel(wb: Path, disimpan):
    import datetime as dt  # noqa: F401 - the values below are datetimes
    from types import SimpleNamespace

    from fake_xlwings import book_dari_xlsx

    book = book_dari_xlsx(wb)
    book.api = SimpleNamespace(BuiltinDocumentProperties=lambda nama: SimpleNamespace(Value=disimpan))
    return book


def test_pintu_excel_menolak_bila_berkas_disk_disimpan_orang_lain(wb: Path) -> None:
    import datetime as dt

    from kinerja_xl.xl import macros

    disk = B.waktu_simpan_disk(wb)
    assert disk is not None
    book = _book_excel(wb, (disk - dt.timedelta(hours=1)).replace(tzinfo=None).astimezone())
    aksi, fungsi = macros.LAYANAN["hitung"]
    assert macros._jalankan(aksi, book, fungsi) is None
    pesan = book.app.alerts[-1]
    assert pesan["mode"] == "critical" and "Berkas diubah sejak dibaca; jalankan lagi" in pesan["prompt"]
    tabel = book.sheets.ambil(C.CAPAIAN).tables._daftar[C.CAPAIAN_TABLE.name]
    assert not any(any(v not in (None, "") for v in r) for r in tabel.baris()), "nothing written"

    book = _book_excel(wb, disk)  # the copy Excel holds is the one on disk
    assert macros._jalankan(aksi, book, fungsi) is not None, book.app.alerts


def test_migrasi_tidak_menimpa_simpanan_di_tengah_jalan(wb: Path, monkeypatch) -> None:
    from kinerja_xl.api import migrasi
    from kinerja_xl.cli import template_bawaan

    # a workbook of an older schema, so migrasi has something to write
    wb.write_bytes((Path(__file__).parent / "fixtures" / "skema4_contoh.xlsm").read_bytes())
    versi_user = wb.read_bytes() + b"\0"
    _excel_menyimpan(monkeypatch, wb, "sebelum_ganti", versi_user)
    with pytest.raises(B.BerkasDiubah):
        migrasi(wb, template_bawaan())
    assert wb.read_bytes() == versi_user


@pytest.mark.parametrize("perintah", ["ekspor", "rekap"])
def test_disk_penuh_saat_ekspor_dan_rekap(wb: Path, tmp_path: Path, perintah: str) -> None:
    kirim = tmp_path / "kirim"
    res = runner.invoke(app, ["ekspor", str(wb), "--ke", str(kirim), "--paksa", "uji"])
    assert res.exit_code == 0, res.output
    if perintah == "ekspor":
        args = ["ekspor", str(wb), "--ke", str(kirim), "--paksa", "uji"]
        folder, nama = kirim, next(kirim.glob("LKj_*.xlsx")).name
    else:
        args = ["rekap", str(kirim), "--keluar", str(tmp_path / "Rekap_X_2025.xlsx"), "--pekerja", "1"]
        folder, nama = tmp_path, "Rekap_X_2025.xlsx"

    def isi() -> list:
        return sorted(
            (p.name, p.read_bytes()) for p in folder.iterdir() if p.is_file() and not p.name.endswith(B.AKHIRAN_KUNCI)
        )

    sebelum = isi()
    res = _cli(*args, KINERJA_XL_GANGGUAN="tengah_tulis:penuh")
    assert res.returncode == 2, res.stdout + res.stderr
    assert f"Ruang disk penuh saat menyimpan {nama}" in " ".join(res.stderr.split())
    assert "Traceback" not in res.stderr
    assert isi() == sebelum  # nothing half-written, no temporary file left


def test_ekspor_tanpa_ke_ditulis_di_samping_workbook(contoh: Path, tmp_path: Path, monkeypatch) -> None:
    """Without --ke the export goes beside the workbook (as the help says), never into the shell's folder."""
    folder = tmp_path / "satker"
    folder.mkdir()
    wb = folder / "LKj.xlsm"
    shutil.copyfile(contoh, wb)
    lain = tmp_path / "lain"
    lain.mkdir()
    monkeypatch.chdir(lain)
    res = runner.invoke(app, ["ekspor", str(wb), "--paksa", "uji"])
    assert res.exit_code == 0, res.output
    assert len(list(folder.glob("LKj_*_*.xlsx"))) == 1
    assert not list(lain.iterdir())
