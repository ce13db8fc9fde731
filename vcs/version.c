/* Tags as versions: semver order for `witc versions`, calendar dates, and the
 * release-candidate counter `X.Y.Z-rc-YYYY-MM-DD.N`. The counter is a separate numeric
 * pre-release identifier, so `.2 < .10` in semver precedence (WASI's `-N` suffix sorts
 * `-10` before `-2`); an un-suffixed `rc-DATE` sorts first and counts as N = 0. */
#include "vcs.h"

#include <stdlib.h>
#include <string.h>

int vcs_tag_version(const char *tag, wit_semver *out)
{
    const char *why;
    if (tag[0] == 'v')
        tag++;
    return wit_semver_parse(tag, strlen(tag), out, &why) == 0 ? 0 : -1;
}

int vcs_tag_cmp(const char *a, const char *b)
{
    wit_semver va, vb;
    bool oka = vcs_tag_version(a, &va) == 0, okb = vcs_tag_version(b, &vb) == 0;
    if (oka != okb)
        return oka ? -1 : 1;
    if (oka) {
        int c = wit_semver_cmp(&va, &vb);
        if (c)
            return c;
    }
    return strcmp(a, b);
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

bool vcs_date_valid(const char *s)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) || !digits(s + 5, 2) ||
        !digits(s + 8, 2))
        return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 1970 || m < 1 || m > 12 || d < 1)
        return false;
    int max = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        max = 29;
    return d <= max;
}

uint64_t vcs_rc_next(const char *base, const char *date, const char *const *tags, size_t n)
{
    uint64_t max = 0;
    bool any = false;
    size_t blen = strlen(base), dlen = strlen(date);
    for (size_t i = 0; i < n; i++) {
        const char *t = tags[i];
        if (t[0] == 'v')
            t++;
        if (strncmp(t, base, blen) != 0 || strncmp(t + blen, "-rc-", 4) != 0 ||
            strncmp(t + blen + 4, date, dlen) != 0)
            continue;
        const char *rest = t + blen + 4 + dlen;
        uint64_t k;
        if (!*rest) {
            k = 0;
        } else if ((rest[0] == '.' || rest[0] == '-') && rest[1] && digits(rest + 1, strlen(rest + 1)) &&
                   strlen(rest + 1) < 19) {
            /* `.01` and WASI's `-1` goofs count too: their numbers are never reused */
            k = strtoull(rest + 1, NULL, 10);
        } else {
            continue;
        }
        if (!any || k > max)
            max = k;
        any = true;
    }
    return any ? max + 1 : 1;
}

bool vcs_version_is_rc(const char *v)
{
    wit_semver s;
    const char *why;
    if (wit_semver_parse(v, strlen(v), &s, &why) != 0 || !s.pre)
        return false;
    return s.pre_len >= 2 && strncmp(s.pre, "rc", 2) == 0 &&
           (s.pre_len == 2 || s.pre[2] == '-' || s.pre[2] == '.');
}
