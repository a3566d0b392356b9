extension SiteScaffold {
    /// `site.yml`: every setting `SiteConfigParser` knows, each with a comment; the optional
    /// ones that a new site does not need are commented out with their defaults.
    static func siteYAML(_ settings: Settings) -> String {
        let title = YAMLQuoting.quoted(settings.title)
        return """
            # The settings of this site, read by every `blotter` command. A line starting with #
            # is a comment: remove the # in front of a setting to use it. All of them are
            # described in Blotter's docs/format.md ("site.yml").

            # The site's name: in the header, every page's title, the feeds and briefings. Required.
            title: \(title)

            # The address the site is published at: https://incidents.example.org/, or a
            # folder of a site, https://example.org/news/. Feeds, sitemaps and links shared on
            # social media need the full address, so set it before you publish. `/` (the
            # default) starts every link at the root of whatever serves the site.
            # `blotter build --base-url URL` replaces it for one build (a staging copy).
            base_url: \(settings.baseURL)

            # The language the reports are written in, as a language tag: en, en-GB, fr, pt-BR.
            # Browsers, screen readers, feeds and the search index use it. Default: en.
            language: \(settings.language)

            # Where the newsroom is, as a timezone name: Europe/London, America/Chicago,
            # Australia/Sydney. Times in reports without an offset (2024-06-20T14:05) are in
            # this timezone, and every date is shown in it. Default: UTC.
            timezone: \(settings.timeZone)

            # One or two sentences about the site: the home page's description for search
            # engines and social media, and the feeds' subtitle. Default: none.
            description: >-
              Verified reports of serious incidents: what happened, where and when, what
              officials have said, and where each story stands.

            # Who writes and who publishes the site, named in the feeds and in the structured
            # data that search engines read. Default for both: the title.
            # author: \(title)
            # publisher: \(title)

            # Reports on each page of a listing (the home page, an area, a tag, ...), 1 to 1000.
            # per_page: 20

            # Reports in each Atom and JSON feed, newest first, 1 to 10000.
            # feed_limit: 50

            # Site search, made with Pagefind at each `blotter build`, which then needs the
            # `pagefind` command (pip install 'pagefind[bin]'). Default: false.
            # search: true

            # A compressed copy (.gz and .br) beside each text file of the built site, for web
            # servers that send those as they are (Blotter's README, "Deploying"). Default: true.
            # precompress: true

            # The address of each report (Blotter's docs/format.md, "Incident URLs"): :slug
            # (required), :year, :month, :day (the report's date) and :area. With the date in
            # it, reports with the same headline on different days keep apart. Choose before
            # you publish: a published address must keep working (`aliases:`).
            # permalinks:
            #   incidents: /incidents/:slug/   # or /incidents/:year/:month/:day/:slug/

            # Your corrections policy: linked from every correction and from the footer, and
            # named in the pages' structured data, with the other Trust Project pages you
            # have (publishing_principles, ethics_policy, masthead: a site path or an address).
            corrections_policy: /corrections-policy/
            # publishing_principles: /about/
            # ethics_policy: /about/
            # masthead: /about/

            # Help-line boxes. A report lists the keys of those it shows under `support:`,
            # beside its content warning. Each needs a name and a text; the url is optional.
            # Put the services your readers can call here before you publish.
            support:
              victim-support:
                name: Victim support
                text: >-
                  Free and confidential help for anyone affected by crime or a serious
                  incident, whether or not it was reported to the police.
                # url: https://example.org/help
              # samaritans:
              #   name: Samaritans
              #   text: When life is difficult, Samaritans are there 24/7. Call free on 116 123.
              #   url: https://www.samaritans.org

            # Printable briefings that every build publishes at /briefings/<name>/, linked from
            # the home page (Blotter's docs/briefings.md). `blotter brief` makes one at any
            # time, as HTML or as a PDF. Each needs a name (lowercase letters, digits and -).
            briefings:
              - name: weekly
                title: The week's incidents
                days: 7                   # what happened or changed in the 7 days before the build
              # - name: open-cases
              #   title: Open cases
              #   status: [developing, under-investigation, charges-brought]
              #   area: Riverside         # also agency and tag: one value or a list
              #   since: 2024-01-01       # and until; or incidents: [a-slug, another-slug]
              #   paper: a4               # or letter

            # Guardrails for sensitive reports (Blotter's docs/editorial.md): rules that hold
            # each report to the law and the press guidelines (suicide, active court cases,
            # anonymity, next of kin). Each rule can be turned off, made a warning or an error,
            # and some take more words; a report can override one with a reason.
            # guardrails:
            #   suicide-method: error     # off, warning or error
            #   presumption-of-guilt:
            #     words: [monster, thug]  # added to the rule's own list

            # The open data (/data/, Blotter's docs/data.md): the licence readers may reuse it
            # under, and above how many reports it comes one file per year.
            # data_license: {name: CC BY 4.0, url: "https://creativecommons.org/licenses/by/4.0/"}
            # data:
            #   split_above: 5000         # per year above this many reports
            #   bodies: false             # the report texts in the files (default: only in whole-site files)

            # Photos (JPEG and PNG in Static/) are published upright, without the GPS position and
            # other metadata a phone writes into them, in these widths and in WebP.
            # images:
            #   widths: [480, 800, 1200, 1600]
            #   quality: 82               # JPEG and WebP, 1-100

            # Maps (Blotter's docs/format.md): /map/, a map on each area's page and a small
            # plan on each report, wherever reports give lat and lon; `map: false` turns them
            # off. The tiles are OpenStreetMap's unless you name others: free for light use
            # under its policy (https://operations.osmfoundation.org/policies/tiles/), with
            # its credit shown on the map; a busy site uses a tile service of its own.
            # map:
            #   tiles: https://tile.openstreetmap.org/{z}/{x}/{y}.png
            #   attribution: "© [OpenStreetMap](https://www.openstreetmap.org/copyright) contributors"

            """
    }
}
