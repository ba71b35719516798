Attribute VB_Name = "KinerjaMacros"
' kinerja_xl: tombol di lembar Petunjuk, Capaian, Validasi dan Ringkasan, Impor dari SAKTI di lembar Pagu, dan Tahun Baru di lembar Petunjuk.
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

' Tombol "Ekspor ke Provinsi": pilih berkas kunci satker (.pem) untuk menandatangani ekspor;
' Batal = ekspor tanpa tanda tangan (pesan akhir menyebutnya). Sandi kunci ditanyakan oleh Python.
' Lokasi kunci terakhir diingat per pengguna Windows (SaveSetting), tidak pernah di buku kerja ini,
' karena buku kerja dan ekspornya dikirim ke provinsi.
Public Sub EksporKeProvinsi()
    Dim kunci As String
    kunci = ""
    With Application.FileDialog(3)
        .Title = "Pilih kunci satker untuk menandatangani ekspor (Batal = tanpa tanda tangan)"
        .AllowMultiSelect = False
        .Filters.Clear
        .Filters.Add "Kunci satker (*.pem)", "*.pem"
        .InitialFileName = GetSetting("kinerja-xl", "Ekspor", "BerkasKunci", "")
        If .Show = -1 Then kunci = .SelectedItems(1)
    End With
    If Len(kunci) > 0 Then SaveSetting "kinerja-xl", "Ekspor", "BerkasKunci", kunci
    RunPython "import kinerja_xl.xl.macros as m; m.ekspor(r""" & kunci & """)"
End Sub

Public Sub ProsesSemua()
    RunPython "import kinerja_xl.xl.macros as m; m.proses()"
End Sub

' Tombol "Impor dari SAKTI" di lembar Pagu: dialog berkas Excel sendiri, beberapa berkas sekaligus.
' Lokasi berkas dikirim ke Python dipisah "|" (karakter yang tidak boleh ada di nama berkas Windows).
Public Sub ImporDariSakti()
    Dim pilihan As Variant
    Dim i As Long
    Dim daftar As String
    pilihan = Application.GetOpenFilename( _
        FileFilter:="Ekspor SAKTI (*.xlsx;*.xls;*.csv),*.xlsx;*.xls;*.csv", _
        Title:="Pilih ekspor SAKTI: GLP039 (satu per bulan) dan/atau MonSAKTI Detail", _
        MultiSelect:=True)
    If Not IsArray(pilihan) Then Exit Sub
    For i = LBound(pilihan) To UBound(pilihan)
        If Len(daftar) > 0 Then daftar = daftar & "|"
        daftar = daftar & pilihan(i)
    Next i
    RunPython "import kinerja_xl.xl.macros as m; m.impor(r""" & daftar & """)"
End Sub

' Tombol "Tahun Baru" di lembar Petunjuk: buku kerja tahun berikutnya di samping buku ini
' (<nama buku>_<Tahun+1>.xlsm); buku ini tidak diubah.
Public Sub TahunBaru()
    RunPython "import kinerja_xl.xl.macros as m; m.tahun_baru()"
End Sub
