import Hummingbird

extension Request {
    /// The whole body, at most `limit` bytes (more is a 413), arriving within `timeout` (else
    /// 408): a client that sends its headers and then trickles or stalls the body must not
    /// hold a handler and its connection forever.
    func collectBody(upTo limit: Int, timeout: Duration) async throws -> ByteBuffer {
        let body = self.body
        return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: limit) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else {
                throw ClientError(status: .requestTimeout, message: "请求发送超时，请重试 (request body timed out)")
            }
            return buffer
        }
    }
}
