import BlotterCore
internal import Foundation

// The fuzz target: each input is read as an incident file, a front matter and a Markdown text
// through every fast path and its reference (`DifferentialCheck`); a disagreement or a crash
// stops the fuzzer with the input saved. `scripts/fuzz.sh` builds it with libFuzzer's coverage,
// AddressSanitizer and `-DFUZZING`, and runs it; built normally, it replays the files it
// is given, to reproduce a finding: `swift run BlotterFuzz crash-1234`.

#if FUZZING
/// libFuzzer's driver (libclang_rt.fuzzer_no_main); SwiftPM gives an executable its own `main`,
/// so this one runs the driver rather than libFuzzer's `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@main enum Fuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runDriver(&argc, &argv) { data, size in
            do throws(DifferentialCheck.Disagreement) {
                try DifferentialCheck.check(UnsafeBufferPointer(start: data, count: size))
            } catch {
                print(error.description)
                abort()
            }
            return 0
        })
    }
}
#else

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
