function __agent-backup_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __agent-backup_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __agent-backup_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __agent-backup_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __agent-backup_parse_tokens -S
    set -l unparsed_tokens (__agent-backup_tokens -pc)
    switch $unparsed_tokens[1]
    case 'agent-backup'
        __agent-backup_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'push'
            __agent-backup_parse_subcommand 0 'agent=' 'adapter=' 'v/verbose' 'json' 'debounce=' 'version' 'h/help'
        case 'restore'
            __agent-backup_parse_subcommand 0 'agent=' 'adapter=' 'v/verbose' 'snapshot=' 'target=' 'no-safety' 'delete' 'dry-run' 'map=+' 'map-home' 'json' 'version' 'h/help'
        case 'snapshots'
            __agent-backup_parse_subcommand 0 'agent=' 'adapter=' 'v/verbose' 'safety' 'json' 'version' 'h/help'
        case 'verify'
            __agent-backup_parse_subcommand 0 'agent=' 'adapter=' 'v/verbose' 'snapshot=' 'all' 'repository' 'read-data' 'read-data-subset=' 'json' 'version' 'h/help'
        case 'prune'
            __agent-backup_parse_subcommand 0 'agent=' 'adapter=' 'v/verbose' 'keep=' 'keep-last=' 'keep-hourly=' 'keep-daily=' 'keep-weekly=' 'keep-monthly=' 'keep-yearly=' 'keep-within=' 'dry-run' 'remove-safety=+' 'json' 'version' 'h/help'
        case 'migrate'
            __agent-backup_parse_subcommand 0 'agent=' 'adapter=' 'v/verbose' 'to=' 'to-prefix=' 'new-passphrase-from-env=' 'no-encryption' 'json' 'version' 'h/help'
        case 'daemon'
            __agent-backup_parse_subcommand 0 'agent=' 'adapter=' 'v/verbose' 'version' 'h/help'
        case 'install'
            __agent-backup_parse_subcommand 0 'agent=' 'adapter=' 'v/verbose' 'hook=' 'write' 'print' 'platform=' 'version' 'h/help'
        case 'agents'
            __agent-backup_parse_subcommand 0 'json' 'version' 'h/help'
        case 'doctor'
            __agent-backup_parse_subcommand 0 'agent=' 'adapter=' 'v/verbose' 'json' 'version' 'h/help'
        case 'help'
            __agent-backup_parse_subcommand -r 1 'version'
        end
    end
end

function __agent-backup_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __agent-backup_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __agent-backup_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __agent-backup_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__agent-backup_tokens -p)
    if test -z "$(__agent-backup_tokens -t)"
        set -l index (count (__agent-backup_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'agent-backup' -f
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup" version' -l 'version' -d 'Show the version.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_positional "agent-backup" -eq 1' -fa 'push' -d 'Back up the agent\'s state now (only what changed is uploaded).'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_positional "agent-backup" -eq 1' -fa 'restore' -d 'Restore the latest (or a named) snapshot into the agent\'s folders or a target folder.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_positional "agent-backup" -eq 1' -fa 'snapshots' -d 'List the agent\'s snapshots, oldest first.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_positional "agent-backup" -eq 1' -fa 'verify' -d 'Download, decrypt and hash-check every file of a snapshot (default the latest).'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_positional "agent-backup" -eq 1' -fa 'prune' -d 'Delete old snapshots now by the retention rules (default: keep / keepSnapshots of the config).'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_positional "agent-backup" -eq 1' -fa 'migrate' -d 'Copy every snapshot (ids and times kept) to another prefix, layout or passphrase, then verify it.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_positional "agent-backup" -eq 1' -fa 'daemon' -d 'Restore if the agent\'s folders are empty, back up now, then on the configured schedule.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_positional "agent-backup" -eq 1' -fa 'install' -d 'Write the OS service (systemd user unit or launchd agent) that runs the daemon, or an agent\'s hook.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_positional "agent-backup" -eq 1' -fa 'agents' -d 'List the built-in adapters and the state folders found on this machine.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_positional "agent-backup" -eq 1' -fa 'doctor' -d 'Check everything a backup needs, one line per check, each with its fix.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_positional "agent-backup" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup push" agent' -l 'agent' -d 'A built-in adapter id (see `agent-backup agents`).' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup push" adapter' -l 'adapter' -d 'An adapter file (JSON) describing another agent.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup push" v verbose' -s 'v' -l 'verbose' -d 'Log debug details on stderr.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup push" json' -l 'json' -d 'Print one JSON document on stdout (logs stay on stderr).'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup push" debounce' -l 'debounce' -d 'Do nothing when a push finished less than this long ago (90s, 5m, 1h).' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup push" version' -l 'version' -d 'Show the version.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup push" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup restore" agent' -l 'agent' -d 'A built-in adapter id (see `agent-backup agents`).' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup restore" adapter' -l 'adapter' -d 'An adapter file (JSON) describing another agent.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup restore" v verbose' -s 'v' -l 'verbose' -d 'Log debug details on stderr.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup restore" snapshot' -l 'snapshot' -d 'The snapshot to restore (see `snapshots`); default the latest.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup restore" target' -l 'target' -d 'Restore into <dir>/<label>/… instead of the agent\'s own folders.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup restore" no-safety' -l 'no-safety' -d 'Do not push a safety snapshot of the current state first.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup restore" delete' -l 'delete' -d 'Also remove local files the snapshot does not have (within the adapter\'s included paths).'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup restore" dry-run' -l 'dry-run' -d 'Show what would change; write nothing.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup restore"' -l 'map' -d 'Restore onto a machine where the absolute folder FROM of the snapshot\'s machine is TO: rename the agent\'s files and folders named after paths under FROM and rewrite those paths inside its files (repeatable).' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup restore" map-home' -l 'map-home' -d 'Map the home folder the snapshot was taken in to this machine\'s $HOME (same as --map OLD_HOME=$HOME).'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup restore" json' -l 'json' -d 'Print one JSON document on stdout (logs stay on stderr).'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup restore" version' -l 'version' -d 'Show the version.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup restore" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup snapshots" agent' -l 'agent' -d 'A built-in adapter id (see `agent-backup agents`).' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup snapshots" adapter' -l 'adapter' -d 'An adapter file (JSON) describing another agent.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup snapshots" v verbose' -s 'v' -l 'verbose' -d 'Log debug details on stderr.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup snapshots" safety' -l 'safety' -d 'Also list safety snapshots (taken before restores).'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup snapshots" json' -l 'json' -d 'Print one JSON document on stdout (logs stay on stderr).'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup snapshots" version' -l 'version' -d 'Show the version.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup snapshots" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup verify" agent' -l 'agent' -d 'A built-in adapter id (see `agent-backup agents`).' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup verify" adapter' -l 'adapter' -d 'An adapter file (JSON) describing another agent.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup verify" v verbose' -s 'v' -l 'verbose' -d 'Log debug details on stderr.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup verify" snapshot' -l 'snapshot' -d 'The snapshot to verify; default the latest.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup verify" all' -l 'all' -d 'Verify every snapshot, regular and safety; one that fails or does not open is named and the others are still checked.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup verify" repository' -l 'repository' -d 'Check the whole repository (every snapshot opens, everything it names exists) instead of one snapshot\'s files.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup verify" read-data' -l 'read-data' -d 'With the repository check, read back all stored data and check every file\'s hash.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup verify" read-data-subset' -l 'read-data-subset' -d 'With the repository check, read back this random share of the stored data.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup verify" json' -l 'json' -d 'Print one JSON document on stdout (logs stay on stderr).'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup verify" version' -l 'version' -d 'Show the version.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup verify" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup prune" agent' -l 'agent' -d 'A built-in adapter id (see `agent-backup agents`).' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup prune" adapter' -l 'adapter' -d 'An adapter file (JSON) describing another agent.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup prune" v verbose' -s 'v' -l 'verbose' -d 'Log debug details on stderr.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup prune" keep' -l 'keep' -d 'Keep the newest N snapshots (same as --keep-last).' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup prune" keep-last' -l 'keep-last' -d 'Keep the newest N snapshots.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup prune" keep-hourly' -l 'keep-hourly' -d 'Keep the newest snapshot of each of the last N hours.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup prune" keep-daily' -l 'keep-daily' -d 'Keep the newest snapshot of each of the last N days.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup prune" keep-weekly' -l 'keep-weekly' -d 'Keep the newest snapshot of each of the last N weeks (Monday to Sunday).' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup prune" keep-monthly' -l 'keep-monthly' -d 'Keep the newest snapshot of each of the last N months.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup prune" keep-yearly' -l 'keep-yearly' -d 'Keep the newest snapshot of each of the last N years.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup prune" keep-within' -l 'keep-within' -d 'Keep every snapshot within this duration of the newest (e.g. 48h, 7d, 1y6m).' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup prune" dry-run' -l 'dry-run' -d 'Show what would be kept (and why) and removed; delete nothing.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup prune"' -l 'remove-safety' -d 'Also delete this safety snapshot (repeatable), or `all` of them.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup prune" json' -l 'json' -d 'Print one JSON document on stdout (logs stay on stderr).'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup prune" version' -l 'version' -d 'Show the version.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup prune" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup migrate" agent' -l 'agent' -d 'A built-in adapter id (see `agent-backup agents`).' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup migrate" adapter' -l 'adapter' -d 'An adapter file (JSON) describing another agent.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup migrate" v verbose' -s 'v' -l 'verbose' -d 'Log debug details on stderr.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup migrate" to' -l 'to' -d 'The destination\'s layout: reference (what the reference engine reads) or packed.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup migrate" to-prefix' -l 'to-prefix' -d 'The destination\'s prefix in the same bucket (empty, or left by an earlier migrate).' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup migrate" new-passphrase-from-env' -l 'new-passphrase-from-env' -d 'Encrypt the destination with the passphrase in this environment variable.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup migrate" no-encryption' -l 'no-encryption' -d 'Write the destination unencrypted (browsable, as encrypt: false writes).'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup migrate" json' -l 'json' -d 'Print one JSON document on stdout (logs stay on stderr).'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup migrate" version' -l 'version' -d 'Show the version.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup migrate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup daemon" agent' -l 'agent' -d 'A built-in adapter id (see `agent-backup agents`).' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup daemon" adapter' -l 'adapter' -d 'An adapter file (JSON) describing another agent.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup daemon" v verbose' -s 'v' -l 'verbose' -d 'Log debug details on stderr.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup daemon" version' -l 'version' -d 'Show the version.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup daemon" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup install" agent' -l 'agent' -d 'A built-in adapter id (see `agent-backup agents`).' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup install" adapter' -l 'adapter' -d 'An adapter file (JSON) describing another agent.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup install" v verbose' -s 'v' -l 'verbose' -d 'Log debug details on stderr.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup install" hook' -l 'hook' -d 'Instead of a service: the hook that pushes from this agent (claude-code).' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup install" write' -l 'write' -d 'With --hook: merge the hook into the agent\'s settings file.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup install" print' -l 'print' -d 'Print the service file on stdout; write nothing.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup install" platform' -l 'platform' -d 'The service manager to write for (default: this machine\'s).' -rfka 'linux macos'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup install" version' -l 'version' -d 'Show the version.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup install" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup agents" json' -l 'json' -d 'Print one JSON document on stdout (logs stay on stderr).'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup agents" version' -l 'version' -d 'Show the version.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup agents" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup doctor" agent' -l 'agent' -d 'A built-in adapter id (see `agent-backup agents`).' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup doctor" adapter' -l 'adapter' -d 'An adapter file (JSON) describing another agent.' -rfka ''
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup doctor" v verbose' -s 'v' -l 'verbose' -d 'Log debug details on stderr.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup doctor" json' -l 'json' -d 'Print one JSON document on stdout (logs stay on stderr).'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup doctor" version' -l 'version' -d 'Show the version.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup doctor" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'agent-backup' -n '__agent-backup_should_offer_completions_for_flags_or_options "agent-backup help" version' -l 'version' -d 'Show the version.'
