/* noop.c — does nothing: measures start-up (instantiation) time. */
int main(void) { return 0; }
