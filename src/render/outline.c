/* outline.c: glyph outlines as PDF path operators (outline.h). */
#include <math.h>

#include "outline.h"
#include FT_OUTLINE_H

#include "outline.h"
#include "pdfw.h"

struct outline {
	GString		*buf;
	double		 x0, y0, cs, sn, scale;	/* pen origin on the page, rotation, pt per unit */
	double		 pen;			/* x of the current glyph, font units */
	FT_Vector	 cur;
	int		 open;
};

static void
outline_xy(const struct outline *o, const FT_Vector *v)
{
	double u = (o->pen + v->x) * o->scale, w = v->y * o->scale;

	pdf_num(o->buf, o->x0 + u * o->cs - w * o->sn, 3, ' ');
	pdf_num(o->buf, o->y0 + u * o->sn + w * o->cs, 3, ' ');
}

static int
outline_move(const FT_Vector *to, void *data)
{
	struct outline *o = data;

	if (o->open)
		g_string_append(o->buf, "h\n");
	outline_xy(o, to);
	g_string_append(o->buf, "m\n");
	o->cur = *to;
	o->open = 1;
	return 0;
}

static int
outline_line(const FT_Vector *to, void *data)
{
	struct outline *o = data;

	outline_xy(o, to);
	g_string_append(o->buf, "l\n");
	o->cur = *to;
	return 0;
}

static int
outline_cubic(const FT_Vector *c1, const FT_Vector *c2, const FT_Vector *to, void *data)
{
	struct outline *o = data;

	outline_xy(o, c1);
	outline_xy(o, c2);
	outline_xy(o, to);
	g_string_append(o->buf, "c\n");
	o->cur = *to;
	return 0;
}

/* A TrueType quadratic segment as the equivalent cubic. */
static int
outline_conic(const FT_Vector *ctl, const FT_Vector *to, void *data)
{
	struct outline *o = data;
	FT_Vector c1, c2;

	c1.x = o->cur.x + 2 * (ctl->x - o->cur.x) / 3;
	c1.y = o->cur.y + 2 * (ctl->y - o->cur.y) / 3;
	c2.x = to->x + 2 * (ctl->x - to->x) / 3;
	c2.y = to->y + 2 * (ctl->y - to->y) / 3;
	return outline_cubic(&c1, &c2, to, data);
}

void
outline_run(GString *ops, FT_Face face, const struct dl_item *it, double x0, double y0, double angle)
{
	static const FT_Outline_Funcs funcs = {
		outline_move, outline_line, outline_conic, outline_cubic, 0, 0
	};
	struct outline o = { 0 };

	o.buf = ops;
	o.cs = cos(angle);
	o.sn = sin(angle);
	o.scale = it->u.text.size / face->units_per_EM;
	o.x0 = x0;
	o.y0 = y0;
	for (guint i = 0; i < it->u.text.nglyphs; i++) {
		if (FT_Load_Glyph(face, it->u.text.glyphs[i].id, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING) != 0)
			continue;
		o.pen = it->u.text.glyphs[i].x / o.scale;
		if (face->glyph->format == FT_GLYPH_FORMAT_OUTLINE && face->glyph->outline.n_contours > 0) {
			FT_Outline_Decompose(&face->glyph->outline, &funcs, &o);
			g_string_append(o.buf, o.open ? "h\nS\n" : "S\n");
			o.open = 0;
		}
	}
}
