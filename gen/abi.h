/* The canonical ABI, computed from a Resolve: sizes, alignments, discriminants, flattening
 * with joins, and per-function plans (which core signature a WIT function has, where each
 * argument travels — core parameters or a spilled memory block — and what a glue function
 * does, step by step). Everything here is independent of C and, where possible, of the
 * direction of the call: the guest emitter and the host-stub emitter walk the same plans.
 * All numbers are for wasm32 (pointers and lengths are 4 bytes). */
#ifndef WITC_GEN_ABI_H
#define WITC_GEN_ABI_H

#include "wit.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GEN_MAX_FLAT_PARAMS 16
#define GEN_MAX_FLAT_RESULTS 1
#define GEN_MAX_FLAT_ASYNC_PARAMS 4

/* Core value types. */
typedef enum gen_core { GEN_I32, GEN_I64, GEN_F32, GEN_F64 } gen_core;

/* "i32", "i64", "f32", "f64". */
const char *gen_core_name(gen_core c);

/* The join of two flat types (component model: equal stays; {i32, f32} -> i32; else i64). */
gen_core gen_abi_join(gen_core a, gen_core b);

/* Size and alignment in linear memory (wasm32). Flags with more than 32 members use
 * ceil(n/32) u32 words, as wit-parser computes them. */
uint32_t gen_abi_size(const wit_resolve *r, wit_type t);
uint32_t gen_abi_align(const wit_resolve *r, wit_type t);
/* Rounds n up to a multiple of align (a power of two). */
uint32_t gen_abi_align_to(uint32_t n, uint32_t align);

/* Discriminant size in bytes for a variant with n cases: 1, 2 or 4. */
uint32_t gen_abi_disc_size(uint32_t ncases);

/* Variant-like types (variant, enum, option, result) seen uniformly as a list of cases.
 * gen_abi_ncases returns 0 when the type is not variant-like. gen_abi_case stores
 * whether case i has a payload and its type. */
uint32_t gen_abi_ncases(const wit_resolve *r, const wit_typedef *td);
void gen_abi_case(const wit_resolve *r, const wit_typedef *td, uint32_t i, bool *has, wit_type *type);
/* Offset of the payload inside a variant-like value. */
uint32_t gen_abi_payload_offset(const wit_resolve *r, const wit_typedef *td);
/* Offset of field i of a record or element i of a tuple. */
uint32_t gen_abi_field_offset(const wit_resolve *r, const wit_typedef *td, uint32_t i);

/* Flattens t: stores the first min(total, cap) flat types in out[] and returns the total
 * count. Counting stops early once it exceeds cap + 1 (enough to decide spilling), so
 * the return value is exact only when it is <= cap. */
uint32_t gen_abi_flatten(const wit_resolve *r, wit_type t, gen_core *out, uint32_t cap);
/* Number of flat values of t, saturated at `limit + 1`. */
uint32_t gen_abi_flat_count(const wit_resolve *r, wit_type t, uint32_t limit);

/* True when a value of type t owns heap memory (contains a string or list, at any depth;
 * handles are not memory). */
bool gen_abi_owns_memory(const wit_resolve *r, wit_type t);
/* True when t contains a borrow handle, at any depth. */
bool gen_abi_has_borrow(const wit_resolve *r, wit_type t);

/* The future and stream types in f's signature, in wit-parser's find_futures_and_streams
 * order (depth first over the parameters, then the result; inner types before the
 * future/stream that holds them). Index N names the `[future-new-N]f`-style intrinsics.
 * Stores up to cap type ids in out and returns the total count. */
uint32_t gen_abi_futures_streams(const wit_resolve *r, const wit_func *f, wit_id *out, uint32_t cap);

/* ---- plans ---------------------------------------------------------------------------
 * GEN_IMPORT: the guest calls a function the host provides (`canon lower`).
 * GEN_EXPORT: the host calls a function the guest provides (`canon lift`).
 * A plan's core signature is what the core import/export has; `args` says where each
 * WIT parameter travels; `steps` is what a glue function does, in order. The steps are
 * named from the glue's point of view: the import glue lowers arguments and lifts the
 * result; the export glue lifts arguments and lowers the result. */

typedef enum gen_dir { GEN_IMPORT, GEN_EXPORT } gen_dir;

typedef enum gen_step_kind {
    GEN_STEP_PARAM_AREA,      /* import: reserve the caller-owned spill block (size/align) */
    GEN_STEP_LOWER_FLAT,      /* import: arg `arg` -> core params [flat, flat+nflat) */
    GEN_STEP_STORE_ARG,       /* import: store arg `arg` at `offset` in the spill block */
    GEN_STEP_RET_AREA,        /* import: reserve the caller-owned return area (size/align) */
    GEN_STEP_CALL_IMPORT,     /* import: call the core import */
    GEN_STEP_LIFT_RESULT_FLAT,/* import: result <- core result 0 */
    GEN_STEP_LOAD_RESULT,     /* import: result <- return area at `offset` */
    GEN_STEP_LIFT_FLAT,       /* export: arg `arg` <- core params [flat, flat+nflat) */
    GEN_STEP_LOAD_ARG,        /* export: arg `arg` <- spilled block (core param 0) at `offset` */
    GEN_STEP_FREE_PARAM_AREA, /* export: free the spilled block the host allocated with realloc */
    GEN_STEP_CALL_USER,       /* export: call the user's implementation */
    GEN_STEP_DROP_BORROWS,    /* export: drop received borrows of imported resources (autodrop) */
    GEN_STEP_LOWER_RESULT_FLAT, /* export: core result 0 <- result */
    GEN_STEP_STORE_RESULT,    /* export: store result at `offset` of the static return area, return its address */
    GEN_STEP_TASK_RETURN      /* async export: hand the result to the imported task.return */
} gen_step_kind;

typedef struct gen_step {
    gen_step_kind kind;
    uint32_t arg;     /* parameter index, or UINT32_MAX */
    uint32_t flat;    /* first core value */
    uint32_t nflat;   /* number of core values */
    uint32_t offset;  /* memory offset */
} gen_step;

#define GEN_PLAN_MAX_CORE (GEN_MAX_FLAT_PARAMS + 2)

typedef struct gen_plan {
    gen_dir dir;
    bool async;
    const wit_func *func;
    /* the core function's signature */
    gen_core core_params[GEN_PLAN_MAX_CORE];
    uint32_t ncore_params;
    gen_core core_results[1];
    uint32_t ncore_results;
    /* parameters: flat, or one pointer to a spilled tuple of all parameters */
    bool params_indirect;
    uint32_t params_size, params_align;
    /* results: flat (<= 1 value), or through memory */
    bool results_indirect;
    bool retptr_param;      /* import: trailing out-pointer core parameter */
    uint32_t results_size, results_align;
    bool post_return;       /* export: the result owns memory; a post-return frees it */
    bool borrows_in_params; /* some parameter contains a borrow handle */
    gen_step *steps;        /* arena */
    uint32_t nsteps;
} gen_plan;

/* Computes the plan of calling `f` in direction `dir`; async selects the async ABI
 * (async-lower imports: <= 4 flat params, result always through an out-pointer, an i32
 * status result; callback-lifted exports: i32 result code, result via task.return).
 * `autodrop` adds GEN_STEP_DROP_BORROWS to export plans that receive borrows.
 * The steps are allocated in `arena`. Returns 0, or -1 on OOM. */
int gen_plan_func(const wit_resolve *r, const wit_func *f, gen_dir dir, bool async, bool autodrop,
                  wit_arena *arena, gen_plan *out);

#ifdef __cplusplus
}
#endif
#endif
