extension IncidentSkeleton {
    /// The text `blotter new` writes for a reporter to replace, kept here only: the skeleton
    /// writes it and the editorial review refuses a report that still holds it
    /// (`Placeholders`).
    enum Placeholder {
        static let location = "Where it happened"
        static let area = "Area used to group incidents"
        static let summary = "One or two sentences for the index, feeds and search engines."
        static let body = "Write the report here, in Markdown."
        static let timelineText = "Police are called to reports of a fight."
        static let speaker = "Name Surname"
        static let quote = "What they said, in Markdown."
        static let update = "What changed, in Markdown."
        static let alt = "Describe the picture for readers who cannot see it."
        static let caption = "What it shows."
        static let credit = "Who took it."
    }
}
