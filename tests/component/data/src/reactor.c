#include <stdio.h>
#include <time.h>

/* A reactor whose initializer uses stdio and clocks through the preview1 adapter. */
__attribute__((constructor)) static void init(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    printf("reactor up at %lld\n", (long long)ts.tv_sec);
}
