import ArgumentParser
import Foundation
import JSON
import OutfallModel
import Supervision
import Workflows

struct SurveyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey",
        abstract: "现场排查记录：模板、导入（含照片）、列表、审核 (field survey records: template, import with photos, list, review)",
        subcommands: [SurveyTemplateCommand.self, SurveyImportCommand.self, SurveyListCommand.self, SurveyShowCommand.self, SurveyReviewCommand.self])
}

struct SurveyTemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template", abstract: "生成现场排查记录表模板（CSV，UTF-8 带 BOM，Excel 可直接打开）(write the field sheet template)")

    @Option(name: .shortAndLong, help: "输出文件 (output file; default: standard output)")
    var output: String?

    @Flag(help: "列出各列的填写说明（Markdown 表格）(print what each column takes, as a Markdown table)")
    var notes = false

    func run() throws {
        try reporting {
            if notes {
                Console.print(SurveySheet.markdownNotes)
                return
            }
            let text = "\u{FEFF}" + SurveySheetCSV.template()
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else {
                    throw Failure.input("无法写入 \(output) (cannot write)")
                }
                Console.print("已写出模板 \(output)：\(SurveySheet.columns.count) 列，一行示例（以“示例”开头，导入前请删除）(template written)")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}

struct SurveyImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入现场排查记录表（CSV/XLSX）及照片目录或 ZIP，全部成功或全部不导入 (import a field sheet with photos, all or nothing)")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actorOptions: ActorOptions

    @Argument(help: "记录表 FILE.csv 或 FILE.xlsx (the sheet)")
    var file: String

    @Option(help: "照片目录或 ZIP 文件 (folder or ZIP of the photos named in the sheet)")
    var photos: String?

    @Option(help: "照片 GPS 与记录坐标相距超过此米数即标记 (flag photos farther than this, m)")
    var photoDistanceM: Double = 100

    @Option(help: "照片拍摄时间与调查日期相差超过此天数即标记 (flag photos taken more than this many days off)")
    var photoDays: Int = 3

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            guard photoDistanceM > 0, photoDistanceM.isFinite, photoDays >= 0 else { throw Failure.input("--photo-distance-m 与 --photo-days 应为正数") }
            let ledger = try openLedgerForWriting(database)
            let report = try ledgerCall {
                try ledger.importSurveys(
                    sheet: file, photos: photos.map(SurveyPhotoSource.at), actor: actorOptions.actor,
                    checks: SurveyPhotoChecks(maxDistanceMetres: photoDistanceM, maxDays: photoDays))
            }
            switch format {
            case .json:
                Console.print(JSONWriter.pretty(.object(JSONObject([
                    ("file", .string(report.fileName)), ("survey_ids", .array(report.surveyIDs.map { .number(Double($0)) })),
                    ("resubmitted", .number(Double(report.resubmitted))), ("photos", .number(Double(report.photos))),
                    ("flagged", .number(Double(report.flagged))), ("publish_problems", .array(report.publishProblems.map(JSONValue.string))),
                ]))))
            case .text:
                Console.print(
                    "已导入 \(report.fileName)：\(report.surveyIDs.count) 条记录（其中重新提交 \(report.resubmitted) 条），照片 \(report.photos) 张，\(report.flagged) 条有待审核人注意的标记；均为待审核 (imported, pending review)")
                for problem in report.publishProblems { Console.error("注意 notice: \(problem)") }
            }
        }
    }
}

struct SurveyListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "列出排查记录 (list survey records)")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "审核状态 pending|accepted|returned (待审核/通过/退回)")
    var state: String?

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let wanted = try state.map { text throws -> ReviewState in
                guard let s = ReviewState(rawValue: text) ?? ReviewState.allCases.first(where: { $0.label == text }) else {
                    throw Failure.input("未知审核状态“\(text)”：应为 pending、accepted 或 returned (unknown state)")
                }
                return s
            }
            let ledger = Ledger(registry: try database.openRegistry())
            let records = try ledgerCall { try ledger.surveys(state: wanted) }
            switch format {
            case .json: Console.print(JSONWriter.pretty(.array(try records.map { try $0.json() })))
            case .text:
                guard !records.isEmpty else { Console.print("没有排查记录 (no survey records)"); return }
                var table = TextTable(["ID", "记录编号", "排污口名称", "调查日期", "审核", "疑似点", "排污口", "照片", "标记"])
                for r in records {
                    table.add([
                        String(r.id ?? 0), r.recordNumber, r.name, r.surveyedOn, r.review.label, r.suspectID.map(String.init) ?? "—",
                        r.outfallID.map(String.init) ?? "—", String(r.photos.count), r.flags.isEmpty ? "—" : String(r.flags.count),
                    ])
                }
                Console.print(table.render())
            }
        }
    }
}

struct SurveyShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "显示一条排查记录及其照片和历史 (show one survey record)")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "记录 ID")
    var id: Int64

    @Option(help: "输出格式 text|json")
    var format: OutputFormat = .text

    func run() throws {
        try reporting {
            let ledger = Ledger(registry: try database.openRegistry())
            let record = try ledgerCall { try ledger.survey(id) }
            let photos = try ledgerCall { try ledger.attachments(of: EntityRef(.survey, id)) }
            let history = try ledgerCall { try ledger.history(of: EntityRef(.survey, id)) }
            switch format {
            case .json:
                guard case .object(var object) = try record.json() else { return }
                object["attachments"] = .array(try photos.map { try $0.json() })
                object["history"] = .array(history.map { event in
                    .object(JSONObject([
                        ("at", .string(event.at)), ("actor", .string(event.actor)), ("action", .string(event.action)),
                        ("reason", event.reason.map(JSONValue.string) ?? .null),
                    ]))
                })
                Console.print(JSONWriter.pretty(.object(object)))
            case .text:
                var lines = [
                    "排查记录 \(id)：\(record.recordNumber) \(record.name)", "审核：\(record.review.label)\(record.reviewNote.map { "（\($0)）" } ?? "")",
                    "调查日期：\(record.surveyedOn)　坐标：\(record.lon), \(record.lat)",
                    "类型：\(OutfallType(rawValue: record.outfallType)?.label ?? (record.outfallType == OutfallLifecycle.notOutfall.rawValue ? "非排污口" : record.outfallType))",
                ]
                if let s = record.suspectID { lines.append("疑似点：\(s)") }
                if let o = record.outfallID { lines.append("排污口：\(o)") }
                // The photos the record has now (a resubmitted record keeps its earlier photos in its history).
                let current = Set(record.photos.map(\.sha256))
                var shown = Set<String>()
                for p in photos.reversed() where current.contains(p.sha256) && shown.insert(p.sha256 + (p.caption ?? "")).inserted {
                    let place = p.lat.flatMap { lat in p.lon.map { "GPS \(lat), \($0)" } } ?? "无 GPS"
                    lines.append("照片 \(p.caption ?? "")：\(p.fileName) \(p.width ?? 0)×\(p.height ?? 0) \(p.takenAt ?? "无拍摄时间") \(place) sha256 \(p.sha256.prefix(12))…")
                }
                for flag in record.flags { lines.append("标记：\(flag)") }
                for e in history { lines.append("历史：\(ChinaTime.display(e.recordedAt)) \(e.actor) \(e.action)\(e.reason.map { " — \($0)" } ?? "")") }
                Console.print(lines.joined(separator: "\n"))
            }
        }
    }
}

struct SurveyReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "审核排查记录：--accept 通过（录入台账）或 --return 退回（须写原因）(review a survey record)")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actorOptions: ActorOptions

    @Argument(help: "记录 ID")
    var id: Int64

    @Flag(help: "通过 (accept)")
    var accept = false

    @Flag(name: .customLong("return"), help: "退回 (return to the team)")
    var returnRecord = false

    @Option(help: "审核意见；退回时必填 (note; required to return)")
    var note: String?

    func run() throws {
        try reporting {
            guard accept != returnRecord else { throw Failure.input("请给出 --accept 或 --return 之一 (give --accept or --return)") }
            let ledger = try openLedgerForWriting(database)
            let outcome = try ledgerCall { try ledger.review(survey: id, accept ? .accept : .return, note: note, actor: actorOptions.actor) }
            if returnRecord {
                Console.print("已退回排查记录 \(id)：\(note ?? "") (returned)")
            } else if let outfall = outcome.outfallID {
                let what = outcome.survey.outfallType == OutfallLifecycle.notOutfall.rawValue ? "认定为非排污口" : (outcome.createdOutfall ? "新建" : "更新")
                Console.print("已通过排查记录 \(id)：排污口 \(outfall) \(what) (accepted)")
            } else {
                Console.print("已通过排查记录 \(id)：\(outcome.suspect.map { "疑似点 \($0.id ?? 0) \($0.status.label)" } ?? "") (accepted)")
            }
            for notice in outcome.notices { Console.error("注意 notice: \(notice)") }
        }
    }
}
