internal import Foundation

/// A correction or clarification: which incident, and which of its updates.
struct CorrectionRef: Sendable, Hashable {
    /// Index into `Site.incidents`.
    var incident: Int
    /// Index into the incident's `updates`, in the written order.
    var update: Int

    /// The update's id on its incident's page (`update-3`): numbered in the written order,
    /// so an update added later does not move the others.
    var anchor: String { Self.anchor(update: update) }

    /// The id of update `update` (in the written order) on its incident's page.
    static func anchor(update: Int) -> String { "update-\(update + 1)" }

    /// Every correction and clarification of `site`, newest first (then by file and order).
    static func all(in site: Site) -> [CorrectionRef] {
        var refs: [(ref: CorrectionRef, date: Date)] = []
        for (i, published) in site.incidents.enumerated() {
            for (u, update) in published.incident.updates.enumerated() where update.kind != .update {
                refs.append((CorrectionRef(incident: i, update: u), update.date.instant))
            }
        }
        return refs.sorted { a, b in
            if a.date != b.date { return a.date > b.date }
            let (l, r) = (site.incidents[a.ref.incident].incident.path, site.incidents[b.ref.incident].incident.path)
            return l != r ? l < r : a.ref.update > b.ref.update
        }.map(\.ref)
    }
}
