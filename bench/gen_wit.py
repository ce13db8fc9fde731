#!/usr/bin/env python3
"""Synthesizes a WIT package set for benchmarking the front end.

usage: gen_wit.py OUT_DIR PACKAGES

OUT_DIR receives a root package (bench:root) and deps/pN/ for N in 0..PACKAGES-1, each a
directory of 4 files with 8 interfaces apiece. Every interface defines every type kind
(record, variant, enum, flags, resource with constructor/method/static, tuple, option,
result, list, fixed-length list, map, future, stream, own/borrow handles, aliases), uses
types from an interface in another file of its package, and from the previous package;
each package has a world that imports, exports and includes. About 64 KB of WIT per
package, so 20 packages ~ 1.3 MB and 320 ~ 20 MB. Output is deterministic.
"""
import os
import sys

FILES, IFACES = 4, 8
# Packages use the previous package within groups of GROUP, so dependency chains (and
# thus elaborated worlds) stay bounded and the Resolve grows linearly with the input.
GROUP = 8


def iface(p, f, i):
    n = f"i{f}-{i}"
    uses = []
    if f > 0:
        uses.append(f"    use i{f - 1}-{i}.{{rec as prev-rec, en as prev-en}};\n")
    if p % GROUP:
        uses.append(f"    use bench:p{p - 1}/i{f}-{i}@1.0.0.{{rec as dep-rec, res as dep-res}};\n")
    body = "".join(uses)
    body += f"""
    /// A record with fields of many kinds ({n}).
    record rec {{
        id: u64,
        name: string,
        ratio: f64,
        tags: list<string>,
        pair: tuple<u32, s16>,
        maybe: option<char>,
        digest: list<u8, 32>,
        index: map<string, u32>,
    }}

    /// A variant with and without payloads.
    variant var {{
        none,
        small(u8),
        big(rec),
        text(string),
        nested(list<option<rec>>),
    }}

    enum en {{ alpha, beta, gamma, delta, epsilon }}

    flags fl {{ read, write, exec, append, sync, trunc }}

    type alias = list<tuple<string, option<u64>>>;
    type res-result = result<rec, var>;
    type unit-result = result<_, en>;
    type empty-result = result;
    type ch = stream<u8>;
    type done = future<result<u32, string>>;
    type bare = future;

    /// A resource with every kind of function.
    resource res {{
        constructor(seed: u64);
        get: func(key: string) -> option<rec>;
        put: func(key: string, value: rec) -> result<_, var>;
        merge: func(other: borrow<res>) -> res-result;
        open: static func(name: string) -> result<res, en>;
        drain: async func() -> list<rec>;
    }}

    make: func(a: rec, b: var, c: en, d: fl) -> res;
    inspect: func(r: borrow<res>, %flags: fl) -> tuple<alias, unit-result>;
    pipe: async func(input: ch) -> done;
    nothing: func();
"""
    if f > 0:
        body += "    convert: func(x: prev-rec, y: prev-en) -> rec;\n"
    if p % GROUP:
        body += "    bridge: func(x: dep-rec, y: borrow<dep-res>) -> own<dep-res>;\n"
    return f"/// Interface {n} of package p{p}.\ninterface {n} {{\n{body}}}\n\n"


def package(p, out):
    os.makedirs(out, exist_ok=True)
    for f in range(FILES):
        text = f"package bench:p{p}@1.0.0;\n\n" + "".join(iface(p, f, i) for i in range(IFACES))
        if f == FILES - 1:
            imports = "".join(f"    import i{k}-0;\n" for k in range(FILES))
            text += f"""world w {{
{imports}    import log: func(msg: string);
    export i{FILES - 1}-1;
    export run: func(args: list<string>) -> result<_, string>;
}}

world w2 {{
    include w;
    import extra: interface {{
        ping: func() -> bool;
    }}
}}
"""
        with open(os.path.join(out, f"f{f}.wit"), "w") as fh:
            fh.write(text)


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    for p in range(n):
        package(p, os.path.join(out, "deps", f"p{p}"))
    last = n - 1
    root = f"""package bench:root@1.0.0;

world app {{
    include bench:p{last}/w2@1.0.0;
    import bench:p0/i0-0@1.0.0;
    export bench:p{last}/i3-7@1.0.0;
}}
"""
    with open(os.path.join(out, "root.wit"), "w") as fh:
        fh.write(root)


if __name__ == "__main__":
    main()
