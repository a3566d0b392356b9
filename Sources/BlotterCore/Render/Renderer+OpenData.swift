internal import Foundation

/// The list of the open-data files: `/data/index.json` and the page `/data/`. Each file with
/// its incidents, size, SHA-256 and last change (the newest `updated` of its incidents:
/// the same for the same input, never the time of the build).
extension Renderer {
    /// A data file as the index and the page list it.
    struct DataEntry {
        var part: Int
        var format: DataFiles.Format
        var path: String
        /// Incidents in the file (GeoJSON: those with coordinates).
        var incidents: Int
        var digest: DataDigests.Digest
        var lastModified: Date?
    }

    /// What a data file is made from, hashed: its path, the readings, addresses and links of
    /// its incidents (a reading's revision includes site.yml), and the settings it depends on.
    func dataKey(_ part: Int, _ format: DataFiles.Format) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(dataFiles.path(part, format))
        hasher.combine(dataFiles.bodies)
        hasher.combine(site.config.baseURL)
        hasher.combine(site.config.timeZone.identifier)
        for i in dataFiles.parts[part].incidents {
            hasher.combine(site.incidents[i].incident.revision)
            hasher.combine(site.incidents[i].path)
            hasher.combine(data.linkKey(i))  // its byline and thread
        }
        return hasher.finalize()
    }

    /// Every data file, in the index's order. The digests not known yet are made here, a
    /// file at a time in parallel (each file is made again, a chunk at a time).
    func dataEntries() -> [DataEntry] {
        let files = dataFiles.files
        let keys = files.map { dataKey($0.part, $0.format) }
        let digests = Parallel.map(files.count) { k in
            self.digests.digest(keys[k]) { DataDigests.of(render(.data(part: files[k].part, format: files[k].format)).body) }
        }
        return files.indices.map { k in
            let (part, format) = files[k]
            let incidents = dataFiles.parts[part].incidents
            let count = format == .geojson
                ? incidents.count(where: { site.incidents[$0].incident.location.hasCoordinates }) : incidents.count
            return DataEntry(part: part, format: format, path: dataFiles.path(part, format), incidents: count,
                             digest: digests[k], lastModified: incidents.lazy.map { site.incidents[$0].incident.lastModified }.max())
        }
    }

    /// `/data/index.json`.
    func dataIndex() -> String {
        let config = site.config
        let dates = builder.dates
        return JSONWriter.text { json in
            json.object { json in
                json.field("title", config.title)
                json.field("page", config.absoluteURL(DataFiles.pagePath))
                json.key("license")
                if let license = config.data.license {
                    json.object { json in
                        json.field("name", license.name)
                        json.field("url", license.url.map(builder.siteLink).map(builder.absoluteURL))
                    }
                } else {
                    json.null()
                }
                json.field("incidents", int: site.incidents.count)
                json.field("per_year", dataFiles.split)
                json.field("split_above", int: config.data.splitAbove)
                json.field("bodies", dataFiles.bodies)
                json.array("files") { json in
                    for entry in dataEntries() {
                        json.object { json in
                            json.field("path", entry.path)
                            json.field("url", config.absoluteURL(entry.path))
                            json.field("format", entry.format.rawValue)
                            json.field("media_type", entry.format.mediaType)
                            json.field("year", int: dataFiles.parts[entry.part].year)
                            json.field("incidents", int: entry.incidents)
                            json.field("bytes", int: entry.digest.bytes)
                            json.field("sha256", entry.digest.sha256)
                            json.field("last_modified", entry.lastModified.map(dates.iso))
                        }
                    }
                }
            }
        } + "\n"
    }

    /// The `data` value of the page `/data/`: the files by part (a year, or the whole site),
    /// with their sizes for readers.
    func dataPageValue() -> TemplateValue {
        let entries = dataEntries()
        let license = site.config.data.license
        let parts: [TemplateValue] = dataFiles.parts.indices.map { p in
            let part = dataFiles.parts[p]
            let files: [TemplateValue] = entries.filter { $0.part == p }.map { entry in
                ["format": .text(entry.format.label), "extension": .text(entry.format.rawValue),
                 "media_type": .text(entry.format.mediaType), "url": .text(builder.url(entry.path)),
                 "size": .text(Self.sizeText(entry.digest.bytes)), "bytes": .int(entry.digest.bytes),
                 "sha256": .text(entry.digest.sha256), "incidents": .int(entry.incidents)]
            }
            return ["year": part.year.map { .text(String($0)) } ?? .absent,
                    "label": .text(part.year.map { String($0) } ?? "All incidents"),
                    "incidents": .int(part.incidents.count), "incidents_text": .text(Briefing.incidents(part.incidents.count)),
                    "files": .list(files)]
        }
        return ["parts": .list(parts), "per_year": .bool(dataFiles.split), "split_above": .int(site.config.data.splitAbove),
                "bodies": .bool(dataFiles.bodies), "index_url": .text(builder.url(DataFiles.indexPath)),
                "incidents_text": .text(Briefing.incidents(site.incidents.count)),
                "license": license.map { ["name": .text($0.name), "url": $0.url.map(builder.siteLink).templateText] } ?? .absent]
    }

    /// A size for readers: `812 bytes`, `45 kB`, `12.3 MB` (decimal units).
    static func sizeText(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) bytes" }
        if bytes < 1_000_000 { return "\((bytes + 500) / 1000) kB" }
        let tenths = (bytes + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}
