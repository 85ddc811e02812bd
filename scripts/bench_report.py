"""The targets of scripts/bench (issue #18's, evaluated for every layout measured) and BENCHMARKS.md."""

COLUMNS = ["case", "load1", "wall_s", "cpu_s", "server_cpu_s", "rss_mib", "requests", "put", "copy", "get", "list", "head", "delete",
           "up_mb", "down_mb"]
MIB = 1 << 20


def _cases(result):
    return {r["case"]: r for r in (result or {}).get("rows", [])}


def evaluate_targets(res):
    """Each target with the measured value, the limit and whether it holds, per layout."""
    out = []

    def add(layout, name, value, limit, unit, ok):
        out.append({"layout": layout, "target": name, "value": value, "limit": limit, "unit": unit,
                    "met": bool(ok) if value is not None else None})

    def ratio(layout, workload, case, ours, restic):
        if case in ours and case in restic and restic[case]["wall_s"]:
            v = round(ours[case]["wall_s"] / restic[case]["wall_s"], 2)
            add(layout, f"{workload} {case}: wall / restic's", v, 1.0, "x", v <= 1.0)

    w1, w2 = res.get("w1", {}), res.get("w2", {})
    restic1 = _cases(w1.get("systems", {}).get("restic"))
    restic2 = _cases(w2.get("systems", {}).get("restic"))
    for layout in res.get("layouts", []):
        ours = _cases(w1.get("systems", {}).get(layout))
        if ours:
            ratio(layout, "W1", "first push", ours, restic1)
            v = ours["no-change push"]["wall_s"]
            add(layout, "W1 no-change push", v, 0.1, "s", v <= 0.1)
            ratio(layout, "W1", "10-changed push", ours, restic1)
            v = ours["10-changed push"].get("requests")
            add(layout, "W1 10-changed push: requests", v, 6, "", v is not None and v <= 6)
            ratio(layout, "W1", "restore (empty roots)", ours, restic1)
            mine, theirs = w1["systems"][layout].get("bucket_bytes"), (w1["systems"].get("restic") or {}).get("bucket_bytes")
            if mine is not None and theirs:
                v = round(mine / theirs, 2)
                add(layout, "W1 bucket bytes / restic's", v, 1.0, "x", v <= 1.0)
        system = w2.get("systems", {}).get(layout)
        if system:
            ours = _cases(system)
            changed = w2.get("changed_bytes", [])
            for n, change in enumerate(changed):
                pushed = ours.get(f"session {n + 1} push", {}).get("up_mb")
                if pushed is None:
                    continue
                add(layout, f"W2 session {n + 1}: pushed MB (limit 2 x {change / 1e6:.2f} MB changed + 4 MiB)",
                    pushed, round((2 * change + 4 * MIB) / 1e6, 2), "MB", pushed <= (2 * change + 4 * MIB) / 1e6)
            first, after = system.get("bucket_after_first"), (system.get("bucket_after_sessions") or [None])[-1]
            if first and after:
                v = round(after / first, 3)
                add(layout, "W2 bucket after the sessions / after the first push", v, 1.1, "x", v <= 1.1)
            theirs = ((w2["systems"].get("restic") or {}).get("bucket_after_sessions") or [None])[-1]
            if after and theirs:
                v = round(after / theirs, 2)
                add(layout, "W2 bucket after the sessions / restic's", v, 1.0, "x", v <= 1.0)
            ratio(layout, "W2", "first push", ours, restic2)
            ratio(layout, "W2", "restore (empty roots)", ours, restic2)
        scale = {r["case"]: r for r in res.get("scale", {}).get(layout, [])}
        if "100k files: no-change push" in scale:
            v = scale["100k files: no-change push"]["wall_s"]
            add(layout, "no-change push, 100,000 files", v, 1.5, "s", v <= 1.5)
        small, big = scale.get("1 MiB file: push"), scale.get("2 GiB file: push")
        if small and big:
            v = round(big["rss_mib"] - small["rss_mib"], 1)
            add(layout, "peak RSS: 2 GiB file push - 1 MiB file push (flat in file size)", v, 64, "MiB", v <= 64)
        small, big = scale.get("1 MiB file: restore"), scale.get("2 GiB file: restore")
        if small and big:
            v = round(big["rss_mib"] - small["rss_mib"], 1)
            add(layout, "peak RSS: 2 GiB file restore - 1 MiB file restore", v, 64, "MiB", v <= 64)
    return out


def _table(title, rows):
    lines = [f"### {title}", "", "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join("" if r.get(c) is None else str(r.get(c)) for c in COLUMNS) + " |" for r in rows]
    return lines + [""]


def write_report(res, path, notes=None):
    m = res["machine"]
    lines = ["# Benchmarks", "",
             "Produced by `scripts/bench` (see its header). Whole processes of the release binary, encryption on,",
             "against SeaweedFS on loopback; restic (Debian package, repository version 2: compressed) on the same",
             "server and the same generated trees. Each system starts from its own copy of the tree.", "",
             "Run it: `scripts/bench` (release build, W1, W2, restic, scale cases), `scripts/bench --quick`",
             "(no scale cases), `--scale-layouts packed` (scale cases for some layouts), `--layouts reference,packed`,",
             "`--json FILE` for the raw numbers, `--notes FILE` (the reading appended at the end), `--report-from FILE`",
             "to rewrite this page. As root it installs restic with apt-get when missing; `--no-restic` skips it.", "",
             "`cpu_s` is the client process (user + system); `server_cpu_s` is what SeaweedFS spent on the same",
             "case on the same two cores; `load1` is the machine's 1-minute load average just before the case started",
             "(other work on the machine shows there). Our request counts and bytes come from each command's `--json` summary;",
             "restic's `up_mb` is the growth of its repository during the push (a backup deletes nothing).", "",
             f"Machine: {m['cpu'].strip(': ')}, {m['cpus']} CPUs, {m['platform']}."]
    loads = [r["load1"] for w in ("w1", "w2") for sys_ in res.get(w, {}).get("systems", {}).values()
             for r in sys_.get("rows", []) if r.get("load1") is not None]
    loads += [r["load1"] for rows in res.get("scale", {}).values() for r in rows if r.get("load1") is not None]
    if loads:
        lines += [f"Run started {res.get('started', '?')}; the 1-minute load average before the cases ranged from "
                  f"{min(loads):.1f} to {max(loads):.1f} on {m['cpus']} CPUs" + (": the machine was shared, so walls are noisy and ratios"
                  " between systems measured minutes apart are rough." if max(loads) > m["cpus"] else ".")]
    lines += [""]
    w1, w2 = res.get("w1", {}), res.get("w2", {})
    if w1.get("systems"):
        lines += ["## W1", "", f"{w1.get('bytes', 0) / 1e6:.1f} MB: 5,000 small JSON/JSONL files, 20 blobs of 2-5 MiB, a 64 MiB",
                  f"SQLite database; the change appends a line to 10 files ({w1.get('changed_bytes', 0)} bytes in those files).", ""]
        for name, system in w1["systems"].items():
            lines += _table(f"{name}, W1 (bucket after: {system.get('bucket_bytes', 0) / 1e6:.1f} MB)", system["rows"])
    if w2.get("systems"):
        changed = ", ".join(f"{c / 1e6:.2f}" for c in w2.get("changed_bytes", []))
        lines += ["## W2", "", f"An agent's home of {w2.get('bytes', 0) / 1e6:.1f} MB (400 JSONL transcripts of 4 KiB to 64 MiB, a 32 MiB",
                  f"SQLite database, 50 small files), then {w2.get('sessions')} coding sessions with a push after each. MB changed per",
                  f"session: {changed}.", ""]
        for name, system in w2["systems"].items():
            buckets = system.get("bucket_after_sessions") or []
            lines += _table(f"{name}, W2 (bucket after the first push: {(system.get('bucket_after_first') or 0) / 1e6:.1f} MB, "
                            f"after the sessions: {(buckets[-1] if buckets else 0) / 1e6:.1f} MB)", system["rows"])
    for layout, rows in res.get("scale", {}).items():
        if rows:
            lines += _table(f"Scale cases, {layout}", rows)
    if res.get("targets"):
        lines += ["## Targets", "", "| layout | target | measured | limit | met |", "|---|---|---|---|---|"]
        for t in res["targets"]:
            met = "yes" if t["met"] else ("no" if t["met"] is not None else "n/a")
            lines.append(f"| {t['layout']} | {t['target']} | {t['value']} {t['unit']} | {t['limit']} {t['unit']} | {met} |")
        lines.append("")
    if notes:
        with open(notes) as fh:
            lines += [fh.read().rstrip("\n"), ""]
    with open(path, "w") as fh:
        fh.write("\n".join(lines))
