"""The things scripts/bench measures: our binary in each layout, and restic, on one S3 server."""
import json, os, subprocess, threading, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSPHRASE = "bench passphrase"


def run_measured(argv, env):
    """Runs a command as a child; returns wall, CPU (user+sys), peak RSS (MiB), stdout, exit code, and
    the 1-minute load average just before it started (the machine may be shared: the noise shows)."""
    # Every system starts with nothing dirty in the page cache: a step that syncs (our restore
    # flushes once before its renames) would otherwise also pay for the S3 server's writes during
    # the steps before it, which live on the same file system.
    os.sync()
    load1 = os.getloadavg()[0]
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    out, err = [], []
    readers = [threading.Thread(target=lambda: out.append(proc.stdout.read())),
               threading.Thread(target=lambda: err.append(proc.stderr.read()))]
    for t in readers:
        t.start()
    _, status, ru = os.wait4(proc.pid, 0)  # the child's own rusage
    for t in readers:
        t.join()
    return {"wall": time.monotonic() - start, "cpu": ru.ru_utime + ru.ru_stime, "rss_mib": ru.ru_maxrss / 1024.0,
            "stdout": out[0].decode(errors="replace") if out else "", "stderr": err[0].decode(errors="replace") if err else "",
            "code": os.waitstatus_to_exitcode(status), "load1": load1}


class S3:
    """A SeaweedFS started by scripts/s3-test-server, and its CPU time."""

    def __init__(self, state):
        self.state = state
        out = subprocess.run([os.path.join(REPO, "scripts/s3-test-server"), "start", state],
                             check=True, capture_output=True, text=True).stdout
        self.env = {}
        for line in out.splitlines():
            if line.startswith("export "):
                k, v = line[len("export "):].split("=", 1)
                self.env[k] = v

    def cpu_seconds(self):
        try:
            pid = open(os.path.join(self.state, "weed.pid")).read().strip()
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return None

    def run_measured(self, argv, env):
        before = self.cpu_seconds()
        r = run_measured(argv, env)
        after = self.cpu_seconds()
        r["server_cpu"] = after - before if before is not None and after is not None else None
        return r

    def prefix_bytes(self, prefix):
        """Bytes stored under `prefix` (boto3 from the test server's venv)."""
        code = ("import boto3,os,sys\n"
                "c=boto3.client('s3',endpoint_url=os.environ['S3_ENDPOINT'],aws_access_key_id=os.environ['S3_ACCESS_KEY_ID'],"
                "aws_secret_access_key=os.environ['S3_SECRET_ACCESS_KEY'],region_name=os.environ['S3_REGION'])\n"
                "t=0\n"
                "for page in c.get_paginator('list_objects_v2').paginate(Bucket=os.environ['S3_BUCKET'],Prefix=sys.argv[1]):\n"
                "  t+=sum(o['Size'] for o in page.get('Contents',[]))\n"
                "print(t)\n")
        env = dict(os.environ)
        env.update(self.env)
        python = self.env.get("AGENT_BACKUP_TEST_PYTHON", "python3")
        out = subprocess.run([python, "-c", code, prefix], env=env, capture_output=True, text=True)
        return int(out.stdout.strip()) if out.stdout.strip() else None

    def stop(self):
        subprocess.run([os.path.join(REPO, "scripts/s3-test-server"), "stop", self.state])


class Ours:
    """agent-backup with an adapter whose one root is `root`, in `layout`, under its own prefix."""

    def __init__(self, binary, s3, work, name, layout, root):
        self.s3, self.binary, self.root, self.layout = s3, binary, root, layout
        self.name = f"{layout}-{name}"
        self.home = os.path.join(work, f"home-{self.name}")
        os.makedirs(self.home, exist_ok=True)
        self.adapter = os.path.join(work, f"adapter-{self.name}.json")
        with open(self.adapter, "w") as fh:
            json.dump({"id": "bench-" + "".join(c for c in self.name.lower() if c.isalnum()), "roots": [{"label": "w", "dir": root}],
                       "include": ["^w/"], "exclude": ["-wal$", "-shm$"], "sqlite": ["\\.db$"], "secretExclude": []}, fh)
        self.prefix = f"bench-{self.name}-{os.getpid()}"
        self.env = dict(os.environ)
        self.env.update({
            "HOME": self.home, "B2_ENDPOINT": s3.env["S3_ENDPOINT"], "B2_KEY_ID": s3.env["S3_ACCESS_KEY_ID"],
            "B2_APPLICATION_KEY": s3.env["S3_SECRET_ACCESS_KEY"], "B2_BUCKET": s3.env["S3_BUCKET"],
            "B2_REGION": s3.env["S3_REGION"], "B2_ENCRYPTION_KEY": PASSPHRASE, "B2_PREFIX": self.prefix,
            "B2_KEEP_SNAPSHOTS": "100", "B2_LAYOUT": layout,
        })

    def cmd(self, *args):
        r = self.s3.run_measured([self.binary, *args, "--adapter", self.adapter, "--json"], self.env)
        if r["code"] != 0:
            raise SystemExit(f"agent-backup ({self.layout}) {' '.join(args)} failed ({r['code']}):\n{r['stderr'][-3000:]}")
        try:
            r["summary"] = json.loads(r["stdout"])
        except ValueError:
            r["summary"] = {}
        requests = r["summary"].get("requests") or {}
        r["uploaded"] = requests.get("bytesUploaded")
        r["requests"] = requests
        return r

    def push(self):
        return self.cmd("push")

    def restore(self):
        return self.cmd("restore", "--no-safety")

    def verify(self):
        return self.cmd("verify")

    def bucket_bytes(self):
        return self.s3.prefix_bytes(self.prefix + "/")


class Restic:
    """restic (Debian's package) with a version 2 repository (compression on, its default mode)."""

    def __init__(self, s3, work, name, root):
        self.s3, self.root, self.work = s3, root, work
        self.layout = "restic"
        self.prefix = f"restic-{name}-{os.getpid()}"
        self.env = dict(os.environ)
        self.env.update({
            "AWS_ACCESS_KEY_ID": s3.env["S3_ACCESS_KEY_ID"], "AWS_SECRET_ACCESS_KEY": s3.env["S3_SECRET_ACCESS_KEY"],
            "RESTIC_PASSWORD": PASSPHRASE, "RESTIC_CACHE_DIR": os.path.join(work, f"restic-cache-{name}"),
            "RESTIC_REPOSITORY": f"s3:{s3.env['S3_ENDPOINT']}/{s3.env['S3_BUCKET']}/{self.prefix}",
        })
        r = run_measured(["restic", "init", "--repository-version", "2"], self.env)
        if r["code"] != 0:
            raise SystemExit("restic init failed: " + r["stderr"])

    def cmd(self, *args):
        r = self.s3.run_measured(["restic", *args, "--json"], self.env)
        if r["code"] != 0:
            raise SystemExit(f"restic {' '.join(args)} failed:\n{r['stderr'][-2000:]}")
        r["uploaded"] = None
        r["requests"] = {}
        return r

    def push(self):
        # restic's own data_added counts bytes before compression: what it sent is the growth of
        # its repository (a backup deletes nothing), measured outside the timed run.
        before = self.bucket_bytes()
        r = self.cmd("backup", self.root)
        r["uploaded"] = self.bucket_bytes() - before
        return r

    def restore(self):
        target = os.path.join(self.work, f"{self.prefix}-restore")
        r = self.cmd("restore", "latest", "--target", target)
        # restic restores the absolute path under the target: move it into the (empty) root.
        os.rmdir(self.root)
        os.rename(os.path.join(target, self.root.lstrip("/")), self.root)
        return r

    def bucket_bytes(self):
        return self.s3.prefix_bytes(self.prefix + "/")


def row(name, r):
    req = r.get("requests") or {}
    return {
        "case": name, "load1": round(r["load1"], 2) if r.get("load1") is not None else None, "wall_s": round(r["wall"], 3), "cpu_s": round(r["cpu"], 3),
        "server_cpu_s": round(r["server_cpu"], 2) if r.get("server_cpu") is not None else None,
        "rss_mib": round(r["rss_mib"], 1),
        "requests": sum(req.get(k, 0) or 0 for k in ("put", "copy", "get", "list", "head", "delete")) if req else None,
        "put": req.get("put"), "copy": req.get("copy"), "get": req.get("get"), "list": req.get("list"),
        "head": req.get("head"), "delete": req.get("delete"),
        "up_mb": round(r["uploaded"] / 1e6, 3) if r.get("uploaded") is not None else None,
        "down_mb": round(req.get("bytesDownloaded", 0) / 1e6, 2) if req else None,
    }
