/* The WIT lexer: a hand-written scanner over one file of the session's source map.
 * Private to parser/ (the parser, the scanner and the tests include it).
 *
 * The lexer keeps no token array: the parser pulls tokens one at a time, and the state is a
 * plain struct, so a speculative parse copies it and throws the copy away. Whitespace and
 * comments are skipped; the parser recovers doc comments from the gap before a token with
 * wit_lex_docs. Nothing is allocated per token. */
#ifndef WITC_LEX_H
#define WITC_LEX_H

#include "wit.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Token kinds. Keywords are those of wit-parser's lexer (reference §1.2). */
typedef enum wit_tok {
    WIT_T_EOF,
    /* punctuation */
    WIT_T_EQUALS, WIT_T_COMMA, WIT_T_COLON, WIT_T_PERIOD, WIT_T_SEMICOLON, WIT_T_LPAREN,
    WIT_T_RPAREN, WIT_T_LBRACE, WIT_T_RBRACE, WIT_T_LT, WIT_T_GT, WIT_T_RARROW, WIT_T_STAR,
    WIT_T_AT, WIT_T_SLASH, WIT_T_PLUS, WIT_T_MINUS,
    /* keywords */
    WIT_T_USE, WIT_T_TYPE, WIT_T_FUNC, WIT_T_U8, WIT_T_U16, WIT_T_U32, WIT_T_U64, WIT_T_S8,
    WIT_T_S16, WIT_T_S32, WIT_T_S64, WIT_T_F32, WIT_T_F64, WIT_T_CHAR, WIT_T_RESOURCE, WIT_T_OWN,
    WIT_T_BORROW, WIT_T_RECORD, WIT_T_FLAGS, WIT_T_VARIANT, WIT_T_ENUM, WIT_T_BOOL, WIT_T_STRING,
    WIT_T_OPTION, WIT_T_RESULT, WIT_T_FUTURE, WIT_T_STREAM, WIT_T_ERROR_CONTEXT, WIT_T_LIST,
    WIT_T_MAP, WIT_T_UNDERSCORE, WIT_T_AS, WIT_T_FROM, WIT_T_STATIC, WIT_T_INTERFACE,
    WIT_T_TUPLE, WIT_T_IMPORT, WIT_T_EXPORT, WIT_T_WORLD, WIT_T_PACKAGE, WIT_T_CONSTRUCTOR,
    WIT_T_ASYNC, WIT_T_INCLUDE, WIT_T_WITH,
    /* values */
    WIT_T_ID,          /* keylike text that is not a keyword (not yet validated as kebab-case) */
    WIT_T_EXPLICIT_ID, /* `%` followed by keylike text */
    WIT_T_INTEGER      /* decimal digits */
} wit_tok;

/* One token: kind and absolute span in the source map. */
typedef struct wit_token {
    wit_tok kind;
    wit_span span;
} wit_token;

/* Lexer state over one file. Plain data: copy it to look ahead. */
typedef struct wit_lexer {
    const char *text;   /* the file's text (owned by the source map) */
    uint32_t len;
    uint32_t base;      /* the file's base offset in the source map */
    uint32_t pos;       /* next byte to scan, relative to text */
    wit_diags *diags;   /* where lexical errors go */
} wit_lexer;

/* Starts lexing file `file` of `map`. Checks the whole text first (wit-parser does the
 * same): invalid UTF-8, NUL and other control characters (only \n \r \t are allowed),
 * bidirectional override code points and code points Unicode discourages each yield an
 * error diagnostic with its location in `diags`. Skips a UTF-8 byte order mark.
 * Returns 0, or -1 after recording a diagnostic. */
int wit_lex_init(wit_lexer *lx, const wit_srcmap *map, uint32_t file, wit_diags *diags);

/* Scans the next token, skipping whitespace and comments, into *out (WIT_T_EOF at the end,
 * with an empty span at the end of the text). Returns 0, or -1 after recording a
 * diagnostic (unexpected character, unterminated block comment). */
int wit_lex_next(wit_lexer *lx, wit_token *out);

/* A short description of a token kind for "expected X, found Y" messages, as wit-parser
 * words them: "';'", "keyword `type`", "an identifier", "eof". Static string. */
const char *wit_tok_describe(wit_tok t);

/* Validates identifier text (without a leading '%') as a kebab-case label. Returns NULL when
 * valid, or a static message ("identifiers must have characters between '-'s",
 * "invalid character in identifier") with the offending character's offset in the text
 * in *bad (0 for empty parts). */
const char *wit_lex_validate_id(const char *id, size_t n, size_t *bad);

/* The doc comments in text[from, to) — a gap that holds only whitespace and comments — as
 * wit-parser's docs: `//…` lines with their leading slashes stripped, `/ ** … * /` blocks
 * without delimiters, other block comments without their leading '/', each trimmed at the
 * end, common leading indentation removed, joined with newlines. Returns NULL when the gap
 * holds no comment, else an arena string (NULL too on OOM, with the arena's flag set). */
const char *wit_lex_docs(wit_arena *a, const char *text, uint32_t from, uint32_t to);

#ifdef __cplusplus
}
#endif
#endif
