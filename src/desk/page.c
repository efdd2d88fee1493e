/* page.c: the desk's HTML writer and its stylesheet.
 *
 * Every page is made with html_printf(), whose %s escapes its value for text and for quoted
 * attributes (& < > " '), so that a section's text, a diagnostic or a diff shows as text
 * whatever it contains.  Fragments made by html_printf() are joined with %H. */
#include <string.h>

#include "desk.h"

static void
escape_into(GString *s, const char *v)
{
	for (const char *p = v != NULL ? v : ""; *p != '\0'; p++)
		switch (*p) {
		case '&': g_string_append(s, "&amp;"); break;
		case '<': g_string_append(s, "&lt;"); break;
		case '>': g_string_append(s, "&gt;"); break;
		case '"': g_string_append(s, "&quot;"); break;
		case '\'': g_string_append(s, "&#39;"); break;
		default: g_string_append_c(s, *p);
		}
}

char *
html_escape(const char *v)
{
	GString *s = g_string_new(NULL);

	escape_into(s, v);
	return g_string_free(s, FALSE);
}

void
html_printf(GString *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (const char *p = fmt; *p != '\0'; p++) {
		if (*p != '%') {
			g_string_append_c(s, *p);
			continue;
		}
		switch (*++p) {
		case 's': {
			const char *v = va_arg(ap, const char *);
			char *valid = g_utf8_make_valid(v != NULL ? v : "", -1);

			escape_into(s, valid);
			g_free(valid);
			break;
		}
		case 'H': g_string_append(s, va_arg(ap, const char *)); break;
		case 'd': g_string_append_printf(s, "%d", va_arg(ap, int)); break;
		case 'u': g_string_append_printf(s, "%u", va_arg(ap, unsigned)); break;
		case 'l': g_string_append_printf(s, "%" G_GINT64_FORMAT, va_arg(ap, gint64)); p++; break;
		case '%': g_string_append_c(s, '%'); break;
		default: g_assert_not_reached();
		}
	}
	va_end(ap);
}

/* Served as /desk.css: readable at 360 px and on a desktop, contrast AA, visible focus. */
const char desk_css[] =
"*{box-sizing:border-box}\n"
"html{font-family:system-ui,'DejaVu Sans',sans-serif;font-size:100%;line-height:1.45;color:#1a1a1a;background:#fff}\n"
"body{margin:0}\n"
"header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}\n"
"header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;border-bottom:3px solid #7a1f3d;padding-top:.5rem;padding-bottom:.5rem}\n"
"header p{margin:0}\n"
".brand{font-weight:bold;color:#7a1f3d;text-decoration:none;font-size:1.1rem}\n"
"a{color:#0b4f8a}\n"
"a:focus,button:focus,input:focus,textarea:focus,select:focus{outline:3px solid #c56d00;outline-offset:2px}\n"
"h1{font-size:1.5rem;margin:1rem 0 .5rem}\n"
"h2{font-size:1.2rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #ccc}\n"
"h3{font-size:1rem}\n"
"table{border-collapse:collapse;width:100%;margin:.5rem 0}\n"
"th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}\n"
/* a caption starts where its table does, no wider than the screen: centred over a table wider
 * than a phone, it was cut */
"caption{text-align:left;font-weight:bold;padding:.25rem 0;max-width:calc(100vw - 2rem)}\n"
".wrap{overflow-x:auto}\n"
"code,pre,textarea{font-family:'DejaVu Sans Mono',monospace;font-size:.9rem}\n"
"code{overflow-wrap:anywhere}\n"
"pre{white-space:pre-wrap;word-break:break-word;background:#f4f4f4;padding:.5rem;border:1px solid #ddd}\n"
"ol.diags{padding-left:1.5rem}\n"
"ol.diags li{margin:.5rem 0}\n"
".error{color:#a00000;font-weight:bold}\n"
".warning{color:#7a4a00;font-weight:bold}\n"
".ok{color:#1d6b2f;font-weight:bold}\n"
".src{display:block;background:#f4f4f4;border-left:4px solid #888;padding:.25rem .5rem;white-space:pre-wrap;word-break:break-word}\n"
"del{background:#ffd7d7;color:#600}\n"
"ins{background:#d4f5d4;color:#064006}\n"
/* the change's word in the changes report (diff_write_html's span.k: cambiado, nuevo...), apart
 * from the label it heads */
".k{display:inline-block;margin-right:.5rem;font-size:.8rem;font-weight:bold;text-transform:uppercase;letter-spacing:.03em;color:#555}\n"
"label{display:block;font-weight:bold;margin:.75rem 0 .25rem}\n"
"input[type=text],input[type=password]{width:100%;max-width:24rem;padding:.4rem;font-size:1rem}\n"
"textarea{width:100%;min-height:20rem}\n"
"button{font-size:1rem;padding:.45rem 1rem;background:#7a1f3d;color:#fff;border:0;border-radius:3px;cursor:pointer;margin-top:.75rem}\n"
"button.link{background:none;color:#0b4f8a;text-decoration:underline;padding:0;margin:0}\n"
".notice{border:2px solid #7a1f3d;padding:.5rem 1rem;margin:1rem 0}\n"
".proofs{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem;list-style:none;padding:0}\n"
".proofs img{width:100%;height:auto;border:1px solid #999}\n"
".sheet img{max-width:100%;height:auto;border:1px solid #999}\n"
"footer{margin-top:2rem;border-top:1px solid #ccc;font-size:.9rem;color:#444;padding-top:.5rem;padding-bottom:1rem}\n"
".both{display:grid;grid-template-columns:1fr;gap:1rem}\n"
"@media (min-width:60rem){.both{grid-template-columns:1fr 1fr}}\n";
