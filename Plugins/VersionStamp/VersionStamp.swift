import Foundation
import PackagePlugin

/// Stamps the git commit of the checkout into the `AgentBackupVersion` module at every build, so
/// `agent-backup --version` names the exact source of a binary built with a plain `swift build`.
///
/// A prebuild command (it runs before every build, so a new commit is never missed) runs a small
/// POSIX shell script with the system's `git`; the generated file is rewritten only when its text
/// changes, so an unchanged commit costs no recompilation. Outside a git checkout (a source
/// tarball, git missing, another repository around the package) the commit is nil and the
/// version is the semver constant alone.
@main
struct VersionStamp: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "stamp")
        return [
            .prebuildCommand(
                displayName: "Stamping the git commit into \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", Self.script, "version-stamp", context.package.directoryURL.path, output.path],
                outputFilesDirectory: output),
        ]
    }

    /// `$1` the package folder, `$2` the output folder. Never fails the build: no commit is a
    /// valid answer.
    static let script = #"""
        dir=$1
        out=$2
        mkdir -p "$out" || exit 1
        commit=
        modified=false
        top=$(git -C "$dir" rev-parse --show-toplevel 2>/dev/null)
        if [ -n "$top" ] && [ "$(cd "$top" && pwd -P)" = "$(cd "$dir" && pwd -P)" ]; then
          commit=$(git -C "$dir" rev-parse --short=12 HEAD 2>/dev/null) || commit=
          if [ -n "$commit" ] && ! git -C "$dir" --no-optional-locks diff --quiet HEAD -- 2>/dev/null; then
            modified=true
          fi
        fi
        case "$commit" in
          *[!0-9a-f]*|'') value=nil; modified=false ;;
          *) value="\"$commit\"" ;;
        esac
        file="$out/GeneratedBuildCommit.swift"
        {
          echo '// Generated at build time by the VersionStamp plugin. Do not edit.'
          echo 'enum GeneratedBuildCommit {'
          echo "    static let commit: String? = $value"
          echo "    static let modified = $modified"
          echo '}'
        } > "$file.tmp" || exit 1
        if cmp -s "$file.tmp" "$file"; then rm -f "$file.tmp"; else mv "$file.tmp" "$file"; fi
        """#
}
