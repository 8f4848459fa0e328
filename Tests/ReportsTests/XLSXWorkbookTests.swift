import Foundation
import Reports
import Testing
import TestSupport

/// Workbooks and CSV read back by independent readers: openpyxl and Python's csv module.
struct XLSXWorkbookTests {
    let scratch = TemporaryDirectory()

    static let sample = SpreadsheetTable(
        name: "台账",
        columns: [.init("名称", width: 30), .init("经度", width: 12), .init("备注")],
        rows: [
            ["柳城县城污水处理厂排污口", .number(109.2318), "=HYPERLINK(\"http://x\",\"点我\")"],
            ["凤山糖厂排污口", .number(-3), .empty],
            ["@SUM(A1)", .number(42), "-负号开头"],
            ["普通文本", .empty, "\t制表符"],
        ])

    @Test func workbookReadsBackWithTypesBoldFrozenHeaderAndNeutralisedFormulas() throws {
        let path = scratch.file("台账.xlsx")
        try XLSXWorkbook(tables: [Self.sample, SpreadsheetTable(name: "说明", columns: [.init("项目")], rows: [["x"]])]).write(to: path)
        let script = """
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb["台账"]
            cells = [[[c.value, c.data_type] for c in row] for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=3)]
            print(json.dumps({"sheets": wb.sheetnames, "cells": cells, "bold": ws["A1"].font.b, "bodyBold": bool(ws["A2"].font.b),
                "freeze": ws.freeze_panes, "widthA": ws.column_dimensions["A"].width}, ensure_ascii=False))
            """
        let result = try Shell.run("python3", ["-c", script, path])
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(out.contains(#""sheets": ["台账", "说明"]"#))
        #expect(out.contains(#"["名称", "s"], ["经度", "s"], ["备注", "s"]"#))
        // Numbers stay numbers; text that could be a formula starts with a quote and is a string.
        #expect(out.contains(#"["柳城县城污水处理厂排污口", "s"], [109.2318, "n"], ["'=HYPERLINK(\"http://x\",\"点我\")", "s"]"#))
        #expect(out.contains(#"["凤山糖厂排污口", "s"], [-3, "n"], [null, "n"]"#))
        #expect(out.contains(#"["'@SUM(A1)", "s"], [42, "n"], ["'-负号开头", "s"]"#))
        #expect(out.contains(#"["'\t制表符", "s"]"#))
        #expect(out.contains(#""bold": true, "bodyBold": false"#))
        #expect(out.contains(#""freeze": "A2""#))
        #expect(out.contains(#""widthA": 30"#))
        // Nothing is left beside the file.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasSuffix(".part") }
        #expect(leftovers.isEmpty)
    }

    @Test func badSheetNameIsRefusedAndNothingIsWritten() throws {
        let path = scratch.file("bad.xlsx")
        #expect(throws: ReportError.self) {
            try XLSXWorkbook(tables: [SpreadsheetTable(name: "a/b", columns: [.init("x")])]).write(to: path)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func writingIntoAMissingFolderSaysSo() throws {
        let path = scratch.file("nope/x.xlsx")
        do {
            try XLSXWorkbook(tables: [Self.sample]).write(to: path)
            Issue.record("expected a failure")
        } catch {
            #expect("\(error)".contains("不存在"))
        }
    }

    @Test func csvIsUTF8WithBOMQuotedAndFormulaSafe() throws {
        let path = scratch.file("台账.csv")
        var table = Self.sample
        table.rows.append(["含,逗号\"引号\"", .number(1.5), "换\n行"])
        try CSVTable.write(table, to: path)
        let bytes = try #require(scratch.bytes("台账.csv"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let script = """
            import csv, json, sys
            with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
                print(json.dumps(list(csv.reader(f)), ensure_ascii=False))
            """
        let result = try Shell.run("python3", ["-c", script, path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#"["名称", "经度", "备注"]"#))
        #expect(result.stdout.contains(#"["柳城县城污水处理厂排污口", "109.2318", "'=HYPERLINK(\"http://x\",\"点我\")"]"#))
        #expect(result.stdout.contains(#"["凤山糖厂排污口", "-3", ""]"#))
        #expect(result.stdout.contains(#"["'@SUM(A1)", "42", "'-负号开头"]"#))
        #expect(result.stdout.contains(#"["含,逗号\"引号\"", "1.5", "换\n行"]"#))
    }
}
