import ZipArchive

/// An XLSX (or ODS) is a ZIP of XML parts that GDAL inflates and parses whole. Before GDAL
/// sees one, its directory gets the same checks as a KMZ's (paths leaving the archive, entry
/// count, total size, compression ratio), and then every XML part is inflated here, counting
/// bytes and keeping none, because the sizes in the directory are the file's own claim: a
/// 300 KiB sheet whose one shared string unpacks to 300 MiB is refused before GDAL reads it.
enum SpreadsheetArchive {
    static func check(_ bytes: [UInt8]) throws(FormatError) {
        let directory: ZipDirectory
        do throws(ZipDirectory.Problem) {
            directory = try ZipDirectory(bytes)
        } catch {
            if case .notZip = error {
                throw .structure("不是有效的 xlsx 电子表格（xlsx 应为 ZIP 压缩包）(not an xlsx workbook: not a zip archive)")
            }
            throw .structure("\(error)")
        }
        var total: UInt64 = 0
        for entry in directory.entries where entry.name.lowercased().hasSuffix(".xml") {
            do {
                total += try directory.measuredSize(of: entry, in: bytes, limit: ImportLimits.spreadsheetPartSize)
            } catch {
                throw .structure("\(error)")
            }
            if total > ImportLimits.spreadsheetTotalSize {
                throw .structure(
                    "电子表格解压后超过 \(ImportLimits.spreadsheetTotalSize / 1_048_576) MB，超过上限，请拆分后导入 (spreadsheet too large when unpacked)")
            }
        }
    }
}
