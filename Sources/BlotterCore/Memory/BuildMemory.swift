internal import Foundation

/// What `blotter build` remembers between builds, in one file beside the output
/// (`.Public.memory`): the fingerprint of every file of the two sites Blotter keeps (the
/// output folder and the previous build beside it, `.Public.previous`, which the next
/// build writes over), a hash of every input file's stamp, and what the last build said.
///
/// One file, written whole beside its place and renamed over the old one, rather than an
/// SQLite database: it is read whole and written whole once per build, never queried, so a
/// database would add a dependency and a second way of surviving a crash for nothing. The
/// rename is atomic; a file cut short or damaged fails its checksum and is a full build.
///
/// A site is known by its folder's identity (`StagingFolder.identity`), which a build renews
/// when it takes a kept site to write over, before it writes anything there: after a crash or
/// a failure at any moment, the memory names either a site exactly as it was built, or none
/// (and the build compares every file's bytes, as a build without memory does).
struct BuildMemory: Sendable, Equatable {
    /// A site as built: the identity of its folder and each file's fingerprint, kept as the
    /// memory file holds them (a count, then each path and fingerprint): a build looks up
    /// one site's files and carries the other's over as they are (held as tables, the two
    /// sites' 145,000 paths each cost a 50,000-incident build 45 MB more at its peak).
    struct Generation: Sendable, Equatable {
        var identity: [UInt64]
        var table: [UInt8]

        /// A site whose files are `paths` with `fingerprints`.
        init(identity: [UInt64], paths: some Collection<String>, fingerprints: some Sequence<UInt64>) {
            self.identity = identity
            var writer = ByteWriter()
            writer.count(paths.count)
            for (path, fingerprint) in zip(paths, fingerprints) {
                writer.string(path)
                writer.word(fingerprint)
            }
            table = writer.bytes
        }

        init(identity: [UInt64], table: [UInt8]) {
            self.identity = identity
            self.table = table
        }

        /// Each file's fingerprint, by output path; nil when the table is damaged.
        var files: [String: UInt64]? {
            var reader = ByteReader(table)
            guard let count = reader.count() else { return nil }
            var files: [String: UInt64] = [:]
            files.reserveCapacity(count)
            for _ in 0..<count {
                guard let path = reader.string(), let fingerprint = reader.word() else { return nil }
                files[path] = fingerprint
            }
            return reader.atEnd(less: 0) ? files : nil
        }
    }

    /// What a build said, told again when nothing changed.
    struct Said: Sendable, Equatable {
        var diagnostics: [Diagnostic]
        var incidentFiles: Int
        var incidents: Int
        var pages: Int
        var zone: String
        var changes: [Schedule.Change]
    }

    /// Blotter's binary and the build options the memory was made with.
    var key: UInt64
    /// Every input file's path and stamp, hashed (`Pipeline.Scan.hash`).
    var inputs: UInt64
    /// The output folder's site, then the previous one's.
    var generations: [Generation]
    var said: Said
    /// The size and SHA-256 of each data file of the output, by its content's key
    /// (`DataDigests`): the next build hashes only the files it changes.
    var digests: [UInt64: DataDigests.Digest] = [:]

    /// The file's first line: a memory of another format is not read.
    static let header = "blotter build memory, format 3\n"

    /// Where the memory of the output `target` is kept: beside it, hidden.
    static func location(of target: URL) -> URL {
        target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).memory")
    }

    /// The fingerprints of the site whose folder has `identity`, if remembered.
    func files(of identity: [UInt64]?) -> [String: UInt64]? {
        generation(identity)?.files
    }

    /// The site whose folder has `identity`, if remembered.
    func generation(_ identity: [UInt64]?) -> Generation? {
        guard let identity else { return nil }
        return generations.first { $0.identity == identity }
    }
}

extension BuildMemory {
    /// Why a build is a full one, in words; nil when the memory can serve.
    enum Unusable: Error, Sendable, Equatable {
        case missing, damaged, otherBlotter, otherOptions, ignored

        var sentence: String {
            switch self {
            case .missing: return "Full build: nothing remembered of an earlier build"
            case .damaged: return "Full build: the memory of the last build is damaged"
            case .otherBlotter: return "Full build: the last build was made by another blotter"
            case .otherOptions: return "Full build: the last build was made with other options"
            case .ignored: return "Full build (--full): every file made and compared"
            }
        }
    }

    /// Reads the memory at `url`, made with `key`.
    static func read(_ url: URL, key: UInt64) -> Result<BuildMemory, Unusable> {
        guard let data = FileManager.default.contents(atPath: url.path) else { return .failure(.missing) }
        var reader = ByteReader(Array(data))
        guard reader.text(count: header.utf8.count) == header, data.count >= header.utf8.count + 16 else {
            return .failure(.damaged)
        }
        let body = Array(data.dropLast(8))
        var tail = ByteReader(Array(data.suffix(8)))
        guard tail.word() == StableHasher.hash(body) else { return .failure(.damaged) }
        guard let memoryKey = reader.word() else { return .failure(.damaged) }
        let blotter = key >> 32, options = key & 0xFFFF_FFFF
        guard memoryKey >> 32 == blotter else { return .failure(.otherBlotter) }
        guard memoryKey & 0xFFFF_FFFF == options else { return .failure(.otherOptions) }
        guard let memory = decode(&reader, key: memoryKey) else { return .failure(.damaged) }
        return .success(memory)
    }

    /// Writes the memory to `url`: beside it first, flushed, then renamed into place.
    func write(to url: URL) throws(BlotterError) {
        var writer = ByteWriter()
        writer.text(Self.header)
        encode(&writer)
        writer.word(StableHasher.hash(writer.bytes))
        let temporary = url.path + ".tmp-\(getpid())"
        // What a build killed while it wrote the memory left.
        let folder = url.deletingLastPathComponent().path
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where entry.hasPrefix(url.lastPathComponent + ".tmp-") {
            unlink(folder + "/" + entry)
        }
        try StagingFolder.write(.whole(writer.bytes), to: temporary)
        let fd = open(temporary, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
        guard rename(temporary, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw BlotterError(path: url.path, reason: .cannotWrite(reason))
        }
    }

    /// Removes the memory.
    static func forget(_ url: URL) {
        unlink(url.path)
    }
}

private extension BuildMemory {
    func encode(_ writer: inout ByteWriter) {
        writer.word(key)
        writer.word(inputs)
        writer.count(generations.count)
        for generation in generations {
            writer.count(generation.identity.count)
            for word in generation.identity { writer.word(word) }
            writer.count(generation.table.count)
            writer.bytes += generation.table
        }
        writer.number(said.incidentFiles)
        writer.number(said.incidents)
        writer.number(said.pages)
        writer.string(said.zone)
        writer.count(said.diagnostics.count)
        for diagnostic in said.diagnostics {
            writer.string(diagnostic.severity.rawValue)
            writer.string(diagnostic.file)
            writer.number(diagnostic.line)
            writer.number(diagnostic.column)
            writer.string(diagnostic.field)
            writer.string(diagnostic.message)
            writer.string(diagnostic.kind.rawValue)
        }
        writer.count(said.changes.count)
        for change in said.changes {
            writer.word(change.at.timeIntervalSince1970.bitPattern)
            writer.string(change.kind.rawValue)
            writer.optional(change.file)
            writer.optional(change.briefing)
            writer.string(change.reason)
        }
        writer.count(digests.count)
        for (key, digest) in digests.sorted(by: { $0.key < $1.key }) {
            writer.word(key)
            writer.count(digest.bytes)
            writer.string(digest.sha256)
        }
    }

    static func decode(_ reader: inout ByteReader, key: UInt64) -> BuildMemory? {
        guard let inputs = reader.word(), let count = reader.count() else { return nil }
        var generations: [Generation] = []
        for _ in 0..<count {
            guard let words = reader.count() else { return nil }
            var identity: [UInt64] = []
            for _ in 0..<words {
                guard let word = reader.word() else { return nil }
                identity.append(word)
            }
            guard let size = reader.count(), let table = reader.bytes(count: size) else { return nil }
            generations.append(Generation(identity: identity, table: table))
        }
        guard let incidentFiles = reader.number(), let incidents = reader.number(), let pages = reader.number(),
              let zone = reader.string(), let diagnosticCount = reader.count() else { return nil }
        var diagnostics: [Diagnostic] = []
        for _ in 0..<diagnosticCount {
            guard let severity = reader.string().flatMap(Diagnostic.Severity.init(rawValue:)), let file = reader.string(),
                  let line = reader.number(), let column = reader.number(), let field = reader.string(),
                  let message = reader.string(), let kind = reader.string() else { return nil }
            diagnostics.append(Diagnostic(severity, file: file, line: line, column: column, field: field, message: message,
                                          kind: Diagnostic.Kind(rawValue: kind)))
        }
        guard let changeCount = reader.count() else { return nil }
        var changes: [Schedule.Change] = []
        for _ in 0..<changeCount {
            guard let at = reader.word().map(Double.init(bitPattern:)), at.isFinite, abs(at) < 1e11,
                  let kind = reader.string().flatMap(Schedule.Change.Kind.init(rawValue:)),
                  let file = reader.optional(), let briefing = reader.optional(), let reason = reader.string() else { return nil }
            changes.append(Schedule.Change(at: Date(timeIntervalSince1970: at), kind: kind,
                                           file: file, briefing: briefing, reason: reason))
        }
        guard let digestCount = reader.count() else { return nil }
        var digests: [UInt64: DataDigests.Digest] = [:]
        for _ in 0..<digestCount {
            guard let key = reader.word(), let bytes = reader.word().flatMap({ Int(exactly: $0) }),
                  let sha256 = reader.string() else { return nil }
            digests[key] = DataDigests.Digest(bytes: bytes, sha256: sha256)
        }
        guard reader.atEnd(less: 8) else { return nil }
        return BuildMemory(key: key, inputs: inputs, generations: generations,
                           said: Said(diagnostics: diagnostics, incidentFiles: incidentFiles, incidents: incidents,
                                      pages: pages, zone: zone, changes: changes), digests: digests)
    }
}

/// Little-endian words and length-prefixed UTF-8 strings.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func word(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func count(_ value: Int) { word(UInt64(max(0, value))) }

    mutating func number(_ value: Int) { word(UInt64(bitPattern: Int64(value))) }

    mutating func text(_ value: String) { bytes.append(contentsOf: value.utf8) }

    mutating func string(_ value: String) {
        count(value.utf8.count)
        text(value)
    }

    mutating func optional(_ value: String?) {
        if let value {
            bytes.append(1)
            string(value)
        } else {
            bytes.append(0)
        }
    }
}

/// Reads what `ByteWriter` wrote; nil past the end.
struct ByteReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func word() -> UInt64? {
        guard offset + 8 <= bytes.count else { return nil }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
        offset += 8
        return UInt64(littleEndian: value)
    }

    /// A count of things that follow (each at least a byte): never more than the bytes left,
    /// so that a damaged file cannot ask for a huge allocation.
    mutating func count() -> Int? {
        guard let word = word(), word <= UInt64(bytes.count - offset) else { return nil }
        return Int(word)
    }

    /// A number (a line, a column, a count of incidents).
    mutating func number() -> Int? {
        guard let word = word() else { return nil }
        let value = Int64(bitPattern: word)
        return value >= 0 && value < Int64(Int32.max) ? Int(value) : nil
    }

    mutating func text(count: Int) -> String? {
        guard count >= 0, offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
    }

    mutating func string() -> String? {
        guard let count = count() else { return nil }
        return text(count: count)
    }

    mutating func bytes(count: Int) -> [UInt8]? {
        guard count >= 0, offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// An optional string: nil past the end, `.some(nil)` for an absent one.
    mutating func optional() -> String?? {
        guard offset < bytes.count else { return nil }
        offset += 1
        if bytes[offset - 1] == 0 { return .some(nil) }
        guard let value = string() else { return nil }
        return .some(value)
    }

    /// Whether exactly `less` bytes are left (the checksum).
    func atEnd(less: Int) -> Bool { bytes.count - offset == less }
}

extension Schedule {
    /// A schedule told again from memory.
    init(now: Date, zone: TimeZone, changes: [Change]) {
        self.now = now
        self.zone = zone
        self.changes = changes
    }
}
