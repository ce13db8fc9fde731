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
    const uint64_t L = 0x0101010101010101u, H = 0x8080808080808080u;
    while (i < n) {
        if (n - i >= 8) { /* fast path: eight printable ASCII bytes (0x20..0x7e) at once */
            uint64_t w, d;
            memcpy(&w, p + i, 8);
            d = w ^ (0x7f * L);
            if (((w | ((w - 0x20 * L) & ~w) | ((d - L) & ~d)) & H) == 0) {
                i += 8;
                continue;
            }
        }
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
 * 1: may start it, 2: may continue it, 3: a UTF-8 lead or continuation byte — decoded by
 * keylike_len, because non-ASCII letters are keylike (so `héllo` is one token that
 * validation rejects) but spaces, punctuation and symbols are not. */
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
    [0x80] = 3, [0x81] = 3, [0x82] = 3, [0x83] = 3, [0x84] = 3, [0x85] = 3, [0x86] = 3, [0x87] = 3,
    [0x88] = 3, [0x89] = 3, [0x8a] = 3, [0x8b] = 3, [0x8c] = 3, [0x8d] = 3, [0x8e] = 3, [0x8f] = 3,
    [0x90] = 3, [0x91] = 3, [0x92] = 3, [0x93] = 3, [0x94] = 3, [0x95] = 3, [0x96] = 3, [0x97] = 3,
    [0x98] = 3, [0x99] = 3, [0x9a] = 3, [0x9b] = 3, [0x9c] = 3, [0x9d] = 3, [0x9e] = 3, [0x9f] = 3,
    [0xa0] = 3, [0xa1] = 3, [0xa2] = 3, [0xa3] = 3, [0xa4] = 3, [0xa5] = 3, [0xa6] = 3, [0xa7] = 3,
    [0xa8] = 3, [0xa9] = 3, [0xaa] = 3, [0xab] = 3, [0xac] = 3, [0xad] = 3, [0xae] = 3, [0xaf] = 3,
    [0xb0] = 3, [0xb1] = 3, [0xb2] = 3, [0xb3] = 3, [0xb4] = 3, [0xb5] = 3, [0xb6] = 3, [0xb7] = 3,
    [0xb8] = 3, [0xb9] = 3, [0xba] = 3, [0xbb] = 3, [0xbc] = 3, [0xbd] = 3, [0xbe] = 3, [0xbf] = 3,
    [0xc2] = 3, [0xc3] = 3, [0xc4] = 3, [0xc5] = 3, [0xc6] = 3, [0xc7] = 3, [0xc8] = 3, [0xc9] = 3,
    [0xca] = 3, [0xcb] = 3, [0xcc] = 3, [0xcd] = 3, [0xce] = 3, [0xcf] = 3, [0xd0] = 3, [0xd1] = 3,
    [0xd2] = 3, [0xd3] = 3, [0xd4] = 3, [0xd5] = 3, [0xd6] = 3, [0xd7] = 3, [0xd8] = 3, [0xd9] = 3,
    [0xda] = 3, [0xdb] = 3, [0xdc] = 3, [0xdd] = 3, [0xde] = 3, [0xdf] = 3, [0xe0] = 3, [0xe1] = 3,
    [0xe2] = 3, [0xe3] = 3, [0xe4] = 3, [0xe5] = 3, [0xe6] = 3, [0xe7] = 3, [0xe8] = 3, [0xe9] = 3,
    [0xea] = 3, [0xeb] = 3, [0xec] = 3, [0xed] = 3, [0xee] = 3, [0xef] = 3, [0xf0] = 3, [0xf1] = 3,
    [0xf2] = 3, [0xf3] = 3, [0xf4] = 3,
};

/* Non-ASCII code points that are not word characters: Latin-1 punctuation and symbols
 * (NBSP among them), general punctuation (Unicode spaces, curly quotes), arrows, maths and
 * other symbols, CJK punctuation, variation selectors, the BOM, private use, emoji. An
 * approximation of "not XID", enough to say "unexpected character" where wit-parser does. */
static bool non_word(uint32_t cp)
{
    return cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
           (cp >= 0x2E00 && cp <= 0x2E7F) || (cp >= 0x3000 && cp <= 0x303F) ||
           (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF ||
           (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp >= 0x1F000 && cp <= 0x1FAFF);
}

/* Byte length of the keylike character at t[i], 0 when it is not keylike; `start` asks
 * whether it may begin a token (digits and '-' may not). The input is valid UTF-8. */
static inline uint32_t keylike_len(const char *t, uint32_t i, uint32_t len, bool start)
{
    unsigned char v = keylike_tab[(unsigned char)t[i]];
    if (v == 1 || (v == 2 && !start))
        return 1;
    if (v != 3)
        return 0;
    uint32_t cp;
    int k = wit_utf8_decode((const unsigned char *)t + i, len - i, &cp);
    return k > 0 && !non_word(cp) ? (uint32_t)k : 0;
}

/* ---- keywords ---- */

typedef struct kw {
    const char *text;
    wit_tok tok;
    uint8_t len;
} kw;

/* The keywords, for wit_tok_describe; keyword() below recognises the same words
 * (test_lex__every_keyword checks each). */
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

/* Keyword or WIT_T_ID for keylike text s[0..n): a switch on length and first letter, then
 * one compare per candidate (this runs for every identifier). */
static wit_tok keyword(const char *s, uint32_t n)
{
    switch (n) {
    case 1:
        switch (s[0]) {
        case '_':
            if (memcmp(s, "_", 1) == 0)
                return WIT_T_UNDERSCORE;
            break;
        default:
            break;
        }
        break;
    case 2:
        switch (s[0]) {
        case 'a':
            if (memcmp(s, "as", 2) == 0)
                return WIT_T_AS;
            break;
        case 's':
            if (memcmp(s, "s8", 2) == 0)
                return WIT_T_S8;
            break;
        case 'u':
            if (memcmp(s, "u8", 2) == 0)
                return WIT_T_U8;
            break;
        default:
            break;
        }
        break;
    case 3:
        switch (s[0]) {
        case 'f':
            if (memcmp(s, "f32", 3) == 0)
                return WIT_T_F32;
            if (memcmp(s, "f64", 3) == 0)
                return WIT_T_F64;
            break;
        case 'm':
            if (memcmp(s, "map", 3) == 0)
                return WIT_T_MAP;
            break;
        case 'o':
            if (memcmp(s, "own", 3) == 0)
                return WIT_T_OWN;
            break;
        case 's':
            if (memcmp(s, "s16", 3) == 0)
                return WIT_T_S16;
            if (memcmp(s, "s32", 3) == 0)
                return WIT_T_S32;
            if (memcmp(s, "s64", 3) == 0)
                return WIT_T_S64;
            break;
        case 'u':
            if (memcmp(s, "use", 3) == 0)
                return WIT_T_USE;
            if (memcmp(s, "u16", 3) == 0)
                return WIT_T_U16;
            if (memcmp(s, "u32", 3) == 0)
                return WIT_T_U32;
            if (memcmp(s, "u64", 3) == 0)
                return WIT_T_U64;
            break;
        default:
            break;
        }
        break;
    case 4:
        switch (s[0]) {
        case 'b':
            if (memcmp(s, "bool", 4) == 0)
                return WIT_T_BOOL;
            break;
        case 'c':
            if (memcmp(s, "char", 4) == 0)
                return WIT_T_CHAR;
            break;
        case 'e':
            if (memcmp(s, "enum", 4) == 0)
                return WIT_T_ENUM;
            break;
        case 'f':
            if (memcmp(s, "func", 4) == 0)
                return WIT_T_FUNC;
            if (memcmp(s, "from", 4) == 0)
                return WIT_T_FROM;
            break;
        case 'l':
            if (memcmp(s, "list", 4) == 0)
                return WIT_T_LIST;
            break;
        case 't':
            if (memcmp(s, "type", 4) == 0)
                return WIT_T_TYPE;
            break;
        case 'w':
            if (memcmp(s, "with", 4) == 0)
                return WIT_T_WITH;
            break;
        default:
            break;
        }
        break;
    case 5:
        switch (s[0]) {
        case 'a':
            if (memcmp(s, "async", 5) == 0)
                return WIT_T_ASYNC;
            break;
        case 'f':
            if (memcmp(s, "flags", 5) == 0)
                return WIT_T_FLAGS;
            break;
        case 't':
            if (memcmp(s, "tuple", 5) == 0)
                return WIT_T_TUPLE;
            break;
        case 'w':
            if (memcmp(s, "world", 5) == 0)
                return WIT_T_WORLD;
            break;
        default:
            break;
        }
        break;
    case 6:
        switch (s[0]) {
        case 'b':
            if (memcmp(s, "borrow", 6) == 0)
                return WIT_T_BORROW;
            break;
        case 'e':
            if (memcmp(s, "export", 6) == 0)
                return WIT_T_EXPORT;
            break;
        case 'f':
            if (memcmp(s, "future", 6) == 0)
                return WIT_T_FUTURE;
            break;
        case 'i':
            if (memcmp(s, "import", 6) == 0)
                return WIT_T_IMPORT;
            break;
        case 'o':
            if (memcmp(s, "option", 6) == 0)
                return WIT_T_OPTION;
            break;
        case 'r':
            if (memcmp(s, "record", 6) == 0)
                return WIT_T_RECORD;
            if (memcmp(s, "result", 6) == 0)
                return WIT_T_RESULT;
            break;
        case 's':
            if (memcmp(s, "string", 6) == 0)
                return WIT_T_STRING;
            if (memcmp(s, "stream", 6) == 0)
                return WIT_T_STREAM;
            if (memcmp(s, "static", 6) == 0)
                return WIT_T_STATIC;
            break;
        default:
            break;
        }
        break;
    case 7:
        switch (s[0]) {
        case 'i':
            if (memcmp(s, "include", 7) == 0)
                return WIT_T_INCLUDE;
            break;
        case 'p':
            if (memcmp(s, "package", 7) == 0)
                return WIT_T_PACKAGE;
            break;
        case 'v':
            if (memcmp(s, "variant", 7) == 0)
                return WIT_T_VARIANT;
            break;
        default:
            break;
        }
        break;
    case 8:
        switch (s[0]) {
        case 'r':
            if (memcmp(s, "resource", 8) == 0)
                return WIT_T_RESOURCE;
            break;
        default:
            break;
        }
        break;
    case 9:
        switch (s[0]) {
        case 'i':
            if (memcmp(s, "interface", 9) == 0)
                return WIT_T_INTERFACE;
            break;
        default:
            break;
        }
        break;
    case 11:
        switch (s[0]) {
        case 'c':
            if (memcmp(s, "constructor", 11) == 0)
                return WIT_T_CONSTRUCTOR;
            break;
        default:
            break;
        }
        break;
    case 13:
        switch (s[0]) {
        case 'e':
            if (memcmp(s, "error-context", 13) == 0)
                return WIT_T_ERROR_CONTEXT;
            break;
        default:
            break;
        }
        break;
    default:
        break;
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
            while (i < len && t[i] == ' ') /* indentation: a tight loop */
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
        if (i < len && keylike_len(t, i, len, true)) {
            uint32_t n;
            while (i < len && (n = keylike_len(t, i, len, false)) != 0)
                i += n;
        }
        k = WIT_T_EXPLICIT_ID;
        break;
    default:
        if (c >= '0' && c <= '9') {
            while (i < len && t[i] >= '0' && t[i] <= '9')
                i++;
            k = WIT_T_INTEGER;
        } else if (keylike_len(t, start, len, true)) {
            uint32_t n;
            i = start;
            while (i < len && (unsigned char)(keylike_tab[(unsigned char)t[i]] - 1) < 2)
                i++; /* ASCII letters, digits, '-' and '_'; the loop below takes the rest */
            while (i < len && (n = keylike_len(t, i, len, false)) != 0)
                i += n;
            k = keyword(t + start, i - start);
        } else {
            char msg[96];
            uint32_t cp = (unsigned char)c;
            uint32_t n = 1;
            if ((unsigned char)c >= 0x80) {
                int dl = wit_utf8_decode((const unsigned char *)t + start, len - start, &cp);
                n = dl > 0 ? (uint32_t)dl : 1;
            }
            if (c == '\r')
                snprintf(msg, sizeof msg, "unexpected character '\\r'");
            else if (cp >= 0x20 && cp < 0x7f)
                snprintf(msg, sizeof msg, "unexpected character '%c'", c);
            else if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
                     cp == 0x3000 || cp == 0xFEFF)
                snprintf(msg, sizeof msg, "unexpected character U+%04X (a Unicode space; WIT wants ASCII spaces)",
                         (unsigned)cp);
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

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Finds the next comment in text[*i, to) and stores its docs text (delimiters stripped as
 * wit-parser strips them, trailing whitespace trimmed) in *p, *n. False when none is left. */
static bool next_doc(const char *text, uint32_t *i, uint32_t to, const char **p, uint32_t *n)
{
    uint32_t k = *i;
    while (k < to && !(text[k] == '/' && k + 1 < to && (text[k + 1] == '/' || text[k + 1] == '*')))
        k++;
    if (k >= to)
        return false;
    uint32_t e = skip_comment(text, to, k);
    if (e == UINT32_MAX)
        e = to;
    const char *c = text + k;
    uint32_t len = e - k;
    if (len >= 5 && memcmp(c, "/**", 3) == 0 && memcmp(c + len - 2, "*/", 2) == 0) {
        c += 3;
        len -= 5;
    } else {
        while (len > 0 && *c == '/') {
            c++;
            len--;
        }
    }
    while (len > 0 && is_ws(c[len - 1]))
        len--;
    *p = c;
    *n = len;
    *i = e;
    return true;
}

const char *wit_lex_docs(wit_arena *a, const char *text, uint32_t from, uint32_t to)
{
    /* Pass 1: is there any comment, how long is the text, and the common indentation of
     * the non-empty pieces (only spaces are removed, as wit-parser does). */
    const char *p;
    uint32_t n, i = from, count = 0, min_ws = UINT32_MAX;
    size_t total = 0;
    while (next_doc(text, &i, to, &p, &n)) {
        count++;
        total += n + 1;
        if (n == 0)
            continue;
        uint32_t w = 0;
        while (w < n && is_ws(p[w]))
            w++;
        if (w < min_ws)
            min_ws = w;
    }
    if (count == 0)
        return NULL;
    if (min_ws == UINT32_MAX)
        min_ws = 0;
    char *out = wit_arena_alloc(a, total + 1);
    if (!out)
        return NULL;
    /* Pass 2: write. */
    size_t o = 0;
    i = from;
    while (next_doc(text, &i, to, &p, &n)) {
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
        uint32_t st = 0;
        while (st < n) {
            uint32_t e = st;
            while (e < n && p[e] != '\n')
                e++;
            uint32_t le = e;
            if (le > st && p[le - 1] == '\r')
                le--;
            memcpy(out + o, p + st, le - st);
            o += le - st;
            out[o++] = '\n';
            st = e + 1;
        }
    }
    while (o > 0 && out[o - 1] == '\n')
        o--;
    out[o] = '\0';
    return out;
}
