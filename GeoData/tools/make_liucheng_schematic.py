#!/usr/bin/env python3
"""Draws the bundled Liucheng County layers. SCHEMATIC: every geometry here is drawn by hand
from the few facts in ../shared/DESIGN.md (county seat position, confluence near 凤山镇, the
county extent) and the HJ 338-2018 extents commonly cited for river-type drinking-water
zones. None of it is surveyed or official.

Run from the repository root (needs shapely and pyproj from PyPI; a developer tool, not a
runtime dependency):

    python3 GeoData/tools/make_liucheng_schematic.py

It rewrites GeoData/liucheng-*.geojson, GeoData/manifest.json and the test fixture
Tests/RegistryTests/Fixtures/liucheng-expected.json, which records what each sample outfall
was drawn to be (river, bank, zones it lies in) so tests can check the registry against it.
The output is deterministic.
"""
import json
import math
import os

from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon, mapping
from shapely.ops import substring, unary_union
import shapely

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEODATA = os.path.join(ROOT, "GeoData")
FIXTURES = os.path.join(ROOT, "Tests", "RegistryTests", "Fixtures")

to_gk = Transformer.from_crs("EPSG:4490", "EPSG:4545", always_xy=True)
to_ll = Transformer.from_crs("EPSG:4545", "EPSG:4490", always_xy=True)

NOTE = "示意数据：为演示手工绘制，非官方或实测数据 (schematic, drawn for illustration)"


def gk(coords):
    return [to_gk.transform(x, y) for x, y in coords]


def ll_coords(coords):
    return [[round(v, 7) for v in to_ll.transform(x, y)] for x, y in coords]


def ll_geometry(geom):
    """A shapely geometry in EPSG:4545 -> GeoJSON geometry dict in lon/lat."""
    if geom.geom_type == "Point":
        return {"type": "Point", "coordinates": ll_coords([(geom.x, geom.y)])[0]}
    if geom.geom_type == "LineString":
        return {"type": "LineString", "coordinates": ll_coords(geom.coords)}
    if geom.geom_type == "Polygon":
        geom = shapely.geometry.polygon.orient(geom, 1.0)
        return {"type": "Polygon", "coordinates": [ll_coords(geom.exterior.coords)] + [ll_coords(r.coords) for r in geom.interiors]}
    if geom.geom_type == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [ll_geometry(p)["coordinates"] for p in geom.geoms]}
    raise ValueError(geom.geom_type)


# --- Rivers (digitised in flow direction: first vertex upstream) -------------------------
RIVERS = {
    "融江": [
        ("RJ-1", [(109.205, 24.830), (109.212, 24.790), (109.222, 24.750), (109.226, 24.712)]),
        ("RJ-2", [(109.226, 24.712), (109.230, 24.685), (109.233, 24.660), (109.236, 24.635)]),
        ("RJ-3", [(109.236, 24.635), (109.243, 24.605), (109.250, 24.575), (109.255, 24.548)]),
    ],
    "龙江": [
        ("LJ-1", [(108.840, 24.600), (108.900, 24.585), (108.960, 24.575), (109.020, 24.570), (109.080, 24.560)]),
        ("LJ-2", [(109.080, 24.560), (109.140, 24.555), (109.200, 24.550), (109.255, 24.548)]),
    ],
    "柳江": [
        ("LIU-1", [(109.255, 24.548), (109.275, 24.525), (109.300, 24.500)]),
        ("LIU-2", [(109.300, 24.500), (109.330, 24.470), (109.360, 24.440), (109.385, 24.400)]),
    ],
    "融江东岸支流（示意）": [("T-RJE", [(109.320, 24.760), (109.280, 24.735), (109.245, 24.718), (109.226, 24.712)])],
    "融江西岸支流（示意）": [("T-RJW", [(109.120, 24.680), (109.170, 24.660), (109.210, 24.642), (109.236, 24.635)])],
    "龙江北岸支流（示意）": [("T-LJN", [(109.040, 24.720), (109.055, 24.680), (109.065, 24.620), (109.080, 24.560)])],
    "柳江东岸支流（示意）": [("T-LIE", [(109.420, 24.560), (109.360, 24.520), (109.300, 24.500)])],
}
# Half widths of the water surface (m), schematic.
HALF_WIDTH = {"融江": 150, "龙江": 120, "柳江": 200}
HALF_WIDTH_DEFAULT = 15

reaches = {}  # reach id -> (river, LineString in 4545)
river_lines = {}  # river -> merged LineString in 4545, in flow direction
for river, parts in RIVERS.items():
    coords = []
    for reach_id, pts in parts:
        line = LineString(gk(pts))
        reaches[reach_id] = (river, line)
        coords += list(line.coords) if not coords else list(line.coords)[1:]
    river_lines[river] = LineString(coords)


def along(river, distance_from_start):
    return river_lines[river].interpolate(distance_from_start)


def frame(river, s):
    """Point and unit left normal (looking downstream) at distance s from the river's start."""
    line = river_lines[river]
    p0 = line.interpolate(max(0, s - 5))
    p1 = line.interpolate(min(line.length, s + 5))
    dx, dy = p1.x - p0.x, p1.y - p0.y
    n = math.hypot(dx, dy)
    return line.interpolate(s), (-dy / n, dx / n)


def bank_point(river, s, bank, offset):
    """The point `offset` metres from the centreline on `bank` ('left'/'right' looking downstream)."""
    p, (nx, ny) = frame(river, s)
    sign = 1 if bank == "left" else -1
    return Point(p.x + sign * nx * offset, p.y + sign * ny * offset)


def corridor(river, s0, s1, half):
    """The band of river between distances s0 < s1 from its start, `half` metres either side."""
    line = river_lines[river]
    sub = substring(line, max(0, s0), min(line.length, s1))
    return sub.buffer(half, cap_style="flat", join_style="round", quad_segs=4)


# --- Intake and drinking-water zones (HJ 338-2018 minimum extents) ---------------------
RJ = "融江"
rj_len = river_lines[RJ].length
seat = Point(to_gk.transform(109.2415, 24.6580))
seat_s = river_lines[RJ].project(seat)
intake_s = seat_s - 3000  # 3 km upstream of the county seat
intake_pt = bank_point(RJ, intake_s, "left", HALF_WIDTH[RJ] - 10)
w = HALF_WIDTH[RJ]
# Distances from the river's start grow downstream; "upstream of the intake" is s < intake_s.
level1 = corridor(RJ, intake_s - 1000, intake_s + 100, w + 50)
level2_outer = corridor(RJ, intake_s - 3000, intake_s + 300, w + 1000)
level2 = level2_outer.difference(level1)
quasi = corridor(RJ, intake_s - 8000, intake_s - 3000, w + 500)

zones = []


def zone(zid, name, kind, geom, level=None, target=None, attains=None, note=None, **extra):
    props = {"name": name, "kind": kind}
    if level is not None:
        props["level"] = level
    if target is not None:
        props["target_class"] = target
    if attains is not None:
        props["attains"] = attains
    props["schematic"] = True
    props["数据说明"] = note or NOTE
    props.update(extra)
    zones.append({"type": "Feature", "id": zid, "properties": props, "geometry": ll_geometry(geom), "_geom": geom})


HJ338 = "按 HJ 338-2018 常用最小范围示意绘制：一级水域取水口上游≥1000 m、下游≥100 m，陆域≥50 m；二级再向上游≥2000 m、下游≥200 m，陆域≥1000 m"
zone("Z-DW-1", "柳城县城融江饮用水水源一级保护区（示意）", "饮用水水源保护区", level1, level="一级", note=NOTE + "；" + HJ338)
zone("Z-DW-2", "柳城县城融江饮用水水源二级保护区（示意）", "饮用水水源保护区", level2, level="二级", note=NOTE + "；" + HJ338)
zone("Z-DW-Q", "柳城县城融江饮用水水源准保护区（示意）", "饮用水水源保护区", quasi, level="准保护区",
     note=NOTE + "；准保护区范围（二级保护区上游 5 km）为假设")

# Liuzhou city's Liujiang zones (2009) lie downstream; their quasi zone is said to reach about
# 17 km upstream of the level-2 zone. Where it starts is not verified: drawn over the last
# 9 km of the Liujiang inside the region.
LIU = "柳江"
liu_len = river_lines[LIU].length
zone("Z-LZ-Q", "柳州市柳江饮用水水源准保护区（示意，范围未核实）", "饮用水水源保护区",
     corridor(LIU, liu_len - 9000, liu_len, HALF_WIDTH[LIU] + 300), level="准保护区",
     note=NOTE + "；柳州市柳江水源保护区（2009）准保护区上延位置未核实，此处仅为示意")

# Water-function zones.
zone("Z-WF-1", "融江柳城上游保留区（示意）", "水功能区", corridor(RJ, 0, intake_s - 8000, w + 30), target="II", attains=True)
zone("Z-WF-2", "融江柳城饮用水源区（示意）", "水功能区", corridor(RJ, intake_s - 8000, intake_s + 1500, w + 30), target="II", attains=True)
zone("Z-WF-3", "融江柳城工业用水区（示意）", "水功能区", corridor(RJ, intake_s + 1500, rj_len, w + 30), target="III", attains=True)
LJ = "龙江"
lj_len = river_lines[LJ].length
lj_split = river_lines[LJ].project(Point(to_gk.transform(109.080, 24.560)))
zone("Z-WF-4", "龙江柳城保留区（示意）", "水功能区", corridor(LJ, 0, lj_split, HALF_WIDTH[LJ] + 30), target="III", attains=True)
zone("Z-WF-5", "龙江凤山农业用水区（示意）", "水功能区", corridor(LJ, lj_split, lj_len, HALF_WIDTH[LJ] + 30), target="III", attains=False,
     达标说明="示意：设为未达标，用于演示“水功能区未达标”规则")
zone("Z-WF-6", "柳江柳城过渡区（示意）", "水功能区", corridor(LIU, 0, liu_len, HALF_WIDTH[LIU] + 30), target="III", attains=True)

# River management area through the county town, and the Liujiang navigation channel.
zone("Z-RM-1", "融江县城段河道管理范围（示意）", "河道管理范围", corridor(RJ, seat_s - 2500, seat_s + 4000, w + 50),
     note=NOTE + "；按水域两侧各 50 m 示意")
zone("Z-NAV-1", "柳江航道（示意）", "航道", corridor(LIU, 0, liu_len, HALF_WIDTH[LIU]))
zone("Z-FISH-1", "龙江重要渔业水体（示意）", "重要渔业水体", corridor(LJ, 6000, 20000, HALF_WIDTH[LJ] + 20))

# An illustrative nature reserve on the Longjiang's northern tributary: core, buffer (with the
# core as a hole) and experimental zone (with the buffer's outline as a hole).
TRIB = "龙江北岸支流（示意）"
centre = river_lines[TRIB].interpolate(4500)
core = centre.buffer(900, quad_segs=8)
buffer_outer = centre.buffer(1800, quad_segs=8)
experimental_outer = centre.buffer(3000, quad_segs=8)
reserve_note = "示例：虚构的自然保护区，仅用于演示规则，现实中此处无此保护区 (illustrative example, not a real reserve)"
zone("Z-NR-C", "示例自然保护区核心区（示意，非真实保护区）", "自然保护区", core, level="核心区", note=reserve_note)
zone("Z-NR-B", "示例自然保护区缓冲区（示意，非真实保护区）", "自然保护区", buffer_outer.difference(core), level="缓冲区", note=reserve_note)
zone("Z-NR-E", "示例自然保护区实验区（示意，非真实保护区）", "自然保护区", experimental_outer.difference(buffer_outer), level="实验区", note=reserve_note)

# --- Intakes and monitoring sections -----------------------------------------------------
intakes = [{
    "type": "Feature", "id": "I-1",
    "properties": {"name": "柳城县城融江饮用水取水口（示意）", "schematic": True, "数据说明": NOTE + "；位置假设在县城上游 3 km 东岸"},
    "geometry": ll_geometry(intake_pt),
}]
confluence_s_liu = 0
sections = [
    {"type": "Feature", "id": "S-1",
     "properties": {"name": "凤山糖厂断面（示意位置）", "kind": "国控断面", "schematic": True,
                    "数据说明": NOTE + "；未找到该国控断面的公开坐标，位置假设在融江、龙江汇合口下游约 2 km"},
     "geometry": ll_geometry(bank_point(LIU, 2000, "left", 0))},
    {"type": "Feature", "id": "S-2",
     "properties": {"name": "融江大埔断面（示意）", "kind": "县控", "schematic": True, "数据说明": NOTE},
     "geometry": ll_geometry(bank_point(RJ, seat_s + 3500, "left", 0))},
    {"type": "Feature", "id": "S-3",
     "properties": {"name": "龙江入境断面（示意）", "kind": "省控", "schematic": True, "数据说明": NOTE},
     "geometry": ll_geometry(bank_point(LJ, 1500, "left", 0))},
]

# --- Administrative areas (schematic partition) ------------------------------------------
county_outline = Polygon(gk([
    (108.84, 24.52), (108.88, 24.45), (109.00, 24.43), (109.20, 24.44), (109.36, 24.43), (109.50, 24.46),
    (109.59, 24.55), (109.60, 24.68), (109.55, 24.80), (109.40, 24.83), (109.22, 24.835), (109.05, 24.80),
    (108.90, 24.72), (108.83, 24.62), (108.84, 24.52),
]))
TOWNSHIPS = [  # name, code, schematic seat (only 大埔镇 and 凤山镇 positions come from DESIGN.md)
    ("大埔镇", "450222100", (109.2415, 24.6580)),
    ("龙头镇", "450222101", (109.16, 24.78)),
    ("太平镇", "450222102", (109.40, 24.76)),
    ("沙埔镇", "450222103", (109.43, 24.62)),
    ("东泉镇", "450222104", (109.52, 24.70)),
    ("凤山镇", "450222105", (109.26, 24.54)),
    ("六塘镇", "450222106", (109.41, 24.49)),
    ("冲脉镇", "450222107", (109.10, 24.66)),
    ("寨隆镇", "450222200", (108.95, 24.72)),
    ("马山镇", "450222201", (109.02, 24.56)),
    ("古砦仫佬族乡", "450222202", (108.92, 24.49)),
    ("社冲乡", "450222203", (109.30, 24.80)),
]
seeds = shapely.MultiPoint([to_gk.transform(*p) for _, _, p in TOWNSHIPS])
cells = shapely.voronoi_polygons(seeds, extend_to=county_outline.buffer(20000))
areas = [{
    "type": "Feature", "id": "A-450222",
    "properties": {"name": "柳城县（示意边界）", "adcode": "450222", "level": "county", "schematic": True,
                   "数据说明": NOTE + "；县界按已知范围（约 108.83–109.60E，24.43–24.83N）粗略勾画"},
    "geometry": ll_geometry(county_outline),
}]
for name, code, seat_ll in TOWNSHIPS:
    p = Point(to_gk.transform(*seat_ll))
    cell = next(c for c in cells.geoms if c.contains(p))
    shape = cell.intersection(county_outline)
    areas.append({
        "type": "Feature", "id": "A-" + code,
        "properties": {"name": name + "（示意边界）", "adcode": code, "level": "乡镇", "schematic": True,
                       "数据说明": NOTE + "；乡镇界为按假设的驻地位置划分的泰森多边形，非官方界线"},
        "geometry": ll_geometry(shape),
    })

# --- Sample outfalls ---------------------------------------------------------------------
# (id, name, type label, status label, responsible, river, distance from river start (m) or
#  ("seat", offset), bank, offset from centreline (m))
def at_seat(delta):
    return seat_s + delta


def in_reserve(point_in_zone):
    return point_in_zone


O = []


def outfall(oid, name, typ, status, responsible, river, s, bank, offset, **extra):
    O.append((oid, name, typ, status, responsible, river, s, bank, offset, extra))


trib_w = HALF_WIDTH_DEFAULT
rjw = "融江西岸支流（示意）"
rje = "融江东岸支流（示意）"
lie = "柳江东岸支流（示意）"
outfall("O-01", "柳城县城污水处理厂排污口", "城镇污水处理厂排污口", "在用", "柳城县城污水处理厂", RJ, at_seat(1800), "left", w + 15)
outfall("O-02", "柳城县大埔镇城北雨洪排口", "城镇雨洪排口", "在用", "柳城县住房和城乡建设局", RJ, at_seat(-1200), "left", w + 10)
outfall("O-03", "柳城县大埔镇城南雨洪排口", "城镇雨洪排口", "在用", "柳城县住房和城乡建设局", RJ, at_seat(900), "left", w + 10)
outfall("O-04", "柳城县大埔镇码头路生活污水散排口", "城镇生活污水散排口", "整治中", "柳城县大埔镇人民政府", RJ, at_seat(-300), "left", w + 5)
outfall("O-05", "柳城县大埔镇老街生活污水散排口", "城镇生活污水散排口", "整治中", "柳城县大埔镇人民政府", RJ, at_seat(250), "left", w + 5)
outfall("O-06", "柳城县大埔码头排口", "港口码头排口", "在用", "柳城县交通运输局", RJ, at_seat(100), "left", w + 20)
outfall("O-07", "柳城县河西工业区污水处理厂排污口", "工业及其他各类园区污水处理厂排污口", "在用", "柳城县河西工业区管理委员会", RJ, at_seat(2600), "right", w + 20)
outfall("O-08", "柳城县河西工业区雨洪排口", "工业及其他各类园区雨洪排口", "在用", "柳城县河西工业区管理委员会", RJ, at_seat(1500), "right", w + 10)
outfall("O-09", "柳城糖厂排污口", "工矿企业排污口", "在用", "柳城糖厂", RJ, at_seat(3200), "right", w + 25)
outfall("O-10", "柳城糖厂雨洪排口", "工矿企业雨洪排口", "在用", "柳城糖厂", RJ, at_seat(3000), "right", w + 15)
outfall("O-11", "凤山糖厂排污口", "工矿企业排污口", "在用", "凤山糖厂", LIU, 700, "left", HALF_WIDTH[LIU] + 20)
outfall("O-12", "凤山糖厂雨洪排口", "工矿企业雨洪排口", "在用", "凤山糖厂", LIU, 1100, "left", HALF_WIDTH[LIU] + 10)
outfall("O-13", "柳城县河西工业区某建材企业排污口（示意）", "工矿企业排污口", "在用", "某建材企业（示意）", RJ, at_seat(2100), "right", w + 15)
outfall("O-14", "柳城县冲脉镇某生猪养殖场排污口（示意）", "规模化畜禽养殖排污口", "在用", "某生猪养殖场（示意）", rjw, 4000, "left", trib_w + 10)
outfall("O-15", "柳城县马山镇某养殖场排污口（示意）", "规模化畜禽养殖排污口", "整治中", "某养殖场（示意）", LJ, 24000, "left", HALF_WIDTH[LJ] + 20)
outfall("O-16", "柳城县沙埔镇某养殖户排污口（示意）", "规模以下畜禽养殖排污口", "在用", "某养殖户（示意）", lie, 3000, "right", trib_w + 8)
outfall("O-17", "柳城县社冲乡某养殖户排污口（示意）", "规模以下畜禽养殖排污口", "在用", "某养殖户（示意）", rje, 2500, "left", trib_w + 8)
outfall("O-18", "柳城县马山镇龙江某水产养殖场排口（示意）", "规模化水产养殖排污口", "在用", "某水产养殖场（示意）", LJ, 16000, "right", HALF_WIDTH[LJ] + 15)
outfall("O-19", "柳城县凤山镇某鱼塘排口（示意）", "规模以下水产养殖排污口", "在用", "某鱼塘承包户（示意）", LJ, 33000, "right", HALF_WIDTH[LJ] + 10)
outfall("O-20", "柳城县六塘镇某鱼塘排口（示意）", "规模以下水产养殖排污口", "在用", "某鱼塘承包户（示意）", LIU, 9000, "left", HALF_WIDTH[LIU] + 10)
outfall("O-21", "柳城县龙头镇某村生活污水散排口（示意）", "农村生活污水散排口", "在用", "柳城县龙头镇人民政府", RJ, 6000, "right", w + 10)
outfall("O-22", "柳城县寨隆镇某村生活污水散排口（示意）", "农村生活污水散排口", "在用", "柳城县寨隆镇人民政府", LJ, 5000, "left", HALF_WIDTH[LJ] + 10)
outfall("O-23", "柳城县凤山镇某村生活污水散排口（示意）", "农村生活污水散排口", "整治中", "柳城县凤山镇人民政府", LJ, 37000, "left", HALF_WIDTH[LJ] + 10)
outfall("O-24", "柳城县冲脉镇污水处理设施排污口（示意）", "农村污水处理设施排污口", "在用", "柳城县冲脉镇人民政府", rjw, 1500, "right", trib_w + 10)
outfall("O-25", "柳城县凤山镇污水处理设施排污口（示意）", "农村污水处理设施排污口", "在用", "柳城县凤山镇人民政府", LIU, 300, "left", HALF_WIDTH[LIU] + 15)
outfall("O-26", "柳城县马山镇某灌区退水口（示意）", "大中型灌区排口", "在用", "某灌区管理所（示意）", LJ, 28000, "left", HALF_WIDTH[LJ] + 10)
outfall("O-27", "柳城县太平镇某排口（示意）", "其他排口", "在用", "柳城县太平镇人民政府", rje, 1200, "right", trib_w + 5)
outfall("O-28", "柳城县大埔镇某排口（待核实）（示意）", "暂无法确定", "在用", "待查", RJ, at_seat(-2000), "right", w + 10)
outfall("O-29", "柳城县六塘镇某排口（待核实）（示意）", "暂无法确定", "在用", "待查", LIU, 12000, "right", HALF_WIDTH[LIU] + 10)
# Deliberately inside protected zones (the 依法查处 list).
outfall("O-30", "柳城县大埔镇水源地上游某村生活污水散排口（示意）", "农村生活污水散排口", "在用", "柳城县大埔镇人民政府", RJ, intake_s - 500, "right", w + 20,
        说明="示意：故意置于饮用水水源一级保护区内")
outfall("O-31", "柳城县大埔镇某鱼塘排口（示意）", "规模以下水产养殖排污口", "在用", "某鱼塘承包户（示意）", RJ, intake_s - 2000, "left", w + 300,
        说明="示意：故意置于饮用水水源二级保护区内")
outfall("O-32", "柳城县龙头镇某养殖户排污口（示意）", "规模以下畜禽养殖排污口", "在用", "某养殖户（示意）", RJ, intake_s - 5000, "right", w + 200,
        说明="示意：故意置于饮用水水源准保护区内")
outfall("O-33", "柳城县古砦仫佬族乡某排口（示意）", "农村生活污水散排口", "在用", "柳城县古砦仫佬族乡人民政府", TRIB, 4500, "left", trib_w + 10,
        说明="示意：故意置于示例自然保护区核心区内")
outfall("O-34", "柳城县古砦仫佬族乡某养殖户排污口（示意）", "规模以下畜禽养殖排污口", "在用", "某养殖户（示意）", TRIB, 2200, "right", trib_w + 10,
        说明="示意：故意置于示例自然保护区实验区内")
outfall("O-35", "柳城县六塘镇某企业排污口（示意）", "工矿企业排污口", "在用", "某企业（示意）", LIU, liu_len - 4000, "left", HALF_WIDTH[LIU] + 40,
        说明="示意：位于柳州市柳江水源准保护区示意范围内")
outfall("O-36", "柳城县马山镇龙江某企业排污口（示意）", "工矿企业排污口", "在用", "某企业（示意）", LJ, 12000, "left", HALF_WIDTH[LJ] + 10,
        说明="示意：位于龙江重要渔业水体示意范围内")
outfall("O-37", "柳城县凤山镇龙江某企业排污口（示意）", "工矿企业排污口", "在用", "某企业（示意）", LJ, 35000, "right", HALF_WIDTH[LJ] + 15,
        说明="示意：位于未达标水功能区")
outfall("O-38", "柳城县凤山镇污水处理厂排污口（示意）", "城镇污水处理厂排污口", "在用", "柳城县凤山镇人民政府", LJ, 36500, "left", HALF_WIDTH[LJ] + 15,
        说明="示意：位于未达标水功能区，但属城镇污水处理厂（例外）")
outfall("O-39", "柳城县大埔镇拟设某企业排污口（示意）", "工矿企业排污口", "拟设置", "某企业（示意）", RJ, at_seat(4500), "right", w + 20,
        说明="示意：拟设排污口，供审批前核查演示")
outfall("O-40", "柳城县凤山镇柳江码头排口（示意）", "港口码头排口", "在用", "某航运公司（示意）", LIU, 5000, "right", HALF_WIDTH[LIU] + 10)
outfall("O-41", "柳城县东泉镇某村生活污水散排口（示意）", "农村生活污水散排口", "已取缔/封堵", "柳城县东泉镇人民政府", lie, 6000, "left", trib_w + 6)
outfall("O-42", "柳城县沙埔镇某企业雨洪排口（示意）", "工矿企业雨洪排口", "停用", "某企业（示意）", lie, 8000, "right", trib_w + 10)

outfall_features = []
expected = []
for oid, name, typ, status, responsible, river, s, bank, offset, extra in O:
    pt = bank_point(river, s, bank, offset)
    props = {"name": name, "type": typ, "status": status, "responsible": responsible, "受纳水体": river.replace("（示意）", ""),
             "schematic": True, "数据说明": NOTE}
    props.update(extra)
    outfall_features.append({"type": "Feature", "id": oid, "properties": props, "geometry": ll_geometry(pt)})
    in_zones = sorted(z["id"] for z in zones if z["_geom"].covers(pt))
    reach = next(rid for rid, (rv, line) in reaches.items() if rv == river and line.distance(pt) < offset + 1)
    line = river_lines[river]
    expected.append({
        "id": oid, "name": name, "river": river, "reach": reach, "bank": bank, "offset_m": round(offset, 3),
        "measure_m": round(line.length - line.project(pt), 1), "zones": in_zones,
    })


def collection(name, features, description):
    for f in features:
        f.pop("_geom", None)
    return {"type": "FeatureCollection", "name": name, "description": description, "features": features}


def river_features():
    out = []
    for river, parts in RIVERS.items():
        for reach_id, pts in parts:
            _, line = reaches[reach_id]
            out.append({"type": "Feature", "id": reach_id,
                        "properties": {"name": river, "reach_id": reach_id, "schematic": True,
                                       "数据说明": NOTE + "；河道中心线按方向示意勾画，按水流方向数字化"},
                        "geometry": ll_geometry(line)})
    return out


def write(name, data):
    path = os.path.join(GEODATA, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


SCHEMATIC = "【示意数据 SCHEMATIC】"
write("liucheng-rivers.geojson", collection("liucheng-rivers", river_features(), SCHEMATIC + "柳城县河流示意中心线"))
write("liucheng-zones.geojson", collection("liucheng-zones", zones, SCHEMATIC + "保护区、水功能区等示意范围"))
write("liucheng-intakes.geojson", collection("liucheng-intakes", intakes, SCHEMATIC + "饮用水取水口示意位置"))
write("liucheng-sections.geojson", collection("liucheng-sections", sections, SCHEMATIC + "监测断面示意位置"))
write("liucheng-areas.geojson", collection("liucheng-areas", areas, SCHEMATIC + "行政区示意边界"))
write("liucheng-outfalls.geojson", collection("liucheng-outfalls", outfall_features, SCHEMATIC + "排污口示例，非真实排污口"))

LICENCE = "CC0 1.0 — 本项目自行绘制 (drawn by the Outfall Registry project, public domain dedication)"
manifest = {
    "description": "柳城县随附示意数据 (bundled schematic Liucheng layers); see GeoData/README.md",
    "region": {"name": "柳城县", "bbox": [108.78, 24.38, 109.65, 24.88]},
    "county_adcode": "450222",
    "rules": "siting-rules.json",
    "layers": [
        {"layer": "rivers", "file": "liucheng-rivers.geojson", "schematic": True, "licence": LICENCE,
         "source": "按 DESIGN.md 所述走向手工示意绘制：融江南流经大埔镇西侧，于凤山镇附近与自西而来的龙江汇合为柳江，向东南流往柳州",
         "accuracy": "示意：与真实河道偏差可达数百米至数公里；仅拓扑（汇流关系与流向）有意义"},
        {"layer": "areas", "file": "liucheng-areas.geojson", "schematic": True, "licence": LICENCE,
         "source": "县界按已知范围粗略勾画；乡镇界为按假设驻地位置划分的泰森多边形；乡镇代码来自 DESIGN.md",
         "accuracy": "示意：边界非官方，误差可达数公里；代码 450222100–450222203 为真实区划代码"},
        {"layer": "zones", "file": "liucheng-zones.geojson", "schematic": True, "licence": LICENCE,
         "source": "饮用水水源保护区按 HJ 338-2018 常用最小范围沿示意河道生成；水功能区、河道管理范围、航道、渔业水体为示意；自然保护区为虚构示例",
         "accuracy": "示意：无官方批复范围可用；批复的保护区矢量应以 outfalls import zones 导入并优先使用"},
        {"layer": "intakes", "file": "liucheng-intakes.geojson", "schematic": True, "licence": LICENCE,
         "source": "县城取水口位置为假设（县城上游约 3 km 东岸）", "accuracy": "示意：未找到公开坐标"},
        {"layer": "sections", "file": "liucheng-sections.geojson", "schematic": True, "licence": LICENCE,
         "source": "凤山糖厂国控断面名称真实，位置为假设；其余断面为示意", "accuracy": "示意：未找到公开坐标"},
        {"layer": "outfalls", "file": "liucheng-outfalls.geojson", "schematic": True, "licence": LICENCE,
         "source": "按 HJ 1312-2023 类型编造的示例排污口；县城污水处理厂、柳城糖厂、凤山糖厂、河西工业区为真实单位名称，其排口位置均为假设",
         "accuracy": "示意：非真实排污口；部分故意置于保护区内以演示核查"},
    ],
}
write("manifest.json", manifest)
os.makedirs(FIXTURES, exist_ok=True)
with open(os.path.join(FIXTURES, "liucheng-expected.json"), "w", encoding="utf-8") as f:
    points = {}
    for fs in (sections, intakes):
        for feature in fs:
            lon, lat = feature["geometry"]["coordinates"]
            pt = Point(to_gk.transform(lon, lat))
            river = min(river_lines, key=lambda r: river_lines[r].distance(pt))
            points[feature["id"]] = {"river": river, "measure_m": round(river_lines[river].length - river_lines[river].project(pt), 1)}
    json.dump({
        "intake_measure_m": round(rj_len - intake_s, 1),
        "river_lengths_m": {name: round(line.length, 1) for name, line in river_lines.items()},
        "points": points,
        "outfalls": expected,
    }, f, ensure_ascii=False, indent=1)
    f.write("\n")

for name, geom in [("level1", level1), ("level2", level2), ("quasi", quasi)]:
    assert geom.is_valid, name
print("wrote", len(O), "outfalls,", len(zones), "zones,", len(areas), "areas,", len(reaches), "reaches")
