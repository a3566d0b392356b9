internal import Synchronization

/// Pieces rendered per incident (listing cards, feed content, open-data
/// entries), kept from one preview rebuild to the next so that an edit renders
/// only the edited incident's pieces again. A one-off build has none.
final class RenderMemo: Sendable {
    /// Which piece.
    enum Kind: Hashable, CaseIterable {
        case card, feedContent, json, csv, feature
    }

    private struct Key: Hashable {
        var kind: Kind
        var revision: Int
    }

    private struct Entry {
        /// What else the piece depends on (slug, settings, templates), hashed.
        var inputs: Int
        var text: String
    }

    private let table = Mutex<[Key: Entry]>([:])

    /// The piece of `kind` for the incident reading `revision` whose other inputs hash to
    /// `inputs`; made by `make` when missing or made from other inputs.
    func value(_ kind: Kind, revision: Int, inputs: Int, make: () -> String) -> String {
        let key = Key(kind: kind, revision: revision)
        if let entry = table.withLock({ $0[key] }), entry.inputs == inputs { return entry.text }
        let text = make()
        table.withLock { $0[key] = Entry(inputs: inputs, text: text) }
        return text
    }

    /// Forgets the pieces of these readings (replaced by new ones).
    func forget(revisions: Set<Int>) {
        table.withLock { table in
            for revision in revisions {
                for kind in Kind.allCases { table[Key(kind: kind, revision: revision)] = nil }
            }
        }
    }

    /// Forgets the pieces of readings no longer in the site.
    func keep(revisions live: Set<Int>) {
        table.withLock { table in table = table.filter { live.contains($0.key.revision) } }
    }
}

extension RenderMemo? {
    /// `make()`, through the memo when there is one.
    func value(_ kind: RenderMemo.Kind, of incident: PublishedIncident, inputs: Int, make: () -> String) -> String {
        guard let memo = self, incident.incident.revision != 0 else { return make() }
        var hasher = Hasher()
        hasher.combine(inputs)
        hasher.combine(incident.path)
        return memo.value(kind, revision: incident.incident.revision, inputs: hasher.finalize(), make: make)
    }
}
