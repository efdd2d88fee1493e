/* compile.h: sources -> model.
 *
 * Builds the model from parsed, schema-valid sources: registers every id, resolves <ref>, <see>,
 * <card> and <include>, resolves season variants and dated blocks against the edition's
 * operation window, and picks each fact's value for the edition.  Reports the "ids" messages
 * (duplicates, unknown references); the other consistency checks are in check.c.
 */
#ifndef PAISANO_COMPILE_H
#define PAISANO_COMPILE_H

#include "diag.h"
#include "model.h"
#include "source.h"

struct compile_input {
	GPtrArray		*agencies;	/* struct src_file *, schema-valid */
	struct src_file		*edition;	/* schema-valid manifest, or NULL */
	GHashTable		*unsure_ids;	/* ids that may be defined in a file that failed to
						 * validate: no "not defined" message for them */
	struct src_file		*snapshot;	/* a schema-valid snapshot instead of the above */
};

struct model	*compile_model(const struct compile_input *, struct diag_list *);

/* The same in steps, so that each agency file can be compiled as soon as it is loaded and its
 * tree freed (compile_model() is these three): compile_begin(), compile_add_agency() for each
 * schema-valid agency file in the order of their paths (strcmp), then compile_end() with the
 * edition's schema-valid manifest or NULL, which returns the model and frees the compiler. */
struct compiler;
struct compiler	*compile_begin(GHashTable *unsure_ids, struct diag_list *);
void		 compile_add_agency(struct compiler *, struct src_file *);
struct model	*compile_end(struct compiler *, struct src_file *edition);

/* The closest known id to `id` (for "did you mean"), or NULL. */
const char	*compile_suggest(GHashTable *ids, const char *id);

#endif
