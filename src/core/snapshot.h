/* snapshot.h: the model <-> its canonical XML form, and the edition's content hash.
 *
 * A snapshot is one XML file in the sources' own format (root <paisano-model>: the edition's
 * manifest and every agency it prints from), holding exactly what the edition prints: season
 * variants resolved, one value per fact, white space normalized, a fixed order that does not
 * depend on how the source files are laid out.  It loads back through the same compiler, so a
 * published edition can be rebuilt from its snapshot alone.  The SHA-256 of the snapshot's
 * bytes is the content hash; the version string is "<edition> r<revision> <8 hex digits>".
 */
#ifndef PAISANO_SNAPSHOT_H
#define PAISANO_SNAPSHOT_H

#include "diag.h"
#include "model.h"

/* The canonical bytes of a compiled edition (g_free). */
char		*snapshot_write(const struct model *, gsize *len);
/* Compute the snapshot, and set the edition's hash and version string. */
void		 snapshot_stamp(struct model *);
/* Write the snapshot to `path` atomically.  FALSE with `err` set on failure. */
gboolean	 snapshot_save(const struct model *, const char *path, GError **err);

#endif
