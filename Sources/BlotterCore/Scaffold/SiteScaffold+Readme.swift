extension SiteScaffold {
    /// The newsroom's README: how to write, preview, publish and restyle the site.
    static func readme(_ settings: Settings, example: ExampleIncident) -> String {
        let examplePath = "Content/incidents/\(example.folder)/\(ExampleIncident.slug).md"
        return """
            # \(markdownText(settings.title))

            The reports of this site are Markdown files, one per incident, that Blotter
            (the `blotter` command) makes into a website: a page per report, listings by
            area, agency, tag and status, feeds, open data and printable briefings.

            ## What is here

            ```
            site.yml              settings: title, address, language, timezone, help lines, briefings
            Content/incidents/    one file per report, in folders by year and month
            Content/pages/        other pages: about.md is /about/, corrections-policy.md is /corrections-policy/
            Static/               files published as they are: Static/assets/images/map.svg is /assets/images/map.svg
            Templates/            your changes to the look, once you make some (see below)
            Public/               the site to publish, made by `blotter build`: never edit it (git ignores it)
            ```

            ## Writing a report

            ```sh
            blotter new "Two hurt in warehouse fire on Mill Road" --area Riverside
            ```

            writes `Content/incidents/YYYY/MM/two-hurt-in-warehouse-fire-on-mill-road.md`
            with every field ready to fill in; the optional ones are commented out (a `#`
            in front).

            `\(examplePath)` is a finished report
            that uses every field, with comments that say what each one does. Delete it,
            and its picture `Static/assets/images/\(ExampleIncident.imageName)`, once
            you have reports of your own.

            A report that is not ready yet can say `draft: true`: it stays off the site.

            ## Seeing it while you write

            ```sh
            blotter serve            # then open http://127.0.0.1:8000/
            blotter serve --drafts   # drafts too
            ```

            Each time you save a file the open page reloads by itself. A mistake (a date
            Blotter cannot read, a missing field) is shown over the page with its file,
            line and field until you fix it. `blotter check` lists every problem without
            building anything. The preview is written outside this folder, so drafts are
            never published by accident.

            ## Publishing

            ```sh
            blotter build
            ```

            writes the whole site into `Public/`. Upload that folder, as it is, to any static
            host (Netlify, GitHub Pages, Cloudflare Pages, S3, an nginx or Apache server):

            ```sh
            blotter build && rsync -a --delete Public/ user@host:/var/www/incidents/
            ```

            Before you publish the first time:

            - set `base_url` in `site.yml` to the address of the site;
            - put the help lines your readers can call under `support` in `site.yml`;
            - put your newsroom's address in `Content/pages/corrections-policy.md`;
            - delete the example report and its picture.

            ## Briefings

            `blotter brief` makes one printable document of the week's reports (or of an
            area, a tag, a status, some dates: `blotter brief --help`), as HTML, or as a PDF
            with `--pdf` (with Chromium installed). The briefings listed in `site.yml` are
            published with the site, at `/briefings/<name>/`.

            ## Changing the look

            The look comes from a theme built into Blotter. To change one part of it, copy
            that template into this site and edit the copy:

            ```sh
            blotter theme list            # every template, and whether it is the site's or the theme's
            blotter theme copy incident   # writes Templates/incident.mustache, the report's page
            ```

            A file in `Templates/` replaces the theme's file of the same name; every other file
            still comes from the theme, and gets its fixes with each new Blotter. The
            stylesheet is `assets/style.css` (`blotter theme copy assets/style.css`).

            """
    }
}
