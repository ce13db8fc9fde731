/* End-to-end guest for `witc bindgen c --string-encoding utf16` (world utf in utf16.wit):
 * strings are UTF-16 code units in both directions. */
#include "utf.h"

#include <stdlib.h>
#include <string.h>

void exports_test_utf_text_echo(utf_string_t *s, utf_string_t *ret)
{
    test_utf_text_echo(s, ret);
    utf_string_free(s);
}

void exports_test_utf_text_echo_list(utf_list_string_t *l, utf_list_string_t *ret)
{
    test_utf_text_echo_list(l, ret);
    utf_list_string_free(l);
}

uint32_t exports_test_utf_text_units(utf_string_t *s)
{
    uint32_t n = (uint32_t)s->len;
    utf_string_free(s);
    return n;
}

/* ASCII letters upper-cased; an empty string is an error */
bool exports_test_utf_text_shout(utf_string_t *s, utf_string_t *ret, utf_string_t *err)
{
    if (s->len == 0) {
        utf_string_dup(err, u"empty ✗");
        return false;
    }
    utf_string_dup_n(ret, s->ptr, s->len);
    for (size_t i = 0; i < ret->len; i++)
        if (ret->ptr[i] >= u'a' && ret->ptr[i] <= u'z')
            ret->ptr[i] = (char16_t)(ret->ptr[i] - 32);
    utf_string_free(s);
    return true;
}
