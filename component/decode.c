/* The component binary decoder: bytes → a tree of scopes with their definitions and
 * index spaces.
 *
 * One cursor walks the input; every read checks the bytes it needs against the end of the
 * enclosing section (nested sections shrink that end), so nothing is read out of bounds and
 * every failure names the byte it happened at. Counts are checked against the bytes left
 * before anything is allocated (each item takes at least one byte), which bounds memory by
 * a small multiple of the input. Index spaces are built as the binary defines them: every
 * definition, import, alias and export appends one entry to the space of its sort, and every
 * index read is checked against the space as it is at that point. A type-sort entry carries
 * the type it denotes, already followed through `eq` bounds and aliases, so later readers
 * never chase chains. */
#include "component.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 64 /* nesting of components and component/instance types */

typedef struct rd {
    const uint8_t *data;
    size_t pos;        /* absolute position in data */
    size_t end;        /* end of the current section/payload */
    size_t total;      /* length of the whole input */
    wit_arena *arena;
    cmp_error *err;
    int depth;
    int oom;
} rd;

#define TRY(x)                                                                                 \
    do {                                                                                       \
        if ((x) < 0)                                                                           \
            return -1;                                                                         \
    } while (0)

WIT_PRINTF(3, 4)
static int fail_at(rd *r, size_t off, const char *fmt, ...)
{
    if (r->err && r->err->message[0] == '\0') {
        va_list ap;
        va_start(ap, fmt);
        r->err->offset = off;
        vsnprintf(r->err->message, sizeof r->err->message, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int oom(rd *r)
{
    r->oom = 1;
    return fail_at(r, r->pos, "out of memory");
}

static void *alloc(rd *r, size_t n)
{
    void *p = wit_arena_alloc(r->arena, n ? n : 1);
    if (!p)
        oom(r);
    return p;
}

static size_t left(const rd *r)
{
    return r->end - r->pos;
}

/* ---- primitive reads ------------------------------------------------------------- */

static int read_byte(rd *r, uint8_t *out, const char *what)
{
    *out = 0;
    if (r->pos >= r->end)
        return fail_at(r, r->pos, "expected %s, found end of %s", what,
                       r->end == r->total ? "input" : "section");
    *out = r->data[r->pos++];
    return 0;
}

static int peek_byte(rd *r, uint8_t *out, const char *what)
{
    *out = 0;
    if (r->pos >= r->end)
        return fail_at(r, r->pos, "expected %s, found end of %s", what,
                       r->end == r->total ? "input" : "section");
    *out = r->data[r->pos];
    return 0;
}

/* Unsigned LEB128 of at most `bits` bits (32 or 64). */
static int read_uleb(rd *r, unsigned bits, uint64_t *out, const char *what)
{
    size_t start = r->pos;
    uint64_t v = 0;
    unsigned shift = 0;
    *out = 0;
    unsigned maxbytes = (bits + 6) / 7;
    for (unsigned i = 0;; i++) {
        uint8_t b;
        if (r->pos >= r->end)
            return fail_at(r, r->pos, "expected %s (LEB128), found end of %s", what,
                           r->end == r->total ? "input" : "section");
        b = r->data[r->pos++];
        if (i + 1 == maxbytes) {
            /* last byte: no continuation, and only the bits that still fit */
            unsigned room = bits - shift;
            if (b & 0x80)
                return fail_at(r, start, "%s: LEB128 integer representation too long", what);
            if (room < 7 && (b >> room) != 0)
                return fail_at(r, start, "%s: LEB128 integer too large for u%u", what, bits);
        }
        v |= (uint64_t)(b & 0x7F) << shift;
        shift += 7;
        if (!(b & 0x80))
            break;
    }
    *out = v;
    return 0;
}

static int read_u32(rd *r, uint32_t *out, const char *what)
{
    uint64_t v = 0;
    *out = 0;
    TRY(read_uleb(r, 32, &v, what));
    *out = (uint32_t)v;
    return 0;
}

/* A count of items each taking at least `min_size` bytes: checked against the bytes left. */
static int read_count(rd *r, uint32_t *out, size_t min_size, const char *what)
{
    size_t at = r->pos;
    TRY(read_u32(r, out, what));
    if ((uint64_t)*out * min_size > left(r))
        return fail_at(r, at, "%s %u is larger than the %zu bytes left in the section", what,
                       *out, left(r));
    return 0;
}

static int read_bool(rd *r, bool *out, const char *what)
{
    uint8_t b = 0;
    size_t at = r->pos;
    *out = false;
    TRY(read_byte(r, &b, what));
    if (b > 1)
        return fail_at(r, at, "expected %s (0x00 or 0x01), found 0x%02x", what, b);
    *out = b == 1;
    return 0;
}

/* name ::= len:u32 bytes — valid UTF-8 without NUL, copied into the arena. */
static int read_name(rd *r, const char **out, const char *what)
{
    uint32_t n;
    size_t at = r->pos;
    TRY(read_u32(r, &n, what));
    if (n > left(r))
        return fail_at(r, at, "%s length %u runs past the end of the section (%zu bytes left)",
                       what, n, left(r));
    const uint8_t *s = r->data + r->pos;
    if (!wit_utf8_valid(s, n))
        return fail_at(r, r->pos, "%s is not valid UTF-8", what);
    if (memchr(s, 0, n))
        return fail_at(r, r->pos, "%s contains a NUL byte", what);
    char *c = wit_arena_strndup(r->arena, (const char *)s, n);
    if (!c)
        return oom(r);
    r->pos += n;
    *out = c;
    return 0;
}

static bool is_kebab(const char *s)
{
    /* label ::= word ('-' word)*; word ::= [a-z][a-z0-9]* | [A-Z][A-Z0-9]* */
    const char *p = s;
    if (*p == '%') /* explicit identifier escape is never in binaries, but harmless */
        p++;
    if (!*p)
        return false;
    for (;;) {
        bool lower;
        if (*p >= 'a' && *p <= 'z')
            lower = true;
        else if (*p >= 'A' && *p <= 'Z')
            lower = false;
        else
            return false;
        p++;
        while ((lower && ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))) ||
               (!lower && ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))))
            p++;
        if (*p == '\0')
            return true;
        if (*p != '-')
            return false;
        p++;
    }
}

static int read_label(rd *r, const char **out, const char *what)
{
    size_t at = r->pos;
    TRY(read_name(r, out, what));
    if (!is_kebab(*out))
        return fail_at(r, at, "%s `%s` is not a kebab-case label", what, *out);
    return 0;
}

static cmp_name_kind classify_name(const char *s)
{
    if (strncmp(s, "[constructor]", 13) == 0)
        return CMP_NAME_CONSTRUCTOR;
    if (strncmp(s, "[method]", 8) == 0)
        return CMP_NAME_METHOD;
    if (strncmp(s, "[static]", 8) == 0)
        return CMP_NAME_STATIC;
    if (is_kebab(s))
        return CMP_NAME_LABEL;
    const char *colon = strchr(s, ':');
    const char *slash = strchr(s, '/');
    if (colon && slash && colon < slash && !strchr(s, '='))
        return CMP_NAME_INTERFACE;
    return CMP_NAME_OTHER;
}

/* nameattributes ::= 00 name | 01 name | 02 name vec(attribute) */
static int read_extern_name(rd *r, cmp_extern_name *n)
{
    uint8_t form;
    size_t at = r->pos;
    memset(n, 0, sizeof *n);
    TRY(read_byte(r, &form, "extern name form (0x00, 0x01 or 0x02)"));
    if (form > 2)
        return fail_at(r, at, "expected extern name form 0x00, 0x01 or 0x02, found 0x%02x", form);
    TRY(read_name(r, &n->name, "extern name"));
    if (n->name[0] == '\0')
        return fail_at(r, at, "extern name is empty");
    n->kind = classify_name(n->name);
    if (form == 2) {
        uint32_t count;
        TRY(read_count(r, &count, 2, "attribute count"));
        for (uint32_t i = 0; i < count; i++) {
            uint8_t k;
            const char **slot;
            size_t kat = r->pos;
            TRY(read_byte(r, &k, "name attribute kind"));
            if (k == 0)
                slot = &n->implements;
            else if (k == 1)
                slot = &n->version_suffix;
            else if (k == 2)
                slot = &n->external_id;
            else
                return fail_at(r, kat, "expected name attribute 0x00, 0x01 or 0x02, found 0x%02x", k);
            if (*slot)
                return fail_at(r, kat, "name attribute 0x%02x given twice", k);
            TRY(read_name(r, slot, "name attribute"));
        }
    }
    return 0;
}

/* ---- name sets ------------------------------------------------------------------------
 * Duplicate checks (imports, exports, instantiation arguments) in linear time: an
 * open-addressing set of arena strings, grown by doubling (old tables are left to the arena). */
typedef cmp_name_set_ name_set;

static uint32_t hash_name(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

/* Adds `name`; returns 1 if it was already present, 0 if added, -1 on OOM. */
static int name_set_add(rd *r, name_set *set, const char *name)
{
    if (set->n * 2 >= set->cap) {
        uint32_t ncap = set->cap ? set->cap * 2 : 16;
        const char **ns = wit_arena_alloc(r->arena, sizeof *ns * ncap);
        if (!ns)
            return oom(r);
        for (uint32_t i = 0; i < set->cap; i++) {
            if (!set->slots[i])
                continue;
            uint32_t j = hash_name(set->slots[i]) & (ncap - 1);
            while (ns[j])
                j = (j + 1) & (ncap - 1);
            ns[j] = set->slots[i];
        }
        set->slots = ns;
        set->cap = ncap;
    }
    uint32_t j = hash_name(name) & (set->cap - 1);
    while (set->slots[j]) {
        if (strcmp(set->slots[j], name) == 0)
            return 1;
        j = (j + 1) & (set->cap - 1);
    }
    set->slots[j] = name;
    set->n++;
    return 0;
}

/* Fails with "duplicate <what> `name`" when name is already in the set. */
static int unique_name(rd *r, name_set *set, const char *name, const char *what, size_t at)
{
    int rc = name_set_add(r, set, name);
    if (rc < 0)
        return -1;
    if (rc > 0)
        return fail_at(r, at, "duplicate %s `%s`", what, name);
    return 0;
}

/* ---- scopes and index spaces -------------------------------------------------------- */

static cmp_scope *new_scope(rd *r, cmp_scope_kind kind, cmp_scope *parent, size_t offset)
{
    cmp_scope *s = alloc(r, sizeof *s);
    if (!s)
        return NULL;
    s->kind = kind;
    s->parent = parent;
    s->offset = (uint32_t)offset;
    return s;
}

static int push_def(rd *r, cmp_scope *s, const cmp_def *d)
{
    if (s->ndefs == s->defcap_) {
        uint32_t ncap = s->defcap_ ? s->defcap_ * 2 : 16;
        cmp_def *nd = wit_arena_grow(r->arena, s->defs, s->ndefs, ncap, sizeof *nd);
        if (!nd)
            return oom(r);
        s->defs = nd;
        s->defcap_ = ncap;
    }
    s->defs[s->ndefs++] = *d;
    return 0;
}

/* Appends an entry to `sort`'s index space; the entry's def is the next def of s. */
static int push_item(rd *r, cmp_scope *s, cmp_sort sort, const char *name, const cmp_type *type,
                     uint32_t *index_out)
{
    if (s->count[sort] == UINT32_MAX)
        return fail_at(r, r->pos, "too many %s definitions", cmp_sort_name(sort));
    if (s->count[sort] == s->cap_[sort]) {
        uint32_t ncap = s->cap_[sort] ? s->cap_[sort] * 2 : 16;
        cmp_item *ni = wit_arena_grow(r->arena, s->space[sort], s->count[sort], ncap, sizeof *ni);
        if (!ni)
            return oom(r);
        s->space[sort] = ni;
        s->cap_[sort] = ncap;
    }
    cmp_item *it = &s->space[sort][s->count[sort]];
    it->def = s->ndefs;
    it->name = name;
    it->type = type;
    if (index_out)
        *index_out = s->count[sort];
    s->count[sort]++;
    return 0;
}

const cmp_item *cmp_scope_item(const cmp_scope *s, cmp_sort sort, uint32_t index)
{
    if (!s || sort >= CMP_SORT_COUNT || index >= s->count[sort])
        return NULL;
    return &s->space[sort][index];
}

const cmp_type *cmp_scope_type(const cmp_scope *s, uint32_t index)
{
    const cmp_item *it = cmp_scope_item(s, CMP_SORT_TYPE, index);
    return it ? it->type : NULL;
}

static int check_index(rd *r, const cmp_scope *s, cmp_sort sort, uint32_t idx, size_t at)
{
    if (idx >= s->count[sort])
        return fail_at(r, at, "%s index %u out of range (%u defined so far)", cmp_sort_name(sort),
                       idx, s->count[sort]);
    return 0;
}

static int read_index(rd *r, const cmp_scope *s, cmp_sort sort, uint32_t *out)
{
    static const char *const what[] = {
        "core func index", "core table index", "core memory index", "core global index",
        "core tag index", "core type index", "core module index", "core instance index",
        "func index", "value index", "type index", "component index", "instance index",
    };
    size_t at = r->pos;
    TRY(read_u32(r, out, what[sort]));
    return check_index(r, s, sort, *out, at);
}

static bool is_valtype_kind(cmp_type_kind k)
{
    return k <= CMP_TYPE_MAP || k == CMP_TYPE_UNKNOWN;
}

static bool is_resource_kind(cmp_type_kind k)
{
    return k == CMP_TYPE_RESOURCE || k == CMP_TYPE_ABSTRACT_RESOURCE || k == CMP_TYPE_UNKNOWN;
}

/* A type index that must denote a type of kind `want` (UNKNOWN passes). */
static int read_type_index_of(rd *r, const cmp_scope *s, cmp_type_kind want, const char *what,
                              uint32_t *out)
{
    size_t at = r->pos;
    TRY(read_index(r, s, CMP_SORT_TYPE, out));
    const cmp_type *t = cmp_scope_type(s, *out);
    if (t->kind != want && t->kind != CMP_TYPE_UNKNOWN)
        return fail_at(r, at, "type index %u is not %s", *out, what);
    return 0;
}

/* ---- value types ------------------------------------------------------------------------ */

static cmp_prim prim_of(uint8_t b)
{
    if (b >= 0x73 && b <= 0x7F)
        return (cmp_prim)(CMP_PRIM_BOOL + (0x7F - b));
    if (b == 0x64)
        return CMP_PRIM_ERROR_CONTEXT;
    return CMP_PRIM_NONE;
}

/* valtype ::= primvaltype | typeidx as s33 (non-negative) */
static int read_valtype(rd *r, const cmp_scope *s, cmp_valtype *out)
{
    size_t at = r->pos;
    uint8_t b;
    TRY(peek_byte(r, &b, "value type"));
    if (!(b & 0x80) && (b & 0x40)) { /* one-byte negative s33: a primitive or nothing */
        r->pos++;
        out->prim = prim_of(b);
        out->index = 0;
        if (out->prim == CMP_PRIM_NONE)
            return fail_at(r, at, "expected a value type, found 0x%02x", b);
        return 0;
    }
    /* s33 type index: at most 5 bytes, must be non-negative and fit u32 */
    uint64_t v = 0;
    unsigned shift = 0;
    for (unsigned i = 0;; i++) {
        TRY(read_byte(r, &b, "value type index (s33)"));
        v |= (uint64_t)(b & 0x7F) << shift;
        shift += 7;
        if (i == 4) {
            if (b & 0x80)
                return fail_at(r, at, "value type index: LEB128 representation too long");
            /* 33 bits: bits 28..34 of this byte; bit 32 is the sign, higher must match it */
            if ((b & 0x70) != 0)
                return fail_at(r, at, "value type index out of range (negative or > 2^32-1)");
            break;
        }
        if (!(b & 0x80)) {
            if (b & 0x40)
                return fail_at(r, at, "value type: negative type index");
            break;
        }
    }
    out->prim = CMP_PRIM_NONE;
    out->index = (uint32_t)v;
    TRY(check_index(r, s, CMP_SORT_TYPE, out->index, at));
    const cmp_type *t = cmp_scope_type(s, out->index);
    if (!is_valtype_kind(t->kind))
        return fail_at(r, at, "type index %u used as a value type is not a value type", out->index);
    return 0;
}

static int read_opt_valtype(rd *r, const cmp_scope *s, bool *has, cmp_valtype *out)
{
    TRY(read_bool(r, has, "optional value type marker"));
    if (*has)
        TRY(read_valtype(r, s, out));
    return 0;
}

/* resultlist ::= 00 valtype | 01 00 */
static int read_resultlist(rd *r, const cmp_scope *s, bool *has, cmp_valtype *out)
{
    uint8_t b;
    size_t at = r->pos;
    TRY(read_byte(r, &b, "result list (0x00 or 0x01)"));
    if (b == 0) {
        *has = true;
        return read_valtype(r, s, out);
    }
    if (b != 1)
        return fail_at(r, at, "expected result list 0x00 or 0x01, found 0x%02x", b);
    uint32_t n;
    at = r->pos;
    TRY(read_u32(r, &n, "named result count"));
    if (n != 0)
        return fail_at(r, at, "named function results are not supported (count %u)", n);
    *has = false;
    return 0;
}

static cmp_type *new_type(rd *r, cmp_type_kind kind, const cmp_scope *s, size_t at)
{
    cmp_type *t = alloc(r, sizeof *t);
    if (t) {
        t->kind = kind;
        t->scope = s;
        t->offset = (uint32_t)at;
    }
    return t;
}

static int read_labels(rd *r, uint32_t min, uint32_t max, const char *what, uint32_t *n,
                       const char ***names)
{
    size_t at = r->pos;
    TRY(read_count(r, n, 1, what));
    if (*n < min || *n > max)
        return fail_at(r, at, "%s: %u labels, expected %u to %u", what, *n, min, max);
    *names = alloc(r, sizeof **names * *n);
    if (!*names)
        return -1;
    for (uint32_t i = 0; i < *n; i++)
        TRY(read_label(r, &(*names)[i], "label"));
    return 0;
}

static int read_scope_body(rd *r, cmp_scope *s);

/* defvaltype and the other deftype forms after the opcode byte has been peeked. */
static int read_deftype(rd *r, cmp_scope *s, cmp_type **out)
{
    size_t at = r->pos;
    uint8_t op;
    cmp_type *t = NULL;
    TRY(read_byte(r, &op, "type definition"));
    cmp_prim p = prim_of(op);
    if (p != CMP_PRIM_NONE) {
        if (!(t = new_type(r, CMP_TYPE_PRIM, s, at)))
            return -1;
        t->u.prim = p;
        *out = t;
        return 0;
    }
    switch (op) {
    case 0x72: { /* record */
        uint32_t n;
        size_t cat = r->pos;
        if (!(t = new_type(r, CMP_TYPE_RECORD, s, at)))
            return -1;
        TRY(read_count(r, &n, 2, "record field count"));
        if (n == 0)
            return fail_at(r, cat, "record type has no fields");
        if (!(t->u.record.fields = alloc(r, sizeof(cmp_field) * n)))
            return -1;
        t->u.record.n = n;
        for (uint32_t i = 0; i < n; i++) {
            TRY(read_label(r, &t->u.record.fields[i].name, "record field name"));
            TRY(read_valtype(r, s, &t->u.record.fields[i].type));
        }
        break;
    }
    case 0x71: { /* variant */
        uint32_t n;
        size_t cat = r->pos;
        if (!(t = new_type(r, CMP_TYPE_VARIANT, s, at)))
            return -1;
        TRY(read_count(r, &n, 3, "variant case count"));
        if (n == 0)
            return fail_at(r, cat, "variant type has no cases");
        if (!(t->u.variant.cases = alloc(r, sizeof(cmp_case) * n)))
            return -1;
        t->u.variant.n = n;
        for (uint32_t i = 0; i < n; i++) {
            cmp_case *c = &t->u.variant.cases[i];
            uint8_t refines;
            size_t rat;
            TRY(read_label(r, &c->name, "variant case name"));
            TRY(read_opt_valtype(r, s, &c->has_type, &c->type));
            rat = r->pos;
            TRY(read_byte(r, &refines, "variant case terminator 0x00"));
            if (refines != 0)
                return fail_at(r, rat, "expected variant case terminator 0x00, found 0x%02x "
                               "(`refines` is not supported)", refines);
        }
        break;
    }
    case 0x70: /* list */
    case 0x67: /* fixed-length list */
        if (!(t = new_type(r, CMP_TYPE_LIST, s, at)))
            return -1;
        TRY(read_valtype(r, s, &t->u.list.elem));
        if (op == 0x67) {
            size_t lat = r->pos;
            TRY(read_u32(r, &t->u.list.fixed_len, "fixed list length"));
            if (t->u.list.fixed_len == 0)
                return fail_at(r, lat, "fixed-length list has length 0");
        }
        break;
    case 0x6F: { /* tuple */
        uint32_t n;
        size_t cat = r->pos;
        if (!(t = new_type(r, CMP_TYPE_TUPLE, s, at)))
            return -1;
        TRY(read_count(r, &n, 1, "tuple length"));
        if (n == 0)
            return fail_at(r, cat, "tuple type is empty");
        if (!(t->u.tuple.types = alloc(r, sizeof(cmp_valtype) * n)))
            return -1;
        t->u.tuple.n = n;
        for (uint32_t i = 0; i < n; i++)
            TRY(read_valtype(r, s, &t->u.tuple.types[i]));
        break;
    }
    case 0x6E: /* flags */
        if (!(t = new_type(r, CMP_TYPE_FLAGS, s, at)))
            return -1;
        TRY(read_labels(r, 1, 32, "flags", &t->u.labels.n, &t->u.labels.names));
        break;
    case 0x6D: /* enum */
        if (!(t = new_type(r, CMP_TYPE_ENUM, s, at)))
            return -1;
        TRY(read_labels(r, 1, UINT32_MAX, "enum", &t->u.labels.n, &t->u.labels.names));
        break;
    case 0x6B: /* option */
        if (!(t = new_type(r, CMP_TYPE_OPTION, s, at)))
            return -1;
        TRY(read_valtype(r, s, &t->u.option));
        break;
    case 0x6A: /* result */
        if (!(t = new_type(r, CMP_TYPE_RESULT, s, at)))
            return -1;
        TRY(read_opt_valtype(r, s, &t->u.result.has_ok, &t->u.result.ok));
        TRY(read_opt_valtype(r, s, &t->u.result.has_err, &t->u.result.err));
        break;
    case 0x69: /* own */
    case 0x68: { /* borrow */
        size_t iat = r->pos;
        if (!(t = new_type(r, op == 0x69 ? CMP_TYPE_OWN : CMP_TYPE_BORROW, s, at)))
            return -1;
        TRY(read_index(r, s, CMP_SORT_TYPE, &t->u.handle));
        if (!is_resource_kind(cmp_scope_type(s, t->u.handle)->kind))
            return fail_at(r, iat, "%s of type index %u, which is not a resource",
                           op == 0x69 ? "own" : "borrow", t->u.handle);
        break;
    }
    case 0x66: /* stream */
    case 0x65: /* future */
        if (!(t = new_type(r, op == 0x66 ? CMP_TYPE_STREAM : CMP_TYPE_FUTURE, s, at)))
            return -1;
        TRY(read_opt_valtype(r, s, &t->u.async_payload.has, &t->u.async_payload.elem));
        break;
    case 0x63: /* map */
        if (!(t = new_type(r, CMP_TYPE_MAP, s, at)))
            return -1;
        TRY(read_valtype(r, s, &t->u.map.key));
        TRY(read_valtype(r, s, &t->u.map.value));
        break;
    case 0x40: /* func */
    case 0x43: { /* async func */
        uint32_t n;
        if (!(t = new_type(r, CMP_TYPE_FUNC, s, at)))
            return -1;
        t->u.func.async = op == 0x43;
        TRY(read_count(r, &n, 2, "parameter count"));
        if (!(t->u.func.params = alloc(r, sizeof(cmp_field) * n)))
            return -1;
        t->u.func.nparams = n;
        for (uint32_t i = 0; i < n; i++) {
            TRY(read_label(r, &t->u.func.params[i].name, "parameter name"));
            TRY(read_valtype(r, s, &t->u.func.params[i].type));
        }
        TRY(read_resultlist(r, s, &t->u.func.has_result, &t->u.func.result));
        break;
    }
    case 0x41: /* component type */
    case 0x42: { /* instance type */
        if (r->depth >= MAX_DEPTH)
            return fail_at(r, at, "types nested deeper than %d levels", MAX_DEPTH);
        if (!(t = new_type(r, op == 0x41 ? CMP_TYPE_COMPONENT : CMP_TYPE_INSTANCE, s, at)))
            return -1;
        cmp_scope *body = new_scope(r, op == 0x41 ? CMP_SCOPE_COMPONENT_TYPE : CMP_SCOPE_INSTANCE_TYPE,
                                    s, at);
        if (!body)
            return -1;
        t->u.body = body;
        r->depth++;
        int rc = read_scope_body(r, body);
        r->depth--;
        TRY(rc);
        break;
    }
    case 0x3F: /* resource (rep) (dtor)? */
    case 0x3E: { /* resource with async dtor and optional callback */
        uint8_t rep;
        size_t rat = r->pos;
        if (s->kind != CMP_SCOPE_COMPONENT)
            return fail_at(r, at, "resource definitions are not allowed inside component or "
                           "instance types");
        if (!(t = new_type(r, CMP_TYPE_RESOURCE, s, at)))
            return -1;
        TRY(read_byte(r, &rep, "resource representation type"));
        if (rep != 0x7F && rep != 0x7E)
            return fail_at(r, rat, "resource representation must be i32 (0x7f) or i64 (0x7e), "
                           "found 0x%02x", rep);
        t->u.resource.rep = rep;
        if (op == 0x3F) {
            TRY(read_bool(r, &t->u.resource.has_dtor, "resource destructor marker"));
            if (t->u.resource.has_dtor)
                TRY(read_index(r, s, CMP_SORT_CORE_FUNC, &t->u.resource.dtor));
        } else {
            t->u.resource.has_dtor = true;
            t->u.resource.async_dtor = true;
            TRY(read_index(r, s, CMP_SORT_CORE_FUNC, &t->u.resource.dtor));
            TRY(read_bool(r, &t->u.resource.has_callback, "resource callback marker"));
            if (t->u.resource.has_callback)
                TRY(read_index(r, s, CMP_SORT_CORE_FUNC, &t->u.resource.callback));
        }
        break;
    }
    case 0x6C:
        return fail_at(r, at, "union types (0x6c) were removed from the component model");
    default:
        return fail_at(r, at, "expected a type definition, found opcode 0x%02x", op);
    }
    *out = t;
    return 0;
}

static int core_sort_of(uint8_t b, cmp_sort *out);

/* ---- core types ----------------------------------------------------------------------------- */

static int read_core_valtype(rd *r, uint8_t *out)
{
    size_t at = r->pos;
    TRY(read_byte(r, out, "core value type"));
    switch (*out) {
    case 0x7F: case 0x7E: case 0x7D: case 0x7C: case 0x7B: case 0x70: case 0x6F:
        return 0;
    default:
        return fail_at(r, at, "expected a core value type (i32, i64, f32, f64, v128, funcref, "
                       "externref), found 0x%02x", *out);
    }
}

static int read_core_functype(rd *r, cmp_type *t)
{
    uint32_t n;
    TRY(read_count(r, &n, 1, "core parameter count"));
    if (!(t->u.core_func.params = alloc(r, n)))
        return -1;
    t->u.core_func.nparams = n;
    for (uint32_t i = 0; i < n; i++)
        TRY(read_core_valtype(r, &t->u.core_func.params[i]));
    TRY(read_count(r, &n, 1, "core result count"));
    if (!(t->u.core_func.results = alloc(r, n)))
        return -1;
    t->u.core_func.nresults = n;
    for (uint32_t i = 0; i < n; i++)
        TRY(read_core_valtype(r, &t->u.core_func.results[i]));
    return 0;
}

static int read_limits(rd *r, bool memory)
{
    uint8_t flags;
    uint64_t v;
    size_t at = r->pos;
    TRY(read_byte(r, &flags, "limits flags"));
    /* bit 0: has maximum; bit 1: shared (memories); bit 2: 64-bit; bit 3: page size (memories) */
    if (memory ? flags > 0x0F : (flags & ~0x05u) != 0)
        return fail_at(r, at, "invalid %s limits flags 0x%02x", memory ? "memory" : "table", flags);
    unsigned bits = (flags & 0x04) ? 64 : 32;
    TRY(read_uleb(r, bits, &v, "limits minimum"));
    if (flags & 0x01)
        TRY(read_uleb(r, bits, &v, "limits maximum"));
    if (flags & 0x08) {
        uint32_t log2;
        TRY(read_u32(r, &log2, "memory page size"));
    }
    return 0;
}

/* core:importdesc; `ntypes` bounds the core type indices (UINT32_MAX: not checked). */
static int read_core_importdesc(rd *r, uint32_t ntypes, cmp_sort *kind_out, uint32_t *type_out)
{
    uint8_t kind, b;
    uint32_t idx = 0;
    size_t at = r->pos;
    TRY(read_byte(r, &kind, "core import kind"));
    if (kind <= 0x04)
        core_sort_of(kind, kind_out);
    switch (kind) {
    case 0x00: /* func */
        at = r->pos;
        TRY(read_u32(r, &idx, "core type index"));
        if (idx >= ntypes)
            return fail_at(r, at, "core type index %u out of range (%u defined)", idx, ntypes);
        *type_out = idx;
        return 0;
    case 0x01: /* table */
        at = r->pos;
        TRY(read_byte(r, &b, "table element type"));
        if (b != 0x70 && b != 0x6F)
            return fail_at(r, at, "expected table element type funcref or externref, found 0x%02x", b);
        return read_limits(r, false);
    case 0x02:
        return read_limits(r, true);
    case 0x03:
        TRY(read_core_valtype(r, &b));
        {
            bool mut;
            return read_bool(r, &mut, "global mutability");
        }
    case 0x04:
        at = r->pos;
        TRY(read_byte(r, &b, "tag attribute 0x00"));
        if (b != 0)
            return fail_at(r, at, "expected tag attribute 0x00, found 0x%02x", b);
        at = r->pos;
        TRY(read_u32(r, &idx, "core type index"));
        if (idx >= ntypes)
            return fail_at(r, at, "core type index %u out of range (%u defined)", idx, ntypes);
        *type_out = idx;
        return 0;
    default:
        return fail_at(r, at, "expected a core import kind 0x00..0x04, found 0x%02x", kind);
    }
}

/* core:type ::= 0x60 functype | 0x50 moduletype (GC forms are rejected) */
static int read_core_type(rd *r, const cmp_scope *s, bool allow_module, cmp_type **out)
{
    size_t at = r->pos;
    uint8_t op;
    cmp_type *t = NULL;
    TRY(read_byte(r, &op, "core type"));
    if (op == 0x60) {
        if (!(t = new_type(r, CMP_TYPE_CORE_FUNC, s, at)))
            return -1;
        TRY(read_core_functype(r, t));
    } else if (op == 0x50 && allow_module) {
        uint32_t n, ntypes = 0;
        if (!(t = new_type(r, CMP_TYPE_CORE_MODULE, s, at)))
            return -1;
        TRY(read_count(r, &n, 2, "module type declaration count"));
        for (uint32_t i = 0; i < n; i++) {
            uint8_t d;
            size_t dat = r->pos;
            const char *nm;
            cmp_sort ik;
            uint32_t itype;
            TRY(read_byte(r, &d, "module type declaration"));
            switch (d) {
            case 0x00: /* import */
                TRY(read_name(r, &nm, "core import module name"));
                TRY(read_name(r, &nm, "core import field name"));
                TRY(read_core_importdesc(r, ntypes, &ik, &itype));
                t->u.core_module.nimports++;
                break;
            case 0x01: { /* type */
                cmp_type *inner;
                TRY(read_core_type(r, s, false, &inner));
                ntypes++;
                break;
            }
            case 0x02: { /* alias outer core type */
                uint8_t sort, tgt;
                uint32_t count, idx;
                size_t sat = r->pos;
                TRY(read_byte(r, &sort, "core alias sort"));
                if (sort != 0x10)
                    return fail_at(r, sat, "module type aliases must be of sort type (0x10), found 0x%02x", sort);
                sat = r->pos;
                TRY(read_byte(r, &tgt, "core alias target"));
                if (tgt != 0x01)
                    return fail_at(r, sat, "module type aliases must be outer aliases (0x01), found 0x%02x", tgt);
                sat = r->pos;
                TRY(read_u32(r, &count, "outer alias count"));
                if (count != 1)
                    return fail_at(r, sat, "module type outer alias count must be 1, found %u", count);
                TRY(read_index(r, s, CMP_SORT_CORE_TYPE, &idx));
                ntypes++;
                break;
            }
            case 0x03: /* export */
                TRY(read_name(r, &nm, "core export name"));
                TRY(read_core_importdesc(r, ntypes, &ik, &itype));
                t->u.core_module.nexports++;
                break;
            default:
                return fail_at(r, dat, "expected a module type declaration 0x00..0x03, found 0x%02x", d);
            }
        }
    } else if (op == 0x4E || op == 0x4F || op == 0x50 || op == 0x5F || op == 0x5E ||
               op == 0x00) {
        return fail_at(r, at, "GC core types (opcode 0x%02x) are not supported", op);
    } else {
        return fail_at(r, at, "expected a core type (0x60 func or 0x50 module), found 0x%02x", op);
    }
    *out = t;
    return 0;
}

/* ---- sorts and extern descriptions --------------------------------------------------------------- */

static int core_sort_of(uint8_t b, cmp_sort *out)
{
    switch (b) {
    case 0x00: *out = CMP_SORT_CORE_FUNC; return 0;
    case 0x01: *out = CMP_SORT_CORE_TABLE; return 0;
    case 0x02: *out = CMP_SORT_CORE_MEMORY; return 0;
    case 0x03: *out = CMP_SORT_CORE_GLOBAL; return 0;
    case 0x04: *out = CMP_SORT_CORE_TAG; return 0;
    case 0x10: *out = CMP_SORT_CORE_TYPE; return 0;
    case 0x11: *out = CMP_SORT_CORE_MODULE; return 0;
    case 0x12: *out = CMP_SORT_CORE_INSTANCE; return 0;
    default: return -1;
    }
}

static int read_core_sort(rd *r, cmp_sort *out)
{
    *out = CMP_SORT_NONE;
    uint8_t b;
    size_t at = r->pos;
    TRY(read_byte(r, &b, "core sort"));
    if (core_sort_of(b, out) < 0)
        return fail_at(r, at, "expected a core sort, found 0x%02x", b);
    return 0;
}

/* sort ::= 00 core:sort | 01 func | 02 value | 03 type | 04 component | 05 instance */
static int read_sort(rd *r, cmp_sort *out)
{
    *out = CMP_SORT_NONE;
    uint8_t b;
    size_t at = r->pos;
    TRY(read_byte(r, &b, "sort"));
    switch (b) {
    case 0x00: return read_core_sort(r, out);
    case 0x01: *out = CMP_SORT_FUNC; return 0;
    case 0x02: *out = CMP_SORT_VALUE; return 0;
    case 0x03: *out = CMP_SORT_TYPE; return 0;
    case 0x04: *out = CMP_SORT_COMPONENT; return 0;
    case 0x05: *out = CMP_SORT_INSTANCE; return 0;
    default: return fail_at(r, at, "expected a sort 0x00..0x05, found 0x%02x", b);
    }
}

static int read_sortidx(rd *r, const cmp_scope *s, cmp_sortidx *out)
{
    TRY(read_sort(r, &out->sort));
    return read_index(r, s, out->sort, &out->index);
}

/* externdesc ::= 00 11 coretypeidx | 01 typeidx | 02 valuebound | 03 typebound
 *              | 04 typeidx (component) | 05 typeidx (instance) */
static int read_externdesc(rd *r, const cmp_scope *s, cmp_externdesc *d)
{
    uint8_t b;
    size_t at = r->pos;
    memset(d, 0, sizeof *d);
    TRY(read_byte(r, &b, "extern description"));
    switch (b) {
    case 0x00: {
        uint8_t c;
        size_t cat = r->pos;
        TRY(read_byte(r, &c, "core module sort 0x11"));
        if (c != 0x11)
            return fail_at(r, cat, "expected core sort module (0x11) in extern description, found 0x%02x", c);
        d->sort = CMP_SORT_CORE_MODULE;
        cat = r->pos;
        TRY(read_index(r, s, CMP_SORT_CORE_TYPE, &d->type));
        if (cmp_scope_item(s, CMP_SORT_CORE_TYPE, d->type)->type->kind != CMP_TYPE_CORE_MODULE)
            return fail_at(r, cat, "core type index %u is not a module type", d->type);
        return 0;
    }
    case 0x01:
        d->sort = CMP_SORT_FUNC;
        return read_type_index_of(r, s, CMP_TYPE_FUNC, "a function type", &d->type);
    case 0x02: {
        uint8_t vb;
        size_t vat = r->pos;
        d->sort = CMP_SORT_VALUE;
        TRY(read_byte(r, &vb, "value bound"));
        if (vb == 0x00)
            return read_index(r, s, CMP_SORT_VALUE, &d->type);
        if (vb == 0x01)
            return read_valtype(r, s, &d->value);
        return fail_at(r, vat, "expected value bound 0x00 or 0x01, found 0x%02x", vb);
    }
    case 0x03: {
        uint8_t tb;
        size_t tat = r->pos;
        d->sort = CMP_SORT_TYPE;
        TRY(read_byte(r, &tb, "type bound"));
        if (tb == 0x00) {
            d->eq = true;
            return read_index(r, s, CMP_SORT_TYPE, &d->type);
        }
        if (tb == 0x01)
            return 0;
        return fail_at(r, tat, "expected type bound 0x00 (eq) or 0x01 (sub resource), found 0x%02x", tb);
    }
    case 0x04:
        d->sort = CMP_SORT_COMPONENT;
        return read_type_index_of(r, s, CMP_TYPE_COMPONENT, "a component type", &d->type);
    case 0x05:
        d->sort = CMP_SORT_INSTANCE;
        return read_type_index_of(r, s, CMP_TYPE_INSTANCE, "an instance type", &d->type);
    default:
        return fail_at(r, at, "expected an extern description 0x00..0x05, found 0x%02x", b);
    }
}

/* The item an import/export declaration appends for `desc`. */
static int push_extern(rd *r, cmp_scope *s, const cmp_extern_name *name, const cmp_externdesc *d,
                       size_t at, uint32_t *index)
{
    const cmp_type *t = NULL;
    switch (d->sort) {
    case CMP_SORT_TYPE:
        if (d->eq) {
            t = cmp_scope_type(s, d->type);
        } else {
            cmp_type *nt = new_type(r, CMP_TYPE_ABSTRACT_RESOURCE, s, at);
            if (!nt)
                return -1;
            nt->u.unknown = name->name;
            t = nt;
        }
        break;
    case CMP_SORT_FUNC:
    case CMP_SORT_COMPONENT:
    case CMP_SORT_INSTANCE:
        t = cmp_scope_type(s, d->type);
        break;
    case CMP_SORT_CORE_MODULE:
        t = cmp_scope_item(s, CMP_SORT_CORE_TYPE, d->type)->type;
        break;
    default:
        break;
    }
    return push_item(r, s, d->sort, name->name, t, index);
}

/* ---- aliases ------------------------------------------------------------------------------- */

int cmp_instance_export(const cmp_scope *s, uint32_t instance, const char *name,
                        const cmp_scope **where, cmp_sortidx *item)
{
    const cmp_item *it = cmp_scope_item(s, CMP_SORT_INSTANCE, instance);
    const cmp_scope *body = NULL;
    if (!it)
        return -1;
    if (it->type && it->type->kind == CMP_TYPE_INSTANCE) {
        body = it->type->u.body;
    } else if (it->def < s->ndefs && s->defs[it->def].kind == CMP_DEF_INSTANCE) {
        const cmp_def *d = &s->defs[it->def];
        if (!d->u.instance.instantiate) {
            for (uint32_t i = 0; i < d->u.instance.nargs; i++) {
                if (strcmp(d->u.instance.args[i].name, name) == 0) {
                    *where = s;
                    *item = d->u.instance.args[i].item;
                    return 1;
                }
            }
            return -1;
        }
        const cmp_item *c = cmp_scope_item(s, CMP_SORT_COMPONENT, d->u.instance.component);
        if (c && c->def < s->ndefs && s->defs[c->def].kind == CMP_DEF_COMPONENT)
            body = s->defs[c->def].u.component;
        else if (c && c->type && c->type->kind == CMP_TYPE_COMPONENT)
            body = c->type->u.body;
    }
    if (!body)
        return 0;
    for (uint32_t i = 0; i < body->ndefs; i++) {
        const cmp_def *d = &body->defs[i];
        if (d->kind == CMP_DEF_EXPORT && strcmp(d->u.export.name.name, name) == 0) {
            *where = body;
            item->sort = d->sort;
            item->index = d->index;
            return 1;
        }
    }
    return -1;
}

/* cmp_instance_export with the decoder's error: 1 found (sort and type of the export),
 * 0 unknown, -1 (error set) not exported. */
static int find_instance_export(rd *r, const cmp_scope *s, uint32_t inst, const char *name,
                                size_t at, cmp_sort *sort, const cmp_type **type)
{
    const cmp_scope *where;
    cmp_sortidx item;
    int rc = cmp_instance_export(s, inst, name, &where, &item);
    if (rc < 0)
        return fail_at(r, at, "instance %u has no export named `%s`", inst, name);
    if (rc == 1) {
        const cmp_item *x = cmp_scope_item(where, item.sort, item.index);
        *sort = item.sort;
        *type = x ? x->type : NULL;
    }
    return rc;
}

/* The exports of core instance `inst` of s, when known: a bag's items, or the export
 * section of the module it instantiates. */
static bool core_instance_exports(const cmp_scope *s, uint32_t inst, const cmp_arg **list, uint32_t *n)
{
    const cmp_item *it = cmp_scope_item(s, CMP_SORT_CORE_INSTANCE, inst);
    if (!it || it->def >= s->ndefs || s->defs[it->def].kind != CMP_DEF_CORE_INSTANCE)
        return false;
    const cmp_def *d = &s->defs[it->def];
    if (d->u.core_instance.instantiate) {
        const cmp_item *m = cmp_scope_item(s, CMP_SORT_CORE_MODULE, d->u.core_instance.module);
        if (!m || m->def >= s->ndefs || s->defs[m->def].kind != CMP_DEF_CORE_MODULE)
            return false;
        *list = s->defs[m->def].u.module.exports;
        *n = s->defs[m->def].u.module.nexports;
    } else {
        *list = d->u.core_instance.args;
        *n = d->u.core_instance.nargs;
    }
    return true;
}

/* Looks up export `name` of core instance `inst`: 1 found (sort set), 0 exports unknown,
 * -1 (error set) not exported. */
static int find_core_export(rd *r, const cmp_scope *s, uint32_t inst, const char *name, size_t at,
                            cmp_sort *sort)
{
    const cmp_arg *list;
    uint32_t n;
    if (!core_instance_exports(s, inst, &list, &n))
        return 0;
    for (uint32_t i = 0; i < n; i++) {
        if (strcmp(list[i].name, name) == 0) {
            *sort = list[i].item.sort;
            return 1;
        }
    }
    return fail_at(r, at, "core instance %u has no export named `%s`", inst, name);
}

const cmp_type *cmp_core_func_type_of(const cmp_scope *s, uint32_t f)
{
    const cmp_item *it = cmp_scope_item(s, CMP_SORT_CORE_FUNC, f);
    if (!it || it->def >= s->ndefs)
        return NULL;
    const cmp_def *d = &s->defs[it->def];
    if (d->kind != CMP_DEF_ALIAS || d->u.alias.kind != CMP_ALIAS_CORE_EXPORT)
        return NULL;
    const cmp_item *ci = cmp_scope_item(s, CMP_SORT_CORE_INSTANCE, d->u.alias.instance);
    if (!ci || ci->def >= s->ndefs || !s->defs[ci->def].u.core_instance.instantiate)
        return NULL;
    const cmp_item *m = cmp_scope_item(s, CMP_SORT_CORE_MODULE, s->defs[ci->def].u.core_instance.module);
    if (!m || m->def >= s->ndefs || s->defs[m->def].kind != CMP_DEF_CORE_MODULE)
        return NULL;
    const cmp_def *md = &s->defs[m->def];
    for (uint32_t i = 0; i < md->u.module.nexports; i++)
        if (md->u.module.exports[i].item.sort == CMP_SORT_CORE_FUNC &&
            strcmp(md->u.module.exports[i].name, d->u.alias.name) == 0)
            return cmp_core_func_type(md, md->u.module.exports[i].item.index);
    return NULL;
}

static bool core_func_types_equal(const cmp_type *a, const cmp_type *b)
{
    return a->u.core_func.nparams == b->u.core_func.nparams &&
           a->u.core_func.nresults == b->u.core_func.nresults &&
           memcmp(a->u.core_func.params, b->u.core_func.params, a->u.core_func.nparams) == 0 &&
           memcmp(a->u.core_func.results, b->u.core_func.results, a->u.core_func.nresults) == 0;
}

/* core instantiate: every import of the module is satisfied by the argument named after its
 * module, with an export of that field and kind where the argument's exports are known, and
 * of the same function type where both types are known. */
static int check_core_instantiate(rd *r, const cmp_scope *s, const cmp_def *d, size_t at)
{
    const cmp_item *m = cmp_scope_item(s, CMP_SORT_CORE_MODULE, d->u.core_instance.module);
    if (!m || m->def >= s->ndefs || s->defs[m->def].kind != CMP_DEF_CORE_MODULE)
        return 0; /* an imported or aliased module: its imports are not known here */
    const cmp_def *md = &s->defs[m->def];
    for (uint32_t i = 0; i < md->u.module.nimports; i++) {
        const cmp_core_import *im = &md->u.module.imports[i];
        const cmp_arg *arg = NULL;
        const cmp_arg *list;
        uint32_t n;
        for (uint32_t j = 0; j < d->u.core_instance.nargs && !arg; j++)
            if (strcmp(d->u.core_instance.args[j].name, im->module) == 0)
                arg = &d->u.core_instance.args[j];
        if (!arg)
            return fail_at(r, at, "core module %u imports `%s` from `%s`, but no instantiation "
                           "argument is named `%s`", d->u.core_instance.module, im->field,
                           im->module, im->module);
        if (!core_instance_exports(s, arg->item.index, &list, &n))
            continue;
        const cmp_arg *e = NULL;
        for (uint32_t j = 0; j < n && !e; j++)
            if (strcmp(list[j].name, im->field) == 0)
                e = &list[j];
        if (!e)
            return fail_at(r, at, "core module %u imports `%s` from `%s`, which core instance %u "
                           "does not export", d->u.core_instance.module, im->field, im->module,
                           arg->item.index);
        if (e->item.sort != im->kind)
            return fail_at(r, at, "core module %u imports `%s` from `%s` as a %s, but core "
                           "instance %u exports a %s", d->u.core_instance.module, im->field,
                           im->module, cmp_sort_name(im->kind), arg->item.index,
                           cmp_sort_name(e->item.sort));
        if (im->kind != CMP_SORT_CORE_FUNC || im->type >= md->u.module.ntypes)
            continue;
        const cmp_type *want = md->u.module.types[im->type], *have = NULL;
        const cmp_item *ai = cmp_scope_item(s, CMP_SORT_CORE_INSTANCE, arg->item.index);
        if (s->defs[ai->def].u.core_instance.instantiate) {
            /* e is the other module's export entry: index into its function space */
            const cmp_item *om = cmp_scope_item(s, CMP_SORT_CORE_MODULE,
                                                s->defs[ai->def].u.core_instance.module);
            have = cmp_core_func_type(&s->defs[om->def], e->item.index);
        } else {
            have = cmp_core_func_type_of(s, e->item.index);
        }
        if (have && !core_func_types_equal(want, have))
            return fail_at(r, at, "core module %u imports function `%s` from `%s` with a "
                           "different type than the one supplied", d->u.core_instance.module,
                           im->field, im->module);
    }
    return 0;
}

/* alias ::= sort (00 instanceidx name | 01 coreinstanceidx name | 02 count idx) */
static int read_alias(rd *r, cmp_scope *s, size_t at)
{
    cmp_def d;
    uint8_t tgt;
    size_t tat;
    const cmp_type *type = NULL;
    const char *name = NULL;
    memset(&d, 0, sizeof d);
    d.kind = CMP_DEF_ALIAS;
    d.offset = (uint32_t)at;
    TRY(read_sort(r, &d.sort));
    tat = r->pos;
    TRY(read_byte(r, &tgt, "alias target (0x00, 0x01 or 0x02)"));
    d.u.alias.kind = (cmp_alias_kind)tgt;
    switch (tgt) {
    case 0x00: { /* export of a component instance */
        cmp_sort found = CMP_SORT_NONE;
        const cmp_type *ft = NULL;
        int rc;
        size_t nat;
        if (d.sort <= CMP_SORT_CORE_INSTANCE && d.sort != CMP_SORT_CORE_MODULE)
            return fail_at(r, at, "alias of a component instance export cannot have core sort %s",
                           cmp_sort_name(d.sort));
        TRY(read_index(r, s, CMP_SORT_INSTANCE, &d.u.alias.instance));
        nat = r->pos;
        TRY(read_name(r, &d.u.alias.name, "alias export name"));
        name = d.u.alias.name;
        rc = find_instance_export(r, s, d.u.alias.instance, name, nat, &found, &ft);
        TRY(rc);
        if (rc == 1) {
            if (found != d.sort)
                return fail_at(r, nat, "export `%s` of instance %u is a %s, not a %s", name,
                               d.u.alias.instance, cmp_sort_name(found), cmp_sort_name(d.sort));
            type = ft;
        }
        break;
    }
    case 0x01: { /* export of a core instance */
        cmp_sort found = CMP_SORT_NONE;
        int rc;
        size_t nat;
        if (d.sort > CMP_SORT_CORE_INSTANCE)
            return fail_at(r, at, "alias of a core instance export must have a core sort, found %s",
                           cmp_sort_name(d.sort));
        TRY(read_index(r, s, CMP_SORT_CORE_INSTANCE, &d.u.alias.instance));
        nat = r->pos;
        TRY(read_name(r, &d.u.alias.name, "alias core export name"));
        name = d.u.alias.name;
        rc = find_core_export(r, s, d.u.alias.instance, name, nat, &found);
        TRY(rc);
        if (rc == 1 && found != d.sort)
            return fail_at(r, nat, "export `%s` of core instance %u is a %s, not a %s", name,
                           d.u.alias.instance, cmp_sort_name(found), cmp_sort_name(d.sort));
        break;
    }
    case 0x02: { /* outer */
        const cmp_scope *o = s;
        size_t cat = r->pos;
        if (d.sort != CMP_SORT_TYPE && d.sort != CMP_SORT_CORE_TYPE &&
            d.sort != CMP_SORT_CORE_MODULE && d.sort != CMP_SORT_COMPONENT)
            return fail_at(r, at, "outer aliases may only refer to types, core types, core "
                           "modules and components, not %s", cmp_sort_name(d.sort));
        TRY(read_u32(r, &d.u.alias.count, "outer alias count"));
        for (uint32_t i = 0; i < d.u.alias.count; i++) {
            o = o->parent;
            if (!o)
                return fail_at(r, cat, "outer alias count %u exceeds the %u enclosing scopes",
                               d.u.alias.count, i);
        }
        TRY(read_index(r, o, d.sort, &d.u.alias.index));
        const cmp_item *src = cmp_scope_item(o, d.sort, d.u.alias.index);
        type = src->type;
        name = src->name;
        break;
    }
    default:
        return fail_at(r, tat, "expected alias target 0x00, 0x01 or 0x02, found 0x%02x", tgt);
    }
    if (d.sort == CMP_SORT_TYPE && !type) {
        cmp_type *u = new_type(r, CMP_TYPE_UNKNOWN, s, at);
        if (!u)
            return -1;
        u->u.unknown = name;
        type = u;
    }
    if (d.sort == CMP_SORT_CORE_TYPE && !type)
        return fail_at(r, at, "alias of a core type whose definition is unknown");
    TRY(push_item(r, s, d.sort, name, type, &d.index));
    return push_def(r, s, &d);
}

/* ---- declarations shared by sections and type bodies ------------------------------------------- */

static int read_type_def(rd *r, cmp_scope *s, size_t at)
{
    cmp_def d;
    cmp_type *t = NULL;
    memset(&d, 0, sizeof d);
    d.kind = CMP_DEF_TYPE;
    d.offset = (uint32_t)at;
    d.sort = CMP_SORT_TYPE;
    TRY(read_deftype(r, s, &t));
    d.u.type = t;
    TRY(push_item(r, s, CMP_SORT_TYPE, NULL, t, &d.index));
    return push_def(r, s, &d);
}

static int read_core_type_def(rd *r, cmp_scope *s, size_t at)
{
    cmp_def d;
    cmp_type *t = NULL;
    memset(&d, 0, sizeof d);
    d.kind = CMP_DEF_CORE_TYPE;
    d.offset = (uint32_t)at;
    d.sort = CMP_SORT_CORE_TYPE;
    TRY(read_core_type(r, s, true, &t));
    d.u.type = t;
    TRY(push_item(r, s, CMP_SORT_CORE_TYPE, NULL, t, &d.index));
    return push_def(r, s, &d);
}

static int read_import(rd *r, cmp_scope *s, size_t at)
{
    cmp_def d;
    memset(&d, 0, sizeof d);
    d.kind = CMP_DEF_IMPORT;
    d.offset = (uint32_t)at;
    TRY(read_extern_name(r, &d.u.import.name));
    TRY(unique_name(r, &s->imports_, d.u.import.name.name, "import name", at));
    TRY(read_externdesc(r, s, &d.u.import.desc));
    d.sort = d.u.import.desc.sort;
    TRY(push_extern(r, s, &d.u.import.name, &d.u.import.desc, at, &d.index));
    return push_def(r, s, &d);
}

/* exportdecl inside a component/instance type: name externdesc */
static int read_export_decl(rd *r, cmp_scope *s, size_t at)
{
    cmp_def d;
    memset(&d, 0, sizeof d);
    d.kind = CMP_DEF_EXPORT;
    d.offset = (uint32_t)at;
    TRY(read_extern_name(r, &d.u.export.name));
    TRY(unique_name(r, &s->exports_, d.u.export.name.name, "export name", at));
    TRY(read_externdesc(r, s, &d.u.export.desc));
    d.u.export.has_desc = true;
    d.sort = d.u.export.desc.sort;
    TRY(push_extern(r, s, &d.u.export.name, &d.u.export.desc, at, &d.index));
    return push_def(r, s, &d);
}

/* Body of a component type (componentdecl*) or an instance type (instancedecl*). */
static int read_scope_body(rd *r, cmp_scope *s)
{
    uint32_t n;
    TRY(read_count(r, &n, 1, s->kind == CMP_SCOPE_COMPONENT_TYPE ? "component type declaration count"
                                                                  : "instance type declaration count"));
    for (uint32_t i = 0; i < n; i++) {
        uint8_t b;
        size_t at = r->pos;
        TRY(read_byte(r, &b, "declaration"));
        switch (b) {
        case 0x00: TRY(read_core_type_def(r, s, at)); break;
        case 0x01: TRY(read_type_def(r, s, at)); break;
        case 0x02: TRY(read_alias(r, s, at)); break;
        case 0x03:
            if (s->kind != CMP_SCOPE_COMPONENT_TYPE)
                return fail_at(r, at, "import declarations are only allowed in component types");
            TRY(read_import(r, s, at));
            break;
        case 0x04: TRY(read_export_decl(r, s, at)); break;
        default:
            return fail_at(r, at, "expected a %s declaration (0x00..0x04), found 0x%02x",
                           s->kind == CMP_SCOPE_COMPONENT_TYPE ? "component type" : "instance type", b);
        }
    }
    return 0;
}

/* ---- canonical definitions ------------------------------------------------------------------- */

static int read_canon_opts(rd *r, const cmp_scope *s, cmp_canon_opts *o)
{
    uint32_t n;
    memset(o, 0, sizeof *o);
    TRY(read_count(r, &n, 1, "canonical option count"));
    for (uint32_t i = 0; i < n; i++) {
        uint8_t b;
        size_t at = r->pos;
        bool *flag = NULL;
        TRY(read_byte(r, &b, "canonical option"));
        switch (b) {
        case 0x00: case 0x01: case 0x02:
            if (o->has_string_encoding)
                return fail_at(r, at, "canonical option string-encoding given twice");
            o->has_string_encoding = true;
            o->string_encoding = (cmp_string_encoding)b;
            continue;
        case 0x03: flag = &o->has_memory; break;
        case 0x04: flag = &o->has_realloc; break;
        case 0x05: flag = &o->has_post_return; break;
        case 0x06: flag = &o->async; break;
        case 0x07: flag = &o->has_callback; break;
        case 0x08: flag = &o->has_core_type; break;
        case 0x09: flag = &o->gc; break;
        default:
            return fail_at(r, at, "expected a canonical option 0x00..0x09, found 0x%02x", b);
        }
        if (*flag)
            return fail_at(r, at, "canonical option 0x%02x given twice", b);
        *flag = true;
        switch (b) {
        case 0x03: TRY(read_index(r, s, CMP_SORT_CORE_MEMORY, &o->memory)); break;
        case 0x04: TRY(read_index(r, s, CMP_SORT_CORE_FUNC, &o->realloc)); break;
        case 0x05: TRY(read_index(r, s, CMP_SORT_CORE_FUNC, &o->post_return)); break;
        case 0x07: TRY(read_index(r, s, CMP_SORT_CORE_FUNC, &o->callback)); break;
        case 0x08: TRY(read_index(r, s, CMP_SORT_CORE_TYPE, &o->core_type)); break;
        default: break;
        }
    }
    return 0;
}

static int read_canon_type(rd *r, const cmp_scope *s, cmp_type_kind want, const char *what,
                           uint32_t *out)
{
    size_t at = r->pos;
    TRY(read_index(r, s, CMP_SORT_TYPE, out));
    cmp_type_kind k = cmp_scope_type(s, *out)->kind;
    bool ok = want == CMP_TYPE_RESOURCE ? is_resource_kind(k) : (k == want || k == CMP_TYPE_UNKNOWN);
    if (!ok)
        return fail_at(r, at, "type index %u is not %s", *out, what);
    return 0;
}

static int read_canon(rd *r, cmp_scope *s, size_t at)
{
    cmp_def d;
    cmp_canon *c = &d.u.canon;
    uint8_t op, b;
    size_t bat;
    const cmp_type *ftype = NULL;
    memset(&d, 0, sizeof d);
    d.kind = CMP_DEF_CANON;
    d.offset = (uint32_t)at;
    d.sort = CMP_SORT_CORE_FUNC;
    TRY(read_byte(r, &op, "canonical definition"));
    c->kind = (cmp_canon_kind)op;
    switch (op) {
    case 0x00: /* lift */
    case 0x01: /* lower */
        bat = r->pos;
        TRY(read_byte(r, &b, "func sort 0x00"));
        if (b != 0x00)
            return fail_at(r, bat, "expected func sort 0x00 after canon %s, found 0x%02x",
                           op ? "lower" : "lift", b);
        if (op == 0x00) {
            TRY(read_index(r, s, CMP_SORT_CORE_FUNC, &c->func));
            TRY(read_canon_opts(r, s, &c->opts));
            TRY(read_canon_type(r, s, CMP_TYPE_FUNC, "a function type", &c->type));
            ftype = cmp_scope_type(s, c->type);
            d.sort = CMP_SORT_FUNC;
            if (c->opts.has_callback && !c->opts.async)
                return fail_at(r, at, "canon lift: callback requires the async option");
        } else {
            TRY(read_index(r, s, CMP_SORT_FUNC, &c->func));
            TRY(read_canon_opts(r, s, &c->opts));
            if (c->opts.has_post_return)
                return fail_at(r, at, "canon lower: post-return is only allowed on canon lift");
            if (c->opts.has_callback)
                return fail_at(r, at, "canon lower: callback is only allowed on canon lift");
        }
        if (c->opts.has_realloc && !c->opts.has_memory)
            return fail_at(r, at, "canonical option realloc requires memory");
        if (c->opts.async && c->opts.has_post_return)
            return fail_at(r, at, "canonical options async and post-return conflict");
        break;
    case 0x02: case 0x04: /* resource.new / rep: a locally defined resource */
        TRY(read_canon_type(r, s, CMP_TYPE_RESOURCE, "a resource type", &c->type));
        if (cmp_scope_type(s, c->type)->kind == CMP_TYPE_ABSTRACT_RESOURCE)
            return fail_at(r, at, "canon resource.%s needs a resource defined in this component",
                           op == 2 ? "new" : "rep");
        break;
    case 0x03: case 0x07: /* resource.drop (async) */
        TRY(read_canon_type(r, s, CMP_TYPE_RESOURCE, "a resource type", &c->type));
        break;
    case 0x05: case 0x08: case 0x0D: case 0x1E: case 0x1F: case 0x22: case 0x23: case 0x24:
    case 0x25: case 0x26: case 0x2A:
        break;
    case 0x06: /* subtask.cancel async? */
    case 0x0C: /* thread.yield cancel? */
    case 0x28: case 0x29: case 0x2B:
        TRY(read_bool(r, &c->flag, op == 0x06 ? "async flag" : "cancellable flag"));
        break;
    case 0x09: /* task.return resultlist opts */
        TRY(read_resultlist(r, s, &c->has_result, &c->result));
        TRY(read_canon_opts(r, s, &c->opts));
        break;
    case 0x0A: case 0x0B: /* context.get/set i32 slot */
        bat = r->pos;
        TRY(read_byte(r, &b, "context value type i32 (0x7f)"));
        if (b != 0x7F)
            return fail_at(r, bat, "expected context value type i32 (0x7f), found 0x%02x", b);
        TRY(read_u32(r, &c->imm, "context slot"));
        break;
    case 0x0E: case 0x13: case 0x14:
        TRY(read_canon_type(r, s, CMP_TYPE_STREAM, "a stream type", &c->type));
        break;
    case 0x0F: case 0x10:
        TRY(read_canon_type(r, s, CMP_TYPE_STREAM, "a stream type", &c->type));
        TRY(read_canon_opts(r, s, &c->opts));
        break;
    case 0x11: case 0x12:
        TRY(read_canon_type(r, s, CMP_TYPE_STREAM, "a stream type", &c->type));
        TRY(read_bool(r, &c->flag, "async flag"));
        break;
    case 0x15: case 0x1A: case 0x1B:
        TRY(read_canon_type(r, s, CMP_TYPE_FUTURE, "a future type", &c->type));
        break;
    case 0x16: case 0x17:
        TRY(read_canon_type(r, s, CMP_TYPE_FUTURE, "a future type", &c->type));
        TRY(read_canon_opts(r, s, &c->opts));
        break;
    case 0x18: case 0x19:
        TRY(read_canon_type(r, s, CMP_TYPE_FUTURE, "a future type", &c->type));
        TRY(read_bool(r, &c->flag, "async flag"));
        break;
    case 0x1C: case 0x1D:
        TRY(read_canon_opts(r, s, &c->opts));
        break;
    case 0x20: case 0x21:
        TRY(read_bool(r, &c->flag, "cancellable flag"));
        TRY(read_index(r, s, CMP_SORT_CORE_MEMORY, &c->memory));
        break;
    case 0x27:
        TRY(read_index(r, s, CMP_SORT_CORE_TYPE, &c->type));
        TRY(read_index(r, s, CMP_SORT_CORE_TABLE, &c->table));
        break;
    case 0x40:
        TRY(read_bool(r, &c->flag, "shared flag"));
        TRY(read_index(r, s, CMP_SORT_CORE_TYPE, &c->type));
        break;
    case 0x41:
        TRY(read_bool(r, &c->flag, "shared flag"));
        TRY(read_index(r, s, CMP_SORT_CORE_TYPE, &c->type));
        TRY(read_index(r, s, CMP_SORT_CORE_TABLE, &c->table));
        break;
    case 0x42:
        TRY(read_bool(r, &c->flag, "shared flag"));
        break;
    default:
        return fail_at(r, at, "unknown canonical definition opcode 0x%02x", op);
    }
    TRY(push_item(r, s, d.sort, NULL, ftype, &d.index));
    return push_def(r, s, &d);
}

/* ---- core modules ------------------------------------------------------------------------------- */

/* Checks a core module's header and section framing, and records its export section. */
static int read_core_module(rd *r, cmp_def *d)
{
    static const uint8_t magic[8] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    size_t start = r->pos;
    uint32_t nfimports = 0, nfdefs = 0, *fdefs = NULL;
    if (left(r) < 8)
        return fail_at(r, r->pos, "expected a core module header (8 bytes), found %zu bytes", left(r));
    if (memcmp(r->data + r->pos, magic, 4) != 0)
        return fail_at(r, r->pos, "expected core module magic \\0asm");
    if (memcmp(r->data + r->pos + 4, magic + 4, 4) != 0)
        return fail_at(r, r->pos + 4, "expected core module version 01 00 00 00, found %02x %02x %02x %02x",
                       r->data[r->pos + 4], r->data[r->pos + 5], r->data[r->pos + 6],
                       r->data[r->pos + 7]);
    r->pos += 8;
    while (r->pos < r->end) {
        uint8_t id;
        uint32_t size;
        size_t at = r->pos;
        TRY(read_byte(r, &id, "core section id"));
        if (id > 13)
            return fail_at(r, at, "unknown core section id %u", id);
        size_t sat = r->pos;
        TRY(read_u32(r, &size, "core section size"));
        if (size > left(r))
            return fail_at(r, sat, "core section %u size %u runs past the end of the module "
                           "(%zu bytes left)", id, size, left(r));
        if (id == 2) { /* import section: vec(module field importdesc) */
            size_t outer_end = r->end;
            uint32_t n;
            r->end = r->pos + size;
            TRY(read_count(r, &n, 4, "core import count"));
            if (!(d->u.module.imports = alloc(r, sizeof(cmp_core_import) * n)))
                return -1;
            d->u.module.nimports = n;
            for (uint32_t i = 0; i < n; i++) {
                cmp_core_import *im = &d->u.module.imports[i];
                TRY(read_name(r, &im->module, "core import module name"));
                TRY(read_name(r, &im->field, "core import field name"));
                im->type = UINT32_MAX;
                TRY(read_core_importdesc(r, UINT32_MAX, &im->kind, &im->type));
                if (im->kind == CMP_SORT_CORE_FUNC)
                    nfimports++;
            }
            if (r->pos != r->end)
                return fail_at(r, r->pos, "core import section has %zu unread bytes", left(r));
            r->end = outer_end;
        } else if (id == 1) { /* type section: func types (GC forms: not read) */
            size_t outer_end = r->end;
            uint32_t n;
            r->end = r->pos + size;
            TRY(read_count(r, &n, 3, "core type count"));
            if (!(d->u.module.types = alloc(r, sizeof(cmp_type *) * n)))
                return -1;
            d->u.module.ntypes = n;
            for (uint32_t i = 0; i < n; i++) {
                size_t tat = r->pos;
                cmp_type *t;
                uint8_t form;
                TRY(peek_byte(r, &form, "core type"));
                if (form != 0x60) { /* rec/sub/struct/array: leave the types unread */
                    d->u.module.ntypes = 0;
                    r->pos = r->end;
                    break;
                }
                r->pos++;
                if (!(t = new_type(r, CMP_TYPE_CORE_FUNC, NULL, tat)))
                    return -1;
                TRY(read_core_functype(r, t));
                d->u.module.types[i] = t;
            }
            if (r->pos != r->end)
                return fail_at(r, r->pos, "core type section has %zu unread bytes", left(r));
            r->end = outer_end;
        } else if (id == 3) { /* function section: vec(typeidx) */
            size_t outer_end = r->end;
            r->end = r->pos + size;
            TRY(read_count(r, &nfdefs, 1, "core function count"));
            if (!(fdefs = alloc(r, sizeof(uint32_t) * nfdefs)))
                return -1;
            for (uint32_t i = 0; i < nfdefs; i++)
                TRY(read_u32(r, &fdefs[i], "core type index"));
            if (r->pos != r->end)
                return fail_at(r, r->pos, "core function section has %zu unread bytes", left(r));
            r->end = outer_end;
        } else if (id == 7) { /* export section: vec(name kind idx) */
            size_t outer_end = r->end;
            uint32_t n;
            r->end = r->pos + size;
            TRY(read_count(r, &n, 3, "core export count"));
            if (!(d->u.module.exports = alloc(r, sizeof(cmp_arg) * n)))
                return -1;
            d->u.module.nexports = n;
            for (uint32_t i = 0; i < n; i++) {
                cmp_arg *e = &d->u.module.exports[i];
                uint8_t k;
                size_t kat;
                TRY(read_name(r, &e->name, "core export name"));
                kat = r->pos;
                TRY(read_byte(r, &k, "core export kind"));
                if (k > 4)
                    return fail_at(r, kat, "expected a core export kind 0x00..0x04, found 0x%02x", k);
                core_sort_of(k, &e->item.sort);
                TRY(read_u32(r, &e->item.index, "core export index"));
            }
            if (r->pos != r->end)
                return fail_at(r, r->pos, "core export section has %zu unread bytes", left(r));
            r->end = outer_end;
        } else {
            r->pos += size;
        }
    }
    d->u.module.offset = (uint32_t)start;
    d->u.module.len = (uint32_t)(r->end - start);
    /* the function index space: imported functions, then the function section */
    d->u.module.nfuncs = nfimports + nfdefs;
    if (!(d->u.module.func_types = alloc(r, sizeof(uint32_t) * d->u.module.nfuncs)))
        return -1;
    uint32_t k = 0;
    for (uint32_t i = 0; i < d->u.module.nimports; i++)
        if (d->u.module.imports[i].kind == CMP_SORT_CORE_FUNC)
            d->u.module.func_types[k++] = d->u.module.imports[i].type;
    for (uint32_t i = 0; i < nfdefs; i++)
        d->u.module.func_types[k++] = fdefs[i];
    return 0;
}

/* component-name custom section: subsection 0 = the component's name, 1 = `sort namemap`.
 * Read with a private error so that a malformed section is ignored, never an error; only
 * running out of memory is reported. */
static int read_component_names(rd *outer, cmp_scope *s)
{
    cmp_error err;
    rd r = *outer;
    memset(&err, 0, sizeof err);
    r.err = &err;
    r.oom = 0;
    while (r.pos < r.end) {
        uint8_t id;
        uint32_t size;
        if (read_byte(&r, &id, "subsection id") < 0 || read_u32(&r, &size, "subsection size") < 0 ||
            size > left(&r))
            break;
        size_t sub_end = r.pos + size, end = r.end;
        r.end = sub_end;
        if (id == 0) {
            const char *n;
            if (read_name(&r, &n, "component name") == 0)
                s->debug_name = n;
        } else if (id == 1) {
            cmp_sort sort;
            uint32_t count;
            if (read_sort(&r, &sort) == 0 && read_count(&r, &count, 2, "name count") == 0 &&
                s->count[sort] > 0) {
                const char **tab = s->debug_names_[sort];
                if (!tab) {
                    tab = wit_arena_alloc(r.arena, sizeof *tab * s->count[sort]);
                    if (!tab)
                        return oom(outer);
                    s->debug_names_[sort] = tab;
                    s->ndebug_names_[sort] = s->count[sort];
                }
                for (uint32_t i = 0; i < count; i++) {
                    uint32_t idx;
                    const char *n;
                    if (read_u32(&r, &idx, "index") < 0 || read_name(&r, &n, "name") < 0)
                        break;
                    if (idx < s->ndebug_names_[sort])
                        tab[idx] = n;
                }
            }
        }
        if (r.oom)
            return oom(outer);
        r.end = end;
        r.pos = sub_end;
    }
    return 0;
}

const cmp_type *cmp_core_func_type(const cmp_def *module, uint32_t func)
{
    if (!module || module->kind != CMP_DEF_CORE_MODULE || func >= module->u.module.nfuncs)
        return NULL;
    uint32_t t = module->u.module.func_types[func];
    if (t >= module->u.module.ntypes)
        return NULL;
    return module->u.module.types[t];
}

const char *cmp_debug_name(const cmp_scope *s, cmp_sort sort, uint32_t index)
{
    if (!s || sort >= CMP_SORT_COUNT || index >= s->ndebug_names_[sort])
        return NULL;
    return s->debug_names_[sort][index];
}

/* ---- sections ----------------------------------------------------------------------------------- */

static int read_component(rd *r, cmp_scope *s);

static int read_section(rd *r, cmp_scope *s, uint8_t id, size_t sec_start)
{
    uint32_t n;
    cmp_def d;
    memset(&d, 0, sizeof d);
    d.offset = (uint32_t)sec_start;
    d.sort = CMP_SORT_NONE;
    switch (id) {
    case 0: { /* custom */
        d.kind = CMP_DEF_CUSTOM;
        TRY(read_name(r, &d.u.custom.name, "custom section name"));
        d.u.custom.data_offset = (uint32_t)r->pos;
        d.u.custom.data_len = (uint32_t)left(r);
        if (strcmp(d.u.custom.name, "component-name") == 0 && read_component_names(r, s) < 0)
            return -1; /* only OOM fails: malformed name sections are ignored */
        r->pos = r->end;
        return push_def(r, s, &d);
    }
    case 1: /* core module */
        d.kind = CMP_DEF_CORE_MODULE;
        d.sort = CMP_SORT_CORE_MODULE;
        TRY(read_core_module(r, &d));
        TRY(push_item(r, s, CMP_SORT_CORE_MODULE, NULL, NULL, &d.index));
        return push_def(r, s, &d);
    case 2: /* core instances */
        TRY(read_count(r, &n, 2, "core instance count"));
        for (uint32_t i = 0; i < n; i++) {
            uint8_t form;
            uint32_t m;
            size_t at = r->pos;
            name_set names = {NULL, 0, 0};
            memset(&d, 0, sizeof d);
            d.kind = CMP_DEF_CORE_INSTANCE;
            d.offset = (uint32_t)at;
            d.sort = CMP_SORT_CORE_INSTANCE;
            TRY(read_byte(r, &form, "core instance form (0x00 or 0x01)"));
            if (form == 0x00) {
                d.u.core_instance.instantiate = true;
                TRY(read_index(r, s, CMP_SORT_CORE_MODULE, &d.u.core_instance.module));
                TRY(read_count(r, &m, 3, "instantiation argument count"));
            } else if (form == 0x01) {
                TRY(read_count(r, &m, 3, "core export count"));
            } else {
                return fail_at(r, at, "expected core instance form 0x00 or 0x01, found 0x%02x", form);
            }
            if (!(d.u.core_instance.args = alloc(r, sizeof(cmp_arg) * m)))
                return -1;
            d.u.core_instance.nargs = m;
            for (uint32_t j = 0; j < m; j++) {
                cmp_arg *a = &d.u.core_instance.args[j];
                size_t aat;
                size_t nat = r->pos;
                TRY(read_name(r, &a->name, form ? "core export name" : "instantiation argument name"));
                TRY(unique_name(r, &names, a->name, form ? "core export name" : "instantiation argument", nat));
                aat = r->pos;
                if (form == 0x00) {
                    uint8_t k;
                    TRY(read_byte(r, &k, "instance sort 0x12"));
                    if (k != 0x12)
                        return fail_at(r, aat, "core instantiation arguments must be core instances "
                                       "(0x12), found 0x%02x", k);
                    a->item.sort = CMP_SORT_CORE_INSTANCE;
                } else {
                    TRY(read_core_sort(r, &a->item.sort));
                }
                TRY(read_index(r, s, a->item.sort, &a->item.index));
            }
            if (form == 0x00)
                TRY(check_core_instantiate(r, s, &d, at));
            TRY(push_item(r, s, CMP_SORT_CORE_INSTANCE, NULL, NULL, &d.index));
            TRY(push_def(r, s, &d));
        }
        return 0;
    case 3: /* core types */
        TRY(read_count(r, &n, 1, "core type count"));
        for (uint32_t i = 0; i < n; i++)
            TRY(read_core_type_def(r, s, r->pos));
        return 0;
    case 4: { /* nested component */
        cmp_scope *c;
        if (r->depth >= MAX_DEPTH)
            return fail_at(r, sec_start, "components nested deeper than %d levels", MAX_DEPTH);
        if (!(c = new_scope(r, CMP_SCOPE_COMPONENT, s, r->pos)))
            return -1;
        r->depth++;
        int rc = read_component(r, c);
        r->depth--;
        TRY(rc);
        d.kind = CMP_DEF_COMPONENT;
        d.sort = CMP_SORT_COMPONENT;
        d.u.component = c;
        TRY(push_item(r, s, CMP_SORT_COMPONENT, NULL, NULL, &d.index));
        return push_def(r, s, &d);
    }
    case 5: /* instances */
        TRY(read_count(r, &n, 2, "instance count"));
        for (uint32_t i = 0; i < n; i++) {
            uint8_t form;
            uint32_t m;
            size_t at = r->pos;
            name_set names = {NULL, 0, 0};
            memset(&d, 0, sizeof d);
            d.kind = CMP_DEF_INSTANCE;
            d.offset = (uint32_t)at;
            d.sort = CMP_SORT_INSTANCE;
            TRY(read_byte(r, &form, "instance form (0x00 or 0x01)"));
            if (form == 0x00) {
                d.u.instance.instantiate = true;
                TRY(read_index(r, s, CMP_SORT_COMPONENT, &d.u.instance.component));
                TRY(read_count(r, &m, 3, "instantiation argument count"));
            } else if (form == 0x01) {
                TRY(read_count(r, &m, 4, "instance export count"));
            } else {
                return fail_at(r, at, "expected instance form 0x00 or 0x01, found 0x%02x", form);
            }
            if (!(d.u.instance.args = alloc(r, sizeof(cmp_arg) * m)))
                return -1;
            d.u.instance.nargs = m;
            for (uint32_t j = 0; j < m; j++) {
                cmp_arg *a = &d.u.instance.args[j];
                size_t aat = r->pos;
                if (form == 0x00) {
                    TRY(read_name(r, &a->name, "instantiation argument name"));
                } else {
                    cmp_extern_name en;
                    TRY(read_extern_name(r, &en));
                    a->name = en.name;
                }
                TRY(unique_name(r, &names, a->name,
                                form ? "instance export name" : "instantiation argument", aat));
                TRY(read_sortidx(r, s, &a->item));
            }
            TRY(push_item(r, s, CMP_SORT_INSTANCE, NULL, NULL, &d.index));
            TRY(push_def(r, s, &d));
        }
        return 0;
    case 6: /* aliases */
        TRY(read_count(r, &n, 3, "alias count"));
        for (uint32_t i = 0; i < n; i++)
            TRY(read_alias(r, s, r->pos));
        return 0;
    case 7: /* types */
        TRY(read_count(r, &n, 1, "type count"));
        for (uint32_t i = 0; i < n; i++)
            TRY(read_type_def(r, s, r->pos));
        return 0;
    case 8: /* canon */
        TRY(read_count(r, &n, 1, "canonical definition count"));
        for (uint32_t i = 0; i < n; i++)
            TRY(read_canon(r, s, r->pos));
        return 0;
    case 9: { /* start */
        size_t at = r->pos;
        d.kind = CMP_DEF_START;
        TRY(read_index(r, s, CMP_SORT_FUNC, &d.u.start.func));
        TRY(read_count(r, &n, 1, "start argument count"));
        if (!(d.u.start.args = alloc(r, sizeof(uint32_t) * n)))
            return -1;
        d.u.start.nargs = n;
        for (uint32_t i = 0; i < n; i++)
            TRY(read_index(r, s, CMP_SORT_VALUE, &d.u.start.args[i]));
        size_t rat = r->pos;
        TRY(read_u32(r, &d.u.start.nresults, "start result count"));
        if (d.u.start.nresults > 1)
            return fail_at(r, rat, "start function with %u results (at most 1)", d.u.start.nresults);
        const cmp_type *ft = cmp_scope_item(s, CMP_SORT_FUNC, d.u.start.func)->type;
        if (ft && ft->kind == CMP_TYPE_FUNC &&
            (ft->u.func.nparams != n || (uint32_t)ft->u.func.has_result != d.u.start.nresults))
            return fail_at(r, at, "start function %u takes %u arguments and %u results, "
                           "not %u and %u", d.u.start.func, ft->u.func.nparams,
                           (unsigned)ft->u.func.has_result, n, d.u.start.nresults);
        if (d.u.start.nresults) {
            d.sort = CMP_SORT_VALUE;
            TRY(push_item(r, s, CMP_SORT_VALUE, NULL, NULL, &d.index));
        }
        return push_def(r, s, &d);
    }
    case 10: /* imports */
        TRY(read_count(r, &n, 4, "import count"));
        for (uint32_t i = 0; i < n; i++)
            TRY(read_import(r, s, r->pos));
        return 0;
    case 11: /* exports */
        TRY(read_count(r, &n, 5, "export count"));
        for (uint32_t i = 0; i < n; i++) {
            size_t at = r->pos;
            bool has;
            const cmp_type *t;
            memset(&d, 0, sizeof d);
            d.kind = CMP_DEF_EXPORT;
            d.offset = (uint32_t)at;
            TRY(read_extern_name(r, &d.u.export.name));
            size_t sat = r->pos;
            TRY(read_sortidx(r, s, &d.u.export.item));
            if (d.u.export.item.sort < CMP_SORT_FUNC && d.u.export.item.sort != CMP_SORT_CORE_MODULE)
                return fail_at(r, sat, "a component cannot export a %s (only core modules of the "
                               "core sorts)", cmp_sort_name(d.u.export.item.sort));
            TRY(read_bool(r, &has, "export type ascription marker"));
            d.u.export.has_desc = has;
            d.sort = d.u.export.item.sort;
            t = cmp_scope_item(s, d.sort, d.u.export.item.index)->type;
            if (has) {
                size_t dat = r->pos;
                TRY(read_externdesc(r, s, &d.u.export.desc));
                if (d.u.export.desc.sort != d.sort)
                    return fail_at(r, dat, "export ascription is a %s, but the exported item is a %s",
                                   cmp_sort_name(d.u.export.desc.sort), cmp_sort_name(d.sort));
                if (d.sort == CMP_SORT_FUNC || d.sort == CMP_SORT_INSTANCE ||
                    d.sort == CMP_SORT_COMPONENT)
                    t = cmp_scope_type(s, d.u.export.desc.type);
            }
            TRY(unique_name(r, &s->exports_, d.u.export.name.name, "export name", at));
            TRY(push_item(r, s, d.sort, d.u.export.name.name, t, &d.index));
            TRY(push_def(r, s, &d));
        }
        return 0;
    case 12:
        return fail_at(r, sec_start, "value sections (id 12) are not supported");
    default:
        return fail_at(r, sec_start, "unknown component section id %u", id);
    }
}

/* component ::= preamble section* — r->pos..r->end is exactly the component. */
static int read_component(rd *r, cmp_scope *s)
{
    static const uint8_t pre[8] = {0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00};
    size_t at = r->pos;
    if (left(r) < 8)
        return fail_at(r, at, "expected a component preamble (8 bytes), found %zu bytes", left(r));
    if (memcmp(r->data + at, pre, 4) != 0)
        return fail_at(r, at, "expected the wasm magic \\0asm");
    if (memcmp(r->data + at + 4, pre + 4, 4) != 0) {
        const uint8_t *v = r->data + at + 4;
        if (v[2] == 0 && v[3] == 0)
            return fail_at(r, at + 4, "this is a core wasm module (version %02x %02x %02x %02x), "
                           "not a component", v[0], v[1], v[2], v[3]);
        return fail_at(r, at + 4, "expected component version 0d 00 and layer 01 00, found %02x %02x "
                       "%02x %02x", v[0], v[1], v[2], v[3]);
    }
    r->pos += 8;
    while (r->pos < r->end) {
        uint8_t id;
        uint32_t size;
        size_t sec_start = r->pos;
        TRY(read_byte(r, &id, "section id"));
        size_t sat = r->pos;
        TRY(read_u32(r, &size, "section size"));
        if (size > left(r))
            return fail_at(r, sat, "section %u size %u runs past the end of the %s (%zu bytes left)",
                           id, size, s->parent ? "nested component" : "input", left(r));
        size_t outer_end = r->end;
        r->end = r->pos + size;
        TRY(read_section(r, s, id, sec_start));
        if (r->pos != r->end)
            return fail_at(r, r->pos, "section %u has %zu unread bytes at its end", id, left(r));
        r->end = outer_end;
    }
    return 0;
}

int cmp_decode(const uint8_t *data, size_t len, wit_arena *arena, cmp_component **out,
               cmp_error *err)
{
    rd r;
    cmp_error dummy;
    cmp_component *c;
    if (!err)
        err = &dummy;
    memset(err, 0, sizeof *err);
    *out = NULL;
    memset(&r, 0, sizeof r);
    r.data = data;
    r.end = len;
    r.total = len;
    r.arena = arena;
    r.err = err;
    if (len > UINT32_MAX) {
        fail_at(&r, 0, "input larger than 4 GiB");
        return -1;
    }
    if (!(c = alloc(&r, sizeof *c)))
        return -2;
    c->data = data;
    c->len = len;
    if (!(c->root = new_scope(&r, CMP_SCOPE_COMPONENT, NULL, 0)))
        return -2;
    if (read_component(&r, c->root) < 0)
        return r.oom ? -2 : -1;
    *out = c;
    return 0;
}

/* ---- names for messages ---------------------------------------------------------------------- */

const char *cmp_sort_name(cmp_sort s)
{
    static const char *const names[] = {
        "core func", "core table", "core memory", "core global", "core tag", "core type",
        "core module", "core instance", "func", "value", "type", "component", "instance",
    };
    return s < CMP_SORT_COUNT ? names[s] : "none";
}

const char *cmp_prim_name(cmp_prim p)
{
    static const char *const names[] = {
        "?", "bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64",
        "f32", "f64", "char", "string", "error-context",
    };
    return p <= CMP_PRIM_ERROR_CONTEXT ? names[p] : "?";
}

const char *cmp_canon_name(cmp_canon_kind k)
{
    switch (k) {
    case CMP_CANON_LIFT: return "lift";
    case CMP_CANON_LOWER: return "lower";
    case CMP_CANON_RESOURCE_NEW: return "resource.new";
    case CMP_CANON_RESOURCE_DROP: return "resource.drop";
    case CMP_CANON_RESOURCE_REP: return "resource.rep";
    case CMP_CANON_TASK_CANCEL: return "task.cancel";
    case CMP_CANON_SUBTASK_CANCEL: return "subtask.cancel";
    case CMP_CANON_RESOURCE_DROP_ASYNC: return "resource.drop async";
    case CMP_CANON_BACKPRESSURE_SET: return "backpressure.set";
    case CMP_CANON_TASK_RETURN: return "task.return";
    case CMP_CANON_CONTEXT_GET: return "context.get";
    case CMP_CANON_CONTEXT_SET: return "context.set";
    case CMP_CANON_THREAD_YIELD: return "thread.yield";
    case CMP_CANON_SUBTASK_DROP: return "subtask.drop";
    case CMP_CANON_STREAM_NEW: return "stream.new";
    case CMP_CANON_STREAM_READ: return "stream.read";
    case CMP_CANON_STREAM_WRITE: return "stream.write";
    case CMP_CANON_STREAM_CANCEL_READ: return "stream.cancel-read";
    case CMP_CANON_STREAM_CANCEL_WRITE: return "stream.cancel-write";
    case CMP_CANON_STREAM_DROP_READABLE: return "stream.drop-readable";
    case CMP_CANON_STREAM_DROP_WRITABLE: return "stream.drop-writable";
    case CMP_CANON_FUTURE_NEW: return "future.new";
    case CMP_CANON_FUTURE_READ: return "future.read";
    case CMP_CANON_FUTURE_WRITE: return "future.write";
    case CMP_CANON_FUTURE_CANCEL_READ: return "future.cancel-read";
    case CMP_CANON_FUTURE_CANCEL_WRITE: return "future.cancel-write";
    case CMP_CANON_FUTURE_DROP_READABLE: return "future.drop-readable";
    case CMP_CANON_FUTURE_DROP_WRITABLE: return "future.drop-writable";
    case CMP_CANON_ERROR_CONTEXT_NEW: return "error-context.new";
    case CMP_CANON_ERROR_CONTEXT_DEBUG_MESSAGE: return "error-context.debug-message";
    case CMP_CANON_ERROR_CONTEXT_DROP: return "error-context.drop";
    case CMP_CANON_WAITABLE_SET_NEW: return "waitable-set.new";
    case CMP_CANON_WAITABLE_SET_WAIT: return "waitable-set.wait";
    case CMP_CANON_WAITABLE_SET_POLL: return "waitable-set.poll";
    case CMP_CANON_WAITABLE_SET_DROP: return "waitable-set.drop";
    case CMP_CANON_WAITABLE_JOIN: return "waitable.join";
    case CMP_CANON_BACKPRESSURE_INC: return "backpressure.inc";
    case CMP_CANON_BACKPRESSURE_DEC: return "backpressure.dec";
    case CMP_CANON_THREAD_INDEX: return "thread.index";
    case CMP_CANON_THREAD_NEW_INDIRECT: return "thread.new-indirect";
    case CMP_CANON_THREAD_SWITCH_TO: return "thread.switch-to";
    case CMP_CANON_THREAD_SUSPEND: return "thread.suspend";
    case CMP_CANON_THREAD_RESUME_LATER: return "thread.resume-later";
    case CMP_CANON_THREAD_YIELD_TO: return "thread.yield-to";
    case CMP_CANON_THREAD_SPAWN_REF: return "thread.spawn-ref";
    case CMP_CANON_THREAD_SPAWN_INDIRECT: return "thread.spawn-indirect";
    case CMP_CANON_THREAD_AVAILABLE_PARALLELISM: return "thread.available-parallelism";
    }
    return NULL;
}
