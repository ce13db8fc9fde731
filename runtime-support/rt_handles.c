/* rt_handles.c — per-component-instance resource handle tables.
 *
 * A table is a growable array of slots; slot 0 is reserved so that 0 is never a valid handle,
 * and freed slots form a free list so indices are reused (as the canonical ABI's table does).
 * Own handles count live lends; borrow handles remember the call scope that created them, and
 * each open scope counts its live borrows, so leaving a call with borrows alive is caught.
 */
#include "witrt.h"

#include <stdlib.h>

void wrt_handles_init(wrt_handles *t) {
  memset(t, 0, sizeof *t);
  t->next_scope_id = 1;
}

void wrt_handles_free(wrt_handles *t) {
  for (uint32_t i = 1; i < t->len; i++) {
    wrt_handle_slot *s = &t->slots[i];
    if (s->type && s->scope == 0 && s->type->host && s->type->dtor) {
      const wrt_rtype *ty = s->type;
      s->type = NULL;
      ty->dtor(ty->ctx, s->rep);
    }
  }
  free(t->slots);
  wrt_handles_init(t);
}

static uint32_t alloc_slot(wrt_handles *t) {
  if (t->free_head) {
    uint32_t i = t->free_head;
    t->free_head = t->slots[i].next_free;
    return i;
  }
  if (t->len == 0) t->len = 1; /* reserve slot 0 */
  if (t->len >= WRT_MAX_HANDLES) wrt_trap(WRT_TRAP_RESOURCE_LIMIT, "handle table full");
  if (t->len >= t->cap) {
    uint32_t ncap = t->cap ? t->cap * 2 : 16;
    wrt_handle_slot *n = realloc(t->slots, (size_t)ncap * sizeof *n);
    if (!n) wrt_trap(WRT_TRAP_RESOURCE_LIMIT, "host out of memory growing the handle table");
    memset(n + t->cap, 0, (size_t)(ncap - t->cap) * sizeof *n);
    if (t->cap == 0) memset(n, 0, sizeof *n);
    t->slots = n;
    t->cap = ncap;
  }
  return t->len++;
}

static void free_slot(wrt_handles *t, uint32_t h) {
  wrt_handle_slot *s = &t->slots[h];
  s->type = NULL;
  s->rep = 0;
  s->lends = 0;
  s->scope = 0;
  s->next_free = t->free_head;
  t->free_head = h;
}

static wrt_handle_slot *get(wrt_handles *t, const wrt_rtype *type, uint32_t h) {
  if (h == 0 || h >= t->len || !t->slots[h].type)
    wrt_trap(WRT_TRAP_INVALID_HANDLE, "handle %u is not live%s%s", (unsigned)h,
             type ? " (expected " : "", type ? type->name : "");
  wrt_handle_slot *s = &t->slots[h];
  if (type && s->type != type)
    wrt_trap(WRT_TRAP_INVALID_HANDLE, "handle %u is a %s, expected %s", (unsigned)h,
             s->type->name, type->name);
  return s;
}

uint32_t wrt_handle_new_own(wrt_handles *t, const wrt_rtype *type, uintptr_t rep) {
  uint32_t h = alloc_slot(t);
  wrt_handle_slot *s = &t->slots[h];
  s->type = type;
  s->rep = rep;
  s->lends = 0;
  s->scope = 0;
  s->next_free = 0;
  return h;
}

uint32_t wrt_handle_new_borrow(wrt_handles *t, const wrt_rtype *type, uintptr_t rep) {
  if (t->depth == 0) wrt_trap(WRT_TRAP_HOST, "borrow handle created outside a call scope");
  uint32_t h = alloc_slot(t);
  wrt_handle_slot *s = &t->slots[h];
  s->type = type;
  s->rep = rep;
  s->lends = 0;
  s->scope = t->scope_ids[t->depth - 1];
  s->next_free = 0;
  t->scope_borrows[t->depth - 1]++;
  return h;
}

uintptr_t wrt_handle_rep(wrt_handles *t, const wrt_rtype *type, uint32_t h) {
  return get(t, type, h)->rep;
}

uintptr_t wrt_handle_take_own(wrt_handles *t, const wrt_rtype *type, uint32_t h) {
  wrt_handle_slot *s = get(t, type, h);
  if (s->scope != 0)
    wrt_trap(WRT_TRAP_INVALID_HANDLE, "handle %u is a borrow, an own handle was expected", (unsigned)h);
  if (s->lends)
    wrt_trap(WRT_TRAP_HANDLE_LENT, "handle %u is lent out %u time(s) and cannot move",
             (unsigned)h, (unsigned)s->lends);
  uintptr_t rep = s->rep;
  free_slot(t, h);
  return rep;
}

uintptr_t wrt_handle_lend(wrt_handles *t, const wrt_rtype *type, uint32_t h) {
  wrt_handle_slot *s = get(t, type, h);
  if (s->scope == 0) s->lends++;
  return s->rep;
}

void wrt_handle_unlend(wrt_handles *t, uint32_t h) {
  wrt_handle_slot *s = get(t, NULL, h);
  if (s->scope == 0 && s->lends) s->lends--;
}

static int scope_index(const wrt_handles *t, uint32_t scope) {
  for (uint32_t i = t->depth; i > 0; i--)
    if (t->scope_ids[i - 1] == scope) return (int)(i - 1);
  return -1;
}

void wrt_handle_drop(wrt_handles *t, const wrt_rtype *type, uint32_t h) {
  wrt_handle_slot *s = get(t, type, h);
  if (s->scope != 0) {
    int i = scope_index(t, s->scope);
    if (i < 0)
      wrt_trap(WRT_TRAP_BORROW_OUTLIVED, "borrow handle %u outlived its call", (unsigned)h);
    t->scope_borrows[i]--;
    free_slot(t, h);
    return;
  }
  if (s->lends)
    wrt_trap(WRT_TRAP_HANDLE_LENT, "handle %u dropped while lent out %u time(s)", (unsigned)h,
             (unsigned)s->lends);
  const wrt_rtype *ty = s->type;
  uintptr_t rep = s->rep;
  free_slot(t, h);
  if (ty->dtor) ty->dtor(ty->ctx, rep);
}

void wrt_scope_enter(wrt_handles *t) {
  if (t->depth >= WRT_MAX_SCOPES) wrt_trap(WRT_TRAP_RESOURCE_LIMIT, "call scopes nested too deeply");
  t->scope_ids[t->depth] = t->next_scope_id++;
  if (t->next_scope_id == 0) t->next_scope_id = 1;
  t->scope_borrows[t->depth] = 0;
  t->depth++;
}

void wrt_scope_exit(wrt_handles *t) {
  if (t->depth == 0) wrt_trap(WRT_TRAP_HOST, "call scope closed twice");
  uint32_t id = t->scope_ids[t->depth - 1];
  uint32_t live = t->scope_borrows[t->depth - 1];
  t->depth--;
  if (live == 0) return;
  /* Invalidate the stray borrows so later uses fail too, then trap. */
  for (uint32_t i = 1; i < t->len; i++)
    if (t->slots[i].type && t->slots[i].scope == id) free_slot(t, i);
  wrt_trap(WRT_TRAP_BORROW_OUTLIVED, "%u borrow handle(s) still alive when the call returned",
           (unsigned)live);
}

uint32_t wrt_handles_live(const wrt_handles *t) {
  uint32_t n = 0;
  for (uint32_t i = 1; i < t->len; i++)
    if (t->slots[i].type) n++;
  return n;
}
