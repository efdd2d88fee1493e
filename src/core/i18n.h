/* i18n.h: the program's messages in the reader's language (gettext, domain "paisano").
 *
 * Every text the program prints is written in English and wrapped in _() (or marked N_() where
 * it sits in a table, then translated where printed); po/es.po holds the Spanish.  The
 * Makefile compiles it to build/locale/es/LC_MESSAGES/paisano.mo and `make install` puts it
 * under share/locale/; i18n_init() finds it (see i18n.c).  Spanish under an es_* locale (LANG,
 * LC_MESSAGES, LC_ALL, LANGUAGE), English otherwise.
 */
#ifndef PAISANO_I18N_H
#define PAISANO_I18N_H

#ifndef GETTEXT_PACKAGE
#define GETTEXT_PACKAGE "paisano"
#endif
#include <glib/gi18n-lib.h>
#include <libintl.h>

/* Set the locale from the environment (numbers stay C: outputs print 1.5, not 1,5) and bind
 * the catalog. */
/* spanish: messages in Spanish whatever the environment says (the desk, which is in Spanish). */
void	i18n_init(gboolean spanish);
/* The folder the catalog was found in (NULL before i18n_init or when none was found). */
const char *i18n_localedir(void);

#endif
