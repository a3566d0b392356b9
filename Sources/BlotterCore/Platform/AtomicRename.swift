internal import Foundation

/// Renames that `rename(2)` cannot do: swapping two paths in one step, and refusing to
/// replace what is at the new name. Linux has both in `renameat2`; where it is missing
/// (an old C library or kernel, another platform) the callers do it in two steps.
enum AtomicRename {
    /// Swaps the folders (or files) at `first` and `second` in one step; false when that
    /// failed or cannot be done here (`errno` says why).
    static func exchange(_ first: String, _ second: String) -> Bool {
        renameat2(first, second, flags: exchangeFlag) == 0
    }

    /// Renames `from` to `to` unless something is at `to` already: whether it was renamed;
    /// nil when this cannot be done in one step here (the caller checks, then renames).
    static func withoutReplacing(_ from: String, _ to: String) -> Bool? {
        guard let result = renameat2(from, to, flags: noReplaceFlag) else { return nil }
        if result != 0, errno == ENOSYS || errno == EINVAL { return nil }  // kernel or file system without it
        return result == 0
    }
}

private extension AtomicRename {
    /// `renameat2`'s flag: fail with EEXIST rather than replace `to`.
    static let noReplaceFlag: UInt32 = 1
    /// `renameat2`'s flag: swap the two paths.
    static let exchangeFlag: UInt32 = 2

    /// `renameat2(AT_FDCWD, from, AT_FDCWD, to, flags)`, or nil where the C library lacks it.
    static func renameat2(_ from: String, _ to: String, flags: UInt32) -> Int32? {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = CLibrary.symbol("renameat2") else { return nil }
        let atCurrentDirectory: Int32 = -100
        return unsafeBitCast(symbol, to: RenameAt2.self)(atCurrentDirectory, from, atCurrentDirectory, to, flags)
        #else
        return nil  // macOS has renamex_np(RENAME_SWAP / RENAME_EXCL): a port calls it here
        #endif
    }
}
