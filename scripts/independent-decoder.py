#!/usr/bin/env python3
"""Independent B2EN decoder: checks objects with Python's `cryptography` (AESGCM) and `hashlib.scrypt`,
sharing no code with the Swift implementation, so tests can prove what we write is the standard format.

  independent-decoder.py --passphrase P FILE...      prints "<sha256 of plaintext>\t<FILE>" per file
  independent-decoder.py --passphrase P DIR          every regular file under DIR (recursive, sorted):
                                                     "<sha256>\t<path relative to DIR, '/' separators>"
  --passphrase-env VAR    read the passphrase from an environment variable instead (keeps it off `ps`)
  --plain                 the objects are not encrypted (encryption off): hash them as stored
  --out DIR               also write each plaintext under DIR (same relative path; FILE args by basename)
  --json                  print one JSON object {path: {"sha256": ..., "size": ...}} instead of lines

B2EN: "B2EN"(4) | salt(32) | nonce(12) | tag(16) | AES-256-GCM ciphertext, no AAD;
key = scrypt(passphrase UTF-8, salt, N=16384, r=8, p=1, 32 bytes). Keys are cached by salt.
Exit status: 0 when every object opened; 1 when any did not (each failure on stderr as "path: reason");
2 on usage errors.
"""
import argparse
import hashlib
import json
import os
import sys

MAGIC = b"B2EN"
HEADER = 64


class DecodeError(Exception):
    pass


def make_opener(passphrase):
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    keys = {}

    def open_blob(blob):
        if len(blob) < HEADER or blob[:4] != MAGIC:
            raise DecodeError("not an encrypted object (shorter than 64 bytes or no B2EN magic)")
        salt, nonce, tag = blob[4:36], blob[36:48], blob[48:64]
        key = keys.get(salt)
        if key is None:
            key = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=16384, r=8, p=1,
                                 maxmem=64 * 1024 * 1024, dklen=32)
            keys[salt] = key
        try:
            return AESGCM(key).decrypt(nonce, blob[HEADER:] + tag, None)
        except InvalidTag:
            raise DecodeError("authentication failed (InvalidTag): wrong passphrase or tampered object")

    return open_blob


def targets(paths):
    """(label, filesystem path, relative output path) for every object to check."""
    for path in paths:
        if os.path.isdir(path):
            found = []
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in files:
                    full = os.path.join(root, name)
                    if os.path.isfile(full) and not os.path.islink(full):
                        rel = os.path.relpath(full, path).replace(os.sep, "/")
                        found.append((rel, full, rel))
            yield from sorted(found, key=lambda item: item[0].encode("utf-8", "surrogateescape"))
        elif os.path.isfile(path):
            yield (path, path, os.path.basename(path))
        else:
            raise DecodeError(f"{path}: no such file or directory")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--passphrase")
    source.add_argument("--passphrase-env", metavar="VAR")
    parser.add_argument("--plain", action="store_true")
    parser.add_argument("--out", metavar="DIR")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    args = parser.parse_args()

    if args.plain:
        opener = lambda blob: blob
    else:
        passphrase = args.passphrase
        if args.passphrase_env:
            passphrase = os.environ.get(args.passphrase_env)
            if passphrase is None:
                parser.error(f"--passphrase-env: {args.passphrase_env} is not set")
        if passphrase is None:
            parser.error("give --passphrase, --passphrase-env or --plain")
        opener = make_opener(passphrase)

    results = {}
    failures = 0
    try:
        items = list(targets(args.paths))
    except DecodeError as error:
        print(error, file=sys.stderr)
        return 1
    for label, full, rel in items:
        with open(full, "rb") as handle:
            blob = handle.read()
        try:
            plaintext = opener(blob)
        except DecodeError as error:
            print(f"{label}: {error}", file=sys.stderr)
            failures += 1
            continue
        digest = hashlib.sha256(plaintext).hexdigest()
        results[label] = {"sha256": digest, "size": len(plaintext)}
        if args.out:
            target = os.path.join(args.out, *rel.split("/"))
            os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(plaintext)
        if not args.json:
            print(f"{digest}\t{label}")
    if args.json:
        json.dump(results, sys.stdout, indent=2, sort_keys=True)
        print()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
