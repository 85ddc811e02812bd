#!/usr/bin/env python3
"""Independent decoder of agent-backup's packed layout, written from docs/FORMAT.md alone (it shares
no code with the Swift implementation): restores snapshots byte-exact, checking every seal, every
blob's SHA-256 and every file's SHA-256.

  packed-decoder.py --dir BUCKET_DIR --prefix P [--passphrase P | --passphrase-env VAR | --plain]
                    [--snapshot NAME] [--out DIR] [--list] [--json]
  packed-decoder.py --s3-bucket B --prefix P ...     (S3: S3_ENDPOINT, S3_ACCESS_KEY_ID,
                                                      S3_SECRET_ACCESS_KEY, S3_REGION from the environment)

--dir is a local folder store's bucket folder (objects as files at their keys). Without --snapshot
the newest regular snapshot is restored. --out writes the files under DIR/<virtual path> with their
mode and mtime; without it the files are only checked. Prints "<sha256>\t<path>" per file (or one
JSON object with --json); --list prints the snapshot names, oldest first.
Exit status: 0 when everything verified; 1 when anything did not (reasons on stderr); 2 on usage errors.
Needs `cryptography` (AES-GCM; scrypt comes from hashlib) and `zstandard`.
"""
import argparse
import hashlib
import json
import os
import struct
import sys


class DecodeError(Exception):
    pass


# ---- stores -----------------------------------------------------------------------------------

class LocalStore:
    def __init__(self, root):
        self.root = root

    def list(self, prefix):
        base = os.path.join(self.root, prefix.rstrip("/"))
        found = []
        for folder, _, files in os.walk(base):
            for name in files:
                if name.startswith("%tmp-"):
                    continue
                path = os.path.join(folder, name)
                found.append(os.path.relpath(path, self.root).replace(os.sep, "/"))
        return sorted(k for k in found if k.startswith(prefix))

    def get(self, key):
        with open(os.path.join(self.root, key), "rb") as f:
            return f.read()

    def get_range(self, key, start, end):
        with open(os.path.join(self.root, key), "rb") as f:
            f.seek(start)
            return f.read(end - start)


class S3Store:
    def __init__(self, bucket):
        import boto3
        self.bucket = bucket
        self.client = boto3.client(
            "s3", endpoint_url=os.environ["S3_ENDPOINT"], aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"], region_name=os.environ.get("S3_REGION", "us-east-1"))

    def list(self, prefix):
        keys = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix):
            keys += [o["Key"] for o in page.get("Contents", [])]
        return sorted(keys)

    def get(self, key):
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def get_range(self, key, start, end):
        answer = self.client.get_object(Bucket=self.bucket, Key=key, Range="bytes=%d-%d" % (start, end - 1))
        return answer["Body"].read()


# ---- sections 2 and 3: sealing, documents, keys --------------------------------------------------

class Repository:
    def __init__(self, store, prefix, passphrase):
        self.store, self.prefix = store, prefix.rstrip("/")
        self.master = None
        raw_config = store.get(self.prefix + "/config")
        if passphrase is not None:
            self.master = self.open_master_key(passphrase, raw_config)
        self.config = json.loads(self.document(raw_config, "config"))
        if self.config.get("format") != "agent-backup-packed" or self.config.get("version") != 1:
            raise DecodeError("config: not a version 1 agent-backup-packed repository")
        if bool(self.config["encrypted"]) != (passphrase is not None):
            raise DecodeError("config: encrypted is %s but the decoder was run %s a passphrase"
                              % (self.config["encrypted"], "with" if passphrase else "without"))
        self.max_raw = int(self.config["chunker"]["maxSize"])

    def open_master_key(self, passphrase, raw_config):
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        for key in self.store.list(self.prefix + "/keys/"):
            blob = self.store.get(key)
            if len(blob) < 64 or blob[:4] != b"B2EN":
                continue
            salt, nonce, tag = blob[4:36], blob[36:48], blob[48:64]
            derived = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=16384, r=8, p=1,
                                     maxmem=64 * 1024 * 1024, dklen=32)
            try:
                plain = AESGCM(derived).decrypt(nonce, blob[64:] + tag, None)
            except InvalidTag:
                continue
            candidate = bytes.fromhex(json.loads(plain)["masterKey"])
            try:
                self.unseal(raw_config, "config", candidate)
                return candidate
            except DecodeError:
                continue
        raise DecodeError("no key object opens with this passphrase")

    def unseal(self, stored, what, master=None):
        master = master if master is not None else self.master
        if master is None:
            return stored
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        if len(stored) < 28:
            raise DecodeError("%s: shorter than a sealed item" % what)
        try:
            return AESGCM(master).decrypt(stored[:12], stored[12:], None)
        except InvalidTag:
            raise DecodeError("%s: authentication failed (InvalidTag)" % what)

    def document(self, stored, what):
        plain = self.unseal(stored, what)
        if not plain:
            raise DecodeError("%s: empty document" % what)
        if plain[0] == 0:
            return plain[1:]
        if plain[0] == 1:
            return decompress(plain[1:], 256 << 20, what, exact=False)
        raise DecodeError("%s: unknown document encoding %d" % (what, plain[0]))

    # ---- section 6: index ------------------------------------------------------------------------

    def load_index(self):
        live, pending, marked = {}, set(), {}
        for key in self.store.list(self.prefix + "/index/"):
            stored = self.store.get(key)
            if hashlib.sha256(stored).hexdigest() != key.rsplit("/", 1)[1]:
                raise DecodeError("%s: content does not hash to its name" % key)
            data = self.document(stored, key)
            reader = Reader(data, key)
            if reader.take(4) != b"ABIX" or reader.take(4) != b"\x01\x00\x00\x00":
                raise DecodeError("%s: not a version 1 index" % key)
            for _ in range(reader.u32()):
                pack, length = reader.take(32).hex(), reader.u32()
                for blob in read_blobs(reader):
                    live.setdefault(blob[0], (pack, blob))
                pending.discard(pack)
            for _ in range(reader.u32()):
                pack, length, _, reason = reader.take(32).hex(), reader.u32(), reader.i64(), reader.take(1)
                for blob in read_blobs(reader):
                    marked.setdefault(blob[0], (pack, blob))
            if not reader.at_end():
                raise DecodeError("%s: bytes after the last record" % key)
        # A blob no live pack holds may still be in a pending one (section 6): it exists until deleted.
        for blob_id, location in marked.items():
            live.setdefault(blob_id, location)
        return live

    # ---- section 7: snapshots --------------------------------------------------------------------

    def snapshots(self):
        base = self.prefix + "/snapshots/"
        return [k[len(base):] for k in self.store.list(base)]

    def snapshot(self, name):
        key = self.prefix + "/snapshots/" + name
        doc = json.loads(self.document(self.store.get(key), key))
        if doc.get("version") != 1:
            raise DecodeError("%s: not a version 1 snapshot" % key)
        iso = name.rsplit("/", 1)[-1]
        expected = iso[:13] + ":" + iso[14:16] + ":" + iso[17:19] + "." + iso[20:]
        if doc["timestamp"] != expected:
            raise DecodeError("%s: timestamp %s does not match its name" % (key, doc["timestamp"]))
        return doc


class Reader:
    def __init__(self, data, what):
        self.data, self.pos, self.what = data, 0, what

    def take(self, n):
        if self.pos + n > len(self.data):
            raise DecodeError("%s: ends inside a record" % self.what)
        self.pos += n
        return self.data[self.pos - n:self.pos]

    def u32(self):
        return struct.unpack("<I", self.take(4))[0]

    def i64(self):
        return struct.unpack("<q", self.take(8))[0]

    def at_end(self):
        return self.pos == len(self.data)


def read_blobs(reader):
    blobs = []
    for _ in range(reader.u32()):
        blob_id = reader.take(32).hex()
        offset, stored, raw = struct.unpack("<III", reader.take(12))
        flags = reader.take(1)[0]
        blobs.append((blob_id, offset, stored, raw, flags))
    return blobs


def decompress(frame, limit, what, exact):
    import zstandard
    try:
        out = zstandard.ZstdDecompressor().decompress(frame, max_output_size=limit)
    except zstandard.ZstdError as error:
        raise DecodeError("%s: zstd: %s" % (what, error))
    if exact and len(out) != limit:
        raise DecodeError("%s: decompressed to %d bytes, expected %d" % (what, len(out), limit))
    return out


# ---- restore ---------------------------------------------------------------------------------------

def safe_path(path):
    parts = path.split("/")
    if path.startswith("/") or "\\" in path or "\0" in path or len(parts) < 2 or any(p in ("", ".", "..") for p in parts):
        raise DecodeError("unsafe path %r refused" % path)
    return parts


def restore_file(repo, live, entry, out_dir):
    path = entry["path"]
    parts = safe_path(path)
    size = int(entry["size"])
    blobs = entry.get("blobs")
    if blobs is None:
        blobs = [] if size == 0 else [entry["hash"]]
    whole = hashlib.sha256()
    target = None
    if out_dir is not None:
        target = os.path.join(out_dir, *parts)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        handle = open(target + ".partial", "wb")
    written = 0
    for blob_id in blobs:
        if blob_id not in live:
            raise DecodeError("%s: blob %s is in no index" % (path, blob_id))
        pack, (_, offset, stored, raw, flags) = live[blob_id]
        pack_key = "%s/data/%s/%s" % (repo.prefix, pack[:2], pack)
        sealed = repo.store.get_range(pack_key, offset, offset + stored)
        if len(sealed) != stored:
            raise DecodeError("%s: pack %s is truncated" % (path, pack_key))
        payload = repo.unseal(sealed, pack_key)
        if raw > repo.max_raw:
            raise DecodeError("%s: blob %s claims %d bytes" % (path, blob_id, raw))
        plain = decompress(payload, raw, pack_key, exact=True) if flags & 1 else payload
        if len(plain) != raw or hashlib.sha256(plain).hexdigest() != blob_id:
            raise DecodeError("%s: blob %s does not hash to its id" % (path, blob_id))
        whole.update(plain)
        written += len(plain)
        if target is not None:
            handle.write(plain)
    digest = whole.hexdigest()
    if target is not None:
        handle.close()
    if digest != entry["hash"]:
        if target is not None:
            os.remove(target + ".partial")
        raise DecodeError("%s: SHA-256 %s, the snapshot says %s" % (path, digest, entry["hash"]))
    if target is not None:
        os.replace(target + ".partial", target)
        if "mode" in entry:
            os.chmod(target, int(entry["mode"]) & 0o7777)
            mtime = int(entry["mtimeNs"])
            os.utime(target, ns=(mtime, mtime))
    return digest, written


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--dir")
    where.add_argument("--s3-bucket")
    parser.add_argument("--prefix", required=True)
    secret = parser.add_mutually_exclusive_group(required=True)
    secret.add_argument("--passphrase")
    secret.add_argument("--passphrase-env")
    secret.add_argument("--plain", action="store_true")
    parser.add_argument("--snapshot")
    parser.add_argument("--out")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    passphrase = None if args.plain else (args.passphrase if args.passphrase is not None else os.environ.get(args.passphrase_env))
    if not args.plain and passphrase is None:
        parser.error("the passphrase variable is not set")
    store = LocalStore(args.dir) if args.dir else S3Store(args.s3_bucket)
    try:
        repo = Repository(store, args.prefix, passphrase)
        names = repo.snapshots()
        if args.list:
            print(json.dumps(names) if args.json else "\n".join(names))
            return 0
        regular = [n for n in names if "/" not in n]
        name = args.snapshot or (regular[-1] if regular else None)
        if name is None:
            raise DecodeError("no snapshot")
        doc = repo.snapshot(name)
        live = repo.load_index()
    except DecodeError as error:
        print("packed-decoder: %s" % error, file=sys.stderr)
        return 1
    failed, results = 0, {}
    for entry in doc["files"]:
        try:
            digest, size = restore_file(repo, live, entry, args.out)
            results[entry["path"]] = {"sha256": digest, "size": size}
        except (DecodeError, OSError) as error:
            failed += 1
            print("packed-decoder: %s" % error, file=sys.stderr)
    if args.json:
        print(json.dumps({"snapshot": name, "files": results}, sort_keys=True))
    else:
        for path in sorted(results, key=lambda p: p.encode("utf-8")):
            print("%s\t%s" % (results[path]["sha256"], path))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
