/// Rendering: a template over a stack of values, partials from a library.
struct TemplateLibrary: Sendable {
    /// Templates by name (`incident`, `partials/card`).
    var templates: [String: Template]

    /// The room a page's output starts with: most pages fit (an incident page is about 20 KB).
    static let pageCapacity = 32_768

    /// Renders the template `name` over `context` as UTF-8; nil when there is no such template.
    /// `capacity` is the expected size: kept results (cards) should not reserve a page's worth.
    func render(_ name: String, _ context: TemplateValue, capacity: Int = pageCapacity) -> [UInt8]? {
        guard let template = templates[name] else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(capacity)
        var state = RenderState(stack: [context])
        render(template.nodes, &state, into: &output)
        return output
    }
}

/// The context stack and the block overrides in force.
private struct RenderState {
    var stack: [TemplateValue]
    var overrides: [[String: [Template.Node]]] = []
    var depth = 0
}

private extension TemplateLibrary {
    /// Deep enough for any real layout; stops a partial that includes itself.
    static let maxDepth = 64

    func render(_ nodes: [Template.Node], _ state: inout RenderState, into output: inout [UInt8]) {
        for i in nodes.indices {
            switch nodes[i] {
            case .text(let text):
                output.append(contentsOf: text)
            case .variable(let name, let escaped):
                guard let value = lookup(name, state.stack) else { continue }
                if escaped { HTMLEscape.append(value.renderedText, to: &output) } else { output.write(value.renderedText) }
            case .section(let name, let inverted, let children):
                let value = lookup(name, state.stack)
                if inverted {
                    if !(value?.isTruthy ?? false) { render(children, &state, into: &output) }
                } else if let value, value.isTruthy {
                    renderSection(value, children, &state, into: &output)
                }
            case .partial(let name):
                guard let template = templates[name], state.depth < Self.maxDepth else { continue }
                state.depth += 1
                render(template.nodes, &state, into: &output)
                state.depth -= 1
            case .parent(let name, let overrides):
                guard let template = templates[name], state.depth < Self.maxDepth else { continue }
                state.depth += 1
                state.overrides.append(overrides)
                render(template.nodes, &state, into: &output)
                state.overrides.removeLast()
                state.depth -= 1
            case .block(let name, let defaultContent):
                render(override(name, state) ?? defaultContent, &state, into: &output)
            }
        }
    }

    func renderSection(_ value: TemplateValue, _ children: [Template.Node], _ state: inout RenderState,
                       into output: inout [UInt8]) {
        if case .list(let items) = value {
            for item in items {
                state.stack.append(item)
                render(children, &state, into: &output)
                state.stack.removeLast()
            }
        } else {
            state.stack.append(value)
            render(children, &state, into: &output)
            state.stack.removeLast()
        }
    }

    /// The outermost override of a block (the page's own template wins over its layout).
    func override(_ name: String, _ state: RenderState) -> [Template.Node]? {
        for overrides in state.overrides { if let nodes = overrides[name] { return nodes } }
        return nil
    }

    /// Resolves a dotted name: its first part up the stack, the rest inside it.
    func lookup(_ name: [TemplateKey], _ stack: [TemplateValue]) -> TemplateValue? {
        guard let first = name.first else { return nil }
        if first.name == "." { return stack.last }
        var found: TemplateValue?
        var level = stack.count - 1
        while level >= 0 {
            if let child = stack[level][first] {
                found = child
                break
            }
            level -= 1
        }
        var part = 1
        while part < name.count, let current = found {
            found = current[name[part]]
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
