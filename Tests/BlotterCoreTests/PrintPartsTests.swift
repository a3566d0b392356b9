@testable import BlotterCore
@testable import BlotterPrint
import Foundation
import Testing

/// A long briefing printed in parts (`PrintParts`) and the parts' PDFs joined (`PDFMerger`).
/// The whole path through Chromium is checked by `scripts/brief-test.py`, which compares a
/// briefing printed in parts with the same briefing printed whole.
@Suite struct PrintPartsTests {
    static let head = "<!DOCTYPE html>\n<html><head><title>B</title></head>\n<body class=\"b\">"
    static let body = """

        <main class="w">
        <nav><a href="#incident-a">A</a> <a href="#incident-b">B</a> <a href="#incident-c">C</a></nav>
        <!-- <section id="not-open"> -->
        <article class="incident" id="incident-a"><p>Alpha alpha alpha alpha alpha alpha alpha alpha alpha alpha alpha alpha alpha alpha.<br>Alpha.</p><img src="a.png" alt="A"></article>
        <article class="incident" id="incident-b"><p>Bravo bravo bravo.</p><script>let s = "<div>";</script></article>
        <article class="incident" id="incident-c"><p>Charlie <a href="#incident-c-fn-1">1</a>.</p><p id="incident-c-fn-1">Note.</p></article>
        </main>
        </body>
        </html>

        """

    /// Cut in two, before the incident nearest the middle: the second part opens `<main>`
    /// again; each part has an empty element for each linked id it lacks and a hidden link
    /// to each it holds; `owners` says which part holds which.
    @Test func cutBeforeAnIncident() throws {
        let html = Self.head + Self.body
        let parts = try #require(PrintParts(html: html, anchors: ["incident-a", "incident-b", "incident-c"], count: 2))
        let head = "<!DOCTYPE html>\n<html><head><title>B</title>" + PrintParts.marginless + "</head>\n<body class=\"b\">"
        let cut = try #require(html.range(of: "<article class=\"incident\" id=\"incident-b\">")).lowerBound
        #expect(parts.parts == [
            head + String(html[html.range(of: "<body class=\"b\">")!.upperBound..<cut])
                + "\n<div hidden><a href=\"#incident-a\"></a></div>"
                + "<div id=\"incident-b\"></div><div id=\"incident-c\"></div><div id=\"incident-c-fn-1\"></div>\n",
            head + "<main class=\"w\">\n" + String(html[cut..<html.range(of: "</body>")!.lowerBound])
                + "<div hidden><a href=\"#incident-b\"></a><a href=\"#incident-c\"></a><a href=\"#incident-c-fn-1\"></a></div>"
                + "<div id=\"incident-a\"></div>\n</body>\n</html>\n",
        ])
        #expect(parts.owners == [["incident-a"], ["incident-b", "incident-c", "incident-c-fn-1"]])
        #expect(parts.margins(pages: 3) == "<!DOCTYPE html>\n<html><head><title>B</title>" + PrintParts.marginsOnly
            + "</head>\n<body class=\"b\">" + String(repeating: "<div class=\"blotter-page\"></div>", count: 3)
            + "\n</body>\n</html>\n")
    }

    /// Three parts; and no cut when an anchor is missing, there is no `<body>`, or one part is asked.
    @Test func partsAndRefusals() throws {
        let html = Self.head + Self.body
        let anchors = ["incident-a", "incident-b", "incident-c"]
        let three = try #require(PrintParts(html: html, anchors: anchors, count: 3))
        #expect(three.parts.count == 3)
        #expect(three.parts[2].contains("<main class=\"w\">\n<article class=\"incident\" id=\"incident-c\">"))
        #expect(PrintParts(html: html, anchors: ["incident-a", "incident-x"], count: 2) == nil)
        #expect(PrintParts(html: Self.body, anchors: anchors, count: 2) == nil)
        #expect(PrintParts(html: html, anchors: anchors, count: 1) == nil)
    }

    /// The reader takes what Chromium writes: references among integers, escaped strings,
    /// hexadecimal strings, `#xx` in names, comments; the writer writes it back the same.
    @Test func readsAndWritesPDFValues() throws {
        var writer = PDFWriter()
        let value = PDFValue.dictionary(PDFDictionary(entries: [
            ("Kids", .array([.reference(2), .integer(5), .integer(0), .reference(3)])),
            ("Title", .string(Array("a(b)\\c\n\u{7F}".utf8))),
            ("Weird Name", .name("A B#")), ("Real", .real("-.5")), ("Flag", .bool(true)), ("None", .null),
        ]))
        writer.add(PDFObject(value: value, stream: nil))
        writer.add(PDFObject(value: .dictionary(PDFDictionary(entries: [("Filter", .name("FlateDecode"))])),
                             stream: Array("q 1 0 0 1 0 0 cm Q".utf8)[...]))
        writer.add(PDFObject(value: .array([.string([0xFE, 0xFF, 0, 65])]), stream: nil))
        let bytes = writer.finish(trailer: PDFDictionary(entries: [("Root", .reference(1))]))
        let file = try PDFFile(bytes: bytes)
        #expect(file.objects[1]?.value == value)
        #expect(file.objects[2].flatMap(\.stream).map(Array.init) == Array("q 1 0 0 1 0 0 cm Q".utf8))
        #expect(file.objects[2]?.value.dictionary?["Length"] == .integer(18))
        #expect(file.objects[3]?.value == .array([.string([0xFE, 0xFF, 0, 65])]))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("/Kids [2 0 R 5 0 3 0 R]\n/Title (a\\(b\\)\\\\c\\012\\177)\n/Weird#20Name /A#20B#23\n/Real -.5"))

        let handWritten = "%PDF-1.4\n1 0 obj % the catalog\n<</A <48 65 6C6C 6F>/B (x\\\ny\\101)/C[1 2 R]>>\nendobj\n"
        let offset = handWritten.utf8.count
        let pdf = handWritten + "xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<</Size 2 /Root 1 0 R>>\nstartxref\n\(offset)\n%%EOF\n"
        let read = try PDFFile(bytes: Array(pdf.utf8))
        #expect(read.objects[1]?.value.dictionary?["A"] == .string(Array("Hello".utf8)))
        #expect(read.objects[1]?.value.dictionary?["B"] == .string(Array("xyA".utf8)))
        #expect(read.objects[1]?.value.dictionary?["C"] == .array([.reference(1)]))
        #expect(throws: PDFError.self) { try PDFFile(bytes: Array("%PDF-1.5\nnot a pdf".utf8)) }
    }

    /// A part as Chromium prints it, in small: one page, a `Document` element holding one
    /// paragraph with the id `node1`, a parent tree, an id tree and named destinations
    /// (`dests`: name and whether it points at this part's page).
    static func part(text: String, dests: [String]) -> PDFFile {
        var writer = PDFWriter()
        func dictionary(_ entries: [(String, PDFValue)]) -> PDFObject {
            PDFObject(value: .dictionary(PDFDictionary(entries: entries.map { (key: $0.0, value: $0.1) })), stream: nil)
        }
        let destinations = PDFDictionary(entries: dests.map { ($0, .array([.reference(3), .name("XYZ"), .integer(0), .integer(800), .integer(0)])) })
        writer.add(dictionary([("Type", .name("Catalog")), ("Pages", .reference(2)), ("Dests", .reference(10)),
                               ("MarkInfo", .dictionary(PDFDictionary(entries: [("Marked", .bool(true))]))),
                               ("StructTreeRoot", .reference(5))]))
        writer.add(dictionary([("Type", .name("Pages")), ("Kids", .array([.reference(3)])), ("Count", .integer(1))]))
        writer.add(dictionary([("Type", .name("Page")), ("Parent", .reference(2)), ("StructParents", .integer(0)),
                               ("Resources", .dictionary(PDFDictionary(entries: [("Font", .dictionary(PDFDictionary()))]))),
                               ("MediaBox", .array([.integer(0), .integer(0), .integer(595), .integer(842)])),
                               ("Contents", .reference(4))]))
        writer.add(PDFObject(value: .dictionary(PDFDictionary()), stream: Array("/P <</MCID 0>> BDC (\(text)) Tj EMC".utf8)[...]))
        writer.add(dictionary([("Type", .name("StructTreeRoot")), ("K", .reference(6)), ("ParentTree", .reference(8)),
                               ("ParentTreeNextKey", .integer(1)), ("IDTree", .reference(9))]))
        writer.add(dictionary([("Type", .name("StructElem")), ("S", .name("Document")), ("P", .reference(5)), ("K", .reference(7))]))
        writer.add(dictionary([("Type", .name("StructElem")), ("S", .name("P")), ("P", .reference(6)), ("Pg", .reference(3)),
                               ("K", .integer(0)), ("ID", .string(Array("node1".utf8)))]))
        writer.add(dictionary([("Nums", .array([.integer(0), .array([.reference(7)])]))]))
        writer.add(dictionary([("Names", .array([.string(Array("node1".utf8)), .reference(7)]))]))
        writer.add(PDFObject(value: .dictionary(destinations), stream: nil))
        return try! PDFFile(bytes: writer.finish(trailer: PDFDictionary(entries: [("Root", .reference(1))])))
    }

    /// Two parts and their margins joined: pages in order, each with its margins drawn last
    /// as an artifact; one structure tree with the second part's keys shifted and ids
    /// prefixed; each destination from the part that owns it.
    @Test func mergesPartsAndMargins() throws {
        var margins = PDFWriter()
        margins.add(PDFObject(value: .dictionary(PDFDictionary(entries: [("Type", .name("Catalog")), ("Pages", .reference(2))])), stream: nil))
        margins.add(PDFObject(value: .dictionary(PDFDictionary(entries: [
            ("Type", .name("Pages")), ("Kids", .array([.reference(3), .reference(5)])), ("Count", .integer(2)),
        ])), stream: nil))
        for page in 1...2 {
            margins.add(PDFObject(value: .dictionary(PDFDictionary(entries: [
                ("Type", .name("Page")), ("Parent", .reference(2)), ("Contents", .reference(2 + 2 * page)),
                ("Resources", .dictionary(PDFDictionary(entries: [("Font", .dictionary(PDFDictionary(entries: [("F1", .reference(7))])))]))),
                ("MediaBox", .array([.integer(0), .integer(0), .integer(595), .integer(842)])),
            ])), stream: nil))
            margins.add(PDFObject(value: .dictionary(PDFDictionary()), stream: Array("(Page \(page) of 2) Tj".utf8)[...]))
        }
        margins.add(PDFObject(value: .dictionary(PDFDictionary(entries: [("Type", .name("Font")), ("BaseFont", .name("Helvetica"))])), stream: nil))
        let marginFile = try PDFFile(bytes: margins.finish(trailer: PDFDictionary(entries: [("Root", .reference(1))])))

        let first = Self.part(text: "Contents", dests: ["incident-a", "incident-b"])
        let second = Self.part(text: "Bravo", dests: ["incident-b"])
        var merger = try PDFMerger(parts: [first, second], owners: [["incident-a"], ["incident-b"]])
        #expect(merger.pageCount == 2)
        let mergedBytes = try merger.finish(margins: marginFile)
        let merged = try PDFFile(bytes: mergedBytes)

        let pages = try merged.pages()
        #expect(pages.count == 2)
        for (index, page) in pages.enumerated() {
            let dictionary = try #require(merged.objects[page]?.value.dictionary)
            let contents = try #require(dictionary["Contents"]?.array).compactMap { merged.objects[$0.reference ?? 0]?.stream }
            #expect(contents.map { String(decoding: $0, as: UTF8.self) } == [
                "q\n", "/P <</MCID 0>> BDC (\(index == 0 ? "Contents" : "Bravo")) Tj EMC",
                "Q\n/Artifact BMC\nq\n/BlotterMargins Do\nQ\nEMC\n",
            ])
            let form = try #require(merged.resolve(dictionary["Resources"]?.dictionary?["XObject"]?.dictionary?["BlotterMargins"]))
            let formNumber = try #require(dictionary["Resources"]?.dictionary?["XObject"]?.dictionary?["BlotterMargins"]?.reference)
            #expect(form.dictionary?["Subtype"] == .name("Form"))
            #expect(merged.objects[formNumber]?.stream.map { String(decoding: $0, as: UTF8.self) } == "(Page \(index + 1) of 2) Tj")
            #expect(merged.resolve(form.dictionary?["Resources"]?.dictionary?["Font"]?.dictionary?["F1"])?.dictionary?["BaseFont"] == .name("Helvetica"))
            #expect(dictionary["StructParents"] == .integer(index))
        }

        let catalog = try merged.catalog()
        let dests = try #require(merged.resolve(catalog["Dests"])?.dictionary)
        #expect(dests.entries.map(\.key) == ["incident-a", "incident-b"])
        #expect(dests["incident-a"]?.array?.first == .reference(pages[0]))
        #expect(dests["incident-b"]?.array?.first == .reference(pages[1]))

        let root = try #require(merged.resolve(catalog["StructTreeRoot"])?.dictionary)
        #expect(root["ParentTreeNextKey"] == .integer(2))
        let documentNumber = try #require(root["K"]?.reference)
        let kids = try #require(merged.objects[documentNumber]?.value.dictionary?["K"]?.array)
        #expect(kids.count == 2)
        let paragraphs = kids.compactMap { merged.objects[$0.reference ?? 0]?.value.dictionary }
        #expect(paragraphs.map { $0["ID"] } == [.string(Array("node1".utf8)), .string(Array("part2-node1".utf8))])
        #expect(paragraphs.map { $0["P"] } == [.reference(documentNumber), .reference(documentNumber)])
        #expect(paragraphs.map { $0["Pg"] } == pages.map(PDFValue.reference))
        let parentTree = try merged.treeEntries(root["ParentTree"], leafKey: "Nums")
        #expect(parentTree.map(\.key) == [.integer(0), .integer(1)])
        #expect(parentTree.map(\.value) == kids.map { .array([$0]) })
        let ids = try merged.treeEntries(root["IDTree"], leafKey: "Names")
        #expect(ids.map(\.key) == [.string(Array("node1".utf8)), .string(Array("part2-node1".utf8))])
    }

    /// Parts that cannot be merged are refused with a reason (the briefing is then printed whole).
    @Test func refusesWhatItCannotMerge() throws {
        let part = Self.part(text: "A", dests: [])
        var merger = try PDFMerger(parts: [part, part], owners: [[], []])
        #expect(throws: PDFError.self) { try merger.finish(margins: part) }
        var untagged = part
        untagged.objects[1]?.value = .dictionary(PDFDictionary(entries: [("Type", .name("Catalog")), ("Pages", .reference(2))]))
        #expect(throws: PDFError.self) { try PDFMerger(parts: [part, untagged], owners: [[], []]) }
    }
}
