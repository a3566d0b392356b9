internal import Foundation

/// The kernel's reports of changes in watched folders (inotify), for `SiteWatcher`. Where
/// there is no such thing (`open()` gives nil), the watcher looks for changes every second.
/// A port to another platform gives its own (FSEvents, kqueue) here.
final class FolderEvents {
    /// One change in a watched folder.
    struct Event {
        /// The watch it came from (`watch(_:)`'s number); meaningless with `.overflow`.
        let watch: Int32
        /// The name in that folder that changed ("" for the folder itself).
        let name: String
        let kind: Kind
    }

    /// What an event says.
    struct Kind: OptionSet {
        let rawValue: UInt32
        /// Events were lost: look at everything.
        static let overflow = Kind(rawValue: 1 << 0)
        /// The watch ended (its folder is gone); its number may be given out again.
        static let ended = Kind(rawValue: 1 << 1)
        /// The name is a folder.
        static let folder = Kind(rawValue: 1 << 2)
        /// The name was made or moved in.
        static let added = Kind(rawValue: 1 << 3)
        /// The watched folder itself was deleted or moved away.
        static let selfGone = Kind(rawValue: 1 << 4)
    }

    /// What waiting found.
    enum Wait {
        case events([Event])
        /// Nothing happened within the time.
        case quiet
        /// Interrupted, or nothing could be read: wait again.
        case nothing
    }

    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    /// A new set of watches, or nil where folders cannot be watched.
    static func open() -> FolderEvents? {
        #if os(Linux)
        let fd = inotify_init1(Int32(IN_CLOEXEC))
        return fd >= 0 ? FolderEvents(fd: fd) : nil
        #else
        return nil
        #endif
    }

    deinit { close(fd) }

    /// Watches the folder at `path` (not its subfolders) for files written, added, removed,
    /// renamed or changed in mode, and for itself going; the watch's number, nil if it cannot
    /// be watched. A folder watched already keeps its number.
    func watch(_ path: String) -> Int32? {
        #if os(Linux)
        let mask = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
            | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
        let wd = inotify_add_watch(fd, path, mask)
        return wd >= 0 ? wd : nil
        #else
        return nil
        #endif
    }

    /// Waits at most `seconds` for events.
    func wait(_ seconds: Double, buffer: inout [UInt8]) -> Wait {
        #if os(Linux)
        var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&request, 1, Int32(seconds * 1000))
        guard ready > 0 else { return ready == 0 ? .quiet : .nothing }
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return .nothing }
        return .events(Self.events(buffer[..<count]))
        #else
        return .nothing
        #endif
    }
}

#if os(Linux)
private extension FolderEvents {
    /// The events in a batch read from inotify.
    static func events(_ bytes: ArraySlice<UInt8>) -> [Event] {
        var events: [Event] = []
        var offset = bytes.startIndex
        let header = 16
        while offset + header <= bytes.endIndex {
            func word(_ at: Int) -> UInt32 {
                UInt32(bytes[offset + at]) | UInt32(bytes[offset + at + 1]) << 8
                    | UInt32(bytes[offset + at + 2]) << 16 | UInt32(bytes[offset + at + 3]) << 24
            }
            let wd = Int32(bitPattern: word(0))
            let mask = word(4)
            let length = Int(word(12))
            let nameBytes = bytes[(offset + header)..<min(offset + header + length, bytes.endIndex)]
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            offset += header + length
            events.append(Event(watch: wd, name: name, kind: kind(mask)))
        }
        return events
    }

    static func kind(_ mask: UInt32) -> Kind {
        var kind: Kind = []
        if mask & UInt32(IN_Q_OVERFLOW) != 0 { kind.insert(.overflow) }
        if mask & UInt32(IN_IGNORED) != 0 { kind.insert(.ended) }
        if mask & UInt32(IN_ISDIR) != 0 { kind.insert(.folder) }
        if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { kind.insert(.added) }
        if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 { kind.insert(.selfGone) }
        return kind
    }
}
#endif
