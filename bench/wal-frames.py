#!/usr/bin/env python3
"""WAL pages per commit, by b-tree: which tables and indexes a store's commits write.

Every page a commit changes is one frame (about 4 KiB) appended to the WAL, written, flushed and later
checkpointed, so the pages per commit are much of what a transition costs. Take a snapshot of a busy
store (copy the database and its -wal file together, while the hub runs), then:

    bench/wal-frames.py SNAPSHOT/baton.db SNAPSHOT/baton.db-wal

The database is opened read-only; SQLite's dbstat table names each page's b-tree as of the snapshot.
"""
import collections
import sqlite3
import struct
import sys


def frames(wal_path):
    """Yields the page numbers of each commit in the WAL's current generation."""
    data = open(wal_path, "rb").read()
    if len(data) < 32:
        return
    page_size = struct.unpack(">I", data[8:12])[0]
    salt = data[16:24]
    offset, pages = 32, []
    while offset + 24 + page_size <= len(data):
        page, db_size = struct.unpack(">II", data[offset:offset + 8])
        if data[offset + 8:offset + 16] != salt:
            break  # a frame of an earlier generation: the WAL restarted before it
        pages.append(page)
        if db_size:  # the last frame of a commit records the database size
            yield pages
            pages = []
        offset += 24 + page_size


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: wal-frames.py DATABASE WAL")
    db, wal = sys.argv[1], sys.argv[2]
    copy = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        names = {page: name + ("" if kind == "leaf" else " (interior)")
                 for name, page, kind in copy.execute("SELECT name, pageno, pagetype FROM dbstat")}
    except sqlite3.OperationalError as error:
        sys.exit(f"this Python's SQLite has no dbstat table ({error})")
    counts, commits, total = collections.Counter(), 0, 0
    for pages in frames(wal):
        commits += 1
        total += len(pages)
        counts.update("page 1 (the database header)" if page == 1 else names.get(page, f"page {page}?") for page in pages)
    if commits == 0:
        sys.exit(f"no commit in {wal}")
    print(f"{commits} commits, {total / commits:.1f} pages per commit")
    for name, count in counts.most_common():
        print(f"{count / commits:6.2f}  {name}")


if __name__ == "__main__":
    main()
