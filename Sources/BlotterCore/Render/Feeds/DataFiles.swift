internal import Foundation
internal import Synchronization

/// Which open-data files a site has (docs/data.md): the whole site in `/incidents.json`,
/// `.csv`, `.jsonl` and `.geojson`; above `data.split_above` published incidents, one file
/// of each format per year of the incidents' `date` (in the site's timezone), in `/data/`.
/// `/data/index.json` and the page `/data/` list them.
struct DataFiles: Sendable {
    /// A format, in the order files are listed.
    enum Format: String, CaseIterable, Sendable {
        case json, csv, jsonl, geojson

        /// Its media type, in the index.
        var mediaType: String {
            switch self {
            case .json: return "application/json"
            case .csv: return HostRules.csv
            case .jsonl: return HostRules.jsonLines
            case .geojson: return HostRules.geoJSON
            }
        }

        /// Its name for readers.
        var label: String {
            switch self {
            case .json: return "JSON"
            case .csv: return "CSV"
            case .jsonl: return "JSON Lines"
            case .geojson: return "GeoJSON"
            }
        }
    }

    /// The incidents of one set of files (positions in `site.incidents`, newest first): the
    /// whole site (`year` nil), or one year.
    struct Part: Sendable {
        var year: Int?
        var incidents: [Int]
    }

    /// Newest year first; one part without a year when the data is not split.
    let parts: [Part]
    /// Whether the files carry the Markdown bodies.
    let bodies: Bool

    /// Where `/data/index.json` and the page `/data/` are.
    static let indexPath = "data/index.json"
    static let pagePath = "data/"

    init(site: Site) {
        let settings = site.config.data
        guard settings.splits(site.incidents.count) else {
            parts = [Part(year: nil, incidents: Array(site.incidents.indices))]
            bodies = settings.bodies ?? true
            return
        }
        let zone = site.config.timeZone
        var byYear: [Int: [Int]] = [:]
        for (i, published) in site.incidents.enumerated() {
            byYear[CivilTime(published.incident.date.instant, in: zone).year, default: []].append(i)
        }
        parts = byYear.keys.sorted(by: >).map { Part(year: $0, incidents: byYear[$0]!) }
        bodies = settings.bodies ?? false
    }

    /// Whether the data is published per year.
    var split: Bool { parts.first?.year != nil }

    /// The file of `part` in `format`, below the output root.
    func path(_ part: Int, _ format: Format) -> String {
        guard let year = parts[part].year else { return "incidents." + format.rawValue }
        return "data/incidents-\(year).\(format.rawValue)"
    }

    /// The part that holds incident `i` (looked up for the few incidents a preview's quick
    /// rebuild edits).
    func part(of i: Int) -> Int {
        parts.firstIndex { $0.incidents.contains(i) } ?? 0
    }

    /// Every data file, as (part, format), in the order they are listed.
    var files: [(part: Int, format: Format)] {
        parts.indices.flatMap { p in Format.allCases.map { (p, $0) } }
    }
}

/// The size and SHA-256 of data files, for the index and the page `/data/`: made once per
/// file's content (by its key, `Renderer.dataKey`), by the first job that needs it (the
/// publisher makes the two jobs that read them last, `PageJob.readsDataFiles`). The preview
/// keeps them between rebuilds, `blotter build` in its memory (`BuildMemory.digests`).
final class DataDigests: Sendable {
    /// A file's size in bytes and its SHA-256 in hexadecimal.
    struct Digest: Sendable, Hashable {
        var bytes: Int
        var sha256: String
    }

    private let table = Mutex<[UInt64: Digest]>([:])
    /// Whether missing digests are made (`check`, which writes nothing, gives zeros instead).
    private let makes: Bool

    init(makes: Bool = true) {
        self.makes = makes
    }

    /// The digest of the file whose content key is `key`, made with `make` when missing.
    func digest(_ key: UInt64, make: () -> Digest) -> Digest {
        if let known = table.withLock({ $0[key] }) { return known }
        guard makes else { return Digest(bytes: 0, sha256: String(repeating: "0", count: 64)) }
        let made = make()
        table.withLock { $0[key] = made }
        return made
    }

    /// Adds digests known from an earlier build.
    func seed(_ known: [UInt64: Digest]) {
        table.withLock { $0.merge(known) { mine, _ in mine } }
    }

    /// The digests of `keys` made so far.
    func known(_ keys: Set<UInt64>) -> [UInt64: Digest] {
        table.withLock { $0.filter { keys.contains($0.key) } }
    }

    /// Forgets the digests of files no longer in the site.
    func keep(_ keys: Set<UInt64>) {
        table.withLock { table in table = table.filter { keys.contains($0.key) } }
    }

    /// The digest of a file's body, made a chunk at a time (never held whole).
    static func of(_ body: OutputBody) -> Digest {
        switch body {
        case .whole(let bytes):
            return Digest(bytes: bytes.count, sha256: SHA256.hex(SHA256.digest(bytes)))
        case .chunks(let count, let chunk):
            var stream = SHA256.Stream()
            var buffer: [UInt8] = []
            var size = 0
            for i in 0..<count {
                chunk(i, &buffer)
                if buffer.count >= 1 << 16 || i == count - 1 {
                    size += buffer.count
                    stream.update(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            return Digest(bytes: size, sha256: SHA256.hex(stream.finish()))
        }
    }
}
