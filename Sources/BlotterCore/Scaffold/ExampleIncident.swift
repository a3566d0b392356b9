internal import Foundation

/// The example report of a new site: every part of a report used once, dated two days
/// before the site was made (in the site's timezone), with comments that say which field
/// makes which part of the page.
struct ExampleIncident {
    static let slug = "example-warehouse-fire"
    static let imageName = "example-mill-road.svg"

    /// The day it happened and the day after, as `YYYY-MM-DD`.
    let day: String
    let nextDay: String
    /// The day the site was made (for the pages' `updated`).
    let today: String
    /// `YYYY/MM` of the day it happened.
    let folder: String
    /// The day it happened in words (`20 June 2024`).
    let longDay: String

    init(now: Date, zone: TimeZone) {
        let days = CivilTime(now, in: zone).daysSinceEpoch
        let happened = CivilTime(days: days - 2)
        day = Self.isoDay(happened)
        nextDay = Self.isoDay(CivilTime(days: days - 1))
        today = Self.isoDay(CivilTime(days: days))
        folder = "\(happened.year)/" + Self.twoDigits(happened.month)
        longDay = DateText(zone: zone).date(Moment(instant: happened.instant(in: zone), precision: .day))
    }

    static func isoDay(_ c: CivilTime) -> String { "\(c.year)-\(twoDigits(c.month))-\(twoDigits(c.day))" }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    var text: String {
        """
        ---
        # An example report made by `blotter init`. It uses every part of a report once, so
        # that you can see how each one looks: run `blotter serve`, open the page, change
        # something here and save. Then delete this file, or keep it out of the site with
        # `draft: true`. `blotter new "Headline"` starts a new report with every field ready.

        # Required: the headline, when it happened, where, its status and a summary.
        title: "Example: two people hurt in warehouse fire on Mill Road"
        # A date (\(day)) or a date-time. A time without an offset is in the timezone of
        # site.yml; add one (\(day)T14:05:00+01:00, or Z for UTC) to say it outright.
        date: \(day)T14:05
        location:
          name: Mill Road industrial estate
          area: Riverside               # groups reports by area: /areas/riverside/
          # lat: 51.5072                # with lon: where it is, for the site's maps (/map/) and open data
          # lon: -0.1276
        status: developing              # developing | under-investigation | charges-brought | closed
        summary: >-
          Two people were taken to hospital after a fire at a warehouse on Mill Road.
          Firefighters worked through the night, and the cause is being investigated.

        # Optional: everything below.
        slug: \(Self.slug)     # the address: /incidents/\(Self.slug)/ (default: made from the title)
        published: \(day)T15:30         # first published (default: date); a later time keeps it off the site until then
        # updated: \(nextDay)T16:30     # last real change (default: the newest update below)
        # draft: true                   # keeps it off the site (`blotter serve --drafts` shows it)
        category: fire
        agencies: [Fire and Rescue Service, Ambulance Service, Police]
        tags: [fire, road-closure]
        casualties: {killed: 0, injured: 2}
        content_warning: serious injuries      # shown as "this report mentions serious injuries"
        support: [victim-support]              # help-line boxes: keys of `support` in site.yml

        # What happened when, in the order written. time: HH:MM on the day of `date`,
        # a day (YYYY-MM-DD), a day and time (YYYY-MM-DD HH:MM), or a full date-time.
        timeline:
          - time: "14:05"
            text: The first call reports smoke coming from a warehouse on Mill Road.
            source: Fire and Rescue Service
          - time: "14:20"
            text: >-
              Six fire engines are at the scene. Mill Road is closed between the
              roundabout and the station.
          - time: "15:10"
            text: Paramedics take two people to hospital.
            source: Ambulance Service
          - time: "\(nextDay) 08:00"
            text: The fire is out. Firefighters stay at the scene to damp down.

        # Quotations, each with who said it (role, organisation, date and source optional).
        # A source that is a web address becomes a link.
        statements:
          - speaker: Sam Okafor
            role: Station Manager
            organisation: Fire and Rescue Service
            date: \(nextDay)
            quote: >-
              Crews worked through the night in difficult conditions. We would ask
              people to keep away from Mill Road while we make the building safe.
            source: https://example.org/news/mill-road-fire

        # Updates, corrections and clarifications, shown newest first. Say plainly what
        # changed. kind: update (the default), correction (a published fact was wrong:
        # listed on /corrections/) or clarification.
        updates:
          - date: \(nextDay)T09:00
            text: Mill Road has reopened. The fire service has handed the site to the owner.
          - date: \(nextDay)T16:30
            kind: correction
            text: >-
              An earlier version of this report said three people were taken to
              hospital. It was two.

        # Where the facts come from. url: http(s), mailto: or tel:.
        sources:
          - title: "Warehouse fire, Mill Road: press release"
            url: https://example.org/news/mill-road-fire
            publisher: Fire and Rescue Service

        # A picture at the top of the report. Put the file in Static/ (this one is
        # Static/assets/images/\(Self.imageName)); alt describes it for readers who cannot see it.
        image:
          src: /assets/images/\(Self.imageName)
          alt: Illustrated map of Mill Road, with the warehouse marked between the river and the railway station
          caption: The warehouse on the Mill Road industrial estate, beside the railway.
          credit: Map drawn for this example
        ---
        *This is an example report, made by `blotter init` to show every part of a
        report. The fire, the places and the people in it are made up.*

        A fire at a warehouse on the Mill Road industrial estate on the afternoon of
        \(longDay) left two people in hospital and closed the road until the
        next morning.

        ## What happened

        The first call came in at 14:05, reporting smoke from the roof of a
        warehouse used to store furniture. Within a quarter of an hour six fire
        engines were at the scene, and the police closed Mill Road between the
        roundabout and the station.

        Two people who had been working inside were taken to hospital. Their
        injuries are described as serious but not life-threatening.

        ## The investigation

        The fire service and the police are investigating the cause. Anyone who
        saw the start of the fire, or has photographs or video from that
        afternoon, is asked to contact the fire service.

        ## How this page is made

        Everything above the report, the key facts, the content warning and the
        help-line box, and the timeline, statements, updates and sources around
        it come from the front matter at the top of this file: the fields between
        the two `---` lines. This text is the report itself, in Markdown: `##`
        starts a heading, `*…*` is *italic*, `**…**` is **bold**, and
        `[words](https://example.org/)` is a [link](https://example.org/).

        """
    }

    /// An illustrated street map, light and dark.
    static let image = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 400" width="800" height="400" role="img" aria-labelledby="t">
        <title id="t">Illustrated map of Mill Road, with the warehouse marked between the river and the railway station</title>
        <style>
        .bg{fill:#eeebe4}.bl{fill:#e0dbd0}.rv{fill:none;stroke:#b9d3e6;stroke-width:46;stroke-linecap:round}
        .rd{fill:none;stroke:#fff;stroke-width:22;stroke-linecap:round;stroke-linejoin:round}.rl{fill:none;stroke:#8a8478;stroke-width:4;stroke-dasharray:14 8}
        .wh{fill:#d9c7a8;stroke:#a8926c;stroke-width:3}.lb{font:600 24px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#3b3a36;stroke:#eeebe4;stroke-width:5px;paint-order:stroke}
        .pin{fill:#b3261e}.dot{fill:#fff}
        @media (prefers-color-scheme:dark){.bg{fill:#23272b}.bl{fill:#2d3237}.rv{stroke:#29445a}.rd{stroke:#4a5158}.rl{stroke:#8d96a0}.wh{fill:#5a4d38;stroke:#8f7a57}.lb{fill:#e4e1da;stroke:#23272b}.pin{fill:#ff7a6e}.dot{fill:#23272b}}
        </style>
        <rect class="bg" width="800" height="400"/>
        <path class="rv" d="M-20 360 C180 320 300 390 480 350 S700 300 820 330"/>
        <g class="bl">
        <rect x="40" y="30" width="170" height="110" rx="6"/><rect x="560" y="30" width="200" height="90" rx="6"/><rect x="600" y="224" width="160" height="36" rx="6"/>
        </g>
        <path class="rd" d="M-20 200 L820 200"/>
        <path class="rd" d="M420 -20 L420 200"/>
        <path class="rl" d="M-20 280 L820 270"/>
        <rect class="wh" x="250" y="220" width="140" height="40" rx="4"/>
        <rect class="bl" x="470" y="228" width="90" height="34" rx="4"/>
        <text class="lb" x="60" y="188">Mill Road</text>
        <text class="lb" x="478" y="252">Station</text>
        <text class="lb" x="300" y="384">River</text>
        <path class="pin" d="M320 150 c-16 0 -28 12 -28 28 c0 20 28 44 28 44 s28 -24 28 -44 c0 -16 -12 -28 -28 -28z"/>
        <circle class="dot" cx="320" cy="178" r="10"/>
        </svg>

        """
}
