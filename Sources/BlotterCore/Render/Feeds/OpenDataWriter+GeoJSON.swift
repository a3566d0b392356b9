/// The GeoJSON files (RFC 7946): a FeatureCollection of every incident with `lat` and `lon`,
/// each a Point (`[lon, lat]`, WGS 84, numbers as written) whose properties are the core
/// fields and the page's address. Incidents without coordinates are left out.
extension OpenDataWriter {
    /// The file in chunks: chunk 0 opens the collection, chunk k+1 holds the k-th of `located`.
    func featureChunk(_ chunk: Int, of located: [Int], to out: inout [UInt8]) {
        if chunk == 0 {
            return out.write(located.isEmpty ? "{\"type\":\"FeatureCollection\",\"features\":[]}\n"
                                             : "{\"type\":\"FeatureCollection\",\"features\":[\n")
        }
        let published = site.incidents[located[chunk - 1]]
        if memo == nil {
            JSONWriter.write(into: &out) { feature(published, &$0) }
        } else {
            out.write(memo.value(.feature, of: published, inputs: settings) { JSONWriter.text { feature(published, &$0) } })
        }
        out.write(chunk == located.count ? "\n]}\n" : ",\n")
    }

    /// One incident as a Feature.
    func feature(_ published: PublishedIncident, _ json: inout JSONWriter) {
        json.object { json in featureMembers(published, published.shared.incident, &json) }
    }

    private func featureMembers(_ published: PublishedIncident, _ incident: borrowing Incident, _ json: inout JSONWriter) {
        json.field("type", "Feature")
        json.field("id", published.slug)
        json.object("geometry") { [location = incident.location] json in
            json.field("type", "Point")
            json.array("coordinates") { json in
                json.double(location.lon)
                json.double(location.lat)
            }
        }
        json.object("properties") { [published] json in properties(published, published.shared.incident, &json) }
    }

    /// The core fields and the page's address.
    private func properties(_ published: PublishedIncident, _ incident: borrowing Incident, _ json: inout JSONWriter) {
        json.field("slug", published.slug)
        json.field("url", site.config.absoluteURL(published.path))
        json.field("title", incident.title)
        json.field("date", dates.iso(incident.date))
        json.field("date_has_time", incident.date.precision == .minute)
        json.field("status", incident.status.rawValue)
        json.field("summary", incident.summary)
        json.field("location", incident.location.name)
        json.field("area", incident.location.area)
        json.field("category", incident.category)
        json.field("agencies", strings: incident.agencies)
        json.field("tags", strings: incident.tags)
        json.field("published", dates.iso(incident.publishedMoment))
        json.field("updated", dates.iso(incident.lastModified))
    }
}

extension Location {
    /// Whether the place has both `lat` and `lon` (it is on the GeoJSON map).
    var hasCoordinates: Bool { lat != nil && lon != nil }
}
