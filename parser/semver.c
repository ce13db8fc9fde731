/* Semantic Versioning 2.0.0: strict parsing, precedence and formatting.
 * Pre-release identifiers compare numerically when both are numeric, else by ASCII,
 * and numeric ones sort before alphanumeric ones; a version without pre-release
 * sorts after every one with it. */
#include "base.h"

#include <string.h>

static bool is_ident_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

static int parse_num(const char *s, size_t n, size_t *i, uint64_t *out, const char **why)
{
    size_t start = *i;
    uint64_t v = 0;
    while (*i < n && s[*i] >= '0' && s[*i] <= '9') {
        unsigned d = (unsigned)(s[*i] - '0');
        if (v > (UINT64_MAX - d) / 10) {
            *why = "version number is too large";
            return -1;
        }
        v = v * 10 + d;
        (*i)++;
    }
    if (*i == start) {
        *why = "expected a number";
        return -1;
    }
    if (*i - start > 1 && s[start] == '0') {
        *why = "numbers must not have leading zeros";
        return -1;
    }
    *out = v;
    return 0;
}

/* dot-separated identifiers; numeric ones (pre-release only) without leading zeros */
static int parse_idents(const char *s, size_t n, size_t *i, bool pre, const char **why)
{
    for (;;) {
        size_t start = *i;
        bool numeric = true;
        while (*i < n && is_ident_char(s[*i])) {
            if (s[*i] < '0' || s[*i] > '9')
                numeric = false;
            (*i)++;
        }
        if (*i == start) {
            *why = pre ? "empty pre-release identifier" : "empty build metadata identifier";
            return -1;
        }
        if (pre && numeric && *i - start > 1 && s[start] == '0') {
            *why = "numeric pre-release identifiers must not have leading zeros";
            return -1;
        }
        if (*i < n && s[*i] == '.') {
            (*i)++;
            continue;
        }
        return 0;
    }
}

int wit_semver_parse(const char *s, size_t n, wit_semver *out, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    memset(out, 0, sizeof *out);
    size_t i = 0;
    if (parse_num(s, n, &i, &out->major, why))
        return -1;
    if (i >= n || s[i] != '.') {
        *why = "expected `major.minor.patch`";
        return -1;
    }
    i++;
    if (parse_num(s, n, &i, &out->minor, why))
        return -1;
    if (i >= n || s[i] != '.') {
        *why = "expected `major.minor.patch`";
        return -1;
    }
    i++;
    if (parse_num(s, n, &i, &out->patch, why))
        return -1;
    if (i < n && s[i] == '-') {
        i++;
        size_t start = i;
        if (parse_idents(s, n, &i, true, why))
            return -1;
        out->pre = s + start;
        out->pre_len = i - start;
    }
    if (i < n && s[i] == '+') {
        i++;
        size_t start = i;
        if (parse_idents(s, n, &i, false, why))
            return -1;
        out->build = s + start;
        out->build_len = i - start;
    }
    if (i != n) {
        *why = "unexpected character in version";
        return -1;
    }
    return 0;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
    return a < b ? -1 : a > b;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

static int cmp_ident(const char *a, size_t an, const char *b, size_t bn)
{
    bool da = all_digits(a, an), db = all_digits(b, bn);
    if (da && db) {
        if (an != bn)
            return an < bn ? -1 : 1; /* no leading zeros: longer is larger */
        int c = memcmp(a, b, an);
        return c < 0 ? -1 : c > 0;
    }
    if (da != db)
        return da ? -1 : 1;
    size_t m = an < bn ? an : bn;
    int c = memcmp(a, b, m);
    if (c)
        return c < 0 ? -1 : 1;
    return cmp_u64(an, bn);
}

int wit_semver_cmp(const wit_semver *a, const wit_semver *b)
{
    int c;
    if ((c = cmp_u64(a->major, b->major)) || (c = cmp_u64(a->minor, b->minor)) ||
        (c = cmp_u64(a->patch, b->patch)))
        return c;
    if (!a->pre || !b->pre)
        return a->pre ? -1 : b->pre ? 1 : 0;
    const char *pa = a->pre, *ea = a->pre + a->pre_len;
    const char *pb = b->pre, *eb = b->pre + b->pre_len;
    for (;;) {
        const char *da = memchr(pa, '.', (size_t)(ea - pa));
        const char *db = memchr(pb, '.', (size_t)(eb - pb));
        if (!da)
            da = ea;
        if (!db)
            db = eb;
        if ((c = cmp_ident(pa, (size_t)(da - pa), pb, (size_t)(db - pb))))
            return c;
        /* A larger set of identifiers has higher precedence when all before are equal. */
        if (da == ea || db == eb)
            return da == ea && db == eb ? 0 : da == ea ? -1 : 1;
        pa = da + 1;
        pb = db + 1;
    }
}

void wit_semver_format(const wit_semver *v, wit_buf *b)
{
    wit_buf_printf(b, "%llu.%llu.%llu", (unsigned long long)v->major, (unsigned long long)v->minor,
                   (unsigned long long)v->patch);
    if (v->pre) {
        wit_buf_putc(b, '-');
        wit_buf_append(b, v->pre, v->pre_len);
    }
    if (v->build) {
        wit_buf_putc(b, '+');
        wit_buf_append(b, v->build, v->build_len);
    }
}
