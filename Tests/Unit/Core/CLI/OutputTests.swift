import AgentBackup
import AgentBackupPorts
import Logging
import Testing

@Suite("Logs, progress and the console")
struct OutputTests {
    @Test func logLinesAreProgramLevelMessage() {
        let captured = CapturedConsole()
        var logger = ConsoleLogHandler.logger(programName: "goose-b2-backup", console: captured.console, level: .info)
        logger.debug("hidden")
        logger.info("pushed")
        logger[metadataKey: "snapshot"] = "2026-02-09T10-04-05-123Z"
        logger.warning("slow", metadata: ["files": "3"])
        #expect(captured.standardError == "goose-b2-backup: info: pushed\ngoose-b2-backup: warning: slow files=3 snapshot=2026-02-09T10-04-05-123Z\n")
        #expect(captured.standardOutput.isEmpty)
    }

    @Test func noBarsWhenStandardErrorIsNotATerminal() {
        let captured = CapturedConsole(isErrorTerminal: false)
        let logger = ConsoleLogHandler.logger(programName: "agent-backup", console: captured.console, level: .info)
        let reporter = ConsoleProgressReporter(console: captured.console, logger: logger, now: { 0 })
        reporter.report(.phase(name: "upload", totalFiles: 2, totalBytes: 100))
        reporter.report(.fileDone(path: "a", bytes: 50))
        reporter.report(.message("no changes since last push"))
        reporter.finish()
        #expect(captured.standardError == "agent-backup: info: no changes since last push\n")
    }

    @Test func barsOnATerminalAreClearedAroundLogLines() {
        let captured = CapturedConsole(isErrorTerminal: true)
        let logger = ConsoleLogHandler.logger(programName: "agent-backup", console: captured.console, level: .info)
        let reporter = ConsoleProgressReporter(console: captured.console, logger: logger, now: { 0 })
        reporter.report(.phase(name: "upload", totalFiles: 2, totalBytes: 2000))
        logger.info("hello")
        reporter.finish()
        let clear = "\r\u{1B}[2K"
        #expect(captured.standardError == "\(clear)upload  0/2 files  0 B/2.0 kB\(clear)agent-backup: info: hello\nupload  0/2 files  0 B/2.0 kB\(clear)")
    }

    @Test func redrawsAreThrottled() {
        let captured = CapturedConsole(isErrorTerminal: true)
        let logger = ConsoleLogHandler.logger(programName: "agent-backup", console: captured.console, level: .info)
        let time = PushCounter()
        let reporter = ConsoleProgressReporter(console: captured.console, logger: logger, now: { Double(time.value) / 100 })
        reporter.report(.phase(name: "hash", totalFiles: 100, totalBytes: 0))
        for _ in 0..<20 {
            _ = time.increment()  // 10 ms apart
            reporter.report(.fileDone(path: "f", bytes: 1))
        }
        let draws = captured.standardError.components(separatedBy: "\r\u{1B}[2K").count - 1
        #expect(draws == 3)  // the phase, then at 100 ms and 200 ms
    }

    @Test func rendererLine() {
        var renderer = ProgressRenderer()
        #expect(renderer.line(now: 0) == nil)
        renderer.apply(.phase(name: "upload", totalFiles: 12, totalBytes: 10_000_000), now: 100)
        renderer.apply(.bytes(2_000_000), now: 100.5)
        renderer.apply(.fileDone(path: "a", bytes: 1_500_000), now: 101)
        renderer.apply(.bytes(2_000_000), now: 102)
        #expect(renderer.line(now: 102) == "upload  1/12 files  4.0 MB/10.0 MB  2.0 MB/s  ETA 3s")
        #expect(renderer.apply(.message("note"), now: 103) == "note")
        renderer.apply(.phase(name: "manifest", totalFiles: 0, totalBytes: 0), now: 110)
        #expect(renderer.line(now: 110) == "manifest  0 files  0 B")
    }

    @Test func retriesShowOnceAStoreRequestWasRetried() {
        var renderer = ProgressRenderer()
        renderer.apply(.phase(name: "upload", totalFiles: 2, totalBytes: 0), now: 0)
        renderer.apply(.retry(waitSeconds: 1.5), now: 0.1)
        #expect(renderer.line(now: 0.2) == "upload  0/2 files  0 B  1 retry (2s waiting)")
        renderer.apply(.retry(waitSeconds: 30), now: 0.3)
        renderer.apply(.phase(name: "manifest", totalFiles: 1, totalBytes: 0), now: 40)
        #expect(renderer.line(now: 40) == "manifest  0/1 files  0 B  2 retries (32s waiting)", "retries count for the whole operation")
    }

    @Test(arguments: [(Int64(0), "0 B"), (999, "999 B"), (1000, "1.0 kB"), (1_250, "1.3 kB"), (15_000_000, "15.0 MB"), (2_310_000_000, "2.3 GB"), (999_960, "1.0 MB")])
    func byteFormatting(bytes: Int64, text: String) {
        #expect(ByteCount.text(bytes) == text)
    }

    @Test(arguments: [(7.0, "7s"), (0.2, "1s"), (65, "1m05s"), (3599, "59m59s"), (7380, "2h03m")])
    func durationFormatting(seconds: Double, text: String) {
        #expect(ProgressRenderer.duration(seconds) == text)
    }
}
