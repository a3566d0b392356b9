import ArgumentParser
import BlotterCore
import Foundation

/// `blotter deploy`: what a web server needs to serve the built site.
struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Print a web server's configuration for the site.",
        discussion: """
            Every build also writes _headers and _redirects into the output folder, which \
            Netlify and Cloudflare Pages read, and, when the site has aliases, _redirects.map, \
            which the nginx block reads.
            """,
        subcommands: [NginxCommand.self])
}

/// `blotter deploy nginx`.
struct NginxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nginx",
        abstract: "Print an nginx server block serving the built site (passes `nginx -t`).",
        discussion: """
            Example: blotter deploy nginx --root /var/www/incidents > /etc/nginx/sites-available/incidents
            The block serves pretty URLs, the site's 404 page, the right content types for \
            feeds and data, the .gz copies of text files, long caching for fingerprinted assets, \
            and a 301 from each old address (aliases) to its page.
            """)

    @Option(name: .long, help: ArgumentHelp("The site folder (holding site.yml).", valueName: "dir"))
    var site: String = "."

    @Option(name: .long, help: ArgumentHelp(
        "The folder nginx serves, as a path on the server (default: the absolute path of <site>/Public).",
        valueName: "dir"))
    var root: String?

    @Option(name: .customLong("server-name"), help: ArgumentHelp(
        "The host names nginx answers to (default: the host of base_url).", valueName: "name"))
    var serverName: String?

    @Option(name: .long, help: ArgumentHelp(
        "Where nginx listens: a port, or ADDRESS:PORT (default: 80, on IPv4 and IPv6).", valueName: "addr:port"))
    var listen: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Replace base_url from site.yml.", valueName: "url"))
    var baseURL: String?

    @Flag(name: .long, help: "Send the build's .br copies (needs Debian's libnginx-mod-http-brotli-static).")
    var brotli = false

    func run() throws {
        let siteURL = URL(fileURLWithPath: site, isDirectory: true)
        let (config, diagnostics) = try Pipeline.settings(BuildOptions(siteDirectory: siteURL, baseURL: baseURL))
        Terminal.printDiagnostics(diagnostics)
        if diagnostics.containsErrors {
            Terminal.error("nothing printed: \(Terminal.errorSummary(diagnostics))")
            throw ExitCode.failure
        }
        let folder = root ?? siteURL.appendingPathComponent("Public").path
        let absolute = URL(fileURLWithPath: folder).standardizedFileURL.path
        let server = try NginxServer(config: config, root: absolute, serverName: serverName, listen: listen,
                                     brotli: brotli)
        print(HostConfig.nginx(server), terminator: "")
    }
}
