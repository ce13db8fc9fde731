/* The WIT parser: recursive descent over the lexer's tokens, one function per production
 * (the production is written above each), building the AST of ast.h in the session arena.
 *
 * The parser holds one token of lookahead; where WIT needs more (`import id: func` versus
 * `import ns:pkg/iface`, the `.` that may or may not continue a version, `package x:y;`
 * versus `package x:y {`), it copies its whole state, looks ahead, and restores the copy —
 * the lexer is plain data, so this costs nothing. Doc comments are not tokens: an item's
 * docs are the comments in the gap between the previous token and the item's first token,
 * read only where wit-parser reads docs. The parser stops at the first error, and bounds
 * type and package nesting (100, as wit-parser) so input can never overflow the stack. */
#include "ast.h"
#include "lex.h"

#include <stddef.h>
#include <string.h>

#define MAX_TYPE_DEPTH 100
#define MAX_ITEM_DEPTH 100

/* State shared by a parser and its speculative copies: the scratch stack where lists
 * grow before they are copied, exact-size, into the arena. */
typedef struct pstore {
    char *scratch;     /* wit_malloc'd */
    size_t len, cap;
    uint32_t ntypes;   /* types the resolver may make of the file: wit_ast_file.ntypes_hint */
} pstore;

typedef struct parser {
    wit_session *s;
    wit_arena *a;      /* AST nodes and lists */
    wit_arena *sa;     /* strings (names, docs): the session arena, they outlive the AST */
    pstore *st;
    wit_lexer lx;      /* positioned after tok */
    wit_token tok;     /* the lookahead token */
    uint32_t gap;      /* relative offset where the gap (whitespace, comments) before tok starts */
    uint32_t last_end; /* absolute end of the last consumed token */
    wit_span nested_pkg; /* first package block found inside another one */
} parser;

#define TRY(x)                 \
    do {                       \
        if ((x) < 0)           \
            return -1;         \
    } while (0)

/* Out of memory: the arena's flag or the scratch failure already says so. */
static int oom(parser *p)
{
    (void)p;
    return -1;
}

/* Lists: elements are pushed on the scratch stack (a nested list pushes above its parent's
 * elements and is taken off before the parent's next push), then copied to the arena. */
static size_t list_mark(const parser *p)
{
    return p->st->len;
}

static int list_push(parser *p, const void *elem, size_t size)
{
    pstore *st = p->st;
    if (st->cap - st->len < size) {
        size_t nc = st->cap ? st->cap * 2 : 4096;
        while (nc - st->len < size)
            nc *= 2;
        char *g = wit_realloc(st->scratch, nc);
        if (!g) {
            wit_diags_add(&p->s->diags, WIT_SEV_ERROR, WIT_NO_SPAN, "out of memory");
            return oom(p);
        }
        st->scratch = g;
        st->cap = nc;
    }
    memcpy(st->scratch + st->len, elem, size);
    st->len += size;
    return 0;
}

/* Copies the n elements pushed since `mark` into the arena and pops them. NULL when n is 0
 * (or on OOM). */
static void *list_take(parser *p, size_t mark, uint32_t n, size_t size)
{
    void *r = NULL;
    if (n) {
        r = wit_arena_alloc(p->a, (size_t)n * size);
        if (r)
            memcpy(r, p->st->scratch + mark, (size_t)n * size);
    }
    p->st->len = mark;
    return r;
}

#define ITEM(p, n, val)                           \
    do {                                          \
        TRY(list_push((p), &(val), sizeof(val))); \
        (n)++;                                    \
    } while (0)

#define FINISH(p, arr, n, mark)                             \
    do {                                                    \
        (arr) = list_take((p), (mark), (n), sizeof *(arr)); \
        if (!(arr) && (n))                                  \
            return oom(p);                                  \
    } while (0)

/* The identifier intern table (s->priv while files are being parsed): each distinct name
 * is stored once in the arena, however often it is written. Heap memory, dropped by
 * wit_parse_release; losing it only loses sharing, never correctness. */
typedef struct intern_ent {
    const char *str;
    uint32_t hash;
    uint32_t len : 31;
    uint32_t valid_id : 1; /* parse_id validated this text as an identifier */
} intern_ent;

typedef struct intern_tab {
    intern_ent *ents;
    uint32_t n, cap;
    char *scratch;      /* the list scratch of the last parse, kept for the next one */
    size_t scratch_cap;
} intern_tab;

void wit_parse_release(wit_session *s)
{
    intern_tab *t = s->priv;
    if (t) {
        wit_free(t->ents);
        wit_free(t->scratch);
        wit_free(t);
        s->priv = NULL;
    }
}

static bool intern_grow(intern_tab *t)
{
    uint32_t ncap = t->cap ? t->cap * 2 : 1024;
    if (ncap > UINT32_MAX / 4)
        return false;
    intern_ent *e = wit_calloc(ncap, sizeof *e);
    if (!e)
        return false;
    for (uint32_t j = 0; j < t->cap; j++) {
        if (!t->ents[j].str)
            continue;
        uint32_t i = t->ents[j].hash & (ncap - 1);
        while (e[i].str)
            i = (i + 1) & (ncap - 1);
        e[i] = t->ents[j];
    }
    wit_free(t->ents);
    t->ents = e;
    t->cap = ncap;
    return true;
}

static uint32_t intern_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t k = 0; k < n; k++)
        h = (h ^ (unsigned char)s[k]) * 16777619u;
    return h;
}

/* The intern table's entry for s[0..n), or NULL (not interned yet, or no table). */
static intern_ent *intern_find(parser *p, const char *s, size_t n)
{
    intern_tab *t = p->s->priv;
    if (!t || !t->cap)
        return NULL;
    uint32_t h = intern_hash(s, n), mask = t->cap - 1;
    for (uint32_t i = h & mask; t->ents[i].str; i = (i + 1) & mask)
        if (t->ents[i].hash == h && t->ents[i].len == n && memcmp(t->ents[i].str, s, n) == 0)
            return &t->ents[i];
    return NULL;
}

/* NUL-terminated copy of s[0..n) in the arena (packed strings), shared with every earlier
 * identifier of the same text. NULL on OOM. */
static const char *pool_str(parser *p, const char *s, size_t n)
{
    intern_tab *t = p->s->priv;
    if (n > 255)
        return wit_arena_strndup(p->sa, s, n);
    if (!t) {
        t = wit_calloc(1, sizeof *t);
        if (!t)
            return wit_arena_strndup(p->sa, s, n);
        p->s->priv = t;
    }
    if ((t->n + 1) * 2 > t->cap && !intern_grow(t))
        return wit_arena_strndup(p->sa, s, n);
    uint32_t h = intern_hash(s, n);
    uint32_t mask = t->cap - 1, i = h & mask;
    for (; t->ents[i].str; i = (i + 1) & mask)
        if (t->ents[i].hash == h && t->ents[i].len == n && memcmp(t->ents[i].str, s, n) == 0)
            return t->ents[i].str;
    char *r = wit_arena_strndup(p->sa, s, n);
    if (r) {
        t->ents[i] = (intern_ent){r, h, (uint32_t)n, 0};
        t->n++;
    }
    return r;
}

/* ---- tokens ---- */

static int advance(parser *p)
{
    p->last_end = p->tok.span.end;
    p->gap = p->tok.span.end - p->lx.base;
    return wit_lex_next(&p->lx, &p->tok);
}

static wit_tok peek(const parser *p)
{
    return p->tok.kind;
}

/* Consumes the lookahead when it is `k`: 1 eaten, 0 not, -1 lexical error. */
static int eat(parser *p, wit_tok k)
{
    if (p->tok.kind != k)
        return 0;
    TRY(advance(p));
    return 1;
}

static wit_diag *error_at(parser *p, wit_span sp, const char *fmt, ...) WIT_PRINTF(3, 4);
static wit_diag *error_at(parser *p, wit_span sp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wit_diag *d = wit_diags_vadd(&p->s->diags, WIT_SEV_ERROR, sp, fmt, ap);
    va_end(ap);
    return d;
}

/* "expected X, found Y" at the lookahead. */
static wit_diag *expected(parser *p, const char *what)
{
    return error_at(p, p->tok.span, "expected %s, found %s", what, wit_tok_describe(p->tok.kind));
}

static int expect(parser *p, wit_tok k, wit_span *out)
{
    if (p->tok.kind != k) {
        expected(p, wit_tok_describe(k));
        return -1;
    }
    if (out)
        *out = p->tok.span;
    return advance(p);
}

/* Expects the token closing a construct opened at `open`, and points there on failure. */
static int expect_close(parser *p, wit_tok k, wit_span open, const char *what)
{
    if (p->tok.kind == k)
        return advance(p);
    wit_diag *d = expected(p, wit_tok_describe(k));
    wit_diag_note(d, open, "to close the %s that opens here", what);
    return -1;
}

static wit_span span_from(const parser *p, uint32_t start)
{
    wit_span sp = {start, p->last_end < start ? start : p->last_end};
    return sp;
}

/* ---- docs, identifiers, attributes ---- */

static wit_docs docs_here(parser *p)
{
    wit_docs d;
    d.contents = wit_lex_docs(p->sa, p->lx.text, p->gap, p->tok.span.start - p->lx.base);
    return d;
}

/* id ::= ID | EXPLICIT_ID (the '%' is dropped); validated as kebab-case. */
static int parse_id(parser *p, wit_ast_id *out)
{
    wit_tok k = peek(p);
    if (k != WIT_T_ID && k != WIT_T_EXPLICIT_ID) {
        wit_diag *d = expected(p, "an identifier or string");
        if (k >= WIT_T_USE && k <= WIT_T_WITH && k != WIT_T_UNDERSCORE) {
            wit_span sp = p->tok.span;
            int n = (int)(sp.end - sp.start);
            const char *t = p->lx.text + (sp.start - p->lx.base);
            wit_diag_note(d, sp, "`%.*s` is a keyword; write `%%%.*s` to use it as a name", n, t, n, t);
        }
        return -1;
    }
    wit_span sp = p->tok.span;
    const char *text = p->lx.text + (sp.start - p->lx.base);
    size_t n = sp.end - sp.start;
    if (k == WIT_T_EXPLICIT_ID) {
        text++;
        n--;
    }
    intern_ent *seen = intern_find(p, text, n);
    if (seen && seen->valid_id) { /* validated before: the same text is just as valid */
        out->name = seen->str;
        out->span = sp;
        return advance(p);
    }
    size_t bad;
    const char *why = wit_lex_validate_id(text, n, &bad);
    if (why) {
        if (why[0] == 'i' && why[1] == 'n') { /* invalid character: name it */
            uint32_t cp = (unsigned char)text[bad];
            if (cp >= 0x80)
                wit_utf8_decode((const unsigned char *)text + bad, n - bad, &cp);
            if (cp >= 0x20 && cp < 0x7f)
                error_at(p, sp, "%s '%c'", why, (char)cp);
            else
                error_at(p, sp, "%s U+%04X", why, (unsigned)cp);
        } else {
            error_at(p, sp, "%s", why);
        }
        return -1;
    }
    out->name = pool_str(p, text, n);
    if (!out->name)
        return oom(p);
    if ((seen = intern_find(p, text, n)) != NULL)
        seen->valid_id = 1;
    out->span = sp;
    return advance(p);
}

/* Expects the identifier `word` (attribute keys such as `version`). */
static int expect_word(parser *p, const char *word)
{
    wit_ast_id id;
    TRY(parse_id(p, &id));
    if (strcmp(id.name, word) != 0) {
        error_at(p, id.span, "expected `%s`, found `%s`", word, id.name);
        return -1;
    }
    return 0;
}

/* The kind of the token after the lookahead, without consuming anything. */
static int peek2(parser *p, wit_tok *second)
{
    parser save = *p;
    int r = advance(p);
    *second = p->tok.kind;
    *p = save;
    return r;
}

/* version ::= INT '.' INT '.' INT ('-' parts)? ('+' parts)?
 * parts   ::= (id | INT | '-' | '.' (id | INT))*
 * Not one token: the text from the first integer to the last part is checked as semver, and
 * a '.' not followed by an id or integer ends the version (`@1.0.0.{a}`). */
static int parse_ids_after(parser *p, wit_tok prefix, uint32_t *end)
{
    wit_span psp = p->tok.span;
    int r = eat(p, prefix);
    TRY(r);
    if (!r)
        return 0;
    uint32_t before = *end;
    for (;;) {
        wit_tok k = peek(p);
        if (k == WIT_T_ID || k == WIT_T_INTEGER || k == WIT_T_MINUS) {
            TRY(advance(p));
            *end = p->last_end;
        } else if (k == WIT_T_PERIOD) {
            wit_tok next;
            TRY(peek2(p, &next));
            if (next != WIT_T_ID && next != WIT_T_INTEGER)
                break;
            TRY(advance(p));
            TRY(advance(p));
            *end = p->last_end;
        } else {
            break;
        }
    }
    if (*end == before) /* wit-parser ignores a dangling '-' or '+'; so do we, but say so */
        wit_diags_add(&p->s->diags, WIT_SEV_WARNING, psp, "`%s` with nothing after it is ignored in this version",
                      prefix == WIT_T_MINUS ? "-" : "+");
    return 0;
}

static int parse_version(parser *p, const char **text, wit_span *span)
{
    wit_span first;
    TRY(expect(p, WIT_T_INTEGER, &first));
    TRY(expect(p, WIT_T_PERIOD, NULL));
    TRY(expect(p, WIT_T_INTEGER, NULL));
    TRY(expect(p, WIT_T_PERIOD, NULL));
    TRY(expect(p, WIT_T_INTEGER, NULL));
    uint32_t end = p->last_end;
    TRY(parse_ids_after(p, WIT_T_MINUS, &end));
    TRY(parse_ids_after(p, WIT_T_PLUS, &end));
    wit_span sp = {first.start, end};
    const char *s = p->lx.text + (sp.start - p->lx.base);
    size_t n = sp.end - sp.start;
    wit_semver v;
    const char *why = NULL;
    if (wit_semver_parse(s, n, &v, &why) < 0) {
        error_at(p, sp, "invalid version `%.*s`: %s", (int)n, s, why ? why : "not semver");
        return -1;
    }
    *text = pool_str(p, s, n);
    if (!*text)
        return oom(p);
    *span = sp;
    return 0;
}

/* attribute ::= '@since' '(' 'version' '=' version ')'
 *             | '@unstable' '(' 'feature' '=' id ')'
 *             | '@deprecated' '(' 'version' '=' version ')' */
static int parse_attrs(parser *p, wit_ast_attrs *out)
{
    size_t mark = list_mark(p);
    out->items = NULL;
    out->n = 0;
    while (peek(p) == WIT_T_AT) {
        wit_ast_attr at;
        memset(&at, 0, sizeof at);
        uint32_t start = p->tok.span.start;
        TRY(advance(p));
        wit_ast_id id;
        TRY(parse_id(p, &id));
        wit_span open;
        if (strcmp(id.name, "since") == 0 || strcmp(id.name, "deprecated") == 0) {
            at.kind = id.name[0] == 's' ? WIT_ATTR_SINCE : WIT_ATTR_DEPRECATED;
            TRY(expect(p, WIT_T_LPAREN, &open));
            TRY(expect_word(p, "version"));
            TRY(expect(p, WIT_T_EQUALS, NULL));
            TRY(parse_version(p, &at.value, &at.value_span));
            TRY(expect_close(p, WIT_T_RPAREN, open, "attribute"));
        } else if (strcmp(id.name, "unstable") == 0) {
            at.kind = WIT_ATTR_UNSTABLE;
            TRY(expect(p, WIT_T_LPAREN, &open));
            TRY(expect_word(p, "feature"));
            TRY(expect(p, WIT_T_EQUALS, NULL));
            wit_ast_id feat;
            TRY(parse_id(p, &feat));
            at.value = feat.name;
            at.value_span = feat.span;
            TRY(expect_close(p, WIT_T_RPAREN, open, "attribute"));
        } else {
            error_at(p, id.span, "unknown attribute `%s`", id.name);
            return -1;
        }
        at.span = span_from(p, start);
        ITEM(p, out->n, at);
    }
    FINISH(p, out->items, out->n, mark);
    return 0;
}

/* ---- names and paths ---- */

/* package-name ::= id ':' id ('@' version)? */
static int parse_pkg_name(parser *p, wit_ast_pkg_name *out)
{
    memset(out, 0, sizeof *out);
    TRY(parse_id(p, &out->ns));
    TRY(expect(p, WIT_T_COLON, NULL));
    TRY(parse_id(p, &out->name));
    int r = eat(p, WIT_T_AT);
    TRY(r);
    if (r)
        TRY(parse_version(p, &out->version, &out->version_span));
    out->span = span_from(p, out->ns.span.start);
    return 0;
}

/* use-path ::= id | id ':' id '/' id ('@' version)? */
static int parse_use_path(parser *p, wit_ast_use_path *out)
{
    memset(out, 0, sizeof *out);
    wit_ast_id first;
    TRY(parse_id(p, &first));
    int r = eat(p, WIT_T_COLON);
    TRY(r);
    if (!r) {
        out->name = first;
        out->span = first.span;
        return 0;
    }
    out->is_package = true;
    out->pkg.ns = first;
    TRY(parse_id(p, &out->pkg.name));
    TRY(expect(p, WIT_T_SLASH, NULL));
    TRY(parse_id(p, &out->name));
    r = eat(p, WIT_T_AT);
    TRY(r);
    if (r)
        TRY(parse_version(p, &out->pkg.version, &out->pkg.version_span));
    out->pkg.span = span_from(p, first.span.start);
    out->span = out->pkg.span;
    return 0;
}

/* ---- types ---- */

static int parse_type(parser *p, wit_ast_type **out, uint32_t depth);

/* Type nodes are the bulk of an AST, and most are primitives or names: those are allocated
 * only as far as the fields their kind uses (ast.h says so). */
static wit_ast_type *new_type(parser *p, wit_ast_type_kind k, wit_span sp)
{
    size_t size = k == WIT_AT_PRIM     ? offsetof(wit_ast_type, name)
                  : k == WIT_AT_NAME   ? offsetof(wit_ast_type, borrow)
                  : k == WIT_AT_HANDLE ? offsetof(wit_ast_type, borrow) + sizeof(bool)
                  : k == WIT_AT_OPTION || k == WIT_AT_FUTURE || k == WIT_AT_STREAM ? offsetof(wit_ast_type, b)
                  : k == WIT_AT_MAP || k == WIT_AT_RESULT ? offsetof(wit_ast_type, types)
                  : k == WIT_AT_TUPLE ? offsetof(wit_ast_type, len)
                                       : sizeof(wit_ast_type);
    wit_ast_type *t = wit_arena_alloc(p->a, size);
    if (k != WIT_AT_PRIM && k != WIT_AT_NAME)
        p->st->ntypes++;
    if (t) {
        t->kind = k;
        t->span = sp;
    }
    return t;
}

/* Parses `'<' type '>'` after a type keyword into t->a. */
static int parse_angle_one(parser *p, wit_ast_type *t, uint32_t depth)
{
    wit_span open;
    TRY(expect(p, WIT_T_LT, &open));
    TRY(parse_type(p, &t->a, depth + 1));
    return expect_close(p, WIT_T_GT, open, "'<'");
}

/* type ::= prim | 'tuple' '<' types '>' | 'list' '<' type (',' INT)? '>' | 'map' '<' type ',' type '>'
 *        | 'option' '<' type '>' | 'result' ('<' ('_' ',' type | type (',' type)?) '>')?
 *        | 'future' ('<' type '>')? | 'stream' ('<' type '>')? | 'error-context'
 *        | 'own' '<' id '>' | 'borrow' '<' id '>' | id */
static int parse_type(parser *p, wit_ast_type **out, uint32_t depth)
{
    wit_span sp = p->tok.span;
    if (depth >= MAX_TYPE_DEPTH) {
        error_at(p, sp, "type nesting too deep");
        return -1;
    }
    wit_tok k = peek(p);
    wit_ast_type *t;
    wit_prim prim = WIT_TYPE_ID;
    switch (k) {
    case WIT_T_BOOL: prim = WIT_BOOL; break;
    case WIT_T_U8: prim = WIT_U8; break;
    case WIT_T_U16: prim = WIT_U16; break;
    case WIT_T_U32: prim = WIT_U32; break;
    case WIT_T_U64: prim = WIT_U64; break;
    case WIT_T_S8: prim = WIT_S8; break;
    case WIT_T_S16: prim = WIT_S16; break;
    case WIT_T_S32: prim = WIT_S32; break;
    case WIT_T_S64: prim = WIT_S64; break;
    case WIT_T_F32: prim = WIT_F32; break;
    case WIT_T_F64: prim = WIT_F64; break;
    case WIT_T_CHAR: prim = WIT_CHAR; break;
    case WIT_T_STRING: prim = WIT_STRING; break;
    case WIT_T_ERROR_CONTEXT: prim = WIT_ERROR_CONTEXT; break;
    default: break;
    }
    if (prim != WIT_TYPE_ID) {
        if (!(t = new_type(p, WIT_AT_PRIM, sp)))
            return oom(p);
        t->prim = prim;
        TRY(advance(p));
        *out = t;
        return 0;
    }
    switch (k) {
    case WIT_T_ID:
    case WIT_T_EXPLICIT_ID:
        if (!(t = new_type(p, WIT_AT_NAME, sp)))
            return oom(p);
        t->prim = WIT_TYPE_ID;
        TRY(parse_id(p, &t->name));
        break;
    case WIT_T_TUPLE: {
        if (!(t = new_type(p, WIT_AT_TUPLE, sp)))
            return oom(p);
        TRY(advance(p));
        wit_span open;
        TRY(expect(p, WIT_T_LT, &open));
        size_t mark = list_mark(p);
        for (;;) {
            int r = eat(p, WIT_T_GT);
            TRY(r);
            if (r)
                break;
            wit_ast_type *e;
            TRY(parse_type(p, &e, depth + 1));
            ITEM(p, t->ntypes, e);
            r = eat(p, WIT_T_COMMA);
            TRY(r);
            if (!r) {
                TRY(expect_close(p, WIT_T_GT, open, "'<'"));
                break;
            }
        }
        FINISH(p, t->types, t->ntypes, mark);
        break;
    }
    case WIT_T_LIST: {
        if (!(t = new_type(p, WIT_AT_LIST, sp)))
            return oom(p);
        TRY(advance(p));
        wit_span open;
        TRY(expect(p, WIT_T_LT, &open));
        TRY(parse_type(p, &t->a, depth + 1));
        int r = eat(p, WIT_T_COMMA);
        TRY(r);
        if (r) {
            if (peek(p) != WIT_T_INTEGER) {
                expected(p, "fixed-length");
                return -1;
            }
            wit_span ns = p->tok.span;
            const char *d = p->lx.text + (ns.start - p->lx.base);
            uint64_t v = 0;
            bool too_big = false;
            for (uint32_t i = 0; i < ns.end - ns.start; i++) {
                v = v * 10 + (uint64_t)(d[i] - '0');
                if (v > UINT32_MAX) {
                    too_big = true;
                    break;
                }
            }
            if (too_big) {
                error_at(p, ns, "fixed-length list size `%.*s` is too large (at most %u)",
                         (int)(ns.end - ns.start), d, (unsigned)UINT32_MAX);
                return -1;
            }
            if (v == 0) {
                error_at(p, ns, "fixed-length lists must have at least one element");
                return -1;
            }
            t->kind = WIT_AT_FIXED_LIST;
            t->len = (uint32_t)v;
            t->len_span = ns;
            TRY(advance(p));
        }
        TRY(expect_close(p, WIT_T_GT, open, "'<'"));
        break;
    }
    case WIT_T_MAP: {
        if (!(t = new_type(p, WIT_AT_MAP, sp)))
            return oom(p);
        TRY(advance(p));
        wit_span open;
        TRY(expect(p, WIT_T_LT, &open));
        TRY(parse_type(p, &t->a, depth + 1));
        TRY(expect(p, WIT_T_COMMA, NULL));
        TRY(parse_type(p, &t->b, depth + 1));
        TRY(expect_close(p, WIT_T_GT, open, "'<'"));
        break;
    }
    case WIT_T_OPTION:
        if (!(t = new_type(p, WIT_AT_OPTION, sp)))
            return oom(p);
        TRY(advance(p));
        TRY(parse_angle_one(p, t, depth));
        break;
    case WIT_T_RESULT: {
        if (!(t = new_type(p, WIT_AT_RESULT, sp)))
            return oom(p);
        TRY(advance(p));
        if (peek(p) == WIT_T_LT) {
            wit_span open = p->tok.span;
            TRY(advance(p));
            int r = eat(p, WIT_T_UNDERSCORE);
            TRY(r);
            if (r) {
                TRY(expect(p, WIT_T_COMMA, NULL));
                TRY(parse_type(p, &t->b, depth + 1));
            } else {
                TRY(parse_type(p, &t->a, depth + 1));
                r = eat(p, WIT_T_COMMA);
                TRY(r);
                if (r)
                    TRY(parse_type(p, &t->b, depth + 1));
            }
            TRY(expect_close(p, WIT_T_GT, open, "'<'"));
        }
        break;
    }
    case WIT_T_FUTURE:
    case WIT_T_STREAM:
        if (!(t = new_type(p, k == WIT_T_FUTURE ? WIT_AT_FUTURE : WIT_AT_STREAM, sp)))
            return oom(p);
        TRY(advance(p));
        if (peek(p) == WIT_T_LT)
            TRY(parse_angle_one(p, t, depth));
        break;
    case WIT_T_OWN:
    case WIT_T_BORROW: {
        if (!(t = new_type(p, WIT_AT_HANDLE, sp)))
            return oom(p);
        t->borrow = k == WIT_T_BORROW;
        TRY(advance(p));
        wit_span open;
        TRY(expect(p, WIT_T_LT, &open));
        if (peek(p) != WIT_T_ID && peek(p) != WIT_T_EXPLICIT_ID) {
            wit_diag *d = expected(p, "an identifier or string");
            wit_diag_note(d, sp, "`%s<R>` takes the name of a resource R", t->borrow ? "borrow" : "own");
            return -1;
        }
        TRY(parse_id(p, &t->name));
        TRY(expect_close(p, WIT_T_GT, open, "'<'"));
        break;
    }
    default:
        expected(p, "a type");
        return -1;
    }
    t->span = span_from(p, sp.start);
    *out = t;
    return 0;
}

/* ---- functions ---- */

/* params ::= '(' (id ':' type (',' id ':' type)* ','?)? ')'  — after the '(' */
static int parse_params_rest(parser *p, wit_ast_func *f, wit_span open)
{
    size_t mark = list_mark(p);
    for (;;) {
        int r = eat(p, WIT_T_RPAREN);
        TRY(r);
        if (r)
            break;
        wit_ast_param prm;
        TRY(parse_id(p, &prm.name));
        TRY(expect(p, WIT_T_COLON, NULL));
        TRY(parse_type(p, &prm.type, 0));
        ITEM(p, f->nparams, prm);
        r = eat(p, WIT_T_COMMA);
        TRY(r);
        if (!r) {
            TRY(expect_close(p, WIT_T_RPAREN, open, "parameter list"));
            break;
        }
    }
    FINISH(p, f->params, f->nparams, mark);
    return 0;
}

/* func-type ::= 'async'? 'func' params ('->' type)? */
static int parse_func_type(parser *p, wit_ast_func *f)
{
    memset(f, 0, sizeof *f);
    uint32_t start = p->tok.span.start;
    int r = eat(p, WIT_T_ASYNC);
    TRY(r);
    f->is_async = r;
    TRY(expect(p, WIT_T_FUNC, NULL));
    wit_span open;
    TRY(expect(p, WIT_T_LPAREN, &open));
    TRY(parse_params_rest(p, f, open));
    r = eat(p, WIT_T_RARROW);
    TRY(r);
    if (r)
        TRY(parse_type(p, &f->result, 0));
    f->span = span_from(p, start);
    return 0;
}

/* func-item ::= id ':' func-type ';' */
static int parse_named_func(parser *p, wit_ast_named_func *out, wit_docs docs, wit_ast_attrs attrs)
{
    memset(out, 0, sizeof *out);
    out->docs = docs;
    out->attrs = attrs;
    uint32_t start = p->tok.span.start;
    TRY(parse_id(p, &out->name));
    TRY(expect(p, WIT_T_COLON, NULL));
    TRY(parse_func_type(p, &out->func));
    TRY(expect(p, WIT_T_SEMICOLON, NULL));
    out->span = span_from(p, start);
    return 0;
}

/* ---- type definitions ---- */

/* fields ::= '{' (field (',' field)* ','?)? '}' where a field is
 *   record: id ':' type     variant: id ('(' type ')')?     enum, flags: id */
static int parse_fields(parser *p, wit_ast_typedef *td, const char *what)
{
    wit_span open;
    TRY(expect(p, WIT_T_LBRACE, &open));
    size_t mark = list_mark(p);
    for (;;) {
        wit_docs docs = docs_here(p);
        int r = eat(p, WIT_T_RBRACE);
        TRY(r);
        if (r)
            break;
        wit_ast_field f;
        memset(&f, 0, sizeof f);
        f.docs = docs;
        TRY(parse_id(p, &f.name));
        if (td->kind == WIT_ATD_RECORD) {
            TRY(expect(p, WIT_T_COLON, NULL));
            TRY(parse_type(p, &f.type, 0));
        } else if (td->kind == WIT_ATD_VARIANT) {
            if (peek(p) == WIT_T_LPAREN) {
                wit_span po = p->tok.span;
                TRY(advance(p));
                TRY(parse_type(p, &f.type, 0));
                TRY(expect_close(p, WIT_T_RPAREN, po, "'('"));
            }
        }
        ITEM(p, td->nfields, f);
        r = eat(p, WIT_T_COMMA);
        TRY(r);
        if (!r) {
            TRY(expect_close(p, WIT_T_RBRACE, open, what));
            break;
        }
    }
    FINISH(p, td->fields, td->nfields, mark);
    return 0;
}

/* resource-func ::= 'constructor' params ('->' type)? ';'
 *                 | id ':' 'static'? func-type ';' */
static int parse_resource_func(parser *p, wit_ast_rfunc *out)
{
    memset(out, 0, sizeof *out);
    uint32_t start = p->tok.span.start;
    if (peek(p) == WIT_T_CONSTRUCTOR) {
        out->kind = WIT_RF_CONSTRUCTOR;
        out->name.name = "constructor";
        out->name.span = p->tok.span;
        TRY(advance(p));
        wit_span open;
        TRY(expect(p, WIT_T_LPAREN, &open));
        TRY(parse_params_rest(p, &out->func, open));
        int r = eat(p, WIT_T_RARROW);
        TRY(r);
        if (r)
            TRY(parse_type(p, &out->func.result, 0));
        out->func.span = span_from(p, start);
    } else if (peek(p) == WIT_T_ID || peek(p) == WIT_T_EXPLICIT_ID) {
        TRY(parse_id(p, &out->name));
        TRY(expect(p, WIT_T_COLON, NULL));
        int r = eat(p, WIT_T_STATIC);
        TRY(r);
        out->kind = r ? WIT_RF_STATIC : WIT_RF_METHOD;
        p->st->ntypes++; /* a method's `self: borrow<r>` */
        TRY(parse_func_type(p, &out->func));
    } else {
        expected(p, "`constructor` or identifier");
        return -1;
    }
    TRY(expect(p, WIT_T_SEMICOLON, NULL));
    out->span = span_from(p, start);
    return 0;
}

/* typedef ::= 'type' id '=' type ';'
 *           | 'record' id fields | 'variant' id fields | 'enum' id fields | 'flags' id fields
 *           | 'resource' id ';' | 'resource' id '{' (gate resource-func)* '}' */
static int parse_typedef(parser *p, wit_ast_typedef *td, wit_docs docs, wit_ast_attrs attrs)
{
    memset(td, 0, sizeof *td);
    td->docs = docs;
    td->attrs = attrs;
    p->st->ntypes++;
    uint32_t start = p->tok.span.start;
    wit_tok k = peek(p);
    TRY(advance(p));
    TRY(parse_id(p, &td->name));
    switch (k) {
    case WIT_T_TYPE:
        td->kind = WIT_ATD_ALIAS;
        TRY(expect(p, WIT_T_EQUALS, NULL));
        TRY(parse_type(p, &td->alias, 0));
        TRY(expect(p, WIT_T_SEMICOLON, NULL));
        break;
    case WIT_T_RECORD:
        td->kind = WIT_ATD_RECORD;
        TRY(parse_fields(p, td, "record"));
        break;
    case WIT_T_VARIANT:
        td->kind = WIT_ATD_VARIANT;
        TRY(parse_fields(p, td, "variant"));
        break;
    case WIT_T_ENUM:
        td->kind = WIT_ATD_ENUM;
        TRY(parse_fields(p, td, "enum"));
        break;
    case WIT_T_FLAGS:
        td->kind = WIT_ATD_FLAGS;
        TRY(parse_fields(p, td, "flags"));
        break;
    default: { /* resource */
        td->kind = WIT_ATD_RESOURCE;
        if (peek(p) != WIT_T_LBRACE) {
            TRY(expect(p, WIT_T_SEMICOLON, NULL));
            break;
        }
        td->has_body = true;
        wit_span open = p->tok.span;
        TRY(advance(p));
        size_t mark = list_mark(p);
        for (;;) {
            int r = eat(p, WIT_T_RBRACE);
            TRY(r);
            if (r)
                break;
            if (peek(p) == WIT_T_EOF) {
                wit_diag *d = expected(p, "`constructor` or identifier");
                wit_diag_note(d, open, "to close the resource that opens here");
                return -1;
            }
            wit_docs fdocs = docs_here(p);
            wit_ast_attrs fattrs;
            TRY(parse_attrs(p, &fattrs));
            wit_ast_rfunc rf;
            TRY(parse_resource_func(p, &rf));
            rf.docs = fdocs;
            rf.attrs = fattrs;
            ITEM(p, td->nfuncs, rf);
        }
        FINISH(p, td->funcs, td->nfuncs, mark);
        break;
    }
    }
    td->span = span_from(p, start);
    return 0;
}

/* use-item ::= 'use' use-path '.' '{' (use-name (',' use-name)* ','?)? '}' ';'
 * use-name ::= id ('as' id)? */
static int parse_use(parser *p, wit_ast_use *u, wit_docs docs, wit_ast_attrs attrs)
{
    memset(u, 0, sizeof *u);
    u->docs = docs;
    u->attrs = attrs;
    uint32_t start = p->tok.span.start;
    TRY(expect(p, WIT_T_USE, NULL));
    TRY(parse_use_path(p, &u->from));
    TRY(expect(p, WIT_T_PERIOD, NULL));
    wit_span open;
    TRY(expect(p, WIT_T_LBRACE, &open));
    size_t mark = list_mark(p);
    for (;;) {
        int r = eat(p, WIT_T_RBRACE);
        TRY(r);
        if (r)
            break;
        wit_ast_use_name n;
        memset(&n, 0, sizeof n);
        TRY(parse_id(p, &n.name));
        r = eat(p, WIT_T_AS);
        TRY(r);
        if (r)
            TRY(parse_id(p, &n.as));
        ITEM(p, u->nnames, n);
        p->st->ntypes++;
        r = eat(p, WIT_T_COMMA);
        TRY(r);
        if (!r) {
            TRY(expect_close(p, WIT_T_RBRACE, open, "use list"));
            break;
        }
    }
    FINISH(p, u->names, u->nnames, mark);
    TRY(expect(p, WIT_T_SEMICOLON, NULL));
    u->span = span_from(p, start);
    return 0;
}

/* ---- interfaces ---- */

static bool starts_typedef(wit_tok k)
{
    return k == WIT_T_TYPE || k == WIT_T_RECORD || k == WIT_T_VARIANT || k == WIT_T_ENUM ||
           k == WIT_T_FLAGS || k == WIT_T_RESOURCE;
}

/* interface-items ::= '{' (gate (use-item | typedef | func-item))* '}' */
static int parse_iface_items(parser *p, wit_ast_iface_item **items, uint32_t *nitems)
{
    wit_span open;
    TRY(expect(p, WIT_T_LBRACE, &open));
    size_t mark = list_mark(p);
    *items = NULL;
    *nitems = 0;
    for (;;) {
        wit_docs docs = docs_here(p);
        int r = eat(p, WIT_T_RBRACE);
        TRY(r);
        if (r)
            break;
        wit_ast_attrs attrs;
        TRY(parse_attrs(p, &attrs));
        wit_ast_iface_item it;
        memset(&it, 0, sizeof it);
        wit_tok k = peek(p);
        if (starts_typedef(k)) {
            it.kind = WIT_AII_TYPEDEF;
            TRY(parse_typedef(p, &it.u.td, docs, attrs));
        } else if (k == WIT_T_ID || k == WIT_T_EXPLICIT_ID) {
            it.kind = WIT_AII_FUNC;
            TRY(parse_named_func(p, &it.u.func, docs, attrs));
        } else if (k == WIT_T_USE) {
            it.kind = WIT_AII_USE;
            if (!(it.u.use = wit_arena_alloc(p->a, sizeof *it.u.use)))
                return oom(p);
            TRY(parse_use(p, it.u.use, docs, attrs));
        } else {
            wit_diag *d = expected(p, "`type`, `resource` or `func`");
            if (k == WIT_T_EOF)
                wit_diag_note(d, open, "to close the interface that opens here");
            return -1;
        }
        ITEM(p, *nitems, it);
    }
    FINISH(p, *items, *nitems, mark);
    return 0;
}

/* interface-item ::= gate 'interface' id interface-items */
static int parse_interface(parser *p, wit_ast_interface *out, wit_docs docs, wit_ast_attrs attrs)
{
    memset(out, 0, sizeof *out);
    out->docs = docs;
    out->attrs = attrs;
    uint32_t start = p->tok.span.start;
    TRY(expect(p, WIT_T_INTERFACE, NULL));
    TRY(parse_id(p, &out->name));
    TRY(parse_iface_items(p, &out->items, &out->nitems));
    out->span = span_from(p, start);
    return 0;
}

/* ---- worlds ---- */

/* extern ::= ('import' | 'export') (id ':' func-type ';'
 *                                  | id ':' 'interface' interface-items
 *                                  | id ':' use-path ';'
 *                                  | use-path ';') */
static int parse_extern(parser *p, wit_ast_extern *e, wit_docs docs, wit_ast_attrs attrs)
{
    memset(e, 0, sizeof *e);
    e->docs = docs;
    e->attrs = attrs;
    uint32_t start = p->tok.span.start;
    e->is_export = peek(p) == WIT_T_EXPORT;
    TRY(advance(p));
    parser save = *p;
    wit_ast_id id;
    TRY(parse_id(p, &id));
    int r = eat(p, WIT_T_COLON);
    TRY(r);
    if (r && (peek(p) == WIT_T_ID || peek(p) == WIT_T_EXPLICIT_ID)) {
        /* `import ns:pkg/iface` versus `import label: iface-path`: a '/' after the second
         * identifier means the first was a namespace. */
        wit_tok next;
        TRY(peek2(p, &next));
        if (next == WIT_T_SLASH)
            r = 0;
    }
    if (r) {
        wit_tok k = peek(p);
        if (k == WIT_T_FUNC || k == WIT_T_ASYNC) {
            e->kind = WIT_EXT_FUNC;
            e->name = id;
            TRY(parse_func_type(p, &e->func));
            TRY(expect(p, WIT_T_SEMICOLON, NULL));
        } else if (k == WIT_T_INTERFACE) {
            e->kind = WIT_EXT_INTERFACE;
            e->name = id;
            TRY(advance(p));
            TRY(parse_iface_items(p, &e->items, &e->nitems));
        } else {
            e->kind = WIT_EXT_NAMED_PATH;
            e->name = id;
            TRY(parse_use_path(p, &e->path));
            TRY(expect(p, WIT_T_SEMICOLON, NULL));
        }
    } else {
        /* A path, possibly `ns:pkg/iface`: re-parse from the saved state. */
        *p = save;
        e->kind = WIT_EXT_PATH;
        TRY(parse_use_path(p, &e->path));
        TRY(expect(p, WIT_T_SEMICOLON, NULL));
    }
    e->span = span_from(p, start);
    return 0;
}

/* include-item ::= 'include' use-path ';'
 *                | 'include' use-path 'with' '{' (id 'as' id (',' id 'as' id)* ','?)? '}' */
static int parse_include(parser *p, wit_ast_include *inc, wit_docs docs, wit_ast_attrs attrs)
{
    memset(inc, 0, sizeof *inc);
    inc->docs = docs;
    inc->attrs = attrs;
    uint32_t start = p->tok.span.start;
    TRY(expect(p, WIT_T_INCLUDE, NULL));
    TRY(parse_use_path(p, &inc->from));
    int r = eat(p, WIT_T_WITH);
    TRY(r);
    if (!r) {
        TRY(expect(p, WIT_T_SEMICOLON, NULL));
    } else {
        wit_span open;
        TRY(expect(p, WIT_T_LBRACE, &open));
        size_t mark = list_mark(p);
        for (;;) {
            r = eat(p, WIT_T_RBRACE);
            TRY(r);
            if (r)
                break;
            wit_ast_include_name n;
            TRY(parse_id(p, &n.name));
            TRY(expect(p, WIT_T_AS, NULL));
            TRY(parse_id(p, &n.as));
            ITEM(p, inc->nwith, n);
            r = eat(p, WIT_T_COMMA);
            TRY(r);
            if (!r) {
                TRY(expect_close(p, WIT_T_RBRACE, open, "`with` list"));
                break;
            }
        }
        FINISH(p, inc->with, inc->nwith, mark);
    }
    inc->span = span_from(p, start);
    return 0;
}

/* world-item ::= gate 'world' id '{' (gate (extern | use-item | typedef | include-item))* '}' */
static int parse_world(parser *p, wit_ast_world *w, wit_docs docs, wit_ast_attrs attrs)
{
    memset(w, 0, sizeof *w);
    w->docs = docs;
    w->attrs = attrs;
    uint32_t start = p->tok.span.start;
    TRY(expect(p, WIT_T_WORLD, NULL));
    TRY(parse_id(p, &w->name));
    wit_span open;
    TRY(expect(p, WIT_T_LBRACE, &open));
    size_t mark = list_mark(p);
    for (;;) {
        wit_docs idocs = docs_here(p);
        int r = eat(p, WIT_T_RBRACE);
        TRY(r);
        if (r)
            break;
        wit_ast_attrs iattrs;
        TRY(parse_attrs(p, &iattrs));
        wit_ast_world_item it;
        memset(&it, 0, sizeof it);
        wit_tok k = peek(p);
        if (k == WIT_T_IMPORT || k == WIT_T_EXPORT) {
            it.kind = WIT_AWI_EXTERN;
            TRY(parse_extern(p, &it.u.ext, idocs, iattrs));
        } else if (k == WIT_T_USE) {
            it.kind = WIT_AWI_USE;
            TRY(parse_use(p, &it.u.use, idocs, iattrs));
        } else if (starts_typedef(k)) {
            it.kind = WIT_AWI_TYPEDEF;
            TRY(parse_typedef(p, &it.u.td, idocs, iattrs));
        } else if (k == WIT_T_INCLUDE) {
            it.kind = WIT_AWI_INCLUDE;
            TRY(parse_include(p, &it.u.inc, idocs, iattrs));
        } else {
            wit_diag *d = expected(p, "`import`, `export`, `include`, `use`, or type definition");
            if (k == WIT_T_EOF)
                wit_diag_note(d, open, "to close the world that opens here");
            return -1;
        }
        ITEM(p, w->nitems, it);
    }
    FINISH(p, w->items, w->nitems, mark);
    w->span = span_from(p, start);
    return 0;
}

/* ---- files and package blocks ---- */

/* toplevel-use-item ::= 'use' use-path ('as' id)? ';' */
static int parse_toplevel_use(parser *p, wit_ast_toplevel_use *u, wit_docs docs, wit_ast_attrs attrs)
{
    memset(u, 0, sizeof *u);
    u->docs = docs;
    u->attrs = attrs;
    uint32_t start = p->tok.span.start;
    TRY(expect(p, WIT_T_USE, NULL));
    TRY(parse_use_path(p, &u->item));
    int r = eat(p, WIT_T_AS);
    TRY(r);
    if (r)
        TRY(parse_id(p, &u->as));
    TRY(expect(p, WIT_T_SEMICOLON, NULL));
    u->span = span_from(p, start);
    return 0;
}

static int parse_decls(parser *p, wit_ast_toplevel **items, uint32_t *nitems, uint32_t depth,
                       const wit_span *open);

/* nested-package-definition ::= 'package' package-name '{' package-items* '}' */
static int parse_package_block(parser *p, wit_ast_package_block **out, wit_docs docs, uint32_t depth)
{
    wit_ast_package_block *b = wit_arena_alloc(p->a, sizeof *b);
    if (!b)
        return oom(p);
    b->docs = docs;
    uint32_t start = p->tok.span.start;
    if (depth + 1 > MAX_ITEM_DEPTH) {
        error_at(p, p->tok.span, "package nesting too deep");
        return -1;
    }
    TRY(expect(p, WIT_T_PACKAGE, NULL));
    TRY(parse_pkg_name(p, &b->name));
    if (depth > 0 && p->nested_pkg.start == UINT32_MAX)
        p->nested_pkg = b->name.span;
    wit_span open;
    TRY(expect(p, WIT_T_LBRACE, &open));
    TRY(parse_decls(p, &b->items, &b->nitems, depth + 1, &open));
    b->span = span_from(p, start);
    *out = b;
    return 0;
}

/* package-items ::= gate (toplevel-use-item | interface-item | world-item)
 *                 | nested-package-definition
 * Parses items until EOF (open == NULL) or the '}' closing a package block. */
static int parse_decls(parser *p, wit_ast_toplevel **items, uint32_t *nitems, uint32_t depth,
                       const wit_span *open)
{
    size_t mark = list_mark(p);
    *items = NULL;
    *nitems = 0;
    for (;;) {
        wit_docs docs = docs_here(p);
        if (open) {
            int r = eat(p, WIT_T_RBRACE);
            TRY(r);
            if (r)
                break;
        } else if (peek(p) == WIT_T_EOF) {
            break;
        }
        wit_ast_attrs attrs;
        TRY(parse_attrs(p, &attrs));
        wit_ast_toplevel it;
        memset(&it, 0, sizeof it);
        switch (peek(p)) {
        case WIT_T_INTERFACE:
            it.kind = WIT_ATL_INTERFACE;
            TRY(parse_interface(p, &it.u.iface, docs, attrs));
            break;
        case WIT_T_WORLD:
            it.kind = WIT_ATL_WORLD;
            TRY(parse_world(p, &it.u.world, docs, attrs));
            break;
        case WIT_T_USE:
            it.kind = WIT_ATL_USE;
            TRY(parse_toplevel_use(p, &it.u.use, docs, attrs));
            break;
        case WIT_T_PACKAGE:
            if (attrs.n) {
                error_at(p, attrs.items[0].span, "cannot place attributes on nested packages");
                return -1;
            }
            it.kind = WIT_ATL_PACKAGE;
            TRY(parse_package_block(p, &it.u.pkg, docs, depth));
            break;
        default: {
            wit_diag *d = expected(p, "`world`, `interface` or `use`");
            if (open && peek(p) == WIT_T_EOF)
                wit_diag_note(d, *open, "to close the package that opens here");
            return -1;
        }
        }
        ITEM(p, *nitems, it);
    }
    FINISH(p, *items, *nitems, mark);
    return 0;
}

/* wit-file ::= (package-decl ';')? (package-items | nested-package-definition)*
 * package-decl ::= 'package' package-name */
static int parse_file(parser *p, wit_ast_file *f)
{
    wit_docs docs = docs_here(p);
    if (peek(p) == WIT_T_PACKAGE) {
        parser save = *p;
        TRY(advance(p));
        wit_ast_pkg_name name;
        TRY(parse_pkg_name(p, &name));
        if (peek(p) == WIT_T_SEMICOLON) {
            TRY(advance(p));
            f->has_package = true;
            f->package = name;
            f->package_docs = docs;
        } else {
            *p = save; /* a package block: parsed below */
        }
    }
    TRY(parse_decls(p, &f->items, &f->nitems, 0, NULL));
    if (p->nested_pkg.start != UINT32_MAX) {
        error_at(p, p->nested_pkg, "nested packages must be placed at the top-level");
        return -1;
    }
    return 0;
}

wit_ast_file *wit_parse_file(wit_session *s, uint32_t file)
{
    return wit_parse_file_in(s, file, s->arena);
}

wit_ast_file *wit_parse_file_in(wit_session *s, uint32_t file, wit_arena *nodes)
{
    parser p;
    pstore st;
    memset(&p, 0, sizeof p);
    memset(&st, 0, sizeof st);
    p.s = s;
    p.a = nodes;
    p.sa = s->arena;
    p.st = &st;
    p.nested_pkg = WIT_NO_SPAN;
    intern_tab *t = s->priv;
    if (!t && (t = wit_calloc(1, sizeof *t)))
        s->priv = t;
    if (t) { /* reuse the last parse's scratch: no malloc and regrowth per file */
        st.scratch = t->scratch;
        st.cap = t->scratch_cap;
        t->scratch = NULL;
        t->scratch_cap = 0;
    }
    wit_ast_file *f = NULL;
    if (file >= s->srcmap.nfiles)
        wit_die("wit_parse_file: no file %u", (unsigned)file);
    if (wit_lex_init(&p.lx, &s->srcmap, file, &s->diags) < 0)
        goto done;
    p.gap = p.lx.pos;
    p.last_end = p.lx.base + p.lx.pos;
    if (wit_lex_next(&p.lx, &p.tok) < 0)
        goto done;
    f = wit_arena_alloc(p.a, sizeof *f);
    if (!f)
        goto done;
    f->file = file;
    if (parse_file(&p, f) < 0 || wit_arena_failed(p.a) || wit_arena_failed(p.sa))
        f = NULL;
    else
        f->ntypes_hint = st.ntypes;
done:
    if (t) {
        t->scratch = st.scratch;
        t->scratch_cap = st.cap;
    } else {
        wit_free(st.scratch);
    }
    return f;
}
