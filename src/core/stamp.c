/* stamp.c: `paisano stamp` (see stamp.h). */
#include <stdio.h>
#include <string.h>

#include "guide.h"
#include "output.h"
#include "stamp.h"
#include "i18n.h"

/* One change to a file's bytes: `del` bytes at `at` replaced by `ins`. */
struct edit {
	gsize	 at;
	gsize	 del;
	char	*ins;
};

struct stamp {
	const struct stamp_opts	*o;
	struct guide		*g;
	GHashTable		*edits;		/* src_file * -> GArray of struct edit */
	guint			 missing, stale, skipped;
};

static struct src_file *
file_named(const struct stamp *st, const char *path)
{
	for (guint i = 0; i < st->g->files->len; i++) {
		struct src_file *f = st->g->files->pdata[i];

		if (strcmp(f->path, path) == 0)
			return f;
	}
	return NULL;
}

/* The byte offset of line:col (1-based, col in characters). */
static gsize
offset_of(const struct src_file *f, int line, int col)
{
	const char *p;

	if (line < 1 || (guint)line > f->lines->len)
		return f->len;
	p = f->buf + g_array_index(f->lines, guint, line - 1);
	for (int c = 1; c < col && p < f->buf + f->len && *p != '\n'; c++)
		p = g_utf8_next_char(p);
	return (gsize)(p - f->buf);
}

static void
stamp_textual(const struct textual *t, gpointer p)
{
	struct stamp *st = p;
	const struct srcpos *pos = &t->pos[LANG_EN];
	struct src_file *f;
	struct edit e = { 0 };
	const char *tag, *end, *attr;
	char *hash;
	GArray *edits;

	if (t->inl[LANG_EN] == NULL || t->inl[LANG_ES] == NULL || pos->file == NULL)
		return;
	if (st->g->named != NULL && g_hash_table_size(st->g->named) > 0 &&
	    !g_hash_table_contains(st->g->named, pos->file))
		return;
	hash = model_es_hash(t);
	if (t->es_hash != NULL && strcmp(t->es_hash, hash) == 0) {
		g_free(hash);
		return;
	}
	if (t->es_hash != NULL && !st->o->update) {
		st->skipped++;
		g_free(hash);
		return;
	}
	if ((f = file_named(st, pos->file)) == NULL || g_str_has_suffix(f->path, ".model.xml")) {
		g_free(hash);
		return;
	}
	e.at = offset_of(f, pos->line, pos->col);
	tag = f->buf + e.at;
	if (e.at + 5 > f->len || strncmp(tag, "<text", 5) != 0 || (end = strchr(tag, '>')) == NULL) {
		fprintf(stderr, _("%s:%d:%d: paisano: no <text> start tag here; not stamped\n"), pos->file,
		    pos->line, pos->col);
		g_free(hash);
		return;
	}
	if ((attr = g_strstr_len(tag, end - tag, "es-hash=")) != NULL && (attr[8] == '"' || attr[8] == '\'')) {
		const char *q = strchr(attr + 9, attr[8]);

		e.at = (gsize)(attr + 9 - f->buf);
		e.del = q != NULL ? (gsize)(q - attr - 9) : 0;
		e.ins = g_strdup(hash);
		st->stale++;
	} else {
		e.at = (gsize)((end[-1] == '/' ? end - 1 : end) - f->buf);
		e.ins = g_strdup_printf(" es-hash=\"%s\"", hash);
		st->missing++;
	}
	if ((edits = g_hash_table_lookup(st->edits, f)) == NULL) {
		edits = g_array_new(FALSE, FALSE, sizeof(struct edit));
		g_hash_table_insert(st->edits, f, edits);
	}
	g_array_append_val(edits, e);
	g_free(hash);
}

static int
edit_cmp(gconstpointer a, gconstpointer b)
{
	const struct edit *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

/* The file with its edits applied, written atomically. */
static gboolean
apply(const struct src_file *f, GArray *edits, gboolean dry_run, GError **err)
{
	GString *out = g_string_sized_new(f->len + edits->len * 20);
	gsize from = 0;
	gboolean ok = TRUE;

	g_array_sort(edits, edit_cmp);
	for (guint i = 0; i < edits->len; i++) {
		const struct edit *e = &g_array_index(edits, struct edit, i);

		g_string_append_len(out, f->buf + from, (gssize)(e->at - from));
		g_string_append(out, e->ins);
		from = e->at + e->del;
	}
	g_string_append_len(out, f->buf + from, (gssize)(f->len - from));
	if (!dry_run)
		ok = output_write(f->path, out->str, out->len, err);
	g_string_free(out, TRUE);
	return ok;
}

static void
edits_free(gpointer p)
{
	GArray *a = p;

	for (guint i = 0; i < a->len; i++)
		g_free(g_array_index(a, struct edit, i).ins);
	g_array_free(a, TRUE);
}

int
stamp_run(const struct stamp_opts *o)
{
	struct diag_list *dl = diag_list_new();
	struct guide g = { 0 };
	struct stamp st = { 0 };
	GHashTableIter it;
	gpointer k, v;
	GError *gerr = NULL;
	int rc;

	if ((rc = guide_open(&g, o->src_root, o->edition, o->files, dl, &gerr)) != 0) {
		guide_print_error(&g, dl, gerr, stderr);
		g_error_free(gerr);
		goto out;
	}
	if (diag_worst(dl) == DIAG_ERROR) {
		/* schema or reference errors: the positions could be wrong; fix those first */
		diag_sort(dl);
		diag_print_text(dl, stderr);
		fprintf(stderr, _("paisano: the sources have errors; nothing was stamped\n"));
		rc = 1;
		goto out;
	}
	if (!(g.model->edition->langs & (1u << LANG_EN))) {
		fprintf(stderr, _("paisano: edition %s is not published in English (languages=\"es\"); name one "
		    "that is with --edition\n"), g.model->edition->id);
		rc = 2;
		goto out;
	}
	st.o = o;
	st.g = &g;
	st.edits = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, edits_free);
	model_each_textual(g.model, stamp_textual, &st);
	g_hash_table_iter_init(&it, st.edits);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		const struct src_file *f = k;
		GError *err = NULL;

		if (!apply(f, v, o->dry_run, &err)) {
			fprintf(stderr, _("paisano: %s\n"), err->message);
			g_error_free(err);
			rc = 2;
		} else
			printf(o->dry_run ? ngettext("%s: %u translation would be stamped\n", "%s: %u translations would be stamped\n",
			    ((GArray *)v)->len) : ngettext("%s: %u translation stamped\n", "%s: %u translations stamped\n",
			    ((GArray *)v)->len), f->path, ((GArray *)v)->len);
	}
	/* TRANSLATORS: stamp: "paisano: 3 stamped for the first time" then ", 0 re-stamped" */
	printf(ngettext("paisano: %u stamped for the first time", "paisano: %u stamped for the first time", st.missing),
	    st.missing);
	printf(ngettext(", %u re-stamped", ", %u re-stamped", st.stale), st.stale);
	if (o->dry_run)
		fputs(_(" (dry run: nothing written)"), stdout);
	if (st.skipped > 0)
		printf(_("; %u whose Spanish changed left as they are (update the English, then use --update)"),
		    st.skipped);
	printf("\n");
	g_hash_table_destroy(st.edits);
out:
	guide_close(&g);
	diag_list_free(dl);
	return rc;
}
