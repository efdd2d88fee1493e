/* valid.c: the fast path of RelaxNG validation (see valid.h): the schema's patterns, as
 * tests/valid_gen.py writes them into build/valid_gen.c, matched against a parsed source.
 *
 * Matching is ordered and greedy, with one child of lookahead: a choice tries first the
 * patterns the next child can start, in the schema's order, then those that can match nothing;
 * a repetition goes on while its pattern matches and takes something; nothing is undone once
 * matched.  Whatever it matches has a derivation in the grammar, so it is valid; a valid
 * document it does not match goes to libxml2, and only costs time.
 *
 * Values are only accepted in their plain form: no white space for the schema's datatypes to
 * normalize away, no sign or leading zeros in a number, dates as YYYY-MM-DD.  Element-only
 * content may have comments, processing instructions and white space between the elements
 * (RelaxNG ignores them); an element holding a value may hold nothing but one text node.
 */
#include <stdlib.h>
#include <string.h>

#include "valid.h"

#define MAX_ATTRS	32	/* attributes of one element; more: not surely valid */

/* Where a match stands: the next child of an element, or the next of some strings (an
 * attribute's value, an element's value, the words of a list). */
struct vctx {
	xmlNodePtr		 elem;		/* whose attributes; NULL inside a value */
	guint32			 used;		/* its attributes matched, by position */
	gboolean		 values;	/* matching strings, not children */
	xmlNodePtr		 cur;		/* children: the next one that matters, or NULL */
	const char *const	*strs;		/* values */
	guint			 nstrs;
	guint			 spos;
};

enum valid_mode
valid_mode(void)
{
	static int mode = -1;

	if (mode < 0) {
		const char *v = g_getenv("PAISANO_VALID");

		mode = g_strcmp0(v, "libxml2") == 0 ? VALID_LIBXML2 : g_strcmp0(v, "report") == 0 ? VALID_REPORT : VALID_FAST;
	}
	return (enum valid_mode)mode;
}

/* ----- values ----- */

static gboolean
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A token as it is after collapsing its white space: single spaces between words, none at the
 * ends, no tabs or line ends. */
static gboolean
plain_token(const char *v)
{
	gsize n = strlen(v);

	if (strpbrk(v, "\t\n\r") != NULL || strstr(v, "  ") != NULL)
		return FALSE;
	return n == 0 || (v[0] != ' ' && v[n - 1] != ' ');
}

/* YYYY-MM-DD, a day of the Gregorian calendar, year 0001 to 9999 */
static gboolean
is_date(const char *v)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (strlen(v) != 10 || v[4] != '-' || v[7] != '-')
		return FALSE;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit(v[i]))
			return FALSE;
	y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
	m = (v[5] - '0') * 10 + (v[6] - '0');
	d = (v[8] - '0') * 10 + (v[9] - '0');
	if (y == 0 || m < 1 || m > 12 || d < 1)
		return FALSE;
	if (m == 2 && d == 29)
		return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1];
}

/* four digits, not 0000 */
static gboolean
is_year(const char *v)
{
	return strlen(v) == 4 && strspn(v, "0123456789") == 4 && strcmp(v, "0000") != 0;
}

/* 1 to 9 digits, no leading zero */
static gboolean
is_positive(const char *v)
{
	gsize n = strspn(v, "0123456789");

	return n >= 1 && n <= 9 && v[n] == '\0' && v[0] != '0';
}

/* The data pattern's regular expression, compiled once for all threads; NULL if GRegex
 * refuses it (then nothing matches it surely). */
static GRegex *
regex_of(const struct vpat *p)
{
	static GRegex **regexes;
	static gsize once;

	if (g_once_init_enter(&once)) {
		GRegex **r = g_new0(GRegex *, valid_gen_count);

		for (guint i = 0; i < valid_gen_count; i++)
			if (valid_gen_pats[i].regex != NULL)
				r[i] = g_regex_new(valid_gen_pats[i].regex, 0, 0, NULL);
		regexes = r;
		g_once_init_leave(&once, 1);
	}
	return regexes[p - valid_gen_pats];
}

/* Atoms [a, a + n) from s on, each taking as much as it can and never giving back; the end,
 * or NULL.  Any match it finds is one of the expression's, so it is only stricter. */
static const char *
re_seq(const struct vre *a, guint n, const char *s)
{
	for (guint i = 0; i < n; i += 1u + a[i].len) {
		int count = 0;

		while (a[i].max < 0 || count < a[i].max) {
			const char *e;
			unsigned char b = (unsigned char)*s;

			if (a[i].len > 0)
				e = re_seq(a + i + 1, a[i].len, s);
			else
				e = b != '\0' && (a[i].set[b >> 3] & (1u << (b & 7))) ? s + 1 : NULL;
			if (e == NULL || e == s)
				break;
			s = e;
			count++;
		}
		if (count < a[i].min)
			return NULL;
	}
	return s;
}

static gboolean
data_ok(const struct vpat *p, const char *v)
{
	glong len;

	switch (p->type) {
	case VT_TOKEN:
		if (!plain_token(v))
			return FALSE;
		break;
	case VT_STRING:
		break;
	case VT_DATE:
		if (!is_date(v))
			return FALSE;
		break;
	case VT_GYEAR:
		if (!is_year(v))
			return FALSE;
		break;
	case VT_POSITIVE_INTEGER:
		if (!is_positive(v) || (p->max_inclusive >= 0 && atol(v) > p->max_inclusive))
			return FALSE;
		break;
	}
	if (p->max_inclusive >= 0 && p->type != VT_POSITIVE_INTEGER)
		return FALSE;
	if (p->min_length >= 0 || p->max_length >= 0) {
		len = g_utf8_strlen(v, -1);
		if ((p->min_length >= 0 && len < p->min_length) || (p->max_length >= 0 && len > p->max_length))
			return FALSE;
	}
	if (p->re != NULL) {
		const char *end = re_seq(p->re, p->nre, v);

		if (end == NULL || *end != '\0')
			return FALSE;
	} else if (p->regex != NULL) {
		GRegex *re = regex_of(p);

		if (re == NULL || !g_regex_match(re, v, 0, NULL))
			return FALSE;
	}
	return TRUE;
}

/* ----- children ----- */

static gboolean
blank(const xmlChar *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return FALSE;
	return TRUE;
}

/* The first node from n on that matters: RelaxNG passes over comments, processing
 * instructions and white space between elements. */
static xmlNodePtr
significant(xmlNodePtr n)
{
	while (n != NULL && (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE ||
	    (n->type == XML_TEXT_NODE && blank(n->content))))
		n = n->next;
	return n;
}

/* What comes next, as the table's first sets name it; NULL at the end. */
static const char *
next_key(const struct vctx *c)
{
	if (c->values)
		return c->spos < c->nstrs ? "#string" : NULL;
	if (c->cur == NULL)
		return NULL;
	if (c->cur->type == XML_TEXT_NODE)
		return "#text";
	return c->cur->ns == NULL ? (const char *)c->cur->name : "#other";
}

static gboolean
starts(const struct vpat *p, const char *key)
{
	if (key != NULL)
		for (const char *const *f = p->first; *f != NULL; f++)
			if (strcmp(*f, key) == 0)
				return TRUE;
	return FALSE;
}

/* Is p worth trying here: can the next child start it, or can it match nothing? */
static gboolean
viable(const struct vpat *p, const struct vctx *c)
{
	return p->nullable || starts(p, next_key(c));
}

static gboolean
same_place(const struct vctx *a, const struct vctx *b)
{
	return a->cur == b->cur && a->spos == b->spos && a->used == b->used;
}

static const struct vpat *
kid(const struct vpat *p, guint i)
{
	return &valid_gen_pats[p->kids[i]];
}

static gboolean	 match(const struct vpat *, struct vctx *);

/* An attribute's value when it is the usual single text node. */
static const char *
attr_text(xmlAttrPtr a)
{
	xmlNodePtr t = a->children;

	if (t == NULL || t->next != NULL || t->type != XML_TEXT_NODE || t->content == NULL)
		return NULL;
	return (const char *)t->content;
}

static gboolean
attribute_ok(const struct vpat *p, struct vctx *c)
{
	guint i = 0;

	if (c->elem == NULL)
		return FALSE;
	for (xmlAttrPtr a = c->elem->properties; a != NULL; a = a->next, i++) {
		const char *v;
		struct vctx sub = { .values = TRUE, .nstrs = 1 };

		if ((c->used & (1u << i)) || strcmp((const char *)a->name, p->name) != 0 ||
		    (p->xml_ns ? a->ns == NULL || !xmlStrEqual(a->ns->href, XML_XML_NAMESPACE) : a->ns != NULL))
			continue;
		if ((v = attr_text(a)) == NULL)
			return FALSE;
		sub.strs = &v;
		if (!match(kid(p, 0), &sub) || sub.spos != 1)
			return FALSE;
		c->used |= 1u << i;
		return TRUE;
	}
	return FALSE;
}

/* A list: the words of the next string, separated by single spaces. */
static gboolean
list_ok(const struct vpat *p, struct vctx *c)
{
	struct vctx sub = { .values = TRUE };
	char **words;
	gboolean ok;

	if (!c->values || c->spos >= c->nstrs || c->strs[c->spos][0] == '\0' || !plain_token(c->strs[c->spos]))
		return FALSE;
	words = g_strsplit(c->strs[c->spos], " ", 0);
	sub.strs = (const char *const *)words;
	sub.nstrs = g_strv_length(words);
	ok = match(kid(p, 0), &sub) && sub.spos == sub.nstrs;
	g_strfreev(words);
	if (ok)
		c->spos++;
	return ok;
}

/* Element n against the element pattern p: its attributes and its content, all of them. */
static gboolean
element_ok(xmlNodePtr n, const struct vpat *p)
{
	struct vctx c = { .elem = n };
	guint nattrs = 0;
	const char *text;

	if (n->nsDef != NULL)
		return FALSE;
	for (xmlAttrPtr a = n->properties; a != NULL; a = a->next)
		if (++nattrs > MAX_ATTRS)
			return FALSE;
	if (p->value_content) {
		xmlNodePtr t = n->children;

		if (t == NULL || t->next != NULL || t->type != XML_TEXT_NODE || t->content == NULL)
			return FALSE;
		text = (const char *)t->content;
		c.values = TRUE;
		c.strs = &text;
		c.nstrs = 1;
	} else {
		for (xmlNodePtr k = n->children; k != NULL; k = k->next)
			if (k->type != XML_ELEMENT_NODE && k->type != XML_TEXT_NODE && k->type != XML_COMMENT_NODE &&
			    k->type != XML_PI_NODE)
				return FALSE;
		c.cur = significant(n->children);
	}
	if (!match(kid(p, 0), &c) || (c.values ? c.spos != c.nstrs : c.cur != NULL))
		return FALSE;
	return c.used == (nattrs == MAX_ATTRS ? 0xffffffffu : (1u << nattrs) - 1);
}

static gboolean
match(const struct vpat *p, struct vctx *c)
{
	struct vctx saved;
	const char *key;

	switch (p->kind) {
	case VP_EMPTY:
		return TRUE;
	case VP_NOT_ALLOWED:
		return FALSE;
	case VP_TEXT:
		if (c->values)
			c->spos = c->nstrs;
		else
			while (c->cur != NULL && c->cur->type == XML_TEXT_NODE)
				c->cur = significant(c->cur->next);
		return TRUE;
	case VP_ELEMENT:
		if (c->values || c->cur == NULL || c->cur->type != XML_ELEMENT_NODE || c->cur->ns != NULL ||
		    strcmp((const char *)c->cur->name, p->name) != 0 || !element_ok(c->cur, p))
			return FALSE;
		c->cur = significant(c->cur->next);
		return TRUE;
	case VP_ATTRIBUTE:
		return attribute_ok(p, c);
	case VP_GROUP:
		for (guint i = 0; i < p->nkids; i++)
			if (!match(kid(p, i), c))
				return FALSE;
		return TRUE;
	case VP_CHOICE:
		/* first the patterns the next child starts, then those that can match nothing */
		key = next_key(c);
		for (int pass = 0; pass < 2; pass++)
			for (guint i = 0; i < p->nkids; i++) {
				const struct vpat *k = kid(p, i);

				if (pass == 0 ? !starts(k, key) : starts(k, key) || !k->nullable)
					continue;
				saved = *c;
				if (match(k, c))
					return TRUE;
				*c = saved;
			}
		return FALSE;
	case VP_OPTIONAL:
		saved = *c;
		if (viable(kid(p, 0), c) && !match(kid(p, 0), c))
			*c = saved;
		return TRUE;
	case VP_ONE_OR_MORE:
		if (!match(kid(p, 0), c))
			return FALSE;
		/* fall through */
	case VP_ZERO_OR_MORE:
		while (viable(kid(p, 0), c)) {
			saved = *c;
			if (!match(kid(p, 0), c) || same_place(&saved, c)) {
				*c = saved;
				break;
			}
		}
		return TRUE;
	case VP_VALUE:
		if (!c->values || c->spos >= c->nstrs || strcmp(c->strs[c->spos], p->name) != 0)
			return FALSE;
		c->spos++;
		return TRUE;
	case VP_DATA:
		if (!c->values || c->spos >= c->nstrs || !data_ok(p, c->strs[c->spos]))
			return FALSE;
		c->spos++;
		return TRUE;
	case VP_LIST:
		return list_ok(p, c);
	}
	return FALSE;
}

gboolean
valid_surely(xmlDocPtr doc)
{
	struct vctx c = { 0 };

	if (doc == NULL || (c.cur = xmlDocGetRootElement(doc)) == NULL)
		return FALSE;
	return match(&valid_gen_pats[valid_gen_start], &c) && c.cur == NULL;
}
