#!/usr/bin/env python3
"""Independent writer of reference-layout snapshots: writes one snapshot the way the reference
engine (@backblaze-labs/agent-backup-core 0.3.0) does, sharing no code with the Swift
implementation, so tests can prove that we read what the reference writes (SPEC "Bucket format").

  reference-writer.py (--local DIR | --s3-endpoint URL) --bucket B --prefix P --timestamp ISO
                      [--passphrase-env VAR | --plain] [--order utf16|bytes] LABEL=FOLDER ...

Every regular file under each FOLDER (walked with byte names: nothing is normalized, names that
Unicode calls equal stay two files) becomes the object <prefix>/<snapshot>/<LABEL>/<path>; the
manifest (JSON.stringify(m, null, 2): 2-space indent, no trailing newline) is written LAST as
<prefix>/<snapshot>/manifest.json, with the files in `--order`: `utf16` sorts like JavaScript's
default sort (UTF-16 code units), `bytes` by UTF-8 bytes. <snapshot> is the ISO timestamp
(`2026-02-09T10:04:05.123Z`) with ':' and '.' replaced by '-'.

Encrypted (default): every object, the manifest too, is a B2EN envelope with its own random salt,
as the reference engine writes them: "B2EN" | salt(32) | nonce(12) | tag(16) | AES-256-GCM
ciphertext; key = scrypt(passphrase, salt, N=16384, r=8, p=1, 32 bytes). --plain stores the bytes
as they are and the manifest as JSON (application/json).

--local DIR writes the local directory store layout (DIR/<bucket>/<key>; keys must be plain:
no '%', control characters, '.' or '..' segments). --s3-endpoint uses boto3 with S3_ACCESS_KEY_ID,
S3_SECRET_ACCESS_KEY and S3_REGION from the environment.
Prints the snapshot id. Exit 0 on success, 2 on usage errors.
"""
import argparse
import hashlib
import json
import os
import sys


def walk(folder):
    """(relative path bytes, absolute path bytes) of every regular file, no symlinks followed."""
    base = os.fsencode(folder)
    out = []
    for root, dirs, files in os.walk(base, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(root, name)
            if os.path.islink(full) or not os.path.isfile(full):
                continue
            out.append((os.path.relpath(full, base).replace(os.sep.encode(), b"/"), full))
    return out


def sealer(passphrase):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    def seal(plaintext):
        salt, nonce = os.urandom(32), os.urandom(12)
        key = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=16384, r=8, p=1, maxmem=64 * 1024 * 1024, dklen=32)
        sealed = AESGCM(key).encrypt(nonce, plaintext, None)
        return b"B2EN" + salt + nonce + sealed[-16:] + sealed[:-16]

    return seal


def utf16_key(path):
    return path.encode("utf-16-be")


def writer(args):
    if args.local:
        root = os.path.join(args.local, args.bucket)

        def put(key, body, content_type):
            for segment in key.split("/"):
                if segment in ("", ".", "..") or "%" in segment or any(ord(c) < 0x20 or ord(c) == 0x7F for c in segment):
                    sys.exit(f"reference-writer: key {key!r} needs the local store's escaping; use --s3-endpoint")
            path = os.path.join(root, *key.split("/")).encode("utf-8")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(body)
        return put
    import boto3
    s3 = boto3.client("s3", endpoint_url=args.s3_endpoint, region_name=os.environ.get("S3_REGION", "us-east-1"),
                      aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"], aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"])

    def put(key, body, content_type):
        s3.put_object(Bucket=args.bucket, Key=key, Body=body, ContentType=content_type)
    return put


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--local")
    target.add_argument("--s3-endpoint")
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--timestamp", required=True)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--passphrase-env")
    mode.add_argument("--plain", action="store_true")
    parser.add_argument("--order", choices=["utf16", "bytes"], default="utf16")
    parser.add_argument("roots", nargs="+", metavar="LABEL=FOLDER")
    args = parser.parse_args()

    snapshot = args.timestamp.replace(":", "-").replace(".", "-")
    seal = (lambda b: b) if args.plain else sealer(os.environ[args.passphrase_env])
    put = writer(args)
    files = {}
    for root in args.roots:
        label, _, folder = root.partition("=")
        if not label or not folder:
            parser.error(f"{root!r}: expected LABEL=FOLDER")
        for relative, full in walk(folder):
            path = label + "/" + relative.decode("utf-8")  # strict: a name that is not UTF-8 fails loudly
            with open(full, "rb") as f:
                data = f.read()
            put(f"{args.prefix}/{snapshot}/{path}", seal(data), "application/octet-stream")
            files[path] = {"hash": hashlib.sha256(data).hexdigest(), "size": len(data)}
    order = sorted(files, key=utf16_key if args.order == "utf16" else (lambda p: p.encode("utf-8")))
    manifest = {"version": 1, "timestamp": args.timestamp, "files": {p: files[p] for p in order}}
    body = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
    put(f"{args.prefix}/{snapshot}/manifest.json", seal(body), "application/json" if args.plain else "application/octet-stream")
    print(snapshot)


if __name__ == "__main__":
    main()
