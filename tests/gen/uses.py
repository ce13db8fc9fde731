#!/usr/bin/env python3
"""Writes a C file that takes the address of every function a generated header declares
(import wrappers and helpers, not the exports the user implements), from one exported function, so the linker
keeps every core import (test helper for the ABI oracle and componentization).

usage: uses.py W.h OUT.c
"""
import re
import sys

text = open(sys.argv[1]).read()
# every function declared outside the section of exports the user implements
if '// Exported functions: implement these.' in text:
    head, rest = text.split('// Exported functions: implement these.', 1)
    text = head + rest.split('// Helpers', 1)[-1]
names = re.findall(r'^(?:extern )?[A-Za-z_][\w ]*?[\s*]([A-Za-z_]\w*)\([^;]*\);', text, re.M)
names = [n for n in dict.fromkeys(names) if n not in ('if', 'while', 'switch')]
hdr = sys.argv[1].rsplit('/', 1)[-1]
with open(sys.argv[2], 'w') as f:
    f.write('#include "%s"\n\n' % hdr)
    f.write('__attribute__((__export_name__("__witc_uses"))) uintptr_t witc_uses(int i);\n')
    f.write('uintptr_t witc_uses(int i) {\n  switch (i) {\n')
    for k, n in enumerate(names):
        f.write('  case %d: return (uintptr_t)&%s;\n' % (k, n))
    f.write('  default: return 0;\n  }\n}\n')
