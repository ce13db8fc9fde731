/* The WIT lexer. One pass over the file rejects bytes wit-parser rejects (bad UTF-8,
 * control characters, bidi overrides, discouraged code points); after that the scanner
 * only looks at ASCII structure, because every non-ASCII byte can only appear inside an
 * identifier (where validation rejects it) or a comment. Tokens are produced on demand
 * and never stored; comments are skipped and re-read from the gap before an item when
 * the parser asks for its docs, so plain lexing allocates nothing. */
#include "lex.h"

#include <string.h>

/* ---- input checks ---- */

static int bad_input(wit_lexer *lx, uint32_t at, uint32_t n, const char *fmt, uint32_t cp)
{
    wit_span sp = {lx->base + at, lx->base + at + n};
    wit_diags_add(lx->diags, WIT_SEV_ERROR, sp, fmt, (unsigned)cp);
    return -1;
}

static int check_input(wit_lexer *lx)
{
    const unsigned char *p = (const unsigned char *)lx->text;
    uint32_t n = lx->len;
    uint32_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) {
                if (c != '\n' && c != '\r' && c != '\t')
                    return bad_input(lx, i, 1, "control character U+%04X is not allowed in WIT source", c);
            }
            i++;
            continue;
        }
        uint32_t cp;
        int k = wit_utf8_decode(p + i, n - i, &cp);
        if (k == 0)
            return bad_input(lx, i, 1, "invalid UTF-8 (byte 0x%02X): WIT source must be UTF-8", c);
        if (cp >= 0x80 && cp <= 0x9f)
            return bad_input(lx, i, (uint32_t)k, "control character U+%04X is not allowed in WIT source", cp);
        if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
            return bad_input(lx, i, (uint32_t)k,
                             "bidirectional override code point U+%04X is not allowed in WIT source", cp);
        if (cp == 0x149 || cp == 0x673 || cp == 0xf77 || cp == 0xf79 || cp == 0x17a3 || cp == 0x17a4 ||
            cp == 0x17b4 || cp == 0x17b5)
            return bad_input(lx, i, (uint32_t)k, "code point U+%04X is discouraged by Unicode", cp);
        i += (uint32_t)k;
    }
    return 0;
}

int wit_lex_init(wit_lexer *lx, const wit_srcmap *map, uint32_t file, wit_diags *diags)
{
    const wit_srcfile *f = &map->files[file];
    lx->text = f->text;
    lx->len = f->len;
    lx->base = f->base;
    lx->pos = 0;
    lx->diags = diags;
    if (check_input(lx) < 0)
        return -1;
    if (lx->len >= 3 && memcmp(lx->text, "\xEF\xBB\xBF", 3) == 0)
        lx->pos = 3;
    return 0;
}

/* ---- character classes ---- */

/* Keylike text: what wit-parser lexes as one identifier-or-keyword before validating it.
 * Non-ASCII bytes count as keylike so that `héllo` is one token that validation rejects. */
static const unsigned char keylike_tab[256] = {
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1, ['_'] = 1,
    ['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2, ['7'] = 2,
    ['8'] = 2, ['9'] = 2, ['-'] = 2,
    [0x80] = 1, [0x81] = 1, [0x82] = 1, [0x83] = 1, [0x84] = 1, [0x85] = 1, [0x86] = 1, [0x87] = 1,
    [0x88] = 1, [0x89] = 1, [0x8a] = 1, [0x8b] = 1, [0x8c] = 1, [0x8d] = 1, [0x8e] = 1, [0x8f] = 1,
    [0x90] = 1, [0x91] = 1, [0x92] = 1, [0x93] = 1, [0x94] = 1, [0x95] = 1, [0x96] = 1, [0x97] = 1,
    [0x98] = 1, [0x99] = 1, [0x9a] = 1, [0x9b] = 1, [0x9c] = 1, [0x9d] = 1, [0x9e] = 1, [0x9f] = 1,
    [0xa0] = 1, [0xa1] = 1, [0xa2] = 1, [0xa3] = 1, [0xa4] = 1, [0xa5] = 1, [0xa6] = 1, [0xa7] = 1,
    [0xa8] = 1, [0xa9] = 1, [0xaa] = 1, [0xab] = 1, [0xac] = 1, [0xad] = 1, [0xae] = 1, [0xaf] = 1,
    [0xb0] = 1, [0xb1] = 1, [0xb2] = 1, [0xb3] = 1, [0xb4] = 1, [0xb5] = 1, [0xb6] = 1, [0xb7] = 1,
    [0xb8] = 1, [0xb9] = 1, [0xba] = 1, [0xbb] = 1, [0xbc] = 1, [0xbd] = 1, [0xbe] = 1, [0xbf] = 1,
    [0xc2] = 1, [0xc3] = 1, [0xc4] = 1, [0xc5] = 1, [0xc6] = 1, [0xc7] = 1, [0xc8] = 1, [0xc9] = 1,
    [0xca] = 1, [0xcb] = 1, [0xcc] = 1, [0xcd] = 1, [0xce] = 1, [0xcf] = 1, [0xd0] = 1, [0xd1] = 1,
    [0xd2] = 1, [0xd3] = 1, [0xd4] = 1, [0xd5] = 1, [0xd6] = 1, [0xd7] = 1, [0xd8] = 1, [0xd9] = 1,
    [0xda] = 1, [0xdb] = 1, [0xdc] = 1, [0xdd] = 1, [0xde] = 1, [0xdf] = 1, [0xe0] = 1, [0xe1] = 1,
    [0xe2] = 1, [0xe3] = 1, [0xe4] = 1, [0xe5] = 1, [0xe6] = 1, [0xe7] = 1, [0xe8] = 1, [0xe9] = 1,
    [0xea] = 1, [0xeb] = 1, [0xec] = 1, [0xed] = 1, [0xee] = 1, [0xef] = 1, [0xf0] = 1, [0xf1] = 1,
    [0xf2] = 1, [0xf3] = 1, [0xf4] = 1,
};

#define KEYLIKE_START(c) (keylike_tab[(unsigned char)(c)] == 1)
#define KEYLIKE_CONT(c) (keylike_tab[(unsigned char)(c)] != 0)

/* ---- keywords ---- */

typedef struct kw {
    const char *text;
    wit_tok tok;
    uint8_t len;
} kw;

static const kw keywords[] = {
    {"_", WIT_T_UNDERSCORE, 1},   {"as", WIT_T_AS, 2},           {"u8", WIT_T_U8, 2},
    {"s8", WIT_T_S8, 2},          {"use", WIT_T_USE, 3},         {"u16", WIT_T_U16, 3},
    {"u32", WIT_T_U32, 3},        {"u64", WIT_T_U64, 3},         {"s16", WIT_T_S16, 3},
    {"s32", WIT_T_S32, 3},        {"s64", WIT_T_S64, 3},         {"f32", WIT_T_F32, 3},
    {"f64", WIT_T_F64, 3},        {"own", WIT_T_OWN, 3},         {"map", WIT_T_MAP, 3},
    {"type", WIT_T_TYPE, 4},      {"func", WIT_T_FUNC, 4},       {"char", WIT_T_CHAR, 4},
    {"enum", WIT_T_ENUM, 4},      {"bool", WIT_T_BOOL, 4},       {"list", WIT_T_LIST, 4},
    {"from", WIT_T_FROM, 4},      {"with", WIT_T_WITH, 4},       {"flags", WIT_T_FLAGS, 5},
    {"tuple", WIT_T_TUPLE, 5},    {"world", WIT_T_WORLD, 5},     {"async", WIT_T_ASYNC, 5},
    {"borrow", WIT_T_BORROW, 6},  {"record", WIT_T_RECORD, 6},   {"string", WIT_T_STRING, 6},
    {"option", WIT_T_OPTION, 6},  {"result", WIT_T_RESULT, 6},   {"future", WIT_T_FUTURE, 6},
    {"stream", WIT_T_STREAM, 6},  {"static", WIT_T_STATIC, 6},   {"import", WIT_T_IMPORT, 6},
    {"export", WIT_T_EXPORT, 6},  {"variant", WIT_T_VARIANT, 7}, {"package", WIT_T_PACKAGE, 7},
    {"include", WIT_T_INCLUDE, 7}, {"resource", WIT_T_RESOURCE, 8}, {"interface", WIT_T_INTERFACE, 9},
    {"constructor", WIT_T_CONSTRUCTOR, 11}, {"error-context", WIT_T_ERROR_CONTEXT, 13},
};

static wit_tok keyword(const char *s, uint32_t n)
{
    if (n > 13)
        return WIT_T_ID;
    /* Cheap filter: every keyword starts with one of these letters. */
    switch (s[0]) {
    case '_': case 'a': case 'b': case 'c': case 'e': case 'f': case 'i': case 'l': case 'm':
    case 'o': case 'p': case 'r': case 's': case 't': case 'u': case 'v': case 'w':
        break;
    default:
        return WIT_T_ID;
    }
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
        const char *k = keywords[i].text;
        if (keywords[i].len == n && k[0] == s[0] && memcmp(k, s, n) == 0)
            return keywords[i].tok;
    }
    return WIT_T_ID;
}

/* ---- scanning ---- */

static int lex_error(wit_lexer *lx, uint32_t at, uint32_t n, const char *msg)
{
    wit_span sp = {lx->base + at, lx->base + at + n};
    wit_diags_add(lx->diags, WIT_SEV_ERROR, sp, "%s", msg);
    return -1;
}

/* Skips a comment starting at text[i] ("//" or "/ *"); returns the offset after it, or
 * UINT32_MAX when a block comment is unterminated. */
static uint32_t skip_comment(const char *t, uint32_t len, uint32_t i)
{
    if (t[i + 1] == '/') {
        const char *nl = memchr(t + i, '\n', len - i);
        return nl ? (uint32_t)(nl - t) + 1 : len;
    }
    uint32_t depth = 1;
    i += 2;
    while (i < len) {
        char c = t[i];
        if (c == '/' && i + 1 < len && t[i + 1] == '*') {
            depth++;
            i += 2;
        } else if (c == '*' && i + 1 < len && t[i + 1] == '/') {
            i += 2;
            if (--depth == 0)
                return i;
        } else {
            i++;
        }
    }
    return UINT32_MAX;
}

int wit_lex_next(wit_lexer *lx, wit_token *out)
{
    const char *t = lx->text;
    uint32_t len = lx->len;
    uint32_t i = lx->pos;
    for (;;) {
        if (i >= len) {
            lx->pos = len;
            out->kind = WIT_T_EOF;
            out->span.start = out->span.end = lx->base + len;
            return 0;
        }
        char c = t[i];
        if (c == ' ' || c == '\n' || c == '\t') {
            i++;
            continue;
        }
        if (c == '\r' && i + 1 < len && t[i + 1] == '\n') {
            i += 2;
            continue;
        }
        if (c == '/' && i + 1 < len && (t[i + 1] == '/' || t[i + 1] == '*')) {
            uint32_t e = skip_comment(t, len, i);
            if (e == UINT32_MAX) {
                lx->pos = i;
                return lex_error(lx, i, 2, "unterminated block comment");
            }
            i = e;
            continue;
        }
        break;
    }
    uint32_t start = i;
    wit_tok k;
    char c = t[i++];
    switch (c) {
    case '=': k = WIT_T_EQUALS; break;
    case ',': k = WIT_T_COMMA; break;
    case ':': k = WIT_T_COLON; break;
    case '.': k = WIT_T_PERIOD; break;
    case ';': k = WIT_T_SEMICOLON; break;
    case '(': k = WIT_T_LPAREN; break;
    case ')': k = WIT_T_RPAREN; break;
    case '{': k = WIT_T_LBRACE; break;
    case '}': k = WIT_T_RBRACE; break;
    case '<': k = WIT_T_LT; break;
    case '>': k = WIT_T_GT; break;
    case '*': k = WIT_T_STAR; break;
    case '@': k = WIT_T_AT; break;
    case '/': k = WIT_T_SLASH; break;
    case '+': k = WIT_T_PLUS; break;
    case '-':
        if (i < len && t[i] == '>') {
            i++;
            k = WIT_T_RARROW;
        } else {
            k = WIT_T_MINUS;
        }
        break;
    case '%':
        if (i < len && KEYLIKE_START(t[i])) {
            while (i < len && KEYLIKE_CONT(t[i]))
                i++;
        }
        k = WIT_T_EXPLICIT_ID;
        break;
    default:
        if (c >= '0' && c <= '9') {
            while (i < len && t[i] >= '0' && t[i] <= '9')
                i++;
            k = WIT_T_INTEGER;
        } else if (KEYLIKE_START(c)) {
            while (i < len && KEYLIKE_CONT(t[i]))
                i++;
            k = keyword(t + start, i - start);
        } else {
            char msg[64];
            uint32_t cp = (unsigned char)c;
            uint32_t n = 1;
            if (c == '\r')
                snprintf(msg, sizeof msg, "unexpected character '\\r'");
            else if (cp >= 0x20 && cp < 0x7f)
                snprintf(msg, sizeof msg, "unexpected character '%c'", c);
            else
                snprintf(msg, sizeof msg, "unexpected character U+%04X", (unsigned)cp);
            lx->pos = start;
            return lex_error(lx, start, n, msg);
        }
        break;
    }
    lx->pos = i;
    out->kind = k;
    out->span.start = lx->base + start;
    out->span.end = lx->base + i;
    return 0;
}

const char *wit_tok_describe(wit_tok t)
{
    switch (t) {
    case WIT_T_EOF: return "eof";
    case WIT_T_EQUALS: return "'='";
    case WIT_T_COMMA: return "','";
    case WIT_T_COLON: return "':'";
    case WIT_T_PERIOD: return "'.'";
    case WIT_T_SEMICOLON: return "';'";
    case WIT_T_LPAREN: return "'('";
    case WIT_T_RPAREN: return "')'";
    case WIT_T_LBRACE: return "'{'";
    case WIT_T_RBRACE: return "'}'";
    case WIT_T_LT: return "'<'";
    case WIT_T_GT: return "'>'";
    case WIT_T_RARROW: return "'->'";
    case WIT_T_STAR: return "'*'";
    case WIT_T_AT: return "'@'";
    case WIT_T_SLASH: return "'/'";
    case WIT_T_PLUS: return "'+'";
    case WIT_T_MINUS: return "'-'";
    case WIT_T_ID: return "an identifier";
    case WIT_T_EXPLICIT_ID: return "an '%' identifier";
    case WIT_T_INTEGER: return "an integer";
    default:
        break;
    }
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
        if (keywords[i].tok == t) {
            /* "keyword `x`": built once per keyword into a static table. */
            static const char *descs[sizeof keywords / sizeof keywords[0]] = {
                "keyword `_`", "keyword `as`", "keyword `u8`", "keyword `s8`", "keyword `use`",
                "keyword `u16`", "keyword `u32`", "keyword `u64`", "keyword `s16`", "keyword `s32`",
                "keyword `s64`", "keyword `f32`", "keyword `f64`", "keyword `own`", "keyword `map`",
                "keyword `type`", "keyword `func`", "keyword `char`", "keyword `enum`", "keyword `bool`",
                "keyword `list`", "keyword `from`", "keyword `with`", "keyword `flags`",
                "keyword `tuple`", "keyword `world`", "keyword `async`", "keyword `borrow`",
                "keyword `record`", "keyword `string`", "keyword `option`", "keyword `result`",
                "keyword `future`", "keyword `stream`", "keyword `static`", "keyword `import`",
                "keyword `export`", "keyword `variant`", "keyword `package`", "keyword `include`",
                "keyword `resource`", "keyword `interface`", "keyword `constructor`",
                "keyword `error-context`",
            };
            return descs[i];
        }
    }
    return "a token";
}

/* ---- identifiers ---- */

const char *wit_lex_validate_id(const char *id, size_t n, size_t *bad)
{
    *bad = 0;
    if (n == 0)
        return "identifiers must have characters between '-'s";
    size_t i = 0;
    bool first_part = true;
    while (i <= n) {
        size_t start = i;
        while (i < n && id[i] != '-')
            i++;
        /* part = id[start, i) */
        if (i == start) {
            *bad = start;
            return "identifiers must have characters between '-'s";
        }
        unsigned char f = (unsigned char)id[start];
        int upper; /* 1 upper, 0 lower, -1 not yet known (digit-led part) */
        if (f >= 'a' && f <= 'z') {
            upper = 0;
        } else if (f >= 'A' && f <= 'Z') {
            upper = 1;
        } else if (f >= '0' && f <= '9' && !first_part) {
            upper = -1;
        } else {
            *bad = start;
            return "invalid character in identifier";
        }
        for (size_t j = start; j < i; j++) {
            unsigned char c = (unsigned char)id[j];
            if (c >= '0' && c <= '9')
                continue;
            if (c >= 'a' && c <= 'z' && upper != 1) {
                upper = 0;
                continue;
            }
            if (c >= 'A' && c <= 'Z' && upper != 0) {
                upper = 1;
                continue;
            }
            *bad = j;
            return "invalid character in identifier";
        }
        first_part = false;
        i++; /* skip '-' (or step past the end) */
    }
    return NULL;
}

/* ---- docs ---- */

typedef struct doc_piece {
    const char *p;
    uint32_t n;
} doc_piece;

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

const char *wit_lex_docs(wit_arena *a, const char *text, uint32_t from, uint32_t to)
{
    /* First pass: count comments. */
    uint32_t ncomments = 0;
    for (uint32_t i = from; i < to;) {
        if (text[i] == '/' && i + 1 < to && (text[i + 1] == '/' || text[i + 1] == '*')) {
            uint32_t e = skip_comment(text, to, i);
            if (e == UINT32_MAX)
                e = to;
            ncomments++;
            i = e;
        } else {
            i++;
        }
    }
    if (ncomments == 0)
        return NULL;
    doc_piece *pieces = wit_arena_alloc(a, ncomments * sizeof *pieces);
    if (!pieces)
        return NULL;
    uint32_t np = 0;
    size_t total = 0;
    for (uint32_t i = from; i < to;) {
        if (!(text[i] == '/' && i + 1 < to && (text[i + 1] == '/' || text[i + 1] == '*'))) {
            i++;
            continue;
        }
        uint32_t e = skip_comment(text, to, i);
        if (e == UINT32_MAX)
            e = to;
        const char *p = text + i;
        uint32_t n = e - i;
        if (n >= 3 && memcmp(p, "/**", 3) == 0 && n >= 5 && memcmp(p + n - 2, "*/", 2) == 0) {
            p += 3;
            n -= 5;
        } else {
            while (n > 0 && *p == '/') {
                p++;
                n--;
            }
        }
        while (n > 0 && is_ws(p[n - 1]))
            n--;
        pieces[np].p = p;
        pieces[np].n = n;
        np++;
        total += n + 1;
        i = e;
    }
    /* Common leading whitespace over the non-empty pieces; only spaces are removed. */
    uint32_t min_ws = UINT32_MAX;
    for (uint32_t k = 0; k < np; k++) {
        if (pieces[k].n == 0)
            continue;
        uint32_t w = 0;
        while (w < pieces[k].n && is_ws(pieces[k].p[w]))
            w++;
        if (w < min_ws)
            min_ws = w;
    }
    if (min_ws == UINT32_MAX)
        min_ws = 0;
    char *out = wit_arena_alloc(a, total + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (uint32_t k = 0; k < np; k++) {
        const char *p = pieces[k].p;
        uint32_t n = pieces[k].n;
        if (n == 0) {
            out[o++] = '\n';
            continue;
        }
        if (min_ws > 0 && n >= min_ws) {
            uint32_t w = 0;
            while (w < min_ws && p[w] == ' ')
                w++;
            if (w == min_ws) {
                p += min_ws;
                n -= min_ws;
            }
        }
        /* Split into lines as Rust's str::lines does: '\n' ends a line, a '\r' before it
         * is dropped, and a final empty line is not produced. */
        uint32_t s = 0;
        while (s < n) {
            uint32_t e = s;
            while (e < n && p[e] != '\n')
                e++;
            uint32_t le = e;
            if (le > s && p[le - 1] == '\r')
                le--;
            memcpy(out + o, p + s, le - s);
            o += le - s;
            out[o++] = '\n';
            s = e + 1;
        }
    }
    while (o > 0 && out[o - 1] == '\n')
        o--;
    out[o] = '\0';
    return out;
}
