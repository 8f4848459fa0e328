#!/usr/bin/env python3
"""Writes Tests/Corpus/samples/: sample files `outfalls samples import` must refuse, and
samples-cases.json listing the texts each refusal must contain. Run from the repository root."""
import json, os

OUT = os.path.join(os.path.dirname(__file__), "samples")
HEADER = "point,sampled_at,parameter,value,unit,kind,lab\n"
GOOD = "O-01,2024-06-25 08:00,COD,50,mg/L,composite,县监测站\n"
cases = []

def case(name, content, expect, note=""):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(content if isinstance(content, bytes) else content.encode("utf-8"))
    cases.append({"file": name, "expect": expect, "note": note})

os.makedirs(OUT, exist_ok=True)
for old in os.listdir(OUT):
    os.remove(os.path.join(OUT, old))

case("empty.csv", b"", ["为空"], "zero bytes")
case("header-only.csv", HEADER, ["没有数据行"])
case("missing-columns.csv", "监测点,指标,数值\nO-01,COD,50\n", ["缺少列", "sampled_at", "unit", "kind"])
case("duplicate-column.csv", "point,监测点,sampled_at,parameter,value,unit,kind\nO-01,O-01,2024-06-25,COD,1,mg/L,spot\n", ["两列都表示"])
case("wrong-unit-flow.csv", HEADER + GOOD + "O-01,2024-06-25 08:00,flow,12,mg/L,composite,\n", ["第 3 行", "不做换算"], "mg/L for a flow is refused, not converted")
case("wrong-unit-cod.csv", HEADER + "O-01,2024-06-25 08:00,COD,12,L/s,composite,\n", ["第 2 行", "不做换算"])
case("wrong-unit-ph.csv", HEADER + "O-01,2024-06-25 08:00,pH,7,μg/L,spot,\n", ["第 2 行", "不做换算"])
case("blank-unit-cod.csv", HEADER + "O-01,2024-06-25 08:00,COD,12,,composite,\n", ["第 2 行", "不做换算"])
case("unknown-unit.csv", HEADER + "O-01,2024-06-25 08:00,COD,12,kg,composite,\n", ["第 2 行", "不认识的单位"])
case("unknown-point.csv", HEADER + "O-99,2024-06-25 08:00,COD,12,mg/L,composite,\n", ["第 2 行", "O-99"])
case("unknown-parameter.csv", HEADER + "O-01,2024-06-25 08:00,铅,12,mg/L,composite,\n", ["第 2 行", "不认识的指标"])
case("bad-kind.csv", HEADER + "O-01,2024-06-25 08:00,COD,12,mg/L,随便,\n", ["第 2 行", "样品类型"])
case("bad-date.csv", HEADER + "O-01,昨天,COD,12,mg/L,spot,\n", ["第 2 行", "采样时间"])
case("future-date.csv", HEADER + "O-01,2999-01-01,COD,12,mg/L,spot,\n", ["第 2 行", "将来"])
case("value-not-number.csv", HEADER + "O-01,2024-06-25,COD,abc,mg/L,spot,\n", ["第 2 行", "数值"])
case("value-decimal-comma.csv", HEADER + 'O-01,2024-06-25,COD,"1,5",mg/L,spot,\n', ["第 2 行", "数值"])
case("value-nan.csv", HEADER + "O-01,2024-06-25,COD,nan,mg/L,spot,\n", ["第 2 行", "不是数值"])
case("value-infinity.csv", HEADER + "O-01,2024-06-25,COD,inf,mg/L,spot,\n", ["第 2 行", "不是数值"])
case("value-hex.csv", HEADER + "O-01,2024-06-25,COD,0x10,mg/L,spot,\n", ["第 2 行", "不是数值"], "Swift's Double() would read 16")
case("water-temperature-impossible.csv", HEADER + "O-01,2024-06-25,水温,95,℃,spot,\n", ["第 2 行", "水温"])
case("value-huge.csv", HEADER + "O-01,2024-06-25,COD,1e300,mg/L,spot,\n", ["第 2 行", "超出可接受范围"])
case("value-negative.csv", HEADER + "O-01,2024-06-25,COD,-3,mg/L,spot,\n", ["第 2 行", "负数"])
case("ph-out-of-range.csv", HEADER + "O-01,2024-06-25,pH,15,,spot,\n", ["第 2 行", "0–14"])
case("empty-value.csv", HEADER + "O-01,2024-06-25,COD,,mg/L,spot,\n", ["第 2 行", "为空"])
case("column-count.csv", HEADER + GOOD + "O-01,2024-06-25,COD,12,mg/L\n", ["第 3 行", "列"])
case("duplicate-rows.csv", HEADER + GOOD + GOOD, ["第 3 行", "重复"])
case("unterminated-quote.csv", HEADER + 'O-01,2024-06-25,COD,"12,mg/L,spot,\n', ["引号未闭合"])
case("too-long-point.csv", HEADER + "O-" + "1" * 300 + ",2024-06-25,COD,12,mg/L,spot,\n", ["第 2 行", "超过 200 字"])
case("binary.csv", bytes(range(256)) * 4, ["编码"], "neither UTF-8 nor GBK")
case("not-a-workbook.xlsx", b"this is not a zip file", ["XLSX"])
case("wrong-format.json", '{"samples": []}', ["只支持 CSV 或 XLSX"])
case("many-bad-rows.csv", HEADER + "".join(f"O-01,2024-06-{d:02d},COD,x{d},mg/L,spot,\n" for d in range(1, 29)), ["第 2 行", "第 29 行", "28 行有问题"])

with open(os.path.join(os.path.dirname(__file__), "samples-cases.json"), "w", encoding="utf-8") as f:
    json.dump({"note": "Written by make_malformed_samples.py; outfalls samples import must refuse every file, naming it, with these texts.", "cases": cases}, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(f"{len(cases)} cases")
