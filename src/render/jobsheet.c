/* jobsheet.c: the print shop's job sheet (jobsheet.h). */
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "diag.h"
#include "jobsheet.h"
#include "output.h"
#include "print.h"

#define MM_OF(pt)	(round((pt) * 25.4 / 72 * 10) / 10)

/* The paper an output intent assumes: FOGRA39 (ISO 12647-2:2004) is coated paper, types 1
 * and 2, 115 g/m2, as its OutputCondition in print_opts_init() says. */
static const char *
paper_of(const char *condition_id)
{
	if (strcmp(condition_id, "FOGRA39") == 0)
		return "estucado (tipo 1 o 2 de ISO 12647-2), 115 g/m²";
	return "el de la condición de impresión de arriba";
}

static char *
json_text(const struct jobsheet *js, const struct print_opts *po, gsize *len)
{
	JsonBuilder *j = json_builder_new();
	char *data;

	json_builder_begin_object(j);
	diag_json_add_string(j, "edition", js->edition);
	diag_json_add_string(j, "version", js->version);
	diag_json_add_string(j, "status", js->status);
	json_builder_set_member_name(j, "pages");
	json_builder_begin_object(j);
	for (int l = 0; l < LANG__MAX; l++)
		if (js->langs & (1u << l)) {
			json_builder_set_member_name(j, model_lang_code((enum lang)l));
			json_builder_add_int_value(j, js->pages[l]);
		}
	json_builder_end_object(j);
	json_builder_set_member_name(j, "trim_mm");
	json_builder_begin_array(j);
	json_builder_add_double_value(j, MM_OF(js->trim_w));
	json_builder_add_double_value(j, MM_OF(js->trim_h));
	json_builder_end_array(j);
	json_builder_set_member_name(j, "bleed_mm");
	json_builder_add_double_value(j, MM_OF(js->bleed));
	diag_json_add_string(j, "colours", "4/4 process CMYK");
	json_builder_set_member_name(j, "output_intent");
	json_builder_begin_object(j);
	diag_json_add_string(j, "identifier", po->condition_id);
	diag_json_add_string(j, "condition", po->condition != NULL ? po->condition : "");
	diag_json_add_string(j, "registry", po->registry);
	diag_json_add_string(j, "info", po->info);
	json_builder_end_object(j);
	diag_json_add_string(j, "paper", paper_of(po->condition_id));
	diag_json_add_string(j, "binding", "saddle stitch");
	json_builder_set_member_name(j, "quantity");
	json_builder_add_null_value(j);
	json_builder_set_member_name(j, "files");
	json_builder_begin_array(j);
	for (guint i = 0; i < js->files->len; i++) {
		const struct jobsheet_file *f = &g_array_index(js->files, struct jobsheet_file, i);

		json_builder_begin_object(j);
		diag_json_add_string(j, "kind", f->kind);
		diag_json_add_string(j, "lang", model_lang_code((enum lang)f->lang));
		diag_json_add_string(j, "path", f->path);
		json_builder_set_member_name(j, "bytes");
		json_builder_add_int_value(j, (gint64)f->bytes);
		diag_json_add_string(j, "sha256", f->sha256 != NULL ? f->sha256 : "");
		json_builder_end_object(j);
	}
	json_builder_end_array(j);
	json_builder_end_object(j);
	data = diag_json_data(j, len);
	g_object_unref(j);
	return data;
}

static const char *
lang_name(int l)
{
	return l == LANG_ES ? "español" : "inglés";
}

static char *
plain_text(const struct jobsheet *js, const struct print_opts *po, gsize *len)
{
	GString *s = g_string_new(NULL);

	g_string_append_printf(s, "Hoja de trabajo para la imprenta: Guía Paisano %s\n\n", js->edition);
	g_string_append_printf(s, "Edición:            %s (%s)\n", js->edition,
	    strcmp(js->status, "final") == 0 ? "final" : "borrador");
	g_string_append_printf(s, "Versión:            %s\n", js->version);
	for (int l = 0; l < LANG__MAX; l++)
		if (js->langs & (1u << l))
		{
			char *label = g_strdup_printf("Páginas (%s):", lang_name(l));

			g_string_append_printf(s, "%s%*s%u\n", label, (int)MAX(1, 20 - g_utf8_strlen(label, -1)), "",
			    js->pages[l]);
			g_free(label);
		}
	g_string_append_printf(s, "Formato final:      %.1f × %.1f mm (ancho × alto)\n", MM_OF(js->trim_w),
	    MM_OF(js->trim_h));
	g_string_append_printf(s, "Sangrado:           %.1f mm por lado\n", MM_OF(js->bleed));
	g_string_append(s, "Tintas:             4/4, cuatricromía CMYK (proceso)\n");
	g_string_append_printf(s, "Perfil de salida:   %s, %s (%s)\n", po->condition_id, po->info, po->registry);
	g_string_append_printf(s, "Papel:              %s\n", paper_of(po->condition_id));
	g_string_append(s, "Encuadernación:     grapa al caballete (páginas en múltiplos de 4)\n");
	g_string_append(s, "Tiraje:             no indicado en el manifiesto de la edición\n");
	g_string_append(s, "\nArchivos (bytes, SHA-256):\n");
	for (guint i = 0; i < js->files->len; i++) {
		const struct jobsheet_file *f = &g_array_index(js->files, struct jobsheet_file, i);

		g_string_append_printf(s, "  %s  %" G_GUINT64_FORMAT "  %s\n", f->path, f->bytes,
		    f->sha256 != NULL ? f->sha256 : "?");
	}
	*len = s->len;
	return g_string_free(s, FALSE);
}

gboolean
jobsheet_write(const char *dir, const struct jobsheet *js, GError **err)
{
	struct print_opts po;
	char *path, *data;
	gsize len;
	gboolean ok;

	print_opts_init(&po);
	data = json_text(js, &po, &len);
	path = g_build_filename(dir, "jobsheet.json", NULL);
	ok = output_write(path, data, len, err);
	g_free(path);
	g_free(data);
	if (!ok)
		return FALSE;
	data = plain_text(js, &po, &len);
	path = g_build_filename(dir, "jobsheet.txt", NULL);
	ok = output_write(path, data, len, err);
	g_free(path);
	g_free(data);
	return ok;
}
