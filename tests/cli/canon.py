#!/usr/bin/env python3
"""Order-insensitive form of a Resolve JSON document, for round-trip tests.

Arena indices are replaced by qualified names (packages `ns:name@ver`, interfaces
`pkg/iface`, world-inline interfaces by the world item holding them, named types by
`owner.name`) and anonymous types are inlined, so two documents describing the same
Resolve with arenas in a different order compare equal.

usage: canon.py A.json B.json   exit 0 when equal, else print the first differences
"""
import json
import sys


def canon(d):
    pk = [p['name'] for p in d['packages']]
    ifaces, worlds, types = d['interfaces'], d['worlds'], d['types']
    wkey = {i: f"{pk[w['package']]}/{w['name']}" for i, w in enumerate(worlds)}
    ikey = {i: f"{pk[it['package']]}/{it['name']}" for i, it in enumerate(ifaces)
            if it.get('name') is not None}
    for wi, w in enumerate(worlds):
        for sect in ('imports', 'exports'):
            for k, item in w[sect].items():
                if 'interface' in item:
                    ikey.setdefault(item['interface']['id'], f"{wkey[wi]}#{sect}:{k}")

    def owner(o):
        if o is None:
            return None
        return 'i:' + ikey[o['interface']] if 'interface' in o else 'w:' + wkey[o['world']]

    def tref(t):
        if t is None or isinstance(t, str):
            return t
        td = types[t]
        if td.get('name') is not None:
            return f"{owner(td['owner'])}.{td['name']}"
        return {'anon': kind(td['kind'])}

    def kind(k):
        if isinstance(k, str):
            return k
        (tag, v), = k.items()
        if tag in ('type', 'list', 'option', 'future', 'stream'):
            return {tag: tref(v)}
        if tag == 'handle':
            (h, r), = v.items()
            return {h: tref(r)}
        if tag == 'map':
            return {tag: [tref(v[0]), tref(v[1])]}
        if tag == 'fixed-length-list':
            return {tag: [tref(v[0]), v[1]]}
        if tag == 'result':
            return {tag: {'ok': tref(v['ok']), 'err': tref(v['err'])}}
        if tag == 'tuple':
            return {tag: [tref(x) for x in v['types']]}
        if tag == 'record':
            return {tag: [dict(f, type=tref(f['type'])) for f in v['fields']]}
        if tag == 'variant':
            return {tag: [dict(c, type=tref(c.get('type'))) for c in v['cases']]}
        return {tag: v}

    def func(f):
        out = dict(f)
        k = f['kind']
        if isinstance(k, dict):
            (t, r), = k.items()
            out['kind'] = {t: tref(r)}
        out['params'] = [dict(p, type=tref(p['type'])) for p in f['params']]
        if 'result' in f:
            out['result'] = tref(f['result'])
        return out

    def iface(i):
        it = ifaces[i]
        return {'name': it.get('name'), 'docs': it.get('docs'), 'stability': it.get('stability'),
                'types': {n: typedef(t) for n, t in it['types'].items()},
                'functions': {n: func(f) for n, f in it['functions'].items()}}

    def typedef(t):
        td = types[t]
        return {'name': td.get('name'), 'kind': kind(td['kind']), 'owner': owner(td['owner']),
                'docs': td.get('docs'), 'stability': td.get('stability')}

    def witem(k, item):
        if 'interface' in item:
            it = item['interface']
            body = ikey[it['id']] if ifaces[it['id']].get('name') is not None else iface(it['id'])
            return {'interface': body, 'stability': it.get('stability'), 'docs': it.get('docs')}
        if 'function' in item:
            return {'function': func(item['function'])}
        return {'type': typedef(item['type'])}

    def wkeyname(k):
        if k.startswith('interface-') and k[10:].isdigit():
            return 'iface:' + ikey[int(k[10:])]
        return k

    def world(i):
        w = worlds[i]
        return {'name': w['name'], 'docs': w.get('docs'), 'stability': w.get('stability'),
                'imports': {wkeyname(k): witem(k, v) for k, v in w['imports'].items()},
                'exports': {wkeyname(k): witem(k, v) for k, v in w['exports'].items()}}

    return {p['name']: {'docs': p.get('docs'),
                        'interfaces': {n: iface(i) for n, i in p['interfaces'].items()},
                        'worlds': {n: world(i) for n, i in p['worlds'].items()}}
            for p in d['packages']}


def diff(a, b, path='', out=None):
    out = [] if out is None else out
    if type(a) is not type(b):
        out.append(f'{path}: {a!r} != {b!r}')
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                out.append(f'{path}/{k}: only in {"second" if k in b else "first"}')
            else:
                diff(a[k], b[k], f'{path}/{k}', out)
    elif isinstance(a, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f'{path}[{i}]', out)
    elif a != b:
        out.append(f'{path}: {json.dumps(a)[:200]} != {json.dumps(b)[:200]}')
    return out


def main():
    a, b = (canon(json.load(open(p, encoding='utf-8'))) for p in sys.argv[1:3])
    if a == b:
        return 0
    for line in diff(a, b)[:20]:
        print(line)
    return 1


if __name__ == '__main__':
    sys.exit(main())
