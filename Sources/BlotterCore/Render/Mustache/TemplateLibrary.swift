internal import Synchronization

/// Rendering: a template over a stack of values, partials from a library.
struct TemplateLibrary: Sendable {
    /// The templates (by name: `incident`, `partials/card`), compiled into one list of operations.
    private let program: TemplateProgram
    /// The first template whose rendering went past the limits (`Run.maxSteps`, `Run.maxBytes`).
    private let overruns = Overruns()

    init(templates: [String: Template]) {
        program = TemplateProgram(templates)
    }

    /// The template a rendering of which was stopped at the limits, if any was.
    var overrun: String? { overruns.first.withLock { $0 } }

    private final class Overruns: Sendable {
        let first = Mutex<String?>(nil)
    }

    /// Whether a template of that name exists.
    func has(_ name: String) -> Bool { program.entries[name] != nil }

    /// The room a page's output starts with: most pages fit (an incident page is about 20 KB).
    static let pageCapacity = 32_768

    /// Renders the template `name` over `context` as UTF-8; nil when there is no such template.
    /// `capacity` is the expected size: kept results (cards) should not reserve a page's worth.
    func render(_ name: String, _ context: TemplateValue, capacity: Int = pageCapacity) -> [UInt8]? {
        guard let entry = program.entries[name] else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(capacity)
        if !program.run(entry, over: context, into: &output) { overruns.first.withLock { $0 = $0 ?? name } }
        return output
    }
}

/// Every template of a library as one flat list of operations, with their literal text in
/// one byte array and their names in one key array. A section's body is the operations
/// that follow it. Rendering walks plain integers: a tree of enum boxes cost a retain and a
/// release of shared storage at each node visited, on every page.
private struct TemplateProgram: Sendable {
    /// One operation. What `a`, `b` and `count` hold depends on `code`.
    struct Op: Sendable {
        enum Code: UInt8, Sendable {
            /// `a` bytes of literal text from offset `b`.
            case text
            /// A variable: the name of `a` keys from key `b` (none: `{{.}}`), HTML-escaped or not.
            case escaped, raw
            /// A section or inverted section named like a variable; its body is the next
            /// `count` operations.
            case section, inverted
            /// The template that starts at operation `b`, `a` operations long (`b` < 0: none).
            case partial
            /// The same as a partial, with the block overrides that are the next `count`
            /// operations (`block` operations and their bodies).
            case parent
            /// A block: its name is block `a`, its default content the next `count` operations.
            case block
            /// The indentation of the standalone partial that is the next operation: `a` bytes of
            /// literal text from offset `b`, put before each line of the partial.
            case indent
        }

        var code: Code
        var a: Int32 = 0
        var b: Int32 = 0
        var count: Int32 = 0
    }

    private(set) var ops: [Op] = []
    private(set) var literals: [UInt8] = []
    private(set) var keys: [TemplateKey] = []
    /// Each template's operations, by name.
    private(set) var entries: [String: Range<Int>] = [:]

    /// Compiles `templates`, in name order (the same program for the same templates).
    init(_ templates: [String: Template]) {
        var blocks: [String: Int32] = [:]
        var calls: [(op: Int, template: String)] = []
        for name in templates.keys.sorted() {
            let start = ops.count
            emit(templates[name]!.nodes, blocks: &blocks, calls: &calls)
            entries[name] = start..<ops.count
        }
        for (op, template) in calls {
            guard let range = entries[template] else { ops[op].b = -1; continue }
            ops[op].a = Int32(range.count)
            ops[op].b = Int32(range.lowerBound)
        }
    }

    private mutating func emit(_ nodes: [Template.Node], blocks: inout [String: Int32],
                               calls: inout [(op: Int, template: String)]) {
        for node in nodes {
            switch node {
            case .text(let text):
                ops.append(Op(code: .text, a: Int32(text.count), b: Int32(literals.count)))
                literals += text
            case .variable(let name, let escaped):
                ops.append(Op(code: escaped ? .escaped : .raw, a: key(name), b: Int32(keys.count)))
                append(name)
            case .section(let name, let inverted, let children):
                let at = ops.count
                ops.append(Op(code: inverted ? .inverted : .section, a: key(name), b: Int32(keys.count)))
                append(name)
                emit(children, blocks: &blocks, calls: &calls)
                ops[at].count = Int32(ops.count - at - 1)
            case .partial(let template, let indent):
                if !indent.isEmpty {
                    ops.append(Op(code: .indent, a: Int32(indent.count), b: Int32(literals.count)))
                    literals += indent
                }
                calls.append((ops.count, template))
                ops.append(Op(code: .partial))
            case .parent(let template, let overrides):
                let at = ops.count
                calls.append((at, template))
                ops.append(Op(code: .parent))
                for (block, content) in overrides.sorted(by: { $0.key < $1.key }) {
                    emit([.block(block, defaultContent: content)], blocks: &blocks, calls: &calls)
                }
                ops[at].count = Int32(ops.count - at - 1)
            case .block(let block, let content):
                let at = ops.count
                let id = blocks[block] ?? Int32(blocks.count)
                blocks[block] = id
                ops.append(Op(code: .block, a: id))
                emit(content, blocks: &blocks, calls: &calls)
                ops[at].count = Int32(ops.count - at - 1)
            }
        }
    }

    /// The number of keys of a name; `.` has none (it names the top of the stack).
    private func key(_ name: [TemplateKey]) -> Int32 {
        name.count == 1 && name[0].name == "." ? 0 : Int32(name.count)
    }

    private mutating func append(_ name: [TemplateKey]) {
        if key(name) > 0 { keys += name }
    }

    /// Renders the operations of `entry` over `context`.
    /// Runs the template at `entry`; false when it was stopped at the limits.
    func run(_ entry: Range<Int>, over context: TemplateValue, into output: inout [UInt8]) -> Bool {
        ops.withUnsafeBufferPointer { ops in
            literals.withUnsafeBufferPointer { literals in
                keys.withUnsafeBufferPointer { keys in
                    var run = Run(ops: ops, literals: literals, keys: keys, stack: [context])
                    run.execute(entry.lowerBound, entry.upperBound, into: &output)
                    return run.stepsLeft >= 0
                }
            }
        }
    }
}

/// One rendering: the program, the context stack and the overrides in force.
private struct Run {
    typealias Op = TemplateProgram.Op

    let ops: UnsafeBufferPointer<Op>
    let literals: UnsafeBufferPointer<UInt8>
    let keys: UnsafeBufferPointer<TemplateKey>
    var stack: [TemplateValue]
    /// The `parent` operations whose overrides are in force, outermost first.
    var parents: [Int] = []
    /// The indentation of the standalone partials being rendered, joined (empty: none).
    var indent: [UInt8] = []
    /// Whether the output is at the start of a line that `indent` has not been written to yet.
    /// Only the template's own lines are indented, not those of the values it shows.
    var atLineStart = false
    var depth = 0
    /// Operations that may still run (below 0: stopped).
    var stepsLeft = Run.maxSteps

    /// Deep enough for any real layout; stops a partial that includes itself.
    static let maxDepth = 64
    /// The most operations one page may take: a briefing of all 10,000 incidents of the
    /// generated corpus takes 2.1 million (115 MB of HTML). The depth alone does not bound the work: a partial
    /// that includes itself twice (`{{>p}}{{>p}}`) does 2^64 operations within it.
    static let maxSteps = 20_000_000
    /// The most bytes one page may have (1 GiB).
    static let maxBytes = 1 << 30

    mutating func execute(_ start: Int, _ end: Int, into output: inout [UInt8]) {
        var i = start
        while i < end {
            let op = ops[i]
            i += 1
            stepsLeft -= 1
            if stepsLeft < 0 || output.count > Self.maxBytes {
                stepsLeft = -1
                return
            }
            switch op.code {
            case .text:
                let text = UnsafeBufferPointer(rebasing: literals[Int(op.b)..<Int(op.b + op.a)])
                if indent.isEmpty { output.append(contentsOf: text) } else { writeIndented(text, into: &output) }
            case .escaped, .raw:
                guard let value = lookup(op) else { continue }
                if atLineStart, !indent.isEmpty, !value.renderedText.isEmpty {
                    output.append(contentsOf: indent)
                    atLineStart = false
                }
                switch value {
                case .text(let text):
                    if op.code == .escaped { HTMLEscape.append(text, to: &output) } else { output.write(text) }
                case .bool(let flag):
                    output.write(flag ? "true" : "false")
                case .int(let number):
                    output.write(String(number))
                case .list, .map, .date, .fields:
                    break
                }
            case .section:
                if let value = lookup(op), value.isTruthy {
                    if case .list(let items) = value {
                        for item in items {
                            stack.append(item)
                            execute(i, i + Int(op.count), into: &output)
                            stack.removeLast()
                        }
                    } else {
                        stack.append(value)
                        execute(i, i + Int(op.count), into: &output)
                        stack.removeLast()
                    }
                }
                i += Int(op.count)
            case .inverted:
                if !(lookup(op)?.isTruthy ?? false) { execute(i, i + Int(op.count), into: &output) }
                i += Int(op.count)
            case .partial, .parent:
                include(op, at: i - 1, into: &output)
                i += Int(op.count)
            case .indent:
                // The partial that follows starts a line: its lines get this indentation too.
                let outer = indent
                indent += UnsafeBufferPointer(rebasing: literals[Int(op.b)..<Int(op.b + op.a)])
                atLineStart = true
                include(ops[i], at: i, into: &output)
                indent = outer
                i += 1
            case .block:
                if let body = override(op.a) {
                    execute(body.lowerBound, body.upperBound, into: &output)
                } else {
                    execute(i, i + Int(op.count), into: &output)
                }
                i += Int(op.count)
            }
        }
    }

    /// Renders the partial or parent `op` (at `index`): the template it names, over the same stack.
    mutating func include(_ op: Op, at index: Int, into output: inout [UInt8]) {
        guard op.b >= 0, depth < Self.maxDepth else { return }
        depth += 1
        if op.code == .parent { parents.append(index) }
        execute(Int(op.b), Int(op.b + op.a), into: &output)
        if op.code == .parent { parents.removeLast() }
        depth -= 1
    }

    /// Writes template text inside an indented partial: `indent` before each line that has
    /// something on it.
    mutating func writeIndented(_ text: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var start = 0
        while start < text.count {
            let end = text[start...].firstIndex(of: 10) ?? text.count
            if end > start {
                if atLineStart { output.append(contentsOf: indent) }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<end]))
                atLineStart = false
            }
            if end < text.count {
                output.append(10)
                atLineStart = true
            }
            start = end + 1
        }
    }

    /// The body of the outermost override of block `id` (the page's own template wins over
    /// its layout). A parent's overrides are its next operations, one block each.
    func override(_ id: Int32) -> Range<Int>? {
        for parent in parents {
            var i = parent + 1
            let end = i + Int(ops[parent].count)
            while i < end {
                let block = ops[i]
                if block.a == id { return i + 1..<i + 1 + Int(block.count) }
                i += 1 + Int(block.count)
            }
        }
        return nil
    }

    /// Resolves a variable's or section's name: its first key up the stack, the rest inside it.
    func lookup(_ op: Op) -> TemplateValue? {
        let first = Int(op.b)
        guard op.a > 0 else { return stack.last }
        var found: TemplateValue?
        var level = stack.count - 1
        while level >= 0 {
            if let child = stack[level][keys[first]] {
                found = child
                break
            }
            level -= 1
        }
        var part = first + 1
        while part < first + Int(op.a), let current = found {
            found = current[keys[part]]
            part += 1
        }
        return found
    }
}

/// HTML escaping of `& < > " '`, fast when there is nothing to escape.
package enum HTMLEscape {
    private static let writer = EscapingWriter.markup(apostrophe: "&#39;", dropControls: false)

    static func append(_ text: String, to output: inout [UInt8]) { writer.append(text, to: &output) }

    /// `text` escaped (what a `{{variable}}` writes).
    package static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        append(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
