/* diag.c: collecting, sorting and printing diagnostics. */
#include <stdarg.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "diag.h"
#include "i18n.h"

static const struct msg_info msgs[MSG__MAX] = {
#define MSG(id, level, check, fmt) { #id, level, check, fmt },
#include "msg.def"
#undef MSG
};

/* The list owns its diag structs and their strings. */
struct diag_list {
	GPtrArray	*items;
};

static void
diag_free(gpointer p)
{
	struct diag *d = p;

	g_free(d->file);
	g_free(d->text);
	g_free(d);
}

struct diag_list *
diag_list_new(void)
{
	struct diag_list *l = g_new0(struct diag_list, 1);

	l->items = g_ptr_array_new_with_free_func(diag_free);
	return l;
}

void
diag_list_move(struct diag_list *dst, struct diag_list *src)
{
	for (guint i = 0; i < src->items->len; i++)
		g_ptr_array_add(dst->items, src->items->pdata[i]);
	g_ptr_array_set_free_func(src->items, NULL);
	g_ptr_array_set_size(src->items, 0);
	g_ptr_array_set_free_func(src->items, diag_free);
}

void
diag_list_free(struct diag_list *l)
{
	if (l == NULL)
		return;
	g_ptr_array_free(l->items, TRUE);
	g_free(l);
}

const struct msg_info *
diag_info(enum msg_id id)
{
	return &msgs[id];
}

const char *
diag_check_name(enum msg_id id)
{
	return msgs[id].check;
}

static void
diag_add(struct diag_list *l, enum diag_level level, enum msg_id id,
    const char *file, int line, int col, va_list ap)
{
	struct diag *d = g_new0(struct diag, 1);

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	d->text = g_strdup_vprintf(_(msgs[id].fmt), ap);
#pragma GCC diagnostic pop
	d->file = g_strdup(file != NULL ? file : "paisano");
	d->line = line;
	d->col = col;
	d->level = level;
	d->id = id;
	g_ptr_array_add(l->items, d);
}

void
diag_vmsg(struct diag_list *l, enum msg_id id, const char *file, int line, int col, va_list ap)
{
	diag_add(l, msgs[id].level, id, file, line, col, ap);
}

void
diag_msg(struct diag_list *l, enum msg_id id, const char *file, int line, int col, ...)
{
	va_list ap;

	va_start(ap, col);
	diag_add(l, msgs[id].level, id, file, line, col, ap);
	va_end(ap);
}

void
diag_msg_level(struct diag_list *l, enum diag_level level, enum msg_id id,
    const char *file, int line, int col, ...)
{
	va_list ap;

	va_start(ap, col);
	diag_add(l, level, id, file, line, col, ap);
	va_end(ap);
}

static int
diag_cmp(gconstpointer pa, gconstpointer pb)
{
	const struct diag *a = *(const struct diag *const *)pa;
	const struct diag *b = *(const struct diag *const *)pb;
	int c;

	if ((c = strcmp(a->file, b->file)) != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	if (a->level != b->level)
		return a->level > b->level ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return strcmp(a->text, b->text);
}

/* Sort by position and drop exact repeats (the same fact misused twice on one line is one message). */
void
diag_sort(struct diag_list *l)
{
	guint i;

	g_ptr_array_sort(l->items, diag_cmp);
	for (i = 1; i < l->items->len; ) {
		if (diag_cmp(&l->items->pdata[i - 1], &l->items->pdata[i]) == 0)
			g_ptr_array_remove_index(l->items, i);
		else
			i++;
	}
}

void
diag_keep_files(struct diag_list *l, GHashTable *keep)
{
	guint i;

	for (i = 0; i < l->items->len; ) {
		const struct diag *d = l->items->pdata[i];

		if (!g_hash_table_contains(keep, d->file))
			g_ptr_array_remove_index(l->items, i);
		else
			i++;
	}
}

guint
diag_len(const struct diag_list *l)
{
	return l->items->len;
}

const struct diag *
diag_get(const struct diag_list *l, guint i)
{
	return l->items->pdata[i];
}

guint
diag_count(const struct diag_list *l, enum diag_level level)
{
	guint i, n = 0;

	for (i = 0; i < l->items->len; i++)
		if (((const struct diag *)l->items->pdata[i])->level == level)
			n++;
	return n;
}

int
diag_worst(const struct diag_list *l)
{
	return diag_count(l, DIAG_ERROR) > 0 ? DIAG_ERROR :
	    diag_count(l, DIAG_WARNING) > 0 ? DIAG_WARNING : 0;
}

static const char *
level_name(enum diag_level level)
{
	return level == DIAG_ERROR ? "error" : "warning";
}

void
diag_print_text(const struct diag_list *l, FILE *fp)
{
	guint i;

	for (i = 0; i < l->items->len; i++) {
		const struct diag *d = l->items->pdata[i];

		if (d->line > 0 && d->col > 0)
			fprintf(fp, "%s:%d:%d: ", d->file, d->line, d->col);
		else if (d->line > 0)
			fprintf(fp, "%s:%d: ", d->file, d->line);
		else
			fprintf(fp, "%s: ", d->file);
		fprintf(fp, "%s: %s [%s]\n", d->level == DIAG_ERROR ? _("error") : _("warning"), d->text,
		    msgs[d->id].check);
	}
}

void
diag_print_summary(const struct diag_list *l, FILE *fp, guint files)
{
	guint e = diag_count(l, DIAG_ERROR), w = diag_count(l, DIAG_WARNING);

	/* TRANSLATORS: the three parts make one line: "1 error, 3 warnings in 1 file" */
	fprintf(fp, ngettext("%u error, ", "%u errors, ", e), e);
	fprintf(fp, ngettext("%u warning ", "%u warnings ", w), w);
	fprintf(fp, ngettext("in %u file\n", "in %u files\n", files), files);
}

/* A string member of a JSON object: bytes that are not UTF-8 (a file name in another encoding)
 * become U+FFFD, so the document stays JSON. */
void
diag_json_add_string(JsonBuilder *b, const char *member, const char *value)
{
	char *v = value != NULL ? g_utf8_make_valid(value, -1) : NULL;

	json_builder_set_member_name(b, member);
	if (v != NULL)
		json_builder_add_string_value(b, v);
	else
		json_builder_add_null_value(b);
	g_free(v);
}

/* The builder's document, indented by two spaces, ending with a newline; newly allocated. */
char *
diag_json_data(JsonBuilder *b, gsize *len)
{
	JsonGenerator *gen = json_generator_new();
	JsonNode *root = json_builder_get_root(b);
	char *data, *s;

	json_generator_set_pretty(gen, TRUE);
	json_generator_set_indent(gen, 2);
	json_generator_set_root(gen, root);
	data = json_generator_to_data(gen, NULL);
	s = g_strconcat(data, "\n", NULL);
	*len = strlen(s);
	g_free(data);
	json_node_unref(root);
	g_object_unref(gen);
	return s;
}

void
diag_print_json(const struct diag_list *l, FILE *fp, guint files, const char *fatal)
{
	JsonBuilder *b = json_builder_new();
	char *data;
	gsize len;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "diagnostics");
	json_builder_begin_array(b);
	for (guint i = 0; i < l->items->len; i++) {
		const struct diag *d = l->items->pdata[i];

		json_builder_begin_object(b);
		diag_json_add_string(b, "file", d->file);
		json_builder_set_member_name(b, "line");
		json_builder_add_int_value(b, d->line);
		json_builder_set_member_name(b, "column");
		json_builder_add_int_value(b, d->col);
		diag_json_add_string(b, "level", level_name(d->level));
		diag_json_add_string(b, "check", msgs[d->id].check);
		diag_json_add_string(b, "id", msgs[d->id].name);
		diag_json_add_string(b, "message", d->text);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "errors");
	json_builder_add_int_value(b, diag_count(l, DIAG_ERROR));
	json_builder_set_member_name(b, "warnings");
	json_builder_add_int_value(b, diag_count(l, DIAG_WARNING));
	json_builder_set_member_name(b, "files");
	json_builder_add_int_value(b, files);
	diag_json_add_string(b, "fatal", fatal);
	json_builder_end_object(b);
	data = diag_json_data(b, &len);
	fwrite(data, 1, len, fp);
	g_free(data);
	g_object_unref(b);
}
