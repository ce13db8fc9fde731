/* Guest for test_new.sh: a plain C command (no bindings, no component-type section); its
 * WASI preview1 imports are served by the command adapter given to `--adapt`. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    printf("hello from a witc component, %d arg(s), last %s\n", argc, argv[argc - 1]);
    fprintf(stderr, "to stderr\n");
    char *p = malloc(100000);
    p[99999] = 1;
    printf("malloc ok %d\n", p[99999]);
    return 0;
}
