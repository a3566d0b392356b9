/// The pipeline's stage clock (`BLOTTER_TIMING`) and parallel loop, for `BlotterPrint`,
/// which times and prints a briefing's parts with them (`StageClock` and `Parallel` are
/// the pipeline's own).
package enum PipelineTools {
    /// A `StageClock`.
    package struct Clock {
        private var clock = StageClock()

        /// Starts timing.
        package init() {}

        /// See `StageClock.lap`.
        package mutating func lap(_ stage: String) { clock.lap(stage) }
    }

    /// See `Parallel.map`.
    package static func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        Parallel.map(count, body)
    }
}
