/* entry.h: what the program sees of the desk module (bin/paisano-desk.so): one struct of entry
 * points, exported as `paisano_desk` and found by src/module.c's desk_module() with one dlsym. */
#ifndef PAISANO_DESK_ENTRY_H
#define PAISANO_DESK_ENTRY_H

struct desk_module {
	int	(*serve)(int argc, char **argv);	/* paisano serve */
	int	(*user)(int argc, char **argv);		/* paisano user */
	int	(*desk)(int argc, char **argv);		/* paisano desk backup FILE (backup.c) */
};

/* The desk module's entry points, loaded on the first call (exits 2 if it cannot be). */
const struct desk_module *desk_module(void);

#endif
