#!/usr/bin/env python3
"""Split the broken links `notesite check` reports into those broken in the source and those
notesite introduced.

Usage: classify.py SITE_ROOT CHECK_OUTPUT

A reported link is *broken in the source* when it would not resolve where the notes were
written either: on GitHub (the file exists relative to the note, or `/` from the content
folder; the `#fragment` is a GitHub heading id or an `id`/`name` written in the target) or,
for mdBook sources, `page.html` standing for `page.md`. Anything else notesite broke.
Prints the counts and the introduced ones.
"""
import os
import re
import sys
import urllib.parse

FENCE = re.compile(r"^\s*(```|~~~)")
ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
ANCHOR = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""", re.I)


def github_slug(text):
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("`", "").replace("*", "").replace("\\", "")
    text = re.sub(r"(^|\s)_+|_+(\s|$)", r"\1\2", text)
    kept = "".join(c for c in text.strip().lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


def anchors_of(path, cache={}):
    if path in cache:
        return cache[path]
    seen, found = {}, set()
    fenced = False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if FENCE.match(line):
                fenced = not fenced
                continue
            if fenced:
                continue
            found.update(ANCHOR.findall(line))
            m = ATX.match(line)
            if m:
                base = github_slug(m.group(2))
                slug = base
                while slug in seen:
                    seen[base] += 1
                    slug = f"{base}-{seen[base]}"
                seen[slug] = 0
                found.add(slug)
    cache[path] = found
    return found


def resolves(content, note, dest):
    if re.fullmatch(r"[^/:#]+@[^/:#]+\.\w+", dest):
        return True  # an email autolink
    dest = dest.split("?")[0]
    path, _, fragment = dest.partition("#")
    path = urllib.parse.unquote(path)
    if not path:
        target = os.path.join(content, note)
    elif path.startswith("/"):
        target = os.path.join(content, path.lstrip("/"))
    else:
        target = os.path.normpath(os.path.join(content, os.path.dirname(note), path))
    if not os.path.exists(target):
        if target.endswith(".html") and os.path.exists(target[:-5] + ".md"):
            target = target[:-5] + ".md"
        else:
            return False
    if os.path.isdir(target) or not fragment or not target.endswith(".md"):
        return True
    fragment = urllib.parse.unquote(fragment)
    anchors = anchors_of(target)
    return fragment in anchors or fragment.lower() in {a.lower() for a in anchors}


def main(root, report):
    content = os.path.join(root, "content")
    source, introduced, other = 0, [], 0
    group = None
    for line in open(report, encoding="utf-8"):
        if line and not line.startswith(" "):
            group = line.strip()
            continue
        m = re.match(r"\s+\S+\s+(error|warning)\s+(.*)", line)
        if not m:
            continue
        message = m.group(2)
        link = re.match(r"(?:link|image) to `([^`]*)`|`([^`]*)` on \S+ (?:leads to|points to)", message)
        if not link:
            if "wiki-link" in message or message.startswith("a link on"):
                introduced.append(f"{group}: {message}")
            continue
        dest = link.group(1) or link.group(2)
        note = group[len("content/"):] if group.startswith("content/") else None
        if note is None:
            other += 1
            introduced.append(f"{group}: {message}")
        elif resolves(content, note, dest):
            introduced.append(f"{group}: {dest}")
        else:
            source += 1
    print(f"broken links reported: {source + len(introduced)}")
    print(f"  broken in the source: {source}")
    print(f"  introduced by notesite: {len(introduced)}")
    for item in introduced:
        print(f"    {item}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
