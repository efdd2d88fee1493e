/* valid.h: guide-src/schema/paisano.rng, written out by hand, to pass well-formed sources quickly.
 *
 * libxml2's RelaxNG validator was a third of the work of `paisano check` (and compiling the
 * schema more).  valid_surely() walks a parsed source once and answers TRUE only when it surely
 * follows the schema; anything it is not sure about (an unknown element or attribute, a value
 * with white space to normalize, a comment inside a value...) gets FALSE, and then libxml2
 * decides and explains, as before.  So it may only ever be stricter than the schema, never
 * looser: the fuzz target checks that every document it passes, libxml2 passes too.
 *
 * It is written for one version of the schema, identified by its SHA-256: when the schema
 * compiled into the program is any other, valid_surely() always answers FALSE (every file goes
 * to libxml2) until valid.c is brought up to date with it.
 */
#ifndef PAISANO_VALID_H
#define PAISANO_VALID_H

#include <glib.h>
#include <libxml/tree.h>

/* Does the document surely follow the schema? */
gboolean	 valid_surely(xmlDocPtr);
/* Is valid_surely() in use (the compiled-in schema is the one valid.c was written for)? */
gboolean	 valid_active(void);

#endif
