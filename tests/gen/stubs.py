#!/usr/bin/env python3
"""Writes stub definitions of everything a generated header asks the user to implement
(export functions, resource representations), returning zeroed values, so a module can be
linked and componentized without hand-written code (test helper).

usage: stubs.py W.h OUT.c
"""
import re
import sys

text = open(sys.argv[1]).read()
hdr = sys.argv[1].rsplit('/', 1)[-1]
out = ['#include "%s"' % hdr, '#include <string.h>', '']
for m in re.finditer(r'^// The representation of .*\ntypedef struct (\w+) \w+;', text, re.M):
    out.append('struct %s { int unused; };' % m.group(1))
section = text.split('// Exported functions: implement these.', 1)[1].split('// Helpers', 1)[0]
for line in section.splitlines():
    line = line.strip()
    if not line or line.startswith('//') or line.startswith('extern') or not line.endswith(');'):
        continue
    proto = line[:-1]
    ret = re.match(r'^(.*?)\b\w+\(', proto).group(1).strip()
    if ret == 'void':
        out.append('%s {\n}' % proto)
    else:
        out.append('%s {\n  %s r;\n  memset(&r, 0, sizeof r);\n  return r;\n}' % (proto, ret))
open(sys.argv[2], 'w').write('\n'.join(out) + '\n')
