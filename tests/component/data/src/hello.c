#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    const char *v = getenv("FOO");
    printf("hello %d %s\n", argc, v ? v : "(none)");
    return 0;
}
