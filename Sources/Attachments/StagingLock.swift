#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who is using the staging area: every import holds a shared lock on `<folder>.lock` from
/// its first staged file until its files are published; recovery after a crash deletes
/// unreferenced staged files only when it can take the lock exclusively — otherwise another
/// process (the server, a second CLI) is between staging and commit, and its files are not
/// leftovers. The kernel drops a killed process's lock, so a crash never blocks recovery.
/// The lock file sits beside the attachment folder, not in it, so that a refused import
/// leaves the folder exactly as it was.
public final class StagingLock {
    private let descriptor: Int32

    /// Takes the lock (`exclusive`: for recovery; `wait` false: give up at once if held).
    /// Returns nil when `wait` is false and the lock is held elsewhere.
    public init?(store: AttachmentStore, exclusive: Bool, wait: Bool) throws(AttachmentError) {
        let path = store.directory + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .storage("无法创建锁文件 \(path)：errno \(errno)") }
        var operation = exclusive ? LOCK_EX : LOCK_SH
        if !wait { operation |= LOCK_NB }
        while flock(fd, operation) != 0 {
            if errno == EINTR { continue }
            let failure = errno
            close(fd)
            if failure == EWOULDBLOCK { return nil }
            throw .storage("无法锁定 \(path)：errno \(failure)")
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
