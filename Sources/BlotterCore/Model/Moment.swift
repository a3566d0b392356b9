public import Foundation

/// A point in time as written in the content: a whole day, or a time of day.
public struct Moment: Sendable, Hashable, Comparable {
    /// How much of the time is known.
    public enum Precision: Sendable, Hashable {
        /// Only the day is known; `instant` is its start in the site's timezone.
        case day
        /// Day and time of day are known.
        case minute
    }

    /// The instant (for a day: midnight at its start in the site's timezone).
    public var instant: Date
    /// Whether a time of day is known.
    public var precision: Precision

    /// Creates a moment.
    public init(instant: Date, precision: Precision) {
        self.instant = instant
        self.precision = precision
    }

    public static func < (lhs: Moment, rhs: Moment) -> Bool { lhs.instant < rhs.instant }
}
