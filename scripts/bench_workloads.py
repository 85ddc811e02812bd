"""Workloads of scripts/bench, generated deterministically (the same bytes on every machine).

W1: 5,000 JSON/JSONL files of 1-20 KiB in 100 folders, 20 incompressible blobs of 2-5 MiB, one
64 MiB WAL-mode SQLite database; the change is one line appended to 10 files.

W2: an agent's home: ~400 JSONL transcripts from 4 KiB to 64 MiB (~600 MiB of text that
compresses about as well as real transcripts: words, ids, paths and numbers), a 32 MiB WAL-mode
SQLite database, 50 small settings/memory files. A "session" appends 20-200 KiB to 3
transcripts, adds one new transcript, rewrites 5 small files and writes 50 database rows (left in
the WAL, as a running agent leaves them).
"""
import hashlib, json, os, random, sqlite3

WORDS = ("the a to of and in is for that it with as on be this by are or from at an not we can will "
         "function return value error file test build swift package request response server client "
         "cache index chunk pack snapshot restore push backup manifest hash digest key object store "
         "user assistant tool call result output input path folder config setting session project "
         "refactor implement check verify compile run fix bug issue change diff commit branch merge "
         "string array dictionary struct class protocol extension async await throws try catch let var "
         "if else guard switch case default for while break continue import public private internal "
         "memory disk network retry timeout budget backoff jitter circuit probe transient permanent").split()


def make_w1(root):
    rng = random.Random(20261125)
    sessions = os.path.join(root, "sessions")
    for d in range(100):
        folder = os.path.join(sessions, f"project-{d:03d}")
        os.makedirs(folder, exist_ok=True)
        for f in range(50):
            size = rng.randint(1024, 20 * 1024)
            ext = "jsonl" if f % 2 else "json"
            line = json.dumps({"role": "assistant", "folder": d, "file": f, "text": "x" * 80}) + "\n"
            body = (line * (size // len(line) + 1))[:size]
            with open(os.path.join(folder, f"s-{f:03d}.{ext}"), "w") as fh:
                fh.write(body)
    blobs = os.path.join(root, "blobs")
    os.makedirs(blobs, exist_ok=True)
    for b in range(20):
        size = rng.randint(2 << 20, 5 << 20)
        with open(os.path.join(blobs, f"blob-{b:02d}.bin"), "wb") as fh:
            fh.write(random.Random(b).randbytes(size))
    make_database(os.path.join(root, "state.db"), 64 << 20, seed=7)


def make_database(path, size, seed):
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)")
    r = random.Random(seed)
    con.executemany("INSERT INTO t(v) VALUES (?)", ((r.randbytes(4000),) for _ in range(size // 4096)))
    con.commit()
    con.close()


def append_to_ten(root):
    """W1's change: one line appended to 10 files; returns the bytes of the changed files."""
    changed = 0
    folder = os.path.join(root, "sessions", "project-000")
    for f in sorted(os.listdir(folder))[:10]:
        line = json.dumps({"role": "user", "appended": True}) + "\n"
        with open(os.path.join(folder, f), "a") as fh:
            fh.write(line)
        changed += os.path.getsize(os.path.join(folder, f))
    return changed


class Transcript:
    """Lines of an agent transcript: JSON with ids, timestamps, a cwd and prose from WORDS."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.pool = [self._line() for _ in range(4000)]

    def _line(self):
        rng = self.rng
        text = " ".join(rng.choices(WORDS, k=rng.randint(20, 220)))
        return {"type": rng.choice(["user", "assistant", "tool_result"]), "cwd": f"/home/alice/src/proj{rng.randint(0, 40)}",
                "message": {"role": rng.choice(["user", "assistant"]), "content": text}}

    def text(self, size):
        """About `size` bytes of JSONL (whole lines), each line with its own uuid and time."""
        out, total = [], 0
        while total < size:
            entry = dict(self.rng.choice(self.pool))
            entry["uuid"] = "%032x" % self.rng.getrandbits(128)
            entry["timestamp"] = "2026-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
                self.rng.randint(1, 12), self.rng.randint(1, 28), self.rng.randint(0, 23), self.rng.randint(0, 59),
                self.rng.randint(0, 59), self.rng.randint(0, 999))
            line = json.dumps(entry) + "\n"
            out.append(line)
            total += len(line)
        return "".join(out)


def w2_sizes(rng, count=400, total=560 << 20):
    """Transcript sizes from 4 KiB to 64 MiB, most small, a few large, adding up to about `total`."""
    sizes = [int(4096 * 2 ** (14 * rng.random() ** 3)) for _ in range(count)]
    sizes[0], sizes[1] = 64 << 20, 50 << 20
    rest = total - sizes[0] - sizes[1]
    scale = rest / sum(sizes[2:])
    return sizes[:2] + [max(4096, min(64 << 20, int(s * scale))) for s in sizes[2:]]


def make_w2(root):
    rng = random.Random(20261204)
    gen = Transcript(1)
    projects = os.path.join(root, "projects")
    for index, size in enumerate(w2_sizes(rng)):
        folder = os.path.join(projects, f"-home-alice-src-proj{index % 40}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{uuid(rng)}.jsonl"), "w") as fh:
            remaining = size
            while remaining > 0:  # in 4 MiB pieces: bounded memory for the 64 MiB ones
                piece = gen.text(min(remaining, 4 << 20))
                fh.write(piece)
                remaining -= len(piece)
    small = os.path.join(root, "settings")
    os.makedirs(small, exist_ok=True)
    for i in range(50):
        with open(os.path.join(small, f"memory-{i:02d}.md"), "w") as fh:
            fh.write(gen.text(rng.randint(1024, 10240)))
    make_messages_db(os.path.join(root, "state.db"), 32 << 20, rng)


def make_messages_db(path, size, rng):
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE messages(id INTEGER PRIMARY KEY, session TEXT, body TEXT)")
    gen = Transcript(2)
    rows = size // 4300  # ~2 KB of text per row takes ~4 KB of pages
    con.executemany("INSERT INTO messages(session, body) VALUES (?, ?)",
                    ((uuid(rng), gen.text(2000)) for _ in range(rows)))
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def uuid(rng):
    h = "%032x" % rng.getrandbits(128)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def w2_session(root, number):
    """One coding session's changes (deterministic by `number`); returns the bytes that changed."""
    rng = random.Random(1000 + number)
    gen = Transcript(3000 + number)
    changed = 0
    transcripts = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(root, "projects")) for f in fs)
    for path in rng.sample(transcripts, 3):
        text = gen.text(rng.randint(20 << 10, 200 << 10))
        with open(path, "a") as fh:
            fh.write(text)
        changed += len(text)
    folder = os.path.join(root, "projects", f"-home-alice-src-proj{rng.randint(0, 39)}")
    text = gen.text(rng.randint(50 << 10, 500 << 10))
    with open(os.path.join(folder, f"{uuid(rng)}.jsonl"), "w") as fh:
        fh.write(text)
    changed += len(text)
    small = sorted(os.listdir(os.path.join(root, "settings")))
    for name in rng.sample(small, 5):
        text = gen.text(rng.randint(1024, 10240))
        with open(os.path.join(root, "settings", name), "w") as fh:
            fh.write(text)
        changed += len(text)
    con = sqlite3.connect(os.path.join(root, "state.db"))
    con.execute("PRAGMA wal_autocheckpoint=0")
    top = con.execute("SELECT max(id) FROM messages").fetchone()[0]
    for _ in range(25):
        body = gen.text(2000)
        con.execute("UPDATE messages SET body=? WHERE id=?", (body, rng.randint(1, top)))
        changed += len(body)
    for _ in range(25):
        body = gen.text(2000)
        con.execute("INSERT INTO messages(session, body) VALUES (?, ?)", (uuid(rng), body))
        changed += len(body)
    con.commit()
    con.close()
    return changed


def tree_bytes(root):
    return sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(root) for f in fs)


def trees_equal(a, b):
    """Same files with the same bytes; databases (restored as snapshot copies) by their rows."""
    def listing(root):
        out = {}
        for dp, _, fs in os.walk(root):
            for f in fs:
                p = os.path.join(dp, f)
                rel = os.path.relpath(p, root)
                if rel.endswith("-wal") or rel.endswith("-shm"):
                    continue
                if rel.endswith(".db"):
                    out[rel] = database_digest(p)
                    continue
                h = hashlib.sha256()
                with open(p, "rb") as fh:
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        h.update(chunk)
                out[rel] = h.hexdigest()
        return out
    return listing(a) == listing(b)


def database_digest(path):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    h = hashlib.sha256()
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
        for row in con.execute(f"SELECT * FROM {name} ORDER BY rowid"):
            h.update(repr(row).encode())
    con.close()
    return h.hexdigest()
