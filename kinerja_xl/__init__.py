"""kinerja_xl: the Laporan Kinerja (LKj) of a KPU Kabupaten/Kota, computed and checked.

The public Python API mirrors the command line: each function takes a workbook
gateway (``FileGateway(path)`` for a file on disk) and runs one use case.
"""

__version__ = "0.1.0"
