@testable import BlotterCore
import Foundation
import Testing

/// The official Mustache spec (Tests/Fixtures/mustache-spec/README.md) run through Blotter's
/// engine: every case of every file renders as the spec expects, or is one of `differences`,
/// Blotter's documented departures (docs/templates.md, "Mustache spec").
@Suite struct MustacheSpecTests {
    /// The spec files kept: the core modules and the optional inheritance module (lambdas and
    /// dynamic names are not supported, so their files are not kept).
    static let files = ["comments", "delimiters", "interpolation", "inverted", "partials", "sections", "~inheritance"]

    static let folder = TestSite.repositoryRoot.appendingPathComponent("Tests/Fixtures/mustache-spec")

    /// The cases Blotter renders otherwise, by id (`file: test name`), with the reason. A listed
    /// case that starts to pass fails `specCases`, so this list stays true.
    static let differences: [String: String] = [
        "~inheritance: Inherit": pairedTags,
        "~inheritance: Override parent with newlines": pairedTags,
        "~inheritance: Standalone parent": pairedTags + " Nor is a parent indented like a standalone partial.",
        "~inheritance: Standalone block": pairedTags + " " + blockIndentation,
        "~inheritance: Block reindentation": pairedTags + " " + blockIndentation,
        "~inheritance: Intrinsic indentation": pairedTags + " " + blockIndentation,
        "~inheritance: Nested block reindentation": pairedTags + " " + blockIndentation,
    ]

    /// Why the cases of the inheritance module's later whitespace rules are listed.
    static let pairedTags = "A standalone line is the core spec's: one tag and whitespace. The inheritance "
        + "module's later rule, that a parent's or block's opening and closing tags on one line (or a parent's "
        + "and a block's opening tags) are standalone together, is not followed: it would change the whitespace "
        + "of existing pages (the default layout has {{$head}}{{/head}} on a line of its own)."
    static let blockIndentation = "A block's content is written as the page's template has it, not re-indented "
        + "to where the block stands in its parent (whitespace only, in HTML)."

    struct SpecFile: Decodable {
        var tests: [Case]
    }

    struct Case: Decodable {
        var name: String
        var desc: String
        var data: JSONValue
        var template: String
        var partials: [String: String]?
        var expected: String
    }

    /// A JSON value as the spec's data holds it.
    enum JSONValue: Decodable {
        case null, bool(Bool), int(Int), double(Double), string(String), array([JSONValue])
        case object([String: JSONValue])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
            } else if let number = try? container.decode(Int.self) {
                self = .int(number)
            } else if let number = try? container.decode(Double.self) {
                self = .double(number)
            } else if let text = try? container.decode(String.self) {
                self = .string(text)
            } else if let items = try? container.decode([JSONValue].self) {
                self = .array(items)
            } else {
                self = .object(try container.decode([String: JSONValue].self))
            }
        }

        /// The value a Blotter template sees. Blotter has no decimals (a site's numbers are
        /// counts) and no null: a decimal is given as its text, a null as Blotter's absent
        /// value (empty text, which is falsey and writes nothing).
        var templateValue: TemplateValue {
            switch self {
            case .null: return .absent
            case .bool(let flag): return .bool(flag)
            case .int(let number): return .int(number)
            case .double(let number): return .text(String(number))
            case .string(let text): return .text(text)
            case .array(let items): return .list(items.map(\.templateValue))
            case .object(let fields): return .map(TemplateFields(fields.mapValues(\.templateValue)))
            }
        }
    }

    /// Every case of the kept files, by id. A name used twice in a file (`~inheritance` has
    /// two "Text inside parent") gets ` #2` on its second use.
    static func cases() throws -> [(id: String, test: Case)] {
        var all: [(id: String, test: Case)] = []
        for file in files {
            let data = try Data(contentsOf: folder.appendingPathComponent("\(file).json"))
            var seen: [String: Int] = [:]
            for test in try JSONDecoder().decode(SpecFile.self, from: data).tests {
                seen[test.name, default: 0] += 1
                let count = seen[test.name]!
                all.append(("\(file): \(test.name)" + (count > 1 ? " #\(count)" : ""), test))
            }
        }
        return all
    }

    /// The case's template rendered over its data, its partials beside it.
    static func render(_ test: Case) -> String {
        do throws(Template.ParseError) {
            var templates = ["(spec test)": try Template(parsing: test.template)]
            for (name, text) in test.partials ?? [:] { templates[name] = try Template(parsing: text) }
            let output = TemplateLibrary(templates: templates).render("(spec test)", test.data.templateValue)
            return String(decoding: output ?? [], as: UTF8.self)
        } catch {
            return "(parse error at \(error.line):\(error.column): \(error.message))"
        }
    }

    @Test func specCases() throws {
        let cases = try Self.cases()
        var passed: [String: Int] = [:]
        var total: [String: Int] = [:]
        for (id, test) in cases {
            let file = String(id.prefix { $0 != ":" })
            let output = Self.render(test)
            total[file, default: 0] += 1
            if output == test.expected { passed[file, default: 0] += 1 }
            if let reason = Self.differences[id] {
                #expect(output != test.expected, "\(id) now renders as the spec expects: take it off the differences (\(reason))")
            } else {
                #expect(output == test.expected, """
                    \(id): \(test.desc)
                    template: \(test.template.debugDescription)
                    expected: \(test.expected.debugDescription)
                    rendered: \(output.debugDescription)
                    """)
            }
        }
        let summary = Self.files.map { "\($0) \(passed[$0] ?? 0)/\(total[$0] ?? 0)" }
        print("Mustache spec: \(passed.values.reduce(0, +)) of \(cases.count) cases as the spec expects, "
              + "\(Self.differences.count) listed as differences (\(summary.joined(separator: ", ")))")
        #expect(cases.count > 100)
    }

    /// Every listed difference names a case that exists.
    @Test func differencesNameRealCases() throws {
        let ids = Set(try Self.cases().map(\.id))
        for id in Self.differences.keys.sorted() {
            #expect(ids.contains(id), "\(id) is not a case of the spec files")
        }
    }
}
