import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupRedaction
import AgentBackupRunner
import Foundation

/// `push`, with or without `--debounce`: every successful push records when it finished, and a
/// debounced push does nothing (exit 0, saying why) when a push of the same agent, bucket and
/// prefix finished inside the window or is running right now. The record is read before anything
/// is opened (a skipped hook costs no network) and again under the single-instance lock, so two
/// hook processes started together never both push.
extension AgentInvocation {
    /// Why a debounced push did nothing.
    enum DebounceSkip {
        case recent(finished: Date, elapsed: Double)
        case running(pid: Int32?)
    }

    /// `<cacheDir>/last-push/<lock name>.json`.
    var lastPushPath: String {
        LastPushRecord.path(cacheDirectory: configuration.cacheDirectory, lockName: lockName)
    }

    /// One push now, or nothing when `debounce` says so; prints the report (or why nothing ran).
    func push(json: Bool, debounce: DebounceWindow?) async throws {
        if let debounce, let skip = recentPush(debounce) {
            return emit(skipReport(skip, window: debounce), json: json)
        }
        let report: OperationReport
        do {
            report = try await withLock {
                if let debounce, let skip = recentPush(debounce) { return skipReport(skip, window: debounce) }
                let report = try await withOperations { try await $0.push() }
                if report.exitCode == .success { recordFinishedPush() }
                return report
            }
        } catch let error as AlreadyRunningError where debounce != nil {
            report = skipReport(.running(pid: error.holderPid), window: debounce!)
        }
        emit(report, json: json)
        if report.exitCode != .success { throw CommandExit(report.exitCode) }
    }

    /// The recorded push, when it finished inside `window`.
    func recentPush(_ window: DebounceWindow) -> DebounceSkip? {
        let last = LastPushRecord.load(path: lastPushPath, fileSystem: context.services.fileSystem)
        switch DebounceDecision.decide(last: last, now: context.services.clock.now(), window: window) {
        case .push: return nil
        case .recent(let finished, let elapsed): return .recent(finished: finished, elapsed: elapsed)
        }
    }

    /// Records now as the end of a successful push; a failure to write is only a warning (the
    /// next debounced push then runs, which is the safe side).
    func recordFinishedPush() {
        let record = LastPushRecord(finished: context.services.clock.now(), pid: getpid())
        do {
            try record.save(path: lastPushPath, fileSystem: context.services.fileSystem)
        } catch {
            logger.warning("could not record the end of this push in \(lastPushPath): \(error); the next `push --debounce` will push again")
        }
    }

    /// The report of a push that did nothing: text, JSON (`"outcome": "skipped"`), exit 0.
    func skipReport(_ skip: DebounceSkip, window: DebounceWindow) -> OperationReport {
        let target = "\(configuration.store.summary), prefix \(configuration.prefix)"
        var fields: [String: Any] = ["outcome": "skipped", "debounceSeconds": window.seconds]
        let text: String
        switch skip {
        case .recent(let finished, let elapsed):
            let when = LastPushRecord.isoFormatter().string(from: finished)
            text = "nothing to do (--debounce \(window)): the last push of \(agent.id) to \(target) finished "
                + "\(Self.duration(elapsed)) ago (\(when))"
            fields["reason"] = "recent"
            fields["lastPushFinished"] = when
            fields["secondsSinceLastPush"] = Int(elapsed.rounded(.down))
        case .running(let pid):
            text = "nothing to do (--debounce \(window)): a push of \(agent.id) to \(target) is running now"
                + (pid.map { " (pid \($0))" } ?? "")
            fields["reason"] = "running"
            if let pid { fields["holderPid"] = Int(pid) }
        }
        let json = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
        return OperationReport(text: text, json: Array(json))
    }

    /// `45s`, `2m 10s`, `1h 5m`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.down))
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m \(total % 60)s" }
        return "\(total / 3600)h \(total % 3600 / 60)m"
    }
}
