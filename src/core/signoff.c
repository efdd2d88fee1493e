/* signoff.c: sign-offs bound to content (see signoff.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "check.h"
#include "diff.h"
#include "output.h"
#include "signoff.h"
#include "snapshot.h"
#include "i18n.h"

char *
signoff_agency_hash(const struct model *m, const char *agency_id, GError **err)
{
	gsize len;
	char *part = snapshot_write_agency(m, agency_id, &len), *h;

	if (part == NULL) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_NOENT, m->edition == NULL ?
		    _("no edition to sign off") : _("no agency \"%s\" in the edition's sources"), agency_id);
		return NULL;
	}
	h = output_sha256_data(part, len);
	g_free(part);
	return h;
}

const struct signoff *
signoff_find(const struct edition *e, const char *agency_id)
{
	const struct signoff *last = NULL;

	for (guint i = 0; e != NULL && i < e->signoffs->len; i++) {
		const struct signoff *s = e->signoffs->pdata[i];

		if (s->agency != NULL && strcmp(s->agency, agency_id) == 0)
			last = s;
	}
	return last;
}

static char *
store_dir(const char *root, const char *edition)
{
	return g_build_filename(root, "signoffs", edition, NULL);
}

/* The editions kept under root/signoffs/EDITION/, each loaded once, and the last comparison
 * made: the agencies signed off on one kept edition share it (comparing two whole editions
 * once for each stale sign-off was most of a check where every part had changed). */
struct signoff_kept {
	char		*dir;
	GPtrArray	*guides;	/* struct guide *, loaded on first use */
	gboolean	 loaded;
	const struct model *old, *new;	/* what `diff` compares */
	struct diff	*diff;
};

struct signoff_kept *
signoff_kept_open(const char *root, const char *edition)
{
	struct signoff_kept *k = g_new0(struct signoff_kept, 1);

	k->dir = store_dir(root, edition);
	k->guides = g_ptr_array_new();
	return k;
}

void
signoff_kept_close(struct signoff_kept *k)
{
	if (k == NULL)
		return;
	for (guint i = 0; i < k->guides->len; i++) {
		guide_close(k->guides->pdata[i]);
		g_free(k->guides->pdata[i]);
	}
	g_ptr_array_free(k->guides, TRUE);
	diff_free(k->diff);
	g_free(k->dir);
	g_free(k);
}

static void
kept_load(struct signoff_kept *k)
{
	GDir *d = g_dir_open(k->dir, 0, NULL);
	const char *name;

	k->loaded = TRUE;
	while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
		struct guide *g;
		struct diag_list *dl;
		char *path;

		if (!g_str_has_suffix(name, ".model.xml"))
			continue;
		path = g_build_filename(k->dir, name, NULL);
		dl = diag_list_new();
		g = g_new0(struct guide, 1);
		if (guide_open_snapshot(g, path, dl, NULL) == 0 && g->model != NULL && g->model->edition != NULL)
			g_ptr_array_add(k->guides, g);
		else {
			guide_close(g);
			g_free(g);
		}
		diag_list_free(dl);
		g_free(path);
	}
	if (d != NULL)
		g_dir_close(d);
}

/* The kept edition whose part of `agency` has hash `sha256`, or NULL. */
static const struct model *
kept_find(struct signoff_kept *k, const char *agency, const char *sha256)
{
	if (!k->loaded)
		kept_load(k);
	for (guint i = 0; i < k->guides->len; i++) {
		const struct model *m = ((struct guide *)k->guides->pdata[i])->model;
		char *h = signoff_agency_hash(m, agency, NULL);
		gboolean found = h != NULL && strcmp(h, sha256) == 0;

		g_free(h);
		if (found)
			return m;
	}
	return NULL;
}

char *
signoff_changes(const struct model *m, const char *root, const struct signoff *s, guint *count)
{
	struct signoff_kept *k;
	char *r;

	if (m->edition == NULL)
		return NULL;
	k = signoff_kept_open(root, m->edition->id);
	r = signoff_kept_changes(k, m, s, count);
	signoff_kept_close(k);
	return r;
}

char *
signoff_kept_changes(struct signoff_kept *k, const struct model *m, const struct signoff *s, guint *count)
{
	const struct model *old;
	struct diff *d;
	char *buf = NULL, *line, *save = NULL, *heading;
	size_t len = 0;
	FILE *fp;
	GString *out;
	const char *section = NULL;

	*count = 0;
	if (s->sha256 == NULL || (old = kept_find(k, s->agency, s->sha256)) == NULL)
		return NULL;
	if (k->diff == NULL || k->old != old || k->new != m) {
		diff_free(k->diff);
		k->diff = diff_models(old, m);
		k->old = old;
		k->new = m;
	}
	d = diff_agency(k->diff, s->agency);
	*count = diff_count(d);
	if ((fp = open_memstream(&buf, &len)) != NULL) {
		diff_print(d, fp, FALSE);
		fclose(fp);
	}
	diff_free(d);
	/* The change lines of paisano diff, a unit's line after its section's: a section's heading
	 * is diff's "  section %s «%s»" in the reader's language, and ends with the title. */
	{
		const char *f = _("  section %s «%s»\n"), *p = strstr(f, "%s");

		heading = g_strndup(f, p != NULL ? (gsize)(p - f) : 0);
	}
	out = g_string_new(NULL);
	for (line = buf != NULL ? strtok_r(buf, "\n", &save) : NULL; line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (g_str_has_prefix(line, "    ")) {
			g_string_append_printf(out, "%s: %s\n", section != NULL ? section : "", line + 4);
		} else if (g_str_has_prefix(line, "  ")) {
			if (*heading != '\0' && g_str_has_prefix(line, heading) && g_str_has_suffix(line, "\xc2\xbb")) {
				section = line + 2;	/* the heading of the units that follow */
				continue;
			}
			g_string_append_printf(out, "%s\n", line + 2);
		}
	}
	free(buf);
	g_free(heading);
	return g_string_free(out, FALSE);
}

/* The value of an attribute, escaped for "...". */
static void
attr_escaped(GString *s, const char *name, const char *v)
{
	g_string_append_printf(s, " %s=\"", name);
	for (; *v != '\0'; v++)
		switch (*v) {
		case '&': g_string_append(s, "&amp;"); break;
		case '<': g_string_append(s, "&lt;"); break;
		case '>': g_string_append(s, "&gt;"); break;
		case '"': g_string_append(s, "&quot;"); break;
		default: g_string_append_c(s, *v); break;
		}
	g_string_append_c(s, '"');
}

/* The span of an element of a loaded file (source.h). */
static const struct src_span *
span_of(const struct src_file *f, xmlNodePtr n)
{
	guint i = GPOINTER_TO_UINT(n->_private);

	return i > 0 && i <= f->spans->len ? &g_array_index(f->spans, struct src_span, i - 1) : NULL;
}

/* The manifest's bytes with the agency's sign-off replaced by `elem` (or added). */
static char *
manifest_with(const struct src_file *f, const char *agency, const char *elem, gsize *len, GError **err)
{
	xmlNodePtr root = f->doc != NULL ? xmlDocGetRootElement(f->doc) : NULL;
	xmlNodePtr list = root != NULL ? src_child(root, "signoffs") : NULL, last = NULL;
	const struct src_span *sp, *lsp = NULL;
	GString *s;
	gsize at, del;
	char *indent;

	if (list == NULL || (sp = span_of(f, list)) == NULL) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s has no <signoffs> element"), f->path);
		return NULL;
	}
	for (xmlNodePtr k = list->children; k != NULL; k = k->next)
		if (src_is_elem(k, "signoff")) {
			xmlChar *a = xmlGetProp(k, BAD_CAST "agency");

			if (a != NULL && strcmp((const char *)a, agency) == 0)
				last = k;
			xmlFree(a);
		}
	/* the indentation of the <signoffs> line */
	at = sp->start;
	while (at > 0 && (f->buf[at - 1] == ' ' || f->buf[at - 1] == '\t'))
		at--;
	indent = g_strndup(f->buf + at, sp->start - at);
	s = g_string_new(NULL);
	if (last != NULL && (lsp = span_of(f, last)) != NULL) {
		at = lsp->start;
		del = lsp->end - lsp->start;
		g_string_append(s, elem);
	} else if (sp->inner == sp->end) {
		/* <signoffs/> */
		at = sp->start;
		del = sp->end - sp->start;
		g_string_append_printf(s, "<signoffs>\n%s  %s\n%s</signoffs>", indent, elem, indent);
	} else {
		/* before </signoffs>, on a line of its own */
		at = sp->end - strlen("</signoffs>");
		while (at > sp->inner && (f->buf[at - 1] == ' ' || f->buf[at - 1] == '\t'))
			at--;
		del = 0;
		if (at > 0 && f->buf[at - 1] != '\n')
			g_string_append_c(s, '\n');
		g_string_append_printf(s, "%s  %s\n", indent, elem);
	}
	g_free(indent);
	g_string_prepend_len(s, f->buf, (gssize)at);
	g_string_append_len(s, f->buf + at + del, (gssize)(f->len - at - del));
	*len = s->len;
	return g_string_free(s, FALSE);
}

/* Keep the edition as signed off, under the hash of its bytes (nothing to do if it is there). */
static gboolean
keep_signed(const struct model *m, const char *root, char **kept, GError **err)
{
	gsize len;
	char *bytes = snapshot_write_unsigned(m, &len);
	char *h = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)bytes, len);
	char *dir = store_dir(root, m->edition->id), *name = g_strdup_printf("%s.model.xml", h);
	char *path = g_build_filename(dir, name, NULL), *old = NULL;
	gsize oldlen;
	gboolean ok = TRUE;

	if (!g_file_get_contents(path, &old, &oldlen, NULL) || oldlen != len || memcmp(old, bytes, len) != 0) {
		if (g_mkdir_with_parents(dir, 0755) != 0) {
			g_set_error(err, G_FILE_ERROR, g_file_error_from_errno(errno), _("cannot create %s: %s"),
			    dir, g_strerror(errno));
			ok = FALSE;
		} else
			ok = output_write(path, bytes, len, err);
	}
	g_free(old);
	*kept = path;
	g_free(name);
	g_free(dir);
	g_free(h);
	g_free(bytes);
	return ok;
}

/* Does the kept edition `km` hold the content `agency` signed off as `sha256`? */
static gboolean
kept_covers(const struct model *km, const char *agency, const char *sha256)
{
	char *h = sha256 != NULL ? signoff_agency_hash(km, agency, NULL) : NULL;
	gboolean r = h != NULL && strcmp(h, sha256) == 0;

	g_free(h);
	return r;
}

static const char *
kept_path(const struct guide *g)
{
	return g->files->len > 0 ? ((const struct src_file *)g->files->pdata[0])->path : "";
}

/* Keep only the kept editions needed, now that `agency` signed off `sha256` (kept in `newest`):
 * for each current sign-off, the first edition that holds the content it covers, the newest
 * first.  So the store holds the current content and what stale sign-offs covered (check shows
 * what changed since), and nothing else. */
static void
prune_kept(const struct model *m, const char *root, const char *agency, const char *sha256,
    const char *newest)
{
	struct signoff_kept *k = signoff_kept_open(root, m->edition->id);
	GHashTable *needed = g_hash_table_new(g_direct_hash, g_direct_equal);

	kept_load(k);
	for (guint i = 1; i < k->guides->len; i++)
		if (strcmp(kept_path(k->guides->pdata[i]), newest) == 0) {
			gpointer t = k->guides->pdata[0];

			k->guides->pdata[0] = k->guides->pdata[i];
			k->guides->pdata[i] = t;
		}
	for (guint j = 0; j <= m->edition->signoffs->len; j++) {
		const struct signoff *s = j < m->edition->signoffs->len ? m->edition->signoffs->pdata[j] : NULL;
		const char *a = s != NULL ? s->agency : agency, *h = s != NULL ? s->sha256 : sha256;

		if (s != NULL && (strcmp(s->agency, agency) == 0 || signoff_find(m->edition, s->agency) != s))
			continue;
		for (guint i = 0; i < k->guides->len; i++)
			if (kept_covers(((struct guide *)k->guides->pdata[i])->model, a, h)) {
				g_hash_table_add(needed, k->guides->pdata[i]);
				break;
			}
	}
	for (guint i = 0; i < k->guides->len; i++)
		if (!g_hash_table_contains(needed, k->guides->pdata[i]))
			g_unlink(kept_path(k->guides->pdata[i]));
	g_hash_table_destroy(needed);
	signoff_kept_close(k);
}

gboolean
signoff_record(struct guide *g, const char *agency_id, const char *editor, model_date date,
    char **hash_out, GError **err)
{
	const struct model *m = g->model;
	struct diag_list *dl;
	struct src_file *f;
	GString *elem;
	char *hash, *day, *bytes, *kept = NULL;
	gsize len;
	gboolean ok = FALSE;
	int lock = -1;

	if (m == NULL || m->edition == NULL || m->edition->file == NULL) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("no edition manifest to record a sign-off in"));
		return FALSE;
	}
	for (const char *p = editor; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20) {
			g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("the editor's name has a control character"));
			return FALSE;
		}
	if (*editor == '\0' || !g_utf8_validate(editor, -1, NULL)) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("the editor's name is empty or not UTF-8"));
		return FALSE;
	}
	if ((hash = signoff_agency_hash(m, agency_id, err)) == NULL)
		return FALSE;
	if (date == 0) {
		GDateTime *now = g_date_time_new_now_utc();
		char *iso = g_date_time_format(now, "%Y-%m-%d");

		date = model_date_parse(iso);
		g_free(iso);
		g_date_time_unref(now);
	}
	day = model_date_iso(date);
	elem = g_string_new("<signoff");
	attr_escaped(elem, "agency", agency_id);
	attr_escaped(elem, "editor", editor);
	attr_escaped(elem, "date", day);
	g_string_append_printf(elem, " revision=\"%u\"", m->edition->revision);
	attr_escaped(elem, "sha256", hash);
	g_string_append(elem, "/>");
	dl = diag_list_new();
	{
		/* Two sign-offs at once (the desk, the command line) edit the manifest one after the
		 * other, each from the file as the other left it: a lock on its directory. */
		char *edir = g_path_get_dirname(m->edition->file);

		if ((lock = open(edir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0)
			while (flock(lock, LOCK_EX) != 0 && errno == EINTR)
				;
		g_free(edir);
	}
	if ((f = src_load(m->edition->file, dl)) == NULL || f->doc == NULL) {
		g_set_error(err, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("cannot read %s again"), m->edition->file);
		goto out;
	}
	if ((bytes = manifest_with(f, agency_id, elem->str, &len, err)) == NULL)
		goto out;
	/* The content first, then the manifest that points at it. */
	ok = keep_signed(m, g->root, &kept, err) && output_write(m->edition->file, bytes, len, err);
	g_free(bytes);
	if (ok)
		prune_kept(m, g->root, agency_id, hash, kept);
	g_free(kept);
	if (ok && hash_out != NULL) {
		*hash_out = hash;
		hash = NULL;
	}
out:
	if (lock >= 0)
		close(lock);
	if (f != NULL)
		src_free(f);
	diag_list_free(dl);
	g_string_free(elem, TRUE);
	g_free(day);
	g_free(hash);
	return ok;
}

int
signoff_run(const struct signoff_opts *o)
{
	struct diag_list *dl = diag_list_new();
	struct guide g = { 0 };
	struct check_opts copts = { 0 };
	GError *err = NULL;
	model_date date = 0;
	char *hash = NULL;
	int rc;

	if (o->date != NULL && (date = model_date_parse(o->date)) == 0) {
		fprintf(stderr, _("paisano: --date must be a date, YYYY-MM-DD, not \"%s\"\n"), o->date);
		rc = 2;
		goto out;
	}
	if ((rc = guide_open(&g, o->src_root, o->edition, NULL, dl, &err)) != 0) {
		guide_print_error(&g, dl, err, stderr);
		g_clear_error(&err);
		goto done;
	}
	if (g.model->edition == NULL) {
		fprintf(stderr, _("paisano: no edition manifest in %s/editions\n"), g.root);
		rc = 2;
		goto done;
	}
	if (model_agency(g.model, o->agency) == NULL) {
		fprintf(stderr, _("paisano: no agency \"%s\" in %s/agencies\n"), o->agency, g.root);
		rc = 2;
		goto done;
	}
	if (o->show) {
		const struct signoff *s = signoff_find(g.model->edition, o->agency);
		char *now = signoff_agency_hash(g.model, o->agency, NULL), *ch;
		guint n;

		if (s == NULL || s->sha256 == NULL)
			printf(_("%s: no sign-off bound to content in %s\n"), o->agency, g.model->edition->file);
		else if (strcmp(s->sha256, now) == 0)
			printf(_("%s: signed off by %s; unchanged since (%s)\n"), o->agency, s->editor, now);
		else if ((ch = signoff_changes(g.model, g.root, s, &n)) == NULL)
			printf(_("%s: changed since %s signed it off (%s, now %s); the content signed off is not in "
			    "%s/signoffs/%s/ to compare with\n"), o->agency, s->editor, s->sha256, now, g.root,
			    g.model->edition->id);
		else {
			printf(ngettext("%s: changed since %s signed it off (%s, now %s): %u change\n%s",
			    "%s: changed since %s signed it off (%s, now %s): %u changes\n%s", n), o->agency,
			    s->editor, s->sha256, now, n, ch);
			g_free(ch);
		}
		g_free(now);
		rc = 0;
		goto done;
	}
	/* Only an agency file without errors can be signed off. */
	copts.src_root = g.root;
	check_model(g.model, &copts, dl);
	diag_sort(dl);
	{
		GHashTable *own = g_hash_table_new(g_str_hash, g_str_equal);

		g_hash_table_add(own, (gpointer)model_agency(g.model, o->agency)->file);
		diag_keep_files(dl, own);
		g_hash_table_destroy(own);
	}
	if (diag_worst(dl) == DIAG_ERROR) {
		rc = 1;
		diag_print_text(dl, stderr);
		fprintf(stderr, _("paisano: cannot record the sign-off: fix the errors above first\n"));
		goto done;
	}
	if (!signoff_record(&g, o->agency, o->editor, date, &hash, &err)) {
		fprintf(stderr, _("paisano: cannot record the sign-off: %s\n"), err->message);
		g_error_free(err);
		rc = 2;
		goto done;
	}
	printf(_("signed off %s for %s by %s: %s\n"), o->agency, g.model->edition->id, o->editor, hash);
	g_free(hash);
done:
	guide_close(&g);
out:
	diag_list_free(dl);
	return rc;
}
