/* `witc component embed`: called from the `witc component` dispatcher (cmd_component.c). */
#ifndef WITC_CLI_CMD_COMPONENT_EMBED_H
#define WITC_CLI_CMD_COMPONENT_EMBED_H

/* argv[0] is "embed". Returns an exit code (cli.h). */
int cmd_component_embed(int argc, char **argv);

#endif
