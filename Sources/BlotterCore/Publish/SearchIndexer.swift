public import Foundation

/// Makes a site's search index in a folder about to be published. The `blotter` command
/// gives Pagefind's (`BuildOptions.searchIndexer`).
public protocol SearchIndexer: Sendable {
    /// Fails at once when the indexer cannot run (Pagefind is missing), before anything is rendered.
    func prepare() throws(BlotterError)
    /// Indexes the site in `folder`, writing `folder/pagefind/`.
    func index(_ folder: URL) throws(BlotterError)
}
