/* diag.c: collecting, sorting and printing diagnostics. */
#include <stdarg.h>
#include <string.h>

#include "diag.h"

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
	d->text = g_strdup_vprintf(msgs[id].fmt, ap);
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
		fprintf(fp, "%s: %s [%s]\n", level_name(d->level), d->text, msgs[d->id].check);
	}
}

void
diag_print_summary(const struct diag_list *l, FILE *fp, guint files)
{
	guint e = diag_count(l, DIAG_ERROR), w = diag_count(l, DIAG_WARNING);

	fprintf(fp, "%u error%s, %u warning%s in %u file%s\n",
	    e, e == 1 ? "" : "s", w, w == 1 ? "" : "s", files, files == 1 ? "" : "s");
}

/* A JSON string literal: UTF-8 passes through; quotes, backslashes and control characters are
 * escaped.  Also used for build's manifest.json. */
void
diag_json_string(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			g_string_append_printf(out, "\\%c", *p);
		else if (*p < 0x20)
			g_string_append_printf(out, "\\u%04x", *p);
		else
			g_string_append_c(out, (char)*p);
	}
	g_string_append_c(out, '"');
}

static void
json_string(FILE *fp, const char *s)
{
	GString *g = g_string_new(NULL);

	diag_json_string(g, s);
	fputs(g->str, fp);
	g_string_free(g, TRUE);
}

void
diag_print_json(const struct diag_list *l, FILE *fp, guint files, const char *fatal)
{
	guint i;

	fputs("{\n  \"diagnostics\": [", fp);
	for (i = 0; i < l->items->len; i++) {
		const struct diag *d = l->items->pdata[i];

		fputs(i == 0 ? "\n    {" : ",\n    {", fp);
		fputs("\"file\": ", fp);
		json_string(fp, d->file);
		fprintf(fp, ", \"line\": %d, \"column\": %d, \"level\": \"%s\", \"check\": \"%s\", \"id\": \"%s\", \"message\": ",
		    d->line, d->col, level_name(d->level), msgs[d->id].check, msgs[d->id].name);
		json_string(fp, d->text);
		fputc('}', fp);
	}
	fprintf(fp, "%s],\n  \"errors\": %u,\n  \"warnings\": %u,\n  \"files\": %u,\n  \"fatal\": ",
	    l->items->len > 0 ? "\n  " : "", diag_count(l, DIAG_ERROR), diag_count(l, DIAG_WARNING), files);
	if (fatal != NULL)
		json_string(fp, fatal);
	else
		fputs("null", fp);
	fputs("\n}\n", fp);
}
