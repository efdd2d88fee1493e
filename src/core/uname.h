/* uname.h: characters named in messages, as Unicode names them ("U+200B ZERO WIDTH SPACE"). */
#ifndef PAISANO_UNAME_H
#define PAISANO_UNAME_H

#include <glib.h>

/* "U+200B ZERO WIDTH SPACE"; characters not in the table get their code and general category
 * ("U+E000 (a private-use character)").  Newly allocated. */
char		*uname_describe(gunichar);
/* Invisible format characters (Unicode category Cf: zero-width spaces and joiners, the soft
 * hyphen, bidi controls, the BOM) and the other bidirectional controls. */
gboolean	 uname_is_invisible(gunichar);
/* Bidirectional controls that reorder what follows (U+202A-U+202E, U+2066-U+2069, LRM, RLM,
 * ALM): never wanted anywhere in the guide's text. */
gboolean	 uname_is_bidi(gunichar);

#endif
