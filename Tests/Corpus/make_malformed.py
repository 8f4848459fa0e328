#!/usr/bin/env python3
"""Writes the malformed-input corpus: files every importer must refuse with a clear reason.

    python3 Tests/Corpus/make_malformed.py

Developer tool (the files are committed; the tests do not run this). Needs ogr2ogr for the
Shapefile and GeoPackage cases. Each case is one file in Tests/Corpus/malformed/ and one entry
in cases.json: the layer it is imported into, extra CLI arguments, and what the error message
must contain (besides the file name, which every message must carry). Deterministic: the same
script always writes the same bytes, except for GDAL's timestamps inside GeoPackages.
"""
import io
import json
import os
import shutil
import subprocess
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "malformed")

# A place in Liucheng county, open country, and a zone ring there.
LON, LAT = 109.40, 24.75
RING = [[109.40, 24.75], [109.41, 24.75], [109.41, 24.76], [109.40, 24.76], [109.40, 24.75]]

cases = []


def case(name, layer, data, expect, args=None, note=""):
    """`data`: bytes or str (UTF-8). `expect`: substrings the error must contain."""
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    cases.append({"file": name, "layer": layer, "args": args or [], "expect": expect, "note": note})


def feature(geometry, properties, fid=None):
    f = {"type": "Feature", "properties": properties, "geometry": geometry}
    if fid is not None:
        f["id"] = fid
    return f


def collection(features, **extra):
    return json.dumps(dict({"type": "FeatureCollection", "features": features}, **extra), ensure_ascii=False)


def point(lon=LON, lat=LAT):
    return {"type": "Point", "coordinates": [lon, lat]}


def outfall(i, lon=LON, lat=LAT, **props):
    p = {"name": "排口%d" % i, "type": "other"}
    p.update(props)
    return feature(point(lon + i * 1e-4, lat), p, fid="o%d" % i)


def good_outfalls(n):
    return [outfall(i) for i in range(n)]


def geojson_cases():
    valid = collection(good_outfalls(3))
    case("geojson-empty-file.geojson", "outfalls", "", ["为空"], note="zero bytes")
    case("geojson-whitespace-only.geojson", "outfalls", "\n  \n", ["为空"])
    case("geojson-truncated.geojson", "outfalls", valid[: len(valid) // 2], ["第 1 行"], note="cut in the middle of a feature")
    case("geojson-not-json.geojson", "outfalls", "名称,经度,纬度\n排口,109.4,24.75\n", ["第 1 行"], note="a CSV with a .geojson ending")
    case("geojson-array-root.geojson", "outfalls", json.dumps([outfall(0)]), ["顶层应为对象"])
    case("geojson-features-not-array.geojson", "outfalls", json.dumps({"type": "FeatureCollection", "features": {}}), ["features"])
    case("geojson-trailing-garbage.geojson", "outfalls", valid + "\n}}", ["第"], note="text after the JSON document")
    case("geojson-nan.geojson", "outfalls", valid.replace(str(LON + 1e-4), "NaN", 1), ["第 1 行"], note="NaN is not JSON")
    case("geojson-infinity.geojson", "outfalls", valid.replace(str(LON + 1e-4), "Infinity", 1), ["第 1 行"])
    case("geojson-huge-number.geojson", "outfalls", collection([outfall(0, lon=1e308)]), ["第 1 个要素"])
    case("geojson-overflow-number.geojson", "outfalls", valid.replace(str(LON + 1e-4), "1e999", 1), ["第"], note="a number beyond Double")
    case("geojson-swapped-latlon.geojson", "outfalls", collection([feature(point(LAT, LON), {"name": "甲", "type": "other"})]),
         ["第 1 个要素"], note="lat, lon instead of lon, lat")
    case("geojson-zero-zero.geojson", "outfalls", collection(good_outfalls(2) + [feature(point(0, 0), {"name": "零", "type": "other"})]),
         ["第 3 个要素"])
    case("geojson-point-one-number.geojson", "outfalls",
         collection([feature({"type": "Point", "coordinates": [LON]}, {"name": "甲", "type": "other"})]), ["第 1 个要素"])
    case("geojson-point-empty.geojson", "outfalls",
         collection([feature({"type": "Point", "coordinates": []}, {"name": "甲", "type": "other"})]), ["第 1 个要素"])
    case("geojson-coordinates-strings.geojson", "outfalls",
         collection([feature({"type": "Point", "coordinates": [str(LON), str(LAT)]}, {"name": "甲", "type": "other"})]), ["第 1 个要素"])
    case("geojson-geometry-null.geojson", "outfalls", collection([feature(None, {"name": "甲", "type": "other"})]), ["第 1 个要素"])
    case("geojson-geometry-unknown-type.geojson", "outfalls",
         collection([feature({"type": "Circle", "coordinates": [LON, LAT]}, {"name": "甲", "type": "other"})]), ["第 1 个要素"])
    case("geojson-outfall-linestring.geojson", "outfalls",
         collection([feature({"type": "LineString", "coordinates": [[LON, LAT], [LON + 0.01, LAT]]}, {"name": "甲", "type": "other"})]),
         ["第 1 个要素"], note="an outfall must be a point")
    case("geojson-outfall-multipoint.geojson", "outfalls",
         collection([feature({"type": "MultiPoint", "coordinates": [[LON, LAT], [LON + 0.01, LAT]]}, {"name": "甲", "type": "other"})]),
         ["第 1 个要素"])
    case("geojson-properties-not-object.geojson", "outfalls",
         collection([{"type": "Feature", "properties": ["name", "甲"], "geometry": point()}]), ["第 1 个要素"])
    case("geojson-missing-type.geojson", "outfalls", collection([feature(point(), {"name": "甲"})]), ["第 1 个要素"],
         note="an outfall needs its HJ 1312 type")
    case("geojson-unknown-outfall-type.geojson", "outfalls", collection([feature(point(), {"name": "甲", "type": "秘密排口"})]),
         ["第 1 个要素", "秘密排口"])
    case("geojson-missing-name.geojson", "outfalls", collection([feature(point(), {"type": "other"})]), ["第 1 个要素"])
    case("geojson-bad-status.geojson", "outfalls", collection([feature(point(), {"name": "甲", "type": "other", "status": "maybe"})]),
         ["第 1 个要素", "maybe"])
    case("geojson-duplicate-ids.geojson", "outfalls", collection([outfall(0), dict(outfall(1), id="o0")]), ["o0"],
         note="two features with the same id")
    case("geojson-duplicate-national-code.geojson", "outfalls",
         collection([outfall(0, national_code="450222-A-001"), outfall(1, national_code="450222-A-001")]), ["450222-A-001"])
    case("geojson-bad-national-code.geojson", "outfalls", collection([outfall(0, national_code="编码 有空格")]), ["第 1 个要素"])
    case("geojson-crs-contradiction.geojson", "outfalls",
         collection(good_outfalls(1), crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4545"}}), ["4545"],
         args=["--crs", "4490"], note="the file declares EPSG:4545, the user says 4490")
    case("geojson-invalid-utf8.geojson", "outfalls", collection([outfall(0)]).encode("utf-8").replace("排口".encode("utf-8"), "排口".encode("gbk")),
         ["UTF-8"], note="GBK bytes in a GeoJSON, which must be UTF-8")
    case("geojson-deep-nesting.geojson", "outfalls", "[" * 100000 + "]" * 100000, ["第 1 行"], note="100,000 nested arrays")
    case("geojson-deep-nesting-in-properties.geojson", "outfalls",
         '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"x":' + "[" * 100000 + "]" * 100000 +
         '},"geometry":{"type":"Point","coordinates":[109.4,24.75]}}]}', ["第 1 行"])
    case("geojson-name-201-characters.geojson", "outfalls", collection(good_outfalls(2) + [outfall(2, name="名" * 201)]),
         ["第 3 个要素", "name", "超过上限 200 个字符"], note="names are at most 200 characters")
    case("geojson-text-2001-characters.geojson", "outfalls", collection([outfall(0, address="路" * 2001)]),
         ["第 1 个要素", "address", "超过上限 2000 个字符"], note="other texts at most 2,000")
    case("geojson-long-property-name.geojson", "outfalls", collection([outfall(0, **{"键" * 201: "x"})]),
         ["第 1 个要素", "属性名", "超过上限 200 个字符"])
    case("geojson-too-many-features.geojson", "outfalls", collection(good_outfalls(11)), ["超过每次导入的上限 10 个"],
         args=["--max-features", "10"], note="the feature cap, set low")
    case("geojson-feature-37-bad.geojson", "outfalls",
         collection(good_outfalls(36) + [feature(point(LAT, LON), {"name": "第三十七", "type": "other"})] + [outfall(40)]),
         ["第 37 个要素"], note="one bad feature among good ones rejects the file")
    # Zones
    zone = {"name": "甲区", "kind": "drinking_water", "level": "1"}
    case("zones-unknown-kind.geojson", "zones", collection([feature({"type": "Polygon", "coordinates": [RING]}, dict(zone, kind="秘密区"))]),
         ["第 1 个要素", "秘密区"])
    case("zones-missing-kind.geojson", "zones", collection([feature({"type": "Polygon", "coordinates": [RING]}, {"name": "甲区"})]),
         ["第 1 个要素"])
    case("zones-bad-level.geojson", "zones", collection([feature({"type": "Polygon", "coordinates": [RING]}, dict(zone, level="9"))]),
         ["第 1 个要素"])
    case("zones-unclosed-ring.geojson", "zones", collection([feature({"type": "Polygon", "coordinates": [RING[:-1]]}, zone)]),
         ["第 1 个要素"])
    case("zones-three-point-ring.geojson", "zones",
         collection([feature({"type": "Polygon", "coordinates": [[RING[0], RING[1], RING[0]]]}, zone)]), ["第 1 个要素"],
         note="a ring of fewer than four positions")
    case("zones-empty-polygon.geojson", "zones", collection([feature({"type": "Polygon", "coordinates": []}, zone)]), ["第 1 个要素"])
    case("zones-point.geojson", "zones", collection([feature(point(), zone)]), ["第 1 个要素"], note="a zone must be a polygon")
    case("zones-bad-target-class.geojson", "zones",
         collection([feature({"type": "Polygon", "coordinates": [RING]}, {"name": "功能区", "kind": "water_function", "target_class": "VII"})]),
         ["第 1 个要素"])
    # Rivers
    case("rivers-one-point.geojson", "rivers",
         collection([feature({"type": "LineString", "coordinates": [[LON, LAT]]}, {"name": "某河"})]), ["第 1 个要素"])
    case("rivers-degenerate-line.geojson", "rivers",
         collection([feature({"type": "LineString", "coordinates": [[LON, LAT], [LON, LAT]]}, {"name": "某河"})]), ["第 1 个要素"],
         note="two identical points: no length")
    case("rivers-polygon.geojson", "rivers", collection([feature({"type": "Polygon", "coordinates": [RING]}, {"name": "某河"})]),
         ["第 1 个要素"])


def csv_cases():
    header = "名称,类型,经度,纬度\n"
    case("csv-empty-file.csv", "outfalls", "", ["为空"])
    case("csv-header-only.csv", "outfalls", header, ["没有"], note="no rows")
    case("csv-no-coordinate-columns.csv", "outfalls", "名称,类型,位置\n甲,other,大埔镇\n", ["经度"])
    case("csv-lon-not-number.csv", "outfalls", header + "甲,other,109.40,24.75\n乙,other,东经一百零九度,24.75\n", ["第 3 行"])
    case("csv-missing-lat.csv", "outfalls", header + "甲,other,109.40,\n", ["第 2 行"])
    case("csv-nan.csv", "outfalls", header + "甲,other,NaN,24.75\n", ["第 2 行"])
    case("csv-infinity.csv", "outfalls", header + "甲,other,inf,24.75\n", ["第 2 行"])
    case("csv-swapped-columns.csv", "outfalls", header + "甲,other,24.75,109.40\n", ["第 2 行"])
    case("csv-out-of-region.csv", "outfalls", header + "甲,other,116.39,39.91\n", ["第 2 行"], note="Beijing, not Liucheng")
    case("csv-unterminated-quote.csv", "outfalls", header + '"甲,other,109.40,24.75\n', ["第 2 行"])
    case("csv-ragged-row.csv", "outfalls", header + "甲,other,109.40,24.75,多余,再多\n", ["第 2 行"])
    case("csv-bad-dms.csv", "outfalls", header + "甲,other,109°99'00\",24.75\n", ["第 2 行"], note="99 minutes")
    case("csv-unknown-type.csv", "outfalls", header + "甲,秘密排口,109.40,24.75\n", ["第 2 行", "秘密排口"])
    case("csv-gbk-declared-utf8.csv", "outfalls", (header + "甲排口,other,109.40,24.75\n").encode("gbk"), ["UTF-8"],
         args=["--encoding", "utf-8"], note="GBK bytes, user says UTF-8")
    case("csv-utf8-declared-gbk.csv", "outfalls", (header + "甲排口,other,109.40,24.75\n").encode("utf-8"), ["GBK"],
         args=["--encoding", "gbk"], note="UTF-8 bytes, user says GBK: the headers come out as mojibake and no column is found")
    case("csv-duplicate-local-code.csv", "outfalls",
         "名称,类型,经度,纬度,local_code\n甲,other,109.40,24.75,LC-1\n乙,other,109.41,24.75,LC-1\n", ["LC-1"])
    case("csv-too-many-rows.csv", "outfalls", header + "".join("排口%d,other,%.4f,24.75\n" % (i, LON + i * 1e-4) for i in range(4)),
         ["超过每次导入的上限 3 个"], args=["--max-features", "3"])
    case("csv-long-responsible.csv", "outfalls", "名称,类型,经度,纬度,责任主体\n甲,other,109.40,24.75,%s\n" % ("某" * 3000),
         ["第 2 行", "超过上限 2000 个字符"])
    case("csv-binary.csv", "outfalls", bytes(range(256)) * 4, ["第"], note="random binary bytes")


def kml_document(placemarks):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            + "".join(placemarks) + "</Document></kml>\n")


def placemark(name, geometry, data=None):
    extended = ""
    if data:
        extended = "<ExtendedData>" + "".join('<Data name="%s"><value>%s</value></Data>' % kv for kv in data.items()) + "</ExtendedData>"
    return "<Placemark><name>%s</name>%s%s</Placemark>" % (name, extended, geometry)


def kml_point(lon, lat):
    return "<Point><coordinates>%s,%s</coordinates></Point>" % (lon, lat)


def zip_bytes(entries, method=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data)
    return buffer.getvalue()


def kml_cases():
    good = kml_document([placemark("甲", kml_point(LON, LAT), {"type": "other"})])
    case("kml-truncated.kml", "outfalls", good[: len(good) // 2], ["kml"])
    case("kml-not-xml.kml", "outfalls", "这不是 KML 文件\n", ["kml"])
    case("kml-outfall-linestring.kml", "outfalls",
         kml_document([placemark("甲", "<LineString><coordinates>109.40,24.75 109.41,24.75</coordinates></LineString>", {"type": "other"})]),
         ["第 1 个要素"])
    case("kml-swapped-coordinates.kml", "outfalls", kml_document([placemark("甲", kml_point(LAT, LON), {"type": "other"})]), ["第 1 个要素"])
    case("kml-missing-type.kml", "outfalls", kml_document([placemark("甲", kml_point(LON, LAT))]), ["第 1 个要素"])
    case("kml-empty-coordinates.kml", "outfalls",
         kml_document([placemark("甲", "<Point><coordinates></coordinates></Point>", {"type": "other"})]), ["第 1 个要素"])
    case("kmz-path-traversal.kmz", "outfalls", zip_bytes([("../../evil.kml", good)]), ["../../evil.kml"],
         note="an entry that would be written outside the archive")
    case("kmz-absolute-path.kmz", "outfalls", zip_bytes([("/etc/evil.kml", good)]), ["/etc/evil.kml"])
    case("kmz-zip-bomb.kmz", "outfalls", zip_bytes([("doc.kml", good), ("files/bomb.bin", b"\0" * (20 << 20))]), ["压缩炸弹"],
         note="20 MiB of zeros packed into about 20 KB")
    case("kmz-no-kml.kmz", "outfalls", zip_bytes([("files/readme.txt", "没有 KML")]), ["没有 .kml"])
    case("kmz-not-zip.kmz", "outfalls", good, ["kmz", "zip"], note="a plain KML named .kmz")
    kmz = zip_bytes([("doc.kml", good)])
    case("kmz-truncated.kmz", "outfalls", kmz[: len(kmz) // 2], ["zip"])


def ogr(destination, driver, source_text, source_name, extra=()):
    with tempfile.TemporaryDirectory() as scratch:
        source = os.path.join(scratch, source_name)
        with open(source, "w", encoding="utf-8") as f:
            f.write(source_text)
        subprocess.run(["ogr2ogr", "-f", driver, destination, source] + list(extra), check=True, capture_output=True)


def shapefile_zip(name, geojson, extra=(), drop=()):
    with tempfile.TemporaryDirectory() as scratch:
        shp = os.path.join(scratch, "layer.shp")
        ogr(shp, "ESRI Shapefile", geojson, "layer.geojson", ["-lco", "ENCODING=UTF-8"] + list(extra))
        entries = []
        for f in sorted(os.listdir(scratch)):
            if f.startswith("layer.") and f.rsplit(".", 1)[1] not in drop and not f.endswith(".geojson"):
                with open(os.path.join(scratch, f), "rb") as fh:
                    entries.append((f, fh.read()))
        return zip_bytes(entries)


def shapefile_cases():
    points = collection([feature(point(), {"name": "甲", "type": "other"})])
    polygons = collection([feature({"type": "Polygon", "coordinates": [RING]}, {"name": "甲", "type": "other"})])
    case("shp-no-shp.zip", "outfalls", zip_bytes([("readme.txt", "没有 Shapefile")]), ["没有 .shp"])
    both = zipfile.ZipFile(io.BytesIO(shapefile_zip("a", points)))
    entries = [(n, both.read(n)) for n in both.namelist()] + [("b" + n[5:], both.read(n)) for n in both.namelist()]
    case("shp-two-shapefiles.zip", "outfalls", zip_bytes([(n if n.startswith("b") else n, d) for n, d in entries]), ["多个 Shapefile"])
    case("shp-polygon-into-outfalls.zip", "outfalls", shapefile_zip("p", polygons), ["第 1 个要素"])
    case("shp-projected-without-prj.zip", "outfalls",
         shapefile_zip("q", collection([feature(point(), {"name": "甲", "type": "other"})]), ["-t_srs", "EPSG:4545"], drop=("prj",)),
         ["第 1 个要素"], note="Gauss-Krüger metres with the .prj lost: read as degrees, far outside the region")
    odd = shapefile_zip("r", points, ["-t_srs", "+proj=tmerc +lat_0=0 +lon_0=111.11 +k=0.9 +x_0=123456 +y_0=0 +ellps=GRS80 +units=m +no_defs"])
    case("shp-unidentified-prj.zip", "outfalls", odd, ["--crs"], note="a .prj no EPSG code matches")
    good = shapefile_zip("s", points)
    z = zipfile.ZipFile(io.BytesIO(good))
    case("shp-truncated-shp.zip", "outfalls",
         zip_bytes([(n, z.read(n)[:60] if n.endswith(".shp") else z.read(n)) for n in z.namelist()]), ["shp"],
         note="the .shp cut after its header")
    case("shp-not-zip.zip", "outfalls", "这不是压缩包", ["zip"])


def geopackage_cases():
    points = collection([feature(point(), {"name": "甲", "type": "other"})])
    polygons = collection([feature({"type": "Polygon", "coordinates": [RING]}, {"name": "甲", "type": "other"})])
    case("gpkg-not-sqlite.gpkg", "outfalls", b"SQLite format 2\0" + bytes(range(256)) * 8, ["gpkg"])
    for name, text, expect, args, note in [
        ("gpkg-two-layers.gpkg", None, ["多个图层"], [], "two map tables and no --layer-name"),
        ("gpkg-polygon-into-outfalls.gpkg", polygons, ["第 1 个要素"], [], ""),
        ("gpkg-out-of-region.gpkg", collection([feature(point(116.39, 39.91), {"name": "甲", "type": "other"})]), ["第 1 个要素"], [], ""),
        ("gpkg-missing-layer-name.gpkg", points, ["没有图层“nope”"], ["--layer-name", "nope"], ""),
    ]:
        path = os.path.join(OUT, name)
        if os.path.exists(path):
            os.remove(path)
        if text is None:
            ogr(path, "GPKG", points, "a.geojson", ["-nln", "a"])
            ogr(path, "GPKG", points, "b.geojson", ["-nln", "b", "-update"])
        else:
            ogr(path, "GPKG", text, "layer.geojson", ["-nln", "layer"])
        cases.append({"file": name, "layer": "outfalls", "args": args, "expect": expect, "note": note})


def xlsx_workbook(shared_string, declare_size=None):
    """A minimal but complete XLSX (one sheet: 名称, 类型, 经度, 纬度 and one row) whose one
    shared string is `shared_string`. With `declare_size`, the zip's local and central headers
    claim that the shared-strings part unpacks to that many bytes: a lie that only inflating
    the part reveals."""
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<sheets><sheet name="outfalls" sheetId="1" r:id="rId1"/></sheets></workbook>')
    workbook_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                     '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                     '</Relationships>')
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c><c r="B1" t="inlineStr"><is><t>类型</t></is></c>'
             '<c r="C1" t="inlineStr"><is><t>经度</t></is></c><c r="D1" t="inlineStr"><is><t>纬度</t></is></c></row>'
             '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t>other</t></is></c>'
             '<c r="C2"><v>109.4</v></c><c r="D2"><v>24.75</v></c></row>'
             '</sheetData></worksheet>')
    strings = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
               .encode() + shared_string + b'</t></si></sst>')
    data = zip_bytes([("[Content_Types].xml", ct), ("_rels/.rels", rels), ("xl/workbook.xml", workbook),
                      ("xl/_rels/workbook.xml.rels", workbook_rels), ("xl/worksheets/sheet1.xml", sheet),
                      ("xl/sharedStrings.xml", strings)])
    if declare_size is None:
        return data
    data = bytearray(data)
    name = b"xl/sharedStrings.xml"
    real = len(strings).to_bytes(4, "little")
    lie = declare_size.to_bytes(4, "little")
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while True:
            at = data.find(signature, at)
            if at < 0:
                break
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name and data[at + size_at:at + size_at + 4] == real:
                data[at + size_at:at + size_at + 4] = lie
            at += 4
    return bytes(data)


def xlsx_cases():
    case("xlsx-not-zip.xlsx", "outfalls", "名称,经度,纬度\n", ["xlsx"])
    path = os.path.join(OUT, "xlsx-no-coordinates.xlsx")
    if os.path.exists(path):
        os.remove(path)
    ogr(path, "XLSX", "名称,类型,位置\n甲,other,大埔镇\n", "sheet.csv")
    cases.append({"file": "xlsx-no-coordinates.xlsx", "layer": "outfalls", "args": [], "expect": ["经度"], "note": "no coordinate columns"})
    case("xlsx-shared-string-bomb.xlsx", "outfalls", xlsx_workbook(b"A" * (300 << 20)), ["压缩炸弹"],
         note="one shared string that unpacks to 300 MiB, about 300 KiB packed")
    case("xlsx-lying-sizes.xlsx", "outfalls", xlsx_workbook(b"A" * (200 << 20), declare_size=1000), ["sharedStrings.xml", "超过上限"],
         note="the zip claims the shared strings unpack to 1,000 bytes; they unpack to 200 MiB")
    path = os.path.join(OUT, "xlsx-long-name.xlsx")
    if os.path.exists(path):
        os.remove(path)
    ogr(path, "XLSX", "名称,类型,经度,纬度\n%s,other,109.40,24.75\n" % ("长" * 5000), "sheet.csv")
    cases.append({"file": "xlsx-long-name.xlsx", "layer": "outfalls", "args": [], "expect": ["第 2 行", "名称", "超过上限 200 个字符"],
                  "note": "a 5,000-character name"})
    case("xlsx-too-many-rows.xlsx", "outfalls", xlsx_rows(6), ["超过每次导入的上限 5 个"], args=["--max-features", "5"],
         note="six rows with the limit set to five")


def xlsx_rows(n):
    """An XLSX of `n` good outfall rows, written by ogr2ogr."""
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "rows.xlsx")
        ogr(path, "XLSX", "名称,类型,经度,纬度\n" + "".join("排口%d,other,%.4f,24.75\n" % (i, LON + i * 1e-4) for i in range(n)), "sheet.csv")
        with open(path, "rb") as f:
            return f.read()


SURVEY_HEADERS = ["记录编号", "任务来源/疑似编号", "排污口名称", "国家编码", "经度", "纬度", "排污口类型", "调查日期", "pH", "近景1", "远景"]


def survey_row(number, lon=LON, lat=LAT, **cells):
    row = {"记录编号": number, "排污口名称": "排口" + number, "经度": str(lon), "纬度": str(lat), "排污口类型": "其他排口", "调查日期": "2024-06-25"}
    row.update(cells)
    return row


def survey_sheet(rows, headers=SURVEY_HEADERS):
    lines = [",".join(headers)] + [",".join(r.get(h, "") for h in headers) for r in rows]
    return "\ufeff" + "\r\n".join(lines) + "\r\n"


def png_header(width, height):
    import struct
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", width, height) + b"\x08\x02\x00\x00\x00" + b"\x00" * 4


def survey_cases():
    """Field survey sheets (`outfalls survey import`) and their photos: every case is refused
    with the database and the attachment folder unchanged."""
    photos = os.path.join(OUT, "survey-photos")
    os.makedirs(photos)
    from PIL import Image
    Image.new("RGB", (64, 48), (90, 140, 200)).save(os.path.join(photos, "good.jpg"), "JPEG")
    with open(os.path.join(photos, "page.jpg"), "wb") as f:
        f.write(b"<!DOCTYPE html><html><body>not a photo</body></html>")
    with open(os.path.join(photos, "huge.png"), "wb") as f:
        f.write(png_header(50000, 50000))
    folder = ["--photos", "corpus:malformed/survey-photos"]
    case("survey-missing-column.csv", "survey", survey_sheet([survey_row("M1")], [h for h in SURVEY_HEADERS if h != "调查日期"]), ["调查日期", "缺少必需列"])
    case("survey-bad-coordinates.csv", "survey", survey_sheet([survey_row("B1", lon="东经一百度")]), ["第 2 行", "坐标"])
    case("survey-out-of-region.csv", "survey", survey_sheet([survey_row("B2", lon=116.40, lat=39.90)]), ["第 2 行", "区域"], note="Beijing")
    case("survey-bad-date.csv", "survey", survey_sheet([survey_row("D1", **{"调查日期": "2024-13-45"})]), ["第 2 行", "调查日期"])
    case("survey-unknown-type.csv", "survey", survey_sheet([survey_row("T1", **{"排污口类型": "秘密排口"})]), ["第 2 行", "秘密排口"])
    case("survey-duplicate-number.csv", "survey", survey_sheet([survey_row("R1"), survey_row("R1")]), ["第 3 行", "重复"])
    case("survey-example-row.csv", "survey", survey_sheet([survey_row("示例-001")]), ["示例行"], note="the template's example row left in")
    case("survey-ph-out-of-range.csv", "survey", survey_sheet([survey_row("P1", pH="15")]), ["第 2 行", "pH"])
    case("survey-unknown-suspect.csv", "survey", survey_sheet([survey_row("S1", **{"任务来源/疑似编号": "UAV-404"})]), ["UAV-404"])
    case("survey-photo-missing.csv", "survey", survey_sheet([survey_row("F1", **{"近景1": "nothere.jpg"})]), ["nothere.jpg", "不存在"], args=folder)
    case("survey-photo-without-folder.csv", "survey", survey_sheet([survey_row("F2", **{"近景1": "good.jpg"})]), ["--photos"])
    case("survey-photo-path.csv", "survey", survey_sheet([survey_row("F3", **{"近景1": "../good.jpg"})]), ["路径"], args=folder)
    case("survey-photo-html.csv", "survey", survey_sheet([survey_row("H1", **{"近景1": "good.jpg"}), survey_row("H2", **{"近景1": "page.jpg"})]),
         ["第 3 行", "page.jpg", "不是 JPEG"], args=folder, note="an HTML page renamed .jpg, after a good photo that was staged")
    case("survey-photo-huge-png.csv", "survey", survey_sheet([survey_row("G1", **{"近景1": "good.jpg", "远景": "huge.png"})]),
         ["huge.png", "50000×50000"], args=folder, note="a PNG header claiming 50,000 × 50,000 pixels")
    with open(os.path.join(OUT, "survey-photos-traversal.zip"), "wb") as f:
        f.write(zip_bytes([("../good.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100)]))
    case("survey-zip-traversal.csv", "survey", survey_sheet([survey_row("Z1", **{"近景1": "good.jpg"})]), ["指向包外", "../good.jpg"],
         args=["--photos", "corpus:malformed/survey-photos-traversal.zip"])
    with open(os.path.join(OUT, "survey-photos-bomb.zip"), "wb") as f:
        f.write(zip_bytes([("bomb.jpg", b"\xff\xd8\xff" + bytes(30 * 1024 * 1024))]))
    case("survey-zip-bomb.csv", "survey", survey_sheet([survey_row("Z2", **{"近景1": "bomb.jpg"})]), ["压缩炸弹"],
         args=["--photos", "corpus:malformed/survey-photos-bomb.zip"], note="30 MiB of zeros behind a JPEG signature")
    case("survey-not-a-sheet.geojson", "survey", collection(good_outfalls(1)), [".csv 或 .xlsx"])
    # Level-1 suspect lists (`outfalls suspects import`).
    case("suspects-linestring.geojson", "suspects", collection([feature({"type": "LineString", "coordinates": [[LON, LAT], [LON + 0.01, LAT]]}, {})]),
         ["第 1 个要素", "应为点"])
    case("suspects-out-of-region.csv", "suspects", "编号,经度,纬度\nS1,116.40,39.90\n", ["第 2 行", "区域"])
    case("suspects-duplicate-number.csv", "suspects", "编号,经度,纬度\nS1,%s,%s\nS1,%s,%s\n" % (LON, LAT, LON + 0.001, LAT), ["第 3 行", "重复"])
    case("suspects-bad-coordinates.csv", "suspects", "编号,经度,纬度\nS1,abc,%s\n" % LAT, ["第 2 行"])


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    geojson_cases()
    csv_cases()
    kml_cases()
    shapefile_cases()
    geopackage_cases()
    xlsx_cases()
    survey_cases()
    with open(os.path.join(HERE, "cases.json"), "w", encoding="utf-8") as f:
        json.dump({"note": "Written by make_malformed.py; every file must be refused, naming the file, with these texts.",
                   "cases": cases}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("%d malformed files in %s" % (len(cases), OUT))


if __name__ == "__main__":
    main()
