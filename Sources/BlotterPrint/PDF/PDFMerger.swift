/// Joins the PDFs Chromium printed of a briefing's parts into one document, and draws each
/// page's margin boxes (printed apart, once the page count was known) onto its page.
///
/// What a reader and a screen reader get is what one print of the whole briefing gives:
/// - the pages in order, under one page tree;
/// - the links between parts: each part names its destinations (`/Dests`), and a name is
///   taken from the part that holds the element with that id (`owners`);
/// - one structure tree (tagged PDF): the parts' top elements under the first part's
///   `Document` element, the parent-tree keys of later parts shifted past the earlier
///   ones, and their element ids (Chromium's `node00000123`) made unique with a `partN-`
///   prefix, in `/ID`, in table cells' `/Headers` and in the id tree;
/// - the margins: page `n` of `margins` becomes a form drawn on page `n`, marked as an
///   artifact (page furniture, not content).
/// Objects no longer reachable from the new catalog are left out.
/// In two steps, so that the margins can be printed while the parts are joined:
/// `PDFMerger(parts:owners:)`, then `finish(margins:)`.
struct PDFMerger {
    private var merge = Merge()
    private var pages: [Int] = []
    private var pagesRoot = 0
    private var dests: [(name: String, value: PDFValue)] = []
    private var structure: Structure?
    private var catalog = PDFDictionary()
    private var info: PDFValue?

    /// The parts joined, without their margins yet.
    init(parts: [PDFFile], owners: [Set<String>]) throws(PDFError) {
        var tagged: [Bool] = []
        for (index, part) in parts.enumerated() {
            let catalog = try part.catalog()
            for key in ["Outlines", "Names", "AcroForm"] where catalog[key] != nil {
                throw PDFError("part \(index + 1) has /\(key), which Blotter does not merge")
            }
            tagged.append(catalog["StructTreeRoot"] != nil)
        }
        guard let first = tagged.first, tagged.allSatisfy({ $0 == first }) else {
            throw PDFError("some parts are tagged and some not")
        }
        var structure = first ? Structure() : nil
        var pageRoots: [Int] = []
        var destIndex: [String: (index: Int, owned: Bool)] = [:]
        for (index, part) in parts.enumerated() {
            let shift = structure?.nextKey ?? 0, prefix = Structure.prefix(index)
            let base = merge.add(part) { index > 0 && first ? Structure.shifted($0, by: shift, prefix: prefix) : $0 }
            let catalog = try part.catalog()
            if index == 0 {
                self.catalog = catalog.mapValues { $0.renumbered { $0 + base } }
                info = part.trailer["Info"]
            }
            guard let root = catalog["Pages"]?.reference else { throw PDFError("part \(index + 1) has no page tree") }
            pageRoots.append(root + base)
            pages += try part.pages().map { $0 + base }
            for (name, value) in part.resolve(catalog["Dests"])?.dictionary?.entries ?? [] {
                let owned = owners.indices.contains(index) && owners[index].contains(name)
                let entry = (name, value.renumbered { $0 + base })
                if let existing = destIndex[name] {
                    if owned, !existing.owned { dests[existing.index] = entry; destIndex[name] = (existing.index, true) }
                } else {
                    destIndex[name] = (dests.count, owned)
                    dests.append(entry)
                }
            }
            try structure?.add(part, index: index, base: base, into: &merge)
        }
        self.structure = structure

        // One page tree over the parts' trees.
        pagesRoot = merge.reserve()
        for root in pageRoots { merge.update(root) { [pagesRoot] in $0["Parent"] = .reference(pagesRoot) } }
        merge.set(pagesRoot, .dictionary(PDFDictionary(entries: [
            ("Type", .name("Pages")), ("Kids", .array(pageRoots.map(PDFValue.reference))), ("Count", .integer(pages.count)),
        ])))
    }

    /// The number of pages.
    var pageCount: Int { pages.count }

    /// The merged file's bytes, with the margins (a PDF of `pageCount` pages) drawn.
    mutating func finish(margins: PDFFile) throws(PDFError) -> [UInt8] {
        let marginPages = try margins.pages()
        guard marginPages.count == pages.count else {
            throw PDFError("the margins have \(marginPages.count) pages for \(pages.count) pages")
        }
        try Self.drawMargins(margins, marginPages, onto: pages, into: &merge)
        var catalog = catalog
        catalog["Pages"] = .reference(pagesRoot)
        catalog["Dests"] = dests.isEmpty ? nil
            : .reference(merge.add(.dictionary(PDFDictionary(entries: dests.map { ($0.name, $0.value) }))))
        if var structure { catalog["StructTreeRoot"] = .reference(try structure.finish(into: &merge)) }
        let catalogNumber = merge.add(.dictionary(catalog))
        var trailer = PDFDictionary(entries: [("Root", .reference(catalogNumber))])
        trailer["Info"] = info
        return merge.write(trailer: trailer)
    }

    /// The contents drawn before a page's own (saving the graphics state) and after it
    /// (restoring it, then drawing the margins as an artifact).
    private static let before: [UInt8] = Array("q\n".utf8)
    private static let after: [UInt8] = Array("Q\n/Artifact BMC\nq\n/BlotterMargins Do\nQ\nEMC\n".utf8)

    /// Page `n` of `margins` as a form XObject drawn on page `n` of `pages`.
    private static func drawMargins(_ margins: PDFFile, _ marginPages: [Int], onto pages: [Int],
                                    into merge: inout Merge) throws(PDFError) {
        let base = merge.addReachable(margins, from: marginPages)
        let open = merge.add(.dictionary(PDFDictionary()), stream: before[...])
        let close = merge.add(.dictionary(PDFDictionary()), stream: after[...])
        for (page, marginPage) in zip(pages, marginPages) {
            let source = margins.objects[marginPage]?.value.dictionary ?? PDFDictionary()
            let contents = source["Contents"]
            let list = margins.resolve(contents)?.array ?? contents.map { [$0] } ?? []
            guard list.count == 1, let number = list[0].reference, let stream = margins.objects[number],
                  let data = stream.stream else {
                throw PDFError("a margin page has not one content stream")
            }
            guard let box = source["MediaBox"]?.array else { throw PDFError("a margin page has no /MediaBox of its own") }
            var form = PDFDictionary(entries: [("Type", .name("XObject")), ("Subtype", .name("Form"))])
            form["BBox"] = .array(box)
            form["Resources"] = source["Resources"]?.renumbered { $0 + base } ?? .dictionary(PDFDictionary())
            if let filter = stream.value.dictionary?["Filter"] { form["Filter"] = filter.renumbered { $0 + base } }
            if let parameters = stream.value.dictionary?["DecodeParms"] { form["DecodeParms"] = parameters }
            let formNumber = merge.add(.dictionary(form), stream: data)

            guard var dictionary = merge.value(page)?.dictionary else { throw PDFError("a page is missing") }
            var resources = merge.resolve(dictionary["Resources"])?.dictionary ?? PDFDictionary()
            var xobjects = merge.resolve(resources["XObject"])?.dictionary ?? PDFDictionary()
            xobjects["BlotterMargins"] = .reference(formNumber)
            resources["XObject"] = .dictionary(xobjects)
            dictionary["Resources"] = .dictionary(resources)
            let own: [PDFValue] = merge.resolve(dictionary["Contents"])?.array ?? dictionary["Contents"].map { [$0] } ?? []
            dictionary["Contents"] = .array([.reference(open)] + own + [.reference(close)])
            merge.set(page, .dictionary(dictionary))
        }
    }
}

/// The objects of the merged file, numbered as they are added (each file's numbers shifted
/// past the earlier ones'), written out in the end without the unreachable ones.
private struct Merge {
    var objects: [Int: PDFObject] = [:]
    var next = 1

    /// Adds every object of `file`, changed by `change`; returns the shift applied to its numbers.
    mutating func add(_ file: PDFFile, _ change: (PDFValue) -> PDFValue) -> Int {
        let base = next - 1
        for (number, object) in file.objects {
            objects[number + base] = PDFObject(value: change(object.value.renumbered { $0 + base }), stream: object.stream)
        }
        next += file.size - 1
        return base
    }

    /// Adds the objects of `file` that `roots`' resources reach (not the pages themselves);
    /// returns the shift applied to their numbers.
    mutating func addReachable(_ file: PDFFile, from roots: [Int]) -> Int {
        let base = next - 1
        var pending: [Int] = []
        for root in roots { file.objects[root]?.value.dictionary?["Resources"]?.forEachReference { pending.append($0) } }
        var seen: Set<Int> = []
        while let number = pending.popLast() {
            guard seen.insert(number).inserted, let object = file.objects[number] else { continue }
            objects[number + base] = PDFObject(value: object.value.renumbered { $0 + base }, stream: object.stream)
            object.value.forEachReference { pending.append($0) }
        }
        next += file.size - 1
        return base
    }

    mutating func reserve() -> Int {
        next += 1
        return next - 1
    }

    mutating func add(_ value: PDFValue, stream: ArraySlice<UInt8>? = nil) -> Int {
        let number = reserve()
        objects[number] = PDFObject(value: value, stream: stream)
        return number
    }

    mutating func set(_ number: Int, _ value: PDFValue) {
        objects[number] = PDFObject(value: value, stream: objects[number]?.stream)
    }

    func value(_ number: Int) -> PDFValue? { objects[number]?.value }

    func resolve(_ value: PDFValue?) -> PDFValue? {
        if case .reference(let number)? = value { return objects[number]?.value }
        return value
    }

    /// Changes the dictionary of object `number`.
    mutating func update(_ number: Int, _ change: (inout PDFDictionary) -> Void) {
        guard var dictionary = objects[number]?.value.dictionary else { return }
        change(&dictionary)
        set(number, .dictionary(dictionary))
    }

    /// The file: the objects `trailer` reaches, renumbered from 1 in their present order.
    func write(trailer: PDFDictionary) -> [UInt8] {
        var reached: Set<Int> = []
        var pending: [Int] = []
        PDFValue.dictionary(trailer).forEachReference { pending.append($0) }
        while let number = pending.popLast() {
            guard reached.insert(number).inserted, let object = objects[number] else { continue }
            object.value.forEachReference { pending.append($0) }
        }
        let kept = reached.filter { objects[$0] != nil }.sorted()
        var final: [Int: Int] = [:]
        for (index, number) in kept.enumerated() { final[number] = index + 1 }
        let change: (Int) -> Int = { final[$0] ?? 0 }
        var writer = PDFWriter()
        for number in kept { writer.add(objects[number]!, references: change) }
        return writer.finish(trailer: PDFValue.dictionary(trailer).renumbered(change).dictionary!)
    }
}

/// The parts' structure trees, joined (see `PDFMerger`).
private struct Structure {
    /// The first part's structure tree root and `Document` element (merged numbers).
    var root: PDFDictionary?
    var document: Int?
    /// The top elements under `Document`, from every part.
    var kids: [PDFValue] = []
    var parentTree: [(key: Int, value: PDFValue)] = []
    var ids: [(key: [UInt8], value: PDFValue)] = []
    var nextKey = 0

    /// Adds part `index` (its objects already in `merge`, shifted by `base`).
    mutating func add(_ part: PDFFile, index: Int, base: Int, into merge: inout Merge) throws(PDFError) {
        guard let rootValue = part.resolve(try part.catalog()["StructTreeRoot"])?.dictionary,
              let documentNumber = rootValue["K"]?.reference ?? rootValue["K"]?.array?.first?.reference,
              rootValue["K"]?.array.map({ $0.count == 1 }) ?? true,
              let document = part.objects[documentNumber]?.value.dictionary, document["S"]?.name == "Document" else {
            throw PDFError("part \(index + 1)'s structure tree does not start with one Document element")
        }
        let shift = nextKey
        let prefix = Self.prefix(index)
        let kidValues = document["K"].map { $0.array ?? [$0] } ?? []
        for kid in kidValues {
            guard let number = kid.reference else { throw PDFError("part \(index + 1)'s Document holds content directly") }
            kids.append(.reference(number + base))
        }
        if index == 0 {
            root = rootValue.mapValues { $0.renumbered { $0 + base } }
            self.document = documentNumber + base
        } else if let document = self.document {
            for kid in kidValues.compactMap(\.reference) { merge.update(kid + base) { $0["P"] = .reference(document) } }
        }
        for (key, value) in try part.treeEntries(rootValue["ParentTree"], leafKey: "Nums") {
            guard let number = key.integer else { throw PDFError("a parent tree key is not a number") }
            parentTree.append((number + shift, value.renumbered { $0 + base }))
        }
        for (key, value) in try part.treeEntries(rootValue["IDTree"], leafKey: "Names") {
            guard case .string(let id) = key else { throw PDFError("an id tree key is not a string") }
            ids.append((prefix + id, value.renumbered { $0 + base }))
        }
        let highest = parentTree.map(\.key).max().map { $0 + 1 } ?? 0
        nextKey = max(shift + (rootValue["ParentTreeNextKey"]?.integer ?? 0), highest)
    }

    /// What part `index`'s element ids start with (nothing for the first part).
    static func prefix(_ index: Int) -> [UInt8] { index == 0 ? [] : Array("part\(index + 1)-".utf8) }

    /// For a later part's objects: `value` with `StructParent(s)` shifted by `shift` (the
    /// parent-tree keys before this part) and element ids (`/ID`, `/Headers`) prefixed.
    static func shifted(_ value: PDFValue, by shift: Int, prefix: [UInt8]) -> PDFValue {
        switch value {
        case .array(let items):
            return .array(items.map { shifted($0, by: shift, prefix: prefix) })
        case .dictionary(let dictionary):
            var out = PDFDictionary()
            for (key, item) in dictionary.entries {
                switch (key, item) {
                case ("StructParents", .integer(let number)), ("StructParent", .integer(let number)):
                    out.entries.append((key, .integer(number + shift)))
                case ("ID", .string(let id)):
                    out.entries.append((key, .string(prefix + id)))
                case ("Headers", .array(let headers)):
                    out.entries.append((key, .array(headers.map { header in
                        if case .string(let id) = header { .string(prefix + id) } else { header }
                    })))
                default:
                    out.entries.append((key, shifted(item, by: shift, prefix: prefix)))
                }
            }
            return .dictionary(out)
        default:
            return value
        }
    }

    /// Writes the joined tree; returns its root's number.
    mutating func finish(into merge: inout Merge) throws(PDFError) -> Int {
        guard var root = root, let document = document else { throw PDFError("no structure tree") }
        let rootNumber = merge.reserve()
        merge.update(document) {
            $0["K"] = .array(kids)
            $0["P"] = .reference(rootNumber)
        }
        parentTree.sort { $0.key < $1.key }
        root["ParentTree"] = .reference(Self.tree(parentTree.map { (PDFValue.integer($0.key), $0.value) },
                                                  leafKey: "Nums", into: &merge))
        root["ParentTreeNextKey"] = .integer(nextKey)
        if ids.isEmpty {
            root["IDTree"] = nil
        } else {
            ids.sort { $0.key.lexicographicallyPrecedes($1.key) }
            root["IDTree"] = .reference(Self.tree(ids.map { (PDFValue.string($0.key), $0.value) }, leafKey: "Names", into: &merge))
        }
        merge.set(rootNumber, .dictionary(root))
        return rootNumber
    }

    /// A number or name tree of sorted `entries`: leaves of at most 512 entries, with their
    /// `/Limits`, under one root.
    private static func tree(_ entries: [(PDFValue, PDFValue)], leafKey: String, into merge: inout Merge) -> Int {
        let leafSize = 512
        guard entries.count > leafSize else {
            return merge.add(.dictionary(PDFDictionary(entries: [(leafKey, .array(entries.flatMap { [$0.0, $0.1] }))])))
        }
        var leaves: [PDFValue] = []
        for start in stride(from: 0, to: entries.count, by: leafSize) {
            let slice = entries[start..<min(entries.count, start + leafSize)]
            leaves.append(.reference(merge.add(.dictionary(PDFDictionary(entries: [
                ("Limits", .array([slice.first!.0, slice.last!.0])),
                (leafKey, .array(slice.flatMap { [$0.0, $0.1] })),
            ])))))
        }
        return merge.add(.dictionary(PDFDictionary(entries: [("Kids", .array(leaves))])))
    }
}
