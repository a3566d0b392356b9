import BlotterCore

// The fuzz target: each input is read as an incident file, a front matter and a Markdown text
// through every fast path and its reference (`DifferentialCheck`); a disagreement or a crash
// stops the fuzzer with the input saved. `scripts/fuzz.sh` builds it with
// `-sanitize=fuzzer,address -DFUZZING` and runs it; built normally, it replays the files it
// is given, to reproduce a finding: `swift run BlotterFuzz crash-1234`.

#if FUZZING
/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    do {
        try DifferentialCheck.check(UnsafeBufferPointer(start: data, count: size))
    } catch {
        print(error.description)
        fatalError("disagreement")
    }
    return 0
}
#else
internal import Foundation

/// Replays inputs: `BlotterFuzz FILE...`; exits 1 at the first disagreement.
/// `BlotterFuzz --time FILE...` prints how long the body of each takes to become HTML.
@main enum Replay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--time" { return time(Array(arguments.dropFirst())) }
        for path in arguments {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot read")
                exit(2)
            }
            do {
                try DifferentialCheck.check(Array(data))
            } catch {
                print("\(path): \(error.description)")
                exit(1)
            }
        }
        print("\(arguments.count) inputs: no disagreement")
    }

    static func time(_ paths: [String]) {
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            let start = Date()
            let html = Markdown.html(text)
            print("\(path): \(data.count) bytes -> \(html.utf8.count) bytes of HTML in "
                  + String(format: "%.3f", Date().timeIntervalSince(start)) + " s")
        }
    }
}
#endif
