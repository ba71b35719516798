"""The one chart writer: draws a `Grafik` spec on a worksheet being written with XlsxWriter.

The template builder draws the Ringkasan's three charts with it once (the doors only
fill their data blocks, `template/ringkasan.py`), the export draws the same specs on
its Ringkasan, and the province's rekap its own: the value axis starts at zero unless
the spec says otherwise (a 0,01-point gap never looks threefold), series and pie
slices take the spec's colours (`template/cetak.py`, green for Berhasil), and axis
and legend labels are sized to stay readable. Hidden cells are not plotted
(XlsxWriter's default ``c:plotVisOnly``): a hidden row leaves the categories, a
hidden column's series the plot and the legend.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.utility import xl_cell_to_rowcol

from kinerja_xl.gateway.base import Grafik

__all__ = ["gambar_grafik", "PIKSEL_CM"]

PIKSEL_CM = 37.8  # XlsxWriter sizes charts in pixels at 96 dpi
_HURUF_SUMBU = {"size": 10}  # at 9 pt the printed axis numbers measure under 8 pt
_HURUF_JUDUL = {"size": 12, "bold": True}


def _rentang(lembar: str, rentang: str) -> list[Any]:
    a, _, b = rentang.partition(":")
    r1, c1 = xl_cell_to_rowcol(a)
    r2, c2 = xl_cell_to_rowcol(b or a)
    return [lembar, r1, c1, r2, c2]


def _jenis(g: Grafik) -> dict[str, Any]:
    if g.jenis == "pie":
        return {"type": "pie"}
    if g.jenis == "line":
        return {"type": "line"}
    if g.jenis != "bar":
        raise ValueError(f"jenis grafik tidak dikenal: {g.jenis}")
    return {"type": "bar" if g.mendatar else "column", **({"subtype": "stacked"} if g.bertumpuk else {})}


def _seri(g: Grafik, lembar: str, i: int, nama: str, rentang: str) -> dict[str, Any]:
    seri: dict[str, Any] = {
        "name": _rentang(lembar, nama)[:3] if g.nama_dari_sel else nama,
        "categories": _rentang(lembar, g.kategori),
        "values": _rentang(lembar, rentang),
    }
    if g.jenis == "pie":  # one colour per slice (category), in the spec's order
        seri["points"] = [{"fill": {"color": "#" + w.lstrip("#")}} for w in g.warna]
    elif i < len(g.warna):
        seri["fill" if g.jenis == "bar" else "line"] = {"color": "#" + g.warna[i].lstrip("#")}
    if g.jenis == "bar" and g.bertumpuk:
        seri["gap"] = 60
    return seri


def _sumbu(chart: Any, g: Grafik) -> None:
    """Value axis from ``sumbu_min`` (zero by default) in the spec's number format; readable category labels."""
    nilai: dict[str, Any] = {
        "num_format": g.format_sumbu,
        "num_font": _HURUF_SUMBU,
        "major_gridlines": {"visible": True},
    }
    if g.sumbu_min is not None:
        nilai["min"] = g.sumbu_min
    if g.judul_sumbu_y:
        nilai["name"] = g.judul_sumbu_y
        nilai["name_font"] = {**_HURUF_SUMBU, "bold": False}
    kategori: dict[str, Any] = {"num_font": _HURUF_SUMBU}
    if g.mendatar:  # XlsxWriter's bar chart: x is the value axis; first category at the top
        chart.set_x_axis(nilai)
        chart.set_y_axis({**kategori, "reverse": True})
    else:
        chart.set_y_axis(nilai)
        chart.set_x_axis(kategori)


def gambar_grafik(wb: Any, ws: Any, lembar: str, g: Grafik) -> None:
    """Draw ``g`` on worksheet ``ws`` (named ``lembar``) of XlsxWriter workbook ``wb``.

    The spec's ranges are on ``g.lembar_data`` when given, else on ``lembar``."""
    sumber = g.lembar_data or lembar
    chart = wb.add_chart(_jenis(g))
    for i, (nama, rentang) in enumerate(g.seri):
        chart.add_series(_seri(g, sumber, i, nama, rentang))
    chart.set_title({"name": g.judul, "name_font": _HURUF_JUDUL})
    if g.jenis != "pie":
        _sumbu(chart, g)
    chart.set_legend({"none": True} if not g.legenda else {"position": "bottom", "font": _HURUF_SUMBU})
    chart.set_size({"width": int(g.lebar_cm * PIKSEL_CM), "height": int(g.tinggi_cm * PIKSEL_CM)})
    r, k = xl_cell_to_rowcol(g.anchor)
    ws.insert_chart(r, k, chart)
