grep -c second ../notes.md
