import Foundation

/// What the public site publishes and how it takes tips: the county's setting, one document
/// (kind `settings.publication`, id 1) changed through the ledger like everything else, so
/// every change is in the history with who and why.
///
/// The tip limits are local practice, not law: 〔待核实〕 defaults the county corrects.
public struct PublicationSettings: LedgerEntity {
    public static let kind = EntityKind(rawValue: "settings.publication")
    public static let singletonID: Int64 = 1

    public var id: Int64?
    /// The fields published; the default is every ``PublicField``.
    public var fields: [PublicField]
    /// 监督电话 shown on every outfall's page and sign; nil until the county sets it.
    public var supervisionPhone: String?
    /// Tips accepted from one client address per hour and per day; more get 429.
    public var tipsPerHour: Int
    public var tipsPerDay: Int
    /// Photos per tip, and the largest photo, bytes.
    public var maxPhotos: Int
    public var maxPhotoBytes: Int

    public init(
        id: Int64? = PublicationSettings.singletonID, fields: [PublicField] = PublicField.allCases, supervisionPhone: String? = nil,
        tipsPerHour: Int = 5, tipsPerDay: Int = 20, maxPhotos: Int = 3, maxPhotoBytes: Int = 8 << 20
    ) {
        self.id = id
        self.fields = fields
        self.supervisionPhone = supervisionPhone
        self.tipsPerHour = tipsPerHour
        self.tipsPerDay = tipsPerDay
        self.maxPhotos = maxPhotos
        self.maxPhotoBytes = maxPhotoBytes
    }

    public func publishes(_ field: PublicField) -> Bool { fields.contains(field) }

    /// The largest tip body the server accepts: the photos at their limit plus the form's text.
    public var maxTipBodyBytes: Int { maxPhotos * maxPhotoBytes + 64 * 1024 }

    /// Why these settings cannot be saved, or nil.
    public func problem() -> String? {
        if !(1...1_000).contains(tipsPerHour) { return "每小时举报上限应为 1–1000 (tips per hour)" }
        if !(tipsPerHour...10_000).contains(tipsPerDay) { return "每日举报上限应不小于每小时上限、不超过 10000 (tips per day)" }
        if !(0...10).contains(maxPhotos) { return "每条举报照片数应为 0–10 (photos per tip)" }
        if !((64 << 10)...(25 << 20)).contains(maxPhotoBytes) { return "单张照片上限应为 64 KB–25 MB (photo size)" }
        if let phone = supervisionPhone {
            if phone.count > 40 || !phone.allSatisfy({ $0.isNumber || "-+ ()转".contains($0) }) {
                return "监督电话只能含数字、空格和 - + ( )，不超过 40 字 (supervision phone)"
            }
        }
        return nil
    }
}
