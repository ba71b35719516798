Attribute VB_Name = "KinerjaMacros"
' kinerja_xl: tombol di lembar Petunjuk, Capaian, Validasi dan Ringkasan.
' Setiap tombol memanggil satu fungsi Python di kinerja_xl.xl.macros lewat xlwings
' (RunPython, modul xlwings di buku kerja ini). Teks ini sumbernya: template dibangun
' ulang dari berkas ini, jangan mengubah makro di Excel.
Option Explicit

Public Sub HitungCapaian()
    RunPython "import kinerja_xl.xl.macros as m; m.hitung()"
End Sub

Public Sub Validasi()
    RunPython "import kinerja_xl.xl.macros as m; m.validasi()"
End Sub

Public Sub BuatNarasi()
    RunPython "import kinerja_xl.xl.macros as m; m.narasi()"
End Sub

Public Sub EksporKeProvinsi()
    RunPython "import kinerja_xl.xl.macros as m; m.ekspor()"
End Sub

Public Sub ProsesSemua()
    RunPython "import kinerja_xl.xl.macros as m; m.proses()"
End Sub
