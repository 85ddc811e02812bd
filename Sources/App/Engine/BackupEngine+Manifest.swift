import AgentBackupDomain
import AgentBackupPorts

extension BackupEngine {
    /// Downloads and opens a snapshot's manifest in this run's mode, decided by the
    /// configuration and never by sniffing (SPEC items 7 and 12):
    /// - encryption on: the object must be a B2EN envelope; a plain-JSON manifest is REFUSED
    ///   (integrity), since anyone with write access could have planted it;
    /// - encryption off: the bytes are the JSON; an envelope means the backup is encrypted and
    ///   the configuration is wrong (configuration error, with the fix).
    /// Returns the manifest and its plaintext bytes.
    func fetchManifest(_ location: SnapshotLocation) async throws -> (Manifest, [UInt8]) {
        let key = location.manifestKey
        let stored: [UInt8]
        do {
            stored = try await store.get(key: key, maxBytes: configuration.maxManifestBytes)
        } catch let error as StoreError where error.code == .notFound {
            throw EngineError(.configuration, "Snapshot \(location) has no manifest (\(key) not found): `agent-backup snapshots` lists the complete ones.")
        } catch let error as StoreError where error.code == .tooLarge {
            throw EngineError(.integrity, "The manifest \(key) is larger than \(configuration.maxManifestBytes) bytes: refused.", files: [key])
        } catch {
            throw EngineError.wrapping(error, context: "Downloading the manifest \(key)")
        }
        let plaintext: [UInt8]
        let isEnvelope = Self.looksLikeEnvelope(stored)
        if codec.encrypts {
            guard isEnvelope else {
                throw EngineError(.integrity,
                    "The manifest \(key) is not encrypted but encryption is on: refused (an unencrypted manifest in an encrypted backup is never trusted). "
                    + "If this backup was made with encryption off, restore it with encryption off (encrypt: false / B2_ENCRYPT=false).",
                    files: [key])
            }
            do {
                plaintext = try codec.decode(stored, objectName: key)
            } catch {
                throw EngineError.wrapping(error, context: "Opening the manifest \(key) (is the passphrase the one this backup was made with?)", file: key)
            }
        } else {
            if isEnvelope {
                throw EngineError(.configuration,
                    "The manifest \(key) is encrypted but encryption is off: set encrypt to true and encryptionKey (B2_ENCRYPTION_KEY) to the backup's passphrase.")
            }
            plaintext = stored
        }
        do {
            return (try Manifest.decode(plaintext), plaintext)
        } catch {
            throw EngineError.wrapping(error, context: "The manifest \(key) is not valid", file: key)
        }
    }

    /// A B2EN envelope's shape: at least 64 bytes starting with `B2EN`. Only the manifest is
    /// looked at this way, to explain a mode mismatch; files are decoded by the run's mode.
    static func looksLikeEnvelope(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 64 && bytes[0] == 0x42 && bytes[1] == 0x32 && bytes[2] == 0x45 && bytes[3] == 0x4E
    }

    /// The location of a snapshot named by the options (or the newest), checked to be complete.
    func resolveSnapshot(_ id: SnapshotID?, safetyFolder: String?) async throws -> SnapshotLocation {
        if let safetyFolder {
            guard SafetyPrefix.isSafety(safetyFolder), !safetyFolder.contains("/") else {
                throw EngineError(.configuration, "'\(safetyFolder)' is not a safety folder name (safety-…): `agent-backup snapshots --safety` lists them.")
            }
            let ids = try await safetySnapshots(in: safetyFolder)
            if let id {
                guard ids.contains(id) else {
                    throw EngineError(.configuration, "No complete snapshot \(id) in \(configuration.prefix)/\(safetyFolder)/: `agent-backup snapshots --safety` lists them.")
                }
                return layout.safety(folder: safetyFolder, id: id)
            }
            guard let newest = ids.last else {
                throw EngineError(.configuration, "\(configuration.prefix)/\(safetyFolder)/ holds no complete snapshot.")
            }
            return layout.safety(folder: safetyFolder, id: newest)
        }
        let catalog = try await loadCatalog()
        if let id {
            guard catalog.contains(id) else {
                let known = catalog.complete.suffix(5).map(\.rawValue).joined(separator: ", ")
                throw EngineError(.configuration, "No complete snapshot \(id) under \(configuration.prefix)/ in \(store.displayName)"
                    + (known.isEmpty ? " (there are none)." : " (newest: \(known)); `agent-backup snapshots` lists them all."))
            }
            return layout.regular(id)
        }
        guard let latest = catalog.latest else {
            throw EngineError(.configuration, "No snapshot under \(configuration.prefix)/ in \(store.displayName): push one first, or check the bucket and prefix.")
        }
        return layout.regular(latest)
    }
}
