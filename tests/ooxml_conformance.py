"""ECMA-376 conformance of the files kinerja_xl writes: schema validation plus Excel's repair triggers.

The schemas are the ECMA-376 transitional set copied into ``tests/ooxml_schemas``
(their SOURCE.txt / SOURCES.txt say where from). Schema loading and the Markup
Compatibility pre-processing follow the project's shared audit tool
(the OOXML audit of the project's tool library), copied here because tests never read
outside the repository; the semantic checks are the ones issue 13 names:
calcChain entries, VML shape ids and o:idmap blocks, cell text length, shared
string counts, docProps/app.xml titles and formulas only where a formula was meant.

``cacat(path)`` returns one line per defect; an empty list means conformant.
"""

from __future__ import annotations

import collections
import functools
import posixpath
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

SKEMA = Path(__file__).resolve().parent / "ooxml_schemas"

NS = {
    "x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "xv": "urn:schemas-microsoft-com:office:excel",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "ds": "http://schemas.openxmlformats.org/officeDocument/2006/customXml",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}
X = f"{{{NS['x']}}}"
SKEMA_PER_NS = {
    NS["x"]: "sml.xsd",
    NS["xdr"]: "dml-spreadsheetDrawing.xsd",
    NS["c"]: "dml-chart.xsd",
    NS["a"]: "dml-main.xsd",
    NS["v"]: "vml-main.xsd",
    NS["o"]: "vml-officeDrawing.xsd",
    NS["xv"]: "vml-spreadsheetDrawing.xsd",
    NS["ct"]: "opc-contentTypes.xsd",
    NS["pr"]: "opc-relationships.xsd",
    NS["cp"]: "opc-coreProperties.xsd",
    NS["ep"]: "shared-documentPropertiesExtended.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties": "shared-documentPropertiesCustom.xsd",
    NS["ds"]: "shared-customXmlDataProperties.xsd",
    NS["w"]: "wml.xsd",
}
SKEMA_JAUH = {  # schemaLocations of the official files that point to the web
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dc.xsd": "dc.xsd",
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dcterms.xsd": "dcterms.xsd",
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dcmitype.xsd": "dcmitype.xsd",
    "http://www.w3.org/2001/03/xml.xsd": "xml.xsd",
    "http://www.w3.org/2001/xml.xsd": "xml.xsd",
}
CTP = "application/vnd.openxmlformats-officedocument."
CT_VML = CTP + "vmlDrawing"
AKAR_PER_CT = {
    CTP + "spreadsheetml.sheet.main+xml": (NS["x"], "workbook"),
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": (NS["x"], "workbook"),
    CTP + "spreadsheetml.worksheet+xml": (NS["x"], "worksheet"),
    CTP + "spreadsheetml.styles+xml": (NS["x"], "styleSheet"),
    CTP + "spreadsheetml.sharedStrings+xml": (NS["x"], "sst"),
    CTP + "spreadsheetml.table+xml": (NS["x"], "table"),
    CTP + "spreadsheetml.comments+xml": (NS["x"], "comments"),
    CTP + "spreadsheetml.calcChain+xml": (NS["x"], "calcChain"),
    CTP + "drawing+xml": (NS["xdr"], "wsDr"),
    CTP + "drawingml.chart+xml": (NS["c"], "chartSpace"),
    CTP + "theme+xml": (NS["a"], "theme"),
    CTP + "extended-properties+xml": (NS["ep"], "Properties"),
    "application/vnd.openxmlformats-package.core-properties+xml": (NS["cp"], "coreProperties"),
    CTP + "customXmlProperties+xml": (NS["ds"], "datastoreItem"),
    "application/vnd.openxmlformats-package.relationships+xml": (NS["pr"], "Relationships"),
    CTP + "wordprocessingml.document.main+xml": (NS["w"], "document"),
    CTP + "wordprocessingml.styles+xml": (NS["w"], "styles"),
    CTP + "wordprocessingml.settings+xml": (NS["w"], "settings"),
    CTP + "wordprocessingml.numbering+xml": (NS["w"], "numbering"),
    CTP + "wordprocessingml.fontTable+xml": (NS["w"], "fonts"),
    CTP + "wordprocessingml.webSettings+xml": (NS["w"], "webSettings"),
    CTP + "wordprocessingml.header+xml": (NS["w"], "hdr"),
    CTP + "wordprocessingml.footer+xml": (NS["w"], "ftr"),
}
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
BATAS_TEKS = 32767
_PARSER = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True, load_dtd=False)


class _Resolver(etree.Resolver):
    def resolve(self, url, pubid, context):  # noqa: ANN001, ANN201 - lxml's signature
        nama = SKEMA_JAUH.get(url) or (url.rsplit("/", 1)[-1] if url.startswith(("http://", "https://")) else None)
        if nama and (SKEMA / nama).exists():
            return self.resolve_filename(str(SKEMA / nama), context)
        return None


@functools.lru_cache(maxsize=1)
def skema() -> tuple[etree.XMLSchema, frozenset[str]]:
    """All schemas compiled into one set, plus the namespaces they define (for MCE)."""
    impor = "".join(
        f'<xsd:import namespace="{ns}" schemaLocation="{(SKEMA / f).as_uri()}"/>' for ns, f in SKEMA_PER_NS.items()
    )
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    parser.resolvers.add(_Resolver())
    doc = etree.fromstring(
        f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">{impor}</xsd:schema>'.encode(),
        parser,
        base_url=SKEMA.as_uri() + "/",
    )
    paham = {"http://www.w3.org/XML/1998/namespace"}
    for f in SKEMA.glob("*.xsd"):
        tn = etree.parse(str(f), parser).getroot().get("targetNamespace")
        if tn:
            paham.add(tn)
    return etree.XMLSchema(doc), frozenset(paham)


def _mce(root: etree._Element, paham: frozenset[str]) -> None:
    """Markup Compatibility (ECMA-376 Part 3) as a consumer that understands exactly ``paham``.

    Done with XPath over the whole part (a Python walk over a large sheet is slow);
    Ignorable declarations are applied part-wide, which is how Office writes them (on the root).
    """
    mc = NS["mc"]
    abaikan = set()
    for el in root.xpath("//*[@mc:Ignorable]", namespaces={"mc": mc}):
        abaikan |= {el.nsmap[p] for p in el.get(f"{{{mc}}}Ignorable", "").split() if p in el.nsmap}
    abaikan -= paham
    for ac in reversed(root.xpath("//mc:AlternateContent", namespaces={"mc": mc})):
        pilih = next(
            (
                b
                for b in ac
                if isinstance(b.tag, str)
                and (
                    etree.QName(b).localname == "Fallback"
                    or {b.nsmap[p] for p in (b.get("Requires") or "").split() if p in b.nsmap} <= paham
                )
            ),
            None,
        )
        induk = ac.getparent()
        i = induk.index(ac)
        induk.remove(ac)
        for k, r in enumerate(list(pilih) if pilih is not None else []):
            induk.insert(i + k, r)
    weg = " or ".join(f"namespace-uri()='{ns}'" for ns in sorted(abaikan | {mc}))
    for el in root.xpath(f"//*[{weg}]"):
        if el.getparent() is not None:
            el.getparent().remove(el)
    for at in root.xpath(f"//@*[{weg}]"):
        del at.getparent().attrib[at.attrname]


def _validasi(nama: str, root: etree._Element) -> list[str]:
    sch, paham = skema()
    teks = etree.tostring(root)
    doc = etree.fromstring(teks)
    if NS["mc"].encode() in teks:  # the walk is slow in Python: only where Markup Compatibility is used
        _mce(doc, paham)
    for t in doc.iter(X + "t"):  # sml types <t> as simple, yet Excel itself writes xml:space on it
        t.attrib.pop("{http://www.w3.org/XML/1998/namespace}space", None)
    if sch.validate(etree.ElementTree(doc)):
        return []
    return [f"{nama}: xsd line {e.line}: {e.message}" for e in list(sch.error_log)[:5]]


def _validasi_vml(nama: str, root: etree._Element) -> list[str]:
    """A VML part's root <xml> has no schema: its shapes are validated together inside one v:group
    (a group may hold any shape), every other top-level element on its own."""
    grup = etree.Element(f"{{{NS['v']}}}group")
    out = []
    for i, ch in enumerate(root):
        if not isinstance(ch.tag, str):
            continue
        if ch.tag == f"{{{NS['v']}}}shape":
            grup.append(etree.fromstring(etree.tostring(ch)))
        else:
            out += [f"[{i}] {e}" for e in _validasi(nama, ch)]
    return out + (_validasi(nama, grup) if len(grup) else [])


class Paket:
    """A zip package with content types and relationships resolved."""

    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as z:
            self.data = {n: z.read(n) for n in z.namelist()}
        ct = etree.fromstring(self.data["[Content_Types].xml"], _PARSER)
        self.default = {e.get("Extension", "").lower(): e.get("ContentType") for e in ct if e.get("Extension")}
        self.override = {e.get("PartName", "").lstrip("/"): e.get("ContentType") for e in ct if e.get("PartName")}
        self._xml: dict[str, etree._Element] = {}

    def ct(self, nama: str) -> str | None:
        return self.override.get(nama) or self.default.get(nama.rsplit(".", 1)[-1].lower())

    def xml(self, nama: str) -> etree._Element:
        if nama not in self._xml:
            self._xml[nama] = etree.fromstring(self.data[nama], _PARSER)
        return self._xml[nama]

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """rId -> (type, target member) of a part ('' for the package)."""
        d, f = posixpath.split(part)
        rp = posixpath.join(d, "_rels", f + ".rels")
        if rp not in self.data:
            return {}
        out = {}
        for el in self.xml(rp):
            tgt = el.get("Target", "")
            if el.get("TargetMode") != "External":
                tgt = tgt.lstrip("/") if tgt.startswith("/") else posixpath.normpath(posixpath.join(d, tgt))
            out[el.get("Id")] = (el.get("Type", ""), tgt)
        return out

    def rel(self, part: str, jenis: str) -> str | None:
        return next((t for ty, t in self.rels(part).values() if ty == RT + jenis), None)


def cacat(path: Path | str, *, teks_ketikan: Iterable[str] = ()) -> list[str]:
    """Every defect of the package at ``path`` (an .xlsx/.xlsm/.docx); [] when conformant.

    ``teks_ketikan``: texts staff typed that begin with "=": they must never appear as
    a formula, and are the only text cells allowed to look like a formula.
    """
    p = Paket(Path(path))
    out = _cek_skema(p)
    if "xl/workbook.xml" in p.data:
        out += _cek_spreadsheet(p, {_awal(t) for t in teks_ketikan})
    return out


def _awal(teks: str) -> str:
    """What identifies a typed text even when a printed form wraps, cuts or extends it: its first 16 characters."""
    return " ".join(teks.lstrip("=").split())[:16]


def _cek_skema(p: Paket) -> list[str]:
    out = []
    for nama in p.data:
        ct = p.ct(nama) or ""
        if nama == "[Content_Types].xml":
            out += _validasi(nama, p.xml(nama))
            continue
        if ct == CT_VML:
            out += _validasi_vml(nama, p.xml(nama))
            continue
        akar = AKAR_PER_CT.get(ct)
        if akar is None:
            continue
        root = p.xml(nama)
        q = etree.QName(root)
        if (q.namespace, q.localname) != akar:
            out.append(f"{nama}: root {root.tag}, expected {akar}")
            continue
        out += _validasi(nama, root)
    return out


def _lembar(p: Paket) -> list[tuple[str, str, str]]:
    """(name, sheetId, part) of every worksheet, in workbook order."""
    wb = "xl/workbook.xml"
    rels = p.rels(wb)
    return [
        (s.get("name"), s.get("sheetId"), rels[s.get(f"{{{NS['r']}}}id")][1])
        for s in p.xml(wb).iter(X + "sheet")
        if s.get(f"{{{NS['r']}}}id") in rels
    ]


def _teks_sel(c: etree._Element, sst: list[str]) -> str | None:
    t = c.get("t")
    if t == "s":
        v = c.find(X + "v")
        return sst[int(v.text)] if v is not None and v.text and int(v.text) < len(sst) else None
    if t == "inlineStr":
        return "".join(x.text or "" for x in c.iter(X + "t"))
    if t == "str":
        v = c.find(X + "v")
        return v.text if v is not None else None
    return None


def _cek_spreadsheet(p: Paket, ketikan: set[str]) -> list[str]:
    out: list[str] = []
    sst_part = p.rel("xl/workbook.xml", "sharedStrings")
    sst: list[str] = []
    if sst_part:
        root = p.xml(sst_part)
        sst = ["".join(t.text or "" for t in si.iter(X + "t")) for si in root.findall(X + "si")]
        if root.get("uniqueCount") is not None and int(root.get("uniqueCount")) != len(sst):
            out.append(f"{sst_part}: uniqueCount={root.get('uniqueCount')} but {len(sst)} <si>")
        out += [f"{sst_part}: si[{i}] longer than {BATAS_TEKS}" for i, s in enumerate(sst) if len(s) > BATAS_TEKS]
    refs = 0
    rumus: dict[str, set[str]] = {}
    lembar = _lembar(p)
    for nama, _sid, part in lembar:
        rumus[nama] = set()
        for c in p.xml(part).iter(X + "c"):
            ref = c.get("r", "")
            f = c.find(X + "f")
            refs += c.get("t") == "s"
            teks = _teks_sel(c, sst)
            if f is not None:
                rumus[nama].add(ref)
                if _awal(f.text or "") in ketikan:
                    out.append(f"{part}: {ref} typed text became the formula ={f.text}")
            elif teks is not None:
                if len(teks) > BATAS_TEKS:
                    out.append(f"{part}: {ref} text of {len(teks)} characters (> {BATAS_TEKS})")
                if re.match(r"^=\s*[A-Za-z_][\w.]*\(", teks) and _awal(teks) not in ketikan:
                    out.append(f"{part}: {ref} formula written as text: {teks[:60]}")
    if sst_part:
        count = p.xml(sst_part).get("count")
        if count is not None and int(count) != refs:
            out.append(f"{sst_part}: count={count} but the sheets reference shared strings {refs} times")
    return out + _cek_calc_chain(p, lembar, rumus) + _cek_vml(p) + _cek_app(p, lembar)


def _cek_calc_chain(p: Paket, lembar: list[tuple[str, str, str]], rumus: dict[str, set[str]]) -> list[str]:
    part = p.rel("xl/workbook.xml", "calcChain")
    if not part:
        return []
    if part not in p.data:
        return [f"calcChain relationship points at missing {part}"]
    per_id = {sid: nama for nama, sid, _ in lembar}
    out, kini = [], None
    for c in p.xml(part).findall(X + "c"):
        kini = c.get("i") or kini
        nama = per_id.get(kini)
        if nama is None or c.get("r") not in rumus.get(nama, set()):
            out.append(f"{part}: stale entry {nama or kini}!{c.get('r')} (no formula there)")
    return out[:10]


def _cek_vml(p: Paket) -> list[str]:
    out: list[str] = []
    pemilik: dict[int, list[str]] = collections.defaultdict(list)
    semua_id: dict[str, list[str]] = collections.defaultdict(list)
    for nama in p.data:
        if p.ct(nama) != CT_VML:
            continue
        root = p.xml(nama)
        blok = {
            int(x)
            for el in root.iter(f"{{{NS['o']}}}idmap")
            for x in (el.get("data") or "").replace(",", " ").split()
            if x.isdigit()
        }
        for b in blok:
            pemilik[b].append(nama)
        ids = [s.get("id") for s in root.iter(f"{{{NS['v']}}}shape")]
        for sid in ids:
            semua_id[sid].append(nama)
            m = re.match(r"^_x0000_s(\d+)$", sid or "")
            if m and blok and int(m.group(1)) // 1024 not in blok:
                out.append(f"{nama}: shape id {sid} outside its o:idmap blocks {sorted(blok)}")
                break
    out += [f"o:idmap block {b} used by {parts}" for b, parts in pemilik.items() if len(parts) > 1]
    ganda = [sid for sid, parts in semua_id.items() if len(parts) > 1]
    return out + ([f"VML shape ids used twice: {ganda[:3]}"] if ganda else [])


def _cek_app(p: Paket, lembar: list[tuple[str, str, str]]) -> list[str]:
    part = next((t for ty, t in p.rels("").values() if ty.endswith("/extended-properties")), None)
    if not part or part not in p.data:
        return []
    titles = p.xml(part).find(f"{{{NS['ep']}}}TitlesOfParts")
    if titles is None:
        return []
    nama = [e.text for e in titles.iter(f"{{{NS['vt']}}}lpstr")]
    harap = [n for n, _, _ in lembar]
    return [] if nama[: len(harap)] == harap else [f"{part}: TitlesOfParts does not list the sheets {harap[:3]}..."]


def rumus_di(path: Path | str, lembar: str) -> dict[str, str]:
    """Cell -> formula text of one sheet (namespace-aware), for tests of what became a formula."""
    p = Paket(Path(path))
    part = next(pt for n, _, pt in _lembar(p) if n == lembar)
    return {
        c.get("r"): "=" + (c.find(X + "f").text or "") for c in p.xml(part).iter(X + "c") if c.find(X + "f") is not None
    }
