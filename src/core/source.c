/* source.c: safe reading of guide sources (libxml2), exact positions, RelaxNG validation (of
 * the files valid.c does not find surely valid).
 *
 * Safety: the file is size-checked before it is read, must be UTF-8, may not contain a DOCTYPE
 * (the parser is stopped the moment one starts, before any entity can be declared), is parsed
 * with XML_PARSE_NONET and without entity substitution or DTD loading, and an external entity
 * loader that refuses everything is installed, so nothing outside the file is ever opened.
 */
#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "model.h"
#include "source.h"
#include "uname.h"
#include "valid.h"
#include "i18n.h"

extern const unsigned char paisano_schema_rng[];
extern const unsigned int paisano_schema_rng_len;

static xmlRelaxNGPtr schema;
G_LOCK_DEFINE_STATIC(schema);

/* State of one parse, reached from the parser context's _private. */
struct load {
	struct src_file		*f;
	struct diag_list	*dl;
	int			 depth;
	gboolean		 reported;	/* one syntax message per file */
	gboolean		 stopped;
};

static xmlParserInputPtr
refuse_entity_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

void
src_init(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(refuse_entity_loader);
}

void
src_cleanup(void)
{
	if (schema != NULL)
		xmlRelaxNGFree(schema);
	schema = NULL;
	xmlCleanupParser();
}

static void
index_lines(struct src_file *f)
{
	const char *p = f->buf, *end = f->buf + f->len;
	guint off = 0;

	f->lines = g_array_sized_new(FALSE, FALSE, sizeof(guint), (guint)(f->len / 40 + 1));
	g_array_append_val(f->lines, off);
	while ((p = memchr(p, '\n', (gsize)(end - p))) != NULL) {
		off = (guint)(++p - f->buf);
		g_array_append_val(f->lines, off);
	}
}

void
src_offset_pos(const struct src_file *f, gsize off, int *line, int *col)
{
	guint lo = 0, hi = f->lines->len;
	guint start;
	const char *p, *end;
	int c = 1;

	if (off > f->len)
		off = f->len;
	while (hi - lo > 1) {
		guint mid = (lo + hi) / 2;

		if (g_array_index(f->lines, guint, mid) <= off)
			lo = mid;
		else
			hi = mid;
	}
	start = g_array_index(f->lines, guint, lo);
	p = f->buf + start;
	/* The count is the same from any point it passed on the way to `off`. */
	if (f->cursor->line == lo && f->cursor->at >= start && f->cursor->at <= off) {
		p = f->buf + f->cursor->at;
		c = f->cursor->col;
	}
	/* Columns count characters; bytes that are not valid UTF-8 count one each. */
	for (end = f->buf + off; p < end; c++) {
		unsigned char b = (unsigned char)*p;
		int n = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;

		p += (b >= 0x80 && b < 0xc0) ? 1 : n;
	}
	f->cursor->line = lo;
	f->cursor->at = (gsize)(p - f->buf);
	f->cursor->col = c;
	*line = (int)lo + 1;
	*col = c;
}

/* The span of an element, comment or processing instruction: its index in f->spans plus one is
 * kept in the node's _private (which libxml2 leaves to the application); 0 = none. */
static struct src_span *
span_of(const struct src_file *f, xmlNodePtr n)
{
	guint i = GPOINTER_TO_UINT(n->_private);

	if (i == 0 || i > f->spans->len)
		return NULL;
	return &g_array_index(f->spans, struct src_span, i - 1);
}

void
src_node_pos(const struct src_file *f, xmlNodePtr n, int *line, int *col)
{
	const struct src_span *s;

	for (; n != NULL && n->type != XML_ELEMENT_NODE; n = n->parent)
		if (n->type == XML_TEXT_NODE) {
			src_text_pos(f, n, 0, line, col);
			return;
		}
	if (n != NULL && (s = span_of(f, n)) != NULL) {
		src_offset_pos(f, s->start, line, col);
		return;
	}
	*line = n != NULL ? xmlGetLineNo(n) : 0;
	*col = 0;
}

/* Walk the source from a text node's first byte, decoding entity references and CDATA markers,
 * to find where its character `index` is. */
void
src_text_pos(const struct src_file *f, xmlNodePtr t, glong index, int *line, int *col)
{
	const struct src_span *s = NULL;
	gsize p;
	gboolean cdata = FALSE;

	if (t->prev != NULL)
		s = span_of(f, t->prev);
	if (s != NULL)
		p = s->end;
	else if (t->parent != NULL && (s = span_of(f, t->parent)) != NULL)
		p = s->inner;
	else {
		*line = xmlGetLineNo(t);
		*col = 0;
		return;
	}
	while (index > 0 && p < f->len) {
		const char *c = f->buf + p;

		if (!cdata && g_str_has_prefix(c, "<![CDATA[")) {
			p += 9;
			cdata = TRUE;
			continue;
		}
		if (cdata && g_str_has_prefix(c, "]]>")) {
			p += 3;
			cdata = FALSE;
			continue;
		}
		if (!cdata && *c == '&') {
			const char *semi = memchr(c, ';', f->len - p);

			p = semi != NULL ? (gsize)(semi - f->buf) + 1 : p + 1;
		} else if (*c == '\r' && c[1] == '\n') {
			p += 2;
		} else
			p = (gsize)(g_utf8_next_char(c) - f->buf);
		index--;
	}
	src_offset_pos(f, p, line, col);
}

static gsize
cur_offset(xmlParserCtxtPtr ctxt)
{
	return ctxt->input->consumed + (gsize)(ctxt->input->cur - ctxt->input->base);
}

static void
add_span(struct src_file *f, xmlNodePtr n, guint start, guint inner, guint end)
{
	struct src_span s = { start, inner, end };

	g_array_append_val(f->spans, s);
	n->_private = GUINT_TO_POINTER(f->spans->len);
}

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
    int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
    const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct load *st = ctxt->_private;
	struct src_file *f = st->f;
	gsize cur = cur_offset(ctxt), start = cur;
	guint inner;

	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces,
	    nb_attributes, nb_defaulted, attributes);
	if (ctxt->node == NULL)
		return;
	/* The parser stands on the '>' or "/>" closing the start tag; '<' cannot occur inside a
	 * start tag, so the nearest '<' before it is where the tag begins. */
	while (start > 0 && f->buf[start] != '<')
		start--;
	inner = (guint)(cur < f->len && f->buf[cur] == '/' ? cur + 2 : cur + 1);
	add_span(f, ctxt->node, (guint)start, inner, inner);
	if (++st->depth > SRC_MAX_DEPTH && !st->stopped) {
		int line, col;

		src_offset_pos(f, start, &line, &col);
		diag_msg(st->dl, MSG_XML_DEPTH, f->path, line, col, SRC_MAX_DEPTH);
		st->reported = st->stopped = TRUE;
		xmlStopParser(ctxt);
	}
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct load *st = ctxt->_private;
	struct src_span *s;

	if (ctxt->node != NULL && (s = span_of(st->f, ctxt->node)) != NULL)
		s->end = (guint)cur_offset(ctxt);
	st->depth--;
	xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

static void
on_comment(void *ctx, const xmlChar *value)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct load *st = ctxt->_private;
	xmlNodePtr parent = ctxt->node;
	gsize end = cur_offset(ctxt);

	xmlSAX2Comment(ctx, value);
	if (parent != NULL && parent->last != NULL && parent->last->type == XML_COMMENT_NODE)
		add_span(st->f, parent->last, (guint)(end - strlen((const char *)value) - 7), (guint)end, (guint)end);
}

static void
on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct load *st = ctxt->_private;
	xmlNodePtr parent = ctxt->node;
	gsize end = cur_offset(ctxt), start = end;

	xmlSAX2ProcessingInstruction(ctx, target, data);
	while (start > 0 && !(st->f->buf[start] == '<' && st->f->buf[start + 1] == '?'))
		start--;
	if (parent != NULL && parent->last != NULL && parent->last->type == XML_PI_NODE)
		add_span(st->f, parent->last, (guint)start, (guint)end, (guint)end);
}

static void
on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct load *st = ctxt->_private;
	const char *d = g_strstr_len(st->f->buf, (gssize)st->f->len, "<!DOCTYPE");
	int line, col;

	(void)name;
	(void)ext;
	(void)sys;
	src_offset_pos(st->f, d != NULL ? (gsize)(d - st->f->buf) : 0, &line, &col);
	diag_msg(st->dl, MSG_XML_DOCTYPE, st->f->path, line, col);
	st->reported = st->stopped = TRUE;
	xmlStopParser(ctxt);
}

/* Plain words for the libxml2 messages editors meet most. */
static char *
syntax_text(const xmlError *e)
{
	char *m = g_strstrip(g_strdup(e->message != NULL ? e->message : "malformed XML"));
	char *r;

	switch (e->code) {
	case XML_ERR_TAG_NAME_MISMATCH:
		r = g_strdup_printf(_("the end tag </%s> does not match the start tag <%s> of line %d; close <%s> first"),
		    e->str2 != NULL ? e->str2 : "?", e->str1 != NULL ? e->str1 : "?", e->int1,
		    e->str1 != NULL ? e->str1 : "?");
		break;
	case XML_ERR_TAG_NOT_FINISHED:
		r = g_strdup_printf(_("the file ends before <%s> (line %d) is closed; add </%s>"),
		    e->str1 != NULL ? e->str1 : "?", e->int1, e->str1 != NULL ? e->str1 : "?");
		break;
	case XML_ERR_UNDECLARED_ENTITY:
	case XML_WAR_UNDECLARED_ENTITY:
		r = g_strdup_printf(_("unknown entity &%s;; type the character itself (the file is UTF-8), or use &amp; for &"),
		    e->str1 != NULL ? e->str1 : "?");
		break;
	case XML_ERR_DOCUMENT_END:
		r = g_strdup(_("text after the end of the root element; everything must be inside <agency> or <edition>"));
		break;
	case XML_ERR_DOCUMENT_EMPTY:
		r = g_strdup(_("no XML element found; a guide source starts with <agency> or <edition>"));
		break;
	case XML_ERR_LT_IN_ATTRIBUTE:
		r = g_strdup(_("'<' inside an attribute value; write &lt;"));
		break;
	case XML_ERR_NAME_REQUIRED:
	case XML_ERR_ENTITYREF_SEMICOL_MISSING:
		r = g_strdup(_("'&' starts an entity such as &amp;; a lone '&' must be written &amp;"));
		break;
	default:
		r = g_strdup_printf(_("malformed XML: %s"), m);
		break;
	}
	g_free(m);
	return r;
}

static void
on_parse_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct load *st = ctxt->_private;
	char *text;

	if (e->level < XML_ERR_ERROR || st->reported)
		return;
	st->reported = TRUE;
	text = syntax_text(e);
	diag_msg(st->dl, MSG_XML_SYNTAX, st->f->path, e->line, e->int2, text);
	g_free(text);
}

/* g_utf8_validate(buf, len, bad), in steps of 8 bytes over ASCII without NUL (most of a
 * source), and of one character, through GLib, elsewhere: GLib's takes each byte on its own
 * path (5 M of paisano check's 129 M instructions, on the threads that read the sources). */
static gboolean
utf8_valid(const char *buf, gsize len, const char **bad)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		guint64 w;

		if (end - p >= 8) {
			memcpy(&w, p, 8);
			/* no byte with its top bit set, and none zero */
			if (((w | ((w - 0x0101010101010101ULL) & ~w)) & 0x8080808080808080ULL) == 0) {
				p += 8;
				continue;
			}
		}
		if ((unsigned char)*p >= 0x01 && (unsigned char)*p < 0x80)
			p++;
		else {
			const char *e;

			/* one character is at most 4 bytes: a shorter window only cuts off the next */
			g_utf8_validate_len(p, MIN((gsize)(end - p), 4), &e);
			if (e == p) {
				*bad = p;
				return FALSE;
			}
			p = e;
		}
	}
	return TRUE;
}

static gboolean
precheck(struct src_file *f, struct diag_list *dl)
{
	const char *bad;
	const unsigned char *u = (const unsigned char *)f->buf;
	int line, col;

	if (f->len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
		diag_msg(dl, MSG_XML_UTF16, f->path, 1, 1);
		return FALSE;
	}
	{
		const char *p = f->buf;

		if (g_str_has_prefix(p, "\xef\xbb\xbf"))
			p += 3;
		while (g_ascii_isspace(*p))
			p++;
		if (*p == '\0') {
			diag_msg(dl, MSG_FILE_EMPTY, f->path, 0, 0);
			return FALSE;
		}
	}
	/* The encoding named in the XML declaration, if any. */
	if (g_str_has_prefix(f->buf, "<?xml") || g_str_has_prefix(f->buf, "\xef\xbb\xbf<?xml")) {
		const char *end = strstr(f->buf, "?>"), *enc = strstr(f->buf, "encoding");

		if (end != NULL && enc != NULL && enc < end) {
			const char *q = enc + 8;
			char quote, *name;
			const char *close;

			while (*q == ' ' || *q == '=')
				q++;
			quote = *q;
			if ((quote == '"' || quote == '\'') && (close = strchr(q + 1, quote)) != NULL && close < end) {
				name = g_strndup(q + 1, (gsize)(close - q - 1));
				if (g_ascii_strcasecmp(name, "UTF-8") != 0 && g_ascii_strcasecmp(name, "UTF8") != 0) {
					src_offset_pos(f, (gsize)(enc - f->buf), &line, &col);
					diag_msg(dl, MSG_XML_ENCODING_DECL, f->path, line, col, name);
					g_free(name);
					return FALSE;
				}
				g_free(name);
			}
		}
	}
	if (!utf8_valid(f->buf, f->len, &bad)) {
		src_offset_pos(f, (gsize)(bad - f->buf), &line, &col);
		diag_msg(dl, MSG_XML_NOT_UTF8, f->path, line, col, (unsigned char)*bad);
		return FALSE;
	}
	return TRUE;
}

/* "52.4 MB", with a plain space (GLib puts a no-break space there). */
static char *
human_size(goffset n)
{
	char *s = g_format_size_full((guint64)n, G_FORMAT_SIZE_DEFAULT), *nb;

	while ((nb = strstr(s, "\xc2\xa0")) != NULL) {
		*nb = ' ';
		memmove(nb + 1, nb + 2, strlen(nb + 2) + 1);
	}
	return s;
}

static struct src_file *parse_buffer(struct src_file *, struct diag_list *);

/* Over the size limit?  Then say so, in words a person reads ("52.4 MB"). */
static gboolean
too_big(struct diag_list *dl, const char *path, guint64 size)
{
	char *a, *b;

	if (size <= SRC_MAX_BYTES)
		return FALSE;
	a = human_size((goffset)size);
	b = human_size(SRC_MAX_BYTES);
	diag_msg(dl, MSG_FILE_TOO_BIG, path, 0, 0, a, b);
	g_free(a);
	g_free(b);
	return TRUE;
}

/* What a path that is not a regular file is, for the message. */
static const char *
not_regular(mode_t m)
{
	if (S_ISDIR(m))
		return "it is a directory, not a file";
	if (S_ISFIFO(m))
		return "it is a FIFO (named pipe), not a regular file";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "it is a device, not a regular file";
	if (S_ISSOCK(m))
		return "it is a socket, not a regular file";
	return "it is not a regular file";
}

/*
 * Only a regular file is read (a link to one is followed): a FIFO, a device such as /dev/zero
 * or a directory is refused before anything is read, O_NONBLOCK keeps opening a FIFO from
 * waiting for a writer, and the size limit is applied while reading, so a file that grows
 * cannot make us read forever.
 */
struct src_file *
src_load(const char *path, struct diag_list *dl)
{
	struct src_file *f;
	GStatBuf sb;
	GString *buf;
	gboolean failed = FALSE;
	int fd;

	if ((fd = g_open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0)) < 0) {
		diag_msg(dl, MSG_FILE_UNREADABLE, path, 0, 0, g_strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) != 0) {
		diag_msg(dl, MSG_FILE_UNREADABLE, path, 0, 0, g_strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		diag_msg(dl, MSG_FILE_UNREADABLE, path, 0, 0, not_regular(sb.st_mode));
		close(fd);
		return NULL;
	}
	if (too_big(dl, path, (guint64)sb.st_size)) {
		close(fd);
		return NULL;
	}
	buf = g_string_sized_new((gsize)sb.st_size + 1);
	for (;;) {
		char chunk[65536];
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_msg(dl, MSG_FILE_UNREADABLE, path, 0, 0, g_strerror(errno));
			failed = TRUE;
			break;
		}
		if (n == 0)
			break;
		g_string_append_len(buf, chunk, n);
		if ((failed = too_big(dl, path, buf->len)))	/* it grew after fstat() */
			break;
	}
	close(fd);
	if (failed) {
		g_string_free(buf, TRUE);
		return NULL;
	}
	f = g_new0(struct src_file, 1);
	f->path = g_strdup(path);
	f->len = buf->len;
	/* a GString's room is a power of two: what is kept is the bytes */
	f->buf = g_realloc(g_string_free(buf, FALSE), f->len + 1);
	return parse_buffer(f, dl);
}

struct src_file *
src_load_memory(const char *path, const char *data, gsize len, struct diag_list *dl)
{
	struct src_file *f;

	if (too_big(dl, path, len))
		return NULL;
	f = g_new0(struct src_file, 1);
	f->path = g_strdup(path);
	f->buf = g_malloc(len + 1);
	memcpy(f->buf, data, len);
	f->buf[len] = '\0';
	f->len = len;
	return parse_buffer(f, dl);
}

/* Check and parse f->buf; the file is returned with doc == NULL when it does not parse. */
static struct src_file *
parse_buffer(struct src_file *f, struct diag_list *dl)
{
	const char *path = f->path;
	struct load st;
	xmlParserCtxtPtr ctxt;

	index_lines(f);
	f->cursor = g_new0(struct src_cursor, 1);
	f->cursor->col = 1;
	f->spans = g_array_new(FALSE, FALSE, sizeof(struct src_span));
	if (!precheck(f, dl))
		return f;

	ctxt = xmlCreateMemoryParserCtxt(f->buf, (int)f->len);
	if (ctxt == NULL) {
		diag_msg(dl, MSG_FILE_UNREADABLE, path, 0, 0, "out of memory");
		return f;
	}
	memset(&st, 0, sizeof(st));
	st.f = f;
	st.dl = dl;
	ctxt->_private = &st;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
	ctxt->sax->startElementNs = on_start;
	ctxt->sax->endElementNs = on_end;
	ctxt->sax->comment = on_comment;
	ctxt->sax->processingInstruction = on_pi;
	ctxt->sax->internalSubset = on_doctype;
	ctxt->sax->externalSubset = NULL;
	ctxt->sax->serror = on_parse_error;
	ctxt->sax->error = NULL;
	ctxt->sax->warning = NULL;
	ctxt->vctxt.error = NULL;
	ctxt->vctxt.warning = NULL;
	ctxt->loadsubset = 0;
	ctxt->replaceEntities = 0;
	xmlParseDocument(ctxt);
	if (ctxt->wellFormed && !st.stopped && ctxt->myDoc != NULL)
		f->doc = ctxt->myDoc;
	else {
		if (!st.reported)
			diag_msg(dl, MSG_XML_SYNTAX, path, 0, 0, _("malformed XML"));
		if (ctxt->myDoc != NULL)
			xmlFreeDoc(ctxt->myDoc);
		g_array_set_size(f->spans, 0);
	}
	ctxt->myDoc = NULL;
	xmlFreeParserCtxt(ctxt);

	if (f->doc != NULL) {
		xmlNodePtr root = xmlDocGetRootElement(f->doc);

		if (root == NULL || (!xmlStrEqual(root->name, BAD_CAST "agency") &&
		    !xmlStrEqual(root->name, BAD_CAST "edition") &&
		    !xmlStrEqual(root->name, BAD_CAST "paisano-model")) || root->ns != NULL) {
			int line = 0, col = 0;

			if (root != NULL)
				src_node_pos(f, root, &line, &col);
			diag_msg(dl, MSG_XML_NOT_GUIDE, path, line, col,
			    root != NULL ? (const char *)root->name : "?");
			xmlFreeDoc(f->doc);
			f->doc = NULL;
			g_array_set_size(f->spans, 0);
		}
	}
	return f;
}

/* ----- RelaxNG validation ----- */

struct schema_msg {
	xmlNodePtr	 node;
	char		*text;
	gboolean	 generic;	/* libxml2's "failed to validate ...": a follow-up */
	enum msg_id	 id;		/* MSG_SCHEMA (text), or a message of its own with args */
	char		*args[4];
};

struct validation {
	struct src_file		*f;
	GArray			*msgs;	/* struct schema_msg */
};

static gboolean
id_ok(const char *v)
{
	static GRegex *re;
	static gsize once;	/* once for all threads */

	if (g_once_init_enter(&once)) {
		re = g_regex_new("^[a-z0-9]+(-[a-z0-9]+)*$", 0, 0, NULL);
		g_once_init_leave(&once, 1);
	}
	return strlen(v) <= 64 && g_regex_match(re, v, 0, NULL);
}

/* "Sección_Uno" -> "seccion-uno" */
static char *
slug(const char *v)
{
	char *a = g_str_to_ascii(v, "C"), *r = g_ascii_strdown(a, -1), *w = r;

	for (const char *p = r; *p != '\0'; p++) {
		if (g_ascii_isalnum(*p))
			*w++ = *p;
		else if (w > r && w[-1] != '-')
			*w++ = '-';
	}
	while (w > r && w[-1] == '-')
		w--;
	*w = '\0';
	g_free(a);
	return r;
}

static const char *const known_attrs[] = { "id", "from", "to", "season", "lang", "type", "src", "width",
	"ref", "lines", "label", "kind", "currency", "country", "role", "year", "revision", "status",
	"previous", "date", "start", "end", "section", "agency", "editor", "es-hash",
	"by", "en", "format", "href", "label-en", "languages", "sha256", "source", "verified", NULL };

/* The attributes that take one of a few values (from the schema): element (NULL: any), name,
 * the values as the message lists them. */
static const struct {
	const char	*elem, *attr, *values[8];
} enum_attrs[] = {
	{ NULL, "country", { "MX", "US" } },
	{ NULL, "currency", { "USD", "MXN" } },
	{ "fact", "kind", { "amount", "number", "percent", "date", "phone", "url", "email" } },
	{ NULL, "type", { "warning", "important", "tip" } },
	{ "edition", "status", { "draft", "final" } },
	{ "source", "status", { "unconfirmed" } },
	{ NULL, "languages", { "es", "en" } },
	{ NULL, "role", { "paisano-eua", "paisano-mx", "emergencias", "quejas", "denuncia", "auxilio-vial" } },
};

/* value=v of attribute `name` on element n is not one of its values: the message, or NULL. */
static char *
enum_problem(xmlNodePtr n, const char *name, const char *v)
{
	for (guint i = 0; i < G_N_ELEMENTS(enum_attrs); i++) {
		gboolean ok = FALSE, list = strcmp(name, "languages") == 0;
		GString *vals;
		char **words;

		if (strcmp(enum_attrs[i].attr, name) != 0 ||
		    (enum_attrs[i].elem != NULL && !xmlStrEqual(n->name, BAD_CAST enum_attrs[i].elem)))
			continue;
		words = list ? g_strsplit(v, " ", 0) : NULL;
		for (const char *const *x = enum_attrs[i].values; *x != NULL && !ok; x++)
			ok = list ? TRUE : strcmp(*x, v) == 0;
		for (char **w = words; w != NULL && *w != NULL && ok; w++) {
			gboolean one = **w == '\0';

			for (const char *const *x = enum_attrs[i].values; *x != NULL; x++)
				one |= strcmp(*x, *w) == 0;
			ok = one;
		}
		g_strfreev(words);
		if (ok)
			return NULL;
		vals = g_string_new(NULL);
		for (const char *const *x = enum_attrs[i].values; *x != NULL; x++)
			g_string_append_printf(vals, "%s%s", vals->len > 0 ? (x[1] == NULL ? _(" or ") : ", ") : "", *x);
		{
			char *r = g_strdup_printf(_("%s=\"%s\" is not allowed: %s= takes %s, written exactly so (as in %s=\"%s\")"),
			    name, v, name, vals->str, name, enum_attrs[i].values[0]);

			g_string_free(vals, TRUE);
			return r;
		}
	}
	return NULL;
}

/* A required attribute the element lacks, said with what to write; NULL if none. */
static char *
missing_attribute(xmlNodePtr n)
{
	if (xmlStrEqual(n->name, BAD_CAST "value") && src_is_elem(n->parent, "fact") &&
	    !xmlHasNsProp(n, BAD_CAST "from", NULL))
		return g_strdup(_("<value> has no from=, the first day the value holds; every value of a fact says it: "
		    "add from=\"YYYY-MM-DD\", as in <value from=\"2025-01-01\">"));
	if (xmlStrEqual(n->name, BAD_CAST "phone") && !xmlHasNsProp(n, BAD_CAST "country", NULL))
		return g_strdup(_("<phone> has no country=, which says how it is dialled: add country=\"MX\" or country=\"US\""));
	if (xmlStrEqual(n->name, BAD_CAST "fact") && !xmlHasNsProp(n, BAD_CAST "kind", NULL))
		return g_strdup(_("<fact> has no kind=: add kind=\"amount\", \"number\", \"percent\", \"date\", "
		    "\"phone\", \"url\" or \"email\""));
	return NULL;
}

/* What is wrong with an element's attributes, in plain words, or NULL if we cannot tell. */
static char *
diagnose_attributes(xmlNodePtr n)
{
	gboolean refers = xmlStrEqual(n->name, BAD_CAST "ref") || xmlStrEqual(n->name, BAD_CAST "see");
	char *r = NULL;

	for (xmlAttrPtr a = n->properties; a != NULL && r == NULL; a = a->next) {
		const char *name = (const char *)a->name;
		xmlChar *xv = xmlNodeGetContent((xmlNodePtr)a);
		const char *v = xv != NULL ? (const char *)xv : "";
		gboolean known = FALSE;

		for (const char *const *k = known_attrs; *k != NULL; k++)
			known |= strcmp(*k, name) == 0;
		if (!known)
			r = g_strdup_printf(_("<%s> does not take the attribute %s=; check its spelling"), n->name, name);
		else if ((r = enum_problem(n, name, v)) != NULL)
			;
		else if (strcmp(name, "id") == 0 || strcmp(name, "previous") == 0 || strcmp(name, "agency") == 0 ||
		    strcmp(name, "section") == 0 || strcmp(name, "ref") == 0 || (refers && strcmp(name, "to") == 0)) {
			if (!id_ok(v)) {
				char *sg = slug(v);

				r = g_strdup_printf(_("%s=\"%s\": ids use only lowercase letters a-z, digits and single hyphens%s%s%s"),
				    name, v, *sg != '\0' ? _(" (for example \"") : "", sg, *sg != '\0' ? "\")" : "");
				g_free(sg);
			}
		} else if (strcmp(name, "from") == 0 || strcmp(name, "to") == 0 || strcmp(name, "date") == 0 ||
		    strcmp(name, "start") == 0 || strcmp(name, "end") == 0) {
			if (model_date_parse(v) == 0)
				r = g_strdup_printf(_("%s=\"%s\" is not a valid date; write YYYY-MM-DD, as in 2026-11-26"), name, v);
		} else if (strcmp(name, "season") == 0) {
			if (model_seasons_parse(v) == 0)
				r = g_strdup_printf(_("season=\"%s\" is not a season: write season=\"...\" with semana-santa, "
				    "verano or invierno (several, separated by spaces)"), v);
		}
		xmlFree(xv);
	}
	if (r == NULL)
		r = missing_attribute(n);
	return r;
}

static char *
schema_text(const xmlError *e, xmlNodePtr n, gboolean *generic)
{
	char *m = g_strstrip(g_strdup(e->message != NULL ? e->message : "not valid"));
	const char *name = n != NULL && n->name != NULL ? (const char *)n->name : "?";
	char *r = NULL, *a = NULL, *b = NULL;

	*generic = FALSE;
	/* libxml2's phrasing, rewritten for editors. */
	if (n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL)
		r = g_strdup_printf(_("<%s%s%s> belongs to another vocabulary (%s); guide sources use only the "
		    "elements of guide-src/schema/paisano.rng and never include other files"),
		    n->ns->prefix != NULL ? (const char *)n->ns->prefix : "", n->ns->prefix != NULL ? ":" : "",
		    name, n->ns->href);
	else if (sscanf(m, "Did not expect element %m[^ ] there", &a) == 1)
		r = g_strdup_printf(_("<%s> is not allowed here; check the order of the elements and that <%s> is inside the right parent"), a, a);
	else if (sscanf(m, "Expecting element %m[^,], got %m[^ ]", &a, &b) == 2)
		r = g_strdup_printf(_("expected <%s> here, found <%s>"), a, b);
	else if (sscanf(m, "Expecting an element %m[^,], got nothing", &a) == 1)
		r = g_strdup_printf(_("<%s> is missing inside <%s>"), a, name);
	else if (sscanf(m, "Element %m[^ ] failed to validate attributes", &a) == 1) {
		if (n == NULL || (r = diagnose_attributes(n)) == NULL) {
			r = g_strdup_printf(_("<%s> has a missing or invalid attribute; the schema lists the attributes <%s> takes"), a, a);
			*generic = TRUE;
		}
	} else if (sscanf(m, "Invalid attribute %m[^ ] for element %m[^ ]", &a, &b) == 2) {
		/* libxml2 says so of an attribute the element takes, with a value it does not */
		if (n == NULL || (r = diagnose_attributes(n)) == NULL)
			r = g_strdup_printf(_("<%s> does not take the attribute %s="), b, a);
	} else if (strstr(m, "Internal error") != NULL) {
		/* libxml2 lost its way after an earlier error: what that error said is enough */
		r = g_strdup_printf(_("does not follow the schema: %s"), m);
		*generic = TRUE;
	}
	else if (sscanf(m, "Element %m[^ ] has extra content: %m[^ ]", &a, &b) == 2)
		r = g_strdup_printf(_("<%s> has content that is not allowed there (%s)"), a, b);
	else if (sscanf(m, "Type %m[^ ] doesn't allow value '%m[^']'", &a, &b) == 2)
		r = strcmp(a, "date") == 0 ? g_strdup_printf(_("\"%s\" is not a valid date (write YYYY-MM-DD)"), b) :
		    g_strdup_printf(_("\"%s\" is not a valid value here"), b);
	else {
		r = g_strdup_printf(_("does not follow the schema: %s"), m);
		*generic = strstr(m, "failed to validate") != NULL || strstr(m, "Invalid sequence") != NULL ||
		    strstr(m, "Error validating") != NULL || strstr(m, "Extra element") != NULL;
	}
	free(a);
	free(b);
	g_free(m);
	return r;
}

/* Why an <image src> is not a file directly inside guide-src/images/, or NULL if it is one. */
static char *
image_src_problem(const char *v)
{
	const char *name = g_str_has_prefix(v, "images/") ? v + 7 : NULL;

	if (*v == '\0')
		return g_strdup(_("is empty"));
	if (*v == '/' || *v == '\\' || (g_ascii_isalpha(v[0]) && v[1] == ':'))
		return g_strdup(_("is an absolute path, which may point anywhere on the computer"));
	if (strcmp(v, "..") == 0 || g_str_has_prefix(v, "../") || strstr(v, "/../") != NULL ||
	    g_str_has_suffix(v, "/..") || strstr(v, "\\..") != NULL)
		return g_strdup(_("climbs out of its folder with \"..\""));
	if (strstr(v, "://") != NULL)
		return g_strdup(_("is a web address; the guide prints only its own image files"));
	if (name == NULL)
		return g_strdup(_("does not start with images/"));
	if (strchr(name, '/') != NULL)
		return g_strdup(_("names a subfolder of images/"));
	if (*name == '.' || *name == '\0')
		return g_strdup(_("names a hidden file or no file"));
	for (const char *p = name; *p != '\0'; p = g_utf8_next_char(p))
		if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.') {
			char *c = g_strndup(p, (gsize)(g_utf8_next_char(p) - p));
			char *r = g_strdup_printf(_("has the character \"%s\" in its file name, which may only use "
			    "letters a-z and A-Z, digits, '.', '-' and '_'"), c);

			g_free(c);
			return r;
		}
	return NULL;
}

/* The <phone>, or <value> of a phone fact, that node is or is in; NULL if none. */
static xmlNodePtr
phone_of(xmlNodePtr n)
{
	for (int up = 0; n != NULL && up < 3; n = n->parent, up++) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(n->name, BAD_CAST "phone"))
			return n;
		if (xmlStrEqual(n->name, BAD_CAST "value") && src_is_elem(n->parent, "fact")) {
			xmlChar *kind = xmlGetNoNsProp(n->parent, BAD_CAST "kind");
			gboolean phone = kind != NULL && xmlStrEqual(kind, BAD_CAST "phone");

			xmlFree(kind);
			return phone ? n : NULL;
		}
	}
	return NULL;
}

/* The <value> of a fact that node is or is in; NULL if none. */
static xmlNodePtr
value_of(xmlNodePtr n)
{
	for (int up = 0; n != NULL && up < 3; n = n->parent, up++)
		if (n->type == XML_ELEMENT_NODE)
			return xmlStrEqual(n->name, BAD_CAST "value") && src_is_elem(n->parent, "fact") ? n : NULL;
	return NULL;
}

/* A value with an invisible character, named (the schema would only say the value is not valid). */
static gboolean
invisible_problem(xmlNodePtr x, struct schema_msg *sm)
{
	xmlChar *t = xmlNodeGetContent(x);
	gunichar bad = 0;

	for (const char *p = t != NULL ? (const char *)t : ""; *p != '\0' && bad == 0; p = g_utf8_next_char(p))
		if (uname_is_invisible(g_utf8_get_char(p)))
			bad = g_utf8_get_char(p);
	if (bad != 0) {
		sm->node = x;
		sm->id = MSG_CHAR_INVISIBLE;
		sm->args[0] = g_strdup(_("value"));
		sm->args[1] = g_strstrip(g_strdup((const char *)t));
		sm->args[2] = uname_describe(bad);
		sm->text = g_strdup(sm->args[1]);
	}
	xmlFree(t);
	return bad != 0;
}

/* A phone number may have the digits 0-9, spaces, ( ) + and -: anything else is named, with the
 * number as it should be written (other scripts' digits as 0-9, invisible characters dropped). */
static gboolean
phone_problem(xmlNodePtr ph, struct schema_msg *sm)
{
	xmlChar *x = xmlNodeGetContent(ph);
	const char *t = x != NULL ? (const char *)x : "";
	GString *fix = g_string_new(NULL);
	gunichar bad = 0;

	for (const char *p = t; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (c < 0x80 && (g_ascii_isdigit(c) || strchr(" ()+-", (int)c) != NULL)) {
			g_string_append_c(fix, (char)c);
			continue;
		}
		if (bad == 0)
			bad = c;
		if (g_unichar_digit_value(c) >= 0)
			g_string_append_c(fix, (char)('0' + g_unichar_digit_value(c)));
		else if (g_unichar_isspace(c) || g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR)
			g_string_append_c(fix, ' ');
		else if (g_unichar_type(c) == G_UNICODE_DASH_PUNCTUATION || c == 0x2212)
			g_string_append_c(fix, '-');
	}
	if (bad != 0) {
		sm->node = ph;
		sm->id = MSG_PHONE_CHARACTER;
		sm->args[0] = g_strstrip(g_strdup(t));
		sm->args[1] = uname_describe(bad);
		sm->args[2] = g_strdup(g_unichar_digit_value(bad) >= 0 ?
		    _("a digit of another script, which dialers, screen readers and search do not read as 0-9") :
		    uname_is_invisible(bad) ? _("an invisible character, which would be printed inside the number") :
		    _("a character phone numbers do not use"));
		sm->args[3] = g_strdup(g_strstrip(fix->str));
		sm->text = g_strdup(sm->args[0]);
	}
	g_string_free(fix, TRUE);
	xmlFree(x);
	return bad != 0;
}

static void
on_schema_error(void *ctx, xmlErrorPtr e)
{
	struct validation *v = ctx;
	struct schema_msg sm = { e->node, NULL, FALSE, MSG_SCHEMA, { NULL } };
	xmlNodePtr ph;
	char *el = NULL;

	/* A phone number with a character no number has: say which (the schema's words would
	 * blame an attribute, since it tried the element's other forms). */
	if ((ph = phone_of(e->node)) != NULL && phone_problem(ph, &sm)) {
		g_array_append_val(v->msgs, sm);
		return;
	}
	if ((ph = value_of(e->node)) != NULL && invisible_problem(ph, &sm)) {
		g_array_append_val(v->msgs, sm);
		return;
	}

	/* libxml2 may name a child of the element whose attributes failed: climb to it. */
	if (e->message != NULL && sscanf(e->message, "Element %m[^ ] failed to validate attributes", &el) == 1)
		for (xmlNodePtr n = e->node; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
			if (xmlStrEqual(n->name, BAD_CAST el)) {
				xmlChar *src = xmlStrEqual(n->name, BAD_CAST "image") ?
				    xmlGetNoNsProp(n, BAD_CAST "src") : NULL;

				if (src != NULL && (sm.text = image_src_problem((const char *)src)) != NULL) {
					sm.node = n;
					sm.id = MSG_IMAGE_SRC;
					sm.args[0] = g_strdup((const char *)src);
					sm.args[1] = g_strdup(sm.text);
				}
				xmlFree(src);
				break;
			}
	free(el);
	if (sm.text == NULL)
		sm.text = schema_text(e, e->node, &sm.generic);
	g_array_append_val(v->msgs, sm);
}

static gboolean
is_within(xmlNodePtr n, xmlNodePtr anc)
{
	for (; n != NULL; n = n->parent)
		if (n == anc)
			return TRUE;
	return FALSE;
}

/* One message per element; a generic one only where nothing inside it said more. */
static void
emit_schema_msgs(struct src_file *f, GArray *msgs, struct diag_list *dl)
{
	GHashTable *done = g_hash_table_new(g_direct_hash, g_direct_equal);
	guint emitted = 0;

	for (int pass = 0; pass < 2; pass++)
		for (guint i = 0; i < msgs->len; i++) {
			struct schema_msg *sm = &g_array_index(msgs, struct schema_msg, i);
			gboolean covered = FALSE;
			int line = 0, col = 0;

			if (sm->generic != (pass == 1) || g_hash_table_contains(done, sm->node))
				continue;
			if (sm->generic)
				for (guint j = 0; j < msgs->len && !covered; j++) {
					struct schema_msg *o = &g_array_index(msgs, struct schema_msg, j);

					covered = !o->generic && is_within(o->node, sm->node);
				}
			if (covered || (sm->generic && emitted > 0 && sm->node == NULL))
				continue;
			if (sm->node != NULL)
				src_node_pos(f, sm->node, &line, &col);
			g_hash_table_add(done, sm->node);
			if (sm->id != MSG_SCHEMA)
				diag_msg(dl, sm->id, f->path, line, col, sm->args[0], sm->args[1], sm->args[2],
				    sm->args[3]);
			else
				diag_msg(dl, MSG_SCHEMA, f->path, line, col, sm->text);
			emitted++;
		}
	g_hash_table_destroy(done);
}

gboolean
src_validate(struct src_file *f, struct diag_list *dl)
{
	xmlRelaxNGValidCtxtPtr vc;
	struct validation v = { f, NULL };
	int rc;

	if (f->doc == NULL)
		return FALSE;
	/* Most files surely follow the schema: libxml2 (and its compiled schema) is for the rest. */
	if (valid_mode() != VALID_LIBXML2) {
		if (valid_surely(f->doc))
			return TRUE;
		if (valid_mode() == VALID_REPORT)
			g_printerr(_("paisano: %s: not surely valid; libxml2 validates it\n"), f->path);
	}
	G_LOCK(schema);		/* compiled once for all threads */
	if (schema == NULL) {
		xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(
		    (const char *)paisano_schema_rng, (int)paisano_schema_rng_len);

		schema = xmlRelaxNGParse(pc);
		xmlRelaxNGFreeParserCtxt(pc);
		if (schema == NULL)
			g_error("the built-in schema does not compile");
	}
	G_UNLOCK(schema);
	v.msgs = g_array_new(FALSE, FALSE, sizeof(struct schema_msg));
	vc = xmlRelaxNGNewValidCtxt(schema);
	xmlRelaxNGSetValidStructuredErrors(vc, on_schema_error, &v);
	rc = xmlRelaxNGValidateDoc(vc, f->doc);
	xmlRelaxNGFreeValidCtxt(vc);
	emit_schema_msgs(f, v.msgs, dl);
	/* A failure that produced no message at all still needs one. */
	if (rc != 0 && v.msgs->len == 0) {
		int line, col;

		src_node_pos(f, xmlDocGetRootElement(f->doc), &line, &col);
		diag_msg(dl, MSG_SCHEMA, f->path, line, col, "the file does not follow the schema (guide-src/schema/paisano.rng)");
	}
	for (guint i = 0; i < v.msgs->len; i++) {
		g_free(g_array_index(v.msgs, struct schema_msg, i).text);
		for (int k = 0; k < 4; k++)
			g_free(g_array_index(v.msgs, struct schema_msg, i).args[k]);
	}
	g_array_free(v.msgs, TRUE);
	return rc == 0;
}

gboolean
src_is_elem(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name);
}

xmlNodePtr
src_child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr k = n->children; k != NULL; k = k->next)
		if (src_is_elem(k, name))
			return k;
	return NULL;
}

void
src_drop_tree(struct src_file *f)
{
	if (f->doc != NULL)
		xmlFreeDoc(f->doc);
	f->doc = NULL;
	g_array_set_size(f->spans, 0);
}

void
src_drop_bytes(struct src_file *f)
{
	src_drop_tree(f);
	g_clear_pointer(&f->spans, g_array_unref);
	g_clear_pointer(&f->lines, g_array_unref);
	g_clear_pointer(&f->cursor, g_free);
	g_clear_pointer(&f->buf, g_free);
	f->len = 0;
}

void
src_free(struct src_file *f)
{
	if (f == NULL)
		return;
	if (f->doc != NULL)
		xmlFreeDoc(f->doc);
	if (f->spans != NULL)
		g_array_free(f->spans, TRUE);
	if (f->lines != NULL)
		g_array_free(f->lines, TRUE);
	g_free(f->cursor);
	g_free(f->buf);
	g_free(f->path);
	g_free(f);
}
