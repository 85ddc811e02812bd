import AgentBackupDomain
import Foundation
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupPorts

/// The `agents` report: every built-in adapter with the roots that exist on this machine.
public enum AgentsListing {
    /// Text: one line per adapter (`goose  config=/home/me/.config/goose`), and the JSON
    /// `{"agents": [<adapter file object> + "rootsFound": [{"label", "dir", "kind"}]]}`.
    public static func report(adapters: [Adapter], environment: AdapterEnvironment) throws -> OperationReport {
        var lines: [String] = []
        var objects: [[String: Any]] = []
        let width = adapters.map(\.id.count).max() ?? 0
        for adapter in adapters {
            let roots: [Root]
            let problem: String?
            do {
                roots = try adapter.resolveRoots(in: environment)
                problem = nil
            } catch {
                roots = []
                problem = "\(error)"
            }
            let padded = adapter.id.padding(toLength: width, withPad: " ", startingAt: 0)
            let found = roots.map { "\($0.label)=\($0.path)" }.joined(separator: " ")
            lines.append("\(padded)  " + (problem.map { "(cannot look: \($0))" } ?? (found.isEmpty ? "(nothing here)" : found)))
            var object = adapter.jsonObject
            object["rootsFound"] = roots.map { root -> [String: String] in
                ["label": root.label, "dir": root.path, "kind": root.kind.rawValue]
            }
            objects.append(object)
        }
        let json = try JSONSerialization.data(withJSONObject: ["agents": objects], options: [.sortedKeys, .withoutEscapingSlashes])
        return OperationReport(text: lines.joined(separator: "\n"), json: Array(json))
    }
}
