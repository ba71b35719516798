"""RecordingGateway: the in-memory fake that services' tests count round trips on."""

import pandas as pd
import pytest

from kinerja_xl.domain.temuan import KinerjaError
from kinerja_xl.gateway.base import Lembar, Tanda
from kinerja_xl.gateway.recording import RecordingGateway
from kinerja_xl.template import contract as C


def test_reads_in_spec_order_records_calls_and_maps_keys_to_headers() -> None:
    g = RecordingGateway({"tblReferensi": pd.DataFrame({"Uraian": ["Program"], "Kode": ["3565"], "Ekstra": [1]})})
    t = g.baca_tabel(C.REFERENSI_TABLE)
    assert list(t.data.columns) == [*C.REFERENSI_TABLE.headers, "Ekstra"]
    assert t.data.loc[0, "Tingkat"] is None and t.sel(0, "Uraian") == "B2"
    g.tulis_tabel(C.CAPAIAN_TABLE, pd.DataFrame({"kode": ["IK1"], "capaian": [99.5]}))
    assert list(g.tables["tblCapaian"].columns) == ["Kode Indikator", "Capaian (%)"]
    g.tandai([Tanda("PK", "A5", "galat", "x")])
    g.tulis_lembar(Lembar("Narasi"))
    g.simpan()
    assert [c[0] for c in g.calls] == ["baca_tabel", "tulis_tabel", "tandai", "tulis_lembar", "simpan"]
    assert g.jumlah("tulis_tabel") == 1 and g.disimpan == 1
    with pytest.raises(KinerjaError, match="tblPK"):
        g.baca_tabel(C.PK_TABLE)
