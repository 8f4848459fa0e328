import CJPEGSafe

/// Small JPEG previews of photos for pages and dossiers (~320 px on the longer side), made
/// with libjpeg: decoded at 1/2–1/8 scale (libjpeg's scale_denom, so a 12-megapixel photo is
/// never decoded whole), box-filtered down and re-encoded. The one place that calls libjpeg;
/// its error handling (setjmp/longjmp) lives in the small C target `CJPEGSafe`, because a
/// longjmp across Swift frames is undefined and libjpeg's default handler calls exit().
///
/// ## Topics
/// - Making: ``write(from:to:maxSide:quality:limits:)``
public enum Thumbnail {
    /// The longer side of a thumbnail, in pixels.
    public static let defaultSide = 320

    /// Writes a thumbnail of the JPEG at `source` to `target`; returns its pixel size.
    /// A JPEG libjpeg cannot decode is refused with libjpeg's reason.
    @discardableResult
    public static func write(
        from source: String, to target: String, maxSide: Int = defaultSide, quality: Int = 80, limits: AttachmentLimits = AttachmentLimits(),
        fileName: String
    ) throws(AttachmentError) -> (width: Int, height: Int) {
        var message = [CChar](repeating: 0, count: 256)
        var width: Int32 = 0
        var height: Int32 = 0
        let status = message.withUnsafeMutableBufferPointer { buffer in
            cjpeg_safe_thumbnail(
                source, target, Int32(maxSide), Int32(quality), Int64(limits.maxImagePixels), &width, &height, buffer.baseAddress, buffer.count)
        }
        guard status == 0 else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw .badImage(file: fileName, reason: "JPEG 无法解码：\(reason) (libjpeg)")
        }
        return (Int(width), Int(height))
    }
}
