/* Unit tests of the WIT lexer: tokens and spans, keywords, `%` escapes, integers,
 * comments, rejected input (control characters, NUL, bidi overrides, bad UTF-8),
 * identifier validation and doc-comment extraction. */
#include <criterion/criterion.h>
#include <string.h>

#include "lex.h"

typedef struct fixture {
    wit_srcmap map;
    wit_diags diags;
    wit_lexer lx;
    int init_rc;
} fixture;

static void start(fixture *f, const char *text, size_t len)
{
    wit_srcmap_init(&f->map);
    wit_diags_init(&f->diags);
    /* A first file shifts the base, so spans are checked as absolute offsets. */
    cr_assert_eq(wit_srcmap_add(&f->map, "pad.wit", "xx", 2), 0);
    int idx = wit_srcmap_add(&f->map, "t.wit", text, len);
    cr_assert_eq(idx, 1);
    f->init_rc = wit_lex_init(&f->lx, &f->map, 1, &f->diags);
}

static void finish(fixture *f)
{
    wit_diags_free(&f->diags);
    wit_srcmap_free(&f->map);
}

/* Lexes everything; returns the number of tokens (EOF excluded) or -1 on error. */
static int lex_all(fixture *f, wit_token *toks, int max)
{
    int n = 0;
    for (;;) {
        wit_token t;
        if (wit_lex_next(&f->lx, &t) < 0)
            return -1;
        if (t.kind == WIT_T_EOF)
            return n;
        if (n < max)
            toks[n] = t;
        n++;
    }
}

static void first_error_at(fixture *f, uint32_t line, uint32_t col)
{
    cr_assert_geq(f->diags.n, 1);
    uint32_t l, c;
    cr_assert(wit_srcmap_locate(&f->map, f->diags.items[0].span.start, &l, &c));
    cr_assert_eq(l, line, "line %u, expected %u (%s)", l, line, f->diags.items[0].message);
    cr_assert_eq(c, col, "col %u, expected %u (%s)", c, col, f->diags.items[0].message);
}

Test(lex, test_lex__punctuation_and_spans)
{
    fixture f;
    const char *src = "= , : . ; ( ) { } < > -> * @ / + -";
    start(&f, src, strlen(src));
    cr_assert_eq(f.init_rc, 0);
    wit_token t[32];
    int n = lex_all(&f, t, 32);
    wit_tok want[] = {WIT_T_EQUALS, WIT_T_COMMA, WIT_T_COLON, WIT_T_PERIOD, WIT_T_SEMICOLON,
                      WIT_T_LPAREN, WIT_T_RPAREN, WIT_T_LBRACE, WIT_T_RBRACE, WIT_T_LT, WIT_T_GT,
                      WIT_T_RARROW, WIT_T_STAR, WIT_T_AT, WIT_T_SLASH, WIT_T_PLUS, WIT_T_MINUS};
    cr_assert_eq(n, (int)(sizeof want / sizeof want[0]));
    for (int i = 0; i < n; i++)
        cr_assert_eq(t[i].kind, want[i], "token %d", i);
    uint32_t base = f.map.files[1].base;
    cr_assert_eq(t[11].span.start, base + 22);
    cr_assert_eq(t[11].span.end, base + 24);
    finish(&f);
}

Test(lex, test_lex__keywords_ids_integers)
{
    fixture f;
    const char *src = "interface error-context %interface list map float32 rc-2023-10-18 42 0 a1 _ async";
    start(&f, src, strlen(src));
    wit_token t[16];
    int n = lex_all(&f, t, 16);
    cr_assert_eq(n, 12);
    cr_assert_eq(t[0].kind, WIT_T_INTERFACE);
    cr_assert_eq(t[1].kind, WIT_T_ERROR_CONTEXT);
    cr_assert_eq(t[2].kind, WIT_T_EXPLICIT_ID);
    cr_assert_eq(t[2].span.end - t[2].span.start, 10);
    cr_assert_eq(t[3].kind, WIT_T_LIST);
    cr_assert_eq(t[4].kind, WIT_T_MAP);
    cr_assert_eq(t[5].kind, WIT_T_ID, "float32 is an identifier; the resolver hints at f32");
    cr_assert_eq(t[6].kind, WIT_T_ID);
    cr_assert_eq(t[7].kind, WIT_T_INTEGER);
    cr_assert_eq(t[8].kind, WIT_T_INTEGER);
    cr_assert_eq(t[9].kind, WIT_T_ID);
    cr_assert_eq(t[10].kind, WIT_T_UNDERSCORE);
    cr_assert_eq(t[11].kind, WIT_T_ASYNC);
    cr_assert_str_eq(wit_tok_describe(WIT_T_ERROR_CONTEXT), "keyword `error-context`");
    cr_assert_str_eq(wit_tok_describe(WIT_T_SEMICOLON), "';'");
    cr_assert_str_eq(wit_tok_describe(WIT_T_EOF), "eof");
    finish(&f);
}

Test(lex, test_lex__version_is_not_one_token)
{
    fixture f;
    const char *src = "1.2.3-rc-2023-11-10.3";
    start(&f, src, strlen(src));
    wit_token t[16];
    int n = lex_all(&f, t, 16);
    wit_tok want[] = {WIT_T_INTEGER, WIT_T_PERIOD, WIT_T_INTEGER, WIT_T_PERIOD, WIT_T_INTEGER,
                      WIT_T_MINUS, WIT_T_ID, WIT_T_PERIOD, WIT_T_INTEGER};
    cr_assert_eq(n, 9);
    for (int i = 0; i < n; i++)
        cr_assert_eq(t[i].kind, want[i], "token %d", i);
    finish(&f);
}

Test(lex, test_lex__comments_nested_and_crlf)
{
    fixture f;
    const char *src = "// line\r\n/* a /* nested */ still */ use /**/ x";
    start(&f, src, strlen(src));
    wit_token t[4];
    cr_assert_eq(lex_all(&f, t, 4), 2);
    cr_assert_eq(t[0].kind, WIT_T_USE);
    cr_assert_eq(t[1].kind, WIT_T_ID);
    finish(&f);
}

Test(lex, test_lex__unterminated_comment_points_at_its_start)
{
    fixture f;
    const char *src = "use\n  /* open /* nested */ never closed";
    start(&f, src, strlen(src));
    wit_token t[4];
    cr_assert_eq(lex_all(&f, t, 4), -1);
    first_error_at(&f, 2, 3);
    cr_assert(strstr(f.diags.items[0].message, "unterminated block comment"));
    finish(&f);
}

Test(lex, test_lex__unexpected_character)
{
    fixture f;
    const char *src = "a\n  $";
    start(&f, src, strlen(src));
    wit_token t[4];
    cr_assert_eq(lex_all(&f, t, 4), -1);
    first_error_at(&f, 2, 3);
    cr_assert(strstr(f.diags.items[0].message, "unexpected character '$'"));
    finish(&f);
}

Test(lex, test_lex__unicode_spaces_and_symbols_are_unexpected)
{
    fixture f;
    const char *nbsp = "type\xC2\xA0t";
    start(&f, nbsp, strlen(nbsp));
    wit_token t[4];
    cr_assert_eq(lex_all(&f, t, 4), -1);
    first_error_at(&f, 1, 5);
    cr_assert(strstr(f.diags.items[0].message, "U+00A0 (a Unicode space"), "%s", f.diags.items[0].message);
    cr_assert_eq(f.diags.items[0].span.end - f.diags.items[0].span.start, 2);
    finish(&f);

    const char *arrow = "a \xE2\x86\x92 b";
    start(&f, arrow, strlen(arrow));
    cr_assert_eq(lex_all(&f, t, 4), -1);
    first_error_at(&f, 1, 3);
    cr_assert(strstr(f.diags.items[0].message, "unexpected character U+2192"));
    finish(&f);

    /* Letters are keylike: one identifier token, which the parser's validation rejects. */
    const char *letter = "h\xC3\xA9llo x";
    start(&f, letter, strlen(letter));
    cr_assert_eq(lex_all(&f, t, 4), 2);
    cr_assert_eq(t[0].kind, WIT_T_ID);
    cr_assert_eq(t[0].span.end - t[0].span.start, 6);
    finish(&f);
}

Test(lex, test_lex__rejects_nul_and_control_characters)
{
    fixture f;
    const char src[] = "interface a {\n  x\0y }";
    start(&f, src, sizeof src - 1);
    cr_assert_eq(f.init_rc, -1);
    first_error_at(&f, 2, 4);
    cr_assert(strstr(f.diags.items[0].message, "U+0000"));
    finish(&f);

    start(&f, "a\x1b[31m", 6);
    cr_assert_eq(f.init_rc, -1);
    first_error_at(&f, 1, 2);
    finish(&f);

    start(&f, "a\tb\r\nc", 6);
    cr_assert_eq(f.init_rc, 0, "tab and CRLF are allowed");
    finish(&f);
}

Test(lex, test_lex__rejects_bidi_and_bad_utf8)
{
    fixture f;
    const char *bidi = "// comment \xE2\x80\xAE hidden";
    start(&f, bidi, strlen(bidi));
    cr_assert_eq(f.init_rc, -1);
    first_error_at(&f, 1, 12);
    cr_assert(strstr(f.diags.items[0].message, "bidirectional"));
    finish(&f);

    const char *bad = "use\n\xC3\x28";
    start(&f, bad, strlen(bad));
    cr_assert_eq(f.init_rc, -1);
    first_error_at(&f, 2, 1);
    cr_assert(strstr(f.diags.items[0].message, "UTF-8"));
    finish(&f);

    const char *disc = "\xC5\x89";
    start(&f, disc, strlen(disc));
    cr_assert_eq(f.init_rc, -1);
    finish(&f);
}

Test(lex, test_lex__skips_bom)
{
    fixture f;
    const char *src = "\xEF\xBB\xBFuse";
    start(&f, src, strlen(src));
    cr_assert_eq(f.init_rc, 0);
    wit_token t[2];
    cr_assert_eq(lex_all(&f, t, 2), 1);
    cr_assert_eq(t[0].kind, WIT_T_USE);
    finish(&f);
}

Test(lex, test_lex__validate_id)
{
    size_t bad;
    cr_assert_null(wit_lex_validate_id("a1-2-3", 6, &bad));
    cr_assert_null(wit_lex_validate_id("is-XML", 6, &bad));
    cr_assert_null(wit_lex_validate_id("A11-4CR0NYMS", 12, &bad));
    cr_assert_null(wit_lex_validate_id("get-user", 8, &bad));
    cr_assert_str_eq(wit_lex_validate_id("a--b", 4, &bad), "identifiers must have characters between '-'s");
    cr_assert_str_eq(wit_lex_validate_id("a-", 2, &bad), "identifiers must have characters between '-'s");
    cr_assert_str_eq(wit_lex_validate_id("", 0, &bad), "identifiers must have characters between '-'s");
    cr_assert_str_eq(wit_lex_validate_id("1-a", 3, &bad), "invalid character in identifier");
    cr_assert_str_eq(wit_lex_validate_id("Ab", 2, &bad), "invalid character in identifier");
    cr_assert_eq(bad, 1);
    cr_assert_str_eq(wit_lex_validate_id("a_b", 3, &bad), "invalid character in identifier");
    cr_assert_eq(bad, 1);
}

static const char *docs_of(wit_arena *a, const char *gap)
{
    return wit_lex_docs(a, gap, 0, (uint32_t)strlen(gap));
}

Test(lex, test_lex__docs_like_wit_parser)
{
    wit_arena *a = wit_arena_new();
    cr_assert_null(docs_of(a, "  \n\t "));
    /* comments.wit: `//` comments keep their text after the slashes; plain block comments
     * lose only the leading '/'. */
    cr_assert_str_eq(docs_of(a, "// hello\n// world\n/* this too */ /* is */\n"),
                     " hello\n world\n* this too */\n* is */");
    /* `///` comments: common indentation removed. */
    cr_assert_str_eq(docs_of(a, "/// Bad address.\n"), "Bad address.");
    cr_assert_str_eq(docs_of(a, "/// a\n///\n///   b\n"), "a\n\n  b");
    /* A doc block (slash-star-star) loses both delimiters; its lines are kept. */
    cr_assert_str_eq(docs_of(a, "/** one\n    two */"), "one\n    two");
    /* CRLF line comments. */
    cr_assert_str_eq(docs_of(a, "/// x\r\n/// y\r\n"), "x\ny");
    wit_arena_free(a);
}

/* Every keyword (the lookup indexes its table by length), near misses of each length, and
 * the input check's eight-byte ASCII fast path next to a control character. */
Test(lex, test_lex__every_keyword)
{
    static const struct {
        const char *text;
        wit_tok tok;
    } kws[] = {
        {"_", WIT_T_UNDERSCORE}, {"as", WIT_T_AS}, {"u8", WIT_T_U8}, {"s8", WIT_T_S8}, {"use", WIT_T_USE},
        {"u16", WIT_T_U16}, {"u32", WIT_T_U32}, {"u64", WIT_T_U64}, {"s16", WIT_T_S16}, {"s32", WIT_T_S32},
        {"s64", WIT_T_S64}, {"f32", WIT_T_F32}, {"f64", WIT_T_F64}, {"own", WIT_T_OWN}, {"map", WIT_T_MAP},
        {"type", WIT_T_TYPE}, {"func", WIT_T_FUNC}, {"char", WIT_T_CHAR}, {"enum", WIT_T_ENUM},
        {"bool", WIT_T_BOOL}, {"list", WIT_T_LIST}, {"from", WIT_T_FROM}, {"with", WIT_T_WITH},
        {"flags", WIT_T_FLAGS}, {"tuple", WIT_T_TUPLE}, {"world", WIT_T_WORLD}, {"async", WIT_T_ASYNC},
        {"borrow", WIT_T_BORROW}, {"record", WIT_T_RECORD}, {"string", WIT_T_STRING},
        {"option", WIT_T_OPTION}, {"result", WIT_T_RESULT}, {"future", WIT_T_FUTURE},
        {"stream", WIT_T_STREAM}, {"static", WIT_T_STATIC}, {"import", WIT_T_IMPORT},
        {"export", WIT_T_EXPORT}, {"variant", WIT_T_VARIANT}, {"package", WIT_T_PACKAGE},
        {"include", WIT_T_INCLUDE}, {"resource", WIT_T_RESOURCE}, {"interface", WIT_T_INTERFACE},
        {"constructor", WIT_T_CONSTRUCTOR}, {"error-context", WIT_T_ERROR_CONTEXT},
        {"a", WIT_T_ID}, {"at", WIT_T_ID}, {"usa", WIT_T_ID}, {"types", WIT_T_ID}, {"world-x", WIT_T_ID},
        {"records", WIT_T_ID}, {"resourcex", WIT_T_ID}, {"interfacex", WIT_T_ID}, {"constructors", WIT_T_ID},
        {"error-contex", WIT_T_ID}, {"error-contexts", WIT_T_ID},
    };
    for (size_t i = 0; i < sizeof kws / sizeof kws[0]; i++) {
        fixture f;
        char src[64];
        snprintf(src, sizeof src, "   %s   ", kws[i].text);
        start(&f, src, strlen(src));
        wit_token t[4];
        int n = lex_all(&f, t, 4);
        cr_assert_eq(n, 1, "%s", kws[i].text);
        cr_assert_eq(t[0].kind, kws[i].tok, "%s", kws[i].text);
        finish(&f);
    }
    fixture f;
    const char bad[] = "interface abcdefgh { }\x01 abcdefghijklmnop";
    start(&f, bad, strlen(bad));
    cr_assert_lt(f.init_rc, 0, "a control character after 22 ASCII bytes");
    cr_assert_eq(f.diags.n, 1);
    finish(&f);
}
