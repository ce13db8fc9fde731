#!/usr/bin/env python3
"""ABI oracle: compares the core imports/exports of a module linked from witc's generated
bindings with the dummy module `jco embed --dummy` makes for the same world.

usage: abi_oracle.py OURS.wasm DUMMY.wasm

jco names things in the `cm32p2` scheme; witc's C uses the legacy names
(reference/wit-and-abi.md §2.7). Both are mapped to one key: interface names get the
canonicalised version (`@0.2`, `@1`, pre-releases kept). Ours may lack imports the code
never calls and post-return functions for results that own no memory; everything it has
must exist in the dummy with the same signature, and every export function of the dummy
must exist in ours. Exit 0 on agreement, 1 with a list of differences.
"""
import re
import sys

VT = {0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64'}


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7f) << s
        s += 7
        if x < 0x80:
            return r, i


def name(b, i):
    n, i = leb(b, i)
    return b[i:i + n].decode('utf-8'), i + n


def parse(path):
    b = open(path, 'rb').read()
    assert b[:4] == b'\0asm'
    i = 8
    types, funcs, imports, exports = [], [], [], []
    nimp = 0
    while i < len(b):
        sid = b[i]
        size, j = leb(b, i + 1)
        end = j + size
        if sid == 1:
            n, j = leb(b, j)
            for _ in range(n):
                assert b[j] == 0x60
                j += 1
                np, j = leb(b, j)
                ps = [VT[x] for x in b[j:j + np]]
                j += np
                nr, j = leb(b, j)
                rs = [VT[x] for x in b[j:j + nr]]
                j += nr
                types.append((tuple(ps), tuple(rs)))
        elif sid == 2:
            n, j = leb(b, j)
            for _ in range(n):
                m, j = name(b, j)
                f, j = name(b, j)
                kind = b[j]
                j += 1
                if kind == 0:
                    t, j = leb(b, j)
                    imports.append((m, f, types[t]))
                    funcs.append(types[t])
                    nimp += 1
                elif kind == 1:
                    j += 1
                    flag, j = leb(b, j)
                    _, j = leb(b, j)
                    if flag & 1:
                        _, j = leb(b, j)
                elif kind == 2:
                    flag, j = leb(b, j)
                    _, j = leb(b, j)
                    if flag & 1:
                        _, j = leb(b, j)
                elif kind == 3:
                    j += 2
        elif sid == 3:
            n, j = leb(b, j)
            for _ in range(n):
                t, j = leb(b, j)
                funcs.append(types[t])
        elif sid == 7:
            n, j = leb(b, j)
            for _ in range(n):
                f, j = name(b, j)
                kind = b[j]
                idx, j = leb(b, j + 1)
                if kind == 0:
                    exports.append((f, funcs[idx]))
        i = end
    return imports, exports


def canon_iface(s):
    m = re.match(r'^(.*)@(\d+)\.(\d+)\.(\d+)(.*)$', s)
    if not m:
        return s
    base, ma, mi, pa, rest = m.groups()
    if rest.startswith('-'):
        return s
    if ma != '0':
        return '%s@%s' % (base, ma)
    if mi != '0':
        return '%s@0.%s' % (base, mi)
    return '%s@0.0.%s' % (base, pa)


def key_legacy_import(m, f):
    if m.startswith('[export]'):
        return ('import', '[export]' + canon_iface(m[8:]), f)
    return ('import', canon_iface(m) if m != '$root' else '$root', f)


def key_cm_import(m, f):
    if m == 'cm32p2':
        return ('import', '$root', f)
    iface = m[len('cm32p2|'):]
    ex = iface.startswith('_ex_')
    if ex:
        iface = iface[4:]
    for suf, pre in (('_drop', '[resource-drop]'), ('_new', '[resource-new]'), ('_rep', '[resource-rep]')):
        if f.endswith(suf) and (ex or suf == '_drop') and not f.startswith('['):
            f = pre + f[:-len(suf)]
            break
    return ('import', ('[export]' if ex else '') + iface, f)


def key_legacy_export(e):
    post = e.startswith('cabi_post_')
    if post:
        e = e[len('cabi_post_'):]
    prefix = ''
    for p in ('[callback][async-lift]', '[async-lift]'):
        if e.startswith(p):
            prefix, e = p, e[len(p):]
            break
    if '#' in e:
        i, f = e.split('#', 1)
        return ('export', canon_iface(i), prefix + f, post)
    return ('export', '', prefix + e, post)


def key_cm_export(e):
    rest = e[len('cm32p2|'):]
    i, f = rest.split('|', 1)
    post = f.endswith('_post')
    if post:
        f = f[:-5]
    if f.endswith('_dtor') and not f.startswith('['):
        f = '[dtor]' + f[:-5]
    return ('export', i, f, post)


SKIP_EXPORTS = {'memory', '_initialize', 'cabi_realloc', 'cm32p2_realloc', 'cm32p2_initialize', 'cm32p2_memory'}


def main():
    ours_i, ours_e = parse(sys.argv[1])
    dummy_i, dummy_e = parse(sys.argv[2])
    ours = {}
    for m, f, t in ours_i:
        if m in ('env', 'wasi_snapshot_preview1'):
            continue
        ours[key_legacy_import(m, f)] = t
    for e, t in ours_e:
        if e in SKIP_EXPORTS or '#' not in e and not e.startswith('cabi_post_') and e.startswith('__'):
            continue
        ours[key_legacy_export(e)] = t
    dummy = {}
    for m, f, t in dummy_i:
        dummy[key_cm_import(m, f)] = t
    for e, t in dummy_e:
        if e in SKIP_EXPORTS:
            continue
        dummy[key_cm_export(e)] = t
    # The async ABI has no cm32p2 names and jco's dummy gives async functions the sync ABI:
    # async items are checked by `jco new` instead (compile.sh), not here.
    async_only = ('[async-lower]', '[async-lift]', '[callback]', '[task-return]', '[future-', '[stream-',
                  '[waitable', '[subtask', '[backpressure', '[context-', '[thread-yield]', '[task-cancel]',
                  '[error-context-')
    skip_dummy = set()
    for k in list(ours):
        name = k[2]
        if name.startswith('[async-lower]') and not name.startswith('[async-lower]['):
            skip_dummy.add(('import', k[1], name[len('[async-lower]'):]))
        if name.startswith('[async-lift]'):
            skip_dummy.add(('export', k[1], name[len('[async-lift]'):]))
        if name.startswith(async_only):
            del ours[k]
    for k in list(dummy):
        if k[:3] in skip_dummy:
            del dummy[k]
    bad = []
    for k, t in sorted(ours.items()):
        if k not in dummy:
            bad.append('only in witc: %r %r' % (k, t))
        elif dummy[k] != t:
            bad.append('signature differs: %r witc %r jco %r' % (k, t, dummy[k]))
    for k, t in sorted(dummy.items()):
        if k not in ours:
            if k[0] == 'export' and k[3]:
                continue  # post-return only where the result owns memory
            bad.append('missing in witc: %r %r' % (k, t))
    for line in bad:
        print(line)
    print('%s: %d core items compared, %d differences' % (sys.argv[1], len(ours), len(bad)))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
