"""Read the PPM pages pdftoppm renders, so tests can look for drawn colours without PIL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Gambar:
    lebar: int
    tinggi: int
    piksel: bytes  # RGB, row by row

    @classmethod
    def baca(cls, path: Path | str) -> Gambar:
        """A binary PPM (P6, maxval 255) as pdftoppm writes it without -png."""
        data = Path(path).read_bytes()
        parts = data.split(b"\n", 3)
        assert parts[0] == b"P6", "not a binary PPM"
        w, h = map(int, parts[1].split())
        return cls(w, h, parts[3][: w * h * 3])

    def cocok(self, x: int, y: int, rgb: tuple[int, int, int], tol: int = 40) -> bool:
        i = (y * self.lebar + x) * 3
        p = self.piksel
        return abs(p[i] - rgb[0]) < tol and abs(p[i + 1] - rgb[1]) < tol and abs(p[i + 2] - rgb[2]) < tol

    def hitung(self, rgb: tuple[int, int, int], tol: int = 40, langkah: int = 7) -> int:
        """Pixels close to ``rgb``, sampling every ``langkah``-th pixel (enough to see a bar)."""
        return sum(
            1
            for k in range(0, self.lebar * self.tinggi, langkah)
            if self.cocok(k % self.lebar, k // self.lebar, rgb, tol)
        )

    def baris(self, rgb: tuple[int, int, int], tol: int = 40, minimum: int = 3) -> list[int]:
        """The pixel rows holding at least ``minimum`` (sampled) pixels close to ``rgb``."""
        return [
            y
            for y in range(self.tinggi)
            if sum(1 for x in range(0, self.lebar, 2) if self.cocok(x, y, rgb, tol)) >= minimum
        ]

    def kolom(self, rgb: tuple[int, int, int], baris: list[int], tol: int = 40) -> list[int]:
        """The pixel columns (every second one) holding a pixel close to ``rgb`` in any of ``baris``."""
        return [x for x in range(0, self.lebar, 2) if any(self.cocok(x, y, rgb, tol) for y in baris)]

    @classmethod
    def susun(cls, halaman: list[Gambar]) -> Gambar:
        """Pages of one width stacked top to bottom, as a reader scrolls through them."""
        assert halaman and len({h.lebar for h in halaman}) == 1, "pages of different widths"
        return cls(halaman[0].lebar, sum(h.tinggi for h in halaman), b"".join(h.piksel for h in halaman))
