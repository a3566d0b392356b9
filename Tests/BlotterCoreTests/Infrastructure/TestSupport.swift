/// The helpers this target shares with BlotterServerTests (`TestSite`, `incidentFile`,
/// `LineDiff`; Tests/BlotterTestSupport/), for every file of the target without an import of its own.
@_exported import BlotterTestSupport
