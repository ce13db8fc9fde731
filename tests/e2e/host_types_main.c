/* Host of tests/e2e/host_types.sh: calls every export of world ht (host_types.wit) through
 * the stubs `witc host c` wrote (ht_host.h) and implements its imports; every value the host
 * receives (import arguments, export results) is printed, and the script compares the output
 * with host_types.out. The guest passes each export's arguments to the import of the same
 * name, so a value crosses host -> guest -> host -> guest -> host. HT_BREAK=1 makes one import
 * answer wrongly (the script checks that the comparison then fails). Then the misbehaving
 * exports: each call must fail cleanly (-1, inst->err), and a new instance keeps working. */
#include "ht_host.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef test_hosttypes_types_bag_t bag_t;
typedef test_hosttypes_types_shape_t shape_t;
typedef test_hosttypes_types_point_t point_t;
typedef test_hosttypes_types_num_t num_t;
typedef test_hosttypes_types_wrap_t wrap_t;
typedef test_hosttypes_types_perms_t perms_t;
typedef test_hosttypes_types_color_t color_t;

static int g_break;

/* ---- printing ---- */
static void pstr(const ht_string_t *s)
{
    printf("\"%.*s\"", (int)s->len, (const char *)s->ptr);
}

static void pchar(uint32_t c)
{
    printf("U+%04" PRIX32, c);
}

static void ppoint(const point_t *p)
{
    printf("(%" PRId32 ", %" PRId32 ")", p->x, p->y);
}

static void pshape(const shape_t *s)
{
    switch (s->tag) {
    case TEST_HOSTTYPES_TYPES_SHAPE_CIRCLE: printf("circle(%g)", s->val.circle); break;
    case TEST_HOSTTYPES_TYPES_SHAPE_RECT: printf("rect"); ppoint(&s->val.rect); break;
    case TEST_HOSTTYPES_TYPES_SHAPE_LABEL: printf("label("); pstr(&s->val.label); printf(")"); break;
    case TEST_HOSTTYPES_TYPES_SHAPE_NOTHING: printf("nothing"); break;
    case TEST_HOSTTYPES_TYPES_SHAPE_PATH:
        printf("path[");
        for (size_t i = 0; i < s->val.path.len; i++) {
            printf(i ? " " : "");
            ppoint(&s->val.path.ptr[i]);
        }
        printf("]");
        break;
    default: printf("?%u", (unsigned)s->tag);
    }
}

static void pshapes(const test_hosttypes_types_list_shape_t *l)
{
    printf("[");
    for (size_t i = 0; i < l->len; i++) {
        printf(i ? ", " : "");
        pshape(&l->ptr[i]);
    }
    printf("]");
}

static void pbag(const bag_t *b)
{
    printf("{name ");
    pstr(&b->name);
    printf(" tags [");
    for (size_t i = 0; i < b->tags.len; i++) {
        printf(i ? " " : "");
        pstr(&b->tags.ptr[i]);
    }
    printf("] grid [");
    for (size_t i = 0; i < b->grid.len; i++) {
        printf(i ? " [" : "[");
        for (size_t j = 0; j < b->grid.ptr[i].len; j++)
            printf(j ? " %u" : "%u", (unsigned)b->grid.ptr[i].ptr[j]);
        printf("]");
    }
    printf("] opt ");
    if (b->opt.is_some)
        printf("some(%" PRIu64 ")", b->opt.val);
    else
        printf("none");
    printf(" res ");
    if (b->res.is_err)
        printf("err(%" PRIu32 ")", b->res.val.err);
    else {
        printf("ok(");
        pstr(&b->res.val.ok);
        printf(")");
    }
    printf(" pair (");
    pchar(b->pair.f0);
    printf(", %g) shapes ", b->pair.f1);
    pshapes(&b->shapes);
    printf(" p 0x%x c %u flag %d}", (unsigned)b->p, (unsigned)b->c, b->flag ? 1 : 0);
}

static void popt(const ht_option_string_t *o)
{
    if (o->is_some) {
        printf("some(");
        pstr(&o->val);
        printf(")");
    } else
        printf("none");
}

static void pnum(const num_t *n)
{
    switch (n->tag) {
    case TEST_HOSTTYPES_TYPES_NUM_I: printf("i(%" PRId64 ")", n->val.i); break;
    case TEST_HOSTTYPES_TYPES_NUM_F: printf("f(%g)", n->val.f); break;
    case TEST_HOSTTYPES_TYPES_NUM_D: printf("d(%.17g)", n->val.d); break;
    default: printf("b(%d)", n->val.b); break;
    }
}

static void pchars(const ht_list_char32_t *l)
{
    printf("[");
    for (size_t i = 0; i < l->len; i++) {
        printf(i ? " " : "");
        pchar(l->ptr[i]);
    }
    printf("]");
}

static void pnested(const ht_list_list_string_t *l)
{
    printf("[");
    for (size_t i = 0; i < l->len; i++) {
        printf(i ? " [" : "[");
        for (size_t j = 0; j < l->ptr[i].len; j++) {
            printf(j ? " " : "");
            pstr(&l->ptr[i].ptr[j]);
        }
        printf("]");
    }
    printf("]");
}

/* ---- building values ---- */
static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        abort();
    return p;
}

static void sdup(ht_string_t *s, const char *text)
{
    ht_string_dup(s, text);
}

static void scat(ht_string_t *ret, const ht_string_t *a, const char *b)
{
    size_t n = a->len + strlen(b);
    char *buf = xcalloc(n + 1, 1);
    memcpy(buf, a->ptr, a->len);
    memcpy(buf + a->len, b, strlen(b));
    ht_string_dup_n(ret, buf, n);
    free(buf);
}

static void shape_tr(const shape_t *s, shape_t *r)
{
    r->tag = s->tag;
    switch (s->tag) {
    case TEST_HOSTTYPES_TYPES_SHAPE_CIRCLE: r->val.circle = s->val.circle * 2; break;
    case TEST_HOSTTYPES_TYPES_SHAPE_RECT:
        r->val.rect.x = s->val.rect.y;
        r->val.rect.y = s->val.rect.x;
        break;
    case TEST_HOSTTYPES_TYPES_SHAPE_LABEL: scat(&r->val.label, &s->val.label, "?"); break;
    case TEST_HOSTTYPES_TYPES_SHAPE_PATH: {
        size_t n = s->val.path.len;
        r->val.path.len = n;
        r->val.path.ptr = xcalloc(n, sizeof(point_t));
        for (size_t i = 0; i < n; i++)
            r->val.path.ptr[i] = s->val.path.ptr[n - 1 - i];
        break;
    }
    default: break;
    }
}

/* ---- the imports: print what arrived, answer a transformed value ---- */
void test_hosttypes_env_bag_op(bag_t *b, bag_t *ret)
{
    printf("  env bag-op ");
    pbag(b);
    printf("\n");
    scat(&ret->name, &b->name, "!");
    ret->tags.len = b->tags.len;
    ret->tags.ptr = xcalloc(b->tags.len, sizeof(ht_string_t));
    for (size_t i = 0; i < b->tags.len; i++)
        scat(&ret->tags.ptr[i], &b->tags.ptr[b->tags.len - 1 - i], "");
    ret->grid.len = b->grid.len;
    ret->grid.ptr = xcalloc(b->grid.len, sizeof(ht_list_u8_t));
    for (size_t i = 0; i < b->grid.len; i++) {
        ret->grid.ptr[i].len = b->grid.ptr[i].len;
        ret->grid.ptr[i].ptr = xcalloc(b->grid.ptr[i].len, 1);
        for (size_t j = 0; j < b->grid.ptr[i].len; j++)
            ret->grid.ptr[i].ptr[j] = (uint8_t)(b->grid.ptr[i].ptr[j] + 1);
    }
    ret->opt.is_some = true;
    ret->opt.val = b->opt.is_some ? b->opt.val * 2 : 7;
    if (b->res.is_err) {
        char buf[32];
        snprintf(buf, sizeof buf, "n=%" PRIu32, b->res.val.err);
        sdup(&ret->res.val.ok, buf);
    } else {
        ret->res.is_err = true;
        ret->res.val.err = (uint32_t)b->res.val.ok.len;
    }
    ret->pair.f0 = b->pair.f0 + 1;
    ret->pair.f1 = -b->pair.f1;
    ret->shapes.len = b->shapes.len;
    ret->shapes.ptr = xcalloc(b->shapes.len, sizeof(shape_t));
    for (size_t i = 0; i < b->shapes.len; i++)
        shape_tr(&b->shapes.ptr[i], &ret->shapes.ptr[i]);
    ret->p = (perms_t)(b->p ^ (TEST_HOSTTYPES_TYPES_PERMS_READ | TEST_HOSTTYPES_TYPES_PERMS_WRITE |
                               TEST_HOSTTYPES_TYPES_PERMS_EXEC));
    ret->c = (color_t)((b->c + 1) % 3);
    ret->flag = !b->flag;
}

void test_hosttypes_env_opt_op(ht_option_string_t *x, ht_option_string_t *ret)
{
    printf("  env opt-op ");
    popt(x);
    printf("\n");
    ret->is_some = true;
    if (x->is_some && x->val.len == 13 && memcmp(x->val.ptr, "make-bad-utf8", 13) == 0) {
        ht_string_dup(&ret->val, "bad \xff");
        return;
    }
    if (x->is_some) {
        char *buf = xcalloc(2 * x->val.len + 1, 1);
        memcpy(buf, x->val.ptr, x->val.len);
        memcpy(buf + x->val.len, x->val.ptr, x->val.len);
        ht_string_dup_n(&ret->val, buf, 2 * x->val.len);
        free(buf);
    } else
        sdup(&ret->val, "none");
}

void test_hosttypes_env_res_op(ht_result_u32_string_t *x, ht_result_u32_string_t *ret)
{
    if (x->is_err) {
        printf("  env res-op err(");
        pstr(&x->val.err);
        printf(")\n");
        ret->val.ok = (uint32_t)x->val.err.len;
    } else {
        printf("  env res-op ok(%" PRIu32 ")\n", x->val.ok);
        char buf[32];
        snprintf(buf, sizeof buf, "%" PRIu32, x->val.ok);
        ret->is_err = true;
        sdup(&ret->val.err, buf);
    }
}

void test_hosttypes_env_res_ok_op(ht_result_string_void_t *x, ht_result_string_void_t *ret)
{
    if (x->is_err) {
        printf("  env res-ok-op err\n");
        sdup(&ret->val.ok, "was err");
    } else {
        printf("  env res-ok-op ok(");
        pstr(&x->val.ok);
        printf(")\n");
        ret->is_err = true;
    }
}

void test_hosttypes_env_res_err_op(ht_result_void_s8_t *x, ht_result_void_s8_t *ret)
{
    if (x->is_err) {
        printf("  env res-err-op err(%d)\n", x->val.err);
        ret->is_err = false;
    } else {
        printf("  env res-err-op ok\n");
        ret->is_err = true;
        ret->val.err = -128;
    }
}

void test_hosttypes_env_res_unit_op(ht_result_void_void_t *x, ht_result_void_void_t *ret)
{
    printf("  env res-unit-op %s\n", x->is_err ? "err" : "ok");
    ret->is_err = !x->is_err;
}

void test_hosttypes_env_tup_op(ht_tuple3_u8_string_f32_t *t, ht_tuple2_string_u8_t *ret)
{
    printf("  env tup-op (%u, ", (unsigned)t->f0);
    pstr(&t->f1);
    printf(", %g)\n", t->f2);
    scat(&ret->f0, &t->f1, "#");
    ret->f1 = (uint8_t)(t->f0 + (uint8_t)t->f2);
}

void test_hosttypes_env_num_op(num_t *n, num_t *ret)
{
    printf("  env num-op ");
    pnum(n);
    printf("\n");
    switch (n->tag) {
    case TEST_HOSTTYPES_TYPES_NUM_I:
        ret->tag = TEST_HOSTTYPES_TYPES_NUM_D;
        ret->val.d = (double)n->val.i * 0.5;
        break;
    case TEST_HOSTTYPES_TYPES_NUM_F:
        ret->tag = TEST_HOSTTYPES_TYPES_NUM_I;
        ret->val.i = (int64_t)(n->val.f * 10) - 5000000000LL;
        break;
    case TEST_HOSTTYPES_TYPES_NUM_D:
        ret->tag = TEST_HOSTTYPES_TYPES_NUM_F;
        ret->val.f = (float)n->val.d;
        break;
    default:
        ret->tag = TEST_HOSTTYPES_TYPES_NUM_B;
        ret->val.b = (int8_t)-n->val.b;
        break;
    }
}

void test_hosttypes_env_wrap_op(wrap_t *w, wrap_t *ret)
{
    printf("  env wrap-op %g\n", w->v);
    ret->v = w->v * -1.5f;
}

void test_hosttypes_env_chars_op(uint32_t c, ht_list_char32_t *l, ht_list_char32_t *ret)
{
    printf("  env chars-op ");
    pchar(c);
    printf(" ");
    pchars(l);
    printf("\n");
    ret->len = l->len + 1;
    ret->ptr = xcalloc(ret->len, sizeof(uint32_t));
    ret->ptr[0] = c;
    for (size_t i = 0; i < l->len; i++)
        ret->ptr[i + 1] = l->ptr[l->len - 1 - i];
}

perms_t test_hosttypes_env_perms_op(perms_t p, color_t c)
{
    printf("  env perms-op 0x%x %u\n", (unsigned)p, (unsigned)c);
    return (perms_t)(p ^ (1u << c)) ^ (g_break ? 1 : 0);
}

void test_hosttypes_env_nested_op(ht_list_list_string_t *x, ht_list_list_string_t *ret)
{
    printf("  env nested-op ");
    pnested(x);
    printf("\n");
    ret->len = x->len;
    ret->ptr = xcalloc(x->len, sizeof(ht_list_string_t));
    for (size_t i = 0; i < x->len; i++) {
        const ht_list_string_t *in = &x->ptr[x->len - 1 - i];
        ret->ptr[i].len = in->len;
        ret->ptr[i].ptr = xcalloc(in->len, sizeof(ht_string_t));
        for (size_t j = 0; j < in->len; j++)
            scat(&ret->ptr[i].ptr[j], &in->ptr[j], "+");
    }
}

void test_hosttypes_env_spill_op(uint8_t a, uint16_t b, uint32_t c, uint64_t d, int8_t e, int16_t f,
                                 int32_t g, int64_t h, float i, double j, bool k, uint32_t l,
                                 ht_string_t *m, point_t *n, ht_option_u8_t *o, point_t *ret)
{
    printf("  env spill-op %u %u %" PRIu32 " %" PRIu64 " %d %d %" PRId32 " %" PRId64 " %g %g %d ",
           (unsigned)a, (unsigned)b, c, d, e, f, g, h, i, j, k ? 1 : 0);
    pchar(l);
    printf(" ");
    pstr(m);
    printf(" ");
    ppoint(n);
    if (o->is_some)
        printf(" some(%u)\n", (unsigned)o->val);
    else
        printf(" none\n");
    ret->x = (int32_t)(a + b + c + (uint32_t)d + (uint32_t)(int32_t)e + (uint32_t)(int32_t)f +
                       (uint32_t)g + (uint32_t)h + (uint32_t)(int32_t)i + (uint32_t)(int32_t)j +
                       (k ? 1u : 0u) + (uint32_t)m->len + (uint32_t)n->x + (o->is_some ? o->val : 0u));
    ret->y = n->y - 1;
}

/* {k: v} and [a0 a1 a2] -> ({v: [k, k~]}, [first key, "n=<entries>"]) */
void test_hosttypes_env_map_op(ht_map_string_u32_t *m, ht_array3_s16_t *a,
                               ht_tuple2_map_u8_list_string_array2_string_t *ret)
{
    printf("  env map-op {");
    for (size_t i = 0; i < m->len; i++) {
        printf(i ? ", " : "");
        pstr(&m->ptr[i].key);
        printf(": %" PRIu32, m->ptr[i].value);
    }
    printf("} [%d %d %d]\n", a->elems[0], a->elems[1], a->elems[2]);
    ret->f0.len = m->len;
    ret->f0.ptr = xcalloc(m->len, sizeof *ret->f0.ptr);
    for (size_t i = 0; i < m->len; i++) {
        ret->f0.ptr[i].key = (uint8_t)(m->ptr[i].value + (uint32_t)a->elems[i % 3]);
        ret->f0.ptr[i].value.len = 2;
        ret->f0.ptr[i].value.ptr = xcalloc(2, sizeof(ht_string_t));
        scat(&ret->f0.ptr[i].value.ptr[0], &m->ptr[i].key, "");
        scat(&ret->f0.ptr[i].value.ptr[1], &m->ptr[i].key, "~");
    }
    if (m->len)
        scat(&ret->f1.elems[0], &m->ptr[0].key, "");
    else
        sdup(&ret->f1.elems[0], "");
    char buf[32];
    snprintf(buf, sizeof buf, "n=%zu", m->len);
    sdup(&ret->f1.elems[1], buf);
}

uint32_t ht_tick(uint32_t n)
{
    printf("  tick %" PRIu32 "\n", n);
    return n * 3;
}

/* the host's resource: a counter */
typedef test_hosttypes_env_own_counter_t own_counter_t;
typedef test_hosttypes_env_borrow_counter_t borrow_counter_t;
typedef struct counter {
    uint32_t v;
    int id;
} counter;
static int g_counters_live, g_counter_ids;

own_counter_t test_hosttypes_env_constructor_counter(uint32_t start)
{
    counter *c = xcalloc(1, sizeof *c);
    c->v = start;
    c->id = ++g_counter_ids;
    g_counters_live++;
    printf("  env counter#%d(%" PRIu32 ")\n", c->id, start);
    own_counter_t o = {c};
    return o;
}

uint32_t test_hosttypes_env_method_counter_add(borrow_counter_t self, uint32_t n)
{
    counter *c = self.rep;
    c->v += n;
    printf("  env counter#%d.add(%" PRIu32 ") -> %" PRIu32 "\n", c->id, n, c->v);
    return c->v;
}

void test_hosttypes_env_method_counter_label(borrow_counter_t self, ht_string_t *ret)
{
    char buf[32];
    snprintf(buf, sizeof buf, "counter#%d", ((counter *)self.rep)->id);
    printf("  env counter#%d.label\n", ((counter *)self.rep)->id);
    sdup(ret, buf);
}

/* a moves in (the host owns it) and goes back out as the result */
own_counter_t test_hosttypes_env_static_counter_merge(own_counter_t a, borrow_counter_t b)
{
    counter *ca = a.rep, *cb = b.rep;
    printf("  env merge(counter#%d, counter#%d)\n", ca->id, cb->id);
    ca->v += cb->v;
    return a;
}

void test_hosttypes_env_counter_destroy(void *rep)
{
    counter *c = rep;
    printf("  env counter#%d destroyed (%" PRIu32 ")\n", c->id, c->v);
    free(c);
    g_counters_live--;
}

/* ---- driving the exports ---- */
static int failures;

static int check(ht_instance *inst, int rc, const char *what)
{
    if (rc != 0) {
        printf("%s trapped: %s: %s\n", what, wrt_trap_kind_name(inst->err.kind), inst->err.message);
        failures++;
    }
    return rc;
}

static void fill_bag(bag_t *b, int variant)
{
    memset(b, 0, sizeof *b);
    sdup(&b->name, variant ? "" : "wörld");
    b->tags.len = variant ? 0 : 3;
    b->tags.ptr = xcalloc(3, sizeof(ht_string_t));
    if (!variant) {
        sdup(&b->tags.ptr[0], "a");
        sdup(&b->tags.ptr[1], "");
        sdup(&b->tags.ptr[2], "ccc");
    }
    b->grid.len = 3;
    b->grid.ptr = xcalloc(3, sizeof(ht_list_u8_t));
    for (size_t i = 0; i < 3; i++) {
        b->grid.ptr[i].len = i;
        b->grid.ptr[i].ptr = xcalloc(i, 1);
        for (size_t j = 0; j < i; j++)
            b->grid.ptr[i].ptr[j] = (uint8_t)(variant ? 254 : 10 * i + j);
    }
    b->opt.is_some = !variant;
    b->opt.val = UINT64_C(0x123456789);
    b->res.is_err = variant;
    if (variant)
        b->res.val.err = 4000000000u;
    else
        sdup(&b->res.val.ok, "fine");
    b->pair.f0 = variant ? 0x1F600 : 'A';
    b->pair.f1 = variant ? -0.0 : 1e300;
    b->shapes.len = variant ? 1 : 5;
    b->shapes.ptr = xcalloc(5, sizeof(shape_t));
    if (variant) {
        b->shapes.ptr[0].tag = TEST_HOSTTYPES_TYPES_SHAPE_NOTHING;
    } else {
        b->shapes.ptr[0].tag = TEST_HOSTTYPES_TYPES_SHAPE_CIRCLE;
        b->shapes.ptr[0].val.circle = 1.5f;
        b->shapes.ptr[1].tag = TEST_HOSTTYPES_TYPES_SHAPE_RECT;
        b->shapes.ptr[1].val.rect.x = -3;
        b->shapes.ptr[1].val.rect.y = 2147483647;
        b->shapes.ptr[2].tag = TEST_HOSTTYPES_TYPES_SHAPE_LABEL;
        sdup(&b->shapes.ptr[2].val.label, "lbl");
        b->shapes.ptr[3].tag = TEST_HOSTTYPES_TYPES_SHAPE_NOTHING;
        b->shapes.ptr[4].tag = TEST_HOSTTYPES_TYPES_SHAPE_PATH;
        b->shapes.ptr[4].val.path.len = 3;
        b->shapes.ptr[4].val.path.ptr = xcalloc(3, sizeof(point_t));
        for (int i = 0; i < 3; i++) {
            b->shapes.ptr[4].val.path.ptr[i].x = i;
            b->shapes.ptr[4].val.path.ptr[i].y = -i;
        }
    }
    b->p = variant ? 0 : TEST_HOSTTYPES_TYPES_PERMS_READ | TEST_HOSTTYPES_TYPES_PERMS_EXEC;
    b->c = variant ? TEST_HOSTTYPES_TYPES_COLOR_BLUE : TEST_HOSTTYPES_TYPES_COLOR_RED;
    b->flag = !variant;
}

static void run_all(ht_instance *inst)
{
    for (int v = 0; v < 2; v++) {
        bag_t b, r;
        fill_bag(&b, v);
        printf("bag-op\n");
        if (check(inst, ht_call_api_bag_op(inst, &b, &r), "bag-op") == 0) {
            printf("  -> ");
            pbag(&r);
            printf("\n");
        }
        test_hosttypes_types_bag_free(&b);
        test_hosttypes_types_bag_free(&r);
    }
    for (int v = 0; v < 2; v++) {
        ht_option_string_t o, r;
        memset(&o, 0, sizeof o);
        o.is_some = v == 0;
        if (v == 0)
            sdup(&o.val, "ab€");
        printf("opt-op\n");
        if (check(inst, ht_call_api_opt_op(inst, &o, &r), "opt-op") == 0) {
            printf("  -> ");
            popt(&r);
            printf("\n");
        }
        ht_option_string_free(&o);
        ht_option_string_free(&r);
    }
    for (int v = 0; v < 2; v++) {
        ht_result_u32_string_t x, r;
        memset(&x, 0, sizeof x);
        x.is_err = v == 1;
        if (v == 1)
            sdup(&x.val.err, "four");
        else
            x.val.ok = 4294967295u;
        printf("res-op\n");
        if (check(inst, ht_call_api_res_op(inst, &x, &r), "res-op") == 0) {
            if (r.is_err) {
                printf("  -> err(");
                pstr(&r.val.err);
                printf(")\n");
            } else
                printf("  -> ok(%" PRIu32 ")\n", r.val.ok);
        }
        ht_result_u32_string_free(&x);
        ht_result_u32_string_free(&r);
    }
    for (int v = 0; v < 2; v++) {
        ht_result_string_void_t x, r;
        memset(&x, 0, sizeof x);
        x.is_err = v == 1;
        if (v == 0)
            sdup(&x.val.ok, "yes");
        printf("res-ok-op\n");
        if (check(inst, ht_call_api_res_ok_op(inst, &x, &r), "res-ok-op") == 0) {
            if (r.is_err)
                printf("  -> err\n");
            else {
                printf("  -> ok(");
                pstr(&r.val.ok);
                printf(")\n");
            }
        }
        ht_result_string_void_free(&x);
        ht_result_string_void_free(&r);
    }
    for (int v = 0; v < 2; v++) {
        ht_result_void_s8_t x, r;
        memset(&x, 0, sizeof x);
        x.is_err = v == 1;
        x.val.err = -7;
        printf("res-err-op\n");
        if (check(inst, ht_call_api_res_err_op(inst, &x, &r), "res-err-op") == 0) {
            if (r.is_err)
                printf("  -> err(%d)\n", r.val.err);
            else
                printf("  -> ok\n");
        }
    }
    for (int v = 0; v < 2; v++) {
        ht_result_void_void_t x, r;
        x.is_err = v == 1;
        printf("res-unit-op\n");
        if (check(inst, ht_call_api_res_unit_op(inst, &x, &r), "res-unit-op") == 0)
            printf("  -> %s\n", r.is_err ? "err" : "ok");
    }
    {
        ht_tuple3_u8_string_f32_t t;
        ht_tuple2_string_u8_t r;
        t.f0 = 200;
        sdup(&t.f1, "tup");
        t.f2 = 55.75f;
        printf("tup-op\n");
        if (check(inst, ht_call_api_tup_op(inst, &t, &r), "tup-op") == 0) {
            printf("  -> (");
            pstr(&r.f0);
            printf(", %u)\n", (unsigned)r.f1);
        }
        ht_tuple3_u8_string_f32_free(&t);
        ht_tuple2_string_u8_free(&r);
    }
    for (int v = 0; v < 4; v++) {
        num_t n, r;
        memset(&n, 0, sizeof n);
        n.tag = (uint8_t)v;
        switch (v) {
        case 0: n.val.i = -9007199254740993LL; break;
        case 1: n.val.f = 0.25f; break;
        case 2: n.val.d = 3.141592653589793; break;
        default: n.val.b = -128; break;
        }
        printf("num-op\n");
        if (check(inst, ht_call_api_num_op(inst, &n, &r), "num-op") == 0) {
            printf("  -> ");
            pnum(&r);
            printf("\n");
        }
    }
    {
        wrap_t w = {2.5f}, r;
        printf("wrap-op\n");
        if (check(inst, ht_call_api_wrap_op(inst, &w, &r), "wrap-op") == 0)
            printf("  -> %g\n", r.v);
    }
    {
        uint32_t cs[3] = {'x', 0xE9, 0x10FFFF};
        ht_list_char32_t l = {cs, 3}, r;
        printf("chars-op\n");
        if (check(inst, ht_call_api_chars_op(inst, 0x1F600, &l, &r), "chars-op") == 0) {
            printf("  -> ");
            pchars(&r);
            printf("\n");
        }
        ht_list_char32_free(&r);
    }
    {
        perms_t r;
        printf("perms-op\n");
        if (check(inst, ht_call_api_perms_op(inst, TEST_HOSTTYPES_TYPES_PERMS_WRITE,
                                             TEST_HOSTTYPES_TYPES_COLOR_BLUE, &r), "perms-op") == 0)
            printf("  -> 0x%x\n", (unsigned)r);
    }
    {
        ht_list_list_string_t x, r;
        x.len = 3;
        x.ptr = xcalloc(3, sizeof(ht_list_string_t));
        for (size_t i = 0; i < 3; i++) {
            x.ptr[i].len = i;
            x.ptr[i].ptr = xcalloc(i, sizeof(ht_string_t));
            for (size_t j = 0; j < i; j++) {
                char buf[8];
                snprintf(buf, sizeof buf, "s%zu%zu", i, j);
                sdup(&x.ptr[i].ptr[j], buf);
            }
        }
        printf("nested-op\n");
        if (check(inst, ht_call_api_nested_op(inst, &x, &r), "nested-op") == 0) {
            printf("  -> ");
            pnested(&r);
            printf("\n");
        }
        ht_list_list_string_free(&x);
        ht_list_list_string_free(&r);
    }
    for (int v = 0; v < 2; v++) {
        ht_string_t m;
        point_t n = {100, -100}, r;
        ht_option_u8_t o = {v == 0, 9};
        sdup(&m, "spilled");
        printf("spill-op\n");
        if (check(inst, ht_call_api_spill_op(inst, 255, 65535, 4294967295u, UINT64_C(18446744073709551615),
                                             -128, -32768, -2147483647 - 1, INT64_MIN, -1.5f, 1e-300,
                                             v == 0, 0x41, &m, &n, &o, &r), "spill-op") == 0) {
            printf("  -> ");
            ppoint(&r);
            printf("\n");
        }
        ht_string_free(&m);
    }
    {
        ht_map_string_u32_t m;
        ht_array3_s16_t a = {{-1, 2, -32768}};
        ht_tuple2_map_u8_list_string_array2_string_t r;
        m.len = 2;
        m.ptr = xcalloc(2, sizeof *m.ptr);
        sdup(&m.ptr[0].key, "one");
        m.ptr[0].value = 1;
        sdup(&m.ptr[1].key, "zwei");
        m.ptr[1].value = 300;
        printf("map-op\n");
        if (check(inst, ht_call_api_map_op(inst, &m, &a, &r), "map-op") == 0) {
            printf("  -> ({");
            for (size_t i = 0; i < r.f0.len; i++) {
                printf(i ? ", %u: [" : "%u: [", (unsigned)r.f0.ptr[i].key);
                for (size_t j = 0; j < r.f0.ptr[i].value.len; j++) {
                    printf(j ? " " : "");
                    pstr(&r.f0.ptr[i].value.ptr[j]);
                }
                printf("]");
            }
            printf("}, [");
            pstr(&r.f1.elems[0]);
            printf(" ");
            pstr(&r.f1.elems[1]);
            printf("])\n");
        }
        ht_map_string_u32_free(&m);
        ht_tuple2_map_u8_list_string_array2_string_free(&r);
    }
    {
        uint32_t r;
        printf("use-counter\n");
        if (check(inst, ht_call_api_use_counter(inst, 7, &r), "use-counter") == 0)
            printf("  -> %" PRIu32 "\n", r);
    }
    for (uint32_t start = 0; start < 4; start += 3) {
        own_counter_t k = test_hosttypes_env_constructor_counter(50);
        borrow_counter_t kb = {k.rep};
        test_hosttypes_api_option_own_counter_t o;
        printf("keep-counter\n");
        if (check(inst, ht_call_api_keep_counter(inst, kb, start, &o), "keep-counter") == 0) {
            if (o.is_some) {
                printf("  -> some(counter#%d)\n", ((counter *)o.val.rep)->id);
                test_hosttypes_env_counter_destroy(o.val.rep);
            } else
                printf("  -> none\n");
        }
        test_hosttypes_env_counter_destroy(k.rep);
    }
    {
        ht_string_t s1, s2, t;
        exports_test_hosttypes_api_own_blob_t b1, b2;
        uint32_t n;
        sdup(&s1, "ab");
        sdup(&s2, "cd");
        printf("blob\n");
        if (check(inst, ht_call_api_constructor_blob(inst, &s1, &b1), "blob(ab)") == 0 &&
            check(inst, ht_call_api_constructor_blob(inst, &s2, &b2), "blob(cd)") == 0) {
            exports_test_hosttypes_api_borrow_blob_t r1 = {b1.handle}, r2 = {b2.handle};
            if (check(inst, ht_call_api_method_blob_size(inst, r1, &n), "size") == 0)
                printf("  size -> %" PRIu32 "\n", n);
            if (check(inst, ht_call_api_method_blob_append(inst, r1, r2), "append") == 0)
                printf("  append\n");
            if (check(inst, ht_call_api_method_blob_text(inst, r1, &t), "text") == 0) {
                printf("  text -> ");
                pstr(&t);
                printf("\n");
                ht_string_free(&t);
            }
            if (check(inst, ht_call_api_static_blob_live(inst, &n), "live") == 0)
                printf("  live -> %" PRIu32 "\n", n);
            if (check(inst, ht_call_api_static_blob_consume(inst, b2, &t), "consume") == 0) {
                printf("  consume -> ");
                pstr(&t);
                printf("\n");
                ht_string_free(&t);
            }
            if (check(inst, ht_call_api_static_blob_live(inst, &n), "live") == 0)
                printf("  live -> %" PRIu32 "\n", n);
            if (check(inst, exports_test_hosttypes_api_blob_drop(inst, b1), "drop") == 0)
                printf("  dropped\n");
            if (check(inst, ht_call_api_static_blob_live(inst, &n), "live") == 0)
                printf("  live -> %" PRIu32 "\n", n);
        }
        ht_string_free(&s1);
        ht_string_free(&s2);
    }
    {
        uint32_t r;
        printf("run-tick\n");
        if (check(inst, ht_call_run_tick(inst, 14, &r), "run-tick") == 0)
            printf("  -> %" PRIu32 "\n", r);
    }
}

/* a misbehaving export: -1 with inst->err, then a fresh instance keeps working */
static void expect_trap(ht_instance *inst, int rc, const char *what)
{
    if (rc != -1) {
        printf("%s: expected -1, got %d\n", what, rc);
        failures++;
    } else
        printf("%s -> -1 (%s)\n", what, wrt_trap_kind_name(inst->err.kind));
    uint32_t r = 0;
    if (ht_call_run_tick(inst, 1, &r) != -1) {
        printf("%s: the trapped instance accepted another call\n", what);
        failures++;
    }
    ht_instance_fini(inst);
    if (ht_instance_init(inst, NULL) != 0 || ht_call_run_tick(inst, 2, &r) != 0 || r != 7) {
        printf("%s: a new instance does not work\n", what);
        failures++;
    }
}

int main(void)
{
    g_break = getenv("HT_BREAK") && getenv("HT_BREAK")[0] == '1';
    ht_instance inst;
    if (ht_instance_init(&inst, NULL) != 0) {
        fprintf(stderr, "init: %s\n", inst.err.message);
        return 1;
    }
    run_all(&inst);
    printf("-- misbehaving\n");
    {
        ht_string_t r;
        expect_trap(&inst, ht_call_api_bad_pointer(&inst, &r), "bad-pointer");
        if (r.ptr || r.len) {
            printf("bad-pointer: *ret not empty after -1\n");
            failures++;
        }
    }
    {
        ht_option_string_t r;
        expect_trap(&inst, ht_call_api_bad_utf8(&inst, &r), "bad-utf8");
        if (r.val.ptr) {
            printf("bad-utf8: *ret not empty after -1\n");
            failures++;
        }
    }
    {
        exports_test_hosttypes_api_list_shape_t r;
        expect_trap(&inst, ht_call_api_bad_disc(&inst, &r), "bad-disc");
        if (r.ptr || r.len) {
            printf("bad-disc: *ret not empty after -1\n");
            failures++;
        }
    }
    {
        /* a guest handle used after its drop */
        ht_string_t s1;
        exports_test_hosttypes_api_own_blob_t b;
        uint32_t n;
        sdup(&s1, "x");
        if (ht_call_api_constructor_blob(&inst, &s1, &b) != 0 || exports_test_hosttypes_api_blob_drop(&inst, b) != 0) {
            printf("blob: %s\n", inst.err.message);
            failures++;
        }
        exports_test_hosttypes_api_borrow_blob_t bb = {b.handle};
        expect_trap(&inst, ht_call_api_method_blob_size(&inst, bb, &n), "blob after drop");
        ht_string_free(&s1);
    }
    {
        /* handle 0 is never valid */
        uint32_t n;
        exports_test_hosttypes_api_borrow_blob_t b0 = {0};
        expect_trap(&inst, ht_call_api_method_blob_size(&inst, b0, &n), "handle 0");
    }
    {
        /* invalid arguments from the guest to an import, an invalid answer from the host */
        static const char *const what[] = {"import arg out of memory", "import arg invalid UTF-8",
                                           "import arg bad discriminant", "import result invalid UTF-8"};
        for (uint32_t w = 0; w < 4; w++) {
            uint32_t n;
            expect_trap(&inst, ht_call_api_bad_import_arg(&inst, w, &n), what[w]);
        }
    }
    ht_instance_fini(&inst);
    printf("counters alive: %d\n", g_counters_live);
    if (g_counters_live)
        failures++;
    printf("%s\n", failures ? "FAILURES" : "done");
    return failures ? 1 : 0;
}
