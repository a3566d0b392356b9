import BlotterCore
import Foundation
import Testing

/// `aliases:` on incidents and pages: a redirect page at each old address, lines in the
/// hosts' redirect files, and an error for an alias that is not free.
@Suite struct AliasTests {
    @Test func aliasesWriteRedirectPagesAndHostRules() throws {
        let site = try TestSite([
            "Content/incidents/a.md": incidentFile(
                extra: "aliases: [/incidents/old-fire/, \"https://example.org/2019/05/fire\", old/story]"),
            "Content/pages/about.md": "---\ntitle: About\naliases: /about-us/\n---\nWho we are.\n",
        ])
        defer { site.delete() }
        #expect(try site.build().diagnostics.isEmpty)
        #expect(try site.read("incidents/old-fire/index.html") == """
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <title>Moved: Test Desk</title>
            <meta name="robots" content="noindex">
            <link rel="canonical" href="https://example.org/incidents/fire-in-barking/">
            <meta http-equiv="refresh" content="0; url=/incidents/fire-in-barking/">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            </head>
            <body>
            <main>
            <h1>This page has moved</h1>
            <p>It is now at <a href="/incidents/fire-in-barking/">https://example.org/incidents/fire-in-barking/</a>.</p>
            </main>
            </body>
            </html>

            """)
        let files = site.outputFiles()
        for path in ["2019/05/fire/index.html", "old/story/index.html", "about-us/index.html"] {
            #expect(files.contains(path), "\(path)")
        }
        #expect(try site.read("about-us/index.html").contains("url=/about/\""))
        let redirects = try site.read("_redirects")
        #expect(redirects.contains("""
            /page/1/  /  301
            # Old addresses of pages (`aliases:`) lead to the pages.
            /2019/05/fire/  /incidents/fire-in-barking/  301
            /about-us/  /about/  301
            /incidents/old-fire/  /incidents/fire-in-barking/  301
            /old/story/  /incidents/fire-in-barking/  301
            /areas/:term/page/  /areas/:term/  301
            """), "\(redirects)")
        #expect(try site.read("_redirects.map") == """
            # Old addresses (`aliases:`) and where they lead, for nginx: `blotter deploy nginx` reads
            # this file into a map when nginx starts or reloads. Written by Blotter with every build.
            /2019/05/fire/ /incidents/fire-in-barking/;
            /about-us/ /about/;
            /incidents/old-fire/ /incidents/fire-in-barking/;
            /old/story/ /incidents/fire-in-barking/;

            """)
        // Redirect pages are not pages of the site: not in the sitemap.
        #expect(try !site.read("sitemap.xml").contains("old-fire"))
    }

    @Test func aSiteWithoutAliasesHasNoMap() throws {
        let site = try TestSite(["Content/incidents/a.md": incidentFile()])
        defer { site.delete() }
        try site.build()
        #expect(!site.outputFiles().contains("_redirects.map"))
        #expect(try !site.read("_redirects").contains("aliases"))
    }

    @Test func anAliasThatIsNotFreeIsAnErrorAtIt() throws {
        let site = try TestSite([
            "Content/incidents/a.md": incidentFile(),
            "Content/incidents/b.md": incidentFile(title: "Crash on the A13", extra: """
                aliases:
                  - /incidents/fire-in-barking/
                  - /about/
                  - /tags/fire/
                  - /incidents/old-crash/
                  - https://elsewhere.org/x/
                  - /incidents/../x/
                  - /incidents/x/?p=1
                  - /incidents/crash-on-the-a13/
                """),
            "Content/incidents/c.md": incidentFile(title: "Flood", extra: "aliases: [/incidents/old-crash/]"),
            "Content/pages/about.md": "---\ntitle: About\n---\nWho we are.\n",
        ])
        defer { site.delete() }
        let free = "an alias must be an address no page has"
        #expect(try site.diagnosticLines() == [
            "Content/incidents/b.md:10:5: error: aliases[1]: /incidents/fire-in-barking/ is the address of Content/incidents/a.md; \(free)",
            "Content/incidents/b.md:11:5: error: aliases[2]: /about/ is the address of Content/pages/about.md; \(free)",
            "Content/incidents/b.md:12:5: error: aliases[3]: /tags/fire/ is the address of a generated page; \(free)",
            "Content/incidents/b.md:14:5: error: aliases[5]: not an address on this site's base_url (https://example.org/); "
                + "an alias is an old address of this site, found \"https://elsewhere.org/x/\"",
            "Content/incidents/b.md:15:5: error: aliases[6]: expected an address like /incidents/old-headline/ (letters, digits, "
                + "'-', '.', '_', '~' and '/', no empty, '.' or '..' folders), found \"/incidents/../x/\"",
            "Content/incidents/b.md:16:5: error: aliases[7]: an alias is a page's address, without a query ('?') or a "
                + "fragment ('#'), found \"/incidents/x/?p=1\"",
            "Content/incidents/b.md:17:5: error: aliases[8]: /incidents/crash-on-the-a13/ is this page's own address",
            "Content/incidents/c.md:9:11: error: aliases[1]: /incidents/old-crash/ is also an alias of Content/incidents/b.md",
        ])
        #expect(try site.build().failed)
    }

    /// With a `permalinks` pattern, an alias is checked against the addresses it makes.
    @Test func anAliasMayNotTakeAPatternsAddress() throws {
        let config = PermalinkTests.config("/incidents/:year/:slug/")
        let site = try TestSite([
            "Content/incidents/a.md": incidentFile(extra: "aliases: [/incidents/fire-in-barking/]"),
            "Content/incidents/b.md": incidentFile(title: "Crash", extra: "aliases: [/incidents/2024/fire-in-barking/]"),
        ], config: config)
        defer { site.delete() }
        #expect(try site.diagnosticLines() == [
            "Content/incidents/b.md:9:11: error: aliases[1]: /incidents/2024/fire-in-barking/ is the address of "
                + "Content/incidents/a.md; an alias must be an address no page has",
        ])
    }
}
