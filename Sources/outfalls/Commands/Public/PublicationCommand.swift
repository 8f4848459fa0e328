import ArgumentParser
import Foundation
import JSON
import Supervision
import Workflows

/// `outfalls publication`: what the public site publishes (信息公开) and how it takes tips.
struct PublicationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publication", abstract: "信息公开设置：公开哪些字段、监督电话、举报限额 (what the public site publishes)",
        discussion: """
            字段 fields: \(PublicField.allCases.map { "\($0.rawValue)（\($0.label)）" }.joined(separator: "、"))。
            从不公开 never published: 内部备注、填报的联系人（可能是个人姓名或电话）、排查照片、举报及举报人。
            """,
        subcommands: [Show.self, SetField.self, Phone.self, Tips.self])

    static func print(_ s: PublicationSettings, format: OutputFormat) {
        switch format {
        case .json:
            Console.print(JSONWriter.pretty(.object(JSONObject([
                ("fields", .array(s.fields.map { .string($0.rawValue) })),
                ("unpublished", .array(PublicField.allCases.filter { !s.publishes($0) }.map { .string($0.rawValue) })),
                ("supervision_phone", s.supervisionPhone.map(JSONValue.string) ?? .null),
                ("tips_per_hour", .number(Double(s.tipsPerHour))), ("tips_per_day", .number(Double(s.tipsPerDay))),
                ("max_photos", .number(Double(s.maxPhotos))), ("max_photo_bytes", .number(Double(s.maxPhotoBytes))),
            ]))))
        case .text:
            var table = TextTable(["字段 field", "名称", "公开"])
            for f in PublicField.allCases { table.add([f.rawValue, f.label, s.publishes(f) ? "公开 on" : "不公开 off"]) }
            Console.print(table.render())
            Console.print("监督电话 supervision phone：\(s.supervisionPhone ?? "（未设置）")")
            Console.print("举报限额 tip limits：每个地址每小时 \(s.tipsPerHour) 条、每天 \(s.tipsPerDay) 条〔待核实〕；每条最多 \(s.maxPhotos) 张照片，每张 ≤ \(s.maxPhotoBytes >> 20) MB")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "查看公开设置 (show)")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "输出格式 text|json") var format: OutputFormat = .text

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                PublicationCommand.print(try ledgerCall { try ledger.publicationSettings() }, format: format)
            }
        }
    }

    struct SetField: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "公开或不公开一个字段：set FIELD on|off (publish or withdraw a field)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "字段 (field)") var field: String
        @Argument(help: "on|off") var value: String
        @Option(help: "原因，记入历史 (reason)") var reason: String?

        func run() throws {
            try reporting {
                guard let parsed = PublicField(parsing: field) else {
                    throw Failure.input("未知字段“\(field)”，可选：\(PublicField.allCases.map(\.rawValue).joined(separator: "、")) (unknown field)")
                }
                let on: Bool
                switch value.lowercased() {
                case "on", "true", "yes", "公开": on = true
                case "off", "false", "no", "不公开": on = false
                default: throw Failure.input("应为 on 或 off，收到“\(value)” (on|off)")
                }
                let ledger = try database.openLedger()
                let saved = try ledgerCall { try ledger.setPublished(parsed, on, actor: actor.actor, reason: reason) }
                Console.print("\(parsed.label)：\(saved.publishes(parsed) ? "公开" : "不公开") (\(parsed.rawValue) \(on ? "on" : "off"))")
            }
        }
    }

    struct Phone: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "phone", abstract: "设置监督电话 (set the supervision phone)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "电话，如 0772-1234567 (phone)") var phone: String

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let trimmed = phone.trimmingCharacters(in: .whitespaces)
                let saved = try ledgerCall {
                    try ledger.updatePublicationSettings(actor: actor.actor, reason: "设置监督电话") { $0.supervisionPhone = trimmed.isEmpty ? nil : trimmed }
                }
                Console.print("监督电话：\(saved.supervisionPhone ?? "（未设置）") (supervision phone set)")
            }
        }
    }

    struct Tips: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tips", abstract: "设置举报限额 (tip limits)")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Option(help: "每个地址每小时 (per address per hour)") var perHour: Int?
        @Option(help: "每个地址每天 (per address per day)") var perDay: Int?
        @Option(help: "每条最多照片数 (photos per tip)") var maxPhotos: Int?
        @Option(help: "单张照片上限，MB (largest photo)") var maxPhotoMB: Int?

        func run() throws {
            try reporting {
                let ledger = try database.openLedger()
                let saved = try ledgerCall {
                    try ledger.updatePublicationSettings(actor: actor.actor, reason: "设置举报限额") { s in
                        if let perHour { s.tipsPerHour = perHour }
                        if let perDay { s.tipsPerDay = perDay }
                        if let maxPhotos { s.maxPhotos = maxPhotos }
                        if let maxPhotoMB { s.maxPhotoBytes = maxPhotoMB << 20 }
                    }
                }
                PublicationCommand.print(saved, format: .text)
            }
        }
    }
}
