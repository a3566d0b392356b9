extension SiteScaffold {
    static func aboutPage(_ settings: Settings, updated: String) -> String {
        """
        ---
        # A plain page, published at /about/ and linked from every page's menu. Every file in
        # Content/pages/ is one: policies/ethics.md would be /policies/ethics/.
        title: About us                 # required
        summary: Who we are, what we cover and how we check what we publish.   # for search engines
        updated: \(updated)             # the last change (for search engines' sitemaps)
        ---
        \(markdownText(settings.title)) publishes short, verified reports of serious
        incidents in our area: fires, serious collisions, violent crime and failures of
        essential services such as water, gas and power.

        Each report sets out what is known, when and where it happened, and where the
        story stands. We use four labels: **developing** while the facts are still
        emerging, **under investigation** when the police or another body is looking
        into what happened, **charges brought** once someone has been charged, and
        **closed** when there is nothing more to add.

        We rely on official statements from the emergency services, councils and
        utilities, and on what we can confirm ourselves. Quotations are attributed to a
        named person and organisation, and every report lists its sources.

        Some reports deal with death, injury or violence. Where that is the case we say
        so at the top of the page and list organisations that can help.

        When we get something wrong we correct it openly: see our
        [corrections policy](../corrections-policy/).

        """
    }

    static func correctionsPage(_ settings: Settings, updated: String) -> String {
        """
        ---
        # Published at /corrections-policy/. Put your newsroom's own address in the last
        # paragraph before you publish.
        title: Corrections policy
        summary: How we correct mistakes and record changes to our reports.
        updated: \(updated)
        ---
        We aim to be accurate the first time, but when we get something wrong we put it
        right quickly and openly.

        A correction is added to the report's **Updates and corrections** section with
        the date and time it was made, newest first, and says what was wrong and what
        is right. We do not quietly rewrite reports: spelling or grammar that does not
        change the meaning is fixed without a note; anything else is recorded.

        Once someone has been charged with an offence we take particular care, and we may
        remove details that could prejudice a trial. We remove the names and photographs
        of missing people once they have been found, at the request of the family or the
        police.

        To report an error, email corrections@example.org with the address of the page
        and what you believe is wrong. We aim to reply within two working days.

        """
    }

    static let gitignore = """
        # Made by `blotter build`: the site to publish, and what it keeps beside it (the
        # previous build, a build's staging folder while it runs, and its memory of both).
        /Public/
        /.Public.previous/
        /.Public.staging-*/
        /.Public.memory*
        # Photos processed once and kept for the next build and the preview (it can be deleted).
        /.blotter-cache/
        # What `blotter brief` writes unless told otherwise.
        /briefing.html
        /briefing.pdf
        # `blotter serve` previews in a private folder of its own outside the site (or in
        # the folder given with --output): nothing of it lands here.
        # Folder settings that macOS's Finder leaves.
        .DS_Store

        """
}
