/* `witc component new`: called from the `witc component` dispatcher (cmd_component.c). */
#ifndef WITC_CLI_CMD_COMPONENT_NEW_H
#define WITC_CLI_CMD_COMPONENT_NEW_H

/* argv[0] is "new". Returns an exit code (cli.h). */
int cmd_component_new(int argc, char **argv);

#endif
