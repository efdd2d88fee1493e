/* snapshot.h: the model <-> its canonical XML form, and the edition's content hash.
 *
 * A snapshot is one XML file in the sources' own format (root <paisano-model>: the edition's
 * manifest and every agency it prints from), holding exactly what the edition prints: season
 * variants resolved, one value per fact, white space normalized, a fixed order that does not
 * depend on how the source files are laid out.  It loads back through the same compiler, so a
 * published edition can be rebuilt from its snapshot alone.  The SHA-256 of the snapshot's
 * bytes is the content hash; the version string is "<edition> r<revision> <8 hex digits>".
 * The snapshot ends with <images>, the SHA-256 of the bytes of every image it prints, so the
 * content hash covers the images too.
 */
#ifndef PAISANO_SNAPSHOT_H
#define PAISANO_SNAPSHOT_H

#include "diag.h"
#include "model.h"

/* The canonical bytes of a compiled edition (g_free). */
char		*snapshot_write(const struct model *, gsize *len);
/* Compute the snapshot, and set the edition's hash and version string.  The bytes stay with the
 * model unless the snapshot is large (snapshot_write() and the agencies' parts copy them,
 * snapshot_take() takes them): the model must not change after its stamp. */
void		 snapshot_stamp(struct model *);
/* The snapshot's bytes, taken from the model if stamped (written otherwise); g_free. */
char		*snapshot_take(struct model *, gsize *len);
/* The same without the sign-offs: what the agencies signed off (guide-src/signoffs/). */
char		*snapshot_write_unsigned(const struct model *, gsize *len);
/* One agency's part of the snapshot: <agency-part edition="ID"> with its <agency> element as the
 * snapshot writes it (facts, contacts, sections, in every language) and the <images> its sections
 * print; NULL if the model has no such agency or no edition.  What a sign-off's hash covers. */
char		*snapshot_write_agency(const struct model *, const char *agency, gsize *len);
/* Record in m->images the SHA-256 of every image the edition prints, read from root/images/
 * (regular files only; one that cannot be read is left out, and check reports it). */
void		 snapshot_hash_images(struct model *, const char *root);
/* Whether root/images/ still holds the very bytes a snapshot's <images> records. */
gboolean	 snapshot_verify_images(const struct model *, const char *root, GError **err);
/* Write the snapshot to `path` atomically.  FALSE with `err` set on failure. */
gboolean	 snapshot_save(const struct model *, const char *path, GError **err);

#endif
