#!/usr/bin/env python3
"""Writes a C file that takes the address of every imported-function wrapper and helper
declared with `extern` in a generated header, from one exported function, so the linker
keeps every core import (test helper for the ABI oracle).

usage: uses.py W.h OUT.c
"""
import re
import sys

text = open(sys.argv[1]).read()
names = re.findall(r'^extern [^;]*?\b([A-Za-z_][A-Za-z0-9_]*)\(', text, re.M)
hdr = sys.argv[1].rsplit('/', 1)[-1]
with open(sys.argv[2], 'w') as f:
    f.write('#include "%s"\n\n' % hdr)
    f.write('__attribute__((__export_name__("__witc_uses"))) uintptr_t witc_uses(int i);\n')
    f.write('uintptr_t witc_uses(int i) {\n  switch (i) {\n')
    for k, n in enumerate(names):
        f.write('  case %d: return (uintptr_t)&%s;\n' % (k, n))
    f.write('  default: return 0;\n  }\n}\n')
