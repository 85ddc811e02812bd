import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupPorts
import Foundation

extension Doctor {
    /// The store's findings and whether any snapshot exists (nil when that could not be told).
    struct StoreOutcome {
        var findings: [DoctorFinding] = []
        var snapshotsExist: Bool?
    }

    /// `endpoint`, `clock`, `bucket read`, `bucket write`, `passphrase`.
    func storeChecks(agentID: String, configuration: Configuration) async -> StoreOutcome {
        var outcome = StoreOutcome()
        let store: any DoctorStore
        do {
            store = try await dependencies.stores.open(configuration.store, agentID: agentID)
        } catch {
            let refused = (error as? StoreError)?.code == .credentialsRejected
            outcome.findings.append(.problem(refused ? "credentials" : "endpoint", "\(error)", fix: fix(for: error, configuration: configuration)))
            outcome.findings += skipping(["clock", "bucket read", "bucket write", "passphrase"], because: "the store could not be opened")
            return outcome
        }
        await examine(store, configuration: configuration, into: &outcome)
        await store.close()
        return outcome
    }

    private func examine(_ store: any DoctorStore, configuration: Configuration, into outcome: inout StoreOutcome) async {
        if store.hasClock {
            do {
                let serverDate = try await store.serverDate()
                outcome.findings.append(.ok("endpoint", "\(store.location) answers"))
                outcome.findings.append(clockFinding(serverDate: serverDate))
            } catch {
                outcome.findings.append(.problem("endpoint", "cannot reach \(store.location): \(error)",
                                                 fix: "check the network (and any proxy), and the endpoint or region in \(configuration.configFilePath)"))
                outcome.findings += skipping(["clock", "bucket read", "bucket write", "passphrase"], because: "the endpoint cannot be reached")
                return
            }
        } else {
            outcome.findings.append(.ok("endpoint", "the local folder \(store.location)"))
            outcome.findings.append(.ok("clock", "nothing to compare: a local folder signs no request"))
        }
        let place = "\(configuration.store.bucket)/\(configuration.prefix)/"
        do {
            _ = try await store.objects.list(prefix: configuration.prefix + "/", delimiter: "/", continuationToken: nil, startAfter: nil, maxKeys: 1)
            outcome.findings.append(.ok("bucket read", "listed \(place)"))
        } catch {
            outcome.findings.append(.problem("bucket read", "cannot list \(place): \(error)", fix: fix(for: error, configuration: configuration)))
            outcome.findings += skipping(["bucket write", "passphrase"], because: "the bucket cannot be read")
            return
        }
        outcome.findings.append(await writeFinding(store.objects, configuration: configuration))
        do {
            if let newest = try await dependencies.snapshots.newestSnapshot(in: store.objects, configuration: configuration) {
                outcome.snapshotsExist = true
                let what = configuration.encryption.isOn ? "the passphrase opens" : "encryption is off and opens"
                outcome.findings.append(.ok("passphrase", "\(what) the newest snapshot, \(newest.id) (\(newest.files) file\(newest.files == 1 ? "" : "s"))"))
            } else {
                outcome.snapshotsExist = false
                outcome.findings.append(.warning("passphrase", "no snapshot under \(place) yet: nothing to open", fix: "agent-backup push --agent \(configuration.agentID)"))
            }
        } catch {
            // An integrity error here is nearly always the passphrase: say so first, then the detail.
            let integrity = (error as? EngineError)?.kind == .integrity
            let message = integrity ? "the passphrase does not open the newest snapshot: \(error)" : "\(error)"
            outcome.findings.append(.problem("passphrase", message, fix: passphraseFix(error, configuration: configuration)))
        }
    }

    /// A tiny object written under the prefix and deleted again: the key must be allowed both
    /// (pruning deletes). Its name says what it is, should a kill leave it behind.
    private func writeFinding(_ objects: any ObjectStore, configuration: Configuration) async -> DoctorFinding {
        let key = "\(configuration.prefix)/agent-backup-doctor-\(UUID().uuidString.prefix(8).lowercased()).tmp"
        do {
            try await objects.put(key: key, body: .bytes(Array("agent-backup doctor: safe to delete\n".utf8)), contentType: "text/plain")
        } catch {
            return .problem("bucket write", "cannot write \(key): \(error)", fix: fix(for: error, configuration: configuration))
        }
        do {
            try await objects.delete(keys: [key])
        } catch {
            return .problem("bucket write", "wrote \(key) but cannot delete it: \(error)",
                            fix: "give the key delete access (B2: deleteFiles): pruning old snapshots needs it; then delete \(key)")
        }
        return .ok("bucket write", "wrote and deleted a test object under \(configuration.store.bucket)/\(configuration.prefix)/")
    }

    /// Within a minute: ok; within five: a warning; more: a problem (signed requests fail).
    func clockFinding(serverDate: Date?) -> DoctorFinding {
        guard let serverDate else {
            return .warning("clock", "the store sent no Date header: the clocks cannot be compared", fix: "keep this machine's clock synchronized (NTP)")
        }
        let skew = dependencies.clock.now().timeIntervalSince(serverDate)
        let side = skew > 0 ? "ahead of" : "behind"
        let fix = "synchronize this machine's clock (e.g. `timedatectl set-ntp true`; macOS: Date & Time settings)"
        if abs(skew) < Self.clockWarningSeconds {
            return .ok("clock", "within \(Self.duration(skew)) of the store's")
        }
        if abs(skew) < Self.clockProblemSeconds {
            return .warning("clock", "this machine's clock is \(Self.duration(skew)) \(side) the store's", fix: fix)
        }
        return .problem("clock", "this machine's clock is \(Self.duration(skew)) \(side) the store's: signed requests are refused when it is off by more than 15 minutes, and snapshot times are wrong",
                        fix: fix)
    }

    private func skipping(_ names: [String], because reason: String) -> [DoctorFinding] {
        names.map { .skipped($0, because: reason) }
    }

    /// What to do about a store error.
    func fix(for error: any Error, configuration: Configuration) -> String {
        let file = configuration.configFilePath
        guard let store = error as? StoreError else { return "see the message above" }
        switch store.code {
        case .credentialsRejected:
            return "correct keyId and applicationKey in \(file) (or B2_KEY_ID and B2_APPLICATION_KEY)"
        case .accessDenied:
            return "give the key read, write and delete access to bucket \(configuration.store.bucket) (B2: listFiles, readFiles, writeFiles, deleteFiles)"
        case .notFound:
            return "create bucket \(configuration.store.bucket), or correct bucket and region (or endpoint) in \(file)"
        case .transient:
            return "check the network and try again"
        case .permanent where store.serverCode == "RequestTimeTooSkewed":
            return "synchronize this machine's clock (NTP)"
        default:
            return store.hint ?? "see the message above"
        }
    }

    private func passphraseFix(_ error: any Error, configuration: Configuration) -> String {
        if let engine = error as? EngineError, engine.kind == .integrity {
            return "set encryptionKey in \(configuration.configFilePath) (or B2_ENCRYPTION_KEY) to the passphrase these backups were made with"
        }
        return fix(for: error, configuration: configuration)
    }
}
