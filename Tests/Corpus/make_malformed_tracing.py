#!/usr/bin/env python3
"""Writes Tests/Corpus/malformed-tracing/: unit sheets and channel files every tracing importer
must refuse (`outfalls unit import`, `outfalls channel import`), and tracing-cases.json listing
each with its command and the texts its error must contain. Rerun after adding a case."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "malformed-tracing")
HEAD = "单位名称,统一社会信用代码,排污许可证编号,行业,地址,经度,纬度\n"
GOOD = "柳城糖厂,91350100M000100Y43,,制糖,大埔镇,109.235,24.629\n"
# Sample outfall O-09 (柳城糖厂排污口), registry key liucheng-sample:O-09.
O9 = (109.2358092, 24.6282464)
cases = []


def write(name, data, command, expect, note=""):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    cases.append({"file": name, "command": command, "expect": expect, "note": note})


def unit(name, text, expect, note=""):
    write(name, text, "unit", expect, note)


def feature(geometry, **properties):
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def line(*points):
    return {"type": "LineString", "coordinates": [list(p) for p in points]}


def channels(name, features, expect, note="", extra=None):
    collection = {"type": "FeatureCollection", "features": features}
    if extra:
        collection.update(extra)
    write(name, json.dumps(collection, ensure_ascii=False), "channel", expect, note)


os.makedirs(OUT, exist_ok=True)
for old in os.listdir(OUT):
    os.remove(os.path.join(OUT, old))

unit("units-empty.csv", "", ["为空"], "zero bytes")
unit("units-no-name-column.csv", "统一社会信用代码,行业\n91350100M000100Y43,制糖\n", ["没有单位名称列"])
unit("units-two-name-columns.csv", "单位名称,名称\n甲,乙\n", ["同一列"])
unit("units-wrong-check.csv", HEAD + GOOD + "乙厂,91350100M000100Y44,,,,,\n", ["第 3 行", "校验码应为 3"])
unit("units-letter-o.csv", HEAD + "乙厂,91350100M000100YO3,,,,,\n", ["第 2 行", "不是代码字符"], "O is not in the code set")
unit("units-short-code.csv", HEAD + "乙厂,9135010,,,,,\n", ["18 位"])
unit("units-area-code-letters.csv", HEAD + "乙厂,9135A100M000100Y43,,,,,\n", ["行政区划码"])
unit("units-duplicate-code.csv", HEAD + GOOD + GOOD.replace("柳城糖厂", "柳城糖厂二厂"), ["第 3 行", "重复"])
unit("units-duplicate-uncoded-name.csv", HEAD + "甲厂,,,,,,\n甲厂,,,,,,\n", ["第 3 行", "重复"])
unit("units-column-count.csv", HEAD + "甲厂,,,\n", ["第 2 行", "列"])
unit("units-unterminated-quote.csv", HEAD + '"甲厂,,,,,,\n', ["引号未闭合"])
unit("units-lon-without-lat.csv", HEAD + "甲厂,,,,,109.2,\n", ["同时"])
unit("units-coordinates-text.csv", HEAD + "甲厂,,,,,东边,北边\n", ["不是数值"])
unit("units-outside-region.csv", HEAD + "甲厂,,,,,116.4,39.9\n", ["不在配置区域内"], "Beijing")
unit("units-swapped-coordinates.csv", HEAD + "甲厂,,,,,24.629,109.235\n", ["不在配置区域内"])
unit("units-empty-name.csv", HEAD + ",91350100M000100Y43,,,,,\n", ["不能为空"])
unit("units-name-too-long.csv", HEAD + ("厂" * 201) + ",,,,,,\n", ["超过 200 字"])
unit("units-unknown-permitted-outfall.csv", "单位名称,许可排污口\n甲厂,liucheng-sample:O-09、不存在的口\n", ["没有排污口“不存在的口”"])
unit("units-header-only.csv", HEAD, ["没有排污单位记录"])
unit("units-not-utf8-nor-gbk.csv", HEAD.encode("utf-8") + b"\xff\xfe\xfa,,,,,,\n", ["编码"])
unit("units.kml", "<kml/>", ["不支持的格式"])
unit("units-line.geojson", json.dumps({"type": "FeatureCollection", "features": [
    feature({"type": "Point", "coordinates": [109.235, 24.629]}, name="甲厂"),
    feature(line((109.235, 24.629), (109.236, 24.63)), name="乙厂")]}, ensure_ascii=False), ["第 2 个要素", "应为点"])
unit("units-projected.geojson", json.dumps({"type": "FeatureCollection",
    "crs": {"type": "name", "properties": {"name": "EPSG:4545"}},
    "features": [feature({"type": "Point", "coordinates": [523000, 2725000]}, name="甲厂")]}, ensure_ascii=False), ["经纬度"])
unit("units-truncated.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature",', ["第 1 行"])

near = (O9[0], O9[1] + 0.0001)
start = (O9[0] - 0.002, O9[1] + 0.001)
channels("channels-point.geojson", [feature({"type": "Point", "coordinates": list(near)}, 名称="管", 类型="管道")], ["第 1 个要素", "应为线"])
channels("channels-one-vertex.geojson", [feature(line(near), 名称="管", 类型="管道")], ["至少需要 2 个顶点"])
channels("channels-multipart.geojson", [feature({"type": "MultiLineString", "coordinates": [[list(start), list(near)], [list(start), list(near)]]},
    名称="管", 类型="管道")], ["拆成"])
channels("channels-far-end.geojson", [
    feature(line(start, near), 名称="一号管", 类型="管道", 排污口="liucheng-sample:O-09"),
    feature(line(start, (O9[0], O9[1] + 0.001)), 名称="二号管", 类型="管道", 排污口="liucheng-sample:O-09")],
    ["第 2 个要素", "超过容差"], "the second ends 111 m from O-09")
channels("channels-reversed.geojson", [feature(line(near, (O9[0] - 0.01, O9[1] + 0.01)), 名称="管", 类型="管道", 排污口="liucheng-sample:O-09")],
    ["超过容差"], "drawn from the outfall upstream: the last vertex is far")
channels("channels-unknown-outfall.geojson", [feature(line(start, near), 名称="管", 类型="管道", 排污口="不存在的口")], ["没有找到排污口"])
channels("channels-unknown-unit.geojson", [feature(line(start, near), 名称="管", 类型="管道", 排污单位="不存在的厂")], ["没有找到排污单位"])
channels("channels-unknown-kind.geojson", [feature(line(start, near), 名称="管", 类型="地道")], ["不是通道类型"])
channels("channels-no-kind.geojson", [feature(line(start, near), 名称="管")], ["类型", "不能为空"])
channels("channels-no-name.geojson", [feature(line(start, near), 类型="管道")], ["名称", "不能为空"])
channels("channels-nowhere.geojson", [feature(line((109.30, 24.60), (109.301, 24.601)), 名称="管", 类型="管道")], ["没有排污口", "最近的是"])
channels("channels-outside-region.geojson", [feature(line((116.4, 39.9), (116.41, 39.91)), 名称="管", 类型="管道")], ["不在配置区域内"])
channels("channels-empty-collection.geojson", [], ["没有排污通道"])
channels("channels-null-geometry.geojson", [{"type": "Feature", "properties": {"名称": "管"}, "geometry": None}], ["缺少几何"])
write("channels-truncated.geojson", '{"type":"FeatureCollection","features":[', "channel", ["第 1 行"])
write("channels.csv", "名称,类型\n管,管道\n", "channel", ["不支持的格式"])
write("channels-garbage.gpkg", b"not a geopackage at all" * 10, "channel", ["无法读取"])

with open(os.path.join(HERE, "tracing-cases.json"), "w", encoding="utf-8") as f:
    json.dump({"note": "Written by make_malformed_tracing.py; every file must be refused, naming the file, with these texts.",
               "cases": cases}, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(len(cases), "cases")
