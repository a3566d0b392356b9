public import Foundation

/// Parses the `--clock` option.
public enum ClockParser {
    /// An ISO 8601 date or date-time; without an offset it is UTC.
    public static func parse(_ text: String) -> Date? {
        DateParsing.moment(text, in: TimeZone(identifier: "UTC")!)?.instant
    }
}
