/* guest.c — the guest of bench/host-call.sh: bump returns its argument (ownership moves to
 * the result, which the bindings free after the host read it) with every score plus one. */
#include "hostcall.h"

void exports_bench_hostcall_api_bump(exports_bench_hostcall_api_person_t *p,
                                     exports_bench_hostcall_api_person_t *ret) {
  *ret = *p;
  for (size_t i = 0; i < ret->scores.len; i++) ret->scores.ptr[i]++;
}
