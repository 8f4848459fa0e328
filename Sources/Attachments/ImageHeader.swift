import Foundation

/// An image's pixel size read from its header alone (JPEG start-of-frame, PNG IHDR), so that a
/// decompression bomb — a small file that claims 50,000 × 50,000 pixels — is refused before
/// anything decodes it. Reading the header is a few hundred bytes; nothing is decoded.
public struct ImageHeader: Sendable, Hashable {
    public var width: Int
    public var height: Int

    /// The header of the JPEG or PNG at `path`, or why it could not be read.
    public static func read(path: String, type: MediaType, fileName: String) throws(AttachmentError) -> ImageHeader {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(file: fileName, reason: "文件不存在或无权读取") }
        defer { try? handle.close() }
        func bytes(_ count: Int) throws(AttachmentError) -> [UInt8] {
            let data: Data?
            do { data = try handle.read(upToCount: count) } catch { throw .unreadable(file: fileName, reason: "\(error)") }
            guard let data, data.count == count else { throw .badImage(file: fileName, reason: "文件头不完整（截断的文件）") }
            return [UInt8](data)
        }
        switch type {
        case .png:
            // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4), big-endian.
            let head = try bytes(24)
            guard head[12...15].elementsEqual(Array("IHDR".utf8)) else { throw .badImage(file: fileName, reason: "PNG 缺少 IHDR 头") }
            return ImageHeader(width: Int(be32(head, 16)), height: Int(be32(head, 20)))
        case .jpeg:
            _ = try bytes(2)  // SOI, checked by MediaType.sniff
            // Walk the marker segments up to the first start-of-frame; a hostile file cannot make
            // this loop longer than the file (each step skips a declared length ≥ 2), and a cap
            // on the number of segments stops a file made of empty ones.
            for _ in 0..<4096 {
                var marker = try bytes(2)
                while marker[0] == 0xFF && marker[1] == 0xFF { marker = [0xFF] + (try bytes(1)) }
                guard marker[0] == 0xFF else { throw .badImage(file: fileName, reason: "JPEG 标记无效") }
                let code = marker[1]
                if code == 0xD8 || (0xD0...0xD7).contains(code) || code == 0x01 { continue }
                if code == 0xD9 || code == 0xDA { throw .badImage(file: fileName, reason: "JPEG 没有帧头（SOF）") }
                let length = try bytes(2)
                let size = Int(length[0]) << 8 | Int(length[1])
                guard size >= 2 else { throw .badImage(file: fileName, reason: "JPEG 段长度无效") }
                let isFrame = (0xC0...0xCF).contains(code) && code != 0xC4 && code != 0xC8 && code != 0xCC
                if isFrame {
                    let frame = try bytes(5)  // precision, height (2), width (2)
                    return ImageHeader(width: Int(frame[3]) << 8 | Int(frame[4]), height: Int(frame[1]) << 8 | Int(frame[2]))
                }
                do { try handle.seek(toOffset: try handle.offset() + UInt64(size - 2)) } catch {
                    throw .unreadable(file: fileName, reason: "\(error)")
                }
            }
            throw .badImage(file: fileName, reason: "JPEG 段过多，找不到帧头")
        case .pdf:
            throw .badImage(file: fileName, reason: "PDF 不是照片")
        }
    }

    /// Why an image of this size is refused under `limits`, or nil.
    public func problem(under limits: AttachmentLimits) -> String? {
        if width <= 0 || height <= 0 { return "图像尺寸为 \(width)×\(height)，无效" }
        if width > limits.maxImageSide || height > limits.maxImageSide || width * height > limits.maxImagePixels {
            return "图像 \(width)×\(height) 像素，超过上限（每边 \(limits.maxImageSide)，共 \(limits.maxImagePixels / 1_000_000) 百万像素）(image too large)"
        }
        return nil
    }

    private static func be32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }
}
