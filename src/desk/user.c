/* user.c: `paisano user add|list|disable`: the desk's accounts.  There are no default
 * accounts: the first office account is made here. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "desk.h"
#include "i18n.h"

#define PASSWORD_MIN	12

static gboolean
login_ok(const char *s)
{
	if (s == NULL || *s == '\0' || strlen(s) > 64)
		return FALSE;
	for (const char *p = s; *p != '\0'; p++)
		if (!g_ascii_isalnum(*p) && *p != '.' && *p != '-' && *p != '_')
			return FALSE;
	return TRUE;
}

static const char *
role_name(enum role r)
{
	return r == ROLE_EDITOR ? "editor" : r == ROLE_OFFICE ? "office" : r == ROLE_PRINTER ? "printer" : "?";
}

/* A password: the first line of standard input, or, when standard input is a terminal or
 * empty, 20 random characters printed once. */
static char *
read_password(gboolean *generated)
{
	char buf[1100];

	*generated = FALSE;
	if (!isatty(0) && fgets(buf, sizeof(buf), stdin) != NULL) {
		buf[strcspn(buf, "\r\n")] = '\0';
		if (buf[0] != '\0') {
			char *pw = g_strdup(buf);

			sodium_memzero(buf, sizeof(buf));
			return pw;
		}
	}
	{
		static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
		char *pw = g_malloc(21);

		for (int i = 0; i < 20; i++)
			pw[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
		pw[20] = '\0';
		*generated = TRUE;
		return pw;
	}
}

int
desk_user_main(int argc, char **argv)
{
	char *data = NULL, *src = NULL, *role = NULL, *agency = NULL;
	const GOptionEntry entries[] = {
		{ "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("add: editor, office or printer"), N_("ROLE") },
		{ "agency", 0, 0, G_OPTION_ARG_STRING, &agency, N_("add: the editor's agency (its file's name in guide-src/agencies)"), N_("ID") },
		{ "data", 0, 0, G_OPTION_ARG_FILENAME, &data, N_("The desk's data directory (default: desk-data)"), N_("DIR") },
		{ "src", 0, 0, G_OPTION_ARG_FILENAME, &src, N_("The source tree, to check --agency (default: guide-src)"), N_("DIR") },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new(N_("add LOGIN | list | disable LOGIN"));
	GError *err = NULL;
	struct store st = { 0 };
	int rc = 2;

	g_option_context_set_translation_domain(ctx, GETTEXT_PACKAGE);
	g_option_context_set_summary(ctx,
	    N_("The desk's accounts.  add LOGIN --role editor --agency ID | --role office | --role printer:\n"
	    "the password is the first line of standard input, or, if none is given, one is generated\n"
	    "and printed once.  Passwords are kept only as Argon2id hashes.  list: every account.\n"
	    "disable LOGIN: the account can no longer log in, and its sessions end."));
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		fprintf(stderr, _("paisano: %s\n"), err->message);
		goto out;
	}
	if (argc < 2 || (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "list") != 0 && strcmp(argv[1], "disable") != 0)) {
		fprintf(stderr, _("paisano: usage: paisano user add LOGIN --role ROLE [--agency ID] | list | disable LOGIN\n"));
		goto out;
	}
	if (sodium_init() < 0 || !store_open(&st, data != NULL ? data : "desk-data", &err)) {
		fprintf(stderr, _("paisano: %s\n"), err != NULL ? err->message : _("cannot initialise libsodium"));
		goto out;
	}
	if (strcmp(argv[1], "list") == 0) {
		GPtrArray *users = store_users(&st);

		for (guint i = 0; i < users->len; i++) {
			const struct user *u = users->pdata[i];

			printf("%s\t%s\t%s\t%s\n", u->login, role_name(u->role), u->agency != NULL ? u->agency : "-",
			    u->disabled ? "disabled" : "active");
		}
		g_ptr_array_free(users, TRUE);
		rc = 0;
	} else if (strcmp(argv[1], "disable") == 0) {
		if (argc != 3) {
			fprintf(stderr, _("paisano: usage: paisano user disable LOGIN\n"));
			goto out;
		}
		if (!store_user_disable(&st, argv[2])) {
			fprintf(stderr, _("paisano: no account \"%s\" (paisano user list)\n"), argv[2]);
			rc = 1;
			goto out;
		}
		printf(_("disabled %s\n"), argv[2]);
		rc = 0;
	} else {
		enum role r = ROLE_NONE;
		char *pw, *hash;
		gboolean generated;

		if (argc != 3 || !login_ok(argv[2])) {
			fprintf(stderr, _("paisano: user add takes one LOGIN of letters, digits, '.', '-' and '_' (at most 64)\n"));
			goto out;
		}
		if (role != NULL)
			r = strcmp(role, "editor") == 0 ? ROLE_EDITOR : strcmp(role, "office") == 0 ? ROLE_OFFICE :
			    strcmp(role, "printer") == 0 ? ROLE_PRINTER : ROLE_NONE;
		if (r == ROLE_NONE) {
			fprintf(stderr, _("paisano: --role must be editor, office or printer\n"));
			goto out;
		}
		if ((r == ROLE_EDITOR) != (agency != NULL)) {
			fprintf(stderr, r == ROLE_EDITOR ? _("paisano: an editor needs --agency ID\n") :
			    _("paisano: only an editor has an --agency\n"));
			goto out;
		}
		if (agency != NULL) {
			char *path = g_strdup_printf("%s/agencies/%s.xml", src != NULL ? src : "guide-src", agency);
			gboolean ok = strchr(agency, '/') == NULL && g_file_test(path, G_FILE_TEST_IS_REGULAR);

			g_free(path);
			if (!ok) {
				fprintf(stderr, _("paisano: no agency \"%s\" (no %s/agencies/%s.xml)\n"), agency,
				    src != NULL ? src : "guide-src", agency);
				goto out;
			}
		}
		pw = read_password(&generated);
		if (strlen(pw) < PASSWORD_MIN) {
			fprintf(stderr, _("paisano: the password must have at least %d characters\n"), PASSWORD_MIN);
			sodium_memzero(pw, strlen(pw));
			g_free(pw);
			rc = 1;
			goto out;
		}
		hash = password_hash(pw, &err);
		if (hash == NULL || !store_user_add(&st, argv[2], hash, r, agency, &err)) {
			fprintf(stderr, _("paisano: %s\n"), err->message);
			rc = 1;
		} else {
			if (agency != NULL)
				printf(_("added %s (%s of %s)\n"), argv[2], role_name(r), agency);
			else
				printf(_("added %s (%s)\n"), argv[2], role_name(r));
			if (generated)
				printf(_("password (shown once): %s\n"), pw);
			rc = 0;
		}
		sodium_memzero(pw, strlen(pw));
		g_free(pw);
		g_free(hash);
	}
out:
	g_clear_error(&err);
	store_close(&st);
	g_option_context_free(ctx);
	g_free(data);
	g_free(src);
	g_free(role);
	g_free(agency);
	return rc;
}
