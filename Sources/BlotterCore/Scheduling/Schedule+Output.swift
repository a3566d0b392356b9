public import Foundation

extension Schedule {
    /// `{"next_build_at": ..., "reason": ..., "changes": [{at, kind, file, briefing, reason}, ...]}`,
    /// with `null` for a time or reason when nothing is scheduled.
    public func json() -> String {
        let changeLines = changes.map { change in
            "    {\"at\": \(JSONText.quote(Self.iso(change.at))), \"kind\": \(JSONText.quote(change.kind.rawValue)), "
                + "\"file\": \(Self.quoteOrNull(change.file)), \"briefing\": \(Self.quoteOrNull(change.briefing)), "
                + "\"reason\": \(JSONText.quote(change.reason))}"
        }
        let list = changeLines.isEmpty ? "[]" : "[\n" + changeLines.joined(separator: ",\n") + "\n  ]"
        return "{\n  \"now\": \(JSONText.quote(Self.iso(now))),\n"
            + "  \"next_build_at\": \(Self.quoteOrNull(next.map(Self.iso))),\n"
            + "  \"reason\": \(Self.quoteOrNull(reason)),\n"
            + "  \"changes\": \(list)\n}"
    }

    /// The time as the site shows it: `Saturday 5 December 2026, 07:00 GMT`.
    public func local(_ date: Date) -> String {
        let dates = DateText(zone: zone)
        guard case .text(let text)? = dates.field("display", of: Moment(instant: date, precision: .minute)) else {
            return Self.iso(date)
        }
        return text
    }

    /// The summary `build` prints: `Next scheduled change: <time>: <reason>`, or nil.
    public var buildSummary: String? {
        guard let next, let reason else { return nil }
        return "Next scheduled change: \(Self.iso(next)) (\(local(next))): \(reason); "
            + "`blotter schedule --systemd` or `--cron` rebuilds then"
    }
}

private extension Schedule {
    static func quoteOrNull(_ text: String?) -> String { text.map(JSONText.quote) ?? "null" }
}
