#!/usr/bin/env python3
"""The translation check (ctest label `translations`) and the `update-translations` target.

  check_translations.py --lupdate LUPDATE [--update] --app DIR TS [TS...] [--app ...]

Check (default): runs lupdate over every source file of DIR (recursively, so a file left
out of a CMake source list is still seen) into temporary copies of the app's .ts files and
fails when
  - a tr() source string is in the sources but not in a .ts file, or
  - a message of a Russian file (*_ru.ts) is unfinished or empty.
The .ts files in the tree are not touched. --update runs the same lupdate on the real files
(-no-obsolete -locations none): new strings then appear as unfinished for a translator.
"""
import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path


def messages(ts_path):
    """{(context, source, comment): (finished, numerus)} of the live messages of a .ts file."""
    out = {}
    root = ET.parse(ts_path).getroot()
    for ctx in root.iter("context"):
        name = ctx.findtext("name", "")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            kind = tr.get("type", "") if tr is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            forms = [f.text or "" for f in tr.iter("numerusform")] if tr is not None else []
            text = "".join(tr.itertext()) if tr is not None else ""
            filled = all(forms) if forms else bool(text)
            key = (name, msg.findtext("source", ""), msg.findtext("comment", ""))
            out[key] = (kind != "unfinished" and filled, msg.get("numerus") == "yes")
    return out


def run_lupdate(lupdate, src_dir, ts_files):
    cmd = [lupdate, "-silent", "-no-obsolete", "-locations", "none", str(src_dir), "-ts"] + [str(t) for t in ts_files]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("lupdate failed (%s):\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))


def check_app(lupdate, src_dir, ts_files):
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for ts in ts_files:
            copy = Path(tmp) / ts.name
            shutil.copyfile(ts, copy)
            copies.append(copy)
        run_lupdate(lupdate, src_dir, copies)
        for ts, copy in zip(ts_files, copies):
            before = messages(ts)
            after = messages(copy)
            for key in sorted(set(after) - set(before)):
                problems.append("%s: missing source string [%s] %r%s" % (
                    ts, key[0], key[1], " (comment %r)" % key[2] if key[2] else ""))
            if ts.name.endswith("_ru.ts"):
                for key, (finished, _) in sorted(before.items()):
                    if key in after and not finished:
                        problems.append("%s: unfinished Russian translation [%s] %r" % (ts, key[0], key[1]))
    return problems


def selftest(lupdate, app):
    src_dir, ts_files = Path(app[0]), [Path(t) for t in app[1:]]
    ru = [t for t in ts_files if t.name.endswith("_ru.ts")][0]
    with tempfile.TemporaryDirectory() as tmp:
        copies = [Path(tmp) / t.name for t in ts_files]
        for t, c in zip(ts_files, copies):
            shutil.copyfile(t, c)
        if check_app(lupdate, src_dir, copies):
            sys.exit("selftest: the unchanged files already fail")
        ru_copy = Path(tmp) / ru.name
        tree = ET.parse(ru_copy)
        ctx = next(tree.getroot().iter("context"))
        msgs = list(ctx.iter("message"))
        if len(msgs) < 2:
            sys.exit("selftest: need two messages in the first context of %s" % ru)
        removed, unfinished = msgs[0], msgs[1]
        ctx.remove(removed)
        unfinished.find("translation").set("type", "unfinished")
        tree.write(ru_copy, encoding="utf-8", xml_declaration=True)
        found = check_app(lupdate, src_dir, copies)
        want = [removed.findtext("source"), unfinished.findtext("source")]
        for w, kind in zip(want, ("missing source string", "unfinished Russian translation")):
            if not any(kind in p and repr(w) in p for p in found):
                sys.exit("selftest: %s %r was not reported; got %s" % (kind, w, found))
        print("selftest OK: reported %d problem(s): %s" % (len(found), found))
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lupdate", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--selftest", action="store_true",
                    help="check that the check itself fails on a copy with a message removed and one unfinished")
    ap.add_argument("--app", nargs="+", action="append", required=True, metavar="DIR TS")
    args = ap.parse_args()
    if args.selftest:
        return selftest(args.lupdate, args.app[0])
    problems = []
    for app in args.app:
        if len(app) < 2:
            sys.exit("--app needs a source directory and at least one .ts file")
        src_dir, ts_files = Path(app[0]), [Path(t) for t in app[1:]]
        for p in [src_dir] + ts_files:
            if not p.exists():
                sys.exit("%s does not exist" % p)
        if args.update:
            run_lupdate(args.lupdate, src_dir, ts_files)
            for ts in ts_files:
                todo = [k for k, (done, _) in messages(ts).items() if not done]
                print("%s: %d messages, %d unfinished" % (ts, len(messages(ts)), len(todo)))
        else:
            found = check_app(args.lupdate, src_dir, ts_files)
            print("%s: %s" % (src_dir, "OK" if not found else "%d problem(s)" % len(found)))
            problems += found
    for p in problems:
        print(p)
    if problems:
        print("\nFix: cmake --build <build> --target update-translations, then translate the unfinished "
              "messages (Qt Linguist, or the app's translations/ helper) and commit the .ts files.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
