/// Why a report (workbook, CSV, PDF) could not be written. Messages are Chinese first, with
/// the English in brackets, and say what to do.
public enum ReportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The library refused the content (a sheet name, a cell too long, too many rows).
    case refused(String)
    /// The file could not be written (disk full, no permission, missing folder).
    case cannotWrite(path: String, reason: String)
    /// A document library is loaded on first use (dlopen) and is not installed: `library` is
    /// its file (libpangocairo-1.0.so.0), `package` the Debian package that provides it.
    case libraryMissing(library: String, package: String, reason: String)

    public var description: String {
        switch self {
        case .refused(let reason): "报表内容有误：\(reason) (report refused)"
        case .cannotWrite(let path, let reason): "无法写入 \(path)：\(reason)；请检查目录是否存在、是否有写权限、磁盘空间 (cannot write)"
        case .libraryMissing(let library, let package, let reason):
            "无法加载 \(library)：\(reason)；请安装 Debian 软件包 \(package)（apt-get install \(package)） (document library missing)"
        }
    }
}
