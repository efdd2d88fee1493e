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

/* The closest known id to `id` (for "did you mean"), or NULL. */
const char	*compile_suggest(GHashTable *ids, const char *id);

#endif
