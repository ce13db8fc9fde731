/* End-to-end guest for `witc bindgen c` (world e2e in e2e.wit).
 *
 * `values`: every export forwards to the matching import and returns what the host gave
 * back, so each value is lowered and lifted in both directions. The exported and imported
 * copies of `values` have distinct C types of identical layout, hence the casts. Ownership
 * follows the bindings' contract: export arguments belong to this code and are freed
 * after use; import results belong to this code and are returned, so the post-return
 * functions free them.
 * `compute`: results built here with malloc. `counters`: an exported resource with a
 * destructor, using the host's `blob` resource. */
#include "e2e.h"

#include <stdlib.h>
#include <string.h>

#define V(name) test_e2e_values_##name
#define X(name) exports_test_e2e_values_##name

#define SCALAR(T, name) \
    T X(echo_##name)(T x) { return V(echo_##name)(x); }
SCALAR(bool, bool)
SCALAR(uint8_t, u8)
SCALAR(int8_t, s8)
SCALAR(uint16_t, u16)
SCALAR(int16_t, s16)
SCALAR(uint32_t, u32)
SCALAR(int32_t, s32)
SCALAR(uint64_t, u64)
SCALAR(int64_t, s64)
SCALAR(float, f32)
SCALAR(double, f64)
SCALAR(uint32_t, char)

X(color_t) X(echo_color)(X(color_t) x) { return V(echo_color)(x); }
X(perms_t) X(echo_perms)(X(perms_t) x) { return V(echo_perms)(x); }
X(wide_t) X(echo_wide)(X(wide_t) x) { return V(echo_wide)(x); }

void X(echo_string)(e2e_string_t *x, e2e_string_t *ret)
{
    V(echo_string)(x, ret);
    e2e_string_free(x);
}

void X(echo_bytes)(e2e_list_u8_t *x, e2e_list_u8_t *ret)
{
    V(echo_bytes)(x, ret);
    e2e_list_u8_free(x);
}

void X(echo_u32s)(e2e_list_u32_t *x, e2e_list_u32_t *ret)
{
    V(echo_u32s)(x, ret);
    e2e_list_u32_free(x);
}

void X(echo_strings)(e2e_list_string_t *x, e2e_list_string_t *ret)
{
    V(echo_strings)(x, ret);
    e2e_list_string_free(x);
}

#define AGGREGATE(name)                                                     \
    void X(echo_##name)(X(name##_t) * x, X(name##_t) * ret)                 \
    {                                                                       \
        V(echo_##name)((V(name##_t) *)x, (V(name##_t) *)ret);               \
        X(name##_free)(x);                                                  \
    }
AGGREGATE(point)
AGGREGATE(nested)
AGGREGATE(shape)
AGGREGATE(deep)

void X(echo_vec3)(e2e_array3_f32_t *x, e2e_array3_f32_t *ret) { V(echo_vec3)(x, ret); }

void X(echo_names)(e2e_array2_string_t *x, e2e_array2_string_t *ret)
{
    V(echo_names)(x, ret);
    e2e_array2_string_free(x);
}

void X(echo_wide_array)(e2e_array20_u32_t *x, e2e_array20_u32_t *ret) { V(echo_wide_array)(x, ret); }

void X(echo_map)(e2e_map_string_u32_t *x, e2e_map_string_u32_t *ret)
{
    V(echo_map)(x, ret);
    e2e_map_string_u32_free(x);
}

void X(echo_map_lists)(e2e_map_u32_list_string_t *x, e2e_map_u32_list_string_t *ret)
{
    V(echo_map_lists)(x, ret);
    e2e_map_u32_list_string_free(x);
}

void X(echo_shapes)(X(list_shape_t) * x, X(list_shape_t) * ret)
{
    V(echo_shapes)((V(list_shape_t) *)x, (V(list_shape_t) *)ret);
    X(list_shape_free)(x);
}

void X(echo_mixed)(X(mixed_t) * x, X(mixed_t) * ret)
{
    V(echo_mixed)((V(mixed_t) *)x, (V(mixed_t) *)ret);
}

void X(echo_tuple)(e2e_tuple3_u8_string_f64_t *x, e2e_tuple3_u8_string_f64_t *ret)
{
    V(echo_tuple)(x, ret);
    e2e_tuple3_u8_string_f64_free(x);
}

bool X(echo_option)(uint32_t *maybe_x, uint32_t *ret)
{
    return V(echo_option)(maybe_x, ret);
}

bool X(echo_option_string)(e2e_string_t *maybe_x, e2e_string_t *ret)
{
    bool some = V(echo_option_string)(maybe_x, ret);
    if (maybe_x)
        e2e_string_free(maybe_x);
    return some;
}

bool X(echo_option_option)(e2e_option_u8_t *maybe_x, e2e_option_u8_t *ret)
{
    return V(echo_option_option)(maybe_x, ret);
}

bool X(echo_result)(e2e_result_string_u32_t *x, e2e_string_t *ret, uint32_t *err)
{
    bool ok = V(echo_result)(x, ret, err);
    e2e_result_string_u32_free(x);
    return ok;
}

bool X(echo_result_ok)(e2e_result_f32_void_t *x, float *ret)
{
    return V(echo_result_ok)(x, ret);
}

bool X(echo_result_err)(e2e_result_void_string_t *x, e2e_string_t *err)
{
    bool ok = V(echo_result_err)(x, err);
    e2e_result_void_string_free(x);
    return ok;
}

bool X(echo_result_empty)(e2e_result_void_void_t *x)
{
    return V(echo_result_empty)(x);
}

bool X(echo_result_join)(e2e_result_f32_u64_t *x, float *ret, uint64_t *err)
{
    return V(echo_result_join)(x, ret, err);
}

void X(echo_many)(uint8_t a1, int16_t a2, uint32_t a3, uint64_t a4, float a5, double a6, uint32_t a7, bool a8,
                  e2e_string_t *a9, e2e_list_u8_t *a10, uint32_t *maybe_a11, X(color_t) a12, X(perms_t) a13,
                  int64_t a14, X(tuple14_u8_s16_u32_u64_f32_f64_char32_bool_string_list_u8_option_u32_color_perms_s64_t) * ret)
{
    V(echo_many)(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, maybe_a11, a12, a13, a14,
                 (V(tuple14_u8_s16_u32_u64_f32_f64_char32_bool_string_list_u8_option_u32_color_perms_s64_t) *)ret);
    e2e_string_free(a9);
    e2e_list_u8_free(a10);
}

/* ---- compute ---- */

void exports_test_e2e_compute_greet(e2e_string_t *name, e2e_string_t *ret)
{
    static const char hello[] = "Hello, ";
    size_t n = sizeof hello - 1 + name->len + 1;
    uint8_t *p = (uint8_t *)malloc(n);
    memcpy(p, hello, sizeof hello - 1);
    memcpy(p + sizeof hello - 1, name->ptr, name->len);
    p[n - 1] = '!';
    ret->ptr = p;
    ret->len = n;
    e2e_string_free(name);
}

uint64_t exports_test_e2e_compute_count_bytes(e2e_list_u8_t *x)
{
    uint64_t n = 0;
    for (size_t i = 0; i < x->len; i++)
        n += x->ptr[i];
    e2e_list_u8_free(x);
    return n;
}

void exports_test_e2e_compute_make_bytes(uint32_t n, e2e_list_u8_t *ret)
{
    ret->ptr = (uint8_t *)malloc(n ? n : 1);
    ret->len = n;
    for (uint32_t i = 0; i < n; i++)
        ret->ptr[i] = (uint8_t)(i * 7u);
}

double exports_test_e2e_compute_sum_f64(e2e_list_f64_t *xs)
{
    double s = 0;
    for (size_t i = 0; i < xs->len; i++)
        s += xs->ptr[i];
    e2e_list_f64_free(xs);
    return s;
}

/* ---- counters ---- */

#define C(name) exports_test_e2e_counters_##name

struct exports_test_e2e_counters_counter_t {
    int32_t v;
};

static uint32_t destroyed;

static C(own_counter_t) make(int32_t v)
{
    C(counter_t) *rep = (C(counter_t) *)malloc(sizeof *rep);
    rep->v = v;
    return C(counter_new)(rep);
}

void C(counter_destructor)(C(counter_t) * rep)
{
    destroyed++;
    free(rep);
}

C(own_counter_t) C(constructor_counter)(int32_t start) { return make(start); }
void C(method_counter_up)(C(borrow_counter_t) self) { self->v++; }
int32_t C(method_counter_get)(C(borrow_counter_t) self) { return self->v; }

C(own_counter_t) C(static_counter_from_blob)(test_e2e_files_borrow_blob_t b)
{
    e2e_list_u8_t bytes;
    test_e2e_files_method_blob_read(b, &bytes);
    int32_t n = (int32_t)bytes.len;
    e2e_list_u8_free(&bytes);
#ifndef E2E_AUTODROP /* with --autodrop-borrows yes the bindings drop it */
    test_e2e_files_blob_drop_borrow(b);
#endif
    return make(n);
}

bool C(static_counter_try_make)(int32_t start, C(own_counter_t) * ret, e2e_string_t *err)
{
    if (start < 0) {
        e2e_string_dup(err, "negative start");
        return false;
    }
    *ret = make(start);
    return true;
}

int32_t C(sum)(C(borrow_counter_t) a, C(borrow_counter_t) b) { return a->v + b->v; }

int32_t C(consume)(C(own_counter_t) c)
{
    int32_t v = C(counter_rep)(c)->v;
    C(counter_drop_own)(c);
    return v;
}

uint32_t C(destroyed)(void) { return destroyed; }

void C(blob_roundtrip)(e2e_list_u8_t *data, e2e_list_u8_t *ret)
{
    test_e2e_files_own_blob_t b = test_e2e_files_constructor_blob(data);
    test_e2e_files_method_blob_write(test_e2e_files_borrow_blob(b), data);
    test_e2e_files_own_blob_t m =
        test_e2e_files_static_blob_merge(test_e2e_files_borrow_blob(b), test_e2e_files_borrow_blob(b));
    test_e2e_files_method_blob_read(test_e2e_files_borrow_blob(m), ret);
    test_e2e_files_blob_drop_own(m);
    test_e2e_files_blob_drop_own(b);
    e2e_list_u8_free(data);
}

struct exports_test_e2e_counters_gauge_t {
    int32_t v;
};

bool C(constructor_gauge)(int32_t v, C(own_gauge_t) * ret, e2e_string_t *err)
{
    if (v < 0) {
        e2e_string_dup(err, "negative gauge");
        return false;
    }
    C(gauge_t) *rep = (C(gauge_t) *)malloc(sizeof *rep);
    rep->v = v;
    *ret = C(gauge_new)(rep);
    return true;
}

int32_t C(method_gauge_value)(C(borrow_gauge_t) self) { return self->v; }

void C(gauge_destructor)(C(gauge_t) * rep)
{
    destroyed++;
    free(rep);
}
