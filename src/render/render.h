/* render.h: the rendering module's entry points, as the program sees them.
 *
 * bin/paisano-render.so (the files in src/render/) exports one symbol, paisano_render_module,
 * a struct render_module; bin/paisano finds it with one dlsym (src/module.c) the first time a
 * command lays out pages, and calls through it: render_module()->build_run(&o).  The program
 * checks `abi` and `size` before it uses the table, so a module left from another version is
 * refused with a message rather than called with the wrong arguments: raise RENDER_MODULE_ABI
 * whenever a member changes type or meaning (adding one at the end changes `size`, enough).
 */
#ifndef PAISANO_RENDER_H
#define PAISANO_RENDER_H

#include <stdio.h>

#include <glib.h>

#include "build.h"
#include "pages.h"
#include "proof.h"

#define RENDER_MODULE_ABI	2
#define RENDER_MODULE_SYMBOL	"paisano_render_module"

struct render_module {
	unsigned int	  abi;		/* RENDER_MODULE_ABI when the module was built */
	size_t		  size;		/* sizeof(struct render_module) when the module was built */

	/* paisano build, proof */
	int		(*build_run)(const struct build_opts *);
	guint		(*build_parse_outputs)(const char *);
	int		(*proof_run)(const struct proof_opts *);
	int		(*proof_watch)(const struct proof_opts *);

	/* paisano pages */
	int		(*pages_run)(const struct pages_opts *);

	/* paisano serve: the proofs of several agencies from one layout */
	int		(*proof_agencies)(const struct proof_opts *, const char *const *agencies,
			    const char *const *outdirs, unsigned int n, int *results);
};

/* The module's table, loaded on the first call (src/module.c); exits 2 with a message when the
 * module cannot be found or is of another version. */
const struct render_module	*render_module(void);

#endif
