"""The workbook as an OPC zip package, edited part by part.

Loading and saving a whole workbook with openpyxl is slow and lossy (it drops
what it does not model). Here every member we do not touch is copied as its
original compressed bytes, so the VBA project, buttons and anything else
survive byte for byte; only parts we regenerate are compressed anew.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from lxml import etree

from kinerja_xl.xml_teks import escape_attr

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"

REL_WORKSHEET = NS_R + "/worksheet"
REL_TABLE = NS_R + "/table"
REL_DRAWING = NS_R + "/drawing"
REL_CHART = NS_R + "/chart"
REL_IMAGE = NS_R + "/image"
REL_COMMENTS = NS_R + "/comments"
REL_VML = NS_R + "/vmlDrawing"
REL_CUSTOM_XML = NS_R + "/customXml"
REL_CUSTOM_XML_PROPS = NS_R + "/customXmlProps"

CT_TABLE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
CT_CUSTOM_XML_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"

_PARSER = etree.XMLParser(remove_blank_text=False, resolve_entities=False, huge_tree=True)


def parse_xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


def xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def tanpa_awalan(data: bytes, ns: str = NS_MAIN) -> bytes:
    """A part whose ``ns`` elements carry a prefix (``<x:row>``, as the Open XML SDK writes them),
    rewritten with ``ns`` as the default namespace, so the rest of the door reads and writes one spelling.

    The rewrite is checked namespace-aware: the result must hold exactly the same
    elements (namespace + local name, in order) as the original, else ValueError.
    """
    text = data.decode("utf-8")
    prefixes = set(re.findall(r'xmlns:([\w.-]+)\s*=\s*["\']' + re.escape(ns) + r'["\']', text))
    if not prefixes:
        return data
    for p in prefixes:
        text = re.sub(r"<(/?)" + re.escape(p) + r":(?=[\w.-])", r"<\1", text)
    root = re.search(r"<([A-Za-z_][\w.-]*)([^>]*)>", text)  # first element: declaration and comments start <? <!
    if root is None:
        raise ValueError("root element not found")
    default = re.search(r'\sxmlns\s*=\s*["\']([^"\']*)["\']', root.group(2))
    if default is None:
        text = text[: root.end(1)] + f' xmlns="{ns}"' + text[root.end(1) :]
    elif default.group(1) != ns:
        raise ValueError("default namespace is not the part's own")
    out = text.encode("utf-8")
    if [el.tag for el in parse_xml(out).iter()] != [el.tag for el in parse_xml(data).iter()]:
        raise ValueError("prefixed elements could not be rewritten without changing their namespace")
    return out


def rels_path(part: str) -> str:
    """``xl/worksheets/sheet1.xml`` -> ``xl/worksheets/_rels/sheet1.xml.rels``."""
    d, f = posixpath.split(part)
    return posixpath.join(d, "_rels", f + ".rels")


def resolve(source_part: str, target: str) -> str:
    """A relationship target, relative to its source part, as a package member name."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def relative(source_part: str, target_part: str) -> str:
    return posixpath.relpath(target_part, posixpath.dirname(source_part) or ".")


@dataclass
class Rel:
    id: str
    type: str
    target: str  # resolved member name (or the raw target when external)
    external: bool = False


class Rels:
    """The relationships of one part, editable; ids stay stable."""

    def __init__(self, source: str, data: bytes | None):
        self.source = source
        self.items: list[Rel] = []
        if data:
            for el in parse_xml(data):
                ext = el.get("TargetMode") == "External"
                tgt = el.get("Target", "")
                self.items.append(Rel(el.get("Id"), el.get("Type"), tgt if ext else resolve(source, tgt), ext))

    def of_type(self, type_: str) -> list[Rel]:
        return [r for r in self.items if r.type == type_]

    def get(self, rid: str) -> Rel | None:
        return next((r for r in self.items if r.id == rid), None)

    def add(self, type_: str, target: str) -> str:
        used = {r.id for r in self.items}
        n = 1
        while f"rId{n}" in used:
            n += 1
        self.items.append(Rel(f"rId{n}", type_, target))
        return f"rId{n}"

    def remove(self, rid: str) -> None:
        self.items = [r for r in self.items if r.id != rid]

    def to_bytes(self) -> bytes:
        out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', f'<Relationships xmlns="{NS_PKG_REL}">']
        for r in self.items:
            tgt = r.target if r.external else relative(self.source, r.target)
            mode = ' TargetMode="External"' if r.external else ""
            out.append(f'<Relationship Id="{r.id}" Type="{r.type}" Target="{escape_attr(tgt)}"{mode}/>')
        out.append("</Relationships>")
        return "".join(out).encode("utf-8")


class Paket:
    """An xlsx/xlsm package held in memory: original members plus our edits."""

    def __init__(self, data: bytes):
        self.data = data
        self._zip = zipfile.ZipFile(io.BytesIO(data))
        self.order: list[str] = [i.filename for i in self._zip.infolist()]
        self._info = {i.filename: i for i in self._zip.infolist()}
        self._changed: dict[str, bytes] = {}
        self._deleted: set[str] = set()
        self._rels: dict[str, Rels] = {}
        self._ct: etree._Element | None = None

    # --- members -------------------------------------------------------------------
    def names(self) -> list[str]:
        return [n for n in self.order if n not in self._deleted]

    def exists(self, name: str) -> bool:
        return name not in self._deleted and (name in self._changed or name in self._info)

    def read(self, name: str) -> bytes:
        if name in self._deleted:
            raise KeyError(name)
        if name in self._changed:
            return self._changed[name]
        return self._zip.read(name)

    def write(self, name: str, data: bytes) -> None:
        self._deleted.discard(name)
        if name not in self.order:
            self.order.append(name)
        self._changed[name] = data

    def delete(self, name: str) -> None:
        self._changed.pop(name, None)
        self._rels.pop(name, None)
        if name in self.order:
            self._deleted.add(name)
        self.remove_override(name)
        rp = rels_path(name)
        if self.exists(rp):
            self.delete(rp)

    def is_changed(self, name: str) -> bool:
        return name in self._changed or name in self._deleted

    def free_name(self, pattern: str) -> str:
        """The lowest free ``pattern % n`` (``xl/charts/chart%d.xml``), so reruns reuse names."""
        n = 1
        while self.exists(pattern % n):
            n += 1
        return pattern % n

    # --- relationships -------------------------------------------------------------
    def rels(self, part: str) -> Rels:
        if part not in self._rels:
            rp = rels_path(part)
            self._rels[part] = Rels(part, self.read(rp) if self.exists(rp) else None)
        return self._rels[part]

    def touch_rels(self, part: str) -> None:
        """Mark a part's relationships as edited (written at save)."""
        self.rels(part)
        self.write(rels_path(part), b"")  # placeholder; real bytes at flush

    # --- content types -------------------------------------------------------------
    def _types(self) -> etree._Element:
        if self._ct is None:
            self._ct = parse_xml(self.read("[Content_Types].xml"))
        return self._ct

    def add_override(self, part: str, content_type: str) -> None:
        ct = self._types()
        pn = "/" + part
        for el in ct.findall(f"{{{NS_CT}}}Override"):
            if el.get("PartName") == pn:
                el.set("ContentType", content_type)
                break
        else:
            etree.SubElement(ct, f"{{{NS_CT}}}Override", PartName=pn, ContentType=content_type)
        self._changed["[Content_Types].xml"] = b""

    def add_default(self, ext: str, content_type: str) -> None:
        ct = self._types()
        if any(el.get("Extension", "").lower() == ext for el in ct.findall(f"{{{NS_CT}}}Default")):
            return
        el = etree.Element(f"{{{NS_CT}}}Default", Extension=ext, ContentType=content_type)
        ct.insert(0, el)
        self._changed["[Content_Types].xml"] = b""

    def remove_override(self, part: str) -> None:
        if part == "[Content_Types].xml":
            return
        ct = self._types()
        pn = "/" + part
        for el in ct.findall(f"{{{NS_CT}}}Override"):
            if el.get("PartName") == pn:
                ct.remove(el)
                self._changed["[Content_Types].xml"] = b""

    # --- saving --------------------------------------------------------------------
    def _flush(self) -> None:
        for part, rels in self._rels.items():
            rp = rels_path(part)
            if rp in self._changed:
                if rels.items:
                    self._changed[rp] = rels.to_bytes()
                else:
                    self._changed.pop(rp)
                    self._deleted.add(rp)
        if self._ct is not None and "[Content_Types].xml" in self._changed:
            self._changed["[Content_Types].xml"] = xml_bytes(self._ct)

    def members(self) -> Iterator[tuple[str, bytes | None]]:
        """(name, new bytes) for changed members, (name, None) for members copied raw."""
        self._flush()
        for name in self.order:
            if name in self._deleted:
                continue
            yield name, self._changed.get(name)

    def save(self, fp: BinaryIO, before_member=None) -> None:
        """Write the package as a zip; ``before_member(name)`` is a hook for crash tests."""
        writer = _ZipWriter(fp)
        for name, new in self.members():
            if before_member is not None:
                before_member(name)
            if new is None:
                info = self._info[name]
                writer.add_raw(info, self._raw(info))
            else:
                writer.add(name, new)
        writer.close()

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.save(buf)
        return buf.getvalue()

    def _raw(self, info: zipfile.ZipInfo) -> bytes:
        off = info.header_offset
        head = self.data[off : off + 30]
        if head[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"bad local header for {info.filename}")
        n, m = struct.unpack("<HH", head[26:30])
        start = off + 30 + n + m
        return self.data[start : start + info.compress_size]


class _ZipWriter:
    """A minimal zip writer that can also take members as already-compressed bytes."""

    def __init__(self, fp: BinaryIO):
        self.fp = fp
        self.central: list[bytes] = []
        self.pos = 0
        now = time.localtime()
        self._dt = (
            ((max(now.tm_year, 1980) - 1980) << 9 | now.tm_mon << 5 | now.tm_mday),
            (now.tm_hour << 11 | now.tm_min << 5 | now.tm_sec // 2),
        )

    def _emit(
        self,
        name: bytes,
        flags: int,
        method: int,
        dt: tuple[int, int],
        crc: int,
        csize: int,
        usize: int,
        payload: bytes,
        ext_attr: int = 0,
    ) -> None:
        local = struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", 20, flags, method, dt[1], dt[0], crc, csize, usize, len(name), 0
        )
        self.fp.write(local)
        self.fp.write(name)
        self.fp.write(payload)
        cen = struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02",
            20,
            20,
            flags,
            method,
            dt[1],
            dt[0],
            crc,
            csize,
            usize,
            len(name),
            0,
            0,
            0,
            0,
            ext_attr,
            self.pos,
        )
        self.central.append(cen + name)
        self.pos += len(local) + len(name) + len(payload)

    def add(self, name: str, data: bytes) -> None:
        # Level 1: these parts are rewritten on every run; speed matters more than a few KB.
        comp = zlib.compressobj(1, zlib.DEFLATED, -15)
        payload = comp.compress(data) + comp.flush()
        bname = name.encode("utf-8")
        flags = 0x800 if not name.isascii() else 0
        self._emit(bname, flags, zipfile.ZIP_DEFLATED, self._dt, zlib.crc32(data), len(payload), len(data), payload)

    def add_raw(self, info: zipfile.ZipInfo, payload: bytes) -> None:
        y, mo, d, h, mi, s = info.date_time
        dt = (((y - 1980) << 9) | (mo << 5) | d, (h << 11) | (mi << 5) | (s // 2))
        flags = info.flag_bits & 0x806  # keep utf-8 name + deflate level bits, drop data descriptor
        self._emit(
            info.filename.encode("utf-8") if flags & 0x800 else info.filename.encode("cp437", "replace"),
            flags,
            info.compress_type,
            dt,
            info.CRC,
            info.compress_size,
            info.file_size,
            payload,
            info.external_attr,
        )

    def close(self) -> None:
        start = self.pos
        size = 0
        for c in self.central:
            self.fp.write(c)
            size += len(c)
        self.fp.write(
            struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(self.central), len(self.central), size, start, 0)
        )
        self.fp.flush()


# --- workbook-level parts kept true after sheets are rewritten -------------------------
REL_CALC_CHAIN = NS_R + "/calcChain"
REL_SHARED_STRINGS = NS_R + "/sharedStrings"
REL_EXTENDED_PROPS = NS_R + "/extended-properties"
NS_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
_SST_REF = re.compile(rb"<(?:[\w.-]+:)?c\b[^>]*?\st\s*=\s*[\"']s[\"']")


def ada_rumus(sheet_xml: bytes) -> bool:
    """Does a worksheet part hold any formula (``<f>``)?"""
    return _FORMULA.search(sheet_xml) is not None


def buang_calc_chain(paket: Paket) -> bool:
    """Remove calcChain.xml with its relationship and content type; Excel rebuilds it on the next save.

    A chain naming a cell that no longer holds a formula makes Excel repair the file.
    """
    rels = paket.rels("xl/workbook.xml")
    found = False
    for rel in rels.of_type(REL_CALC_CHAIN):
        if paket.exists(rel.target):
            paket.delete(rel.target)
        rels.remove(rel.id)
        found = True
    if found:
        paket.touch_rels("xl/workbook.xml")
    return found


def hitung_ulang_sst(paket: Paket, sheet_parts: list[str]) -> None:
    """Set sharedStrings' ``count`` to the number of shared-string cells the sheets really hold."""
    rel = next(iter(paket.rels("xl/workbook.xml").of_type(REL_SHARED_STRINGS)), None)
    if rel is None or not paket.exists(rel.target):
        return
    root = parse_xml(paket.read(rel.target))
    n = sum(len(_SST_REF.findall(paket.read(p))) for p in sheet_parts if paket.exists(p))
    unik = sum(1 for el in root if isinstance(el.tag, str) and etree.QName(el).localname == "si")
    if root.get("count") != str(n) or root.get("uniqueCount", str(unik)) != str(unik):
        root.set("count", str(n))
        root.set("uniqueCount", str(unik))
        paket.write(rel.target, xml_bytes(root))


def app_tambah_lembar(paket: Paket, nama: str, jumlah_lama: int) -> None:
    """List a new worksheet in docProps/app.xml (HeadingPairs count and TitlesOfParts), after the others.

    Only when the first heading pair counts exactly the sheets already there (the
    layout Excel writes); any other layout is left as it is.
    """
    rel = next(iter(paket.rels("").of_type(REL_EXTENDED_PROPS)), None)
    if rel is None or not paket.exists(rel.target):
        return
    root = parse_xml(paket.read(rel.target))
    vt = f"{{{NS_VT}}}"
    pairs = root.find(f"{{{NS_EP}}}HeadingPairs/{vt}vector")
    titles = root.find(f"{{{NS_EP}}}TitlesOfParts/{vt}vector")
    if pairs is None or titles is None:
        return
    hitung = pairs.find(f"{vt}variant/{vt}i4")
    if hitung is None or hitung.text != str(jumlah_lama) or len(titles) < jumlah_lama:
        return
    hitung.text = str(jumlah_lama + 1)
    el = etree.Element(f"{vt}lpstr")
    el.text = nama
    titles.insert(jumlah_lama, el)
    titles.set("size", str(len(titles)))
    paket.write(rel.target, xml_bytes(root))
