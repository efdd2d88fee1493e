/* words.c: the guide's own words in Spanish and English (see words.h). */
#include "display.h"
#include "words.h"

static const struct words spanish = {
	.contents = "Contenido",
	.directory = "Directorio",
	.notes = "Notas",
	.see_page = "(ver\xc2\xa0pág.\xc2\xa0" "00)",
	.see_section = "ver \xc2\xab%s\xc2\xbb",
	.table_continued = "(continuaci\xc3\xb3n)",
	.cover = "Portada",
	.cover_eua = "Desde Estados Unidos, sin costo",
	.cover_mx = "En México, sin costo",
	.cover_911 = "Emergencias",
	.cover_foot = "Programa Paisano · Gobierno de México",
	.operation = "Del %s al %s",
	.colophon = "Colofón",
	.free = "Distribución gratuita. Prohibida su venta.",
	.fonts = "Compuesto en Noto Sans (SIL Open Font License 1.1).",
	.version = "Versión: %s",
	.edition_date = "Fecha de la edición: %s",
	.reviewed = "Contenido revisado y aprobado por: %s.",
	.phone = "Tel.",
	.web = "Web",
	.email = "Correo",
	.skip = "Ir al contenido",
	.back = "Volver al contenido",
	.prev = "Anterior",
	.next = "Siguiente",
	.guide = "La guía",
	.chapters = "Capítulos",
	.help = "Teléfonos de ayuda",
	.locale = "es_MX",
	.describe_cover = "Lo que necesita saber para viajar a México: documentos, aduana, vehículo, "
	    "derechos y teléfonos de ayuda. %s.",
	.describe_directory = "Teléfonos, sitios y correos de las dependencias del Programa Paisano.",
	.table = "Tabla",
	.notice = { "Advertencia", "Importante", "Consejo" },
	.draft = "BORRADOR - NO IMPRIMIR",
	.other_edition = "Lea esta guía en español",
	.language = "Español",
	.in_chapter = "En este capítulo",
	.to_page = "Página %s",
};

static const struct words english = {
	.contents = "Contents",
	.directory = "Directory",
	.notes = "Notes",
	.see_page = "(see\xc2\xa0p.\xc2\xa0" "00)",
	.see_section = "see \xe2\x80\x9c%s\xe2\x80\x9d",
	.table_continued = "(continued)",
	.cover = "Cover",
	.cover_eua = "From the United States, toll-free",
	.cover_mx = "In Mexico, toll-free",
	.cover_911 = "Emergencies",
	.cover_foot = "Paisano Program · Government of Mexico",
	.operation = "%s to %s",
	.colophon = "Colophon",
	.free = "Free of charge. Not for sale.",
	.fonts = "Set in Noto Sans (SIL Open Font License 1.1).",
	.version = "Version: %s",
	.edition_date = "Edition date: %s",
	.reviewed = "Content reviewed and approved by: %s.",
	.phone = "Phone",
	.web = "Web",
	.email = "E-mail",
	.skip = "Skip to the contents",
	.back = "Back to the contents",
	.prev = "Previous",
	.next = "Next",
	.guide = "The guide",
	.chapters = "Chapters",
	.help = "Help lines",
	.locale = "en_US",
	.describe_cover = "What you need to know to travel to Mexico: documents, customs, your vehicle, "
	    "your rights and help lines. %s.",
	.describe_directory = "Phone numbers, web sites and e-mail addresses of the Paisano Program's agencies.",
	.table = "Table",
	.notice = { "Warning", "Important", "Tip" },
	.draft = "DRAFT - DO NOT PRINT",
	.other_edition = "Read this guide in English",
	.language = "English",
	.in_chapter = "In this chapter",
	.to_page = "Page %s",
};

const struct words *
words_for(enum lang l)
{
	return l == LANG_EN ? &english : &spanish;
}

char *
words_date(enum lang l, model_date d)
{
	struct fact f = { .kind = FACT_DATE };
	struct fact_value v = { 0 };
	char *iso, *s;

	if (d == 0)
		return g_strdup("");
	iso = model_date_iso(d);
	v.text = iso;
	s = model_format_value(&f, &v, l);
	g_free(iso);
	return s;
}
