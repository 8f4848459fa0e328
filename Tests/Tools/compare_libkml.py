#!/usr/bin/python3
"""Reads a KML or KMZ export with GDAL's LIBKML driver (what QGIS uses) and compares it,
feature by feature on `registry_key`, with the same layers exported as GeoJSON.

    compare_libkml.py KML_OR_KMZ GEOJSON_DIRECTORY

For every layer: the LIBKML layer is named as the layer (its Chinese name, no count), and
every property of every GeoJSON feature is there with the same value — text identical,
numbers equal (as Real), booleans as Integer 1/0 — and the geometry agrees to 1e-7 degrees.
Prints one JSON object; exits 1 when anything differs. Needs Debian's python3-gdal.
"""
import json
import os
import sys

from osgeo import gdal, ogr

gdal.UseExceptions()
# Anything GDAL warns about while reading ("Value 'true' … parsed incompletely") is a problem.
WARNINGS = []
gdal.PushErrorHandler(lambda level, number, message: WARNINGS.append(message) if level >= gdal.CE_Warning else None)
# Layer names as our KML writes them (LayerKind.chineseName).
NAMES = {"rivers": "河流河段", "zones": "保护区与功能区", "intakes": "饮用水取水口", "sections": "监测断面",
         "areas": "行政区", "outfalls": "入河排污口"}
# LIBKML's own fields; our `name` is read into its `Name`.
STANDARD = ["Name", "description", "timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude",
            "visibility", "drawOrder", "icon"]


def rows(layer):
    definition = layer.GetLayerDefn()
    fields = [definition.GetFieldDefn(i) for i in range(definition.GetFieldCount())]
    result = {}
    for feature in layer:
        values = {}
        for i, field in enumerate(fields):
            if feature.IsFieldSetAndNotNull(i):
                values[field.GetName()] = feature.GetField(i)
        geometry = feature.GetGeometryRef()
        geometry = geometry.Clone() if geometry else None  # the reference dies with the feature
        result[values.get("registry_key")] = (values, None, geometry)
    return fields, result


def coordinates(geometry):
    """Every vertex, rounded to 1e-7 degrees (both files carry 7 decimals), in order: single
    and multi forms of one shape compare equal."""
    if geometry is None:
        return None
    found = []

    def walk(g):
        if g.GetGeometryCount():
            for i in range(g.GetGeometryCount()):
                walk(g.GetGeometryRef(i))
        else:
            found.extend((round(x, 7), round(y, 7)) for x, y, *_ in g.GetPoints() or [])

    walk(geometry)
    return found


def main():
    path, geojson = sys.argv[1], sys.argv[2]
    kml = gdal.OpenEx(path, gdal.OF_VECTOR, allowed_drivers=["LIBKML"])
    report = {"driver": kml.GetDriver().ShortName, "layers": {}, "problems": []}
    problems = report["problems"]
    names = [kml.GetLayer(i).GetName() for i in range(kml.GetLayerCount())]
    report["layer_names"] = names
    for file in sorted(os.listdir(geojson)):
        kind = file.rsplit(".", 1)[0]
        reference = gdal.OpenEx(os.path.join(geojson, file), gdal.OF_VECTOR)
        ref_fields, expected = rows(reference.GetLayer(0))
        layer = kml.GetLayerByName(NAMES[kind])
        if layer is None:
            problems.append("%s: no layer named %s in %s" % (kind, NAMES[kind], names))
            continue
        fields, got = rows(layer)
        types = {f.GetName(): f.GetTypeName() for f in fields}
        report["layers"][kind] = {"name": layer.GetName(), "features": len(got), "fields": len(fields),
                                  "data_fields": len(fields) - len(STANDARD)}
        for f in ref_fields:
            name = "Name" if f.GetName() == "name" else f.GetName()
            if name not in types:
                problems.append("%s: field %s missing" % (kind, name))
            elif f.GetSubType() == ogr.OFSTBoolean and types[name] != "Integer":
                problems.append("%s: boolean %s read as %s" % (kind, name, types[name]))
            elif f.GetType() in (ogr.OFTInteger, ogr.OFTInteger64, ogr.OFTReal) and f.GetSubType() != ogr.OFSTBoolean \
                    and types[name] != "Real":
                problems.append("%s: number %s read as %s" % (kind, name, types[name]))
        if set(got) != set(expected):
            problems.append("%s: %d features, expected %d" % (kind, len(got), len(expected)))
        for key, (values, _, geometry) in expected.items():
            if key not in got:
                continue
            mine, _, my_geometry = got[key]
            for field, value in values.items():
                name = "Name" if field == "name" else field
                other = mine.get(name)
                same = abs(other - value) < 1e-9 if isinstance(value, (int, float)) and isinstance(other, (int, float)) \
                    else other == value
                if not same:
                    problems.append("%s %s: %s = %r, expected %r" % (kind, key, field, other, value))
            if coordinates(geometry) != coordinates(my_geometry):
                problems.append("%s %s: geometry differs" % (kind, key))
    problems.extend("GDAL: %s" % w for w in sorted(set(WARNINGS)))
    del problems[20:]
    print(json.dumps(report, ensure_ascii=False))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
