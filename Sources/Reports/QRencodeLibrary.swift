import CQRencode

/// libqrencode, loaded on the first QR code (dlopen; see Sources/CQRencode/shim.h).
/// ``QRCode`` calls ``ready()`` before encoding.
enum QRencodeLibrary {
    static let loaded = LoadedLibrary<OutfallsQRencode>.load(library: "libqrencode.so.4", package: "libqrencode4") {
        outfalls_qrencode_load($0, $1)
    }

    /// Loads libqrencode if it is not loaded yet; throws if it cannot be.
    static func ready() throws(ReportError) {
        _ = try loaded.get()
    }
}

/// libqrencode's functions, as Reports calls them (`qrencode.pointee.QRcode_free(…)`).
var qrencode: UnsafePointer<OutfallsQRencode> { QRencodeLibrary.loaded.table("libqrencode") }
