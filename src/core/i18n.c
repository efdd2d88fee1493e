/* i18n.c: where the program finds its message catalog, as opts.c finds the templates:
 * $PAISANO_LOCALEDIR when set; else build/locale/ beside the program's bin/ (a checkout: make
 * compiles po/es.po there); else share/locale/ beside the program's bin/ (installed, wherever
 * PREFIX was moved); else the folder fixed at build time (PAISANO_LOCALEDIR in build/datadir.h). */
#include <locale.h>
#include <string.h>

#include "datadir.h"
#include "i18n.h"

static char *found;

/* DIR when it holds the Spanish catalog; newly allocated, or NULL. */
static char *
catalog_in(const char *dir)
{
	char *mo = g_build_filename(dir, "es", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
	gboolean ok = g_file_test(mo, G_FILE_TEST_IS_REGULAR);

	g_free(mo);
	return ok ? g_strdup(dir) : NULL;
}

void
i18n_init(gboolean spanish)
{
	const char *env = g_getenv("PAISANO_LOCALEDIR");
	char *exe, *bin, *dir;

	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	/* Before any message is translated: GLib's g_dgettext() decides once, at its first call,
	 * whether to translate at all. */
	if (spanish && setlocale(LC_MESSAGES, "es_MX.UTF-8") == NULL)
		setlocale(LC_MESSAGES, "es_ES.UTF-8");
	if (found == NULL && env != NULL && *env != '\0')
		found = g_strdup(env);
	if (found == NULL && (exe = g_file_read_link("/proc/self/exe", NULL)) != NULL) {
		bin = g_path_get_dirname(exe);
		dir = g_canonicalize_filename("../build/locale", bin);
		found = catalog_in(dir);
		g_free(dir);
		if (found == NULL) {
			dir = g_canonicalize_filename("../share/locale", bin);
			found = catalog_in(dir);
			g_free(dir);
		}
		g_free(bin);
		g_free(exe);
	}
	if (found == NULL)
		found = g_strdup(PAISANO_LOCALEDIR);
	bindtextdomain(GETTEXT_PACKAGE, found);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);
}

const char *
i18n_localedir(void)
{
	return found;
}
